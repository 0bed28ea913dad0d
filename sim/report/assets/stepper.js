// smtpsim report: stepping through the event list (events.js), as the list's
// filters leave it: previous, next, play and pause at a chosen speed, never
// skipping one. Whoever listens (onStep) draws.
"use strict";

SR.Stepper = class {
  constructor(events) {
    this.events = events; // SR.RunEvents
    this.list = new Int32Array(0); // the events stepped through, in time order
    this.index = -1; // -1: before the first event (the whole run shown)
    this.speed = 4; // events per second when playing
    this.timer = null;
    this.onStep = () => {};
  }

  get length() { return this.list.length; }

  // The events to step through (indexes of SR.RunEvents, in time order);
  // stays on the same event when it is still in the list.
  load(list) {
    this.pause();
    const was = this.index >= 0 ? this.list[this.index] : -1;
    this.list = list;
    this.index = was >= 0 ? SR.lowerBound(list, was) : -1;
    if (this.index >= list.length || list[this.index] !== was) this.index = -1;
    this.onStep(this.current);
  }

  get current() { return this.index >= 0 ? this.events.describe(this.list[this.index]) : null; }

  go(index) {
    this.index = Math.max(-1, Math.min(index, this.list.length - 1));
    this.onStep(this.current);
  }

  next() {
    if (this.index + 1 >= this.list.length) {
      this.pause();
      return;
    }
    this.go(this.index + 1);
  }

  previous() { this.go(this.index - 1); }

  // Steps to the event of this line when the list has it.
  goToLine(line) {
    const ev = this.events;
    for (let k = 0; k < this.list.length; k++) {
      const e = this.list[k];
      if (ev.kind[e] === 0 && ev.ref[e] === line) {
        this.go(k);
        return true;
      }
    }
    return false;
  }

  play() {
    if (this.timer !== null) return;
    if (this.index + 1 >= this.list.length) this.index = -1;
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
