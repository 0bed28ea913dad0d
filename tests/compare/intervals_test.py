#!/usr/bin/env python3
"""What `smtpsim compare` says of its intervals: from 2 seeds, a warning in
table.md and report.html and no difference marked significant (two seeds
that agree exactly say nothing of a third); every share's interval in
table.csv within [0, 1], where Student's t from the same runs leaves it; from
5 seeds, no warning. report.html shows a few headline columns with the
example run's link after the row's keys, every column in a <details>, and
keeps its policy (data: images, no script but its own).
Run by CTest: intervals_test.py SMTPSIM_BINARY."""
import csv
import math
import pathlib
import re
import statistics
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "lib"))
from checks import check, finish, root, run_smtpsim  # noqa: E402

data = root / "tests/compare/data"
# as-written on a line: a mail reaches only the sender's neighbours, so the
# share delivered differs from seed to seed.
ARGS = ["compare", str(data / "random.json"), "--topology", str(data / "line3.json"),
        "--topology", str(data / "star3.json"), "--routing", "as-written", "--routing",
        "source", "--no-plots", "--quiet"]
SHARES = ["delivery_ratio", "delivered_within_10s", "delivered_within_1min",
          "delivered_within_5min", "returned_ratio"]
T95_DF1 = 12.7062047  # t(0.975, 1)


def read(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def check_shares(out):
    table = read(out / "table.csv")
    runs = read(out / "runs.csv")
    beyond = 0
    for row in table:
        for share in SHARES:
            mean = float(row[f"{share}_mean"])
            low, high = float(row[f"{share}_ci95_low"]), float(row[f"{share}_ci95_high"])
            check(0 <= low <= mean <= high <= 1,
                  f"{row['topology']} {row['routing']} {share}: {mean} in [{low}, {high}]")
        values = [float(r["delivery_ratio"]) for r in runs
                  if (r["topology"], r["routing"]) == (row["topology"], row["routing"])]
        half = T95_DF1 * statistics.stdev(values) / math.sqrt(len(values))
        beyond += statistics.mean(values) - half < 0 or statistics.mean(values) + half > 1
    # Else this comparison would not tell a bounded interval from Student's t.
    check(beyond > 0, "no row's Student's t interval leaves [0, 1]: the check is idle")


def check_report(out):
    page = (out / "report.html").read_text()
    check('id="seeds-warning"' in page and "Only 2 seeds" in page,
          "report.html: no warning for 2 seeds")
    means = re.search(r'<table class="sortable" id="means">(.*?)</table>', page, re.S)
    check(means is not None, "report.html: no #means table")
    if means:
        heads = re.findall(r"<th(?: [^>]*)?>(.*?)</th>", means.group(1).split("</thead>")[0])
        check(len(heads) <= 10, f"report.html: {len(heads)} headline columns: {heads}")
        check(heads[:3] == ["topology", "routing", "example run"],
              f"report.html: the headline table starts {heads[:3]}")
        check(any(h.startswith("delivery ratio") for h in heads), f"no delivery ratio: {heads}")
        check(re.search(r'href="runs/line3-as-written/report.html"', means.group(1)),
              "report.html: no example run link in the headline table")
    details = re.search(r'<details class="more" id="all-columns"><summary>All (\d+) columns',
                        page)
    check(details and int(details.group(1)) > 20, "report.html: every column not on demand")
    check('id="means-all"' in page, "report.html: no full table")
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page)
    check(policy and "default-src 'none'" in policy.group(1) and "img-src data:" in
          policy.group(1), f"report.html: policy {policy.group(1) if policy else None}")


with tempfile.TemporaryDirectory() as tmp:
    tmp = pathlib.Path(tmp)
    two = tmp / "two"
    r = run_smtpsim(ARGS + ["--seeds", "2", "--baseline", "line3", "--out", str(two)])
    check(r.returncode == 0, f"2 seeds: exit {r.returncode}: {r.stderr}")
    md = (two / "table.md").read_text()
    check(md.startswith("**Warning: 2 seeds, fewer than 5"), f"table.md: {md[:200]}")
    differences = md.split("Difference to", 1)[1]
    check(" * |" not in differences, "table.md: a difference marked significant from 2 seeds")
    check(re.search(r"\| [+-]0\.\d+ ± 0\.\d+ \|", differences),
          "table.md: the differences are not shown")
    check_shares(two)
    check_report(two)

    five = tmp / "five"
    r = run_smtpsim(ARGS + ["--seeds", "5", "--no-report", "--out", str(five)])
    check(r.returncode == 0, f"5 seeds: exit {r.returncode}: {r.stderr}")
    check("Warning" not in (five / "table.md").read_text(), "table.md: a warning from 5 seeds")
    check(" * |" in (five / "table.md").read_text(), "table.md: nothing significant from 5 seeds")
    r = run_smtpsim(["report", str(five)])
    check(r.returncode == 0 and 'id="seeds-warning"' not in (five / "report.html").read_text(),
          f"report.html: a warning from 5 seeds ({r.stderr})")

finish("compare intervals and warnings: all checks passed")
