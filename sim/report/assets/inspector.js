// smtpsim report: the current event, explained. For a line: who wrote it to
// whom and when it arrived, the session's state and the reply's class, and
// for MAIL and RCPT the path it carries with the element that moved at this
// hop marked; for a hop: the mail's paths as they stand at that host. Then
// where the chosen mail's copies are at that instant.
"use strict";

SR.Inspector = class {
  constructor(data, container, paths) {
    this.data = data;
    this.container = container;
    this.paths = paths; // for the stay before a given one
  }

  field(name, label, value) {
    return SR.el("div", { class: "field" }, SR.el("span", { class: "key" }, label),
      SR.el("span", { class: "value", "data-field": name }, value));
  }

  show(event, mail) {
    const box = this.container;
    box.replaceChildren();
    if (!event) {
      box.append(SR.el("p", { class: "note" }, "Step through the mail with ▶ (or the arrow " +
        "keys), or click an arrow of the ladder."));
    } else if (event.kind === "line") {
      this.line(event.line, mail);
    } else if (event.kind === "hop") {
      this.hop(event.stop, event.what, event.t);
    } else if (event.session !== undefined) {
      this.session(event.session);
    } else {
      this.other(event);
    }
    if (mail !== null && event) this.whereIs(mail, event.t);
  }

  sessionText(s) {
    const d = this.data;
    return `session ${d.sessionId[s]}: ${d.hosts[d.client[s]]} → ${d.hosts[d.server[s]]}` +
      (d.notification[s] ? " (a notification)" : "");
  }

  line(i, mail) {
    const d = this.data;
    const s = d.lineSession[i];
    const writer = d.lineFrom[i];
    const reader = d.lineTo[i];
    const box = this.container;
    box.append(this.field("session", "session", this.sessionText(s)),
      this.field("time", "written → arrived", `${SR.fmtTime(d.lineT[i])} → ${SR.fmtTime(d.arrive[i])}` +
        (d.arrivalEstimated[i] ? " (arrival estimated: the trace does not say)" : "")),
      this.field("direction", "from → to", `${d.hosts[writer]} (${d.lineSide[i] ? "receiver" : "sender"}-SMTP)` +
        ` → ${d.hosts[reader]}`),
      this.field("text", d.lineSide[i] ? "R:" : "S:", d.text(i)));
    if (d.lineState && d.lineState[i]) {
      box.append(this.field("state", "receiver's state", d.str(d.lineState[i])));
    }
    if (d.lineKind[i] === SR.LINE_KIND.reply) {
      // 3xx is intermediate (RFC 821 4.3's I), not a completion: said once.
      const cls = d.replyClass(i) === "positive" && d.text(i).startsWith("3") ? "intermediate" : d.replyClass(i);
      const traced = d.tracedClass(i);
      box.append(this.field("class", "reply class", (SR.REPLY_MEANING[cls] || cls) +
        (traced && traced !== cls ? ` (the trace says ${traced})` : "")));
    }
    const command = d.lineSide[i] ? null : SR.commandPath(d.text(i));
    if (command) this.commandPath(command, s, mail, writer, reader);
  }

  // The path of a MAIL or RCPT, against the path at the previous host.
  commandPath(command, s, mail, client, server) {
    const d = this.data;
    const carried = d.sessionMails.get(s) || (mail !== null ? [mail] : []);
    let before = null;
    for (const m of carried) {
      const here = (d.mailStops.get(m) || []).filter((x) => d.stops.host[x] === client &&
        d.stops.in[x] <= d.open[s]).pop();
      const prev = here === undefined ? -1 : this.paths.previousStop(here);
      if (prev < 0) continue;
      if (command.kind === "reverse-path") before = d.str(d.stops.reverse[prev]);
      else before = SR.sameMailbox(d.stops.forward[prev].map((f) => d.str(f)), command.path);
      if (before !== null) break;
    }
    this.container.append(SR.el("div", { class: "field" },
      SR.el("span", { class: "key" }, command.kind),
      SR.el("span", { class: "value path", "data-field": command.kind },
        SR.pathNode(command.path, before, command.kind))));
    this.container.append(SR.el("p", { class: "explain" }, SR.explainPath(command, d.hosts[client],
      d.hosts[server])));
  }

  // A routing change, a planned failure's start or end, a recipient returned.
  other(event) {
    const d = this.data;
    this.container.append(this.field("kind", "event", event.what),
      this.field("time", "at", SR.fmtTime(event.t)),
      this.field("host", "host", event.host >= 0 ? d.hosts[event.host] : "—"),
      this.field("text", "what", event.label));
  }

  // A hop record: what happened to the mail at this host (its true kind).
  hop(stop, kind, t) {
    const d = this.data;
    const st = d.stops;
    const prev = this.paths.previousStop(stop);
    const what = st.about[stop] ? `notification ${st.message[stop]}` : `mail ${st.message[stop]}`;
    this.container.append(
      this.field("hop", "at " + d.hosts[st.host[stop]], `${what} ${kind} at ${SR.fmtTime(t)}`),
      this.field("forward-path", "forward-path", SR.el("span", { class: "path" },
        ...st.forward[stop].map((f) => SR.pathNode(d.str(f), null, "forward-path")))),
      this.field("reverse-path", "reverse-path", SR.el("span", { class: "path" },
        SR.pathNode(d.str(st.reverse[stop]), prev >= 0 ? d.str(st.reverse[prev]) : null, "reverse-path"))));
    if (st.received[stop]) this.container.append(this.field("received", "added", d.str(st.received[stop])));
  }

  session(s) {
    const d = this.data;
    const why = d.str(d.reason[s]);
    this.container.append(this.field("session", "session", this.sessionText(s)),
      this.field("time", "open", `${SR.fmtTime(d.open[s])} → ${SR.fmtTime(d.close[s])}`),
      this.field("text", "ended", why === "quit" ? "by QUIT" : why || "still open"),
      this.field("lines", "lines", d.firstLine[s] < 0 && d.lineTotal[s] > 0
        ? `${d.lineTotal[s]} (not kept in this report)` : String(d.lineTotal[s])));
  }

  whereIs(mail, t) {
    const d = this.data;
    const copies = SR.journey(d, mail, t).copies;
    const text = copies.length === 0 ? "not yet submitted" : copies.map((c) =>
      `${c.kind === "bounce" ? "notification " : ""}${c.state} at ${d.hosts[c.host]}`).join("; ");
    this.container.append(this.field("where", `mail ${mail} at this instant`, text));
  }
};

