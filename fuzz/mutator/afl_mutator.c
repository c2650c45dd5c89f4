/* AFL++ custom mutator library (AFL_CUSTOM_MUTATOR_LIBRARY) around the same
 * MQTT mutator the libFuzzer builds use. AFL++ keeps running its own havoc
 * stages next to it unless AFL_CUSTOM_MUTATOR_ONLY is set. The signatures
 * are those of AFL++'s custom mutator API (docs/custom_mutators.md). */
#include "mqmutator.h"

#include <stdlib.h>
#include <string.h>

typedef struct afl_mqtt {
    uint8_t *buf;
    size_t cap;
    uint64_t seed;
} afl_mqtt;

void *afl_custom_init(void *afl, unsigned int seed);
size_t afl_custom_fuzz(void *data, uint8_t *buf, size_t buf_size, uint8_t **out_buf, uint8_t *add_buf,
                       size_t add_buf_size, size_t max_size);
const char *afl_custom_describe(void *data, size_t max_description_len);
void afl_custom_deinit(void *data);

void *afl_custom_init(void *afl, unsigned int seed)
{
    (void)afl;
    afl_mqtt *s = calloc(1, sizeof *s);
    if (s)
        s->seed = seed ? seed : 1;
    return s;
}

size_t afl_custom_fuzz(void *data, uint8_t *buf, size_t buf_size, uint8_t **out_buf, uint8_t *add_buf,
                       size_t add_buf_size, size_t max_size)
{
    afl_mqtt *s = data;
    if (max_size > s->cap) {
        uint8_t *nb = realloc(s->buf, max_size);
        if (!nb) {
            *out_buf = buf;
            return buf_size;
        }
        s->buf = nb;
        s->cap = max_size;
    }
    size_t n = buf_size < max_size ? buf_size : max_size;
    memcpy(s->buf, buf, n);
    s->seed = s->seed * 6364136223846793005ull + 1442695040888963407ull;
    *out_buf = s->buf;
    return mqm_mutate(s->buf, n, max_size, s->seed, add_buf, add_buf_size);
}

const char *afl_custom_describe(void *data, size_t max_description_len)
{
    (void)data;
    (void)max_description_len;
    return "mqtt";
}

void afl_custom_deinit(void *data)
{
    afl_mqtt *s = data;
    if (s) {
        free(s->buf);
        free(s);
    }
}
