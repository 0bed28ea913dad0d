// libFuzzer target: a receiver fed arbitrary bytes, split into lines at LF
// (a CR before it is dropped, a lone CR stays in the line). The first bytes
// choose the host policy's answers. Every reply must be one RFC 821 4.3 lists
// for the command (or 503 out of sequence), with no CR or LF inside its text,
// and every line outside DATA must get a reply until the session closes.
// The same bytes fed to a second receiver through ReceiverStream, in chunks
// whose sizes the first byte chooses, must get the same replies.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include <string>
#include <vector>

#include "smtp/receiver.hpp"
#include "smtp/receiver_stream.hpp"
#include "smtp/sequencing.hpp"
#include "smtp/transparency.hpp"

using namespace smtpsim::smtp;

namespace {

class FuzzPolicy : public HostPolicy {
  public:
    explicit FuzzPolicy(std::uint8_t seed) : seed_(seed) {}

    bool will_serve() override { return (seed_ & 0x80) == 0; }
    bool implements(Verb verb) override {
        return ((seed_ >> (static_cast<int>(verb) % 7)) & 1) == 0 || verb == Verb::vrfy;
    }
    std::optional<ReplyCode> transient_failure(Verb verb) override {
        if (++calls_ % 13 != (seed_ % 13) || verb == Verb::quit) {
            return std::nullopt;
        }
        return reply::service_not_available;
    }
    StorageStatus storage_for(Mode, const Path&) override {
        return static_cast<StorageStatus>(calls_ % 3);
    }
    std::size_t max_recipients() override { return 1 + seed_ % 4; }
    MailboxAnswer lookup_mailbox(const Mailbox& mailbox) override {
        return {static_cast<MailboxStatus>((mailbox.local_part.size() + seed_) % 8),
                Path{{}, {"x", "FWD.ARPA"}}};
    }
    bool terminal_active(const Mailbox& mailbox) override { return mailbox.domain.size() % 2 == 0; }
    RelayStatus may_relay(std::string_view host, const Path&) override {
        return static_cast<RelayStatus>(host.size() % 3);
    }
    VerifyAnswer verify(std::string_view name) override {
        return {static_cast<VerifyStatus>(name.size() % 6), "Full Name", Path{{}, {"u", "H.ARPA"}}};
    }
    ExpandAnswer expand(std::string_view name) override {
        return {static_cast<ExpandStatus>(name.size() % 4),
                {{"", Path{{}, {"a", "B"}}}, {"C", Path{{"R"}, {"d", "E"}}}}};
    }
    bool accept_turn() override { return (seed_ & 0x40) != 0; }
    Reply accept_message(Transaction& transaction) override {
        if (transaction.recipients.empty()) {
            std::abort();
        }
        static constexpr ReplyCode finals[] = {250, 451, 452, 552, 554};
        return standard_reply(finals[transaction.data->line_count() % 5]);
    }

  private:
    std::uint8_t seed_;
    unsigned calls_ = 0;
};

void check_text(const Reply& reply) {
    for (const auto& line : reply.lines) {
        if (line.find_first_of("\r\n") != std::string::npos) {
            std::abort();
        }
    }
}

// The replies of a receiver fed `input` through a ReceiverStream in chunks
// of 1 to 64 bytes, or one 64 KiB read at a time.
std::vector<std::string> streamed(std::uint8_t seed, std::string_view input) {
    FuzzPolicy policy(seed);
    Receiver receiver("ME.ARPA", policy);
    ReceiverStream stream(receiver);
    std::vector<std::string> replies{receiver.greeting().format()};
    const std::size_t chunk = (seed & 0x40) != 0 ? 65536 : 1 + seed % 64;
    for (std::size_t at = 0; at < input.size(); at += chunk) {
        for (const Reply& reply : stream.feed(input.substr(at, chunk))) {
            replies.push_back(reply.format());
        }
    }
    for (const Reply& reply : stream.finish()) {
        replies.push_back(reply.format());
    }
    return replies;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) {
        return 0;
    }
    FuzzPolicy policy(data[0]);
    Receiver receiver("ME.ARPA", policy);
    const Reply greeting = receiver.greeting();
    check_text(greeting);
    std::vector<std::string> replies{greeting.format()};
    std::string_view input(reinterpret_cast<const char*>(data + 1), size - 1);
    const std::string_view whole = input;
    while (!input.empty() && !receiver.closed()) {
        const std::size_t end = input.find('\n');
        std::string_view line = input.substr(0, end);
        input = end == std::string_view::npos ? std::string_view{} : input.substr(end + 1);
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        const bool in_data = receiver.state() == ReceiverState::data;
        const auto split = split_command(line);
        const auto reply = receiver.on_line(line);
        if (in_data) {
            if (reply.has_value() != (line == end_of_data)) {
                std::abort();
            }
            if (reply && !permits(permitted_end_of_data_replies(), reply->code) &&
                reply->code != reply::service_not_available) {
                std::abort();
            }
        } else {
            if (!reply) {
                std::abort();
            }
            if (split.ok() && line.size() + 2 <= max_command_line_length &&
                !permits(permitted_replies(split.value().verb), reply->code) &&
                reply->code != reply::bad_sequence) {
                std::abort();
            }
        }
        if (reply) {
            check_text(*reply);
            replies.push_back(reply->format());
        }
    }
    if (streamed(data[0], whole) != replies) {
        std::abort();
    }
    return 0;
}
