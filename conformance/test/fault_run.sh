#!/usr/bin/env bash
# ctest conformance_fault_MODE: a private mosquitto behind fault_proxy.py MODE
# (one behaviour broken), a selection of the catalogue run through the proxy,
# the same selection on the plain broker, and fault_check.py MODE judging
# the results: the fault is reported once,
# under its own statement, and no case FAILs a statement the broker keeps.
# Both processes are started on free loopback ports and stopped by pid.
# usage: fault_run.sh MQTTCHECK ci/brokers/mosquitto.sh MODE [RUNS]
set -uo pipefail
cli=$1 broker=$2 mode=$3 runs=${4:-1}
here=$(cd "$(dirname "$0")" && pwd)
[ -x "$cli" ] || { echo "SKIP: $cli not built"; exit 77; }
command -v mosquitto >/dev/null || { echo "SKIP: mosquitto not installed"; exit 77; }
state=$(mktemp -d /tmp/mqc-fault.XXXXXX)
ppid_file=$state/proxy.pid
cleanup() {
  [ -f "$ppid_file" ] && kill "$(cat "$ppid_file")" 2>/dev/null
  bash "$broker" stop "$state/mosq" >/dev/null 2>&1
  rm -rf "$state"
}
trap cleanup EXIT
uport=$(bash "$broker" start "$state/mosq") || { echo "FAIL: mosquitto did not start"; exit 1; }
pport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 "$here/fault_proxy.py" "$mode" "$pport" "$uport" 2>"$state/proxy.log" &
echo $! >"$ppid_file"
for _ in $(seq 50); do
  python3 -c "import socket; socket.create_connection(('127.0.0.1', $pport), 0.2)" 2>/dev/null && break
  sleep 0.1
done

args=()
for s in $(python3 "$here/fault_check.py" "$mode" --select); do args+=(--select "$s"); done
run() { # run NAME PORT: the selection against 127.0.0.1:PORT
  "$cli" run --target "127.0.0.1:$2" --name "$1" --out "$state/$1" --quiet "${args[@]}"
  local rc=$?
  echo "$1: mqttcheck exited $rc"
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then echo "FAIL: exit code $rc"; cat "$state/proxy.log"; exit 1; fi
}
# the same selection on the plain broker: what it fails without the fault
run plain "$uport"
outs=()
for i in $(seq "$runs"); do
  run "fault$i" "$pport"
  outs+=("$state/fault$i/results.json")
done
python3 "$here/fault_check.py" "$mode" "$state/plain/results.json" "${outs[@]}"
