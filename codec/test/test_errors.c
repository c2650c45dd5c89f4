/* The error model and the static tables: every error code describes itself
 * with a statement and a message for every version; the v5 class and reason
 * code agree (a Malformed Packet is 0x81, §2.4); the property table and the
 * reason-code tables match Table 2-4 and the per-packet tables of 5.0; and no
 * error out of mqtt_decode ever lacks a statement, even on mangled input
 * (decoded from exactly sized heap copies, so ASan sees any over-read). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "vectors.h"

static const mqtt_errcode all_codes[] = {
    MQTT_E_VBI_TOO_LONG, MQTT_E_VBI_NOT_MINIMAL, MQTT_E_RESERVED_TYPE, MQTT_E_FIXED_FLAGS,
    MQTT_E_WRONG_DIRECTION, MQTT_E_PACKET_TOO_LARGE, MQTT_E_REMAINING_LENGTH, MQTT_E_TRUNCATED,
    MQTT_E_TRAILING, MQTT_E_UTF8_ILL_FORMED, MQTT_E_UTF8_SURROGATE, MQTT_E_UTF8_NULL,
    MQTT_E_UTF8_CONTROL, MQTT_E_UTF8_NONCHAR, MQTT_E_PACKET_ID_ZERO, MQTT_E_QOS3, MQTT_E_DUP_QOS0,
    MQTT_E_TOPIC_WILDCARD, MQTT_E_TOPIC_EMPTY, MQTT_E_TOPIC_ALIAS_ZERO, MQTT_E_SUBID_FROM_CLIENT,
    MQTT_E_FILTER_EMPTY, MQTT_E_FILTER_HASH, MQTT_E_FILTER_PLUS, MQTT_E_SHARE_SYNTAX,
    MQTT_E_SHARE_NO_LOCAL, MQTT_E_NO_FILTERS, MQTT_E_SUB_OPTIONS_RESERVED, MQTT_E_SUB_QOS,
    MQTT_E_RETAIN_HANDLING, MQTT_E_PROTOCOL_NAME, MQTT_E_PROTOCOL_LEVEL, MQTT_E_CONNECT_RESERVED,
    MQTT_E_WILL_QOS_NO_WILL, MQTT_E_WILL_RETAIN_NO_WILL, MQTT_E_WILL_QOS3, MQTT_E_PASSWORD_NO_USER,
    MQTT_E_CLIENT_ID_LENGTH, MQTT_E_CLIENT_ID_EMPTY_PERSIST, MQTT_E_CONNACK_FLAGS,
    MQTT_E_SESSION_PRESENT_ERROR, MQTT_E_REASON_CODE, MQTT_E_REASON_DIRECTION, MQTT_E_NO_CODES,
    MQTT_E_PROP_UNKNOWN, MQTT_E_PROP_NOT_ALLOWED, MQTT_E_PROP_DUPLICATE, MQTT_E_PROP_VALUE,
    MQTT_E_PROP_DIRECTION, MQTT_E_PROP_AUTH_DATA_NO_METHOD, MQTT_E_PFI_VALUE, MQTT_E_RESPONSE_TOPIC,
    MQTT_E_BUFFER_TOO_SMALL, MQTT_E_BAD_ARGUMENT,
};
#define NCODES (sizeof all_codes / sizeof all_codes[0])

static const mqtt_version versions[] = {MQTT_V31, MQTT_V311, MQTT_V5};

static void describe_every_code(void **state)
{
    (void)state;
    for (size_t i = 0; i < NCODES; i++) {
        const char *name = mqtt_errcode_name(all_codes[i]);
        assert_non_null(name);
        assert_true(strncmp(name, "E_", 2) == 0);
        for (size_t j = 0; j < i; j++)
            if (strcmp(name, mqtt_errcode_name(all_codes[j])) == 0)
                fail_msg("two codes named %s", name);
        for (size_t k = 0; k < 3; k++) {
            mqtt_error e;
            memset(&e, 0, sizeof e);
            mqtt_error_describe(all_codes[i], versions[k], &e);
            assert_int_equal(e.code, all_codes[i]);
            if (!e.stmt || !e.stmt[0])
                fail_msg("%s has no statement for version %d", name, versions[k]);
            if (!e.message || !e.message[0])
                fail_msg("%s has no message", name);
            assert_true(e.status >= MQTT_MALFORMED && e.status <= MQTT_USAGE);
            assert_non_null(mqtt_status_name(e.status));
            /* 5.0 §2.4: 0x81 is Malformed Packet; protocol errors use 0x82 or a more
             * specific code of 0x80 and above. */
            if (e.status == MQTT_MALFORMED && e.reason != 0x81)
                fail_msg("%s is malformed but answers 0x%02x", name, e.reason);
            if (e.status == MQTT_PROTOCOL && e.reason < 0x80)
                fail_msg("%s is a protocol error but answers 0x%02x", name, e.reason);
        }
    }
}

