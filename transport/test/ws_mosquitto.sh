#!/usr/bin/env bash
# ctest transport_ws_mosquitto: the §6 scenarios and a small selection over mosquitto's
# WebSocket listeners (ws and wss, ci/brokers/mosquitto.sh MOSQUITTO_LISTENERS="ws wss").
# Every case ends with a verdict of its own (no ERROR or TIMEOUT), the binary-framing
# scenarios pass, results record the transport. Verdicts of the text-frame scenarios are
# the broker's (mosquitto 2.0.11 answers packets in text frames: FAIL) and not asserted.
# usage: ws_mosquitto.sh MQTTCHECK ci/brokers/mosquitto.sh
set -uo pipefail
cli=$1 broker=$2
[ -x "$cli" ] || { echo "SKIP: $cli not built"; exit 77; }
command -v mosquitto >/dev/null || { echo "SKIP: mosquitto not installed"; exit 77; }
command -v openssl >/dev/null || { echo "SKIP: openssl not installed"; exit 77; }
st=$(mktemp -d /tmp/mqc-wsm-test.XXXXXX)
trap 'bash "$broker" stop "$st/b" >/dev/null 2>&1; rm -rf "$st"' EXIT
MOSQUITTO_LISTENERS="ws wss" bash "$broker" start "$st/b" >/dev/null || { echo "FAIL: mosquitto did not start"; exit 1; }
grep -q "Opening websockets listen socket" "$st/b/mosquitto.log" ||
  { echo "SKIP: this mosquitto has no WebSocket support"; exit 77; }
fail=0
for tr in ws wss; do
  args=(--target "127.0.0.1:$(cat "$st/b/${tr}_port")" --ws /mqtt)
  [ $tr = wss ] && args+=(--tls --cafile "$st/b/certs/ca.pem")
  "$cli" run "${args[@]}" --select '6/*' --select '3.1/connect/client-id-23-alnum' \
    --select 'malformed/byte-at-a-time' --select 'malformed/coalesced' --plain \
    --out "$st/out-$tr" >"$st/$tr.log" 2>&1
  rc=$?
  if [ $rc -gt 1 ]; then echo "FAIL $tr: exit $rc"; cat "$st/$tr.log"; fail=1; continue; fi
  python3 - "$st/out-$tr/results.json" "$tr" <<'PY' || { echo "FAIL $tr"; fail=1; continue; }
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
assert run["target"]["transport"] == sys.argv[2], run["target"]
v = {(c["id"], c["version"]): c["verdict"] for c in run["cases"]}
bad = {k: x for k, x in v.items() if x in ("ERROR", "TIMEOUT", "UNSUPPORTED")}
assert not bad, bad
for sid in ("subprotocol-mqtt", "packet-split-across-frames", "packet-fragmented-message",
            "packets-in-one-frame"):
    for ver in ("3.1.1", "5.0"):
        assert v[("6/websocket/" + sid, ver)] == "PASS", (sid, ver, v)
print("   %s: %d cases: %s" % (sys.argv[2], len(v), sorted(set(v.values()))))
PY
  echo "ok $tr"
done
[ $fail -eq 0 ] && echo PASS || echo FAIL
exit $fail
