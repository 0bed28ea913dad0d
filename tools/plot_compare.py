#!/usr/bin/python3
"""Plots of a comparison made by `smtpsim compare`, drawn with matplotlib.

Usage: tools/plot_compare.py DIR [--format png|svg|pdf ...]

Run by its own path: the first line names Debian's python3, where
python3-matplotlib installs (a python3 earlier on PATH may lack it).

Reads DIR/table.csv, DIR/latency.csv, DIR/hosts.csv, DIR/runs.csv and, when
there, DIR/results.json (for the titles: scenario, failure, seeds) and writes,
in each format asked for (default: png and svg), at 1280x720:
  latency.*           time to delivery per topology over all recipients, one
                      panel per routing mode: the share of recipients
                      delivered within t, mail never delivered counted as
                      never, so a curve ends at its delivery ratio; each seed
                      thin, all seeds pooled bold
  delivery-latency.*  delivery ratio and mean latency side by side, a dot per
                      topology and mode with its 95% confidence interval
  load.*              each host's share of the sessions, per topology; the
                      failed host hatched
  curves.*            with swept values (--set): delivery ratio, delivered
                      within the shortest deadline and mean latency against
                      the first swept value, a line per topology and mode
                      with its 95% interval as a band

The intervals are table.csv's (Wilson's score interval for the shares of
recipients, Student's t for the rest), and each figure says so. Ratio axes
run from 0 to 1; latency axes are logarithmic (mail that waited out a
failure takes minutes, the rest seconds) and carry no bars. Lines that
coincide get their own marker and dash and "= X" in the legend. Below 5
seeds every figure says, in red, that its intervals are not usable.
Exits with 2 on a missing or malformed input, with 3 when matplotlib is not
installed (python3-matplotlib on Debian). The same inputs give the same files.
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
# Below this many seeds an interval is not usable (compare/interval.hpp).
MIN_SEEDS = 5
METHOD = ("95% intervals: Wilson's score interval for shares of recipients, "
          "Student's t for latency")
RATIO_LIMITS = (-0.02, 1.02)
# Distinct looks for lines that may lie on one another: marker, dash.
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
DASHES = ("-", "--", "-.", ":")


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


def seed_count(table, results):
    """The seeds of every row: table.csv's seeds column, else results.json's."""
    if table and table[0].get("seeds") not in (None, ""):
        return int(float(table[0]["seeds"]))
    return len(results.get("seeds", [])) if results else None


def annotate(fig, seeds, method=METHOD):
    """The interval method at the foot of the figure, and below MIN_SEEDS a
    warning in red that the intervals are not usable."""
    fig.text(0.01, 0.005, method, fontsize="small", color="dimgray", ha="left", va="bottom")
    if seeds is not None and seeds < MIN_SEEDS:
        fig.text(0.5, 0.5, f"only {seeds} seed{'s' if seeds != 1 else ''}: fewer than "
                 f"{MIN_SEEDS}, intervals not usable", color="red", fontsize=22,
                 fontweight="bold", alpha=0.25, ha="center", va="center", rotation=20,
                 gid="seeds-warning")
        fig.text(0.99, 0.005, f"WARNING: {seeds} seed{'s' if seeds != 1 else ''} "
                 f"(< {MIN_SEEDS}): intervals not usable", color="red", fontweight="bold",
                 ha="right", va="bottom")


def interval(row, column):
    """(mean, low, high) of a metric of a table.csv row; NaN where missing. An
    older table's <metric>_ci95 is a half-width: mean +- it."""
    mean = number(row.get(column + "_mean"))
    if column + "_ci95_low" in row:
        return mean, number(row[column + "_ci95_low"]), number(row[column + "_ci95_high"])
    half = number(row.get(column + "_ci95"))
    return mean, mean - half, mean + half


def identical_to(series):
    """For each series (a sequence of numbers), the index of the first earlier
    one equal to it to 9 significant digits, or None."""
    def key(values):
        return tuple("nan" if math.isnan(v) else f"{v:.9g}" for v in values)
    first, same = {}, []
    for i, values in enumerate(series):
        k = key(values)
        same.append(first.get(k))
        first.setdefault(k, i)
    return same


