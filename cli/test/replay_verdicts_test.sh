#!/usr/bin/env bash
# ctest cli-replay-verdicts: what `mqttcheck replay` ends with, against a broker double
# (crash_broker.py: answers CONNECT and PINGREQ, dies on a PUBLISH holding "boom"):
#   - a recorded exchange the double answers otherwise: "differs", the diff, exit 1;
#   - a crash input (`corpus --to-pcap`, a CONNECT put in front by itself): "reproduces:
#     the broker died again", exit 1; the double is gone afterwards;
#   - a harmless input the same way: "no longer reproduces", exit 0, the double still up;
#   - the target given as localhost (a name resolving to loopback).
# usage: replay_verdicts_test.sh MQTTCHECK CAPTURE WORK_DIR
set -uo pipefail
mqc=$1 cap=$2 work=$3
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work"
mkdir -p "$work"
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done' EXIT
start() {
  coproc FB { exec python3 "$here/crash_broker.py"; }
  read -r port <&"${FB[0]}"
  pid=$FB_PID
  pids+=("$pid")
}

start
"$mqc" replay "$cap" --target "localhost:$port" --wait-ms 500 >"$work/differs.txt" 2>&1
rc=$?
[ "$rc" -eq 1 ] || fail "differs: exit $rc"
[ "$(tail -1 "$work/differs.txt")" = "differs: the broker's answers are not the recorded ones (diff above)" ] ||
  fail "differs: last line $(tail -1 "$work/differs.txt")"
grep -q '^    - SUBACK' "$work/differs.txt" && grep -q '^    + ' "$work/differs.txt" ||
  fail "differs: no diff (- recorded / + now) above the verdict: $(cat "$work/differs.txt")"

printf '\x30\x08\x00\x01ahello' >"$work/harmless.bin"
"$mqc" corpus --to-pcap "$work/harmless.bin" -o "$work/harmless.pcap" >"$work/to1.txt" || fail "to-pcap harmless"
grep -q "behind a 3.1.1 CONNECT" "$work/to1.txt" || fail "no CONNECT put in front: $(cat "$work/to1.txt")"
"$mqc" replay "$work/harmless.pcap" --target "localhost:$port" --wait-ms 2000 >"$work/harmless.txt" 2>&1
rc=$?
[ "$rc" -eq 0 ] || fail "no longer reproduces: exit $rc"
[ "$(tail -1 "$work/harmless.txt")" = "no longer reproduces: the broker survived the recorded input" ] ||
  fail "harmless: last line $(tail -1 "$work/harmless.txt")"
kill -0 "$pid" 2>/dev/null || fail "the double died of a harmless input"

printf '\x30\x08\x00\x01aboom!' >"$work/crash.bin"
"$mqc" corpus --to-pcap "$work/crash.bin" -o "$work/crash.pcap" >/dev/null || fail "to-pcap crash"
# --no-connect: the bytes alone (the double never sees a CONNECT, so it does not crash)
"$mqc" corpus --to-pcap "$work/crash.bin" --no-connect -o "$work/crash-raw.pcap" >"$work/to2.txt" || fail "to-pcap --no-connect"
grep -q "CONNECT" "$work/to2.txt" && fail "--no-connect still put a CONNECT in front: $(cat "$work/to2.txt")"
"$mqc" replay "$work/crash.pcap" --target "localhost:$port" --wait-ms 2000 >"$work/crash.txt" 2>&1
rc=$?
[ "$rc" -eq 1 ] || fail "crash reproduces: exit $rc"
[ "$(tail -1 "$work/crash.txt")" = "reproduces: the broker died again" ] ||
  fail "crash: last line $(tail -1 "$work/crash.txt")"
wait "$pid" 2>/dev/null
[ $? -eq 1 ] || fail "the double did not exit 1 (crash) after the crash input"

# no broker at all: could not run
"$mqc" replay "$work/crash.pcap" --target "localhost:$port" --wait-ms 500 >"$work/none.txt" 2>&1
rc=$?
[ "$rc" -eq 2 ] || fail "no broker: exit $rc ($(tail -1 "$work/none.txt"))"
[ "$fails" -eq 0 ] && echo "replay verdicts: ok"
exit $((fails > 0))
