// smtpsim report: the run's summary: its figures (from summary.json), the
// outcome of every recipient (who got what, which reply, the notification's
// route), and the failure plan with what the sessions met on one time axis.
"use strict";

SR.FIGURES = [
  ["messages.injected", "mails injected"], ["messages.recipients", "recipients"],
  ["messages.delivered", "delivered"], ["messages.returned", "returned"],
  ["messages.unreturnable", "unreturnable"], ["messages.in_flight", "in flight"],
  ["latency_s.mean", "latency mean (s)"], ["latency_s.p95", "latency p95 (s)"],
  ["latency_s.max", "latency max (s)"], ["hops.mean", "hops mean"], ["hops.max", "hops max"],
  ["sessions", "sessions"], ["commands", "commands"], ["notifications.sent", "notifications"],
  ["retries", "retries"], ["failed_connections", "failed connections"],
  ["broken_sessions", "broken sessions"], ["duplicates", "duplicates"], ["reroutes", "reroutes"],
  ["sim_time_s", "simulated (s)"], ["events", "events"],
];

// What each per-host counter of summary.json counts.
SR.HOST_COUNTERS = {
  sessions_in: "sessions served", sessions_out: "sessions opened", commands: "commands received",
  bytes_in: "bytes received", bytes_out: "bytes sent",
  accepted: "mails accepted over SMTP (notifications included)",
  delivered: "recipients delivered here (notifications included)",
  peak_queue: "most mails queued at once", duplicates: "duplicates delivered here",
};

SR.valueAt = function (object, path) {
  return path.split(".").reduce((o, k) => (o && typeof o === "object" ? o[k] : undefined), object);
};

SR.SummaryView = class {
  constructor(data, axis) {
    this.data = data;
    this.axis = axis;
    this.onMail = () => {};
    this.outcomeFilter = "";
  }

  figures(container) {
    const s = this.data.summary;
    // With nothing delivered there is no latency and no hop count: "—", not 0.
    const none = SR.valueAt(s, "messages.delivered") === 0;
    for (const [path, label] of SR.FIGURES) {
      let v = SR.valueAt(s, path);
      if (none && /^(latency_s|hops)\./.test(path)) v = "—";
      if (v === undefined || v === null || typeof v === "object") continue;
      container.append(SR.el("div", { class: "figure", "data-key": path },
        SR.el("span", { class: "figure-value" }, typeof v === "number" && !Number.isInteger(v)
          ? Number(v.toPrecision(4)) : v),
        SR.el("span", { class: "figure-label" }, label)));
    }
  }

  // One row per recipient; a click chooses its mail. At most 500 rows shown.
  outcomes(container, filter) {
    const d = this.data;
    const o = d.outcomes;
    const rows = [];
    let matching = 0;
    for (let i = 0; i < o.t.length; i++) {
      if (filter && d.str(o.outcome[i]) !== filter) continue;
      if (++matching > 500) continue;
      const reply = o.code[i] ? `${o.code[i]} ${d.str(o.reply[i])}` : "";
      // Where a delivered mail went: mailbox, terminal, both, or a list (RFC 821 3.3, 3.4).
      const to = o.to && d.str(o.to[i]) ? ` to ${d.str(o.to[i])}` : "";
      rows.push(SR.el("tr", { "data-mail": o.message[i], class: "outcome-" + d.str(o.outcome[i]),
        onclick: () => this.onMail(o.message[i]) },
      SR.el("td", { class: "number" }, o.recipient[i]), SR.el("td", { class: "number" }, o.message[i]),
      SR.el("td", { class: "path" }, d.str(o.forward[i])), SR.el("td", {}, d.str(o.outcome[i]) + to),
      SR.el("td", { class: "number" }, SR.fmtTime(o.t[i])), SR.el("td", { class: "number" }, o.hops[i]),
      SR.el("td", {}, o.host[i] >= 0 ? d.hosts[o.host[i]] : ""), SR.el("td", {}, reply),
      SR.el("td", {}, d.str(o.reason[i])),
      SR.el("td", { "data-field": "notification-route" }, o.route[i].map((h) => d.hosts[h]).join(" → "))));
    }
    const head = ["recipient", "mail", "forward-path", "outcome", "at", "hops", "host", "reply",
      "reason", "notification route"].map((h) => SR.el("th", {}, h));
    container.replaceChildren(SR.el("table", { id: "outcomes-table" },
      SR.el("thead", {}, SR.el("tr", {}, ...head)), SR.el("tbody", {}, ...rows)));
    if (matching > 500) {
      container.append(SR.el("p", { class: "note" }, `Showing 500 of ${matching} recipients.`));
    }
  }

  // Plan entries as bars, and the failures the sessions met as ticks:
  // connections that failed, sessions that broke, recipients returned.
  timeline(container) {
    const d = this.data;
    const rows = this.timelineRows();
    const width = Math.max(container.clientWidth || 900, 600);
    const left = 230;
    const rowH = 22;
    const height = rows.length * rowH + 28;
    const a0 = this.axis.toAxis(this.axis.start);
    const a1 = this.axis.toAxis(Math.max(this.axis.end, d.endTime));
    const x = (t) => left + (this.axis.toAxis(t) - a0) / Math.max(a1 - a0, 1e-9) * (width - left - 12);
    let svg = "";
    rows.forEach((row, k) => {
      const y = 8 + k * rowH;
      const short = row.label.length > 36 ? row.label.slice(0, 35) + "…" : row.label;
      svg += `<text class="row-label" x="${left - 8}" y="${y + 14}">${SR.esc(short)}<title>${SR.esc(row.label)}</title></text>`;
      for (const bar of SR.mergeBars(row.bars, x, width - 12)) {
        svg += `<rect class="bar ${row.kind}" x="${bar.x1}" y="${y + 3}" width="${bar.x2 - bar.x1}" ` +
          `height="14"><title>${SR.esc(bar.title)}</title></rect>`;
      }
    });
    // The compressed axis shortens idle gaps: a break mark where it does.
    for (const gap of this.axis.idleGaps(a0, a1)) {
      const gx = (x(gap.t0) + x(gap.t1)) / 2;
      svg += `<g class="axis-break"><path d="M${gx - 5},${height - 14}l4,-10M${gx + 1},${height - 14}l4,-10"/>` +
        `<title>${SR.esc(SR.fmtDuration(gap.t1 - gap.t0))} idle, shortened</title></g>`;
    }
    const ticks = this.axis.ticks(a0, a1, (width - left - 12) / Math.max(a1 - a0, 1e-9), 90);
    for (const tick of ticks) {
      const tx = x(tick.t);
      svg += `<line class="grid" x1="${tx}" x2="${tx}" y1="4" y2="${height - 18}"/>` +
        `<text class="tick" x="${tx}" y="${height - 4}">${SR.esc(SR.fmtTime(tick.t))}</text>`;
    }
    container.innerHTML = `<svg id="timeline-svg" width="${width}" height="${height}">${svg}</svg>`;
  }

  timelineRows() {
    const d = this.data;
    const rows = [];
    for (const f of SR.plannedWindows(d)) {
      rows.push({ label: f.label, kind: "planned " + f.kind, bars: [{ start: f.start, end: f.end, title: f.label }] });
    }
    const failed = [];
    const broken = [];
    for (let s = 0; s < d.sessionCount; s++) {
      const why = d.str(d.reason[s]);
      if (!why || why === "quit") continue;
      const bar = { start: d.open[s], end: Number.isNaN(d.close[s]) ? null : d.close[s],
        title: `session ${d.sessionId[s]} ${d.hosts[d.client[s]]} → ${d.hosts[d.server[s]]}: ${why}` };
      (d.lineTotal[s] === 0 ? failed : broken).push(bar);
    }
    if (failed.length) rows.push({ label: `failed connections (${failed.length})`, kind: "observed", bars: failed });
    if (broken.length) rows.push({ label: `broken sessions (${broken.length})`, kind: "observed", bars: broken });
    const o = d.outcomes;
    for (const outcome of ["delivered", "returned", "unreturnable"]) {
      const bars = [];
      for (let i = 0; i < o.t.length; i++) {
        if (d.str(o.outcome[i]) === outcome) bars.push({ start: o.t[i], end: o.t[i], title: `mail ${o.message[i]} ${outcome}: ${d.str(o.forward[i])}` });
      }
      if (bars.length) rows.push({ label: `${outcome} (${bars.length})`, kind: outcome, bars });
    }
    return rows;
  }

  // summary.json's per-host and per-link counters as tables.
  counters(container) {
    const s = this.data.summary;
    const hosts = s.hosts || {};
    const names = Object.keys(hosts);
    if (names.length) {
      const keys = Object.keys(hosts[names[0]]);
      container.append(SR.countersTable("hosts-table", ["host", ...keys.map((k) => SR.HOST_COUNTERS[k] || k)],
        names.map((n) => [n, ...keys.map((k) => hosts[n][k])])));
    }
    const links = s.links || [];
    if (links.length) {
      const keys = Object.keys(links[0]);
      container.append(SR.countersTable("links-table", keys, links.map((l) => keys.map((k) => l[k]))));
    }
  }
};

