// smtpsim report: reads the run's data from the page and connects the views:
// the chosen mail drives the paths table, the step-through and the route on
// the topology; the filters drive the ladder; the controls and the keyboard
// drive the step-through and the ladder's zoom.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const data = new SR.RunData(JSON.parse($("run-data").textContent));

  // Every instant the ladder or the timeline draws, for the time axis.
  function instants() {
    const st = data.stops;
    const plan = SR.plannedWindows(data);
    const routingTimes = data.routing ? data.routing.t : [];
    const times = new Float64Array(data.sessionCount * 2 + data.lineCount * 2 +
      st.in.length * 2 + plan.length * 2 + routingTimes.length);
    let n = 0;
    const add = (t) => { times[n++] = t === null ? NaN : t; };
    data.open.forEach(add);
    data.close.forEach(add); // NaN: still open
    data.lineT.forEach(add);
    data.arrive.forEach(add);
    st.in.forEach(add);
    st.out.forEach(add);
    routingTimes.forEach(add); // routing changes are marked on the ladder
    for (const f of plan) {
      add(f.start);
      add(f.end);
    }
    return times;
  }

  const axis = new SR.TimeAxis(instants());
  const ladder = new SR.Ladder(data, axis, $("ladder"));
  const topology = new SR.Topology(data, $("topology"));
  const paths = new SR.PathsView(data, $("paths"));
  const inspector = new SR.Inspector(data, $("inspector-body"), paths);
  const events = new SR.RunEvents(data);
  const stepper = new SR.Stepper(events);
  const eventList = new SR.EventListView(events, $("event-list"));
  const routing = new SR.RoutingView(data, $("routing"), $("routing-host"));
  const summary = new SR.SummaryView(data, axis);
  const filters = new SR.Filters(data);
  const controls = { onlyMail: $("only-mail"), host: $("filter-host"), from: $("filter-from"),
    to: $("filter-to") };
  // The mail the report was made for (smtpsim report --mail), else the first.
  let mail = data.mailStops.has(data.detail.mail) ? data.detail.mail
    : data.mailIds.length ? data.mailIds[0] : null;

  function refreshSessions(refit) {
    const error = filters.read(controls);
    $("filter-error").textContent = error;
    if (error) return;
    const list = filters.sessions(mail);
    ladder.setSessions(list, mail);
    $("ladder-count").textContent = `${list.length} of ${data.sessionCount} sessions`;
    if (refit) ladder.start(); // the first session, its labels whole
  }

  // The event list as its filters leave it; the stepper steps through it.
  function refreshEvents() {
    const group = $("event-kind").value;
    const host = $("event-host").value === "" ? -1 : Number($("event-host").value);
    const only = $("event-mail").value === "" ? null : Number($("event-mail").value);
    const list = events.select(group, host, only);
    eventList.setList(list);
    stepper.load(list);
    $("event-count").textContent = list.length === events.count ? `${events.count} events`
      : `${list.length} of ${events.count} events`;
  }

  function chooseMail(m) {
    mail = data.mailStops.has(m) ? m : null;
    $("mail").value = mail === null ? "" : mail;
    paths.show(mail);
    refreshSessions(filters.onlyMail);
    stepper.onStep(stepper.current);
  }

  stepper.onStep = (event) => {
    ladder.setCurrent(event);
    inspector.show(event, mail);
    if (mail !== null) topology.show(SR.journey(data, mail, event ? event.t : null));
    eventList.setCurrent(stepper.index);
    if (event && event.host >= 0) routing.choose(event.host);
    const before = stepper.index > 0 ? events.t[stepper.list[stepper.index - 1]] : -Infinity;
    routing.show(event ? event.t : null, event ? before : Infinity);
    $("step-label").textContent = event ? `event ${stepper.index + 1} of ${stepper.length}`
      : `${stepper.length} events`;
    for (const row of document.querySelectorAll("table.paths tr.current")) row.classList.remove("current");
    if (event && event.stop !== undefined) {
      const row = document.querySelector(`table.paths tr[data-stop="${event.stop}"]`);
      if (row) row.classList.add("current");
    }
  };
  stepper.onPlay = (playing) => {
    $("play").textContent = playing ? "❚❚ pause" : "▶ play";
  };
  ladder.onPick = (line) => {
    if (!stepper.goToLine(line)) {
      ladder.setCurrent({ kind: "line", line, t: data.lineT[line], t2: data.arrive[line] });
      inspector.show({ kind: "line", line, t: data.lineT[line] }, mail);
    }
  };
  ladder.onView = () => {
    const [t0, t1] = ladder.window();
    $("ladder-view").textContent = `${SR.fmtTime(Math.max(t0, 0))} to ${SR.fmtTime(t1)}`;
    $("ladder-notice").textContent = ladder.notice || "";
  };
  summary.onMail = (m) => {
    chooseMail(m);
    $("stage").scrollIntoView({ behavior: "smooth" });
  };

  eventList.onPick = (position) => stepper.go(position);
  SR.view = { events, stepper }; // for the page's tests
  SR.connectControls({ $, data, ladder, stepper, summary, refreshSessions, chooseMail,
    getMail: () => mail });
  eventList.fillFilters($("event-kind"), $("event-host"), $("event-mail"));
  for (const id of ["event-kind", "event-host", "event-mail"]) $(id).addEventListener("change", refreshEvents);
  $("routing-panel").hidden = !routing.present;
  SR.fitStage($);
  window.addEventListener("resize", () => SR.fitStage($));
  SR.fillStatic({ $, data, summary, filters });
  ladder.setFailures(SR.plannedWindows(data));
  ladder.marks = SR.routingMarks(data);
  filters.onlyMail = data.sessionCount > 2000; // a large run: the chosen mail's sessions
  controls.onlyMail.checked = filters.onlyMail;
  refreshEvents();
  chooseMail(mail);
  refreshSessions(true);
})();

