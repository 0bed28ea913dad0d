#!/usr/bin/env python3
"""`smtpsim report DIR` estimates a run folder's size before it reads it and
refuses (exit status 2, naming the file and the count, no report.html) a
trace of more than 5,000,000 records (events.jsonl, or hops.jsonl and
outcomes.jsonl together) and a topology.dot of more than 100,000 hosts;
`smtpsim run` leaves report.html out of a run that large, with a warning,
and still succeeds; so does `smtpsim compare` with the report.html of such
an example run, keeping the comparison's files and the run's others. Run by CTest: size_limits_test.py SMTPSIM_BINARY."""
import json
import pathlib
import shutil
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "lib"))
from checks import check, finish, run_smtpsim  # noqa: E402

if shutil.which("neato") is None:
    print("skipped: Graphviz (neato) is not installed")
    sys.exit(77)

# A record the report reads and ignores (an event kind it does not draw):
# without the limit, every one of them is parsed.
IGNORED = '{"event":"x"}\n'


def refused(name, folder, words):
    r = run_smtpsim(["report", str(folder)], timeout=120)
    check(r.returncode == 2, f"{name}: exit {r.returncode}, expected 2: {r.stderr[:300]}")
    for word in words:
        check(word in r.stderr, f"{name}: {word!r} not in: {r.stderr[:300]}")
    check(not (folder / "report.html").exists(), f"{name}: report.html was written")


with tempfile.TemporaryDirectory() as tmp:
    tmp = pathlib.Path(tmp)
    run = tmp / "run"
    r = run_smtpsim(["run", "--out", str(run), "--quiet", "--no-report"])
    check(r.returncode == 0, f"the built-in run: {r.stderr}")
    lines = len((run / "events.jsonl").read_text().splitlines())

    # Exactly at the limit: read (the ignored records cost nothing to draw).
    at = tmp / "at-limit"
    shutil.copytree(run, at)
    with open(at / "events.jsonl", "a") as f:
        f.write(IGNORED * (5_000_000 - lines))
    r = run_smtpsim(["report", str(at)], timeout=300)
    check(r.returncode == 0, f"5,000,000 records: exit {r.returncode}: {r.stderr[:300]}")
    # One more: refused before any is parsed.
    with open(at / "events.jsonl", "a") as f:
        f.write(IGNORED)
    (at / "report.html").unlink(missing_ok=True)
    refused("5,000,001 records", at, ["events.jsonl", "5000001 records", "5000000"])

    # Without events.jsonl, hops.jsonl and outcomes.jsonl count together.
    split = tmp / "no-events"
    shutil.copytree(run, split)
    (split / "events.jsonl").unlink()
    with open(split / "hops.jsonl", "a") as f:
        f.write('{"x":1}\n' * 3_000_000)
    with open(split / "outcomes.jsonl", "a") as f:
        f.write('{"x":1}\n' * 2_000_000)
    refused("hops and outcomes", split, ["outcomes.jsonl", "hops.jsonl and outcomes.jsonl",
                                         "5000000"])
    shutil.rmtree(at)
    shutil.rmtree(split)

    # A topology of 100,001 hosts and no links: refused before it is loaded.
    hosts = tmp / "hosts"
    shutil.copytree(run, hosts)
    dot = (hosts / "topology.dot").read_text().rstrip().rstrip("}")
    (hosts / "topology.dot").write_text(
        dot + "".join(f'"h{i}.sim";\n' for i in range(100_001)) + "}\n")
    refused("100,001 hosts", hosts, ["topology.dot", "100000 hosts"])

    # `run` of such a topology: its files are written, its report left out.
    nodes = [{"name": f"h{i}.sim"} for i in range(100_001)]
    topology = tmp / "wide.json"
    topology.write_text(json.dumps({"nodes": nodes, "links": []}))
    scenario = tmp / "wide-scenario.json"
    scenario.write_text(json.dumps({"name": "wide", "topology": str(topology)}))
    out = tmp / "wide"
    r = run_smtpsim(["run", str(scenario), "--out", str(out), "--quiet"], timeout=300)
    check(r.returncode == 0, f"run of 100,001 hosts: exit {r.returncode}: {r.stderr[:300]}")
    check("no report.html" in r.stderr and "100000 hosts" in r.stderr,
          f"run of 100,001 hosts: no warning: {r.stderr[:300]}")
    check((out / "summary.json").exists() and not (out / "report.html").exists(),
          "run of 100,001 hosts: summary.json missing, or report.html written")

    # `compare` of it: every file of the comparison, the example run's files
    # but its report.html, the comparison's report.html showing the row
    # without a link; a warning, exit status 0.
    for extra, kept in [([], ["outcomes.jsonl", "summary.json", "topology.dot"]),
                        (["--example-traces"], ["events.jsonl", "hops.jsonl", "outcomes.jsonl",
                                                "summary.json", "topology.dot",
                                                "transcript.txt"])]:
        out = tmp / ("wide-compare" + "".join(extra))
        r = run_smtpsim(["compare", str(scenario), "--topology", str(topology), "--seeds", "1",
                         "--no-plots", "--quiet", "--out", str(out), *extra], timeout=300)
        what = f"compare of 100,001 hosts {extra}"
        check(r.returncode == 0, f"{what}: exit {r.returncode}: {r.stderr[:300]}")
        row = out / "runs" / "wide-next-hop"
        check(f"no {row / 'report.html'}" in r.stderr and "100000 hosts" in r.stderr,
              f"{what}: no warning: {r.stderr[:300]}")
        files = sorted(p.name for p in row.iterdir()) if row.is_dir() else []
        check(files == kept, f"{what}: the example run holds {files}, expected {kept}")
        for name in ("runs.csv", "table.csv", "results.json", "command.txt", "report.html"):
            check((out / name).is_file(), f"{what}: no {name}")
        page = (out / "report.html").read_text() if (out / "report.html").is_file() else ""
        check("no example run kept" in page and "runs/wide-next-hop/report.html" not in page,
              f"{what}: report.html links to the example run's missing report")

finish("report size limits: all checks passed")
