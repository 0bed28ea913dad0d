#!/usr/bin/env python3
"""The distance-vector routing mode from the command line: `run --routing
distance-vector` writes routing.jsonl (unless --no-routing) and the
distance_vector part of summary.json (other modes write neither), and `compare` runs it beside
next-hop. Run by CTest: routing_mode_test.py SMTPSIM_BINARY."""
import json
import pathlib
import subprocess
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "lib"))
from checks import check, finish, root, smtpsim_binary  # noqa: E402

binary = smtpsim_binary()


def run(args):
    return subprocess.run([binary] + args, capture_output=True, text=True, cwd=root, timeout=300)


with tempfile.TemporaryDirectory() as tmp:
    tmp = pathlib.Path(tmp)
    scenario = "scenarios/failures/link-down-reroute.json"
    for mode in ("distance-vector", "next-hop"):
        out = tmp / mode
        r = run(["run", scenario, "--routing", mode, "--quiet", "--out", str(out)])
        check(r.returncode == 0, f"run --routing {mode}: exit {r.returncode}: {r.stderr}")
        summary = json.loads((out / "summary.json").read_text())
        learned = mode == "distance-vector"
        check(summary["routing"] == mode, f"{mode}: summary routing {summary['routing']}")
        check(("distance_vector" in summary) == learned, f"{mode}: distance_vector in summary")
        check((out / "routing.jsonl").exists() == learned, f"{mode}: routing.jsonl")
        if learned:
            rows = [json.loads(line) for line in (out / "routing.jsonl").read_text().splitlines()]
            check(any(row["host"] == "A" and row["destination"] == "D" for row in rows),
                  "routing.jsonl: A never learned a route to D")
            check(summary["messages"]["delivered"] == 1, f"{mode}: {summary['messages']}")
    out = tmp / "no-routing"
    r = run(["run", scenario, "--routing", "distance-vector", "--no-routing", "--quiet",
             "--out", str(out)])
    check(r.returncode == 0 and (out / "summary.json").exists(), f"--no-routing: {r.stderr}")
    check(not (out / "routing.jsonl").exists(), "--no-routing: routing.jsonl written")
    r = run(["run", scenario, "--routing", "distance-vectors", "--quiet", "--out", str(tmp / "x")])
    check(r.returncode == 2 and not (tmp / "x").exists(), f"a misspelt mode: {r.returncode}")

    out = tmp / "compare"
    r = run(["compare", "scenarios/compare/shared.json", "--topology", "topologies/teaching/ring.json",
             "--routing", "next-hop", "distance-vector", "--seeds", "1", "--no-plots", "--no-report", "--quiet",
             "--out", str(out)])
    check(r.returncode == 0, f"compare: exit {r.returncode}: {r.stderr}")
    table = (out / "table.md").read_text() if r.returncode == 0 else ""
    check("| ring | distance-vector |" in table and "| ring | next-hop |" in table,
          f"compare table: {table}")

finish("routing modes from the command line: all checks passed")
