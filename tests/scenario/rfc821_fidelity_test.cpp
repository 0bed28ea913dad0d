// Shipped scenarios against RFC 821 4.3 (reply classes), 4.5.2 (8-bit data)
// and the words of what a run prints.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "scenario/run.hpp"

using namespace smtpsim;
namespace fs = std::filesystem;

namespace {

const std::string source_dir = SMTPSIM_SOURCE_DIR;

scenario::RunResult run_eight_bit(scenario::RunOptions options) {
    options.keep_transcript_text = true;
    options.keep_hop_story = true;
    return scenario::run_scenario(
        scenario::load_scenario(source_dir + "/scenarios/rfc821/eight-bit.json"), options);
}

}  // namespace

// RFC 821 4.5.2: the stripping relay clears the high bit; the receiver that
// refuses 8-bit data answers 554 to the copy that kept it.
TEST(rfc821_fidelity, cyrillic_text_is_stripped_by_one_relay_and_refused_after_the_other) {
    const auto result = run_eight_bit({});
    EXPECT_TRUE(result.totals.balanced());
    EXPECT_EQ(result.totals.delivered, 1u);
    EXPECT_EQ(result.totals.returned, 1u);
    const std::string cyrillic = "SMTP \xd0\xbf\xd0\xbe\xd0\xbb";  // "SMTP пол"
    const std::string stripped = "SMTP P?P>P;";
    const std::string& t = result.transcript;
    const auto relayed = t.find("--- session 3: BBB.ARPA -> DDD.ARPA");
    const auto passed = t.find("--- session 4: CCC.ARPA -> DDD.ARPA");
    ASSERT_NE(relayed, std::string::npos);
    ASSERT_NE(passed, std::string::npos);
    EXPECT_NE(t.substr(relayed, passed - relayed).find("S: " + stripped), std::string::npos);
    EXPECT_NE(t.substr(passed).find("S: " + cyrillic), std::string::npos);
    EXPECT_NE(t.substr(passed).find("R: 554 Transaction failed"), std::string::npos);
    // The mail goes back to its originator; the recipient is what it is about.
    EXPECT_NE(result.outcome_story.find(
                  "returned to <IVAN@AAA.ARPA> (about <@CCC.ARPA:HRISTO@DDD.ARPA>): refused by "
                  "DDD.ARPA (554"),
              std::string::npos)
        << result.outcome_story;
}

// RFC 821 4.3: every line event says when it arrived and the receiver's
// state; every reply line its class, the one 4.3 lists for its code.
TEST(rfc821_fidelity, line_events_carry_arrival_state_and_reply_class) {
    const fs::path out = fs::temp_directory_path() / ("smtpsim-fid-" + std::to_string(::getpid()));
    scenario::RunOptions options;
    options.out = out;
    run_eight_bit(options);
    std::ifstream in(out / "events.jsonl");
    std::string text;
    int lines = 0;
    std::map<std::string, std::string> class_of_code;
    while (std::getline(in, text)) {
        const auto event = nlohmann::json::parse(text);
        if (event["event"] != "line") {
            continue;
        }
        ++lines;
        EXPECT_GT(event["arrive"].get<double>(), event["t"].get<double>());
        EXPECT_TRUE(event.contains("state"));
        const bool reply = event["side"] == "server";
        EXPECT_EQ(event.contains("class"), reply);
        if (reply) {
            class_of_code[event["text"].get<std::string>().substr(0, 3)] = event["class"];
        }
    }
    EXPECT_GT(lines, 50);
    EXPECT_EQ(class_of_code["354"], "intermediate");
    EXPECT_EQ(class_of_code["554"], "failure");
    EXPECT_EQ(class_of_code["250"], "success");
    fs::remove_all(out);
}

TEST(rfc821_fidelity, explain_adds_the_class_and_state_column_to_the_transcript) {
    scenario::RunOptions options;
    options.explain = true;
    const auto result = run_eight_bit(options);
    EXPECT_NE(result.transcript.find("R: 354 Start mail input; end with <CRLF>.<CRLF>      | I "
                                     "DATA\n"),
              std::string::npos);
    EXPECT_NE(result.transcript.find("S: HELO AAA.ARPA                                     |   "
                                     "AUTHORIZATION\n"),
              std::string::npos);
    EXPECT_EQ(run_eight_bit({}).transcript.find(" | "), std::string::npos);
}
