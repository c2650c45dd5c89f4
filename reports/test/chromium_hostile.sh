#!/bin/sh
# Renders a report full of hostile strings in real headless Chromium and checks
# that nothing in the data ran or became markup, that the text shows as text,
# and that the report's own script did run (its CSP hash is right). Keeps a
# screenshot as an artifact. Exit 77 (ctest SKIP) only when Chromium is absent.
# usage: chromium_hostile.sh FIXTURE_TOOL WORKDIR
set -eu
tool=$1
work=$2
chrome=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chrome" ]; then
  echo "SKIP: $chrome not found"
  exit 77
fi
rm -rf "$work"
mkdir -p "$work"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT INT TERM

"$tool" hostile "$work/out"
html="$work/out/report.html"
test -s "$html"

run_chrome() {
  # every wait has a deadline: a wedged browser fails the test instead of hanging it
  timeout -k 5 40 "$chrome" --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --disable-quic \
    --user-data-dir="$profile" --window-size=1400,1000 "$@" 2>>"$work/chromium.log"
}

# #case=0:0 opens the hostile case so its detail panel (wire log too) is in the DOM.
run_chrome --dump-dom "file://$html#case=0:0" >"$work/dom.html"
run_chrome --screenshot="$work/hostile.png" "file://$html#case=0:0" >/dev/null

fail=0
check() { # description, command...
  d=$1; shift
  if "$@"; then echo "ok   - $d"; else echo "FAIL - $d"; fail=1; fi
}
has() { grep -qF -- "$1" "$work/dom.html"; }
hasnt() { ! grep -qiF -- "$1" "$work/dom.html"; }

check "DOM was dumped" test -s "$work/dom.html"
check "report script ran (matrix built under the CSP)" has 'class="matrix"'
check "detail panel of the hostile case rendered" has '<h2>TITLE &lt;/script&gt;'
check "title untouched by injected scripts" has '<title>mqttcheck report</title>'
check "no PWNED anywhere in the title" sh -c "! grep -q '<title>[^<]*PWNED' '$work/dom.html'"
check "no injected attribute on body" hasnt '<body data-pwned'
check "no injected img element" hasnt '<img'
# the report draws its own charts as <svg class="chart ...">; any other svg is injected
check "no injected svg element" sh -c "! grep -o '<svg[^>]*>' '$work/dom.html' | grep -qv '^<svg class=\"chart '"
check "no javascript: href" hasnt 'href="javascript:'
check "script text shown as text" has "&lt;/script&gt;&lt;script&gt;document.title='PWNED'"
check "img markup shown as text" has "&lt;img src=x onerror=\"document.title='PWNED'"
check "target name shown as text" has "broker &lt;/script&gt;"
check "capability key shown as text" has "\"&gt;&lt;svg onload="
check "wire log summary shown as text" has "PUBLISH topic=&lt;img"
check "invalid UTF-8 shown as U+FFFD" has "OBSERVED $(printf '\357\277\275\357\277\275\357\277\275')("
check "U+2028 kept as text" has "$(printf '\342\200\250') line-sep"
check "only our two script elements" test "$(grep -o '<script' "$work/dom.html" | wc -l)" -eq 2
if command -v python3 >/dev/null 2>&1; then
  check "hostile junit.xml is well-formed XML" python3 -c 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' "$work/out/junit.xml"
fi
check "summary.md has no raw markup" sh -c "! grep -qiE '<(script|img|svg)' '$work/out/summary.md'"
check "screenshot written" test -s "$work/hostile.png"
echo "screenshot: $work/hostile.png"
echo "dom: $work/dom.html"
exit $fail
