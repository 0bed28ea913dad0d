#!/usr/bin/env python3
"""How long headless Chromium takes to load and draw reports: for each
report.html given, the time from the start of navigation to the end of the
page's first drawing of the ladder (SR.firstDrawn, measured by the page),
and the wall-clock time from the request to that moment as Selenium sees
it. The reports are loaded one after the other, round after round, so that
the machine's load falls on all of them alike; medians are printed.

    load_bench.py [--rounds N] REPORT.html...

Not a test: it asserts nothing (results/bench/report.md holds its figures)."""
import argparse
import pathlib
import statistics
import tempfile
import time

import chromium


def load_once(driver, report):
    driver.get("about:blank")
    start = time.perf_counter()
    driver.get(report.as_uri())
    while not driver.execute_script(
            "return typeof SR !== 'undefined' && SR.firstDrawn !== undefined"):
        time.sleep(0.005)
    wall = time.perf_counter() - start
    return driver.execute_script("return SR.firstDrawn") / 1000, wall


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("reports", nargs="+", type=pathlib.Path)
    args = parser.parse_args()
    reports = [r.resolve() for r in args.reports]
    drawn = {r: [] for r in reports}
    wall = {r: [] for r in reports}
    with tempfile.TemporaryDirectory() as profile:
        driver = chromium.start(profile)
        try:
            for _ in range(args.rounds):
                for report in reports:
                    d, w = load_once(driver, report)
                    drawn[report].append(d)
                    wall[report].append(w)
        finally:
            driver.quit()
    print("| report | size (MB) | drawn after (s, median) | wall clock (s, median) | rounds |")
    print("|---|---:|---:|---:|---:|")
    for report in reports:
        print(f"| {report} | {report.stat().st_size / 1e6:.2f} | "
              f"{statistics.median(drawn[report]):.3f} | {statistics.median(wall[report]):.3f} | "
              f"{args.rounds} |")


if __name__ == "__main__":
    main()
