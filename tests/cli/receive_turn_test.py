#!/usr/bin/env python3
"""`smtpsim receive` acts out TURN (RFC 821 3.8): after "250" to TURN it is
the sender on the same connection; it holds no mail for the client, so it
reads the client's 220 and sends QUIT. A host that does not accept TURN
answers 502 (RFC 821 4.1.1). Run by CTest: receive_turn_test.py SMTPSIM_BINARY."""
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
              {"name": "MIT-AI.ARPA"}],
    "links": [{"a": "USC-ISIE.ARPA", "b": "SRI-KL.ARPA"}, {"a": "USC-ISIE.ARPA", "b": "MIT-AI.ARPA"}],
}


def receive(path, host, text):
    return subprocess.run([binary, "receive", "--topology", path, "--host", host],
                          input=text.encode(), capture_output=True, check=False)


with tempfile.TemporaryDirectory() as tmp:
    path = str(pathlib.Path(tmp) / "dial-up.json")
    pathlib.Path(path).write_text(json.dumps(topology))

    done = receive(path, "USC-ISIE.ARPA",
                   "HELO SRI-KL.ARPA\r\nTURN\r\n"
                   "220 SRI-KL.ARPA Simple Mail Transfer Service Ready\r\n"
                   "250 SRI-KL.ARPA\r\n"
                   "221 SRI-KL.ARPA Service closing transmission channel\r\n")
    lines = done.stdout.decode().split("\r\n")
    expected = ["220 USC-ISIE.ARPA Simple Mail Transfer Service Ready", "250 USC-ISIE.ARPA",
                "250 OK", "HELO USC-ISIE.ARPA", "QUIT", ""]
    if done.returncode != 0 or lines != expected:
        failures.append(f"after 250 to TURN: exit {done.returncode}, wrote {lines}")

    # Nothing is sent before the new receiver's 220.
    waiting = receive(path, "USC-ISIE.ARPA", "HELO SRI-KL.ARPA\r\nTURN\r\n")
    if waiting.stdout.decode().split("\r\n")[-2:] != ["250 OK", ""]:
        failures.append(f"wrote before any 220: {waiting.stdout!r}")

    refused = receive(path, "MIT-AI.ARPA", "HELO SRI-KL.ARPA\r\nTURN\r\nQUIT\r\n")
    if "502 Command not implemented" not in refused.stdout.decode():
        failures.append(f"TURN without accepts_turn: {refused.stdout!r}")

finish("receive and TURN: all checks passed")
