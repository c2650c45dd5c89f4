#!/usr/bin/env bash
# Installs every Debian package mqttcheck needs to build, test and run its main job.
# Idempotent and non-interactive: safe to run on every CI start.
#   bash ci/setup.sh            everything: toolchains, fuzzers, the five brokers of ci/matrix
#   bash ci/setup.sh --minimal  only what building and running `mqttcheck run` needs
#                               (what a user's CI job installs: ci/templates/)
set -euo pipefail
cd "$(dirname "$0")/.."

minimal=0
case "${1:-}" in
"") ;;
--minimal) minimal=1 ;;
*)
  echo "usage: bash ci/setup.sh [--minimal]" >&2
  exit 2
  ;;
esac

BUILD_PKGS=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  libpcap-dev                             # pcap writer/reader
  liblua5.4-dev                           # scenario scripts
  libjansson-dev                          # results JSON
)
PKGS=(
  "${BUILD_PKGS[@]}"
  clang llvm lld libclang-rt-dev          # libFuzzer, sanitizers, llvm-cov
  libcmocka-dev                           # unit tests
  lua5.4                                  # scenario scripts (standalone checks)
  libpaho-mqtt-dev libmosquitto-dev python3-paho-mqtt  # client-mode drivers
  afl++                                   # second fuzzing engine
  mosquitto mosquitto-clients             # default target broker
  tshark                                  # checks recorded pcaps
  chromium                                # checks the HTML report
  procps psmisc iproute2 python3          # process and port helpers used by ci/ scripts
  # ci/matrix: the other brokers of the comparison (ci/brokers/*.sh)
  rabbitmq-server                         # Erlang; its MQTT plugin ships in the package
  activemq libmqtt-client-java            # the MQTT transport needs mqtt-client.jar linked in
  ejabberd                                # Erlang; mod_mqtt
  nodejs                                  # aedes (npm ci in ci/brokers/aedes, below)
  python3-yaml                            # ci/test: the CI templates parse
)
if [ $minimal -eq 1 ]; then
  PKGS=("${BUILD_PKGS[@]}")
elif ! command -v npm >/dev/null 2>&1; then
  # A Node.js from elsewhere (e.g. NodeSource) bundles its own npm and conflicts with
  # Debian's npm package, so Debian's is asked for only when no npm is on the PATH.
  PKGS+=(npm)
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#PKGS[@]} packages present"
else
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # Package installs must not start system services (mosquitto would grab port 1883,
  # rabbitmq 5672, ejabberd 5222, activemq 61616, each Erlang one an epmd on 4369):
  # tests start their own brokers on free loopback ports. A policy-rc.d that exits 101
  # makes invoke-rc.d refuse every start; an existing one (as in Docker images) is kept.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
    $SUDO chmod +x /usr/sbin/policy-rc.d
  fi
  echo "wireshark-common wireshark-common/install-setuid boolean false" | $SUDO debconf-set-selections
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# aedes is the one broker from npm (pinned by ci/brokers/aedes/package-lock.json). Without
# the npm registry this only warns: ci/matrix then skips aedes, the rest works.
if [ $minimal -eq 0 ] && [ ! -f ci/brokers/aedes/node_modules/aedes/package.json ]; then
  echo "setup: npm ci in ci/brokers/aedes"
  if ! (cd ci/brokers/aedes && timeout 300 npm ci --no-audit --no-fund --loglevel=error); then
    echo "setup: WARNING: npm ci failed (npm registry unreachable?); aedes will be skipped" >&2
  fi
fi
echo "setup: done"
