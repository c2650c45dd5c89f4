#!/usr/bin/env bash
# ctest conformance_limits: a 5.0 CONNACK's limits bind 5.0 cases only, and the
# suite never breaks an announced Maximum Packet Size then grades the refusal.
# A proxy (limits_proxy.py) in front of a private mosquitto adds Maximum QoS 1,
# Retain Available 0 and Maximum Packet Size 1000 to every 5.0 CONNACK.
# usage: limits_test.sh MQTTCHECK_BINARY ci/brokers/mosquitto.sh
set -uo pipefail
cli=$1
broker=$2
here=$(cd "$(dirname "$0")" && pwd)
[ -x "$cli" ] || { echo "SKIP: $cli not built"; exit 77; }
command -v mosquitto >/dev/null || { echo "SKIP: mosquitto not installed"; exit 77; }
state=$(mktemp -d /tmp/mqc-limits.XXXXXX)
ppid_=""
cleanup() { [ -n "$ppid_" ] && kill "$ppid_" 2>/dev/null; bash "$broker" stop "$state" >/dev/null 2>&1; rm -rf "$state"; }
trap cleanup EXIT
port=$(bash "$broker" start "$state") || { echo "FAIL: mosquitto did not start"; exit 1; }
python3 "$here/limits_proxy.py" "$port" >"$state/proxy.port" &
ppid_=$!
for _ in $(seq 100); do [ -s "$state/proxy.port" ] && break; sleep 0.05; done
pport=$(cat "$state/proxy.port")
[ -n "$pport" ] || { echo "FAIL: proxy did not start"; exit 1; }

sel=(--versions 3.1.1,5.0 --quiet
  --select '3.3/retain/stored-delivered' --select '4.3/qos/qos2-flow'
  --select '4.7/topics/long-topic' --select '3.3/publish/payload-large')
"$cli" run --target "127.0.0.1:$pport" --name limited --out "$state/out" "${sel[@]}"
rc=$?
[ "$rc" -le 1 ] || { echo "FAIL: exit $rc"; exit 1; }
# the same cases straight at mosquitto: what 3.1.1 verdicts must stay
"$cli" run --target "127.0.0.1:$port" --name direct --out "$state/direct" "${sel[@]}"
rc=$?
[ "$rc" -le 1 ] || { echo "FAIL: exit $rc (direct)"; exit 1; }
python3 - "$state/out/results.json" "$state/direct/results.json" <<'PY'
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
direct = {(c["id"], c["version"]): c["verdict"] for c in json.load(open(sys.argv[2]))["runs"][0]["cases"]}
caps = run["target"]["capabilities"]
v = {(c["id"], c["version"]): c for c in run["cases"]}
bad = 0
def want(cid, ver, verdict, why, contains=None):
    global bad
    c = v.get((cid, ver))
    got = c and c["verdict"]
    ok = got == verdict and (contains is None or contains in (c.get("observed") or ""))
    print("%s - %s %s: %s (%s)%s" % ("ok  " if ok else "FAIL", cid, ver, got, why,
          "" if ok else " observed: %s" % (c and c.get("observed"))))
    bad += not ok
assert caps.get("maximum_qos") == 1 and caps.get("maximum_packet_size") == 1000, caps
# 3.1.1 cases are not told the limits: full capability, graded on what the
# broker does, exactly as without the proxy (and they really ran)
for cid in ("3.3/retain/stored-delivered", "4.3/qos/qos2-flow", "4.7/topics/long-topic",
            "3.3/publish/payload-large"):
    assert direct[(cid, "3.1.1")] != "UNSUPPORTED", (cid, direct[(cid, "3.1.1")])
    want(cid, "3.1.1", direct[(cid, "3.1.1")], "3.x assumes the full capability: as without the proxy")
want("3.3/retain/stored-delivered", "5.0", "UNSUPPORTED", "Retain Available 0")
want("4.3/qos/qos2-flow", "5.0", "UNSUPPORTED", "Maximum QoS 1")
want("3.3/publish/payload-large", "5.0", "UNSUPPORTED", "Maximum Packet Size 1000")
# long-topic's 30 kB SUBSCRIBE would break the announced limit: not graded
want("4.7/topics/long-topic", "5.0", "UNSUPPORTED", "30 kB SUBSCRIBE above the limit",
     "above the broker's Maximum Packet Size 1000")
sys.exit(1 if bad else 0)
PY
