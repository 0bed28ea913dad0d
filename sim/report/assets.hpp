// The report's HTML templates, style sheet and scripts (sim/report/assets/),
// compiled into the program at build time.
#pragma once

#include <string_view>

namespace smtpsim::report {

// The text of the asset file `name` ("report.css"); a missing one is a
// programming error (std::logic_error).
std::string_view asset(std::string_view name);

}  // namespace smtpsim::report
