/*
 * mqttcodec_inline.h — the codec's header-inline hot path. Included by
 * mqttcodec.h (never on its own): the receive loop and the property iterator
 * live here so a caller's compiler can inline them into its own loop, without
 * link-time optimisation.
 *
 *   mqtt_next()      frames and decodes the next packet of a byte stream in
 *                    one step. A PUBLISH with an ASCII topic and the common
 *                    properties is decoded right here, every rule the general
 *                    decoder applies to it included (QoS 3, DUP on QoS 0,
 *                    minimal Remaining Length, max_packet_size, topic length,
 *                    UTF-8 / U+0000 / wildcards / control characters when the
 *                    policy refuses them, empty topic, packet id 0, property
 *                    types, lengths, duplicates, values and direction).
 *                    Anything else — another packet type, an error, a
 *                    partial packet, non-ASCII text, a rarer property — goes
 *                    to mqtt_next_general() (mqtt_frame_next + mqtt_decode),
 *                    so every error still comes from one place and reads the
 *                    same.
 *   mqtt_prop_next() the property iterator, bounds-checked on any bytes.
 *
 * Example (coreMQTT style): a receive loop over bytes in buf[0..len)
 *
 *   mqtt_decode_opts o = {MQTT_V311, MQTT_S2C, NULL};
 *   size_t off = 0;
 *   for (;;) {
 *       mqtt_frame fr; mqtt_packet pkt; mqtt_error err;
 *       mqtt_status st = mqtt_next(buf + off, len - off, &o, &fr, &pkt, &err);
 *       if (st == MQTT_NEED_MORE) break;          // read fr.need more bytes
 *       if (st != MQTT_OK) { report(&err); break; } // err names the rule
 *       if (pkt.type == MQTT_PUBLISH) deliver(&pkt.u.publish);
 *       off += fr.total;
 *   }
 *
 * Nothing here allocates, and no read goes past buf + len.
 */
#ifndef MQTTCODEC_INLINE_H
#define MQTTCODEC_INLINE_H

#ifndef MQTTCODEC_H
#error "include mqttcodec.h, not mqttcodec_inline.h"
#endif

#include <string.h>

#if defined(__SSE2__) && !defined(MQTT_NO_SIMD)
#include <emmintrin.h>
#define MQTT__SSE2 1
#endif

/* Forced inlining: the point of this header is that these bodies melt into
 * the caller's loop, which a compiler's size heuristics may otherwise refuse. */
#if defined(__GNUC__) || defined(__clang__)
#define MQTT__HOT static inline __attribute__((always_inline))
#else
#define MQTT__HOT static inline
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Property types by identifier (MQTT_PT_NONE where none is defined): the one
 * table of property types (props.c); ids 0x2B..0x3F are MQTT_PT_NONE. */
extern const uint8_t mqtt_prop_types[64];

/* The general decoder alone, without the inline PUBLISH path: the same
 * contract and verdicts as mqtt_decode. For differential checks of the fast
 * path (the fuzz harnesses compare the two on every input). */
mqtt_status mqtt_decode_general(const uint8_t *buf, size_t len, const mqtt_decode_opts *opts, mqtt_packet *out,
                                mqtt_error *err);

/* The framer's general route: any length form, the policy's max_packet_size,
 * NEED_MORE and framing errors (frame.c). Same contract as mqtt_frame_next. */
mqtt_status mqtt_frame_next_general(const uint8_t *buf, size_t len, const mqtt_decode_opts *opts, mqtt_frame *fr,
                                    mqtt_error *err);

/* The general route of mqtt_next: mqtt_frame_next_general, then mqtt_decode. */
mqtt_status mqtt_next_general(const uint8_t *buf, size_t len, const mqtt_decode_opts *opts, mqtt_frame *fr,
                              mqtt_packet *out, mqtt_error *err);

MQTT__HOT uint16_t mqtt__be16(const uint8_t *p) { return (uint16_t)((p[0] << 8) | p[1]); }

/* The out-of-line rest of the PUBLISH path for v5 (publish_fast.c): the
 * property block (ids, lengths, duplicates, values, ASCII text), then the
 * packet's remaining fields. p points at the Property Length. */
bool mqtt__publish_v5_rest(const uint8_t *buf, size_t len, size_t hl, size_t rl, const uint8_t *p, bool ctl,
                           mqtt_packet *out);

/* The word-at-a-time text check, out of line (publish_fast.c): true when the
 * n bytes at s (avail readable from s) are ASCII 0x01..0x7F, without '+' /
 * '#' when wild and without control characters when ctl. */