static void statements_from_the_brief(void **state)
{
    (void)state;
    mqtt_error e;
    mqtt_error_describe(MQTT_E_QOS3, MQTT_V311, &e);
    assert_string_equal(e.stmt, "MQTT-3.3.1-4");
    mqtt_error_describe(MQTT_E_QOS3, MQTT_V5, &e);
    assert_string_equal(e.stmt, "MQTT-3.3.1-4");
    assert_int_equal(e.status, MQTT_MALFORMED);
    mqtt_error_describe(MQTT_E_UTF8_ILL_FORMED, MQTT_V311, &e);
    assert_string_equal(e.stmt, "MQTT-1.5.3-1");
    mqtt_error_describe(MQTT_E_UTF8_ILL_FORMED, MQTT_V5, &e);
    assert_string_equal(e.stmt, "MQTT-1.5.4-1");
    mqtt_error_describe(MQTT_E_UTF8_NULL, MQTT_V5, &e);
    assert_string_equal(e.stmt, "MQTT-1.5.4-2");
    mqtt_error_describe(MQTT_E_SHARE_NO_LOCAL, MQTT_V5, &e);
    assert_string_equal(e.stmt, "MQTT-3.8.3-4");
    assert_int_equal(e.status, MQTT_PROTOCOL);
    mqtt_error_describe(MQTT_E_PROP_DUPLICATE, MQTT_V5, &e);
    assert_int_equal(e.status, MQTT_PROTOCOL);
    assert_int_equal(e.reason, 0x82);
    mqtt_error_describe(MQTT_E_PROP_UNKNOWN, MQTT_V5, &e);
    assert_int_equal(e.status, MQTT_MALFORMED);
    mqtt_error_describe(MQTT_E_BUFFER_TOO_SMALL, MQTT_V5, &e);
    assert_int_equal(e.status, MQTT_USAGE);
}

/* A rule one version lacks has no number in that version: citing the other
 * version's number would point at an unrelated statement (5.0 MQTT-3.1.2-22
 * is about Keep Alive, 5.0 MQTT-3.1.3-7 about Assigned Client Identifiers;
 * 3.1.1 has no §3.3.2-8, §4.8.2 or §3.14.2). */
static void version_only_rules(void **state)
{
    (void)state;
    static const mqtt_errcode only311[] = {MQTT_E_PASSWORD_NO_USER, MQTT_E_CLIENT_ID_EMPTY_PERSIST};
    static const mqtt_errcode only5[] = {MQTT_E_TOPIC_ALIAS_ZERO, MQTT_E_SUBID_FROM_CLIENT,
                                         MQTT_E_SHARE_SYNTAX,     MQTT_E_SHARE_NO_LOCAL,
                                         MQTT_E_PROP_DIRECTION,   MQTT_E_RESPONSE_TOPIC,
                                         MQTT_E_RETAIN_HANDLING,  MQTT_E_PROP_AUTH_DATA_NO_METHOD};
    int bad = 0;
    mqtt_error e;
    for (size_t i = 0; i < sizeof only311 / sizeof only311[0]; i++) {
        mqtt_error_describe(only311[i], MQTT_V5, &e);
        if (strncmp(e.stmt, "MQTT-", 5) == 0) {
            print_message("%s (3.1.1 only) cites 5.0 statement %s\n", mqtt_errcode_name(only311[i]), e.stmt);
            bad++;
        }
    }
    for (size_t i = 0; i < sizeof only5 / sizeof only5[0]; i++) {
        mqtt_error_describe(only5[i], MQTT_V311, &e);
        if (strncmp(e.stmt, "MQTT-", 5) == 0) {
            print_message("%s (5.0 only) cites 3.1.1 statement %s\n", mqtt_errcode_name(only5[i]), e.stmt);
            bad++;
        }
    }
    if (bad)
        fail_msg("%d version-only rule(s) cite the other version's numbering", bad);
}

