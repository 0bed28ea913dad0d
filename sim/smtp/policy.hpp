// What a receiver cannot know by itself: the questions it asks its host
// (mailboxes, forwards, lists, terminals, relaying, storage, faults), and the
// completed transaction it hands over after the final ".".
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "smtp/command.hpp"
#include "smtp/mail_text.hpp"
#include "smtp/path.hpp"
#include "smtp/reply.hpp"

namespace smtpsim::smtp {

// How this host will act on an accepted recipient.
enum class Delivery {
    local,    // the mailbox is here
    relay,    // pass the mail on to forward_path.next_host()
    forward,  // 251: the user moved; pass the mail on to the policy's new path
};

struct AcceptedRecipient {
    // As accepted, with this host deleted from the front of the route if it
    // was the first element (RFC 821 3.6). For Delivery::forward, the new
    // forward-path the policy gave with its 251.
    Path forward_path;
    // The forward-path exactly as the RCPT command gave it.
    Path requested_path;
    Delivery delivery = Delivery::local;
};

// A completed mail transaction, handed to HostPolicy::accept_message.
struct Transaction {
    Mode mode = Mode::mail;
    // As the MAIL (SEND, SOML, SAML) command gave it: the Return-Path for final
    // delivery, and the route of a notification back to the originator.
    Path received_reverse_path;
    // With this host inserted at the front (RFC 821 3.6): the reverse-path to
    // send onward when relaying. Null when received_reverse_path is null.
    Path reverse_path;
    std::vector<AcceptedRecipient> recipients;  // in RCPT order, never empty
    // The mail data: text lines without CRLF, leading periods of the
    // transparency procedure already removed (RFC 821 4.5.2). Shared: the
    // policy may keep it.
    MailTextPtr data;
    // The domain the client gave in HELO.
    std::string client_domain;
};

// RCPT for a mailbox of this host.
enum class MailboxStatus {
    exists,            // 250
    will_forward,      // 251 User not local; will forward to <forward_path>
    please_try,        // 551 User not local; please try <forward_path>
    unknown,           // 550 No such user here
    busy,              // 450 mailbox busy
    no_storage,        // 452 insufficient system storage
    storage_exceeded,  // 552 exceeded storage allocation
    name_not_allowed,  // 553 mailbox name not allowed
};
struct MailboxAnswer {
    MailboxStatus status = MailboxStatus::unknown;
    Path forward_path;  // for will_forward and please_try
};

// VRFY (RFC 821 3.3).
enum class VerifyStatus {
    user,          // 250 "<full name> <mailbox>"
    will_forward,  // 251 User not local; will forward to <mailbox>
    please_try,    // 551 User not local; please try <mailbox>
    unknown,       // 550 String does not match anything.
    mailing_list,  // 550 That is a mailing list, not a user (a list not verified)
    ambiguous,     // 553 User ambiguous.
};
struct VerifyAnswer {
    VerifyStatus status = VerifyStatus::unknown;
    std::string full_name;  // may be empty
    Path mailbox;           // for user, will_forward, please_try
};

// One line of an EXPN reply: "Fred Fonebone <Fonebone@USC-ISIQ.ARPA>".
struct ListMember {
    std::string full_name;  // may be empty: "<joe@foo-unix.ARPA>"
    Path mailbox;
};
// EXPN (RFC 821 3.3).
enum class ExpandStatus {
    list,       // 250, one member per line
    unknown,    // 550 No such mailing list
    user_name,  // 550 That is a user name, not a mailing list
    denied,     // 550 Access Denied to You.
};
struct ExpandAnswer {
    ExpandStatus status = ExpandStatus::unknown;
    std::vector<ListMember> members;  // for list; at least one
};

// MAIL/SEND/SOML/SAML: room for a new transaction.
enum class StorageStatus {
    available,
    insufficient,  // 452 insufficient system storage
    exceeded,      // 552 exceeded storage allocation
};

// Relaying to another host (RFC 821 3.6: accepted or rejected "in the same
// way it accepts or rejects mail for a local user").
enum class RelayStatus {
    accepted,      // 250
    refused,       // 550 (RFC 821 4.1.1: a host that does not relay uses 550)
    busy,          // 450, try later
    no_route_yet,  // 451, try later: the host knows no route to the next host yet
};

// The host behind a receiver. The simulator implements it from its topology,
// tests implement it directly. Every method has an answer for a plain mail
// host; override what the host does differently.
class HostPolicy {
  public:
    virtual ~HostPolicy() = default;

    // Greeting: 220, or 421 when the host will not serve.
    virtual bool will_serve() { return true; }

    // Optional commands (all but those of the RFC 821 4.5.1 minimum
    // implementation): SEND, SOML, SAML, VRFY, EXPN, HELP, TURN. Not
    // implemented gives 502.
    virtual bool implements(Verb verb) {
        (void)verb;
        return true;
    }

    // Fault injection, asked before acting on each command that arrived in
    // sequence with good arguments (never for QUIT). Return a code that RFC
    // 821 4.3 lists for the command (421 closes the session; 450/451/452
    // where listed), or nothing to go on.
    virtual std::optional<ReplyCode> transient_failure(Verb verb) {
        (void)verb;
        return std::nullopt;
    }

    // MAIL, SEND, SOML, SAML.
    virtual StorageStatus storage_for(Mode mode, const Path& reverse_path) {
        (void)mode;
        (void)reverse_path;
        return StorageStatus::available;
    }

    // The most recipients one transaction takes; one more gets 552 (RFC 821
    // 4.5.3, Appendix F "too many recipients").
    virtual std::size_t max_recipients() { return 100; }

    // RCPT for a mailbox whose domain is this host.
    virtual MailboxAnswer lookup_mailbox(const Mailbox& mailbox) = 0;

    // SEND, SOML (and SAML): is the user logged in and accepting terminal
    // messages? Asked for local mailboxes that exist.
    virtual bool terminal_active(const Mailbox& mailbox) {
        (void)mailbox;
        return false;
    }

    // RCPT whose next host is another host.
    virtual RelayStatus may_relay(std::string_view next_host, const Path& forward_path) = 0;

    virtual VerifyAnswer verify(std::string_view user_name) {
        (void)user_name;
        return VerifyAnswer{};
    }
    virtual ExpandAnswer expand(std::string_view list_name) {
        (void)list_name;
        return ExpandAnswer{};
    }

    // TURN: 250 and swap roles, or 502.
    virtual bool accept_turn() { return false; }

    // The end of mail data: the host takes responsibility for the message
    // (stores it, queues it for relaying) and gives the reply: 250, or 451,
    // 452, 552, 554 (or 421, which closes the session).
    // The policy may take the mail data (move it out): the receiver is done
    // with the transaction once this returns.
    virtual Reply accept_message(Transaction& transaction) = 0;
};

}  // namespace smtpsim::smtp
