#!/usr/bin/env bash
# Starts and stops a private mosquitto on a free loopback port.
#   mosquitto.sh start STATE_DIR   -> prints the port once the broker answers MQTT
#   mosquitto.sh stop STATE_DIR    -> stops that broker by its pid
# STATE_DIR holds the config, the log and the pid; nothing else is touched.
# Extra listeners (stdout still prints only the plain port):
#   MOSQUITTO_LISTENERS="tls ws wss"  each on its own free port, written to
#                          STATE_DIR/tls_port, ws_port, wss_port ("tls-expired": a TLS
#                          listener with an expired certificate, tls-expired_port); TLS material made at
#                          start by ci/mkcerts.sh into STATE_DIR/certs (ca.pem, client.pem...)
#   MOSQUITTO_REQUIRE_CERT=1          the TLS listeners require a client certificate
#   WebSocket listeners serve any path (mosquitto ignores it); subprotocol mqtt.
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
  read -r port tport wport sport eport <<<"$(free_ports 5)"
  listeners=${MOSQUITTO_LISTENERS:-}
  tls_lines() {
    echo "cafile $state/certs/ca.pem"
    echo "certfile $state/certs/server.pem"
    echo "keyfile $state/certs/server.key"
    if [ "${MOSQUITTO_REQUIRE_CERT:-0}" = 1 ]; then echo "require_certificate true"; fi
  }
  if [ -n "$listeners" ]; then
    bash "$(dirname "$0")/../mkcerts.sh" "$state/certs"
  fi
  {
    echo "listener $port 127.0.0.1"
    for l in $listeners; do
      case $l in
      tls) echo "listener $tport 127.0.0.1" && tls_lines && echo "$tport" >"$state/tls_port" ;;
      ws) echo "listener $wport 127.0.0.1" && echo "protocol websockets" && echo "$wport" >"$state/ws_port" ;;
      wss) echo "listener $sport 127.0.0.1" && echo "protocol websockets" && tls_lines && echo "$sport" >"$state/wss_port" ;;
      tls-expired)
        echo "listener $eport 127.0.0.1"
        tls_lines | sed "s|/server\.|/expired.|"
        echo "$eport" >"$state/tls-expired_port"
        ;;
      *) die 2 "unknown listener '$l' in MOSQUITTO_LISTENERS (tls ws wss tls-expired)" ;;
      esac
    done
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
