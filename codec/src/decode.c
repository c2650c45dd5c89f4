/* The decoder: one framed packet in, a zero-copy mqtt_packet out, or an error
 * naming the rule the bytes break. Every field read goes through the
 * bounds-checked cursor, so no length field can lead it past the packet. */
#include "internal.h"

typedef struct dctx {
    cur c;
    mqtt_version v;
    mqtt_direction dir;
    mqtt_type t;
    const mqtt_policy *pol;
    mqtt_error *err;
} dctx;

static mqtt_status fail_at(dctx *d, mqtt_errcode code, size_t off, const char *field, const char *stmt)
{
    mqtt_error local;
    mqtt_error *e = d->err ? d->err : &local;
    mqtt_set_error(e, code, d->v, off, field, stmt);
    return e->status;
}

static mqtt_status fail(dctx *d, mqtt_errcode code, const char *field, const char *stmt)
{
    return fail_at(d, code, cur_off(&d->c), field, stmt);
}

#define V5 (d->v == MQTT_V5)
#define CHECK(x)                                                                   \
    do {                                                                           \
        mqtt_status st_ = (x);                                                     \
        if (st_ != MQTT_OK)                                                        \
            return st_;                                                            \
    } while (0)

/* A length-prefixed field that must be there. */
static mqtt_status need_lbytes(dctx *d, mqtt_view *out, const char *field, const char *stmt)
{
    if (!cur_lbytes(&d->c, out))
        return fail(d, MQTT_E_TRUNCATED, field, stmt ? stmt : mqtt_section(d->t, 2));
    return MQTT_OK;
}

static mqtt_status check_utf8(dctx *d, mqtt_view s, const char *field, const char *stmt)
{
    size_t bad = 0;
    mqtt_errcode e = mqtt_check_utf8(s.p, s.len, d->pol, &bad);
    if (e) {
        /* Cite the data-representation rule (1.5.3-x / 1.5.4-x) the bytes
         * break; the field says where. The field's own "is a UTF-8 string"
         * statement (stmt) is what the runner cites for a peer's behaviour. */
        (void)stmt;
        return fail_at(d, e, (size_t)(s.p - d->c.base) + bad, field, NULL);
    }
    return MQTT_OK;
}

static mqtt_status read_props(dctx *d, mqtt_prop_ctx ctx, mqtt_props *out)
{
    if (!V5) {
        out->p = NULL;
        out->len = 0;
        out->present = false;
        return MQTT_OK;
    }
    size_t at = cur_off(&d->c);
    uint32_t n;
    mqtt_errcode e = cur_vbi(&d->c, &n);
    if (e)
        return fail_at(d, e, at, "property_length", e == MQTT_E_VBI_NOT_MINIMAL ? NULL : "§2.2.2.1");
    if (n > cur_left(&d->c))
        return fail_at(d, MQTT_E_TRUNCATED, at, "property_length", "§2.2.2.1");
    out->p = d->c.p;
    out->len = n;
    out->present = true;
    d->c.p += n;
    if (n == 0)
        return MQTT_OK;
    mqtt_error local;
    mqtt_status st = mqtt_props_validate(out, ctx, d->dir, d->pol, (size_t)(out->p - d->c.base),
                                         d->err ? d->err : &local);
    return st;
}

static const char *packet_id_stmt(dctx *d)
{
    switch (d->t) {
    case MQTT_PUBLISH:
        return V5 ? (d->dir == MQTT_C2S ? "MQTT-2.2.1-3" : "MQTT-2.2.1-4") : "MQTT-2.3.1-1";
    case MQTT_SUBSCRIBE:
    case MQTT_UNSUBSCRIBE:
        return V5 ? "MQTT-2.2.1-3" : "MQTT-2.3.1-1";
    case MQTT_PUBACK:
    case MQTT_PUBREC:
    case MQTT_PUBREL:
        return V5 ? "MQTT-2.2.1-5" : "MQTT-2.3.1-6";
    case MQTT_PUBCOMP:
        return V5 ? "MQTT-2.2.1-5" : "§2.3.1";
    default: /* SUBACK, UNSUBACK */
        return V5 ? "MQTT-2.2.1-6" : "MQTT-2.3.1-7";
    }
}

