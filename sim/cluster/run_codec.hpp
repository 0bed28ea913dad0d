// A comparison run's record as bytes, to send it from the process that ran it
// to the one that writes the files: every field, doubles bit for bit (NaN
// too), so that the tables made from a decoded record are those made from
// the record itself.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "compare/comparison.hpp"

namespace smtpsim::cluster {

struct EncodedRun {
    std::size_t index = 0;  // the run's index in the comparison (Comparison::run_at)
    compare::RunRecord record;
};

// Little-endian, whatever the machine: the processes of one job may differ.
std::string encode_run(std::size_t index, const compare::RunRecord& record);

// Throws std::runtime_error when the bytes are not one whole encoded run.
EncodedRun decode_run(std::string_view bytes);

}  // namespace smtpsim::cluster
