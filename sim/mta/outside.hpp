// A connection to a host from outside the simulation (a real SMTP client,
// through `smtpsim serve`): the host's receiver-SMTP with the host's own
// answers, the same policy a simulated session's server end asks. A mail it
// accepts enters the simulation at that host at the current simulated
// instant and travels on over the simulated links.
#pragma once

#include <string>

#include "mta/host.hpp"
#include "mta/inbound.hpp"
#include "smtp/receiver.hpp"

namespace smtpsim::mta {

class OutsideConnection {
  public:
    // `env` and `host` must outlive it.
    OutsideConnection(HostEnvironment& env, Host& host);
    OutsideConnection(const OutsideConnection&) = delete;
    OutsideConnection& operator=(const OutsideConnection&) = delete;

    // Configured as the host's simulated sessions are (strict sequence, 8-bit).
    smtp::Receiver& receiver() { return receiver_; }
    const Host& host() const { return host_; }
    // Down by the failure plan: the connection is to be closed with 421.
    bool host_down() const { return host_.down(); }

  private:
    Host& host_;
    HostInbound inbound_;
    smtp::Receiver receiver_;
};

}  // namespace smtpsim::mta