static mqtt_status read_packet_id(dctx *d, uint16_t *id)
{
    size_t at = cur_off(&d->c);
    if (!cur_u16(&d->c, id))
        return fail(d, MQTT_E_TRUNCATED, "packet_id", mqtt_section(d->t, 2));
    if (*id == 0)
        return fail_at(d, MQTT_E_PACKET_ID_ZERO, at, "packet_id", packet_id_stmt(d));
    return MQTT_OK;
}

static mqtt_status exact_rl(dctx *d, uint32_t rl, uint32_t want)
{
    if (rl != want)
        return fail_at(d, MQTT_E_REMAINING_LENGTH, 1, "remaining_length", mqtt_section(d->t, 1));
    return MQTT_OK;
}

/* --------------------------------------------------------------- CONNECT */

static mqtt_status dec_connect(dctx *d, mqtt_connect *c)
{
    size_t at = cur_off(&d->c);
    CHECK(need_lbytes(d, &c->protocol_name, "protocol_name", NULL));
    const char *want = d->v == MQTT_V31 ? "MQIsdp" : "MQTT";
    size_t wl = strlen(want);
    if (c->protocol_name.len != wl || memcmp(c->protocol_name.p, want, wl) != 0)
        return fail_at(d, MQTT_E_PROTOCOL_NAME, at, "protocol_name", NULL);
    uint8_t lvl, fl;
    at = cur_off(&d->c);
    if (!cur_u8(&d->c, &lvl))
        return fail(d, MQTT_E_TRUNCATED, "protocol_level", "§3.1.2");
    c->bridge = false;
    if ((lvl & 0x80) && (!d->pol || d->pol->allow_bridge_bit)) {
        c->bridge = true;
        lvl &= 0x7f;
    }
    c->protocol_level = lvl;
    if (lvl != (uint8_t)d->v)
        return fail_at(d, MQTT_E_PROTOCOL_LEVEL, at, "protocol_level", NULL);
    at = cur_off(&d->c);
    if (!cur_u8(&d->c, &fl) || !cur_u16(&d->c, &c->keep_alive))
        return fail(d, MQTT_E_TRUNCATED, "connect_flags", "§3.1.2");
    c->flags = fl;
    c->clean_start = fl & 0x02;
    c->will = fl & 0x04;
    c->will_qos = (fl >> 3) & 3;
    c->will_retain = fl & 0x20;
    c->has_password = fl & 0x40;
    c->has_username = fl & 0x80;
    if (fl & 0x01)
        return fail_at(d, MQTT_E_CONNECT_RESERVED, at, "connect_flags", NULL);
    if (!c->will && c->will_qos)
        return fail_at(d, MQTT_E_WILL_QOS_NO_WILL, at, "will_qos", NULL);
    if (!c->will && c->will_retain)
        return fail_at(d, MQTT_E_WILL_RETAIN_NO_WILL, at, "will_retain", NULL);
    if (c->will && c->will_qos == 3)
        return fail_at(d, MQTT_E_WILL_QOS3, at, "will_qos", NULL);
    if (d->v == MQTT_V311 && c->has_password && !c->has_username)
        return fail_at(d, MQTT_E_PASSWORD_NO_USER, at, "password_flag", NULL);
    CHECK(read_props(d, MQTT_PCTX_CONNECT, &c->props));

    at = cur_off(&d->c);
    CHECK(need_lbytes(d, &c->client_id, "client_id", "MQTT-3.1.3-3"));
    CHECK(check_utf8(d, c->client_id, "client_id", "MQTT-3.1.3-4"));
    if (d->v == MQTT_V31) {
        if (c->client_id.len == 0 || (c->client_id.len > 23 && !(d->pol && d->pol->allow_long_v31_client_id)))
            return fail_at(d, MQTT_E_CLIENT_ID_LENGTH, at, "client_id", NULL);
    } else if (d->v == MQTT_V311 && c->client_id.len == 0 && !c->clean_start) {
        return fail_at(d, MQTT_E_CLIENT_ID_EMPTY_PERSIST, at, "client_id", NULL);
    }

    c->will_props.p = NULL;
    c->will_props.len = 0;
    c->will_props.present = false;
    c->will_topic = c->will_payload = c->username = c->password = (mqtt_view){NULL, 0};
    if (c->will) {
        CHECK(read_props(d, MQTT_PCTX_WILL, &c->will_props));
        at = cur_off(&d->c);
        CHECK(need_lbytes(d, &c->will_topic, "will_topic", "MQTT-3.1.2-9"));
        CHECK(check_utf8(d, c->will_topic, "will_topic", V5 ? "MQTT-3.1.3-11" : "MQTT-3.1.3-10"));
        /* The Will Topic is published as a Topic Name, so Topic Name rules apply. */
        if (c->will_topic.len == 0)
            return fail_at(d, MQTT_E_TOPIC_EMPTY, at, "will_topic", NULL);
        if (memchr(c->will_topic.p, '+', c->will_topic.len) || memchr(c->will_topic.p, '#', c->will_topic.len))
            return fail_at(d, MQTT_E_TOPIC_WILDCARD, at, "will_topic", V5 ? "MQTT-4.7.0-1" : "MQTT-4.7.1-1");
        CHECK(need_lbytes(d, &c->will_payload, "will_payload", "MQTT-3.1.2-9"));
    }
    if (c->has_username) {
        CHECK(need_lbytes(d, &c->username, "username", V5 ? "MQTT-3.1.2-17" : "MQTT-3.1.2-19"));
        CHECK(check_utf8(d, c->username, "username", V5 ? "MQTT-3.1.3-12" : "MQTT-3.1.3-11"));
    }
    if (c->has_password)
        CHECK(need_lbytes(d, &c->password, "password", V5 ? "MQTT-3.1.2-19" : "MQTT-3.1.2-21"));
    if (cur_left(&d->c))
        return fail(d, MQTT_E_TRAILING, "payload", "MQTT-3.1.3-1");
    return MQTT_OK;
}

