// `smtpsim receive` on the shipped RFC 821 topologies: every Appendix F
// dialogue typed into it gets the RFC's reply codes, line by line.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace {

const std::string source_dir = SMTPSIM_SOURCE_DIR;
const std::string binary = SMTPSIM_BINARY;

struct Output {
    int status;
    std::string out;
};

// Runs the CLI with `input` on standard input; standard error is discarded.
Output run_cli(const std::string& args, const std::string& input) {
    const auto dir = std::filesystem::temp_directory_path();
    const auto in_file = dir / ("smtpsim-receive-" + std::to_string(::getpid()) + ".in");
    {
        std::ofstream in(in_file, std::ios::binary);
        in << input;
    }
    const std::string command = binary + " " + args + " < " + in_file.string() + " 2>/dev/null";
    FILE* pipe = ::popen(command.c_str(), "r");
    std::string out;
    std::array<char, 4096> buffer{};
    std::size_t n;
    while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
        out.append(buffer.data(), n);
    }
    const int status = ::pclose(pipe);
    std::filesystem::remove(in_file);
    return {WEXITSTATUS(status), out};
}

std::vector<std::string> reply_codes(const std::string& text, bool wire) {
    std::vector<std::string> codes;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        if (wire) {
            EXPECT_TRUE(!line.empty() && line.back() == '\r')
                << "reply line without CRLF: " << line;
            codes.push_back(line.substr(0, 3));
        } else if (line.rfind("R: ", 0) == 0) {
            codes.push_back(line.substr(3, 3));
        }
    }
    return codes;
}

}  // namespace

TEST(receive, appendix_f_dialogues_get_the_rfc_reply_codes) {
    const auto dir = std::filesystem::path(source_dir) / "tests/smtp/data/appendix_f";
    int replayed = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        const std::string name = entry.path().filename().string();
        SCOPED_TRACE(name);
        std::ifstream file(entry.path());
        std::string line, golden, input, host;
        while (std::getline(file, line)) {
            if (line.empty() || line[0] == '#') {
                continue;
            }
            golden += line + "\n";
            if (line.rfind("R: 220 ", 0) == 0 && host.empty()) {
                host = line.substr(7, line.find(' ', 7) - 7);
            } else if (line.rfind("S:", 0) == 0) {
                input += (line.size() > 3 ? line.substr(3) : std::string()) + "\r\n";
            }
        }
        // Scenarios 5 and 6 need Mark Crispin away from his terminal.
        const bool away = name.rfind("scenario05", 0) == 0 || name.rfind("scenario06", 0) == 0;
        const std::string topology =
            source_dir + (away ? "/topologies/rfc821-away.json" : "/topologies/rfc821.json");
        const Output result = run_cli("receive --topology " + topology + " --host " + host, input);
        EXPECT_EQ(result.status, 0);
        EXPECT_EQ(reply_codes(result.out, true), reply_codes(golden, false));
        ++replayed;
    }
    EXPECT_EQ(replayed, 14);
}

TEST(receive, accepts_lf_line_ends_and_stops_at_end_of_input) {
    const Output result =
        run_cli("receive --topology " + source_dir + "/topologies/rfc821.json --host USC-ISIF.ARPA",
                "HELO MIT-AI.ARPA\nVRFY Smith\n");
    EXPECT_EQ(result.status, 0);
    EXPECT_EQ(result.out,
              "220 USC-ISIF.ARPA Simple Mail Transfer Service Ready\r\n"
              "250 USC-ISIF.ARPA\r\n"
              "250 Fred Smith <Smith@USC-ISIF.ARPA>\r\n");
}

TEST(receive, unknown_host_is_an_error_with_status_2_and_no_output) {
    const Output result = run_cli(
        "receive --topology " + source_dir + "/topologies/rfc821.json --host NO-SUCH.ARPA", "");
    EXPECT_EQ(result.status, 2);
    EXPECT_EQ(result.out, "");
}

// RFC 821 4.1.1: "The NOOP, HELP, EXPN, and VRFY commands can be used at any
// time", and RSET gets OK; --helo-first keeps smtpsim 0.1's 503 before HELO,
// which 4.3 does not list for NOOP (its old name --strict is refused).
TEST(receive, noop_before_helo_is_ok_unless_strict) {
    const std::string args =
        "receive --topology " + source_dir + "/topologies/rfc821.json --host USC-ISIF.ARPA";
    const Output rfc = run_cli(args, "NOOP\nRSET\n");
    EXPECT_EQ(rfc.out,
              "220 USC-ISIF.ARPA Simple Mail Transfer Service Ready\r\n250 OK\r\n250 OK\r\n");
    const Output strict = run_cli(args + " --helo-first", "NOOP\n");
    EXPECT_EQ(strict.out,
              "220 USC-ISIF.ARPA Simple Mail Transfer Service Ready\r\n"
              "503 Bad sequence of commands: NOOP: send HELO first\r\n");
    const Output old_name = run_cli(args + " --strict", "NOOP\n");
    EXPECT_EQ(old_name.status, 2);
    EXPECT_EQ(old_name.out, "");
}

// RFC 821 4.3 classes each reply S, F, E or I; the seed's states name where
// the receiver is after it.
TEST(receive, explain_shows_each_replys_class_and_the_state_after_it) {
    const Output result =
        run_cli("receive --explain --topology " + source_dir +
                    "/topologies/rfc821.json --host USC-ISIF.ARPA",
                "HELO MIT-AI.ARPA\nRCPT TO:<Smith@USC-ISIF.ARPA>\nMAIL FROM:<a@MIT-AI.ARPA>\n"
                "RCPT TO:<nobody@USC-ISIF.ARPA>\nDATA\n");
    EXPECT_EQ(result.out,
              "220 USC-ISIF.ARPA Simple Mail Transfer Service Ready\r\n"
              "# S (success), now AUTHORIZATION\r\n"
              "250 USC-ISIF.ARPA\r\n"
              "# S (success), now WAITING\r\n"
              "503 Bad sequence of commands: RCPT: send MAIL (or SEND, SOML, SAML) first\r\n"
              "# E (error; F in 4.4's diagrams), now WAITING\r\n"
              "250 OK\r\n"
              "# S (success), now TRANSACTION\r\n"
              "550 No such user here\r\n"
              "# F (failure), now TRANSACTION\r\n"
              "503 Bad sequence of commands: DATA: no recipient was accepted; send RCPT first\r\n"
              "# E (error; F in 4.4's diagrams), now TRANSACTION\r\n");
}
