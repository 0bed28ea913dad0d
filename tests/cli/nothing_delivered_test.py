#!/usr/bin/env python3
"""The run's terminal summary gives no latency or hops when nothing was
delivered (summary.json's zeros there mean "no sample"), and gives them when
something was. Run by CTest: nothing_delivered_test.py SMTPSIM_BINARY."""
import pathlib
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "lib"))
from checks import check, finish, root, run_smtpsim  # noqa: E402

with tempfile.TemporaryDirectory() as tmp:
    none = run_smtpsim(["run", str(root / "scenarios/failures/unknown-mailbox.json"), "--out",
                        f"{tmp}/none"])
    check(none.returncode == 0, f"unknown-mailbox: exit {none.returncode}: {none.stderr}")
    check("0 delivered" in none.stdout, f"unknown-mailbox delivers nothing: {none.stdout}")
    check("delivery latency and hops: none, no mail was delivered" in none.stdout
          and "latency: mean" not in none.stdout, f"unknown-mailbox: {none.stdout}")
    some = run_smtpsim(["run", str(root / "scenarios/rfc821/relayed-mail.json"), "--out",
                        f"{tmp}/some"])
    check(some.returncode == 0, f"relayed-mail: exit {some.returncode}: {some.stderr}")
    check("delivery latency: mean " in some.stdout and "none, no mail" not in some.stdout,
          f"relayed-mail: {some.stdout}")

finish("no latency is shown for a run that delivered nothing")
