#!/bin/sh
# Benchmark of the HTML report at scale: N scenarios x T targets (default 500 x 5)
# merged into one report.html, then loaded in headless Chromium, which times its
# own render and a filter pass (the page's #bench mode writes the figures into
# <pre id="bench">, read back with --dump-dom).
# usage: bench/report_large.sh [BUILD_DIR] [SCENARIOS] [TARGETS] [REPEATS]
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build/bench-report}
nscen=${2:-500}
ntgt=${3:-5}
reps=${4:-3}
chrome=${CHROMIUM:-/usr/bin/chromium}

tool=$build/reports/test/mqrep_fixture
if [ ! -x "$tool" ]; then
  echo "building reports/ in $build (Release)"
  cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMQC_DIRS=reports >/dev/null
  cmake --build "$build" --target mqrep_fixture >/dev/null
fi

work=$(mktemp -d)
profile=$(mktemp -d)
trap 'rm -rf "$work" "$profile"' EXIT INT TERM

echo "== report_large: $nscen scenarios x $ntgt targets"
"$tool" large "$work/run" "$nscen" "$ntgt"
html=$work/run/report.html
bytes=$(wc -c <"$html")
gz=$(gzip -c "$html" | wc -c)
echo "report.html: $bytes bytes ($((bytes / 1024)) KiB, $((gz / 1024)) KiB gzipped)"

if [ ! -x "$chrome" ]; then
  echo "chromium not found: load time not measured"
  exit 0
fi

ms_now() { date +%s%N | cut -c1-13; }
# same-run reference: the same file with the report's script removed, so the
# browser reads and parses the same bytes but builds nothing
ref=$work/run/reference.html
/usr/bin/python3 - "$html" "$ref" <<'PY'
import sys
s = open(sys.argv[1], encoding="utf-8").read()
i = s.rindex("<script>"); j = s.index("</script>", i) + len("</script>")
open(sys.argv[2], "w", encoding="utf-8").write(s[:i] + s[j:])
PY
i=1
while [ "$i" -le "$reps" ]; do
  t0=$(ms_now)
  timeout -k 5 120 "$chrome" --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --disable-quic \
    --user-data-dir="$profile" --dump-dom "file://$html#bench" 2>/dev/null >"$work/dom.html"
  t1=$(ms_now)
  figures=$(sed -n 's/.*<pre id="bench">\([^<]*\)<\/pre>.*/\1/p' "$work/dom.html" | sed 's/&quot;/"/g')
  if [ -z "$figures" ]; then
    echo "run $i: no figures in the DOM (report script failed?)"
    exit 1
  fi
  t2=$(ms_now)
  timeout -k 5 120 "$chrome" --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --disable-quic \
    --user-data-dir="$profile" --dump-dom "file://$ref" 2>/dev/null >/dev/null
  t3=$(ms_now)
  echo "run $i: chromium process $((t1 - t0)) ms (start-up + load + dump; same file without its script: $((t3 - t2)) ms); page: $figures"
  i=$((i + 1))
done
echo "(ms since navigation start: script_start, rendered = DOM built, laid_out = after first layout;
 durations incl. layout: render = data parse + DOM build, filter = one verdict+version+search filter, unfilter = clear filters,
 failures_only = the failures-only switch, open_case = detail panel)"
