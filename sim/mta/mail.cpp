// Letters.
#include "mta/mail.hpp"

namespace smtpsim::mta {

Letter Letter::empty_copy() const {
    // All of the mail and its bookkeeping but its recipients, and a wait
    // for a route, which was theirs.
    Letter copy = *this;
    copy.envelope.forward_paths.clear();
    copy.info.recipients.clear();
    copy.info.waiting_for_route_since.reset();
    return copy;
}

void Letter::add_recipient(smtp::Path forward_path, Recipient recipient) {
    envelope.forward_paths.push_back(std::move(forward_path));
    info.recipients.push_back(recipient);
}

}  // namespace smtpsim::mta