static void names(void **state)
{
    (void)state;
    for (int t = 0; t < 16; t++)
        assert_non_null(mqtt_type_name((mqtt_type)t));
    assert_string_equal(mqtt_type_name(MQTT_PUBLISH), "PUBLISH");
    for (int s = MQTT_OK; s <= MQTT_USAGE; s++)
        assert_non_null(mqtt_status_name((mqtt_status)s));
}

/* 5.0 Table 2-4, by context. */
enum { C_CONNECT = 1 << MQTT_PCTX_CONNECT, C_WILL = 1 << MQTT_PCTX_WILL, C_CONNACK = 1 << MQTT_PCTX_CONNACK,
       C_PUBLISH = 1 << MQTT_PCTX_PUBLISH, C_PUBACK = 1 << MQTT_PCTX_PUBACK, C_PUBREC = 1 << MQTT_PCTX_PUBREC,
       C_PUBREL = 1 << MQTT_PCTX_PUBREL, C_PUBCOMP = 1 << MQTT_PCTX_PUBCOMP,
       C_SUBSCRIBE = 1 << MQTT_PCTX_SUBSCRIBE, C_SUBACK = 1 << MQTT_PCTX_SUBACK,
       C_UNSUBSCRIBE = 1 << MQTT_PCTX_UNSUBSCRIBE, C_UNSUBACK = 1 << MQTT_PCTX_UNSUBACK,
       C_DISCONNECT = 1 << MQTT_PCTX_DISCONNECT, C_AUTH = 1 << MQTT_PCTX_AUTH };

static const struct {
    uint8_t id;
    mqtt_prop_type type;
    unsigned ctx;
} table24[] = {
    {0x01, MQTT_PT_BYTE, C_PUBLISH | C_WILL},
    {0x02, MQTT_PT_U32, C_PUBLISH | C_WILL},
    {0x03, MQTT_PT_UTF8, C_PUBLISH | C_WILL},
    {0x08, MQTT_PT_UTF8, C_PUBLISH | C_WILL},
    {0x09, MQTT_PT_BINARY, C_PUBLISH | C_WILL},
    {0x0B, MQTT_PT_VBI, C_PUBLISH | C_SUBSCRIBE},
    {0x11, MQTT_PT_U32, C_CONNECT | C_CONNACK | C_DISCONNECT},
    {0x12, MQTT_PT_UTF8, C_CONNACK},
    {0x13, MQTT_PT_U16, C_CONNACK},
    {0x15, MQTT_PT_UTF8, C_CONNECT | C_CONNACK | C_AUTH},
    {0x16, MQTT_PT_BINARY, C_CONNECT | C_CONNACK | C_AUTH},
    {0x17, MQTT_PT_BYTE, C_CONNECT},
    {0x18, MQTT_PT_U32, C_WILL},
    {0x19, MQTT_PT_BYTE, C_CONNECT},
    {0x1A, MQTT_PT_UTF8, C_CONNACK},
    {0x1C, MQTT_PT_UTF8, C_CONNACK | C_DISCONNECT},
    {0x1F, MQTT_PT_UTF8,
     C_CONNACK | C_PUBACK | C_PUBREC | C_PUBREL | C_PUBCOMP | C_SUBACK | C_UNSUBACK | C_DISCONNECT | C_AUTH},
    {0x21, MQTT_PT_U16, C_CONNECT | C_CONNACK},
    {0x22, MQTT_PT_U16, C_CONNECT | C_CONNACK},
    {0x23, MQTT_PT_U16, C_PUBLISH},
    {0x24, MQTT_PT_BYTE, C_CONNACK},
    {0x25, MQTT_PT_BYTE, C_CONNACK},
    {0x26, MQTT_PT_PAIR, (1u << MQTT_PCTX_COUNT) - 1},
    {0x27, MQTT_PT_U32, C_CONNECT | C_CONNACK},
    {0x28, MQTT_PT_BYTE, C_CONNACK},
    {0x29, MQTT_PT_BYTE, C_CONNACK},
    {0x2A, MQTT_PT_BYTE, C_CONNACK},
};

