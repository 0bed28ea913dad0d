// The DOT pre-check: a tokenizer and a recursive-descent parser that follow
// Boost 1.74's read_graphviz (src/read_graphviz_new.cpp) token by token and
// rule by rule, recursing at most max_dot_depth deep.
#include "net/dot_syntax.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>

#include "core/ascii.hpp"
#include "core/input_error.hpp"
#include "core/json_input.hpp"
#include "core/utf8.hpp"

namespace smtpsim::net {
namespace {

enum class Kind {
    id,  // identifier, number, quoted string (after concatenation) or HTML string
    quoted,
    kw_strict,
    kw_graph,
    kw_digraph,
    kw_node,
    kw_edge,
    kw_subgraph,
    left_bracket,
    right_bracket,
    left_brace,
    right_brace,
    semicolon,
    equal,
    comma,
    colon,
    plus,
    left_paren,
    right_paren,
    at,
    dash_dash,
    dash_greater,
    eof,
};

struct Token {
    Kind kind = Kind::eof;
    std::size_t begin = 0;
    std::size_t end = 0;
};

bool is_alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
// Where Boost's "^" and "$" see a line break.
bool is_line_break(char c) {
    return c == '\n' || c == '\r' || c == '\f';
}

class DotChecker {
  public:
    DotChecker(std::string_view text, const std::string& source) : text_(text), source_(source) {}

    void check() {
        // Values become JSON strings, which must be UTF-8 (Graphviz's default charset too).
        if (const auto bad = core::invalid_utf8(text_)) {
            fail(*bad, "a byte that is not UTF-8 text");
        }
        parse_graph();
    }

  private:
    [[noreturn]] void fail(std::size_t offset, const std::string& problem) const {
        throw core::InputError(source_, core::line_column(text_, offset + 1),
                               "DOT syntax error: " + problem);
    }
    [[noreturn]] void expected(const std::string& what) {
        const Token t = peek();
        fail(t.begin, "expected " + what + ", found " + describe(t));
    }
    std::string describe(const Token& t) const {
        if (t.kind == Kind::eof) {
            return "the end of the file";
        }
        std::string text(text_.substr(t.begin, std::min<std::size_t>(t.end - t.begin, 40)));
        return "\"" + text + (t.end - t.begin > 40 ? "..." : "") + "\"";
    }

    // Tokens (Boost's tokenizer).
    void skip();
    void skip_to_line_end() {
        while (pos_ < text_.size() && !is_line_break(text_[pos_])) {
            ++pos_;
        }
    }
    Token raw_token();
    Token word(std::size_t begin);
    std::size_t quoted_end(std::size_t begin) const;
    std::size_t html_end(std::size_t begin) const;
    std::size_t tag_end(std::size_t begin) const;
    // One token of lookahead over `next`, as Boost keeps for tokens and joined strings.
    Token peek_from(std::optional<Token>& slot, Token (DotChecker::*next)()) {
        if (!slot) {
            slot = (this->*next)();
        }
        return *slot;
    }
    Token take_from(std::optional<Token>& slot, Token (DotChecker::*next)()) {
        const Token t = peek_from(slot, next);
        slot.reset();
        return t;
    }
    Token peek_raw() { return peek_from(raw_ahead_, &DotChecker::raw_token); }
    Token take_raw() { return take_from(raw_ahead_, &DotChecker::raw_token); }
    // A quoted string and its "+" concatenations become one identifier.
    Token take_joined() {
        Token t = take_raw();
        if (t.kind != Kind::quoted) {
            return t;
        }
        while (peek_raw().kind == Kind::plus) {
            take_raw();
            const Token next = take_raw();
            if (next.kind != Kind::quoted) {
                fail(next.begin, "expected a quoted string after \"+\", found " + describe(next));
            }
            t.end = next.end;
        }
        t.kind = Kind::id;
        return t;
    }
    Token peek() { return peek_from(ahead_, &DotChecker::take_joined); }
    Token get() { return take_from(ahead_, &DotChecker::take_joined); }
    bool at(Kind kind) { return peek().kind == kind; }
    void expect(Kind kind, const std::string& what) {
        if (!at(kind)) {
            expected(what);
        }
        get();
    }

