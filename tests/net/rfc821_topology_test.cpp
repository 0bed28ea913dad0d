// topologies/rfc821.json holds what each Appendix F scenario's receiver needs
// to give the RFC's replies: the senders' and recipients' mailboxes, lists,
// forwards and limits, and a link for every session the RFC shows.
#include <gtest/gtest.h>

#include <utility>

#include "net/routing.hpp"
#include "net/topology_io.hpp"

using namespace smtpsim;

namespace {

const net::Topology& rfc821() {
    static const net::Topology topology = net::load_topology("topologies/rfc821.json");
    return topology;
}

const net::HostProps& host(const char* name) {
    const auto id = rfc821().find_host(name);
    EXPECT_TRUE(id.has_value()) << name;
    return rfc821().host(id.value_or(0));
}

bool linked(const char* a, const char* b) {
    const net::Topology& t = rfc821();
    return boost::edge(*t.find_host(a), *t.find_host(b), t.graph()).second;
}

}  // namespace

TEST(rfc821_topology, every_session_of_the_rfc_runs_over_a_link) {
    const std::pair<const char*, const char*> sessions[] = {
        {"USC-ISIF.ARPA", "BBN-UNIX.ARPA"},     // scenario 1, examples 5 and 6
        {"ISI-VAXA.ARPA", "MIT-Multics.ARPA"},  // scenario 2
        {"MIT-AI.ARPA", "USC-ISIE.ARPA"},       // scenario 3, step 1
        {"USC-ISIE.ARPA", "BBN-VAX.ARPA"},      // scenario 3, step 2
        {"MIT-MC.ARPA", "SU-SCORE.ARPA"},       // scenarios 4 to 6
        {"SU-SCORE.ARPA", "MIT-AI.ARPA"},       // scenario 7, step 1
        {"SU-SCORE.ARPA", "MIT-MC.ARPA"},       // scenario 7, step 2
        {"SU-SCORE.ARPA", "USC-ISIE.ARPA"},     // scenario 7, step 3
        {"LBL-UNIX.ARPA", "USC-ISIF.ARPA"},     // scenarios 8 and 9, step 1
        {"LBL-UNIX.ARPA", "USC-ISI.ARPA"},      // scenario 9, step 2
        {"USC-ISIF.ARPA", "BERKELEY.ARPA"},     // scenario 10
        {"Alpha.ARPA", "Beta.ARPA"},            // example 1
    };
    for (const auto& [sender, receiver] : sessions) {
        EXPECT_TRUE(linked(sender, receiver)) << sender << " -- " << receiver;
    }
}

TEST(rfc821_topology, relayed_mail_has_no_shortcut) {
    // Scenario 3: MIT-AI.ARPA reaches BBN-VAX.ARPA only through USC-ISIE.ARPA.
    EXPECT_FALSE(linked("MIT-AI.ARPA", "BBN-VAX.ARPA"));
    EXPECT_EQ(boost::out_degree(*rfc821().find_host("BBN-VAX.ARPA"), rfc821().graph()), 1u);
    EXPECT_TRUE(host("USC-ISIE.ARPA").relay);
    // Scenario 7: Quincy Smith's route goes through USC-ISIF.ARPA to ISI-VAXA.ARPA.
    EXPECT_FALSE(linked("USC-ISIE.ARPA", "ISI-VAXA.ARPA"));
    EXPECT_TRUE(linked("USC-ISIE.ARPA", "USC-ISIF.ARPA"));
    EXPECT_TRUE(linked("USC-ISIF.ARPA", "ISI-VAXA.ARPA"));
    for (const net::Metric metric : {net::Metric::hops, net::Metric::latency}) {
        net::Router router(rfc821(), metric);
        const auto route =
            router.route(*rfc821().find_host("MIT-AI.ARPA"), *rfc821().find_host("BBN-VAX.ARPA"));
        ASSERT_TRUE(route);
        EXPECT_EQ(net::source_route(rfc821(), *route, "Jones"),
                  "<@USC-ISIE.ARPA:Jones@BBN-VAX.ARPA>");
    }
}

