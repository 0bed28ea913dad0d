#!/usr/bin/env python3
"""The rules of tools/plot_compare.py's figures, checked on the functions and
the figures they draw: the latency curves are over all recipients and end at
the delivery ratio; lines that coincide are named as such; no bars on a log
axis; ratio axes from 0 to 1 even for a constant ratio; intervals drawn from
table.csv's _ci95_low and _ci95_high, within [0, 1] for a ratio; below 5
seeds a warning on every figure with intervals, none from 5 on.
Run by CTest: plot_rules_test.py SMTPSIM_BINARY (unused). Exit 77 without
matplotlib."""
import importlib.util
import os
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "lib"))
from checks import check, finish, root  # noqa: E402

script = root / "tools/plot_compare.py"
try:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import Rectangle
except ImportError:
    # The script runs under the interpreter its first line names (Debian's,
    # where python3-matplotlib installs): so does this check, when it can.
    interpreter = script.read_text().splitlines()[0][2:].strip()
    if os.path.realpath(interpreter) != os.path.realpath(sys.executable) and \
            os.access(interpreter, os.X_OK):
        os.execv(interpreter, [interpreter, __file__, *sys.argv[1:]])
    print("matplotlib is not installed: skipped")
    sys.exit(77)

spec = importlib.util.spec_from_file_location("plot_compare", script)
plot = importlib.util.module_from_spec(spec)
spec.loader.exec_module(plot)

# Two seeds of 4 recipients each on "line": seed 1 delivers 3, seed 2 delivers 1.
LATENCY = [{"topology": "line", "routing": "source", "seed": seed, "percentile": str(p),
            "latency_s": str(0.1 + p / 100)} for seed in ("1", "2", "") for p in range(101)]
RUNS = [{"topology": "line", "routing": "source", "seed": "1", "recipients": "4",
         "delivered": "3"},
        {"topology": "line", "routing": "source", "seed": "2", "recipients": "4",
         "delivered": "1"}]

curves = {seed: ys for seed, _, ys in plot.recipient_cdf(LATENCY, RUNS, "line", "source")}
check(abs(curves["1"][-1] - 0.75) < 1e-12, f"seed 1's curve ends at {curves['1'][-1]}, not 3/4")
check(abs(curves["2"][-1] - 0.25) < 1e-12, f"seed 2's curve ends at {curves['2'][-1]}, not 1/4")
check(abs(curves[""][-1] - 0.5) < 1e-12, f"the pooled curve ends at {curves[''][-1]}, not 4/8")
check(all(a <= b for a, b in zip(curves[""], curves[""][1:])), "the pooled curve goes down")

same = plot.identical_to([[1, 2], [3, 4], [1, 2], [1, 2.0000000001]])
check(same == [None, None, 0, 0], f"identical_to: {same}")
check(plot.coincidence_note(["a", "b", "c"], [None, 0, 0]) == "all 3 lines identical",
      f"note: {plot.coincidence_note(['a', 'b', 'c'], [None, 0, 0])}")
check(plot.coincidence_note(["a", "b", "c"], [None, None, 0]) == "identical: a = c",
      f"note: {plot.coincidence_note(['a', 'b', 'c'], [None, None, 0])}")
check(plot.coincidence_note(["a", "b"], [None, None]) is None, "a note without coincidences")


def row(topology, routing, rate, ratio, low, high, latency):
    return {"topology": topology, "routing": routing, "rate": rate, "seeds": "2",
            "delivery_ratio_mean": str(ratio), "delivery_ratio_ci95_low": str(low),
            "delivery_ratio_ci95_high": str(high),
            "delivered_within_10s_mean": "1", "delivered_within_10s_ci95_low": "0.9",
            "delivered_within_10s_ci95_high": "1",
            "latency_mean_s_mean": str(latency), "latency_mean_s_ci95_low": "0",
            "latency_mean_s_ci95_high": str(2 * latency)}


# A constant ratio (1 everywhere), two modes that are identical.
TABLE = [row(t, m, rate, 1, 0.9, 1, 0.5) for t in ("line", "star") for m in ("source", "next-hop")
         for rate in ("1/s", "2/s")]
figures = {}


def save(fig, stem):
    figures[stem] = fig


def texts(fig):
    return " ".join(t.get_text() for t in fig.texts)


for seeds in (2, 5):
    figures.clear()
    plot.plot_delivery_latency(plt, save, {}, [r for r in TABLE if r["rate"] == "1/s"],
                               ["line", "star"], ["source", "next-hop"], seeds)
    plot.plot_curves(plt, save, {}, TABLE, ["rate"], seeds)
    plot.plot_latency(plt, save, {}, LATENCY, RUNS, ["line"], ["source"], seeds)
    for stem, fig in figures.items():
        warned = "intervals not usable" in texts(fig)
        check(warned == (seeds < 5), f"{stem} with {seeds} seeds: warning shown: {warned}")
        for ax in fig.axes:
            if ax.get_yscale() == "log":
                bars = [p for p in ax.patches if isinstance(p, Rectangle)]
                check(not bars, f"{stem}: {len(bars)} bars on a log axis")
            elif "recipients" in ax.get_ylabel():
                bottom, top = ax.get_ylim()
                check(bottom <= 0 and top >= 1, f"{stem}: ratio axis {bottom}..{top}")
    for stem in ("delivery-latency", "curves"):
        check("Wilson" in texts(figures[stem]), f"{stem}: the interval method is not named")

# The curves: every panel of identical lines says so; a band within [0, 1].
notes = [t.get_text() for ax in figures["curves"].axes for t in ax.texts]
check("all 4 lines identical" in notes, f"curves: notes {notes}")
ratio_axis = figures["curves"].axes[0]
for collection in ratio_axis.collections:
    for path in collection.get_paths():
        ys = [y for _, y in path.vertices]
        check(min(ys) >= 0 and max(ys) <= 1, f"curves: a ratio band from {min(ys)} to {max(ys)}")
# The latency curve, over all recipients, ends at the pooled delivery ratio.
line = [ln for ln in figures["latency"].axes[0].lines if ln.get_linewidth() > 2]
check(line and abs(line[0].get_ydata()[-1] - 0.5) < 1e-12,
      f"latency: the bold curve ends at {line[0].get_ydata()[-1] if line else None}")
check(any("50% delivered" in t.get_text() for t in figures["latency"].axes[0].get_legend().texts),
      "latency: the legend does not give the delivery ratio")

# An older table.csv's half-width still reads, as mean +- it.
check(plot.interval({"x_mean": "0.5", "x_ci95": "0.25"}, "x") == (0.5, 0.25, 0.75),
      "an older table's _ci95 is not read as a half-width")

finish("plot_compare.py figure rules: all checks passed")
