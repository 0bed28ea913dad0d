// The result of parsing untrusted text: a value, or an error that says what
// was expected and where. Parsers in this module never throw on bad input.
#pragma once

#include <cassert>
#include <cstddef>
#include <string>
#include <utility>
#include <variant>

namespace smtpsim::smtp {

// Where text stopped matching the grammar and why, for a person to read.
struct ParseError {
    std::size_t offset = 0;  // 0-based index into the parsed text
    std::string reason;      // e.g. `expected ">" to close the path`

    // "<reason> at character <offset + 1>"
    std::string message() const { return reason + " at character " + std::to_string(offset + 1); }
};

template <class T, class Error = ParseError>
class Parsed {
  public:
    Parsed(T value) : result_(std::move(value)) {}
    Parsed(Error error) : result_(std::move(error)) {}

    bool ok() const { return result_.index() == 0; }
    explicit operator bool() const { return ok(); }

    const T& value() const& {
        assert(ok());
        return std::get<0>(result_);
    }
    T&& value() && {
        assert(ok());
        return std::get<0>(std::move(result_));
    }
    const Error& error() const {
        assert(!ok());
        return std::get<1>(result_);
    }

  private:
    std::variant<T, Error> result_;
};

}  // namespace smtpsim::smtp
