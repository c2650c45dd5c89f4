#!/usr/bin/env bash
# Do the default resource thresholds stay quiet on a healthy broker? Runs the
# catalogue with `run --spawn` against a fresh mosquitto RUNS times (default
# 20) and prints every resource finding (the goal: none), with each run's
# baseline and end samples, how many suspect cases were re-run and the
# liveness probe's answer times. Conformance failures of mosquitto are not
# this script's business (the exit code of each run is only checked for 2).
#
# usage: bench/resources-defaults.sh [RUNS] [MQTTCHECK] [-- extra run options]
#   e.g. bench/resources-defaults.sh 3 build/default/mqttcheck -- --select 'cve/*'
# exit: 0 no finding, 1 findings, 2 a run could not be done
set -uo pipefail
RUNS=${1:-20}
MQ=${2:-$(dirname "$0")/../build/default/mqttcheck}
shift $(( $# < 2 ? $# : 2 ))
[ "${1:-}" = "--" ] && shift
command -v mosquitto >/dev/null || { echo "mosquitto is not installed" >&2; exit 2; }
[ -x "$MQ" ] || { echo "$MQ: not built" >&2; exit 2; }
W=$(mktemp -d /tmp/mqc-resbench.XXXXXX)
trap 'rm -rf "$W"' EXIT
# mosquitto drops to user mosquitto when started as root; the config file is ours
user=""
[ "$(id -u)" -eq 0 ] && user='user root\n'
total=0
for i in $(seq 1 "$RUNS"); do
  d=$W/run$i
  mkdir -p "$d"
  t0=$(date +%s)
  "$MQ" run --spawn "printf 'listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\n$user' \
      > $d/mosquitto.conf && exec mosquitto -c $d/mosquitto.conf" \
    --name "mosquitto run $i" --out "$d/out" --quiet --no-pcap "$@" > "$d/log" 2>&1
  rc=$?
  t1=$(date +%s)
  if [ $rc = 2 ]; then
    echo "run $i: could not be done:" >&2
    cat "$d/log" >&2
    exit 2
  fi
  n=$(python3 - "$d/out/results.json" $((t1 - t0)) "$i" <<'EOF'
import json, sys
doc = json.load(open(sys.argv[1]))
run = doc["runs"][0]
tot = run.get("totals", {})
res = run["target"].get("resources", {})
b, e = res.get("baseline", {}), res.get("end", {})
lat = res.get("probe_latency_ms", {})
found = [(c["id"], c["version"], f["kind"], f["evidence"]) for c in run["cases"]
         for f in c.get("resource_findings", [])]
print(f"run {sys.argv[3]}: {len(run['cases'])} cases in {sys.argv[2]} s "
      f"({', '.join(f'{k} {v}' for k, v in tot.items() if v)}); "
      f"rss {b.get('rss_kb')} -> {e.get('rss_kb')} KiB, fds {b.get('fds')} -> {e.get('fds')}, "
      f"threads {b.get('threads')} -> {e.get('threads')}; serial cases sampled "
      f"{res.get('serial_cases_sampled')}, suspects re-run {res.get('suspects_rerun')}; "
      f"probe {lat.get('min', 0):.1f}-{lat.get('max', 0):.1f} ms; resource findings {len(found)}",
      file=sys.stderr)
for cid, ver, kind, ev in found:
    print(f"  FINDING {cid} [{ver}] {kind}: {ev}", file=sys.stderr)
print(len(found))
EOF
  )
  total=$((total + n))
done
echo "resources-defaults: $RUNS run(s) of mosquitto $(mosquitto -h 2>/dev/null | head -1 | awk '{print $3}'), $total resource finding(s)"
[ "$total" = 0 ]
