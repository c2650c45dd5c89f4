#!/bin/sh
# Source-based coverage (llvm-cov) of codec/ from a corpus.
#   fuzz/coverage.sh [--build DIR] [--out DIR] CORPUS_DIR_OR_FILE...
# Builds the replay drivers with the `coverage` preset, replays the corpus
# through every harness, and writes OUT/html/index.html (line, region and
# branch coverage of codec/src), OUT/report.txt and OUT/summary.json.
# Default corpus: corpus/seeds and corpus/regressions.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build="$root/build/coverage-fuzz"
out="$root/build/coverage-report"
while [ $# -gt 0 ]; do
    case "$1" in
    --build) build=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) break ;;
    esac
done
[ $# -gt 0 ] || set -- "$root/corpus/seeds" "$root/corpus/regressions"
for p in "$@"; do [ -e "$p" ] || { echo "coverage: no such corpus: $p" >&2; exit 2; }; done

# llvm-cov must read what this clang wrote: prefer the tools of its version.
ver=$(clang --version | sed -n 's/.*clang version \([0-9][0-9]*\).*/\1/p' | head -1)
profdata=$(command -v "llvm-profdata-$ver" || command -v llvm-profdata)
cov=$(command -v "llvm-cov-$ver" || command -v llvm-cov)

cmake --preset coverage -B "$build" -DMQC_DIRS="codec;fuzz" -DMQC_TESTS=OFF >/dev/null
cmake --build "$build" --target fuzz_decode fuzz_stream fuzz_roundtrip fuzz_walk >/dev/null

rm -rf "$out/profiles"
mkdir -p "$out/profiles"
# Inputs run in batches of 200 files; a crashing input would lose its whole
# batch's profile, so a failed batch is run again one file at a time (the
# crashing file alone is lost and reported).
find "$@" -type f ! -name '*.meta' ! -path '*/open/*' ! -name 'README*' | sort > "$out/files.txt"
: > "$out/replay.log"
for h in decode stream roundtrip walk; do
    split -l 200 "$out/files.txt" "$out/batch-$h-"
    for b in "$out"/batch-$h-*; do
        # shellcheck disable=SC2046
        if ! LLVM_PROFILE_FILE="$out/profiles/$h-%p.profraw" "$build/fuzz/fuzz_$h" $(cat "$b") \
                >>"$out/replay.log" 2>&1; then
            while read -r f; do
                LLVM_PROFILE_FILE="$out/profiles/$h-%p.profraw" "$build/fuzz/fuzz_$h" "$f" >>"$out/replay.log" 2>&1 ||
                    echo "coverage: $f crashes fuzz_$h (left out)" >&2
            done < "$b"
        fi
        rm -f "$b"
    done
done
"$profdata" merge -sparse "$out"/profiles/*.profraw -o "$out/merged.profdata"
bins="$build/fuzz/fuzz_decode -object $build/fuzz/fuzz_stream -object $build/fuzz/fuzz_roundtrip -object $build/fuzz/fuzz_walk"
# the header-inline hot path (mqtt_next, the PUBLISH fast path, the property
# iterator) is codec source too
srcs="$(ls "$root"/codec/src/*.c) $root/codec/include/mqttcodec_inline.h"
# shellcheck disable=SC2086
"$cov" show $bins -instr-profile="$out/merged.profdata" -format=html -output-dir="$out/html" \
    -show-branches=count -show-line-counts-or-regions $srcs
# shellcheck disable=SC2086
"$cov" report $bins -instr-profile="$out/merged.profdata" -show-branch-summary $srcs | tee "$out/report.txt"
# shellcheck disable=SC2086
"$cov" export $bins -instr-profile="$out/merged.profdata" -summary-only $srcs > "$out/export.json"
python3 - "$out" <<'PY'
import json, sys
out = sys.argv[1]
d = json.load(open(out + "/export.json"))
t = d["data"][0]["totals"]
s = {k: round(t[k]["percent"], 2) for k in ("lines", "regions", "branches", "functions") if k in t}
s.update({k + "_covered": t[k]["covered"] for k in ("branches", "lines") if k in t})
s.update({k + "_count": t[k]["count"] for k in ("branches", "lines") if k in t})
s["html"] = out + "/html/index.html"
json.dump(s, open(out + "/summary.json", "w"), indent=2)
print("coverage of codec/src: " + ", ".join(f"{k} {s[k]}%" for k in ("lines", "regions", "branches") if k in s))
PY
