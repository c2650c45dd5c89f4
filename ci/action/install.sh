#!/usr/bin/env bash
# Puts mqttcheck on the PATH for the GitHub Action (action.yml) and the GitLab include
# (ci/gitlab/mqttcheck.yml). One console line per step; build output in PREFIX.log.
#   install.sh --key SRC          print the cache key of this source tree and this OS
#   install.sh SRC PREFIX         build SRC and cmake --install it into PREFIX, unless
#                                 PREFIX already holds that very build (a cache hit: its
#                                 PREFIX/.mqttcheck-key matches the key)
#   install.sh --deb FILE|URL     apt-get install that .deb instead (prefix /usr)
# The run-time packages (ci/setup.sh build) are installed either way: a cache holds the
# build, not the system's libraries. SETUP=0 skips that (the packages are there already).
# Appends PREFIX/bin to $GITHUB_PATH when set. Exit 0 ok, 2 could not install.
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
step() { printf 'mqttcheck: %-50s' "$1"; }
die() { echo "FAILED${2:+ (log: $2)}"; [ -n "${2:-}" ] && tail -n 30 "$2" | sed 's/^/  | /' >&2; exit 2; }

# The key names the OS (the build links its libraries) and every file of the source
# tree except what builds and runs leave in it, so any change of code or data rebuilds.
key() {
  local src=$1 os arch sum
  os=$(. /etc/os-release 2>/dev/null && echo "${ID:-linux}${VERSION_ID:-}")
  arch=$(uname -m)
  sum=$(cd "$src" && find . -type d \( -name .git -o -name 'build*' -o -name node_modules -o -name out \) -prune \
          -o -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-20)
  echo "mqttcheck-$os-$arch-$sum"
}

setup() {
  [ "${SETUP:-1}" = 0 ] && return 0
  bash "$1/ci/setup.sh" build
}

case "${1:-}" in
--key)
  key "$2"
  ;;
--deb)
  deb=$2
  case "$deb" in
  http://* | https://*)
    step "download $(basename "$deb")"
    tmp=$(mktemp -d)
    if command -v curl >/dev/null; then curl -fsSL -o "$tmp/$(basename "$deb")" "$deb" || die x
    else wget -q -O "$tmp/$(basename "$deb")" "$deb" || die x; fi
    deb=$tmp/$(basename "$deb")
    echo ok
    ;;
  esac
  [ -f "$deb" ] || { echo "mqttcheck: no such .deb: $deb" >&2; exit 2; }
  log=${TMPDIR:-/tmp}/mqttcheck-deb.log
  step "apt-get install $(basename "$deb")"
  case "$deb" in /*) ;; *) deb=./$deb ;; esac
  { $SUDO apt-get update && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y "$deb"; } >"$log" 2>&1 &&
    echo ok || die x "$log"
  mqttcheck --version
  ;;
"" | -*)
  sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
  ;;
*)
  src=$(cd "$1" && pwd) prefix=$2
  setup "$src"
  k=$(key "$src")
  log=$prefix.log
  if [ -x "$prefix/bin/mqttcheck" ] && [ "$(cat "$prefix/.mqttcheck-key" 2>/dev/null)" = "$k" ]; then
    echo "mqttcheck: cached build $k"
  else
    rm -rf "$prefix"
    mkdir -p "$prefix"
    prefix=$(cd "$prefix" && pwd)
    b=$(mktemp -d)
    step "configure (log: $log)"
    cmake -S "$src" -B "$b" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMQC_TESTS=OFF -DMQC_BENCH=OFF \
      -DCMAKE_INSTALL_PREFIX="$prefix" >"$log" 2>&1 && echo ok || die x "$log"
    step "build"
    cmake --build "$b" -j "$(nproc)" >>"$log" 2>&1 && echo ok || die x "$log"
    step "install into $prefix"
    cmake --install "$b" >>"$log" 2>&1 && echo ok || die x "$log"
    rm -rf "$b"
    echo "$k" >"$prefix/.mqttcheck-key"
  fi
  prefix=$(cd "$prefix" && pwd)
  if [ -n "${GITHUB_PATH:-}" ]; then echo "$prefix/bin" >>"$GITHUB_PATH"; fi
  "$prefix/bin/mqttcheck" --version
  ;;
esac
