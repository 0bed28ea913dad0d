#!/bin/bash
cd "${BENCH_DIR:-.}"  # the folder with the scenarios and the builds
source <(sed -n "/^run()/,/^}/p" measure.sh)
uptime
for i in 1 2 3; do
  run old ./smtpsim-19bd825 big1000.json
  run new-jemalloc ./smtpsim-39c745c big1000.json --no-report
  run new-glibc ./smtpsim-39c745c-glibc big1000.json --no-report
done
run old ./smtpsim-19bd825 big10000.json
run new-jemalloc ./smtpsim-39c745c big10000.json --no-report
run new-glibc ./smtpsim-39c745c-glibc big10000.json --no-report
run new-jemalloc ./smtpsim-39c745c big100000.json --no-report
run new-glibc ./smtpsim-39c745c-glibc big100000.json --no-report
run new-jemalloc ./smtpsim-39c745c big1000-1m.json --no-report
uptime
