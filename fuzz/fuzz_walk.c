/* walk: every list the decoder hands out is iterated to its end, so an
 * iterator bug cannot hide behind a decoder that accepted the bytes:
 * property blocks (every context, Will Properties included), user-property
 * pairs, SUBSCRIBE / UNSUBSCRIBE topic filters and SUBACK / UNSUBACK reason
 * codes. What the iterators yield must agree with what the decoder promised:
 * each property defined, allowed where it is, not duplicated unless the spec
 * lets it repeat, the iteration consuming the block exactly; each filter a
 * valid filter; the entry count the decoder reported. */
#include "harness_input.h"
#include "walk_api.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void touch_view(mqtt_view v)
{
    if (v.len && !v.p)
        hi_fail("walk: view with length %zu and no bytes", v.len);
    if (v.len)
        hi_touch(v.p, v.len);
}

static void check_utf8(mqtt_view v, const hi_input *in, const char *what)
{
    size_t bad = 0;
    mqtt_errcode e = mqtt_check_utf8(v.p, v.len, &in->policy, &bad);
    if (e != MQTT_E_NONE)
        hi_fail("walk: accepted %s is not valid UTF-8 (%s at %zu)", what, mqtt_errcode_name(e), bad);
}

static void walk_props(const mqtt_props *props, mqtt_prop_ctx ctx, const hi_input *in)
{
    if (!props->present) {
        if (props->len)
            hi_fail("walk: absent property block with length %zu", props->len);
        return;
    }
    mqtt_error err;
    if (mqtt_props_validate(props, ctx, in->opts.dir, &in->policy, 0, &err) != MQTT_OK)
        hi_fail("walk: decoder accepted a property block the validator rejects (%s)",
                mqtt_errcode_name(err.code));
    unsigned seen[64] = {0};
    mqtt_prop_iter it;
    mqtt_prop pr;
    size_t n = 0;
    mqtt_prop_iter_init(&it, props);
    while (mqtt_prop_next(&it, &pr)) {
        if (++n > props->len)
            hi_fail("walk: more properties than bytes in the block");
        mqtt_prop_type t = mqtt_prop_type_of(pr.id);
        if (t == MQTT_PT_NONE || t != pr.type)
            hi_fail("walk: property 0x%02x has type %d, table says %d", pr.id, (int)pr.type, (int)t);
        if (!mqtt_prop_name(pr.id))
            hi_fail("walk: property 0x%02x has no name", pr.id);
        if (!mqtt_prop_allowed(pr.id, ctx))
            hi_fail("walk: property 0x%02x not allowed in context %d", pr.id, (int)ctx);
        /* §2.2.2.2: only User Property and (server PUBLISH) Subscription
         * Identifier may appear more than once. */
        if (seen[pr.id & 63]++ && pr.id != MQTT_PROP_USER_PROPERTY &&
            pr.id != MQTT_PROP_SUBSCRIPTION_IDENTIFIER)
            hi_fail("walk: property 0x%02x repeated", pr.id);
        switch (t) {
        case MQTT_PT_UTF8: touch_view(pr.v.s); check_utf8(pr.v.s, in, "string property"); break;
        case MQTT_PT_BINARY: touch_view(pr.v.s); break;
        case MQTT_PT_PAIR:
            touch_view(pr.v.pair.k);
            touch_view(pr.v.pair.v);
            check_utf8(pr.v.pair.k, in, "user property name");
            check_utf8(pr.v.pair.v, in, "user property value");
            break;
        case MQTT_PT_BYTE: if (pr.v.u > 0xff) hi_fail("walk: byte property %u", pr.v.u); break;
        case MQTT_PT_U16: if (pr.v.u > 0xffff) hi_fail("walk: u16 property %u", pr.v.u); break;
        case MQTT_PT_VBI: if (pr.v.u > MQTT_MAX_VBI) hi_fail("walk: vbi property %u", pr.v.u); break;
        default: break;
        }
        if (seen[pr.id & 63] == 1) {
            mqtt_prop first;
            if (!mqtt_props_find(props, pr.id, &first) || first.id != pr.id || first.type != pr.type)
                hi_fail("walk: props_find misses property 0x%02x", pr.id);
            if ((t == MQTT_PT_UTF8 || t == MQTT_PT_BINARY)
                    ? (first.v.s.p != pr.v.s.p || first.v.s.len != pr.v.s.len)
                    : t == MQTT_PT_PAIR ? first.v.pair.k.p != pr.v.pair.k.p : first.v.u != pr.v.u)
                hi_fail("walk: props_find returns another 0x%02x than the first", pr.id);
        }
    }
    if (it.p != it.end || it.end != props->p + props->len)
        hi_fail("walk: property iteration stopped %td bytes before the end", it.end - it.p);
}

