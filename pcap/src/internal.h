/* Helpers shared by the files of pcap/src; not part of the public door. */
#ifndef MQPCAP_INTERNAL_H
#define MQPCAP_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "mqpcap.h"

/* Internet checksum (RFC 1071) over a pseudo header sum plus data. */
uint32_t mqp_sum16(uint32_t acc, const uint8_t *p, size_t len);
uint16_t mqp_sum_fold(uint32_t acc);

void mqp_errf(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Big-endian loads/stores (captures are network order; no alignment assumed). */
static inline uint16_t mqp_be16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static inline uint32_t mqp_be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}
static inline void mqp_put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}
static inline void mqp_put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

/* Growable byte buffer used by the reader and the replayer. */
typedef struct mqp_buf {
    uint8_t *p;
    size_t len, cap;
} mqp_buf;
int mqp_buf_add(mqp_buf *b, const void *data, size_t len); /* 0 or -1 (no memory) */
void mqp_buf_free(mqp_buf *b);

/* Frames and decodes both streams of a reassembled connection into msgs. */
int mqp_frame_conn(mqpcap_conn *c, const mqtt_policy *policy);

#endif
