"""`smtpsim serve` against bad clients over raw sockets: an endless line is
answered 500 and costs nothing; 200 connections at once get 421 past the
limits; a client that closes mid-DATA delivers nothing; bytes after QUIT are
not read. Then SIGTERM: open connections get 421, and summary.json is
written, interrupted and balanced."""
import pathlib
import signal
import socket
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "lib"))
from checks import check, finish  # noqa: E402
from serve_lib import Served, balanced, read_reply, wait_for  # noqa: E402

HOST = "BBN-VAX.ARPA"


def session(served):
    s = served.connect(HOST)
    f = s.makefile("r", newline="\r\n")
    greeting = read_reply(f)
    return s, f, greeting


def endless_line(served):
    s, f, greeting = session(served)
    check(greeting.startswith("220 "), f"greeting: {greeting!r}")
    chunk = b"X" * 65536
    for _ in range(64):  # 4 MiB without a line end
        s.sendall(chunk)
    reply = read_reply(f)
    check(reply.startswith("500"), f"an endless command line gets 500 (RFC 821 4.5.3): {reply!r}")
    s.sendall(b"\r\nNOOP\r\n")
    check(read_reply(f).startswith("250"), "the session goes on after the long line")
    s.close()


def many_connections(served, limit):
    sockets, replies = [], []
    for _ in range(200):
        s = served.connect(HOST)
        sockets.append(s)
    for s in sockets:
        replies.append(read_reply(s.makefile("r", newline="\r\n")))
    greeted = sum(r.startswith("220 ") for r in replies)
    refused = sum(r.startswith("421 ") for r in replies)
    check(greeted == limit, f"{limit} connections served at once, got {greeted}")
    check(refused == 200 - limit, f"the other {200 - limit} get 421, got {refused}")
    for s in sockets:
        s.close()


def closed_mid_data(served):
    s, f, _ = session(served)
    for line, code in ((b"HELO USC-ISIE.ARPA", "250"), (b"MAIL FROM:<JQP@MIT-AI.ARPA>", "250"),
                       (b"RCPT TO:<Jones@BBN-VAX.ARPA>", "250"), (b"DATA", "354")):
        s.sendall(line + b"\r\n")
        reply = read_reply(f)
        check(reply.startswith(code), f"{line!r}: {reply!r}")
    s.sendall(b"Subject: half a mail\r\n\r\nand then the client goes\r\n")
    s.close()


def after_quit(served):
    s, f, _ = session(served)
    s.sendall(b"QUIT\r\nMAIL FROM:<JQP@MIT-AI.ARPA>\r\nRCPT TO:<Jones@BBN-VAX.ARPA>\r\n")
    check(read_reply(f).startswith("221"), "QUIT gets 221")
    rest = f.read()
    check(rest == "", f"nothing answers the bytes after QUIT, and the connection closes: {rest!r}")
    s.close()


def main():
    served = Served("topologies/rfc821.json", "--max-connections-per-host", "16",
                    "--max-connections", "150")
    try:
        endless_line(served)
        many_connections(served, 16)
        closed_mid_data(served)
        after_quit(served)
        # Past the per-host limit, the other limit: 150 in all over several hosts.
        hosts = list(served.ports["hosts"])[:10]
        open_ = []
        for h in hosts:
            for _ in range(16):
                open_.append(served.connect(h))
        replies = [read_reply(s.makefile("r", newline="\r\n")) for s in open_]
        check(sum(r.startswith("220 ") for r in replies) == 150,
              "150 connections in all, then 421")
        for s in open_[150:]:
            s.close()
        held = open_[0]
        wait_for(lambda: served.process.poll() is None, "serve still running")
        status, summary = served.stop(signal.SIGTERM)
        last = held.makefile("r", newline="\r\n").read()
        check(last.startswith("421"), f"an open connection gets 421 when serve stops: {last!r}")
        check(status == 128 + signal.SIGTERM, f"exit status after SIGTERM: {status}")
        check(summary and summary.get("interrupted") is True, "summary.json says interrupted")
        check(summary and balanced(summary), "the accounting balances")
        check(summary and summary["messages"]["recipients"] == 0,
              f"nothing was accepted (the mail cut off mid-DATA is not): {summary['messages']}")
        check(summary and summary["serve"]["refused"] >= 200 - 16, "the refusals are counted")
        check(not served.mbox(HOST, "Jones").exists(), "no half mail delivered")
    finally:
        served.kill()
    finish("serve holds up against bad clients")


main()
