// The scenario loader's reader, shared by the files that read each part of a
// scenario: the top level and policies (scenario.cpp), messages and traffic
// (workload_reader.cpp), the failure plan (failure_reader.cpp). Internal to
// the scenario module.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "core/json_input.hpp"
#include "scenario/scenario.hpp"

namespace smtpsim::scenario::detail {

class Loader {
  public:
    Loader(std::string source, std::string base_dir, std::shared_ptr<const net::Topology> topology)
        : in_(std::move(source)),
          base_dir_(std::move(base_dir)),
          replacement_(std::move(topology)) {}

    Scenario load(const nlohmann::json& doc);

  private:
    // Values, each checked and at fault named by its place (scenario.cpp).
    // A duration of at most time_limit.
    core::Time duration(const nlohmann::json& j, const core::JsonWhere& where, bool positive) const;
    // A duration from min_interval to time_limit; `what` names it in the error.
    core::Time interval(const nlohmann::json& j, const core::JsonWhere& where,
                        std::string_view what) const;
    // a + b, which must stay within time_limit; `what` says what ends then.
    core::Time sum(core::Time a, core::Time b, const core::JsonWhere& where,
                   std::string_view what) const;
    net::HostId host(const nlohmann::json& j, const core::JsonWhere& where,
                     const net::Topology& topology) const;
    smtp::Path path(const nlohmann::json& j, const core::JsonWhere& where) const;
    smtp::Mode mode(const nlohmann::json& j, const core::JsonWhere& where) const;
    // A name from a closed set: `parse` gives nothing for text it does not
    // know, and the error says "unknown <what> "text"; expected <expected>".
    template <class Parse>
    auto choice(const nlohmann::json& j, const core::JsonWhere& where, Parse parse,
                std::string_view what, std::string_view expected) const {
        const std::string text = in_.string_value(j, where);
        auto value = parse(text);
        if (!value) {
            in_.fail(where, "unknown " + std::string(what) + " \"" + text + "\"; expected " +
                                std::string(expected));
        }
        return *value;
    }

    // scenario.cpp: the top level.
    void read_header(const nlohmann::json& doc, Scenario& s) const;
    void read_choices(const nlohmann::json& doc, Scenario& s) const;
    void read_policies(const nlohmann::json& doc, Scenario& s) const;
    void read_timeouts(const nlohmann::json& j, const core::JsonWhere& where,
                       mta::SmtpTimeouts& timeouts) const;
    void read_host_retry(const nlohmann::json& j, const core::JsonWhere& where, Scenario& s) const;
    // Distance-vector routing and the hop limit.
    void read_routing_protocol(const nlohmann::json& doc, Scenario& s) const;
    // The floors of the distance-vector timers (README, "Limits").
    void check_distance_vector_timers(const nlohmann::json& j, const core::JsonWhere& where,
                                      const mta::DistanceVectorOptions& o) const;
    void check_name(const std::string& name, const core::JsonWhere& where) const;
    void read_topology(const nlohmann::json& j, const core::JsonWhere& where, Scenario& s) const;
    void read_retry(const nlohmann::json& j, const core::JsonWhere& where,
                    mta::RetryPolicy& retry) const;

    // workload_reader.cpp: explicit messages and traffic sources.
    void read_workload(const nlohmann::json& doc, Scenario& s) const;
    MessageSpec read_message(const nlohmann::json& j, const core::JsonWhere& where,
                             const net::Topology& topology) const;
    smtp::Mailbox read_mailbox(const nlohmann::json& j, const core::JsonWhere& where,
                               const net::Topology& topology) const;
    void read_verify(const nlohmann::json& j, const core::JsonWhere& where, MessageSpec& m) const;
    std::uint64_t read_size(const nlohmann::json& j, const core::JsonWhere& where) const;
    std::vector<std::string> read_data(const nlohmann::json& j, const core::JsonWhere& where) const;
    std::vector<net::HostId> read_hosts(const nlohmann::json* j, const core::JsonWhere& where,
                                        const net::Topology& topology) const;
    TrafficSpec read_traffic(const nlohmann::json& j, const core::JsonWhere& where,
                             const Scenario& s, std::size_t index) const;
    void read_process(const nlohmann::json& j, const core::JsonWhere& where, TrafficSpec& t) const;
    void read_traffic_end(const nlohmann::json& j, const core::JsonWhere& where, const Scenario& s,
                          TrafficSpec& t) const;
    void read_traffic_size(const nlohmann::json& j, const core::JsonWhere& where,
                           TrafficSpec& t) const;
    core::Time read_rate(const nlohmann::json& j, const core::JsonWhere& where) const;

    // failure_reader.cpp: the failure plan, one table row per kind.
    struct FailureRow;
    static const FailureRow* failure_row(std::string_view kind);
    void read_failures(const nlohmann::json& doc, Scenario& s) const;
    void read_failure(const nlohmann::json& j, const core::JsonWhere& where, Scenario& s) const;
    void read_failure_place(const nlohmann::json& j, const core::JsonWhere& where,
                            const FailureRow& row, const net::Topology& topology,
                            mta::FailureSpec& f) const;
    void end_open_failure(const mta::FailureSpec& up, const FailureRow& row,
                          const core::JsonWhere& where, Scenario& s) const;
    // The readers of the kinds' own fields.
    void read_storage_full(const nlohmann::json& j, const core::JsonWhere& where,
                           mta::FailureSpec& f) const;
    void read_mailbox_failure(const nlohmann::json& j, const core::JsonWhere& where,
                              mta::FailureSpec& f) const;
    void read_forward(const nlohmann::json& j, const core::JsonWhere& where,
                      mta::FailureSpec& f) const;
    void read_transient(const nlohmann::json& j, const core::JsonWhere& where,
                        mta::FailureSpec& f) const;
    void read_drop(const nlohmann::json& j, const core::JsonWhere& where,
                   mta::FailureSpec& f) const;

    core::JsonReader in_;
    std::string base_dir_;
    std::shared_ptr<const net::Topology> replacement_;
};

}  // namespace smtpsim::scenario::detail