static void property_table(void **state)
{
    (void)state;
    for (unsigned id = 0; id < 256; id++) {
        size_t row = SIZE_MAX;
        for (size_t i = 0; i < sizeof table24 / sizeof table24[0]; i++)
            if (table24[i].id == id)
                row = i;
        if (row == SIZE_MAX) {
            if (mqtt_prop_type_of((uint8_t)id) != MQTT_PT_NONE || mqtt_prop_name((uint8_t)id) != NULL)
                fail_msg("identifier 0x%02x is not in Table 2-4", id);
            for (int c = 0; c < MQTT_PCTX_COUNT; c++)
                assert_false(mqtt_prop_allowed((uint8_t)id, (mqtt_prop_ctx)c));
            continue;
        }
        if (mqtt_prop_type_of((uint8_t)id) != table24[row].type)
            fail_msg("identifier 0x%02x has type %d, Table 2-4 says %d", id, mqtt_prop_type_of((uint8_t)id),
                     table24[row].type);
        assert_non_null(mqtt_prop_name((uint8_t)id));
        for (int c = 0; c < MQTT_PCTX_COUNT; c++) {
            bool want = (table24[row].ctx >> c) & 1;
            if (mqtt_prop_allowed((uint8_t)id, (mqtt_prop_ctx)c) != want)
                fail_msg("identifier 0x%02x in context %d: allowed=%d, Table 2-4 says %d", id, c, !want, want);
        }
    }
}

static void reason_tables(void **state)
{
    (void)state;
    static const struct {
        mqtt_type t;
        const char *codes; /* the 5.0 table as hex, both senders unless noted */
    } tables[] = {
        {MQTT_CONNACK, "00 80 81 82 83 84 85 86 87 88 89 8a 8c 90 95 97 99 9a 9b 9c 9d 9f"},
        {MQTT_PUBACK, "00 10 80 83 87 90 91 97 99"},
        {MQTT_PUBREC, "00 10 80 83 87 90 91 97 99"},
        {MQTT_PUBREL, "00 92"},
        {MQTT_PUBCOMP, "00 92"},
        {MQTT_SUBACK, "00 01 02 80 83 87 8f 91 97 9e a1 a2"},
        {MQTT_UNSUBACK, "00 11 80 83 87 8f 91"},
    };
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
        uint8_t in[64];
        char e[64];
        size_t n = notation_parse(tables[i].codes, in, sizeof in, e, sizeof e);
        for (unsigned code = 0; code < 256; code++) {
            bool want = memchr(in, (int)code, n) != NULL;
            /* Who sends which: CONNACK, SUBACK and UNSUBACK come from the server;
             * the rest from either side. */
            mqtt_direction d = (tables[i].t == MQTT_CONNACK || tables[i].t == MQTT_SUBACK ||
                                tables[i].t == MQTT_UNSUBACK)
                                   ? MQTT_S2C
                                   : MQTT_C2S;
            if (mqtt_reason_allowed(tables[i].t, (uint8_t)code, d) != want)
                fail_msg("%s code 0x%02x: allowed=%d, the 5.0 table says %d", mqtt_type_name(tables[i].t), code,
                         !want, want);
        }
    }
    /* DISCONNECT "Sent by" column. */
    static const char both[] = "00 80 81 82 83 90 93 94 95 96 97 98 99";
    static const char server[] = "87 89 8b 8d 8e 8f 9a 9b 9c 9d 9e 9f a0 a1 a2";
    uint8_t b[32], s[32];
    char e[64];
    size_t nb = notation_parse(both, b, sizeof b, e, sizeof e);
    size_t ns = notation_parse(server, s, sizeof s, e, sizeof e);
    for (unsigned code = 0; code < 256; code++) {
        bool in_both = memchr(b, (int)code, nb) != NULL, in_server = memchr(s, (int)code, ns) != NULL;
        bool c2s = in_both || code == 0x04, s2c = in_both || in_server;
        if (mqtt_reason_allowed(MQTT_DISCONNECT, (uint8_t)code, MQTT_C2S) != c2s ||
            mqtt_reason_allowed(MQTT_DISCONNECT, (uint8_t)code, MQTT_S2C) != s2c)
            fail_msg("DISCONNECT code 0x%02x: client %d server %d", code, c2s, s2c);
    }
    /* AUTH "Sent by": 0x00 server, 0x18 both, 0x19 client. */
    for (unsigned code = 0; code < 256; code++) {
        bool c2s = code == 0x18 || code == 0x19, s2c = code == 0x00 || code == 0x18;
        if (mqtt_reason_allowed(MQTT_AUTH, (uint8_t)code, MQTT_C2S) != c2s ||
            mqtt_reason_allowed(MQTT_AUTH, (uint8_t)code, MQTT_S2C) != s2c)
            fail_msg("AUTH code 0x%02x: client %d server %d", code, c2s, s2c);
    }
    assert_non_null(mqtt_reason_name(0x87, MQTT_CONNACK));
}

