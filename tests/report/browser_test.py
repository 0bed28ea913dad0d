#!/usr/bin/env python3
"""The reports in a real browser (headless Chromium driven by Selenium):
the reports of the built-in scenario and of
scenarios/failures/host-down-returned.json load from disk with no console
error and no network request; one lifeline per host that took part; one
arrow per line of transcript.txt; stepping to the relay's MAIL command shows
its reverse-path; the failure scenario's bounce path is drawn host by host,
in order. A comparison's report, as compare writes it, shows its table, its
plots and a link per row to its example run, which opens that run's report. Screenshots go to <build>/test-artefacts/report/.
Run by CTest: browser_test.py SMTPSIM_BINARY. Exit status 77 (skipped) only
when Chromium cannot start."""
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
from selenium.webdriver.common.by import By

SKIPPED = 77
binary = pathlib.Path(smtpsim_binary())
artefacts = binary.parent.parent / "test-artefacts" / "report"


def smtpsim(*args):
    r = subprocess.run([str(binary), *map(str, args)], capture_output=True, text=True, cwd=root)
    if r.returncode != 0:
        sys.exit(f"FAIL: smtpsim {' '.join(map(str, args))}: exit {r.returncode}: {r.stderr}")
    return r.stdout


def start_browser(profile):
    try:
        return chromium.start(profile, logs=True)
    except chromium.CannotStart as e:
        print(f"SKIPPED: Chromium cannot start: {e}")
        sys.exit(SKIPPED)


def transcript_facts(run):
    """Hosts of the session headers, and the number of S:/R: lines."""
    text = (run / "transcript.txt").read_text()
    hosts = set()
    for client, server in re.findall(r"^--- session \d+: (\S+) -> (\S+) at ", text, re.M):
        hosts.update((client, server))
    lines = sum(1 for line in text.splitlines() if line.startswith(("S: ", "R: ")))
    return hosts, lines


def wait_for(driver, script, timeout=20):
    end = time.time() + timeout
    while time.time() < end:
        value = driver.execute_script(script)
        if value:
            return value
        time.sleep(0.05)
    return None


def load(driver, report):
    url = report.as_uri()
    driver.get_log("performance")  # what the browser did before: not the report's
    driver.get_log("browser")
    driver.get(url)
    check(wait_for(driver, "return document.querySelectorAll('#ladder .lifeline').length"),
          f"{report}: the ladder was not drawn")
    # Draw the whole run: every arrow in view.
    driver.find_element(By.ID, "zoom-fit").click()
    wait_for(driver, "return new Promise(r => requestAnimationFrame(() => r(true)))")
    return url


def check_quiet(driver, url, name):
    """No console message of level SEVERE, no request but the page itself."""
    for entry in driver.get_log("browser"):
        check(entry["level"] not in ("SEVERE", "ERROR"), f"{name}: console: {entry['message']}")
    # The browser's own pages (chrome://) may still load in the background:
    # what counts is what the report's document asked for, and any request
    # to the network at all.
    requests = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            params = message["params"]
            request = params["request"]["url"]
            if request.startswith("data:"):
                continue  # a comparison's plots: inside the page, not fetched from anywhere
            if params.get("documentURL") == url or not request.startswith("chrome:"):
                requests.append(request)
    check(requests == [url], f"{name}: requests {requests}, expected only the report itself")
    resources = driver.execute_script("return performance.getEntriesByType('resource').length")
    check(resources == 0, f"{name}: {resources} resources fetched")


def check_ladder(driver, run, name):
    hosts, lines = transcript_facts(run)
    lifelines = driver.execute_script(
        "return [...document.querySelectorAll('#ladder .lifeline')].map(e => e.dataset.host)")
    check(sorted(lifelines) == sorted(hosts),
          f"{name}: lifelines {lifelines}, hosts in the transcript {sorted(hosts)}")
    arrows = driver.execute_script("return document.querySelectorAll('#ladder .arrow').length")
    check(arrows == lines, f"{name}: {arrows} arrows, {lines} lines in transcript.txt")


def inspector_field(driver, field):
    return driver.execute_script(
        f"const e = document.querySelector('#inspector-body [data-field=\"{field}\"]');"
        "return e ? e.textContent : null")


