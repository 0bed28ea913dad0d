// smtpsim report: the ladder diagram (sequence chart) as a view: one
// lifeline per host that took part, time going down, the sessions the
// filters let through. It keeps the view (the time at the top and the
// zoom), answers wheel, drag and clicks, and draws only what is in view
// (ladder_draw.js builds the SVG).
"use strict";

SR.Ladder = class {
  constructor(data, axis, container) {
    this.data = data;
    this.axis = axis;
    this.container = container;
    this.svg = container.querySelector("svg");
    this.sessions = [];
    this.hostsShown = [];
    this.failures = [];
    this.current = null;
    this.a0 = 0; // axis position at the top of the drawing area
    this.scale = 24; // pixels per axis unit
    this.onPick = () => {};
    this.onView = () => {};
    this.pending = false;
    this.colWidth = SR.Ladder.COLUMN;
    this.listen();
  }

  static get HEAD() { return 46; }
  static get GUTTER() { return 84; }
  static get COLUMN() { return 160; } // the narrowest column

  // The sessions to draw (indexes, in time order) and so the lifelines,
  // ordered along the mail's route.
  setSessions(list, mail) {
    this.sessions = list;
    this.hostsShown = SR.routeOrder(this.data, mail, this.data.participants(list));
    this.column = new Map(this.hostsShown.map((h, k) => [h, k]));
    this.draw();
  }

  setFailures(windows) { this.failures = windows; this.draw(); }

  setCurrent(event) {
    this.current = event;
    if (event) this.reveal(event.t, event.t2);
    this.draw();
  }

  get height() { return Math.max(200, this.container.clientHeight); }
  get plotHeight() { return this.height - SR.Ladder.HEAD - 8; }

  // Columns share the width, between 160 and 360 pixels each; when they do
  // not fit, the ladder scrolls sideways.
  get columnWidth() {
    const room = (this.container.clientWidth - SR.Ladder.GUTTER - 24) / Math.max(this.hostsShown.length, 1);
    return Math.max(SR.Ladder.COLUMN, Math.min(360, room));
  }

  x(host) {
    return SR.Ladder.GUTTER + this.colWidth * (this.column.get(host) + 0.5);
  }
  y(t) { return SR.Ladder.HEAD + (this.axis.toAxis(t) - this.a0) * this.scale; }

  // The time range in view, in simulated seconds.
  window() {
    return [this.axis.fromAxis(this.a0), this.axis.fromAxis(this.a0 + this.plotHeight / this.scale)];
  }

  // The whole run (or the filtered sessions) in view.
  fit() {
    const [t0, t1] = this.span();
    const a0 = this.axis.toAxis(t0);
    const a1 = this.axis.toAxis(t1);
    this.a0 = a0 - (a1 - a0) * 0.02;
    this.scale = this.plotHeight / Math.max((a1 - a0) * 1.04, 1e-9);
    this.draw();
  }

  // From the first session's start to the last one's end.
  span() {
    if (this.sessions.length === 0) return [this.axis.start, this.axis.end];
    const d = this.data;
    let t0 = Infinity;
    let t1 = -Infinity;
    for (const s of this.sessions) {
      t0 = Math.min(t0, d.open[s]);
      t1 = Math.max(t1, Number.isNaN(d.close[s]) ? d.endTime : d.close[s]);
      const first = d.firstLine[s];
      if (first >= 0 && d.lineTotal[s] > 0) t1 = Math.max(t1, d.arrive[first + d.lineTotal[s] - 1]);
    }
    return [t0, t1];
  }

  // A readable start: the first session that has lines fills the view,
  // zoomed in until each of its labels finds room.
  start() {
    const d = this.data;
    const first = this.sessions.find((s) => d.firstLine[s] >= 0 && d.lineTotal[s] > 0);
    if (first === undefined) {
      this.scale = 28;
      this.a0 = this.axis.toAxis(this.span()[0]) - 0.5;
      this.draw();
      return;
    }
    const a0 = this.axis.toAxis(d.open[first]);
    const last = d.firstLine[first] + d.lineTotal[first] - 1;
    const a1 = this.axis.toAxis(Math.max(d.arrive[last], Number.isNaN(d.close[first]) ? 0 : d.close[first]));
    this.scale = (this.plotHeight - 24) / Math.max(a1 - a0, 1e-9);
    for (let k = 0; k < 16; k++) {
      this.a0 = a0 - 12 / this.scale;
      if (this.labelsFit(first)) break;
      this.scale *= 1.15;
    }
    this.draw();
  }

  // Whether every line of session s in view has its label drawn.
  labelsFit(s) {
    this.colWidth = this.columnWidth;
    SR.drawLadder(this, this.container.clientWidth);
    const d = this.data;
    const placed = new Set(this.placedLabels.map((p) => p.line));
    // Lines cut by the edges of the view do not count: they are drawn whole when scrolled to.
    const top = SR.Ladder.HEAD + 20;
    const bottom = this.height - 20;
    return this.labelItems.every((it) => it.line < 0 || d.lineSession[it.line] !== s ||
      d.lineKind[it.line] === SR.LINE_KIND.text || Math.min(it.y1, it.y2) < top ||
      Math.max(it.y1, it.y2) > bottom || placed.has(it.line));
  }

  zoom(factor, anchorY) {
    const y = anchorY === undefined ? SR.Ladder.HEAD + this.plotHeight / 2 : anchorY;
    const a = this.a0 + (y - SR.Ladder.HEAD) / this.scale;
    this.scale = Math.min(Math.max(this.scale * factor, 1e-9), 1e9);
    this.a0 = a - (y - SR.Ladder.HEAD) / this.scale;
    this.draw();
  }

  pan(dy) { this.a0 += dy / this.scale; this.draw(); }

  // Bring [t, t2] into view when it is not, a third of the way down.
  reveal(t, t2) {
    const top = this.y(t);
    const bottom = this.y(t2 === undefined ? t : t2);
    if (top >= SR.Ladder.HEAD + 16 && bottom <= this.height - 24) return;
    // A third of the way down, but no emptier above the first session than fit leaves it.
    const first = this.axis.toAxis(this.span()[0]);
    this.a0 = Math.max(this.axis.toAxis(t) - (this.plotHeight / 3) / this.scale,
      Math.min(first - 12 / this.scale, this.axis.toAxis(t) - 24 / this.scale));
  }

  setMode(mode) {
    const [t0, t1] = this.window();
    this.axis.setMode(mode);
    const a0 = this.axis.toAxis(t0);
    const a1 = this.axis.toAxis(t1);
    this.a0 = a0;
    this.scale = this.plotHeight / Math.max(a1 - a0, 1e-9);
    this.draw();
  }

  listen() {
    this.container.addEventListener("wheel", (e) => {
      e.preventDefault();
      const box = this.svg.getBoundingClientRect();
      if (e.ctrlKey || e.metaKey) this.zoom(Math.exp(-e.deltaY * 0.002), e.clientY - box.top);
      else if (e.shiftKey) this.container.scrollLeft += e.deltaY;
      else this.pan(e.deltaY);
    }, { passive: false });
    let dragFrom = null;
    this.svg.addEventListener("mousedown", (e) => { dragFrom = e.clientY; });
    window.addEventListener("mouseup", () => { dragFrom = null; });
    window.addEventListener("mousemove", (e) => {
      if (dragFrom === null || e.buttons !== 1) return;
      this.pan(dragFrom - e.clientY);
      dragFrom = e.clientY;
    });
    this.svg.addEventListener("click", (e) => {
      if (e.target.closest(".host-head")) return;
      const arrow = e.target.closest("[data-line]");
      if (arrow) this.onPick(Number(arrow.dataset.line));
    });
    window.addEventListener("resize", () => this.draw());
  }

  // Draws on the next animation frame (many changes, one drawing).
  draw() {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.render();
    });
  }

  render() {
    this.colWidth = this.columnWidth;
    const width = Math.max(this.container.clientWidth,
      SR.Ladder.GUTTER + this.colWidth * this.hostsShown.length + 24);
    this.svg.setAttribute("width", width);
    this.svg.setAttribute("height", this.height);
    this.svg.innerHTML = SR.drawLadder(this, width);
    this.onView();
    // When the page was first drawn, in ms from the start of navigation (for measurements).
    if (SR.firstDrawn === undefined) SR.firstDrawn = performance.now();
  }
};

// Hosts in the order the mail went through them (its stays, then its
// notifications'), then the others in order of first appearance.
SR.routeOrder = function (data, mail, hosts) {
  const shown = new Set(hosts);
  const order = [];
  const seen = new Set();
  const messages = mail === null || mail === undefined ? []
    : [mail, ...(data.notificationsOf.get(mail) || [])];
  for (const m of messages) {
    for (const stop of data.mailStops.get(m) || []) {
      const h = data.stops.host[stop];
      if (shown.has(h) && !seen.has(h)) {
        seen.add(h);
        order.push(h);
      }
    }
  }
  return order.concat(hosts.filter((h) => !seen.has(h)));
};
