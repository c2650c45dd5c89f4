#!/usr/bin/env bash
# ctest conformance_fault_MODE: a private mosquitto behind fault_proxy.py MODE
# (one behaviour broken), a selection of the catalogue run through the proxy,
# and fault_check.py MODE judging the results: the fault is reported once,
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

select=$(python3 "$here/fault_check.py" "$mode" --select)
outs=()
for i in $(seq "$runs"); do
  out=$state/out$i
  args=()
  for s in $select; do args+=(--select "$s"); done
  "$cli" run --target "127.0.0.1:$pport" --name "fault-$mode" --out "$out" --quiet "${args[@]}"
  rc=$?
  echo "run $i: mqttcheck exited $rc"
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then echo "FAIL: exit code $rc"; cat "$state/proxy.log"; exit 1; fi
  outs+=("$out/results.json")
done
python3 "$here/fault_check.py" "$mode" "${outs[@]}"