/* --------------------------------------------------------------- CONNACK */

static mqtt_status dec_connack(dctx *d, mqtt_connack *c, uint32_t rl)
{
    if (!V5)
        CHECK(exact_rl(d, rl, 2));
    if (!cur_u8(&d->c, &c->flags) || !cur_u8(&d->c, &c->code))
        return fail(d, MQTT_E_TRUNCATED, "connack", "§3.2.2");
    c->session_present = d->v != MQTT_V31 && (c->flags & 1);
    size_t hdr = cur_off(&d->c) - 2;
    /* 3.1 defines the first byte as unused; 3.1.1 and 5.0 reserve bits 7-1. */
    if (d->v != MQTT_V31 && (c->flags & 0xFE))
        return fail_at(d, MQTT_E_CONNACK_FLAGS, hdr, "connack_flags", NULL);
    if (V5) {
        if (!mqtt_reason_who(MQTT_CONNACK, c->code))
            return fail_at(d, MQTT_E_REASON_CODE, hdr + 1, "reason_code", "MQTT-3.2.2-8");
        if (c->session_present && c->code >= 0x80)
            return fail_at(d, MQTT_E_SESSION_PRESENT_ERROR, hdr, "session_present", NULL);
    } else {
        if (c->code > 5)
            return fail_at(d, MQTT_E_REASON_CODE, hdr + 1, "return_code", "§3.2.2.3");
        if (c->session_present && c->code)
            return fail_at(d, MQTT_E_SESSION_PRESENT_ERROR, hdr, "session_present", NULL);
    }
    return read_props(d, MQTT_PCTX_CONNACK, &c->props);
}

/* --------------------------------------------------------------- PUBLISH */

