/* The raw builder writes exactly what it is told, lies included, and the
 * decoder rejects the lies for the reason the spec gives. Also the minimal
 * VBI writer against the table of 3.1.1 §2.2.3 / 5.0 §1.5.5. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "vectors.h"

static void same(const mqtt_raw *r, const char *notation)
{
    uint8_t want[256];
    char err[128];
    size_t n = notation_parse(notation, want, sizeof want, err, sizeof err);
    assert_true(n > 0);
    assert_false(r->overflow);
    if (r->len != n || memcmp(r->buf, want, n) != 0)
        fail_msg("raw builder wrote %zu bytes, want %zu (%s)", r->len, n, notation);
}

static mqtt_errcode decode_err(const mqtt_raw *r, mqtt_version v, mqtt_direction d)
{
    mqtt_decode_opts o = {v, d, NULL};
    mqtt_packet p;
    mqtt_error err;
    mqtt_status st = mqtt_decode(r->buf, r->len, &o, &p, &err);
    if (st == MQTT_OK)
        return MQTT_E_NONE;
    assert_non_null(err.stmt);
    return err.code;
}

static void lying_string_length(void **state)
{
    (void)state;
    uint8_t buf[64];
    mqtt_raw r;
    mqtt_raw_init(&r, buf, sizeof buf);
    size_t m = mqtt_raw_begin(&r, 0x30);
    mqtt_raw_lstr(&r, 10, "ab", 2);
    mqtt_raw_end(&r, m, -1, 0);
    same(&r, "30 04 00 0a 61 62");
    assert_int_equal(decode_err(&r, MQTT_V311, MQTT_C2S), MQTT_E_TRUNCATED);
}

static void lying_remaining_length(void **state)
{
    (void)state;
    uint8_t buf[64];
    mqtt_raw r;
    mqtt_raw_init(&r, buf, sizeof buf);
    size_t m = mqtt_raw_begin(&r, 0x40);
    mqtt_raw_u16(&r, 1);
    mqtt_raw_end(&r, m, 5, 0);
    same(&r, "40 05 00 01");
    mqtt_decode_opts o = {MQTT_V311, MQTT_C2S, NULL};
    mqtt_frame fr;
    mqtt_error err;
    assert_int_equal(mqtt_frame_next(buf, r.len, &o, &fr, &err), MQTT_NEED_MORE);
    assert_int_equal(fr.need, 3);
    assert_int_not_equal(decode_err(&r, MQTT_V311, MQTT_C2S), MQTT_E_NONE);
}

static void five_byte_length(void **state)
{
    (void)state;
    uint8_t buf[64];
    mqtt_raw r;
    mqtt_raw_init(&r, buf, sizeof buf);
    size_t m = mqtt_raw_begin(&r, 0xc0);
    mqtt_raw_end(&r, m, -1, 5);
    same(&r, "c0 80 80 80 80 00");
    assert_int_equal(decode_err(&r, MQTT_V5, MQTT_C2S), MQTT_E_VBI_TOO_LONG);
    assert_int_equal(decode_err(&r, MQTT_V311, MQTT_C2S), MQTT_E_VBI_TOO_LONG);

    mqtt_raw_init(&r, buf, sizeof buf);
    m = mqtt_raw_begin(&r, 0xe0);
    mqtt_raw_end(&r, m, -1, 2);
    same(&r, "e0 80 00");
    assert_int_equal(decode_err(&r, MQTT_V5, MQTT_C2S), MQTT_E_VBI_NOT_MINIMAL);
}

static void primitives(void **state)
{
    (void)state;
    uint8_t buf[64];
    mqtt_raw r;
    mqtt_raw_init(&r, buf, sizeof buf);
    mqtt_raw_u8(&r, 0xAB);
    mqtt_raw_u16(&r, 0x1234);
    mqtt_raw_u32(&r, 0xDEADBEEF);
    mqtt_raw_vbi(&r, 2, 2);
    mqtt_raw_vbi(&r, 300, 0);
    mqtt_raw_vbi(&r, 268435455, 0);
    mqtt_raw_bytes(&r, "xy", 2);
    mqtt_raw_lstr(&r, 0, "", 0);
    same(&r, "ab 12 34 de ad be ef 82 00 ac 02 ff ff ff 7f \"xy\" 00 00");

    /* Overflow: stops at the capacity and says so. */
    uint8_t small[3];
    mqtt_raw_init(&r, small, sizeof small);
    mqtt_raw_u32(&r, 1);
    mqtt_raw_u8(&r, 1);
    assert_true(r.overflow);
    assert_true(r.len <= sizeof small);
}

static void encode_without_validation(void **state)
{
    (void)state;
    uint8_t buf[64];
    mqtt_packet p;
    memset(&p, 0, sizeof p);
    p.type = MQTT_PUBREL;
    p.flags = 0;
    p.u.ack.packet_id = 5;
    mqtt_raw r;
    size_t n = mqtt_raw_encode(&p, MQTT_V311, true, buf, sizeof buf);
    mqtt_raw_init(&r, buf, sizeof buf);
    r.len = n;
    same(&r, "60 02 00 05");
    assert_int_equal(decode_err(&r, MQTT_V311, MQTT_C2S), MQTT_E_FIXED_FLAGS);

    n = mqtt_raw_encode(&p, MQTT_V311, false, buf, sizeof buf);
    r.len = n;
    same(&r, "62 02 00 05");
    assert_int_equal(decode_err(&r, MQTT_V311, MQTT_C2S), MQTT_E_NONE);

    memset(&p, 0, sizeof p);
    p.type = MQTT_PUBLISH;
    p.flags = 6;
    p.u.publish.qos = 3;
    p.u.publish.topic = mqtt_str("a/#");
    p.u.publish.packet_id = 1;
    n = mqtt_raw_encode(&p, MQTT_V311, true, buf, sizeof buf);
    r.len = n;
    same(&r, "36 ** s\"a/#\" 00 01");
    assert_int_equal(decode_err(&r, MQTT_V311, MQTT_C2S), MQTT_E_QOS3);

    assert_int_equal(mqtt_raw_encode(&p, MQTT_V311, true, buf, 3), 0); /* overflow */
}

static void vbi_writer(void **state)
{
    (void)state;
    static const struct {
        uint32_t v;
        const char *bytes;
    } table[] = {
        {0, "00"},
        {127, "7f"},
        {128, "80 01"},
        {16383, "ff 7f"},
        {16384, "80 80 01"},
        {2097151, "ff ff 7f"},
        {2097152, "80 80 80 01"},
        {268435455, "ff ff ff 7f"},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        uint8_t want[8], got[8];
        char e[64];
        size_t n = notation_parse(table[i].bytes, want, sizeof want, e, sizeof e);
        assert_int_equal(mqtt_vbi_size(table[i].v), n);
        assert_int_equal(mqtt_vbi_write(table[i].v, got, sizeof got), n);
        assert_memory_equal(got, want, n);
        assert_int_equal(mqtt_vbi_write(table[i].v, got, n - 1), 0); /* too small */
    }
    uint8_t out[8];
    assert_int_equal(mqtt_vbi_write(268435456u, out, sizeof out), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lying_string_length),  cmocka_unit_test(lying_remaining_length),
        cmocka_unit_test(five_byte_length),     cmocka_unit_test(primitives),
        cmocka_unit_test(encode_without_validation), cmocka_unit_test(vbi_writer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
