#include "smtp/mail_text.hpp"

#include <gtest/gtest.h>

namespace smtpsim::smtp {
namespace {

MailTextPtr relayed(MailTextPtr text, int relays) {
    for (int i = 0; i < relays; ++i) {
        text = MailText::prepend("Received: from A" + std::to_string(i) + " by B", text);
    }
    return text;
}

TEST(mail_text, a_text_without_time_stamp_lines_leads_with_none) {
    const MailTextPtr text = MailText::from_lines({"Subject: hi", "Received: in the body"});
    EXPECT_EQ(text->leading_received_lines(), 0u);
    EXPECT_EQ(text->leading_received_lines(), text->count_leading_lines("Received:"));
}

TEST(mail_text, each_relay_adds_one_leading_time_stamp_line) {
    const MailTextPtr text = relayed(MailText::from_lines({"Subject: hi", "", "body"}), 3);
    EXPECT_EQ(text->leading_received_lines(), 3u);
    EXPECT_EQ(text->leading_received_lines(), text->count_leading_lines("Received:"));
}

TEST(mail_text, time_stamp_lines_in_the_received_text_count_with_the_new_ones) {
    // A text as a receiver read it from the wire: two relays had stamped it.
    MailText::Builder builder;
    builder.add("Received: from X by Y");
    builder.add("RECEIVED: from W by X");
    builder.add("Subject: hi");
    const MailTextPtr text = relayed(builder.finish(), 2);
    EXPECT_EQ(text->leading_received_lines(), 4u);
    EXPECT_EQ(text->leading_received_lines(), text->count_leading_lines("Received:"));
}

TEST(mail_text, a_return_path_line_in_front_ends_the_leading_time_stamps) {
    const MailTextPtr text =
        MailText::prepend("Return-Path: <a@B>", relayed(MailText::from_lines({"Subject: hi"}), 2));
    EXPECT_EQ(text->leading_received_lines(), 0u);
    EXPECT_EQ(text->count_leading_lines("Received:"), 0u);
}

TEST(mail_text, a_text_of_time_stamp_lines_only_counts_them_all) {
    const MailTextPtr text =
        relayed(MailText::from_lines({"Received: from X by Y", "received: from W by X"}), 1);
    EXPECT_EQ(text->leading_received_lines(), 3u);
    EXPECT_EQ(text->line_count(), 3u);
}

}  // namespace
}  // namespace smtpsim::smtp