static mqtt_status dec_publish(dctx *d, mqtt_publish *p, uint8_t flags)
{
    p->dup = flags & 8;
    p->qos = (flags >> 1) & 3;
    p->retain = flags & 1;
    size_t at = cur_off(&d->c);
    if (!cur_lbytes(&d->c, &p->topic))
        return fail(d, MQTT_E_TRUNCATED, "topic_name", "MQTT-3.3.2-1");
    if (p->topic.len && !(mqtt_ascii_clean(p->topic.p, p->topic.len, true) &&
                          !(d->pol && d->pol->reject_control_chars))) {
        size_t bad = 0;
        mqtt_errcode e = mqtt_check_topic_utf8(p->topic.p, p->topic.len, d->pol, &bad);
        if (e) {
            return fail_at(d, e, at + 2 + bad, "topic_name", NULL);
        }
    }
    p->packet_id = 0;
    if (p->qos)
        CHECK(read_packet_id(d, &p->packet_id));
    CHECK(read_props(d, MQTT_PCTX_PUBLISH, &p->props));
    /* v5 allows an empty Topic Name only with a Topic Alias (§3.3.2.1). */
    if (p->topic.len == 0 && !(V5 && mqtt_props_find(&p->props, MQTT_PROP_TOPIC_ALIAS, NULL)))
        return fail_at(d, MQTT_E_TOPIC_EMPTY, at, "topic_name", V5 ? "§3.3.2.1" : NULL);
    p->payload.p = d->c.p;
    p->payload.len = cur_left(&d->c);
    d->c.p = d->c.end;
    return MQTT_OK;
}

/* ---------------------------------------------- PUBACK PUBREC PUBREL PUBCOMP */

static const char *ack_reason_stmt(mqtt_type t)
{
    switch (t) {
    case MQTT_PUBACK: return "MQTT-3.4.2-1";
    case MQTT_PUBREC: return "MQTT-3.5.2-1";
    case MQTT_PUBREL: return "MQTT-3.6.2-1";
    default: return "MQTT-3.7.2-1";
    }
}

static mqtt_status dec_ack(dctx *d, mqtt_ack *a, uint32_t rl, bool *noncanon)
{
    if (!V5)
        CHECK(exact_rl(d, rl, 2));
    CHECK(read_packet_id(d, &a->packet_id));
    a->has_reason = false;
    a->code = 0;
    a->props = (mqtt_props){NULL, 0, false};
    if (!V5 || !cur_left(&d->c))
        return MQTT_OK;
    size_t at = cur_off(&d->c);
    cur_u8(&d->c, &a->code);
    a->has_reason = true;
    if (!mqtt_reason_who(d->t, a->code))
        return fail_at(d, MQTT_E_REASON_CODE, at, "reason_code", ack_reason_stmt(d->t));
    if (!cur_left(&d->c)) {
        *noncanon = a->code == 0;
        return MQTT_OK;
    }
    CHECK(read_props(d, d->t == MQTT_PUBACK   ? MQTT_PCTX_PUBACK
                        : d->t == MQTT_PUBREC ? MQTT_PCTX_PUBREC
                        : d->t == MQTT_PUBREL ? MQTT_PCTX_PUBREL
                                              : MQTT_PCTX_PUBCOMP,
                     &a->props));
    *noncanon = a->props.len == 0;
    return MQTT_OK;
}

/* ------------------------------------------------- SUBSCRIBE UNSUBSCRIBE */

static mqtt_status check_filter(dctx *d, mqtt_view f, size_t at, const char *utf8_stmt)
{
    CHECK(check_utf8(d, f, "topic_filter", utf8_stmt));
    mqtt_errcode e = mqtt_check_topic_filter(f.p, f.len, d->v);
    if (!e)
        return MQTT_OK;
    const char *st = NULL;
    if (e == MQTT_E_SHARE_SYNTAX)
        st = (f.len > 7 && f.p[7] == '/') || f.len <= 7 ? "MQTT-4.8.2-1" : "MQTT-4.8.2-2";
    return fail_at(d, e, at, "topic_filter", st);
}

static bool is_shared(mqtt_view f) { return f.len > 7 && memcmp(f.p, "$share/", 7) == 0; }

