#!/usr/bin/env bash
# ctest conformance_profile: --profile end to end. A malformed profile stops the run (exit 2);
# against the mosquitto of ci/brokers/profiles (password file + ACL) the cases that need the
# profile PASS; without the profile they are UNSUPPORTED, never guessed. mosquitto is stopped
# by its pid.
# usage: profile_run.sh MQTTCHECK_BINARY ci/brokers/profiles
set -uo pipefail
cli=$1
dir=$2
if [ ! -x "$cli" ]; then
  echo "SKIP: $cli not built (the cli/ folder is not in this build)"
  exit 77
fi
if ! command -v mosquitto >/dev/null; then
  echo "SKIP: mosquitto not installed"
  exit 77
fi
state=$(mktemp -d /tmp/mqc-profile-test.XXXXXX)
cleanup() { bash "$dir/mosquitto-profile.sh" stop "$state" >/dev/null 2>&1; rm -rf "$state"; }
trap cleanup EXIT

echo '{"denied_topic": "x"}' >"$state/typo.json"
"$cli" run --target 127.0.0.1:1 --profile "$state/typo.json" --quiet >"$state/typo.out" 2>&1
rc=$?
[ "$rc" -eq 2 ] || { echo "FAIL: a profile with an unknown key gave exit $rc, not 2"; exit 1; }
grep -q "unknown key 'denied_topic'" "$state/typo.out" || { echo "FAIL: no reason given:"; cat "$state/typo.out"; exit 1; }

port=$(bash "$dir/mosquitto-profile.sh" start "$state") || { echo "FAIL: mosquitto did not start"; exit 1; }
sel=(--select '3.3/publish/not-authorised' --select '3.1/connect/credentials-invalid'
     --select '4.3/qos/error-pubrec-id-new-message')
"$cli" run --target "127.0.0.1:$port" --profile "$dir/mosquitto.json" "${sel[@]}" \
  --out "$state/with" --quiet --no-pcap
echo "with the profile: exit $?"
# No profile: the broker refuses anonymous CONNECTs, so the credentials come by hand.
"$cli" run --target "127.0.0.1:$port" --username mqc --password mqc-secret "${sel[@]}" \
  --out "$state/without" --quiet --no-pcap
echo "without it: exit $?"

python3 - "$state/with/results.json" "$state/without/results.json" <<'PY' || exit 1
import json, sys
def verdicts(path):
    run = json.load(open(path))["runs"][0]
    return {(c["id"], c["version"]): c["verdict"] for c in run["cases"]}, run
w, wrun = verdicts(sys.argv[1])
wo, _ = verdicts(sys.argv[2])
assert len(w) == 5, w
bad = {k: v for k, v in w.items() if v != "PASS"}
assert not bad, "with the profile, not PASS: %s" % bad
assert wrun["options"].get("profile", "").endswith("mosquitto.json"), wrun["options"]
need = {k: v for k, v in wo.items() if k[0] != "4.3/qos/error-pubrec-id-new-message"}
assert need and all(v == "UNSUPPORTED" for v in need.values()), "without the profile: %s" % wo
print("with:", w)
print("without:", wo)
PY