// Bars in pixels, those that touch merged into one (a large run has
// thousands of deliveries on one row).
SR.mergeBars = function (bars, x, right) {
  const out = [];
  for (const bar of [...bars].sort((a, b) => a.start - b.start)) {
    const x1 = x(bar.start);
    const x2 = bar.end === null ? right : Math.max(x(bar.end), x1 + 3);
    const last = out[out.length - 1];
    if (last && x1 <= last.x2 + 1) {
      last.x2 = Math.max(last.x2, x2);
      last.count++;
      last.title = `${last.count} events from ${SR.fmtTime(last.start)}`;
    } else {
      out.push({ x1, x2, count: 1, start: bar.start, title: bar.title });
    }
  }
  return out;
};

SR.countersTable = function (id, head, rows) {
  return SR.el("table", { id, class: "counters" },
    SR.el("thead", {}, SR.el("tr", {}, ...head.map((h) => SR.el("th", {}, h.replace(/_/g, " "))))),
    SR.el("tbody", {}, ...rows.map((r) => SR.el("tr", {}, ...r.map((v) =>
      SR.el("td", { class: typeof v === "number" ? "number" : "" }, v))))));
};

// The failure plan as windows on hosts: {kind, hosts, start, end, label}.
SR.plannedWindows = function (data) {
  const plan = (data.failures && data.failures.plan) || [];
  return plan.map((f) => {
    const names = f.hosts.map((h) => (h === null ? "?" : data.hosts[h]));
    const until = f["for"] === null ? "to the end" : "for " + SR.fmtDuration(f["for"]);
    return {
      kind: f.kind,
      hosts: f.hosts.filter((h) => h !== null),
      start: f.at,
      end: f["for"] === null ? null : f.at + f["for"],
      label: `${f.kind} ${names.join(" – ")}${f.detail ? " (" + f.detail + ")" : ""}, from ` +
        `${SR.fmtTime(f.at)} ${until}`,
    };
  });
};
