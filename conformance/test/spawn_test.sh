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
pgrep -f "$HERE/crashing_broker.py" >/dev/null && fail "a broker process is left running"

# --repeat 2 (-j 1: the file order): the runs the broker's death kept from starting are
# not verdicts, so the killing case is FAIL (not FLAKY) and the case after it SKIPPED
"$MQ" run --spawn "exec python3 $HERE/crashing_broker.py {port}" --scenarios-only "$HERE/scenarios-spawn" \
  --out "$T/outr" --plain --no-pcap --repeat 2 -j 1 > "$T/log" 2>&1
rc=$?
[ $rc = 1 ] || fail "--repeat 2: exit $rc, expected 1"
python3 - "$T/outr/results.json" <<'PY' || fail "--repeat 2 after a broker death"
import json, sys
c = {x["id"]: x for x in json.load(open(sys.argv[1]))["runs"][0]["cases"]}
assert c["t/a-kill"]["verdict"] == "FAIL" and c["t/a-kill"]["observed_verdicts"] == ["FAIL"], c["t/a-kill"]
assert c["t/b-after"]["verdict"] == "SKIPPED", c["t/b-after"]
assert not any("_not_run" in x for x in c.values())
PY
pgrep -f "$HERE/crashing_broker.py" >/dev/null && fail "a broker process is left running (--repeat)"

# a command that never answers MQTT: a clear error, exit 2, nothing left behind
"$MQ" run --spawn "exec sleep 300 # $T {port}" --time-scale 0.05 --scenarios-only "$HERE/scenarios-spawn" \
  --out "$T/out2" --plain --no-pcap > "$T/log" 2>&1
rc=$?
[ $rc = 2 ] || fail "never-ready broker: exit $rc, expected 2"
grep -q "did not answer MQTT" "$T/log" || fail "never-ready broker: no clear error"
pgrep -f "sleep 300 # $T" >/dev/null && fail "the never-ready broker was left running"
# mqttcheck killed (SIGTERM, as by a CI timeout; Ctrl-C is SIGINT) in the middle
# of a case: the broker, in a group of its own, is stopped too
"$MQ" run --spawn "exec python3 $HERE/resource_broker.py healthy {port}" --scenarios-only "$HERE/scenarios-slow" \
  --out "$T/out3" --plain --no-pcap > "$T/log" 2>&1 &
mq=$!
bpid=""
for _ in $(seq 1 200); do # the broker's pid, once it is spawned (at most 20 s)
  bpid=$(sed -n 's/.*spawned .* (pid \([0-9]*\)).*/\1/p' "$T/log")
  [ -n "$bpid" ] && grep -q '"type":"run"' "$T/out3/results.jsonl" 2>/dev/null && break
  sleep 0.1
done
[ -n "$bpid" ] || { kill "$mq"; fail "killed run: the broker was not spawned"; }
kill -TERM "$mq"
wait "$mq"
for _ in $(seq 1 100); do kill -0 "$bpid" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$bpid" 2>/dev/null; then kill "$bpid"; fail "killed run: the broker (pid $bpid) was left running"; fi
echo "spawn: ok"
