"""`smtpsim serve`'s options: bad ones exit 2 naming the option and write
nothing; a file that is no topology or scenario (a pipe, /dev/zero, a
syntax error, nesting too deep, a key twice) exits 2 naming the file and the
place, without waiting on it; a given --port-base is used; one that is taken
is an error naming it; a non-loopback --listen warns; --help has an example."""
import os
import pathlib
import signal
import socket
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "lib"))
from checks import check, finish, run_smtpsim  # noqa: E402
from serve_lib import Served, free_port_base  # noqa: E402

TOPOLOGY = "topologies/rfc821.json"
HOSTS = 23


def refused(args, option):
    out = pathlib.Path(tempfile.mkdtemp(prefix="smtpsim_serve_bad_")) / "out"
    r = run_smtpsim(["serve", TOPOLOGY, "--out", str(out), *args], timeout=60)
    check(r.returncode == 2, f"{args}: exit 2, got {r.returncode} ({r.stderr.strip()})")
    check(option in r.stderr, f"{args}: the error names {option}: {r.stderr.strip()}")
    check(not out.exists() or not any(out.iterdir()), f"{args}: nothing written")


def bad_files(tmp):
    """Files read as a topology or a scenario go through the checked reader."""
    fifo = tmp / "pipe.json"
    os.mkfifo(fifo)
    cases = {"a pipe": (fifo, "not a regular file"), "/dev/zero": ("/dev/zero", "not a regular")}
    for name, text, words in [("syntax", '{"nodes": [', "1:12"),
                              ("deep", "[" * 100 + "]" * 100, "nest deeper than 64"),
                              ("twice", '{"topology": "a.json", "topology": "b.json"}',
                               "/topology"),
                              ("twice-topology", '{"nodes": [], "nodes": [], "links": []}',
                               "/nodes")]:
        (tmp / f"{name}.json").write_text(text)
        cases[name] = (tmp / f"{name}.json", words)
    for name, (file, words) in cases.items():
        out = tmp / "out"
        r = run_smtpsim(["serve", str(file), "--out", str(out)], timeout=60)
        check(r.returncode == 2, f"serve {name}: exit 2, got {r.returncode} ({r.stderr.strip()})")
        check(f"{file}:" in r.stderr and words in r.stderr and "internal" not in r.stderr,
              f"serve {name}: the error names {file} and {words!r}: {r.stderr.strip()}")
        check(not out.exists(), f"serve {name}: {out} was made")


def main():
    refused(["--lag", "sometimes"], "--lag")
    refused(["--lag", "hard=0"], "--lag")
    refused(["--speed", "0"], "--speed")
    refused(["--speed", "-3"], "--speed")
    refused(["--speed", "fast"], "--speed")
    refused(["--listen", "localhost:25"], "--listen")
    refused(["--port-base", "0"], "--port-base")
    refused(["--port-base", "65530"], "--port-base")  # 23 hosts go past 65535
    refused(["--max-connections", "0"], "--max-connections")
    r = run_smtpsim(["serve", TOPOLOGY], timeout=60)
    check(r.returncode == 2 and "--out" in r.stderr, f"--out is required: {r.stderr.strip()}")

    bad_files(pathlib.Path(tempfile.mkdtemp(prefix="smtpsim_serve_files_")))

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        refused(["--port-base", str(taken.getsockname()[1])], "--port-base")

    base = free_port_base(HOSTS)
    served = Served(TOPOLOGY, "--port-base", str(base))
    try:
        check(served.ports["port_base"] == base, "the given --port-base is used")
        with served.connect("MIT-AI.ARPA") as s:
            check(s.recv(100).startswith(b"220 MIT-AI.ARPA"), "MIT-AI.ARPA answers on its port")
        status, summary = served.stop(signal.SIGINT)
        check(f"ports {base}-{base + HOSTS - 1}" in served.stderr, "the ports are printed")
    finally:
        served.kill()

    served = Served(TOPOLOGY, "--listen", "0.0.0.0")
    try:
        served.stop(signal.SIGINT)
        check("warning" in served.stderr and "loopback" in served.stderr,
              f"a non-loopback --listen warns: {served.stderr[:300]}")
    finally:
        served.kill()

    r = run_smtpsim(["serve", "--help"])
    check(r.returncode == 0 and "Example" in r.stdout and "--lag" in r.stdout,
          "serve --help shows the options and an example")
    finish("serve's options are checked")


main()
