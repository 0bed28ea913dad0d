#!/usr/bin/env python3
"""`smtpsim compare --set` and `--baseline` that cannot make a sensible
comparison: a pointer that leads nowhere (a member that is not there, an
array index of 10^20), a setting other options make (/seed, /routing,
/topology), the same pointer twice or one inside another, the same value
twice (as JSON: 1 and 1.0), a grid of more runs than the limit, and an empty
--baseline. Each must exit 2 with a message naming the option and what is
wrong, before anything is written. Run by CTest: sweep_args_test.py SMTPSIM_BINARY."""
import pathlib
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "lib"))
from checks import check, finish, run_smtpsim  # noqa: E402

SCENARIO = "tests/compare/data/random.json"
TOPOLOGY = ["--topology", "tests/compare/data/line3.json"]
values = ",".join(str(n) for n in range(1, 1001))

with tempfile.TemporaryDirectory() as tmp:
    tmp = pathlib.Path(tmp)
    cases = [
        (["--set", "/traffic/0/x/y=1,2"], ["--set", "/traffic/0/x/y", "no \"x\""]),
        (["--set", "/traffic/100000000000000000000/rate=1/s,2/s"],
         ["--set", "100000000000000000000", "not an element"]),
        (["--set", "/traffic/01/rate=1/s,2/s"], ["--set", "\"01\""]),
        (["--set", "/traffic/0/rate/x=1,2"], ["--set", "a string holds no setting"]),
        (["--set", "/seed=1,2"], ["--set", "/seed", "--seeds"]),
        (["--set", "/routing=source,next-hop"], ["--set", "/routing", "--routing"]),
        (["--set", "/topology=missing.json,other.json"], ["--set", "/topology", "--topology"]),
        (["--set", "/topology/nodes=1"], ["--set", "--topology"]),
        (["--set", "/traffic/0/rate=1/s,1/s"], ["--set", "given twice"]),
        (["--set", "/traffic/0/count=1,1.0"], ["--set", "given twice"]),
        (["--set", "/traffic/0/count=1,2", "--set", "/traffic/0/count=3,4"],
         ["--set", "swept twice"]),
        (["--set", "/traffic/0=1,2", "--set", "/traffic/0/count=3,4"], ["--set", "inside"]),
        (["--set", "/a~2=1,2"], ["--set", "not a JSON pointer"]),
        (["--set", f"/traffic/0/count={values}", "--set", f"/traffic/0/size/min={values}"],
         ["--set", "10000000 runs", "100000"]),
        (["--baseline", ""], ["--baseline", "empty"]),
    ]
    for number, (args, words) in enumerate(cases):
        out = tmp / f"out{number}"
        r = run_smtpsim(["compare", SCENARIO, *TOPOLOGY, "--no-plots", *args, "--out", str(out)],
                        timeout=120)
        check(r.returncode == 2, f"{args[:4]}: exit {r.returncode}, expected 2: {r.stderr[:300]}")
        check("internal error" not in r.stderr, f"{args[:4]}: {r.stderr[:300]}")
        for word in words:
            check(word in r.stderr, f"{args[:4]}: {word!r} not in: {r.stderr[:300]}")
        check(not out.exists(), f"{args[:4]}: bad input, yet {out} was created")
        check(r.stdout == "", f"{args[:4]}: printed {r.stdout[:200]!r}")

    # A sweep that is sound still runs, its values in its column.
    out = tmp / "fine"
    r = run_smtpsim(["compare", SCENARIO, *TOPOLOGY, "--seeds", "1", "--no-plots", "--no-report",
                     "--quiet", "--set", "/traffic/0/count=5,6", "--out", str(out)])
    check(r.returncode == 0, f"a sound sweep: {r.stderr}")
    check(out.joinpath("runs.csv").read_text().splitlines()[0].startswith("topology,routing,count,"),
          "a sound sweep: no count column in runs.csv")

finish("compare --set and --baseline arguments: all checks passed")
