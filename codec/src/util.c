/* Packet equality, one-line summaries and list building. */
#include "internal.h"

static bool view_eq(mqtt_view a, mqtt_view b)
{
    return a.len == b.len && (a.len == 0 || memcmp(a.p, b.p, a.len) == 0);
}

/* An absent block and an empty one mean the same. */
static bool props_eq(const mqtt_props *a, const mqtt_props *b)
{
    size_t la = a->p ? a->len : 0, lb = b->p ? b->len : 0;
    return la == lb && (la == 0 || memcmp(a->p, b->p, la) == 0);
}

bool mqtt_packet_equal(const mqtt_packet *a, const mqtt_packet *b)
{
    if (a->type != b->type)
        return false;
    switch (a->type) {
    case MQTT_CONNECT: {
        const mqtt_connect *x = &a->u.connect, *y = &b->u.connect;
        return view_eq(x->protocol_name, y->protocol_name) && x->protocol_level == y->protocol_level &&
               x->bridge == y->bridge && x->flags == y->flags && x->keep_alive == y->keep_alive &&
               props_eq(&x->props, &y->props) && view_eq(x->client_id, y->client_id) &&
               props_eq(&x->will_props, &y->will_props) && view_eq(x->will_topic, y->will_topic) &&
               view_eq(x->will_payload, y->will_payload) && view_eq(x->username, y->username) &&
               view_eq(x->password, y->password);
    }
    case MQTT_CONNACK: {
        const mqtt_connack *x = &a->u.connack, *y = &b->u.connack;
        return x->flags == y->flags && x->code == y->code && props_eq(&x->props, &y->props);
    }
    case MQTT_PUBLISH: {
        const mqtt_publish *x = &a->u.publish, *y = &b->u.publish;
        return x->dup == y->dup && x->qos == y->qos && x->retain == y->retain &&
               view_eq(x->topic, y->topic) && x->packet_id == y->packet_id &&
               props_eq(&x->props, &y->props) && view_eq(x->payload, y->payload);
    }
    case MQTT_PUBACK:
    case MQTT_PUBREC:
    case MQTT_PUBREL:
    case MQTT_PUBCOMP: {
        const mqtt_ack *x = &a->u.ack, *y = &b->u.ack;
        return x->packet_id == y->packet_id && x->code == y->code && props_eq(&x->props, &y->props);
    }
    case MQTT_SUBSCRIBE:
    case MQTT_UNSUBSCRIBE: {
        const mqtt_subscribe *x = &a->u.subscribe, *y = &b->u.subscribe;
        return x->packet_id == y->packet_id && props_eq(&x->props, &y->props) && view_eq(x->list, y->list);
    }
    case MQTT_SUBACK:
    case MQTT_UNSUBACK: {
        const mqtt_suback *x = &a->u.suback, *y = &b->u.suback;
        return x->packet_id == y->packet_id && props_eq(&x->props, &y->props) && view_eq(x->codes, y->codes);
    }
    case MQTT_DISCONNECT:
    case MQTT_AUTH: {
        const mqtt_reason_only *x = &a->u.reason, *y = &b->u.reason;
        return x->code == y->code && props_eq(&x->props, &y->props);
    }
    default:
        return a->flags == b->flags;
    }
}

size_t mqtt_list_put(uint8_t *buf, size_t cap, size_t len, const char *filter, size_t flen, int options)
{
    size_t need = 2 + flen + (options >= 0 ? 1 : 0);
    if (flen > 65535 || len > cap || cap - len < need)
        return 0;
    buf[len] = (uint8_t)(flen >> 8);
    buf[len + 1] = (uint8_t)flen;
    if (flen)
        memcpy(buf + len + 2, filter, flen);
    if (options >= 0)
        buf[len + 2 + flen] = (uint8_t)options;
    return len + need;
}

/* Appends k bytes the way snprintf at *n would: what fits, NUL-terminated,
 * *n counts every byte asked for. */
static void put_bytes(char *buf, size_t cap, size_t *n, const char *s, size_t k)
{
    size_t at = *n;
    if (at < cap) {
        size_t room = cap - at - 1, w = k < room ? k : room;
        if (w)
            memcpy(buf + at, s, w);
        buf[at + w] = 0;
    }
    *n = at + k;
}

/* Appends printable text: bytes outside 0x20..0x7e as \xNN, cut at max.
 * Runs of plain bytes are copied at once (this is on the fuzzers' path). */
static void put_text(char *buf, size_t cap, size_t *n, mqtt_view v, size_t max)
{
    static const char hex[] = "0123456789abcdef";
    size_t end = v.len < max ? v.len : max, run = 0;
    for (size_t i = 0; i < end; i++) {
        uint8_t ch = v.p[i];
        if (ch >= 0x20 && ch < 0x7f && ch != '\'' && ch != '\\')
            continue;
        if (i > run)
            put_bytes(buf, cap, n, (const char *)v.p + run, i - run);
        char esc[4] = {'\\', 'x', hex[ch >> 4], hex[ch & 15]};
        put_bytes(buf, cap, n, esc, 4);
        run = i + 1;
    }
    if (end > run)
        put_bytes(buf, cap, n, (const char *)v.p + run, end - run);
    if (v.len > max)
        put_bytes(buf, cap, n, "...", 3);
}

