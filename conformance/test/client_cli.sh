#!/usr/bin/env bash
# ctest conformance_client_cli: `mqttcheck client` / `list --client` flags and
# exit codes, the files a client run writes, and `mqttcheck report` merging a
# broker run and a client run into one report.
# usage: client_cli.sh MQTTCHECK FAKE_DRIVER_PY FAKEBROKER
set -uo pipefail
cli=$1 drv=$2 fb=$3
here=$(cd "$(dirname "$0")" && pwd)
[ -x "$cli" ] || { echo "SKIP: $cli not built"; exit 77; }
command -v python3 >/dev/null || { echo "SKIP: no python3"; exit 77; }
fails=0
out=$(mktemp -d /tmp/mqc-client-cli.XXXXXX)
trap 'rm -rf "$out"; [ -n "${FB_PID:-}" ] && kill "$FB_PID" 2>/dev/null' EXIT
expect_rc() { # WANT DESCRIPTION CMD...
  local want=$1 what=$2
  shift 2
  "$@" >"$out/log" 2>&1
  local rc=$?
  if [ "$rc" -ne "$want" ]; then
    echo "FAIL: $what: exit $rc, expected $want"
    cat "$out/log"
    fails=$((fails + 1))
  else
    echo "ok: $what"
  fi
}
scen="$here/client-scenarios-test"
expect_rc 0 "client --help" "$cli" client --help
expect_rc 2 "client without --driver" "$cli" client
expect_rc 2 "client --target is not a client flag" "$cli" client --driver true --target 127.0.0.1:1
expect_rc 2 "client unknown flag" "$cli" client --driver true --frobnicate
expect_rc 2 "client bad -j" "$cli" client --driver true -j 0
expect_rc 2 "driver that never says hello" "$cli" client --driver "python3 $drv exit-early" --scenarios-only "$scen" --out "$out/bad"
grep -q "ended before its hello" "$out/log" || { echo "FAIL: no clear reason for the bad driver"; fails=$((fails + 1)); }
expect_rc 0 "list --client" "$cli" list --client --scenarios-only "$scen"
grep -q "ctest/pass" "$out/log" && ! grep -q "ctest/broker-only" "$out/log" || { echo "FAIL: list --client shows the wrong role"; fails=$((fails + 1)); }
expect_rc 1 "client run with findings" "$cli" client --driver "python3 $drv" --scenarios-only "$scen" --out "$out/client" --quiet --name fake-client
for f in results.json junit.xml summary.md report.html pcap/ctest_pass@3.1.1.pcap driver/ctest_pass@3.1.1.stderr; do
  [ -e "$out/client/$f" ] || { echo "FAIL: client run did not write $f"; fails=$((fails + 1)); }
done
# --repeat in client mode: every case is folded from its runs
expect_rc 0 "client --repeat 2" "$cli" client --driver "python3 $drv" --scenarios-only "$scen" --select ctest/pass --repeat 2 --out "$out/rep" --quiet
python3 -c 'import json,sys; c=json.load(open(sys.argv[1]))["runs"][0]["cases"]; assert c and all(x["observed_verdicts"] == ["PASS", "PASS"] and x["verdict"] == "PASS" for x in c), c' "$out/rep/results.json" \
  && echo "ok: client --repeat 2 folds the runs" || { echo "FAIL: client --repeat 2"; fails=$((fails + 1)); }
# a broker run against the test-double broker, then one report for both
coproc FB { "$fb" good; }
read -r port <&"${FB[0]}"
expect_rc 0 "broker run" "$cli" run --target "127.0.0.1:$port" --scenarios-only "$here/scenarios" --select api/pass-roundtrip --out "$out/broker" --quiet --name fake-broker
expect_rc 1 "report merges a broker and a client run" "$cli" report "$out/broker/results.json" "$out/client/results.json" -d "$out/merged" -q
python3 - "$out/merged/results.json" <<'PY' || fails=$((fails + 1))
import json, sys
r = json.load(open(sys.argv[1]))
names = sorted(run["target"]["name"] for run in r["runs"])
assert names == ["fake-broker", "fake-client"], names
print("ok: merged report has both targets")
PY
grep -q "fake-client" "$out/merged/report.html" && grep -q "fake-broker" "$out/merged/report.html" || { echo "FAIL: report.html lacks a target"; fails=$((fails + 1)); }
[ "$fails" -eq 0 ]
