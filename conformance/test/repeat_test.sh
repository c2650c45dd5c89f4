#!/usr/bin/env bash
# ctest conformance_repeat: `run --repeat N` folds the N runs of each case;
# a case whose verdict alternates between runs (the fake broker's ".../alternate"
# PUBACK comes every second time) is FLAKY with both verdicts in results.json,
# JUnit, summary.md and the report; a stable case is not.
# usage: repeat_test.sh MQTTCHECK FAKEBROKER
set -uo pipefail
cli=$1 fb=$2
here=$(cd "$(dirname "$0")" && pwd)
[ -x "$cli" ] || { echo "SKIP: $cli not built"; exit 77; }
command -v python3 >/dev/null || { echo "SKIP: python3 missing"; exit 77; }
out=$(mktemp -d /tmp/mqc-repeat.XXXXXX)
coproc FB { exec "$fb" good; }
fbpid=$FB_PID
trap 'kill "$fbpid" 2>/dev/null; wait "$fbpid" 2>/dev/null; rm -rf "$out"' EXIT
read -r port <&"${FB[0]}"
fails=0
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }

"$cli" run --target "127.0.0.1:$port" --scenarios-only "$here/scenarios-repeat" --repeat 2 \
  --select repeat/alternating --select repeat/stable --out "$out/r2" --plain >"$out/log" 2>&1
rc=$?
[ "$rc" = 1 ] || { bad "--repeat 2: exit $rc, expected 1 (an unaccepted FLAKY case fails the run)"; cat "$out/log"; }
python3 - "$out/r2" <<'PY' || fails=$((fails + 1))
import json, sys, xml.etree.ElementTree as ET
d = sys.argv[1]
r = json.load(open(d + "/results.json"))
run = r["runs"][0]
assert run["options"]["repeat"] == 2, run["options"]
cases = {c["id"]: c for c in run["cases"]}
assert len(run["cases"]) == 2, [c["id"] for c in run["cases"]]
alt, st = cases["repeat/alternating"], cases["repeat/stable"]
assert alt["verdict"] == "FLAKY", alt["verdict"]
assert sorted(alt["observed_verdicts"]) == ["FAIL", "PASS"], alt["observed_verdicts"]
# the evidence kept is the failing run's
assert alt["observed_verdicts"][alt["evidence_run"]] == "FAIL"
assert st["verdict"] == "PASS" and st["observed_verdicts"] == ["PASS", "PASS"], st
flaky = r["evaluation"]["flaky"]
assert [f["id"] for f in flaky] == ["repeat/alternating"] and not flaky[0]["accepted"], flaky
# JUnit: the flaky case is a failure of type FLAKY naming both verdicts; the stable one passes
tc = {t.get("name"): t for t in ET.parse(d + "/junit.xml").iter("testcase")}
f = tc["repeat/alternating [3.1.1]"].find("failure")
assert f is not None and f.get("type") == "FLAKY", ET.tostring(tc["repeat/alternating [3.1.1]"])
msg = f.get("message", "") + (f.text or "")
assert "PASS" in msg and "FAIL" in msg, msg
assert not list(tc["repeat/stable [3.1.1]"]), ET.tostring(tc["repeat/stable [3.1.1]"])
md = open(d + "/summary.md").read()
assert "Flaky" in md and "repeat/alternating" in md.split("Flaky", 1)[1], md
html = open(d + "/report.html").read()
assert '"observed_verdicts"' in html and '"FLAKY"' in html
print("ok: --repeat 2 folds to FLAKY [PASS, FAIL] and PASS [PASS, PASS] in every output")
PY
# a pcap per run, so the runs do not overwrite each other
for f in "repeat_alternating@3.1.1.pcap" "repeat_alternating@3.1.1~2.pcap"; do
  [ -s "$out/r2/pcap/$f" ] || bad "no capture $f"
done

# --repeat 3: the stable case stays PASS; the alternating one is FLAKY with three verdicts
"$cli" run --target "127.0.0.1:$port" --scenarios-only "$here/scenarios-repeat" --repeat 3 \
  --select repeat/alternating --select repeat/stable --out "$out/r3" --quiet >"$out/log" 2>&1
python3 - "$out/r3/results.json" <<'PY' || fails=$((fails + 1))
import json, sys
cases = {c["id"]: c for c in json.load(open(sys.argv[1]))["runs"][0]["cases"]}
a, s = cases["repeat/alternating"], cases["repeat/stable"]
assert a["verdict"] == "FLAKY" and len(a["observed_verdicts"]) == 3 and set(a["observed_verdicts"]) == {"PASS", "FAIL"}, a
assert s["verdict"] == "PASS" and s["observed_verdicts"] == ["PASS"] * 3, s
print("ok: --repeat 3")
PY

# without --repeat: one run, no observed_verdicts
"$cli" run --target "127.0.0.1:$port" --scenarios-only "$here/scenarios-repeat" --select repeat/stable \
  --out "$out/r1" --quiet >"$out/log" 2>&1
rc=$?
[ "$rc" = 0 ] || bad "no --repeat: exit $rc, expected 0"
grep -q observed_verdicts "$out/r1/results.json" && bad "observed_verdicts without --repeat"

for a in 0 101 x; do
  "$cli" run --target "127.0.0.1:$port" --repeat "$a" >/dev/null 2>&1
  rc=$?
  [ "$rc" = 2 ] || bad "--repeat $a: exit $rc, expected 2"
done
[ "$fails" -eq 0 ] && echo "repeat: ok"
[ "$fails" -eq 0 ]
