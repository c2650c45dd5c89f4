/* Internal helpers shared by the codec's source files; not part of the API. */
#ifndef MQTTCODEC_INTERNAL_H
#define MQTTCODEC_INTERNAL_H

#include "mqttcodec.h"

#include <string.h>

/* Bounds-checked read cursor over [p, end). Every read checks the remaining
 * length first, so a lying length field can never make the decoder read past
 * the bytes it was given. */
typedef struct cur {
    const uint8_t *p, *end, *base; /* base: start of the packet, for offsets */
} cur;

static inline size_t cur_left(const cur *c) { return (size_t)(c->end - c->p); }
static inline size_t cur_off(const cur *c) { return (size_t)(c->p - c->base); }

static inline bool cur_u8(cur *c, uint8_t *v)
{
    if (c->p >= c->end)
        return false;
    *v = *c->p++;
    return true;
}

static inline bool cur_u16(cur *c, uint16_t *v)
{
    if (cur_left(c) < 2)
        return false;
    *v = (uint16_t)((c->p[0] << 8) | c->p[1]);
    c->p += 2;
    return true;
}

static inline bool cur_u32(cur *c, uint32_t *v)
{
    if (cur_left(c) < 4)
        return false;
    *v = ((uint32_t)c->p[0] << 24) | ((uint32_t)c->p[1] << 16) | ((uint32_t)c->p[2] << 8) | c->p[3];
    c->p += 4;
    return true;
}

/* Length-prefixed field (string or binary): view into the buffer. */
static inline bool cur_lbytes(cur *c, mqtt_view *out)
{
    uint16_t n;
    if (cur_left(c) < 2)
        return false;
    n = (uint16_t)((c->p[0] << 8) | c->p[1]);
    if (cur_left(c) - 2 < n)
        return false;
    out->p = c->p + 2;
    out->len = n;
    c->p += 2 + (size_t)n;
    return true;
}

/* Variable Byte Integer. Returns 0 on success, MQTT_E_TRUNCATED when the
 * bytes end inside it, MQTT_E_VBI_TOO_LONG or MQTT_E_VBI_NOT_MINIMAL. */
static inline mqtt_errcode cur_vbi(cur *c, uint32_t *v)
{
    uint32_t val = 0;
    for (int i = 0; i < 4; i++) {
        if (c->p >= c->end)
            return MQTT_E_TRUNCATED;
        uint8_t b = *c->p++;
        val |= (uint32_t)(b & 0x7f) << (7 * i);
        if (!(b & 0x80)) {
            /* [MQTT-1.5.5-1]: the minimum number of bytes. A last byte of 0
             * after the first is a longer spelling of a smaller number. */
            if (i > 0 && b == 0)
                return MQTT_E_VBI_NOT_MINIMAL;
            *v = val;
            return MQTT_E_NONE;
        }
    }
    return MQTT_E_VBI_TOO_LONG;
}

/* Fills err for code as cited by version v; stmt overrides the default
 * citation when the rule's number depends on the packet (NULL: default). */
void mqtt_set_error(mqtt_error *err, mqtt_errcode code, mqtt_version v, size_t offset,
                    const char *field, const char *stmt);

/* Byte-level writer used by the encoder and the raw builder. len counts every
 * byte asked for, written or not, so a writer with cap 0 measures a packet
 * and the same code then fills a real buffer. */
typedef struct wr {
    uint8_t *p;
    size_t cap, len;
    bool overflow; /* something did not fit */
    bool bad;      /* a field too long for its length prefix */
} wr;

static inline void wr_u8(wr *w, uint8_t v)
{
    if (w->len < w->cap)
        w->p[w->len] = v;
    else
        w->overflow = true;
    w->len++;
}
static inline void wr_bytes(wr *w, const void *src, size_t n)
{
    if (n == 0)
        return;
    if (w->len <= w->cap && w->cap - w->len >= n)
        memcpy(w->p + w->len, src, n);
    else
        w->overflow = true;
    w->len += n;
}
static inline void wr_u16(wr *w, uint16_t v)
{
    wr_u8(w, (uint8_t)(v >> 8));
    wr_u8(w, (uint8_t)v);
}
static inline void wr_u32(wr *w, uint32_t v)
{
    wr_u16(w, (uint16_t)(v >> 16));
    wr_u16(w, (uint16_t)v);
}
static inline void wr_vbi(wr *w, uint32_t v)
{
    do {
        uint8_t b = v & 0x7f;
        v >>= 7;
        if (v)
            b |= 0x80;
        wr_u8(w, b);
    } while (v);
}
/* Two-byte length prefix + bytes; flags fields that cannot be expressed. */
static inline void wr_lbytes(wr *w, mqtt_view v)
{
    if (v.len > 65535) {
        w->bad = true;
        return;
    }
    wr_u16(w, (uint16_t)v.len);
    wr_bytes(w, v.p, v.len);
}

/* Section of the spec that defines packet type t's part: 1 fixed header,
 * 2 variable header, 3 payload. Same numbering in 3.1.1 and 5.0. */
const char *mqtt_section(mqtt_type t, int part);



/* Fused UTF-8 + no-wildcard check for Topic Names (the decoder's hot path). */
mqtt_errcode mqtt_check_topic_utf8(const uint8_t *s, size_t len, const mqtt_policy *policy, size_t *bad);
/* Who may send a v5 reason code in packet type t: 0 not in its table, bit 0
 * client, bit 1 server. */
int mqtt_reason_who(mqtt_type t, uint8_t code);

/* Lays out a whole packet (encode.c). exact keeps pkt's flags and wire forms. */
bool mqtt_layout(wr *w, const mqtt_packet *pkt, mqtt_version v, bool exact);

/* True when s holds only ASCII 0x01..0x7F (and, with wild, no '+' or '#'):
 * then it is valid UTF-8 with nothing to refuse. Eight bytes at a time; the
 * tail is one overlapping word, so 16-byte topics take two loads. */
static inline uint64_t mqtt_swar_zero(uint64_t w)
{
    return (w - 0x0101010101010101ull) & ~w & 0x8080808080808080ull;
}
static inline bool mqtt_ascii_clean(const uint8_t *s, size_t len, bool wild)
{
    const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    uint64_t bad = 0, w;
    if (len >= 8) {
        size_t i = 0;
        for (; i + 8 <= len; i += 8) {
            memcpy(&w, s + i, 8);
            bad |= (w & highs) | mqtt_swar_zero(w);
            /* '#' 0x23 and '+' 0x2B differ only in bit 3 */
            if (wild)
                bad |= mqtt_swar_zero((w | ones * 0x08) ^ (ones * 0x2B));
        }
        if (i < len) {
            memcpy(&w, s + len - 8, 8);
            bad |= (w & highs) | mqtt_swar_zero(w);
            if (wild)
                bad |= mqtt_swar_zero((w | ones * 0x08) ^ (ones * 0x2B));
        }
        return bad == 0;
    }
    for (size_t i = 0; i < len; i++) {
        uint8_t b = s[i];
        if (b - 1u >= 0x7Fu || (wild && (b | 0x08) == 0x2B))
            return false;
    }
    return true;
}

/* PUBLISH fast path (fastpath.c): 0 = decoded, 1 = use the general decoder. */
int mqtt_fast_publish(const uint8_t *buf, size_t len, mqtt_version v, mqtt_direction dir, mqtt_packet *out);

#endif
