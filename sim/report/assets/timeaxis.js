// smtpsim report: the ladder's time axis, linear or compressed. A relay's
// lines are milliseconds apart while retries wait minutes: on the compressed
// axis every gap between two instants at which something happened takes a
// length that grows with the gap but is bounded (an arctangent), so that
// idle stretches shrink to a short break and busy ones open up; it keeps the
// order of events and marks the shortened gaps.
"use strict";

SR.TimeAxis = class {
  // `times`: every instant the ladder draws (a Float64Array in any order,
  // repeats and NaN allowed; it is sorted in place).
  constructor(times) {
    times.sort(); // typed arrays sort by value, NaN last
    let n = 0;
    for (let i = 0; i < times.length && !Number.isNaN(times[i]); i++) {
      if (n === 0 || times[i] > times[n - 1]) times[n++] = times[i];
    }
    if (n === 0) times = Float64Array.of(0, 1);
    else if (n === 1) times = Float64Array.of(times[0], times[0] + 1);
    this.times = times.slice(0, Math.max(n, 2));
    this.median = this.medianGap();
    this.compressedAt = this.compress();
    this.mode = "compressed";
  }

  medianGap() {
    const gaps = new Float64Array(this.times.length - 1);
    for (let i = 1; i < this.times.length; i++) gaps[i - 1] = this.times[i] - this.times[i - 1];
    gaps.sort();
    return Math.max(gaps[gaps.length >> 1], 1e-9);
  }

  // A gap g as axis units: 0.15 for the shortest, 0.5 for the median gap,
  // never more than 2 however long.
  gapLength(g) {
    return 0.15 + 1.85 * (2 / Math.PI) * Math.atan(g / (3.3 * this.median));
  }

  compress() {
    const at = new Float64Array(this.times.length);
    for (let i = 1; i < this.times.length; i++) {
      at[i] = at[i - 1] + this.gapLength(this.times[i] - this.times[i - 1]);
    }
    return at;
  }

  setMode(mode) { this.mode = mode; }
  get start() { return this.times[0]; }
  get end() { return this.times[this.times.length - 1]; }
  get length() { return this.toAxis(this.end); }

  // Simulated seconds to axis units (0 at the first instant).
  toAxis(t) {
    if (this.mode === "linear") return t - this.start;
    const T = this.times;
    if (t <= T[0]) return (t - T[0]) / this.median * 0.5;
    if (t >= T[T.length - 1]) return this.compressedAt[T.length - 1] + (t - T[T.length - 1]) / this.median * 0.5;
    const i = SR.lowerBound(T, t);
    if (T[i] === t) return this.compressedAt[i];
    const f = (t - T[i - 1]) / (T[i] - T[i - 1]);
    return this.compressedAt[i - 1] + f * (this.compressedAt[i] - this.compressedAt[i - 1]);
  }

  fromAxis(a) {
    if (this.mode === "linear") return a + this.start;
    const A = this.compressedAt;
    const T = this.times;
    if (a <= 0) return T[0] + a / 0.5 * this.median;
    if (a >= A[A.length - 1]) return T[T.length - 1] + (a - A[A.length - 1]) / 0.5 * this.median;
    const i = SR.lowerBound(A, a);
    if (A[i] === a) return T[i];
    const f = (a - A[i - 1]) / (A[i] - A[i - 1]);
    return T[i - 1] + f * (T[i] - T[i - 1]);
  }

  // Gaps the compressed axis shortens visibly (over 20 median gaps), with
  // axis positions, between axis positions a0 and a1.
  idleGaps(a0, a1) {
    if (this.mode === "linear") return [];
    const out = [];
    const A = this.compressedAt;
    const T = this.times;
    const from = Math.max(1, SR.lowerBound(A, a0));
    for (let i = from; i < T.length && A[i - 1] <= a1; i++) {
      const g = T[i] - T[i - 1];
      if (g > 20 * this.median) out.push({ t0: T[i - 1], t1: T[i], a0: A[i - 1], a1: A[i] });
    }
    return out;
  }

  // Tick marks between a0 and a1, at least `minPx` apart at `scale` px per
  // unit: round numbers on the linear axis, instants of events on the
  // compressed one (so that each label is exact).
  ticks(a0, a1, scale, minPx) {
    if (this.mode === "linear") return this.linearTicks(a0, a1, scale, minPx);
    const out = [];
    const A = this.compressedAt;
    let last = -Infinity;
    for (let i = SR.lowerBound(A, a0); i < A.length && A[i] <= a1; i++) {
      if ((A[i] - last) * scale >= minPx) {
        out.push({ a: A[i], t: this.times[i] });
        last = A[i];
      }
    }
    return out;
  }

  linearTicks(a0, a1, scale, minPx) {
    const raw = minPx / scale;
    const power = Math.pow(10, Math.floor(Math.log10(raw)));
    const step = [1, 2, 5, 10].map((k) => k * power).find((s) => s >= raw);
    const out = [];
    for (let a = Math.ceil(a0 / step) * step; a <= a1; a += step) {
      out.push({ a, t: this.fromAxis(a) });
    }
    return out;
  }
};
