// smtpsim report: a mail's paths hop by hop. A table per mail (and per
// notification): hop | host | forward-path | reverse-path | Received: line,
// with the route element that moved at that hop marked (RFC 821 3.6: a relay
// deletes itself from the front of the forward-path and inserts itself at
// the front of the reverse-path), then the Return-Path and the mail text as
// delivered, headers included.
"use strict";

SR.PathsView = class {
  constructor(data, container) {
    this.data = data;
    this.container = container;
  }

  show(mail) {
    const d = this.data;
    this.container.replaceChildren();
    if (!d.mailStops.has(mail)) {
      this.container.append(SR.el("p", { class: "note" },
        mail === null ? "No mail in this run." : `No mail ${mail} in this run.`));
      return;
    }
    this.container.append(this.table(mail, "Mail " + mail));
    for (const n of d.notificationsOf.get(mail) || []) {
      this.container.append(this.table(n, `Notification ${n}, back to the sender (MAIL FROM:<>)`));
    }
    this.container.append(this.delivered(mail));
  }

  // The stay the mail came from: the latest stay at the sending host before this one.
  previousStop(stop) {
    const d = this.data;
    const from = d.fromHost(stop);
    let previous = -1;
    for (const other of d.mailStops.get(d.stops.message[stop])) {
      if (d.stops.host[other] === from && d.stops.in[other] <= d.stops.in[stop]) previous = other;
    }
    return previous;
  }

  table(message, caption) {
    const d = this.data;
    const st = d.stops;
    const hops = d.hopNumbers(message);
    const rows = (d.mailStops.get(message) || []).map((stop) => {
      const prev = this.previousStop(stop);
      return SR.el("tr", { "data-stop": stop, "data-host": d.hosts[st.host[stop]] },
        SR.el("td", { class: "number" }, hops.get(stop)),
        SR.el("td", {}, d.hosts[st.host[stop]]),
        SR.el("td", { class: "number" }, SR.fmtTime(st.in[stop])),
        this.forwardCell(stop, prev),
        this.pathCell(d.str(st.reverse[stop]), prev >= 0 ? d.str(st.reverse[prev]) : null, "reverse-path"),
        SR.el("td", { class: "received" }, st.received[stop] ? d.str(st.received[stop]) : "—"),
        SR.el("td", {}, this.fate(stop)));
    });
    return SR.el("table", { class: "paths", "data-message": message },
      SR.el("caption", {}, caption),
      SR.el("thead", {}, SR.el("tr", {}, ...["hop", "host", "arrived", "forward-path",
        "reverse-path", "Received: line", "then"].map((h) => SR.el("th", {}, h)))),
      SR.el("tbody", {}, ...rows));
  }

  fate(stop) {
    const st = this.data.stops;
    const what = [];
    if (st.submitted[stop]) what.push("submitted");
    if (st.ends[stop] & 1) what.push("relayed");
    if (st.ends[stop] & 2) what.push("delivered");
    if (st.ends[stop] & 4) what.push("failed");
    if (st.out[stop] === null) what.push("still held");
    return what.join(", ") + (st.out[stop] !== null ? " at " + SR.fmtTime(st.out[stop]) : "");
  }

  // Forward-paths, one per recipient, each against the same recipient's at
  // the previous host.
  forwardCell(stop, prev) {
    const d = this.data;
    const st = d.stops;
    const cell = SR.el("td", { class: "path", "data-field": "forward-path" });
    st.forward[stop].forEach((f, k) => {
      let before = null;
      if (prev >= 0) {
        const j = st.recipients[prev].indexOf(st.recipients[stop][k]);
        if (j >= 0) before = d.str(st.forward[prev][j]);
      }
      cell.append(SR.pathNode(d.str(f), before, "forward-path"), SR.el("br"));
    });
    return cell;
  }

  pathCell(path, before, kind) {
    return SR.el("td", { class: "path", "data-field": kind }, SR.pathNode(path, before, kind));
  }

  // Return-Path and the text as delivered, for each delivered copy.
  delivered(mail) {
    const d = this.data;
    const st = d.stops;
    const box = SR.el("div", { class: "delivered" });
    const stops = [mail, ...(d.notificationsOf.get(mail) || [])].flatMap((m) => d.mailStops.get(m));
    for (const stop of stops) {
      if (!(st.ends[stop] & 2)) continue;
      const header = "Return-Path: " + d.str(st.return[stop]);
      const text = SR.mailText(d, stop);
      const what = st.about[stop] ? `Notification ${st.message[stop]}` : `Mail ${mail}`;
      box.append(SR.el("h3", {}, `${what} as delivered at ${d.hosts[st.host[stop]]}, ${SR.fmtTime(st.out[stop])}`),
        SR.el("p", { class: "return-path" }, "Final ", SR.el("code", { "data-field": "return-path" }, header)),
        // The text's own empty lines stay: the one between header and body above all.
        text ? SR.el("pre", { class: "mail-text" }, [header, ...(st.received[stop] ? [d.str(st.received[stop])] : []),
          ...text].join("\n"))
          : SR.el("p", { class: "note" }, "Its text is not in this report: the session that " +
            "brought it is beyond the sessions whose lines were kept (smtpsim report DIR --mail " +
            mail + " keeps them)."));
    }
    if (!box.childElementCount) box.append(SR.el("p", { class: "note" }, "Not delivered (yet)."));
    return box;
  }
};

