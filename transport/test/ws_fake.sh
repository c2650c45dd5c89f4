#!/usr/bin/env bash
# ctest transport_ws_fake: mqttcheck run --ws against fake_ws_broker.py in each of its
# modes; every run must end (ctest's timeout is the hang detector) and report:
#   bad-status, bad-accept, hangup  exit 2 before any case, the reason named
#   no-protocol   cases run; 6/websocket/subprotocol-mqtt FAILs (MQTT-6.0.0-4)
#   text          cases run and FAIL citing MQTT-6.0.0-1 (no case hangs or ERRORs)
#   fragment      answers in 1-byte fragments with pings between: cases PASS
#   close         a close frame instead of CONNACK: the case ends, the wire log shows it
# usage: ws_fake.sh MQTTCHECK
set -uo pipefail
cli=$1
here=$(cd "$(dirname "$0")" && pwd)
[ -x "$cli" ] || { echo "SKIP: $cli not built"; exit 77; }
st=$(mktemp -d /tmp/mqc-ws-test.XXXXXX)
pid=""
stop() { if [ -n "$pid" ]; then kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; pid=""; fi; }
trap 'stop; [ -n "${KEEP:-}" ] || rm -rf "$st"' EXIT
fail=0
start() { # MODE -> $port
  rm -f "$st/port"
  python3 "$here/fake_ws_broker.py" "$1" "$st/port" &
  pid=$!
  for _ in $(seq 1 200); do [ -s "$st/port" ] && break; sleep 0.05; done
  port=$(cat "$st/port")
}
run() { # MODE SELECT -> rc, $out
  out=$st/out-$1
  "$cli" run --target "127.0.0.1:$port" --ws /mqtt --select "$2" --versions 3.1.1,5.0 --plain \
    --out "$out" >"$st/$1.stdout" 2>"$st/$1.stderr"
  rc=$?
}
verdicts() { # python check on results.json: ARGS... = assertions in python over `cases`
  python3 - "$out/results.json" "$@" <<'PY'
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
cases = run["cases"]
assert run["target"]["transport"] == "ws", run["target"]
for expr in sys.argv[2:]:
    assert eval(expr), (expr, [(c["id"], c["verdict"], c.get("statements"), c.get("observed")) for c in cases])
PY
}
ok() { echo "ok $1"; }
bad() { echo "FAIL $1"; cat "$st/$1.stderr"; fail=1; }

for m in bad-status:'WebSocket upgrade refused: HTTP/1.1 404' bad-accept:'Sec-WebSocket-Accept' \
         hangup:'closed the connection before answering'; do
  mode=${m%%:*} re=${m#*:}
  start "$mode"
  run "$mode" '3.1/connect/client-id-23-alnum'
  stop
  if [ $rc -eq 2 ] && grep -q "$re" "$st/$mode.stderr"; then ok "$mode: $(head -1 "$st/$mode.stderr")"; else bad "$mode"; fi
done

start no-protocol
run no-protocol '6/websocket/subprotocol-mqtt'
stop
if [ $rc -eq 1 ] && verdicts 'all(c["verdict"] == "FAIL" for c in cases)' 'len(cases) == 2'; then ok no-protocol; else bad no-protocol; fi

start text
run text '3.1/connect/client-id-23-alnum'
stop
if [ $rc -eq 1 ] && verdicts 'len(cases) == 2' \
  'all(c["verdict"] == "FAIL" and "MQTT-6.0.0-1" in json.dumps(c) for c in cases)'; then ok text; else bad text; fi

start fragment
run fragment '3.1/connect/client-id-23-alnum'
stop
if [ $rc -eq 0 ] && verdicts 'len(cases) == 2' 'all(c["verdict"] == "PASS" for c in cases)'; then ok fragment; else bad fragment; fi

start close
run close '3.1/connect/client-id-23-alnum'
stop
# a close frame to every CONNECT: the preflight finds no broker and says why (exit 2)
if [ $rc -eq 2 ] && grep -q 'no MQTT broker at .*close frame.*1011' "$st/close.stderr"; then ok close; else bad close; fi

[ $fail -eq 0 ] && echo PASS || echo FAIL
exit $fail
