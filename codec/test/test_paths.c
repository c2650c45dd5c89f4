/* Differential test of the decoder's two routes. With no policy the decoder
 * may take a PUBLISH fast path; with the default policy spelled out it takes
 * the general one. Both must agree on every input: same status, same error
 * code and statement, same decoded fields. The inputs are pseudo-random
 * PUBLISH packets (fixed seed) mixing valid and invalid flags, topics,
 * identifiers, property blocks (short, long, duplicated, out of range) and
 * payload sizes around the 1- and 2-byte Remaining Length boundaries, some of
 * them with a byte flipped afterwards. A second case checks mqtt_next against
 * the out-of-line framer and general decoder on topics of every length up to
 * 80 bytes with an odd byte at every position. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "vectors.h"

static uint64_t seed = 0x5EED5EED1234ull;
static uint32_t rnd(void)
{
    seed ^= seed << 13;
    seed ^= seed >> 7;
    seed ^= seed << 17;
    return (uint32_t)(seed >> 9);
}

typedef struct buf {
    uint8_t b[40000];
    size_t n;
} buf;

static void put(buf *o, const void *p, size_t n)
{
    memcpy(o->b + o->n, p, n);
    o->n += n;
}
static void put8(buf *o, uint8_t v) { o->b[o->n++] = v; }
static void put16(buf *o, uint16_t v)
{
    put8(o, (uint8_t)(v >> 8));
    put8(o, (uint8_t)v);
}
static void putvbi(buf *o, uint32_t v)
{
    do {
        uint8_t b = v & 0x7F;
        v >>= 7;
        put8(o, v ? (uint8_t)(b | 0x80) : b);
    } while (v);
}

#define T(s) {s, sizeof s - 1}
static const struct {
    const char *s;
    size_t n;
} topics[] = {
    T("a/b"), T("sensor/00/temp01"), T("$SYS/x"), T(""), T("a/+"), T("#"), T("x#"),
    T("very/long/topic/name/over/eight/bytes"), T("\xc3\xa9t\xc3\xa9"), T("a\x01"), T("a\x7f"),
    T("\xed\xa0\x80"), T("a\xc0\x80"), T("t\xef\xbb\xbf"), T("a\x00" "b"), T("/"),
};

/* One property, chosen to be valid most of the time. */
static void prop(buf *o)
{
    switch (rnd() % 16) {
    case 0: put8(o, 0x01); put8(o, (uint8_t)(rnd() % 4 == 0 ? 2 : rnd() % 2)); break;
    case 1: put8(o, 0x02); put16(o, (uint16_t)rnd()); put16(o, (uint16_t)rnd()); break;
    case 2: put8(o, 0x03); put16(o, 10); put(o, "text/plain", 10); break;
    case 3: put8(o, 0x08); put16(o, 3); put(o, rnd() % 5 ? "r/t" : "r/#", 3); break;
    case 4: put8(o, 0x09); put16(o, 2); put8(o, (uint8_t)rnd()); put8(o, 0xFF); break;
    case 5: put8(o, 0x0B); putvbi(o, rnd() % 6 == 0 ? 0 : 1 + rnd() % 300000); break;
    case 6: put8(o, 0x23); put16(o, (uint16_t)(rnd() % 6 == 0 ? 0 : 1 + rnd() % 10)); break;
    case 7: case 8: put8(o, 0x26); put16(o, 1); put8(o, 'k'); put16(o, 1); put8(o, 'v'); break;
    case 9: put8(o, 0x26); put16(o, 2); put(o, "\xc3\xa9", 2); put16(o, 0); break;
    case 10: { /* a long Content Type: pushes the block past 127 bytes */
        put8(o, 0x03);
        size_t n = 100 + rnd() % 60;
        put16(o, (uint16_t)n);
        for (size_t i = 0; i < n; i++)
            put8(o, (uint8_t)('a' + i % 26));
        break;
    }
    case 11: put8(o, 0x11); put16(o, 0); put16(o, 1); break;     /* not allowed in PUBLISH */
    case 12: put8(o, 0x03); put16(o, 2); put(o, "\xff\xfe", 2); break; /* ill-formed */
    case 13: put8(o, 0x2B); put8(o, 0); break;                   /* undefined */
    case 14: put8(o, 0x02); put16(o, 0); break;                   /* cut short */
    default: put8(o, 0x01); put8(o, 1); break;
    }
}