def coincidence_note(labels, same):
    """What a panel says of its lines that lie on one another (identical_to's
    `same`): "all 6 lines identical", or "identical: b = a; d = c"; None when
    no two coincide."""
    groups = {}
    for i, first in enumerate(same):
        if first is not None:
            groups.setdefault(first, [labels[first]]).append(labels[i])
    if not groups:
        return None
    if len(groups) == 1 and len(next(iter(groups.values()))) == len(labels):
        return f"all {len(labels)} lines identical"
    return "identical: " + "; ".join(" = ".join(g) for g in groups.values())


def note_coincidences(ax, labels, same):
    note = coincidence_note(labels, same)
    if note:
        ax.text(0.02, 0.02, note, transform=ax.transAxes, fontsize="x-small", va="bottom",
                wrap=True, bbox={"facecolor": "white", "alpha": 0.85, "edgecolor": "gray"})


def style(index):
    """The marker and dash of line `index`: no two of the first 8 alike."""
    return {"marker": MARKERS[index % len(MARKERS)], "linestyle": DASHES[index % len(DASHES)]}


def recipient_cdf(latency, runs, topology, mode):
    """The curves of one topology and mode: [(seed, latencies, shares)], each
    seed's and, seed "", all seeds pooled. A share is of all the recipients
    (runs.csv's delivered / recipients): percentile p of the delivered mail's
    latency is at p/100 of the delivered share, so the last point is the
    delivery ratio, and mail never delivered stays above the curve."""
    mine = [r for r in runs if r["topology"] == topology and r["routing"] == mode]
    delivered = {r["seed"]: int(r["delivered"]) for r in mine}
    recipients = {r["seed"]: int(r["recipients"]) for r in mine}
    delivered[""] = sum(delivered.values())
    recipients[""] = sum(recipients.values())
    rows = [r for r in latency if r["topology"] == topology and r["routing"] == mode]
    curves = []
    for seed in ordered(r["seed"] for r in rows):
        if seed not in recipients:
            fail(f"runs.csv: no run of {topology} {mode} seed {seed} (latency.csv has one)")
        share = delivered[seed] / recipients[seed] if recipients[seed] else math.nan
        points = [(number(r["latency_s"]), float(r["percentile"]) / 100 * share)
                  for r in rows if r["seed"] == seed]
        curves.append((seed, [p[0] for p in points], [p[1] for p in points]))
    return curves


def pooled_ratio(runs, topology, mode):
    mine = [r for r in runs if r["topology"] == topology and r["routing"] == mode]
    recipients = sum(int(r["recipients"]) for r in mine)
    return sum(int(r["delivered"]) for r in mine) / recipients if recipients else math.nan


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


