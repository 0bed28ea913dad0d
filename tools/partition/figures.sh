#!/usr/bin/env bash
# Makes the partition tables of results/bench/partition.md: the generators'
# topologies at 10,000, 100,000 and 1,000,000 hosts (latencies 1ms..100ms),
# split by smtpsim-partition into 2 to 64 ranks, with no link and with no link
# under 10ms cut, and the speed-up model's inputs measured on the build machine.
#   tools/partition/figures.sh DIR [HOSTS...]   one DIR/<kind>-<hosts>.md per topology
# The topologies are written to DIR too (1 million hosts: about 240 MB each).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib/setup.sh"
[ $# -ge 1 ] || { smtpsim_log "usage: tools/partition/figures.sh DIR [HOSTS...]"; exit 2; }
dir="$1"; shift
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000 1000000)
smtpsim_install_packages "${SMTPSIM_RUN_PACKAGES[@]}" libmetis-dev openmpi-bin libopenmpi-dev
smtpsim_configure "$SMTPSIM_ROOT/build"
smtpsim_build "$SMTPSIM_ROOT/build"
bin="$SMTPSIM_ROOT/build"
[ -x "$bin/tools/partition/smtpsim-partition" ] || { smtpsim_log "smtpsim-partition was not built: install libmetis-dev"; exit 1; }
mkdir -p "$dir"
model=(--rate 0.4 --events-per-hop 22 --crossings-per-hop 14 --events-per-second 1.2e6
       --sync-stage 20us --message-cost 350ns)
for hosts in "${sizes[@]}"; do
  case "$hosts" in
    10000) samples=(--samples 10000 --figure-samples 10000) ;;  # every destination: exact
    100000) samples=(--samples 1024 --figure-samples 1024) ;;
    *) samples=(--samples 64 --figure-samples 64) ;;
  esac
  for kind in scale-free small-world random grid tree; do
    topology="$dir/$kind-$hosts.json"
    [ -f "$topology" ] || "$bin/sim/smtpsim" topology generate "$kind" --hosts "$hosts" --seed 1 \
        --latency 1ms..100ms --out "$topology"
    "$bin/tools/partition/smtpsim-partition" "$topology" --parts 2 4 8 16 64 \
        --keep-together-below 0s 10ms "${samples[@]}" "${model[@]}" >"$dir/$kind-$hosts.md"
    smtpsim_log "wrote $dir/$kind-$hosts.md"
  done
done
