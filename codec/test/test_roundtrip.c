/* The encoder, checked from both sides: packets built as structs (with the
 * property builder) must encode to the bytes the spec lays out (written in
 * the vector notation, or by a small independent writer here), decode back to
 * the same struct, and report their size exactly; invalid structs are refused
 * with the decoder's error codes; short buffers give MQTT_E_BUFFER_TOO_SMALL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "vectors.h"

#define CAP 8192

static uint8_t want_buf[CAP];

static size_t want(const char *notation)
{
    char err[128];
    size_t n = notation_parse(notation, want_buf, sizeof want_buf, err, sizeof err);
    if (n == 0)
        fail_msg("notation: %s", err);
    return n;
}

static void hexdump(const char *tag, const uint8_t *b, size_t n)
{
    char line[3 * 64 + 8];
    size_t k = 0;
    for (size_t i = 0; i < n && i < 64; i++)
        k += (size_t)snprintf(line + k, sizeof line - k, "%02x ", b[i]);
    line[k] = '\0';
    print_message("%s (%zu): %s%s\n", tag, n, line, n > 64 ? "..." : "");
}

/* Encodes p, compares with the notation, checks size and decode(encode(p)) == p. */
static void roundtrip(const mqtt_packet *p, mqtt_version v, mqtt_direction d, const char *expect)
{
    mqtt_decode_opts o = {v, d, NULL};
    uint8_t buf[CAP];
    size_t written = 0, size = 0;
    mqtt_error err;
    mqtt_status st = mqtt_encode(p, &o, buf, sizeof buf, &written, &err);
    if (st != MQTT_OK)
        fail_msg("encode %s refused: %s %s", expect, mqtt_errcode_name(err.code), err.stmt ? err.stmt : "");
    size_t n = want(expect);
    if (written != n || memcmp(buf, want_buf, n) != 0) {
        hexdump("got ", buf, written);
        hexdump("want", want_buf, n);
        fail_msg("encoding differs from %s", expect);
    }
    assert_int_equal(mqtt_encoded_size(p, &o, &size, &err), MQTT_OK);
    assert_int_equal(size, written);

    mqtt_packet back;
    st = mqtt_decode(buf, written, &o, &back, &err);
    if (st != MQTT_OK)
        fail_msg("decode of own encoding failed: %s %s", mqtt_errcode_name(err.code), err.stmt);
    assert_true(mqtt_packet_equal(p, &back));
    assert_int_equal(back.type, p->type);

    /* Every buffer shorter than the packet is refused as too small. */
    for (size_t cap = 0; cap < written; cap++) {
        size_t w = 12345;
        st = mqtt_encode(p, &o, buf, cap, &w, &err);
        if (st == MQTT_OK)
            fail_msg("encode into %zu of %zu bytes succeeded", cap, written);
        assert_int_equal(err.code, MQTT_E_BUFFER_TOO_SMALL);
        assert_int_equal(st, MQTT_USAGE);
    }
}

static mqtt_packet blank(mqtt_type t, uint8_t flags)
{
    mqtt_packet p;
    memset(&p, 0, sizeof p);
    p.type = t;
    p.flags = flags;
    return p;
}

static void connect_311(void **state)
{
    (void)state;
    mqtt_packet p = blank(MQTT_CONNECT, 0);
    mqtt_connect *c = &p.u.connect;
    c->protocol_name = mqtt_str("MQTT");
    c->protocol_level = 4;
    c->flags = 0xEE;
    c->clean_start = true;
    c->will = true;
    c->will_qos = 1;
    c->will_retain = true;
    c->has_username = c->has_password = true;
    c->keep_alive = 60;
    c->client_id = mqtt_str("cid");
    c->will_topic = mqtt_str("w/t");
    c->will_payload = mqtt_str("bye");
    c->username = mqtt_str("user");
    c->password = mqtt_bytes("\xff\x00", 2);
    roundtrip(&p, MQTT_V311, MQTT_C2S,
              "10 ** s\"MQTT\" 04 ee 00 3c s\"cid\" s\"w/t\" s\"bye\" s\"user\" < ff 00 >");
}

