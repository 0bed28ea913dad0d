#!/usr/bin/env python3
"""Golden outputs: every shipped scenario is run and its files are compared,
byte for byte, with the copies kept in tests/golden/data/ (small scenarios:
every file; large ones: summary.json and a SHA-256 of every other file).

    golden_test.py SMTPSIM             check (CTest runs this)
    golden_test.py SMTPSIM --update    write the golden files anew

Timing (wall_time_s) is the one thing left out of the comparison.
"""
import difflib
import hashlib
import json
import pathlib
import shutil
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "golden" / "data"
# Scenarios whose files are too large to keep: a hash of each instead.
LARGE = {"compare-shared", "compare-bench-10k"}


def scenarios():
    """(golden name, scenario file or None for the built-in one)."""
    yield "builtin", None
    for folder in ("rfc821", "failures", "compare", "routing"):
        for path in sorted((ROOT / "scenarios" / folder).glob("*.json")):
            yield f"{folder}-{path.stem}", path


def timing_free(text):
    summary = json.loads(text)
    summary.pop("wall_time_s", None)
    return json.dumps(summary, indent=2) + "\n"


def expected_files(run_dir, name):
    """The files of one run as they are kept: {relative name: text}."""
    files = {}
    for path in sorted(p for p in run_dir.rglob("*") if p.is_file()):
        rel = path.relative_to(run_dir).as_posix()
        data = path.read_bytes()
        if rel == "summary.json":
            files[rel] = timing_free(data.decode())
        elif name in LARGE:
            files.setdefault("sha256.txt", "")
            files["sha256.txt"] += f"{hashlib.sha256(data).hexdigest()}  {rel}\n"
        else:
            files[rel] = data.decode()
    return files


def run(smtpsim, scenario, out):
    args = [smtpsim, "run", "--quiet", "--no-report", "--out", str(out)]
    if scenario is not None:
        args.insert(2, str(scenario))
    subprocess.run(args, check=True, cwd=ROOT)


def main():
    smtpsim = sys.argv[1]
    update = "--update" in sys.argv[2:]
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, scenario in scenarios():
            out = pathlib.Path(tmp) / name
            run(smtpsim, scenario, out)
            got = expected_files(out, name)
            golden_dir = DATA / name
            if update:
                shutil.rmtree(golden_dir, ignore_errors=True)
                golden_dir.mkdir(parents=True)
                for rel, text in got.items():
                    (golden_dir / rel).parent.mkdir(parents=True, exist_ok=True)
                    (golden_dir / rel).write_text(text)
                continue
            want = {p.relative_to(golden_dir).as_posix(): p.read_text()
                    for p in sorted(golden_dir.rglob("*")) if p.is_file()}
            for rel in sorted(set(want) | set(got)):
                if want.get(rel) == got.get(rel):
                    continue
                diff = difflib.unified_diff(
                    want.get(rel, "").splitlines(), got.get(rel, "").splitlines(),
                    f"golden/{name}/{rel}", f"now/{name}/{rel}", lineterm="", n=1)
                failures.append("\n".join(list(diff)[:40]))
    if failures:
        print("\n\n".join(failures))
        print(f"\n{len(failures)} golden file(s) differ; if the change is meant, run "
              f"{sys.argv[0]} SMTPSIM --update and say why in the README's changelog")
        return 1
    print("golden outputs: all match" if not update else "golden outputs written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
