#!/usr/bin/env bash
# The main job: install what is needed, build, start a local mosquitto on a
# free loopback port, run the whole broker suite against it, run the client
# catalogue against the paho.mqtt.c, libmosquitto and MQTT.js drivers (mqttcheck plays
# the broker for them), and merge everything into one report:
#   out/report.html (+ results.json, junit.xml, summary.md); each target's own
#   results, per-case pcaps and reports under out/<target>/.
# Exit code is mqttcheck's: 0 all good, 1 findings, 2 could not run.
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=${OUT:-out}
# Only what this job uses: the build, mosquitto, the two client libraries.
bash ci/setup.sh main
mkdir -p "$OUT"
printf 'build: %-45s' "cmake --preset default (log: $OUT/build.log)"
if cmake --preset default >"$OUT/build.log" 2>&1 &&
   cmake --build --preset default -j "$(nproc)" >>"$OUT/build.log" 2>&1; then
  echo ok
else
  echo FAILED
  tail -n 30 "$OUT/build.log" >&2
  exit 2
fi
B=build/default/mqttcheck
D=build/default/conformance/drivers

state=$(mktemp -d /tmp/mqttcheck-mosquitto.XXXXXX)
stop() { bash ci/brokers/mosquitto.sh stop "$state" || true; rm -rf "$state"; }
trap stop EXIT
port=$(bash ci/brokers/mosquitto.sh start "$state")
echo "mosquitto $(mosquitto -h 2>/dev/null | head -1 | awk '{print $3}') on 127.0.0.1:$port"

worst=0
note() { # keeps the worst exit code: 2 > 1 > 0
  if [ "$1" -gt "$worst" ]; then worst=$1; fi
}
set +e
"$B" run --target "127.0.0.1:$port" --name mosquitto --out "$OUT/mosquitto"
note $?
stop
trap - EXIT
runs=("$OUT/mosquitto/results.json")
for drv in paho mosquitto mqttjs; do
  exe="$D/mqc-driver-$drv"
  if [ "$drv" = mqttjs ]; then # MQTT.js from npm (ci/setup.sh: npm ci in conformance/drivers/mqttjs)
    [ -f conformance/drivers/mqttjs/node_modules/mqtt/package.json ] ||
      { echo "MQTT.js not installed in conformance/drivers/mqttjs: skipped" >&2; continue; }
    exe="node conformance/drivers/mqttjs/mqc_driver_mqttjs.js"
  fi
  [ "$drv" = mqttjs ] || [ -x "$exe" ] || { echo "client driver $exe not built: skipped" >&2; continue; }
  echo
  echo "client library under test: $drv (mqttcheck is the broker)"
  "$B" client --driver "$exe" --out "$OUT/client-$drv"
  note $?
  [ -f "$OUT/client-$drv/results.json" ] && runs+=("$OUT/client-$drv/results.json")
done
echo
"$B" report "${runs[@]}" -d "$OUT" --title "mqttcheck: mosquitto and the client libraries"
rc=$?
[ "$rc" -eq 2 ] && note 2
set -e
echo
case "$OUT" in /*) html="$OUT/report.html" ;; *) html="$PWD/$OUT/report.html" ;; esac
echo "HTML report: $html"
exit "$worst"
