# Shared set-up for tools/smtpsim, tools/test, tools/tidy and tools/bench: install the Debian
# packages that are missing, configure the build directory once, build.
# Sourced, not run. Messages go to standard error so that stdout stays the program's.

SMTPSIM_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

# Every Debian package the project builds, tests or plots with.
SMTPSIM_PACKAGES=(
  cmake ninja-build g++
  libboost-graph-dev nlohmann-json3-dev libfmt-dev libcli11-dev libjemalloc-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  python3 python3-jsonschema python3-matplotlib
  libmetis-dev  # tools/partition: METIS k-way partitions (docs/distributed.md)
  openmpi-bin libopenmpi-dev  # mpirun -np N smtpsim compare: runs spread over MPI ranks
  graphviz chromium chromium-driver python3-selenium
  clang clang-tidy  # tools/test: a second build with Clang, and tools/tidy
)

# What tools/fuzz needs beyond them: clang's libFuzzer runtime.
SMTPSIM_FUZZ_PACKAGES=(libclang-rt-dev)

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

# smtpsim_build DIR [extra cmake args...]: configure DIR if needed (the extra
# arguments come last, so they may override the build type), then build it.
smtpsim_build() {
  local dir="$1"; shift
  smtpsim_install_packages "${SMTPSIM_PACKAGES[@]}" || return 1
  local first=0
  if [ ! -f "$dir/build.ninja" ]; then
    first=1
    local launcher=()
    command -v ccache >/dev/null 2>&1 && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
    cmake -S "$SMTPSIM_ROOT" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release "${launcher[@]}" "$@" >&2 || return 1
  fi
  local jobs
  jobs="$(nproc 2>/dev/null || echo 2)"
  if [ "$first" -eq 1 ]; then
    cmake --build "$dir" --parallel "$jobs" >&2 || return 1
    return 0
  fi
  # Later calls: quiet unless something was rebuilt or failed.
  local log
  log="$(mktemp)"
  if ! cmake --build "$dir" --parallel "$jobs" >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    return 1
  fi
  grep -q 'no work to do' "$log" || cat "$log" >&2
  rm -f "$log"
}
