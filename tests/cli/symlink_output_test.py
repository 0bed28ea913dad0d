#!/usr/bin/env python3
"""No output goes through a symbolic link to a folder outside the output
folder. For every writer (run --out and its mailboxes/ and terminals/,
compare --out and its runs/ and row folders, the plots, report DIR, topology
generate --out): a link where a folder goes, named by the user or found
inside the output folder, is refused (exit 2, the message naming the link,
nothing of the command written) and the folder it points to keeps every byte;
a link where a file goes is replaced by the file, never followed; a link
deeper inside a folder the command clears (mailboxes/<host>) goes with it,
its target untouched. Host and user names holding '/', "..", NUL or 255+
bytes are refused by the topology loader (exit 2, file and JSON pointer).
Run by CTest: symlink_output_test.py SMTPSIM_BINARY."""
import json
import os
import pathlib
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "lib"))
from checks import check, finish, root, run_smtpsim  # noqa: E402

DATA = root / "tests/compare/data"
TERMINALS = "scenarios/rfc821/send-logged-out.json"  # delivers to terminals and mailboxes


def snapshot(folder):
    """Every entry under `folder`, links not followed: name -> bytes, link
    target or "folder"."""
    found = {}
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[name] = "link to " + os.readlink(path)
        elif path.is_dir():
            found[name] = "folder"
        else:
            found[name] = path.read_bytes()
    return found


def outside(tmp, name):
    """A folder outside every output folder, holding files of someone else's."""
    folder = tmp / name
    folder.mkdir()
    for file in ("summary.json", "outcomes.jsonl", "report.html", "topology.dot"):
        (folder / file).write_text(f"someone else's {file}\n")
    (folder / "sub").mkdir()
    (folder / "sub" / "keep.txt").write_text("keep\n")
    return folder


def refused(r, link, what):
    check(r.returncode == 2, f"{what}: exit {r.returncode}, expected 2: {r.stderr}")
    check(str(link) in r.stderr and "symbolic link" in r.stderr,
          f"{what}: the message does not name the link {link}: {r.stderr}")


def untouched(target, before, what):
    check(snapshot(target) == before, f"{what}: the link's target {target} was changed: "
                                      f"{sorted(snapshot(target))}")


def run(*args):
    return run_smtpsim(["run", *map(str, args)])


def compare(out, *extra):
    return run_smtpsim(["compare", str(DATA / "random.json"), "--topology",
                        str(DATA / "line3.json"), "--seeds", "1", "--quiet", "--out", str(out),
                        *extra])


def check_run(tmp):
    # The output folder itself, with and without a trailing '/'.
    target = outside(tmp, "run-target")
    before = snapshot(target)
    link = tmp / "run-link"
    link.symlink_to(target, target_is_directory=True)
    for named in (str(link), str(link) + "/"):
        refused(run("--out", named, "--no-report"), link, f"run --out {named}")
    untouched(target, before, "run --out LINK")

    # mailboxes/ and terminals/ inside it, each a link to a folder elsewhere.
    for folder in ("mailboxes", "terminals"):
        out = tmp / f"run-{folder}"
        out.mkdir()
        (out / folder).symlink_to(target, target_is_directory=True)
        r = run(TERMINALS, "--out", out, "--no-report")
        refused(r, out / folder, f"run with {folder}/ a link")
        untouched(target, before, f"run with {folder}/ a link")
        check(sorted(p.name for p in out.iterdir()) == [folder],
              f"run with {folder}/ a link: files written: {sorted(out.iterdir())}")

    # A link deeper down, in a folder the run clears: it goes, its target stays.
    out = tmp / "run-deep"
    r = run(TERMINALS, "--out", out, "--no-report")
    check(r.returncode == 0, f"run {TERMINALS}: exit {r.returncode}: {r.stderr}")
    hosts = sorted(p.name for p in (out / "mailboxes").iterdir())
    check(hosts != [] and (out / "terminals").is_dir(), f"{TERMINALS}: mailboxes {hosts}")
    for folder in ("mailboxes", "terminals"):
        host = next((out / folder).iterdir())
        for entry in host.iterdir():
            entry.unlink()
        host.rmdir()
        host.symlink_to(target, target_is_directory=True)
    r = run(TERMINALS, "--out", out, "--no-report")
    check(r.returncode == 0, f"run over host links: exit {r.returncode}: {r.stderr}")
    untouched(target, before, "run over mailboxes/<host> a link")
    for folder in ("mailboxes", "terminals"):
        check(all(p.is_dir() and not p.is_symlink() for p in (out / folder).iterdir()),
              f"run over host links: {folder}/ still holds a link")

    # A file of the run that is a link (to a file outside) is replaced.
    out = tmp / "run-file-links"
    out.mkdir()
    for file in ("summary.json", "outcomes.jsonl", "topology.dot", "report.html"):
        (out / file).symlink_to(target / file)
    r = run("--out", out)
    check(r.returncode == 0, f"run over file links: exit {r.returncode}: {r.stderr}")
    untouched(target, before, "run over file links")
    for file in ("summary.json", "outcomes.jsonl", "topology.dot", "report.html"):
        check((out / file).is_file() and not (out / file).is_symlink(),
              f"run over file links: {file} is not a file of its own")


