# Shared set-up for the scripts under tools/: install the Debian packages that
# are missing, configure a build directory, build. Each script installs only
# the groups it needs, so that running smtpsim does not wait for a browser.
# Sourced, not run. Messages go to standard error so that stdout stays the program's.

SMTPSIM_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

# Building and running smtpsim (tools/smtpsim).
SMTPSIM_RUN_PACKAGES=(
  cmake ninja-build g++
  libboost-graph-dev libboost-dev nlohmann-json3-dev libfmt-dev libcli11-dev libjemalloc-dev
  graphviz  # the topology drawn in report.html (neato, sfdp)
)
# What `smtpsim compare` needs beyond them: its plots (tools/plot_compare.py).
SMTPSIM_PLOT_PACKAGES=(python3 python3-matplotlib)
# What the tests need beyond both (tools/test).
SMTPSIM_TEST_PACKAGES=(
  libgtest-dev libgmock-dev
  python3-jsonschema  # the output files checked against their JSON Schemas
  libmetis-dev  # tools/partition: METIS k-way partitions (docs/distributed.md)
  openmpi-bin libopenmpi-dev  # mpirun -np N smtpsim compare: runs spread over MPI ranks
  chromium chromium-driver python3-selenium  # the reports opened in a real browser
  swaks  # a real SMTP client against smtpsim serve
)
# The benchmarks (tools/bench).
SMTPSIM_BENCH_PACKAGES=(libbenchmark-dev)
# The code checks of tools/test --full: a Clang build, clang-tidy,
# clang-format, and libFuzzer's runtime for tools/fuzz.
SMTPSIM_CHECK_PACKAGES=(clang clang-tidy clang-format libclang-rt-dev)

smtpsim_log() { printf 'smtpsim: %s\n' "$*" >&2; }

smtpsim_install_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { smtpsim_log "need root or sudo to install: ${missing[*]}"; return 1; }
    sudo=(sudo)
  fi
  smtpsim_log "installing Debian packages: ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get update -qq >&2 || return 1
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2 || return 1
}

# smtpsim_configure DIR [cmake args...]: configure DIR (Release, Ninja, ccache
# when installed) the first time; afterwards configure it again only when a
# -DNAME=VALUE argument differs from what DIR's cache holds, so that a
# build made by tools/smtpsim (no tests) gains its tests under tools/test.
# A reconfiguration looks for MPI again: it may have been installed since.
smtpsim_configure() {
  local dir="$1"; shift
  if [ -f "$dir/build.ninja" ]; then
    local arg name value stale=0
    for arg in "$@"; do
      [[ "$arg" == -D*=* ]] || continue
      name="${arg#-D}"; name="${name%%=*}"; name="${name%%:*}"
      value="${arg#*=}"
      grep -qx "$name:[A-Z]*=$value" "$dir/CMakeCache.txt" 2>/dev/null || stale=1
    done
    [ "$stale" -eq 1 ] || return 0
    cmake -S "$SMTPSIM_ROOT" -B "$dir" -U 'MPI_*' "$@" >&2 || return 1
    return 0
  fi
  local launcher=()
  command -v ccache >/dev/null 2>&1 && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  cmake -S "$SMTPSIM_ROOT" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release "${launcher[@]}" "$@" >&2
}

# smtpsim_build DIR [TARGET...]: build DIR (every target, or those named).
# Quiet when there was nothing to do; the compiler's output when there was.
smtpsim_build() {
  local dir="$1"; shift
  local targets=()
  [ $# -gt 0 ] && targets=(--target "$@")
  local log status=0
  log="$(mktemp)"
  cmake --build "$dir" --parallel "$(nproc 2>/dev/null || echo 2)" "${targets[@]}" >"$log" 2>&1 || status=1
  grep -q 'no work to do' "$log" || cat "$log" >&2
  rm -f "$log"
  return "$status"
}

# The build tools/smtpsim makes: the program alone. A build/ that tools/test
# has configured keeps its tests; the program is all that is built here.
smtpsim_build_program() {
  smtpsim_install_packages "${SMTPSIM_RUN_PACKAGES[@]}" "$@" || return 1
  if [ -f "$SMTPSIM_ROOT/build/build.ninja" ]; then
    smtpsim_configure "$SMTPSIM_ROOT/build" || return 1
  else
    smtpsim_configure "$SMTPSIM_ROOT/build" -DSMTPSIM_TESTS=OFF -DSMTPSIM_BENCHMARKS=OFF || return 1
  fi
  smtpsim_build "$SMTPSIM_ROOT/build" smtpsim
}
