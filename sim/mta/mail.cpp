// Letters.
#include "mta/mail.hpp"

namespace smtpsim::mta {

Letter Letter::empty_copy() const {
    Letter copy;
    copy.envelope.reverse_path = envelope.reverse_path;
    copy.envelope.mode = envelope.mode;
    copy.envelope.data = envelope.data;
    copy.envelope.verify = envelope.verify;
    copy.info.message = info.message;
    copy.info.about = info.about;
    copy.info.return_path = info.return_path;
    copy.info.hops = info.hops;
    copy.info.originated_here = info.originated_here;
    copy.info.queued_since = info.queued_since;
    copy.info.not_before = info.not_before;
    copy.info.failed_attempts = info.failed_attempts;
    return copy;
}

void Letter::add_recipient(smtp::Path forward_path, Recipient recipient) {
    envelope.forward_paths.push_back(std::move(forward_path));
    info.recipients.push_back(recipient);
}

}  // namespace smtpsim::mta
