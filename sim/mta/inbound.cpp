// A host's answers to its receiver, for simulated and outside connections.
#include "mta/inbound.hpp"

namespace smtpsim::mta {

bool HostInbound::will_serve() {
    // A simulated client cannot reach a host that is down; an outside one
    // can, and is told 421 (RFC 821 3.9).
    return !from_outside_ || !host().down();
}

bool HostInbound::implements(smtp::Verb verb) {
    // RFC 821 3.8: after TURN this host would be the sender on the
    // connection; to a client outside the simulation it holds no mail.
    return !(from_outside_ && verb == smtp::Verb::turn);
}

std::optional<smtp::ReplyCode> HostInbound::transient_failure(smtp::Verb verb) {
    return env_.faults.transient_failure(host().id(), verb);
}

smtp::StorageStatus HostInbound::storage_for(smtp::Mode, const smtp::Path&) {
    return host().storage_for();
}

smtp::MailboxAnswer HostInbound::lookup_mailbox(const smtp::Mailbox& mailbox) {
    if (auto answer = env_.faults.mailbox_override(host().id(), mailbox.user())) {
        return *answer;
    }
    return host().topology_policy().lookup_mailbox(mailbox);
}

bool HostInbound::terminal_active(const smtp::Mailbox& mailbox) {
    return host().terminal_active(mailbox);
}

smtp::RelayStatus HostInbound::may_relay(std::string_view, const smtp::Path& forward_path) {
    if (from_outside_) {
        rcpt_destination = {};  // no tag: the check looks the host up
    }
    rcpt_destination = env_.router.confirmed(forward_path, rcpt_destination);
    return host().may_relay(forward_path, rcpt_destination);
}

smtp::VerifyAnswer HostInbound::verify(std::string_view user_name) {
    return host().topology_policy().verify(user_name);
}

smtp::ExpandAnswer HostInbound::expand(std::string_view list_name) {
    return host().topology_policy().expand(list_name);
}

smtp::Reply HostInbound::accept_message(smtp::Transaction& transaction) {
    if (from_outside_) {
        // Nothing travelled with the lines: the recipients are new to the
        // accounting, which the host tells when it takes the mail.
        mail = InboundMail{};
        mail.recipients.assign(transaction.recipients.size(), Recipient{});
    }
    return host().accept(transaction, mail);
}

}  // namespace smtpsim::mta
