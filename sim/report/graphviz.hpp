// Graphviz, run at report time: a DOT text in, the drawing as SVG out. The
// layout is Graphviz's own (neato for topologies, which have no direction);
// without Graphviz there is no report, and the error says how to get it.
#pragma once

#include <string>
#include <string_view>

namespace smtpsim::report {

// Runs `program` (a Graphviz layout program on PATH: "neato", "dot") on
// `dot_text` and returns the <svg> element it draws, without the XML prolog
// and comments. Throws core::InputError when the program is missing or fails.
std::string graphviz_svg(std::string_view program, std::string_view dot_text);

// A DOT quoted string: "A \"quoted\" name".
std::string dot_quoted(std::string_view text);

}  // namespace smtpsim::report
