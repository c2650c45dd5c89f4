/*
 * One-line summaries of framed packets: the transcript of `decode` and the
 * unit of comparison of `replay`. In normalized form the fields a broker may
 * legitimately change between two runs are masked:
 *   - Assigned Client Identifier (v5 CONNACK, §3.2.2.3.7): chosen per connect;
 *   - Message Expiry Interval of a server's PUBLISH: the lifetime left,
 *     which depends on how long the broker held the message (§3.3.2.3.3);
 *   - Packet Identifier of a server's QoS>0 PUBLISH and of the PUBREL that
 *     completes it: the server picks them (MQTT-2.3.1-4 in 3.1.1,
 *     MQTT-2.2.1-4 in 5.0 only require them to be unused), shown as "id=~".
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

typedef struct out {
    char *p;
    size_t cap, len;
} out;

static void put(out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(out *o, const char *fmt, ...)
{
    if (o->len + 1 >= o->cap)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(o->p + o->len, o->cap - o->len, fmt, ap);
    va_end(ap);
    if (n > 0)
        o->len += (size_t)n < o->cap - o->len ? (size_t)n : o->cap - o->len - 1;
}

/* Quoted, with non-printable bytes escaped; long values are cut. */
static void put_str(out *o, mqtt_view v, size_t maxshow)
{
    put(o, "\"");
    size_t n = v.len < maxshow ? v.len : maxshow;
    for (size_t i = 0; i < n; i++) {
        uint8_t c = v.p[i];
        if (c == '"' || c == '\\')
            put(o, "\\%c", c);
        else if (c >= 0x20 && c < 0x7f)
            put(o, "%c", c);
        else
            put(o, "\\x%02x", c);
    }
    put(o, "\"");
    if (n < v.len)
        put(o, "...(%zuB)", v.len);
}

static void put_props(out *o, const mqtt_props *pr, bool normalize, bool s2c)
{
    if (!pr->present || pr->len == 0)
        return;
    mqtt_prop_iter it;
    mqtt_prop p;
    mqtt_prop_iter_init(&it, pr);
    bool first = true;
    while (mqtt_prop_next(&it, &p)) {
        if (normalize && p.id == MQTT_PROP_ASSIGNED_CLIENT_IDENTIFIER)
            continue;
        if (normalize && s2c && p.id == MQTT_PROP_MESSAGE_EXPIRY_INTERVAL) {
            put(o, "%sMessage Expiry Interval=~", first ? " props{" : ", ");
            first = false;
            continue;
        }
        const char *name = mqtt_prop_name(p.id);
        put(o, "%s", first ? " props{" : ", ");
        first = false;
        if (name)
            put(o, "%s=", name);
        else
            put(o, "0x%02x=", p.id);
        switch (p.type) {
        case MQTT_PT_UTF8:
        case MQTT_PT_BINARY:
            put_str(o, p.v.s, 48);
            break;
        case MQTT_PT_PAIR:
            put_str(o, p.v.pair.k, 32);
            put(o, ":");
            put_str(o, p.v.pair.v, 32);
            break;
        default:
            put(o, "%u", p.v.u);
        }
    }
    if (!first)
        put(o, "}");
}

static void put_subs(out *o, const mqtt_subscribe *s, mqtt_version v)
{
    mqtt_list_iter it;
    mqtt_sub_entry e;
    mqtt_sub_iter_init(&it, s, v);
    put(o, " [");
    bool first = true;
    while (mqtt_sub_next(&it, &e)) {
        put(o, "%s", first ? "" : ", ");
        first = false;
        put_str(o, e.filter, 64);
        put(o, " qos=%u", e.qos);
        if (v == MQTT_V5)
            put(o, " nl=%d rap=%d rh=%u", e.no_local, e.retain_as_published,
                e.retain_handling);
    }
    put(o, "]");
}

static void put_unsubs(out *o, const mqtt_unsubscribe *u)
{
    mqtt_list_iter it;
    mqtt_view f;
    mqtt_unsub_iter_init(&it, u);
    put(o, " [");
    bool first = true;
    while (mqtt_unsub_next(&it, &f)) {
        put(o, "%s", first ? "" : ", ");
        first = false;
        put_str(o, f, 64);
    }
    put(o, "]");
}

