#!/usr/bin/env python3
"""Mailing lists that could multiply a mail without end (README, "Limits"):
a mail is sent on by each list once (RFC 5321 3.10: a copy that comes back
to a list it went through fails, and one notification goes to the owner of
the list that sent it), a mail's lists add at most 100,000 copies, a list
names at most 10,000 members (refused at load), and the summary counts the
copies, loops and refusals. Run by CTest: list_explosion_test.py SMTPSIM_BINARY."""
import json
import pathlib
import resource
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "lib"))
from checks import check, finish, run_smtpsim  # noqa: E402


def peak_kb():
    """The largest resident size any run so far reached (a limit on the address
    space would stop a sanitizer build, which reserves terabytes)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


def scenario(folder, name, nodes, to):
    topology = {"nodes": nodes, "links": [{"a": "X", "b": "Y"}]}
    (folder / f"{name}-topology.json").write_text(json.dumps(topology))
    path = folder / f"{name}.json"
    path.write_text(json.dumps({
        "name": name, "topology": f"{name}-topology.json", "seed": 1, "routing": "next-hop",
        "messages": [{"at": "1s", "from": "alice@X", "to": to, "data": ["Subject: hi", "", "x"]}]}))
    return path


def run(folder, name, nodes, to):
    out = folder / f"{name}-out"
    result = run_smtpsim(["run", str(scenario(folder, name, nodes, to)), "--quiet", "--out",
                          str(out)], cwd=folder, timeout=120)
    check(peak_kb() < 2 << 20, f"{name}: peak {peak_kb()} kB, over 2 GB")
    check(result.returncode == 0, f"{name}: exit {result.returncode}: {result.stderr[-400:]}")
    if result.returncode != 0:
        return None, []
    summary = json.loads((out / "summary.json").read_text())
    outcomes = [json.loads(line) for line in (out / "outcomes.jsonl").read_text().splitlines()]
    return summary, outcomes


def balanced(name, summary):
    m = summary["messages"]
    check(m["recipients"] == m["delivered"] + m["returned"] + m["unreturnable"] + m["in_flight"]
          and m["in_flight"] == 0, f"{name}: unbalanced {m}")


with tempfile.TemporaryDirectory() as tmp:
    folder = pathlib.Path(tmp)

    # Lists that name each other across hosts: L1@X -> L2@Y, L3@Y -> L1@X.
    # Without the rule the copies double every two hops (past 1 GB in 30 s).
    nodes = [
        {"name": "X", "users": [{"mailbox": "alice"}],
         "lists": [{"name": "L1", "members": ["<L2@Y>", "<L3@Y>", "<alice@X>"]}]},
        {"name": "Y", "users": [{"mailbox": "bob"}],
         "lists": [{"name": "L2", "members": ["<L1@X>", "<bob@Y>"]},
                   {"name": "L3", "members": ["<L1@X>"], "owner": "<bob@Y>"}]}]
    summary, outcomes = run(folder, "cross", nodes, ["<L1@X>"])
    if summary:
        balanced("cross", summary)
        check(summary["lists"] == {"copies": 6, "loops": 2, "over_limit": 0},
              f"cross: lists {summary['lists']}")
        loops = [o for o in outcomes if o["outcome"] == "returned"]
        check(len(loops) == 2 and all(o["forward_path"] == "<L1@X>" and "mail loop" in o["reason"]
                                      for o in loops), f"cross: returned {loops}")
        check(summary["notifications"]["sent"] == 2, "cross: one notification per loop")
        # bob, a member of L2, gets one copy however often L1 is reached; the
        # two loops are reported by notifications to the lists' owners.
        to_bob = [o for o in outcomes if o["forward_path"] == "<bob@Y>"]
        check(len(to_bob) == 1, f"cross: bob's copies {to_bob}")

    # A member whose source route brings the mail back to its own list.
    nodes = [
        {"name": "X", "users": [{"mailbox": "alice"}],
         "lists": [{"name": "L1", "members": ["<@Y:L1@X>", "<alice@X>"]}]},
        {"name": "Y"}]
    summary, outcomes = run(folder, "route", nodes, ["<L1@X>"])
    if summary:
        balanced("route", summary)
        check(summary["lists"]["loops"] == 1, f"route: lists {summary['lists']}")

    # Eleven lists of 10,000 members in one mail: the eleventh would pass
    # 100,000 copies and fails; the others are sent on.
    users = [{"mailbox": f"u{i}"} for i in range(10000)]
    lists = [{"name": f"L{k}", "members": [f"<u{i}@Y>" for i in range(10000)]} for k in range(11)]
    nodes = [{"name": "X", "users": [{"mailbox": "alice"}]},
             {"name": "Y", "users": users, "lists": lists}]
    summary, outcomes = run(folder, "wide", nodes, [f"<L{k}@Y>" for k in range(11)])
    if summary:
        balanced("wide", summary)
        check(summary["lists"] == {"copies": 100000, "loops": 0, "over_limit": 1},
              f"wide: lists {summary['lists']}")
        refused = [o for o in outcomes if o["outcome"] == "returned"]
        check(len(refused) == 1 and "100000 copies" in refused[0]["reason"],
              f"wide: returned {refused[:3]}")

    # 10,001 members: refused at load, the field named, nothing written.
    nodes = [{"name": "X", "users": [{"mailbox": "alice"}]},
             {"name": "Y", "lists": [{"name": "big",
                                      "members": [f"<u{i}@Y>" for i in range(10001)]}]}]
    path = scenario(folder, "big", nodes, ["<big@Y>"])
    result = run_smtpsim(["run", str(path), "--quiet", "--out", str(folder / "big-out")],
                         cwd=folder)
    check(result.returncode == 2, f"big: exit {result.returncode}")
    check("/nodes/1/lists/0/members" in result.stderr and "at most 10000" in result.stderr,
          f"big: {result.stderr}")
    check(not (folder / "big-out").exists(), "big: partial output")

finish("list explosions end: loops fail once, copies capped, big lists refused")
