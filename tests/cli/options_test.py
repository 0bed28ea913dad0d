#!/usr/bin/env python3
"""Command-line values are read exactly: a number out of its range (negative
counts and seeds that would wrap round, seeds beyond 2^64 - 1 that would be
clamped), an empty path, an unknown routing or metric, all exit 2 with the
option named and nothing written; a generator asked for more than it can
build says so before building; a misspelt subcommand or option gets the
nearest one suggested. Run by CTest: options_test.py SMTPSIM_BINARY."""
import pathlib
import subprocess
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "lib"))
from checks import check, finish, root, smtpsim_binary  # noqa: E402

binary = smtpsim_binary()


def refused(args, *words, cwd=root):
    r = subprocess.run([binary, *args], capture_output=True, text=True, cwd=cwd, timeout=60,
                       errors="replace")
    name = " ".join(a if isinstance(a, str) else a.decode(errors="replace") for a in args)
    check(r.returncode == 2, f"{name}: exit {r.returncode}, expected 2: {r.stderr}")
    check(r.stdout == "", f"{name}: wrote to standard output: {r.stdout[:200]!r}")
    for word in words:
        check(word in r.stderr, f"{name}: message lacks {word!r}: {r.stderr}")
    return r


with tempfile.TemporaryDirectory() as tmp:
    tmp = pathlib.Path(tmp)
    scenario = str(root / "scenarios/rfc821/relayed-mail.json")
    gen = ["topology", "generate", "line", "--hosts", "3"]

    # Numbers: no sign wrapping round, no clamping, no silent default.
    refused(["run", scenario, "--seed", "-1", "--out", str(tmp / "a")], "--seed", '"-1"')
    refused(["run", scenario, "--seed", "-18446744073709551615", "--out", str(tmp / "b")],
            "--seed")
    refused(["run", scenario, "--seed", "18446744073709551616", "--out", str(tmp / "c")],
            "--seed", "18446744073709551615")
    refused(["topology", "generate", "line", "--hosts", "-18446744073709551611"], "--hosts")
    refused(["topology", "generate", "line", "--hosts", "0"], "--hosts")
    refused(["topology", "generate", "line", "--hosts", "3.5"], "--hosts")
    refused(["topology", "generate", "tree", "--hosts", "3", "--arity", "-1"], "--arity")
    refused(["topology", "generate", "tree", "--hosts", "3", "--arity", "0"], "--arity")
    refused(["topology", "generate", "grid", "--hosts", "3", "--width", "-2"], "--width")
    refused(gen + ["--seed", "-1"], "--seed")
    refused(gen + ["--users", "-1"], "--users")
    refused(gen + ["--latency", "2d"], "--latency", "1d")
    refused(["topology", "generate", "random", "--hosts", "3", "--probability", "1.5"],
            "--probability")
    refused(["topology", "generate", "random", "--hosts", "3", "--degree", "-1"], "--degree")
    refused(["topology", "generate", "scale-free", "--hosts", "3", "--alpha", "-1"], "--alpha")
    refused(["topology", "generate", "hexagon", "--hosts", "3"], "KIND")
    refused(gen + ["--description", b"not \xff UTF-8"], "--description")
    refused(["compare", scenario, "--topology", "topologies/rfc821.json", "--seeds", "-1"],
            "--seeds")
    refused(["compare", scenario, "--topology", "topologies/rfc821.json", "--jobs", "0"],
            "--jobs")
    refused(["route", "--topology", "topologies/rfc821.json", "--from", "MIT-AI.ARPA", "--to",
             "Jones@BBN-VAX.ARPA", "--metric", "fastest"], "--metric")
    refused(["compare", scenario, "--topology", "topologies/rfc821.json",
             "--busiest-relay-down", "9000d", "9000d"], "--busiest-relay-down", "10000d")

    # Generators refuse what they cannot build, before building it: the estimate and the limit.
    refused(["topology", "generate", "line", "--hosts", "10000000"], "--hosts", "GiB", "limit")
    refused(["topology", "generate", "random", "--hosts", "20000", "--probability", "1"],
            "--hosts", "199990000 links", "GiB", "limit")
    refused(["topology", "generate", "star", "--hosts", "1000000", "--users", "1000"], "GiB")

    # An empty path is not the default folder.
    refused(["run", scenario, "--out", ""], "--out", cwd=tmp)
    check(not (tmp / "results").exists(), "run --out '' wrote to the default folder")
    refused(gen + ["--out", ""], "--out", cwd=tmp)
    refused(["compare", scenario, "--topology", str(root / "topologies/rfc821.json"), "--out",
             ""], "--out", cwd=tmp)
    check(not (tmp / "results").exists(), "compare --out '' wrote to the default folder")

    # Typos: the nearest subcommand or option.
    refused(["rn"], "did you mean run?")
    refused(["topology", "shwo", "x.json"], "did you mean show?")
    refused(["run", "--rouing", "shortest"], "--rouing", "did you mean --routing?")
    refused(["run", scenario, "--sed", "3"], "did you mean --seed?")
    refused(["topology", "generate", "ring", "--host", "3"], "did you mean --hosts?")
    refused(["compare", scenario, "--topology", "topologies/rfc821.json", "--seeds", "2",
             "--job", "2"], "did you mean --jobs?")
    refused(["frobnicate"], "unknown command", "run")

finish("command-line values: all checks passed")
