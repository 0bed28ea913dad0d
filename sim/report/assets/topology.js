// smtpsim report: the topology as Graphviz laid it out (an inline SVG with
// ids host-<i> and link-<i>). It adds what the run did: on hover, each
// link's sessions and the mail it carried, each host's sessions; and, for
// the chosen mail, its route so far (numbered arrows, hop by hop), the bounce
// path of its notification back along the reverse-path in its own colour,
// and where its copies are now.
"use strict";

SR.Topology = class {
  constructor(data, container) {
    this.data = data;
    this.svg = container.querySelector("svg");
    if (!this.svg) return;
    this.graph = this.svg.querySelector("g.graph") || this.svg;
    // Graphviz gives the size in points: let it grow to fill the panel, but
    // not so much that a three-host line looks like a poster.
    const width = parseFloat(this.svg.getAttribute("width"));
    if (width > 0) this.svg.style.maxWidth = Math.round(width * (4 / 3) * 1.7) + "px";
    this.nodes = data.hosts.map((_, i) => document.getElementById("host-" + i));
    this.boxes = this.nodes.map((node) => (node ? node.getBBox() : null));
    this.addMarkers();
    this.overlay = SR.svg("g", { id: "route-overlay" });
    this.graph.append(this.overlay);
    this.describe();
  }

  addMarkers() {
    const defs = SR.svg("defs");
    for (const [id, colour] of [["route-head", SR.ROUTE_COLOUR], ["bounce-head", SR.NOTIFICATION_COLOUR]]) {
      const marker = SR.svg("marker", { id, viewBox: "0 0 10 10", refX: "8", refY: "5",
        markerWidth: "4", markerHeight: "4", orient: "auto" });
      marker.append(SR.svg("path", { d: "M0,0L10,5L0,10z", fill: colour }));
      defs.append(marker);
    }
    this.svg.prepend(defs);
  }

  // Hover texts: per link its latency, bandwidth, sessions and mail carried;
  // per host its sessions. A wide transparent stroke makes thin links easy
  // to point at.
  describe() {
    const d = this.data;
    const sessions = new Map();
    const mails = new Map();
    const hostSessions = d.hosts.map(() => [0, 0]);
    for (let s = 0; s < d.sessionCount; s++) {
      const link = d.linkBetween(d.client[s], d.server[s]);
      sessions.set(link, (sessions.get(link) || 0) + 1);
      mails.set(link, (mails.get(link) || 0) + (d.sessionMails.get(s) || []).length);
      hostSessions[d.client[s]][1]++;
      hostSessions[d.server[s]][0]++;
    }
    d.links.a.forEach((a, i) => {
      const group = document.getElementById("link-" + i);
      if (!group) return;
      const n = sessions.get(i) || 0;
      const m = mails.get(i) || 0;
      const text = `${d.hosts[a]} – ${d.hosts[d.links.b[i]]}: ${d.links.latency[i]}, ` +
        `${d.links.bandwidth[i]}; ${n} session${n === 1 ? "" : "s"}` +
        (n ? `, ${m} mail${m === 1 ? "" : "s"} carried` : "");
      this.setTitle(group, text);
      group.dataset.sessions = n;
      const path = group.querySelector("path");
      if (path) {
        const hit = path.cloneNode(false);
        hit.setAttribute("class", "hit");
        group.append(hit);
      }
    });
    this.nodes.forEach((node, h) => {
      if (!node) return;
      const [inbound, outbound] = hostSessions[h];
      this.setTitle(node, `${d.hosts[h]}: ${inbound + outbound} sessions ` +
        `(${outbound} opened, ${inbound} served)`);
    });
  }

  setTitle(group, text) {
    let title = group.querySelector("title");
    if (!title) {
      title = SR.svg("title");
      group.prepend(title);
    }
    title.textContent = text;
  }

  centre(h) {
    const b = this.boxes[h];
    return { x: b.x + b.width / 2, y: b.y + b.height / 2, w: b.width / 2 + 3, h: b.height / 2 + 3 };
  }

  // Where the segment from the centre of a to the centre of b leaves a's box.
  static edgePoint(a, b) {
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    const k = Math.min(Math.abs(dx) > 1e-9 ? a.w / Math.abs(dx) : Infinity,
      Math.abs(dy) > 1e-9 ? a.h / Math.abs(dy) : Infinity, 1);
    return { x: a.x + dx * k, y: a.y + dy * k };
  }

  // One numbered arrow from host a to host b, bent to its right so that the
  // way there and the way back do not hide each other.
  step(a, b, kind, label, number) {
    const ca = this.centre(a);
    const cb = this.centre(b);
    const p = SR.Topology.edgePoint(ca, cb);
    const q = SR.Topology.edgePoint(cb, ca);
    const len = Math.hypot(q.x - p.x, q.y - p.y) || 1;
    const bend = Math.min(30, Math.max(len / 3, 16));
    const mx = (p.x + q.x) / 2 - ((q.y - p.y) / len) * bend;
    const my = (p.y + q.y) / 2 + ((q.x - p.x) / len) * bend;
    const d = this.data;
    const g = SR.svg("g", { class: `route-step ${kind}`, "data-step": number, "data-label": label,
      "data-from": d.hosts[a], "data-to": d.hosts[b] });
    g.append(SR.svg("path", { d: `M${p.x},${p.y} Q${mx},${my} ${q.x},${q.y}`,
      "marker-end": `url(#${kind === "bounce" ? "bounce" : "route"}-head)` }));
    const lx = (p.x + 2 * mx + q.x) / 4;
    const ly = (p.y + 2 * my + q.y) / 4;
    g.append(SR.svg("circle", { cx: lx, cy: ly, r: 8, class: String(label).length > 2 ? "wide" : "" }));
    const t = SR.svg("text", { x: lx, y: ly });
    t.textContent = label;
    g.append(t);
    return g;
  }

  // Drawing units per screen pixel (a large topology is drawn smaller): the
  // overlay keeps its size on the screen, up to three times its own.
  unit() {
    const shown = this.svg.getBoundingClientRect().width;
    const drawn = this.svg.viewBox.baseVal ? this.svg.viewBox.baseVal.width : shown;
    return shown > 0 ? Math.min(3, Math.max(1, drawn / shown)) : 1;
  }

  // `journey`: {steps: [{from, to, kind, number}], copies: [{host, kind, state}]}.
  show(journey) {
    if (!this.svg) return;
    const u = this.unit();
    this.overlay.setAttribute("style", `--u: ${u}`);
    this.overlay.replaceChildren();
    // A hop made again and again (a mail loop) is one arrow with its count
    // of passes, not a pile of numbered arrows.
    const passes = new Map();
    for (const s of journey.steps) {
      const key = `${s.kind} ${s.from} ${s.to}`;
      if (passes.has(key)) passes.get(key).count++;
      else passes.set(key, { ...s, count: 1 });
    }
    for (const s of passes.values()) {
      if (this.boxes[s.from] && this.boxes[s.to]) {
        this.overlay.append(this.step(s.from, s.to, s.kind, s.count > 1 ? `×${s.count}` : s.number, s.number));
      }
    }
    for (const c of journey.copies) {
      if (!this.boxes[c.host]) continue;
      const ce = this.centre(c.host);
      const mark = SR.svg("g", { class: `mail-copy ${c.kind} ${c.state}`, "data-host": this.data.hosts[c.host] });
      mark.append(SR.svg("circle", { cx: ce.x + ce.w - 2, cy: ce.y - ce.h + 2, r: 7 }));
      const t = SR.svg("text", { x: ce.x + ce.w - 2, y: ce.y - ce.h + 2 });
      t.textContent = c.state === "delivered" ? "✓" : c.state === "failed" ? "✕" : "✉";
      mark.append(t);
      this.overlay.append(mark);
    }
  }
};

SR.ROUTE_COLOUR = "#0b7fab";
