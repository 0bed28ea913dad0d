"""What the checks of `smtpsim serve` share: starting it on loopback with a
free port base, reading ports.json, waiting for a file, and stopping it with
a signal. Waits have generous limits so that a slow machine is not a failure;
no check measures wall-clock time."""
import json
import os
import pathlib
import signal
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "lib"))
from checks import root, smtpsim_binary  # noqa: E402

WAIT_S = 60  # at most, for anything to appear; never an assertion on speed


def wait_for(predicate, what, limit=WAIT_S):
    """Poll `predicate` until it is true (returns its value), or raise."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise TimeoutError(f"waited {limit}s for {what}")


class Served:
    """`smtpsim serve FILE --out DIR ARGS...` running in the background."""

    def __init__(self, file, *args):
        self.out = pathlib.Path(tempfile.mkdtemp(prefix="smtpsim_serve_"))
        self.process = subprocess.Popen(
            [smtpsim_binary(), "serve", str(root / file), "--out", str(self.out), *args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=root)
        try:
            self.ports = wait_for(self._read_ports, "ports.json")
        except TimeoutError:
            self.process.kill()
            raise RuntimeError("serve did not start: " + self.process.communicate()[1])
        self.stdout = self.stderr = ""

    def _read_ports(self):
        if self.process.poll() is not None:
            raise RuntimeError("serve ended: " + self.process.communicate()[1])
        try:
            return json.loads((self.out / "ports.json").read_text())
        except (OSError, ValueError):
            return None

    def port(self, host):
        return self.ports["hosts"][host]

    def connect(self, host):
        return socket.create_connection(("127.0.0.1", self.port(host)), timeout=WAIT_S)

    def mbox(self, host, user):
        return self.out / "mailboxes" / host / f"{user}.mbox"

    def stop(self, sig=signal.SIGINT):
        """Signal it and wait for the end; returns (status, summary.json)."""
        self.process.send_signal(sig)
        self.stdout, self.stderr = self.process.communicate(timeout=WAIT_S)
        summary_file = self.out / "summary.json"
        summary = json.loads(summary_file.read_text()) if summary_file.exists() else None
        return self.process.returncode, summary

    def kill(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.communicate()


def balanced(summary):
    m = summary["messages"]
    return m["recipients"] == m["delivered"] + m["returned"] + m["unreturnable"] + m["in_flight"]


def read_reply(sock_file):
    """One SMTP reply (all its lines) from a socket's file; "" at the end."""
    lines = []
    while True:
        line = sock_file.readline()
        if not line:
            return "".join(lines)
        lines.append(line)
        if len(line) < 4 or line[3:4] != "-":
            return "".join(lines)


def free_port_base(count):
    """A base with `count` free consecutive ports, for --port-base checks."""
    for _ in range(50):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            base = probe.getsockname()[1]
        if base + count > 65535:
            continue
        held = []
        try:
            for i in range(count):
                s = socket.socket()
                s.bind(("127.0.0.1", base + i))
                held.append(s)
            return base
        except OSError:
            continue
        finally:
            for s in held:
                s.close()
    raise RuntimeError("no free port base")


os.environ.setdefault("PYTHONUNBUFFERED", "1")
