// How much a run's folder holds, estimated before a report reads it: the
// report's time and memory grow with the records of its traces and the hosts
// and links of its topology, so past these limits it is refused at once
// instead of running for minutes (README "Limits").
#pragma once

#include <cstdint>
#include <filesystem>
#include <string_view>

#include "core/input_error.hpp"

namespace smtpsim::report {

// A folder too large for a report: bad input like any other (exit status 2),
// apart so that `run` can leave its report out and still succeed.
class TooLarge : public core::InputError {
  public:
    using core::InputError::InputError;
};

// The records of a run's traces a report reads (events.jsonl, or hops.jsonl
// and outcomes.jsonl together): about 10 us and 170 bytes each.
inline constexpr std::uint64_t max_report_records = 5'000'000;
// The bytes of one trace file, looked at before its lines are counted.
inline constexpr std::uint64_t max_report_trace_bytes = std::uint64_t{4} << 30;
// The hosts of a run's topology: loading costs about 35 us a host.
inline constexpr std::uint64_t max_report_hosts = 100'000;

// The lines of `file` (a regular file), counted without parsing them (a
// few seconds at most). Throws TooLarge when the file has more than
// max_report_trace_bytes.
std::uint64_t count_records(const std::filesystem::path& file);

// Throws TooLarge when `files` (those of them that are present) have more
// than max_report_records records together, naming the file that passed it.
void check_trace_size(std::initializer_list<std::filesystem::path> files);

// The hosts of a DOT text, estimated by its distinct names outside attribute
// lists and comments (every host is named so at least once), counted no
// further than `limit` + 1.
std::uint64_t estimated_hosts(std::string_view dot, std::uint64_t limit);

}  // namespace smtpsim::report