static void connect_31(void **state)
{
    (void)state;
    mqtt_packet p = blank(MQTT_CONNECT, 0);
    mqtt_connect *c = &p.u.connect;
    c->protocol_name = mqtt_str("MQIsdp");
    c->protocol_level = 3;
    c->flags = 0x02;
    c->clean_start = true;
    c->keep_alive = 10;
    c->client_id = mqtt_str("x");
    roundtrip(&p, MQTT_V31, MQTT_C2S, "10 ** s\"MQIsdp\" 03 02 00 0a s\"x\"");
}

static void connect_5(void **state)
{
    (void)state;
    uint8_t pbuf[128], wbuf[128];
    mqtt_props_builder pb, wb;
    mqtt_pb_init(&pb, pbuf, sizeof pbuf);
    assert_true(mqtt_pb_u32(&pb, MQTT_PROP_SESSION_EXPIRY_INTERVAL, 3600));
    assert_true(mqtt_pb_u16(&pb, MQTT_PROP_RECEIVE_MAXIMUM, 20));
    assert_true(mqtt_pb_byte(&pb, MQTT_PROP_REQUEST_PROBLEM_INFORMATION, 1));
    assert_true(mqtt_pb_pair(&pb, "k", 1, "v", 1));
    assert_true(mqtt_pb_str(&pb, MQTT_PROP_AUTHENTICATION_METHOD, "M", 1));
    assert_true(mqtt_pb_bin(&pb, MQTT_PROP_AUTHENTICATION_DATA, (const uint8_t *)"\x00\x01", 2));
    assert_false(pb.overflow);
    mqtt_pb_init(&wb, wbuf, sizeof wbuf);
    assert_true(mqtt_pb_u32(&wb, MQTT_PROP_WILL_DELAY_INTERVAL, 5));
    assert_true(mqtt_pb_byte(&wb, MQTT_PROP_PAYLOAD_FORMAT_INDICATOR, 1));

    mqtt_packet p = blank(MQTT_CONNECT, 0);
    mqtt_connect *c = &p.u.connect;
    c->protocol_name = mqtt_str("MQTT");
    c->protocol_level = 5;
    c->flags = 0x2C | 0x80; /* user name, will retain, will QoS 1, will */
    c->will = true;
    c->will_qos = 1;
    c->will_retain = true;
    c->has_username = true;
    c->keep_alive = 0;
    c->props = mqtt_pb_props(&pb);
    c->client_id = mqtt_str("");
    c->will_props = mqtt_pb_props(&wb);
    c->will_topic = mqtt_str("t");
    c->will_payload = mqtt_str("gone");
    c->username = mqtt_str("u");
    roundtrip(&p, MQTT_V5, MQTT_C2S,
              "10 ** s\"MQTT\" 05 ac 00 00 [ 11 00 00 0e 10 21 00 14 17 01 26 s\"k\" s\"v\" 15 s\"M\" "
              "16 < 00 01 > ] s\"\" [ 18 00 00 00 05 01 01 ] s\"t\" s\"gone\" s\"u\"");
}

static void connack(void **state)
{
    (void)state;
    mqtt_packet p = blank(MQTT_CONNACK, 0);
    p.u.connack.flags = 1;
    p.u.connack.session_present = true;
    roundtrip(&p, MQTT_V311, MQTT_S2C, "20 02 01 00");

    uint8_t pbuf[64];
    mqtt_props_builder pb;
    mqtt_pb_init(&pb, pbuf, sizeof pbuf);
    assert_true(mqtt_pb_byte(&pb, MQTT_PROP_MAXIMUM_QOS, 1));
    assert_true(mqtt_pb_str(&pb, MQTT_PROP_ASSIGNED_CLIENT_IDENTIFIER, "id-1", 4));
    assert_true(mqtt_pb_u16(&pb, MQTT_PROP_SERVER_KEEP_ALIVE, 30));
    p = blank(MQTT_CONNACK, 0);
    p.u.connack.props = mqtt_pb_props(&pb);
    roundtrip(&p, MQTT_V5, MQTT_S2C, "20 ** 00 00 [ 24 01 12 s\"id-1\" 13 00 1e ]");

    p = blank(MQTT_CONNACK, 0);
    p.u.connack.code = 0x87;
    roundtrip(&p, MQTT_V5, MQTT_S2C, "20 03 00 87 00");
}