def plot_latency(plt, save, results, latency, runs, topologies, modes, seeds):
    fig, axes = plt.subplots(1, len(modes), figsize=(12.8, 7.2), squeeze=False,
                             sharex=True, sharey=True)
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    longest = max([number(r["latency_s"]) for r in latency] + [1.0])
    right = 10 ** math.ceil(math.log10(longest * 1.5))
    for ax, mode in zip(axes[0], modes):
        pooled = []
        for i, topology in enumerate(topologies):
            curves = recipient_cdf(latency, runs, topology, mode)
            colour = colours[i % len(colours)]
            for seed, xs, ys in curves:
                if seed != "":
                    ax.step([max(x, 1e-3) for x in xs] + [right], ys + ys[-1:], where="post",
                            color=colour, linewidth=0.5, alpha=0.5)
            whole = [c for c in curves if c[0] == ""]
            pooled.append((topology, colour, whole[0][1:] if whole else ([], [])))
        same = identical_to([xs + ys for _, _, (xs, ys) in pooled])
        for i, (topology, colour, (xs, ys)) in enumerate(pooled):
            ratio = pooled_ratio(runs, topology, mode)
            label = f"{topology}: {ratio:.0%} delivered" if not math.isnan(ratio) else topology
            if same[i] is not None:
                label += f" (= {pooled[same[i]][0]})"
            if not xs:
                ax.plot([], [], color=colour, label=f"{topology}: nothing delivered")
                continue
            # Flat from the last delivery on: the rest is never delivered.
            ax.step([max(x, 1e-3) for x in xs] + [right], ys + ys[-1:], where="post",
                    color=colour, linewidth=2.5, label=label, markevery=[len(xs) - 1],
                    markersize=8, **style(i))
        ax.set_title(f"routing: {mode}")
        ax.set_xscale("log")
        ax.set_xlim(right=right)
        ax.set_ylim(*RATIO_LIMITS)
        ax.set_xlabel("time from submission (s, log scale)")
        ax.grid(True, alpha=0.3)
        ax.legend(title="topology, pooled seeds (bold)", fontsize="small", loc="best")
    axes[0][0].set_ylabel("share of all recipients delivered within t\n"
                          "(never delivered: above the curve's end)")
    fig.suptitle(title(results, "Time to delivery over all recipients, one thin line per seed"))
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    annotate(fig, seeds, "a curve ends at its delivery ratio: the mail above it never arrived")
    save(fig, "latency")
    plt.close(fig)


def dots(ax, table, topologies, modes, column, floor=None):
    """A dot per topology and mode with its interval, modes side by side; on a
    log axis an interval reaching 0 or below is drawn down to `floor`."""
    width = 0.6 / max(len(modes), 1)
    for i, mode in enumerate(modes):
        xs, means, below, above = [], [], [], []
        for t, topology in enumerate(topologies):
            row = next((r for r in table if r["topology"] == topology and r["routing"] == mode),
                       None)
            mean, low, high = interval(row, column) if row else (math.nan,) * 3
            if math.isnan(mean):
                continue
            low = mean if math.isnan(low) else low
            high = mean if math.isnan(high) else high
            if floor is not None:
                low = max(low, floor)
            xs.append(t + (i - (len(modes) - 1) / 2) * width)
            means.append(mean)
            below.append(max(mean - low, 0))
            above.append(max(high - mean, 0))
        ax.errorbar(xs, means, yerr=[below, above], fmt=MARKERS[i % len(MARKERS)], capsize=4,
                    markersize=8, linestyle="none", label=mode)
    ax.set_xticks(range(len(topologies)))
    ax.set_xticklabels(topologies)
    ax.set_xlim(-0.5, len(topologies) - 0.5)
    ax.grid(True, axis="y", alpha=0.3)


def readable_log_axis(axis):
    """Ticks at 1, 2 and 5 of each decade, written as plain numbers: a log axis
    spanning less than a decade otherwise shows one label, or none."""
    from matplotlib import ticker
    axis.set_major_locator(ticker.LogLocator(subs=(1, 2, 5)))
    axis.set_major_formatter(ticker.FuncFormatter(lambda v, _: f"{v:g}"))
    axis.set_minor_formatter(ticker.NullFormatter())


def positive_floor(table, column):
    """Below every positive mean and interval end of a column: a log axis' bottom."""
    values = []
    for row in table:
        values += [v for v in interval(row, column) if not math.isnan(v) and v > 0]
    return min(values) / 2 if values else 1e-3


def plot_delivery_latency(plt, save, results, table, topologies, modes, seeds):
    fig, (left, right) = plt.subplots(1, 2, figsize=(12.8, 7.2))
    dots(left, table, topologies, modes, "delivery_ratio")
    left.set_ylabel("delivered / recipients")
    left.set_ylim(*RATIO_LIMITS)
    left.set_title("Delivery ratio")
    floor = positive_floor(table, "latency_mean_s")
    dots(right, table, topologies, modes, "latency_mean_s", floor)
    right.set_yscale("log")
    right.set_ylim(bottom=floor)
    readable_log_axis(right.yaxis)
    right.set_ylabel("mean latency of delivered mail (s, log scale)")
    right.set_title("Latency of the mail that arrived (read with the ratio)")
    right.legend(title="routing")
    for ax in (left, right):
        ax.tick_params(axis="x", labelrotation=30)
    fig.suptitle(title(results, "Mean over seeds with 95% confidence intervals"))
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    annotate(fig, seeds)
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


