#!/usr/bin/env bash
# Starts and stops a private ejabberd whose only listener is mod_mqtt on a free loopback port.
#   ejabberd.sh start STATE_DIR   -> prints the MQTT port once the broker answers MQTT
#   ejabberd.sh stop STATE_DIR    -> stops the node by its pid
# Config, spool (mnesia), logs and a patched copy of ejabberdctl live in STATE_DIR.
#
# ejabberd refuses MQTT clients without a username and password; with anonymous login any
# pair is accepted. EJABBERD_MQTT_USER / EJABBERD_MQTT_PASS (default mqttcheck/mqttcheck)
# are what the readiness probe sends; a test run must send a username and password too.
set -euo pipefail
BROKER=ejabberd
# shellcheck source=ci/brokers/lib.sh
. "$(dirname "$0")/lib.sh"
check_usage "$@"
state=$2
user=${EJABBERD_MQTT_USER:-mqttcheck}
pass=${EJABBERD_MQTT_PASS:-mqttcheck}

case "$1" in
start)
  [ -x /usr/sbin/ejabberdctl ] || die 2 "ejabberd is not installed (ci/setup.sh)"
  mkdir -p "$state/spool" "$state/logs"
  state=$(cd "$state" && pwd)
  read -r port dist < <(free_ports 2)
  echo "$port" >"$state/port"
  # ejabberdctl run as root insists on switching to user ejabberd, who cannot write here.
  sed 's/^INSTALLUSER=.*/INSTALLUSER=/' /usr/sbin/ejabberdctl >"$state/ejabberdctl"
  chmod +x "$state/ejabberdctl"
  cp /etc/ejabberd/inetrc "$state/inetrc"
  # ERL_DIST_PORT: the node listens for distribution on that fixed port and needs no epmd
  # (-start_epmd false), so nothing outlives the node.
  cat >"$state/ejabberdctl.cfg" <<CFG
ERLANG_NODE=ejd@localhost
INET_DIST_INTERFACE=127.0.0.1
ERL_EPMD_ADDRESS=127.0.0.1
ERL_DIST_PORT=$dist
ERL_OPTIONS="-env ERL_CRASH_DUMP_BYTES 0"
EJABBERD_PID_PATH=$state/ejabberd.pid
CONTRIB_MODULES_PATH=$state/contrib
CONTRIB_MODULES_CONF_DIR=$state/contrib-conf
CFG
  cat >"$state/ejabberd.yml" <<YML
hosts: [localhost]
loglevel: info
auth_method: [anonymous]
anonymous_protocol: login_anon
listen:
  - port: $port
    ip: "127.0.0.1"
    module: mod_mqtt
    backlog: 128
modules:
  mod_mqtt: {}
YML
  # HOME: Erlang keeps its .erlang.cookie there; keep it in STATE_DIR too.
  mkdir -p "$state/home"
  HOME="$state/home" spawn "$state/pid" "$state/stdout.log" "$state/ejabberdctl" \
    --config-dir "$state" --ctl-config "$state/ejabberdctl.cfg" \
    --logs "$state/logs" --spool "$state/spool" foreground
  if ! wait_mqtt "$port" "$state/pid" 60 "$state/logs/ejabberd.log" "$state/logs/error.log" \
    "$state/stdout.log" -- "$user" "$pass"; then
    stop_pid "$state/pid" 20
    exit 1
  fi
  echo "$port"
  ;;
stop)
  # beam handles SIGTERM as a clean init:stop(); the group also holds erl_child_setup.
  stop_pid "$state/pid" 30
  ;;
esac
