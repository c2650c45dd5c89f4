#!/bin/bash -eu
# Builds the same harnesses as the `fuzz` CMake preset (fuzz/CMakeLists.txt,
# MQC_FUZZ=ON), but with the compiler, flags, sanitizer and engine that
# ClusterFuzzLite / OSS-Fuzz choose ($CC, $CFLAGS, $LIB_FUZZING_ENGINE), and
# packs each with its dictionary, options and seed corpus. Serves an OSS-Fuzz
# project unchanged.
src=$SRC/mqttcheck
build=$WORK/build

dirs="codec;pcap;fuzz"
# MemorySanitizer needs every library instrumented: libpcap is not, so the
# pcap reader harness is left out of MSan builds.
if [ "${SANITIZER:-}" = "memory" ]; then dirs="codec;fuzz"; fi
# The structure-aware mutator calls LLVMFuzzerMutate, which only libFuzzer
# provides; other engines get the plain harnesses.
mutator=ON
if [ "${FUZZING_ENGINE:-libfuzzer}" != "libfuzzer" ]; then mutator=OFF; fi

cmake -S "$src" -B "$build" -G Ninja \
    -DCMAKE_C_COMPILER="$CC" -DCMAKE_C_FLAGS="$CFLAGS" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_EXE_LINKER_FLAGS="$CFLAGS" \
    -DMQC_FUZZ=ON -DMQC_FUZZ_ENGINE="$LIB_FUZZING_ENGINE" -DMQC_FUZZ_CUSTOM_MUTATOR=$mutator \
    -DMQC_TESTS=OFF -DMQC_BENCH=OFF -DMQC_WERROR=OFF -DMQC_DIRS="$dirs"
targets="fuzz_stream fuzz_roundtrip fuzz_walk"
if ninja -C "$build" -t targets all | grep -q '^fuzz_pcap_reader:'; then
    targets="$targets fuzz_pcap_reader"
fi
cmake --build "$build" --target $targets

for t in $targets; do
    cp "$build/fuzz/$t" "$OUT/"
done
for h in stream roundtrip walk; do
    cp "$src/fuzz/mqtt.dict" "$OUT/fuzz_$h.dict"
    cat > "$OUT/fuzz_$h.options" <<OPTS
[libfuzzer]
dict = fuzz_$h.dict
max_len = 4096
rss_limit_mb = 2560
malloc_limit_mb = 1024
OPTS
    # seeds for this harness plus every regression input (no .meta files)
    (cd "$src/corpus" && zip -q -j "$OUT/fuzz_${h}_seed_corpus.zip" seeds/$h/* regressions/*.bin)
done
if [ -e "$OUT/fuzz_pcap_reader" ] && ls "$src"/corpus/pcap-regressions/* >/dev/null 2>&1; then
    (cd "$src/corpus" && zip -q -j "$OUT/fuzz_pcap_reader_seed_corpus.zip" pcap-regressions/*)
fi
