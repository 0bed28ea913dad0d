// smtpsim report: stepping through a mail's journey, event by event: every
// line of the sessions that carried it (or its notifications), the attempts
// that failed, and its arrivals at and departures from hosts. Previous, next,
// play and pause at a chosen speed; whoever listens (onStep) draws.
"use strict";

SR.Stepper = class {
  constructor(data) {
    this.data = data;
    this.events = [];
    this.index = -1; // -1: before the first event (the whole journey shown)
    this.speed = 4; // events per second when playing
    this.timer = null;
    this.onStep = () => {};
  }

  // The events of a mail's journey (null: of every line of `sessions`).
  load(mail, sessions) {
    this.pause();
    this.events = mail === null ? this.lineEvents(sessions) : this.mailEvents(mail);
    this.index = -1;
    this.onStep(null);
  }

  lineEvents(sessions) {
    const events = [];
    for (const s of sessions) this.sessionEvents(s, events);
    return events.sort(SR.Stepper.order);
  }

  sessionEvents(s, events) {
    const d = this.data;
    if (d.firstLine[s] >= 0 && d.lineTotal[s] > 0) {
      for (let i = d.firstLine[s]; i < d.firstLine[s] + d.lineTotal[s]; i++) {
        events.push({ kind: "line", t: d.lineT[i], t2: d.arrive[i], line: i, session: s, rank: 1 });
      }
    } else {
      const end = Number.isNaN(d.close[s]) ? d.open[s] : d.close[s];
      events.push({ kind: d.lineTotal[s] ? "session" : "attempt", t: d.open[s], t2: end, session: s, rank: 1 });
    }
  }

  mailEvents(mail) {
    const d = this.data;
    const st = d.stops;
    const events = [];
    for (const s of d.mailSessions(mail)) this.sessionEvents(s, events);
    for (const m of [mail, ...(d.notificationsOf.get(mail) || [])]) {
      for (const stop of d.mailStops.get(m) || []) {
        const who = (st.about[stop] ? "notification " : "mail ") + m;
        const arrived = st.submitted[stop] ? "submitted at" : "accepted by";
        events.push({ kind: "hop", t: st.in[stop], host: st.host[stop], stop,
          title: `${who} ${arrived} ${d.hosts[st.host[stop]]}`, rank: st.submitted[stop] ? 0 : 2 });
        const fate = st.ends[stop] & 2 ? "delivered at" : st.ends[stop] & 4 ? "failed at" : null;
        if (fate && st.out[stop] !== null) {
          events.push({ kind: "hop", t: st.out[stop], host: st.host[stop], stop,
            title: `${who} ${fate} ${d.hosts[st.host[stop]]}`, rank: 2 });
        }
      }
    }
    return events.sort(SR.Stepper.order);
  }

  // By time; at one instant a submission first, then lines in the order
  // written, then arrivals at hosts.
  static order(a, b) {
    return a.t - b.t || a.rank - b.rank || (a.line ?? -1) - (b.line ?? -1);
  }

  get current() { return this.index >= 0 ? this.events[this.index] : null; }

  go(index) {
    this.index = Math.max(-1, Math.min(index, this.events.length - 1));
    this.onStep(this.current);
  }

  next() {
    if (this.index + 1 >= this.events.length) {
      this.pause();
      return;
    }
    this.go(this.index + 1);
  }

  previous() { this.go(this.index - 1); }

  // Steps to the event of this line when it is one of the journey's.
  goToLine(line) {
    const k = this.events.findIndex((e) => e.line === line);
    if (k >= 0) this.go(k);
    return k >= 0;
  }

  play() {
    if (this.timer !== null) return;
    if (this.index + 1 >= this.events.length) this.index = -1;
    this.timer = setInterval(() => this.next(), 1000 / this.speed);
    this.onPlay(true);
  }

  pause() {
    if (this.timer === null) return;
    clearInterval(this.timer);
    this.timer = null;
    this.onPlay(false);
  }

  toggle() { if (this.timer === null) this.play(); else this.pause(); }

  setSpeed(speed) {
    this.speed = speed;
    if (this.timer !== null) {
      this.pause();
      this.play();
    }
  }

  onPlay() {}
};