static mqtt_packet publish(uint8_t qos, bool dup, bool retain, const char *topic, uint16_t id,
                           const char *payload)
{
    mqtt_packet p = blank(MQTT_PUBLISH, (uint8_t)((dup ? 8 : 0) | qos << 1 | (retain ? 1 : 0)));
    p.u.publish.qos = qos;
    p.u.publish.dup = dup;
    p.u.publish.retain = retain;
    p.u.publish.topic = mqtt_str(topic);
    p.u.publish.packet_id = id;
    p.u.publish.payload = mqtt_str(payload);
    return p;
}

static void publish_forms(void **state)
{
    (void)state;
    mqtt_packet p = publish(0, false, false, "a/b", 0, "hi");
    roundtrip(&p, MQTT_V311, MQTT_C2S, "30 07 00 03 \"a/b\" \"hi\"");
    p = publish(2, true, true, "a", 0x1234, "");
    roundtrip(&p, MQTT_V311, MQTT_S2C, "3d 05 00 01 \"a\" 12 34");
    p = publish(1, false, false, "a/b", 7, "hi");
    roundtrip(&p, MQTT_V5, MQTT_S2C, "32 ** s\"a/b\" 00 07 00 \"hi\"");

    uint8_t pbuf[128];
    mqtt_props_builder pb;
    mqtt_pb_init(&pb, pbuf, sizeof pbuf);
    assert_true(mqtt_pb_u32(&pb, MQTT_PROP_MESSAGE_EXPIRY_INTERVAL, 60));
    assert_true(mqtt_pb_str(&pb, MQTT_PROP_CONTENT_TYPE, "text/plain", 10));
    assert_true(mqtt_pb_pair(&pb, "k", 1, "v", 1));
    assert_true(mqtt_pb_u16(&pb, MQTT_PROP_TOPIC_ALIAS, 3));
    p = publish(1, false, false, "", 9, "x");
    p.u.publish.props = mqtt_pb_props(&pb);
    roundtrip(&p, MQTT_V5, MQTT_C2S,
              "32 ** s\"\" 00 09 [ 02 00 00 00 3c 03 s\"text/plain\" 26 s\"k\" s\"v\" 23 00 03 ] \"x\"");

    /* Two Subscription Identifiers, server to client; the VBI form is the builder's. */
    mqtt_pb_init(&pb, pbuf, sizeof pbuf);
    assert_true(mqtt_pb_vbi(&pb, MQTT_PROP_SUBSCRIPTION_IDENTIFIER, 1));
    assert_true(mqtt_pb_vbi(&pb, MQTT_PROP_SUBSCRIPTION_IDENTIFIER, 268435455));
    assert_true(mqtt_pb_vbi(&pb, MQTT_PROP_SUBSCRIPTION_IDENTIFIER, 16384));
    p = publish(0, false, false, "t", 0, "");
    p.u.publish.props = mqtt_pb_props(&pb);
    roundtrip(&p, MQTT_V5, MQTT_S2C, "30 ** s\"t\" [ 0b 01 0b ff ff ff 7f 0b 80 80 01 ]");

    /* Remaining Length crossing one- and two-byte VBI boundaries. */
    static char big[20000];
    memset(big, 'p', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    static const size_t sizes[] = {124, 125, 16380, 16381}; /* RL 127, 128, 16383, 16384 */
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        big[sizes[i]] = '\0';
        p = publish(0, false, false, "t", 0, big); /* RL = 3 + payload */
        mqtt_decode_opts o = {MQTT_V311, MQTT_C2S, NULL};
        static uint8_t out[CAP * 4];
        size_t w = 0;
        mqtt_error err;
        assert_int_equal(mqtt_encode(&p, &o, out, sizeof out, &w, &err), MQTT_OK);
        uint32_t rl = (uint32_t)(3 + sizes[i]);
        size_t hl = rl < 128 ? 2 : rl < 16384 ? 3 : 4;
        assert_int_equal(w, hl + rl);
        mqtt_packet back;
        assert_int_equal(mqtt_decode(out, w, &o, &back, &err), MQTT_OK);
        assert_int_equal(back.remaining, rl);
        assert_int_equal(back.u.publish.payload.len, sizes[i]);
        big[sizes[i]] = 'p';
    }
}

