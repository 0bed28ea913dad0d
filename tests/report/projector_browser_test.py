#!/usr/bin/env python3
"""The run report as a lecturer projects it: headless Chromium at 1280x720
(the viewport set through the DevTools protocol), pages opened as first
drawn, no zoom pressed. For the built-in scenario,
scenarios/failures/unknown-mailbox.json, scenarios/rfc821/turn.json and
scenarios/routing/count-to-infinity.json:
- every command label (HELO, MAIL FROM, RCPT TO, DATA) of the first session
  is in view, whole, at least 12 px, overlapping no other label (bounding
  boxes from the DOM), and nothing is drawn over it (the topmost element at
  its centre is the label);
- the event list holds every event of the run's files (each line of
  events.jsonl, hop record, returned or unreturnable recipient, failed
  connection, routing.jsonl change, start and end of a planned failure),
  and stepping with "next" visits each once, in time order, each labelled
  with the kind its file gives;
- turn.json: stepping reaches the TURN session's lines, written by
  USC-ISIE.ARPA to SRI-KL.ARPA, and the link that carried the mail is drawn
  as carrying mail;
- count-to-infinity: at a chosen instant the routing panel shows the table
  routing.jsonl gives for it;
- no console error, no request but the page itself.
Screenshots go to <build>/test-artefacts/report/. Exit status 77 only when
Chromium cannot start."""
import collections
import json
import pathlib
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import browser_test as bt  # noqa: E402
from browser_test import check, failures, root  # noqa: E402

COMMANDS = ("HELO ", "MAIL FROM:", "RCPT TO:", "DATA")
SCENARIOS = {
    "builtin": None,
    "unknown-mailbox": root / "scenarios/failures/unknown-mailbox.json",
    "turn": root / "scenarios/rfc821/turn.json",
    "count-to-infinity": root / "scenarios/routing/count-to-infinity.json",
}


def jsonl(path):
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()] \
        if path.exists() else []


def first_session_commands(run):
    """The command lines of the first session of events.jsonl, in order."""
    events = jsonl(run / "events.jsonl")
    first = min(e["session"] for e in events if e["event"] == "session_opened")
    return [e["text"] for e in events if e["event"] == "line" and e["session"] == first
            and e["side"] == "client" and e["text"].upper().startswith(COMMANDS)]


def expected_kinds(run, scenario):
    """Events of the run's files by the kind the event list names them."""
    kinds = collections.Counter()
    events = jsonl(run / "events.jsonl")
    lines = collections.Counter(e["session"] for e in events if e["event"] == "line")
    for e in events:
        if e["event"] == "line":
            kinds["reply" if e["side"] == "server" else "client line"] += 1
        elif e["event"] == "hop":
            kinds[e["kind"]] += 1
        elif e["event"] == "outcome" and e["outcome"] in ("returned", "unreturnable"):
            kinds[e["outcome"]] += 1
        elif e["event"] == "session_opened" and not lines[e["session"]]:
            kinds["connect"] += 1
    kinds["routing"] = len(jsonl(run / "routing.jsonl"))
    plan = json.loads(scenario.read_text()).get("failures", []) if scenario else []
    kinds["failure start"] = len(plan)
    kinds["failure end"] = sum(1 for f in plan if "for" in f)
    return +kinds


LABELS = """
const ladder = document.getElementById('ladder').getBoundingClientRect();
return [...document.querySelectorAll('#ladder .label')].map(g => {
  const r = g.getBoundingClientRect();
  const texts = [...g.querySelectorAll('text')];
  const cx = r.left + r.width / 2, cy = r.top + r.height / 2;
  const top = document.elementFromPoint(cx, cy);
  return {title: g.querySelector('title').textContent,
          shown: texts.map(t => t.textContent).join(''),
          px: Math.min(...texts.map(t => parseFloat(getComputedStyle(t).fontSize))),
          box: [r.left, r.top, r.right, r.bottom],
          inView: r.left >= ladder.left && r.right <= ladder.right && r.top >= ladder.top &&
                  r.bottom <= ladder.bottom,
          onTop: Boolean(top && g.contains(top))};
});"""


