// Protocol library throughput: command parsing and receiver steps over a
// realistic session mix, counted in lines fed to the receiver.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "smtp/path.hpp"
#include "smtp/receiver.hpp"

using namespace smtpsim::smtp;

namespace {

// A host with three local users that relays for everyone.
class BenchPolicy : public HostPolicy {
  public:
    MailboxAnswer lookup_mailbox(const Mailbox& mailbox) override {
        for (const char* user : {"Jones", "Brown", "Admin.MRC"}) {
            if (mailbox.local_part == user) {
                return {MailboxStatus::exists, {}};
            }
        }
        return {MailboxStatus::unknown, {}};
    }
    RelayStatus may_relay(std::string_view, const Path&) override { return RelayStatus::accepted; }
    VerifyAnswer verify(std::string_view) override {
        return {VerifyStatus::user, "Mark Crispin", Path{{}, {"Admin.MRC", "SU-SCORE.ARPA"}}};
    }
    Reply accept_message(Transaction& transaction) override {
        benchmark::DoNotOptimize(transaction.data->line_count());
        return Reply{reply::ok, "OK"};
    }
};

// One connection: two transactions (local, relayed, an unknown user, a
// source route), a VRFY, a NOOP, an aborted transaction, 12 text lines per
// message of which some need dot-stuffing, and QUIT.
std::vector<std::string> session_lines() {
    std::vector<std::string> lines = {
        "HELO USC-ISIF.ARPA",
        "MAIL FROM:<Smith@USC-ISIF.ARPA>",
        "RCPT TO:<Jones@BBN-UNIX.ARPA>",
        "RCPT TO:<Green@BBN-UNIX.ARPA>",
        "RCPT TO:<@BBN-UNIX.ARPA,@USC-ISIE.ARPA:Q-Smith@ISI-VAXA.ARPA>",
        "DATA",
    };
    const std::vector<std::string> text = {
        "Date: 2 Nov 81 22:33:44",
        "From: John Q. Public <JQP@MIT-AI.ARPA>",
        "Subject:  The Next Meeting of the Board",
        "To: Jones@BBN-Vax.ARPA",
        "",
        "Bill:",
        "The next meeting of the board of directors will be",
        "on Tuesday.",
        "..dot-stuffed line",
        "Blah blah blah...",
        "...etc. etc. etc.",
        "                                             John.",
    };
    lines.insert(lines.end(), text.begin(), text.end());
    lines.push_back(".");
    lines.push_back("VRFY Crispin");
    lines.push_back("NOOP");
    lines.push_back("MAIL FROM:<>");
    lines.push_back("RCPT TO:<@BBN-UNIX.ARPA:JOE@HOSTW.ARPA>");
    lines.push_back("RCPT TO:<Brown@BBN-UNIX.ARPA>");
    lines.push_back("DATA");
    lines.insert(lines.end(), text.begin(), text.end());
    lines.push_back(".");
    lines.push_back("MAIL FROM:<EAK@MIT-MC.ARPA>");
    lines.push_back("RCPT TO:<Nobody@BBN-UNIX.ARPA>");
    lines.push_back("RSET");
    lines.push_back("QUIT");
    return lines;
}

void receiver_session_mix(benchmark::State& state) {
    const std::vector<std::string> lines = session_lines();
    BenchPolicy policy;
    std::int64_t fed = 0;
    for (auto _ : state) {
        Receiver receiver("BBN-UNIX.ARPA", policy);
        benchmark::DoNotOptimize(receiver.greeting());
        for (const auto& line : lines) {
            auto reply = receiver.on_line(line);
            benchmark::DoNotOptimize(reply);
        }
        fed += static_cast<std::int64_t>(lines.size());
    }
    state.SetItemsProcessed(fed);
    state.counters["lines_per_session"] = static_cast<double>(lines.size());
}
BENCHMARK(receiver_session_mix);

void parse_command_lines(benchmark::State& state) {
    const std::vector<std::string> lines = {
        "HELO USC-ISIF.ARPA", "MAIL FROM:<Smith@USC-ISIF.ARPA>",
        "RCPT TO:<@USC-ISIE.ARPA,@USC-ISIF.ARPA:Q-Smith@ISI-VAXA.ARPA>", "DATA", "QUIT"};
    std::int64_t parsed = 0;
    for (auto _ : state) {
        for (const auto& line : lines) {
            auto command = parse_command(line);
            benchmark::DoNotOptimize(command);
        }
        parsed += static_cast<std::int64_t>(lines.size());
    }
    state.SetItemsProcessed(parsed);
}
BENCHMARK(parse_command_lines);

void parse_source_route(benchmark::State& state) {
    const std::string text = "<@USC-ISIE.ARPA,@USC-ISIF.ARPA:Q-Smith@ISI-VAXA.ARPA>";
    for (auto _ : state) {
        auto path = parse_path(text);
        benchmark::DoNotOptimize(path);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(parse_source_route);

}  // namespace
