#!/usr/bin/env bash
# Shows what procwatch's default thresholds say about a broker under the suite:
#   check-defaults.sh BROKER RUNS SELECT [OUT]
# starts BROKER through ci/brokers/BROKER.sh, runs `mqttcheck run --select SELECT`
# RUNS times, and after every run settles the broker's process group, samples
# it and runs the spin judge over an idle window; at the end the leak judge
# reads all samples (each run is one repetition). Then every scenario matching
# SELECT is repeated 10 times on its own (the "suspect case" flow) and judged
# (CASES=0 skips that part).
# Prints every sample and verdict; exit 1 when a default threshold fired.
set -u
broker=$1 runs=$2 select=$3 out=${4:-$(mktemp -d)}
root=$(cd "$(dirname "$0")/../.." && pwd)
B=$root/build/default/mqttcheck P=$root/build/default/procwatch/mqpw-probe
mkdir -p "$out"
state=$(mktemp -d)
port=$(bash "$root/ci/brokers/$broker.sh" start "$state") || { echo "could not start $broker"; exit 2; }
pgid=$(cat "$state/pid")
trap 'bash "$root/ci/brokers/$broker.sh" stop "$state"; rm -rf "$state"' EXIT
fired=0
: >"$out/runs.jsonl"
$P settle "$pgid" >>"$out/runs.jsonl"
for r in $(seq 1 "$runs"); do
  "$B" run --target "127.0.0.1:$port" --select "$select" --out "$out/run$r" >"$out/run$r.log" 2>&1
  $P settle "$pgid" >>"$out/runs.jsonl" || echo "run $r: did not settle within the bound"
  idle=$($P idle "$pgid") || fired=1
  echo "run $r: $(tail -1 "$out/runs.jsonl") $(tail -1 "$out/run$r.log") | $idle"
done
echo "leak judge over $runs runs: $($P judge <"$out/runs.jsonl")" || true
$P judge <"$out/runs.jsonl" >/dev/null || fired=1
[ "${CASES:-1}" = 0 ] && exit $fired   # CASES=0: the run trend only
for id in $("$B" list 2>/dev/null | awk '{print $1}' | grep -E "^${select//\*/.*}$" | sort -u); do
  f="$out/case-$(echo "$id" | tr '/' '_').jsonl"
  $P settle "$pgid" >"$f"
  for k in $(seq 1 10); do
    "$B" run --target "127.0.0.1:$port" --select "$id" --out "$out/case" >/dev/null 2>&1
    $P settle "$pgid" >>"$f"
  done
  v=$($P judge <"$f") || fired=1
  echo "$id x10: $v"
done
exit $fired
