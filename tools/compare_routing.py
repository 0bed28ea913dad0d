#!/usr/bin/python3
"""Next-hop routing against distance-vector routing (split horizon none,
simple, poisoned-reverse) on one scenario: delivered and looped mail over
time, drawn with matplotlib.

Usage: tools/compare_routing.py SMTPSIM SCENARIO OUTDIR

Runs `SMTPSIM run` once per variant (the scenario with its routing mode and
split horizon replaced) and writes to OUTDIR: table.csv (per variant:
injected, delivered, returned, looped, convergence after each topology
change), over-time.csv (per variant and minute: delivered and looped mail so
far) and delivered-looped.{png,svg}. Looped mail is mail returned because it
looped: refused by the hop limit (554) or for a reverse-path over 256
characters (501). Run by its own path: Debian's python3 has matplotlib.
"""

import csv
import json
import os
import subprocess
import sys
import tempfile

VARIANTS = [
    ("next-hop", "next-hop", None),
    ("dv-none", "distance-vector", "none"),
    ("dv-simple", "distance-vector", "simple"),
    ("dv-poisoned-reverse", "distance-vector", "poisoned-reverse"),
]
LOOP_CODES = {501, 554}


def run_variant(smtpsim, scenario, routing, split, work):
    doc = json.loads(open(scenario).read())
    doc["routing"] = routing
    if split:
        doc.setdefault("distance_vector", {})["split_horizon"] = split
    path = os.path.join(work, "scenario.json")
    with open(path, "w") as f:
        json.dump(doc, f)
    out = os.path.join(work, "out")
    subprocess.run([smtpsim, "run", path, "--quiet", "--out", out], check=True)
    summary = json.load(open(os.path.join(out, "summary.json")))
    outcomes = [json.loads(line) for line in open(os.path.join(out, "outcomes.jsonl"))]
    return summary, outcomes


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    smtpsim, scenario, outdir = sys.argv[1:]
    os.makedirs(outdir, exist_ok=True)
    rows, series = [], {}
    for name, routing, split in VARIANTS:
        with tempfile.TemporaryDirectory() as work:
            summary, outcomes = run_variant(smtpsim, scenario, routing, split, work)
        looped = [o for o in outcomes if o["outcome"] == "returned" and o.get("reply_code") in LOOP_CODES]
        delivered = [o for o in outcomes if o["outcome"] == "delivered"]
        m = summary["messages"]
        dv = summary.get("distance_vector", {})
        rows.append({
            "variant": name, "injected": m["injected"], "delivered": m["delivered"],
            "returned": m["returned"], "looped": len(looped),
            "unreturnable": m["unreturnable"], "in_flight": m["in_flight"],
            "convergence_s": " ".join(f'{c["change"]}: {c["converged_after_s"]}'
                                      for c in dv.get("convergence", [])),
            "updates_bytes": dv.get("updates", {}).get("bytes", 0),
        })
        end = int(summary["sim_time_s"] // 60) + 1
        series[name] = [(t, sum(o["t"] <= t * 60 for o in delivered),
                         sum(o["t"] <= t * 60 for o in looped)) for t in range(0, end + 1)]
    with open(os.path.join(outdir, "table.csv"), "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    with open(os.path.join(outdir, "over-time.csv"), "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["variant", "minute", "delivered", "looped"])
        for name, points in series.items():
            for t, d, l in points:
                writer.writerow([name, t, d, l])
    plot(series, outdir)


def plot(series, outdir):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    matplotlib.rcParams["svg.hashsalt"] = "smtpsim"
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4), sharex=True)
    for name, points in series.items():
        left.step([p[0] for p in points], [p[1] for p in points], where="post", label=name)
        right.step([p[0] for p in points], [p[2] for p in points], where="post", label=name)
    left.set_title("delivered mail so far")
    right.set_title("looped mail so far (returned with 554 or 501)")
    for ax in (left, right):
        ax.set_xlabel("simulated minutes")
        ax.axvspan(2, 6, color="grey", alpha=0.15, label="link C - D down")
        ax.grid(True, alpha=0.3)
    right.legend(loc="upper left")
    fig.tight_layout()
    fig.savefig(os.path.join(outdir, "delivered-looped.png"), dpi=110, metadata={"Software": None})
    fig.savefig(os.path.join(outdir, "delivered-looped.svg"), metadata={"Date": None})


if __name__ == "__main__":
    main()