bool mqtt__text_ok(const uint8_t *s, size_t n, size_t avail, bool wild, bool ctl);

/* Topics the one-vector check does not cover (over 16 bytes, or too near the
 * end of the buffer): one call to the word-at-a-time check, not the general
 * decoder. Inside the codec the same check is inlined (internal.h). */
#ifndef MQTT__TOPIC_LONG_OK
#define MQTT__TOPIC_LONG_OK(s, len, avail, ctl) mqtt__text_ok((s), (len), (avail), true, (ctl))
#endif

#ifdef MQTT__SSE2
/* One vector: true when the len <= 16 bytes at s (16 readable) are ASCII
 * 0x01..0x7F, without '+' / '#' (wild) and control characters (ctl). */
MQTT__HOT bool mqtt__vec16_ok(const uint8_t *s, size_t len, bool wild, bool ctl)
{
    __m128i b = _mm_loadu_si128((const __m128i *)(const void *)s);
    /* signed: bytes >= 0x80 are negative, so "< 1" catches them and 0 */
    __m128i bad = _mm_cmplt_epi8(b, _mm_set1_epi8(1));
    if (wild)
        bad = _mm_or_si128(bad, _mm_cmpeq_epi8(_mm_or_si128(b, _mm_set1_epi8(8)), _mm_set1_epi8(0x2B)));
    if (ctl)
        bad = _mm_or_si128(_mm_or_si128(bad, _mm_cmplt_epi8(b, _mm_set1_epi8(0x20))),
                           _mm_cmpeq_epi8(b, _mm_set1_epi8(0x7F)));
    return ((unsigned)_mm_movemask_epi8(bad) & ((1u << len) - 1u)) == 0;
}
#endif

/* Topic Name check: ASCII 0x01..0x7F, no '+' / '#' (and no control
 * characters when ctl), 16 bytes at once when they are readable. */
MQTT__HOT bool mqtt__topic_ok(const uint8_t *s, size_t len, size_t avail, bool ctl)
{
#ifdef MQTT__SSE2
    if (len <= 16 && avail >= 16)
        return mqtt__vec16_ok(s, len, true, ctl);
#endif
    return MQTT__TOPIC_LONG_OK(s, len, avail, ctl);
}

/* First bytes of a PUBLISH the fast path takes (0x30..0x3F, not QoS 3, not
 * DUP with QoS 0): bit b set for first byte b, so one compare and one bit
 * test answer type and flags together. */
#define MQTT__PUBLISH_FIRST_OK (0x3C3Full << 48)

/* The inline PUBLISH decoder behind mqtt_next and mqtt_decode: true when
 * buf[0..len) starts with a whole PUBLISH that the general decoder would
 * accept for opts, decoded into *out (out->total bytes long). False means
 * "take the general route", which also reports any error. */
MQTT__HOT bool mqtt__publish_fast(const uint8_t *buf, size_t len, const mqtt_decode_opts *opts, mqtt_packet *out)
{
    if (len < 4)
        return false;
    unsigned b0 = buf[0], b1 = buf[1];
    if (b0 >= 64 || !((MQTT__PUBLISH_FIRST_OK >> b0) & 1))
        return false;
    /* Remaining Length of one byte, or two (minimal: second byte 1..127);
     * longer ones take the general route. Computed without a branch on the
     * header length, which the compilers otherwise keep in memory. */
    size_t two = b1 >> 7, hl = 2 + two, rl = b1;
    if (two) {
        unsigned b2 = buf[2];
        if (b2 - 1u >= 0x7Fu)
            return false;
        rl = (b1 & 0x7F) | (size_t)b2 << 7;
    }
    if (rl < 2 || rl > len - hl)
        return false;
    const mqtt_policy *pol = opts->policy;
    bool ctl = false;
    if (pol) {
        if (pol->max_packet_size && hl + rl > pol->max_packet_size)
            return false;
        ctl = pol->reject_control_chars;
    }
    /* `rest` counts the packet's bytes after p, instead of an end pointer:
     * one value fewer to keep live across the topic check. */
    const uint8_t *p = buf + hl + 2;
    size_t tlen = mqtt__be16(p - 2), rest = rl - 2;
    if (rest < tlen || !mqtt__topic_ok(p, tlen, len - hl - 2, ctl))
        return false;
    mqtt_publish *pub = &out->u.publish;
    pub->topic.p = p;
    pub->topic.len = tlen;
    p += tlen;
    rest -= tlen;
    uint16_t id = 0;
    if (b0 & 6) { /* QoS 1 or 2 */
        if (rest < 2 || (id = mqtt__be16(p)) == 0)
            return false;
        p += 2;
        rest -= 2;
    }
    pub->packet_id = id;
    if (opts->version == MQTT_V5)
        return mqtt__publish_v5_rest(buf, len, hl, rl, p, ctl, out);
    if (tlen == 0 || (unsigned)opts->version - MQTT_V31 > 1u) /* 3.1 or 3.1.1 here */
        return false;
    pub->props.p = NULL;
    pub->props.len = 0;
    pub->props.present = false;
    pub->payload.p = p;
    pub->payload.len = rest;
    pub->dup = (b0 & 8) != 0;
    pub->qos = (uint8_t)((b0 >> 1) & 3);
    pub->retain = b0 & 1;
    out->type = MQTT_PUBLISH;
    out->flags = (uint8_t)(b0 & 15);
    out->remaining = (uint32_t)rl;
    out->total = hl + rl;
    out->noncanonical = false;
    return true;
}

