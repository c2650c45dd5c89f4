#!/usr/bin/env bash
# Installs the Debian packages one job needs, by profile. Idempotent and non-interactive.
#   bash ci/setup.sh build   build mqttcheck and run it against your broker (the Action,
#                            the GitLab include, ci/templates/)
#   bash ci/setup.sh main    + mosquitto and the client libraries: what ci/main.sh runs
#   bash ci/setup.sh test    + clang, AFL++, tshark, Chromium, cmocka, the other brokers:
#                            what ci/test.sh (.ci/run) runs
#   bash ci/setup.sh matrix  main + the reference brokers of ci/matrix (and aedes: npm ci)
# Default: test. --minimal is the old name of build. PROFILE --list prints its packages.
# The console gets one line per step; apt's and npm's output goes to $SETUP_LOG
# (default /tmp/mqttcheck-setup.log), whose tail is shown when a step fails.
#
# What it changes on the machine: it installs packages (apt-get update first when some
# are missing). It never writes /usr/sbin/policy-rc.d. A broker package's postinst may
# start its system service (mosquitto on 1883, rabbitmq, ejabberd, activemq, epmd); a
# service that was not running before and is running afterwards is stopped again, since
# every job starts its brokers itself on free loopback ports (ci/brokers/*.sh). The
# service stays enabled, as Debian installs it.
set -euo pipefail
cd "$(dirname "$0")/.."

profile=test list=0
if [ "${2:-}" = "--list" ]; then list=1; fi
case "${1:-}" in
"") ;;
build | main | test | matrix) profile=$1 ;;
--minimal) profile=build ;;
-h | --help)
  sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'
  exit 0
  ;;
*)
  echo "usage: bash ci/setup.sh [build|main|test|matrix [--list]]" >&2
  exit 2
  ;;
esac
LOG=${SETUP_LOG:-/tmp/mqttcheck-setup.log}

# One list per need; a profile is a sum of lists.
BUILD=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  libpcap-dev liblua5.4-dev libjansson-dev   # pcap, scenarios, results JSON
  libssl-dev openssl                         # transport/: TLS, WebSocket handshake; ci/mkcerts.sh
  python3 procps iproute2                    # ci/brokers/lib.sh: ports, pids
)
CLIENTS=(libpaho-mqtt-dev libmosquitto-dev)  # client-mode drivers (mqc-driver-*)
MAIN_BROKER=(mosquitto)                      # ci/main.sh's target
TEST_TOOLS=(
  clang llvm lld libclang-rt-dev             # libFuzzer, sanitizers, llvm-cov
  libcmocka-dev lua5.4                       # unit tests, standalone script checks
  python3-paho-mqtt mosquitto-clients        # the Python driver, broker-side helpers
  afl++ tshark chromium                      # second fuzzer, pcap checks, HTML report checks
  psmisc python3-yaml dpkg-dev               # ci/test: templates parse; install-deb test (shlibdeps)
)
MATRIX_BROKERS=(
  rabbitmq-server                            # Erlang; its MQTT plugin ships in the package
  activemq libmqtt-client-java               # the MQTT transport needs mqtt-client.jar
  ejabberd                                   # Erlang; mod_mqtt
  nodejs                                     # aedes (npm ci in ci/brokers/aedes, below)
)
case $profile in
build) PKGS=("${BUILD[@]}") ;;
main) PKGS=("${BUILD[@]}" "${CLIENTS[@]}" "${MAIN_BROKER[@]}") ;;
matrix) PKGS=("${BUILD[@]}" "${CLIENTS[@]}" "${MAIN_BROKER[@]}" "${MATRIX_BROKERS[@]}") ;;
test) PKGS=("${BUILD[@]}" "${CLIENTS[@]}" "${MAIN_BROKER[@]}" "${TEST_TOOLS[@]}" "${MATRIX_BROKERS[@]}") ;;
esac
node=0
case $profile in matrix | test) node=1 ;; esac
# A Node.js from elsewhere (e.g. NodeSource) bundles its own npm and conflicts with
# Debian's npm package, so Debian's is asked for only when no npm is on the PATH.
if [ $node -eq 1 ] && ! command -v npm >/dev/null 2>&1; then PKGS+=(npm); fi
if [ $list -eq 1 ]; then # what the profile installs, one package a line; nothing is changed
  printf '%s\n' "${PKGS[@]}"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

step() { printf 'setup: %-44s' "$1"; }
ok() { echo "${1:-ok}"; }
failed() {
  echo "FAILED (log: $LOG)"
  tail -n 25 "$LOG" | sed 's/^/  | /' >&2
  exit 1
}

# Services a broker package may start.
SERVICES=(mosquitto rabbitmq-server ejabberd activemq epmd)
running() {
  { [ -e "/etc/init.d/$1" ] || [ -e "/lib/systemd/system/$1.service" ]; } &&
    $SUDO service "$1" status >/dev/null 2>&1
}

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

: >"$LOG"
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: profile $profile: all ${#PKGS[@]} packages present"
else
  echo "setup: profile $profile: ${#missing[@]} of ${#PKGS[@]} packages to install (${missing[*]})"
  before=()
  for s in "${SERVICES[@]}"; do if running "$s"; then before+=("$s"); fi; done
  export DEBIAN_FRONTEND=noninteractive
  echo "wireshark-common wireshark-common/install-setuid boolean false" | $SUDO debconf-set-selections
  step "apt-get update"
  $SUDO apt-get update >>"$LOG" 2>&1 && ok || failed
  step "apt-get install (${#missing[@]} packages)"
  $SUDO apt-get install -y --no-install-recommends "${missing[@]}" >>"$LOG" 2>&1 && ok || failed
  # Stop what the postinst scripts started (not what was running before).
  for svc in "${SERVICES[@]}"; do
    case " ${before[*]:-} " in *" $svc "*) continue ;; esac
    if running "$svc"; then
      step "stop the $svc service the package started"
      { $SUDO service "$svc" stop || $SUDO systemctl stop "$svc"; } >>"$LOG" 2>&1 && ok || ok "could not (see log)"
    fi
  done
fi

# aedes is the one broker from npm (pinned by ci/brokers/aedes/package-lock.json). Without
# the npm registry this only warns: ci/matrix then skips aedes, the rest works.
if [ $node -eq 1 ] && [ ! -f ci/brokers/aedes/node_modules/aedes/package.json ]; then
  step "npm ci in ci/brokers/aedes"
  if (cd ci/brokers/aedes && timeout 300 npm ci --no-audit --no-fund --loglevel=error) >>"$LOG" 2>&1; then
    ok
  else
    ok "WARNING: failed (npm registry unreachable?); aedes will be skipped"
  fi
fi
echo "setup: done (profile $profile; package output in $LOG)"