    // Grammar (Boost's parser); sizes bound the members of subgraphs.
    void parse_graph();
    std::uint64_t parse_stmt_list();
    std::uint64_t parse_stmt();
    void parse_attr_list();
    std::uint64_t parse_endpoint();
    std::uint64_t parse_endpoint_rest(const Token& first);
    std::uint64_t parse_subgraph(const Token& first);
    void parse_node_and_port();
    void parse_port_location();
    void parse_edge_stmt(const Token& start, std::uint64_t first_size);

    std::string_view text_;
    const std::string& source_;
    std::size_t pos_ = 0;
    std::optional<Token> raw_ahead_;
    std::optional<Token> ahead_;
    std::size_t depth_ = 0;
    std::uint64_t mentions_ = 0;  // node names read so far: a bound on any subgraph's members
    std::uint64_t links_ = 0;     // links the edge statements make, at most
};

void DotChecker::skip() {
    const std::size_t first = pos_;
    while (pos_ < text_.size()) {
        const char c = text_[pos_];
        const std::string_view rest = text_.substr(pos_);
        if (is_space(c)) {
            ++pos_;
        } else if (rest.starts_with("//")) {
            skip_to_line_end();
        } else if (rest.starts_with("/*")) {
            const std::size_t close = text_.find("*/", pos_ + 2);
            if (close == std::string_view::npos) {
                fail(pos_, "a comment \"/*\" that is never closed with \"*/\"");
            }
            pos_ = close + 2;
        } else if (c == '#' && (pos_ == first || is_line_break(text_[pos_ - 1]))) {
            skip_to_line_end();
        } else if (rest.starts_with("\\\n")) {
            pos_ += 2;
        } else {
            return;
        }
    }
}

Token DotChecker::raw_token() {
    skip();
    const std::size_t begin = pos_;
    if (begin == text_.size()) {
        return {Kind::eof, begin, begin};
    }
    const char c = text_[begin];
    if (is_alpha(c) || c == '_') {
        return word(begin);
    }
    static constexpr std::string_view punctuation = "[]{};=,:+()@";
    static constexpr std::array<Kind, 12> punctuation_kinds{
        Kind::left_bracket, Kind::right_bracket, Kind::left_brace,  Kind::right_brace,
        Kind::semicolon,    Kind::equal,         Kind::comma,       Kind::colon,
        Kind::plus,         Kind::left_paren,    Kind::right_paren, Kind::at};
    if (const std::size_t p = punctuation.find(c); p != std::string_view::npos) {
        pos_ = begin + 1;
        return {punctuation_kinds[p], begin, pos_};
    }
    const char next = begin + 1 < text_.size() ? text_[begin + 1] : '\0';
    if (c == '-' && (next == '-' || next == '>')) {
        pos_ = begin + 2;
        return {next == '-' ? Kind::dash_dash : Kind::dash_greater, begin, pos_};
    }
    // Numbers: -?(\.\d+|\d+(\.\d*)?)
    std::size_t i = begin + (c == '-' ? 1 : 0);
    const auto digits = [&] {
        const std::size_t from = i;
        while (i < text_.size() && is_digit(text_[i])) {
            ++i;
        }
        return i > from;
    };
    if (i < text_.size() && text_[i] == '.' && i + 1 < text_.size() && is_digit(text_[i + 1])) {
        ++i;
        digits();
        pos_ = i;
        return {Kind::id, begin, pos_};
    }
    if (digits()) {
        if (i < text_.size() && text_[i] == '.') {
            ++i;
            digits();
        }
        pos_ = i;
        return {Kind::id, begin, pos_};
    }
    if (c == '"') {
        pos_ = quoted_end(begin);
        return {Kind::quoted, begin, pos_};
    }
    if (c == '<') {
        pos_ = html_end(begin);
        return {Kind::id, begin, pos_};
    }
    fail(begin, "unexpected character '" + std::string(1, c) + "'");
}

Token DotChecker::word(std::size_t begin) {
    std::size_t i = begin;
    while (i < text_.size() && (is_alpha(text_[i]) || is_digit(text_[i]) || text_[i] == '_')) {
        ++i;
    }
    pos_ = i;
    const std::string_view w = text_.substr(begin, i - begin);
    static constexpr std::array<std::pair<std::string_view, Kind>, 6> keywords{{
        {"strict", Kind::kw_strict},
        {"graph", Kind::kw_graph},
        {"digraph", Kind::kw_digraph},
        {"node", Kind::kw_node},
        {"edge", Kind::kw_edge},
        {"subgraph", Kind::kw_subgraph},
    }};
    for (const auto& [name, kind] : keywords) {
        if (core::iequals(w, name)) {
            return {kind, begin, i};
        }
    }
    return {Kind::id, begin, i};
}

// "..." with backslash escapes: the offset after the closing quote.
std::size_t DotChecker::quoted_end(std::size_t begin) const {
    for (std::size_t i = begin + 1; i < text_.size(); ++i) {
        if (text_[i] == '"') {
            return i + 1;
        }
        if (text_[i] == '\\') {
            ++i;
        }
    }
    fail(begin, "a quoted string that is never closed");
}

// <...> with nested tags: the offset after the last ">".
std::size_t DotChecker::html_end(std::size_t begin) const {
    std::size_t i = begin;
    long open = 0;
    do {
        if (i == text_.size()) {
            fail(begin, "an HTML string \"<...>\" that is never closed");
        }
        if (text_[i] != '<') {
            ++i;
            continue;
        }
        const std::string_view rest = text_.substr(i);
        if (rest.starts_with("<![CDATA[")) {
            const std::size_t close = text_.find("]]>", i + 9);
            if (close == std::string_view::npos) {
                fail(i, "a CDATA section that is never closed");
            }
            i = close + 3;
            continue;
        }
        const std::size_t end = tag_end(i);
        if (end == std::string_view::npos) {
            fail(i, "an HTML tag that does not end with \">\" (or holds '!' or '?')");
        }
        const bool closing = text_[i + 1] == '/';
        const bool empty = text_[end - 2] == '/' && end - 2 > i + (closing ? 1 : 0);
        open += closing ? -1 : empty ? 0 : 1;
        i = end;
    } while (open > 0);
    return i;
}

// One tag <(/?)(?:[^!?'"]|'[^']*?'|"[^"]*?")*?(/?)> starting at `begin`:
// the offset after its ">", or npos when it does not match.
std::size_t DotChecker::tag_end(std::size_t begin) const {
    std::size_t i = begin + 1;
    if (i < text_.size() && text_[i] == '/') {
        ++i;
    }
    while (i < text_.size()) {
        const char c = text_[i];
        if (c == '>') {
            return i + 1;
        }
        if (c == '\'' || c == '"') {
            const std::size_t close = text_.find(c, i + 1);
            if (close == std::string_view::npos) {
                return std::string_view::npos;
            }
            i = close + 1;
        } else if (c == '!' || c == '?') {
            return std::string_view::npos;
        } else {
            ++i;
        }
    }
    return std::string_view::npos;
}

void DotChecker::parse_graph() {
    if (at(Kind::kw_strict)) {
        get();
    }
    if (!at(Kind::kw_graph) && !at(Kind::kw_digraph)) {
        expected("\"graph\" (or \"strict graph\")");
    }
    if (at(Kind::kw_digraph)) {
        fail(peek().begin, "expected an undirected graph (\"graph { A -- B }\"), found a digraph");
    }
    get();
    if (at(Kind::id)) {
        get();
    }
    expect(Kind::left_brace, "\"{\" to start the graph");
    parse_stmt_list();
    expect(Kind::right_brace, "\"}\" to end the graph");
    if (!at(Kind::eof)) {
        expected("the end of the file after the graph");
    }
}

std::uint64_t DotChecker::parse_stmt_list() {
    std::uint64_t members = 0;
    while (!at(Kind::right_brace)) {
        members += parse_stmt();
        if (at(Kind::semicolon)) {
            get();
        }
    }
    return members;
}

// Returns a bound on the members the statement adds to its subgraph.
std::uint64_t DotChecker::parse_stmt() {
    const Token first = peek();
    switch (first.kind) {
        case Kind::kw_node:
        case Kind::kw_edge:
        case Kind::kw_graph:
            get();
            parse_attr_list();
            return 0;
        case Kind::kw_subgraph:
        case Kind::left_brace:
        case Kind::id: {
            get();
            if (first.kind == Kind::id && at(Kind::equal)) {
                get();
                expect(Kind::id, "a value after \"=\"");
                return 0;
            }
            const bool subgraph = first.kind != Kind::id;
            const std::uint64_t size = parse_endpoint_rest(first);
            if (at(Kind::dash_dash) || at(Kind::dash_greater)) {
                parse_edge_stmt(first, size);
                return 0;
            }
            if (!subgraph && at(Kind::left_bracket)) {
                parse_attr_list();
            }
            return size;
        }
        default:
            expected("a statement (a node, an edge, an attribute or a subgraph)");
    }
}

void DotChecker::parse_attr_list() {
    do {
        expect(Kind::left_bracket, "\"[\" to start an attribute list");
        while (!at(Kind::right_bracket)) {
            expect(Kind::id, "an attribute name");
            if (at(Kind::equal)) {
                get();
                expect(Kind::id, "an attribute value after \"=\"");
            }
            if (at(Kind::comma) || at(Kind::semicolon)) {
                get();
            }
        }
        get();
    } while (at(Kind::left_bracket));
}

std::uint64_t DotChecker::parse_endpoint() {
    if (!at(Kind::kw_subgraph) && !at(Kind::left_brace) && !at(Kind::id)) {
        expected("a node, \"subgraph\" or \"{\"");
    }
    return parse_endpoint_rest(get());
}

std::uint64_t DotChecker::parse_endpoint_rest(const Token& first) {
    if (first.kind == Kind::kw_subgraph || first.kind == Kind::left_brace) {
        return parse_subgraph(first);
    }
    parse_node_and_port();
    ++mentions_;
    return 1;
}

std::uint64_t DotChecker::parse_subgraph(const Token& first) {
    bool named = false;
    if (first.kind == Kind::kw_subgraph && at(Kind::id)) {
        get();
        named = true;
    }
    if (first.kind == Kind::kw_subgraph && !at(Kind::left_brace)) {
        if (!named) {
            expected("a name after \"subgraph\" (or \"{\")");
        }
        return mentions_;  // a reference: its members were all named before
    }
    if (++depth_ > max_dot_depth) {
        fail(first.begin,
             "subgraphs nest deeper than " + std::to_string(max_dot_depth) + " levels");
    }
    // Boost 1.74 wants a "{" here even after the "{" that started an
    // anonymous subgraph: "{{a b} -- c" is how it reads one.
    expect(Kind::left_brace, "\"{\" to start the subgraph");
    const std::uint64_t members = parse_stmt_list();
    expect(Kind::right_brace, "\"}\" to end the subgraph");
    --depth_;
    // A named subgraph opened again keeps its earlier members.
    return named ? mentions_ : std::min(members, mentions_);
}

void DotChecker::parse_node_and_port() {
    bool angle = false;
    bool location = false;
    while (true) {
        if (at(Kind::at)) {
            get();
            if (angle) {
                expected("one port angle \"@...\" only, not a second");
            }
            expect(Kind::id, "a port angle after \"@\"");
            angle = true;
        } else if (at(Kind::colon)) {
            get();
            if (location) {
                expected("one port location \":...\" only, not a second");
            }
            parse_port_location();
            location = true;
        } else {
            return;
        }
    }
}

void DotChecker::parse_port_location() {
    if (at(Kind::id)) {
        get();
        if (at(Kind::colon)) {
            get();
            expect(Kind::id, "a port location after \":\"");
        }
        return;
    }
    expect(Kind::left_paren, "a port location (a name or \"(\")");
    expect(Kind::id, "the first part of the port location");
    expect(Kind::comma, "\",\" between the parts of the port location");
    expect(Kind::id, "the second part of the port location");
    expect(Kind::right_paren, "\")\" to close the port location");
}

void DotChecker::parse_edge_stmt(const Token& start, std::uint64_t first_size) {
    std::uint64_t previous = first_size;
    while (at(Kind::dash_dash) || at(Kind::dash_greater)) {
        const Token op = peek();
        if (op.kind == Kind::dash_greater) {
            fail(op.begin, "\"->\" in an undirected graph; expected \"--\"");
        }
        get();
        const std::uint64_t size = parse_endpoint();
        // Saturating: sizes are bounded by the file's length, their products are not.
        const std::uint64_t product =
            previous != 0 && size > UINT64_MAX / previous ? UINT64_MAX : previous * size;
        links_ = product > UINT64_MAX - links_ ? UINT64_MAX : links_ + product;
        if (links_ > max_dot_links) {
            fail(start.begin, "the edge statements make more than " +
                                  std::to_string(max_dot_links) +
                                  " links (an edge between two subgraphs links every member of "
                                  "one to every member of the other)");
        }
        previous = size;
    }
    if (at(Kind::left_bracket)) {
        parse_attr_list();
    }
}

}  // namespace

void check_dot_syntax(std::string_view text, const std::string& source) {
    DotChecker(text, source).check();
}

}  // namespace smtpsim::net