static void acks(void **state)
{
    (void)state;
    mqtt_packet p = blank(MQTT_PUBACK, 0);
    p.u.ack.packet_id = 10;
    roundtrip(&p, MQTT_V311, MQTT_C2S, "40 02 00 0a");
    roundtrip(&p, MQTT_V5, MQTT_C2S, "40 02 00 0a");
    p.u.ack.code = 0x10;
    roundtrip(&p, MQTT_V5, MQTT_S2C, "40 03 00 0a 10");
    uint8_t pbuf[32];
    mqtt_props_builder pb;
    mqtt_pb_init(&pb, pbuf, sizeof pbuf);
    assert_true(mqtt_pb_str(&pb, MQTT_PROP_REASON_STRING, "no", 2));
    p.u.ack.code = 0x80;
    p.u.ack.props = mqtt_pb_props(&pb);
    roundtrip(&p, MQTT_V5, MQTT_S2C, "40 ** 00 0a 80 [ 1f s\"no\" ]");
    /* Success with properties: the reason code must be written. */
    p.u.ack.code = 0;
    roundtrip(&p, MQTT_V5, MQTT_S2C, "40 ** 00 0a 00 [ 1f s\"no\" ]");

    p = blank(MQTT_PUBREL, 2);
    p.u.ack.packet_id = 5;
    roundtrip(&p, MQTT_V311, MQTT_C2S, "62 02 00 05");
    p.u.ack.code = 0x92;
    roundtrip(&p, MQTT_V5, MQTT_S2C, "62 03 00 05 92");
    p = blank(MQTT_PUBREC, 0);
    p.u.ack.packet_id = 6;
    roundtrip(&p, MQTT_V5, MQTT_C2S, "50 02 00 06");
    p = blank(MQTT_PUBCOMP, 0);
    p.u.ack.packet_id = 7;
    roundtrip(&p, MQTT_V31, MQTT_S2C, "70 02 00 07");
}

static void subscriptions(void **state)
{
    (void)state;
    uint8_t list[64];
    size_t n = notation_parse("s\"a/+\" 01 s\"$share/g/#\" 2a", list, sizeof list, (char[64]){0}, 64);
    assert_true(n > 0);
    mqtt_packet p = blank(MQTT_SUBSCRIBE, 2);
    p.u.subscribe.packet_id = 3;
    p.u.subscribe.list = mqtt_bytes(list, n);
    p.u.subscribe.count = 2;
    roundtrip(&p, MQTT_V5, MQTT_C2S, "82 ** 00 03 00 s\"a/+\" 01 s\"$share/g/#\" 2a");

    n = notation_parse("s\"a/+\" 01 s\"#\" 02", list, sizeof list, (char[64]){0}, 64);
    p.u.subscribe.list = mqtt_bytes(list, n);
    roundtrip(&p, MQTT_V311, MQTT_C2S, "82 ** 00 03 s\"a/+\" 01 s\"#\" 02");

    n = notation_parse("s\"a\" s\"b/#\"", list, sizeof list, (char[64]){0}, 64);
    p = blank(MQTT_UNSUBSCRIBE, 2);
    p.u.unsubscribe.packet_id = 4;
    p.u.unsubscribe.list = mqtt_bytes(list, n);
    p.u.unsubscribe.count = 2;
    roundtrip(&p, MQTT_V311, MQTT_C2S, "a2 ** 00 04 s\"a\" s\"b/#\"");
    roundtrip(&p, MQTT_V5, MQTT_C2S, "a2 ** 00 04 00 s\"a\" s\"b/#\"");

    p = blank(MQTT_SUBACK, 0);
    p.u.suback.packet_id = 3;
    p.u.suback.codes = mqtt_bytes("\x01\x80", 2);
    roundtrip(&p, MQTT_V311, MQTT_S2C, "90 04 00 03 01 80");
    p.u.suback.codes = mqtt_bytes("\x02\xa2", 2);
    roundtrip(&p, MQTT_V5, MQTT_S2C, "90 05 00 03 00 02 a2");

    p = blank(MQTT_UNSUBACK, 0);
    p.u.suback.packet_id = 4;
    roundtrip(&p, MQTT_V311, MQTT_S2C, "b0 02 00 04");
    p.u.suback.codes = mqtt_bytes("\x00\x11", 2);
    roundtrip(&p, MQTT_V5, MQTT_S2C, "b0 05 00 04 00 00 11");
}