/* The general routes behind the inline ones write into locals that are then
 * copied out: the caller's structs never have their address passed to an
 * out-of-line function, so its compiler keeps them in registers and drops
 * the stores to fields the caller never reads. Only the members the callee
 * defines for that status are copied. */
static inline mqtt_status mqtt__frame_slow(const uint8_t *buf, size_t len, const mqtt_decode_opts *opts,
                                           mqtt_frame *fr, mqtt_error *err)
{
    mqtt_frame f = {0, 0, 0, 0, 0};
    mqtt_error e;
    mqtt_status st = mqtt_frame_next_general(buf, len, opts, &f, err ? &e : NULL);
    *fr = f;
    if (st != MQTT_OK && st != MQTT_NEED_MORE && err)
        *err = e;
    return st;
}

static inline mqtt_status mqtt__decode_slow(const uint8_t *buf, size_t len, const mqtt_decode_opts *opts,
                                            mqtt_packet *out, mqtt_error *err)
{
    mqtt_packet p;
    mqtt_error e;
    mqtt_status st = mqtt_decode_general(buf, len, opts, out ? &p : NULL, err ? &e : NULL);
    if (st == MQTT_OK)
        *out = p;
    else if (err)
        *err = e;
    return st;
}

static inline mqtt_status mqtt__next_slow(const uint8_t *buf, size_t len, const mqtt_decode_opts *opts,
                                          mqtt_frame *fr, mqtt_packet *out, mqtt_error *err)
{
    mqtt_frame f = {0, 0, 0, 0, 0};
    mqtt_packet p;
    mqtt_error e;
    mqtt_status st = mqtt_next_general(buf, len, opts, &f, &p, err ? &e : NULL);
    *fr = f;
    if (st == MQTT_OK)
        *out = p;
    else if (st != MQTT_NEED_MORE && err)
        *err = e;
    return st;
}

/* Incremental framing (see mqttcodec.h, "framing"): the common case — a
 * one-byte Remaining Length, the whole packet in buf, no size limit — is
 * answered here; everything else by mqtt_frame_next_general. */
MQTT__HOT mqtt_status mqtt_frame_next(const uint8_t *buf, size_t len, const mqtt_decode_opts *opts, mqtt_frame *fr,
                                      mqtt_error *err)
{
    if (len >= 2 && buf[1] < 0x80 && len >= 2u + buf[1] && !(opts && opts->policy && opts->policy->max_packet_size)) {
        fr->first_byte = buf[0];
        fr->header_len = 2;
        fr->remaining = buf[1];
        fr->total = 2u + buf[1];
        fr->need = 0;
        return MQTT_OK;
    }
    return mqtt__frame_slow(buf, len, opts, fr, err);
}

/* Decodes exactly one packet (see mqttcodec.h, "decoder"). The inline
 * PUBLISH path applies the same rules under any policy; everything else —
 * other types, errors, a buffer that is not exactly one packet — goes to
 * mqtt_decode_general, so every error comes from one place.
 *
 *   mqtt_frame fr; mqtt_packet pkt; mqtt_error err;
 *   if (mqtt_frame_next(buf, len, &o, &fr, &err) == MQTT_OK &&
 *       mqtt_decode(buf, fr.total, &o, &pkt, &err) == MQTT_OK) use(&pkt);
 */
MQTT__HOT mqtt_status mqtt_decode(const uint8_t *buf, size_t len, const mqtt_decode_opts *opts, mqtt_packet *out,
                                  mqtt_error *err)
{
    if (buf && opts && out && mqtt__publish_fast(buf, len, opts, out) && out->total == len)
        return MQTT_OK;
    return mqtt__decode_slow(buf, len, opts, out, err);
}

