#!/usr/bin/env bash
# ctest transport_client_modes: client mode over tcp, tls, ws and wss with the Python paho
# driver (the scripted broker answers the TLS handshake and the WebSocket upgrade;
# certificates from ci/mkcerts.sh). Each run: cases end with their own verdicts (no
# ERROR/TIMEOUT), results record the transport, 6/websocket/offers-mqtt runs only on ws/wss.
# usage: client_modes.sh MQTTCHECK DRIVER.py PYTHON ci/mkcerts.sh
set -uo pipefail
cli=$1 driver=$2 py=$3 mkcerts=$4
[ -x "$cli" ] || { echo "SKIP: $cli not built"; exit 77; }
"$py" -c 'import paho.mqtt.client' 2>/dev/null || { echo "SKIP: $py cannot import paho.mqtt.client"; exit 77; }
command -v openssl >/dev/null || { echo "SKIP: openssl not installed"; exit 77; }
st=$(mktemp -d /tmp/mqc-clm-test.XXXXXX)
trap 'rm -rf "$st"' EXIT
bash "$mkcerts" "$st/certs" || exit 1
c=$st/certs
fail=0
for tr in tcp tls ws wss; do
  args=()
  case $tr in tls | wss) args+=(--tls --cert "$c/server.pem" --key "$c/server.key" --cafile "$c/ca.pem") ;; esac
  case $tr in ws | wss) args+=(--ws /mqtt) ;; esac
  "$cli" client --driver "$py $driver" "${args[@]}" --select '3.1/connect/*' --select '6/*' \
    --plain --out "$st/out-$tr" >"$st/$tr.log" 2>&1
  rc=$?
  if [ $rc -gt 1 ]; then echo "FAIL $tr: exit $rc"; cat "$st/$tr.log"; fail=1; continue; fi
  python3 - "$st/out-$tr/results.json" "$tr" <<'PY' || { echo "FAIL $tr"; fail=1; continue; }
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
tr = sys.argv[2]
assert run["target"]["transport"] == tr, run["target"]
v = {(c["id"], c["version"]): c["verdict"] for c in run["cases"]}
bad = {k: x for k, x in v.items() if x in ("ERROR", "TIMEOUT")}
assert not bad, bad
want = "PASS" if tr in ("ws", "wss") else "UNSUPPORTED"
for ver in ("3.1.1", "5.0"):
    assert v[("6/websocket/offers-mqtt", ver)] == want, (tr, v)
print("   %s: %d cases: %s" % (tr, len(v), sorted(set(v.values()))))
PY
  echo "ok $tr"
done
[ $fail -eq 0 ] && echo PASS || echo FAIL
exit $fail
