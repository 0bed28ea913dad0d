#!/usr/bin/env python3
"""`smtpsim compare` writes report.html and, per row of table.csv, the run of
the row's first seed in runs/<row>/ (its report.html, summary.json,
outcomes.jsonl and topology.dot; with --example-traces every file of
`smtpsim run`), the same run as runs.csv's row of that seed; --no-report
writes neither; a folder used
before keeps no example run of a row that is gone, nor its plots; without
Graphviz there are none, with a warning; names that are not safe
file names stay inside runs/. Run by CTest: example_runs_test.py SMTPSIM."""
import csv
import json
import pathlib
import shutil
import subprocess
import sys
import tempfile
import urllib.parse

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "lib"))
from checks import check, finish, root, smtpsim_binary  # noqa: E402

binary = smtpsim_binary()
data = root / "tests/compare/data"
SCENARIO = str(data / "random.json")
KEPT_FILES = ["outcomes.jsonl", "topology.dot", "summary.json", "report.html"]
TRACES = ["transcript.txt", "events.jsonl", "hops.jsonl", "mailboxes"]


def compare(*args):
    return subprocess.run([binary, "compare", SCENARIO, *map(str, args), "--no-plots", "--quiet"],
                          capture_output=True, text=True, cwd=root)


def read_csv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def links(out):
    """The example-run links of report.html, as paths below `out`."""
    text = (out / "report.html").read_text()
    hrefs = [h.split('"')[0] for h in text.split('class="run-link" href="')[1:]]
    return [out / urllib.parse.unquote(h) for h in hrefs]


def check_examples(out, what, traces=False):
    """Every row of table.csv links to its example, which is runs.csv's first-seed run."""
    table = read_csv(out / "table.csv")
    runs = read_csv(out / "runs.csv")
    targets = links(out)
    if not check(len(targets) == len(table), f"{what}: {len(targets)} links, {len(table)} rows"):
        return
    folders = sorted(p for p in (out / "runs").iterdir())
    check(len(folders) == len(table), f"{what}: runs/ holds {[p.name for p in folders]}")
    first_seed = runs[0]["seed"]
    sweep_columns = list(table[0])[2:list(table[0]).index("seeds")]
    for row, target in zip(table, targets):
        folder = target.parent
        check(folder.parent == out / "runs", f"{what}: {folder} is not a folder of runs/")
        for name in KEPT_FILES:
            check((folder / name).is_file(), f"{what}: {folder.name} has no {name}")
        for name in TRACES:
            check((folder / name).exists() == traces,
                  f"{what}: {folder.name}: {name} {'missing' if traces else 'kept'}")
        key = [row["topology"], row["routing"], *(row[c] for c in sweep_columns)]
        first = [r for r in runs if [r["topology"], r["routing"],
                                     *(r[c] for c in sweep_columns)] == key]
        check(first and first[0]["seed"] == first_seed, f"{what}: first run of {key}: {first[:1]}")
        summary = json.loads((folder / "summary.json").read_text())
        check(summary["seed"] == int(first_seed) and summary["routing"] == row["routing"],
              f"{what}: {folder.name}: seed {summary['seed']}, routing {summary['routing']}")
        for field in ("injected", "recipients", "delivered", "returned"):
            check(str(summary["messages"][field]) == first[0][field],
                  f"{what}: {folder.name}: {field} {summary['messages'][field]} in summary.json, "
                  f"{first[0][field]} in runs.csv")
        check(str(summary["events"]) == first[0]["events"],
              f"{what}: {folder.name}: events {summary['events']} against {first[0]['events']}")


