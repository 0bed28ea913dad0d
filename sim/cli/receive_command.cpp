// `smtpsim receive`: one receiver-SMTP session of a topology host on standard
// input and output, as a person would see it on port 25.
#include <unistd.h>

#include <array>
#include <cerrno>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "cli/command.hpp"
#include "core/input_error.hpp"
#include "core/output_file.hpp"
#include "mta/topology_policy.hpp"
#include "net/topology_io.hpp"
#include "smtp/receiver.hpp"
#include "smtp/receiver_stream.hpp"
#include "smtp/sender.hpp"

namespace smtpsim::cli {
namespace {

struct ReceiveArgs {
    std::string topology;
    std::string host;
    bool helo_first = false;
    bool explain = false;
};

class ReceivePolicy : public mta::TopologyPolicy {
  public:
    using TopologyPolicy::TopologyPolicy;
    // RFC 821 4.1.1: "250 OK" at the end of mail data, as its dialogues show.
    smtp::Reply accept_message(smtp::Transaction&) override {
        return smtp::Reply{smtp::reply::ok, "OK"};
    }
};

// Each reply goes out at once: a person is typing, or a client waits for it.
void write(const smtp::Reply& reply) {
    std::cout << reply.format();
    core::flush_standard_output();
}

// With --explain, after each reply a line for people, not SMTP: the reply's
// RFC 821 4.3 class, its 4.4 class where the diagrams draw another exit, and
// the receiver's state after it.
void explain(const smtp::Reply& reply, smtp::ReceiverState state, smtp::ReplyOutcome outcome) {
    std::cout << "# " << smtp::reply_outcome_letters(outcome) << " ("
              << smtp::reply_outcome_names(outcome);
    // Only DATA's 354 leaves the receiver in DATA: the DATA diagram's "3".
    const smtp::ReplyOutcome drawn =
        smtp::diagram_outcome(reply.code, state == smtp::ReceiverState::data);
    if (drawn != outcome) {
        std::cout << "; " << smtp::reply_outcome_letters(drawn) << " in 4.4's diagrams";
    }
    std::cout << "), now " << smtp::state_name(state);
    if (state == smtp::ReceiverState::turned) {
        std::cout << ": the roles swap, this host is the sender (RFC 821 3.8)";
    }
    std::cout << "\r\n";
    core::flush_standard_output();
}

void write_all(const std::vector<smtp::Reply>& replies, const smtp::ReceiverStream& stream,
               bool explained) {
    for (std::size_t i = 0; i < replies.size(); ++i) {
        write(replies[i]);
        if (explained) {
            explain(replies[i], stream.notes()[i].state, stream.notes()[i].outcome);
        }
    }
}

// Standard input in chunks as they come; false at its end (or a read error).
bool read_chunk(std::string& chunk) {
    std::array<char, 1 << 16> buffer{};
    for (;;) {
        const ssize_t n = ::read(STDIN_FILENO, buffer.data(), buffer.size());
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return false;
        }
        chunk.assign(buffer.data(), static_cast<std::size_t>(n));
        return true;
    }
}

// The sender's side ends early: the other side broke the dialogue (a reply
// line too long, a reply of too many lines, a line that is no reply, a code
// that RFC 821 4.3 does not list for the command, input that ends inside a
// reply).
void sender_error(const std::string& what) {
    std::cerr << "smtpsim: error: after TURN, as the sender: " << what
              << "; the session ends here\n";
}

// What the sender waits for a reply to, for its messages.
std::string_view awaited_name(smtp::SenderState state) {
    switch (state) {
        case smtp::SenderState::greeting:
            return "the greeting (4.3 CONNECTION ESTABLISHMENT)";
        case smtp::SenderState::helo:
            return "HELO";
        case smtp::SenderState::vrfy:
            return "VRFY";
        case smtp::SenderState::mail:
            return "MAIL";
        case smtp::SenderState::rcpt:
            return "RCPT";
        case smtp::SenderState::data:
            return "DATA";
        case smtp::SenderState::end_of_data:
            return "the end of mail data";
        case smtp::SenderState::rset:
            return "RSET";
        case smtp::SenderState::turn:
            return "TURN";
        case smtp::SenderState::quit:
            return "QUIT";
        case smtp::SenderState::done:
            return "nothing";
    }
    return "nothing";
}

// One reply line from the other side, checked as it is read: a line held no
// longer than RFC 821 4.5.3 allows. Returns the exit status when the session
// ends, nothing while it goes on.
std::optional<int> take_reply_line(smtp::Sender& sender, smtp::ReplyReader& reader,
                                   std::string& line) {
    if (!line.empty() && line.back() == '\r') {
        line.pop_back();
    }
    const auto reply = reader.feed(line);
    line.clear();
    if (!reply) {
        return std::nullopt;  // a multi-line reply goes on
    }
    if (!reply->ok()) {
        // Not a reply: the dialogue is out of step; nothing more is sent.
        sender_error("not an RFC 821 reply: " + reply->error().message());
        return 1;
    }
    // RFC 821 4.3: the replies each command may get. A code outside them
    // (a 250 for the 220, a 521 to QUIT) is a mistyped or out-of-step reply.
    if (const smtp::PermittedReplies* awaited = sender.awaited_replies();
        awaited != nullptr && !smtp::permits(*awaited, reply->value().code)) {
        sender_error(fmt::format("{} is not a reply RFC 821 4.3 lists for {}", reply->value().code,
                                 awaited_name(sender.state())));
        return 1;
    }
    for (const std::string& command : sender.react(reply->value()).wire_lines()) {
        std::cout << command << "\r\n";
    }
    core::flush_standard_output();
    return sender.done() ? std::optional(0) : std::nullopt;
}

// RFC 821 3.8: after "250" to TURN this host is the sender on the same
// connection; the input now carries the other side's replies. It keeps no
// mail (it answers the final "." without storing the text), so it holds none
// for the client: it waits for the 220 and sends QUIT. A reply line is held
// only up to its limit (RFC 821 4.5.3: 512 characters with the CRLF), so an
// endless one costs no memory; it ends the session, as does a reply of more
// than smtp::max_reply_lines lines.
int act_as_sender(const smtp::Receiver& receiver, std::string input) {
    smtp::Sender sender(receiver.domain(), {});
    sender.start();
    smtp::ReplyReader reader;
    std::string line;
    for (;;) {
        for (const char c : input) {
            if (c != '\n') {
                // With its CR the line may hold 511 characters before the LF.
                if (line.size() + 1 >= smtp::max_reply_line_length) {
                    sender_error(
                        "a reply line longer than 512 characters with its CRLF (RFC 821 4.5.3)");
                    return 1;
                }
                line += c;
                continue;
            }
            if (const auto status = take_reply_line(sender, reader, line)) {
                return *status;
            }
        }
        if (!read_chunk(input)) {
            // The end of input ends the session, but not in the middle of a
            // reply: a "250-" line with no last line is a reply cut short.
            if (!line.empty() || reader.in_reply()) {
                sender_error("the input ends inside a reply");
                return 1;
            }
            return 0;
        }
    }
}

int receive(const ReceiveArgs& args) {
    const net::Topology topology = net::load_topology(args.topology);
    const auto host = topology.find_host(args.host);
    if (!host) {
        throw core::InputError("command line", "--host",
                               "no host " + args.host + " in " + args.topology);
    }
    ReceivePolicy policy(topology, *host);
    smtp::Receiver receiver(topology.name(*host), policy);
    receiver.keep_text(false);  // the policy answers 250 without reading the text
    receiver.strict_sequence(args.helo_first || topology.host(*host).strict_sequence);
    receiver.eight_bit(topology.host(*host).eight_bit);
    smtp::ReceiverStream stream(receiver);
    const smtp::Reply greeting = receiver.greeting();
    write(greeting);
    if (args.explain) {
        explain(greeting, receiver.state(), receiver.last_outcome());
    }
    // Standard input in chunks as they come (an endless line is never held whole).
    std::string chunk;
    while (!receiver.closed() && read_chunk(chunk)) {
        write_all(stream.feed(chunk), stream, args.explain);
    }
    write_all(stream.finish(), stream, args.explain);
    return receiver.turned() ? act_as_sender(receiver, stream.take_rest()) : 0;
}

}  // namespace

