// A big mail is held once: relaying it over several hops to several
// recipients adds the Received: and Return-Path lines, never a copy of its
// text. Measured two ways: the bytes the run allocates, and the address of
// the body's characters in each mailbox.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "../lib/allocation_counter.hpp"
#include "mta/simulation.hpp"
#include "sim_fixture.hpp"

namespace {

using namespace smtpsim;
using namespace smtpsim::testing;

// A - B - C - D - E, and E - F, E - G, E - H: dan is 3 hops from alice,
// erin 4, fay, gus and hal 5.
const char* tree_json = R"({
  "defaults": {"link": {"latency": "10ms", "bandwidth": "10Mbit/s"}},
  "nodes": [{"name": "A", "users": [{"mailbox": "alice"}]}, {"name": "B"}, {"name": "C"},
            {"name": "D", "users": [{"mailbox": "dan"}]}, {"name": "E", "users": [{"mailbox": "erin"}]},
            {"name": "F", "users": [{"mailbox": "fay"}]}, {"name": "G", "users": [{"mailbox": "gus"}]},
            {"name": "H", "users": [{"mailbox": "hal"}]}],
  "links": [{"a": "A", "b": "B"}, {"a": "B", "b": "C"}, {"a": "C", "b": "D"}, {"a": "D", "b": "E"},
            {"a": "E", "b": "F"}, {"a": "E", "b": "G"}, {"a": "E", "b": "H"}]
})";

// About 4 MB: 40,000 lines of 100 characters (4,080,000 bytes with CRLFs).
smtp::MailTextPtr big_text() {
    constexpr std::size_t lines = 40'000;
    constexpr std::size_t width = 100;
    smtp::MailText::Builder builder(lines * width, lines);
    std::string line;
    for (std::size_t i = 0; i < lines; ++i) {
        line = "line " + std::to_string(i) + " ";
        line.resize(width, static_cast<char>('a' + i % 26));
        builder.add(line);
    }
    return builder.finish();
}

// Where the characters of a text's last line are: the body's buffer.
const char* last_line_address(const smtp::MailText& text) {
    const char* address = nullptr;
    text.for_each_line([&address](std::string_view line) { address = line.data(); });
    return address;
}

}  // namespace

TEST(big_mail, four_mb_to_five_recipients_up_to_five_hops_away_is_never_copied) {
    const net::Topology topology = topology_from(tree_json);
    trace::Bus bus;  // no observer: a transcript would copy every line, on purpose
    core::Scheduler scheduler;
    mta::SimulationConfig config;
    config.routing = mta::RoutingMode::next_hop;
    mta::Simulation sim(topology, config, scheduler, bus);

    const smtp::MailTextPtr body = big_text();
    ASSERT_GT(body->bytes(), 4'000'000u);
    mta::Submission mail;
    mail.at = core::Time::zero();
    mail.from = mailbox("alice@A");
    for (const char* to : {"<dan@D>", "<erin@E>", "<fay@F>", "<gus@G>", "<hal@H>"}) {
        mail.to.push_back(path(to));
    }
    mail.text = body;
    sim.submit(std::move(mail));

    namespace allocations = smtpsim::testing::allocations;
    const std::int64_t before = allocations::total.load();
    sim.run();
    const auto allocated = static_cast<std::uint64_t>(allocations::total.load() - before);
    expect_balanced(sim);
    EXPECT_EQ(sim.totals().delivered, 5u);
    // 7 transfers (A-B, B-C, C-D, D-E, E-F, E-G, E-H) and 5 deliveries: a
    // copy per hop or per recipient would allocate 7 or 5 bodies; the run
    // allocates less than a tenth of one.
    EXPECT_LT(allocated, body->bytes() / 10) << allocated << " bytes allocated during the run";
    ::testing::Test::RecordProperty("allocated_bytes", std::to_string(allocated));

    // Each mailbox holds the body's own characters, behind its Return-Path
    // line and one Received: line a hop.
    const std::vector<std::pair<std::string, std::size_t>> hops = {
        {"D", 3}, {"E", 4}, {"F", 5}, {"G", 5}, {"H", 5}};
    for (const auto& [host, hop_count] : hops) {
        const auto& stored = sim.host(*topology.find_host(host)).mailbox();
        ASSERT_EQ(stored.size(), 1u) << host;
        const smtp::MailText& text = *stored[0].text;
        EXPECT_EQ(last_line_address(text), last_line_address(*body)) << host;
        EXPECT_EQ(text.line_count(), body->line_count() + 1 + hop_count) << host;
    }
}
