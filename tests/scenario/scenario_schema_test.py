#!/usr/bin/env python3
"""scenarios/scenario.schema.json and the scenario loader agree: every shipped
scenario passes both, and each invalid document below fails both (the schema
where it can tell; the loader always, with exit status 2 and no output folder).
Run by CTest: scenario_schema_test.py SMTPSIM_BINARY."""
import json
import pathlib
import subprocess
import sys
import tempfile

import jsonschema

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "lib"))
from checks import failures, finish, root, smtpsim_binary  # noqa: E402

binary = smtpsim_binary()
schema = json.loads((root / "scenarios/scenario.schema.json").read_text())
jsonschema.Draft7Validator.check_schema(schema)
validator = jsonschema.Draft7Validator(schema)


def loader_accepts(path, out):
    result = subprocess.run([binary, "run", str(path), "--quiet", "--out", str(out)],
                            capture_output=True, text=True)
    if result.returncode not in (0, 2):
        failures.append(f"{path}: smtpsim exited {result.returncode}: {result.stderr}")
    if result.returncode == 2 and out.exists():
        failures.append(f"{path}: bad input, yet {out} was created")
    return result.returncode == 0, result.stderr


shipped = [p for p in sorted((root / "scenarios").rglob("*.json")) if p.name != "scenario.schema.json"]
with tempfile.TemporaryDirectory() as tmp:
    for n, path in enumerate(shipped):
        errors = [e.message for e in validator.iter_errors(json.loads(path.read_text()))]
        if errors:
            failures.append(f"{path}: schema rejects it: {errors[0]}")
        accepted, stderr = loader_accepts(path, pathlib.Path(tmp) / f"shipped{n}")
        if not accepted:
            failures.append(f"{path}: loader rejects it: {stderr}")

    topology = str(root / "topologies/rfc821.json")
    msg = {"from": "JQP@MIT-AI.ARPA", "to": ["<Jones@BBN-VAX.ARPA>"]}
    def scenario(**fields):
        doc = {"name": "t", "topology": topology}
        doc.update(fields)
        return doc
    # Documents both must reject, each with a mistake the schema can see.
    invalid = {
        "missing name": {"topology": topology},
        "missing topology": {"name": "t"},
        "unknown field": scenario(rooting="source"),
        "bad routing": scenario(routing="fastest"),
        "bad duration unit": scenario(stop="5sec"),
        "negative duration": scenario(stop="-5s"),
        "bad start date": scenario(start="1982-08-01 00:00"),
        "message without to": scenario(messages=[{"from": "JQP@MIT-AI.ARPA"}]),
        "message with data and size": scenario(messages=[dict(msg, data="x", size="1kB")]),
        "bad mode": scenario(messages=[dict(msg, mode="POST")]),
        "unknown message field": scenario(messages=[dict(msg, subject="hi")]),
        "traffic without rate or interval": scenario(traffic=[{"count": 5}]),
        "traffic with both": scenario(traffic=[{"count": 5, "rate": "1/s", "interval": "1s"}]),
        "bad size": scenario(messages=[dict(msg, size="2 kB")]),
        "bad name": scenario(name="../up"),
        "backoff out of range": scenario(retry={"backoff": 0.5}),
        "unknown failure kind": scenario(failures=[{"kind": "meteor", "host": "MIT-AI.ARPA"}]),
        "failure without host": scenario(failures=[{"kind": "host_down"}]),
        "probability above 1": scenario(failures=[{"kind": "transient", "host": "MIT-AI.ARPA",
                                                   "command": "RCPT", "code": 451, "probability": 1.5}]),
        "transient 5xx code": scenario(failures=[{"kind": "transient", "host": "MIT-AI.ARPA",
                                                  "command": "RCPT", "code": 550}]),
        "bad drop step": scenario(failures=[{"kind": "drop_connection", "host": "MIT-AI.ARPA",
                                             "step": "quit"}]),
        "NUL in data": scenario(messages=[dict(msg, data=["a\u0000b"])]),
    }
    # Mistakes only the loader can see.
    loader_only = {
        "unknown sender host": scenario(messages=[dict(msg, **{"from": "JQP@NOWHERE.ARPA"})]),
        "unparsable path": scenario(messages=[dict(msg, to=["<@:x@y>"])]),
        "unknown traffic host": scenario(traffic=[{"count": 5, "rate": "1/s", "from": ["NOWHERE.ARPA"]}]),
        "endless traffic": scenario(traffic=[{"rate": "1/s"}]),
        "retry max below first": scenario(retry={"first": "1h", "max": "30min"}),
        "failure at unknown host": scenario(failures=[{"kind": "host_down", "host": "NOWHERE.ARPA"}]),
        "link that does not exist": scenario(failures=[{"kind": "link_down", "a": "MIT-AI.ARPA",
                                                        "b": "BBN-VAX.ARPA"}]),
        "host_up before its host_down": scenario(failures=[
            {"kind": "host_down", "host": "MIT-AI.ARPA", "at": "1h"},
            {"kind": "host_up", "host": "MIT-AI.ARPA", "at": "30min"}]),
        "code not listed for the command": scenario(failures=[
            {"kind": "transient", "host": "MIT-AI.ARPA", "command": "HELO", "code": 450}]),
        "missing topology file": scenario(topology="no-such-file.json"),
        "failure ending after 10000d": scenario(failures=[
            {"kind": "host_down", "host": "MIT-AI.ARPA", "at": "9000d", "for": "9000d"}]),
        "traffic beyond 10000d": scenario(traffic=[{"process": "fixed", "interval": "1000d",
                                                    "count": 1000}]),
        "two traffic sources of one name": scenario(traffic=[
            {"name": "a", "count": 1, "rate": "1/s"}, {"name": "a", "count": 1, "rate": "1/s"}]),
        "host_retry naming a host twice": scenario(host_retry={"MIT-AI.ARPA": {},
                                                               "mit-ai.arpa": {}}),
    }
    for cases, schema_sees_it in ((invalid, True), (loader_only, False)):
        for name, doc in cases.items():
            path = pathlib.Path(tmp) / "case.json"
            path.write_text(json.dumps(doc))
            if validator.is_valid(doc) == schema_sees_it:
                failures.append(f"{name}: schema {'accepts' if schema_sees_it else 'rejects'} it")
            accepted, _ = loader_accepts(path, pathlib.Path(tmp) / "out-invalid")
            if accepted:
                failures.append(f"{name}: loader accepts it")

finish(f"{len(shipped)} scenarios checked, "
       f"{len(invalid) + len(loader_only)} invalid documents checked")
