#!/usr/bin/env python3
"""Output safety of `smtpsim run`: the folder holds exactly this run's files
(an earlier run's files that this one does not write are removed), each file
is written whole or not at all (a full disk leaves the old files as they
were, exit 1 naming the file), a file in place of the folder or of one of its
files is refused (exit 2), and a signal ends the run with whole files and a
summary marked "interrupted" (exit 128 + the signal); report.html is written
unless --no-report. Run by CTest: run_output_test.py SMTPSIM_BINARY."""
import json
import os
import pathlib
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "lib"))
from checks import check, disk_full_after, finish, root, run_smtpsim, smtpsim_binary  # noqa: E402

binary = smtpsim_binary()


def run(args, **kwargs):
    return run_smtpsim(["run", *args], **kwargs)


def names(folder):
    return sorted(p.name for p in folder.iterdir())


ALL = ["events.jsonl", "hops.jsonl", "mailboxes", "outcomes.jsonl", "report.html",
       "summary.json", "topology.dot", "transcript.txt"]


def contents(folder):
    """Every file under `folder`, by its relative name."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}

with tempfile.TemporaryDirectory() as tmp:
    tmp = pathlib.Path(tmp)

    # The report by default, its path printed; every file of a run.
    out = tmp / "run"
    r = run(["--out", str(out)])
    check(r.returncode == 0, f"run: exit {r.returncode}: {r.stderr}")
    check(f"report: {out}/report.html" in r.stdout, f"the report's path is not printed: {r.stdout}")
    check(names(out) == ALL, f"files of a run: {names(out)}")

    # A second run with fewer outputs leaves none of the first run's behind
    # (its mailboxes included), and keeps the files that are not the program's.
    check((out / "mailboxes/BBN-VAX.ARPA/Jones.mbox").is_file(),
          f"the built-in run's mailbox: {contents(out / 'mailboxes').keys()}")
    (out / "notes.txt").write_text("mine\n")
    r = run(["scenarios/rfc821/typical.json", "--out", str(out), "--quiet", "--no-events",
             "--no-report"])
    check(r.returncode == 0, f"second run: exit {r.returncode}: {r.stderr}")
    check(names(out) == ["hops.jsonl", "mailboxes", "notes.txt", "outcomes.jsonl",
                         "summary.json", "topology.dot", "transcript.txt"],
          f"after a run without events and report: {names(out)}")
    check(not (out / "mailboxes/BBN-VAX.ARPA").exists(),
          f"an earlier run's mailboxes are left: {list(contents(out / 'mailboxes'))}")
    check(json.loads((out / "summary.json").read_text())["scenario"] == "rfc821-typical",
          "summary.json is not the second run's")

    # A full disk: exit 1 naming a file; the old files as they were, no temporary files.
    before = contents(out)
    r = run(["--out", str(out), "--quiet"], preexec_fn=disk_full_after(3000))
    check(r.returncode == 1 and str(out) in r.stderr,
          f"full disk: exit {r.returncode}: {r.stderr}")
    check(contents(out) == before, f"a failed run changed the folder: {names(out)}")

    # A file where the folder should be, or where one of its files should be.
    plain = tmp / "plain"
    plain.write_text("x\n")
    r = run(["--out", str(plain), "--quiet"])
    check(r.returncode == 2 and str(plain) in r.stderr and plain.read_text() == "x\n",
          f"--out a file: exit {r.returncode}: {r.stderr}")
    odd = tmp / "odd"
    (odd / "summary.json").mkdir(parents=True)
    r = run(["--out", str(odd), "--quiet"])
    check(r.returncode == 2 and "summary.json" in r.stderr and names(odd) == ["summary.json"],
          f"a folder named summary.json: exit {r.returncode}: {r.stderr} {names(odd)}")

    # SIGINT: the run stops, its files are whole, the summary says so, exit 130.
    topology = tmp / "net.json"
    subprocess.run([binary, "topology", "generate", "scale-free", "--hosts", "200", "--seed",
                    "1", "--users", "5", "--out", str(topology)], check=True,
                   capture_output=True)
    scenario = tmp / "long.json"
    scenario.write_text(json.dumps({
        "name": "long", "topology": str(topology), "seed": 1, "routing": "next-hop",
        "traffic": [{"rate": "200/s", "count": 10000000}]}))
    interrupted = tmp / "interrupted"
    child = subprocess.Popen([binary, "run", str(scenario), "--out", str(interrupted),
                              "--quiet"], stderr=subprocess.PIPE, text=True, cwd=root)
    # The run has started (its temporary files exist, so its handlers are in
    # place) before the signal is sent, however slow the machine.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and child.poll() is None and not (
            interrupted.is_dir() and any(p.name.startswith(".") for p in interrupted.iterdir())):
        time.sleep(0.05)
    time.sleep(0.5)
    child.send_signal(signal.SIGINT)
    try:
        _, err = child.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        child.kill()
        _, err = child.communicate()
    check(child.returncode == 130 and "interrupted by SIGINT" in err,
          f"SIGINT: exit {child.returncode}: {err}")
    if (interrupted / "summary.json").exists():
        summary = json.loads((interrupted / "summary.json").read_text())
        check(summary.get("interrupted") is True, "summary.json is not marked interrupted")
        m = summary["messages"]
        check(m["recipients"] == m["delivered"] + m["returned"] + m["unreturnable"]
              + m["in_flight"], f"an interrupted run does not balance: {m}")
        for name in ("events.jsonl", "hops.jsonl", "outcomes.jsonl"):
            for number, line in enumerate((interrupted / name).read_text().splitlines(), 1):
                try:
                    json.loads(line)
                except ValueError:
                    check(False, f"{name}:{number} is not a whole JSON line")
                    break
    else:
        check(False, f"no summary.json after SIGINT: {names(interrupted)}")
    check(not any(n.startswith(".") for n in names(interrupted)),
          f"temporary files left: {names(interrupted)}")

finish("run outputs: all checks passed")