static void make(buf *o, mqtt_version v)
{
    buf body;
    body.n = 0;
    size_t t = rnd() % (sizeof topics / sizeof topics[0]);
    if (rnd() % 3)
        t = rnd() % 3; /* mostly plain topics, so the fast path gets work */
    put16(&body, (uint16_t)topics[t].n);
    put(&body, topics[t].s, topics[t].n);
    uint8_t flags = (uint8_t)(rnd() % 8 == 0 ? rnd() & 15 : ((rnd() % 3) << 1) | (rnd() & 1));
    if ((flags >> 1 & 3) && (flags & 8) == 0 && rnd() % 4 == 0)
        flags |= 8;
    if (flags >> 1 & 3)
        put16(&body, (uint16_t)(rnd() % 10 == 0 ? 0 : 1 + rnd() % 65535));
    if (v == MQTT_V5) {
        buf props;
        props.n = 0;
        unsigned k = rnd() % 5;
        for (unsigned i = 0; i < k; i++)
            prop(&props);
        putvbi(&body, (uint32_t)props.n);
        put(&body, props.b, props.n);
    }
    static const size_t sizes[] = {0, 1, 32, 90, 100, 120, 125, 126, 127, 128, 200, 16370, 16380, 16390};
    size_t pl = sizes[rnd() % (sizeof sizes / sizeof sizes[0])];
    for (size_t i = 0; i < pl; i++)
        put8(&body, (uint8_t)rnd());
    o->n = 0;
    put8(o, (uint8_t)(0x30 | flags));
    putvbi(o, (uint32_t)body.n);
    put(o, body.b, body.n);
    if (rnd() % 6 == 0) /* flip one bit somewhere */
        o->b[rnd() % o->n] ^= (uint8_t)(1u << (rnd() % 8));
}

static void fast_and_general_agree(void **state)
{
    (void)state;
    static buf in;
    mqtt_policy def;
    mqtt_policy_default(&def);
    size_t ok = 0, bad = 0;
    for (int iter = 0; iter < 30000; iter++) {
        mqtt_version v = iter % 3 == 0 ? MQTT_V311 : iter % 3 == 1 ? MQTT_V5 : MQTT_V31;
        mqtt_direction d = (iter / 3) % 2 ? MQTT_S2C : MQTT_C2S;
        make(&in, v);
        uint8_t *exact = malloc(in.n);
        assert_non_null(exact);
        memcpy(exact, in.b, in.n);
        mqtt_decode_opts fast = {v, d, NULL}, general = {v, d, &def};
        mqtt_packet pf, pg;
        mqtt_error ef, eg;
        memset(&ef, 0, sizeof ef);
        memset(&eg, 0, sizeof eg);
        mqtt_status sf = mqtt_decode(exact, in.n, &fast, &pf, &ef);
        mqtt_status sg = mqtt_decode(exact, in.n, &general, &pg, &eg);
        if (sf != sg)
            fail_msg("iteration %d (%zu bytes, first %02x): no policy gives %s/%s, default policy %s/%s", iter,
                     in.n, in.b[0], mqtt_status_name(sf), mqtt_errcode_name(ef.code), mqtt_status_name(sg),
                     mqtt_errcode_name(eg.code));
        if (sf == MQTT_OK) {
            /* Payloads are compared as views; the rendering sees their first bytes. */
            if (pf.type == MQTT_PUBLISH && pg.type == MQTT_PUBLISH) {
                if (pf.u.publish.payload.p != pg.u.publish.payload.p ||
                    pf.u.publish.payload.len != pg.u.publish.payload.len)
                    fail_msg("iteration %d: payload views differ", iter);
                if (pf.u.publish.payload.len > 16)
                    pf.u.publish.payload.len = pg.u.publish.payload.len = 16;
            }
            static char a[4096], b[4096];
            describe_packet(&pf, v, a, sizeof a);
            describe_packet(&pg, v, b, sizeof b);
            if (strcmp(a, b) != 0)
                fail_msg("iteration %d: fields differ\n  fast:    %.300s\n  general: %.300s", iter, a, b);
            assert_int_equal(pf.total, pg.total);
            assert_int_equal(pf.noncanonical, pg.noncanonical);
            ok++;
        } else {
            if (ef.code != eg.code || !ef.stmt || !eg.stmt || strcmp(ef.stmt, eg.stmt) != 0)
                fail_msg("iteration %d: %s (%s) vs %s (%s)", iter, mqtt_errcode_name(ef.code), ef.stmt,
                         mqtt_errcode_name(eg.code), eg.stmt);
            bad++;
        }
        free(exact);
    }
    print_message("%zu accepted, %zu rejected, both routes agreeing\n", ok, bad);
    assert_true(ok > 1000 && bad > 1000); /* both outcomes were exercised */
}

