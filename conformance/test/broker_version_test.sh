#!/usr/bin/env bash
# ctest conformance_broker_version (fake) / conformance_broker_version_mosquitto:
# the run records the broker's version as target.broker_version: --broker-version
# when given, else the broker's retained $SYS/broker/version; summary.md shows
# it next to the target.
# usage: broker_version_test.sh fake MQTTCHECK FAKEBROKER
#        broker_version_test.sh mosquitto MQTTCHECK ci/brokers/mosquitto.sh
set -uo pipefail
what=$1 cli=$2 helper=$3
here=$(cd "$(dirname "$0")" && pwd)
[ -x "$cli" ] || { echo "SKIP: $cli not built"; exit 77; }
command -v python3 >/dev/null || { echo "SKIP: python3 missing"; exit 77; }
out=$(mktemp -d /tmp/mqc-bver.XXXXXX)
fails=0
bad() { echo "FAIL: $*"; cat "$out/log"; fails=$((fails + 1)); }
version_of() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["runs"][0]["target"].get("broker_version", "<none>"))' "$1/results.json"; }

if [ "$what" = fake ]; then
  coproc FB { exec "$helper" good; }
  fbpid=$FB_PID
  trap 'kill "$fbpid" 2>/dev/null; wait "$fbpid" 2>/dev/null; rm -rf "$out"' EXIT
  read -r port <&"${FB[0]}"
  target=127.0.0.1:$port scen=(--scenarios-only "$here/scenarios-repeat" --select repeat/stable)
  want="mqc_fakebroker 1.0 (test double)"   # its trailing newline is not part of a label
else
  command -v mosquitto >/dev/null || { echo "SKIP: mosquitto not installed"; exit 77; }
  trap 'bash "$helper" stop "$out/mosq" >/dev/null 2>&1; rm -rf "$out"' EXIT
  port=$(bash "$helper" start "$out/mosq") || { echo "FAIL: mosquitto did not start"; exit 1; }
  target=127.0.0.1:$port scen=(--select 3.1/connect/client-id-23-alnum)
  want="mosquitto version $(mosquitto -h 2>/dev/null | sed -n 's/^mosquitto version //p' | head -n 1)"
fi

"$cli" run --target "$target" "${scen[@]}" --out "$out/sys" --quiet --no-pcap >"$out/log" 2>&1
rc=$?
[ "$rc" = 0 ] || bad "run: exit $rc, expected 0"
got=$(version_of "$out/sys")
[ "$got" = "$want" ] && echo "ok: \$SYS/broker/version: $got" || bad "broker_version '$got', expected '$want'"
# summary.md escapes Markdown's characters with backslashes: compare without them
sed 's/\\//g' "$out/sys/summary.md" | grep -qF "| 127.0.0.1:$port ($want) |" \
  && echo "ok: summary.md shows it next to the target" || bad "summary.md lacks the version"

"$cli" run --target "$target" "${scen[@]}" --broker-version "custom 9.9-rc1" --out "$out/flag" --quiet --no-pcap >"$out/log" 2>&1
got=$(version_of "$out/flag")
[ "$got" = "custom 9.9-rc1" ] && echo "ok: --broker-version wins" || bad "--broker-version: '$got'"
[ "$fails" -eq 0 ]
