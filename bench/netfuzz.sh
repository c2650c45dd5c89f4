#!/usr/bin/env bash
# Speed of `mqttcheck fuzz` against a freshly spawned local broker (default mosquitto),
# next to a reference taken in the same run on the same machine: bench-pingpong's
# lock-step PINGREQ/PINGRESP exchanges/s on one connection, measured just before and
# just after the fuzz run (the mean is the reference; the two tell how steady the load
# was). Prints messages/s and cases/s of the fuzz run and their ratio to the reference,
# and the load average (`uptime`) at the start and the end. Not a ctest: it takes a
# minute and more, and its figures depend on the machine.
#
# usage: bench/netfuzz.sh MQTTCHECK PINGPONG [--seconds N] [--ref-seconds N]
#                         [--broker CMD] [--seed S] [--jobs N] [--out DIR]
#   MQTTCHECK       the mqttcheck binary (build/default/mqttcheck)
#   PINGPONG        the reference client (build/default/bench/bench-pingpong)
#   --seconds N     fuzz time (default 60)
#   --ref-seconds N each reference measurement (default 10)
#   --broker CMD    broker command with {port} (default 'mosquitto -p {port}')
#   --seed S        fuzz seed (default 1)
#   --jobs N        fuzz instances, -j (default 1)
#   --out DIR       keep the fuzz results in DIR (default: a temporary folder, removed)
# exit: 0 figures printed, 2 could not run
set -u
die() { echo "netfuzz.sh: $*" >&2; exit 2; }
[ $# -ge 2 ] || die "usage: bench/netfuzz.sh MQTTCHECK PINGPONG [--seconds N] [--ref-seconds N] [--broker CMD] [--seed S] [--jobs N] [--out DIR]"
mqc=$1 pp=$2
shift 2
[ -x "$mqc" ] || die "$mqc is not an executable mqttcheck"
[ -x "$pp" ] || die "$pp is not an executable bench-pingpong"
secs=60 ref=10 broker='mosquitto -p {port}' seed=1 jobs=1 out=""
while [ $# -gt 0 ]; do
  case "$1" in
  --seconds) secs=${2:?}; shift 2 ;;
  --ref-seconds) ref=${2:?}; shift 2 ;;
  --broker) broker=${2:?}; shift 2 ;;
  --seed) seed=${2:?}; shift 2 ;;
  --jobs) jobs=${2:?}; shift 2 ;;
  --out) out=${2:?}; shift 2 ;;
  *) die "unknown option $1" ;;
  esac
done
case "$broker" in *'{port}'*) ;; *) die "--broker needs {port}" ;; esac
py=/usr/bin/python3
[ -x "$py" ] || py=$(command -v python3) || die "python3 is needed to read fuzz.json"

work=$(mktemp -d)
bpid=
cleanup() {
  [ -n "$bpid" ] && kill "$bpid" 2>/dev/null && wait "$bpid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
[ -n "$out" ] || out=$work/fuzz

# One reference measurement against a broker of its own, stopped by its pid.
reference() {
  local port
  port=$($py -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  # exec: the pid is the broker's, not a shell's
  sh -c "exec ${broker//\{port\}/$port}" >"$work/ref-broker.log" 2>&1 &
  bpid=$!
  local up=""
  for _ in $(seq 100); do
    (exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null && { up=1; break; }
    sleep 0.05
  done
  [ -n "$up" ] || die "the broker did not listen on $port (log: $(cat "$work/ref-broker.log"))"
  local line
  line=$("$pp" 127.0.0.1 "$port" "$ref") || die "bench-pingpong failed"
  kill "$bpid" 2>/dev/null
  wait "$bpid" 2>/dev/null
  bpid=
  echo "$line" | awk '{print $6}'
}

load0=$(uptime)
ref0=$(reference)
"$mqc" fuzz --spawn "$broker" --seconds "$secs" --seed "$seed" -j "$jobs" --out "$out" --quiet \
  >"$work/fuzz.txt" 2>&1
rc=$?
[ $rc = 2 ] && { cat "$work/fuzz.txt" >&2; die "mqttcheck fuzz could not run"; }
ref1=$(reference)
load1=$(uptime)

$py - "$out/fuzz.json" "$ref0" "$ref1" "$load0" "$load1" "$broker" "$jobs" <<'EOF'
import json, sys
j = json.load(open(sys.argv[1]))
t = j["totals"]
ref0, ref1 = float(sys.argv[2]), float(sys.argv[3])
ref = (ref0 + ref1) / 2
secs = j["seconds"]
mps = t["messages"] / secs
cps = t["cases"] / secs
print(f"broker            {sys.argv[6]}  (fuzz -j {sys.argv[7]}, {secs:.1f} s)")
print(f"fuzz              {t['cases']} cases, {t['messages']} messages, "
      f"{t['unique_responses']} unique responses, {len(j.get('findings', []))} findings")
print(f"messages/s        {mps:.0f}")
print(f"cases/s           {cps:.0f}")
print(f"reference         {ref:.0f} lock-step PINGREQ/PINGRESP exchanges/s "
      f"(before {ref0:.0f}, after {ref1:.0f})")
print(f"messages/s / ref  {mps / ref:.2f}")
print(f"load at start     {sys.argv[4].strip()}")
print(f"load at end       {sys.argv[5].strip()}")
EOF
