/* Encoding. One routine lays out every packet type; the validating encoder
 * writes the shortest valid form and then runs the decoder over its own
 * output, so encoder and decoder can never disagree on what is valid. The
 * raw builder (raw.c) reuses the layout with the caller's flags and wire
 * forms, validating nothing. */
#include "internal.h"

static void put_props(wr *w, const mqtt_props *p)
{
    size_t n = p->p ? p->len : 0;
    if (n > MQTT_MAX_VBI) {
        w->bad = true;
        return;
    }
    wr_vbi(w, (uint32_t)n);
    wr_bytes(w, p->p, n);
}

static bool props_empty(const mqtt_props *p) { return !p->p || p->len == 0; }

/* exact: keep pkt's wire-form choices (has_reason, props.present, flags);
 * otherwise write the canonical shortest form. */
static void put_body(wr *w, const mqtt_packet *pkt, mqtt_version v, bool exact)
{
    bool v5 = v == MQTT_V5;
    switch (pkt->type) {
    case MQTT_CONNECT: {
        const mqtt_connect *c = &pkt->u.connect;
        mqtt_view name = c->protocol_name;
        if (!name.p || (!exact && name.len == 0))
            name = mqtt_str(v == MQTT_V31 ? "MQIsdp" : "MQTT");
        wr_lbytes(w, name);
        uint8_t lvl = exact && c->protocol_level ? c->protocol_level : (uint8_t)v;
        wr_u8(w, (uint8_t)(lvl | (c->bridge ? 0x80 : 0)));
        uint8_t fl = (uint8_t)((c->has_username ? 0x80 : 0) | (c->has_password ? 0x40 : 0) |
                               (c->will_retain ? 0x20 : 0) | ((c->will_qos & 3) << 3) |
                               (c->will ? 0x04 : 0) | (c->clean_start ? 0x02 : 0));
        wr_u8(w, exact ? c->flags : fl);
        wr_u16(w, c->keep_alive);
        if (v5)
            put_props(w, &c->props);
        wr_lbytes(w, c->client_id);
        if (c->will) {
            if (v5)
                put_props(w, &c->will_props);
            wr_lbytes(w, c->will_topic);
            wr_lbytes(w, c->will_payload);
        }
        if (c->has_username)
            wr_lbytes(w, c->username);
        if (c->has_password)
            wr_lbytes(w, c->password);
        break;
    }
    case MQTT_CONNACK: {
        const mqtt_connack *c = &pkt->u.connack;
        /* 3.1 has no Session Present: its first byte is unused and kept as given. */
        wr_u8(w, exact || v == MQTT_V31 ? c->flags : (uint8_t)((c->flags & 0xFE) | (c->session_present ? 1 : 0)));
        wr_u8(w, c->code);
        if (v5)
            put_props(w, &c->props);
        break;
    }
    case MQTT_PUBLISH: {
        const mqtt_publish *p = &pkt->u.publish;
        wr_lbytes(w, p->topic);
        if (p->qos)
            wr_u16(w, p->packet_id);
        if (v5)
            put_props(w, &p->props);
        wr_bytes(w, p->payload.p, p->payload.len);
        break;
    }
    case MQTT_PUBACK:
    case MQTT_PUBREC:
    case MQTT_PUBREL:
    case MQTT_PUBCOMP: {
        const mqtt_ack *a = &pkt->u.ack;
        wr_u16(w, a->packet_id);
        if (!v5)
            break;
        bool code = exact ? a->has_reason || a->props.present : a->code != 0 || !props_empty(&a->props);
        bool props = exact ? a->props.present : !props_empty(&a->props);
        if (code)
            wr_u8(w, a->code);
        if (props)
            put_props(w, &a->props);
        break;
    }
    case MQTT_SUBSCRIBE:
    case MQTT_UNSUBSCRIBE: {
        /* both structs share the layout: id, props, list */
        const mqtt_subscribe *s = &pkt->u.subscribe;
        wr_u16(w, s->packet_id);
        if (v5)
            put_props(w, &s->props);
        wr_bytes(w, s->list.p, s->list.len);
        break;
    }
    case MQTT_SUBACK:
    case MQTT_UNSUBACK: {
        const mqtt_suback *s = &pkt->u.suback;
        wr_u16(w, s->packet_id);
        if (v5)
            put_props(w, &s->props);
        if (v5 || pkt->type == MQTT_SUBACK)
            wr_bytes(w, s->codes.p, s->codes.len);
        break;
    }
    case MQTT_DISCONNECT:
    case MQTT_AUTH: {
        const mqtt_reason_only *r = &pkt->u.reason;
        if (!v5)
            break;
        bool auth = pkt->type == MQTT_AUTH;
        bool code = exact ? r->has_reason || r->props.present : r->code != 0 || !props_empty(&r->props);
        bool props = exact ? r->props.present : (auth ? code : !props_empty(&r->props));
        if (code)
            wr_u8(w, r->code);
        if (props)
            put_props(w, &r->props);
        break;
    }
    default: /* PINGREQ, PINGRESP, reserved types: no body */
        break;
    }
}

