// The scenario loader: how distance-vector hosts exchange their tables, and
// the hop limit on Received: lines.
#include <array>

#include "scenario/loader.hpp"

namespace smtpsim::scenario::detail {

using core::JsonReader;
using core::JsonWhere;
using nlohmann::json;

namespace {

constexpr std::array<std::string_view, 5> distance_vector_fields{
    "update_interval", "triggered_updates", "split_horizon", "infinity", "route_timeout"};

}  // namespace

void Loader::read_routing_protocol(const json& doc, Scenario& s) const {
    const JsonWhere root;
    if (const json* limit = JsonReader::find(doc, "hop_limit")) {
        s.config.hop_limit =
            static_cast<std::uint32_t>(in_.count_value(*limit, root.field("hop_limit"), 1, 10'000));
    }
    const json* j = JsonReader::find(doc, "distance_vector");
    if (j == nullptr) {
        return;
    }
    const JsonWhere where = root.field("distance_vector");
    in_.check_object(*j, where, distance_vector_fields, "the distance-vector options");
    mta::DistanceVectorOptions& o = s.config.distance_vector;
    if (const json* v = JsonReader::find(*j, "update_interval")) {
        o.update_interval = duration(*v, where.field("update_interval"), true);
    }
    if (const json* v = JsonReader::find(*j, "triggered_updates")) {
        o.triggered_updates = in_.bool_value(*v, where.field("triggered_updates"));
    }
    if (const json* v = JsonReader::find(*j, "split_horizon")) {
        o.split_horizon = choice(
            *v, where.field("split_horizon"),
            [](std::string_view text) { return mta::split_horizon_names.parse(text); },
            "split horizon", "none, simple or poisoned-reverse");
    }
    if (const json* v = JsonReader::find(*j, "infinity")) {
        o.infinity =
            static_cast<std::uint32_t>(in_.count_value(*v, where.field("infinity"), 2, 1'000'000));
    }
    if (const json* v = JsonReader::find(*j, "route_timeout")) {
        o.route_timeout = duration(*v, where.field("route_timeout"), true);
    }
}

}  // namespace smtpsim::scenario::detail
