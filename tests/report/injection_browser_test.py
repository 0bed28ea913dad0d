#!/usr/bin/env python3
"""What a report reads back from its folder never runs in the reader's
browser (headless Chromium driven by Selenium). SVG figures planted in a
comparison's folder (a <script> element, an onload= attribute, an <img
onerror>, a "</svg><script>" breakout) are shown as images, and neither the
page's title changes nor an alert opens; mail text and a scenario name
holding "</script><script>document.title='x'</script>" stay text. Every
report page carries a Content-Security-Policy meta whose script hash is
that of its one inline script (no 'unsafe-inline' script), with no network
source, and the run's and the comparison's reports load under it with no
console error. Run by CTest: injection_browser_test.py SMTPSIM_BINARY.
Exit status 77 (skipped) only when Chromium cannot start."""
import base64
import hashlib
import html
import json
import pathlib
import re
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "lib"))
from checks import check, failures, root, smtpsim_binary  # noqa: E402

import chromium
from selenium.common.exceptions import NoAlertPresentException, UnexpectedAlertPresentException

SKIPPED = 77
binary = pathlib.Path(smtpsim_binary())
DATA = root / "tests/compare/data"
PAYLOAD = "</script><script>document.title='x';alert('x')</script>"

SVG = 'xmlns="http://www.w3.org/2000/svg" width="40" height="40"'
PLANTED = {
    "evil-script.svg": f"<svg {SVG}><script>document.title='script';alert(1)</script>"
                       '<rect width="40" height="40"/></svg>',
    "evil-onload.svg": f"<svg {SVG} onload=\"document.title='onload';alert(2)\">"
                       '<rect width="40" height="40"/></svg>',
    "evil-img.svg": f"<svg {SVG}><img src=\"x\" onerror=\"document.title='img';alert(3)\">"
                    '<foreignObject width="40" height="40"><img xmlns="http://www.w3.org/1999/'
                    "xhtml\" src=\"x\" onerror=\"document.title='img2';alert(3)\"/>"
                    "</foreignObject></svg>",
    "evil-breakout.svg": f"<svg {SVG}></svg><script>document.title='breakout';alert(4)"
                         "</script><svg></svg>",
}


def smtpsim(*args):
    r = subprocess.run([str(binary), *map(str, args)], capture_output=True, text=True, cwd=root)
    if r.returncode != 0:
        sys.exit(f"FAIL: smtpsim {' '.join(map(str, args))}: exit {r.returncode}: {r.stderr}")
    return r.stdout


def check_policy(page, name, images):
    """The CSP meta: default-src 'none', the one inline script by its hash."""
    text = page.read_text()
    metas = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', text)
    if not check(len(metas) == 1, f"{name}: {len(metas)} Content-Security-Policy metas"):
        return
    policy = html.unescape(metas[0])
    directives = dict((d.split()[0], d.split()[1:]) for d in policy.split(";") if d.strip())
    check(directives.get("default-src") == ["'none'"], f"{name}: policy {policy}")
    scripts = re.findall(r"<script>(.*?)</script>", text, re.S)
    check(len(scripts) == 1, f"{name}: {len(scripts)} inline scripts")
    hashes = ["'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
              for s in scripts]
    check(directives.get("script-src") == hashes,
          f"{name}: script-src {directives.get('script-src')}, the script's hash {hashes}")
    check(directives.get("img-src") == (["data:"] if images else None),
          f"{name}: img-src {directives.get('img-src')}")
    for source in ("http:", "https:", "*", "'unsafe-eval'"):
        check(source not in policy, f"{name}: the policy allows {source}")


def no_alert(driver, name):
    """Fails for every alert open (and dismisses it)."""
    for _ in range(10):
        try:
            alert = driver.switch_to.alert
            check(False, f"{name}: an alert opened: {alert.text}")
            alert.dismiss()
            time.sleep(0.2)
        except NoAlertPresentException:
            return


