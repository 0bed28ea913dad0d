// smtpsim report: a mail's journey up to an instant, from its stays at hosts:
// the hops it made (from the host that sent it to the host that accepted
// it), the hops its notifications made back along the reverse-path, and
// where each copy is (held, delivered, failed).
"use strict";

// `until`: an instant, or null for the whole journey.
SR.journey = function (data, mail, until) {
  const st = data.stops;
  const steps = [];
  const copies = [];
  const messages = [mail, ...(data.notificationsOf.get(mail) || [])];
  let bounceNumber = 0;
  for (const m of messages) {
    const kind = m === mail ? "forward" : "bounce";
    let number = kind === "bounce" ? bounceNumber : 0;
    for (const stop of data.mailStops.get(m) || []) {
      if (until !== null && st.in[stop] > until) continue;
      const from = data.fromHost(stop);
      if (from >= 0) steps.push({ from, to: st.host[stop], kind, number: ++number, stop });
      const copy = SR.copyState(data, stop, until);
      if (copy) copies.push({ host: st.host[stop], kind, state: copy, stop });
    }
    if (kind === "bounce") bounceNumber = number;
  }
  return { steps, copies };
};

// What became of the copy at a stay by `until`: held there, delivered,
// failed, or nothing to show (passed on).
SR.copyState = function (data, stop, until) {
  const st = data.stops;
  const left = st.out[stop] !== null && (until === null || st.out[stop] <= until);
  if (!left) return "held";
  if (st.ends[stop] & 2) return "delivered";
  if (st.ends[stop] & 4) return "failed";
  return null;
};
