#!/usr/bin/python3
"""Plots of a comparison made by `smtpsim compare`, drawn with matplotlib.

Usage: tools/plot_compare.py DIR [--format png|svg|pdf ...]

Run by its own path: the first line names Debian's python3, where
python3-matplotlib installs (a python3 earlier on PATH may lack it).

Reads DIR/table.csv, DIR/latency.csv, DIR/hosts.csv and, when there, DIR/results.json
(for the titles: scenario, failure, seeds) and writes, in each format asked
for (default: png and svg), at 1280x720:
  latency.*           delivery latency CDF per topology, one panel per routing
                      mode: each seed thin, all seeds pooled bold
  delivery-latency.*  delivery ratio and mean latency side by side, with 95%
                      confidence intervals
  load.*              each host's share of the sessions, per topology; the
                      failed host hatched
  curves.*            with swept values (--set): delivery ratio, delivered
                      within the shortest deadline and mean latency against
                      the first swept value, a line per topology and mode
                      with its 95% interval as a band

Latency axes are logarithmic everywhere (mail that waited out a failure
takes minutes, the rest seconds). Exits with 2 on a missing or malformed
input, with 3 when matplotlib is not installed (python3-matplotlib on Debian).
The same inputs give the same files.
"""

import csv
import json
import math
import os
import re
import sys

NO_MATPLOTLIB = 3
BAD_INPUT = 2
FORMATS = ("png", "svg", "pdf")
KEYS = ("topology", "routing")


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


def read_results(directory):
    """results.json, or {} when it is not there (CSVs made by hand)."""
    path = os.path.join(directory, "results.json")
    if not os.path.exists(path):
        return {}
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        fail(f"{path}: {e}")


def number(text):
    """A CSV cell as a float; an empty cell (a metric the run cannot have) is NaN."""
    return float(text) if text not in ("", None) else math.nan


def ordered(values):
    """Distinct values in the order they first appear (the order of the comparison)."""
    seen = []
    for v in values:
        if v not in seen:
            seen.append(v)
    return seen


def title(results, what):
    """What the figure shows, then the scenario, the failure and the seeds."""
    if not results:
        return what
    seeds = results.get("seeds", [])
    parts = [f"scenario {results.get('scenario', '?')}"]
    outage = results.get("busiest_relay_down")
    if outage:
        parts.append(f"busiest relay down {outage['at_s']:g}s to "
                     f"{outage['at_s'] + outage['for_s']:g}s")
    else:
        parts.append("no failure injected")
    if seeds:
        parts.append(f"{len(seeds)} seeds ({seeds[0]}..{seeds[-1]})")
    return f"{what}\n{', '.join(parts)}"


def failed_hosts(results):
    """Topology label -> the host taken down (the first grid point's)."""
    runs = results.get("runs", [])
    return {r["topology"]: r["failed_host"] for r in runs if r.get("failed_host")}


class Saver:
    def __init__(self, directory, formats):
        self.directory, self.formats = directory, formats

    def __call__(self, fig, stem):
        # No dates and fixed element ids: the same data give the same bytes.
        metadata = {"png": {"Software": None}, "svg": {"Date": None},
                    "pdf": {"CreationDate": None, "ModDate": None, "Producer": None}}
        for f in self.formats:
            # Whole or not at all, and never through a symbolic link: a new
            # temporary file (O_EXCL, O_NOFOLLOW), then renamed over the name
            # (a link there is replaced, not followed).
            target = os.path.join(self.directory, f"{stem}.{f}")
            temporary = os.path.join(self.directory, f".{stem}.{f}.tmp-{os.getpid()}")
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o666)
            try:
                with os.fdopen(fd, "wb") as out:
                    fig.savefig(out, format=f, dpi=100, metadata=metadata[f])
                os.replace(temporary, target)
            except BaseException:
                if os.path.lexists(temporary):
                    os.unlink(temporary)
                raise


def sweep_columns(rows):
    """Columns between the keys and the first metric: the swept settings."""
    if not rows:
        return []
    columns = list(rows[0].keys())
    return columns[2:columns.index("seeds")] if "seeds" in columns else []


def variant_label(row, extra):
    return " ".join([row["topology"], row["routing"]] + [f"{c}={row[c]}" for c in extra])


