#!/usr/bin/env bash
# ctest conformance_mosquitto: start a private mosquitto, run the whole
# catalogue with mqttcheck, check the results, stop mosquitto by pid.
# usage: mosquitto_run.sh MQTTCHECK_BINARY ci/brokers/mosquitto.sh
set -uo pipefail
cli=$1
broker=$2
if [ ! -x "$cli" ]; then
  echo "SKIP: $cli not built (the cli/ folder is not in this build)"
  exit 77
fi
if ! command -v mosquitto >/dev/null; then
  echo "SKIP: mosquitto not installed"
  exit 77
fi
state=$(mktemp -d /tmp/mqc-mosq-test.XXXXXX)
out="$state/out"
cleanup() { bash "$broker" stop "$state" >/dev/null 2>&1; rm -rf "$state"; }
trap cleanup EXIT
port=$(bash "$broker" start "$state") || { echo "FAIL: mosquitto did not start"; exit 1; }
pid=$(cat "$state/pid")

start=$(date +%s.%N)
"$cli" run --target "127.0.0.1:$port" --name mosquitto --out "$out" --quiet
rc=$?
end=$(date +%s.%N)
echo "mqttcheck run exited $rc in $(python3 -c "print(round($end - $start, 2))") s"
if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
  echo "FAIL: exit code $rc (0 or 1 expected: findings are allowed)"
  exit 1
fi

python3 - "$out/results.json" <<'PY' || exit 1
import json, sys, collections
doc = json.load(open(sys.argv[1]))
run = doc["runs"][0]
cases = run["cases"]
assert run.get("complete") is True, "run not marked complete"
assert cases, "no case in results"
valid = {"PASS", "FAIL", "NON-STRICT", "INFORMATIONAL", "UNSUPPORTED", "SKIPPED", "TIMEOUT", "ERROR"}
for c in cases:
    for k in ("id", "version", "verdict", "expected", "observed", "statements", "wire", "level"):
        assert k in c, "case %s lacks %s" % (c.get("id"), k)
    assert c["verdict"] in valid, c["verdict"]
    if c["verdict"] in ("FAIL", "NON-STRICT"):
        assert c["expected"] and c["observed"], "finding without evidence: %s" % c["id"]
print("cases:", len(cases), dict(collections.Counter(c["verdict"] for c in cases)))
# ERROR means the case itself broke (a script error, a harness failure): a
# catalogue that errors against the reference broker hides what it should test.
errs = [c for c in cases if c["verdict"] == "ERROR"]
for c in errs[:20]:
    print("ERROR %s [%s]: %s" % (c["id"], c["version"], (c.get("observed") or "")[:300]))
assert not errs, "%d case(s) ended ERROR against mosquitto" % len(errs)
PY

# Retained messages the cases created were cleaned up: nothing retained is
# left under the run's topic prefix (mosquitto_sub exits after its -W deadline).
if command -v mosquitto_sub >/dev/null; then
  left=$(mosquitto_sub -h 127.0.0.1 -p "$port" -V mqttv311 -t 'mqc/#' --retained-only -W 2 -v 2>/dev/null | head -20)
  if [ -n "$left" ]; then
    echo "FAIL: retained messages left behind:"
    echo "$left"
    exit 1
  fi
  echo "no retained message left under mqc/"
fi

bash "$broker" stop "$state"
if kill -0 "$pid" 2>/dev/null; then
  echo "FAIL: mosquitto (pid $pid) still running after stop"
  exit 1
fi
echo "mosquitto stopped"
