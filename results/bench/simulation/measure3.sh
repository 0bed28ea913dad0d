#!/bin/bash
# Side-by-side measurements: e767f6e (before) and the build with the
# route-by-index changes (NEW), alternating, three runs of each.
cd "${BENCH_DIR:-.}"  # the folder with the scenarios and the builds
NEW=${NEW:-./smtpsim-perf}
OLD=./smtpsim-e767f6e
source <(sed -n "/^run()/,/^}/p" measure.sh)
for sc in big1000.json big10000.json big100000.json; do
  uptime
  for i in 1 2 3; do
    run before $OLD $sc --no-report
    run after $NEW $sc --no-report
  done
done
uptime