/* Mangled vectors, deterministic: whatever the decoder says, an error always
 * names a statement, a known code and a class. */
static uint64_t seed = 0xC0DEC0DEu;
static uint32_t rnd(void)
{
    seed ^= seed << 13;
    seed ^= seed >> 7;
    seed ^= seed << 17;
    return (uint32_t)(seed >> 7);
}

static void mangled_inputs_cite_statements(void **state)
{
    (void)state;
    const vec_table *all[] = {&vectors_connect, &vectors_connack, &vectors_publish, &vectors_acks,
                              &vectors_subscribe, &vectors_unsubscribe, &vectors_control, &vectors_props};
    size_t errors = 0, oks = 0;
    for (size_t t = 0; t < sizeof all / sizeof all[0]; t++) {
        for (size_t i = 0; i < all[t]->n; i++) {
            uint8_t base[512], b[512];
            char e[128];
            size_t n = notation_parse(all[t]->v[i].bytes, base, sizeof base, e, sizeof e);
            if (!n)
                continue;
            for (int round = 0; round < 60; round++) {
                memcpy(b, base, n);
                size_t len = n;
                unsigned flips = 1 + rnd() % 3;
                for (unsigned f = 0; f < flips; f++) {
                    uint32_t pos = rnd();
                    b[pos % len] ^= (uint8_t)(1u << (rnd() % 8));
                }
                if (rnd() % 4 == 0)
                    len = rnd() % len;
                /* An exactly sized heap copy, so that ASan catches any read past len. */
                uint8_t *exact = malloc(len ? len : 1);
                assert_non_null(exact);
                memcpy(exact, b, len);
                for (size_t k = 0; k < 3; k++) {
                    for (int d = 0; d < 2; d++) {
                        mqtt_decode_opts o = {versions[k], (mqtt_direction)d, NULL};
                        mqtt_packet p;
                        mqtt_error err;
                        memset(&err, 0, sizeof err);
                        mqtt_frame fr;
                        mqtt_status fst = mqtt_frame_next(exact, len, &o, &fr, &err);
                        if (fst != MQTT_OK && fst != MQTT_NEED_MORE && (!err.stmt || !err.stmt[0]))
                            fail_msg("%s: framing error %s without statement", all[t]->v[i].name,
                                     mqtt_errcode_name(err.code));
                        memset(&err, 0, sizeof err);
                        mqtt_status st = mqtt_decode(exact, len, &o, &p, &err);
                        if (st == MQTT_OK) {
                            oks++;
                            continue;
                        }
                        errors++;
                        if (!err.stmt || !err.stmt[0] || !err.message)
                            fail_msg("%s round %d: error %s without statement", all[t]->v[i].name, round,
                                     mqtt_errcode_name(err.code));
                        if (err.status != st || st == MQTT_NEED_MORE)
                            fail_msg("%s: status %d, err.status %d", all[t]->v[i].name, st, err.status);
                        if (err.offset > len)
                            fail_msg("%s: error offset %zu past %zu bytes", all[t]->v[i].name, err.offset, len);
                    }
                }
                free(exact);
            }
        }
    }
    print_message("%zu errors, %zu accepted\n", errors, oks);
    assert_true(errors > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(describe_every_code),
        cmocka_unit_test(statements_from_the_brief),
        cmocka_unit_test(version_only_rules),
        cmocka_unit_test(names),
        cmocka_unit_test(property_table),
        cmocka_unit_test(reason_tables),
        cmocka_unit_test(mangled_inputs_cite_statements),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
