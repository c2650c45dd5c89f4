/* Seed generator: valid packets of every type, version and direction,
 * written with the codec's validating encoder (so every seed is a packet the
 * decoder accepts), in the harness input format (harness_input.h).
 *   gen_seeds OUTDIR   writes OUTDIR/{stream,roundtrip,walk}/<name>
 * Regenerate the checked-in seeds with fuzz/gen_seeds.sh. */
#include "harness_input.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *outdir;
static int failures;

typedef struct seedbuf {
    uint8_t b[8192];
    size_t len;
} seedbuf;

static void put_file(const char *harness, const char *name, const uint8_t *b, size_t len)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", outdir, harness);
    mkdir(path, 0755);
    snprintf(path, sizeof path, "%s/%s/%s", outdir, harness, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(b, 1, len, f) != len || fclose(f) != 0) {
        fprintf(stderr, "gen_seeds: cannot write %s: %s\n", path, strerror(errno));
        exit(1);
    }
}

static const char *vname(mqtt_version v) { return v == MQTT_V31 ? "v31" : v == MQTT_V311 ? "v311" : "v5"; }

/* Encodes pkt for (v, dir) and appends it to sb; false if the encoder
 * refuses (then the seed list has a bug: reported and counted). */
static bool add_pkt(seedbuf *sb, const mqtt_packet *pkt, mqtt_version v, mqtt_direction dir, const char *what)
{
    mqtt_decode_opts o = {v, dir, NULL};
    mqtt_error err;
    size_t w = 0;
    if (mqtt_encode(pkt, &o, sb->b + sb->len, sizeof sb->b - sb->len, &w, &err) != MQTT_OK) {
        fprintf(stderr, "gen_seeds: encoder refuses %s %s: %s %s (%s)\n", vname(v), what,
                mqtt_errcode_name(err.code), err.stmt, err.field ? err.field : "");
        failures++;
        return false;
    }
    sb->len += w;
    return true;
}

static void start(seedbuf *sb, mqtt_version v, mqtt_direction dir, uint8_t chunk)
{
    sb->b[0] = hi_header0(v, dir);
    sb->b[1] = chunk;
    sb->len = 2;
}

/* ------------------------------------------------------------- builders */

static uint8_t propbuf[16][512];
static int propslot;

