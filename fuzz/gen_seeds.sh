#!/bin/sh
# Regenerates corpus/seeds/ with the seed generator (fuzz/gen_seeds.c).
#   fuzz/gen_seeds.sh [GEN_SEEDS_BINARY]          rewrite corpus/seeds
#   fuzz/gen_seeds.sh --check GEN_SEEDS_BINARY    fail if the checked-in seeds differ
# Without a binary it builds one in build/gen-seeds (gcc).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
check=0
if [ "${1:-}" = "--check" ]; then check=1; shift; fi
gen=${1:-}
if [ -z "$gen" ]; then
    cmake -S "$root" -B "$root/build/gen-seeds" -G Ninja -DCMAKE_C_COMPILER=gcc \
        -DMQC_DIRS="codec;fuzz" -DMQC_TESTS=OFF >/dev/null
    cmake --build "$root/build/gen-seeds" --target gen_seeds >/dev/null
    gen="$root/build/gen-seeds/fuzz/gen_seeds"
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
"$gen" "$tmp/seeds"
if [ $check -eq 1 ]; then
    if diff -r "$tmp/seeds" "$root/corpus/seeds" >/dev/null; then
        echo "seeds: corpus/seeds matches the generator"
        exit 0
    fi
    echo "seeds: corpus/seeds differs from the generator; run fuzz/gen_seeds.sh" >&2
    diff -rq "$tmp/seeds" "$root/corpus/seeds" >&2 || true
    exit 1
fi
rm -rf "$root/corpus/seeds"
cp -r "$tmp/seeds" "$root/corpus/seeds"
echo "seeds: wrote $(find "$root/corpus/seeds" -type f | wc -l) files to corpus/seeds"
