#!/usr/bin/env bash
# ctest conformance_preflight: a target that is not an MQTT broker (an HTTP
# server, a port that accepts then closes, a silent listener) ends the run at
# the preflight: exit 2, "no MQTT broker at HOST:PORT" with what was seen, and
# no case run. A fake broker that does answer CONNECT gets past it.
# usage: preflight_test.sh MQTTCHECK FAKEBROKER
set -uo pipefail
cli=$1 fb=$2
here=$(cd "$(dirname "$0")" && pwd)
[ -x "$cli" ] || { echo "SKIP: $cli not built"; exit 77; }
command -v python3 >/dev/null || { echo "SKIP: python3 missing"; exit 77; }
out=$(mktemp -d /tmp/mqc-preflight.XXXXXX)
trap 'rm -rf "$out"' EXIT
fails=0
bad() { echo "FAIL: $*"; cat "$out/log"; fails=$((fails + 1)); }

check() { # MODE WHAT-SEEN
  local mode=$1 seen=$2
  coproc L { exec python3 "$here/not_mqtt.py" "$mode"; }
  local lpid=$L_PID port
  read -r port <&"${L[0]}"
  # the whole catalogue is selected: only the preflight can end this quickly;
  # the outer timeout only keeps a broken runner from hanging the test
  timeout 60 "$cli" run --target "127.0.0.1:$port" --out "$out/$mode" --plain >"$out/log" 2>&1
  local rc=$?
  kill "$lpid" 2>/dev/null
  wait "$lpid" 2>/dev/null
  [ "$rc" = 2 ] || { bad "$mode: exit $rc, expected 2"; return; }
  grep -q "no MQTT broker at 127.0.0.1:$port: .*$seen" "$out/log" || { bad "$mode: no 'no MQTT broker at 127.0.0.1:$port: ...$seen'"; return; }
  if [ -e "$out/$mode/results.jsonl" ] && grep -q '"type":"case"' "$out/$mode/results.jsonl"; then
    bad "$mode: cases were run"
    return
  fi
  echo "ok: $mode: $(grep -o 'no MQTT broker.*' "$out/log")"
}
check http 'non-MQTT bytes "HTTP/1.1 400 Bad Request" (48 54 54 50'
check close 'closed without an answer'
check silent 'no answer within 3.0 s'

# a broker that answers CONNECT passes the preflight (the run goes on to its cases)
coproc FB { exec "$fb" good; }
fbpid=$FB_PID
read -r port <&"${FB[0]}"
"$cli" run --target "127.0.0.1:$port" --scenarios-only "$here/scenarios-repeat" --select repeat/stable \
  --out "$out/good" --quiet >"$out/log" 2>&1
rc=$?
kill "$fbpid" 2>/dev/null
wait "$fbpid" 2>/dev/null
[ "$rc" = 0 ] || bad "good fake broker: exit $rc, expected 0"
[ "$fails" -eq 0 ] && echo "preflight: ok"
[ "$fails" -eq 0 ]
