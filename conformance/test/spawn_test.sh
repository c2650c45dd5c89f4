#!/usr/bin/env bash
# run --spawn: mqttcheck starts the broker, reports the case that killed it
# (with the exit signal), skips the rest, exits 1 and leaves nothing running.
set -u
MQ=$1
HERE=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; cat "$T/log" 2>/dev/null; exit 1; }
command -v python3 >/dev/null || { echo "python3 missing: skipped"; exit 77; }
[ -x "$MQ" ] || { echo "$MQ not built: skipped"; exit 77; }

"$MQ" run --spawn "exec python3 $HERE/crashing_broker.py {port}" --scenarios-only "$HERE/scenarios-spawn" \
  --out "$T/out" --plain --no-pcap > "$T/log" 2>&1
rc=$?
[ $rc = 1 ] || fail "exit $rc, expected 1"
grep -q '"id":"t/a-kill".*"verdict":"FAIL"' "$T/out/results.jsonl" || fail "the killing case is not FAIL"
grep -q 'killed by signal 11' "$T/out/results.jsonl" || fail "no exit signal in the evidence"
grep -q '"id":"t/b-after".*"verdict":"SKIPPED"' "$T/out/results.jsonl" || fail "the case after the crash was not SKIPPED"
[ -f "$T/out/broker.log" ] || fail "no broker.log"
# by its pid: other test runs on the machine may run the same script
bpid=$(sed -n 's/.*spawned .* (pid \([0-9]*\)).*/\1/p' "$T/log" | head -1)
[ -n "$bpid" ] || fail "the log does not name the spawned broker's pid"
kill -0 "$bpid" 2>/dev/null && fail "the broker process $bpid is left running"

# a command that never answers MQTT: a clear error, exit 2, nothing left behind
"$MQ" run --spawn "exec sleep 300 # {port}" --time-scale 0.05 --scenarios-only "$HERE/scenarios-spawn" \
  --out "$T/out2" --plain --no-pcap > "$T/log" 2>&1
rc=$?
[ $rc = 2 ] || fail "never-ready broker: exit $rc, expected 2"
grep -q "did not answer MQTT" "$T/log" || fail "never-ready broker: no clear error"
bpid=$(sed -n 's/.*spawned .* (pid \([0-9]*\)).*/\1/p' "$T/log" | head -1)
[ -z "$bpid" ] || ! kill -0 "$bpid" 2>/dev/null || fail "the never-ready broker $bpid was left running"
echo "spawn: ok"
