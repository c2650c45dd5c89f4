#!/usr/bin/env bash
# install_check.sh prefix|deb BUILD_DIR WORK_DIR
#   prefix: cmake --install BUILD_DIR into WORK_DIR, move the prefix elsewhere (it must be
#           relocatable), then run the installed mqttcheck from / against mosquitto.
#   deb:    cpack the .deb from BUILD_DIR, check its Depends, unpack it into a scratch root
#           (dpkg-deb -x: no root, nothing installed on the machine) and do the same run.
# Either way nothing may come from the source tree: --version must name the installed
# data dir. Exit 0 ok, 1 a check failed, 77 skipped (mosquitto or dpkg-deb missing).
set -euo pipefail
mode=$1 build=$(cd "$2" && pwd) work=$3
command -v mosquitto >/dev/null || { echo "SKIP: mosquitto not installed"; exit 77; }
rm -rf "$work"
mkdir -p "$work"
work=$(cd "$work" && pwd)
log=$work/log.txt
fail() { echo "FAIL: $*"; [ -s "$log" ] && tail -20 "$log"; exit 1; }

case "$mode" in
prefix)
  cmake --install "$build" --prefix "$work/first" >"$log" 2>&1 || fail "cmake --install"
  mv "$work/first" "$work/moved"
  root=$work/moved
  ;;
deb)
  command -v dpkg-deb >/dev/null || { echo "SKIP: dpkg-deb not installed"; exit 77; }
  (cd "$work" && cpack --config "$build/CPackConfig.cmake" -G DEB -B "$work/pkg") >"$log" 2>&1 ||
    fail "cpack"
  deb=$(ls "$work"/pkg/mqttcheck_*_*.deb 2>/dev/null | head -1)
  [ -n "$deb" ] || fail "cpack wrote no mqttcheck_<version>_<arch>.deb"
  depends=$(dpkg-deb -f "$deb" Depends)
  echo "Depends: $depends"
  for lib in liblua5.4 libjansson libpcap libpaho-mqtt libmosquitto; do
    case "$depends" in *"$lib"*) ;; *) fail "Depends lacks $lib" ;; esac
  done
  dpkg-deb -x "$deb" "$work/root"
  root=$work/root/usr
  ;;
*)
  echo "usage: install_check.sh prefix|deb BUILD_DIR WORK_DIR" >&2
  exit 2
  ;;
esac

bin=$root/bin/mqttcheck
for f in "$bin" "$root/bin/mqc-driver-mosquitto" "$root/share/mqttcheck/spec/mqtt-5.0.tsv" \
         "$root/share/mqttcheck/scenarios/lib" "$root/share/mqttcheck/client-scenarios/lib" \
         "$root/share/man/man1/mqttcheck-run.1" "$root/share/doc/mqttcheck/README.md"; do
  [ -e "$f" ] || fail "not installed: ${f#"$root"/}"
done
# no RUNPATH into the build tree
if readelf -d "$bin" | grep -E 'R(UN)?PATH' | grep -q "$build"; then fail "binary keeps a path into the build tree"; fi

cd /
ver=$("$bin" --version)
echo "$ver"
case "$ver" in
  *"data dir: $root/share/mqttcheck (installed next to the binary"*) ;;
  *) fail "the installed binary does not use its installed data" ;;
esac
"$bin" statement MQTT-3.3.1-4 | grep -q "3.3/publish/qos3" || fail "statement does not list 3.3/publish/qos3"

# A few broker cases mosquitto passes, two of them loading lib/ helpers through use().
set +e
"$bin" run --spawn 'mosquitto -p {port}' --plain -j 2 --out "$work/out" \
  --select '3.3/publish/qos3' --select '3.3/publish/packet-id-zero' --select '4.3/qos/qos1-puback' \
  --versions 3.1.1,5.0 >"$work/run.txt" 2>&1
rc=$?
set -e
cat "$work/run.txt"
[ "$rc" -eq 0 ] || fail "run from / exited $rc"
grep -q "PASS 6" "$work/run.txt" || fail "expected 6 PASS"
[ -s "$work/out/results.json" ] && [ -s "$work/out/report.html" ] || fail "no results.json / report.html"

# The client catalogue, through the installed libmosquitto driver.
set +e
"$bin" client --driver "$root/bin/mqc-driver-mosquitto" --plain --out "$work/out-client" \
  --select '3.1/connect/clean-*' --versions 3.1.1 >"$work/client.txt" 2>&1
rc=$?
set -e
cat "$work/client.txt"
[ "$rc" -le 1 ] || fail "client run from / exited $rc"
[ -s "$work/out-client/results.json" ] || fail "client run wrote no results.json"
echo "OK: $mode install runs from / without the source tree"