static void control(void **state)
{
    (void)state;
    mqtt_packet p = blank(MQTT_PINGREQ, 0);
    roundtrip(&p, MQTT_V311, MQTT_C2S, "c0 00");
    p = blank(MQTT_PINGRESP, 0);
    roundtrip(&p, MQTT_V5, MQTT_S2C, "d0 00");
    p = blank(MQTT_DISCONNECT, 0);
    roundtrip(&p, MQTT_V311, MQTT_C2S, "e0 00");
    roundtrip(&p, MQTT_V5, MQTT_S2C, "e0 00");
    p.u.reason.code = 0x04;
    roundtrip(&p, MQTT_V5, MQTT_C2S, "e0 01 04");
    uint8_t pbuf[32];
    mqtt_props_builder pb;
    mqtt_pb_init(&pb, pbuf, sizeof pbuf);
    assert_true(mqtt_pb_u32(&pb, MQTT_PROP_SESSION_EXPIRY_INTERVAL, 0));
    p.u.reason.code = 0;
    p.u.reason.props = mqtt_pb_props(&pb);
    roundtrip(&p, MQTT_V5, MQTT_C2S, "e0 ** 00 [ 11 00 00 00 00 ]");

    p = blank(MQTT_AUTH, 0);
    roundtrip(&p, MQTT_V5, MQTT_S2C, "f0 00"); /* Success is the server's */
    mqtt_pb_init(&pb, pbuf, sizeof pbuf);
    assert_true(mqtt_pb_str(&pb, MQTT_PROP_AUTHENTICATION_METHOD, "K", 1));
    p.u.reason.code = 0x18;
    p.u.reason.props = mqtt_pb_props(&pb);
    roundtrip(&p, MQTT_V5, MQTT_S2C, "f0 ** 18 [ 15 s\"K\" ]");
}

/* ------------------------------------------------------------ refusals */

static void refused(const mqtt_packet *p, mqtt_version v, mqtt_direction d, mqtt_errcode code,
                    const char *what)
{
    mqtt_decode_opts o = {v, d, NULL};
    uint8_t buf[CAP];
    size_t w = 0;
    mqtt_error err;
    memset(&err, 0, sizeof err);
    mqtt_status st = mqtt_encode(p, &o, buf, sizeof buf, &w, &err);
    if (st == MQTT_OK)
        fail_msg("%s: encoder accepted it", what);
    if (err.code != code)
        fail_msg("%s: encoder said %s, decoder's code is %s", what, mqtt_errcode_name(err.code),
                 mqtt_errcode_name(code));
    assert_non_null(err.stmt);
}

