#!/usr/bin/env bash
# Flake hunt: runs the whole broker catalogue against a fresh mosquitto many times, in the
# conditions CI meets (default -j, both cores busy, -j 1), and prints every case whose verdict
# changed between runs, with the verdicts seen. The goal is no line at all. Not a ctest: it
# takes minutes (about 5-8 with the default counts on 2 cores) and builds nothing.
#
# usage: bench/flake.sh MQTTCHECK [--runs N] [--busy N] [--serial N] [--out DIR]
#                                 [--select GLOB]... [--keep]
#   MQTTCHECK    the mqttcheck binary to test (e.g. build/default/mqttcheck)
#   --runs N     runs at the default -j            (default 20)
#   --busy N     runs with every core kept busy    (default 3)
#   --serial N   runs at -j 1                      (default 2)
#   --out DIR    keep each run's results under DIR (default: a temporary folder, removed)
#   --select G   passed on to `mqttcheck run` (a quick check of a few cases)
# exit: 0 no verdict changed, 1 some verdict changed, 2 could not run
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
die() { echo "flake.sh: $*" >&2; exit 2; }

[ $# -ge 1 ] || die "usage: bench/flake.sh MQTTCHECK [--runs N] [--busy N] [--serial N] [--out DIR] [--select GLOB]"
bin=$1; shift
[ -x "$bin" ] || die "$bin is not an executable mqttcheck"
runs=20 busy=3 serial=2 out="" sel=()
while [ $# -gt 0 ]; do
  case "$1" in
  --runs) runs=${2:?}; shift 2 ;;
  --busy) busy=${2:?}; shift 2 ;;
  --serial) serial=${2:?}; shift 2 ;;
  --out) out=${2:?}; shift 2 ;;
  --select) sel+=(--select "${2:?}"); shift 2 ;;
  *) die "unknown option $1" ;;
  esac
done
for n in "$runs" "$busy" "$serial"; do
  case "$n" in '' | *[!0-9]*) die "counts must be whole numbers, got '$n'" ;; esac
done
py=/usr/bin/python3
[ -x "$py" ] || py=$(command -v python3) || die "python3 is needed to read results.json"

work=$(mktemp -d)
[ -n "$out" ] || out=$work/runs
mkdir -p "$out" || die "cannot create $out"
state="" loadpids=()
cleanup() {
  for p in "${loadpids[@]}"; do kill "$p" 2>/dev/null; done
  [ -n "$state" ] && bash "$here/ci/brokers/mosquitto.sh" stop "$state" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 2' INT TERM

cores=$(nproc 2>/dev/null || echo 2)

# A bounded busy loop per core, stopped by pid when the run ends (and by its own
# time limit should this script die without cleaning up).
load_start() {
  local i
  for ((i = 0; i < cores; i++)); do
    timeout 900 sh -c 'while :; do :; done' &
    loadpids+=($!)
  done
}
load_stop() {
  local p
  for p in "${loadpids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  loadpids=()
}

# One run: a fresh mosquitto, the catalogue, mosquitto stopped.
one() {
  local label=$1; shift
  state=$work/broker-$label
  local port
  port=$(bash "$here/ci/brokers/mosquitto.sh" start "$state") || die "mosquitto did not start (run $label)"
  local t0=$SECONDS
  "$bin" run --target "127.0.0.1:$port" --name mosquitto --plain --no-pcap --out "$out/$label" \
    "${sel[@]}" "$@" >"$out/$label.log" 2>&1
  local rc=$?
  bash "$here/ci/brokers/mosquitto.sh" stop "$state" >/dev/null 2>&1
  state=""
  [ "$rc" -le 1 ] && [ -s "$out/$label/results.json" ] ||
    die "run $label could not be done (exit $rc): see $out/$label.log"
  echo "run $label: $(tail -n 1 "$out/$label.log") [$((SECONDS - t0)) s]"
}

total=$((runs + busy + serial))
[ "$total" -gt 0 ] || die "nothing to run"
echo "== flake: $runs run(s) at the default -j, $busy with $cores busy core(s), $serial at -j 1 ($("$bin" --version 2>/dev/null | head -n 1))"
for ((i = 1; i <= runs; i++)); do one "default-$i"; done
for ((i = 1; i <= busy; i++)); do
  load_start
  one "busy-$i"
  load_stop
done
for ((i = 1; i <= serial; i++)); do one "serial-$i" -j 1; done

"$py" - "$out" <<'EOF'
import json, os, sys
out = sys.argv[1]
labels = sorted((d for d in os.listdir(out) if os.path.isfile(os.path.join(out, d, 'results.json'))),
                key=lambda s: (s.split('-')[0], int(s.split('-')[1])))
seen = {}
for lab in labels:
    with open(os.path.join(out, lab, 'results.json')) as f:
        for run in json.load(f)['runs']:
            for c in run['cases']:
                seen.setdefault(c['id'] + '@' + c['version'], {})[lab] = c['verdict']
changed = 0
for key in sorted(seen):
    by = seen[key]
    verdicts = sorted(set(by.values()))
    missing = [l for l in labels if l not in by]
    if len(verdicts) > 1 or missing:
        changed += 1
        parts = []
        for v in verdicts:
            runs = [l for l in labels if by.get(l) == v]
            parts.append('%s x%d (%s)' % (v, len(runs), ' '.join(runs)))
        if missing:
            parts.append('absent x%d (%s)' % (len(missing), ' '.join(missing)))
        print('CHANGED %s: %s' % (key, '; '.join(parts)))
print('== %d case(s) x %d run(s): %d verdict(s) changed' % (len(seen), len(labels), changed))
sys.exit(1 if changed else 0)
EOF
