#!/bin/sh
# The report in real headless Chromium, on a generated matrix of two brokers and
# two client libraries with a FLAKY case, resource samples and a fuzz.json:
#  - the overview renders (screenshots kept as artifacts: overview.png, case.png),
#  - every heat-map cell's counts equal a recount of results.json,
#  - a fragment (#ID@VERSION) opens its case,
#  - failures-only hides every passing row and keeps every failing one,
#  - the keyboard reaches every case; Enter sets the fragment; back reopens the
#    previous case (the page's #selftest drives it, this script checks the numbers),
#  - the fuzz and resource charts and the findings list are drawn.
# Exit 77 (ctest SKIP) only when Chromium is absent.
# usage: chromium_overview.sh FIXTURE_TOOL WORKDIR
set -eu
tool=$1
work=$2
chrome=${CHROMIUM:-/usr/bin/chromium}
py=/usr/bin/python3
if [ ! -x "$chrome" ]; then
  echo "SKIP: $chrome not found"
  exit 77
fi
rm -rf "$work"
mkdir -p "$work"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT INT TERM
"$tool" overview "$work/out"
html="$work/out/report.html"
res="$work/out/results.json"

run_chrome() {
  timeout -k 5 60 "$chrome" --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --disable-quic \
    --user-data-dir="$profile" --window-size=1400,1000 "$@" 2>>"$work/chromium.log"
}

