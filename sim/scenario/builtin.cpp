// The built-in scenario that `smtpsim run` runs with no file: RFC 821
// Appendix F, "Relayed Mail Scenario", on its three hosts. MIT-AI.ARPA has no
// link to BBN-VAX.ARPA, so JQP's mail to Jones goes through USC-ISIE.ARPA by
// the source route <@USC-ISIE.ARPA:Jones@BBN-VAX.ARPA>.
#include "scenario/scenario.hpp"

namespace smtpsim::scenario {
namespace {

constexpr const char* relay_scenario_json = R"json({
  "name": "rfc821-relayed-mail",
  "description": "RFC 821 Appendix F, Relayed Mail Scenario: MIT-AI.ARPA sends JQP's mail to Jones@BBN-VAX.ARPA through USC-ISIE.ARPA",
  "topology": {
    "description": "The three hosts of RFC 821's relayed-mail scenario, linked in a line",
    "nodes": [
      {"name": "MIT-AI.ARPA", "users": [{"mailbox": "JQP", "full_name": "John Q. Public"}]},
      {"name": "USC-ISIE.ARPA"},
      {"name": "BBN-VAX.ARPA", "users": [{"mailbox": "Jones"}]}
    ],
    "links": [
      {"a": "MIT-AI.ARPA", "b": "USC-ISIE.ARPA", "latency": "20ms", "bandwidth": "56kbit/s"},
      {"a": "USC-ISIE.ARPA", "b": "BBN-VAX.ARPA", "latency": "20ms", "bandwidth": "56kbit/s"}
    ]
  },
  "seed": 1,
  "routing": "as-written",
  "start": "1981-11-02T22:40:09Z",
  "messages": [
    {
      "at": "0s",
      "from": "JQP@MIT-AI.ARPA",
      "to": ["<@USC-ISIE.ARPA:Jones@BBN-VAX.ARPA>"],
      "data": [
        "Date: 2 Nov 81 22:33:44",
        "From: John Q. Public <JQP@MIT-AI.ARPA>",
        "Subject:  The Next Meeting of the Board",
        "To: Jones@BBN-Vax.ARPA",
        "",
        "Bill:",
        "The next meeting of the board of directors will be",
        "on Tuesday.",
        "                                            John."
      ]
    }
  ]
})json";

}  // namespace

Scenario builtin_relay_scenario() {
    return parse_scenario(relay_scenario_json, "(built-in scenario)", ".");
}

}  // namespace smtpsim::scenario
