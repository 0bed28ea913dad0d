// smtpsim report: the run's data (written by `smtpsim report` as columns)
// turned into typed arrays and the indexes the views need: which session
// each line belongs to, where each mail stayed, which sessions carried it.
"use strict";

SR.LINE_KIND = { command: 0, reply: 1, text: 2, end: 3 };

SR.RunData = class {
  constructor(raw) {
    this.summary = raw.summary || {};
    this.strings = raw.strings;
    this.hosts = raw.hosts;
    this.links = raw.links;
    this.failures = raw.failures;
    this.detail = raw.detail;
    this.traceHasEvents = raw.trace.events;
    this.readSessions(raw.sessions);
    this.readLines(raw.lines);
    this.stops = raw.stops;
    this.outcomes = raw.outcomes;
    this.hops = raw.hops || { t: [], kind: [], stop: [] };
    this.routing = raw.routing || null; // routing.jsonl's changes, for distance-vector runs
    this.indexStops();
    this.indexSessionsByClient();
  }

  readSessions(s) {
    const n = s.id.length;
    this.sessionCount = n;
    this.sessionId = s.id;
    this.client = Int32Array.from(s.client);
    this.server = Int32Array.from(s.server);
    this.open = Float64Array.from(s.open);
    this.close = Float64Array.from(s.close, (c) => (c === null ? NaN : c));
    this.reason = s.reason;
    this.notification = Uint8Array.from(s.notification);
    this.lineTotal = s.lines;
    this.worst = s.worst;
    this.firstLine = Int32Array.from(s.first);
    this.endTime = 0;
    for (let i = 0; i < n; i++) {
      this.endTime = Math.max(this.endTime, this.open[i], this.close[i] || 0);
    }
  }

  readLines(l) {
    const n = l.t.length;
    this.lineCount = n;
    this.lineT = Float64Array.from(l.t);
    this.lineSide = Uint8Array.from(l.side); // 0: client ("S:"), 1: server ("R:")
    this.lineText = Int32Array.from(l.text);
    this.lineState = l.state || null; // the receiver's state, when the trace has it
    this.lineClass = l["class"] || null; // a reply's class, when the trace has it
    this.lineSession = new Int32Array(n);
    for (let s = 0; s < this.sessionCount; s++) {
      const first = this.firstLine[s];
      if (first < 0) continue;
      for (let k = 0; k < this.lineTotal[s]; k++) this.lineSession[first + k] = s;
    }
    this.arrivalTraced = Boolean(l.arrive);
    this.lineArrive = l.arrive ? Float64Array.from(l.arrive, (a) => (a === null ? NaN : a))
      : null;
    this.estimateArrivals();
    this.classifyLines();
    for (let i = 0; i < n; i++) this.endTime = Math.max(this.endTime, this.arrive[i]);
  }

  // Until the trace says when a line arrived, a line is drawn to the next
  // line the other side wrote in the session (its answer), or to the end of
  // the session: never later than it can have arrived.
  estimateArrivals() {
    const n = this.lineCount;
    this.arrive = new Float64Array(n);
    this.arrivalEstimated = new Uint8Array(n);
    for (let s = 0; s < this.sessionCount; s++) {
      const first = this.firstLine[s];
      if (first < 0) continue;
      const end = first + this.lineTotal[s];
      let next = [NaN, NaN]; // the next line written by the client, by the server
      for (let i = end - 1; i >= first; i--) {
        const traced = this.lineArrive ? this.lineArrive[i] : NaN;
        const other = next[1 - this.lineSide[i]];
        if (!Number.isNaN(traced)) {
          this.arrive[i] = traced;
        } else {
          const bound = !Number.isNaN(other) ? other
            : !Number.isNaN(this.close[s]) ? this.close[s] : this.lineT[i] + 0.001;
          this.arrive[i] = Math.max(this.lineT[i], bound);
          this.arrivalEstimated[i] = 1;
        }
        next[this.lineSide[i]] = this.lineT[i];
      }
    }
  }

  // What each line is: a command, a reply, a line of mail text, or the "."
  // that ends the text (RFC 821 4.1.1 DATA); and how long each text is.
  // Who wrote each line: the session's client writes the commands until a
  // TURN is answered 250, then the server does (RFC 821 4.1.1 TURN).
  classifyLines() {
    const K = SR.LINE_KIND;
    this.lineKind = new Uint8Array(this.lineCount);
    this.lineFrom = new Int32Array(this.lineCount);
    this.lineTo = new Int32Array(this.lineCount);
    this.textLength = new Map(); // first text line -> lines up to the "."
    for (let s = 0; s < this.sessionCount; s++) {
      const first = this.firstLine[s];
      if (first < 0) continue;
      let inText = false;
      let start = -1;
      let turned = false;
      let turnAsked = false;
      for (let i = first; i < first + this.lineTotal[s]; i++) {
        const text = this.text(i);
        const sender = turned ? this.server[s] : this.client[s];
        const receiver = turned ? this.client[s] : this.server[s];
        this.lineFrom[i] = this.lineSide[i] === 1 ? receiver : sender;
        this.lineTo[i] = this.lineSide[i] === 1 ? sender : receiver;
        if (this.lineSide[i] === 1) {
          if (turnAsked && text.startsWith("250")) turned = !turned;
          turnAsked = false;
          this.lineKind[i] = K.reply;
          inText = text.startsWith("354");
          start = -1;
        } else if (inText && text === ".") {
          this.lineKind[i] = K.end;
          inText = false;
        } else if (inText) {
          this.lineKind[i] = K.text;
          if (start < 0) start = i;
          this.textLength.set(start, (this.textLength.get(start) || 0) + 1);
        } else {
          this.lineKind[i] = K.command;
          turnAsked = /^TURN$/i.test(text);
        }
      }
    }
  }

  text(i) { return this.strings[this.lineText[i]]; }
  str(i) { return this.strings[i]; }

  // A reply's class: the trace's when it names one of the three (positive,
  // transient or permanent, with or without "_failure"), else by its first digit.
  replyClass(line) {
    const traced = this.tracedClass(line).toLowerCase().replace(/[_ -]failure$/, "");
    return SR.CLASS_COLOURS[traced] && traced !== "unknown" ? traced : SR.replyClassOf(this.text(line));
  }

  tracedClass(line) {
    return this.lineClass && this.lineClass[line] ? this.strings[this.lineClass[line]] : "";
  }

  // Stays by mail, notifications by the mail they report on, mails by session.
  indexStops() {
    const st = this.stops;
    this.mailStops = new Map();
    this.notificationsOf = new Map();
    this.sessionMails = new Map();
    for (let i = 0; i < st.message.length; i++) {
      const m = st.message[i];
      if (!this.mailStops.has(m)) {
        this.mailStops.set(m, []);
        if (st.about[i]) {
          if (!this.notificationsOf.has(st.about[i])) this.notificationsOf.set(st.about[i], []);
          this.notificationsOf.get(st.about[i]).push(m);
        }
      }
      this.mailStops.get(m).push(i);
      if (st.via[i] >= 0) {
        if (!this.sessionMails.has(st.via[i])) this.sessionMails.set(st.via[i], []);
        this.sessionMails.get(st.via[i]).push(m);
      }
    }
    for (const list of this.mailStops.values()) list.sort((a, b) => st.in[a] - st.in[b]);
    this.mailIds = [...this.mailStops.keys()].filter((m) => !this.aboutOf(m)).sort((a, b) => a - b);
  }

  aboutOf(message) {
    const stops = this.mailStops.get(message);
    return stops ? this.stops.about[stops[0]] : 0;
  }

  indexSessionsByClient() {
    this.clientSessions = this.hosts.map(() => []);
    for (let s = 0; s < this.sessionCount; s++) this.clientSessions[this.client[s]].push(s);
  }

  // The host a stay's mail came from: the other end of the session that
  // brought it (its client, or its server after a TURN).
  fromHost(stop) {
    const via = this.stops.via[stop];
    if (via < 0) return -1;
    return this.client[via] === this.stops.host[stop] ? this.server[via] : this.client[via];
  }

  // The sessions that took part in a mail's journey, in time order: those
  // that carried it or its notifications, and the attempts that failed
  // between (sessions from a host that held it, to its next host, that
  // carried no mail).
  mailSessions(message) {
    const found = new Set();
    const messages = [message, ...(this.notificationsOf.get(message) || [])];
    for (const m of messages) {
      const stops = this.mailStops.get(m) || [];
      for (const stop of stops) {
        if (this.stops.via[stop] >= 0) found.add(this.stops.via[stop]);
        this.addAttempts(stop, stops, found);
      }
    }
    return [...found].sort((a, b) => this.open[a] - this.open[b] || a - b);
  }

  addAttempts(stop, stops, found) {
    const st = this.stops;
    const host = st.host[stop];
    const next = new Set();
    for (const other of stops) {
      if (st.via[other] >= 0 && this.client[st.via[other]] === host) next.add(st.host[other]);
    }
    const until = st.out[stop] === null ? Infinity : st.out[stop];
    const list = this.clientSessions[host];
    const from = SR.lowerBound(list.map((s) => this.open[s]), st.in[stop]);
    for (let k = from; k < list.length && this.open[list[k]] <= until; k++) {
      const s = list[k];
      if (this.sessionMails.has(s)) continue;
      if (next.size === 0 || next.has(this.server[s])) found.add(s);
    }
  }

  // Hop numbers of a mail's stays: 0 where it was submitted, then one more
  // than the stay it came from.
  hopNumbers(message) {
    const st = this.stops;
    const hops = new Map();
    const latestAt = new Map(); // host -> hop number of the latest stay there
    for (const stop of this.mailStops.get(message) || []) {
      const from = this.fromHost(stop);
      const hop = st.submitted[stop] || from < 0 ? 0 : (latestAt.get(from) ?? 0) + 1;
      hops.set(stop, hop);
      latestAt.set(st.host[stop], hop);
    }
    return hops;
  }

  // Index of the topology link between two hosts, or -1.
  linkBetween(a, b) {
    if (!this.linkIndex) {
      this.linkIndex = new Map();
      this.links.a.forEach((x, i) => {
        this.linkIndex.set(x + "," + this.links.b[i], i);
        this.linkIndex.set(this.links.b[i] + "," + x, i);
      });
    }
    const i = this.linkIndex.get(a + "," + b);
    return i === undefined ? -1 : i;
  }

  // The hosts that took part in a session, in order of first appearance.
  participants(sessions) {
    const seen = new Set();
    const order = [];
    for (const s of sessions) {
      for (const h of [this.client[s], this.server[s]]) {
        if (!seen.has(h)) {
          seen.add(h);
          order.push(h);
        }
      }
    }
    return order;
  }
};