static uint8_t canonical_flags(const mqtt_packet *pkt)
{
    switch (pkt->type) {
    case MQTT_PUBLISH: {
        const mqtt_publish *p = &pkt->u.publish;
        return (uint8_t)((p->dup ? 8 : 0) | ((p->qos & 3) << 1) | (p->retain ? 1 : 0));
    }
    case MQTT_PUBREL:
    case MQTT_SUBSCRIBE:
    case MQTT_UNSUBSCRIBE:
        return 2;
    default:
        return 0;
    }
}

/* The body's size, from a counting pass; false if a field cannot be
 * expressed or the body is over the Remaining Length maximum. */
static bool body_size(const mqtt_packet *pkt, mqtt_version v, bool exact, size_t *len)
{
    wr count = {NULL, 0, 0, false, false};
    put_body(&count, pkt, v, exact);
    *len = count.len;
    return !count.bad && count.len <= MQTT_MAX_REMAINING_LENGTH;
}

/* The whole packet for a body of body_len bytes (as body_size found). */
static void put_packet(wr *w, const mqtt_packet *pkt, mqtt_version v, bool exact, size_t body_len)
{
    uint8_t flags = exact ? (pkt->flags & 0x0F) : canonical_flags(pkt);
    wr_u8(w, (uint8_t)(((unsigned)pkt->type & 15) << 4 | flags));
    wr_vbi(w, (uint32_t)body_len);
    put_body(w, pkt, v, exact);
}

/* Lays out a whole packet; returns false if a field cannot be expressed. */
bool mqtt_layout(wr *w, const mqtt_packet *pkt, mqtt_version v, bool exact)
{
    size_t body;
    if (!body_size(pkt, v, exact, &body))
        return false;
    put_packet(w, pkt, v, exact, body);
    return !w->bad;
}

/* Size checks shared by mqtt_encoded_size and mqtt_encode: one counting
 * pass over the body (the header's size follows from its length). */
static mqtt_status sized(const mqtt_packet *pkt, const mqtt_decode_opts *opts, size_t *body, size_t *size,
                         mqtt_error *err)
{
    mqtt_version v = opts ? opts->version : MQTT_V5;
    if (!pkt || !opts) {
        mqtt_set_error(err, MQTT_E_BAD_ARGUMENT, v, 0, "arguments", NULL);
        return MQTT_USAGE;
    }
    if (!body_size(pkt, v, false, body)) {
        mqtt_set_error(err, MQTT_E_BAD_ARGUMENT, v, 0, "field longer than its length prefix allows", NULL);
        return MQTT_USAGE;
    }
    *size = 1 + mqtt_vbi_size((uint32_t)*body) + *body;
    return MQTT_OK;
}

mqtt_status mqtt_encoded_size(const mqtt_packet *pkt, const mqtt_decode_opts *opts, size_t *size,
                              mqtt_error *err)
{
    size_t body, need;
    if (!size) {
        mqtt_set_error(err, MQTT_E_BAD_ARGUMENT, opts ? opts->version : MQTT_V5, 0, "arguments", NULL);
        return MQTT_USAGE;
    }
    mqtt_status st = sized(pkt, opts, &body, &need, err);
    if (st == MQTT_OK)
        *size = need;
    return st;
}

mqtt_status mqtt_encode(const mqtt_packet *pkt, const mqtt_decode_opts *opts, uint8_t *buf, size_t cap,
                        size_t *written, mqtt_error *err)
{
    size_t body, need;
    mqtt_status st = sized(pkt, opts, &body, &need, err);
    if (written)
        *written = 0;
    if (st != MQTT_OK)
        return st;
    if (!buf || cap < need) {
        mqtt_set_error(err, MQTT_E_BUFFER_TOO_SMALL, opts->version, need, "buffer", NULL);
        return MQTT_USAGE;
    }
    wr w = {buf, cap, 0, false, false};
    put_packet(&w, pkt, opts->version, false, body);
    /* The same validators as the decoder: decode what was written. */
    mqtt_packet check;
    mqtt_error local;
    st = mqtt_decode(buf, w.len, opts, &check, err ? err : &local);
    if (st != MQTT_OK)
        return st;
    if (written)
        *written = w.len;
    return MQTT_OK;
}

mqtt_view mqtt_str(const char *s)
{
    mqtt_view v = {(const uint8_t *)s, s ? strlen(s) : 0};
    return v;
}

mqtt_view mqtt_bytes(const void *p, size_t len)
{
    mqtt_view v = {(const uint8_t *)p, len};
    return v;
}
