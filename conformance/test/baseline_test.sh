#!/usr/bin/env bash
# ctest conformance_baseline: a --spawn run is named after the program it
# starts (not its fresh port), so a baseline naming the target matches every
# run; a baseline entry can accept a flaky case; the console ends with one
# line of new failures / still failing / fixed / flaky and the report path.
# The spawned fake broker is fresh each run, so its ".../alternate" PUBACK
# comes for the first run of repeat/alternating and not for the second.
# usage: baseline_test.sh MQTTCHECK FAKEBROKER
set -uo pipefail
cli=$1 fb=$2
here=$(cd "$(dirname "$0")" && pwd)
[ -x "$cli" ] || { echo "SKIP: $cli not built"; exit 77; }
command -v python3 >/dev/null || { echo "SKIP: python3 missing"; exit 77; }
out=$(mktemp -d /tmp/mqc-baseline.XXXXXX)
trap 'rm -rf "$out"' EXIT
fails=0
bad() { echo "FAIL: $*"; cat "$out/stdout" "$out/stderr" 2>/dev/null; fails=$((fails + 1)); }

run() { # NAME WANT-EXIT WANT-LAST-LINE [BASELINE-TEXT]
  local name=$1 want=$2 line=$3 bl=()
  if [ $# -ge 4 ]; then
    printf '%s\n' "$4" >"$out/$name.baseline"
    bl=(--baseline "$out/$name.baseline")
  fi
  "$cli" run --spawn "exec $fb good 4 {port}" --scenarios-only "$here/scenarios-repeat" --repeat 2 \
    --out "$out/$name" --plain --no-pcap "${bl[@]}" >"$out/stdout" 2>"$out/stderr"
  local rc=$?
  [ "$rc" = "$want" ] || { bad "$name: exit $rc, expected $want"; return; }
  local last
  last=$(tail -n 1 "$out/stdout")
  [ "$last" = "$line; report: $out/$name/report.html" ] || { bad "$name: last line '$last'"; return; }
  echo "ok: $name: $last"
}
run none 1 "mqttcheck: 1 new failure, 0 still failing, 0 fixed, 1 flaky"
run accepted 0 "mqttcheck: 0 new failures, 1 still failing, 0 fixed, 1 flaky" \
  "# the planted failure, and the alternating case accepted as flaky on this target
repeat/stable-fail 3.1.1 mqc_fakebroker
flaky repeat/alternating * mqc_fakebroker"
run fixed 1 "mqttcheck: 0 new failures, 1 still failing, 1 fixed, 1 flaky" \
  "repeat/stable-fail
repeat/stable 3.1.1
flaky repeat/alternating"
# the flaky entry of another target does not accept it here
run other 1 "mqttcheck: 0 new failures, 1 still failing, 0 fixed, 1 flaky" \
  "repeat/stable-fail
flaky repeat/alternating * some-other-broker"

python3 - "$out" <<'PY' || fails=$((fails + 1))
import json, sys, xml.etree.ElementTree as ET
d = sys.argv[1]
runs = {n: json.load(open("%s/%s/results.json" % (d, n))) for n in ("none", "accepted", "fixed", "other")}
names = {r["runs"][0]["target"]["name"] for r in runs.values()}
addrs = {r["runs"][0]["target"]["address"] for r in runs.values()}
assert names == {"mqc_fakebroker"}, names   # the program, not the port
assert all(a.startswith("127.0.0.1:") for a in addrs), addrs
ev = runs["accepted"]["evaluation"]
assert [f["id"] for f in ev["flaky"]] == ["repeat/alternating"] and ev["flaky"][0]["accepted"], ev["flaky"]
assert sorted(ev["flaky"][0]["observed_verdicts"]) == ["FAIL", "PASS"], ev["flaky"]
assert not runs["other"]["evaluation"]["flaky"][0]["accepted"]
c = {c["id"]: c for c in runs["accepted"]["runs"][0]["cases"]}
assert c["repeat/alternating"]["baseline"] == "flaky-accepted", c["repeat/alternating"]
assert c["repeat/stable-fail"]["baseline"] == "expected-failure"
tc = {t.get("name"): t for t in ET.parse(d + "/accepted/junit.xml").iter("testcase")}
sk = tc["repeat/alternating [3.1.1]"].find("skipped")
assert sk is not None and "flaky" in sk.get("message", ""), ET.tostring(tc["repeat/alternating [3.1.1]"])
print("ok: the target name is stable and the baseline accepts the flaky case")
PY
[ "$fails" -eq 0 ] && echo "baseline: ok"
[ "$fails" -eq 0 ]
