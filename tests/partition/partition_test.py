"""smtpsim-partition's figures, recomputed here from its host-to-rank
assignment and the topology: cut links, the window, neighbour ranks, and (with
every host as a destination, so exact) the traffic over the cut and the
balance, with routes by smtpsim's tie rule. Bad input exits with 2.

Run with the smtpsim binary as argument; smtpsim-partition is looked for in
the same build tree (it is built only where METIS is installed)."""

import json
import math
import pathlib
import re
import subprocess
import sys
import tempfile
from collections import deque

SMTPSIM = pathlib.Path(sys.argv[1]).resolve()
PARTITION = SMTPSIM.parent.parent / "tools" / "partition" / "smtpsim-partition"
UNITS_NS = {"ns": 1, "us": 10**3, "ms": 10**6, "s": 10**9, "min": 60 * 10**9}
failures = []


def check(condition, what):
    if not condition:
        failures.append(what)
        print("FAIL:", what)


def nanoseconds(text):
    number, unit = re.fullmatch(r"([0-9.]+)([a-z]+)", text).groups()
    return round(float(number) * UNITS_NS[unit])


def load(path):
    data = json.loads(path.read_text())
    names = [node["name"] for node in data["nodes"]]
    index = {name: i for i, name in enumerate(names)}
    links = [(index[l["a"]], index[l["b"]], nanoseconds(l["latency"])) for l in data["links"]]
    return names, links


def exact_traffic(names, links):
    """Hops over each link per mail, every (sender, receiver) pair alike."""
    n = len(names)
    around = [[] for _ in range(n)]
    for i, (a, b, _) in enumerate(links):
        around[a].append((b, i))
        around[b].append((a, i))
    over = [0.0] * len(links)
    for destination in range(n):
        distance = [-1] * n
        distance[destination] = 0
        order, queue = [], deque([destination])
        while queue:
            at = queue.popleft()
            order.append(at)
            for other, _ in around[at]:
                if distance[other] < 0:
                    distance[other] = distance[at] + 1
                    queue.append(other)
        through = [1.0] * n
        for host in reversed(order[1:]):
            # The tie rule: the closer neighbour whose name comes first, ignoring case.
            nxt, link = min(((o, i) for o, i in around[host] if distance[o] == distance[host] - 1),
                            key=lambda pair: names[pair[0]].lower())
            over[link] += through[host]
            through[nxt] += through[host]
    return [x / (n * (n - 1)) for x in over]


def run(*args):
    return subprocess.run([str(PARTITION), *map(str, args)], capture_output=True, text=True)


def table_rows(stdout):
    return [[cell.strip() for cell in line.strip("|").split("|")]
            for line in stdout.splitlines() if re.match(r"\| \d", line)]


def check_partition(names, links, traffic, row, assignment, parts, keep_ns):
    rank = {}
    for line in assignment.read_text().splitlines():
        host, r = line.split()
        rank[host] = int(r)
    check(sorted(rank) == sorted(names), "every host has a rank")
    check(set(rank.values()) == set(range(parts)), f"{parts} ranks, none empty")
    of = [rank[name] for name in names]
    cut = [i for i, (a, b, _) in enumerate(links) if of[a] != of[b]]
    check(int(row[1]) == len(cut), f"cut links: printed {row[1]}, counted {len(cut)}")
    check(abs(float(row[2]) - len(cut) / len(links)) < 6e-5, "share of links")
    shortest = min(links[i][2] for i in cut)
    check(nanoseconds(row[5]) == shortest, f"window {row[5]} is the shortest cut link")
    check(shortest >= keep_ns, "no link shorter than the kept-whole limit is cut")
    cut_hops = sum(traffic[i] for i in cut) / sum(traffic)
    check(abs(float(row[3]) - cut_hops) < 6e-5, f"share of hops: {row[3]} against {cut_hops:.5f}")
    load = [0.0] * parts
    for i, (a, b, _) in enumerate(links):
        load[of[a]] += traffic[i]
        load[of[b]] += traffic[i]
    balance = max(load) * parts / sum(load)
    check(abs(float(row[4]) - balance) < 6e-4, f"balance: {row[4]} against {balance:.4f}")
    neighbours = [set() for _ in range(parts)]
    for i in cut:
        a, b = of[links[i][0]], of[links[i][1]]
        neighbours[a].add(b)
        neighbours[b].add(a)
    check(int(row[6]) == max(len(s) for s in neighbours), "neighbour ranks")
    return balance


def main():
    if not PARTITION.exists():
        print(f"SKIPPED: {PARTITION} was not built (METIS, Debian's libmetis-dev, was not found)")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        topology = tmp / "grid.json"
        subprocess.run([str(SMTPSIM), "topology", "generate", "grid", "--hosts", "144", "--seed",
                        "3", "--latency", "1ms..40ms", "--out", str(topology)], check=True)
        names, links = load(topology)
        traffic = exact_traffic(names, links)
        exact = ["--samples", 144, "--figure-samples", 144]
        for parts, keep in ((4, "0s"), (3, "10ms")):
            assignment = tmp / f"ranks-{parts}.txt"
            result = run(topology, "--parts", parts, "--keep-together-below", keep, *exact,
                         "--assignment", assignment)
            check(result.returncode == 0, f"runs: {result.stderr}")
            mean = float(re.search(r"mean route: ([0-9.]+) hops", result.stdout).group(1))
            check(abs(mean - sum(traffic)) < 6e-4, f"mean route {mean} against {sum(traffic):.4f}")
            rows = table_rows(result.stdout)
            check(len(rows) == 1, "one row")
            balance = check_partition(names, links, traffic, rows[0], assignment, parts,
                                      nanoseconds(keep))
        # Free synchronisation and messages: the speed-up is the ranks over the balance.
        free = run(topology, "--parts", 3, "--keep-together-below", "10ms", *exact, "--rate", 1,
                   "--events-per-hop", 20, "--crossings-per-hop", 14, "--events-per-second", 1e6,
                   "--sync-stage", "0s", "--message-cost", "0s")
        speedup = float(table_rows(free.stdout)[0][10])
        check(abs(speedup - 3 / balance) < 0.051, f"speed-up {speedup} against {3 / balance:.2f}")
        for args, where in (((topology, "--parts", 1), "--parts"),
                            ((tmp / "missing.json",), "missing.json"),
                            ((topology, "--parts", 2, 4, "--assignment", tmp / "x"), "--assignment"),
                            ((topology, "--rate", 1), "--rate"),
                            ((topology, "--keep-together-below", "soon"), "--keep-together-below")):
            result = run(*args)
            check(result.returncode == 2 and where in result.stderr and result.stdout == "",
                  f"bad input {where}: status {result.returncode}, {result.stderr.strip()}")
        check(not (tmp / "x").exists(), "nothing written on bad input")
    print(f"{0 if failures else 1} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
