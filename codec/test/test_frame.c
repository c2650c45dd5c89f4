/* Framing (mqtt_frame_next): a stream cut into one-byte reads and into
 * pseudo-random chunks (fixed seed, so every run is the same) must yield the
 * same packets; Remaining Length per 3.1.1 §2.2.3 / 5.0 §1.5.5: 1-4 bytes,
 * minimal, at most 268,435,455; the policy's max_packet_size is enforced as
 * soon as the length is known. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "vectors.h"

typedef struct stream {
    uint8_t *bytes;
    size_t len;
    size_t starts[16];
    size_t count;
} stream;

static void add(stream *s, const char *notation)
{
    char err[128];
    size_t n = notation_parse(notation, s->bytes + s->len, 70000 - s->len, err, sizeof err);
    if (!n)
        fail_msg("notation: %s", err);
    s->starts[s->count++] = s->len;
    s->len += n;
}

static void add_big_publish(stream *s, size_t payload)
{
    /* 3.1.1 QoS 0 PUBLISH, topic "big", RL = 5 + payload */
    uint8_t *o = s->bytes + s->len;
    size_t rl = 5 + payload, k = 0;
    o[k++] = 0x30;
    size_t x = rl;
    do {
        o[k] = x & 0x7F;
        x >>= 7;
        if (x)
            o[k] |= 0x80;
        k++;
    } while (x);
    memcpy(o + k, "\x00\x03" "big", 5);
    k += 5;
    for (size_t i = 0; i < payload; i++)
        o[k++] = (uint8_t)(i * 7);
    s->starts[s->count++] = s->len;
    s->len += k;
}

static stream *make_stream(void)
{
    stream *s = calloc(1, sizeof *s);
    assert_non_null(s);
    s->bytes = malloc(70000);
    assert_non_null(s->bytes);
    add(s, "10 ** s\"MQTT\" 04 02 00 3c s\"client\"");
    add(s, "32 ** s\"a/b\" 00 01 \"hello\"");
    add_big_publish(s, 200);   /* two-byte Remaining Length */
    add(s, "c0 00");
    add_big_publish(s, 20000); /* three-byte Remaining Length */
    add(s, "82 ** 00 02 s\"x/#\" 01");
    add(s, "62 02 00 01");
    add(s, "e0 00");
    return s;
}

static void free_stream(stream *s)
{
    free(s->bytes);
    free(s);
}

static uint64_t seed;
static uint32_t rnd(void)
{
    seed ^= seed << 13;
    seed ^= seed >> 7;
    seed ^= seed << 17;
    return (uint32_t)(seed >> 11);
}

/* Feeds the stream in chunks (chunk_max 1 = byte by byte, 0 = random sizes)
 * through a reassembly buffer and checks each framed packet against the
 * original boundaries, and each NEED_MORE's `need` against the truth. */
static void feed(const stream *s, size_t chunk_max)
{
    uint8_t *buf = malloc(s->len);
    assert_non_null(buf);
    size_t have = 0, pos = 0, next = 0;
    mqtt_decode_opts o = {MQTT_V311, MQTT_C2S, NULL};
    while (pos < s->len) {
        size_t chunk = chunk_max;
        if (!chunk) {
            uint32_t small = rnd() & 1; /* sequenced: the same chunking on every compiler */
            chunk = 1 + rnd() % (small ? 7 : 3000);
        }
        if (chunk > s->len - pos)
            chunk = s->len - pos;
        memcpy(buf + have, s->bytes + pos, chunk);
        have += chunk;
        pos += chunk;
        for (;;) {
            mqtt_frame fr;
            mqtt_error err;
            memset(&fr, 0xAA, sizeof fr);
            mqtt_status st = mqtt_frame_next(buf, have, &o, &fr, &err);
            size_t truth = (next + 1 < s->count ? s->starts[next + 1] : s->len) - s->starts[next];
            if (st == MQTT_NEED_MORE) {
                assert_true(fr.need >= 1);
                assert_true(have + fr.need <= truth); /* a lower bound, never past the packet */
                if (fr.header_len > 0) {
                    assert_int_equal(fr.total, truth);
                    assert_int_equal(have + fr.need, truth); /* exact once the length is known */
                }
                break;
            }
            if (st != MQTT_OK)
                fail_msg("packet %zu: %s", next, mqtt_errcode_name(err.code));
            assert_int_equal(fr.total, truth);
            assert_int_equal(fr.first_byte, s->bytes[s->starts[next]]);
            assert_int_equal(fr.header_len + fr.remaining, fr.total);
            assert_memory_equal(buf, s->bytes + s->starts[next], truth);
            mqtt_packet p;
            if (mqtt_decode(buf, fr.total, &o, &p, &err) != MQTT_OK)
                fail_msg("packet %zu does not decode: %s", next, mqtt_errcode_name(err.code));
            memmove(buf, buf + fr.total, have - fr.total);
            have -= fr.total;
            next++;
            if (have == 0)
                break;
        }
    }
    assert_int_equal(next, s->count);
    assert_int_equal(have, 0);
    free(buf);
}

