#!/usr/bin/env python3
"""`smtpsim receive` against hostile input: an endless line (/dev/zero) is
answered "500 Line too long." as soon as it passes 512 characters and is
discarded as it comes, a text line past 1,000 characters and text holding a
NUL or an 8-bit byte fail the transaction with 554 at the final ".", and
memory stays small however much arrives. Run by CTest:
receive_limits_test.py SMTPSIM_BINARY."""
import os
import pathlib
import select
import subprocess
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "lib"))
from checks import check, finish, root, smtpsim_binary  # noqa: E402

binary = smtpsim_binary()
RECEIVE = [binary, "receive", "--topology", "topologies/rfc821.json", "--host", "USC-ISIF.ARPA"]


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def read_until(process, marker, seconds=20):
    """Standard output until `marker` appears (or the time runs out)."""
    seen = b""
    deadline = time.monotonic() + seconds
    while marker not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([process.stdout], [], [], 0.5)
        if ready:
            chunk = os.read(process.stdout.fileno(), 65536)
            if not chunk:
                break
            seen += chunk
    return seen


def idle_rss_kb():
    """The memory of a receiver that has only greeted: the program, its
    libraries and (in a sanitizer build) the sanitizers' own, whatever the
    build; what the checks below allow is measured from it."""
    p = subprocess.Popen(RECEIVE, stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=root)
    read_until(p, b"220 ")
    rss = rss_kb(p.pid)
    p.kill()
    p.wait()
    return rss


# Each input below is over 100 MB: kept in memory, any of them would pass this.
MAX_RSS_KB = idle_rss_kb() + 32 * 1024


def session(text):
    r = subprocess.run(RECEIVE, input=text, capture_output=True, cwd=root, timeout=120)
    return r.returncode, r.stdout.decode(errors="replace").splitlines()


# An endless line: the 500 comes while the line is still arriving, once.
p = subprocess.Popen(RECEIVE, stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=root)
p.stdin.write(b"x" * 10000)
p.stdin.flush()
seen = read_until(p, b"500 Line too long.\r\n")
check(b"500 Line too long.\r\n" in seen, f"no 500 while the line goes on: {seen!r}")
block = b"\0" * (1 << 20)
for _ in range(100):  # 100 MB more of the same line
    p.stdin.write(block)
p.stdin.flush()
time.sleep(0.5)
rss = rss_kb(p.pid)
check(rss < MAX_RSS_KB, f"100 MB of one line: {rss} kB resident")
p.stdin.write(b"\r\nHELO MIT-AI.ARPA\r\nQUIT\r\n")
p.stdin.close()
rest = p.stdout.read()
p.wait(timeout=60)
replies = (seen + rest).decode(errors="replace").splitlines()
check([line[:3] for line in replies] == ["220", "500", "250", "221"] and p.returncode == 0,
      f"after the endless line: exit {p.returncode}, replies {replies}")

# /dev/zero itself: one 500, small memory; it never ends, so it is stopped.
with open("/dev/zero", "rb") as zero:
    p = subprocess.Popen(RECEIVE, stdin=zero, stdout=subprocess.PIPE, cwd=root)
    seen = read_until(p, b"500 Line too long.\r\n")
    time.sleep(1)
    rss = rss_kb(p.pid)
    p.kill()
    seen += p.stdout.read()
    p.wait()
check(seen.count(b"500 Line too long.") == 1, f"/dev/zero: {seen[:300]!r}")
check(rss < MAX_RSS_KB, f"/dev/zero: {rss} kB resident")

HEAD = b"HELO MIT-AI.ARPA\r\nMAIL FROM:<Smith@MIT-AI.ARPA>\r\nRCPT TO:<Smith@USC-ISIF.ARPA>\r\nDATA\r\n"
AGAIN = HEAD[HEAD.index(b"MAIL"):]

# Text lines: over 1,000 characters, a NUL, an 8-bit byte: 554 at the final ".".
for name, line in [("long", b"y" * 1500), ("NUL", b"a\0b"), ("8-bit", b"caf\xe9")]:
    status, replies = session(HEAD + line + b"\r\nmore\r\n.\r\n" + AGAIN + b"fine\r\n.\r\nQUIT\r\n")
    codes = [r[:3] for r in replies]
    check(codes == ["220", "250", "250", "250", "354", "554", "250", "250", "354", "250", "221"],
          f"{name} text line: {replies}")
    check(status == 0, f"{name} text line: exit {status}")

# A long mail costs no memory: the text is checked, not kept.
p = subprocess.Popen(RECEIVE, stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=root)
p.stdin.write(HEAD)
text = b"All work and no play makes Jack a dull boy.\r\n" * 20000  # 0.9 MB
for _ in range(150):
    p.stdin.write(text)
p.stdin.flush()
time.sleep(0.5)
rss = rss_kb(p.pid)
p.stdin.write(b".\r\nQUIT\r\n")
p.stdin.close()
out = p.stdout.read().decode().splitlines()
p.wait(timeout=60)
check(rss < MAX_RSS_KB, f"a 135 MB mail: {rss} kB resident")
check([r[:3] for r in out] == ["220", "250", "250", "250", "354", "250", "221"],
      f"a 135 MB mail: {out}")

# A NUL in a command line is a syntax error, answered like any other.
status, replies = session(b"HELO MIT\0AI.ARPA\r\nQUIT\r\n")
check(status == 0 and [r[:3] for r in replies] == ["220", "501", "221"], f"NUL in HELO: {replies}")

finish("receive limits: all checks passed")
