#!/usr/bin/env python3
"""The JSON Schemas and the loaders agree on the floors of README "Limits":
every interval a scenario or topology gives is at least 1ms, the
distance-vector route_timeout at least update_interval, infinity from 2 to
1,000,000. Each floored field's value just below the floor is refused by the
schema and by `smtpsim run` (exit status 2, the file and the JSON pointer
named, nothing written); the floor itself, in every unit, is taken by both.
The schemas' interval pattern is also checked against exact arithmetic on
many durations. Run by CTest: schema_floors_test.py SMTPSIM_BINARY."""
import json
import pathlib
import random
import re
import shutil
import sys
import tempfile
from fractions import Fraction

import jsonschema

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "lib"))
from checks import check, finish, root, run_smtpsim  # noqa: E402

scenario_schema = json.loads((root / "scenarios/scenario.schema.json").read_text())
topology_schema = json.loads((root / "topologies/topology.schema.json").read_text())
validator = jsonschema.Draft7Validator(scenario_schema)
topology_validator = jsonschema.Draft7Validator(topology_schema)

UNITS = {"ns": 1, "us": 10**3, "ms": 10**6, "s": 10**9, "min": 6 * 10**10, "h": 36 * 10**11,
         "d": 864 * 10**11}
FLOOR_NS = 10**6


# The decimals a duration may have in each unit: every digit must be worth a
# whole number of nanoseconds (core/quantity.cpp), so a minute takes 10.
PLACES = {unit: len(str(scale)) - len(str(scale).rstrip("0")) for unit, scale in UNITS.items()}


def exact_text(ns, unit):
    """`ns` nanoseconds written exactly in `unit` ("0.001s"), or None when the
    loader cannot read that value in that unit."""
    value = Fraction(ns, UNITS[unit])
    for places in range(PLACES[unit] + 1):
        scaled = value * 10**places
        if scaled.denominator == 1:
            digits = str(scaled.numerator).rjust(places + 1, "0")
            return digits if places == 0 else f"{digits[:-places]}.{digits[-places:]}"
    return None


def around_floor(unit):
    """The nearest exact durations below and at-or-above 1ms in `unit`."""
    below = next(exact_text(ns, unit) for ns in range(FLOOR_NS - 1, 0, -1)
                 if exact_text(ns, unit) is not None)
    above = next(exact_text(ns, unit) for ns in range(FLOOR_NS, 2 * FLOOR_NS)
                 if exact_text(ns, unit) is not None)
    return [(below + unit, False), (above + unit, True)]


# 1. One pattern, in both schemas, that says "at least 1ms" exactly.
pattern = scenario_schema["definitions"]["interval"]["pattern"]
check(topology_schema["definitions"]["interval"]["pattern"] == pattern,
      "the topology schema's interval pattern differs from the scenario schema's")
compiled = re.compile(pattern)
random.seed(821)
samples = list(range(FLOOR_NS - 2000, FLOOR_NS + 2000)) + \
    [random.randrange(1, 10**13) for _ in range(5000)] + [1, 999, 10**9, 86400 * 10**9]
mismatches = []
for ns in samples:
    for unit in UNITS:
        text = exact_text(ns, unit)
        if text is None:
            continue
        for written in {text, "00" + text, text.lstrip("0") or "0"}:
            if bool(compiled.match(written + unit)) != (ns >= FLOOR_NS):
                mismatches.append(written + unit)
check(not mismatches, f"the interval pattern is wrong for {mismatches[:5]}")

# 2. Every floored field refers to it, and says what the loader enforces.
props = scenario_schema["properties"]
definitions = scenario_schema["definitions"]


def refers_to_interval(node):
    return node.get("$ref") == "#/definitions/interval" or \
        {"$ref": "#/definitions/interval"} in node.get("allOf", [])


floored = {
    "/retry/first": props["retry"]["properties"]["first"],
    "/retry/max": props["retry"]["properties"]["max"],
    "/host_retry/*/first": props["host_retry"]["additionalProperties"]["properties"]["first"],
    "/host_retry/*/max": props["host_retry"]["additionalProperties"]["properties"]["max"],
    "/reroute_after": props["reroute_after"],
    "/connect_timeout": props["connect_timeout"],
    "/traffic/*/interval": definitions["traffic"]["properties"]["interval"],
    "/distance_vector/update_interval": props["distance_vector"]["properties"]["update_interval"],
    "/distance_vector/route_timeout": props["distance_vector"]["properties"]["route_timeout"],
}
for name, node in floored.items():
    check(refers_to_interval(node), f"{name}: not an interval of at least 1ms in the schema")
for name, node in props["timeouts"]["properties"].items():
    check(node.get("$ref") == "#/properties/connect_timeout", f"/timeouts/{name}: not floored")
poll = topology_schema["definitions"]["host_settings"]["properties"]["poll_interval"]
check(poll.get("$ref") == "#/definitions/interval", "poll_interval: not floored in the schema")
route_timeout = props["distance_vector"]["properties"]["route_timeout"]
check("at least update_interval" in route_timeout.get("description", "") and
      "1,000,000,000 update intervals" in route_timeout.get("description", ""),
      "route_timeout: the schema does not say it is at least update_interval")
