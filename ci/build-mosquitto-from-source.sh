#!/usr/bin/env bash
# Builds the broker binary of Debian's own mosquitto source package (the version that
# is installed, else the candidate: 2.0.11 on bookworm) with instrumentation, for
# `mqttcheck fuzz`:
#   --afl   AFL++ edge coverage (afl-clang-fast; AFL_CC=afl-clang-lto for LTO). A
#           broker spawned by `mqttcheck fuzz --spawn` then writes its edge hits into
#           the map that mqttcheck creates and passes in __AFL_SHM_ID (grey-box
#           network fuzzing, no fork server).
#   --asan  clang -fsanitize=address,undefined: memory errors become reports in the
#           broker's output, which the fuzzer's sanitizer oracle keeps whole.
# The source is fetched with `apt-get source` into a scratch folder outside the
# repository (default /work/build-mosquitto, or --dir DIR); a deb-src entry for the
# distribution is added first if apt has none. Prints the path of the built binary
# (DIR/MODE/src/mosquitto) as the last line on stdout; progress goes to stderr.
# Needs root (apt). Exit 0 built, 1 build failed, 2 bad usage or missing tools.
set -euo pipefail

usage() {
  echo "usage: $0 --afl|--asan [--dir DIR] [--jobs N]" >&2
  exit 2
}
mode="" dir=${MQC_MOSQUITTO_BUILD_DIR:-/work/build-mosquitto} jobs=$(nproc)
while [ $# -gt 0 ]; do
  case "$1" in
  --afl) mode=afl ;;
  --asan) mode=asan ;;
  --dir) dir=${2:?}; shift ;;
  --jobs) jobs=${2:?}; shift ;;
  -h | --help) usage ;;
  *) usage ;;
  esac
  shift
done
[ -n "$mode" ] || usage
log() { echo "build-mosquitto: $*" >&2; }

# A deb-src line (one-line format) or stanza (deb822) for the running suite.
# shellcheck source=/dev/null
. /etc/os-release
suite=${VERSION_CODENAME:?no VERSION_CODENAME in /etc/os-release}
has_deb_src() {
  grep -rqsE "^[[:space:]]*deb-src[[:space:]].*[[:space:]]${suite}[[:space:]]" \
    /etc/apt/sources.list /etc/apt/sources.list.d/*.list && return 0
  grep -rqsE "^Types:.*deb-src" /etc/apt/sources.list.d/*.sources
}
if ! has_deb_src; then
  # Same mirror and key as the binary entries, so the source matches what is installed.
  src=/etc/apt/sources.list.d/debian.sources
  uri=$(awk '/^URIs:/ {print $2; exit}' "$src" 2>/dev/null || true)
  key=$(awk '/^Signed-By:/ {print $2; exit}' "$src" 2>/dev/null || true)
  log "adding a deb-src entry for $suite (${uri:-http://deb.debian.org/debian})"
  {
    echo "Types: deb-src"
    echo "URIs: ${uri:-http://deb.debian.org/debian}"
    echo "Suites: $suite"
    echo "Components: main"
    echo "Signed-By: ${key:-/usr/share/keyrings/debian-archive-keyring.gpg}"
  } >/etc/apt/sources.list.d/mqttcheck-deb-src.sources
  apt-get update -qq >&2
fi

# Build tools and the broker's build dependencies (TLS stays on, as in Debian's
# binary; websockets, cJSON and systemd are left out: the broker builds without them).
need=(dpkg-dev make clang libssl-dev)
[ "$mode" = afl ] && need+=(afl++)
missing=()
for p in "${need[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]}"
  apt-get install -y -qq "${missing[@]}" >&2
fi

version=$(dpkg-query -W -f='${Version}' mosquitto 2>/dev/null || true)
[ -n "$version" ] || version=$(apt-cache policy mosquitto | awk '/Candidate:/ {print $2}')
if [ -z "$version" ] || [ "$version" = "(none)" ]; then
  log "no mosquitto version known to apt"
  exit 2
fi
upstream=${version#*:}
upstream=${upstream%-*}

pristine=$dir/source/mosquitto-$upstream
if [ ! -f "$pristine/src/mosquitto.c" ]; then
  mkdir -p "$dir/source"
  log "apt-get source mosquitto=$version into $dir/source"
  (cd "$dir/source" && apt-get source -qq "mosquitto=$version" >&2)
fi
[ -f "$pristine/src/mosquitto.c" ] || { log "no source tree at $pristine"; exit 1; }

# One copy per mode so the two builds never share objects.
tree=$dir/$mode
rm -rf "$tree"
cp -a "$pristine" "$tree"

case "$mode" in
afl)
  cc=${AFL_CC:-afl-clang-fast}
  command -v "$cc" >/dev/null || { log "$cc not found"; exit 2; }
  cflags="-g -O2"
  ldflags=""
  ;;
asan)
  cc=clang
  # Frame pointers and -O1 keep the reports' stacks readable; recover stays on for
  # UBSan so one report does not end the campaign's broker.
  cflags="-g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined"
  ldflags="-fsanitize=address,undefined"
  ;;
esac

log "building $tree/src/mosquitto with $cc ($cflags)"
start=$(date +%s)
if ! make -C "$tree/src" -j"$jobs" CC="$cc" CFLAGS="$cflags" LDFLAGS="$ldflags" \
  WITH_DOCS=no WITH_CJSON=no WITH_WEBSOCKETS=no WITH_SYSTEMD=no WITH_SRV=no \
  WITH_STRIP=no mosquitto >"$tree/build.log" 2>&1; then
  tail -30 "$tree/build.log" >&2
  log "build failed (log: $tree/build.log)"
  exit 1
fi
log "built in $(($(date +%s) - start)) s"
"$tree/src/mosquitto" -h 2>&1 | head -1 >&2 || true
echo "$tree/src/mosquitto"
