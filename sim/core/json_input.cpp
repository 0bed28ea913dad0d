// JSON input helpers with precise errors.
#include "core/json_input.hpp"

#include "core/json_lines.hpp"
#include "core/suggest.hpp"

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <sstream>
#include <unordered_set>
#include <utility>
#include <vector>

namespace smtpsim::core {

std::string JsonWhere::pointer() const {
    if (parent == nullptr) {
        return "";
    }
    std::string token;
    if (key.empty()) {
        token = std::to_string(index);
    } else {
        for (char c : key) {  // RFC 6901 escapes
            token += c == '~' ? "~0" : c == '/' ? "~1" : std::string(1, c);
        }
    }
    return parent->pointer() + "/" + token;
}

std::string json_type_name(const nlohmann::json& j) {
    using value_t = nlohmann::json::value_t;
    switch (j.type()) {
        case value_t::null:
            return "null";
        case value_t::boolean:
            return "a boolean";
        case value_t::number_integer:
        case value_t::number_unsigned:
        case value_t::number_float:
            return "a number";
        case value_t::string:
            return "a string";
        case value_t::array:
            return "an array";
        case value_t::object:
            return "an object";
        case value_t::binary:
        case value_t::discarded:
            return "an unexpected value";
    }
    return "an unexpected value";
}

std::string line_column(std::string_view text, std::size_t byte) {
    const std::size_t end = std::min(byte == 0 ? 0 : byte - 1, text.size());
    std::size_t line = 1;
    std::size_t line_start = 0;
    for (std::size_t i = 0; i < end; ++i) {
        if (text[i] == '\n') {
            ++line;
            line_start = i + 1;
        }
    }
    return std::to_string(line) + ":" + std::to_string(end - line_start + 1);
}

namespace {

// The first '[' or '{' (outside strings) that opens a level deeper than
// max_json_depth, as a byte offset; nothing when the text nests less deep.
std::optional<std::size_t> too_deep(std::string_view text) {
    std::size_t depth = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (c == '\\') {
                ++i;  // the escaped character cannot end the string
            } else if (c == '"') {
                in_string = false;
            }
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > max_json_depth) {
                return i;
            }
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return std::nullopt;
}

// nlohmann's own document builder, and beside it the parser's place, for
// the JSON pointer of a key repeated in an object: one frame per open array
// or object, with the token that led into it. (A parser callback could do
// the same, but nlohmann's callback parser takes quadratic time over a large
// array of objects.)
//
// With a JsonStream, each element of a streamed array of the root object
// is built by a builder of its own and handed over whole.
class CheckingSax {
  public:
    using json = nlohmann::json;
    using Builder = nlohmann::detail::json_sax_dom_parser<json>;
    explicit CheckingSax(json& doc, JsonStream* stream = nullptr)
        : dom_(doc, true), stream_(stream) {}

    // The pointer of the first key repeated in an object, once there is one.
    const std::optional<std::string>& duplicate() const { return duplicate_; }

    // nlohmann's SAX interface.
    bool null() {
        return value([](Builder& b) { return b.null(); });
    }
    bool boolean(bool v) {
        return value([v](Builder& b) { return b.boolean(v); });
    }
    bool number_integer(json::number_integer_t v) {
        return value([v](Builder& b) { return b.number_integer(v); });
    }
    bool number_unsigned(json::number_unsigned_t v) {
        return value([v](Builder& b) { return b.number_unsigned(v); });
    }
    bool number_float(json::number_float_t v, const json::string_t& text) {
        return value([&](Builder& b) { return b.number_float(v, text); });
    }
    bool string(json::string_t& v) {
        return value([&](Builder& b) { return b.string(v); });
    }
    bool binary(json::binary_t& v) {
        return value([&](Builder& b) { return b.binary(v); });
    }
    bool start_object(std::size_t n) {
        begin_element();
        frames_.push_back(Frame{true, next_token(), {}, 0, {}});
        return builder().start_object(n);
    }
    bool key(json::string_t& k) {
        on_key(k);
        if (stream_ != nullptr && frames_.size() == 1) {
            stream_->root_key(k);
        }
        return builder().key(k);
    }
    bool end_object() { return builder().end_object() && pop() && end_element(); }
    bool start_array(std::size_t n) {
        begin_element();
        frames_.push_back(Frame{false, next_token(), {}, 0, {}});
        if (frames_.size() == 2) {
            streaming_ =
                stream_ != nullptr && frames_[0].object && stream_->streams(frames_[0].keys.back());
        }
        return builder().start_array(n);
    }
    bool end_array() { return builder().end_array() && pop() && end_element(); }
    template <class Exception>
    bool parse_error(std::size_t position, const std::string& token, const Exception& e) {
        return dom_.parse_error(position, token, e);  // throws e
    }

