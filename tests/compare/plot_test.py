#!/usr/bin/env python3
"""tools/plot_compare.py draws its plots from small CSVs written here: every
PNG has the PNG signature and a size, every SVG parses as XML with an <svg>
root; a missing CSV is an error (exit 2) that names the file, and so is a
latency curve without its run in runs.csv.
Run by CTest: plot_test.py SMTPSIM_BINARY (unused)."""
import pathlib
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "lib"))
from checks import failures, finish, root  # noqa: E402

script = root / "tools/plot_compare.py"

TABLE = """topology,routing,seeds,delivery_ratio_mean,delivery_ratio_ci95_low,delivery_ratio_ci95_high,latency_mean_s_mean,latency_mean_s_ci95_low,latency_mean_s_ci95_high
line,next-hop,2,1,0.6,1,0.5,0.4,0.6
star,next-hop,2,0.75,0.3,0.95,0.4,,
"""
RUNS = """topology,routing,seed,recipients,delivered
line,next-hop,1,4,4
line,next-hop,2,4,4
star,next-hop,1,4,3
star,next-hop,2,4,3
"""
LATENCY = "topology,routing,seed,percentile,latency_s\n" + "".join(
    f"{t},next-hop,{seed},{p},{base + p / 100}\n" for t, base in (("line", 0.2), ("star", 0.1))
    for seed in ("1", "2", "") for p in range(101))
HOSTS = """topology,routing,host,sessions_mean,session_share_mean,bytes_mean,accepted_mean,peak_queue_max
line,next-hop,a.sim,3,0.5,100,1,1
line,next-hop,b.sim,6,1,200,2,1
star,next-hop,hub.sim,4,1,300,2,2
star,next-hop,leaf.sim,2,0.5,100,1,1
"""

with tempfile.TemporaryDirectory() as tmp:
    tmp = pathlib.Path(tmp)
    (tmp / "table.csv").write_text(TABLE)
    (tmp / "latency.csv").write_text(LATENCY)
    (tmp / "hosts.csv").write_text(HOSTS)
    (tmp / "runs.csv").write_text(RUNS)
    r = subprocess.run([str(script), str(tmp)], capture_output=True, text=True)
    if r.returncode != 0:
        failures.append(f"plot_compare.py exited {r.returncode}: {r.stderr}")
    for name in ("latency", "delivery-latency", "load"):
        png = tmp / f"{name}.png"
        if not png.is_file() or not png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n"):
            failures.append(f"{png.name}: missing or not a PNG")
        elif png.stat().st_size < 5000:
            failures.append(f"{png.name}: only {png.stat().st_size} bytes")
        svg = tmp / f"{name}.svg"
        try:
            tag = ET.parse(svg).getroot().tag
            if not tag.endswith("svg"):
                failures.append(f"{svg.name}: root element {tag}")
        except (OSError, ET.ParseError) as e:
            failures.append(f"{svg.name}: {e}")
    # --format pdf: PDFs only.
    r = subprocess.run([str(script), str(tmp), "--format", "pdf"], capture_output=True, text=True)
    pdf = tmp / "latency.pdf"
    if r.returncode != 0 or not pdf.is_file() or not pdf.read_bytes().startswith(b"%PDF"):
        failures.append(f"--format pdf: exit {r.returncode}, {pdf.name} missing or not a PDF")
    r = subprocess.run([str(script), str(tmp), "--format", "gif"], capture_output=True, text=True)
    if r.returncode != 2 or "png, svg or pdf" not in r.stderr:
        failures.append(f"--format gif: exit {r.returncode}: {r.stderr}")

    # Twice the same CSVs, the same SVG bytes: no dates, fixed ids.
    first = (tmp / "load.svg").read_bytes()
    subprocess.run([str(script), str(tmp)], capture_output=True)
    if (tmp / "load.svg").read_bytes() != first:
        failures.append("load.svg differs between two runs on the same CSVs")

    (tmp / "runs.csv").write_text(RUNS.replace("star,next-hop,2,4,3\n", ""))
    r = subprocess.run([str(script), str(tmp)], capture_output=True, text=True)
    if r.returncode != 2 or "no run of star next-hop seed 2" not in r.stderr:
        failures.append(f"without star's seed 2 in runs.csv: exit {r.returncode}: {r.stderr}")
    (tmp / "runs.csv").unlink()
    r = subprocess.run([str(script), str(tmp)], capture_output=True, text=True)
    if r.returncode != 2 or "runs.csv" not in r.stderr:
        failures.append(f"without runs.csv: exit {r.returncode}: {r.stderr}")
    (tmp / "runs.csv").write_text(RUNS)

    (tmp / "hosts.csv").unlink()
    r = subprocess.run([str(script), str(tmp)], capture_output=True, text=True)
    if r.returncode != 2 or "hosts.csv" not in r.stderr:
        failures.append(f"without hosts.csv: exit {r.returncode}: {r.stderr}")

finish("plot_compare.py: all checks passed")
