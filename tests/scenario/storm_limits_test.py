#!/usr/bin/env python3
"""Resource storms: every interval a scenario or topology sets is refused
below its floor of 1ms at load (the file and the JSON pointer named, exit
status 2, nothing written), and a run stopped by --max-events exits 1 with
its summary.json marked "interrupted" and "stopped". Run by CTest:
storm_limits_test.py SMTPSIM_BINARY."""
import json
import pathlib
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "lib"))
from checks import check, finish, run_smtpsim  # noqa: E402

TOPOLOGY = {"nodes": [{"name": "A", "users": [{"mailbox": "alice"}]},
                      {"name": "B", "users": [{"mailbox": "bob"}]}],
            "links": [{"a": "A", "b": "B"}]}
BASE = {"name": "storm", "topology": TOPOLOGY,
        "messages": [{"from": "alice@A", "to": ["bob@B"], "data": "hi"}]}

FIELDS = [
    ({"retry": {"first": "1ns", "max": "1ns"}}, "/retry/first"),
    ({"retry": {"first": "1ms", "max": "999us"}}, "/retry/max"),
    ({"host_retry": {"B": {"first": "1ns"}}}, "/host_retry/B/first"),
    ({"connect_timeout": "1ns"}, "/connect_timeout"),
    ({"reroute_after": "1ns"}, "/reroute_after"),
    ({"timeouts": {"greeting": "1ns"}}, "/timeouts/greeting"),
    ({"timeouts": {"server": "500us"}}, "/timeouts/server"),
    ({"traffic": [{"to": ["B"], "interval": "1ns", "count": 10}]}, "/traffic/0/interval"),
    ({"traffic": [{"to": ["B"], "rate": "1e9/s", "count": 10}]}, "/traffic/0/rate"),
]

with tempfile.TemporaryDirectory() as tmp:
    tmp = pathlib.Path(tmp)
    for extra, pointer in FIELDS:
        scenario = tmp / "storm.json"
        scenario.write_text(json.dumps({**BASE, **extra}))
        out = tmp / "out"
        r = run_smtpsim(["run", str(scenario), "--out", str(out), "--quiet"])
        check(r.returncode == 2 and f"{scenario}: {pointer}:" in r.stderr and "1ms" in r.stderr
              and not out.exists(), f"{pointer}: exit {r.returncode}, {r.stderr!r}")
    # The floor itself is taken.
    scenario.write_text(json.dumps({**BASE, "retry": {"first": "1ms", "max": "1ms"},
                                    "connect_timeout": "1ms"}))
    r = run_smtpsim(["run", str(scenario), "--out", str(tmp / "floor"), "--quiet"])
    check(r.returncode == 0, f"intervals of 1ms: exit {r.returncode}, {r.stderr!r}")

    # A dial-up host polling every nanosecond: refused in the topology, by pointer.
    dial = {"nodes": [{"name": "A", "accepts_turn": True},
                      {"name": "D", "accepts_connections": False, "poll_interval": "1ns"}],
            "links": [{"a": "A", "b": "D"}]}
    topology = tmp / "dial.json"
    topology.write_text(json.dumps(dial))
    r = run_smtpsim(["topology", "show", str(topology)])
    check(r.returncode == 2 and f"{topology}: /nodes/1/poll_interval:" in r.stderr,
          f"poll_interval 1ns: exit {r.returncode}, {r.stderr!r}")

    # B down for good, retried every millisecond for 10000 days: --max-events stops it.
    scenario.write_text(json.dumps({**BASE, "retry": {"first": "1ms", "max": "1ms",
                                                      "lifetime": "9000d"},
                                    "connect_timeout": "1ms",
                                    "failures": [{"kind": "host_down", "host": "B"}]}))
    out = tmp / "ceiling"
    r = run_smtpsim(["run", str(scenario), "--out", str(out), "--quiet", "--max-events", "20000"])
    check(r.returncode == 1 and "20000 events" in r.stderr and "interrupted" in r.stderr,
          f"--max-events: exit {r.returncode}, {r.stderr!r}")
    summary = json.loads((out / "summary.json").read_text()) if (out / "summary.json").exists() \
        else {}
    check(summary.get("interrupted") is True and "20000 events" in summary.get("stopped", "")
          and summary.get("events") == 20000 and summary["messages"]["in_flight"] == 1,
          f"--max-events: summary {summary}")
    check(not (out / "report.html").exists(), "a stopped run has no report")

finish("storm limits: all checks passed")