  private:
    struct Frame {
        bool object;
        std::string token;              // how the parent reaches it; "" for the root
        std::vector<std::string> keys;  // objects: the keys so far, in order
        std::size_t index;              // arrays: the element being read
        // Objects of many keys: the keys as a set too, so that checking stays
        // linear (a crafted object may have millions).
        std::unordered_set<std::string> key_set;
    };
    static constexpr std::size_t keys_searched_in_order = 16;

    std::string next_token() const {
        if (frames_.empty()) {
            return "";
        }
        const Frame& top = frames_.back();
        return top.object ? escaped(top.keys.back()) : std::to_string(top.index);
    }
    static std::string escaped(std::string_view key) {
        std::string token;
        for (char c : key) {  // RFC 6901 escapes
            token += c == '~' ? "~0" : c == '/' ? "~1" : std::string(1, c);
        }
        return token;
    }
    static bool seen(Frame& frame, const std::string& key) {
        if (frame.keys.size() < keys_searched_in_order) {
            return std::find(frame.keys.begin(), frame.keys.end(), key) != frame.keys.end();
        }
        if (frame.key_set.empty()) {
            frame.key_set.insert(frame.keys.begin(), frame.keys.end());
        }
        return !frame.key_set.insert(key).second;
    }
    void on_key(const std::string& key) {
        Frame& top = frames_.back();
        if (seen(top, key) && !duplicate_) {
            std::string pointer;
            for (std::size_t i = 1; i < frames_.size(); ++i) {
                pointer += "/" + frames_[i].token;
            }
            duplicate_ = pointer + "/" + escaped(key);
        }
        if (top.keys.size() < keys_searched_in_order) {
            top.keys.push_back(key);
        } else {
            top.keys.back() = key;  // only the last is needed now: the pointer's token
        }
    }
    bool element_done() {
        if (!frames_.empty() && !frames_.back().object) {
            ++frames_.back().index;
        }
        return true;
    }
    bool pop() {
        frames_.pop_back();
        streaming_ = streaming_ && frames_.size() >= 2;
        return element_done();
    }

    // A scalar value: counted, built, and handed over when it is an element
    // of a streamed array.
    template <class Add>
    bool value(Add add) {
        begin_element();
        return element_done() && add(builder()) && end_element();
    }
    // Streaming: a value directly in a streamed array starts an element,
    // built apart and handed over when it ends (end_element()).
    void begin_element() {
        if (streaming_ && frames_.size() == 2) {
            element_ = json();
            element_index_ = frames_.back().index;
            element_builder_.emplace(element_, true);
        }
    }
    bool end_element() {
        if (element_builder_ && frames_.size() == 2) {
            element_builder_.reset();
            stream_->element(frames_[0].keys.back(), element_index_, std::move(element_));
        }
        return true;
    }
    Builder& builder() { return element_builder_ ? *element_builder_ : dom_; }

    Builder dom_;
    JsonStream* stream_;
    bool streaming_ = false;  // the root's array being read is streamed
    std::optional<Builder> element_builder_;
    json element_;
    std::size_t element_index_ = 0;
    std::vector<Frame> frames_;
    std::optional<std::string> duplicate_;
};

}  // namespace

namespace {

void parse_into(std::string_view text, const std::string& source, nlohmann::json& doc,
                JsonStream* stream) {
    if (const auto deep = too_deep(text)) {
        throw InputError(
            source, line_column(text, *deep + 1),
            "arrays and objects nest deeper than " + std::to_string(max_json_depth) + " levels");
    }
    CheckingSax check(doc, stream);
    try {
        nlohmann::json::sax_parse(text, &check);
    } catch (const nlohmann::json::parse_error& e) {
        std::string message = e.what();
        // nlohmann's text reads "[json.exception...] parse error at line L, column C: WHAT".
        if (const std::size_t column = message.find("column "); column != std::string::npos) {
            if (const std::size_t colon = message.find(": ", column); colon != std::string::npos) {
                message = message.substr(colon + 2);
            }
        }
        throw InputError(source, line_column(text, e.byte), "JSON syntax error: " + message);
    } catch (const nlohmann::json::out_of_range& e) {
        // A number beyond a double ("1e999"): nlohmann names it but gives no place.
        const std::string message = e.what();
        const std::size_t open = message.find('\'');
        const std::string number = open == std::string::npos
                                       ? ""
                                       : message.substr(open + 1, message.rfind('\'') - open - 1);
        const std::size_t at = number.empty() ? std::string_view::npos : text.find(number);
        throw InputError(source, at == std::string_view::npos ? "" : line_column(text, at + 1),
                         "the number " + number + " is too large");
    }
    if (check.duplicate()) {
        throw InputError(source, *check.duplicate(),
                         "this key appears twice in the same object; give it once");
    }
}

}  // namespace

nlohmann::json parse_json(std::string_view text, const std::string& source) {
    nlohmann::json doc;
    parse_into(text, source, doc, nullptr);
    return doc;
}

