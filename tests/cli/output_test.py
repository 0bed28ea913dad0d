#!/usr/bin/env python3
"""Output safety outside `run`: `topology generate --out` and `compare --out`
write only regular files, whole or not at all (a temporary file renamed into
place), never a device, a folder or a pipe; a write that fails (a full
disk, a full or closed standard output) exits 1 naming the file and leaves
the old file as it was. Run by CTest: output_test.py SMTPSIM_BINARY."""
import os
import pathlib
import stat
import subprocess
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "lib"))
from checks import check, disk_full_after, finish, root, run_smtpsim, smtpsim_binary  # noqa: E402

binary = smtpsim_binary()
GENERATE = ["topology", "generate", "line", "--hosts", "3"]


def run(args, **kwargs):
    return run_smtpsim(args, timeout=60, **kwargs)


with tempfile.TemporaryDirectory() as tmp:
    tmp = pathlib.Path(tmp)

    # Only regular files: a device (as root this would replace /dev/null), a folder, a pipe.
    r = run(GENERATE + ["--out", "/dev/null"])
    check(r.returncode == 2 and "/dev/null" in r.stderr and "device" in r.stderr,
          f"--out /dev/null: exit {r.returncode}: {r.stderr}")
    check(stat.S_ISCHR(os.stat("/dev/null").st_mode), "/dev/null is no longer a device")
    folder = tmp / "folder"
    folder.mkdir()
    r = run(GENERATE + ["--out", str(folder)])
    check(r.returncode == 2 and "folder" in r.stderr and folder.is_dir(),
          f"--out a folder: exit {r.returncode}: {r.stderr}")
    fifo = tmp / "fifo"
    os.mkfifo(fifo)
    r = run(GENERATE + ["--out", str(fifo)])
    check(r.returncode == 2 and "pipe" in r.stderr and stat.S_ISFIFO(os.stat(fifo).st_mode),
          f"--out a fifo: exit {r.returncode}: {r.stderr}")
    r = run(GENERATE + ["--out", str(tmp / "missing/net.json")])
    check(r.returncode == 2 and "missing" in r.stderr, f"--out in no folder: {r.stderr}")

    # Whole or not at all: the old file stays when the disk is full, and no temporary is left.
    target = tmp / "net.json"
    target.write_text("old\n")
    r = run(["topology", "generate", "line", "--hosts", "200", "--out", str(target)],
            preexec_fn=disk_full_after(2000))
    check(r.returncode == 1 and str(target) in r.stderr,
          f"full disk: exit {r.returncode}: {r.stderr}")
    check(target.read_text() == "old\n", "full disk: the old file was changed")
    check(sorted(p.name for p in tmp.iterdir()) == ["fifo", "folder", "net.json"],
          f"full disk: files left behind: {sorted(p.name for p in tmp.iterdir())}")
    r = run(GENERATE + ["--out", str(target)])
    check(r.returncode == 0 and target.read_text().startswith("{"), f"--out: {r.stderr}")
    check(sorted(p.name for p in tmp.iterdir()) == ["fifo", "folder", "net.json"],
          f"--out: files left behind: {sorted(p.name for p in tmp.iterdir())}")

    # compare --out: a place of one of its files taken by a folder is refused.
    out = tmp / "compare"
    (out / "runs.csv").mkdir(parents=True)
    r = run(["compare", "tests/compare/data/two-mails.json", "--topology",
             "tests/compare/data/line3.json", "--seeds", "1", "--no-plots", "--out", str(out)])
    check(r.returncode == 2 and "runs.csv" in r.stderr, f"compare over a folder: {r.stderr}")

    # Standard output that cannot be written: exit 1 naming it, not a silent 0.
    commands = [
        [binary, *GENERATE],
        [binary, "topology", "dot", "topologies/rfc821.json"],
        [binary, "topology", "show", "topologies/rfc821.json"],
        [binary, "route", "--topology", "topologies/rfc821.json", "--from", "MIT-AI.ARPA",
         "--to", "Jones@BBN-VAX.ARPA"],
        [binary, "version"],
        [binary, "--help"],
    ]
    for command in commands:
        with open("/dev/full", "w") as full:
            r = subprocess.run(command, stdout=full, stderr=subprocess.PIPE, text=True, cwd=root,
                               timeout=60)
        check(r.returncode == 1 and "standard output" in r.stderr,
              f"{' '.join(command[1:])} > /dev/full: exit {r.returncode}: {r.stderr}")
    r = subprocess.run([binary, *GENERATE], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       text=True, cwd=root, timeout=60, pass_fds=(), close_fds=True,
                       preexec_fn=lambda: os.close(1))
    check(r.returncode == 1 and "standard output" in r.stderr,
          f"closed standard output: exit {r.returncode}: {r.stderr}")

finish("output safety: all checks passed")
