// Letters.
#include "mta/mail.hpp"

namespace smtpsim::mta {

Letter Letter::empty_copy() const {
    Letter copy;
    copy.envelope.reverse_path = envelope.reverse_path;
    copy.envelope.mode = envelope.mode;
    copy.envelope.data = envelope.data;
    copy.envelope.verify = envelope.verify;
    copy.info = info;
    copy.info.recipients.clear();
    return copy;
}

void Letter::add_recipient(smtp::Path forward_path, Recipient recipient) {
    envelope.forward_paths.push_back(std::move(forward_path));
    info.recipients.push_back(recipient);
}

}  // namespace smtpsim::mta