def check_relay_reverse_path(driver):
    """Steps to USC-ISIE.ARPA's MAIL command and reads its reverse-path."""
    wanted = "MAIL FROM:<@USC-ISIE.ARPA:JQP@MIT-AI.ARPA>"
    next_button = driver.find_element(By.ID, "step-next")
    driver.find_element(By.ID, "step-reset").click()
    for _ in range(200):
        next_button.click()
        if inspector_field(driver, "text") == wanted:
            break
    if not check(inspector_field(driver, "text") == wanted, f"builtin: never stepped to {wanted}"):
        return
    check(inspector_field(driver, "reverse-path") == "<@USC-ISIE.ARPA:JQP@MIT-AI.ARPA>",
          f"builtin: reverse-path shown: {inspector_field(driver, 'reverse-path')}")
    moved = driver.execute_script(
        "const m = document.querySelector('#inspector-body mark.moved'); return m && m.textContent")
    check(moved == "@USC-ISIE.ARPA", f"builtin: the element marked as moved: {moved}")
    current = driver.execute_script(
        "const a = document.querySelector('#ladder .arrow.current title');"
        "return a && a.textContent")
    check(current == "S: " + wanted, f"builtin: the current arrow is {current}")


def bounce_steps(driver):
    return driver.execute_script(
        "return [...document.querySelectorAll('#route-overlay .route-step.bounce')]"
        ".sort((a, b) => a.dataset.step - b.dataset.step)"
        ".map(e => [e.dataset.from, e.dataset.to])")


def check_bounce_path(driver, run):
    outcome = json.loads((run / "outcomes.jsonl").read_text().splitlines()[0])
    route = outcome["notification_route"]
    expected = [list(pair) for pair in zip(route, route[1:])]
    check(len(expected) >= 2, f"host-down-returned: notification route {route}")
    driver.find_element(By.ID, "step-reset").click()
    check(bounce_steps(driver) == expected,
          f"host-down-returned: bounce path drawn {bounce_steps(driver)}, expected {expected}")
    # Stepping from the start, the bounce path grows one hop at a time, in order.
    driver.find_element(By.ID, "step-first").click()
    seen = [bounce_steps(driver)]
    total = driver.execute_script("return document.getElementById('step-label').textContent")
    count = int(re.search(r"of (\d+)", total).group(1))
    next_button = driver.find_element(By.ID, "step-next")
    for _ in range(count):
        next_button.click()
        if bounce_steps(driver) != seen[-1]:
            seen.append(bounce_steps(driver))
    check(seen == [expected[:k] for k in range(len(expected) + 1)],
          f"host-down-returned: the bounce path grew as {seen}")
    hosts = driver.execute_script(
        "const t = document.querySelectorAll('table.paths')[1];"
        "return t ? [...t.querySelectorAll('tbody tr')].map(r => r.dataset.host) : []")
    check(hosts == route, f"host-down-returned: the notification's table lists {hosts}")


def add_arrivals(run):
    """The run's trace as it will be once line events say when each line
    arrived, the receiver's state and each reply's class: every line arrives
    10 ms after it was written; replies are classed "permanent" (deliberately
    not what their codes say, so that the page shows it follows the trace)."""
    events = []
    for text in (run / "events.jsonl").read_text().splitlines():
        event = json.loads(text)
        if event["event"] == "line":
            event["arrive"] = round(event["t"] + 0.01, 9)
            event["state"] = "TRANSACTION"
            if event["side"] == "server":
                event["class"] = "permanent"
        events.append(json.dumps(event))
    (run / "events.jsonl").write_text("\n".join(events) + "\n")


def check_arrivals(driver, run):
    url = load(driver, run / "report.html")
    estimated = driver.execute_script(
        "return document.querySelectorAll('#ladder .arrow.estimated').length")
    check(estimated == 0, f"with arrival times: {estimated} arrows still estimated")
    classes = driver.execute_script(
        "return [...new Set([...document.querySelectorAll('#ladder .arrow.reply')]"
        ".map(a => a.classList[2]))]")
    check(classes == ["permanent"], f"with reply classes in the trace: arrows classed {classes}")
    notices = driver.find_element(By.ID, "notices").text
    check("does not say when each line arrived" not in notices, f"notice: {notices}")
    driver.find_element(By.ID, "step-next").click()
    driver.find_element(By.ID, "step-next").click()
    check(inspector_field(driver, "state") == "TRANSACTION",
          f"the receiver's state shown: {inspector_field(driver, 'state')}")
    check_quiet(driver, url, "with arrival times")