def overlaps(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def check_labels(driver, run, name):
    labels = driver.execute_script(LABELS)
    wanted = first_session_commands(run)
    check(len(wanted) >= 4, f"{name}: first session's commands {wanted}")
    for text in wanted:
        found = [lab for lab in labels if lab["title"] == "S: " + text]
        if not check(found, f"{name}: no label drawn for {text!r} of the first session"):
            continue
        lab = found[0]
        check(lab["shown"].replace(" ", "") == text.replace(" ", ""),
              f"{name}: {text!r} drawn as {lab['shown']!r}, not whole")
        check(lab["px"] >= 12, f"{name}: {text!r} drawn at {lab['px']} px")
        check(lab["inView"], f"{name}: {text!r} is not in view: {lab['box']}")
        check(lab["onTop"], f"{name}: something is drawn over {text!r}")
        others = [o["title"] for o in labels if o is not lab and overlaps(o["box"], lab["box"])]
        check(not others, f"{name}: {text!r} overlaps the labels {others}")


STEP_ALL = """
const next = document.getElementById('step-next');
document.getElementById('step-reset').click();
const seen = [];
const total = arguments[0];
for (let k = 0; k < total; k++) {
  next.click();
  const row = document.querySelector('#event-list .event-row.current');
  const label = document.getElementById('step-label').textContent;
  seen.push([row ? Number(row.dataset.position) : -1, row ? row.dataset.kind : null, label]);
}
return seen;"""


def event_count(driver):
    text = driver.find_element(bt.By.ID, "step-label").text
    return int(text.split()[0])


# Stepping costs a few milliseconds an event in the page: a run of 10,000
# events is stepped through for its first STEPPED events; its list is
# checked whole.
STEPPED = 400


def check_stepping(driver, run, scenario, name):
    want = expected_kinds(run, scenario)
    total = event_count(driver)
    check(total == sum(want.values()), f"{name}: {total} events listed, the files give "
          f"{sum(want.values())}: {dict(want)}")
    listed = driver.execute_script(
        "const ev = SR.view.events; return Array.from(SR.view.stepper.list, "
        "e => [ev.t[e], ev.describe(e).what]);")
    # The sender's lines are commands, mail text or its end, as the page reads them.
    client = ("command", "mail text", "end of text")
    listed = [[t, "client line" if k in client else k] for t, k in listed]
    check(collections.Counter(k for _, k in listed) == want,
          f"{name}: the list's kinds {dict(collections.Counter(k for _, k in listed))}, "
          f"the files give {dict(want)}")
    check(all(a[0] <= b[0] for a, b in zip(listed, listed[1:])), f"{name}: events out of time order")
    steps = min(total, STEPPED)
    seen = driver.execute_script(STEP_ALL, steps + (1 if steps == total else 0))
    positions = [p for p, _, _ in seen]
    check(positions == list(range(steps)) + ([total - 1] if steps == total else []),
          f"{name}: stepping visited {positions[:20]}... not each event once in order")
    got = ["client line" if kind in client else kind for _, kind, _ in seen[:steps]]
    check(got == [k for _, k in listed[:steps]], f"{name}: the kinds stepped through are not the list's")


def check_turn(driver):
    """Steps until the TURN session's HELO from USC-ISIE.ARPA."""
    driver.find_element(bt.By.ID, "step-reset").click()
    direction = None
    for _ in range(event_count(driver)):
        driver.find_element(bt.By.ID, "step-next").click()
        if bt.inspector_field(driver, "text") == "HELO USC-ISIE.ARPA":
            direction = bt.inspector_field(driver, "direction")
            break
    check(direction == "USC-ISIE.ARPA (sender-SMTP) → SRI-KL.ARPA",
          f"turn: the TURN session's HELO is written {direction}")
    current = driver.execute_script(
        "const a = document.querySelector('#ladder .arrow.current'); if (!a) return null;"
        "const l = a.querySelectorAll('line')[1]; return [Number(l.getAttribute('x1')),"
        " Number(l.getAttribute('x2'))]")
    hosts = driver.execute_script(
        "return Object.fromEntries([...document.querySelectorAll('#ladder .lifeline')]"
        ".map(g => [g.dataset.host, Number(g.querySelector('line').getAttribute('x1'))]))")
    check(current == [hosts.get("USC-ISIE.ARPA"), hosts.get("SRI-KL.ARPA")],
          f"turn: the arrow goes {current}, lifelines {hosts}")
    link = driver.execute_script(
        "return [...document.querySelectorAll('#topology g.edge')].filter(g => "
        "g.querySelector('title') && /SRI-KL.ARPA/.test(g.querySelector('title').textContent))"
        ".map(g => g.getAttribute('class'))")
    check(link and all("carried" in c for c in link), f"turn: the SRI-KL.ARPA link is {link}")


def check_routing(driver, run):
    """At the first event after 100 s, host B's table is routing.jsonl's."""
    rows = jsonl(run / "routing.jsonl")
    position = driver.execute_script(
        "const ev = SR.view.events; const list = SR.view.stepper.list;"
        "for (let k = 0; k < list.length; k++) if (ev.t[list[k]] >= 100) return k; return -1")
    check(position >= 0, "count-to-infinity: no event after 100 s")
    driver.execute_script(f"SR.view.stepper.go({position})")
    instant = driver.execute_script(f"return SR.view.events.t[SR.view.stepper.list[{position}]]")
    driver.execute_script("const s = document.getElementById('routing-host'); s.value = "
                          "[...s.options].find(o => o.text === 'B').value;"
                          "s.dispatchEvent(new Event('change'))")
    want = {}
    for r in rows:
        if r["host"] == "B" and r["t"] <= instant:
            want[r["destination"]] = [r["next_hop"] or "—", str(r["distance"]) if r["next_hop"]
                                      else f"∞ ({r['distance']})"]
    shown = driver.execute_script(
        "return Object.fromEntries([...document.querySelectorAll('#routing-table tbody tr')]"
        ".map(r => [r.dataset.destination, [r.querySelector('[data-field=next_hop]').textContent,"
        " r.querySelector('[data-field=distance]').textContent]]))")
    check(want and shown == want, f"count-to-infinity: B's table at {instant} s is {shown}, "
          f"routing.jsonl gives {want}")


def main():
    bt.artefacts.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        driver = bt.start_browser(tmp / "profile")
        driver.set_script_timeout(120)
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": 1280, "height": 720, "deviceScaleFactor": 1,
                                "mobile": False})
        try:
            for name, scenario in SCENARIOS.items():
                run = tmp / name
                bt.smtpsim("run", *([scenario] if scenario else []), "--out", run, "--quiet")
                bt.smtpsim("report", run, *(["--scenario", scenario] if scenario else []))
                url = (run / "report.html").as_uri()
                driver.get_log("performance")
                driver.get_log("browser")
                driver.get(url)
                check(bt.wait_for(driver, "return document.querySelectorAll('#ladder .label')"
                                  ".length"), f"{name}: no label drawn")
                driver.execute_script("return new Promise(r => requestAnimationFrame(r))")
                check_labels(driver, run, name)
                driver.save_screenshot(str(bt.artefacts / f"projector-{name}.png"))
                check_stepping(driver, run, scenario, name)
                if name == "turn":
                    check_turn(driver)
                if name == "count-to-infinity":
                    check_routing(driver, run)
                    driver.execute_script("const left = document.getElementById('left');"
                                          "left.scrollTop = document.getElementById("
                                          "'routing-panel').offsetTop - left.offsetTop - 120")
                    driver.save_screenshot(str(bt.artefacts / f"projector-{name}-routing.png"))
                bt.check_quiet(driver, url, name)
        finally:
            driver.quit()
    for failure in failures:
        print("FAIL:", failure)
    print(f"screenshots in {bt.artefacts}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
