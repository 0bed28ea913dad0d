// Outcomes and undeliverable-mail notifications.
#include "mta/accounting.hpp"

#include <algorithm>

#include "core/calendar.hpp"

namespace smtpsim::mta {

Accounting::Accounting(const core::Scheduler& scheduler, trace::Bus& bus,
                       const net::Topology& topology, std::int64_t epoch_unix)
    : scheduler_(scheduler), bus_(bus), topology_(topology), epoch_unix_(epoch_unix) {}

Accounting::Injected Accounting::inject(core::Time at, net::HostId origin,
                                        const smtp::Mailbox& from, std::span<const smtp::Path> to) {
    const std::uint64_t message = ledger_.add_message(at, origin);
    if (bus_.wants(trace::outcomes)) {
        ledger_.message(message)->originator = smtp::Path{{}, from}.format();
    }
    std::uint64_t first = 0;
    for (const smtp::Path& path : to) {
        const std::uint64_t id = ledger_.add_recipient(message, path, true);
        first = first == 0 ? id : first;
    }
    if (bus_.wants(trace::tallies)) {
        bus_.injected({at, message, to.size()});
    }
    return {message, first};
}

std::string Accounting::date_text() const {
    return core::format_rfc821_date(epoch_unix_ + scheduler_.now().count_ns() / 1'000'000'000);
}

bool Accounting::resolve(std::uint64_t recipient, trace::Outcome outcome, int hops,
                         trace::HostIndex host, const smtp::Reply* reply, std::string reason,
                         std::uint64_t notification, trace::Cause cause,
                         std::span<const net::HostId> route, trace::Destination destination) {
    if (ledger_.resolved(recipient)) {
        // A second copy (after a connection dropped before its 250) reached
        // an end too: the first outcome stands; the copy is counted.
        bus_.counted({scheduler_.now(), trace::Tally::duplicate, trace::no_host});
        return false;
    }
    const MessageRecord* message = ledger_.message(ledger_.recipient(recipient)->message);
    const core::Time injected = message->injected;
    const std::string originator = bus_.wants(trace::outcomes) ? message->originator : "";
    RecipientRecord record = ledger_.resolve(recipient, outcome);
    if (bus_.wants(trace::outcomes)) {
        route_names_.clear();
        for (const net::HostId h : route) {
            route_names_.push_back(topology_.name(h));
        }
        if (reply == nullptr && record.reply) {
            reply = &*record.reply;  // the refusal its notification was carrying
        }
        const std::string_view host_name =
            host == trace::no_host ? std::string_view() : topology_.name(host);
        bus_.resolved({scheduler_.now(), injected, recipient, record.message, record.counted,
                       record.forward_path, outcome, hops, host, host_name, reply, reason, cause,
                       notification, route_names_, originator, destination});
    }
    return true;
}

bool Accounting::delivered(const Letter& letter, std::size_t index, net::HostId host,
                           trace::Destination destination) {
    const std::uint64_t id = letter.info.recipients[index].id;
    const RecipientRecord* record = ledger_.recipient(id);
    if (record == nullptr || record->counted || record->reported.empty()) {
        return resolve(id, trace::Outcome::delivered, letter.info.hops,
                       static_cast<trace::HostIndex>(host), nullptr, {}, 0, {}, {}, destination);
    }
    // A notification reached the originator: what it reports is returned,
    // with the route it took. Read before resolving drops the records.
    const std::vector<std::uint64_t> reported = record->reported;
    const std::vector<net::HostId> route = ledger_.message(record->message)->route;
    resolve(id, trace::Outcome::delivered, letter.info.hops, static_cast<trace::HostIndex>(host),
            nullptr, {}, 0, {});
    for (const std::uint64_t r : reported) {
        const RecipientRecord why = *ledger_.recipient(r);  // a copy: resolve drops it
        resolve(r, trace::Outcome::returned, letter.info.hops, why.failing_host,
                why.reply ? &*why.reply : nullptr, why.reason, letter.info.message, why.cause,
                route);
    }
    return true;
}

namespace {

std::uint64_t list_key(net::HostId host, std::size_t list) {
    return (static_cast<std::uint64_t>(host) << 32) | static_cast<std::uint32_t>(list);
}

}  // namespace

Accounting::ListCheck Accounting::check_list(const Letter& letter, std::size_t index,
                                             net::HostId host, std::size_t list,
                                             std::size_t members) {
    const RecipientRecord* record = ledger_.recipient(letter.info.recipients[index].id);
    if (record == nullptr) {
        return ListCheck::duplicate;
    }
    const MessageRecord& message = *ledger_.message(record->message);
    if (std::ranges::find(message.lists, list_key(host, list)) != message.lists.end()) {
        return ListCheck::loop;
    }
    if (message.list_copies + members > max_list_copies) {
        return ListCheck::too_many;
    }
    return ListCheck::expand;
}

std::optional<std::vector<std::uint64_t>> Accounting::expand_list(
    const Letter& letter, std::size_t index, net::HostId host, std::size_t list,
    std::span<const smtp::Path> members) {
    const RecipientRecord* record = ledger_.recipient(letter.info.recipients[index].id);
    if (record == nullptr) {
        bus_.counted({scheduler_.now(), trace::Tally::duplicate, trace::no_host});
        return std::nullopt;  // another copy reached the list first
    }
    // The members first: the mail's record must outlive the list's outcome.
    const std::uint64_t message = record->message;
    const bool counted = record->counted;
    MessageRecord& mail = *ledger_.message(message);
    mail.lists.push_back(list_key(host, list));
    mail.list_copies += static_cast<std::uint32_t>(members.size());
    std::vector<std::uint64_t> ids;
    for (const smtp::Path& member : members) {
        ids.push_back(ledger_.add_recipient(message, member, counted));
        if (counted) {
            bus_.counted(
                {scheduler_.now(), trace::Tally::list_member, static_cast<trace::HostIndex>(host)});
        }
    }
    delivered(letter, index, host, trace::Destination::list);
    return ids;
}

std::optional<Letter> Accounting::failed(net::HostId host, const Letter& letter,
                                         std::span<const std::size_t> which,
                                         const Failure& failure) {
    if (letter.info.originated_here) {
        // RFC 821 3.6 needs no notification mail: the originator's own host
        // tells its user at once.
        for (const std::size_t i : which) {
            resolve(letter.info.recipients[i].id, trace::Outcome::returned, letter.info.hops,
                    failure.failing_host, failure.reply, failure.reason, 0, failure.cause);
        }
        return std::nullopt;
    }
    if (letter.info.return_path.is_null()) {
        // A notification that cannot be delivered is never answered by another.
        Failure about = failure;
        about.reason = "the notification could not be delivered: " + failure.reason;
        for (const std::size_t i : which) {
            fail_notification(letter.info.recipients[i].id, about);
        }
        return std::nullopt;
    }
    // A copy that got through (its 250 lost when a host went down) may have
    // resolved some recipients already: no notification reports them.
    std::vector<std::size_t> unresolved;
    for (const std::size_t i : which) {
        if (ledger_.recipient(letter.info.recipients[i].id) != nullptr) {
            unresolved.push_back(i);
        }
    }
    if (unresolved.empty()) {
        return std::nullopt;
    }
    return notification(host, letter, unresolved, failure);
}

void Accounting::fail_notification(std::uint64_t recipient, const Failure& failure) {
    const RecipientRecord* notice = ledger_.recipient(recipient);
    const std::vector<std::uint64_t> reported =
        notice ? notice->reported : std::vector<std::uint64_t>{};
    const std::uint64_t message = notice ? notice->message : 0;
    if (!resolve(recipient, trace::Outcome::unreturnable, 0, failure.failing_host, failure.reply,
                 failure.reason, 0, failure.cause)) {
        return;  // another copy of the notification was delivered or failed already
    }
    for (const std::uint64_t id : reported) {
        const RecipientRecord why = *ledger_.recipient(id);
        resolve(id, trace::Outcome::unreturnable, 0, why.failing_host,
                why.reply ? &*why.reply : nullptr, why.reason + "; " + failure.reason, message,
                why.cause);
    }
}

Letter Accounting::notification(net::HostId host, const Letter& letter,
                                std::span<const std::size_t> which, const Failure& failure) {
    const std::string& host_name = topology_.name(host);
    std::vector<std::string> text;
    text.push_back("Date: " + date_text());
    text.push_back("From: Postmaster@" + host_name);
    text.push_back("To: " + letter.info.return_path.mailbox.format());
    text.push_back("Subject: Undeliverable mail");
    text.push_back("");
    text.push_back("Your mail could not be delivered to:");
    for (const std::size_t i : which) {
        text.push_back("    " + letter.envelope.forward_paths[i].format());
    }
    text.push_back("Reason: " + failure.reason + ".");
    if (failure.reply != nullptr) {
        for (const std::string& line : failure.reply->wire_lines()) {
            text.push_back("Reply: " + line);
        }
    }
    const std::uint64_t message = ledger_.add_message(scheduler_.now(), host, letter.info.message);
    ledger_.message(message)->route.push_back(host);
    const std::uint64_t recipient = ledger_.add_recipient(message, letter.info.return_path, false);
    for (const std::size_t i : which) {
        const std::uint64_t id = letter.info.recipients[i].id;
        ledger_.recipient(recipient)->reported.push_back(id);
        RecipientRecord& original = *ledger_.recipient(id);
        original.failing_host = failure.failing_host;
        original.reason = failure.reason;
        original.cause = failure.cause;
        original.notification = message;
        if (failure.reply != nullptr) {
            original.reply = *failure.reply;
        }
    }
    bus_.counted(
        {scheduler_.now(), trace::Tally::notification, static_cast<trace::HostIndex>(host)});

    Letter notice;
    notice.envelope.reverse_path = smtp::Path::null();  // RFC 821 3.6: MAIL FROM:<>
    notice.envelope.data = smtp::MailText::from_lines(std::move(text));
    notice.info.message = message;
    notice.info.about = letter.info.message;
    notice.info.return_path = smtp::Path::null();
    notice.add_recipient(letter.info.return_path, {recipient, 0, {}});
    return notice;
}

void Accounting::notification_passed(std::uint64_t message, net::HostId host) {
    if (MessageRecord* record = ledger_.message(message)) {
        record->route.push_back(host);
    }
}

void Accounting::hold_in_flight(std::uint64_t recipient, const std::string& reason) {
    const RecipientRecord* record = ledger_.recipient(recipient);
    if (record == nullptr) {
        return;
    }
    const std::vector<std::uint64_t> reported = record->reported;
    resolve(recipient, trace::Outcome::in_flight, 0, trace::no_host, nullptr, reason, 0, {});
    // A notification still on its way: what it reports is in flight with it.
    for (const std::uint64_t id : reported) {
        hold_in_flight(id, reason);
    }
}

void Accounting::stop(const std::string& reason) {
    for (const std::uint64_t id : ledger_.unresolved()) {
        if (!ledger_.resolved(id)) {
            resolve(id, trace::Outcome::in_flight, 0, trace::no_host, nullptr, reason, 0, {});
        }
    }
}

}  // namespace smtpsim::mta