def plot_latency(plt, save, results, latency, topologies, modes):
    fig, axes = plt.subplots(1, len(modes), figsize=(12.8, 7.2), squeeze=False,
                             sharex=True, sharey=True)
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for ax, mode in zip(axes[0], modes):
        for i, topology in enumerate(topologies):
            rows = [r for r in latency if r["topology"] == topology and r["routing"] == mode]
            colour = colours[i % len(colours)]
            for seed in ordered(r["seed"] for r in rows):
                points = [(max(number(r["latency_s"]), 1e-3), float(r["percentile"]) / 100)
                          for r in rows if r["seed"] == seed]
                pooled = seed == ""
                ax.step([p[0] for p in points], [p[1] for p in points], where="post",
                        color=colour, linewidth=2.5 if pooled else 0.5,
                        alpha=1 if pooled else 0.5, label=topology if pooled else None)
        ax.set_title(f"routing: {mode}")
        ax.set_xscale("log")
        ax.set_xlabel("delivery latency (s, log scale)")
        ax.grid(True, alpha=0.3)
    axes[0][0].set_ylabel("fraction of delivered mail")
    axes[0][-1].legend(title="topology (bold: seeds pooled)")
    fig.suptitle(title(results, "Delivery latency distribution, one thin line per seed"))
    fig.tight_layout()
    save(fig, "latency")
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
    ax.set_xticklabels(topologies)
    ax.grid(True, axis="y", alpha=0.3)


def plot_delivery_latency(plt, save, results, table, topologies, modes):
    fig, (left, right) = plt.subplots(1, 2, figsize=(12.8, 7.2))
    grouped_bars(left, table, topologies, modes, "delivery_ratio")
    left.set_ylabel("delivered / recipients")
    left.set_ylim(0, 1.05)
    left.set_title("Delivery ratio")
    grouped_bars(right, table, topologies, modes, "latency_mean_s")
    right.set_yscale("log")
    right.set_ylabel("mean latency of delivered mail (s, log scale)")
    right.set_title("Latency")
    right.legend(title="routing")
    for ax in (left, right):
        ax.tick_params(axis="x", labelrotation=30)
    fig.suptitle(title(results, "Mean over seeds with 95% confidence intervals"))
    fig.tight_layout()
    save(fig, "delivery-latency")
    plt.close(fig)