void mqpcap_msg_describe(const mqpcap_msg *m, int version, bool normalize, char *buf,
                         size_t len)
{
    out o = {buf, len, 0};
    if (!buf || !len)
        return;
    buf[0] = 0;
    mqtt_version v = (mqtt_version)(version ? version : MQTT_V311);
    if (m->status != MQTT_OK) {
        put(&o, "!%s %s %s at +%zu", mqtt_status_name(m->status), mqtt_errcode_name(m->err.code),
            m->err.stmt ? m->err.stmt : "?", m->err.offset);
        if (m->err.field)
            put(&o, " field=%s", m->err.field);
        if (m->err.message)
            put(&o, ": %s", m->err.message);
        put(&o, " (%zuB)", m->len);
        return;
    }
    const mqtt_packet *p = &m->pkt;
    bool s2c = m->dir == MQTT_S2C;
    put(&o, "%s", mqtt_type_name(p->type));
    switch (p->type) {
    case MQTT_CONNECT: {
        const mqtt_connect *c = &p->u.connect;
        put(&o, " level=%u%s clean=%d keepalive=%u client_id=", c->protocol_level,
            c->bridge ? "+bridge" : "", c->clean_start, c->keep_alive);
        put_str(&o, c->client_id, 64);
        if (c->will) {
            put(&o, " will{qos=%u retain=%d topic=", c->will_qos, c->will_retain);
            put_str(&o, c->will_topic, 64);
            put(&o, " payload=%zuB", c->will_payload.len);
            put_props(&o, &c->will_props, normalize, s2c);
            put(&o, "}");
        }
        if (c->has_username) {
            put(&o, " user=");
            put_str(&o, c->username, 32);
        }
        if (c->has_password)
            put(&o, " password=%zuB", c->password.len);
        put_props(&o, &c->props, normalize, s2c);
        break;
    }
    case MQTT_CONNACK:
        put(&o, " sp=%d code=0x%02x", p->u.connack.session_present, p->u.connack.code);
        put_props(&o, &p->u.connack.props, normalize, s2c);
        break;
    case MQTT_PUBLISH: {
        const mqtt_publish *pb = &p->u.publish;
        put(&o, " qos=%u dup=%d retain=%d", pb->qos, pb->dup, pb->retain);
        if (pb->qos) {
            if (normalize && s2c)
                put(&o, " id=~");
            else
                put(&o, " id=%u", pb->packet_id);
        }
        put(&o, " topic=");
        put_str(&o, pb->topic, 96);
        put(&o, " payload=");
        put_str(&o, pb->payload, 48);
        put_props(&o, &pb->props, normalize, s2c);
        break;
    }
    case MQTT_PUBACK:
    case MQTT_PUBREC:
    case MQTT_PUBREL:
    case MQTT_PUBCOMP:
        if (normalize && s2c && p->type == MQTT_PUBREL)
            put(&o, " id=~");
        else
            put(&o, " id=%u", p->u.ack.packet_id);
        if (p->u.ack.has_reason)
            put(&o, " code=0x%02x", p->u.ack.code);
        put_props(&o, &p->u.ack.props, normalize, s2c);
        break;
    case MQTT_SUBSCRIBE:
        put(&o, " id=%u", p->u.subscribe.packet_id);
        put_subs(&o, &p->u.subscribe, v);
        put_props(&o, &p->u.subscribe.props, normalize, s2c);
        break;
    case MQTT_UNSUBSCRIBE:
        put(&o, " id=%u", p->u.unsubscribe.packet_id);
        put_unsubs(&o, &p->u.unsubscribe);
        put_props(&o, &p->u.unsubscribe.props, normalize, s2c);
        break;
    case MQTT_SUBACK:
    case MQTT_UNSUBACK: {
        const mqtt_suback *sa = &p->u.suback;
        put(&o, " id=%u", sa->packet_id);
        if (sa->codes.len) {
            put(&o, " codes=[");
            for (size_t i = 0; i < sa->codes.len; i++)
                put(&o, "%s0x%02x", i ? "," : "", sa->codes.p[i]);
            put(&o, "]");
        }
        put_props(&o, &sa->props, normalize, s2c);
        break;
    }
    case MQTT_DISCONNECT:
    case MQTT_AUTH:
        if (p->u.reason.has_reason)
            put(&o, " code=0x%02x", p->u.reason.code);
        put_props(&o, &p->u.reason.props, normalize, s2c);
        break;
    default:
        break;
    }
}
