#!/usr/bin/env bash
# The "done when" of pcap/: a real conformance run against mosquitto leaves
# one pcap per case, tshark decodes every one cleanly (connections whose
# client sent malformed bytes on purpose are not judged), and replaying each
# against a fresh mosquitto says "same".
# Usage: run_pcap_test.sh MQTTCHECK PCAP_TSHARK_CHECK [run options...]
# Exit 77 (skip) without mosquitto or without a `run` subcommand.
set -u
MQ=$1
CHECK=$2
shift 2
T=$(mktemp -d)
PID=
stop_broker() {
  if [ -n "$PID" ]; then kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null; PID=; fi
}
trap 'stop_broker; rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

command -v mosquitto > /dev/null || { echo "mosquitto missing: skipped"; exit 77; }
"$MQ" run --help > "$T/help" 2>&1 || { echo "mqttcheck has no run subcommand: skipped"; exit 77; }

# A private mosquitto on a free port; ready when it accepts (deadline 10 s).
start_broker() {
  PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\n' "$PORT" > "$T/m.conf"
  [ "$(id -u)" = 0 ] && echo "user root" >> "$T/m.conf"
  mosquitto -c "$T/m.conf" > /dev/null 2>&1 &
  PID=$!
  for _ in $(seq 200); do
    (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && return 0
    sleep 0.05
  done
  fail "mosquitto did not start"
}

start_broker
"$MQ" run --target "127.0.0.1:$PORT" --out "$T/run" "$@" > "$T/run.log" 2>&1
rc=$?
stop_broker
[ $rc = 2 ] && { cat "$T/run.log"; fail "the run could not be done"; }
mapfile -t CAPS < <(find "$T/run" -name '*.pcap' | sort)
[ ${#CAPS[@]} -gt 0 ] || { cat "$T/run.log"; fail "the run left no pcap"; }
echo "run exit $rc, ${#CAPS[@]} capture(s)"

"$CHECK" "${CAPS[@]}" || fail "tshark does not decode every recording cleanly"

same=0; differ=0
for f in "${CAPS[@]}"; do
  start_broker
  if "$MQ" replay "$f" --target "127.0.0.1:$PORT" --speed 1 --wait-ms 5000 > "$T/replay.txt" 2>&1; then
    same=$((same + 1))
  else
    differ=$((differ + 1))
    echo "--- $f"
    cat "$T/replay.txt"
  fi
  stop_broker
done
echo "replay against a fresh mosquitto: $same same, $differ not"
[ $differ = 0 ] || fail "$differ capture(s) did not replay the same"
echo "run pcaps: all checks passed"