def plot_load(plt, save, results, hosts, topologies, modes):
    columns = min(4, len(topologies))
    rows = math.ceil(len(topologies) / columns)
    fig, axes = plt.subplots(rows, columns, figsize=(12.8, 7.2), squeeze=False)
    width = 0.8 / max(len(modes), 1)
    down = failed_hosts(results)
    for index, topology in enumerate(topologies):
        ax = axes[index // columns][index % columns]
        names = ordered(r["host"] for r in hosts if r["topology"] == topology)
        for i, mode in enumerate(modes):
            share = {r["host"]: number(r["session_share_mean"]) for r in hosts
                     if r["topology"] == topology and r["routing"] == mode}
            positions = [h + (i - (len(modes) - 1) / 2) * width for h in range(len(names))]
            bars = ax.bar(positions, [share.get(n, 0) for n in names], width, label=mode)
            for bar, name in zip(bars, names):
                if name == down.get(topology):
                    bar.set_hatch("//")
                    bar.set_edgecolor("black")
        ax.set_title(topology + (f": {down[topology].split('.')[0]} down" if topology in down
                                 else ""))
        ax.set_xticks(range(len(names)))
        ax.set_xticklabels([re.sub(r"^host", "", n.split(".")[0]) for n in names],
                           fontsize="small" if len(names) > 10 else None)
        ax.set_ylim(0, 1.05)
        ax.grid(True, axis="y", alpha=0.3)
        if index % columns == 0:
            ax.set_ylabel("share of sessions")
    for index in range(len(topologies), rows * columns):
        axes[index // columns][index % columns].axis("off")
    axes[0][0].legend(title="routing")
    fig.suptitle(title(results, "Per-host load: sessions each host took part in / all sessions "
                                "(x: host number; the failed host hatched)"))
    fig.tight_layout()
    save(fig, "load")
    plt.close(fig)


def x_values(texts):
    """Swept values as numbers when each starts with one ("2/s" -> 2), else positions."""
    numbers = [re.match(r"^[+-]?\d+(\.\d*)?([eE][+-]?\d+)?", t) for t in texts]
    if all(numbers):
        return [float(m.group(0)) for m in numbers], None
    return list(range(len(texts))), texts


def plot_curves(plt, save, results, table, sweeps):
    x_column, extra = sweeps[0], sweeps[1:]
    within = [c[:-5] for c in table[0] if c.startswith("delivered_within_") and
              c.endswith("_mean")][:1]
    panels = [("delivery_ratio", "delivered / recipients", False)]
    panels += [(c, c.replace("delivered_within_", "delivered within ") + " / recipients", False)
               for c in within]
    panels += [("latency_mean_s", "mean latency of delivered mail (s, log scale)", True)]
    fig, axes = plt.subplots(1, len(panels), figsize=(12.8, 7.2), squeeze=False)
    lines = ordered(variant_label(r, extra) for r in table)
    for ax, (column, label, log) in zip(axes[0], panels):
        for line in lines:
            rows = [r for r in table if variant_label(r, extra) == line]
            xs, names = x_values([r[x_column] for r in rows])
            mean = [number(r[column + "_mean"]) for r in rows]
            ci = [number(r[column + "_ci95"]) for r in rows]
            ci = [0 if math.isnan(c) else c for c in ci]
            ax.plot(xs, mean, marker="o", label=line)
            ax.fill_between(xs, [m - c for m, c in zip(mean, ci)],
                            [m + c for m, c in zip(mean, ci)], alpha=0.2)
            if names:
                ax.set_xticks(xs)
                ax.set_xticklabels(names)
        ax.set_xlabel(x_column)
        ax.set_ylabel(label)
        if log:
            ax.set_yscale("log")
        ax.grid(True, alpha=0.3)
    axes[0][-1].legend(fontsize="small")
    fig.suptitle(title(results, f"Against {x_column}: mean over seeds, band = 95% interval"))
    fig.tight_layout()
    save(fig, "curves")
    plt.close(fig)


def arguments(argv):
    if len(argv) < 2 or argv[1] in ("-h", "--help"):
        print(__doc__.strip(), file=sys.stderr if len(argv) < 2 else sys.stdout)
        sys.exit(0 if len(argv) >= 2 else BAD_INPUT)
    formats = []
    rest = argv[2:]
    while rest:
        if rest[0] != "--format" or len(rest) < 2:
            fail(f"unexpected argument {rest[0]!r}; expected --format png|svg|pdf")
        for f in rest[1].split(","):
            if f not in FORMATS:
                fail(f"--format: expected png, svg or pdf, found {f!r}")
            formats.append(f)
        rest = rest[2:]
    return argv[1], ordered(formats) or ["png", "svg"]


def main(argv):
    directory, formats = arguments(argv)
    table = read_csv(directory, "table.csv",
                     ["topology", "routing", "delivery_ratio_mean", "delivery_ratio_ci95",
                      "latency_mean_s_mean", "latency_mean_s_ci95"])
    latency = read_csv(directory, "latency.csv",
                       ["topology", "routing", "seed", "percentile", "latency_s"])
    hosts = read_csv(directory, "hosts.csv",
                     ["topology", "routing", "host", "session_share_mean"])
    results = read_results(directory)
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
    matplotlib.rcParams["font.size"] = 13
    save = Saver(directory, formats)
    topologies = ordered(r["topology"] for r in table)
    modes = ordered(r["routing"] for r in table)
    sweeps = sweep_columns(table)
    # With sweeps, the bars and CDFs show the grid's first point.
    first = {c: table[0][c] for c in sweeps}
    at_first = lambda rows: [r for r in rows if all(r.get(c) == v for c, v in first.items())]
    try:
        plot_latency(plt, save, results, at_first(latency), topologies, modes)
        plot_delivery_latency(plt, save, results, at_first(table), topologies, modes)
        plot_load(plt, save, results, at_first(hosts), topologies, modes)
        if sweeps:
            plot_curves(plt, save, results, table, sweeps)
    except ValueError as e:
        fail(f"{directory}: a value does not read as a number: {e}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
