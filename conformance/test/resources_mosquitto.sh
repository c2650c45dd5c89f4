#!/usr/bin/env bash
# The resource oracles on a healthy broker: the cve/ family with --spawn
# mosquitto gives no resource finding with the default thresholds, every case
# carries its before/after samples and its bug facts, and summary.md groups
# the family. Conformance findings of mosquitto are allowed (exit 0 or 1).
set -u
MQ=$1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; cat "$T/log" 2>/dev/null; exit 1; }
command -v mosquitto >/dev/null || { echo "mosquitto missing: skipped"; exit 77; }
command -v python3 >/dev/null || { echo "python3 missing: skipped"; exit 77; }
[ -x "$MQ" ] || { echo "$MQ not built: skipped"; exit 77; }
user=""
[ "$(id -u)" -eq 0 ] && user='user root\n'
"$MQ" run --spawn "printf 'listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\n$user' \
    > $T/m.conf && exec mosquitto -c $T/m.conf" --select 'cve/*' --out "$T/out" --plain --no-pcap > "$T/log" 2>&1
rc=$?
[ $rc = 0 ] || [ $rc = 1 ] || fail "exit $rc"
python3 - "$T/out/results.json" <<'PY' || fail "results"
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
cases = run["cases"]
assert len(cases) >= 25, len(cases)
found = [(c["id"], f["kind"], f["evidence"]) for c in cases for f in c.get("resource_findings", [])]
assert not found, found
for c in cases:
    assert c["id"].startswith("cve/"), c["id"]
    assert c["resources"]["before"]["fds"] > 0 and "after" in c["resources"], c["id"]
    assert c["cve"]["broker"] and c["cve"]["affected"], c["id"]
assert run["target"]["resources"]["findings"] == []
print(f"{len(cases)} cases, no resource finding; rss {run['target']['resources']['baseline']['rss_kb']} -> "
      f"{run['target']['resources']['end']['rss_kb']} KiB")
PY
grep -q "Known broker bugs replayed" "$T/out/summary.md" || fail "summary.md has no cve section"
"$MQ" list --cve | grep -q "^cve/mosquitto-cve-2023-28366-qos2-same-id  *CVE-2023-28366  *mosquitto  *CVE-2023-28366, Eclipse Mosquitto before 2.0.16" \
  || fail "list --cve does not show the bug facts"
echo "resources on mosquitto: ok"
