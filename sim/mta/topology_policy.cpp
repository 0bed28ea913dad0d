// Host-policy answers from the topology's host data.
#include "mta/topology_policy.hpp"

#include "core/ascii.hpp"

namespace smtpsim::mta {
namespace {

// Forward-paths in the topology were checked when it was loaded.
smtp::Path parse_checked(const std::string& text) {
    auto parsed = smtp::parse_path(text);
    return parsed ? std::move(parsed).value() : smtp::Path{};
}

bool is_postmaster(std::string_view user) {
    return core::iequals(user, "Postmaster");
}

}  // namespace

TopologyPolicy::TopologyPolicy(const net::Topology& topology, net::HostId host)
    : topology_(topology), host_(host) {
    for (const net::User& user : props().users) {
        forwards_.push_back(user.forward ? parse_checked(user.forward->path) : smtp::Path{});
    }
    for (const net::MailingList& list : props().lists) {
        auto& members = members_.emplace_back();
        for (const net::ListMember& member : list.members) {
            members.push_back(parse_checked(member.path));
        }
    }
}

const smtp::Path& TopologyPolicy::forward_path_of(const net::User& user) const {
    return forwards_[static_cast<std::size_t>(&user - props().users.data())];
}

smtp::MailboxAnswer TopologyPolicy::lookup_mailbox(const smtp::Mailbox& mailbox) {
    const std::string user = mailbox.user();
    const net::User* found = props().find_mailbox(user);
    if (found == nullptr) {
        if (props().find_list(user) != nullptr || is_postmaster(user)) {
            return {smtp::MailboxStatus::exists, {}};
        }
        return {smtp::MailboxStatus::unknown, {}};
    }
    if (found->forward) {
        const auto status = found->forward->mode == net::ForwardMode::will_forward
                                ? smtp::MailboxStatus::will_forward
                                : smtp::MailboxStatus::please_try;
        return {status, forward_path_of(*found)};
    }
    return {smtp::MailboxStatus::exists, {}};
}

bool TopologyPolicy::terminal_active(const smtp::Mailbox& mailbox) {
    const net::User* found = props().find_mailbox(mailbox.user());
    return found != nullptr && found->logged_in(core::Time::zero());
}

smtp::VerifyAnswer TopologyPolicy::verify(std::string_view user_name) {
    const auto matches = props().match_users(user_name);
    if (matches.empty()) {
        if (const net::MailingList* list = props().find_list(user_name)) {
            // RFC 821 3.3: "a positive response can be given if on receipt of
            // a message so addressed it will be delivered to everyone on the
            // list", as it is here; the reply names the list's own mailbox.
            if (!list->verifiable) {
                return {smtp::VerifyStatus::mailing_list, {}, {}};
            }
            smtp::Path path;
            path.mailbox = {list->name, props().name};
            return {smtp::VerifyStatus::user, "", std::move(path)};
        }
        if (is_postmaster(user_name)) {
            smtp::Path path;
            path.mailbox = {"Postmaster", props().name};
            return {smtp::VerifyStatus::user, "", std::move(path)};
        }
        return {smtp::VerifyStatus::unknown, {}, {}};
    }
    if (matches.size() > 1) {
        return {smtp::VerifyStatus::ambiguous, {}, {}};
    }
    const net::User& user = *matches.front();
    if (user.forward) {
        const auto status = user.forward->mode == net::ForwardMode::will_forward
                                ? smtp::VerifyStatus::will_forward
                                : smtp::VerifyStatus::please_try;
        return {status, user.full_name, forward_path_of(user)};
    }
    smtp::Path path;
    path.mailbox = {user.mailbox, props().name};
    return {smtp::VerifyStatus::user, user.full_name, std::move(path)};
}

smtp::ExpandAnswer TopologyPolicy::expand(std::string_view list_name) {
    const net::MailingList* list = props().find_list(list_name);
    if (list == nullptr) {
        if (!props().match_users(list_name).empty()) {
            return {smtp::ExpandStatus::user_name, {}};
        }
        return {smtp::ExpandStatus::unknown, {}};
    }
    if (!list->expandable || list->members.empty()) {
        return {smtp::ExpandStatus::denied, {}};
    }
    smtp::ExpandAnswer answer{smtp::ExpandStatus::list, {}};
    const auto& paths = members(*list);
    for (std::size_t i = 0; i < list->members.size(); ++i) {
        answer.members.push_back({list->members[i].full_name, paths[i]});
    }
    return answer;
}

smtp::RelayStatus TopologyPolicy::may_relay(std::string_view next_host, const smtp::Path&) {
    if (!props().relay || !topology_.find_host(next_host)) {
        return smtp::RelayStatus::refused;
    }
    return smtp::RelayStatus::accepted;
}

smtp::Reply TopologyPolicy::accept_message(smtp::Transaction&) {
    return smtp::standard_reply(smtp::reply::ok);
}

}  // namespace smtpsim::mta