void add_receive_command(CLI::App& app, Registry& registry) {
    auto args = std::make_shared<ReceiveArgs>();
    CLI::App* sub = app.add_subcommand(
        "receive",
        "Be one host's receiver-SMTP on standard input and output (type RFC 821 by hand)");
    sub->add_option("--topology", args->topology, "Topology file (JSON or DOT)")
        ->required()
        ->check(CLI::ExistingFile);
    sub->add_option("--host", args->host, "The host to be (its users, lists, forwards, policy)")
        ->required();
    sub->add_flag("--helo-first", args->helo_first,
                  "503 before HELO for all but HELO and QUIT, and for MAIL inside a transaction "
                  "(the host's strict_sequence): stricter than RFC 821 4.1.1 and 4.3, which the "
                  "default follows");
    // Its name before 0.3: it is less faithful to RFC 821, not more.
    sub->add_flag_callback(
           "--strict",
           [] {
               throw core::InputError("command line", "--strict",
                                      "renamed --helo-first: it answers 503 where RFC 821 4.3 "
                                      "does not (RSET, VRFY, EXPN, HELP, NOOP before HELO)");
           },
           "Renamed --helo-first")
        ->group("");
    sub->add_flag("--explain", args->explain,
                  "After each reply a line \"# <class> (...), now <state>\": its RFC 821 4.3 "
                  "class (S, F, E, I), its 4.4 class where that differs, and the receiver's "
                  "state");
    sub->footer(
        "Reads command lines (CRLF or LF) and writes replies (CRLF); ends after QUIT or at the\n"
        "end of input. After TURN is accepted (250; only with accepts_turn) it is the sender:\n"
        "it reads the 220 and replies, holds no mail for the client, and sends HELO, then\n"
        "QUIT. A reply RFC 821 4.3 does not list for the command ends it with exit status 1.\n"
        "Example:\n"
        "  printf 'HELO MIT-AI.ARPA\\nVRFY Smith\\nQUIT\\n' |\n"
        "    smtpsim receive --topology topologies/rfc821.json --host USC-ISIF.ARPA");
    registry.push_back({sub, [args] { return receive(*args); }});
}

}  // namespace smtpsim::cli