/* The summary is on every fuzz harness's path (one per decoded packet), so it
 * is put together from plain appends: snprintf per field took ~40 % of the
 * stream harness's instructions. */
static void put_str(char *buf, size_t cap, size_t *n, const char *s) { put_bytes(buf, cap, n, s, strlen(s)); }

static void put_uint(char *buf, size_t cap, size_t *n, unsigned long long u)
{
    char d[20];
    size_t k = sizeof d;
    do {
        d[--k] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    put_bytes(buf, cap, n, d + k, sizeof d - k);
}

static void put_hex2(char *buf, size_t cap, size_t *n, unsigned x) /* "%02x" of a byte */
{
    static const char hex[] = "0123456789abcdef";
    char d[2] = {hex[(x >> 4) & 15], hex[x & 15]};
    put_bytes(buf, cap, n, d, 2);
}

#define S(s) put_str(buf, cap, &n, (s))
#define U(u) put_uint(buf, cap, &n, (u))
#define X2(x) put_hex2(buf, cap, &n, (x))

size_t mqtt_packet_summary(const mqtt_packet *p, mqtt_version v, char *buf, size_t cap)
{
    size_t n = 0;
    S(mqtt_type_name(p->type));
    switch (p->type) {
    case MQTT_CONNECT: {
        const mqtt_connect *c = &p->u.connect;
        S(c->protocol_level == 3 ? " v3.1" : c->protocol_level == 4 ? " v3.1.1" : " v5.0");
        S(" clean=");
        U(c->clean_start);
        S(" keepalive=");
        U(c->keep_alive);
        S(" id='");
        put_text(buf, cap, &n, c->client_id, 64);
        S("'");
        if (c->will) {
            S(" will=qos");
            U(c->will_qos);
            S(c->will_retain ? ",retain:'" : ":'");
            put_text(buf, cap, &n, c->will_topic, 64);
            S("'");
        }
        if (c->has_username) {
            S(" user='");
            put_text(buf, cap, &n, c->username, 32);
            S("'");
        }
        if (c->has_password)
            S(" password");
        break;
    }
    case MQTT_CONNACK:
        S(" sp=");
        U(p->u.connack.session_present);
        S(" code=0x");
        X2(p->u.connack.code);
        if (v == MQTT_V5) {
            S(" (");
            S(mqtt_reason_name(p->u.connack.code, MQTT_CONNACK));
            S(")");
        }
        break;
    case MQTT_PUBLISH: {
        const mqtt_publish *q = &p->u.publish;
        S(" qos=");
        U(q->qos);
        if (q->qos) {
            S(" id=");
            U(q->packet_id);
        }
        if (q->dup)
            S(" dup");
        if (q->retain)
            S(" retain");
        S(" topic='");
        put_text(buf, cap, &n, q->topic, 96);
        S("' payload=");
        U(q->payload.len);
        S("B");
        break;
    }
    case MQTT_PUBACK:
    case MQTT_PUBREC:
    case MQTT_PUBREL:
    case MQTT_PUBCOMP:
        S(" id=");
        U(p->u.ack.packet_id);
        if (p->u.ack.code) {
            S(" code=0x");
            X2(p->u.ack.code);
            S(" (");
            S(mqtt_reason_name(p->u.ack.code, p->type));
            S(")");
        }
        break;
    case MQTT_SUBSCRIBE: {
        mqtt_list_iter it;
        mqtt_sub_entry e;
        S(" id=");
        U(p->u.subscribe.packet_id);
        mqtt_sub_iter_init(&it, &p->u.subscribe, v);
        while (mqtt_sub_next(&it, &e)) {
            S(" '");
            put_text(buf, cap, &n, e.filter, 64);
            S("':");
            U(e.qos);
        }
        break;
    }
    case MQTT_UNSUBSCRIBE: {
        mqtt_list_iter it;
        mqtt_view f;
        S(" id=");
        U(p->u.unsubscribe.packet_id);
        mqtt_unsub_iter_init(&it, &p->u.unsubscribe);
        while (mqtt_unsub_next(&it, &f)) {
            S(" '");
            put_text(buf, cap, &n, f, 64);
            S("'");
        }
        break;
    }
    case MQTT_SUBACK:
    case MQTT_UNSUBACK:
        S(" id=");
        U(p->u.suback.packet_id);
        if (p->u.suback.codes.len) {
            S(" codes=");
            for (size_t i = 0; i < p->u.suback.codes.len && i < 16; i++) {
                if (i)
                    S(",");
                X2(p->u.suback.codes.p[i]);
            }
        }
        break;
    case MQTT_DISCONNECT:
    case MQTT_AUTH:
        if (v == MQTT_V5) {
            S(" code=0x");
            X2(p->u.reason.code);
            S(" (");
            S(mqtt_reason_name(p->u.reason.code, p->type));
            S(")");
        }
        break;
    default:
        break;
    }
#undef S
#undef U
#undef X2
    return n;
}
