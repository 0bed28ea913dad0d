// smtpsim report: the ladder diagram's drawing, as SVG text. One arrow per
// SMTP line from the instant it was written (on the writer's lifeline) to
// the instant it arrived (on the reader's): commands and mail text in their
// session's colour, replies in the colour of their RFC 821 class,
// notifications (MAIL FROM:<>) in their own colour. Only what is in view is
// drawn; when too much is, sessions are drawn as one bar each.
"use strict";

(function () {
  const MAX_SESSIONS = 1500; // sessions drawn one by one; beyond, a density
  const MAX_ARROWS = 4000; // lines drawn at once; beyond, one bar per session
  const K = SR.LINE_KIND;

  function markerId(colour) { return "ah" + colour.slice(1); }

  function defs() {
    const colours = [...SR.SESSION_COLOURS, SR.NOTIFICATION_COLOUR,
      ...Object.values(SR.CLASS_COLOURS), "#888888"];
    let out = "<defs>";
    for (const c of colours) {
      out += `<marker id="${markerId(c)}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="11" ` +
        `markerHeight="11" markerUnits="userSpaceOnUse" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="${c}"/></marker>`;
    }
    out += '<pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" ' +
      'patternTransform="rotate(45)"><rect width="3" height="6" fill="#c62828" opacity="0.35"/></pattern>';
    return out + "</defs>";
  }

  function ticks(L, width) {
    const [t0, t1] = L.window();
    let out = "";
    for (const gap of L.axis.idleGaps(L.axis.toAxis(t0), L.axis.toAxis(t1))) {
      const y0 = L.y(gap.t0);
      const y1 = L.y(gap.t1);
      if (y1 - y0 < 6) continue;
      out += `<g class="idle-gap"><rect x="0" y="${y0}" width="${width}" height="${y1 - y0}"/>` +
        `<text x="6" y="${(y0 + y1) / 2 + 4}">⋯ ${SR.esc(SR.fmtDuration(gap.t1 - gap.t0))} idle</text></g>`;
    }
    const a0 = L.a0;
    const a1 = L.a0 + L.plotHeight / L.scale;
    for (const tick of L.axis.ticks(a0, a1, L.scale, 34)) {
      const y = SR.Ladder.HEAD + (tick.a - L.a0) * L.scale;
      out += `<g class="tick"><line x1="${SR.Ladder.GUTTER - 6}" x2="${width}" y1="${y}" y2="${y}"/>` +
        `<text x="${SR.Ladder.GUTTER - 8}" y="${y + 4}">${SR.esc(SR.fmtTime(tick.t))}</text></g>`;
    }
    return out;
  }

  // One lifeline per host that took part; the names stay on top (header).
  function lifelines(L) {
    const d = L.data;
    let out = "";
    for (const h of L.hostsShown) {
      const x = L.x(h);
      out += `<g class="lifeline" data-host="${SR.esc(d.hosts[h])}">` +
        `<line x1="${x}" x2="${x}" y1="${SR.Ladder.HEAD}" y2="${L.height}"/></g>`;
    }
    return out;
  }

  function header(L, width) {
    const d = L.data;
    let out = `<rect class="header" x="0" y="0" width="${width}" height="${SR.Ladder.HEAD - 6}"/>`;
    for (const h of L.hostsShown) {
      const x = L.x(h);
      out += `<g class="host-head"><rect class="host-box" x="${x - 78}" y="6" width="156" ` +
        `height="28" rx="5"/><text class="host-name" x="${x}" y="25">${SR.esc(d.hosts[h])}</text></g>`;
    }
    return out;
  }

  // The failure plan where each entry applies: a host down hatches its
  // lifeline; a link down is a dotted bar between its two ends' lifelines;
  // anything else (a mailbox, storage, a probability) is a mark on its
  // host's lifeline at its start, not a host down.
  function failureWindows(L) {
    let out = "";
    const [t0, t1] = L.window();
    for (const f of L.failures) {
      const end = f.end === null ? Math.max(t1, L.data.endTime) : f.end;
      if (f.start > t1 || end < t0) continue;
      const y0 = Math.max(L.y(f.start), SR.Ladder.HEAD);
      const y1 = Math.min(L.y(end), L.height);
      const title = `<title>${SR.esc(f.label)}</title>`;
      const hosts = f.hosts.filter((h) => L.column.has(h));
      if (f.kind === "link_down" && hosts.length === 2) {
        const [xa, xb] = hosts.map((h) => L.x(h)).sort((a, b) => a - b);
        for (const x of [xa + 9, xb - 9]) {
          out += `<line class="link-window" x1="${x}" x2="${x}" y1="${y0}" y2="${Math.max(y1, y0 + 2)}">${title}</line>`;
        }
      } else if (f.kind === "host_down") {
        for (const h of hosts) {
          out += `<rect class="down-window" x="${L.x(h) - 5}" y="${y0}" width="10" ` +
            `height="${Math.max(y1 - y0, 2)}" fill="url(#hatch)">${title}</rect>`;
        }
      } else if (f.start >= t0) {
        for (const h of hosts) {
          out += `<path class="plan-mark" d="M${L.x(h) - 7},${y0 - 6}h14l-7,9z">${title}</path>`;
        }
      }
    }
    return out;
  }

  // Routing table changes on their host's lifeline; convergence instants across.
  function routingMarks(L, width) {
    const m = L.marks;
    if (!m) return "";
    const [t0, t1] = L.window();
    let out = "";
    let drawn = 0;
    for (const c of m.changes) {
      if (c.t < t0 || c.t > t1 || !L.column.has(c.host) || ++drawn > 2000) continue;
      const x = L.x(c.host);
      const y = L.y(c.t);
      out += `<path class="routing-mark" d="M${x},${y - 5}l5,5l-5,5l-5,-5z"><title>routing table of ` +
        `${SR.esc(L.data.hosts[c.host])} changed at ${SR.esc(SR.fmtTime(c.t))}</title></path>`;
    }
    for (const c of m.convergence) {
      if (c.t < t0 || c.t > t1) continue;
      const y = L.y(c.t);
      out += `<g class="converged"><line x1="${SR.Ladder.GUTTER}" x2="${width}" y1="${y}" y2="${y}"/>` +
        `<text x="${SR.Ladder.GUTTER + 4}" y="${y - 3}">${SR.esc(c.label)}</text></g>`;
    }
    return out;
  }

  function visibleSessions(L) {
    const d = L.data;
    const [t0, t1] = L.window();
    const out = [];
    let lines = 0;
    for (const s of L.sessions) {
      if (d.open[s] > t1) continue;
      const end = Number.isNaN(d.close[s]) ? d.endTime : d.close[s];
      if (end < t0 && !(d.firstLine[s] >= 0 && d.lineTotal[s] > 0 &&
          d.arrive[d.firstLine[s] + d.lineTotal[s] - 1] >= t0)) continue;
      out.push(s);
      if (d.firstLine[s] >= 0) lines += d.lineTotal[s];
    }
    return { list: out, lines };
  }

  function band(L, s, colour) {
    const d = L.data;
    const xa = Math.min(L.x(d.client[s]), L.x(d.server[s]));
    const xb = Math.max(L.x(d.client[s]), L.x(d.server[s]));
    const end = Number.isNaN(d.close[s]) ? d.endTime : d.close[s];
    const y0 = L.y(d.open[s]);
    const y1 = Math.max(L.y(end), y0 + 2);
    const title = `session ${d.sessionId[s]}: ${d.hosts[d.client[s]]} → ${d.hosts[d.server[s]]}`;
    let out = `<g class="session${d.notification[s] ? " notification" : ""}" data-session="${d.sessionId[s]}">` +
      `<rect class="session-band" x="${xa - 16}" y="${y0}" width="${xb - xa + 32}" ` +
      `height="${y1 - y0}" fill="${colour}" stroke="${colour}"><title>${SR.esc(title)}</title></rect>`;
    const text = `session ${d.sessionId[s]}${d.notification[s] ? " · notification" : ""}`;
    if (y1 - y0 > text.length * 6) {
      // Along the band's left edge, out of the arrows' way.
      out += `<text class="session-label" transform="translate(${xa - 6},${y0 + 4}) rotate(90)" ` +
        `fill="${colour}">${text}</text>`;
    }
    return out;
  }

  function label(d, i) {
    const kind = d.lineKind[i];
    if (kind === K.text) {
      return d.textLength.has(i) ? `mail text, ${d.textLength.get(i)} lines` : "";
    }
    return d.text(i);
  }

  function arrow(L, i, colour, state) {
    const d = L.data;
    const s = d.lineSession[i];
    const fromHost = d.lineFrom[i];
    const toHost = d.lineTo[i];
    const x1 = L.x(fromHost);
    const x2 = L.x(toHost);
    const y1 = L.y(d.lineT[i]);
    const y2 = L.y(d.arrive[i]);
    const kind = d.lineKind[i];
    const cls = kind === K.reply ? "reply " + d.replyClass(i) : kind === K.text ? "text" :
      kind === K.end ? "end" : "command";
    const lineColour = kind === K.reply ? SR.CLASS_COLOURS[d.replyClass(i)] : colour;
    const current = L.current && L.current.line === i ? " current" : "";
    const estimated = d.arrivalEstimated[i] ? " estimated" : "";
    let out = `<g class="arrow ${cls}${current}${estimated}" data-line="${i}">` +
      `<title>${SR.esc((d.lineSide[i] ? "R: " : "S: ") + d.text(i))}</title>` +
      `<line class="hit" x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}"/>` +
      `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="${lineColour}" ` +
      `marker-end="url(#${markerId(lineColour)})"/>`;
    const text = label(d, i);
    if (text) {
      L.labelItems.push({ x1, y1, x2, y2, text, colour: lineColour, line: i,
        title: (d.lineSide[i] ? "R: " : "S: ") + d.text(i),
        priority: current ? 0 : kind === K.command || kind === K.end ? 1 : kind === K.reply ? 2 : 3 });
    }
    return out + "</g>";
  }

  function sessionLines(L, s, colour) {
    const d = L.data;
    const top = SR.Ladder.HEAD - 40;
    const bottom = L.height + 40;
    let out = "";
    const state = {};
    const first = d.firstLine[s];
    for (let i = first; i < first + d.lineTotal[s]; i++) {
      if (L.y(d.arrive[i]) < top || L.y(d.lineT[i]) > bottom) continue;
      out += arrow(L, i, d.lineKind[i] === K.reply ? "" : colour, state);
    }
    return out;
  }

  // A session drawn without its lines (they are not in the report, or too
  // many lines are in view): a bar between the two lifelines while it lasted.
  function sessionBar(L, s, colour, reason) {
    const d = L.data;
    const x1 = Math.min(L.x(d.client[s]), L.x(d.server[s]));
    const x2 = Math.max(L.x(d.client[s]), L.x(d.server[s]));
    const y0 = L.y(d.open[s]);
    const y1 = Math.max(L.y(Number.isNaN(d.close[s]) ? d.endTime : d.close[s]), y0 + 2);
    return `<rect class="session-bar" x="${x1}" y="${y0}" width="${x2 - x1}" height="${y1 - y0}" ` +
      `fill="${colour}"><title>session ${d.sessionId[s]}: ${SR.esc(d.hosts[d.client[s]])} → ` +
      `${SR.esc(d.hosts[d.server[s]])}, ${d.lineTotal[s]} lines (${reason})</title></rect>`;
  }

  // Too many sessions to draw one by one: each lifeline shaded by how many
  // sessions its host had open, in bands of 4 pixels.
  function density(L, list) {
    const d = L.data;
    const bins = Math.ceil(L.plotHeight / 4) + 1;
    const counts = new Map(L.hostsShown.map((h) => [h, new Uint32Array(bins)]));
    let most = 1;
    for (const s of list) {
      const end = Number.isNaN(d.close[s]) ? d.endTime : d.close[s];
      const b0 = Math.max(0, Math.floor((L.y(d.open[s]) - SR.Ladder.HEAD) / 4));
      const b1 = Math.min(bins - 1, Math.floor((L.y(end) - SR.Ladder.HEAD) / 4));
      for (const h of [d.client[s], d.server[s]]) {
        const c = counts.get(h);
        for (let b = b0; b <= b1; b++) most = Math.max(most, ++c[b]);
      }
    }
    let out = "";
    for (const [h, c] of counts) {
      const x = L.x(h);
      for (let b = 0; b < bins; b++) {
        if (!c[b]) continue;
        out += `<rect class="density" x="${x - 12}" y="${SR.Ladder.HEAD + b * 4}" width="24" height="4" ` +
          `fill-opacity="${(0.15 + 0.85 * c[b] / most).toFixed(2)}"/>`;
      }
    }
    return out;
  }

  // A connection that never carried a line: the attempt, and why it ended.
  function attempt(L, s) {
    const d = L.data;
    const x1 = L.x(d.client[s]);
    const x2 = L.x(d.server[s]);
    const y0 = L.y(d.open[s]);
    const y1 = Number.isNaN(d.close[s]) ? y0 : L.y(d.close[s]);
    const why = d.str(d.reason[s]) || "still open";
    L.labelItems.push({ x1, y1: y0 - 14, x2, y2: y0 - 6, text: "connect", colour: "#666666", line: -1,
      title: `session ${d.sessionId[s]}: ${why}`, priority: 3 });
    return `<g class="attempt" data-session="${d.sessionId[s]}"><line x1="${x1}" y1="${y0}" x2="${x2}" ` +
      `y2="${y0}" stroke="#888888" marker-end="url(#${markerId("#888888")})"/>` +
      `<line class="wait" x1="${x1}" y1="${y0}" x2="${x1}" y2="${y1}"/>` +
      `<text class="cross" x="${x1}" y="${y1 + 5}">✕</text>` +
      `<title>session ${d.sessionId[s]}: ${SR.esc(why)}</title></g>`;
  }

  // A session that ended otherwise than by QUIT: a cross at its end.
  function broken(L, s) {
    const d = L.data;
    const why = d.str(d.reason[s]);
    if (!why || why === "quit" || Number.isNaN(d.close[s])) return "";
    const y = L.y(d.close[s]);
    return `<g class="broken"><text class="cross" x="${L.x(d.client[s])}" y="${y + 5}">✕</text>` +
      `<title>session ${d.sessionId[s]} ended: ${SR.esc(why)}</title></g>`;
  }

  function sessions(L) {
    const d = L.data;
    const { list, lines } = visibleSessions(L);
    if (list.length > MAX_SESSIONS) {
      L.notice = `${list.length} sessions in view: each lifeline is shaded by how many ` +
        "sessions its host had. Zoom in, or filter by mail, host or time.";
      return density(L, list);
    }
    const withLines = lines <= MAX_ARROWS;
    let out = "";
    for (const s of list) {
      const colour = SR.sessionColour(d.sessionId[s], d.notification[s]);
      out += band(L, s, colour);
      if (d.lineTotal[s] === 0) out += attempt(L, s);
      else if (d.firstLine[s] < 0) out += sessionBar(L, s, colour, "not kept in this report");
      else if (!withLines) out += sessionBar(L, s, colour, "zoom in to see them");
      else out += sessionLines(L, s, colour);
      out += broken(L, s) + "</g>";
    }
    L.notice = withLines ? "" : `${lines} lines in view: each session is one bar. Zoom in to see the lines.`;
    return out;
  }

  // The step-through's current instant: a line across, and a ring where a
  // mail arrived or left (hop events).
  function current(L, width) {
    const c = L.current;
    if (!c) return "";
    const y = L.y(c.t);
    let out = `<line class="now" x1="${SR.Ladder.GUTTER}" x2="${width}" y1="${y}" y2="${y}"/>`;
    if ((c.kind === "hop" || c.kind === "routing") && L.column.has(c.host)) {
      out += `<circle class="hop-mark" cx="${L.x(c.host)}" cy="${y}" r="7"><title>${SR.esc(c.title || c.label)}</title></circle>`;
    }
    return out;
  }

  SR.drawLadder = function (L, width) {
    L.labelItems = [];
    const body = defs() + ticks(L, width) + failureWindows(L) + lifelines(L) + routingMarks(L, width) +
      sessions(L) + current(L, width);
    L.placedLabels = SR.layoutLabels(L.labelItems, SR.Ladder.HEAD + 2, L.height - 2);
    return body + SR.drawLabels(L.placedLabels) + header(L, width);
  };
})();
