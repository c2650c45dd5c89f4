/* A test-owned rendering of a decoded packet. Every field the decoder reports
 * appears, so comparing against an expected string checks all of them at
 * once; properties are walked with the public iterator and subscription lists
 * with mqtt_sub_next / mqtt_unsub_next, which tests those too. The codec's own
 * mqtt_packet_summary is deliberately not used: it is code under test. */
#include "vectors.h"

#include <stdarg.h>
#include <stdio.h>

typedef struct out {
    char *buf;
    size_t cap, len;
} out;

static void put(out *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    size_t room = o->len < o->cap ? o->cap - o->len : 0;
    int n = vsnprintf(room ? o->buf + o->len : NULL, room, fmt, ap);
    va_end(ap);
    if (n > 0)
        o->len += (size_t)n;
}

static void quoted(out *o, mqtt_view v)
{
    put(o, "'");
    for (size_t i = 0; i < v.len; i++) {
        uint8_t c = v.p[i];
        if (c >= 0x20 && c < 0x7F && c != '\'' && c != '\\')
            put(o, "%c", c);
        else
            put(o, "\\x%02x", c);
    }
    put(o, "'");
}

static const char *const names[16] = {
    "RESERVED0", "CONNECT", "CONNACK", "PUBLISH", "PUBACK", "PUBREC", "PUBREL", "PUBCOMP",
    "SUBSCRIBE", "SUBACK", "UNSUBSCRIBE", "UNSUBACK", "PINGREQ", "PINGRESP", "DISCONNECT", "AUTH"};

/* " p{02=60 03='a' 09=b'..' 26='k':'v'}" or nothing when the block was absent. */
static void props(out *o, const char *tag, const mqtt_props *pr)
{
    if (!pr->present)
        return;
    put(o, " %s{", tag);
    mqtt_prop_iter it;
    mqtt_prop p;
    bool first = true;
    mqtt_prop_iter_init(&it, pr);
    while (mqtt_prop_next(&it, &p)) {
        put(o, first ? "%02x=" : " %02x=", p.id);
        first = false;
        switch (p.type) {
        case MQTT_PT_BYTE:
        case MQTT_PT_U16:
        case MQTT_PT_U32:
        case MQTT_PT_VBI:
            put(o, "%lu", (unsigned long)p.v.u);
            break;
        case MQTT_PT_UTF8:
            quoted(o, p.v.s);
            break;
        case MQTT_PT_BINARY:
            put(o, "b");
            quoted(o, p.v.s);
            break;
        case MQTT_PT_PAIR:
            quoted(o, p.v.pair.k);
            put(o, ":");
            quoted(o, p.v.pair.v);
            break;
        default:
            put(o, "?type%d", (int)p.type);
        }
    }
    put(o, "}");
}

static void connect(out *o, const mqtt_connect *c)
{
    put(o, " ");
    quoted(o, c->protocol_name);
    put(o, " L%u%s f=%02x cs=%d w=%d wq=%u wr=%d u=%d pw=%d ka=%u", c->protocol_level,
        c->bridge ? " bridge" : "", c->flags, c->clean_start, c->will, c->will_qos, c->will_retain,
        c->has_username, c->has_password, c->keep_alive);
    props(o, "p", &c->props);
    put(o, " cid=");
    quoted(o, c->client_id);
    if (c->will) {
        props(o, "w", &c->will_props);
        put(o, " wt=");
        quoted(o, c->will_topic);
        put(o, " wp=");
        quoted(o, c->will_payload);
    }
    if (c->has_username) {
        put(o, " user=");
        quoted(o, c->username);
    }
    if (c->has_password) {
        put(o, " pass=");
        quoted(o, c->password);
    }
}

size_t describe_packet(const mqtt_packet *p, mqtt_version v, char *buf, size_t cap)
{
    out o = {buf, cap, 0};
    if (cap)
        buf[0] = '\0';
    put(&o, "%s", names[(unsigned)p->type & 15]);
    switch (p->type) {
    case MQTT_CONNECT:
        connect(&o, &p->u.connect);
        break;
    case MQTT_CONNACK:
        put(&o, " f=%02x sp=%d rc=%02x", p->u.connack.flags, p->u.connack.session_present,
            p->u.connack.code);
        props(&o, "p", &p->u.connack.props);
        break;
    case MQTT_PUBLISH: {
        const mqtt_publish *pb = &p->u.publish;
        put(&o, " q%u d%d r%d ", pb->qos, pb->dup, pb->retain);
        quoted(&o, pb->topic);
        if (pb->qos)
            put(&o, " id=%u", pb->packet_id);
        else if (pb->packet_id)
            put(&o, " id-on-qos0=%u", pb->packet_id);
        props(&o, "p", &pb->props);
        put(&o, " pl=");
        quoted(&o, pb->payload);
        break;
    }
    case MQTT_PUBACK:
    case MQTT_PUBREC:
    case MQTT_PUBREL:
    case MQTT_PUBCOMP:
        put(&o, " id=%u", p->u.ack.packet_id);
        if (p->u.ack.has_reason)
            put(&o, " rc=%02x", p->u.ack.code);
        else if (p->u.ack.code)
            put(&o, " rc-without-reason=%02x", p->u.ack.code);
        props(&o, "p", &p->u.ack.props);
        break;
    case MQTT_SUBSCRIBE: {
        mqtt_list_iter it;
        mqtt_sub_entry e;
        size_t n = 0;
        put(&o, " id=%u", p->u.subscribe.packet_id);
        props(&o, "p", &p->u.subscribe.props);
        put(&o, " n=%zu", p->u.subscribe.count);
        mqtt_sub_iter_init(&it, &p->u.subscribe, v);
        while (mqtt_sub_next(&it, &e)) {
            put(&o, " ");
            quoted(&o, e.filter);
            if (e.qos != (e.options & 3))
                put(&o, "!qos-mismatch");
            if (v == MQTT_V5)
                put(&o, ":q%unl%dap%drh%u", e.qos, e.no_local, e.retain_as_published,
                    e.retain_handling);
            else
                put(&o, ":q%u", e.qos);
            n++;
        }
        if (n != p->u.subscribe.count)
            put(&o, " !iterated=%zu", n);
        break;
    }
    case MQTT_UNSUBSCRIBE: {
        mqtt_list_iter it;
        mqtt_view f;
        size_t n = 0;
        put(&o, " id=%u", p->u.unsubscribe.packet_id);
        props(&o, "p", &p->u.unsubscribe.props);
        put(&o, " n=%zu", p->u.unsubscribe.count);
        mqtt_unsub_iter_init(&it, &p->u.unsubscribe);
        while (mqtt_unsub_next(&it, &f)) {
            put(&o, " ");
            quoted(&o, f);
            n++;
        }
        if (n != p->u.unsubscribe.count)
            put(&o, " !iterated=%zu", n);
        break;
    }
    case MQTT_SUBACK:
    case MQTT_UNSUBACK:
        put(&o, " id=%u", p->u.suback.packet_id);
        props(&o, "p", &p->u.suback.props);
        put(&o, " codes=");
        for (size_t i = 0; i < p->u.suback.codes.len; i++)
            put(&o, i ? ",%02x" : "%02x", p->u.suback.codes.p[i]);
        break;
    case MQTT_DISCONNECT:
    case MQTT_AUTH:
        if (p->u.reason.has_reason)
            put(&o, " rc=%02x", p->u.reason.code);
        else if (p->u.reason.code)
            put(&o, " rc-without-reason=%02x", p->u.reason.code);
        props(&o, "p", &p->u.reason.props);
        break;
    default:
        break;
    }
    return o.len;
}