static mqtt_props props_rich(mqtt_prop_ctx ctx, mqtt_direction dir)
{
    mqtt_props_builder pb;
    mqtt_pb_init(&pb, propbuf[propslot], sizeof propbuf[0]);
    propslot = (propslot + 1) % 16;
    switch (ctx) {
    case MQTT_PCTX_CONNECT:
        mqtt_pb_u32(&pb, MQTT_PROP_SESSION_EXPIRY_INTERVAL, 3600);
        mqtt_pb_u16(&pb, MQTT_PROP_RECEIVE_MAXIMUM, 20);
        mqtt_pb_u32(&pb, MQTT_PROP_MAXIMUM_PACKET_SIZE, 65536);
        mqtt_pb_u16(&pb, MQTT_PROP_TOPIC_ALIAS_MAXIMUM, 10);
        mqtt_pb_byte(&pb, MQTT_PROP_REQUEST_RESPONSE_INFORMATION, 1);
        mqtt_pb_byte(&pb, MQTT_PROP_REQUEST_PROBLEM_INFORMATION, 0);
        mqtt_pb_pair(&pb, "k", 1, "v", 1);
        mqtt_pb_pair(&pb, "k", 1, "w", 1);
        mqtt_pb_str(&pb, MQTT_PROP_AUTHENTICATION_METHOD, "SCRAM-SHA-1", 11);
        mqtt_pb_bin(&pb, MQTT_PROP_AUTHENTICATION_DATA, (const uint8_t *)"\x00\x01\x02", 3);
        break;
    case MQTT_PCTX_WILL:
        mqtt_pb_u32(&pb, MQTT_PROP_WILL_DELAY_INTERVAL, 5);
        mqtt_pb_byte(&pb, MQTT_PROP_PAYLOAD_FORMAT_INDICATOR, 1);
        mqtt_pb_u32(&pb, MQTT_PROP_MESSAGE_EXPIRY_INTERVAL, 60);
        mqtt_pb_str(&pb, MQTT_PROP_CONTENT_TYPE, "text/plain", 10);
        mqtt_pb_str(&pb, MQTT_PROP_RESPONSE_TOPIC, "reply/to", 8);
        mqtt_pb_bin(&pb, MQTT_PROP_CORRELATION_DATA, (const uint8_t *)"id42", 4);
        mqtt_pb_pair(&pb, "a", 1, "b", 1);
        break;
    case MQTT_PCTX_CONNACK:
        mqtt_pb_u32(&pb, MQTT_PROP_SESSION_EXPIRY_INTERVAL, 120);
        mqtt_pb_u16(&pb, MQTT_PROP_RECEIVE_MAXIMUM, 100);
        mqtt_pb_byte(&pb, MQTT_PROP_MAXIMUM_QOS, 1);
        mqtt_pb_byte(&pb, MQTT_PROP_RETAIN_AVAILABLE, 1);
        mqtt_pb_u32(&pb, MQTT_PROP_MAXIMUM_PACKET_SIZE, 1048576);
        mqtt_pb_str(&pb, MQTT_PROP_ASSIGNED_CLIENT_IDENTIFIER, "auto-1", 6);
        mqtt_pb_u16(&pb, MQTT_PROP_TOPIC_ALIAS_MAXIMUM, 5);
        mqtt_pb_str(&pb, MQTT_PROP_REASON_STRING, "ok", 2);
        mqtt_pb_pair(&pb, "x", 1, "y", 1);
        mqtt_pb_byte(&pb, MQTT_PROP_WILDCARD_SUBSCRIPTION_AVAILABLE, 1);
        mqtt_pb_byte(&pb, MQTT_PROP_SUBSCRIPTION_IDENTIFIER_AVAILABLE, 1);
        mqtt_pb_byte(&pb, MQTT_PROP_SHARED_SUBSCRIPTION_AVAILABLE, 0);
        mqtt_pb_u16(&pb, MQTT_PROP_SERVER_KEEP_ALIVE, 30);
        mqtt_pb_str(&pb, MQTT_PROP_RESPONSE_INFORMATION, "resp/", 5);
        mqtt_pb_str(&pb, MQTT_PROP_SERVER_REFERENCE, "other:1883", 10);
        break;
    case MQTT_PCTX_PUBLISH:
        mqtt_pb_byte(&pb, MQTT_PROP_PAYLOAD_FORMAT_INDICATOR, 1);
        mqtt_pb_u32(&pb, MQTT_PROP_MESSAGE_EXPIRY_INTERVAL, 30);
        mqtt_pb_u16(&pb, MQTT_PROP_TOPIC_ALIAS, 3);
        mqtt_pb_str(&pb, MQTT_PROP_RESPONSE_TOPIC, "resp/t", 6);
        mqtt_pb_bin(&pb, MQTT_PROP_CORRELATION_DATA, (const uint8_t *)"\x01\x02", 2);
        mqtt_pb_pair(&pb, "u", 1, "p", 1);
        if (dir == MQTT_S2C) {
            mqtt_pb_vbi(&pb, MQTT_PROP_SUBSCRIPTION_IDENTIFIER, 7);
            mqtt_pb_vbi(&pb, MQTT_PROP_SUBSCRIPTION_IDENTIFIER, 268435455);
        }
        mqtt_pb_str(&pb, MQTT_PROP_CONTENT_TYPE, "application/json", 16);
        break;
    case MQTT_PCTX_SUBSCRIBE:
        mqtt_pb_vbi(&pb, MQTT_PROP_SUBSCRIPTION_IDENTIFIER, 16384);
        mqtt_pb_pair(&pb, "s", 1, "1", 1);
        break;
    case MQTT_PCTX_DISCONNECT:
        if (dir == MQTT_C2S)
            mqtt_pb_u32(&pb, MQTT_PROP_SESSION_EXPIRY_INTERVAL, 0);
        else
            mqtt_pb_str(&pb, MQTT_PROP_SERVER_REFERENCE, "elsewhere", 9);
        mqtt_pb_str(&pb, MQTT_PROP_REASON_STRING, "bye", 3);
        mqtt_pb_pair(&pb, "d", 1, "c", 1);
        break;
    case MQTT_PCTX_AUTH:
        mqtt_pb_str(&pb, MQTT_PROP_AUTHENTICATION_METHOD, "SCRAM-SHA-1", 11);
        mqtt_pb_bin(&pb, MQTT_PROP_AUTHENTICATION_DATA, (const uint8_t *)"abc", 3);
        mqtt_pb_str(&pb, MQTT_PROP_REASON_STRING, "more", 4);
        break;
    case MQTT_PCTX_UNSUBSCRIBE: /* only User Property (v5 §3.10.2.1) */
        mqtt_pb_pair(&pb, "un", 2, "sub", 3);
        break;
    default: /* acks, SUBACK, UNSUBACK */
        mqtt_pb_str(&pb, MQTT_PROP_REASON_STRING, "why", 3);
        mqtt_pb_pair(&pb, "r", 1, "s", 1);
        break;
    }
    if (pb.overflow)
        failures++;
    return mqtt_pb_props(&pb);
}

