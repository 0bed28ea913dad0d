#!/usr/bin/env python3
"""topologies/topology.schema.json and the loader agree: every shipped topology
passes both, and each invalid document below fails both (the schema where it
can tell; the loader always). Run by CTest: schema_test.py SMTPSIM_BINARY."""
import json
import pathlib
import subprocess
import sys
import tempfile

import jsonschema

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "lib"))
from checks import failures, finish, root, smtpsim_binary  # noqa: E402

binary = smtpsim_binary()
schema = json.loads((root / "topologies/topology.schema.json").read_text())
jsonschema.Draft7Validator.check_schema(schema)
validator = jsonschema.Draft7Validator(schema)

def loader_accepts(path):
    result = subprocess.run([binary, "topology", "show", str(path)], capture_output=True, text=True)
    if result.returncode not in (0, 2):
        failures.append(f"{path}: smtpsim exited {result.returncode}: {result.stderr}")
    return result.returncode == 0, result.stderr

shipped = [p for p in sorted((root / "topologies").rglob("*.json")) if p.name != "topology.schema.json"]
shipped += sorted((root / "tests/net/data").glob("*.json"))
for path in shipped:
    errors = [e.message for e in validator.iter_errors(json.loads(path.read_text()))]
    if errors:
        failures.append(f"{path}: schema rejects it: {errors[0]}")
    accepted, stderr = loader_accepts(path)
    if not accepted:
        failures.append(f"{path}: loader rejects it: {stderr}")

two = [{"name": "A.ARPA"}, {"name": "B.ARPA"}]
# Documents both must reject, each with a mistake the schema can see.
invalid = {
    "unknown top-level field": {"nodes": two, "hosts": []},
    "unknown host field": {"nodes": [{"name": "A.ARPA", "relai": True}]},
    "unknown link field": {"nodes": two, "links": [{"a": "A.ARPA", "b": "B.ARPA", "latncy": "5ms"}]},
    "missing nodes": {"links": []},
    "host without name": {"nodes": [{"relay": True}]},
    "bad host name": {"nodes": [{"name": "A ARPA"}]},
    "host name of 65 characters": {"nodes": [{"name": "H" * 65}]},
    "mailbox of 65 characters": {"nodes": [{"name": "A", "users": [{"mailbox": "u" * 65}]}]},
    "alias of 65 characters": {"nodes": [{"name": "A", "users": [{"mailbox": "u", "aliases": ["a" * 65]}]}]},
    "list name of 65 characters": {"nodes": [{"name": "A", "lists": [{"name": "l" * 65}]}]},
    "zero latency": {"nodes": two, "links": [{"a": "A.ARPA", "b": "B.ARPA", "latency": "0ms"}]},
    "negative latency": {"nodes": two, "links": [{"a": "A.ARPA", "b": "B.ARPA", "latency": "-5ms"}]},
    "zero bandwidth": {"nodes": two, "links": [{"a": "A.ARPA", "b": "B.ARPA", "bandwidth": "0kbit/s"}]},
    "bad rate unit": {"nodes": two, "links": [{"a": "A.ARPA", "b": "B.ARPA", "bandwidth": "56kbps"}]},
    "bad size unit": {"nodes": [{"name": "A.ARPA", "storage": "10 MB"}]},
    "zero max_recipients": {"nodes": [{"name": "A.ARPA", "max_recipients": 0}]},
    "relay not boolean": {"nodes": [{"name": "A.ARPA", "relay": "yes"}]},
    "unknown login field": {"nodes": [{"name": "A", "users": [
        {"mailbox": "u", "logins": [{"from": "1h", "until": "2h"}]}]}]},
    "login time without a unit": {"nodes": [{"name": "A", "users": [
        {"mailbox": "u", "logins": [{"from": "60"}]}]}]},
    "list owner without brackets": {"nodes": [{"name": "A", "lists": [
        {"name": "l", "members": ["<u@A>"], "owner": "u@A"}]}]},
    "forward-path without brackets": {"nodes": [{"name": "A.ARPA", "users": [
        {"mailbox": "Jones", "forward": {"path": "Jones@B.ARPA"}}]}]},
    "forward-path with a special in the local part": {"nodes": [{"name": "A.ARPA", "users": [
        {"mailbox": "Jones", "forward": {"path": "<Jo(nes@B.ARPA>"}}]}]},
    "forward-path with a bad relay": {"nodes": [{"name": "A.ARPA", "users": [
        {"mailbox": "Jones", "forward": {"path": "<@1B.ARPA:Jones@B.ARPA>"}}]}]},
    "bad forward mode": {"nodes": [{"name": "A.ARPA", "users": [
        {"mailbox": "Jones", "forward": {"path": "<Jones@B.ARPA>", "mode": "later"}}]}]},
    "list member without path": {"nodes": [{"name": "A.ARPA", "lists": [{"name": "L", "members": ["Bob"]}]}]},
}
# Mistakes only the loader can see (they need more than one value at once).
loader_only = {
    "duplicate host": {"nodes": [{"name": "A.ARPA"}, {"name": "a.arpa"}]},
    "link to unknown host": {"nodes": two, "links": [{"a": "A.ARPA", "b": "C.ARPA"}]},
    "self-loop": {"nodes": two, "links": [{"a": "A.ARPA", "b": "A.ARPA"}]},
    "duplicate link": {"nodes": two, "links": [{"a": "A.ARPA", "b": "B.ARPA"}, {"a": "B.ARPA", "b": "A.ARPA"}]},
    "login that ends before it starts": {"nodes": [{"name": "A", "users": [
        {"mailbox": "u", "logins": [{"from": "2h", "to": "1h"}]}]}]},
    "logins out of order": {"nodes": [{"name": "A", "users": [
        {"mailbox": "u", "logins": [{"from": "2h"}, {"from": "3h"}]}]}]},
}
with tempfile.TemporaryDirectory() as tmp:
    for cases, schema_sees_it in ((invalid, True), (loader_only, False)):
        for name, doc in cases.items():
            path = pathlib.Path(tmp) / "case.json"
            path.write_text(json.dumps(doc))
            if validator.is_valid(doc) == schema_sees_it:
                failures.append(f"{name}: schema {'accepts' if schema_sees_it else 'rejects'} it")
            accepted, _ = loader_accepts(path)
            if accepted:
                failures.append(f"{name}: loader accepts it")

finish(f"{len(shipped)} topologies checked, "
       f"{len(invalid) + len(loader_only)} invalid documents checked")