static mqtt_status dec_subscribe(dctx *d, mqtt_subscribe *s)
{
    CHECK(read_packet_id(d, &s->packet_id));
    CHECK(read_props(d, MQTT_PCTX_SUBSCRIBE, &s->props));
    s->list.p = d->c.p;
    s->count = 0;
    if (!cur_left(&d->c))
        return fail(d, MQTT_E_NO_FILTERS, "payload", NULL);
    while (cur_left(&d->c)) {
        size_t at = cur_off(&d->c);
        mqtt_view f;
        uint8_t o;
        CHECK(need_lbytes(d, &f, "topic_filter", "§3.8.3"));
        CHECK(check_filter(d, f, at, "MQTT-3.8.3-1"));
        size_t oat = cur_off(&d->c);
        if (!cur_u8(&d->c, &o))
            return fail(d, MQTT_E_TRUNCATED, "subscription_options", "§3.8.3");
        if (V5) {
            if (o & 0xC0)
                return fail_at(d, MQTT_E_SUB_OPTIONS_RESERVED, oat, "subscription_options", NULL);
            if ((o & 3) == 3)
                return fail_at(d, MQTT_E_SUB_QOS, oat, "subscription_options", NULL);
            if (((o >> 4) & 3) == 3)
                return fail_at(d, MQTT_E_RETAIN_HANDLING, oat, "subscription_options", NULL);
            if ((o & 4) && is_shared(f))
                return fail_at(d, MQTT_E_SHARE_NO_LOCAL, oat, "subscription_options", NULL);
        } else {
            if (o & 0xFC)
                return fail_at(d, MQTT_E_SUB_OPTIONS_RESERVED, oat, "requested_qos", NULL);
            if ((o & 3) == 3)
                return fail_at(d, MQTT_E_SUB_QOS, oat, "requested_qos", NULL);
        }
        s->count++;
    }
    s->list.len = (size_t)(d->c.p - s->list.p);
    return MQTT_OK;
}

static mqtt_status dec_unsubscribe(dctx *d, mqtt_unsubscribe *u)
{
    CHECK(read_packet_id(d, &u->packet_id));
    CHECK(read_props(d, MQTT_PCTX_UNSUBSCRIBE, &u->props));
    u->list.p = d->c.p;
    u->count = 0;
    if (!cur_left(&d->c))
        return fail(d, MQTT_E_NO_FILTERS, "payload", "MQTT-3.10.3-2");
    while (cur_left(&d->c)) {
        size_t at = cur_off(&d->c);
        mqtt_view f;
        CHECK(need_lbytes(d, &f, "topic_filter", "§3.10.3"));
        CHECK(check_filter(d, f, at, "MQTT-3.10.3-1"));
        u->count++;
    }
    u->list.len = (size_t)(d->c.p - u->list.p);
    return MQTT_OK;
}

/* --------------------------------------------------------- SUBACK UNSUBACK */

static mqtt_status dec_suback(dctx *d, mqtt_suback *s, uint32_t rl)
{
    bool unsub = d->t == MQTT_UNSUBACK;
    if (unsub && !V5)
        CHECK(exact_rl(d, rl, 2));
    CHECK(read_packet_id(d, &s->packet_id));
    CHECK(read_props(d, unsub ? MQTT_PCTX_UNSUBACK : MQTT_PCTX_SUBACK, &s->props));
    s->codes.p = d->c.p;
    s->codes.len = cur_left(&d->c);
    if (unsub && !V5)
        return MQTT_OK;
    if (s->codes.len == 0)
        return fail(d, MQTT_E_NO_CODES, "reason_codes", unsub ? "§3.11.3" : NULL);
    for (size_t i = 0; i < s->codes.len; i++) {
        uint8_t c = s->codes.p[i];
        bool ok;
        if (V5)
            ok = mqtt_reason_who(d->t, c) != 0;
        else if (d->v == MQTT_V311)
            ok = c <= 2 || c == 0x80;
        else
            ok = c <= 2; /* 3.1 SUBACK carries granted QoS only */
        if (!ok)
            return fail_at(d, MQTT_E_REASON_CODE, (size_t)(s->codes.p - d->c.base) + i, "reason_code",
                           unsub ? "MQTT-3.11.3-2" : d->v == MQTT_V31 ? "§3.9.3" : "MQTT-3.9.3-2");
    }
    d->c.p = d->c.end;
    return MQTT_OK;
}

