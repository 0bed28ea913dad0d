"""`smtpsim serve` on RFC 821's topology, driven by Python's smtplib and by
swaks: Appendix F's relayed mail arrives with two Received: lines and the
Return-Path of RFC 821; an unknown local mailbox gets 550 at RCPT; a mail
that fails at the second host comes back as a notification to the
originator's mailbox; SIGINT ends it with summary.json marked interrupted
and its accounting balanced; ports.json follows its schema."""
import json
import mailbox
import pathlib
import shutil
import signal
import smtplib
import subprocess
import sys

import jsonschema

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "lib"))
from checks import check, finish, root  # noqa: E402
from serve_lib import Served, balanced, wait_for  # noqa: E402

TEXT = "Date: 2 Nov 81 22:33:44\r\nFrom: John Q. Public <JQP@MIT-AI.ARPA>\r\n" \
       "Subject: The Next Meeting of the Board\r\nTo: Jones@BBN-VAX.ARPA\r\n\r\nBill:\r\n" \
       "The next meeting of the board of directors will be\r\non Tuesday.\r\n" \
       "                                              John.\r\n"


def appendix_f(client, to="<@USC-ISIE.ARPA:Jones@BBN-VAX.ARPA>"):
    """RFC 821 Appendix F's relayed mail, as MIT-AI.ARPA sends it to USC-ISIE.ARPA.
    smtplib's mail()/rcpt() drop a source route, so the commands go as written."""
    check(client.helo("MIT-AI.ARPA")[0] == 250, "HELO gets 250")
    check(client.docmd("MAIL", "FROM:<JQP@MIT-AI.ARPA>")[0] == 250, "MAIL gets 250")
    rcpt = client.docmd("RCPT", "TO:" + to)
    check(rcpt[0] == 250, f"RCPT TO:{to} gets 250, got {rcpt}")
    code, _ = client.data(TEXT)
    check(code == 250, f"the final . gets 250, got {code}")


def messages(path):
    return list(mailbox.mbox(str(path))) if path.exists() else []


def main():
    served = Served("topologies/rfc821.json", "--speed", "2")
    try:
        jsonschema.validate(served.ports, json.loads((root / "docs/ports.schema.json").read_text()))
        topology = json.loads((root / "topologies/rfc821.json").read_text())
        names = [n["name"] for n in topology["nodes"]]
        check(list(served.ports["hosts"]) == names, "ports.json names every host in order")
        check([served.port(n) for n in names] ==
              [served.ports["port_base"] + i for i in range(len(names))],
              "host i listens on port_base + i")

        with smtplib.SMTP("127.0.0.1", served.port("USC-ISIE.ARPA"), timeout=60) as client:
            appendix_f(client)
        jones = served.mbox("BBN-VAX.ARPA", "Jones")
        mail = wait_for(lambda: messages(jones), "Jones's mbox")[0]
        check(mail["Return-Path"] == "<@USC-ISIE.ARPA:JQP@MIT-AI.ARPA>",
              f"Return-Path as RFC 821 writes it: {mail['Return-Path']}")
        received = mail.get_all("Received")
        check(len(received) == 2, f"two Received: lines: {received}")
        check(received[0].startswith("from USC-ISIE.ARPA by BBN-VAX.ARPA")
              and received[1].startswith("from MIT-AI.ARPA by USC-ISIE.ARPA"),
              f"the relay's line on top: {received}")
        check("The next meeting" in mail.get_payload(), "the text arrives")

        if shutil.which("swaks"):
            r = subprocess.run(
                ["swaks", "--server", "127.0.0.1", "--port", str(served.port("USC-ISIE.ARPA")),
                 "--protocol", "SMTP", "--helo", "MIT-AI.ARPA", "--from", "JQP@MIT-AI.ARPA",
                 "--to", "@USC-ISIE.ARPA:Jones@BBN-VAX.ARPA", "--body", "From swaks."],
                capture_output=True, text=True, timeout=60)
            check(r.returncode == 0, f"swaks sends through USC-ISIE.ARPA: {r.stdout[-500:]}")
            wait_for(lambda: len(messages(jones)) == 2, "swaks's mail in Jones's mbox")

        with smtplib.SMTP("127.0.0.1", served.port("BBN-VAX.ARPA"), timeout=60) as client:
            client.helo("USC-ISIE.ARPA")
            client.docmd("MAIL", "FROM:<JQP@MIT-AI.ARPA>")
            code, text = client.docmd("RCPT", "TO:<Nobody@BBN-VAX.ARPA>")
            check(code == 550, f"an unknown local mailbox gets 550 at RCPT: {code} {text}")

        # USC-ISIE.ARPA takes it; BBN-VAX.ARPA refuses it (550): the notification
        # goes back along the reverse-path <JQP@MIT-AI.ARPA>.
        with smtplib.SMTP("127.0.0.1", served.port("USC-ISIE.ARPA"), timeout=60) as client:
            appendix_f(client, "<@USC-ISIE.ARPA:Nobody@BBN-VAX.ARPA>")
        jqp = served.mbox("MIT-AI.ARPA", "JQP")
        notice = wait_for(lambda: messages(jqp), "the notification in JQP's mbox")[0]
        check(notice["Subject"] == "Undeliverable mail", f"a notification: {notice['Subject']}")
        check("Nobody@BBN-VAX.ARPA" in notice.get_payload(), "it names the recipient")
        check(notice["Return-Path"] == "<>", "sent with the null reverse-path (RFC 821 3.6)")

        status, summary = served.stop(signal.SIGINT)
        check(status == 128 + signal.SIGINT, f"exit status 130 after SIGINT, got {status}")
        check(summary is not None and summary.get("interrupted") is True,
              "summary.json says interrupted")
        check(summary is not None and balanced(summary), f"the accounting balances: {summary}")
        m = summary["messages"] if summary else {}
        check(m.get("recipients") == 3 and m.get("delivered", 0) + m.get("in_flight", 0) >= 2
              and m.get("returned") == 1,
              f"3 recipients accepted: delivered, delivered, returned: {m}")
        check(summary and summary["serve"]["connections"] >= 3, "the connections are counted")
        check(summary and "lag_max_ms" in summary["serve"]["realtime"], "the lag is reported")
        check(len(messages(jones)) >= 1 and messages(jqp), "the mailboxes are kept at the end")
    finally:
        served.kill()
    finish("serve relays real clients' mail hop by hop and returns what fails")


main()
