// smtpsim report: which sessions the ladder shows. By mail (only the
// sessions of the chosen mail and its notifications), by host (sessions with
// that host at either end) and by time window (sessions that overlap it).
"use strict";

SR.Filters = class {
  constructor(data) {
    this.data = data;
    this.onlyMail = false;
    this.host = -1;
    this.from = null;
    this.to = null;
    this.all = Array.from({ length: data.sessionCount }, (_, s) => s);
  }

  // Session indexes in time order.
  sessions(mail) {
    const d = this.data;
    const base = this.onlyMail && mail !== null ? d.mailSessions(mail) : this.all;
    if (this.host < 0 && this.from === null && this.to === null) return base;
    return base.filter((s) => {
      if (this.host >= 0 && d.client[s] !== this.host && d.server[s] !== this.host) return false;
      const end = Number.isNaN(d.close[s]) ? d.endTime : d.close[s];
      if (this.from !== null && end < this.from) return false;
      if (this.to !== null && d.open[s] > this.to) return false;
      return true;
    });
  }

  // Reads the form's controls; returns an error message or "".
  read(controls) {
    this.onlyMail = controls.onlyMail.checked;
    this.host = controls.host.value === "" ? -1 : Number(controls.host.value);
    const from = SR.parseDuration(controls.from.value);
    const to = SR.parseDuration(controls.to.value);
    if (Number.isNaN(from) || Number.isNaN(to)) {
      return "A time is a number of seconds, or a number with ms, s, min, h or d (10min).";
    }
    this.from = from;
    this.to = to;
    return "";
  }

  // The host list of the form: the hosts that took part in a session.
  fillHosts(select) {
    const d = this.data;
    for (const h of d.participants(this.all).sort((a, b) => d.hosts[a].localeCompare(d.hosts[b]))) {
      select.append(SR.el("option", { value: h }, d.hosts[h]));
    }
  }
};