/* ----------------------------------------------------------- DISCONNECT AUTH */

static mqtt_status dec_reason_only(dctx *d, mqtt_reason_only *r, uint32_t rl, bool *noncanon)
{
    bool auth = d->t == MQTT_AUTH;
    r->has_reason = false;
    r->code = 0;
    r->props = (mqtt_props){NULL, 0, false};
    if (!V5)
        return exact_rl(d, rl, 0);
    size_t at = cur_off(&d->c);
    if (cur_left(&d->c)) {
        cur_u8(&d->c, &r->code);
        r->has_reason = true;
    }
    int who = mqtt_reason_who(d->t, r->code);
    const char *st = auth ? "MQTT-3.15.2-1" : "MQTT-3.14.2-1";
    if (!who)
        return fail_at(d, MQTT_E_REASON_CODE, at, "reason_code", st);
    if (!(who & (d->dir == MQTT_C2S ? 1 : 2)))
        return fail_at(d, MQTT_E_REASON_DIRECTION, at, "reason_code", st);
    if (!cur_left(&d->c)) {
        /* DISCONNECT may stop after the reason code (§3.14.2.2.1); AUTH may
         * only be empty as a whole (§3.15.2.2.1). */
        if (r->has_reason && auth)
            return fail(d, MQTT_E_TRUNCATED, "property_length", "§3.15.2.2.1");
        *noncanon = r->has_reason && r->code == 0;
        return MQTT_OK;
    }
    CHECK(read_props(d, auth ? MQTT_PCTX_AUTH : MQTT_PCTX_DISCONNECT, &r->props));
    *noncanon = r->props.len == 0 && (!auth || r->code == 0);
    return MQTT_OK;
}

/* --------------------------------------------------------------- dispatch */

/* Which types each role may send: bit t set = allowed. */
#define B(t) (1u << MQTT_##t)
static const uint16_t from_client = B(CONNECT) | B(PUBLISH) | B(PUBACK) | B(PUBREC) | B(PUBREL) |
                                    B(PUBCOMP) | B(SUBSCRIBE) | B(UNSUBSCRIBE) | B(PINGREQ) |
                                    B(DISCONNECT) | B(AUTH);
static const uint16_t from_server = B(CONNACK) | B(PUBLISH) | B(PUBACK) | B(PUBREC) | B(PUBREL) |
                                    B(PUBCOMP) | B(SUBACK) | B(UNSUBACK) | B(PINGRESP) |
                                    B(DISCONNECT) | B(AUTH);

static mqtt_status check_flags(dctx *d, uint8_t flags)
{
    uint8_t want = 0, mask = 0x0F;
    const char *st = NULL;
    switch (d->t) {
    case MQTT_PUBLISH: {
        uint8_t qos = (flags >> 1) & 3;
        if (qos == 3)
            return fail_at(d, MQTT_E_QOS3, 0, "qos", NULL);
        if (qos == 0 && (flags & 8))
            return fail_at(d, MQTT_E_DUP_QOS0, 0, "dup", NULL);
        return MQTT_OK;
    }
    case MQTT_PUBREL: want = 2; st = "MQTT-3.6.1-1"; break;
    case MQTT_SUBSCRIBE: want = 2; st = "MQTT-3.8.1-1"; break;
    case MQTT_UNSUBSCRIBE: want = 2; st = "MQTT-3.10.1-1"; break;
    case MQTT_DISCONNECT: st = "MQTT-3.14.1-1"; break;
    case MQTT_AUTH: st = "MQTT-3.15.1-1"; break;
    default: break;
    }
    /* 3.1 sent these three with QoS 1 and allowed DUP on a resend. */
    if (d->v == MQTT_V31 && want == 2)
        mask = 0x07;
    if ((flags & mask) != want)
        return fail_at(d, MQTT_E_FIXED_FLAGS, 0, "flags", st);
    return MQTT_OK;
}