static mqtt_packet connect_pkt(mqtt_version v, bool full, bool v5props)
{
    mqtt_packet p;
    memset(&p, 0, sizeof p);
    p.type = MQTT_CONNECT;
    mqtt_connect *c = &p.u.connect;
    c->protocol_name = mqtt_str(v == MQTT_V31 ? "MQIsdp" : "MQTT");
    c->protocol_level = (uint8_t)v;
    c->clean_start = true;
    c->keep_alive = 60;
    c->client_id = mqtt_str(full ? "client-full" : "c1");
    if (v5props)
        c->props = props_rich(MQTT_PCTX_CONNECT, MQTT_C2S);
    if (full) {
        c->will = true;
        c->will_qos = 1;
        c->will_retain = true;
        c->will_topic = mqtt_str("will/topic");
        c->will_payload = mqtt_bytes("gone\x00\xff", 6);
        c->has_username = c->has_password = true;
        c->username = mqtt_str("user");
        c->password = mqtt_bytes("pa\x00ss", 5);
        if (v5props)
            c->will_props = props_rich(MQTT_PCTX_WILL, MQTT_C2S);
    }
    return p;
}

static uint8_t listbuf[8][1024];

static mqtt_packet sub_pkt(mqtt_version v, bool rich, int slot)
{
    mqtt_packet p;
    memset(&p, 0, sizeof p);
    p.type = MQTT_SUBSCRIBE;
    p.u.subscribe.packet_id = 10;
    size_t len = 0;
    uint8_t *b = listbuf[slot];
    len = mqtt_list_put(b, 1024, len, "a/b", 3, 0);
    len = mqtt_list_put(b, 1024, len, "a/+/c", 5, 1);
    len = mqtt_list_put(b, 1024, len, "sport/#", 7, 2);
    if (rich) {
        len = mqtt_list_put(b, 1024, len, "#", 1, v == MQTT_V5 ? 0x2e : 1);
        len = mqtt_list_put(b, 1024, len, "+", 1, v == MQTT_V5 ? 0x1a : 0);
        len = mqtt_list_put(b, 1024, len, "$SYS/broker/+", 13, 1);
        if (v == MQTT_V5)
            len = mqtt_list_put(b, 1024, len, "$share/grp/x/#", 14, 0x21);
        len = mqtt_list_put(b, 1024, len, "\xc3\xa9t\xc3\xa9/\xf0\x9f\x98\x80", 10, 0);
    }
    p.u.subscribe.list = mqtt_bytes(b, len);
    p.u.subscribe.count = rich ? (v == MQTT_V5 ? 8 : 7) : 3;
    if (v == MQTT_V5 && rich)
        p.u.subscribe.props = props_rich(MQTT_PCTX_SUBSCRIBE, MQTT_C2S);
    return p;
}

static mqtt_packet unsub_pkt(mqtt_version v, bool rich, int slot)
{
    mqtt_packet p;
    memset(&p, 0, sizeof p);
    p.type = MQTT_UNSUBSCRIBE;
    p.u.unsubscribe.packet_id = 11;
    size_t len = 0;
    uint8_t *b = listbuf[slot];
    len = mqtt_list_put(b, 1024, len, "a/b", 3, -1);
    if (rich) {
        len = mqtt_list_put(b, 1024, len, "+/+/#", 5, -1);
        len = mqtt_list_put(b, 1024, len, "$SYS/#", 6, -1);
        if (v == MQTT_V5)
            len = mqtt_list_put(b, 1024, len, "$share/g/a", 10, -1);
    }
    p.u.unsubscribe.list = mqtt_bytes(b, len);
    p.u.unsubscribe.count = rich ? (v == MQTT_V5 ? 4 : 3) : 1;
    if (v == MQTT_V5 && rich)
        p.u.unsubscribe.props = props_rich(MQTT_PCTX_UNSUBSCRIBE, MQTT_C2S);
    return p;
}