def plot_curves(plt, save, results, table, sweeps, seeds):
    x_column, extra = sweeps[0], sweeps[1:]
    within = [c[:-5] for c in table[0] if c.startswith("delivered_within_") and
              c.endswith("_mean")][:1]
    panels = [("delivery_ratio", "delivered / recipients", False)]
    panels += [(c, c.replace("delivered_within_", "delivered within ") + " / recipients", False)
               for c in within]
    panels += [("latency_mean_s", "mean latency of delivered mail (s, log scale)", True)]
    fig, axes = plt.subplots(1, len(panels), figsize=(12.8, 7.2), squeeze=False)
    lines = ordered(variant_label(r, extra) for r in table)
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for ax, (column, label, log) in zip(axes[0], panels):
        floor = positive_floor(table, column) if log else None
        data = []
        for line in lines:
            rows = [r for r in table if variant_label(r, extra) == line]
            xs, names = x_values([r[x_column] for r in rows])
            data.append((line, xs, names, [interval(r, column) for r in rows]))
        same = identical_to([[m for m, _, _ in values] for _, _, _, values in data])
        for i, (line, xs, names, values) in enumerate(data):
            mean = [m for m, _, _ in values]
            low = [m if math.isnan(lo) else lo for m, lo, _ in values]
            high = [m if math.isnan(hi) else hi for m, _, hi in values]
            if floor is not None:
                low = [max(lo, floor) for lo in low]
            colour = colours[i % len(colours)]
            note = f" (= {data[same[i]][0]})" if same[i] is not None else ""
            # A line on top of an earlier one: hollow and larger, so both show.
            hollow = {"markerfacecolor": "none", "markersize": 11} if note else {}
            ax.plot(xs, mean, color=colour, label=line + note, **style(i), **hollow)
            ax.fill_between(xs, low, high, color=colour, alpha=0.15)
            if names:
                ax.set_xticks(xs)
                ax.set_xticklabels(names)
        note_coincidences(ax, [d[0] for d in data], same)
        ax.set_xlabel(x_column)
        ax.set_ylabel(label)
        if log:
            ax.set_yscale("log")
            readable_log_axis(ax.yaxis)
        else:
            ax.set_ylim(*RATIO_LIMITS)
        ax.grid(True, alpha=0.3)
    axes[0][-1].legend(fontsize="x-small")
    fig.suptitle(title(results, f"Against {x_column}: mean over seeds, band = 95% interval"))
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    annotate(fig, seeds)
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
                     ["topology", "routing", "delivery_ratio_mean", "latency_mean_s_mean"])
    if table and not all(f"{m}_ci95_low" in table[0] or f"{m}_ci95" in table[0]
                         for m in ("delivery_ratio", "latency_mean_s")):
        fail(f"{os.path.join(directory, 'table.csv')}: missing column(s) "
             "delivery_ratio_ci95_low, latency_mean_s_ci95_low (or an older _ci95)")
    latency = read_csv(directory, "latency.csv",
                       ["topology", "routing", "seed", "percentile", "latency_s"])
    runs = read_csv(directory, "runs.csv",
                    ["topology", "routing", "seed", "recipients", "delivered"])
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
    seeds = seed_count(table, results)
    try:
        plot_latency(plt, save, results, at_first(latency), at_first(runs), topologies, modes,
                     seeds)
        plot_delivery_latency(plt, save, results, at_first(table), topologies, modes, seeds)
        plot_load(plt, save, results, at_first(hosts), topologies, modes)
        if sweeps:
            plot_curves(plt, save, results, table, sweeps, seeds)
    except (ValueError, ZeroDivisionError) as e:
        fail(f"{directory}: a value does not read as a number: {e}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
