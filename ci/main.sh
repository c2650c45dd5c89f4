#!/usr/bin/env bash
# The main job: install what is needed, build, start a local mosquitto on a
# free loopback port, run the whole conformance suite against it and write
# the reports (results.json, junit.xml, summary.md, report.html).
# Exit code is mqttcheck's: 0 all good, 1 findings, 2 could not run.
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=${OUT:-out/mosquitto}
bash ci/setup.sh
cmake --preset default >/dev/null
cmake --build --preset default -j "$(nproc)"
B=build/default/mqttcheck

state=$(mktemp -d /tmp/mqttcheck-mosquitto.XXXXXX)
stop() { bash ci/brokers/mosquitto.sh stop "$state" || true; rm -rf "$state"; }
trap stop EXIT
port=$(bash ci/brokers/mosquitto.sh start "$state")
echo "mosquitto $(mosquitto -h 2>/dev/null | head -1 | awk '{print $3}') on 127.0.0.1:$port"

set +e
"$B" run --target "127.0.0.1:$port" --name mosquitto --out "$OUT"
rc=$?
set -e
echo
echo "HTML report: $PWD/$OUT/report.html"
exit $rc