static void byte_by_byte(void **state)
{
    (void)state;
    stream *s = make_stream();
    feed(s, 1);
    free_stream(s);
}

static void random_chunks(void **state)
{
    (void)state;
    stream *s = make_stream();
    seed = 0x0123456789ABCDEFu;
    for (int round = 0; round < 200; round++)
        feed(s, 0);
    feed(s, s->len); /* all at once */
    free_stream(s);
}

static mqtt_status frame_hex(const char *notation, const mqtt_policy *pol, mqtt_frame *fr, mqtt_error *err)
{
    uint8_t b[64];
    char e[128];
    size_t n = notation_parse(notation, b, sizeof b, e, sizeof e);
    mqtt_decode_opts o = {MQTT_V5, MQTT_C2S, pol};
    memset(fr, 0, sizeof *fr);
    return mqtt_frame_next(b, n, &o, fr, err);
}

static void remaining_length_limits(void **state)
{
    (void)state;
    mqtt_frame fr;
    mqtt_error err;
    /* 80 80 80 01 = 2,097,152: the smallest value needing four bytes. */
    assert_int_equal(frame_hex("30 80 80 80 01", NULL, &fr, &err), MQTT_NEED_MORE);
    assert_int_equal(fr.header_len, 5);
    assert_int_equal(fr.remaining, 2097152u);
    assert_int_equal(fr.total, 2097157u);
    assert_int_equal(fr.need, 2097152u);
    /* FF FF FF 7F = 268,435,455: the largest Remaining Length. */
    assert_int_equal(frame_hex("30 ff ff ff 7f", NULL, &fr, &err), MQTT_NEED_MORE);
    assert_int_equal(fr.remaining, MQTT_MAX_REMAINING_LENGTH);
    assert_int_equal(fr.need, 268435455u);
    assert_int_equal(frame_hex("30 ff ff 7f 00", NULL, &fr, &err), MQTT_NEED_MORE);
    assert_int_equal(fr.header_len, 4);
    assert_int_equal(fr.remaining, 2097151u);
    assert_int_equal(fr.need, 2097151u - 1);
    /* A fifth length byte is malformed. */
    assert_int_equal(frame_hex("30 ff ff ff ff 7f", NULL, &fr, &err), MQTT_MALFORMED);
    assert_int_equal(err.code, MQTT_E_VBI_TOO_LONG);
    assert_non_null(err.stmt);
    assert_int_equal(frame_hex("30 80 80 80 80", NULL, &fr, &err), MQTT_MALFORMED);
    assert_int_equal(err.code, MQTT_E_VBI_TOO_LONG);
    /* Non-minimal forms (MQTT-1.5.5-1). */
    assert_int_equal(frame_hex("30 80 00", NULL, &fr, &err), MQTT_MALFORMED);
    assert_int_equal(err.code, MQTT_E_VBI_NOT_MINIMAL);
    assert_string_equal(err.stmt, "MQTT-1.5.5-1");
    assert_int_equal(frame_hex("30 ff 80 00", NULL, &fr, &err), MQTT_MALFORMED);
    assert_int_equal(err.code, MQTT_E_VBI_NOT_MINIMAL);
    /* Incomplete lengths: more bytes needed, nothing known yet. */
    assert_int_equal(frame_hex("30 80", NULL, &fr, &err), MQTT_NEED_MORE);
    assert_true(fr.need >= 1);
    assert_int_equal(fr.header_len, 0);
    assert_int_equal(frame_hex("30", NULL, &fr, &err), MQTT_NEED_MORE);
    assert_true(fr.need >= 1);
    uint8_t none = 0;
    mqtt_decode_opts o = {MQTT_V311, MQTT_S2C, NULL};
    assert_int_equal(mqtt_frame_next(&none, 0, &o, &fr, &err), MQTT_NEED_MORE);
    assert_true(fr.need >= 1);
    /* Split length: 0xC8 0x01 = 200. */
    assert_int_equal(frame_hex("30 c8", NULL, &fr, &err), MQTT_NEED_MORE);
    assert_int_equal(frame_hex("30 c8 01", NULL, &fr, &err), MQTT_NEED_MORE);
    assert_int_equal(fr.header_len, 3);
    assert_int_equal(fr.remaining, 200);
    assert_int_equal(fr.need, 200);
    /* A whole packet followed by the start of the next. */
    assert_int_equal(frame_hex("c0 00 30", NULL, &fr, &err), MQTT_OK);
    assert_int_equal(fr.total, 2);
    assert_int_equal(fr.first_byte, 0xc0);
}