/* The general decoder: every packet type, every rule, every error. The
 * header-inline mqtt_decode sends here whatever its PUBLISH path does not
 * take. */
static mqtt_status decode_general(const uint8_t *buf, size_t len,
                                                            const mqtt_decode_opts *opts, mqtt_packet *out,
                                                            mqtt_error *err)
{
    dctx dd, *d = &dd;
    d->v = opts ? opts->version : MQTT_V5;
    d->dir = opts ? opts->dir : MQTT_C2S;
    d->pol = opts ? opts->policy : NULL;
    d->err = err;
    d->t = MQTT_RESERVED0;
    d->c.base = buf;
    d->c.p = buf;
    d->c.end = buf ? buf + len : buf;
    if (!buf || !opts || !out || (d->v != MQTT_V31 && d->v != MQTT_V311 && d->v != MQTT_V5)) {
        d->v = MQTT_V5;
        return fail_at(d, MQTT_E_BAD_ARGUMENT, 0, "arguments", NULL);
    }
    if (len < 2)
        return fail_at(d, MQTT_E_TRUNCATED, len, "fixed_header", "§2.2.3");
    uint8_t b0 = buf[0];
    d->t = (mqtt_type)(b0 >> 4);
    d->c.p = buf + 1;
    uint32_t rl;
    mqtt_errcode e = cur_vbi(&d->c, &rl);
    if (e)
        return fail_at(d, e == MQTT_E_NONE ? MQTT_E_TRUNCATED : e, 1, "remaining_length",
                       e == MQTT_E_TRUNCATED ? (V5 ? "§2.1.4" : "§2.2.3") : NULL);
    size_t hl = (size_t)(d->c.p - buf);
    if (rl > len - hl)
        return fail_at(d, MQTT_E_TRUNCATED, 1, "remaining_length", NULL);
    if (rl < len - hl)
        return fail_at(d, MQTT_E_BAD_ARGUMENT, hl + rl, "buffer holds more than one packet", NULL);
    if (d->pol && d->pol->max_packet_size && len > d->pol->max_packet_size)
        return fail_at(d, MQTT_E_PACKET_TOO_LARGE, 0, "remaining_length", NULL);
    if (d->t == MQTT_RESERVED0 || (d->t == MQTT_AUTH && !V5))
        return fail_at(d, MQTT_E_RESERVED_TYPE, 0, "packet_type", NULL);
    uint16_t allowed = d->dir == MQTT_C2S ? from_client : from_server;
    if (!V5 && d->dir == MQTT_S2C)
        allowed &= (uint16_t)~B(DISCONNECT); /* 3.x: only clients send DISCONNECT */
    if (!(allowed & (1u << d->t)))
        return fail_at(d, MQTT_E_WRONG_DIRECTION, 0, "packet_type", NULL);
    uint8_t flags = b0 & 0x0F;
    CHECK(check_flags(d, flags));

    out->type = d->t;
    out->flags = flags;
    out->remaining = rl;
    out->total = hl + rl;
    out->noncanonical = false;
    mqtt_status st;
    switch (d->t) {
    case MQTT_CONNECT: st = dec_connect(d, &out->u.connect); break;
    case MQTT_CONNACK: st = dec_connack(d, &out->u.connack, rl); break;
    case MQTT_PUBLISH: st = dec_publish(d, &out->u.publish, flags); break;
    case MQTT_PUBACK:
    case MQTT_PUBREC:
    case MQTT_PUBREL:
    case MQTT_PUBCOMP: st = dec_ack(d, &out->u.ack, rl, &out->noncanonical); break;
    case MQTT_SUBSCRIBE: st = dec_subscribe(d, &out->u.subscribe); break;
    case MQTT_SUBACK:
    case MQTT_UNSUBACK: st = dec_suback(d, &out->u.suback, rl); break;
    case MQTT_UNSUBSCRIBE: st = dec_unsubscribe(d, &out->u.unsubscribe); break;
    case MQTT_PINGREQ:
    case MQTT_PINGRESP: st = exact_rl(d, rl, 0); break;
    default: st = dec_reason_only(d, &out->u.reason, rl, &out->noncanonical); break;
    }
    if (st != MQTT_OK)
        return st;
    if (cur_left(&d->c))
        return fail(d, MQTT_E_TRAILING, "payload", mqtt_section(d->t, 2));
    /* 3.1 allowed DUP on a resent PUBREL/SUBSCRIBE/UNSUBSCRIBE; the encoder
     * writes the plain form, so such a packet is valid but not canonical. */
    if (d->v == MQTT_V31 && (flags & 8) &&
        (d->t == MQTT_PUBREL || d->t == MQTT_SUBSCRIBE || d->t == MQTT_UNSUBSCRIBE))
        out->noncanonical = true;
    return MQTT_OK;
}

