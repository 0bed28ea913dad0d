// Final delivery: terminals and mailboxes by mode and login (RFC 821 3.4),
// and mailing lists that receive mail and send it on (RFC 821 3.3).
#include <gtest/gtest.h>

#include "mta/simulation.hpp"
#include "sim_fixture.hpp"

using namespace smtpsim;
using namespace smtpsim::testing;
using core::Time;

namespace {

// What a delivery said: where it went (README, "How the simulation works").
struct Where : trace::Observer {
    unsigned interests() const override { return trace::outcomes | trace::mail; }
    void on_resolved(const trace::RecipientResolved& e) override {
        if (e.counted) {
            outcomes.push_back(e.forward_path.format() + " " +
                               std::string(trace::outcome_name(e.outcome)) +
                               (e.outcome == trace::Outcome::delivered
                                    ? " " + std::string(trace::destination_names(e.destination))
                                    : ""));
        }
    }
    void on_mail_stored(const trace::MailStored& e) override {
        stored.push_back(std::string(e.host_name) + " " + std::string(e.user) + " " +
                         std::string(trace::destination_names(e.destination)) + " " +
                         e.return_path.format());
    }
    std::vector<std::string> outcomes;
    std::vector<std::string> stored;
};

struct DeliveryRun {
    net::Topology topology;
    trace::Bus bus;
    Recorder recorder;
    Where where;
    core::Scheduler scheduler;
    std::unique_ptr<mta::Simulation> sim;

    DeliveryRun(const char* json, mta::RoutingMode mode, mta::RetryPolicy retry = {})
        : topology(topology_from(json)) {
        bus.subscribe(recorder);
        bus.subscribe(where);
        mta::SimulationConfig config;
        config.routing = mode;
        config.retry = retry;
        sim = std::make_unique<mta::Simulation>(topology, config, scheduler, bus);
    }
    void mail(Time at, smtp::Mode mode, const std::string& from, const std::string& to) {
        sim->submit({at, mailbox(from), {path(to)}, mode, text({"Subject: x", "", "hi"}), {}});
    }
};

// Crispin is logged in from 1h to 2h; EAK writes from MIT-MC.
const char* terminals_json = R"({
  "nodes": [{"name": "MC", "users": [{"mailbox": "EAK"}]},
            {"name": "SCORE", "users": [{"mailbox": "Crispin", "logins": [{"from": "1h", "to": "2h"}]}]}],
  "links": [{"a": "MC", "b": "SCORE"}]
})";

// A list at F: a local member, a member two hops away, one behind a source
// route, a local list within it, and an unknown member.
const char* list_json = R"({
  "nodes": [{"name": "A", "users": [{"mailbox": "smith"}]},
            {"name": "F", "users": [{"mailbox": "postel"}],
             "lists": [{"name": "people", "members": ["<postel@F>", "<@Q:bob@V>", "<joe@V>",
                                                       "<inner@F>", "<nobody@V>"]},
                       {"name": "inner", "members": ["<people@F>", "<postel@F>", "<ann@Q>"]}]},
            {"name": "Q", "users": [{"mailbox": "ann"}]},
            {"name": "V", "users": [{"mailbox": "bob"}, {"mailbox": "joe"}]}],
  "links": [{"a": "A", "b": "F"}, {"a": "F", "b": "Q"}, {"a": "Q", "b": "V"}]
})";

}  // namespace

TEST(delivery, send_to_a_user_logged_out_is_450_and_reaches_the_terminal_after_login) {
    // RFC 821 3.4 and Appendix F 5: "450 User not active now"; the sender
    // keeps the mail and tries again (every 30min) until Crispin logs in at 1h.
    DeliveryRun r(terminals_json, mta::RoutingMode::as_written);
    r.mail(Time::zero(), smtp::Mode::send, "EAK@MC", "<Crispin@SCORE>");
    r.sim->run();
    expect_balanced(*r.sim);
    EXPECT_EQ(r.where.outcomes, (std::vector<std::string>{"<Crispin@SCORE> delivered terminal"}));
    EXPECT_EQ(r.where.stored, (std::vector<std::string>{"SCORE Crispin terminal <EAK@MC>"}));
    ASSERT_GE(r.recorder.sessions.size(), 3u);
    const auto& first = r.recorder.sessions[0].lines;
    EXPECT_NE(std::find(first.begin(), first.end(), "R: 450 User not active now"), first.end());
    EXPECT_GE(r.recorder.outcomes.at(0).t_ns, Time::h(1).count_ns());
}

TEST(delivery, soml_falls_back_to_the_mailbox_and_saml_reaches_both_when_logged_in) {
    // RFC 821 3.4: SOML to the terminal, or else the mailbox; SAML to the
    // terminal if the user is active, and to the mailbox.
    DeliveryRun r(terminals_json, mta::RoutingMode::as_written);
    r.mail(Time::zero(), smtp::Mode::soml, "EAK@MC", "<Crispin@SCORE>");
    r.mail(Time::min(70), smtp::Mode::soml, "EAK@MC", "<Crispin@SCORE>");
    r.mail(Time::min(80), smtp::Mode::saml, "EAK@MC", "<Crispin@SCORE>");
    r.mail(Time::h(3), smtp::Mode::saml, "EAK@MC", "<Crispin@SCORE>");
    r.sim->run();
    expect_balanced(*r.sim);
    EXPECT_EQ(r.where.outcomes,
              (std::vector<std::string>{
                  "<Crispin@SCORE> delivered mailbox", "<Crispin@SCORE> delivered terminal",
                  "<Crispin@SCORE> delivered both", "<Crispin@SCORE> delivered mailbox"}));
}

