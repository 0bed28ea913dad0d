// smtpsim report: every event of the run in one list, in time order: each
// SMTP line (written, with when it arrived), each connection that failed,
// each hop record (submitted, accepted, relayed, delivered, failed, as the
// trace names it), each recipient returned or unreturnable, each change of
// a routing table, each start and end of a planned failure. The list is
// columns (kind, what it refers to, time); views ask for one event's
// description.
"use strict";

SR.EVENT_KINDS = ["line", "connect", "session", "submitted", "accepted", "relayed", "delivered",
  "failed", "returned", "unreturnable", "routing", "failure start", "failure end"];
SR.EVENT_GROUPS = {
  "": "every kind",
  line: "SMTP lines",
  hop: "mail at hosts (submitted … failed)",
  outcome: "returned, unreturnable",
  routing: "routing updates",
  failure: "failures (planned, connections)",
};

SR.RunEvents = class {
  constructor(data) {
    this.data = data;
    const d = data;
    const kinds = [];
    const refs = [];
    const times = [];
    const ranks = [];
    const add = (kind, ref, t, rank) => {
      kinds.push(SR.EVENT_KINDS.indexOf(kind));
      refs.push(ref);
      times.push(t);
      ranks.push(rank);
    };
    this.plan = SR.plannedWindows(d);
    this.plan.forEach((f, k) => {
      add("failure start", k, f.start, 0);
      if (f.end !== null) add("failure end", k, f.end, 0);
    });
    const r = d.routing;
    if (r) for (let k = 0; k < r.t.length; k++) add("routing", k, r.t[k], 1);
    for (let s = 0; s < d.sessionCount; s++) {
      if (d.firstLine[s] >= 0 && d.lineTotal[s] > 0) {
        for (let i = d.firstLine[s]; i < d.firstLine[s] + d.lineTotal[s]; i++) add("line", i, d.lineT[i], 3);
      } else {
        add(d.lineTotal[s] ? "session" : "connect", s, d.open[s], 3);
      }
    }
    const h = d.hops;
    for (let k = 0; k < h.t.length; k++) add(h.kind[k], k, h.t[k], h.kind[k] === "submitted" ? 2 : 4);
    const o = d.outcomes;
    for (let k = 0; k < o.t.length; k++) {
      const outcome = d.str(o.outcome[k]);
      if (outcome === "returned" || outcome === "unreturnable") add(outcome, k, o.t[k], 5);
    }
    // By time; at one instant: failures, routing, submissions, lines in the
    // order written, hop records in the trace's order, outcomes.
    const order = Array.from(times.keys());
    order.sort((a, b) => times[a] - times[b] || ranks[a] - ranks[b] || refs[a] - refs[b] || a - b);
    this.count = order.length;
    this.kind = Uint8Array.from(order, (k) => kinds[k]);
    this.ref = Int32Array.from(order, (k) => refs[k]);
    this.t = Float64Array.from(order, (k) => times[k]);
  }

  kindName(e) { return SR.EVENT_KINDS[this.kind[e]]; }

  group(e) {
    const kind = this.kindName(e);
    if (kind === "line" || kind === "session") return "line";
    if (kind === "returned" || kind === "unreturnable") return "outcome";
    if (kind === "routing") return "routing";
    if (kind === "connect" || kind.startsWith("failure")) return "failure";
    return "hop";
  }

  // One event as the views need it: kind, times, host, the mail it concerns,
  // a label, and what to point at (a line, a stay, a session).
  describe(e) {
    const d = this.data;
    const kind = this.kindName(e);
    const ref = this.ref[e];
    const base = { index: e, kind, t: this.t[e], t2: this.t[e], host: -1, mail: 0 };
    if (kind === "line") {
      const s = d.lineSession[ref];
      return { ...base, t2: d.arrive[ref], line: ref, session: s, host: d.lineFrom[ref],
        to: d.lineTo[ref], label: (d.lineSide[ref] ? "R: " : "S: ") + d.text(ref),
        what: SR.LINE_NAMES[d.lineKind[ref]] };
    }
    if (kind === "connect" || kind === "session") {
      const end = Number.isNaN(d.close[ref]) ? d.open[ref] : d.close[ref];
      return { ...base, t2: end, session: ref, host: d.client[ref], to: d.server[ref],
        label: `${kind === "connect" ? "connection failed" : "session"} ${d.hosts[d.client[ref]]} → ` +
          `${d.hosts[d.server[ref]]}: ${d.str(d.reason[ref]) || "still open"}`, what: kind };
    }
    if (kind === "routing") return this.routingEvent(base, ref);
    if (kind.startsWith("failure")) {
      const f = this.plan[ref];
      return { ...base, host: f.hosts.length ? f.hosts[0] : -1, failure: ref,
        label: (kind === "failure start" ? "" : "end of ") + f.label, what: kind };
    }
    if (kind === "returned" || kind === "unreturnable") {
      const o = d.outcomes;
      return { ...base, host: o.host[ref], mail: o.message[ref], outcome: ref, what: kind,
        label: `mail ${o.message[ref]} ${kind}: ${d.str(o.forward[ref])}` +
          (o.code[ref] ? ` (${o.code[ref]} ${d.str(o.reply[ref])})` : "") };
    }
    const stop = d.hops.stop[ref];
    const st = d.stops;
    const mail = st.about[stop] || st.message[stop];
    const who = (st.about[stop] ? "notification " : "mail ") + st.message[stop];
    return { ...base, kind: "hop", what: kind, host: st.host[stop], stop, mail,
      label: `${who} ${kind} at ${d.hosts[st.host[stop]]}`, title: `${who} ${kind} at ${d.hosts[st.host[stop]]}` };
  }

  routingEvent(base, k) {
    const d = this.data;
    const r = d.routing;
    const via = r.next_hop[k] < 0 ? "unreachable" : `via ${d.hosts[r.next_hop[k]]}`;
    return { ...base, kind: "routing", what: "routing", host: r.host[k], routing: k,
      label: `${d.hosts[r.host[k]]}: to ${d.hosts[r.destination[k]]} ${via}, distance ${r.distance[k]}` };
  }

  // Whether event e concerns `mail` (and its notifications): its lines'
  // sessions, its stays, its outcomes.
  concerns(e, mail, sessions) {
    const d = this.data;
    const kind = this.kindName(e);
    const ref = this.ref[e];
    if (kind === "line") return sessions.has(d.lineSession[ref]);
    if (kind === "connect" || kind === "session") return sessions.has(ref);
    if (kind === "returned" || kind === "unreturnable") return d.outcomes.message[ref] === mail;
    if (kind === "routing" || kind.startsWith("failure")) return false;
    const stop = d.hops.stop[ref];
    return d.stops.message[stop] === mail || d.stops.about[stop] === mail;
  }

  // The events that pass the filters (group, host index or -1, mail or null),
  // as indexes in time order.
  select(group, host, mail) {
    const d = this.data;
    const sessions = mail === null ? null : new Set(d.mailSessions(mail));
    const out = [];
    for (let e = 0; e < this.count; e++) {
      if (group && this.group(e) !== group) continue;
      if (mail !== null && !this.concerns(e, mail, sessions)) continue;
      if (host >= 0 && !this.touches(e, host)) continue;
      out.push(e);
    }
    return Int32Array.from(out);
  }

  touches(e, host) {
    const ev = this.describe(e);
    return ev.host === host || ev.to === host;
  }
};

SR.LINE_NAMES = ["command", "reply", "mail text", "end of text"];
