// smtpsim report: small helpers shared by the other scripts. Everything the
// report does lives under the one global name SR.
"use strict";
const SR = {};

// HTML text: & < > " escaped.
SR.esc = function (text) {
  return String(text).replace(/[&<>"]/g, (c) =>
    ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
};

// An element with attributes and children (nodes or strings).
SR.el = function (tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
};

SR.SVG_NS = "http://www.w3.org/2000/svg";
SR.svg = function (tag, attrs) {
  const node = document.createElementNS(SR.SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
  return node;
};

// Simulated seconds for people: "0.314 s", "31.3 s", "2h02m31.25s".
SR.fmtTime = function (t) {
  if (t === null || t === undefined || Number.isNaN(t)) return "—";
  if (t < 60) return (t < 10 ? t.toFixed(3) : t.toFixed(2)) + " s";
  const h = Math.floor(t / 3600);
  const m = Math.floor((t % 3600) / 60);
  const s = t - h * 3600 - m * 60;
  const ss = (s < 10 ? "0" : "") + s.toFixed(2) + "s";
  return (h > 0 ? h + "h" + String(m).padStart(2, "0") + "m" : m + "m") + ss;
};

// A length of time for people: "30 min", "1.5 h", "250 ms".
SR.fmtDuration = function (d) {
  if (d >= 86400) return (d / 86400).toPrecision(3).replace(/\.?0+$/, "") + " d";
  if (d >= 3600) return (d / 3600).toPrecision(3).replace(/\.?0+$/, "") + " h";
  if (d >= 60) return (d / 60).toPrecision(3).replace(/\.?0+$/, "") + " min";
  if (d >= 1) return d.toPrecision(3).replace(/\.?0+$/, "") + " s";
  return (d * 1000).toPrecision(3).replace(/\.?0+$/, "") + " ms";
};

// "90", "1.5s", "250ms", "10min", "2h" to seconds; null when empty, NaN when bad.
SR.parseDuration = function (text) {
  const t = String(text).trim();
  if (t === "") return null;
  const m = /^(\d+(?:\.\d*)?|\.\d+)\s*(ms|s|min|m|h|d)?$/.exec(t);
  if (!m) return NaN;
  const unit = { ms: 0.001, s: 1, min: 60, m: 60, h: 3600, d: 86400 }[m[2] || "s"];
  return parseFloat(m[1]) * unit;
};

// "1 mail", "2 mails".
SR.plural = function (n, word) { return `${n} ${word}${n === 1 ? "" : "s"}`; };

// The first index i in sorted `array` with array[i] >= value.
SR.lowerBound = function (array, value) {
  let lo = 0;
  let hi = array.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (array[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};

// Session colours: distinct hues that read on white and on a projector.
SR.SESSION_COLOURS = ["#1f5f99", "#2a8c8c", "#6a51a3", "#8c6d1f", "#3f7f3f", "#1f7fbf",
  "#7f4f7f", "#4f6f8f"];
SR.NOTIFICATION_COLOUR = "#c2187a";
SR.sessionColour = function (index, notification) {
  return notification ? SR.NOTIFICATION_COLOUR
    : SR.SESSION_COLOURS[index % SR.SESSION_COLOURS.length];
};

// RFC 821 4.2 / 4.3: a reply's class from its first digit, when the trace
// does not say it: 2xx and 3xx positive, 4xx transient, 5xx permanent failure.
SR.replyClassOf = function (text) {
  const d = String(text).charAt(0);
  if (d === "2" || d === "3" || d === "1") return "positive";
  if (d === "4") return "transient";
  if (d === "5") return "permanent";
  return "unknown";
};
SR.CLASS_COLOURS = { positive: "#2a8a3e", transient: "#d9822b", permanent: "#c62828",
  unknown: "#666666" };

// RFC 821 4.1.2 paths: "<@A,@B:user@C>" to {route: ["A", "B"], mailbox: "user@C"};
// "<>" to {route: [], mailbox: ""}. Anything else: null.
SR.parsePath = function (text) {
  const m = /^<(?:((?:@[^,:>]+,)*@[^,:>]+):)?([^>]*)>$/.exec(String(text).trim());
  if (!m) return null;
  const route = m[1] ? m[1].split(",").map((e) => e.slice(1)) : [];
  return { route, mailbox: m[2] };
};

// The path argument of a MAIL/SEND/SOML/SAML FROM:<...> or RCPT TO:<...> line.
SR.commandPath = function (line) {
  const m = /^(MAIL|SEND|SOML|SAML) FROM:(<[^>]*>)|^(RCPT) TO:(<[^>]*>)/i.exec(line);
  if (!m) return null;
  return m[1] ? { verb: m[1].toUpperCase(), kind: "reverse-path", path: m[2] }
    : { verb: "RCPT", kind: "forward-path", path: m[4] };
};
