// The receiver's host policy at a host's end of a connection: the host's
// answers (mailboxes, relaying, storage, the failures in force) and what it
// does with a mail it takes. One class for both kinds of connection, so that
// they cannot disagree: a simulated session's server end, where what the
// host must know of the mail travels with the lines, and a connection from
// outside the simulation (`smtpsim serve`), where the mail enters the
// accounting when the host takes it.
#pragma once

#include <optional>

#include "mta/host.hpp"
#include "smtp/policy.hpp"

namespace smtpsim::mta {

class HostInbound : public smtp::HostPolicy {
  public:
    // From a simulated session (false), or from outside the simulation.
    HostInbound(HostEnvironment& env, bool from_outside) : env_(env), from_outside_(from_outside) {}

    // The host whose answers these are (a session's server changes on TURN).
    void serve(Host& host) { host_ = &host; }

    bool will_serve() override;
    bool implements(smtp::Verb verb) override;
    std::optional<smtp::ReplyCode> transient_failure(smtp::Verb verb) override;
    smtp::StorageStatus storage_for(smtp::Mode, const smtp::Path&) override;
    std::size_t max_recipients() override { return host().props().max_recipients; }
    smtp::MailboxAnswer lookup_mailbox(const smtp::Mailbox& mailbox) override;
    bool terminal_active(const smtp::Mailbox& mailbox) override;
    smtp::RelayStatus may_relay(std::string_view, const smtp::Path& forward_path) override;
    smtp::VerifyAnswer verify(std::string_view user_name) override;
    smtp::ExpandAnswer expand(std::string_view list_name) override;
    bool accept_turn() override { return host().props().accepts_turn; }
    smtp::Reply accept_message(smtp::Transaction& transaction) override;

    // A simulated session's: the mail of the transaction in progress, as
    // its lines carried it (message, hops, the accepted RCPTs' ledger ids).
    InboundMail mail;
    // The RCPT being read: its mailbox host as its tag says, then as the
    // relay check found it.
    MailboxHost rcpt_destination;

  private:
    Host& host() const { return *host_; }

    HostEnvironment& env_;
    Host* host_ = nullptr;
    bool from_outside_;
};

}  // namespace smtpsim::mta
