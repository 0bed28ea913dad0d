#!/usr/bin/env python3
"""Hostile topology and scenario files: each is refused at load with exit
status 2, a message naming the file and the place (JSON pointer, or
line:column), and nothing on standard output; never a crash, a hang or an
internal error. Times that cannot be represented, nesting too deep, names
beyond RFC 821's limits, repeated keys and names, mail text that holds
a NUL, DOT syntax errors, files that are not regular files; and DOT
that `topology dot` writes reads back whatever the description holds.
Run by CTest: bad_files_test.py SMTPSIM_BINARY."""
import json
import pathlib
import subprocess
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "lib"))
from checks import check, failures, finish, root, smtpsim_binary  # noqa: E402

binary = smtpsim_binary()
RFC821 = str(root / "topologies/rfc821.json")


def smtpsim(*args, stdin=None):
    try:
        return subprocess.run([binary, *args], capture_output=True, cwd=root, timeout=60,
                              input=stdin)
    except subprocess.TimeoutExpired:
        return None


def refused(name, args, place, words=()):
    """The command exits 2 naming `place` (and each of `words`) on standard error."""
    r = smtpsim(*args)
    if r is None:
        failures.append(f"{name}: did not finish within 60 s")
        return
    err = r.stderr.decode(errors="replace")
    check(r.returncode == 2, f"{name}: exit {r.returncode}, expected 2: {err[:300]}")
    check(r.stdout == b"", f"{name}: wrote to standard output: {r.stdout[:200]!r}")
    check(place in err, f"{name}: message does not name {place!r}: {err[:300]}")
    check("internal error" not in err, f"{name}: {err[:300]}")
    for word in words:
        check(word in err, f"{name}: message lacks {word!r}: {err[:300]}")


def scenario(tmp, name, **fields):
    doc = {"name": "t", "topology": RFC821}
    doc.update(fields)
    path = tmp / f"{name}.json"
    path.write_text(json.dumps(doc))
    return str(path)


def topology(tmp, name, text):
    path = tmp / name
    path.write_text(text) if isinstance(text, str) else path.write_bytes(text)
    return str(path)


def two_hosts(**link):
    return {"nodes": [{"name": "A"}, {"name": "B"}, {"name": "C"}],
            "links": [dict({"a": "A", "b": "B"}, **link), dict({"a": "B", "b": "C"}, **link)]}


MAIL = {"from": "JQP@MIT-AI.ARPA", "to": ["<Jones@BBN-VAX.ARPA>"]}

