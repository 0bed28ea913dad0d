// A host's final deliveries: to a user's mailbox, terminal or both, by the
// mode of the transaction and whether the user is logged in (RFC 821 3.4);
// and to a mailing list, which sends the mail on to its members (3.3).
#include "mta/host.hpp"

#include <set>

#include "core/ascii.hpp"

namespace smtpsim::mta {
namespace {

using trace::Destination;

// RFC 5321 6.3: a mail that has made this many hops (as many Received: lines)
// is taken to be in a loop; a list does not send it on again.
constexpr int max_list_hops = 100;

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        c = core::to_lower_ascii(c);
    }
    return out;
}

}  // namespace

bool Host::terminal_active(const smtp::Mailbox& mailbox) const {
    const net::User* user = props_.find_mailbox(mailbox.user());
    return user != nullptr && user->logged_in(env_.scheduler.now());
}

std::optional<Destination> Host::destination_of(smtp::Mode mode, const net::User* user) const {
    // RFC 821 3.4: SEND to the terminal only; SOML to the terminal, else the
    // mailbox; SAML to the terminal if the user is logged in, and the mailbox.
    const bool logged_in = user != nullptr && user->logged_in(env_.scheduler.now());
    switch (mode) {
        case smtp::Mode::mail:
            return Destination::mailbox;
        case smtp::Mode::send:
            return logged_in ? std::optional(Destination::terminal) : std::nullopt;
        case smtp::Mode::soml:
            return logged_in ? Destination::terminal : Destination::mailbox;
        case smtp::Mode::saml:
            return logged_in ? Destination::both : Destination::mailbox;
    }
    return Destination::mailbox;
}

void Host::store(const Letter& letter, std::size_t index) {
    const std::string user_name = letter.envelope.forward_paths[index].mailbox.user();
    const net::User* user = props_.find_mailbox(user_name);
    if (user == nullptr) {
        if (const net::MailingList* list = props_.find_list(user_name)) {
            expand(letter, index, *list);
            return;
        }
    }
    const auto destination = destination_of(letter.envelope.mode, user);
    if (!destination) {
        // The user logged out after the RCPT was answered, or a local user
        // sent it: SEND reaches a terminal or nothing.
        const std::size_t which[] = {index};
        give_up(letter, which,
                {nullptr, static_cast<trace::HostIndex>(id_),
                 user_name + " is not logged in at " + name() + " (SEND reaches only a terminal)",
                 trace::Cause{trace::Cause::Kind::refused, 0}});
        return;
    }
    if (*destination != Destination::terminal) {
        storage_used_ += letter.bytes();
    }
    // Files are named by the topology's spelling; Postmaster need not be listed.
    const bool postmaster = user == nullptr && core::iequals(user_name, "Postmaster");
    keep_text(letter, index,
              user != nullptr ? std::string_view(user->mailbox)
                              : (postmaster ? std::string_view("Postmaster") : user_name),
              *destination);
    std::vector<std::size_t> which;
    const std::uint64_t id = letter.info.recipients[index].id;
    for (std::size_t i = 0; i < letter.info.recipients.size(); ++i) {
        if (letter.info.recipients[i].id == id) {
            which.push_back(i);
        }
    }
    hop(trace::HopKind::delivered, letter, false, which, *destination);
    if (!env_.accounting.delivered(letter, index, id_, *destination)) {
        // Another copy got here first (a dropped 250).
        env_.bus.counted({env_.scheduler.now(), trace::Tally::duplicate_delivery,
                          static_cast<trace::HostIndex>(id_)});
    }
}

void Host::keep_text(const Letter& letter, std::size_t index, std::string_view user,
                     Destination destination) {
    if (!env_.config.keep_mail_text) {
        return;
    }
    // RFC 821 4.1.1: final delivery puts the reverse-path in a Return-Path line.
    smtp::MailTextPtr text = smtp::MailText::prepend(
        "Return-Path: " + letter.info.return_path.format(), letter.envelope.data);
    if (destination != Destination::terminal) {
        mailbox_.push_back({env_.scheduler.now(), letter.info.message,
                            letter.envelope.forward_paths[index].mailbox.user(),
                            letter.envelope.mode, text});
    }
    if (env_.bus.wants(trace::mail)) {
        env_.bus.mail_stored({env_.scheduler.now(), static_cast<trace::HostIndex>(id_), name(),
                              user, destination, letter.info.return_path, *text});
    }
}