static mqtt_packet publish_pkt(mqtt_version v, mqtt_direction dir, int qos, bool rich)
{
    mqtt_packet p;
    memset(&p, 0, sizeof p);
    p.type = MQTT_PUBLISH;
    mqtt_publish *pb = &p.u.publish;
    pb->qos = (uint8_t)qos;
    pb->retain = rich;
    pb->dup = qos > 0 && rich;
    pb->packet_id = qos ? (uint16_t)(100 + qos) : 0;
    pb->topic = mqtt_str(rich ? "sensors/\xc3\xa9/temp" : "a/b");
    pb->payload = rich ? mqtt_bytes("{\"t\":21.5}\x00\xff", 12) : mqtt_bytes("x", 1);
    if (v == MQTT_V5 && rich)
        pb->props = props_rich(MQTT_PCTX_PUBLISH, dir);
    return p;
}

static mqtt_packet ack_pkt(mqtt_type t, mqtt_version v, uint8_t code, bool props)
{
    mqtt_packet p;
    memset(&p, 0, sizeof p);
    p.type = t;
    p.u.ack.packet_id = 7;
    p.u.ack.code = v == MQTT_V5 ? code : 0;
    p.u.ack.has_reason = v == MQTT_V5 && code;
    if (v == MQTT_V5 && props)
        p.u.ack.props = props_rich((mqtt_prop_ctx)(MQTT_PCTX_PUBACK + (t - MQTT_PUBACK)), MQTT_C2S);
    return p;
}

static mqtt_packet suback_pkt(mqtt_type t, mqtt_version v, bool rich)
{
    static const uint8_t v5sub[] = {0x00, 0x01, 0x02, 0x80, 0x83, 0x87, 0x8F, 0x91, 0x97, 0x9E, 0xA1, 0xA2};
    static const uint8_t v5unsub[] = {0x00, 0x11, 0x80, 0x83, 0x87, 0x8F, 0x91};
    static const uint8_t v3sub[] = {0x00, 0x01, 0x02, 0x80};
    mqtt_packet p;
    memset(&p, 0, sizeof p);
    p.type = t;
    p.u.suback.packet_id = 10;
    if (t == MQTT_SUBACK)
        /* 3.1 has no failure code 0x80 in SUBACK */
        p.u.suback.codes = v == MQTT_V5 ? mqtt_bytes(v5sub, rich ? sizeof v5sub : 1)
                                        : mqtt_bytes(v3sub, rich ? sizeof v3sub - (v == MQTT_V31) : 1);
    else if (v == MQTT_V5)
        p.u.suback.codes = mqtt_bytes(v5unsub, rich ? sizeof v5unsub : 1);
    if (v == MQTT_V5 && rich)
        p.u.suback.props = props_rich(t == MQTT_SUBACK ? MQTT_PCTX_SUBACK : MQTT_PCTX_UNSUBACK, MQTT_S2C);
    return p;
}

static mqtt_packet simple_pkt(mqtt_type t)
{
    mqtt_packet p;
    memset(&p, 0, sizeof p);
    p.type = t;
    return p;
}

static mqtt_packet reason_pkt(mqtt_type t, mqtt_direction dir, uint8_t code, bool props)
{
    mqtt_packet p;
    memset(&p, 0, sizeof p);
    p.type = t;
    p.u.reason.code = code;
    p.u.reason.has_reason = code != 0;
    if (props)
        p.u.reason.props = props_rich(t == MQTT_AUTH ? MQTT_PCTX_AUTH : MQTT_PCTX_DISCONNECT, dir);
    return p;
}

