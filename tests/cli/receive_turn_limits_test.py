#!/usr/bin/env python3
"""`smtpsim receive` after TURN, in the sender's role, against hostile
replies: a reply line may be 512 characters with its CRLF (RFC 821 4.5.3)
and no more, a reply at most smtp::max_reply_lines (10,001) lines; an
endless line or an endless "220-" continuation ends the session with a
message and exit status 1, holding no more of it than the limits. Memory is
the children's peak resident size (getrusage), measured after each has
ended: no wall-clock timing. Run by CTest:
receive_turn_limits_test.py SMTPSIM_BINARY."""
import json
import pathlib
import resource
import subprocess
import sys
import tempfile
import threading

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "lib"))
from checks import check, finish, smtpsim_binary  # noqa: E402

binary = smtpsim_binary()
topology = {
    "nodes": [{"name": "USC-ISIE.ARPA", "accepts_turn": True},
              {"name": "SRI-KL.ARPA", "accepts_connections": False, "poll_interval": "15min"}],
    "links": [{"a": "USC-ISIE.ARPA", "b": "SRI-KL.ARPA"}],
}
HEAD = b"HELO SRI-KL.ARPA\r\nTURN\r\n"
MB = 1 << 20


def peak_kb():
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


def receive(path, chunks):
    """Feeds HEAD, then the chunks (a generator), to `receive` from a thread
    (the program may stop reading early); returns exit status, stdout, stderr."""
    p = subprocess.Popen([binary, "receive", "--topology", path, "--host", "USC-ISIE.ARPA"],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def feed():
        try:
            p.stdin.write(HEAD)
            for chunk in chunks:
                p.stdin.write(chunk)
            p.stdin.close()
        except (BrokenPipeError, OSError):
            pass

    writer = threading.Thread(target=feed)
    writer.start()
    out = p.stdout.read()
    err = p.stderr.read()
    p.wait()
    writer.join()
    return p.returncode, out.decode(errors="replace"), err.decode(errors="replace")


with tempfile.TemporaryDirectory() as tmp:
    path = str(pathlib.Path(tmp) / "dial-up.json")
    pathlib.Path(path).write_text(json.dumps(topology))

    # The longest reply line RFC 821 allows is taken: HELO, then QUIT follow.
    longest = b"220 " + b"x" * 506 + b"\r\n"
    status, out, err = receive(path, iter([longest, b"250 ok\r\n", b"221 bye\r\n"]))
    check(status == 0 and out.endswith("250 OK\r\nHELO USC-ISIE.ARPA\r\nQUIT\r\n"),
          f"a 512-character reply line: exit {status}, {out[-40:]!r}, {err!r}")
    baseline = peak_kb()
    allowed = baseline + 32 * 1024

    # One character more is refused, with a message and a non-zero exit.
    status, out, err = receive(path, iter([b"220 " + b"x" * 507 + b"\r\n"]))
    check(status == 1 and "QUIT" not in out and "longer than 512 characters" in err,
          f"a 513-character reply line: exit {status}, {out[-40:]!r}, {err!r}")

    # An endless line: 200 MB of NULs after TURN.
    status, out, err = receive(path, (b"\0" * MB for _ in range(200)))
    check(status == 1 and "longer than 512 characters" in err,
          f"an endless reply line: exit {status}, {err!r}")
    check(peak_kb() < allowed, f"an endless reply line: peak {peak_kb()} kB, allowed {allowed}")

    # An endless continuation: 200 MB of "220-" lines.
    block = b"220-SRI-KL.ARPA\r\n" * (MB // 17)
    status, out, err = receive(path, (block for _ in range(200)))
    check(status == 1 and "more than 10001 lines" in err,
          f"an endless continuation: exit {status}, {err!r}")
    check(peak_kb() < allowed, f"an endless continuation: peak {peak_kb()} kB, allowed {allowed}")

    # A line that is no reply ends the session with a message, never silently 0.
    status, out, err = receive(path, iter([b"hello there\r\n"]))
    check(status == 1 and "not an RFC 821 reply" in err, f"not a reply: exit {status}, {err!r}")

finish("receive after TURN: reply limits hold")
