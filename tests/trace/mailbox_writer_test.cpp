#include "trace/mailbox_writer.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/output_folder.hpp"

using namespace smtpsim;
using trace::append_mboxrd_line;

namespace {

smtp::Path path(const std::string& text) {
    auto parsed = smtp::parse_path(text);
    EXPECT_TRUE(parsed.ok()) << text;
    return parsed ? std::move(parsed).value() : smtp::Path{};
}

std::string quoted(std::string_view line) {
    std::string out;
    append_mboxrd_line(out, line);
    return out;
}

constexpr std::int64_t aug_1_1982 = 397'008'000;  // Sun Aug  1 00:00:00 1982

}  // namespace

TEST(mailbox_writer, mboxrd_quotes_from_lines_and_their_quoted_forms) {
    // mboxrd: every line that matches ^>*From  gets one more '>', so a reader
    // that removes one from each such line gets the text back exactly.
    EXPECT_EQ(quoted("From here on"), ">From here on\n");
    EXPECT_EQ(quoted(">From here on"), ">>From here on\n");
    EXPECT_EQ(quoted(">>>From x"), ">>>>From x\n");
}

TEST(mailbox_writer, lines_that_only_look_like_from_lines_stay_as_they_are) {
    for (const char* line : {"From", "Fromage", " From x", "from x", ">Fro", ">", "", "x From y"}) {
        EXPECT_EQ(quoted(line), std::string(line) + "\n") << line;
    }
}

TEST(mailbox_writer, from_line_gives_the_reverse_path_and_an_asctime_date) {
    EXPECT_EQ(trace::mbox_from_line(path("<Smith@Alpha.ARPA>"), aug_1_1982 + 12),
              "From Smith@Alpha.ARPA Sun Aug  1 00:00:12 1982");
    // A relayed mail's Return-Path keeps its route (RFC 821 4.1.1).
    EXPECT_EQ(trace::mbox_from_line(path("<@USC-ISIE.ARPA:Smith@Alpha.ARPA>"), aug_1_1982),
              "From @USC-ISIE.ARPA:Smith@Alpha.ARPA Sun Aug  1 00:00:00 1982");
    // A notification (MAIL FROM:<>) comes from the mail system itself.
    EXPECT_EQ(trace::mbox_from_line(smtp::Path::null(), aug_1_1982),
              "From MAILER-DAEMON Sun Aug  1 00:00:00 1982");
}

TEST(mailbox_writer, a_message_is_its_from_line_its_quoted_text_and_an_empty_line) {
    std::string out;
    const auto text = smtp::MailText::from_lines(
        {"Return-Path: <Smith@Alpha.ARPA>", "Subject: x", "", "From me", "bye"});
    trace::append_mbox_message(out, path("<Smith@Alpha.ARPA>"), aug_1_1982, *text);
    EXPECT_EQ(out,
              "From Smith@Alpha.ARPA Sun Aug  1 00:00:00 1982\n"
              "Return-Path: <Smith@Alpha.ARPA>\nSubject: x\n\n>From me\nbye\n\n");
}

TEST(mailbox_writer, file_names_never_leave_their_folder) {
    EXPECT_EQ(trace::safe_file_name("Admin.MRC"), "Admin.MRC");
    EXPECT_EQ(trace::safe_file_name(".."), "%2E.");
    EXPECT_EQ(trace::safe_file_name("a/b"), "a%2Fb");
    EXPECT_EQ(trace::safe_file_name("Joe Smith"), "Joe%20Smith");
    EXPECT_EQ(trace::safe_file_name("100%"), "100%25");
}

TEST(mailbox_writer, terminals_and_mailboxes_get_their_own_files) {
    // RFC 821 3.4: SAML to a user logged in shows the mail on the terminal and
    // puts it in the mailbox; SEND only on the terminal.
    trace::MailboxWriter writer(aug_1_1982);
    const smtp::Path from = path("<EAK@MIT-MC.ARPA>");
    const auto text = smtp::MailText::from_lines({"Return-Path: <EAK@MIT-MC.ARPA>", "", "hi"});
    writer.on_mail_stored(
        {core::Time::s(5), 1, "SU-SCORE.ARPA", "Admin.MRC", trace::Destination::both, from, *text});
    writer.on_mail_stored({core::Time::s(7), 1, "SU-SCORE.ARPA", "Admin.MRC",
                           trace::Destination::terminal, from, *text});
    const auto& files = writer.files();
    ASSERT_EQ(files.size(), 2u);
    EXPECT_EQ(files.at("mailboxes/SU-SCORE.ARPA/Admin.MRC.mbox"),
              "From EAK@MIT-MC.ARPA Sun Aug  1 00:00:05 1982\n"
              "Return-Path: <EAK@MIT-MC.ARPA>\n\nhi\n\n");
    EXPECT_EQ(files.at("terminals/SU-SCORE.ARPA/Admin.MRC.txt"),
              "--- Sun Aug  1 00:00:05 1982 from <EAK@MIT-MC.ARPA>\n"
              "Return-Path: <EAK@MIT-MC.ARPA>\n\nhi\n\n"
              "--- Sun Aug  1 00:00:07 1982 from <EAK@MIT-MC.ARPA>\n"
              "Return-Path: <EAK@MIT-MC.ARPA>\n\nhi\n\n");

    const auto folder = std::filesystem::temp_directory_path() / "smtpsim_mailbox_writer_test";
    std::filesystem::remove_all(folder);
    std::filesystem::create_directories(folder);
    writer.write(smtpsim::core::OutputFolder::open(folder));
    std::ifstream in(folder / "mailboxes/SU-SCORE.ARPA/Admin.MRC.mbox", std::ios::binary);
    std::stringstream read;
    read << in.rdbuf();
    EXPECT_EQ(read.str(), files.at("mailboxes/SU-SCORE.ARPA/Admin.MRC.mbox"));
    std::filesystem::remove_all(folder);
}