with tempfile.TemporaryDirectory() as tmp:
    tmp = pathlib.Path(tmp)
    line, star = data / "line3.json", data / "star3.json"

    # report.html and one example per row, with a failure plan and two modes.
    out = tmp / "out"
    r = compare("--topology", line, "--topology", star, "--routing", "source", "--routing",
                "next-hop", "--seeds", "3", "--busiest-relay-down", "1s", "2s", "--out", out)
    if check(r.returncode == 0, f"compare: exit {r.returncode}: {r.stderr}"):
        check_examples(out, "two topologies, two modes")
        check(sorted(p.name for p in (out / "runs").iterdir()) ==
              ["line3-next-hop", "line3-source", "star3-next-hop", "star3-source"],
              f"folder names: {sorted(p.name for p in (out / 'runs').iterdir())}")

    # --example-traces: every file of the runs, and the same runs.
    traced = tmp / "traced"
    r = compare("--topology", line, "--routing", "source", "--seeds", "2", "--out", traced,
                "--example-traces")
    if check(r.returncode == 0, f"--example-traces: exit {r.returncode}: {r.stderr}"):
        check_examples(traced, "--example-traces", traces=True)
    r = compare("--topology", line, "--out", traced, "--no-report", "--example-traces")
    check(r.returncode == 2 and "--example-traces" in r.stderr,
          f"--example-traces with --no-report: exit {r.returncode}: {r.stderr}")

    # The same folder again with one topology: the star's examples go; a
    # folder of runs/ that is not a run's stays.
    (out / "runs" / "notes").mkdir()
    (out / "runs" / "notes" / "mine.txt").write_text("kept\n")
    r = compare("--topology", line, "--routing", "source", "--seeds", "2", "--out", out)
    if check(r.returncode == 0, f"again: exit {r.returncode}: {r.stderr}"):
        check(sorted(p.name for p in (out / "runs").iterdir()) == ["line3-source", "notes"],
              f"stale rows kept: {sorted(p.name for p in (out / 'runs').iterdir())}")
        check((out / "runs/notes/mine.txt").is_file(), "a folder that is not a run's was removed")
        check(len(links(out)) == 1, f"again: links {links(out)}")
    shutil.rmtree(out / "runs" / "notes")

    # --no-report: neither report.html nor runs/, and those of before are gone.
    r = compare("--topology", line, "--routing", "source", "--seeds", "2", "--out", out,
                "--no-report")
    check(r.returncode == 0, f"--no-report: exit {r.returncode}: {r.stderr}")
    check(not (out / "report.html").exists() and not (out / "runs").exists(),
          f"--no-report left {sorted(p.name for p in out.iterdir())}")
    fresh = tmp / "fresh"
    r = compare("--topology", line, "--seeds", "1", "--out", fresh, "--no-report")
    check(r.returncode == 0 and (fresh / "table.csv").is_file() and
          not (fresh / "report.html").exists() and not (fresh / "runs").exists(),
          f"--no-report in a new folder: {r.returncode} {sorted(p.name for p in fresh.iterdir())}")

    # Names that are not file names: two files with one stem are named by
    # their paths, and a swept value has a '/'; every folder stays in runs/.
    for folder in ("a", "b"):
        (tmp / folder).mkdir()
        shutil.copy(line, tmp / folder / "line3.json")
    swept = tmp / "swept"
    r = subprocess.run([binary, "compare", SCENARIO, "--topology", "a/line3.json", "--topology",
                        "./b/line3.json", "--set", "/traffic/0/rate=5/s,10/s", "--seeds", "2",
                        "--out", str(swept), "--no-plots", "--quiet"],
                       capture_output=True, text=True, cwd=tmp)
    if check(r.returncode == 0, f"unsafe names: exit {r.returncode}: {r.stderr}"):
        check_examples(swept, "unsafe names")
        names = sorted(p.name for p in (swept / "runs").iterdir())
        check(names == ["%2E%2Fb%2Fline3.json-next-hop-10%2Fs", "%2E%2Fb%2Fline3.json-next-hop-5%2Fs",
                        "a%2Fline3.json-next-hop-10%2Fs", "a%2Fline3.json-next-hop-5%2Fs"],
              f"unsafe names: {names}")
        check(sorted(p.name for p in tmp.iterdir()) == ["a", "b", "fresh", "out", "swept", "traced"],
              f"unsafe names: written outside the folder: {sorted(p.name for p in tmp.iterdir())}")

    # The plots of before go: report.html shows this comparison's alone.
    plotted = tmp / "plotted"
    for extra in (["--format", "svg"], ["--no-plots"]):
        r = subprocess.run([binary, "compare", SCENARIO, "--topology", str(line), "--seeds", "1",
                            "--out", str(plotted), "--quiet", *extra], capture_output=True,
                           text=True, cwd=root)
        check(r.returncode == 0, f"plots {extra}: exit {r.returncode}: {r.stderr}")
        svgs = sorted(p.name for p in plotted.glob("*.svg"))
        check((svgs != []) == (extra[0] == "--format"), f"plots {extra}: {svgs}")
    check("No plots in this folder" in (plotted / "report.html").read_text(),
          "--no-plots after plots: report.html shows plots")

    # Without Graphviz: no example runs, said so, and report.html without links.
    bare = tmp / "without-graphviz"
    r = subprocess.run([binary, "compare", SCENARIO, "--topology", str(line), "--seeds", "1",
                        "--out", str(bare), "--no-plots", "--quiet"], capture_output=True,
                       text=True, cwd=root, env={"PATH": str(tmp / "nowhere")})
    check(r.returncode == 0 and "warning: no example runs" in r.stderr and "neato" in r.stderr,
          f"without Graphviz: exit {r.returncode}: {r.stderr}")
    check((bare / "report.html").is_file() and links(bare) == [] and not (bare / "runs").exists(),
          f"without Graphviz: {sorted(p.name for p in bare.iterdir())}")

    # A file where runs/ goes: refused before anything runs, exit 2.
    blocked = tmp / "blocked"
    blocked.mkdir()
    (blocked / "runs").write_text("")
    r = compare("--topology", line, "--seeds", "1", "--out", blocked)
    check(r.returncode == 2 and "runs" in r.stderr and
          sorted(p.name for p in blocked.iterdir()) == ["runs"],
          f"runs/ a file: exit {r.returncode}: {r.stderr}")

finish("compare's report and example runs: all checks passed")
