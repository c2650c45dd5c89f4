#!/usr/bin/env bash
# Starts and stops a private aedes (Node.js) on a free loopback port.
#   aedes.sh start STATE_DIR   -> prints the port once the broker answers MQTT
#   aedes.sh stop STATE_DIR    -> stops it by its pid
# aedes comes from npm: ci/brokers/aedes/package-lock.json pins it, and `npm ci` installs it
# into ci/brokers/aedes/node_modules the first time (ci/setup.sh does it too). The broker
# keeps everything in memory; STATE_DIR holds only its log, port and pid.
set -euo pipefail
BROKER=aedes
# shellcheck source=ci/brokers/lib.sh
. "$(dirname "$0")/lib.sh"
check_usage "$@"
state=$2
here=$(cd "$(dirname "$0")/aedes" && pwd)

# Install the pinned aedes once; exit 2 (not available) when npm cannot reach its registry.
ensure_aedes() {
  command -v node >/dev/null || die 2 "node is not installed (ci/setup.sh installs nodejs)"
  [ -f "$here/node_modules/aedes/package.json" ] && return 0
  command -v npm >/dev/null || die 2 "npm is not installed (ci/setup.sh)"
  echo "aedes: installing the pinned aedes with npm ci in $here" >&2
  if ! (cd "$here" && timeout 300 npm ci --no-audit --no-fund --loglevel=error >&2); then
    die 2 "npm ci failed in $here (is the npm registry reachable?); aedes is not available"
  fi
}

case "$1" in
start)
  ensure_aedes
  mkdir -p "$state"
  port=$(free_ports 1)
  echo "$port" >"$state/port"
  spawn "$state/pid" "$state/aedes.log" node "$here/server.js" "$port"
  if ! wait_mqtt "$port" "$state/pid" 20 "$state/aedes.log"; then
    stop_pid "$state/pid" 5
    exit 1
  fi
  echo "$port"
  ;;
stop)
  stop_pid "$state/pid" 5
  ;;
esac
