#!/bin/bash
# Side-by-side measurements: the build of 0c6355b (OLD) and a later one
# (NEW), alternating: five runs of each on 100,000 hosts and 100,000 mails,
# three on 10,000 and on 1,000 hosts.
cd "${BENCH_DIR:-.}"  # the folder with the scenarios and the builds
NEW=${NEW:-./smtpsim-new}
OLD=${OLD:-./smtpsim-0c6355b}
source <(sed -n "/^run()/,/^}/p" measure.sh)
for sc in big100000.json:5 big10000.json:3 big1000.json:3; do
  uptime
  for i in $(seq ${sc#*:}); do
    run before $OLD ${sc%%:*} --no-report
    run after $NEW ${sc%%:*} --no-report
  done
done
uptime