with tempfile.TemporaryDirectory() as tmp:
    tmp = pathlib.Path(tmp)

    # Times: every sum a scenario implies must be representable (and within 10000d).
    cases = {
        "failure at + for near the maximum": (
            dict(failures=[{"kind": "host_down", "host": "MIT-AI.ARPA", "at": "100000d",
                            "for": "100000d"}], messages=[MAIL]), "/failures/0/at"),
        "failure at + for past the limit": (
            dict(failures=[{"kind": "host_down", "host": "MIT-AI.ARPA", "at": "9000d",
                            "for": "9000d"}]), "/failures/0/for"),
        "count x interval": (
            dict(traffic=[{"process": "fixed", "interval": "1000d", "count": 1000}]),
            "/traffic/0/count"),
        "start + duration": (
            dict(traffic=[{"rate": "1/s", "start": "6000d", "duration": "6000d"}]),
            "/traffic/0/duration"),
        "tiny Poisson rate": (dict(traffic=[{"rate": "1e-12/s", "count": 2}]), "/traffic/0/rate"),
        "Poisson interval of a year": (
            dict(traffic=[{"interval": "365d", "count": 2}]), "/traffic/0/interval"),
        "retry lifetime + max": (
            dict(retry={"first": "1d", "max": "6000d", "lifetime": "6000d"}), "/retry/lifetime"),
        "retry beyond the limit": (dict(retry={"max": "100000d"}), "/retry/max"),
        "host retry lifetime + max": (
            dict(host_retry={"MIT-AI.ARPA": {"max": "9000d", "lifetime": "9000d"}}),
            "/host_retry/MIT-AI.ARPA/lifetime"),
        "stop": (dict(stop="100000d", messages=[MAIL]), "/stop"),
        "message at": (dict(messages=[dict(MAIL, at="100000d")]), "/messages/0/at"),
        "connect timeout": (dict(connect_timeout="100000d"), "/connect_timeout"),
    }
    for name, (fields, place) in cases.items():
        refused(name, ["run", scenario(tmp, "time", **fields), "--out", str(tmp / "out")],
                place, ["10000d"])
    check(not (tmp / "out").exists(), "a refused scenario left an output folder")

    # Huge link latencies and service times are refused where they are written.
    long_links = topology(tmp, "long.json", json.dumps(two_hosts(latency="100000d")))
    refused("two very long links", ["route", "--topology", long_links, "--from", "A", "--to",
                                    "x@C", "--metric", "latency"], "/links/0/latency", ["1d"])
    slow = {"nodes": [{"name": "A", "service_time": "2d"}, {"name": "B"}]}
    refused("service time", ["topology", "show", topology(tmp, "slow.json", json.dumps(slow))],
            "/nodes/0/service_time", ["1d"])
    refused("latency in DOT", ["topology", "show", topology(
        tmp, "long.dot", 'graph { A -- B [latency="100000d"] }')], 'edge "A" -- "B"')

    # Deep nesting: located before any parser recurses.
    deep = '{"name": "t", "topology": {"nodes": ' + "[" * 100000 + "]" * 100000 + "}}"
    refused("100,000 nested arrays", ["run", topology(tmp, "deep.json", deep)], "1:",
            ["nest deeper than 64"])
    deep_dot = "graph {" + "subgraph s {" * 10000 + "}" * 10000 + "}"
    refused("10,000 nested subgraphs", ["topology", "show", topology(tmp, "deep.dot", deep_dot)],
            "1:", ["nest deeper than 64"])

    # RFC 821 4.5.3: user names and host names of at most 64 characters.
    long_host = "H" * 65
    refused("long host name", ["topology", "show", topology(tmp, "h.json", json.dumps(
        {"nodes": [{"name": long_host}]}))], "/nodes/0/name", ["64"])
    refused("long mailbox", ["topology", "show", topology(tmp, "u.json", json.dumps(
        {"nodes": [{"name": "A", "users": [{"mailbox": "u" * 65}]}]}))],
        "/nodes/0/users/0/mailbox", ["64"])
    refused("long alias", ["topology", "show", topology(tmp, "al.json", json.dumps(
        {"nodes": [{"name": "A", "users": [{"mailbox": "u", "aliases": ["a" * 65]}]}]}))],
        "/nodes/0/users/0/aliases/0", ["64"])
    refused("long list name", ["topology", "show", topology(tmp, "l.json", json.dumps(
        {"nodes": [{"name": "A", "lists": [{"name": "l" * 65}]}]}))], "/nodes/0/lists/0/name",
        ["64"])
    refused("long host name in DOT", ["topology", "show", topology(
        tmp, "h.dot", f"graph {{ {long_host} -- B }}")], f'node "{long_host}"', ["64"])
    refused("long user in DOT", ["topology", "show", topology(
        tmp, "u.dot", f'graph {{ A [users="{"u" * 65}"] }}')], 'node "A" attribute users', ["64"])
    refused("route --to a long user", ["route", "--topology", RFC821, "--from", "MIT-AI.ARPA",
                                       "--to", "u" * 65 + "@BBN-VAX.ARPA"], "--to", ["64"])

    # A key given twice in one object, two traffic sources of one name, a host
    # named twice in host_retry: errors with the pointer, never "the last one wins".
    refused("nodes twice", ["topology", "show", topology(
        tmp, "twice.json", '{"nodes": [{"name": "A"}, {"name": "B"}], "nodes": []}')], "/nodes",
        ["twice"])
    refused("a host's field twice", ["topology", "show", topology(
        tmp, "twice2.json", '{"nodes": [{"name": "A"}, {"name": "B", "relay": true, '
                            '"relay": false}]}')], "/nodes/1/relay", ["twice"])
    twice = (tmp / "twice-scenario.json")
    twice.write_text('{"name": "t", "topology": "%s", "seed": 1, "seed": 2}' % RFC821)
    refused("scenario key twice", ["run", str(twice)], "/seed", ["twice"])
    refused("traffic names", ["run", scenario(tmp, "names", traffic=[
        {"name": "bg", "rate": "1/s", "count": 1}, {"name": "bg", "rate": "2/s", "count": 1}])],
        "/traffic/1", ['"bg"'])
    refused("host_retry case", ["run", scenario(tmp, "retry", host_retry={
        "MIT-AI.ARPA": {"first": "1min"}, "mit-ai.arpa": {"first": "2min"}})],
        "/host_retry/mit-ai.arpa", ["case-insensitive"])

    # Mail data holds no NUL; 8-bit characters load, and each receiving host's
    # eight_bit policy decides what becomes of them (RFC 821 4.5.2).
    refused("NUL in data", ["run", scenario(tmp, "nul", messages=[
        dict(MAIL, data=["fine", "a\u0000b"])])], "/messages/0/data/1", ["NUL"])
    refused("NUL in a data string", ["run", scenario(tmp, "nul2", messages=[
        dict(MAIL, data="one\ntwo\u0000")])], "/messages/0/data", ["line 2"])

    # DOT syntax errors give the line and the column.
    for name, text, place in [
            ("missing node", "graph {\n  A -- B\n  C -- ;\n}\n", "3:8"),
            ("unclosed attributes", 'graph {\n  A -- B [latency="5ms"\n', "3:1"),
            ("unclosed string", 'graph {\n  A [label="x]\n}\n', "2:12"),
            ("bad character", "graph {\n  A -- B\n  $\n}\n", "3:3"),
            ("digraph", "\n\ndigraph { A -> B }", "3:1"),
            ("arrow", "graph {\n A -> B }", "2:4"),
            ("text after the graph", "graph { A } x", "1:13")]:
        refused(f"DOT {name}", ["topology", "show", topology(tmp, "syntax.dot", text)],
                f"syntax.dot: {place}: ", ["DOT"])

    # Input files must be regular files: a device or a folder is refused, not read for ever.
    refused("topology /dev/zero", ["topology", "show", "/dev/zero"], "/dev/zero",
            ["not a regular file"])
    refused("scenario topology /dev/zero", ["run", scenario(tmp, "zero", topology="/dev/zero")],
            "/topology", ["not a regular file"])
    refused("scenario folder", ["run", str(tmp)], str(tmp))

    # What `topology dot` writes, `topology show` reads back: hostile descriptions.
    for description in ["ends with \\", 'holds \\" quote', 'say "hi"', "back\\\nslash newline",
                        "\\\\", "two\\\\\n\nlines", "tab\tand \\t", "\\\"\\\"\\"]:
        source = tmp / "hostile.json"
        source.write_text(json.dumps(dict(two_hosts(), description=description)))
        dot = smtpsim("topology", "dot", str(source))
        check(dot.returncode == 0, f"dot of {description!r}: {dot.stderr!r}")
        (tmp / "hostile.dot").write_bytes(dot.stdout)
        back = smtpsim("topology", "show", str(tmp / "hostile.dot"))
        expected = smtpsim("topology", "show", str(source))
        check(back.returncode == 0 and back.stdout.replace(b"hostile.dot", b"hostile.json") ==
              expected.stdout, f"{description!r} does not read back: {back.stderr!r} "
                               f"{back.stdout!r} != {expected.stdout!r}")

finish("hostile files: all checks passed")
