// Reading a user's login times (RFC 821 3.4) from a topology file.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "core/json_input.hpp"
#include "net/topology.hpp"

namespace smtpsim::net {

// The times a user is logged in, in order, not overlapping.
std::vector<Login> read_logins(const nlohmann::json& j, const core::JsonWhere& where,
                               const core::JsonReader& in);

}  // namespace smtpsim::net
