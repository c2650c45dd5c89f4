/* libFuzzer entry points for the MQTT mutator. A quarter of the time the
 * built-in byte-level mutator runs instead: it brings the dictionary and the
 * comparison operands libFuzzer traced, which the structural mutator does not
 * see. MQC_MUTATOR=bytes in the environment turns the structural one off. */
#include "mqmutator.h"

#include <stdlib.h>
#include <string.h>

size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed);
size_t LLVMFuzzerCustomCrossOver(const uint8_t *data1, size_t size1, const uint8_t *data2, size_t size2,
                                 uint8_t *out, size_t max_out_size, unsigned int seed);

static int bytes_only = -1;

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed)
{
    if (bytes_only < 0) {
        const char *e = getenv("MQC_MUTATOR");
        bytes_only = e && strcmp(e, "bytes") == 0;
    }
    if (bytes_only || seed % 4 == 0)
        return LLVMFuzzerMutate(data, size, max_size);
    return mqm_mutate(data, size, max_size, seed, NULL, 0);
}

size_t LLVMFuzzerCustomCrossOver(const uint8_t *data1, size_t size1, const uint8_t *data2, size_t size2,
                                 uint8_t *out, size_t max_out_size, unsigned int seed)
{
    size_t n = mqm_crossover(data1, size1, data2, size2, out, max_out_size, seed);
    if (n == 0) { /* not parseable: plain splice */
        n = size1 < max_out_size ? size1 : max_out_size;
        memcpy(out, data1, n);
    }
    return n;
}