# the case the fragment test opens: the FLAKY one of the first broker
case_id=$($py -c 'import json,sys; d=json.load(open(sys.argv[1]))
c=[c for c in d["runs"][0]["cases"] if c["verdict"]=="FLAKY"][0]; print(c["id"]+"@"+c["version"])' "$res")

run_chrome --screenshot="$work/overview.png" "file://$html" >/dev/null
run_chrome --screenshot="$work/case.png" "file://$html#$case_id" >/dev/null
run_chrome --dump-dom "file://$html" >"$work/dom.html"
run_chrome --dump-dom "file://$html#$case_id" >"$work/dom-case.html"
run_chrome --virtual-time-budget=10000 --dump-dom "file://$html#selftest" >"$work/dom-selftest.html"

$py - "$res" "$work" "$case_id" <<'PY'
import json, sys, re, html.parser
res, work, case_id = sys.argv[1], sys.argv[2], sys.argv[3]
d = json.load(open(res))
fail = 0
def check(desc, ok):
    global fail
    print(("ok   - " if ok else "FAIL - ") + desc)
    if not ok: fail = 1

class P(html.parser.HTMLParser):
    def __init__(s):
        super().__init__(); s.heat = []; s.svg = []; s.findings = 0; s.stack = []; s.detail = ""; s.in_detail = 0
        s.pre = {}; s.cur_pre = None; s.h2_detail = None; s.in_h2 = False
    def handle_starttag(s, tag, a):
        a = dict(a)
        if tag == "td" and "data-counts" in a:
            s.heat.append((int(a["data-run"]), a["data-section"], json.loads(a["data-counts"])))
        if tag == "svg": s.svg.append(a.get("class", ""))
        if tag == "table" and "findings" in a.get("class", ""): s.stack.append("findings")
        if tag == "tr" and s.stack and s.stack[-1] == "findings": s.findings += 1
        if tag == "aside" and a.get("id") == "detail": s.in_detail = 1
        if tag == "pre" and a.get("id"): s.cur_pre = a["id"]; s.pre[s.cur_pre] = ""
        if s.in_detail and tag == "h2": s.in_h2 = True
    def handle_endtag(s, tag):
        if tag == "table" and s.stack: s.stack.pop()
        if tag == "aside": s.in_detail = 0
        if tag == "pre": s.cur_pre = None
        if tag == "h2": s.in_h2 = False
    def handle_data(s, data):
        if s.in_detail: s.detail += data
        if s.in_h2 and s.h2_detail is None: s.h2_detail = data
        if s.cur_pre: s.pre[s.cur_pre] += data

def parse(name):
    p = P(); p.feed(open(work + "/" + name, encoding="utf-8").read()); return p

dom = parse("dom.html")
# heat map: recount every (run, section) from results.json
expect = {}
for r, run in enumerate(d["runs"]):
    for c in run["cases"]:
        k = (r, c["section"]); expect.setdefault(k, {})
        expect[k][c["verdict"]] = expect[k].get(c["verdict"], 0) + 1
got = {(r, s): cnt for r, s, cnt in dom.heat}
check("heat map has one cell per run and section (%d)" % len(expect), set(got) == set(expect))
check("every heat-map cell's counts agree with results.json", all(got.get(k) == v for k, v in expect.items()))
check("brokers and client libraries are separate heat maps",
      open(work + "/dom.html", encoding="utf-8").read().count('class="heat"') >= 2 + 2)
check("verdict bars drawn for every target (%d)" % len(d["runs"]), sum(1 for c in dom.svg if "bar" in c) == len(d["runs"]))
check("resource charts drawn for the runs that have samples",
      sum(1 for c in dom.svg if "line" in c) == sum(1 for r in d["runs"] if r.get("resource_timeline")) + len(d.get("fuzz", [])))
nf = sum(len(f["findings"]) for f in d.get("fuzz", []))
check("findings list has every fuzz finding (%d)" % nf, dom.findings - 1 == nf)
domtxt = open(work + "/dom.html", encoding="utf-8").read()
vers = [r["target"].get("broker_version") or r["target"].get("version") for r in d["runs"] if r["target"].get("role") != "client"]
check("the overview shows each broker's version under its name (%s)" % ", ".join(map(str, vers)),
      all(v and ('<div class="sub">%s</div>' % v) in domtxt for v in vers))

cd = parse("dom-case.html")
cid, cver = case_id.rsplit("@", 1)
case = [c for c in d["runs"][0]["cases"] if c["id"] == cid and c["version"] == cver][0]
check("fragment opens its case (title in the pane)", cd.h2_detail == case["title"])
check("the pane shows the case id", cid in cd.detail)
check("the pane shows every observed verdict of the FLAKY case",
      "Verdicts seen over %d runs" % len(case["observed_verdicts"]) in cd.detail)
check("the pane shows the statement text and an OASIS link",
      "OASIS MQTT" in cd.detail and case["statements"][0] in cd.detail)
check("the pane shows a reproduce command", ("--select %s --versions %s" % (cid, cver)) in cd.detail)

st = parse("dom-selftest.html").pre.get("selftest", "")
try:
    R = json.loads(st)
except Exception:
    R = {}
check("selftest ran", bool(R))
failing_rows = set()
for run in d["runs"]:
    grp = "client" if run["target"].get("role") == "client" else "server"
    for c in run["cases"]:
        if c.get("outcome") == "fail": failing_rows.add((c["id"], c["version"], grp))
check("failures only: no passing row left visible", R.get("failures_only_passing_visible") == 0)
check("failures only: every failing row visible (%d)" % len(failing_rows), R.get("failures_only_visible") == len(failing_rows))
ncells = sum(len(r["cases"]) for r in d["runs"])
check("keyboard reaches every case cell (%d)" % ncells, R.get("case_cells") == ncells and R.get("case_cells_reached") == ncells)
check("keyboard reaches every cell of the grid", R.get("cells_reached") == R.get("cells") and R.get("cells", 0) > ncells)
check("one tab stop in the matrix (roving focus)", R.get("tab_stops_in_matrix") == 1)
eh, eo = str(R.get("enter_hash", "")), str(R.get("enter_opened", ""))
check("Enter on a case sets its fragment and opens that case", eh.startswith("#") and eo and eh.split(";t=")[0] == eo)
check("back returns to the previous case", R.get("back_hash") == eh and R.get("back_opened") == eo
      and R.get("second_opened") and R.get("second_opened") != eo)
# heat-map click filters to its section
check("a heat-map click shows only its section (%s: %s rows)" % (R.get("heat_section"), R.get("heat_rows")),
      R.get("heat_rows", 0) > 0 and R.get("heat_rows_elsewhere") == 0)
# search by statement id finds exactly the rows citing it; its text finds them too
sid = R.get("search_id")
citing = set()
for run in d["runs"]:
    grp = "client" if run["target"].get("role") == "client" else "server"
    for c in run["cases"]:
        if sid in c.get("statements", []): citing.add("%s@%s#%s" % (c["id"], c["version"], grp))
check("search by statement id %s finds exactly the %d rows citing it" % (sid, len(citing)),
      bool(citing) and set(R.get("search_id_rows", [])) == citing)
check("search by the statement's text (%r) finds them too" % R.get("search_text"),
      citing <= set(R.get("search_text_rows", [])))
# the statement links to its section's bookmark in the OASIS HTML of its version
import re as _re
links = _re.findall(r'<a class="spec" href="([^"]+)"', open(work + "/dom-case.html", encoding="utf-8").read())
check("the case pane links MQTT-3.3.2-1 to 5.0 section 3.3.2 (_Toc3901106)",
      "https://docs.oasis-open.org/mqtt/mqtt/v5.0/os/mqtt-v5.0-os.html#_Toc3901106" in links)
sys.exit(fail)
PY
rc=$?
# cases a failed precondition blocked: one finding per target, not failing cases of their own
n=$(grep -o 'PINGRESP within 2 s (MQTT-3.12.4-1)</span></a><span class="fwho"> blocks 2 case(s)' "$work/dom.html" | wc -l)
if [ "$n" -ge 1 ]; then echo "ok   - precondition findings grouped ($n)"; else echo "FAIL - no grouped precondition finding in the overview"; rc=1; fi
test -s "$work/overview.png" && echo "ok   - overview screenshot: $work/overview.png" || { echo "FAIL - no overview screenshot"; rc=1; }
test -s "$work/case.png" && echo "ok   - case screenshot: $work/case.png" || { echo "FAIL - no case screenshot"; rc=1; }
exit $rc