/* Frames and decodes the packet at the start of buf[0..len).
 *   MQTT_OK         *out holds it; it is fr->total bytes long (advance by that)
 *   MQTT_NEED_MORE  buf holds only part of it; fr->need more bytes at least
 *   otherwise       *err names the rule the bytes broke (as mqtt_frame_next
 *                   and mqtt_decode report it)
 * opts and its policy as for mqtt_decode; fr, out and err must not be NULL.
 * Same verdicts as mqtt_frame_next followed by mqtt_decode, always. */
MQTT__HOT mqtt_status mqtt_next(const uint8_t *buf, size_t len, const mqtt_decode_opts *opts, mqtt_frame *fr,
                                    mqtt_packet *out, mqtt_error *err)
{
    if (mqtt__publish_fast(buf, len, opts, out)) {
        fr->first_byte = buf[0];
        fr->header_len = out->total - out->remaining;
        fr->remaining = out->remaining;
        fr->total = out->total;
        fr->need = 0;
        return MQTT_OK;
    }
    return mqtt__next_slow(buf, len, opts, fr, out, err);
}

/* ------------------------------------------------------ property iterator */

static inline void mqtt_prop_iter_init(mqtt_prop_iter *it, const mqtt_props *props)
{
    it->p = props->p;
    it->end = props->p ? props->p + props->len : NULL;
}

/* Next property, false at the end. Meant for blocks the decoder (or
 * mqtt_props_validate) accepted; on any other bytes it never reads past the
 * block and stops at the first thing it cannot read.
 *
 *   mqtt_prop_iter it; mqtt_prop pr;
 *   mqtt_prop_iter_init(&it, &pkt.u.publish.props);
 *   while (mqtt_prop_next(&it, &pr))
 *       if (pr.id == MQTT_PROP_CONTENT_TYPE) use(pr.v.s.p, pr.v.s.len);
 */
MQTT__HOT bool mqtt_prop_next(mqtt_prop_iter *it, mqtt_prop *out)
{
    const uint8_t *p = it->p, *end = it->end;
    if (!p || p >= end)
        return false;
    unsigned id = p[0];
    /* ids are single bytes: every defined one is below 0x80 */
    mqtt_prop_type t = id < 64 ? (mqtt_prop_type)mqtt_prop_types[id] : MQTT_PT_NONE;
    size_t left = (size_t)(end - p) - 1, n;
    out->id = (uint8_t)id;
    out->type = t;
    /* the whole union defined, whatever member the caller reads */
    memset(&out->v, 0, sizeof out->v);
    p++;
    switch (t) {
    case MQTT_PT_UTF8:
    case MQTT_PT_BINARY:
        if (left < 2)
            goto stop;
        n = mqtt__be16(p);
        if (left - 2 < n)
            goto stop;
        out->v.s.p = p + 2;
        out->v.s.len = n;
        n += 2;
        break;
    case MQTT_PT_U32:
        if (left < 4)
            goto stop;
        out->v.u = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
        n = 4;
        break;
    case MQTT_PT_PAIR: {
        if (left < 4)
            goto stop;
        size_t kn = mqtt__be16(p);
        if (left - 4 < kn)
            goto stop;
        size_t vn = mqtt__be16(p + 2 + kn);
        if (left - 4 - kn < vn)
            goto stop;
        out->v.pair.k.p = p + 2;
        out->v.pair.k.len = kn;
        out->v.pair.v.p = p + 4 + kn;
        out->v.pair.v.len = vn;
        n = 4 + kn + vn;
        break;
    }
    case MQTT_PT_BYTE:
        if (left < 1)
            goto stop;
        out->v.u = p[0];
        n = 1;
        break;
    case MQTT_PT_U16:
        if (left < 2)
            goto stop;
        out->v.u = mqtt__be16(p);
        n = 2;
        break;
    case MQTT_PT_VBI: {
        uint32_t v = 0;
        n = 0;
        for (;;) {
            if (n == left || n == 4)
                goto stop;
            unsigned b = p[n];
            v |= (uint32_t)(b & 0x7F) << (7 * n);
            n++;
            if (!(b & 0x80)) {
                if (n > 1 && b == 0)
                    goto stop; /* not minimal: the validator refuses it */
                break;
            }
        }
        out->v.u = v;
        break;
    }
    default:
        goto stop;
    }
    it->p = p + n;
    return true;
stop:
    it->p = end;
    return false;
}

#ifdef __cplusplus
}
#endif
#endif