static void encoder_refuses(void **state)
{
    (void)state;
    mqtt_packet p = publish(3, false, false, "a", 1, "");
    refused(&p, MQTT_V311, MQTT_C2S, MQTT_E_QOS3, "QoS 3");
    refused(&p, MQTT_V5, MQTT_S2C, MQTT_E_QOS3, "QoS 3 (5.0)");
    p = publish(0, true, false, "a", 0, "");
    refused(&p, MQTT_V311, MQTT_C2S, MQTT_E_DUP_QOS0, "DUP on QoS 0");
    p = publish(0, false, false, "a/+", 0, "");
    refused(&p, MQTT_V311, MQTT_C2S, MQTT_E_TOPIC_WILDCARD, "wildcard topic");
    p = publish(1, false, false, "#", 1, "");
    refused(&p, MQTT_V5, MQTT_C2S, MQTT_E_TOPIC_WILDCARD, "wildcard topic (5.0)");
    p = publish(1, false, false, "a", 0, "");
    refused(&p, MQTT_V311, MQTT_C2S, MQTT_E_PACKET_ID_ZERO, "packet id 0");
    p = publish(0, false, false, "", 0, "");
    refused(&p, MQTT_V311, MQTT_C2S, MQTT_E_TOPIC_EMPTY, "empty topic");
    refused(&p, MQTT_V5, MQTT_C2S, MQTT_E_TOPIC_EMPTY, "empty topic without alias");
    p = publish(0, false, false, "a\xed\xa0\x80", 0, "");
    refused(&p, MQTT_V5, MQTT_C2S, MQTT_E_UTF8_SURROGATE, "surrogate in topic");
    p = publish(0, false, false, "\xc0\x80", 0, "");
    refused(&p, MQTT_V311, MQTT_C2S, MQTT_E_UTF8_ILL_FORMED, "overlong in topic");

    uint8_t pbuf[64];
    mqtt_props_builder pb;
    mqtt_pb_init(&pb, pbuf, sizeof pbuf);
    assert_true(mqtt_pb_vbi(&pb, MQTT_PROP_SUBSCRIPTION_IDENTIFIER, 1));
    p = publish(0, false, false, "t", 0, "");
    p.u.publish.props = mqtt_pb_props(&pb);
    refused(&p, MQTT_V5, MQTT_C2S, MQTT_E_SUBID_FROM_CLIENT, "Subscription Identifier from a client");

    mqtt_pb_init(&pb, pbuf, sizeof pbuf);
    assert_true(mqtt_pb_u16(&pb, MQTT_PROP_TOPIC_ALIAS, 1));
    assert_true(mqtt_pb_u16(&pb, MQTT_PROP_TOPIC_ALIAS, 2));
    p.u.publish.props = mqtt_pb_props(&pb);
    refused(&p, MQTT_V5, MQTT_C2S, MQTT_E_PROP_DUPLICATE, "Topic Alias twice");

    mqtt_pb_init(&pb, pbuf, sizeof pbuf);
    assert_true(mqtt_pb_u32(&pb, MQTT_PROP_WILL_DELAY_INTERVAL, 1));
    p.u.publish.props = mqtt_pb_props(&pb);
    refused(&p, MQTT_V5, MQTT_C2S, MQTT_E_PROP_NOT_ALLOWED, "Will Delay in PUBLISH");

    p = blank(MQTT_CONNECT, 0);
    p.u.connect.protocol_name = mqtt_str("MQTT");
    p.u.connect.protocol_level = 4;
    p.u.connect.flags = 0x1E;
    p.u.connect.clean_start = true;
    p.u.connect.will = true;
    p.u.connect.will_qos = 3;
    p.u.connect.client_id = mqtt_str("c");
    p.u.connect.will_topic = mqtt_str("t");
    refused(&p, MQTT_V311, MQTT_C2S, MQTT_E_WILL_QOS3, "Will QoS 3");

    uint8_t list[32];
    size_t n = notation_parse("s\"a/#/b\" 00", list, sizeof list, (char[64]){0}, 64);
    p = blank(MQTT_SUBSCRIBE, 2);
    p.u.subscribe.packet_id = 1;
    p.u.subscribe.list = mqtt_bytes(list, n);
    p.u.subscribe.count = 1;
    refused(&p, MQTT_V311, MQTT_C2S, MQTT_E_FILTER_HASH, "'#' not last");

    p = blank(MQTT_PUBACK, 0);
    p.u.ack.packet_id = 1;
    p.u.ack.code = 0x92;
    refused(&p, MQTT_V5, MQTT_C2S, MQTT_E_REASON_CODE, "PUBACK 0x92");

    p = blank(MQTT_DISCONNECT, 0);
    p.u.reason.code = 0x04;
    refused(&p, MQTT_V5, MQTT_S2C, MQTT_E_REASON_DIRECTION, "server DISCONNECT 0x04");
    p.u.reason.code = 0x8e;
    refused(&p, MQTT_V5, MQTT_C2S, MQTT_E_REASON_DIRECTION, "client DISCONNECT 0x8e");

    p = blank(MQTT_CONNACK, 0);
    refused(&p, MQTT_V5, MQTT_C2S, MQTT_E_WRONG_DIRECTION, "CONNACK from a client");
    p = blank(MQTT_AUTH, 0);
    refused(&p, MQTT_V311, MQTT_C2S, MQTT_E_RESERVED_TYPE, "AUTH in 3.1.1");
}

