// A user's login times from JSON (net/login_io.hpp).
#include "net/login_io.hpp"

#include <array>

namespace smtpsim::net {

using nlohmann::json;
using Where = core::JsonWhere;

namespace {
constexpr std::array<std::string_view, 2> login_fields{"from", "to"};
}  // namespace

// RFC 821 3.4: the times a user is logged in, in order, not overlapping.
std::vector<Login> read_logins(const json& j, const Where& where, const core::JsonReader& in) {
    in.expect_array(j, where, "logins such as {\"from\": \"10min\", \"to\": \"1h\"}");
    std::vector<Login> logins;
    for (std::size_t i = 0; i < j.size(); ++i) {
        const Where lw = where.item(i);
        in.check_object(j[i], lw, login_fields, "a login");
        Login login;
        if (const json* v = core::JsonReader::find(j[i], "from")) {
            login.from = in.duration_value(*v, lw.field("from"), false);
        }
        if (!logins.empty() && (!logins.back().to || login.from < *logins.back().to)) {
            in.fail(lw.field("from"), "a login must start after the one before it ends");
        }
        if (const json* v = core::JsonReader::find(j[i], "to")) {
            login.to = in.duration_value(*v, lw.field("to"), false);
            if (*login.to <= login.from) {
                in.fail(lw.field("to"), "a login must end after it starts");
            }
        }
        logins.push_back(login);
    }
    return logins;
}

}  // namespace smtpsim::net
