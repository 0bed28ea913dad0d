#!/usr/bin/env python3
"""Delivered mail as files (README, "Mailboxes and terminals"): after a run,
every mailbox is an mbox file that Python's mailbox module reads back, one
message per delivery, each with the Return-Path line and the Received: chain
of RFC 821 4.1.1 before the text, and mboxrd quoting undone gives the text
exactly; terminals (RFC 821 3.4) have their own files; keep_mail_text false
writes none. Run by CTest: mailbox_files_test.py SMTPSIM_BINARY."""
import json
import mailbox
import pathlib
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "lib"))
from checks import check, finish, root, smtpsim_binary  # noqa: E402

binary = smtpsim_binary()


def run(scenario, out):
    subprocess.run([binary, "run", str(scenario), "--quiet", "--out", str(out)], check=True,
                   cwd=root, timeout=120)


def unquote_mboxrd(line):
    # mboxrd: one '>' was added to every line matching ^>*From .
    return line[1:] if re.match(r"^>+From ", line) else line


def bodies_and_headers(path):
    """(Return-Path, Received: lines, text lines after the headers) of each message."""
    box = mailbox.mbox(str(path), create=False)
    found = []
    for message in box:
        lines = [unquote_mboxrd(l) for l in message.as_bytes().decode().split("\n")]
        sender = message.get_from()
        found.append((sender, message["Return-Path"], message.get_all("Received") or [], lines))
    box.close()
    return found


with tempfile.TemporaryDirectory() as tmp:
    # RFC 821 3.3: a list receives mail and sends it on to its members.
    scenario = root / "scenarios/rfc821/list-receives-mail.json"
    data = json.loads(scenario.read_text())["messages"][0]["data"]
    out = pathlib.Path(tmp) / "list"
    run(scenario, out)
    outcomes = [json.loads(l) for l in (out / "outcomes.jsonl").read_text().splitlines()]
    delivered = [o for o in outcomes if o["outcome"] == "delivered" and o["delivered_to"] == "mailbox"]
    boxes = sorted((out / "mailboxes").glob("*/*.mbox"))
    check(len(boxes) == len(delivered), f"{len(boxes)} mbox files for {len(delivered)} deliveries")
    for box in boxes:
        messages = bodies_and_headers(box)
        check(len(messages) == 1, f"{box}: {len(messages)} messages, expected 1")
        for sender, return_path, received, lines in messages:
            check(return_path is not None and return_path.endswith("Postmaster@USC-ISIF.ARPA>"),
                  f"{box}: Return-Path {return_path!r} is not the list's owner")
            check(sender.startswith(return_path.strip("<>") + " "),
                  f"{box}: From line {sender!r} does not give the Return-Path")
            host = box.parent.name
            check(received and received[0].startswith(f"from ") and f" by {host} ;" in received[0],
                  f"{box}: the last Received: line is not {host}'s: {received[:1]}")
            check(any("by USC-ISIF.ARPA" in r for r in received),
                  f"{box}: the list host's Received: line is missing")
            text = lines[lines.index("") + 1:] if "" in lines else []
            # The text as sent: its header line, the empty line, its body.
            check(lines[-len(data) - 1:-1] == data if len(lines) > len(data) else False,
                  f"{box}: the text does not read back as sent: {lines}")
            check(any(l.startswith("From here on") for l in text),
                  f"{box}: the 'From ' line of the text is not there after unquoting")
    raw = (out / "mailboxes/USC-ISIQ.ARPA/Fonebone.mbox").read_text()
    check("\n>From here on" in raw, "a 'From ' line of the text is not quoted in the file")

    # RFC 821 3.4: SEND reaches the terminal once the user logs in; SOML
    # falls back to the mailbox; SAML goes to both.
    out = pathlib.Path(tmp) / "terminal"
    run(root / "scenarios/rfc821/send-logged-out.json", out)
    mbox = bodies_and_headers(out / "mailboxes/SU-SCORE.ARPA/Admin.MRC.mbox")
    subjects = [next(l for l in lines if l.startswith("Subject:")) for _, _, _, lines in mbox]
    check(subjects == ["Subject: SOML", "Subject: SAML"], f"mailbox holds {subjects}")
    shown = (out / "terminals/SU-SCORE.ARPA/Admin.MRC.txt").read_text()
    check(re.findall(r"^Subject: .*$", shown, re.M) == ["Subject: SEND", "Subject: SAML"],
          f"terminal shows {re.findall(r'^Subject: .*$', shown, re.M)}")

    # keep_mail_text false: the hosts keep no text, so no files either.
    spec = json.loads((root / "scenarios/rfc821/typical.json").read_text())
    spec["keep_mail_text"] = False
    spec["topology"] = str(root / "topologies/rfc821.json")
    quiet = pathlib.Path(tmp) / "no-text.json"
    quiet.write_text(json.dumps(spec))
    out = pathlib.Path(tmp) / "no-text"
    run(quiet, out)
    check(not (out / "mailboxes").exists(), "keep_mail_text false still wrote mailboxes/")

    # A mailboxes/ that is not a folder is bad input: status 2, nothing run.
    out = pathlib.Path(tmp) / "blocked"
    out.mkdir()
    (out / "mailboxes").write_text("not a folder\n")
    result = subprocess.run([binary, "run", str(root / "scenarios/rfc821/typical.json"),
                             "--quiet", "--out", str(out)], capture_output=True, text=True,
                            cwd=root, timeout=60)
    check(result.returncode == 2 and "mailboxes" in result.stderr,
          f"mailboxes/ as a file: exit {result.returncode}, {result.stderr!r}")
    check(sorted(p.name for p in out.iterdir()) == ["mailboxes"],
          f"mailboxes/ as a file: wrote {sorted(p.name for p in out.iterdir())}")

finish("mailbox files: all checks passed")
