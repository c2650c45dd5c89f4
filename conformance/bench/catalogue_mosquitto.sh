#!/usr/bin/env bash
# Benchmark (prints figures, asserts nothing): wall time of the whole scenario
# catalogue against a private local mosquitto, for a few -j values.
# usage: conformance/bench/catalogue_mosquitto.sh [MQTTCHECK] [JOBS...]
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
cli=${1:-$here/build/default/mqttcheck}
shift || true
jobs=("$@")
[ ${#jobs[@]} -gt 0 ] || jobs=(0 "$(nproc)")
[ -x "$cli" ] || { echo "build mqttcheck first ($cli)" >&2; exit 2; }

state=$(mktemp -d /tmp/mqc-bench.XXXXXX)
trap 'bash "$here/ci/brokers/mosquitto.sh" stop "$state" >/dev/null 2>&1; rm -rf "$state"' EXIT
port=$(bash "$here/ci/brokers/mosquitto.sh" start "$state")
echo "mosquitto $(mosquitto -h 2>/dev/null | head -1 | awk '{print $3}') on 127.0.0.1:$port, $(nproc) cores"
for j in "${jobs[@]}"; do
  flag=()
  label="default -j"
  if [ "$j" != 0 ]; then flag=(-j "$j"); label="-j $j"; fi
  t0=$(date +%s.%N)
  set +e
  "$cli" run --target "127.0.0.1:$port" --out "$state/out-$j" --quiet "${flag[@]}" >/dev/null 2>&1
  rc=$?
  set -e
  t1=$(date +%s.%N)
  n=$(grep -c '"type": *"case"' "$state/out-$j/results.jsonl" || true)
  printf '%-12s cases=%-4s exit=%s wall=%.2fs\n' "$label" "$n" "$rc" "$(python3 -c "print($t1 - $t0)")"
done