TEST(mailbox_writer, hostile_host_and_user_names_stay_inside_their_folders) {
    // Whatever the loaders let through, each name is one file name: a '/',
    // "..", a NUL or 300 bytes never leave or break mailboxes/<host>/.
    trace::MailboxWriter writer(aug_1_1982);
    const smtp::Path from = path("<EAK@MIT-MC.ARPA>");
    const auto text = smtp::MailText::from_lines({"hi"});
    const std::vector<std::string> names = {
        "..", "../../outside", "a/b", std::string("x\0y", 3), std::string(300, 'u'), "/abs", ""};
    for (const std::string& host : names) {
        for (const std::string& user : names) {
            writer.on_mail_stored(
                {core::Time::s(1), 1, host, user, trace::Destination::both, from, *text});
        }
    }
    const auto base = std::filesystem::temp_directory_path() /
                      ("smtpsim_mailbox_hostile_" + std::to_string(::getpid()));
    std::filesystem::remove_all(base);
    std::filesystem::create_directories(base / "out");
    writer.write(core::OutputFolder::open(base / "out"));
    std::size_t files = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(base)) {
        const auto relative = entry.path().lexically_relative(base / "out");
        ASSERT_FALSE(relative.empty() || *relative.begin() == "..") << entry.path();
        if (entry.is_regular_file()) {
            ++files;
            EXPECT_EQ(std::distance(relative.begin(), relative.end()), 3) << relative;
        }
    }
    EXPECT_EQ(files, 2 * names.size() * names.size());
    std::filesystem::remove_all(base);
}

TEST(mailbox_writer, write_changed_writes_only_the_files_changed_since_the_last_call) {
    trace::MailboxWriter writer(aug_1_1982);
    const smtp::Path from = path("<JQP@MIT-AI.ARPA>");
    const auto text = smtp::MailText::from_lines({"hi"});
    const auto folder = std::filesystem::temp_directory_path() / "smtpsim_mailbox_changed_test";
    std::filesystem::remove_all(folder);
    std::filesystem::create_directories(folder);
    writer.on_mail_stored(
        {core::Time::s(1), 1, "BBN-VAX.ARPA", "Jones", trace::Destination::mailbox, from, *text});
    writer.on_mail_stored(
        {core::Time::s(2), 2, "BBN-VAX.ARPA", "Brown", trace::Destination::mailbox, from, *text});
    EXPECT_EQ(writer.write_changed(core::OutputFolder::open(folder)), 2u);
    EXPECT_TRUE(std::filesystem::exists(folder / "mailboxes/BBN-VAX.ARPA/Jones.mbox"));
    EXPECT_EQ(writer.write_changed(core::OutputFolder::open(folder)), 0u);  // nothing new
    std::filesystem::remove(folder / "mailboxes/BBN-VAX.ARPA/Brown.mbox");
    writer.on_mail_stored(
        {core::Time::s(3), 3, "BBN-VAX.ARPA", "Jones", trace::Destination::mailbox, from, *text});
    EXPECT_EQ(writer.write_changed(core::OutputFolder::open(folder)), 1u);
    EXPECT_FALSE(std::filesystem::exists(folder / "mailboxes/BBN-VAX.ARPA/Brown.mbox"));
    std::ifstream in(folder / "mailboxes/BBN-VAX.ARPA/Jones.mbox", std::ios::binary);
    std::stringstream read;
    read << in.rdbuf();
    EXPECT_EQ(read.str(), writer.files().at("mailboxes/BBN-VAX.ARPA/Jones.mbox"));
    std::filesystem::remove_all(folder);
}
