// The shipped RFC 821 scenarios (scenarios/rfc821/) against the RFC's own
// dialogues (tests/smtp/data/appendix_f/): every command the simulated
// sender-SMTP sends must be the RFC's, and every reply code the simulated
// receiver-SMTP gives must be the RFC's, line by line. Reply texts may differ
// (the RFC's own slips are among them), mail text lines are not compared.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "scenario/run.hpp"

using namespace smtpsim;

namespace {

const std::string source_dir = SMTPSIM_SOURCE_DIR;

std::vector<std::string> golden_lines(const std::string& name) {
    std::ifstream in(source_dir + "/tests/smtp/data/appendix_f/" + name);
    EXPECT_TRUE(in) << name;
    std::vector<std::string> lines;
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line[0] != '#') {
            lines.push_back(line);
        }
    }
    return lines;
}

// The transcript's sessions, each as its S:/R: lines.
std::vector<std::vector<std::string>> sessions_of(const std::string& transcript) {
    std::vector<std::vector<std::string>> sessions;
    std::istringstream in(transcript);
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("--- session", 0) == 0 && line.find(" ended") == std::string::npos) {
            sessions.emplace_back();
        } else if (!line.empty() && !sessions.empty() && line.rfind("---", 0) != 0) {
            sessions.back().push_back(line);
        }
    }
    return sessions;
}

// Commands exactly, reply codes only, text lines skipped from 354 to ".".
std::vector<std::string> comparable(const std::vector<std::string>& lines) {
    std::vector<std::string> out;
    bool in_text = false;
    for (const std::string& raw : lines) {
        const std::string line = raw == "S:" ? "S: " : raw;
        if (in_text) {
            if (line == "S: .") {
                in_text = false;
                out.push_back(line);
            }
            continue;
        }
        if (line.rfind("R: ", 0) == 0) {
            out.push_back(line.substr(0, 6));
            if (line.rfind("R: 354", 0) == 0) {
                in_text = true;
            }
        } else {
            out.push_back(line);
        }
    }
    return out;
}

struct Case {
    const char* scenario;
    std::vector<std::pair<std::size_t, const char*>> sessions;  // session index -> golden file
    std::uint64_t delivered, returned;
};

const std::vector<Case> cases = {
    {"typical.json", {{0, "scenario01_typical.txt"}}, 2, 1},
    {"relayed-mail.json",
     {{0, "scenario03_relay_step1.txt"}, {1, "scenario03_relay_step2.txt"}},
     1,
     0},
    {"verify-and-send.json", {{0, "scenario04_verify_send.txt"}}, 1, 0},
    {"send-then-mail.json", {{0, "scenario05_send_then_mail.txt"}}, 1, 1},
    {"send-or-mail.json", {{0, "scenario06_soml.txt"}}, 1, 0},
    {"mailing-list.json", {{0, "scenario07_list_step3.txt"}}, 7, 0},
    {"forwarding.json", {{0, "scenario08_forward.txt"}}, 1, 0},
    {"too-many-recipients.json", {{0, "scenario10_too_many.txt"}}, 2, 0},
};

}  // namespace

TEST(rfc821_scenarios, transcripts_match_the_rfc_dialogues_command_by_command) {
    for (const Case& c : cases) {
        SCOPED_TRACE(c.scenario);
        const auto scenario =
            scenario::load_scenario(source_dir + "/scenarios/rfc821/" + c.scenario);
        scenario::RunOptions options;
        options.keep_transcript_text = true;
        const auto result = scenario::run_scenario(scenario, options);
        EXPECT_TRUE(result.totals.balanced());
        EXPECT_EQ(result.totals.delivered, c.delivered);
        EXPECT_EQ(result.totals.returned, c.returned);
        const auto sessions = sessions_of(result.transcript);
        for (const auto& [index, golden] : c.sessions) {
            SCOPED_TRACE(golden);
            ASSERT_LT(index, sessions.size());
            EXPECT_EQ(comparable(sessions[index]), comparable(golden_lines(golden)));
        }
    }
}

TEST(rfc821_scenarios, the_builtin_scenario_is_the_shipped_relayed_mail_scenario) {
    scenario::RunOptions options;
    options.keep_transcript_text = true;
    const auto builtin = scenario::run_scenario(scenario::builtin_relay_scenario(), options);
    const auto shipped = scenario::run_scenario(
        scenario::load_scenario(source_dir + "/scenarios/rfc821/relayed-mail.json"), options);
    EXPECT_EQ(builtin.transcript, shipped.transcript);
    EXPECT_NE(builtin.transcript.find("S: MAIL FROM:<@USC-ISIE.ARPA:JQP@MIT-AI.ARPA>"),
              std::string::npos);
}