def row_names(tmp):
    """The folders compare makes in runs/ for this comparison."""
    out = tmp / "compare-plain"
    r = compare(out, "--no-plots")
    check(r.returncode == 0, f"compare: exit {r.returncode}: {r.stderr}")
    return sorted(p.name for p in (out / "runs").iterdir()) if (out / "runs").is_dir() else []


def check_compare(tmp):
    target = outside(tmp, "compare-target")
    before = snapshot(target)
    rows = row_names(tmp)
    check(rows != [], "compare: no example run folder")

    link = tmp / "compare-link"
    link.symlink_to(target, target_is_directory=True)
    refused(compare(link, "--no-plots"), link, "compare --out LINK")
    untouched(target, before, "compare --out LINK")

    cases = {"runs": "runs"}
    cases.update({f"runs/{row}": f"runs/{row}" for row in rows})
    cases.update({f"runs/{row}/mailboxes": f"runs/{row}/mailboxes" for row in rows[:1]})
    for name, where in cases.items():
        out = tmp / ("compare-" + name.replace("/", "-"))
        (out / where).parent.mkdir(parents=True, exist_ok=True)
        (out / where).symlink_to(target, target_is_directory=True)
        r = compare(out, "--no-plots")
        refused(r, out / where, f"compare with {name} a link")
        untouched(target, before, f"compare with {name} a link")
        check(not (out / "runs.csv").exists(), f"compare with {name} a link: runs.csv written")

    # Plots and report.html that are links to files outside are replaced.
    out = tmp / "compare-file-links"
    out.mkdir()
    for file in ("latency.svg", "load.svg", "report.html", "table.csv"):
        (out / file).symlink_to(target / "summary.json")
    r = compare(out, "--format", "svg")
    check(r.returncode == 0, f"compare over file links: exit {r.returncode}: {r.stderr}")
    untouched(target, before, "compare over file links")
    for file in ("report.html", "table.csv"):
        check((out / file).is_file() and not (out / file).is_symlink(),
              f"compare over file links: {file} is not a file of its own")
    for file in ("latency.svg", "load.svg"):
        check(not (out / file).is_symlink(), f"compare over file links: {file} is a link")


def check_report(tmp):
    target = outside(tmp, "report-target")
    run_folder = tmp / "report-run"
    r = run("--out", run_folder, "--no-report")
    check(r.returncode == 0, f"run: exit {r.returncode}: {r.stderr}")
    # The run's own files, copied into the target, so that it looks like a run.
    for file in ("summary.json", "outcomes.jsonl", "topology.dot", "events.jsonl"):
        (target / file).write_bytes((run_folder / file).read_bytes())
    before = snapshot(target)
    link = tmp / "report-link"
    link.symlink_to(target, target_is_directory=True)
    refused(run_smtpsim(["report", str(link)]), link, "report LINK")
    untouched(target, before, "report LINK")
    (run_folder / "report.html").symlink_to(target / "report.html")
    r = run_smtpsim(["report", str(run_folder)])
    check(r.returncode == 0, f"report over a link: exit {r.returncode}: {r.stderr}")
    check(not (run_folder / "report.html").is_symlink(), "report: report.html is still a link")
    untouched(target, before, "report over a link")


