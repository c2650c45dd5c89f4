/* The structure-aware MQTT mutator shared by libFuzzer
 * (LLVMFuzzerCustomMutator, libfuzzer_mutator.c) and AFL++ (custom mutator
 * library, afl_mutator.c). Internal to fuzz/. */
#ifndef FUZZ_MUTATE_H
#define FUZZ_MUTATE_H

#include <stddef.h>
#include <stdint.h>

/* Mutates the harness input in data[0..size) in place (capacity max_size)
 * and returns its new size. other (may be NULL) is a second input for
 * crossover at packet boundaries. Deterministic for a given seed. */
size_t mqm_mutate(uint8_t *data, size_t size, size_t max_size, uint64_t seed, const uint8_t *other,
                  size_t other_size);

/* Crossover only: packets of a spliced into packets of b, written to out. */
size_t mqm_crossover(const uint8_t *a, size_t asize, const uint8_t *b, size_t bsize, uint8_t *out,
                     size_t max_size, uint64_t seed);

#endif
