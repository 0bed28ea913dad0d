#!/usr/bin/env python3
"""`smtpsim receive` and the RFC 821 details: HELP lists TURN only where TURN
is accepted (3.8: "To refuse to change roles the receiver sends the 502
reply"); VRFY of a mailing list is positive (3.3) unless the list says
otherwise; after TURN the new sender sends HELO first (4.1.1); a reply
code 4.3 does not list for the command, or input ending inside a reply,
ends the session with exit status 1; --explain names the 4.4 class where
it differs from 4.3's and the TURNED state after TURN's 250.
Run by CTest: receive_rfc821_details_test.py SMTPSIM_BINARY."""
import json
import pathlib
import subprocess
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "lib"))
from checks import failures, finish, smtpsim_binary  # noqa: E402

binary = smtpsim_binary()

topology = {
    "nodes": [{"name": "USC-ISIE.ARPA", "accepts_turn": True},
              {"name": "SRI-KL.ARPA", "accepts_connections": False, "poll_interval": "15min"},
              {"name": "MIT-AI.ARPA", "users": [{"mailbox": "JQP"}],
               "lists": [{"name": "Staff", "members": ["<JQP@MIT-AI.ARPA>"]},
                         {"name": "Secret", "members": ["<JQP@MIT-AI.ARPA>"],
                          "verifiable": False}]}],
    "links": [{"a": "USC-ISIE.ARPA", "b": "SRI-KL.ARPA"},
              {"a": "USC-ISIE.ARPA", "b": "MIT-AI.ARPA"}],
}


def receive(path, host, text, *options):
    return subprocess.run([binary, "receive", "--topology", path, "--host", host, *options],
                          input=text.encode(), capture_output=True, check=False)


def lines(done):
    return done.stdout.decode().split("\r\n")


with tempfile.TemporaryDirectory() as tmp:
    path = str(pathlib.Path(tmp) / "dial-up.json")
    pathlib.Path(path).write_text(json.dumps(topology))

    # RFC 821 3.8 / 4.1.1 TURN: HELP names TURN only on a host that accepts it.
    refusing = lines(receive(path, "MIT-AI.ARPA", "HELO SRI-KL.ARPA\r\nHELP\r\nHELP TURN\r\nTURN\r\n"))
    if any("TURN" in line for line in refusing[2:5]) or not refusing[5].startswith("504"):
        failures.append(f"HELP on a host that answers TURN 502: {refusing}")
    if "502 Command not implemented" not in refusing:
        failures.append(f"TURN without accepts_turn: {refusing}")
    accepting = lines(receive(path, "USC-ISIE.ARPA", "HELP\r\n"))
    if "TURN" not in accepting[2]:
        failures.append(f"HELP on a host that accepts TURN: {accepting}")

    # RFC 821 3.3: "a positive response can be given if on receipt of a
    # message so addressed it will be delivered to everyone on the list".
    vrfy = lines(receive(path, "MIT-AI.ARPA", "VRFY Staff\r\nVRFY Secret\r\n"))
    if vrfy[1:3] != ["250 <Staff@MIT-AI.ARPA>", "550 That is a mailing list, not a user"]:
        failures.append(f"VRFY of lists: {vrfy}")

    # RFC 821 4.1.1: after TURN the new sender's first command is HELO.
    turned = receive(path, "USC-ISIE.ARPA",
                     "HELO SRI-KL.ARPA\r\nTURN\r\n220 SRI-KL.ARPA ready\r\n250 SRI-KL.ARPA\r\n"
                     "221 SRI-KL.ARPA closing\r\n", "--explain")
    out = lines(turned)
    if turned.returncode != 0 or out[-3:] != ["HELO USC-ISIE.ARPA", "QUIT", ""]:
        failures.append(f"after TURN: exit {turned.returncode}, wrote {out}")
    turn_note = [line for line in out if "TURNED" in line]
    if len(turn_note) != 1 or "CLOSED" in "".join(out[4:]):
        failures.append(f"--explain after TURN's 250: {out}")

    # RFC 821 4.3: a code the command cannot get ends the session, status 1.
    for text, why in [("250 SRI-KL.ARPA ready\r\n", "250 for the greeting"),
                      ("220 SRI-KL.ARPA ready\r\n521 no\r\n", "521 to HELO"),
                      ("220-SRI-KL.ARPA ready\r\n", "input ends inside a reply")]:
        bad = receive(path, "USC-ISIE.ARPA", "HELO SRI-KL.ARPA\r\nTURN\r\n" + text)
        if bad.returncode != 1 or b"after TURN, as the sender" not in bad.stderr:
            failures.append(f"{why}: exit {bad.returncode}, {bad.stderr!r}")

    # RFC 821 4.4 classes by the first digit: 503 (4.3's E) is F there.
    explained = lines(receive(path, "MIT-AI.ARPA", "MAIL FROM:<JQP@MIT-AI.ARPA>\r\n",
                              "--explain"))
    if explained[3] != "# E (error; F in 4.4's diagrams), now AUTHORIZATION":
        failures.append(f"--explain of a 503: {explained}")

finish("receive and the RFC 821 details: all checks passed")
