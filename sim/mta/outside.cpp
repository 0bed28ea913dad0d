// A connection from outside the simulation to one of its hosts.
#include "mta/outside.hpp"

namespace smtpsim::mta {

OutsideConnection::OutsideConnection(HostEnvironment& env, Host& host)
    : host_(host), inbound_(env, true), receiver_(host.name(), inbound_) {
    inbound_.serve(host);
    receiver_.strict_sequence(host.props().strict_sequence);
    receiver_.eight_bit(host.props().eight_bit);
}

}  // namespace smtpsim::mta
