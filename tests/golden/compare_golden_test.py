#!/usr/bin/env python3
"""Golden comparison: the shipped comparisons (tools/compare-teaching) are made
again in a temporary folder and their tables must equal, byte for byte, those
committed under results/compare/.

    compare_golden_test.py SMTPSIM
"""
import difflib
import pathlib
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
TOPOLOGIES = ["line", "ring", "star", "tree", "grid", "mesh", "scale-free"]
FILES = ["runs.csv", "table.csv", "table.md", "hosts.csv", "links.csv", "latency.csv", "hops.csv",
         "queues.csv"]
RUNS = {"shared": [], "shared-busiest-relay-down": ["--busiest-relay-down", "5min", "10min"]}
# The load sweep: its own topologies and modes.
LOAD = ["--topology", "topologies/teaching/ring.json", "--topology",
        "topologies/teaching/star.json", "--topology", "topologies/teaching/grid.json",
        "--routing", "source", "--routing", "next-hop", "--set",
        "/traffic/0/rate=1/s,2/s,4/s,8/s", "--seeds", "5", "--no-plots", "--no-report",
        "--quiet"]


def main():
    smtpsim = sys.argv[1]
    args = [smtpsim, "compare", "scenarios/compare/shared.json"]
    for t in TOPOLOGIES:
        args += ["--topology", f"topologies/teaching/{t}.json"]
    args += ["--routing", "as-written", "--routing", "source", "--routing", "next-hop",
             "--seeds", "10", "--no-plots", "--no-report", "--quiet"]
    failures = 0
    runs = {name: args + extra for name, extra in RUNS.items()}
    runs["shared-load"] = [smtpsim, "compare", "scenarios/compare/shared.json"] + LOAD
    with tempfile.TemporaryDirectory() as tmp:
        for name, command in runs.items():
            out = pathlib.Path(tmp) / name
            subprocess.run(command + ["--out", str(out)], check=True, cwd=ROOT)
            for f in FILES:
                want = (ROOT / "results" / "compare" / name / f).read_text()
                got = (out / f).read_text()
                if want != got:
                    failures += 1
                    diff = difflib.unified_diff(want.splitlines(), got.splitlines(),
                                                f"results/compare/{name}/{f}", f"now/{name}/{f}",
                                                lineterm="", n=0)
                    print("\n".join(list(diff)[:30]))
    if failures:
        print(f"{failures} comparison file(s) differ from results/compare/; if the change is "
              "meant, run tools/compare-teaching and say why in the README's changelog")
        return 1
    print("shipped comparisons: all match")
    return 0


if __name__ == "__main__":
    sys.exit(main())
