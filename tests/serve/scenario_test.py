"""`smtpsim serve` with a scenario: its failure plan runs alongside the
connections. BBN-VAX.ARPA is down for good (scenarios/serve/bbn-vax-down.json),
so a mail sent to Jones there through USC-ISIE.ARPA waits, is retried, and
after its queue lifetime comes back to JQP as a notification. Simulated time
runs 10 times the wall clock, so the simulated minute passes in seconds."""
import mailbox
import pathlib
import signal
import smtplib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "lib"))
from checks import check, finish  # noqa: E402
from serve_lib import Served, balanced, wait_for  # noqa: E402


def main():
    served = Served("scenarios/serve/bbn-vax-down.json", "--speed", "10")
    greeting = None
    try:
        smtplib.SMTP("127.0.0.1", served.port("BBN-VAX.ARPA"), timeout=60).close()
    except smtplib.SMTPConnectError as e:
        greeting = e.smtp_code
    check(greeting == 421, f"BBN-VAX.ARPA is down: 421 at the greeting, got {greeting}")
    try:
        with smtplib.SMTP("127.0.0.1", served.port("USC-ISIE.ARPA"), timeout=60,
                          local_hostname="MIT-AI.ARPA") as client:
            client.helo("MIT-AI.ARPA")
            errors = client.sendmail("JQP@MIT-AI.ARPA", ["Jones@BBN-VAX.ARPA"],
                                     "Subject: into the void\r\n\r\nHello Jones.\r\n")
            check(errors == {}, f"USC-ISIE.ARPA takes the mail: {errors}")
        jqp = served.mbox("MIT-AI.ARPA", "JQP")
        wait_for(lambda: jqp.exists() and len(mailbox.mbox(str(jqp))) > 0,
                 "the notification in JQP's mbox")
        notice = list(mailbox.mbox(str(jqp)))[0]
        check(notice["From"] == "Postmaster@USC-ISIE.ARPA", f"from USC-ISIE.ARPA: {notice['From']}")
        check("Jones@BBN-VAX.ARPA" in notice.get_payload(), "it names Jones")
        status, summary = served.stop(signal.SIGINT)
        check(summary and summary.get("interrupted") is True, "interrupted")
        check(summary and balanced(summary), "the accounting balances")
        check(summary and summary["messages"]["returned"] == 1, f"returned: {summary['messages']}")
        check(summary and summary["retries"] >= 1, "the mail was retried before it came back")
    finally:
        served.kill()
    finish("a scenario's failure plan plays out under real clients' mail")


main()