static void walk_filter(mqtt_view f, const hi_input *in)
{
    touch_view(f);
    mqtt_errcode e = mqtt_check_topic_filter(f.p, f.len, in->opts.version);
    if (e != MQTT_E_NONE)
        hi_fail("walk: accepted filter fails mqtt_check_topic_filter (%s)", mqtt_errcode_name(e));
    if (!memchr(f.p, '+', f.len) && !memchr(f.p, '#', f.len) &&
        !(f.len >= 7 && memcmp(f.p, "$share/", 7) == 0) && !mqtt_topic_matches(f.p, f.len, f.p, f.len))
        hi_fail("walk: filter without wildcards does not match itself");
}

static void walk(const uint8_t *pkt, size_t len, const mqtt_packet *p, const hi_input *in, void *ctx)
{
    (void)ctx;
    walk_api_packet(pkt, len, p, in);
    bool v5 = in->opts.version == MQTT_V5;
    if (p->total != len)
        hi_fail("walk: packet total %zu, framed %zu", p->total, len);
    switch (p->type) {
    case MQTT_CONNECT: {
        const mqtt_connect *c = &p->u.connect;
        touch_view(c->protocol_name);
        touch_view(c->client_id);
        touch_view(c->will_topic);
        touch_view(c->will_payload);
        touch_view(c->username);
        touch_view(c->password);
        walk_props(&c->props, MQTT_PCTX_CONNECT, in);
        if (c->will)
            walk_props(&c->will_props, MQTT_PCTX_WILL, in);
        else if (c->will_props.present || c->will_topic.len)
            hi_fail("walk: will fields without the Will Flag");
        if (v5 && !c->props.present)
            hi_fail("walk: v5 CONNECT without a property block");
        break;
    }
    case MQTT_CONNACK: walk_props(&p->u.connack.props, MQTT_PCTX_CONNACK, in); break;
    case MQTT_PUBLISH: {
        const mqtt_publish *pb = &p->u.publish;
        touch_view(pb->topic);
        touch_view(pb->payload);
        walk_props(&pb->props, MQTT_PCTX_PUBLISH, in);
        if (pb->qos > 2 || (pb->qos == 0 && pb->packet_id != 0) || (pb->qos && !pb->packet_id))
            hi_fail("walk: PUBLISH qos %u with packet id %u", pb->qos, pb->packet_id);
        if (pb->topic.len) {
            mqtt_errcode e = mqtt_check_topic_name(pb->topic.p, pb->topic.len);
            if (e != MQTT_E_NONE)
                hi_fail("walk: accepted topic fails mqtt_check_topic_name (%s)", mqtt_errcode_name(e));
            check_utf8(pb->topic, in, "topic");
            /* §4.7.2: '#' matches every topic except those starting with '$' */
            if (mqtt_topic_matches((const uint8_t *)"#", 1, pb->topic.p, pb->topic.len) != (pb->topic.p[0] != '$'))
                hi_fail("walk: '#' %s topic starting with '%c'", pb->topic.p[0] == '$' ? "matches" : "misses",
                        pb->topic.p[0]);
            if (!mqtt_topic_matches(pb->topic.p, pb->topic.len, pb->topic.p, pb->topic.len))
                hi_fail("walk: a topic name does not match itself as a filter");
        } else if (!v5 || !mqtt_props_find(&pb->props, MQTT_PROP_TOPIC_ALIAS, &(mqtt_prop){0})) {
            hi_fail("walk: empty topic accepted without a Topic Alias");
        }
        if (pb->payload.len && (pb->payload.p < pkt || pb->payload.p + pb->payload.len != pkt + len))
            hi_fail("walk: payload is not the tail of the packet");
        break;
    }
    case MQTT_PUBACK: case MQTT_PUBREC: case MQTT_PUBREL: case MQTT_PUBCOMP:
        walk_props(&p->u.ack.props, (mqtt_prop_ctx)(MQTT_PCTX_PUBACK + (p->type - MQTT_PUBACK)), in);
        if (p->u.ack.has_reason && !mqtt_reason_allowed(p->type, p->u.ack.code, in->opts.dir))
            hi_fail("walk: reason 0x%02x accepted on %s", p->u.ack.code, mqtt_type_name(p->type));
        break;
    case MQTT_SUBSCRIBE: {
        const mqtt_subscribe *s = &p->u.subscribe;
        walk_props(&s->props, MQTT_PCTX_SUBSCRIBE, in);
        mqtt_list_iter it;
        mqtt_sub_entry e;
        size_t n = 0;
        mqtt_sub_iter_init(&it, s, in->opts.version);
        while (mqtt_sub_next(&it, &e)) {
            if (++n > s->count)
                hi_fail("walk: SUBSCRIBE iterator yields more than %zu entries", s->count);
            walk_filter(e.filter, in);
            if (e.qos > 2 || e.qos != (e.options & 3))
                hi_fail("walk: subscription qos %u from options %02x", e.qos, e.options);
            if (v5 && (e.retain_handling > 2 || e.no_local != !!(e.options & 4) ||
                       e.retain_as_published != !!(e.options & 8)))
                hi_fail("walk: subscription options %02x decoded inconsistently", e.options);
        }
        if (n != s->count || n == 0 || it.p != it.end)
            hi_fail("walk: SUBSCRIBE iterated %zu of %zu entries", n, s->count);
        break;
    }
    case MQTT_UNSUBSCRIBE: {
        const mqtt_unsubscribe *u = &p->u.unsubscribe;
        walk_props(&u->props, MQTT_PCTX_UNSUBSCRIBE, in);
        mqtt_list_iter it;
        mqtt_view f;
        size_t n = 0;
        mqtt_unsub_iter_init(&it, u);
        while (mqtt_unsub_next(&it, &f)) {
            if (++n > u->count)
                hi_fail("walk: UNSUBSCRIBE iterator yields more than %zu entries", u->count);
            walk_filter(f, in);
        }
        if (n != u->count || n == 0 || it.p != it.end)
            hi_fail("walk: UNSUBSCRIBE iterated %zu of %zu entries", n, u->count);
        break;
    }
    case MQTT_SUBACK: case MQTT_UNSUBACK: {
        const mqtt_suback *s = &p->u.suback;
        walk_props(&s->props, p->type == MQTT_SUBACK ? MQTT_PCTX_SUBACK : MQTT_PCTX_UNSUBACK, in);
        touch_view(s->codes);
        for (size_t i = 0; i < s->codes.len; i++) {
            uint8_t c = s->codes.p[i];
            bool ok = v5 ? mqtt_reason_allowed(p->type, c, in->opts.dir)
                         : p->type == MQTT_SUBACK && (c <= 2 || c == 0x80);
            if (!ok)
                hi_fail("walk: reason code 0x%02x accepted in %s", c, mqtt_type_name(p->type));
        }
        break;
    }
    case MQTT_DISCONNECT: case MQTT_AUTH:
        walk_props(&p->u.reason.props, p->type == MQTT_AUTH ? MQTT_PCTX_AUTH : MQTT_PCTX_DISCONNECT, in);
        if (v5 && p->u.reason.has_reason &&
            !mqtt_reason_allowed(p->type, p->u.reason.code, in->opts.dir))
            hi_fail("walk: reason 0x%02x accepted on %s", p->u.reason.code, mqtt_type_name(p->type));
        break;
    default: break;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    hi_input in;
    walk_api_reset();
    if (hi_parse(data, size, &in))
        hi_for_each_packet(&in, walk, NULL);
    return 0;
}