def open_quietly(driver, page, name):
    """Opens the page; its title stays its own, no alert, no console error."""
    driver.get_log("browser")
    try:
        driver.get(page.as_uri())
    except UnexpectedAlertPresentException:
        pass  # counted by no_alert
    time.sleep(1)  # an onload or onerror would have run by now
    no_alert(driver, name)
    title = html.unescape(re.search(r"<title>(.*?)</title>", page.read_text(), re.S).group(1))
    check(driver.title == title, f"{name}: the title became {driver.title!r}, not {title!r}")
    for entry in driver.get_log("browser"):
        check(entry["level"] not in ("SEVERE", "ERROR"), f"{name}: console: {entry['message']}")


def check_planted_figures(driver, tmp):
    out = tmp / "comparison"
    smtpsim("compare", DATA / "random.json", "--topology", DATA / "line3.json", "--seeds", "1",
            "--out", out, "--quiet", "--format", "svg")
    for name, text in PLANTED.items():
        (out / name).write_text(text)
    smtpsim("report", out)
    page = out / "report.html"
    text = page.read_text()
    for name in PLANTED:
        check(f"alert({list(PLANTED).index(name) + 1})" not in text,
              f"comparison: {name} is in the page as markup")
    check_policy(page, "comparison", images=True)
    open_quietly(driver, page, "comparison with planted SVGs")
    # Every SVG of the folder is an image; compare's own plots are drawn (the
    # planted ones that are not well-formed XML are images that do not decode).
    images = driver.execute_script(
        "return [...document.querySelectorAll('figure.plot img')].map(i => i.alt)")
    drawn = driver.execute_script(
        "return [...document.querySelectorAll('figure.plot img')].filter(i => i.complete && "
        "i.naturalWidth > 0).map(i => i.alt)")
    plots = sorted(p.name for p in out.glob("*.svg"))
    check(sorted(images) == plots, f"comparison: images {images}, SVGs in the folder {plots}")
    own = [p for p in plots if p not in PLANTED]
    check(own != [] and set(own) <= set(drawn), f"comparison: drawn {drawn}, plots {own}")
    check(driver.execute_script("return document.querySelectorAll('svg script, body > script')"
                                ".length") == 1, "comparison: a planted script is in the DOM")
    runs = sorted((out / "runs").glob("*/report.html"))
    check(runs != [], "comparison: no example run report")
    for run in runs[:1]:
        check_policy(run, "example run", images=False)
        open_quietly(driver, run, "example run")


def check_hostile_text(driver, tmp):
    """Mail text and a scenario name that try to end the data's <script>."""
    scenario = json.loads((root / "scenarios/rfc821/relayed-mail.json").read_text())
    scenario["topology"] = str(root / "topologies/rfc821.json")
    scenario["messages"][0]["data"] = ["Subject: " + PAYLOAD, "", PAYLOAD, "<b>bold</b>"]
    file = tmp / "hostile.json"
    file.write_text(json.dumps(scenario))
    out = tmp / "hostile-run"
    smtpsim("run", file, "--out", out, "--quiet")
    check_policy(out / "report.html", "run", images=False)
    open_quietly(driver, out / "report.html", "mail text with </script>")
    # A name read back from summary.json, where the report takes the title from.
    summary = json.loads((out / "summary.json").read_text())
    summary["scenario"] = PAYLOAD
    (out / "summary.json").write_text(json.dumps(summary))
    smtpsim("report", out)
    open_quietly(driver, out / "report.html", "scenario name with </script>")
    check(PAYLOAD in driver.title, f"the scenario name is not the title's text: {driver.title!r}")
    # Step to the last event, so that the mail's lines are drawn and shown.
    driver.execute_script("document.getElementById('step-last').click()")
    time.sleep(0.5)
    no_alert(driver, "after stepping")
    check(PAYLOAD in driver.title, f"after stepping: the title became {driver.title!r}")


with tempfile.TemporaryDirectory() as folder:
    tmp = pathlib.Path(folder)
    try:
        driver = chromium.start(tmp / "profile", logs=True)
    except chromium.CannotStart as e:
        print(f"SKIPPED: Chromium cannot start: {e}")
        sys.exit(SKIPPED)
    try:
        check_planted_figures(driver, tmp)
        check_hostile_text(driver, tmp)
    finally:
        driver.quit()

for failure in failures:
    print("FAIL:", failure)
if failures:
    sys.exit(1)
print("reports run nothing they read back: all checks passed")
