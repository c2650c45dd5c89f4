#!/usr/bin/env bash
# Starts and stops a private mosquitto on a free loopback port.
#   mosquitto.sh start STATE_DIR   -> prints the port once the broker answers MQTT
#   mosquitto.sh stop STATE_DIR    -> stops that broker by its pid
# STATE_DIR holds the config, the log and the pid; nothing else is touched.
set -euo pipefail
BROKER=mosquitto
# shellcheck source=ci/brokers/lib.sh
. "$(dirname "$0")/lib.sh"
check_usage "$@"
state=$2

case "$1" in
start)
  command -v mosquitto >/dev/null || die 2 "mosquitto is not installed (ci/setup.sh)"
  mkdir -p "$state"
  port=$(free_ports 1)
  {
    echo "listener $port 127.0.0.1"
    echo "allow_anonymous true"
    echo "persistence false"
    # As root mosquitto would drop to user mosquitto, who cannot write into a root-owned STATE_DIR.
    [ "$(id -u)" -eq 0 ] && echo "user root"
    echo "log_dest file $state/mosquitto.log"
  } >"$state/mosquitto.conf"
  echo "$port" >"$state/port"
  spawn "$state/pid" "$state/stdout.log" mosquitto -c "$state/mosquitto.conf"
  if ! wait_mqtt "$port" "$state/pid" 10 "$state/mosquitto.log" "$state/stdout.log"; then
    stop_pid "$state/pid" 5
    exit 1
  fi
  echo "$port"
  ;;
stop)
  stop_pid "$state/pid" 5
  ;;
esac
