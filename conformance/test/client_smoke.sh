#!/usr/bin/env bash
# ctest conformance_client_paho: a subset of the real client catalogue against
# the paho.mqtt.c driver. Findings about the library are allowed (exit 1);
# the run itself must work and every case must end with a verdict.
# usage: client_smoke.sh MQTTCHECK DRIVER CATALOGUE
set -uo pipefail
cli=$1 driver=$2 cat=$3
# Space-separated globs: CONNECT well-formedness and every hostile-server input
# (a client that crashes on one is a FAIL with its signal, which must never
# turn into a harness failure).
select=${MQC_CLIENT_SMOKE_SELECT:-3.1/connect/* malformed/*}
sel=()
for g in $select; do sel+=(--select "$g"); done
[ -x "$cli" ] || { echo "SKIP: $cli not built"; exit 77; }
[ -x "$driver" ] || { echo "SKIP: $driver not built"; exit 77; }
[ -d "$cat" ] || { echo "SKIP: no client catalogue at $cat yet"; exit 77; }
if [ -z "$("$cli" list --client --scenarios-only "$cat" "${sel[@]}" 2>/dev/null)" ]; then
  echo "SKIP: no client scenario matches $select"
  exit 77
fi
out=$(mktemp -d /tmp/mqc-client-smoke.XXXXXX)
trap 'rm -rf "$out"' EXIT
"$cli" client --driver "$driver" --scenarios-only "$cat" "${sel[@]}" --out "$out" --plain
rc=$?
if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
  echo "FAIL: mqttcheck client exited $rc"
  exit 1
fi
python3 - "$out/results.json" <<'PY' || exit 1
import json, sys
r = json.load(open(sys.argv[1]))
cases = [c for run in r["runs"] for c in run["cases"]]
assert cases, "no cases in the results"
bad = [c for c in cases if c.get("detail") == "harness failure" or "setup failed: the driver" in (c.get("detail") or "")]
for c in bad:
    print("FAIL: %s [%s]: %s %s" % (c["id"], c["version"], c["verdict"], c.get("observed")))
sys.exit(1 if bad else 0)
PY
echo "ok: $(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(len(r["runs"][0]["cases"]))' "$out/results.json") case(s), exit $rc"