std::vector<smtp::Path> Host::list_members(const net::MailingList& list) const {
    // Members that are lists of this host are expanded here too, each list
    // once, so a list that names itself, directly or not, ends; a mailbox
    // named twice gets one copy.
    std::vector<smtp::Path> members;
    std::vector<const net::MailingList*> pending{&list};
    std::set<const net::MailingList*> seen{&list};
    std::set<std::string> have;
    for (std::size_t next = 0; next < pending.size(); ++next) {
        for (const smtp::Path& member : policy_.members(*pending[next])) {
            const smtp::Path here = smtp::remove_self(member, name());
            if (here.route.empty() && smtp::same_domain(here.mailbox.domain, name()) &&
                props_.find_mailbox(here.mailbox.user()) == nullptr) {
                if (const net::MailingList* inner = props_.find_list(here.mailbox.user())) {
                    if (seen.insert(inner).second) {
                        pending.push_back(inner);
                    }
                    continue;
                }
            }
            if (have.insert(lower(member.format())).second) {
                members.push_back(member);
            }
        }
    }
    return members;
}

bool Host::refuse_list(const Letter& letter, std::size_t index, const net::MailingList& list,
                       std::size_t list_index, std::size_t members) {
    // RFC 5321 3.10: a list's copies carry its owner as reverse-path, so the
    // failure of a copy that comes back to a list it was sent from goes to
    // that owner, once; the list does not send the mail on again.
    using Check = Accounting::ListCheck;
    const Check check = env_.accounting.check_list(letter, index, id_, list_index, members);
    if (check == Check::expand || check == Check::duplicate) {
        return false;  // a duplicate is counted by expand_list
    }
    const bool loop = check == Check::loop;
    if (env_.bus.wants(trace::tallies)) {
        env_.bus.counted({env_.scheduler.now(),
                          loop ? trace::Tally::list_loop : trace::Tally::list_limit,
                          static_cast<trace::HostIndex>(id_)});
    }
    const std::size_t which[] = {index};
    give_up(letter, which,
            {nullptr, static_cast<trace::HostIndex>(id_),
             loop ? "a mail loop: the mail came back to the list " + list.name + " at " + name() +
                        ", which had sent it on already"
                  : "the list " + list.name + " at " + name() + " would bring the mail past " +
                        std::to_string(max_list_copies) + " copies",
             trace::Cause{trace::Cause::Kind::refused, 0}});
    return true;
}

smtp::Path Host::list_owner(const net::MailingList& list) const {
    // RFC 821 is silent; RFC 5321 3.10 sends the members' copies with the
    // list's administrator as reverse-path, so failures go to who can fix
    // the list, not to every sender. Postmaster exists on every host (RFC 5321 4.5.1).
    if (!list.owner.empty()) {
        if (auto parsed = smtp::parse_path(list.owner)) {
            return std::move(parsed).value();
        }
    }
    smtp::Path owner;
    owner.mailbox = {"Postmaster", name()};
    return owner;
}

void Host::expand(const Letter& letter, std::size_t index, const net::MailingList& list) {
    const std::size_t which[] = {index};
    if (letter.info.hops >= max_list_hops) {
        give_up(letter, which,
                {nullptr, static_cast<trace::HostIndex>(id_),
                 "a mail loop: the mail reached the list " + list.name + " at " + name() +
                     " after " + std::to_string(letter.info.hops) + " hops",
                 trace::Cause{trace::Cause::Kind::refused, 0}});
        return;
    }
    std::vector<smtp::Path> members = list_members(list);
    const auto list_index = static_cast<std::size_t>(&list - props_.lists.data());
    if (refuse_list(letter, index, list, list_index, members.size())) {
        return;
    }
    hop(trace::HopKind::delivered, letter, false, which, Destination::list);
    const auto ids = env_.accounting.expand_list(letter, index, id_, list_index, members);
    if (!ids || members.empty()) {
        return;  // another copy reached the list first, or it has no members
    }
    // The copies go out as this host's own mail. A notification sent to a
    // list keeps its null reverse-path: it is never answered by another.
    const bool notification = letter.info.return_path.is_null();
    Letter copy;
    copy.envelope.reverse_path = notification ? smtp::Path::null() : list_owner(list);
    copy.envelope.mode = smtp::Mode::mail;
    copy.envelope.data = letter.envelope.data;
    copy.info.message = letter.info.message;
    copy.info.about = letter.info.about;
    copy.info.return_path = copy.envelope.reverse_path;
    copy.info.hops = letter.info.hops;
    copy.info.originated_here = !notification;
    for (std::size_t i = 0; i < members.size(); ++i) {
        copy.add_recipient(std::move(members[i]), {(*ids)[i], 0, {}});
    }
    submit(std::move(copy));
}

}  // namespace smtpsim::mta