TEST(rfc821_topology, mailboxes_that_accept_and_refuse_as_in_the_scenarios) {
    const std::pair<const char*, const char*> present[] = {
        {"USC-ISIF.ARPA", "Smith"},     {"BBN-UNIX.ARPA", "Jones"},
        {"BBN-UNIX.ARPA", "Brown"},     {"ISI-VAXA.ARPA", "Smith"},
        {"MIT-Multics.ARPA", "Jones"},  {"MIT-AI.ARPA", "JQP"},
        {"BBN-VAX.ARPA", "Jones"},      {"MIT-MC.ARPA", "EAK"},
        {"SU-SCORE.ARPA", "Admin.MRC"}, {"SU-SCORE.ARPA", "Account.Person"},
        {"MIT-MC.ARPA", "ABC"},         {"USC-ISIQA.ARPA", "Fonebone"},
        {"MIT-AI.ARPA", "XYZ"},         {"ISI-VAXA.ARPA", "Q-Smith"},
        {"FOO-UNIX.ARPA", "joe"},       {"BAR-UNIX.ARPA", "xyz"},
        {"BBN-UNIX.ARPA", "fred"},      {"LBL-UNIX.ARPA", "mo"},
        {"USC-ISIF.ARPA", "fred"},      {"USC-ISI.ARPA", "Jones"},
        {"USC-ISIF.ARPA", "Postel"},    {"BERKELEY.ARPA", "fabry"},
        {"BERKELEY.ARPA", "eric"},      {"HOSTW.ARPA", "JOE"},
    };
    for (const auto& [name, mailbox] : present) {
        EXPECT_NE(host(name).find_mailbox(mailbox), nullptr) << mailbox << "@" << name;
    }
    // 550 No such user here (scenarios 1 and 2; example 7's SAM at HOSTZ).
    EXPECT_EQ(host("BBN-UNIX.ARPA").find_mailbox("Green"), nullptr);
    EXPECT_EQ(host("MIT-Multics.ARPA").find_mailbox("Green"), nullptr);
    EXPECT_EQ(host("HOSTZ.ARPA").find_mailbox("SAM"), nullptr);
    // Scenario 8: 251 User not local; will forward to <Jones@USC-ISI.ARPA>.
    const net::User* fred = host("USC-ISIF.ARPA").find_mailbox("fred");
    ASSERT_TRUE(fred->forward);
    EXPECT_EQ(fred->forward->path, "<Jones@USC-ISI.ARPA>");
    EXPECT_EQ(fred->forward->mode, net::ForwardMode::will_forward);
    // Scenario 10: 552 on the second recipient.
    EXPECT_EQ(host("BERKELEY.ARPA").max_recipients, 1u);
}

TEST(rfc821_topology, vrfy_and_expn_answers) {
    // Scenarios 4 to 6: VRFY Crispin -> 250 Mark Crispin <Admin.MRC@SU-SCORE.ARPA>.
    const auto crispin = host("SU-SCORE.ARPA").match_users("Crispin");
    ASSERT_EQ(crispin.size(), 1u);
    EXPECT_EQ(crispin[0]->full_name, "Mark Crispin");
    EXPECT_EQ(crispin[0]->mailbox, "Admin.MRC");
    // Scenario 7, steps 1 and 2: the lists, one member per reply line.
    const net::MailingList* people = host("MIT-AI.ARPA").find_list("Example-People");
    ASSERT_NE(people, nullptr);
    EXPECT_EQ(people->members.size(), 6u);
    EXPECT_EQ(people->members[2], (net::ListMember{"Xenon Y. Zither", "<XYZ@MIT-AI.ARPA>"}));
    const net::MailingList* parties = host("MIT-MC.ARPA").find_list("Interested-Parties");
    ASSERT_NE(parties, nullptr);
    EXPECT_EQ(parties->members.size(), 5u);
    EXPECT_EQ(parties->members[0], (net::ListMember{"Al Calico", "<ABC@MIT-MC.ARPA>"}));
    EXPECT_EQ(parties->members[3], (net::ListMember{"", "<fred@BBN-UNIX.ARPA>"}));
    // Example 3: Smith is Fred Smith; Jones is unknown; Gourzenkyinplatz is ambiguous.
    EXPECT_EQ(host("USC-ISIF.ARPA").match_users("Smith")[0]->full_name, "Fred Smith");
    EXPECT_TRUE(host("USC-ISIF.ARPA").match_users("Jones").empty());
    EXPECT_EQ(host("USC-ISIF.ARPA").match_users("Gourzenkyinplatz").size(), 2u);
}
