/* Internal helpers shared by the codec's source files; not part of the API. */
#ifndef MQTTCODEC_INTERNAL_H
#define MQTTCODEC_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Inside the codec the header-inline PUBLISH path checks long topics word at
 * a time instead of handing them to the general route (which is here). */
static inline bool mqtt__ascii_ok(const uint8_t *s, size_t len, size_t avail, bool wild, bool ctl);
#define MQTT__TOPIC_LONG_OK(s, len, avail, ctl) mqtt__ascii_ok((s), (len), (avail), true, (ctl))

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

static inline uint64_t mqtt__load64(const uint8_t *p)
{
    uint64_t w;
    memcpy(&w, p, 8);
    return w;
}

/* High bit set in each byte of w that is not plain ASCII 0x01..0x7F, or is
 * '+' / '#' (wild), or is a control character 0x01..0x1F / 0x7F (ctl).
 * Exact per byte: (b & 0x7F) + 0x7F never carries into the next byte. */
static inline uint64_t mqtt__bad8(uint64_t w, bool wild, bool ctl)
{
    const uint64_t L7 = 0x7F7F7F7F7F7F7F7Full, H = 0x8080808080808080ull;
    uint64_t t = w & L7;
    uint64_t bad = w | ~(t + L7); /* >= 0x80, or zero */
    if (wild) {
        /* '#' 0x23 and '+' 0x2B differ only in bit 3 */
        uint64_t y = ((w | 0x0808080808080808ull) ^ 0x2B2B2B2B2B2B2B2Bull) & L7;
        bad |= ~(y + L7);
    }
    if (ctl)
        bad |= ~(t + 0x6060606060606060ull) | ~((t ^ L7) + L7);
    return bad & H;
}

/* True when s[0..len) holds only ASCII 0x01..0x7F, without '+'/'#' (wild)
 * and without control characters (ctl): then it is a valid UTF-8 string the
 * decoder accepts as is. avail >= len bytes are readable from s; whole-word
 * loads never go past them. Everything else is judged by the UTF-8 checker. */
__attribute__((always_inline)) static inline bool mqtt__ascii_ok(const uint8_t *s, size_t len, size_t avail, bool wild, bool ctl)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (len >= 8) {
        uint64_t bad = 0;
        size_t i = 0;
        for (; i + 8 <= len; i += 8)
            bad |= mqtt__bad8(mqtt__load64(s + i), wild, ctl);
        if (i < len) /* one overlapping word for the tail */
            bad |= mqtt__bad8(mqtt__load64(s + len - 8), wild, ctl);
        return bad == 0;
    }
    if (avail >= 8) /* one word, bytes past len masked off */
        return len == 0 || (mqtt__bad8(mqtt__load64(s), wild, ctl) & (~0ull >> (64 - 8 * len))) == 0;
#else
    (void)avail;
#endif
    for (size_t i = 0; i < len; i++) {
        uint8_t b = s[i];
        if (b - 1u >= 0x7Fu || (wild && (b | 0x08) == 0x2B) || (ctl && (b < 0x20 || b == 0x7F)))
            return false;
    }
    return true;
}

/* True when s holds only ASCII 0x01..0x7F (and, with wild, no '+' or '#'):
 * then it is valid UTF-8 with nothing to refuse. Word at a time. */
static inline bool mqtt_ascii_clean(const uint8_t *s, size_t len, bool wild)
{
    return mqtt__ascii_ok(s, len, len, wild, false);
}

#endif
