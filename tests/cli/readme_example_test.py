#!/usr/bin/env python3
"""The README's first example (the block under "Running a scenario") is the
program's own output: `smtpsim run` with no scenario, in an empty folder.
Each stretch of the example between "..." lines must be a run of
consecutive lines of the output, the stretches in order; the wall-clock
time (the one figure that changes from run to run) is left out."""
import pathlib
import re
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "lib"))
from checks import check, finish, root, run_smtpsim  # noqa: E402

WALL = re.compile(r"in \d+\.\d+s of wall time")


def first_example():
    text = (root / "README.md").read_text()
    section = text[text.index("## Running a scenario: `smtpsim run`"):]
    blocks = re.findall(r"^```[a-z]*\n(.*?)^```$", section, re.S | re.M)
    # The first block is the synopsis; the second, the example.
    return blocks[1].splitlines()


def stretches(lines):
    out = [[]]
    for line in lines:
        if line == "...":
            out.append([])
        else:
            out[-1].append(WALL.sub("in Xs of wall time", line))
    return [s for s in out if s]


def find(lines, stretch, start):
    for i in range(start, len(lines) - len(stretch) + 1):
        if lines[i:i + len(stretch)] == stretch:
            return i + len(stretch)
    return -1


def main():
    example = first_example()
    with tempfile.TemporaryDirectory() as tmp:
        r = run_smtpsim(["run"], cwd=tmp)
    check(r.returncode == 0, f"smtpsim run: exit {r.returncode}: {r.stderr}")
    output = [WALL.sub("in Xs of wall time", line) for line in r.stdout.splitlines()]
    at = 0
    for stretch in stretches(example):
        found = find(output, stretch, at)
        if not check(found >= 0, "the README's example has lines the program does not print "
                     f"(or not in this order):\n  " + "\n  ".join(stretch)):
            break
        at = found
    finish("the README's first example is the program's output")


if __name__ == "__main__":
    main()
