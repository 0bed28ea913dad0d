// smtpsim report: the event list beside the ladder, as Packet Tracer's
// simulation mode has it: one row per event (time, host, kind, what),
// filtered by kind, host and mail; a click steps to the event. Only the rows
// in view are in the page, so that a run of a million events scrolls.
"use strict";

SR.EventListView = class {
  constructor(events, container) {
    this.events = events;
    this.container = container; // a scrolling element
    this.list = new Int32Array(0);
    this.current = -1; // position in the list
    this.rowHeight = 42;
    this.onPick = () => {};
    this.spacer = SR.el("div", { class: "event-spacer" });
    container.replaceChildren(this.spacer);
    container.addEventListener("scroll", () => this.render());
    container.addEventListener("click", (e) => {
      const row = e.target.closest("[data-position]");
      if (row) this.onPick(Number(row.dataset.position));
    });
  }

  setList(list) {
    this.list = list;
    this.spacer.style.height = list.length * this.rowHeight + "px";
    this.render();
  }

  setCurrent(position) {
    this.current = position;
    if (position >= 0) {
      const top = position * this.rowHeight;
      const box = this.container;
      if (top < box.scrollTop || top + this.rowHeight > box.scrollTop + box.clientHeight) {
        box.scrollTop = Math.max(0, top - box.clientHeight / 3);
      }
    }
    this.render();
  }

  render() {
    const box = this.container;
    const first = Math.max(0, Math.floor(box.scrollTop / this.rowHeight) - 5);
    const last = Math.min(this.list.length, first + Math.ceil(box.clientHeight / this.rowHeight) + 10);
    const rows = [];
    const d = this.events.data;
    for (let k = first; k < last; k++) {
      const ev = this.events.describe(this.list[k]);
      const row = SR.el("div", { class: `event-row ${SR.kindClass(ev.what)}${k === this.current ? " current" : ""}`,
        "data-position": k, "data-kind": ev.what, style: `top:${k * this.rowHeight}px`,
        title: ev.label },
      SR.el("div", {}, SR.el("span", { class: "event-time" }, SR.fmtTime(ev.t)),
        SR.el("span", { class: "event-host" }, ev.host >= 0 ? d.hosts[ev.host] : ""),
        SR.el("span", { class: "event-kind" }, ev.what)),
      SR.el("div", { class: "event-text" }, ev.label));
      rows.push(row);
    }
    box.replaceChildren(this.spacer, ...rows);
  }

  // The filters' choices: kind groups, hosts that appear, mails.
  fillFilters(kindSelect, hostSelect, mailSelect) {
    const d = this.events.data;
    for (const [value, text] of Object.entries(SR.EVENT_GROUPS)) {
      if (value) kindSelect.append(SR.el("option", { value }, text));
    }
    d.hosts.forEach((name, h) => hostSelect.append(SR.el("option", { value: h }, name)));
    for (const m of d.mailIds.slice(0, 2000)) mailSelect.append(SR.el("option", { value: m }, "mail " + m));
  }
};

SR.kindClass = function (what) { return "ev-" + String(what).replace(/\s+/g, "-"); };
