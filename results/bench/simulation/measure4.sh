#!/bin/bash
# Side-by-side measurements: the build of main (smtpsim-perf, before) and
# this branch's build (NEW), alternating, three runs of each, on 100,000
# hosts (20,000 and 100,000 mails); then the peak memory of loading the
# topology alone.
cd "${BENCH_DIR:-.}"  # the folder with the scenarios and the builds
NEW=${NEW:-./smtpsim-new}
OLD=./smtpsim-perf
source <(sed -n "/^run()/,/^}/p" measure.sh)
for sc in big100000-20k.json big100000.json; do
  uptime
  for build in before:$OLD after:$NEW before:$OLD after:$NEW before:$OLD after:$NEW; do
    run "${build%%:*}" "${build#*:}" $sc --no-report
  done
done
uptime
for b in $OLD $NEW; do
  /usr/bin/time -f "$b topology dot sf100000.json: wall %es peak %M KB" $b topology dot sf100000.json >/dev/null
done