void parse_json(std::string_view text, const std::string& source, nlohmann::json& doc,
                JsonStream& stream) {
    parse_into(text, source, doc, &stream);
}

std::string read_text_file(const std::string& path) {
    return read_text_file(path, "a topology or scenario file");
}

std::string read_text_file(const std::string& path, std::string_view what) {
    const std::string too_large = "larger than " + std::to_string(max_input_file_bytes >> 20) +
                                  " MiB, the largest input file read";
    // Nothing there falls through to the open below, which says so.
    if (input_file_present(path, what)) {
        std::error_code error;
        if (std::filesystem::file_size(path, error) > max_input_file_bytes && !error) {
            throw InputError(path, "", too_large);
        }
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw InputError(path, "", "cannot open the file for reading");
    }
    std::string text;
    std::array<char, 1 << 16> buffer{};
    // Read in pieces: a file may grow, or say it is empty and not be (/proc).
    while (in.read(buffer.data(), buffer.size()) || in.gcount() > 0) {
        const auto n = static_cast<std::size_t>(in.gcount());
        if (text.size() + n > max_input_file_bytes) {
            throw InputError(path, "", too_large);
        }
        text.append(buffer.data(), n);
    }
    if (in.bad()) {
        throw InputError(path, "", "error while reading the file");
    }
    return text;
}

void JsonReader::fail(const JsonWhere& where, std::string problem) const {
    throw InputError(source_, where.pointer(), std::move(problem));
}

void JsonReader::check_object(const nlohmann::json& j, const JsonWhere& where,
                              std::span<const std::string_view> allowed,
                              std::string_view what) const {
    if (!j.is_object()) {
        fail(where, "expected an object for " + std::string(what) + ", found " + json_type_name(j));
    }
    for (const auto& [key, value] : j.items()) {
        if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) {
            continue;
        }
        std::string expected;
        for (std::string_view name : allowed) {
            expected += (expected.empty() ? "" : ", ") + std::string(name);
        }
        const auto closest = nearest(key, allowed);
        std::string problem = "unknown field \"" + key + "\" in " + std::string(what) +
                              "; expected one of " + expected;
        if (closest) {
            problem += " (did you mean \"" + *closest + "\"?)";
        }
        fail(where.field(key), problem);
    }
}

const nlohmann::json* JsonReader::find(const nlohmann::json& object, std::string_view key) {
    const auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
}

const nlohmann::json& JsonReader::require(const nlohmann::json& object, const JsonWhere& where,
                                          std::string_view key, std::string_view what) const {
    const nlohmann::json* value = find(object, key);
    if (value == nullptr) {
        fail(where,
             "missing required field \"" + std::string(key) + "\" (" + std::string(what) + ")");
    }
    return *value;
}

void JsonReader::expect_array(const nlohmann::json& j, const JsonWhere& where,
                              std::string_view of) const {
    if (!j.is_array()) {
        fail(where, "expected an array of " + std::string(of) + ", found " + json_type_name(j));
    }
}

std::string JsonReader::string_value(const nlohmann::json& j, const JsonWhere& where) const {
    if (!j.is_string()) {
        fail(where, "expected a string, found " + json_type_name(j));
    }
    return j.get<std::string>();
}

bool JsonReader::bool_value(const nlohmann::json& j, const JsonWhere& where) const {
    if (!j.is_boolean()) {
        fail(where, "expected true or false, found " + json_type_name(j));
    }
    return j.get<bool>();
}

std::uint64_t JsonReader::count_value(const nlohmann::json& j, const JsonWhere& where,
                                      std::uint64_t min, std::uint64_t max) const {
    const std::string range =
        "a whole number from " + std::to_string(min) + " to " + std::to_string(max);
    if (j.is_number_unsigned()) {
        const auto v = j.get<std::uint64_t>();
        if (v >= min && v <= max) {
            return v;
        }
        fail(where, "expected " + range + ", found " + std::to_string(v));
    }
    if (j.is_number_integer()) {
        fail(where, "expected " + range + ", found " + std::to_string(j.get<std::int64_t>()));
    }
    fail(where, "expected " + range + ", found " + json_type_name(j));
}

double JsonReader::number_value(const nlohmann::json& j, const JsonWhere& where) const {
    if (!j.is_number()) {
        fail(where, "expected a number, found " + json_type_name(j));
    }
    return j.get<double>();
}

Time JsonReader::duration_value(const nlohmann::json& j, const JsonWhere& where,
                                bool positive) const {
    const std::string text = string_value(j, where);
    Time t;
    try {
        t = parse_duration(text);
    } catch (const DurationError& e) {
        fail(where, e.what());
    }
    if (positive && t == Time::zero()) {
        fail(where, "expected a positive duration, found \"" + text + "\"");
    }
    return t;
}

}  // namespace smtpsim::core
