// smtpsim report: the ladder's labels laid out so that each is whole and
// readable: wrapped at the path's separators to fit between its lifelines,
// at least 12.5 px, on an opaque ground drawn above every arrow, and moved
// along its arrow until it overlaps no other label; a label that finds no
// room is left out (its text is the arrow's hover title and in the
// inspector), commands before replies, the current line first of all.
"use strict";

SR.LABEL_FONT_PX = 13;
SR.LABEL_LINE = 16; // px per line of a label
SR.LABEL_FONT = `600 ${SR.LABEL_FONT_PX}px ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace`;

SR.textWidth = (function () {
  let context = null;
  const cache = new Map();
  return function (text) {
    if (!context) {
      context = document.createElement("canvas").getContext("2d");
      context.font = SR.LABEL_FONT;
    }
    let w = cache.get(text);
    if (w === undefined) {
      w = context.measureText(text).width;
      if (cache.size < 20000) cache.set(text, w);
    }
    return w;
  };
})();

// Text in lines of at most `width` px, broken after a space, ":", "," or
// ">" where it can, else anywhere; at most 3 lines (the last ends in "…"
// when the text goes on).
SR.wrapLabel = function (text, width) {
  const pieces = String(text).match(/[^ :,>]*[ :,>]?/g).filter((p) => p !== "");
  const lines = [];
  let current = "";
  const push = () => { if (current !== "") lines.push(current); current = ""; };
  for (let piece of pieces) {
    if (SR.textWidth(current + piece) <= width) {
      current += piece;
      continue;
    }
    push();
    while (SR.textWidth(piece) > width && piece.length > 1) {
      let n = Math.max(1, Math.floor(piece.length * width / SR.textWidth(piece)));
      while (n > 1 && SR.textWidth(piece.slice(0, n)) > width) n--;
      lines.push(piece.slice(0, n));
      piece = piece.slice(n);
    }
    current = piece;
  }
  push();
  if (lines.length > 3) {
    lines.length = 3;
    lines[2] = lines[2].slice(0, Math.max(1, lines[2].length - 1)) + "…";
  }
  return lines.map((l) => l.trimEnd());
};

// items: [{x1, y1, x2, y2, text, colour, priority, line}] -> the placed
// labels, [{...item, lines, x, y, w, h}] (x, y: the box's top left).
SR.layoutLabels = function (items, top, bottom) {
  const placed = [];
  const order = items.map((_, k) => k).sort((a, b) => items[a].priority - items[b].priority ||
    items[a].y1 - items[b].y1 || a - b);
  const free = (box) => placed.every((p) => box.x + box.w + 3 <= p.x || p.x + p.w + 3 <= box.x ||
    box.y + box.h + 1 <= p.y || p.y + p.h + 1 <= box.y);
  for (const k of order) {
    const it = items[k];
    const room = Math.max(Math.abs(it.x2 - it.x1) - 18, 110);
    const lines = SR.wrapLabel(it.text, room);
    const w = Math.max(...lines.map((l) => SR.textWidth(l))) + 8;
    const h = lines.length * SR.LABEL_LINE + 3;
    const x = (it.x1 + it.x2) / 2 - w / 2;
    const mid = (it.y1 + it.y2) / 2 - h / 2;
    // Along the arrow: from its middle, up and down by steps, within its span.
    const span = Math.max(0, Math.abs(it.y2 - it.y1) / 2);
    let box = null;
    for (let off = 0; off <= span + h / 2 && !box; off += 3) {
      for (const y of off ? [mid - off, mid + off] : [mid]) {
        const candidate = { x, y, w, h };
        if (y >= top && y + h <= bottom && free(candidate)) {
          box = candidate;
          break;
        }
      }
    }
    if (!box && it.priority === 0) box = { x, y: mid, w, h };
    if (box) placed.push({ ...it, lines, ...box });
  }
  return placed;
};

SR.drawLabels = function (placed) {
  let out = '<g class="labels">';
  for (const p of placed) {
    out += `<g class="label${p.priority === 0 ? " current" : ""}"${p.line >= 0 ? ` data-line="${p.line}"` : ""}>` +
      `<rect class="label-ground" x="${p.x}" y="${p.y}" width="${p.w}" height="${p.h}" rx="3"/>`;
    p.lines.forEach((text, k) => {
      out += `<text x="${p.x + p.w / 2}" y="${p.y + 13 + k * SR.LABEL_LINE}" fill="${p.colour}">` +
        `${SR.esc(text)}</text>`;
    });
    out += `<title>${SR.esc(p.title)}</title></g>`;
  }
  return out + "</g>";
};
