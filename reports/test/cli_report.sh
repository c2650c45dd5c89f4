#!/bin/sh
# mqttcheck report end to end: two brokers merged into one matrix, all four
# outputs, the baseline both ways, exit codes, damaged input.
# usage: cli_report.sh MQTTCHECK FIXTURE_TOOL WORKDIR
set -eu
mq=$1
tool=$2
work=$3
rm -rf "$work"
mkdir -p "$work"
"$tool" large "$work/runs" 40 2 >/dev/null
a=$work/runs/target-1/results.json
b=$work/runs/target-2/results.jsonl

fail=0
check() { d=$1; shift; if "$@"; then echo "ok   - $d"; else echo "FAIL - $d"; fail=1; fi; }
code() { set +e; "$@" >"$work/out.txt" 2>&1; c=$?; set -e; echo "$c"; }

c=$(code "$mq" report "$a" "$b" -d "$work/out" --write-baseline "$work/bl.txt")
check "findings give exit 1 (got $c)" test "$c" = 1
for f in results.json junit.xml summary.md report.html; do
  check "$f written" test -s "$work/out/$f"
done
check "matrix has both brokers" sh -c "grep -q '\"label\":\"broker-1 1.0\"' '$work/out/report.html' && grep -q '\"label\":\"broker-2 1.1\"' '$work/out/report.html'"
check "results.json holds both runs" test "$(grep -c '\"label\":' "$work/out/results.json")" = 2
check "junit has suites of both" sh -c "grep -q 'testsuite name=\"broker-1 1.0 §' '$work/out/junit.xml' && grep -q 'testsuite name=\"broker-2 1.1 §' '$work/out/junit.xml'"
n=$(grep -vc '^#' "$work/bl.txt")
check "baseline lists the failures ($n)" test "$n" -gt 1

c=$(code "$mq" report "$a" "$b" --baseline "$work/bl.txt" -o "$work/bl.html")
check "all failures listed: exit 0 (got $c)" test "$c" = 0

grep -v '^#' "$work/bl.txt" | tail -n +2 >"$work/bl-short.txt"
c=$(code "$mq" report "$a" "$b" --baseline "$work/bl-short.txt" --markdown "$work/short.md")
check "unlisted failure: exit 1 (got $c)" test "$c" = 1
check "the report names it" grep -q "New failures (not in the baseline) (1)" "$work/short.md"

cp "$work/bl.txt" "$work/bl-stale.txt"
# a case that passed on every target (ids precede verdicts in each case object)
pass_id=$(awk -F'"' '/^ *"id": /{id=$4} /^ *"verdict": "PASS"/{print id}' "$work/out/results.json" |
  sort | uniq -c | awk '$1 == 2 {print $2; exit}')
check "found a case passing everywhere" test -n "$pass_id"
echo "$pass_id" >>"$work/bl-stale.txt"
c=$(code "$mq" report "$a" "$b" --baseline "$work/bl-stale.txt" --markdown "$work/stale.md")
check "listed case now passing: exit 1 (got $c)" test "$c" = 1
check "the report says fixed" grep -q "Fixed: listed in the baseline but now passing" "$work/stale.md"

c=$(code "$mq" report "$work/nope.json")
check "missing file: exit 2 (got $c)" test "$c" = 2
c=$(code "$mq" report "$a" --baseline "$work/nope.txt")
check "missing baseline: exit 2 (got $c)" test "$c" = 2
c=$(code "$mq" report "$work/out/summary.md")
check "not a results file: exit 2 (got $c)" test "$c" = 2
check "with a clear message" grep -q "not a results" "$work/out.txt"
c=$(code "$mq" report --bogus)
check "unknown option: exit 2 (got $c)" test "$c" = 2

# the console ends with the one verdict line and the report path
c=$(code "$mq" report "$a" "$b" -o "$work/line.html")
check "console ends with the verdict line" sh -c "tail -n 1 '$work/out.txt' | grep -q '^mqttcheck: [0-9]* new failures, [0-9]* still failing, [0-9]* fixed, [0-9]* flaky; report: $work/line.html\$'"

# a fuzz summary is an input too: its findings make exit 1 and join the report
"$tool" overview "$work/ov" >/dev/null
c=$(code "$mq" report "$work/ov/fuzz.json" -o "$work/fuzz.html")
check "fuzz.json alone: findings give exit 1 (got $c)" test "$c" = 1
check "fuzz report written with its finding" grep -q 'crash-0001' "$work/fuzz.html"
check "the verdict line counts the finding" grep -q ', 1 fuzz finding;' "$work/out.txt"
printf '{"schema":"mqttcheck-fuzz/9"}' >"$work/fuzz9.json"
c=$(code "$mq" report "$work/fuzz9.json")
check "newer fuzz schema refused: exit 2 (got $c)" test "$c" = 2

# a killed run: cut the jsonl in the middle of a line
head -c 20000 "$b" >"$work/killed.jsonl"
c=$(code "$mq" report "$work/killed.jsonl" -o "$work/killed.html")
check "killed run still reports (got $c)" test "$c" != 2
check "warning about the truncated line" grep -q "truncated last line" "$work/out.txt"
check "killed run HTML written" test -s "$work/killed.html"
exit $fail
