#!/usr/bin/env bash
# The whole catalogue against one private mosquitto over plain TCP, TLS, WebSocket and
# secure WebSocket, and the per-case verdicts that differ from plain TCP. Slow (four
# full runs), so not a ctest; the §6 scenarios are UNSUPPORTED off WebSocket by design.
#   bash ci/transport_diff.sh MQTTCHECK [OUT_DIR]   -> prints a markdown table of the
#   differences; OUT_DIR (default a temp dir) keeps each run's results
set -euo pipefail
cli=${1:?usage: $0 MQTTCHECK [OUT_DIR]}
here=$(cd "$(dirname "$0")" && pwd)
out=${2:-$(mktemp -d /tmp/mqc-transport-diff.XXXXXX)}
mkdir -p "$out"
state=$out/broker
trap 'bash "$here/brokers/mosquitto.sh" stop "$state" >/dev/null 2>&1 || true' EXIT
port=$(MOSQUITTO_LISTENERS="tls ws wss" bash "$here/brokers/mosquitto.sh" start "$state")
ca=$state/certs/ca.pem
run() { # NAME ARGS...
  local name=$1
  shift
  local t0=$SECONDS
  "$cli" run --name "mosquitto-$name" --out "$out/$name" --quiet "$@" || [ $? -eq 1 ]
  echo "$name: $((SECONDS - t0)) s" >&2
}
run tcp --target "127.0.0.1:$port"
run tls --target "127.0.0.1:$(cat "$state/tls_port")" --tls --cafile "$ca"
run ws --target "127.0.0.1:$(cat "$state/ws_port")" --ws /mqtt
run wss --target "127.0.0.1:$(cat "$state/wss_port")" --ws /mqtt --tls --cafile "$ca"
python3 - "$out" <<'PY'
import json, sys, collections
out = sys.argv[1]
runs = {}
for n in ("tcp", "tls", "ws", "wss"):
    r = json.load(open(f"{out}/{n}/results.json"))["runs"][0]
    runs[n] = {(c["id"], c["version"]): c for c in r["cases"]}
base = runs["tcp"]
for n in ("tls", "ws", "wss"):
    cnt = collections.Counter(c["verdict"] for c in runs[n].values())
    print(f"- {n}: {len(runs[n])} cases, " + ", ".join(f"{k} {v}" for k, v in sorted(cnt.items())))
cnt = collections.Counter(c["verdict"] for c in base.values())
print(f"- tcp: {len(base)} cases, " + ", ".join(f"{k} {v}" for k, v in sorted(cnt.items())))
print()
print("| case | version | tcp | tls | ws | wss |")
print("|---|---|---|---|---|---|")
keys = sorted(set().union(*[set(r) for r in runs.values()]))
ndiff = 0
for k in keys:
    v = [runs[n].get(k, {}).get("verdict", "-") for n in ("tcp", "tls", "ws", "wss")]
    if len(set(v)) > 1:
        ndiff += 1
        print(f"| {k[0]} | {k[1]} | " + " | ".join(v) + " |")
print()
print(f"{ndiff} of {len(keys)} cases differ between transports")
PY
