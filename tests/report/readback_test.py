#!/usr/bin/env python3
"""`smtpsim report DIR` on hostile folders: every file it reads back (a
run's summary.json, events.jsonl, hops.jsonl, outcomes.jsonl, topology.dot;
a comparison's CSV tables, command.txt and plots) replaced by a symbolic
link in a loop or to nowhere, a pipe, a folder or /dev/zero; JSON lines
with a number beyond a double, a key given twice, nesting too deep, a line
of 2 MiB, a time beyond what smtpsim represents; a topology of more links
than a report is made for; and filters that name
nothing (--mail '', --mail of no mail, --host of no host, --from after
--to). Each must exit 2 with a message naming the file and the line (or the
option), write no report.html, and never be an internal error.
Run by CTest: readback_test.py SMTPSIM_BINARY."""
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "lib"))
from checks import check, finish, run_smtpsim  # noqa: E402

if shutil.which("neato") is None:
    print("skipped: Graphviz (neato) is not installed")
    sys.exit(77)


def refused(name, args, words, folder):
    """`smtpsim ARGS` exits 2, naming each of `words`, and leaves no report.html in `folder`."""
    report = folder / "report.html"
    if report.exists():
        report.unlink()
    r = run_smtpsim(args, timeout=60)
    check(r.returncode == 2, f"{name}: exit {r.returncode}, expected 2: {r.stderr[:300]}")
    check("internal error" not in r.stderr, f"{name}: {r.stderr[:300]}")
    check(r.stdout == "", f"{name}: printed {r.stdout[:200]!r}")
    for word in words:
        check(word in r.stderr, f"{name}: {word!r} not in: {r.stderr[:300]}")
    check(not report.exists(), f"{name}: report.html was written")


def replace(path, kind):
    """Puts a hostile thing of `kind` where the file `path` was."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()
    if kind == "loop":
        path.symlink_to(path.name)
    elif kind == "dangling":
        path.symlink_to("nowhere-at-all")
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    elif kind == "zero":
        path.symlink_to("/dev/zero")


with tempfile.TemporaryDirectory() as tmp:
    tmp = pathlib.Path(tmp)
    run = tmp / "run"
    r = run_smtpsim(["run", "--out", str(run), "--quiet"])
    check(r.returncode == 0, f"the built-in run: {r.stderr}")
    compare = tmp / "cmp"
    r = run_smtpsim(["compare", "tests/compare/data/two-mails.json", "--topology",
                     "tests/compare/data/line3.json", "--seeds", "1", "--no-report", "--quiet",
                     "--out", str(compare)])
    check(r.returncode == 0, f"the comparison: {r.stderr}")
    (compare / "plot.svg").write_text("<svg></svg>")

    # Every file a run's report reads, as every kind of thing that is not a file.
    for name in ["summary.json", "events.jsonl", "hops.jsonl", "outcomes.jsonl", "topology.dot"]:
        for kind in ["loop", "dangling", "fifo", "folder", "zero"]:
            folder = tmp / f"run-{name}-{kind}"
            shutil.copytree(run, folder, symlinks=True)
            if name in ("hops.jsonl", "outcomes.jsonl"):
                (folder / "events.jsonl").unlink()  # read only without events
            replace(folder / name, kind)
            refused(f"{name} as {kind}", ["report", str(folder)], [name], folder)
            shutil.rmtree(folder)
    for name in ["table.csv", "runs.csv", "hosts.csv", "latency.csv", "command.txt", "plot.svg"]:
        for kind in ["loop", "fifo", "folder", "zero"]:
            folder = tmp / f"cmp-{name}-{kind}"
            shutil.copytree(compare, folder, symlinks=True)
            replace(folder / name, kind)
            refused(f"comparison's {name} as {kind}", ["report", str(folder)], [name], folder)
            shutil.rmtree(folder)

    # Lines that the checked JSON reader refuses, each at its line.
    good = (run / "events.jsonl").read_text()
    lines = good.splitlines()
    for name, bad, words in [
            ("a number beyond a double", '{"t":1e400,"event":"hop"}', ["3:6", "1e400"]),
            ("a key twice", '{"t":1,"event":"hop","t":2}', ["line 3", "/t", "twice"]),
            ("nesting too deep", '{"event":' + "[" * 100 + "]" * 100 + "}", ["3:", "deeper"]),
            ("a line of 2 MiB", '{"event":"' + "x" * (2 << 20) + '"}', ["line 3", "1 MiB"]),
            ("a time beyond 292 years", '{"t":1e12,"event":"session_opened","session":99,'
                                        '"client":"A","server":"B"}', ["line 3", "292 years"]),
            ("not an object", "[1,2]", ["line 3", "object"])]:
        folder = tmp / "bad-line"
        shutil.copytree(run, folder, dirs_exist_ok=True)
        (folder / "events.jsonl").write_text("\n".join(lines[:2] + [bad] + lines[2:]) + "\n")
        refused(name, ["report", str(folder)], ["events.jsonl", *words], folder)
    dup = tmp / "dup-summary"
    shutil.copytree(run, dup)
    (dup / "summary.json").write_text('{"scenario": "a", "scenario": "b"}')
    refused("summary.json with a key twice", ["report", str(dup)], ["summary.json", "/scenario"],
            dup)

    # Filters that name nothing, and a window that ends before it begins.
    no_events = tmp / "no-events"
    shutil.copytree(run, no_events)
    (no_events / "events.jsonl").unlink()
    for name, args, words in [
            ("--mail ''", ["--mail", ""], ["--mail"]),
            ("--mail of no mail", ["--mail", "999999"], ["--mail", "999999"]),
            ("--host of no host", ["--host", "NOSUCH"], ["--host", "NOSUCH"]),
            ("--host ''", ["--host", ""], ["--host"]),
            ("--from after --to", ["--from", "10min", "--to", "1min"], ["--to", "--from"]),
            ("--from ''", ["--from", ""], ["--from"]),
            ("--max-lines ''", ["--max-lines", ""], ["--max-lines"])]:
        refused(name, ["report", str(run), *args], words, run)
    refused("--mail of no mail, without events.jsonl",
            ["report", str(no_events), "--mail", "999999"], ["--mail", "hops.jsonl"], no_events)
    r = run_smtpsim(["report", str(no_events), "--mail", "1", "--host", "USC-ISIE.ARPA"])
    check(r.returncode == 0, f"--mail and --host that the run has: {r.stderr}")

    # A topology beyond the links a report is made for: refused before it is loaded.
    big = tmp / "big-topology"
    shutil.copytree(run, big)
    (big / "topology.dot").write_text(
        "graph {\n" + "".join(f"  h{i} -- h{i + 1}\n" for i in range(100_001)) + "}\n")
    refused("100,001 links", ["report", str(big)], ["topology.dot", "100001 links", "100000"], big)

finish("report of hostile folders: all checks passed")
