#!/usr/bin/env bash
# The test command: installs what is needed, then builds and tests every
# preset the project promises: gcc (default), clang ASan+UBSan (asan) and
# libFuzzer (fuzz: short smoke runs plus the corpus replay). .ci/run calls this.
set -euo pipefail
cd "$(dirname "$0")/.."

JOBS=${JOBS:-$(nproc)}
bash ci/setup.sh test

step() { printf '\n==> %s\n' "$*"; }
t0=$(date +%s)

step "default preset (gcc -O2, -Wall -Wextra -Werror)"
cmake --preset default >/dev/null
cmake --build --preset default -j "$JOBS"
ctest --preset default -j "$JOBS"

step "asan preset (clang, ASan+UBSan, no recovery)"
cmake --preset asan >/dev/null
cmake --build --preset asan -j "$JOBS"
ctest --preset asan -j "$JOBS"

if [ -f fuzz/CMakeLists.txt ]; then
  step "fuzz preset (libFuzzer smoke runs and corpus replay)"
  cmake --preset fuzz >/dev/null
  cmake --build --preset fuzz -j "$JOBS"
  ctest --preset fuzz -j "$JOBS" -L 'fuzz'
fi

printf '\nall test stages passed in %ss\n' "$(( $(date +%s) - t0 ))"
