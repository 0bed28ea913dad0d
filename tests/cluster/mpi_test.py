#!/usr/bin/env python3
"""`mpirun -np N smtpsim compare` from the command line: the files are those of
the run on threads, byte for byte, for several N and --jobs; rank 0 alone
prints; a rank killed mid-way ends the job with a non-zero status and no
files; an smtpsim built without MPI refuses to run under mpirun. Exits 77
(skipped) where mpirun is missing. Run by CTest: mpi_test.py SMTPSIM_BINARY."""
import os
import pathlib
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "lib"))
from checks import check, finish, root, smtpsim_binary  # noqa: E402

binary = smtpsim_binary()
data = root / "tests/compare/data"
teaching = root / "topologies/teaching"
FILES = ["runs.csv", "table.csv", "table.md", "hosts.csv", "latency.csv", "command.txt",
         "report.html", "runs/line3-source/summary.json", "runs/star3-next-hop/report.html"]

mpirun = shutil.which("mpirun")
if mpirun is None:
    print("skipped: mpirun is not installed (Debian: openmpi-bin), so nothing can run under MPI")
    sys.exit(77)

# Open MPI refuses to start as root unless told; these say it is meant.
ENV = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")
# In a sanitizer build (tools/test --sanitize), LeakSanitizer would report
# what Open MPI itself never frees (its components, loaded with dlopen, and
# their buffers, kept past MPI_Finalize), so it is off here. The ranks' code
# of ours is the comparison's, the run codec's (both tested with leak
# detection on elsewhere) and sim/cluster/mpi/mpi_job.cpp's message passing.
# (Set whether or not ASAN_OPTIONS asks for it: leak detection is on by default.)
ENV["ASAN_OPTIONS"] = ":".join(
    [o for o in ENV.get("ASAN_OPTIONS", "").split(":") if o and not o.startswith("detect_leaks=")]
    + ["detect_leaks=0"])
SMALL = [str(data / "random.json"), "--topology", str(data / "line3.json"), "--topology",
         str(data / "star3.json"), "--routing", "shortest", "--routing", "next-hop",
         "--seeds", "4", "--busiest-relay-down", "1s", "30s", "--no-plots"]


def under_mpirun(ranks, *args, **kwargs):
    return subprocess.run([mpirun, "-np", str(ranks), "--oversubscribe", binary, "compare", *args],
                          capture_output=True, text=True, cwd=root, env=ENV, timeout=300,
                          **kwargs)


def built_with_mpi():
    version = subprocess.run([binary, "version"], capture_output=True, text=True, check=True)
    return "MPI: none" not in version.stdout


with tempfile.TemporaryDirectory() as tmp:
    tmp = pathlib.Path(tmp)
    out = tmp / "out"  # the same --out each time: command.txt names it

    if not built_with_mpi():
        # Each process would run everything: refused, before anything is written.
        r = under_mpirun(2, *SMALL, "--out", str(out))
        check(r.returncode != 0 and "built without MPI" in r.stderr,
              f"without MPI under mpirun: exit {r.returncode}: {r.stderr}")
        check(not out.exists(), "without MPI under mpirun: the output folder was made")
    else:
        r = subprocess.run([binary, "compare", *SMALL, "--jobs", "2", "--out", str(out),
                            "--quiet"], capture_output=True, text=True, cwd=root, timeout=300)
        check(r.returncode == 0, f"on threads: exit {r.returncode}: {r.stderr}")
        threaded = {name: (out / name).read_bytes() for name in FILES}
        shutil.rmtree(out)

        for ranks, jobs in ((2, "2"), (3, "1"), (1, "2")):
            r = under_mpirun(ranks, *SMALL, "--jobs", jobs, "--out", str(out))
            what = f"mpirun -np {ranks} --jobs {jobs}"
            check(r.returncode == 0, f"{what}: exit {r.returncode}: {r.stderr}")
            check(r.stdout.count("runs; outputs in") == 1,
                  f"{what}: the table is not printed once (by rank 0 alone): {r.stdout}")
            for name in FILES:
                check((out / name).is_file() and (out / name).read_bytes() == threaded[name],
                      f"{what}: {name} differs from the run on threads")
            shutil.rmtree(out, ignore_errors=True)

        # A rank killed while the runs go: the job ends, not zero, and no files.
        big = ["scenarios/compare/bench-10k.json", "--seeds", "10", "--jobs", "1", "--quiet",
               "--no-plots", "--out", str(out)]
        for name in ("line", "ring", "star", "tree", "grid", "mesh"):
            big += ["--topology", str(teaching / f"{name}.json")]
        job = subprocess.Popen([mpirun, "-np", "2", "--oversubscribe", binary, "compare", *big],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               cwd=root, env=ENV)
        victim = None
        deadline = time.monotonic() + 60
        while victim is None and time.monotonic() < deadline and job.poll() is None:
            for pid in subprocess.run(["pgrep", "-f", str(out)], capture_output=True,
                                      text=True).stdout.split():
                try:
                    environ = pathlib.Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
                except OSError:
                    continue
                if b"OMPI_COMM_WORLD_RANK=1" in environ:
                    victim = int(pid)
            time.sleep(0.1)
        check(victim is not None, "rank 1 of the long comparison was not found")
        if victim is not None:
            os.kill(victim, signal.SIGKILL)
        stdout, stderr = job.communicate(timeout=300)
        check(job.returncode != 0, f"rank 1 killed: mpirun exit {job.returncode}")
        check("rank 1" in stderr and "signal 9" in stderr,
              f"rank 1 killed: mpirun does not say which rank died and how: {stderr}")
        left = [p.name for p in out.iterdir()] if out.exists() else []
        check(left == [], f"rank 1 killed: files left in the output folder: {left}")

finish("compare under MPI: all checks passed")
