// A HostPolicy for tests: a host's users, forwards, lists and faults as plain
// tables, and a record of the transactions it accepted.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "smtp/policy.hpp"

namespace smtpsim::smtp::testing {

class TablePolicy : public HostPolicy {
  public:
    bool serve = true;
    bool turn = false;
    std::set<Verb> not_implemented;
    std::map<Verb, ReplyCode> faults;  // transient_failure answers
    StorageStatus storage = StorageStatus::available;
    std::size_t recipient_limit = 100;
    // RCPT lookups by user name (Mailbox::user()); missing users are unknown.
    std::map<std::string, MailboxAnswer> mailboxes;
    std::set<std::string> active_terminals;
    std::map<std::string, RelayStatus> relay;  // by host; missing hosts: relay_default
    RelayStatus relay_default = RelayStatus::accepted;
    std::map<std::string, VerifyAnswer> users;  // VRFY
    std::map<std::string, ExpandAnswer> lists;  // EXPN
    Reply final_reply{reply::ok, "OK"};
    std::vector<Transaction> accepted;

    void add_user(const std::string& name) {
        mailboxes[name] = MailboxAnswer{MailboxStatus::exists, {}};
    }

    bool will_serve() override { return serve; }
    bool implements(Verb verb) override { return not_implemented.count(verb) == 0; }
    std::optional<ReplyCode> transient_failure(Verb verb) override {
        auto it = faults.find(verb);
        return it == faults.end() ? std::nullopt : std::optional<ReplyCode>(it->second);
    }
    StorageStatus storage_for(Mode, const Path&) override { return storage; }
    std::size_t max_recipients() override { return recipient_limit; }
    MailboxAnswer lookup_mailbox(const Mailbox& mailbox) override {
        auto it = mailboxes.find(mailbox.user());
        return it == mailboxes.end() ? MailboxAnswer{MailboxStatus::unknown, {}} : it->second;
    }
    bool terminal_active(const Mailbox& mailbox) override {
        return active_terminals.count(mailbox.user()) > 0;
    }
    RelayStatus may_relay(std::string_view next_host, const Path&) override {
        auto it = relay.find(std::string(next_host));
        return it == relay.end() ? relay_default : it->second;
    }
    VerifyAnswer verify(std::string_view user_name) override {
        auto it = users.find(std::string(user_name));
        return it == users.end() ? VerifyAnswer{} : it->second;
    }
    ExpandAnswer expand(std::string_view list_name) override {
        auto it = lists.find(std::string(list_name));
        return it == lists.end() ? ExpandAnswer{} : it->second;
    }
    bool accept_turn() override { return turn; }
    Reply accept_message(Transaction& transaction) override {
        accepted.push_back(transaction);
        return final_reply;
    }
};

inline Path path(std::string_view text) {
    auto parsed = parse_path(text);
    return parsed.ok() ? parsed.value() : Path{};
}

}  // namespace smtpsim::smtp::testing
