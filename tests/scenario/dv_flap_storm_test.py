#!/usr/bin/env python3
"""A distance-vector flap storm: four hosts in a ring, updates every 1ms
(the floor), the link A - B going down and up every millisecond for three
simulated seconds, mail sent throughout. The run must end with exit status 0,
balanced accounting and a peak resident size under 200 MB, and the updates
sent on the links must stay within what one update on its way per link
direction allows (a link's latency is 20ms, so at most about 50 a second a
direction, where an unbounded queue would send one for each interval and
each flap, a thousand a second). Run by CTest: dv_flap_storm_test.py SMTPSIM_BINARY."""
import json
import pathlib
import resource
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "lib"))
from checks import check, finish, run_smtpsim  # noqa: E402

HOSTS = ["A", "B", "C", "D"]
LINKS = [("A", "B"), ("B", "C"), ("C", "D"), ("D", "A")]
FLAPS = 1500  # down at 0, 2, 4 ... ms for 1ms each: a change every millisecond
topology = {"defaults": {"link": {"latency": "20ms", "bandwidth": "10Mbit/s"}},
            "nodes": [{"name": h, "users": [{"mailbox": "u"}]} for h in HOSTS],
            "links": [{"a": a, "b": b} for a, b in LINKS]}
scenario = {
    "name": "flap-storm", "topology": topology, "routing": "distance-vector",
    "distance_vector": {"update_interval": "1ms"},
    "retry": {"first": "10ms", "max": "100ms"},
    "traffic": [{"from": ["A"], "to": ["B", "C"], "process": "fixed", "interval": "100ms",
                 "count": 30}],
    "failures": [{"kind": "link_down", "a": "A", "b": "B", "at": f"{2 * i}ms", "for": "1ms"}
                 for i in range(FLAPS)],
}

with tempfile.TemporaryDirectory() as tmp:
    tmp = pathlib.Path(tmp)
    path = tmp / "flap.json"
    path.write_text(json.dumps(scenario))
    out = tmp / "out"
    r = run_smtpsim(["run", str(path), "--out", str(out), "--quiet", "--no-report"],
                    timeout=600)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    check(r.returncode == 0, f"exit {r.returncode}: {r.stderr[:400]}")
    check(peak_mb < 200, f"peak resident size {peak_mb:.0f} MB, expected under 200 MB")
    summary = json.loads((out / "summary.json").read_text()) if (out / "summary.json").exists() \
        else {}
    m = summary.get("messages", {})
    check(m.get("recipients", 0) > 0 and
          m.get("recipients") == m.get("delivered", 0) + m.get("returned", 0) +
          m.get("unreturnable", 0) + m.get("in_flight", 0),
          f"the accounting does not balance: {m}")
    dv = summary.get("distance_vector", {})
    updates = dv.get("updates", {})
    sim_time = summary.get("sim_time_s", 0)
    check(sim_time >= 2 * FLAPS / 1000, f"the run ended at {sim_time}s, before the flaps did")
    # One update on its way per direction: at most one each 20ms latency,
    # plus the one that waited, per direction of each link.
    ceiling = 2 * len(LINKS) * (sim_time / 0.020 + 2) * 1.05
    check(0 < updates.get("sent", 0) <= ceiling,
          f"{updates.get('sent')} updates sent in {sim_time}s, more than the {ceiling:.0f} "
          "one on its way per link direction allows")
    check(dv.get("route_changes", 0) > 0, "no route changes: the flaps did not reach the tables")

finish(f"flap storm: {updates.get('sent')} updates sent, {dv.get('route_changes')} route "
       f"changes in {sim_time}s of simulated time, peak {peak_mb:.0f} MB")