static mqtt_packet connack_pkt(mqtt_version v, uint8_t code, bool sp, bool props)
{
    mqtt_packet p;
    memset(&p, 0, sizeof p);
    p.type = MQTT_CONNACK;
    p.u.connack.code = code;
    p.u.connack.session_present = sp;
    if (v == MQTT_V5 && props)
        p.u.connack.props = props_rich(MQTT_PCTX_CONNACK, MQTT_S2C);
    return p;
}

/* --------------------------------------------------------------- seeds */

/* One file per packet for roundtrip; rich ones also for walk. */
static void single(mqtt_version v, mqtt_direction dir, const char *name, mqtt_packet p, bool for_walk)
{
    seedbuf sb;
    char fname[128];
    start(&sb, v, dir, 0);
    if (!add_pkt(&sb, &p, v, dir, name))
        return;
    snprintf(fname, sizeof fname, "%s-%s-%s", vname(v), dir == MQTT_C2S ? "c2s" : "s2c", name);
    put_file("roundtrip", fname, sb.b, sb.len);
    if (for_walk)
        put_file("walk", fname, sb.b, sb.len);
}

static void singles(mqtt_version v)
{
    bool v5 = v == MQTT_V5;
    single(v, MQTT_C2S, "connect-min", connect_pkt(v, false, false), false);
    single(v, MQTT_C2S, "connect-full", connect_pkt(v, true, v5), true);
    /* 3.1 has no Session Present flag (the byte is reserved there) */
    single(v, MQTT_S2C, "connack", connack_pkt(v, 0, v != MQTT_V31, false), false);
    single(v, MQTT_S2C, "connack-refused", connack_pkt(v, v5 ? 0x87 : 5, false, v5), v5);
    for (int dir = 0; dir < 2; dir++) {
        mqtt_direction d = (mqtt_direction)dir;
        single(v, d, "publish-qos0", publish_pkt(v, d, 0, false), false);
        single(v, d, "publish-qos1", publish_pkt(v, d, 1, true), true);
        single(v, d, "publish-qos2", publish_pkt(v, d, 2, true), false);
        single(v, d, "puback", ack_pkt(MQTT_PUBACK, v, 0, false), false);
        single(v, d, "pubrec", ack_pkt(MQTT_PUBREC, v, v5 ? 0x10 : 0, v5), v5);
        single(v, d, "pubrel", ack_pkt(MQTT_PUBREL, v, v5 ? 0x92 : 0, false), false);
        single(v, d, "pubcomp", ack_pkt(MQTT_PUBCOMP, v, 0, v5), v5);
        if (v5) {
            single(v, d, "puback-reason", ack_pkt(MQTT_PUBACK, v, 0x87, false), false);
            single(v, d, "disconnect-props", reason_pkt(MQTT_DISCONNECT, d, d == MQTT_C2S ? 0x04 : 0x8E, true), true);
            single(v, d, "auth", reason_pkt(MQTT_AUTH, d, 0x18, true), true);
            if (d == MQTT_S2C) /* AUTH Success (0x00) is the server's */
                single(v, d, "auth-empty", reason_pkt(MQTT_AUTH, d, 0, false), false);
            single(v, d, "disconnect", reason_pkt(MQTT_DISCONNECT, d, 0, false), false);
        }
    }
    single(v, MQTT_C2S, "subscribe", sub_pkt(v, false, 0), false);
    single(v, MQTT_C2S, "subscribe-rich", sub_pkt(v, true, 1), true);
    single(v, MQTT_S2C, "suback", suback_pkt(MQTT_SUBACK, v, false), false);
    single(v, MQTT_S2C, "suback-rich", suback_pkt(MQTT_SUBACK, v, true), true);
    single(v, MQTT_C2S, "unsubscribe", unsub_pkt(v, false, 2), false);
    single(v, MQTT_C2S, "unsubscribe-rich", unsub_pkt(v, true, 3), true);
    single(v, MQTT_S2C, "unsuback", suback_pkt(MQTT_UNSUBACK, v, v5), v5);
    single(v, MQTT_C2S, "pingreq", simple_pkt(MQTT_PINGREQ), false);
    single(v, MQTT_S2C, "pingresp", simple_pkt(MQTT_PINGRESP), false);
    if (!v5)
        single(v, MQTT_C2S, "disconnect", simple_pkt(MQTT_DISCONNECT), false);
}

