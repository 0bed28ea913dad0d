// The host policy of a server in a simulated session: the topology's answers
// (TopologyPolicy), plus what only the running simulation knows: whether the
// next host can be reached, whether there is storage, and what becomes of an
// accepted mail.
#pragma once

#include "mta/topology_policy.hpp"

namespace smtpsim::mta {

class Simulation;
class Session;
struct Host;

class ServerPolicy : public TopologyPolicy {
  public:
    ServerPolicy(Simulation& sim, Session& session, Host& host);

    smtp::RelayStatus may_relay(std::string_view next_host,
                                const smtp::Path& forward_path) override;
    smtp::StorageStatus storage_for(smtp::Mode mode, const smtp::Path& reverse_path) override;
    smtp::Reply accept_message(smtp::Transaction& transaction) override;
    // The failure plan's mailbox overrides come before the topology's answer.
    smtp::MailboxAnswer lookup_mailbox(const smtp::Mailbox& mailbox) override;
    std::optional<smtp::ReplyCode> transient_failure(smtp::Verb verb) override;

  private:
    Simulation& sim_;
    Session& session_;
    Host& host_;
};

}  // namespace smtpsim::mta