/* The inline topic check outside the codec: topics of 0..80 bytes (one
 * vector, several vectors with an overlapping tail, the word-at-a-time
 * fallback near the end of the buffer) with one odd byte planted at every
 * position, under no policy and under one refusing control characters.
 * mqtt_next must say what the out-of-line framer + general decoder say. Each
 * packet sits at the very end of its own heap block, so an ASan build sees a
 * read past it. */
static void long_topics_agree_with_general(void **state)
{
    (void)state;
    static const uint8_t odd[] = {'a', 0x00, 0x01, 0x1F, 0x7F, 0x80, 0xC3, 0xFF, '+', '#', '/', '$'};
    mqtt_policy ctl;
    mqtt_policy_default(&ctl);
    ctl.reject_control_chars = true;
    const mqtt_policy *pols[] = {NULL, &ctl};
    size_t agree = 0, accepted = 0;
    for (size_t tlen = 0; tlen <= 80; tlen++)
        for (size_t at = 0; at <= tlen; at++) /* at == tlen: nothing planted */
            for (size_t k = 0; k < sizeof odd; k++) {
                if (at == tlen && k)
                    break;
                uint8_t pkt[2 + 2 + 80 + 2 + 1 + 3];
                size_t n = 0;
                pkt[n++] = 0x32; /* QoS 1 */
                pkt[n++] = 0;    /* Remaining Length, below */
                pkt[n++] = 0;
                pkt[n++] = (uint8_t)tlen;
                for (size_t i = 0; i < tlen; i++)
                    pkt[n++] = (uint8_t)('a' + i % 26);
                if (at < tlen)
                    pkt[4 + at] = odd[k];
                pkt[n++] = 0x12; /* packet id */
                pkt[n++] = 0x34;
                for (int v5 = 0; v5 <= 1; v5++) {
                    size_t len = n;
                    uint8_t whole[sizeof pkt];
                    memcpy(whole, pkt, n);
                    if (v5)
                        whole[len++] = 0; /* empty property block */
                    whole[len++] = 'p';
                    whole[1] = (uint8_t)(len - 2);
                    uint8_t *b = malloc(len);
                    assert_non_null(b);
                    memcpy(b, whole, len);
                    for (size_t pi = 0; pi < 2; pi++) {
                        mqtt_decode_opts o = {v5 ? MQTT_V5 : MQTT_V311, MQTT_C2S, pols[pi]};
                        mqtt_frame f1, f2;
                        mqtt_packet p1, p2;
                        mqtt_error e1, e2;
                        memset(&e1, 0, sizeof e1);
                        memset(&e2, 0, sizeof e2);
                        mqtt_status s1 = mqtt_next(b, len, &o, &f1, &p1, &e1);
                        mqtt_status s2 = mqtt_frame_next_general(b, len, &o, &f2, &e2);
                        if (s2 == MQTT_OK)
                            s2 = mqtt_decode_general(b, f2.total, &o, &p2, &e2);
                        if (s1 != s2 || (s1 == MQTT_OK && !mqtt_packet_equal(&p1, &p2)) ||
                            (s1 != MQTT_OK && e1.code != e2.code))
                            fail_msg("topic of %zu bytes, %02x at %zu, v%s, policy %zu: mqtt_next %s/%s, general %s/%s",
                                     tlen, odd[k], at, v5 ? "5" : "3.1.1", pi, mqtt_status_name(s1),
                                     mqtt_errcode_name(e1.code), mqtt_status_name(s2), mqtt_errcode_name(e2.code));
                        agree++;
                        accepted += s1 == MQTT_OK;
                    }
                    free(b);
                }
            }
    print_message("%zu cases, %zu accepted, mqtt_next agreeing with the general route\n", agree, accepted);
    assert_true(accepted > 1000 && agree - accepted > 1000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fast_and_general_agree),
        cmocka_unit_test(long_topics_agree_with_general),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
