// smtpsim report: the page's controls (mail, filters, time axis, zoom, step
// buttons, keyboard) and the parts of the page drawn once (headline,
// notices, legend, summary).
"use strict";

SR.connectControls = function ({ $, data, ladder, stepper, summary, refreshSessions, chooseMail, getMail }) {
  const click = (id, action) => $(id).addEventListener("click", action);
  click("step-first", () => stepper.go(0));
  click("step-prev", () => stepper.previous());
  click("step-next", () => stepper.next());
  click("step-last", () => stepper.go(stepper.length - 1));
  click("step-reset", () => stepper.go(-1));
  click("play", () => stepper.toggle());
  $("speed").addEventListener("change", (e) => stepper.setSpeed(Number(e.target.value)));
  click("zoom-in", () => ladder.zoom(1.6));
  click("zoom-out", () => ladder.zoom(1 / 1.6));
  click("zoom-fit", () => ladder.fit());
  $("axis-mode").addEventListener("change", (e) => {
    ladder.setMode(e.target.value);
    summary.timeline($("timeline"));
  });
  const nextMail = (k) => {
    const ids = data.mailIds;
    const at = ids.indexOf(getMail());
    if (ids.length) chooseMail(ids[Math.max(0, Math.min(ids.length - 1, at + k))]);
  };
  click("mail-prev", () => nextMail(-1));
  click("mail-next", () => nextMail(1));
  $("mail").addEventListener("change", (e) => chooseMail(Number(e.target.value)));
  for (const id of ["only-mail", "filter-host", "filter-from", "filter-to"]) {
    $(id).addEventListener("change", () => refreshSessions(true));
  }
  $("outcome-filter").addEventListener("change", (e) => summary.outcomes($("outcomes"), e.target.value));
  document.addEventListener("keydown", (e) => {
    if (e.target.closest("input, select, textarea")) return;
    const keys = { ArrowRight: () => stepper.next(), ArrowLeft: () => stepper.previous(),
      " ": () => stepper.toggle(), "+": () => ladder.zoom(1.6), "-": () => ladder.zoom(1 / 1.6),
      Home: () => stepper.go(0), End: () => stepper.go(stepper.length - 1) };
    if (keys[e.key]) {
      e.preventDefault();
      keys[e.key]();
    }
  });
};

SR.fillStatic = function ({ $, data, summary, filters }) {
  const s = data.summary;
  $("headline").textContent = [
    s.start ? "time 0 is " + s.start : "",
    s.sim_time_s !== undefined ? "simulated " + SR.fmtTime(s.sim_time_s) : "",
    SR.plural(data.sessionCount, "session"), SR.plural(data.mailIds.length, "mail"),
  ].filter(Boolean).join(" · ");
  filters.fillHosts($("filter-host"));
  $("mail").max = data.mailIds.length ? data.mailIds[data.mailIds.length - 1] : 1;
  SR.notices($, data);
  summary.figures($("figures"));
  summary.outcomes($("outcomes"), "");
  summary.timeline($("timeline"));
  summary.counters($("counters"));
};

SR.notices = function ($, data) {
  const notes = [];
  if (!data.traceHasEvents) {
    notes.push("This run has no events.jsonl (it was made with --no-events): no sessions to draw; " +
      "the paths and outcomes come from hops.jsonl and outcomes.jsonl.");
  } else if (data.detail.lines < data.detail.total_lines) {
    notes.push(`Lines kept for ${data.detail.rule} (${data.detail.lines} of ` +
      `${data.detail.total_lines}); the other sessions are drawn as one bar each. ` +
      "smtpsim report DIR --mail ID, --host NAME or --from/--to keeps others.");
  }
  if (data.lineCount && !data.arrivalTraced) {
    notes.push("The trace does not say when each line arrived: an arrow ends at the other " +
      "side's next line (dashed), never later than the line can have arrived.");
  }
  $("notices").replaceChildren(...notes.map((n) => SR.el("p", { class: "notice" }, n)));
  $("plan-note").textContent = data.failures.known
    ? (data.failures.plan.length ? "" : "The scenario has no failure plan.")
    : "The failure plan is not in the run's folder (smtpsim report DIR --scenario FILE adds it); " +
      "below: the failures the sessions met.";
};

// The stage fills the window below the toolbar, so that the ladder and the
// event list are in view as first drawn.
SR.fitStage = function ($) {
  const top = $("stage").getBoundingClientRect().top + window.scrollY;
  $("stage").style.height = Math.max(360, window.innerHeight - top) + "px";
};

// Marks on the ladder's time axis: each routing table change on its host's
// lifeline, each convergence instant across.
SR.routingMarks = function (data) {
  const r = data.routing;
  const changes = [];
  if (r) for (let k = 0; k < r.t.length; k++) changes.push({ t: r.t[k], host: r.host[k], k });
  return { changes, convergence: SR.convergenceInstants(data) };
};