def make_comparison(tmp):
    """A small comparison, with the report and the example runs compare writes."""
    data = root / "tests/compare/data"
    out = tmp / "comparison"
    smtpsim("compare", data / "random.json", "--topology", data / "line3.json", "--topology",
            data / "star3.json", "--routing", "source", "--seeds", "2", "--out", out, "--quiet",
            "--example-traces")
    return out


def check_comparison(driver, out):
    url = (out / "report.html").as_uri()
    driver.get_log("performance")
    driver.get(url)
    rows = driver.execute_script(
        "return [...document.querySelectorAll('#means tbody tr')].map(r => "
        "[r.cells[0].textContent, r.cells[1].textContent, "
        "(r.querySelector('a.run-link') || {}).getAttribute?.('href') || null])")
    table = (out / "table.csv").read_text().splitlines()[1:]
    check(len(rows) == len(table), f"comparison: {len(rows)} rows shown, {len(table)} in table.csv")
    links = {(t, r): href for t, r, href in rows}
    for topology in ("line3", "star3"):
        href = f"runs/{topology}-source/report.html"
        check(links.get((topology, "source")) == href, f"comparison: links {links}")
        check((out / href).is_file(), f"comparison: the link's target {href} is not there")
    plots = driver.execute_script(
        "return [...document.querySelectorAll('figure.plot img')].filter(i => i.complete && "
        "i.naturalWidth > 0 && i.src.startsWith('data:image/svg+xml;base64,')).length")
    check(plots == len(list(out.glob("*.svg"))), f"comparison: {plots} plots drawn")
    driver.save_screenshot(str(artefacts / "comparison.png"))
    check_quiet(driver, url, "comparison")
    check_example_run(driver, out)


def check_example_run(driver, out):
    """The star's link opens the report of the run of the row's first seed."""
    seed = (out / "runs.csv").read_text().splitlines()[1].split(",")[2]
    example = out / "runs/star3-source"
    driver.get_log("performance")
    driver.get_log("browser")
    driver.find_elements(By.CSS_SELECTOR, "a.run-link")[1].click()
    url = (example / "report.html").as_uri()
    check(wait_for(driver, f"return document.URL === {json.dumps(url)} && "
                   "document.querySelectorAll('#ladder .lifeline').length"),
          f"example run: the link opened {driver.current_url}, not {url} with its ladder")
    check(f"(seed {seed}, routing source" in driver.title,
          f"example run: the page is {driver.title!r}, expected seed {seed}")
    hosts, _ = transcript_facts(example)
    lifelines = driver.execute_script(
        "return [...document.querySelectorAll('#ladder .lifeline')].map(e => e.dataset.host)")
    check(sorted(lifelines) == sorted(hosts), f"example run: lifelines {lifelines}")
    driver.save_screenshot(str(artefacts / "comparison-example.png"))
    for entry in driver.get_log("browser"):
        check(entry["level"] not in ("SEVERE", "ERROR"), f"example run: console: {entry['message']}")


def main():
    artefacts.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        builtin = tmp / "builtin"
        failure = tmp / "host-down-returned"
        scenario = root / "scenarios/failures/host-down-returned.json"
        smtpsim("run", "--out", builtin, "--quiet")
        smtpsim("run", scenario, "--out", failure, "--quiet")
        for run, extra in ((builtin, []), (failure, ["--scenario", scenario])):
            printed = smtpsim("report", run, *extra).strip()
            check(printed == str(run / "report.html"), f"smtpsim report printed {printed!r}")
        driver = start_browser(tmp / "profile")
        try:
            url = load(driver, builtin / "report.html")
            check_ladder(driver, builtin, "builtin")
            driver.save_screenshot(str(artefacts / "builtin.png"))
            check_relay_reverse_path(driver)
            driver.save_screenshot(str(artefacts / "builtin-relay-mail.png"))
            check_quiet(driver, url, "builtin")

            url = load(driver, failure / "report.html")
            check_ladder(driver, failure, "host-down-returned")
            check_bounce_path(driver, failure)
            driver.save_screenshot(str(artefacts / "host-down-returned.png"))
            check_quiet(driver, url, "host-down-returned")

            check_comparison(driver, make_comparison(tmp))

            add_arrivals(builtin)
            smtpsim("report", builtin)
            check_arrivals(driver, builtin)
        finally:
            driver.quit()
    for failure in failures:
        print("FAIL:", failure)
    print(f"screenshots in {artefacts}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
