#!/usr/bin/env bash
# run --spawn's resource oracles against resource_broker.py: each misbehaving
# mode is reported as RESOURCE against the one case that triggers it, with
# its evidence in results, JUnit, summary and report; the healthy mode and
# --no-resources give no finding; bad thresholds are a usage error.
# The verdicts rest on counts (RSS, descriptors, threads after the broker
# answered the runner's probe), except the spin, which is CPU per wall
# second by nature: a low ratio over a long window (an idle process's CPU
# clock does not move at all, a busy thread's share of a loaded machine is
# unknown).
set -u
MQ=$1
HERE=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; cat "$T/log" 2>/dev/null; exit 1; }
command -v python3 >/dev/null || { echo "python3 missing: skipped"; exit 77; }
[ -x "$MQ" ] || { echo "$MQ not built: skipped"; exit 77; }

run() { # MODE OUT [extra options]
  local mode=$1 out=$2
  shift 2
  "$MQ" run --spawn "exec python3 $HERE/resource_broker.py $mode {port}" --scenarios-only "$HERE/scenarios-resources" \
    -j 1 --out "$out" --plain --no-pcap --resource-thresholds spin_ratio=0.02,spin_intervals=8,spin_interval=0.5 \
    "$@" > "$T/log" 2>&1
}

# findings OUT -> "case-id kind" lines, one per resource finding
findings() {
  python3 - "$1/results.json" <<'EOF'
import json, sys
for run in json.load(open(sys.argv[1]))["runs"]:
    for c in run["cases"]:
        for f in c.get("resource_findings", []):
            print(c["id"], f["kind"], c["verdict"])
EOF
}

expect_one() { # MODE CASE KIND
  local out=$T/$1
  run "$1" "$out"
  local rc=$?
  [ $rc = 1 ] || fail "$1: exit $rc, expected 1"
  local got
  got=$(findings "$out")
  [ "$got" = "$2 $3 RESOURCE" ] || fail "$1: findings '$got', expected '$2 $3 RESOURCE'"
  grep -q "<failure type=\"RESOURCE\"" "$out/junit.xml" || fail "$1: no RESOURCE failure in junit.xml"
  grep -q "Resource findings (1)" "$out/summary.md" || fail "$1: no resource section in summary.md"
  tr -d '\\' < "$out/summary.md" | grep -qF "$2" || fail "$1: summary.md does not name $2"
  grep -q '"type":"sample"' "$out/results.jsonl" || fail "$1: no resource samples in results.jsonl"
  grep -q 'resource_timeline' "$out/report.html" || fail "$1: no resource timeline in report.html"
  pgrep -f "resource_broker.py $1 " >/dev/null && fail "$1: the broker was left running"
  echo "$1: $got"
}

expect_one leak-fd t/b-close-no-disconnect leak-fds
grep -q 'open descriptors .* over 10 repetitions' "$T/leak-fd/results.json" || fail "leak-fd: no counts in the evidence"
expect_one leak-mem t/d-qos2-same-id leak-rss
expect_one spin t/c-malformed spin
expect_one sanitizer t/e-publish-boom sanitizer
# the whole report, from its first line to SUMMARY, and nothing around it
python3 - "$T/sanitizer/results.json" <<'EOF' || fail "sanitizer: the report is not kept whole"
import json, sys
rep = [f["report"] for r in json.load(open(sys.argv[1]))["runs"] for c in r["cases"]
       for f in c.get("resource_findings", [])][0]
assert rep.startswith("resource_broker.c:42:17: runtime error: load of misaligned"), rep
assert "#1 0x55d0c0ffee80 in main" in rep, rep
assert rep.rstrip().endswith("in handle_publish"), rep
assert "the line before" not in rep and "the line after" not in rep, rep
EOF
grep -q 'runtime error: load of misaligned' "$T/sanitizer/junit.xml" || fail "sanitizer: the report is not in junit.xml"

# an ASan report that ends the broker (written slowly, as a symbolizer does):
# the killing case is FAIL (the broker died) with the whole report attached
run asan-crash "$T/asan"
rc=$?
[ $rc = 1 ] || fail "asan-crash: exit $rc, expected 1"
python3 - "$T/asan/results.json" <<'EOF' || fail "asan-crash: the report is not on the killing case"
import json, sys
cases = json.load(open(sys.argv[1]))["runs"][0]["cases"]
f = [(c["id"], c["verdict"], f) for c in cases for f in c.get("resource_findings", [])]
assert len(f) == 1, f
cid, verdict, fd = f[0]
assert (cid, verdict, fd["kind"], fd["tool"]) == ("t/e-publish-boom", "FAIL", "sanitizer", "AddressSanitizer"), f
assert "==ERROR: AddressSanitizer: heap-use-after-free" in fd["report"].splitlines()[0], fd["report"]
assert fd["report"].rstrip().endswith("==ABORTING"), fd["report"]
EOF

# cases in parallel: the report goes to a case that ended after it appeared,
# and names every case in flight then, so the one that triggered it is named
run sanitizer "$T/par" -j 5
python3 - "$T/par/results.json" <<'EOF' || fail "sanitizer -j 5: the finding names neither its case nor the cases in flight"
import json, sys
f = [(c["id"], f) for r in json.load(open(sys.argv[1]))["runs"] for c in r["cases"]
     for f in c.get("resource_findings", [])]
assert len(f) == 1, f
cid, fd = f[0]
assert fd["kind"] == "sanitizer" and "runtime error" in fd["report"], fd
assert cid == "t/e-publish-boom" or "t/e-publish-boom" in fd["evidence"], (cid, fd["evidence"])
EOF

# healthy: every case PASS, no finding, exit 0; the samples are in the results
run healthy "$T/healthy"
rc=$?
[ $rc = 0 ] || fail "healthy: exit $rc, expected 0"
[ -z "$(findings "$T/healthy")" ] || fail "healthy: findings $(findings "$T/healthy")"
python3 - "$T/healthy/results.json" <<'EOF' || fail "healthy: cases without before/after samples"
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
for c in run["cases"]:
    r = c["resources"]
    assert r["before"]["fds"] >= 0 and r["after"]["threads"] >= 1, c["id"]
assert len(run["resource_timeline"]) >= 6, run["resource_timeline"]
assert run["target"]["resources"]["findings"] == []
EOF

# --no-resources: the leaking broker is not sampled, nothing found
run leak-fd "$T/off" --no-resources
rc=$?
[ $rc = 0 ] || fail "--no-resources: exit $rc, expected 0"
[ -z "$(findings "$T/off")" ] || fail "--no-resources: findings"
grep -q '"resources":"off (--no-resources)"' "$T/off/results.jsonl" || fail "--no-resources not in the header"

# a bad threshold: usage error before anything runs
"$MQ" run --spawn "exec python3 $HERE/resource_broker.py healthy {port}" --scenarios-only "$HERE/scenarios-resources" \
  --out "$T/bad" --resource-thresholds fds=x > "$T/log" 2>&1
rc=$?
[ $rc = 2 ] || fail "bad --resource-thresholds: exit $rc, expected 2"
grep -q "resource-thresholds" "$T/log" || fail "bad --resource-thresholds: no message"
echo "resources: ok"
