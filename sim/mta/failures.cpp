// Names of failure kinds and drop steps, as scenario files spell them.
#include "mta/failures.hpp"

#include <array>
#include <utility>

namespace smtpsim::mta {
namespace {

constexpr std::array<std::pair<FailureKind, std::string_view>, 8> kind_names{{
    {FailureKind::host_down, "host_down"},
    {FailureKind::link_down, "link_down"},
    {FailureKind::storage_full, "storage_full"},
    {FailureKind::unknown_mailbox, "unknown_mailbox"},
    {FailureKind::forward, "forward"},
    {FailureKind::relay_refused, "relay_refused"},
    {FailureKind::transient, "transient"},
    {FailureKind::drop_connection, "drop_connection"},
}};

constexpr std::array<std::pair<DropStep, std::string_view>, 5> step_names{{
    {DropStep::helo, "helo"},
    {DropStep::mail, "mail"},
    {DropStep::rcpt, "rcpt"},
    {DropStep::data, "data"},
    {DropStep::end_of_data, "end_of_data"},
}};

template <typename T, std::size_t N>
std::string_view name_of(const std::array<std::pair<T, std::string_view>, N>& names, T value) {
    for (const auto& [v, name] : names) {
        if (v == value) {
            return name;
        }
    }
    return "?";
}

template <typename T, std::size_t N>
std::optional<T> value_of(const std::array<std::pair<T, std::string_view>, N>& names,
                          std::string_view text) {
    for (const auto& [v, name] : names) {
        if (name == text) {
            return v;
        }
    }
    return std::nullopt;
}

}  // namespace

std::string_view failure_kind_name(FailureKind kind) {
    return name_of(kind_names, kind);
}
std::optional<FailureKind> parse_failure_kind(std::string_view text) {
    return value_of(kind_names, text);
}
std::string_view drop_step_name(DropStep step) {
    return name_of(step_names, step);
}
std::optional<DropStep> parse_drop_step(std::string_view text) {
    return value_of(step_names, text);
}

}  // namespace smtpsim::mta
