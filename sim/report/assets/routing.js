// smtpsim report: distance-vector routing over time, as `show ip route`
// while RIP runs: the chosen host's table at the current instant, built
// from routing.jsonl (a host's table at an instant is its last change for
// each destination up to then), the rows that changed since the previous
// event marked, and the convergence instants of summary.json.
"use strict";

SR.RoutingView = class {
  constructor(data, container, select) {
    this.data = data;
    this.container = container;
    this.select = select;
    this.host = -1;
    this.t = null;
    this.since = -Infinity;
    const r = data.routing;
    if (!r) return;
    const hosts = [...new Set(r.host)].sort((a, b) => data.hosts[a].localeCompare(data.hosts[b]));
    for (const h of hosts) select.append(SR.el("option", { value: h }, data.hosts[h]));
    this.host = hosts.length ? hosts[0] : -1;
    select.addEventListener("change", () => {
      this.host = Number(select.value);
      this.render();
    });
  }

  get present() { return Boolean(this.data.routing); }

  // The table of `host` at instant t (null: the end of the run):
  // destination -> the row of routing.jsonl in force.
  static tableAt(data, host, t) {
    const r = data.routing;
    const table = new Map();
    for (let k = 0; k < r.t.length; k++) {
      if (r.host[k] !== host || (t !== null && r.t[k] > t)) continue;
      table.set(r.destination[k], k);
    }
    return table;
  }

  // Shows the table at instant t; rows changed after `since` are marked.
  show(t, since) {
    this.t = t;
    this.since = since;
    this.render();
  }

  // A host chosen elsewhere (the current event's).
  choose(host) {
    if (!this.present || host < 0 || ![...this.select.options].some((o) => Number(o.value) === host)) return;
    this.host = host;
    this.select.value = host;
  }

  render() {
    if (!this.present || this.host < 0) return;
    const d = this.data;
    const r = d.routing;
    const table = SR.RoutingView.tableAt(d, this.host, this.t);
    const now = this.t === null ? d.endTime : this.t;
    const rows = [...table.entries()].sort((a, b) => d.hosts[a[0]].localeCompare(d.hosts[b[0]]))
      .map(([dest, k]) => {
        const reachable = r.next_hop[k] >= 0;
        const changed = r.t[k] > this.since ? " changed" : "";
        return SR.el("tr", { class: (reachable ? "" : "unreachable") + changed, "data-destination": d.hosts[dest] },
          SR.el("td", { "data-field": "destination" }, d.hosts[dest]),
          SR.el("td", { "data-field": "next_hop" }, reachable ? d.hosts[r.next_hop[k]] : "—"),
          SR.el("td", { "data-field": "distance", class: "number" }, reachable ? r.distance[k] : `∞ (${r.distance[k]})`),
          SR.el("td", {}, reachable ? d.hosts[r.next_hop[k]] : "—"),
          SR.el("td", { class: "number" }, SR.fmtTime(r.t[k])),
          SR.el("td", { class: "number" }, SR.fmtDuration(Math.max(0, now - r.t[k])) || "0"));
      });
    const head = ["destination", "next hop", "distance", "learned from", "changed at", "age"];
    const caption = `${d.hosts[this.host]}'s table at ${this.t === null ? "the end of the run" : SR.fmtTime(this.t)}`;
    this.container.replaceChildren(SR.el("table", { id: "routing-table", class: "counters" },
      SR.el("caption", {}, caption),
      SR.el("thead", {}, SR.el("tr", {}, ...head.map((h) => SR.el("th", {}, h)))),
      SR.el("tbody", {}, ...rows)), this.convergence());
  }

  // summary.json's convergence: when each topology change settled.
  convergence() {
    const dv = this.data.summary.distance_vector;
    const list = (dv && dv.convergence) || [];
    const items = list.map((c) => SR.el("li", {}, `${c.change} at ${SR.fmtTime(c.at_s)}: ` +
      (c.converged_after_s === null || c.converged_after_s === undefined ? "did not converge"
        : `converged ${SR.fmtDuration(c.converged_after_s)} later (${SR.fmtTime(c.at_s + c.converged_after_s)})`) +
      `, ${SR.plural(c.route_changes, "route change")}`));
    return SR.el("div", { class: "convergence" },
      SR.el("p", { class: "note" }, "Learned from: the neighbour whose distance vector gave the route. " +
        "The trace records each table change (routing.jsonl), not each update message."),
      items.length ? SR.el("ul", {}, ...items) : "");
  }
};

// Convergence instants, for the ladder's time axis.
SR.convergenceInstants = function (data) {
  const dv = data.summary.distance_vector;
  return ((dv && dv.convergence) || []).filter((c) => typeof c.converged_after_s === "number")
    .map((c) => ({ t: c.at_s + c.converged_after_s, label: `converged after ${c.change}` }));
};
