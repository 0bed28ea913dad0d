#!/usr/bin/python3
"""Plots of a comparison made by `smtpsim compare`, drawn with matplotlib.

Usage: tools/plot_compare.py DIR

Run by its own path: the first line names Debian's python3, where
python3-matplotlib installs (a python3 earlier on PATH may lack it).

Reads DIR/table.csv, DIR/latency.csv and DIR/hosts.csv and writes, each as
PNG and SVG:
  latency.{png,svg}           delivery latency distribution (CDF) per topology,
                              one panel per routing mode
  delivery-latency.{png,svg}  delivery ratio and mean latency side by side,
                              with 95% confidence intervals
  load.{png,svg}              each host's share of the sessions, per topology

Exits with 2 on a missing or malformed CSV, with 3 when matplotlib is not
installed (python3-matplotlib on Debian). The same CSVs give the same files.
"""

import csv
import math
import os
import sys

NO_MATPLOTLIB = 3
BAD_INPUT = 2


def fail(message, status=BAD_INPUT):
    print(f"plot_compare.py: error: {message}", file=sys.stderr)
    sys.exit(status)


def read_csv(directory, name, columns):
    path = os.path.join(directory, name)
    try:
        with open(path, newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
    except OSError as e:
        fail(f"{path}: {e.strerror}")
    if rows and not set(columns) <= set(rows[0].keys()):
        missing = sorted(set(columns) - set(rows[0].keys()))
        fail(f"{path}: missing column(s) {', '.join(missing)}")
    return rows


def number(text):
    """A CSV cell as a float; an empty cell (a metric the run cannot have) is NaN."""
    return float(text) if text != "" else math.nan


def ordered(values):
    """Distinct values in the order they first appear (the order of the comparison)."""
    seen = []
    for v in values:
        if v not in seen:
            seen.append(v)
    return seen


def save(fig, directory, stem):
    # No date in the SVG and fixed element ids: the same data give the same bytes.
    fig.savefig(os.path.join(directory, stem + ".png"), dpi=110, metadata={"Software": None})
    fig.savefig(os.path.join(directory, stem + ".svg"), metadata={"Date": None})


def plot_latency(plt, directory, latency, topologies, modes):
    fig, axes = plt.subplots(1, len(modes), figsize=(4.6 * len(modes), 3.8), squeeze=False,
                             sharex=True, sharey=True)
    # A long tail (mail that waited out a failure) would squeeze the rest
    # into one corner: beyond two decades, a logarithmic axis.
    values = [number(r["latency_s"]) for r in latency if number(r["latency_s"]) > 0]
    logarithmic = bool(values) and max(values) / min(values) > 100
    for ax, mode in zip(axes[0], modes):
        for topology in topologies:
            points = [(number(r["latency_s"]), float(r["percentile"]) / 100)
                      for r in latency if r["topology"] == topology and r["routing"] == mode]
            if points:
                ax.step([p[0] for p in points], [p[1] for p in points], where="post",
                        label=topology)
        ax.set_title(f"routing: {mode}")
        if logarithmic:
            ax.set_xscale("log")
        ax.set_xlabel("delivery latency (s)" + (", log scale" if logarithmic else ""))
        ax.grid(True, alpha=0.3)
    axes[0][0].set_ylabel("fraction of delivered mail")
    axes[0][-1].legend(title="topology", fontsize="small")
    fig.suptitle("Delivery latency distribution (all seeds pooled)")
    fig.tight_layout()
    save(fig, directory, "latency")
    plt.close(fig)


def grouped_bars(ax, table, topologies, modes, column):
    width = 0.8 / max(len(modes), 1)
    for i, mode in enumerate(modes):
        means, errors = [], []
        for topology in topologies:
            row = next((r for r in table if r["topology"] == topology and r["routing"] == mode),
                       None)
            mean = number(row[column + "_mean"]) if row else math.nan
            error = number(row[column + "_ci95"]) if row else math.nan
            means.append(0 if math.isnan(mean) else mean)
            errors.append(0 if math.isnan(error) else error)
        positions = [t + (i - (len(modes) - 1) / 2) * width for t in range(len(topologies))]
        ax.bar(positions, means, width, yerr=errors, capsize=3, label=mode)
    ax.set_xticks(range(len(topologies)))
    ax.set_xticklabels(topologies, rotation=30, ha="right")
    ax.grid(True, axis="y", alpha=0.3)


def plot_delivery_latency(plt, directory, table, topologies, modes):
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
    grouped_bars(left, table, topologies, modes, "delivery_ratio")
    left.set_ylabel("delivered / recipients")
    left.set_ylim(0, 1.05)
    left.set_title("Delivery ratio")
    grouped_bars(right, table, topologies, modes, "latency_mean_s")
    right.set_ylabel("mean delivery latency (s)")
    right.set_title("Latency")
    right.legend(title="routing", fontsize="small")
    fig.suptitle("Mean over seeds with 95% confidence intervals")
    fig.tight_layout()
    save(fig, directory, "delivery-latency")
    plt.close(fig)


def plot_load(plt, directory, hosts, topologies, modes):
    columns = min(3, len(topologies))
    rows = math.ceil(len(topologies) / columns)
    fig, axes = plt.subplots(rows, columns, figsize=(4.6 * columns, 3.2 * rows), squeeze=False)
    width = 0.8 / max(len(modes), 1)
    for index, topology in enumerate(topologies):
        ax = axes[index // columns][index % columns]
        names = ordered(r["host"] for r in hosts if r["topology"] == topology)
        for i, mode in enumerate(modes):
            share = {r["host"]: number(r["session_share_mean"]) for r in hosts
                     if r["topology"] == topology and r["routing"] == mode}
            positions = [h + (i - (len(modes) - 1) / 2) * width for h in range(len(names))]
            ax.bar(positions, [share.get(n, 0) for n in names], width, label=mode)
        ax.set_title(topology)
        ax.set_xticks(range(len(names)))
        ax.set_xticklabels([n.split(".")[0] for n in names], rotation=90, fontsize="x-small")
        ax.set_ylim(0, 1.05)
        ax.grid(True, axis="y", alpha=0.3)
        if index % columns == 0:
            ax.set_ylabel("share of sessions")
    for index in range(len(topologies), rows * columns):
        axes[index // columns][index % columns].axis("off")
    axes[0][0].legend(title="routing", fontsize="small")
    fig.suptitle("Per-host load: sessions each host took part in, over all sessions")
    fig.tight_layout()
    save(fig, directory, "load")
    plt.close(fig)


def main(argv):
    if len(argv) != 2 or argv[1] in ("-h", "--help"):
        print(__doc__.strip(), file=sys.stderr if len(argv) != 2 else sys.stdout)
        return 0 if len(argv) == 2 else BAD_INPUT
    directory = argv[1]
    table = read_csv(directory, "table.csv",
                     ["topology", "routing", "delivery_ratio_mean", "delivery_ratio_ci95",
                      "latency_mean_s_mean", "latency_mean_s_ci95"])
    latency = read_csv(directory, "latency.csv",
                       ["topology", "routing", "percentile", "latency_s"])
    hosts = read_csv(directory, "hosts.csv",
                     ["topology", "routing", "host", "session_share_mean"])
    if not table:
        fail(f"{os.path.join(directory, 'table.csv')}: no rows")
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("plot_compare.py: no plots: matplotlib is not installed "
              "(Debian: apt-get install python3-matplotlib)", file=sys.stderr)
        return NO_MATPLOTLIB
    matplotlib.rcParams["svg.hashsalt"] = "smtpsim"
    topologies = ordered(r["topology"] for r in table)
    modes = ordered(r["routing"] for r in table)
    try:
        plot_latency(plt, directory, latency, topologies, modes)
        plot_delivery_latency(plt, directory, table, topologies, modes)
        plot_load(plt, directory, hosts, topologies, modes)
    except ValueError as e:
        fail(f"{directory}: a value does not read as a number: {e}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