/* Whole sessions for the stream harness, cut into chunks several ways. */
static void sessions(mqtt_version v)
{
    bool v5 = v == MQTT_V5;
    static const uint8_t chunks[] = {0, 1, 3, 7, 12};
    for (size_t k = 0; k < sizeof chunks; k++) {
        seedbuf sb;
        char fname[128];
        start(&sb, v, MQTT_C2S, chunks[k]);
        mqtt_packet p = connect_pkt(v, k % 2 == 1, v5);
        add_pkt(&sb, &p, v, MQTT_C2S, "connect");
        p = sub_pkt(v, true, 4);
        add_pkt(&sb, &p, v, MQTT_C2S, "subscribe");
        p = publish_pkt(v, MQTT_C2S, 0, false);
        add_pkt(&sb, &p, v, MQTT_C2S, "publish");
        p = publish_pkt(v, MQTT_C2S, 2, true);
        add_pkt(&sb, &p, v, MQTT_C2S, "publish2");
        p = ack_pkt(MQTT_PUBREL, v, 0, false);
        add_pkt(&sb, &p, v, MQTT_C2S, "pubrel");
        p = ack_pkt(MQTT_PUBACK, v, 0, false);
        add_pkt(&sb, &p, v, MQTT_C2S, "puback");
        p = simple_pkt(MQTT_PINGREQ);
        add_pkt(&sb, &p, v, MQTT_C2S, "pingreq");
        p = unsub_pkt(v, true, 5);
        add_pkt(&sb, &p, v, MQTT_C2S, "unsubscribe");
        p = v5 ? reason_pkt(MQTT_DISCONNECT, MQTT_C2S, 0x04, true) : simple_pkt(MQTT_DISCONNECT);
        add_pkt(&sb, &p, v, MQTT_C2S, "disconnect");
        snprintf(fname, sizeof fname, "%s-c2s-session-chunk%u", vname(v), chunks[k]);
        put_file("stream", fname, sb.b, sb.len);

        start(&sb, v, MQTT_S2C, chunks[k]);
        p = connack_pkt(v, 0, k % 2 == 1 && v != MQTT_V31, v5);
        add_pkt(&sb, &p, v, MQTT_S2C, "connack");
        p = suback_pkt(MQTT_SUBACK, v, true);
        add_pkt(&sb, &p, v, MQTT_S2C, "suback");
        p = publish_pkt(v, MQTT_S2C, 1, true);
        add_pkt(&sb, &p, v, MQTT_S2C, "publish");
        p = ack_pkt(MQTT_PUBREC, v, 0, false);
        add_pkt(&sb, &p, v, MQTT_S2C, "pubrec");
        p = ack_pkt(MQTT_PUBCOMP, v, 0, false);
        add_pkt(&sb, &p, v, MQTT_S2C, "pubcomp");
        p = simple_pkt(MQTT_PINGRESP);
        add_pkt(&sb, &p, v, MQTT_S2C, "pingresp");
        p = suback_pkt(MQTT_UNSUBACK, v, v5);
        add_pkt(&sb, &p, v, MQTT_S2C, "unsuback");
        if (v5) {
            p = reason_pkt(MQTT_AUTH, MQTT_S2C, 0x18, true);
            add_pkt(&sb, &p, v, MQTT_S2C, "auth");
            p = reason_pkt(MQTT_DISCONNECT, MQTT_S2C, 0x8E, true);
            add_pkt(&sb, &p, v, MQTT_S2C, "disconnect");
        }
        snprintf(fname, sizeof fname, "%s-s2c-session-chunk%u", vname(v), chunks[k]);
        put_file("stream", fname, sb.b, sb.len);
    }
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: gen_seeds OUTDIR\n");
        return 2;
    }
    outdir = argv[1];
    if (mkdir(outdir, 0755) != 0 && errno != EEXIST) {
        fprintf(stderr, "gen_seeds: cannot create %s: %s\n", outdir, strerror(errno));
        return 1;
    }
    const mqtt_version vs[] = {MQTT_V31, MQTT_V311, MQTT_V5};
    for (size_t i = 0; i < 3; i++) {
        singles(vs[i]);
        sessions(vs[i]);
    }
    if (failures) {
        fprintf(stderr, "gen_seeds: %d seeds could not be encoded\n", failures);
        return 1;
    }
    return 0;
}