// A path as text with the element that moved marked: for a reverse-path,
// the element added at its front; for a forward-path, the one taken off it.
SR.pathNode = function (path, before, kind) {
  const span = SR.el("span", { class: "path-text" });
  const now = SR.parsePath(path);
  const was = before === null ? null : SR.parsePath(before);
  const same = (a, b) => a.length === b.length && a.every((x, i) => x.toLowerCase() === b[i].toLowerCase());
  const parts = now ? now.route.map((e) => "@" + e) : [];
  let added = false;
  let removed = null;
  if (now && was && kind === "reverse-path") {
    added = now.route.length === was.route.length + 1 && same(now.route.slice(1), was.route);
  } else if (now && was && kind === "forward-path") {
    removed = was.route.length === now.route.length + 1 && same(was.route.slice(1), now.route)
      ? "@" + was.route[0] : null;
  }
  if (!now) {
    span.append(path);
    return span;
  }
  span.append("<");
  if (removed) span.append(SR.el("del", { class: "moved", title: "taken off the forward-path here" },
    removed + (parts.length ? "," : ":")));
  parts.forEach((p, i) => {
    span.append(i === 0 && added ? SR.el("mark", { class: "moved", title: "added to the reverse-path here" }, p) : p);
    span.append(i + 1 < parts.length ? "," : ":");
  });
  span.append(now.mailbox + ">");
  return span;
};

// The text lines of the mail a stay received, as its host read them (RFC 821
// 4.5.2: a leading "." taken off); null when the session's lines are not kept.
SR.mailText = function (data, stop) {
  const via = data.stops.via[stop];
  if (via < 0 || data.firstLine[via] < 0) return null;
  const k = (data.sessionMails.get(via) || []).indexOf(data.stops.message[stop]);
  const blocks = SR.acceptedTexts(data, via);
  if (k < 0 || k >= blocks.length) return null;
  return blocks[k].map((i) => {
    const t = data.text(i);
    return t.startsWith(".") ? t.slice(1) : t;
  });
};

// The mail texts of a session that the server accepted (2xx after the "."),
// each as its line indexes.
SR.acceptedTexts = function (data, session) {
  const K = SR.LINE_KIND;
  const blocks = [];
  let current = null;
  let waiting = null;
  const first = data.firstLine[session];
  for (let i = first; i < first + data.lineTotal[session]; i++) {
    const kind = data.lineKind[i];
    if (kind === K.text) (current = current || []).push(i);
    else if (kind === K.end) { waiting = current || []; current = null; }
    else if (kind === K.reply && waiting) {
      if (data.text(i).startsWith("2")) blocks.push(waiting);
      waiting = null;
    }
  }
  return blocks;
};
