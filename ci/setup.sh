#!/usr/bin/env bash
# Installs every Debian package mqttcheck needs to build, test and run its main job.
# Idempotent and non-interactive: safe to run on every CI start.
set -euo pipefail

PKGS=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  clang llvm lld libclang-rt-dev          # libFuzzer, sanitizers, llvm-cov
  libcmocka-dev                           # unit tests
  libpcap-dev                             # pcap writer/reader
  liblua5.4-dev lua5.4                    # scenario scripts
  libjansson-dev                          # results JSON
  libpaho-mqtt-dev libmosquitto-dev python3-paho-mqtt  # client-mode drivers
  afl++                                   # second fuzzing engine
  mosquitto mosquitto-clients             # default target broker
  tshark                                  # checks recorded pcaps
  chromium                                # checks the HTML report
  procps psmisc iproute2 python3          # process and port helpers used by ci/ scripts
)

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#PKGS[@]} packages present"
  exit 0
fi

echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# Package installs must not start system services (mosquitto would grab port 1883):
# tests start their own brokers on free loopback ports.
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
  $SUDO chmod +x /usr/sbin/policy-rc.d
fi
echo "wireshark-common wireshark-common/install-setuid boolean false" | $SUDO debconf-set-selections
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "setup: done"
