// The host-policy answers that a topology file gives: mailboxes, forwards,
// terminals, mailing lists, recipient limits, TURN. Used as it is by
// `smtpsim receive`, and extended by the simulation with relaying, storage
// and what happens to an accepted mail.
#pragma once

#include <vector>

#include "net/topology.hpp"
#include "smtp/policy.hpp"

namespace smtpsim::mta {

class TopologyPolicy : public smtp::HostPolicy {
  public:
    // Parses the host's forward-paths and list members once, here.
    TopologyPolicy(const net::Topology& topology, net::HostId host);

    std::size_t max_recipients() override { return props().max_recipients; }
    // RFC 5321 4.5.1 (RFC 821 names no such mailbox): every host has a
    // Postmaster mailbox, listed or not.
    // RFC 821 3.3: mail to a list is accepted, and expanded on receipt.
    smtp::MailboxAnswer lookup_mailbox(const smtp::Mailbox& mailbox) override;
    // Logged in at the start of the run (a policy without a clock).
    bool terminal_active(const smtp::Mailbox& mailbox) override;
    smtp::VerifyAnswer verify(std::string_view user_name) override;
    smtp::ExpandAnswer expand(std::string_view list_name) override;
    bool accept_turn() override { return props().accepts_turn; }
    // The host relays, and the next host is in the topology. The simulation
    // asks more: a link to it, or a route.
    smtp::RelayStatus may_relay(std::string_view next_host,
                                const smtp::Path& forward_path) override;
    // Takes the mail (250). The simulation stores or relays it.
    smtp::Reply accept_message(smtp::Transaction& transaction) override;

    const net::HostProps& props() const { return topology_.host(host_); }
    // The members' paths of one of the host's lists, parsed.
    const std::vector<smtp::Path>& members(const net::MailingList& list) const {
        return members_[static_cast<std::size_t>(&list - props().lists.data())];
    }
    const net::Topology& topology() const { return topology_; }
    net::HostId host() const { return host_; }

  private:
    const smtp::Path& forward_path_of(const net::User& user) const;

    const net::Topology& topology_;
    net::HostId host_;
    std::vector<smtp::Path> forwards_;              // per user (empty path: no forward)
    std::vector<std::vector<smtp::Path>> members_;  // per list, per member
};

}  // namespace smtpsim::mta
