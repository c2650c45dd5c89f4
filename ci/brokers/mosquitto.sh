#!/usr/bin/env bash
# Starts and stops a private mosquitto on a free loopback port.
#   mosquitto.sh start STATE_DIR   -> prints the port once the broker answers MQTT
#   mosquitto.sh stop STATE_DIR    -> stops that broker by its pid
# STATE_DIR holds the config, the log and the pid; nothing else is touched.
set -euo pipefail

cmd=${1:-}
state=${2:-}
if [ -z "$cmd" ] || [ -z "$state" ]; then
  echo "usage: $0 start|stop STATE_DIR" >&2
  exit 2
fi

# Bind to port 0 and let the kernel choose a free one.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# A real MQTT answer, not just an open port: CONNECT (3.1.1, clean, id "mqcready")
# must be answered by a CONNACK (0x20 0x02 .. 0x00) within the deadline.
answers_mqtt() {
  python3 - "$1" <<'PY'
import socket, sys, time
port = int(sys.argv[1])
deadline = time.monotonic() + 1.0
try:
    s = socket.create_connection(("127.0.0.1", port), timeout=1.0)
    cid = b"mqcready"
    body = b"\x00\x04MQTT\x04\x02\x00\x1e" + len(cid).to_bytes(2, "big") + cid
    s.sendall(bytes([0x10, len(body)]) + body)
    got = b""
    while len(got) < 4 and time.monotonic() < deadline:
        s.settimeout(max(0.01, deadline - time.monotonic()))
        chunk = s.recv(4 - len(got))
        if not chunk:
            break
        got += chunk
    s.sendall(b"\xe0\x00")
    s.close()
    sys.exit(0 if got[:2] == b"\x20\x02" and got[3:4] == b"\x00" else 1)
except OSError:
    sys.exit(1)
PY
}

case "$cmd" in
start)
  command -v mosquitto >/dev/null || { echo "mosquitto.sh: mosquitto is not installed (ci/setup.sh)" >&2; exit 2; }
  mkdir -p "$state"
  port=$(free_port)
  {
    echo "listener $port 127.0.0.1"
    echo "allow_anonymous true"
    echo "persistence false"
    [ "$(id -u)" -eq 0 ] && echo "user root"
    echo "log_dest file $state/mosquitto.log"
  } >"$state/mosquitto.conf"
  mosquitto -c "$state/mosquitto.conf" >>"$state/stdout.log" 2>&1 &
  echo $! >"$state/pid"
  echo "$port" >"$state/port"
  # Every wait has a deadline: 10 s for the broker to answer a CONNECT.
  for _ in $(seq 1 100); do
    if ! kill -0 "$(cat "$state/pid")" 2>/dev/null; then
      echo "mosquitto.sh: mosquitto exited at start; its log:" >&2
      cat "$state/mosquitto.log" "$state/stdout.log" >&2 2>/dev/null || true
      exit 1
    fi
    if answers_mqtt "$port"; then
      echo "$port"
      exit 0
    fi
    sleep 0.1
  done
  echo "mosquitto.sh: mosquitto on 127.0.0.1:$port did not answer CONNECT within 10 s" >&2
  kill "$(cat "$state/pid")" 2>/dev/null || true
  exit 1
  ;;
stop)
  [ -f "$state/pid" ] || exit 0
  pid=$(cat "$state/pid")
  if kill "$pid" 2>/dev/null; then
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$state/pid"
  ;;
*)
  echo "usage: $0 start|stop STATE_DIR" >&2
  exit 2
  ;;
esac
