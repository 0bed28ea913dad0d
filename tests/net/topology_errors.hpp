// The error a topology text gives, for the loader tests: "location: problem",
// and a check of its place and the words it must hold.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "core/input_error.hpp"
#include "net/topology_io.hpp"

namespace smtpsim::test {

inline std::string topology_error_of(const std::string& text) {
    try {
        net::parse_topology_json(text, "t.json");
    } catch (const core::InputError& e) {
        EXPECT_EQ(e.source(), "t.json");
        return e.location() + ": " + e.problem();
    }
    return "no error";
}

inline void expect_topology_error(const std::string& text, const std::string& location,
                                  const std::string& part) {
    const std::string error = topology_error_of(text);
    EXPECT_EQ(error.substr(0, location.size() + 2), location + ": ") << error;
    EXPECT_NE(error.find(part), std::string::npos) << error;
}

}  // namespace smtpsim::test