SR.REPLY_MEANING = {
  positive: "positive completion (2xx): done",
  intermediate: "intermediate (3xx): the receiver waits for the rest (RFC 821 4.2, 4.3)",
  transient: "transient failure (4xx): the sender keeps the mail and tries again later",
  permanent: "permanent failure (5xx): refused for good; the mail goes back to its sender",
  unknown: "not a reply code",
};

// Of `paths`, the one with the same mailbox as `path`, or null.
SR.sameMailbox = function (paths, path) {
  const target = SR.parsePath(path);
  for (const p of paths) {
    const parsed = SR.parsePath(p);
    if (parsed && target && parsed.mailbox.toLowerCase() === target.mailbox.toLowerCase()) return p;
  }
  return null;
};

// A sentence on what the path of a MAIL or RCPT means at this hop (RFC 821 3.6).
SR.explainPath = function (command, client, server) {
  const p = SR.parsePath(command.path);
  if (!p) return "";
  const is = (a, b) => a.toLowerCase() === b.toLowerCase();
  if (command.kind === "reverse-path") {
    if (p.mailbox === "") return "A null reverse-path: an undeliverable-mail notification. " +
      "No notification is ever sent about it.";
    if (p.route.length && is(p.route[0], client)) return `${client} has put itself at the front ` +
      "of the reverse-path: a notification can come back the way the mail went.";
    return `The reverse-path is the sender's mailbox: ${client} is where the mail starts.`;
  }
  if (p.route.length && is(p.route[0], server)) return `The forward-path starts with the next ` +
    `host, ${server}: it will take itself off and pass the mail on.`;
  if (p.route.length) return `A source route: ${server} is not its first element.`;
  return `A plain mailbox: ${server} delivers it, or sends it on by its own routes.`;
};
