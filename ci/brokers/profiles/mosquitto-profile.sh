#!/usr/bin/env bash
# Starts and stops a private mosquitto configured as profiles/mosquitto.json describes:
# no anonymous clients, the password file mosquitto.passwd (user mqc) and the ACL mosquitto.acl
# (publishing on mqc-ro/... is denied). Same interface as ../mosquitto.sh:
#   mosquitto-profile.sh start STATE_DIR  -> prints the port once the broker answers MQTT
#   mosquitto-profile.sh stop STATE_DIR   -> stops that broker by its pid
# Run the profile cases with:
#   mqttcheck run --target 127.0.0.1:PORT --profile ci/brokers/profiles/mosquitto.json
set -euo pipefail
BROKER=mosquitto
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=ci/brokers/lib.sh
. "$here/../lib.sh"
check_usage "$@"
state=$2

case "$1" in
start)
  command -v mosquitto >/dev/null || die 2 "mosquitto is not installed (ci/setup.sh)"
  mkdir -p "$state"
  port=$(free_ports 1)
  # mosquitto reads the password file and the ACL as its own user: copies in STATE_DIR.
  cp "$here/mosquitto.passwd" "$here/mosquitto.acl" "$state/"
  {
    echo "listener $port 127.0.0.1"
    echo "allow_anonymous false"
    echo "password_file $state/mosquitto.passwd"
    echo "acl_file $state/mosquitto.acl"
    echo "persistence false"
    [ "$(id -u)" -eq 0 ] && echo "user root"
    echo "log_dest file $state/mosquitto.log"
  } >"$state/mosquitto.conf"
  echo "$port" >"$state/port"
  spawn "$state/pid" "$state/stdout.log" mosquitto -c "$state/mosquitto.conf"
  if ! wait_mqtt "$port" "$state/pid" 10 "$state/mosquitto.log" "$state/stdout.log" -- mqc mqc-secret; then
    stop_pid "$state/pid" 5
    exit 1
  fi
  echo "$port"
  ;;
stop)
  stop_pid "$state/pid" 5
  ;;
esac