infinity = props["distance_vector"]["properties"]["infinity"]
check((infinity.get("minimum"), infinity.get("maximum")) == (2, 1000000),
      f"infinity: schema range {infinity.get('minimum')}..{infinity.get('maximum')}")
check("at most 1/ms" in definitions["traffic"]["properties"]["rate"].get("description", ""),
      "rate: the schema does not say its ceiling")

# 3. The loader agrees, field by field, just below and at the floor.
TOPOLOGY = {"nodes": [{"name": "A", "users": [{"mailbox": "alice"}]},
                      {"name": "B", "users": [{"mailbox": "bob"}]}],
            "links": [{"a": "A", "b": "B"}]}
BASE = {"name": "floors", "topology": TOPOLOGY, "stop": "50ms",
        "messages": [{"from": "alice@A", "to": ["bob@B"], "data": "hi"}]}
DV = {"routing": "distance-vector"}


def dial_up(value):
    nodes = TOPOLOGY["nodes"] + [{"name": "D", "accepts_connections": False,
                                  "poll_interval": value}]
    return {"topology": {"nodes": nodes, "links": TOPOLOGY["links"] + [{"a": "B", "b": "D"}]}}


FIELDS = [
    ("/retry/first", lambda v: {"retry": {"first": v, "max": "1h"}}),
    ("/retry/max", lambda v: {"retry": {"first": "1ms", "max": v}}),
    ("/host_retry/B/first", lambda v: {"host_retry": {"B": {"first": v, "max": "1h"}}}),
    ("/connect_timeout", lambda v: {"connect_timeout": v}),
    ("/reroute_after", lambda v: {"reroute_after": v}),
    ("/timeouts/data_block", lambda v: {"timeouts": {"data_block": v}}),
    ("/traffic/0/interval", lambda v: {"traffic": [{"to": ["B"], "interval": v, "count": 3}]}),
    ("/distance_vector/update_interval",
     lambda v: {**DV, "distance_vector": {"update_interval": v, "route_timeout": "1h"}}),
    ("/distance_vector/route_timeout",
     lambda v: {**DV, "distance_vector": {"update_interval": "1ms", "route_timeout": v}}),
    ("/topology/nodes/2/poll_interval", dial_up),
]
values = [case for unit in UNITS for case in around_floor(unit)] + \
    [("0s", False), (".001s", True), ("0001ms", True)]

with tempfile.TemporaryDirectory() as tmp:
    tmp = pathlib.Path(tmp)
    scenario = tmp / "floors.json"
    out = tmp / "out"

    def loads(doc, pointer, label):
        """Run `doc`; True when the loader takes it, False when it refuses it
        properly (exit 2 naming the file and `pointer`, nothing written)."""
        scenario.write_text(json.dumps(doc))
        r = run_smtpsim(["run", str(scenario), "--out", str(out), "--quiet"])
        if r.returncode == 0:
            return True
        # An inline topology's errors name the scenario's /topology, then the place in it.
        where = f"{scenario} /topology: {pointer[len('/topology'):]}:" \
            if pointer.startswith("/topology/") else f"{scenario}: {pointer}:"
        check(r.returncode == 2 and where in r.stderr and not out.exists(),
              f"{label}: exit {r.returncode}, {r.stderr.strip()!r}")
        return False

    for pointer, make in FIELDS:
        for value, at_least_floor in values:
            doc = {**BASE, **make(value)}
            label = f"{pointer} = {value}"
            schema_ok = validator.is_valid(doc) and (
                not isinstance(doc["topology"], dict) or
                topology_validator.is_valid(doc["topology"]))
            loader_ok = loads(doc, pointer, label)
            check(schema_ok == at_least_floor, f"{label}: schema {'takes' if schema_ok else 'refuses'} it")
            check(loader_ok == at_least_floor, f"{label}: loader {'takes' if loader_ok else 'refuses'} it")
            shutil.rmtree(out, ignore_errors=True)

    # route_timeout below update_interval: what the schema says, the loader enforces.
    dv = {**BASE, **DV, "distance_vector": {"update_interval": "10ms", "route_timeout": "9ms"}}
    check(not loads(dv, "/distance_vector/route_timeout", "route_timeout 9ms < 10ms"),
          "route_timeout below update_interval: the loader takes it")
    # infinity: the schema's range is the loader's.
    for value, ok in ((1, False), (2, True), (1000000, True), (1000001, False)):
        doc = {**BASE, **DV, "distance_vector": {"infinity": value}}
        check(validator.is_valid(doc) == ok, f"infinity {value}: schema disagrees")
        check(loads(doc, "/distance_vector/infinity", f"infinity {value}") == ok,
              f"infinity {value}: loader disagrees")
        shutil.rmtree(out, ignore_errors=True)
    # A rate's ceiling (its mean interval's floor), which the schema states in words.
    for rate, ok in (("1/ms", True), ("1001/s", False)):
        doc = {**BASE, "traffic": [{"to": ["B"], "rate": rate, "count": 3}]}
        check(loads(doc, "/traffic/0/rate", f"rate {rate}") == ok, f"rate {rate}: loader disagrees")
        shutil.rmtree(out, ignore_errors=True)

finish(f"floors: {len(FIELDS)} fields x {len(values)} durations agree in schema and loader")
