"""What the Python checks under tests/ share: the repository's root, the smtpsim
binary CTest passes as the first argument, the failures found so far, and the
end of a check (every failure printed, exit 1). A check imports it with

    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "lib"))
    from checks import check, failures, finish, root
"""
import pathlib
import resource
import signal
import subprocess
import sys

root = pathlib.Path(__file__).resolve().parents[2]
failures = []


def smtpsim_binary():
    """The smtpsim program given as the first argument, as an absolute path."""
    if len(sys.argv) < 2:
        sys.exit(f"usage: {sys.argv[0]} SMTPSIM_BINARY")
    return str(pathlib.Path(sys.argv[1]).resolve())


def check(condition, message):
    """Record `message` as a failure unless `condition` holds; the check goes on."""
    if not condition:
        failures.append(message)
    return condition


def run_smtpsim(args, *, cwd=root, timeout=300, **kwargs):
    """smtpsim ARGS with its output captured as text; a run that outlives
    `timeout` seconds comes back with exit status -1 and "timed out"."""
    try:
        return subprocess.run([smtpsim_binary(), *args], capture_output=True, text=True, cwd=cwd,
                              timeout=timeout, **kwargs)
    except subprocess.TimeoutExpired:
        return subprocess.CompletedProcess(args, -1, "", "timed out")


def finish(passed):
    """Print every failure and exit 1, or print `passed` and exit 0."""
    for failure in failures:
        print("FAIL:", failure)
    if failures:
        sys.exit(1)
    print(passed)
    sys.exit(0)


def disk_full_after(size):
    """For subprocess's preexec_fn: the child sees a full disk once a file
    reaches `size` bytes (its writes fail instead of the signal killing it)."""
    def limit():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))
    return limit