static void max_packet_size(void **state)
{
    (void)state;
    mqtt_policy pol;
    vec_policy_fill(POL_MAX64, &pol);
    mqtt_frame fr;
    mqtt_error err;
    /* RL 62: 64 bytes in all, at the limit. */
    assert_int_equal(frame_hex("30 3e", &pol, &fr, &err), MQTT_NEED_MORE);
    assert_int_equal(fr.total, 64);
    /* RL 63: 65 bytes, refused before the body arrives. */
    mqtt_status st = frame_hex("30 3f", &pol, &fr, &err);
    assert_true(st != MQTT_OK && st != MQTT_NEED_MORE);
    assert_int_equal(err.code, MQTT_E_PACKET_TOO_LARGE);
    assert_int_equal(err.reason, 0x95);
    assert_non_null(err.stmt);
    st = frame_hex("30 ff ff ff 7f", &pol, &fr, &err);
    assert_int_equal(err.code, MQTT_E_PACKET_TOO_LARGE);
    /* Without the policy the same header is fine. */
    assert_int_equal(frame_hex("30 3f", NULL, &fr, &err), MQTT_NEED_MORE);

    /* mqtt_decode enforces it too. */
    uint8_t b[128];
    char e[64];
    size_t n = notation_parse("30 ** s\"t\" \"012345678901234567890123456789012345678901234567890123456789\"",
                              b, sizeof b, e, sizeof e);
    assert_int_equal(n, 65);
    mqtt_decode_opts o = {MQTT_V311, MQTT_C2S, &pol};
    mqtt_packet p;
    st = mqtt_decode(b, n, &o, &p, &err);
    assert_true(st != MQTT_OK);
    assert_int_equal(err.code, MQTT_E_PACKET_TOO_LARGE);
    o.policy = NULL;
    assert_int_equal(mqtt_decode(b, n, &o, &p, &err), MQTT_OK);
}

/* mqtt_decode given fewer or more bytes than the fixed header announces. */
static void decode_length_mismatch(void **state)
{
    (void)state;
    uint8_t b[] = {0x32, 0x07, 0x00, 0x01, 'a', 0x00, 0x01, 'x', 'y', 'z'};
    mqtt_decode_opts o = {MQTT_V311, MQTT_C2S, NULL};
    mqtt_packet p;
    mqtt_error err;
    assert_int_equal(mqtt_decode(b, 9, &o, &p, &err), MQTT_OK);
    assert_int_equal(p.u.publish.payload.len, 2);
    for (size_t n = 0; n < 9; n++)
        assert_true(mqtt_decode(b, n, &o, &p, &err) != MQTT_OK);
    assert_true(mqtt_decode(b, sizeof b, &o, &p, &err) != MQTT_OK); /* a byte after the packet */
    assert_non_null(err.stmt);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(byte_by_byte),
        cmocka_unit_test(random_chunks),
        cmocka_unit_test(remaining_length_limits),
        cmocka_unit_test(max_packet_size),
        cmocka_unit_test(decode_length_mismatch),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
