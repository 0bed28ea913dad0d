#!/bin/bash
# Side-by-side measurements: baseline 19bd825 and the renovated build.
cd "${BENCH_DIR:-.}"  # the folder with the scenarios and the builds
NEW=${NEW:-./smtpsim-417e2e4}
OLD=./smtpsim-19bd825
run() { # label binary scenario extra
  local label=$1 bin=$2 sc=$3; shift 3
  rm -rf /tmp/meas-out
  /usr/bin/time -f "%e %U %S %M" -o /tmp/meas-time $bin run $sc --quiet --no-transcript --no-events --no-hops "$@" --out /tmp/meas-out >/dev/null 2>/tmp/meas-err
  local ev=$(python3 -c "import json;print(json.load(open('/tmp/meas-out/summary.json'))['events'])")
  read wall user sys mem < /tmp/meas-time
  python3 -c "print(f'$label $sc wall {$wall:.2f}s user {$user:.2f}s events $ev rate {int($ev)/$wall/1e6:.2f} M/s (cpu {int($ev)/($user+$sys)/1e6:.2f} M/s) peak {$mem/1024:.0f} MB')"
}
uptime
for i in 1 2 3; do
  run old $OLD big1000.json
  run new $NEW big1000.json --no-report
done
run old $OLD big10000.json
run new $NEW big10000.json --no-report
run new $NEW big10000.json --no-report
run new $NEW big100000.json --no-report
run new $NEW big1000-1m.json --no-report
uptime