static void builder_overflow(void **state)
{
    (void)state;
    uint8_t buf[8];
    mqtt_props_builder pb;
    mqtt_pb_init(&pb, buf, sizeof buf);
    assert_true(mqtt_pb_u32(&pb, MQTT_PROP_MESSAGE_EXPIRY_INTERVAL, 1)); /* 5 bytes */
    assert_int_equal(pb.len, 5);
    assert_false(mqtt_pb_u32(&pb, MQTT_PROP_MESSAGE_EXPIRY_INTERVAL, 1)); /* would be 10 */
    assert_true(pb.overflow);
    assert_false(mqtt_pb_byte(&pb, MQTT_PROP_PAYLOAD_FORMAT_INDICATOR, 1)); /* stays full */
    assert_true(pb.overflow);
    assert_true(pb.len <= sizeof buf);
}

/* An independent PUBLISH writer (3.1.1 §3.3 / 5.0 §3.3 layouts) to compare
 * the encoder with over many pseudo-random packets. */
static size_t my_publish(uint8_t *o, mqtt_version v, uint8_t flags, const char *topic, size_t tl,
                         uint16_t id, const uint8_t *props, size_t plen, const uint8_t *pl, size_t pll)
{
    size_t body = 2 + tl + ((flags >> 1) & 3 ? 2 : 0) + pll;
    uint8_t pv[4];
    size_t pvn = 0;
    if (v == MQTT_V5) {
        size_t x = plen;
        do {
            pv[pvn] = x & 0x7F;
            x >>= 7;
            if (x)
                pv[pvn] |= 0x80;
            pvn++;
        } while (x);
        body += pvn + plen;
    }
    size_t k = 0;
    o[k++] = (uint8_t)(0x30 | flags);
    size_t x = body;
    do {
        o[k] = x & 0x7F;
        x >>= 7;
        if (x)
            o[k] |= 0x80;
        k++;
    } while (x);
    o[k++] = (uint8_t)(tl >> 8);
    o[k++] = (uint8_t)tl;
    memcpy(o + k, topic, tl);
    k += tl;
    if ((flags >> 1) & 3) {
        o[k++] = (uint8_t)(id >> 8);
        o[k++] = (uint8_t)id;
    }
    if (v == MQTT_V5) {
        memcpy(o + k, pv, pvn);
        k += pvn;
        memcpy(o + k, props, plen);
        k += plen;
    }
    memcpy(o + k, pl, pll);
    return k + pll;
}

static uint64_t rng_state = 0x9E3779B97F4A7C15u;
static uint32_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state >> 16);
}

