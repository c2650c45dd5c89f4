# Shared by the ci/brokers/<name>.sh scripts; source it, do not run it.
#
# Every script has the same contract:
#   NAME.sh start STATE_DIR  -> prints the MQTT port once the broker answers a CONNECT
#                               with a CONNACK; exit 1 (with the broker's log on stderr)
#                               if it does not within a bounded time, 2 if not installed
#   NAME.sh stop STATE_DIR   -> stops what start started (by pid), leaving nothing running
# The broker's config, data, logs and pid files live only in STATE_DIR.
#
# The caller sets BROKER (its name, for messages) before using these functions.

# Print an error naming the broker and exit with the given code.
die() {
  local code=$1
  shift
  echo "${BROKER:-broker}: $*" >&2
  exit "$code"
}

check_usage() {
  if [ $# -ne 2 ] || [ -z "$2" ]; then
    echo "usage: $0 start|stop STATE_DIR" >&2
    exit 2
  fi
  case "$1" in start | stop) ;; *)
    echo "usage: $0 start|stop STATE_DIR" >&2
    exit 2
    ;;
  esac
}

# Free loopback TCP ports: bind to port 0 so the kernel picks, N at a time (all held open
# together, so one call never returns the same port twice). Something else may still take
# a port before the broker binds it; the start scripts then fail with the broker's log.
free_ports() {
  python3 - "${1:-1}" <<'PY'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
for s in socks:
    s.close()
PY
}

# Does 127.0.0.1:PORT answer an MQTT 3.1.1 CONNECT with a CONNACK accepting it?
# An open port is not enough (ActiveMQ without its MQTT codec accepts and never answers).
# Optional USER and PASS are sent in the CONNECT (ejabberd refuses anonymous clients).
# One attempt, at most ~1 s.
answers_mqtt() {
  python3 - "$@" <<'PY'
import socket, sys, time
port = int(sys.argv[1])
user = sys.argv[2].encode() if len(sys.argv) > 2 else None
pw = sys.argv[3].encode() if len(sys.argv) > 3 else None
def s16(b):
    return len(b).to_bytes(2, "big") + b
flags = 0x02 | (0x80 if user is not None else 0) | (0x40 if pw is not None else 0)
body = s16(b"MQTT") + bytes([4, flags]) + (30).to_bytes(2, "big") + s16(b"mqcready")
if user is not None:
    body += s16(user)
if pw is not None:
    body += s16(pw)
deadline = time.monotonic() + 1.0
try:
    s = socket.create_connection(("127.0.0.1", port), timeout=1.0)
    s.sendall(bytes([0x10, len(body)]) + body)
    got = b""
    while len(got) < 4 and time.monotonic() < deadline:
        s.settimeout(max(0.01, deadline - time.monotonic()))
        chunk = s.recv(4 - len(got))
        if not chunk:
            break
        got += chunk
    try:
        s.sendall(b"\xe0\x00")  # DISCONNECT, so the broker logs no abnormal close
    except OSError:
        pass
    s.close()
    sys.exit(0 if got[:2] == b"\x20\x02" and got[3:4] == b"\x00" else 1)
except OSError:
    sys.exit(1)
PY
}

# wait_mqtt PORT PIDFILE SECONDS LOGS... [-- USER PASS]
# Polls until the broker answers CONNECT, the process in PIDFILE dies, or SECONDS pass.
# On failure prints the logs and returns 1; the caller then stops what it started.
wait_mqtt() {
  local port=$1 pidfile=$2 secs=$3
  shift 3
  local logs=() creds=()
  while [ $# -gt 0 ]; do
    if [ "$1" = "--" ]; then
      shift
      creds=("$@")
      break
    fi
    logs+=("$1")
    shift
  done
  local deadline=$((SECONDS + secs))
  while [ "$SECONDS" -lt "$deadline" ]; do
    if ! kill -0 "$(cat "$pidfile" 2>/dev/null || echo 0)" 2>/dev/null; then
      echo "${BROKER}: the broker exited during start; its log:" >&2
      show_logs "${logs[@]}"
      return 1
    fi
    if answers_mqtt "$port" "${creds[@]}"; then
      return 0
    fi
    sleep 0.2
  done
  echo "${BROKER}: no CONNACK from 127.0.0.1:$port within ${secs}s; its log:" >&2
  show_logs "${logs[@]}"
  return 1
}

# The last lines of each log that exists, on stderr.
show_logs() {
  local f
  for f in "$@"; do
    [ -s "$f" ] || continue
    echo "----- $f (last 40 lines)" >&2
    tail -n 40 "$f" >&2
  done
}

# Start a command in its own session (so its process group holds everything it spawns),
# output to LOG, and write the leader's pid to PIDFILE.   spawn PIDFILE LOG CMD...
spawn() {
  local pidfile=$1 log=$2
  shift 2
  setsid "$@" </dev/null >>"$log" 2>&1 &
  echo $! >"$pidfile"
}

# stop_pid PIDFILE [SECONDS]: SIGTERM to the process group led by the pid (as started by
# spawn) and to the pid itself; SIGKILL what is left after SECONDS (default 10).
stop_pid() {
  local pidfile=$1 secs=${2:-10}
  [ -f "$pidfile" ] || return 0
  local pid
  pid=$(cat "$pidfile")
  rm -f "$pidfile"
  [ -n "$pid" ] || return 0
  kill -TERM -- "-$pid" 2>/dev/null || true
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + secs))
  while [ "$SECONDS" -lt "$deadline" ] && group_alive "$pid"; do
    sleep 0.1
  done
  if group_alive "$pid"; then
    echo "${BROKER}: pid $pid still running after ${secs}s; killing it" >&2
    kill -KILL -- "-$pid" 2>/dev/null || true
    kill -KILL "$pid" 2>/dev/null || true
    deadline=$((SECONDS + 5))
    while [ "$SECONDS" -lt "$deadline" ] && group_alive "$pid"; do sleep 0.1; done
  fi
  # The broker was reparented to init when its start script exited, and some inits (as in
  # containers and micro-VMs) reap only every second or so: wait, bounded, until the pid is
  # really gone, so that callers checking `kill -0 PID` after stop see it gone.
  deadline=$((SECONDS + 5))
  while [ "$SECONDS" -lt "$deadline" ] && kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  return 0
}

# Is the process, or any member of the process group it leads, still alive
# (zombies do not count: they are our children waiting to be reaped)?
group_alive() {
  local pid=$1
  ps -eo pid=,pgid=,stat= | awk -v p="$pid" '($1 == p || $2 == p) && $3 !~ /^Z/ { found = 1 } END { exit !found }'
}

# The pid listening on 127.0.0.1:PORT (for daemons that detach from us, like epmd).
listener_pid() {
  ss -Htlnp "sport = :$1" 2>/dev/null | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -1
}
