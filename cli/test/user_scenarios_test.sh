#!/usr/bin/env bash
# ctest cli-user-scenarios: a user's folder of scenarios.
#   --scenarios DIR adds DIR to the built-in catalogue; --scenarios-only DIR replaces it;
#   use() in DIR's scenarios finds DIR/lib first (shadowing a built-in helper of the same
#   name), then the built-in lib/ (verify.lua); an id DIR shares with the built-in catalogue
#   is a load error, not a silent replacement. Then a run against mosquitto (when installed)
#   executes the user's scenario, whose run(t) calls both kinds of helper.
# usage: user_scenarios_test.sh MQTTCHECK WORK_DIR
set -uo pipefail
mqc=$1 work=$2
rm -rf "$work"
mkdir -p "$work/dir/mine" "$work/dir/lib" "$work/dup/3.1-connect"
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# DIR/lib/connect.lua shadows the built-in lib/connect.lua; mine.lua is DIR's only.
cat >"$work/dir/lib/connect.lua" <<'EOF'
return {user_copy = true}
EOF
cat >"$work/dir/lib/mine.lua" <<'EOF'
local M = {}
function M.greeting() return "from DIR/lib" end
return M
EOF
cat >"$work/dir/mine/helpers.lua" <<'EOF'
scenario {
  id = "mine/helpers",
  title = "a user's scenario loads DIR/lib and the built-in lib/ helpers",
  versions = {"3.1.1"},
  statements = {["3.1.1"] = {"MQTT-3.1.4-4"}},
  level = "MUST",
}
-- at load time too: the catalogue runs the file's top level
local verify = use("verify")
assert(use("connect").user_copy, "DIR/lib/connect.lua did not shadow the built-in one")
assert(use("mine").greeting() == "from DIR/lib", "DIR/lib/mine.lua not loaded")
assert(type(verify.connect_refused) == "function", "the built-in verify.lua not loaded")

function run(t)
  local c = t:connect("c1")
  t:check(c.connack.reason == 0, "CONNACK 0", "CONNACK " .. tostring(c.connack.reason))
  t:check(use("connect").user_copy == true, "DIR/lib/connect.lua in the case", "the built-in connect.lua")
  t:check(use("mine").greeting() == "from DIR/lib", "DIR/lib/mine.lua in the case", "mine.lua missing")
  t:check(verify.FAILURE(0x80) and not verify.FAILURE(0), "the built-in verify.lua in the case", "verify.FAILURE wrong")
  c:send{type = "DISCONNECT"}
end
EOF
# a user's copy of a built-in scenario (same id)
builtin_dir=$(cd "$(dirname "$0")/../../conformance/scenarios" && pwd)
first=$(ls "$builtin_dir/3.1-connect/" | head -1)
builtin_id=3.1/connect/${first%.lua}
cp "$builtin_dir/3.1-connect/$first" "$work/dup/3.1-connect/$first"

ids() { python3 -c 'import json,sys; print("\n".join(s["id"] + ("  ERROR " + s["error"] if "error" in s else "") for s in json.load(sys.stdin)))'; }
"$mqc" list --json >"$work/builtin.json" || fail "list (built-in) exited $?"
nbuiltin=$(ids <"$work/builtin.json" | wc -l)
[ "$nbuiltin" -gt 10 ] || fail "the built-in catalogue lists $nbuiltin scenarios"

# --scenarios adds
"$mqc" list --json --scenarios "$work/dir" >"$work/added.json" || fail "list --scenarios exited $?"
ids <"$work/added.json" >"$work/added.txt"
[ "$(wc -l <"$work/added.txt")" -eq $((nbuiltin + 1)) ] ||
  fail "--scenarios: $(wc -l <"$work/added.txt") scenarios, expected $nbuiltin + 1"
grep -qx "mine/helpers" "$work/added.txt" || fail "--scenarios: mine/helpers missing or in error: $(grep mine/ "$work/added.txt")"
grep -qx "$builtin_id" "$work/added.txt" || fail "--scenarios: the built-in $builtin_id is gone"
grep -q "ERROR" "$work/added.txt" && fail "--scenarios: load errors: $(grep ERROR "$work/added.txt")"

# --scenarios-only replaces
"$mqc" list --json --scenarios-only "$work/dir" >"$work/only.json" || fail "list --scenarios-only exited $?"
[ "$(ids <"$work/only.json")" = "mine/helpers" ] || fail "--scenarios-only lists: $(ids <"$work/only.json")"

# a clash with a built-in id is the user's file's load error
"$mqc" list --json --scenarios "$work/dup" >"$work/dup.json" || fail "list --scenarios dup exited $?"
ids <"$work/dup.json" | grep -q "^$builtin_id  ERROR duplicate scenario id" ||
  fail "a clashing id is not reported: $(ids <"$work/dup.json" | grep "$builtin_id")"

# a missing user folder: exit 2, named
"$mqc" list --scenarios "$work/nonexistent" >/dev/null 2>"$work/missing.txt"
rc=$?
[ "$rc" -eq 2 ] && grep -q "$work/nonexistent" "$work/missing.txt" || fail "missing folder: exit $rc, $(cat "$work/missing.txt")"

# the user's scenario runs against a real broker with both helpers
if command -v mosquitto >/dev/null; then
  "$mqc" run --spawn 'mosquitto -p {port}' --scenarios "$work/dir" --select 'mine/*' --plain \
    --out "$work/out" >"$work/run.txt" 2>&1
  rc=$?
  [ "$rc" -eq 0 ] || fail "run exited $rc: $(tail -5 "$work/run.txt")"
  grep -q '"id":"mine/helpers".*"verdict":"PASS"' "$work/out/results.jsonl" ||
    fail "mine/helpers did not PASS: $(cat "$work/out/results.jsonl")"
else
  echo "note: mosquitto not installed, the run part is skipped"
fi
[ "$fails" -eq 0 ] && echo "user scenarios: ok"
exit $((fails > 0))
