#!/usr/bin/env python3
"""Load benchmark of `smtpsim serve` (not a test): N concurrent smtplib
clients each send M mails into host A of a 3-hop line (line3.json) at
--speed S; reports the mails per second accepted (wall clock), the lag
summary.json gives, the peak memory (VmHWM) of the serve process, and
whether every accepted recipient has exactly one outcome.

    results/bench/serve/bench.py build/sim/smtpsim [N] [M] [SPEED]
"""
import json
import pathlib
import signal
import smtplib
import subprocess
import sys
import tempfile
import threading
import time

HERE = pathlib.Path(__file__).resolve().parent


def peak_memory_kib(pid):
    for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def client(port, count, index, accepted, errors):
    try:
        with smtplib.SMTP("127.0.0.1", port, timeout=120, local_hostname="client.example") as s:
            for i in range(count):
                to = ["dan@D"] if i % 2 == 0 else ["dora@D"]
                refused = s.sendmail("load@client.example", to,
                                     f"Subject: load {index}.{i}\r\n\r\n" + ("x" * 70 + "\r\n") * 14)
                if not refused:
                    accepted.append(1)
    except Exception as e:  # noqa: BLE001 - counted, reported
        errors.append(repr(e))


def main():
    smtpsim = sys.argv[1]
    clients = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    mails = int(sys.argv[3]) if len(sys.argv) > 3 else 200
    speed = sys.argv[4] if len(sys.argv) > 4 else "1000"
    out = pathlib.Path(tempfile.mkdtemp(prefix="smtpsim_serve_bench_"))
    serve = subprocess.Popen([smtpsim, "serve", str(HERE / "line3.json"), "--out", str(out),
                              "--speed", speed, "--max-connections-per-host", str(clients),
                              "--max-connections", str(clients + 10)],
                             stderr=subprocess.PIPE, text=True)
    while not (out / "ports.json").exists():
        time.sleep(0.05)
    port = json.loads((out / "ports.json").read_text())["hosts"]["A"]
    accepted, errors = [], []
    threads = [threading.Thread(target=client, args=(port, mails, i, accepted, errors))
               for i in range(clients)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - started
    time.sleep(2)  # two wall seconds = 2000 simulated at --speed 1000: the last mail arrives
    peak = peak_memory_kib(serve.pid)
    serve.send_signal(signal.SIGINT)
    _, stderr = serve.communicate()
    summary = json.loads((out / "summary.json").read_text())
    m = summary["messages"]
    rt = summary["serve"]["realtime"]
    balanced = m["recipients"] == m["delivered"] + m["returned"] + m["unreturnable"] + m["in_flight"]
    print(f"| {clients} | {mails} | {speed} | {len(accepted)} | {len(accepted) / wall:.0f} | "
          f"{m['delivered']} | {m['in_flight']} | {m['returned'] + m['unreturnable']} | "
          f"{'yes' if balanced else 'NO'} | {rt['events']} | {rt['lag_mean_ms']:.3f} | "
          f"{rt['lag_max_ms']:.1f} | {rt['late_events']} | {peak / 1024:.1f} | {len(errors)} |")
    if errors:
        print("errors:", errors[:5], file=sys.stderr)


main()
