// One simulated SMTP session: a TCP connection over one link between a
// client host (the sender-SMTP) and a server host (the receiver-SMTP), and
// the protocol library's Sender and Receiver talking over it in lock step.
//
// Timing: the TCP handshake takes three segments, so the server writes its
// greeting one and a half round trips after the client began to connect. Each line (or the whole
// mail text with its final ".") is written on the link and arrives after the link's queueing,
// transmission and latency (Network::transmit). The server answers each command after its host's
// service time; the client writes its next command as soon as a reply arrives. Only one thing is
// ever in flight on a session.
//
// With the lines travels what the receiving host must know of the mail
// beside its text (which message, which recipients in the ledger, how many
// hops, and the index of each recipient's mailbox host, which the server
// keeps only when the path it read names that host): the server end collects
// it as its receiver accepts MAIL and RCPTs, and hands it over with the
// transaction. Neither end reads the other's state.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/scheduler.hpp"
#include "core/time.hpp"
#include "mta/host.hpp"
#include "mta/inbound.hpp"
#include "mta/mail.hpp"
#include "mta/network.hpp"
#include "smtp/receiver.hpp"
#include "smtp/sender.hpp"
#include "trace/trace.hpp"

namespace smtpsim::mta {

class Session {
  public:
    explicit Session(HostEnvironment& env) : env_(env), inbound_(env, false) {}
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    // A new connection from `client` to `server` carrying `letters` (a
    // session object is used again for later connections).
    void reset(std::uint64_t id, Host& client, Host& server, LinkIndex link,
               std::vector<Letter> letters);

    // The client starts connecting now.
    void connect();
    // The server has no free session slot: the connection waits, and the
    // client waits no longer for the greeting than its timeout (RFC 1123
    // 5.3.2: 5 minutes for the 220).
    void wait_for_slot();
    // The server has a free session slot for this connection: greet.
    void begin();
    // The connection breaks now (a host or link went down): nothing in
    // flight arrives, the sender counts what was not accepted as a transient
    // failure, and the receiver forgets an unfinished transaction.
    void break_off(std::string_view reason);
    // `host`, one of the two ends, went down now: its end of the connection
    // ends with it; the other end notices when its wait for a reply or a
    // command times out (RFC 1123 5.3.2), and only then gives up.
    void host_went_down(net::HostId host, const std::string& reason);
    bool closed() const { return closed_; }
    // Where the simulation keeps it among the open sessions.
    std::size_t open_index = 0;

    std::uint64_t id() const { return id_; }
    Host& client() const { return *client_; }
    Host& server() const { return *server_; }
    LinkIndex link() const { return link_; }
    smtp::Sender& sender() { return sender_; }
    const smtp::Sender& sender() const { return sender_; }
    // The bookkeeping of each envelope the sender was given, in order.
    std::vector<LetterInfo>& letter_infos() { return infos_; }
    const std::vector<LetterInfo>& letter_infos() const { return infos_; }
    // The sender's envelopes, once their contents were taken: the memory
    // serves the next connection.
    void recycle(std::vector<smtp::Envelope> envelopes) {
        envelopes.clear();
        envelopes_ = std::move(envelopes);
    }

  private:
    // What a command line carries besides its text.
    struct Tag {
        enum class Kind { none, mail, rcpt } kind = Kind::none;
        std::uint64_t message = 0;
        std::uint64_t about = 0;
        int hops = 0;
        std::uint64_t recipient = 0;
        // rcpt: the host of the mailbox as the client's letter has it; the
        // server keeps it only when the path it read names that host.
        MailboxHost destination;
    };

    void load(std::vector<Letter> letters);
    void turn_around();
    void connected();
    void connect_failed();
    void write_to_server(smtp::SenderStep step);
    void trace_lines(const smtp::SenderStep& step, core::Time now, core::Time arrival);
    Tag tag_of_step() const;
    void server_reads();
    std::optional<DropStep> drop_step() const;
    void write_to_client(smtp::Reply reply, trace::Payload payload);
    void client_reads();
    void close(trace::CloseReason reason, std::string_view text);
    void end_client();
    void end_server();
    void trace_closed(trace::CloseReason reason, std::string_view text);
    // When the client notices that the server is gone, and what it was
    // waiting for; when the server notices that the client is gone.
    std::pair<core::Time, std::string_view> client_notices(core::Time now) const;
    core::Time server_notices(core::Time now) const;
    // Whether what the client waits for comes after its timeout (RFC 1123
    // 5.3.2) would end: then it gives up at the timeout instead, and true.
    bool gives_up_before(core::Time arrival);
    void give_up_at(core::Time at, std::string notice);
    void start_receiver();
    void relayed_now(std::size_t envelope, const std::vector<bool>& accepted_before);

    HostEnvironment& env_;
    std::uint64_t id_ = 0;
    Host* client_ = nullptr;
    Host* server_ = nullptr;
    LinkIndex link_ = 0;
    std::vector<LetterInfo> infos_;
    std::vector<smtp::Envelope> envelopes_;  // handed to the sender
    smtp::Sender sender_;
    HostInbound inbound_;  // the server host's answers, with what arrived with the lines
    std::optional<smtp::Receiver> receiver_;
    bool serving_ = false;  // holds one of the server's session slots
    bool closed_ = false;
    bool client_open_ = false;  // the client's end is still in the session
    bool server_open_ = false;  // the server's end is still in the session
    bool connected_ = false;    // the TCP handshake is over
    // For the timeouts: since when the client waits for a reply (or, before
    // the handshake is over, for it), when the last byte of the mail text
    // left it, and since when the server waits for a command.
    core::Time client_waiting_since_;
    core::Time text_sent_;
    core::Time server_waiting_since_;
    std::string notice_;       // why the end that is left gives up, when it does
    core::EventId in_flight_;  // the one event this session waits for
    // What is on the wire now: a command or the mail text to the server, or
    // a reply to the client.
    smtp::SenderStep to_server_;
    Tag tag_;
    smtp::Reply to_client_;
};

}  // namespace smtpsim::mta
