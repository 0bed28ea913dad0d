#include "smtp/sequencing.hpp"

#include <gtest/gtest.h>

using namespace smtpsim::smtp;

TEST(sequencing, lists_the_codes_of_section_4_3_by_kind) {
    const PermittedReplies& rcpt = permitted_replies(Verb::rcpt);
    EXPECT_EQ(rcpt.success, (std::vector<ReplyCode>{250, 251}));
    EXPECT_EQ(rcpt.failure, (std::vector<ReplyCode>{550, 551, 552, 553, 450, 451, 452}));
    EXPECT_EQ(rcpt.error, (std::vector<ReplyCode>{500, 501, 503, 421}));
    EXPECT_EQ(permitted_replies(Verb::data).intermediate, std::vector<ReplyCode>{354});
    EXPECT_EQ(permitted_replies(Verb::turn).failure, std::vector<ReplyCode>{502});
    EXPECT_EQ(permitted_greetings().success, std::vector<ReplyCode>{220});
    EXPECT_EQ(permitted_greetings().failure, std::vector<ReplyCode>{421});
    EXPECT_EQ(permitted_end_of_data_replies().failure,
              (std::vector<ReplyCode>{552, 554, 451, 452}));
}

TEST(sequencing, 421_may_answer_any_command_but_quit) {
    for (Verb verb : all_verbs) {
        EXPECT_EQ(permits(permitted_replies(verb), reply::service_not_available),
                  verb != Verb::quit)
            << verb_name(verb);
    }
    EXPECT_TRUE(permits(permitted_replies(Verb::quit), reply::service_closing));
    EXPECT_FALSE(permits(permitted_replies(Verb::mail), reply::bad_sequence));
    EXPECT_FALSE(permits(permitted_replies(Verb::noop), reply::syntax_error_in_arguments));
    EXPECT_TRUE(permits(permitted_end_of_data_replies(), reply::storage_exceeded));
}