/* mqtt_decode is header-inline (mqttcodec_inline.h) over mqtt_decode_general. */
mqtt_status mqtt_decode_general(const uint8_t *buf, size_t len, const mqtt_decode_opts *opts, mqtt_packet *out,
                                mqtt_error *err)
{
    return decode_general(buf, len, opts, out, err);
}

mqtt_status mqtt_next_general(const uint8_t *buf, size_t len, const mqtt_decode_opts *opts, mqtt_frame *fr,
                              mqtt_packet *out, mqtt_error *err)
{
    mqtt_status st = mqtt_frame_next_general(buf, len, opts, fr, err);
    if (st != MQTT_OK)
        return st;
    return mqtt_decode(buf, fr->total, opts, out, err);
}

int mqtt_connect_version(const uint8_t *buf, size_t len)
{
    /* 10 RL.. 00 04 'MQTT' lvl  |  10 RL.. 00 06 'MQIsdp' 03 */
    if (len < 2 || buf[0] != 0x10)
        return 0;
    cur c = {buf + 1, buf + len, buf};
    uint32_t rl;
    mqtt_view name;
    uint8_t lvl;
    if (cur_vbi(&c, &rl) || !cur_lbytes(&c, &name) || !cur_u8(&c, &lvl))
        return 0;
    lvl &= 0x7f;
    if (name.len == 6 && !memcmp(name.p, "MQIsdp", 6) && lvl == 3)
        return 3;
    if (name.len == 4 && !memcmp(name.p, "MQTT", 4) && (lvl == 4 || lvl == 5))
        return lvl;
    return 0;
}

/* -------------------------------------------------------------- iterators */

void mqtt_sub_iter_init(mqtt_list_iter *it, const mqtt_subscribe *s, mqtt_version v)
{
    it->p = s->list.p;
    it->end = s->list.p ? s->list.p + s->list.len : NULL;
    it->v5 = v == MQTT_V5;
    it->with_options = true;
}

bool mqtt_sub_next(mqtt_list_iter *it, mqtt_sub_entry *out)
{
    if (!it->p || it->p >= it->end)
        return false;
    cur c = {it->p, it->end, it->p};
    uint8_t o;
    if (!cur_lbytes(&c, &out->filter) || !cur_u8(&c, &o)) {
        it->p = it->end;
        return false;
    }
    out->options = o;
    out->qos = o & 3;
    out->no_local = it->v5 && (o & 4);
    out->retain_as_published = it->v5 && (o & 8);
    out->retain_handling = it->v5 ? (o >> 4) & 3 : 0;
    it->p = c.p;
    return true;
}

void mqtt_unsub_iter_init(mqtt_list_iter *it, const mqtt_unsubscribe *u)
{
    it->p = u->list.p;
    it->end = u->list.p ? u->list.p + u->list.len : NULL;
    it->v5 = false;
    it->with_options = false;
}

bool mqtt_unsub_next(mqtt_list_iter *it, mqtt_view *filter)
{
    if (!it->p || it->p >= it->end)
        return false;
    cur c = {it->p, it->end, it->p};
    if (!cur_lbytes(&c, filter)) {
        it->p = it->end;
        return false;
    }
    it->p = c.p;
    return true;
}