TEST(delivery, send_by_a_local_user_to_one_logged_out_is_returned_at_once) {
    // No RCPT was asked: the host finds at delivery that SEND reaches no one.
    DeliveryRun r(R"({"nodes": [{"name": "H", "users": [{"mailbox": "a"}, {"mailbox": "b"}]}]})",
                  mta::RoutingMode::as_written);
    r.mail(Time::zero(), smtp::Mode::send, "a@H", "<b@H>");
    r.sim->run();
    expect_balanced(*r.sim);
    EXPECT_EQ(r.where.outcomes, (std::vector<std::string>{"<b@H> returned"}));
}

TEST(delivery, mail_to_a_list_is_expanded_on_receipt_and_sent_to_each_member) {
    // RFC 821 3.3: the list is accepted (250), delivered to the list, and each
    // member, once, gets a copy whose reverse-path is the list's Postmaster
    // (RFC 5321 3.10); a source route is followed; the local list within it
    // is expanded at once, and its naming the outer list again ends there.
    DeliveryRun r(list_json, mta::RoutingMode::next_hop);
    r.mail(Time::zero(), smtp::Mode::mail, "smith@A", "<people@F>");
    r.sim->run();
    expect_balanced(*r.sim);
    const auto& first = r.recorder.sessions.at(0).lines;
    EXPECT_NE(std::find(first.begin(), first.end(), "S: RCPT TO:<people@F>"), first.end());
    auto outcomes = r.where.outcomes;
    std::sort(outcomes.begin(), outcomes.end());
    EXPECT_EQ(outcomes, (std::vector<std::string>{
                            "<@Q:bob@V> delivered mailbox", "<ann@Q> delivered mailbox",
                            "<joe@V> delivered mailbox", "<nobody@V> returned",
                            "<people@F> delivered list", "<postel@F> delivered mailbox"}));
    const auto totals = r.sim->totals();
    EXPECT_EQ(totals.recipients, 6u);
    EXPECT_EQ(totals.delivered, 5u);
    EXPECT_EQ(totals.returned, 1u);
    // The copies go out with the list's owner as the reverse-path, each relay
    // in front of it (RFC 821 3.6); the notification about nobody@V comes back.
    auto stored = r.where.stored;
    std::sort(stored.begin(), stored.end());
    EXPECT_EQ(stored, (std::vector<std::string>{
                          "F Postmaster mailbox <>", "F postel mailbox <Postmaster@F>",
                          "Q ann mailbox <Postmaster@F>", "V bob mailbox <@Q:Postmaster@F>",
                          "V joe mailbox <@Q:Postmaster@F>"}));
}

TEST(delivery, a_failed_member_is_returned_to_the_list_owner_not_the_sender) {
    // RFC 5321 3.10: errors go to the list's administrator. The notification
    // about <nobody@V> goes back to F and is delivered to its owner's mailbox.
    DeliveryRun r(list_json, mta::RoutingMode::next_hop);
    r.mail(Time::zero(), smtp::Mode::mail, "smith@A", "<people@F>");
    r.sim->run();
    EXPECT_NE(std::find(r.where.stored.begin(), r.where.stored.end(), "F Postmaster mailbox <>"),
              r.where.stored.end());
    for (const std::string& stored : r.where.stored) {
        EXPECT_FALSE(stored.starts_with("A ")) << stored;  // nothing went back to smith
    }
}

TEST(delivery, a_list_may_name_its_owner) {
    DeliveryRun r(R"({"nodes": [{"name": "A", "users": [{"mailbox": "smith"}]},
                       {"name": "F", "users": [{"mailbox": "keeper"}, {"mailbox": "x"}],
                        "lists": [{"name": "l", "members": ["<x@F>"], "owner": "<keeper@F>"}]}],
             "links": [{"a": "A", "b": "F"}]})",
                  mta::RoutingMode::next_hop);
    r.mail(Time::zero(), smtp::Mode::mail, "smith@A", "<l@F>");
    r.sim->run();
    EXPECT_EQ(r.where.stored, (std::vector<std::string>{"F x mailbox <keeper@F>"}));
}

TEST(delivery, mail_to_postmaster_is_stored_under_the_name_postmaster) {
    // RFC 5321 4.5.1: every host has a Postmaster mailbox, listed or not; its
    // files carry that name however the RCPT spelled it.
    DeliveryRun r(R"({"nodes": [{"name": "A", "users": [{"mailbox": "a"}]}, {"name": "B"}],
                     "links": [{"a": "A", "b": "B"}]})",
                  mta::RoutingMode::as_written);
    r.mail(Time::zero(), smtp::Mode::mail, "a@A", "<POSTMASTER@B>");
    r.sim->run();
    EXPECT_EQ(r.where.stored, (std::vector<std::string>{"B Postmaster mailbox <a@A>"}));
}
