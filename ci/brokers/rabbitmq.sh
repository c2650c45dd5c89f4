#!/usr/bin/env bash
# Starts and stops a private RabbitMQ with its MQTT plugin on a free loopback port.
#   rabbitmq.sh start STATE_DIR   -> prints the MQTT port once the broker answers MQTT
#   rabbitmq.sh stop STATE_DIR    -> stops the node and its epmd by their pids
# Every RABBITMQ_* path points into STATE_DIR; the AMQP, Erlang distribution and epmd ports
# are free loopback ports too, so a system RabbitMQ (or a second copy of this) is unaffected.
set -euo pipefail
BROKER=rabbitmq
# shellcheck source=ci/brokers/lib.sh
. "$(dirname "$0")/lib.sh"
check_usage "$@"
state=$2
server=/usr/lib/rabbitmq/bin/rabbitmq-server

case "$1" in
start)
  # The /usr/sbin wrappers switch to user rabbitmq; the script under /usr/lib does not.
  [ -x "$server" ] || die 2 "rabbitmq-server is not installed (ci/setup.sh)"
  command -v epmd >/dev/null || die 2 "epmd (erlang-base) is not installed (ci/setup.sh)"
  mkdir -p "$state/home" "$state/mnesia" "$state/log"
  state=$(cd "$state" && pwd)
  read -r port amqp dist epmd_port < <(free_ports 4)
  echo "$port" >"$state/port"
  cat >"$state/rabbitmq.conf" <<CONF
listeners.tcp.default = 127.0.0.1:$amqp
mqtt.listeners.tcp.default = 127.0.0.1:$port
mqtt.allow_anonymous = true
loopback_users = none
log.file.level = info
log.console = false
CONF
  echo "[rabbitmq_mqtt]." >"$state/enabled_plugins"

  # Our own epmd on a private port, in the foreground under our pid: the node would otherwise
  # start a daemon epmd that outlives it.
  echo "$epmd_port" >"$state/epmd_port"
  spawn "$state/epmd.pid" "$state/epmd.log" epmd -port "$epmd_port" -address 127.0.0.1

  export HOME="$state/home"
  export RABBITMQ_CONFIG_FILE="$state/rabbitmq.conf"
  export RABBITMQ_ENABLED_PLUGINS_FILE="$state/enabled_plugins"
  export RABBITMQ_MNESIA_BASE="$state/mnesia"
  export RABBITMQ_LOG_BASE="$state/log"
  export RABBITMQ_PID_FILE="$state/rabbit.pid"
  export RABBITMQ_NODENAME=rabbit@localhost
  export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
  export RABBITMQ_NODE_PORT="$amqp"
  export RABBITMQ_DIST_PORT="$dist"
  export ERL_EPMD_PORT="$epmd_port"
  export ERL_EPMD_ADDRESS=127.0.0.1
  export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
  spawn "$state/pid" "$state/stdout.log" "$server"
  # Erlang boot plus plugin activation takes 4-8 s on an idle machine; allow for a busy one.
  if ! wait_mqtt "$port" "$state/pid" 90 "$state/log/rabbit@localhost.log" "$state/stdout.log"; then
    stop_pid "$state/pid" 20
    stop_pid "$state/epmd.pid" 5
    exit 1
  fi
  echo "$port"
  ;;
stop)
  # SIGTERM to the server's process group makes the node shut down cleanly.
  stop_pid "$state/pid" 30
  stop_pid "$state/epmd.pid" 5
  ;;
esac