static void random_publish(void **state)
{
    (void)state;
    static const char alphabet[] = "abcXYZ09/ $_-.";
    for (int iter = 0; iter < 2000; iter++) {
        mqtt_version v = (iter % 3 == 0) ? MQTT_V311 : MQTT_V5;
        mqtt_direction d = iter & 1 ? MQTT_S2C : MQTT_C2S;
        char topic[64];
        size_t tl = 1 + rnd() % 40;
        for (size_t i = 0; i < tl; i++)
            topic[i] = alphabet[rnd() % (sizeof alphabet - 1)];
        topic[tl] = '\0';
        uint8_t qos = (uint8_t)(rnd() % 3);
        bool dup = qos && (rnd() & 1);
        bool retain = rnd() & 1;
        uint16_t id = qos ? (uint16_t)(1 + rnd() % 65535) : 0;
        static uint8_t pl[600];
        size_t pll = rnd() % sizeof pl;
        for (size_t i = 0; i < pll; i++)
            pl[i] = (uint8_t)rnd();
        uint8_t pbuf[256];
        mqtt_props_builder pb;
        mqtt_pb_init(&pb, pbuf, sizeof pbuf);
        if (v == MQTT_V5) {
            if (rnd() & 1)
                mqtt_pb_u32(&pb, MQTT_PROP_MESSAGE_EXPIRY_INTERVAL, rnd());
            if (rnd() & 1)
                mqtt_pb_byte(&pb, MQTT_PROP_PAYLOAD_FORMAT_INDICATOR, 0);
            if (rnd() & 1)
                mqtt_pb_str(&pb, MQTT_PROP_CONTENT_TYPE, "ct", 2);
            unsigned users = rnd() % 3;
            for (unsigned u = 0; u < users; u++)
                mqtt_pb_pair(&pb, "key", 3, "value", 5);
            if (d == MQTT_S2C && (rnd() & 1))
                mqtt_pb_vbi(&pb, MQTT_PROP_SUBSCRIPTION_IDENTIFIER, 1 + rnd() % 268435455u);
            assert_false(pb.overflow);
        }
        mqtt_packet p = blank(MQTT_PUBLISH, (uint8_t)((dup ? 8 : 0) | qos << 1 | (retain ? 1 : 0)));
        p.u.publish.qos = qos;
        p.u.publish.dup = dup;
        p.u.publish.retain = retain;
        p.u.publish.topic = mqtt_bytes(topic, tl);
        p.u.publish.packet_id = id;
        p.u.publish.payload = mqtt_bytes(pl, pll);
        if (v == MQTT_V5)
            p.u.publish.props = mqtt_pb_props(&pb);

        static uint8_t mine[2048], theirs[2048];
        size_t n = my_publish(mine, v, p.flags, topic, tl, id, pbuf, pb.len, pl, pll);
        mqtt_decode_opts o = {v, d, NULL};
        size_t w = 0, size = 0;
        mqtt_error err;
        if (mqtt_encode(&p, &o, theirs, sizeof theirs, &w, &err) != MQTT_OK)
            fail_msg("iteration %d: encode refused: %s", iter, mqtt_errcode_name(err.code));
        if (w != n || memcmp(mine, theirs, n) != 0)
            fail_msg("iteration %d: encoding differs from the spec layout", iter);
        assert_int_equal(mqtt_encoded_size(&p, &o, &size, &err), MQTT_OK);
        assert_int_equal(size, w);
        mqtt_packet back;
        assert_int_equal(mqtt_decode(theirs, w, &o, &back, &err), MQTT_OK);
        assert_true(mqtt_packet_equal(&p, &back));
        assert_false(back.noncanonical);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(connect_311),    cmocka_unit_test(connect_31),
        cmocka_unit_test(connect_5),      cmocka_unit_test(connack),
        cmocka_unit_test(publish_forms),  cmocka_unit_test(acks),
        cmocka_unit_test(subscriptions),  cmocka_unit_test(control),
        cmocka_unit_test(encoder_refuses), cmocka_unit_test(builder_overflow),
        cmocka_unit_test(random_publish),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
