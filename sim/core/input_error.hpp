// The one error type for bad input (files, paths, arguments): it names where
// the problem is and what was expected. The CLI prints it and exits with 2.
#pragma once

#include <stdexcept>
#include <string>

namespace smtpsim::core {

class InputError : public std::runtime_error {
  public:
    // `source`: a file path or "command line"; `location`: a JSON pointer,
    // "line:column", an option name, or empty; `problem`: what was expected.
    InputError(std::string source, std::string location, std::string problem)
        : std::runtime_error(compose(source, location, problem)),
          source_(std::move(source)),
          location_(std::move(location)),
          problem_(std::move(problem)) {}

    const std::string& source() const { return source_; }
    const std::string& location() const { return location_; }
    const std::string& problem() const { return problem_; }

  private:
    static std::string compose(const std::string& source, const std::string& location,
                               const std::string& problem) {
        std::string text = source;
        if (!location.empty()) {
            text += text.empty() ? location : ": " + location;
        }
        return text.empty() ? problem : text + ": " + problem;
    }
    std::string source_;
    std::string location_;
    std::string problem_;
};

}  // namespace smtpsim::core