def check_topology_generate(tmp):
    target = outside(tmp, "topology-target")
    before = snapshot(target)
    out = tmp / "topology-out"
    out.mkdir()
    (out / "ring.json").symlink_to(target / "summary.json")
    r = run_smtpsim(["topology", "generate", "ring", "--hosts", "4", "--out",
                     str(out / "ring.json")])
    check(r.returncode == 0, f"topology generate: exit {r.returncode}: {r.stderr}")
    check((out / "ring.json").is_file() and not (out / "ring.json").is_symlink(),
          "topology generate: ring.json is still a link")
    untouched(target, before, "topology generate over a link")


def encoded(name):
    """The file name the writers give a host or user name (core::encoded_file_name)."""
    plain = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_+=.")
    return "".join(chr(b) if chr(b) in plain and not (i == 0 and b == ord(".")) else f"%{b:02X}"
                   for i, b in enumerate(name.encode()))


def check_hostile_names(tmp):
    """Host and user names that are not one file name: the topology loader
    refuses them (exit 2 naming the file and the JSON pointer, nothing
    written), or, for a user name RFC 821 allows ("a/b"), the mailbox file's
    name is encoded and stays in its folder."""
    base = json.loads((DATA / "line3.json").read_text())
    hostile = ["a/b", "..", "../../etc", "x\u0000y", "h" * 300, "/abs", "a..b", ".hidden"]
    accepted = []
    for i, name in enumerate(hostile):
        for where in ("host", "user"):
            topology = json.loads(json.dumps(base))
            if where == "host":
                topology["nodes"][2]["name"] = name
                topology["links"][1]["b"] = name
                pointer, host, user = "/nodes/2/name", name, "cat"
            else:
                topology["nodes"][2]["users"][0]["mailbox"] = name
                pointer, host, user = "/nodes/2/users/0/mailbox", "host2.sim", name
            file = tmp / f"hostile-{where}-{i}.json"
            file.write_text(json.dumps(topology))
            scenario = tmp / f"hostile-{where}-{i}-scenario.json"
            scenario.write_text(json.dumps({
                "name": "hostile", "topology": str(file), "keep_mail_text": True, "seed": 1,
                "messages": [{"at": "0s", "from": "ann@host0.sim", "to": [f"{user}@{host}"],
                              "data": ["hi"]}]}))
            out = tmp / f"hostile-{where}-{i}-out"
            before = sorted(p.name for p in tmp.iterdir())
            r = run(scenario, "--out", out, "--no-report")
            what = f"{where} {name[:20]!r}"
            if r.returncode == 2:
                check(str(file) in r.stderr and pointer in r.stderr,
                      f"{what}: the message names no file and pointer: {r.stderr}")
                check(not out.exists(), f"{what}: the output folder was made")
                continue
            accepted.append(name)
            check(r.returncode == 0, f"{what}: exit {r.returncode}: {r.stderr}")
            mbox = out / "mailboxes" / encoded(host) / (encoded(user) + ".mbox")
            check(mbox.is_file(), f"{what}: no {mbox}: {sorted(snapshot(out))}")
            check(sorted(p.name for p in tmp.iterdir()) == sorted(before + [out.name]),
                  f"{what}: a file was written beside the output folder")
            mailboxes = [p for p in (out / "mailboxes").rglob("*") if p.is_file()]
            check(mailboxes == [mbox], f"{what}: mailbox files {mailboxes}")
    check("a/b" in accepted, f"names accepted {accepted}: the encoding went unchecked")


with tempfile.TemporaryDirectory() as folder:
    tmp = pathlib.Path(folder)
    check_run(tmp)
    check_compare(tmp)
    check_report(tmp)
    check_topology_generate(tmp)
    check_hostile_names(tmp)
finish("no output through a symbolic link: all checks passed")
