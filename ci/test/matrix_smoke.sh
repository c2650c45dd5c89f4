#!/usr/bin/env bash
# ci/matrix on mosquitto + aedes (aedes starts in well under a second) over a representative
# subset: CONNECT handling, retained messages, SUBSCRIBE validation, QoS flows, both 3.1.1
# and 5.0 (aedes has no 5.0: its column must not break the report).
#   matrix_smoke.sh MQTTCHECK OUT_DIR
# Exit 0 pass, 1 fail, 77 skipped (a broker is not installed).
set -euo pipefail
mqc=${1:?usage: matrix_smoke.sh MQTTCHECK OUT_DIR}
out=${2:?usage: matrix_smoke.sh MQTTCHECK OUT_DIR}
root=$(cd "$(dirname "$0")/../.." && pwd)

rm -rf "$out"
set +e
timeout 200 bash "$root/ci/matrix" --mqttcheck "$mqc" --brokers mosquitto,aedes --out "$out" \
  --select '3.1/connect/*' --select '3.3/retain/*' --select '3.8/subscribe/*' --select '4.3/qos/*' \
  -j 4 >"$out.log" 2>&1
rc=$?
set -e
tail -n 12 "$out.log"

fail() {
  echo "FAIL: $*" >&2
  echo "--- ci/matrix output: $out.log" >&2
  exit 1
}
# Skip only for a broker that is genuinely not installed (its start script exits 2).
if grep -q $'\tnot-installed\t' "$out/matrix.tsv" 2>/dev/null; then
  echo "SKIP: $(grep $'\tnot-installed' "$out/matrix.tsv" | cut -f1 | tr '\n' ' ')not installed (bash ci/setup.sh)"
  exit 77
fi
# Both brokers have findings in this subset, so 1 is the expected exit code; 2 is not.
[ $rc -eq 0 ] || [ $rc -eq 1 ] || fail "ci/matrix exited $rc"
for f in report.html results.json junit.xml summary.md; do
  [ -s "$out/$f" ] || fail "no $out/$f"
done
python3 - "$out" <<'PY' || exit 1
import json, sys, os
out = sys.argv[1]
doc = json.load(open(os.path.join(out, "results.json")))
labels = [r.get("label") or r["target"]["name"] for r in doc["runs"]]
if sorted(labels) != ["aedes", "mosquitto"]:
    sys.exit(f"FAIL: columns {labels}, expected aedes and mosquitto")
for r in doc["runs"]:
    n = len(r["cases"])
    if n < 50:
        sys.exit(f"FAIL: {r['label']} has only {n} cases")
    if not r.get("complete", True):
        sys.exit(f"FAIL: {r['label']}'s run is incomplete")
html = open(os.path.join(out, "report.html"), encoding="utf-8").read()
for l in labels:
    if f'"{l}"' not in html:
        sys.exit(f"FAIL: report.html does not name {l}")
junit = open(os.path.join(out, "junit.xml"), encoding="utf-8").read()
for l in labels:
    if f'name="{l} ' not in junit:
        sys.exit(f"FAIL: junit.xml has no suite of {l}")
tot = {r["label"]: r.get("totals") for r in doc["runs"]}
print("columns:", ", ".join(labels), "| totals:", json.dumps(tot))
PY
# Nothing left running: the state folders are gone and no broker of ours is listening.
if pgrep -f "$root/ci/brokers/aedes/server.js" >/dev/null; then
  fail "an aedes started by ci/matrix is still running"
fi
echo "PASS: combined report with both columns in $out"
