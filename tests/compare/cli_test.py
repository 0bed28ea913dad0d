#!/usr/bin/env python3
"""`smtpsim compare` from the command line: the files it writes, that they do
not depend on --jobs, that command.txt makes them again, and that bad
arguments exit 2 with a message saying what was expected and write nothing.
Run by CTest: cli_test.py SMTPSIM_BINARY."""
import csv
import json
import os
import pathlib
import pty
import shlex
import subprocess
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "lib"))
from checks import check, finish, root, smtpsim_binary  # noqa: E402

binary = smtpsim_binary()
data = root / "tests/compare/data"

SCENARIO = str(data / "random.json")
TOPOLOGIES = ["--topology", str(data / "line3.json"), "--topology", str(data / "star3.json")]
DATA_FILES = ["runs.csv", "table.csv", "table.md", "hosts.csv", "latency.csv"]


def compare(*args):
    return subprocess.run([binary, "compare", *args], capture_output=True, text=True, cwd=root)


with tempfile.TemporaryDirectory() as tmp:
    tmp = pathlib.Path(tmp)

    # The same comparison on one thread and on three gives the same files.
    outs = {}
    for jobs in ("1", "3"):
        out = tmp / f"jobs{jobs}"
        r = compare(SCENARIO, *TOPOLOGIES, "--routing", "source", "--routing", "next-hop",
                    "--seeds", "3", "--jobs", jobs, "--out", str(out), "--no-plots")
        check(r.returncode == 0, f"--jobs {jobs}: exit {r.returncode}: {r.stderr}")
        check(r.stderr == "", f"--jobs {jobs}: standard error is not a terminal, yet: {r.stderr!r}")
        check("| star3 | next-hop |" in r.stdout, f"--jobs {jobs}: no table shown: {r.stdout}")
        outs[jobs] = out
    for name in DATA_FILES:
        a, b = (outs[j] / name for j in ("1", "3"))
        check(a.is_file() and a.read_bytes() == b.read_bytes(),
              f"{name} differs between --jobs 1 and --jobs 3")
    runs = (outs["1"] / "runs.csv").read_text().splitlines()
    check(len(runs) == 1 + 2 * 2 * 3, f"runs.csv has {len(runs)} lines, expected 13")
    check(runs[1].startswith("line3,source,40,"), f"first run: {runs[1]}")

    # command.txt names the version and the command that makes the same files.
    lines = (outs["1"] / "command.txt").read_text().splitlines()
    check(lines[0].startswith("# made by smtpsim "), f"command.txt: {lines[0]}")
    command = shlex.split(lines[1])
    check(command[:2] == ["smtpsim", "compare"] and "--jobs" not in command,
          f"command.txt: {lines[1]}")
    before = {name: (outs["1"] / name).read_bytes() for name in DATA_FILES}
    again = subprocess.run([binary, *command[1:], "--no-plots", "--quiet"], capture_output=True,
                           text=True, cwd=root)
    check(again.returncode == 0 and again.stdout == "", f"command.txt's command: {again.stderr}")
    for name in DATA_FILES:
        check((outs["1"] / name).read_bytes() == before[name],
              f"command.txt's command made a different {name}")

    # The old name of source still works, with a warning, and its rows say source.
    old = tmp / "old-name"
    r = compare(SCENARIO, *TOPOLOGIES, "--routing", "shortest", "--seeds", "1", "--no-plots",
                "--quiet", "--out", str(old))
    check(r.returncode == 0 and "shortest is now called source" in r.stderr,
          f"--routing shortest: exit {r.returncode}: {r.stderr!r}")
    check((old / "runs.csv").read_text().splitlines()[1].startswith("line3,source,"),
          "--routing shortest: rows not named source")

    # With plots (and an outage): the plotting script is run and leaves its images.
    plotted = tmp / "plotted"
    r = compare(str(data / "two-mails.json"), *TOPOLOGIES, "--seeds", "1", "--out", str(plotted),
                "--busiest-relay-down", "90s", "1h", "--quiet")
    check(r.returncode == 0, f"with plots: exit {r.returncode}: {r.stderr}")
    for name in ("latency", "delivery-latency", "load"):
        for ext in ("png", "svg"):
            check((plotted / f"{name}.{ext}").is_file(), f"with plots: no {name}.{ext}")
    command = (plotted / "command.txt").read_text()
    check("--busiest-relay-down 90s 1h --seeds 1" in command, f"command.txt: {command}")
    table = (plotted / "table.md").read_text()
    check("busiest relay is down from 90s for 1h: line3 host1.sim, star3 host0.sim." in table,
          f"table.md: {table}")

    # A sweep: 4 rates x 2 topologies x 5 seeds gives the curves and the rate column.
    swept = tmp / "swept"
    r = compare(SCENARIO, *TOPOLOGIES, "--set", "/traffic/0/rate=5/s,10/s,20/s,40/s", "--seeds",
                "5", "--out", str(swept), "--quiet", "--format", "png")
    check(r.returncode == 0, f"sweep: exit {r.returncode}: {r.stderr}")
    png = swept / "curves.png"
    check(png.is_file() and png.read_bytes().startswith(b"\x89PNG"), "sweep: no curves.png")
    check(not (swept / "curves.svg").exists(), "sweep: --format png drew an SVG too")
    with open(swept / "runs.csv", newline="") as f:
        runs = list(csv.DictReader(f))
    check(len(runs) == 4 * 2 * 5, f"sweep: {len(runs)} runs, expected 40")
    check([r["rate"] for r in runs[::10]] == ["5/s", "10/s", "20/s", "40/s"],
          f"sweep: rates {[r.get('rate') for r in runs[::10]]}")
    with open(swept / "table.csv", newline="") as f:
        table = list(csv.DictReader(f))
    check(len(table) == 8 and table[7]["rate"] == "40/s" and table[7]["topology"] == "star3",
          f"sweep: table.csv rows {[(r['topology'], r.get('rate')) for r in table]}")
    # More mail at once waits longer in the queues: the busiest link works harder.
    check(float(table[3]["busiest_link_utilisation_mean"]) >
          float(table[0]["busiest_link_utilisation_mean"]), "sweep: utilisation does not grow")
    results = json.loads((swept / "results.json").read_text())
    check(len(results["runs"]) == 40 and results["sweeps"][0]["column"] == "rate" and
          results["runs"][-1]["rate"] == "40/s", "sweep: results.json")
    check("--set /traffic/0/rate=5/s,10/s,20/s,40/s" in (swept / "command.txt").read_text(),
          "sweep: command.txt lacks --set")

    # The default folder: results/compare/<scenario name>/ under the working directory.
    r = subprocess.run([binary, "compare", str(data / "two-mails.json"), *TOPOLOGIES, "--seeds",
                        "1", "--no-plots", "--quiet"], capture_output=True, text=True, cwd=tmp)
    check(r.returncode == 0 and (tmp / "results/compare/two-mails/table.md").is_file(),
          f"default folder: exit {r.returncode}: {r.stderr}")

    # Bad arguments: exit 2, a message that says what was expected, no folder.
    a_file = tmp / "a-file"
    a_file.write_text("")
    bad = [
        ([SCENARIO], "--topology is required"),
        ([SCENARIO, *TOPOLOGIES, "--seeds", "0"], "--seeds"),
        ([SCENARIO, *TOPOLOGIES, "--seeds", "many"], "--seeds"),
        ([SCENARIO, *TOPOLOGIES, "--jobs", "0"], "--jobs"),
        ([SCENARIO, *TOPOLOGIES, "--routing", "sideways"], "sideways"),
        ([SCENARIO, *TOPOLOGIES, "--routing", "source", "--routing", "shortest"],
         "routing mode source is given twice"),
        ([SCENARIO, *TOPOLOGIES, "--topology", str(data / "line3.json")], "is given twice"),
        ([SCENARIO, *TOPOLOGIES, "--colour"], "--colour"),
        ([SCENARIO, "--topology", str(tmp / "missing.json")], "missing.json"),
        ([str(tmp / "missing.json"), *TOPOLOGIES], "missing.json"),
        ([SCENARIO, *TOPOLOGIES, "--busiest-relay-down", "5min"], "--busiest-relay-down"),
        ([SCENARIO, *TOPOLOGIES, "--busiest-relay-down", "soon", "5min"],
         "AT: expected a duration such as 5min or 90s, found \"soon\""),
        ([SCENARIO, *TOPOLOGIES, "--busiest-relay-down", "1min", "0s"],
         "FOR: expected a positive duration"),
        ([SCENARIO, "--topology", str(data / "no-relays.json"), "--busiest-relay-down", "1s", "1s"],
         "no busiest relay to take down"),
        ([str(data / "names-a-host.json"), "--topology", str(data / "line3.json"), "--topology",
          str(root / "topologies/rfc821.json")],
         "no host host2.sim in the topology"),
        ([SCENARIO, *TOPOLOGIES, "--set", "rate=1/s"], "expected PATH=V1,V2,..."),
        ([SCENARIO, *TOPOLOGIES, "--set", "/nowhere/at/all=1,2"], "/nowhere/at/all"),
        ([SCENARIO, *TOPOLOGIES, "--baseline", "ring"], "--baseline"),
        ([SCENARIO, *TOPOLOGIES, "--format", "gif"], "--format"),
    ]
    for number, (args, expected) in enumerate(bad):
        out = tmp / f"bad{number}"
        r = compare(*args, "--out", str(out))
        check(r.returncode == 2, f"{args}: exit {r.returncode}, expected 2")
        check(expected in r.stderr, f"{args}: {expected!r} not in: {r.stderr}")
        check(not out.exists(), f"{args}: bad input, yet {out} was created")
        check(r.stdout == "", f"{args}: printed {r.stdout!r}")
    r = compare(SCENARIO, *TOPOLOGIES, "--out", str(a_file / "below"))
    check(r.returncode == 2 and "cannot create the output folder" in r.stderr,
          f"--out below a file: exit {r.returncode}: {r.stderr}")

    # A progress bar on standard error when it is a terminal, nothing when not.
    for command in (["run", str(root / "scenarios/compare/bench-10k.json"), "--no-transcript",
                     "--no-events", "--no-hops", "--out", str(tmp / "long-run")],
                    ["compare", str(root / "scenarios/compare/bench-10k.json"), "--topology",
                     str(data / "star3.json"), "--seeds", "2", "--jobs", "2", "--no-plots",
                     "--no-report", "--out", str(tmp / "long-compare")]):
        controller, terminal = pty.openpty()
        r = subprocess.run([binary, *command], stdout=subprocess.PIPE, stderr=terminal, cwd=root)
        os.close(terminal)
        shown = b""
        try:
            while chunk := os.read(controller, 65536):
                shown += chunk
        except OSError:
            pass  # the terminal is closed once everything is read
        os.close(controller)
        check(r.returncode == 0, f"{command[0]} on a terminal: exit {r.returncode}")
        check(b"events/s" in shown and b"delivered" in shown and shown.endswith(b"\r\x1b[K"),
              f"{command[0]}: no progress bar (or not erased) on a terminal: {shown[-300:]!r}")
        piped = subprocess.run([binary, *command], capture_output=True, cwd=root)
        check(piped.returncode == 0 and piped.stderr == b"",
              f"{command[0]}: progress when not a terminal: {piped.stderr!r}")

    # --help has an example.
    r = compare("--help")
    check(r.returncode == 0 and "Example:" in r.stdout, f"--help: {r.stdout}")

finish("compare command line: all checks passed")
