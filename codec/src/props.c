/* MQTT 5 properties (v5 §2.2.2): one table says each identifier's type, the
 * packets it may appear in and where the spec defines it. The decoder runs
 * mqtt_props_validate once per block; the iterator then trusts that pass. */
#include "internal.h"

#define C(x) (1u << MQTT_PCTX_##x)
#define ALL_CTX ((1u << MQTT_PCTX_COUNT) - 1u)
#define ACKS (C(PUBACK) | C(PUBREC) | C(PUBREL) | C(PUBCOMP))
#define MSG (C(PUBLISH) | C(WILL))

typedef struct propdef {
    const char *name;
    uint16_t ctx;     /* contexts it may appear in */
    const char *sect; /* v5 section that defines it */
} propdef;

/* The type of each property: the header-inline iterator reads this table. */
const uint8_t mqtt_prop_types[64] = {
    [0x01] = MQTT_PT_BYTE, /* Payload Format Indicator */
    [0x02] = MQTT_PT_U32, /* Message Expiry Interval */
    [0x03] = MQTT_PT_UTF8, /* Content Type */
    [0x08] = MQTT_PT_UTF8, /* Response Topic */
    [0x09] = MQTT_PT_BINARY, /* Correlation Data */
    [0x0B] = MQTT_PT_VBI, /* Subscription Identifier */
    [0x11] = MQTT_PT_U32, /* Session Expiry Interval */
    [0x12] = MQTT_PT_UTF8, /* Assigned Client Identifier */
    [0x13] = MQTT_PT_U16, /* Server Keep Alive */
    [0x15] = MQTT_PT_UTF8, /* Authentication Method */
    [0x16] = MQTT_PT_BINARY, /* Authentication Data */
    [0x17] = MQTT_PT_BYTE, /* Request Problem Information */
    [0x18] = MQTT_PT_U32, /* Will Delay Interval */
    [0x19] = MQTT_PT_BYTE, /* Request Response Information */
    [0x1A] = MQTT_PT_UTF8, /* Response Information */
    [0x1C] = MQTT_PT_UTF8, /* Server Reference */
    [0x1F] = MQTT_PT_UTF8, /* Reason String */
    [0x21] = MQTT_PT_U16, /* Receive Maximum */
    [0x22] = MQTT_PT_U16, /* Topic Alias Maximum */
    [0x23] = MQTT_PT_U16, /* Topic Alias */
    [0x24] = MQTT_PT_BYTE, /* Maximum QoS */
    [0x25] = MQTT_PT_BYTE, /* Retain Available */
    [0x26] = MQTT_PT_PAIR, /* User Property */
    [0x27] = MQTT_PT_U32, /* Maximum Packet Size */
    [0x28] = MQTT_PT_BYTE, /* Wildcard Subscription Available */
    [0x29] = MQTT_PT_BYTE, /* Subscription Identifier Available */
    [0x2A] = MQTT_PT_BYTE, /* Shared Subscription Available */
};

static const propdef props[0x2B] = {
    [0x01] = {"Payload Format Indicator", MSG, "§3.3.2.3.2"},
    [0x02] = {"Message Expiry Interval", MSG, "§3.3.2.3.3"},
    [0x03] = {"Content Type", MSG, "§3.3.2.3.9"},
    [0x08] = {"Response Topic", MSG, "§3.3.2.3.5"},
    [0x09] = {"Correlation Data", MSG, "§3.3.2.3.6"},
    [0x0B] = {"Subscription Identifier", C(PUBLISH) | C(SUBSCRIBE), "§3.3.2.3.8"},
    [0x11] = {"Session Expiry Interval", C(CONNECT) | C(CONNACK) | C(DISCONNECT), "§3.1.2.11.2"},
    [0x12] = {"Assigned Client Identifier", C(CONNACK), "§3.2.2.3.7"},
    [0x13] = {"Server Keep Alive", C(CONNACK), "§3.2.2.3.14"},
    [0x15] = {"Authentication Method", C(CONNECT) | C(CONNACK) | C(AUTH), "§3.1.2.11.9"},
    [0x16] = {"Authentication Data", C(CONNECT) | C(CONNACK) | C(AUTH), "§3.1.2.11.10"},
    [0x17] = {"Request Problem Information", C(CONNECT), "§3.1.2.11.7"},
    [0x18] = {"Will Delay Interval", C(WILL), "§3.1.3.2.2"},
    [0x19] = {"Request Response Information", C(CONNECT), "§3.1.2.11.6"},
    [0x1A] = {"Response Information", C(CONNACK), "§3.2.2.3.15"},
    [0x1C] = {"Server Reference", C(CONNACK) | C(DISCONNECT), "§3.2.2.3.16"},
    [0x1F] = {"Reason String",
              C(CONNACK) | ACKS | C(SUBACK) | C(UNSUBACK) | C(DISCONNECT) | C(AUTH), "§3.2.2.3.9"},
    [0x21] = {"Receive Maximum", C(CONNECT) | C(CONNACK), "§3.1.2.11.3"},
    [0x22] = {"Topic Alias Maximum", C(CONNECT) | C(CONNACK), "§3.1.2.11.5"},
    [0x23] = {"Topic Alias", C(PUBLISH), "§3.3.2.3.4"},
    [0x24] = {"Maximum QoS", C(CONNACK), "§3.2.2.3.4"},
    [0x25] = {"Retain Available", C(CONNACK), "§3.2.2.3.5"},
    [0x26] = {"User Property", ALL_CTX, "§3.1.2.11.8"},
    [0x27] = {"Maximum Packet Size", C(CONNECT) | C(CONNACK), "§3.1.2.11.4"},
    [0x28] = {"Wildcard Subscription Available", C(CONNACK), "§3.2.2.3.11"},
    [0x29] = {"Subscription Identifier Available", C(CONNACK), "§3.2.2.3.12"},
    [0x2A] = {"Shared Subscription Available", C(CONNACK), "§3.2.2.3.13"},
};

mqtt_prop_type mqtt_prop_type_of(uint8_t id) { return id < 0x2B ? mqtt_prop_types[id] : MQTT_PT_NONE; }
const char *mqtt_prop_name(uint8_t id) { return id < 0x2B ? props[id].name : NULL; }

bool mqtt_prop_allowed(uint8_t id, mqtt_prop_ctx ctx)
{
    return id < 0x2B && mqtt_prop_types[id] != MQTT_PT_NONE && (props[id].ctx & (1u << ctx));
}

/* Reads one value of type t; false when it runs past the block. The value is
 * read, not judged: mqtt_props_validate judges. */
static bool read_value(cur *c, mqtt_prop_type t, mqtt_prop *out, mqtt_errcode *vbi_err)
{
    uint8_t b;
    uint16_t h;
    *vbi_err = MQTT_E_NONE;
    switch (t) {
    case MQTT_PT_BYTE:
        if (!cur_u8(c, &b))
            return false;
        out->v.u = b;
        return true;
    case MQTT_PT_U16:
        if (!cur_u16(c, &h))
            return false;
        out->v.u = h;
        return true;
    case MQTT_PT_U32:
        return cur_u32(c, &out->v.u);
    case MQTT_PT_VBI:
        *vbi_err = cur_vbi(c, &out->v.u);
        return *vbi_err == MQTT_E_NONE;
    case MQTT_PT_UTF8:
    case MQTT_PT_BINARY:
        return cur_lbytes(c, &out->v.s);
    case MQTT_PT_PAIR:
        return cur_lbytes(c, &out->v.pair.k) && cur_lbytes(c, &out->v.pair.v);
    default:
        return false;
    }
}

static bool is_flag_byte(uint8_t id)
{
    return id == 0x17 || id == 0x19 || id == 0x25 || id == 0x28 || id == 0x29 || id == 0x2A;
}

mqtt_status mqtt_props_validate(const mqtt_props *pr, mqtt_prop_ctx ctx, mqtt_direction dir,
                                const mqtt_policy *pol, size_t base, mqtt_error *err)
{
    cur c = {pr->p, pr->p + pr->len, pr->p};
    uint64_t seen = 0;
    bool auth_data = false;
    size_t auth_data_off = 0;
    const mqtt_version V = MQTT_V5;
#define FAIL(code, field, stmt)                                                     \
    do {                                                                            \
        mqtt_set_error(err, (code), V, base + at, (field), (stmt));                 \
        return err ? err->status : MQTT_MALFORMED;                                  \
    } while (0)
    while (cur_left(&c) > 0) {
        size_t at = cur_off(&c);
        uint32_t id32;
        mqtt_errcode e = cur_vbi(&c, &id32);
        if (e == MQTT_E_TRUNCATED)
            FAIL(MQTT_E_TRUNCATED, "property_id", "§2.2.2.2");
        if (e)
            FAIL(e, "property_id", "§2.2.2.2");
        if (id32 >= 0x2B || mqtt_prop_types[id32] == MQTT_PT_NONE)
            FAIL(MQTT_E_PROP_UNKNOWN, "property_id", NULL);
        uint8_t id = (uint8_t)id32;
        const propdef *d = &props[id];
        if (!(d->ctx & (1u << ctx)))
            FAIL(MQTT_E_PROP_NOT_ALLOWED, d->name, NULL);
        mqtt_prop p = {.id = id, .type = (mqtt_prop_type)mqtt_prop_types[id]};
        mqtt_errcode ve;
        if (!read_value(&c, p.type, &p, &ve))
            FAIL(ve ? ve : MQTT_E_TRUNCATED, d->name, ve == MQTT_E_VBI_NOT_MINIMAL ? NULL : "§2.2.2.2");
        /* Repeats: User Property anywhere; Subscription Identifier only in a
         * server's PUBLISH (one per matching subscription, §3.3.4). */
        bool repeatable = id == MQTT_PROP_USER_PROPERTY ||
                          (id == MQTT_PROP_SUBSCRIPTION_IDENTIFIER && ctx == MQTT_PCTX_PUBLISH && dir == MQTT_S2C);
        if (!repeatable && (seen & (1ull << id)))
            FAIL(MQTT_E_PROP_DUPLICATE, d->name, d->sect);
        seen |= 1ull << id;
        switch (p.type) {
        case MQTT_PT_UTF8: {
            size_t bad = 0;
            mqtt_errcode ue = mqtt_check_utf8(p.v.s.p, p.v.s.len, pol, &bad);
            if (ue) {
                at = (size_t)(p.v.s.p - pr->p) + bad;
                FAIL(ue, d->name, NULL);
            }
            break;
        }
        case MQTT_PT_PAIR: {
            size_t bad = 0;
            mqtt_errcode ue = mqtt_check_utf8(p.v.pair.k.p, p.v.pair.k.len, pol, &bad);
            if (!ue)
                ue = mqtt_check_utf8(p.v.pair.v.p, p.v.pair.v.len, pol, &bad);
            if (ue)
                FAIL(ue, d->name, NULL);
            break;
        }
        default:
            break;
        }
        switch (id) {
        case MQTT_PROP_PAYLOAD_FORMAT_INDICATOR:
            if (p.v.u > 1 && !(pol && pol->allow_pfi_other))
                FAIL(MQTT_E_PFI_VALUE, d->name, NULL);
            break;
        case MQTT_PROP_SUBSCRIPTION_IDENTIFIER:
            if (ctx == MQTT_PCTX_PUBLISH && dir == MQTT_C2S)
                FAIL(MQTT_E_SUBID_FROM_CLIENT, d->name, NULL);
            if (p.v.u == 0 && !(ctx == MQTT_PCTX_PUBLISH && pol && pol->allow_subid_zero_in_publish))
                FAIL(MQTT_E_PROP_VALUE, d->name, ctx == MQTT_PCTX_SUBSCRIBE ? "§3.8.2.1.2" : d->sect);
            break;
        case MQTT_PROP_SESSION_EXPIRY_INTERVAL:
            if (ctx == MQTT_PCTX_DISCONNECT && dir == MQTT_S2C)
                FAIL(MQTT_E_PROP_DIRECTION, d->name, NULL);
            break;
        case MQTT_PROP_RECEIVE_MAXIMUM:
        case MQTT_PROP_MAXIMUM_PACKET_SIZE:
            if (p.v.u == 0)
                FAIL(MQTT_E_PROP_VALUE, d->name, d->sect);
            break;
        case MQTT_PROP_MAXIMUM_QOS:
            if (p.v.u > 1)
                FAIL(MQTT_E_PROP_VALUE, d->name, d->sect);
            break;
        case MQTT_PROP_TOPIC_ALIAS:
            if (p.v.u == 0)
                FAIL(MQTT_E_TOPIC_ALIAS_ZERO, d->name, NULL);
            break;
        case MQTT_PROP_RESPONSE_TOPIC:
            /* A Response Topic is a Topic Name: no wildcards [MQTT-3.3.2-14]. */
            if (memchr(p.v.s.p, '+', p.v.s.len) || memchr(p.v.s.p, '#', p.v.s.len))
                FAIL(MQTT_E_RESPONSE_TOPIC, d->name, NULL);
            break;
        case MQTT_PROP_AUTHENTICATION_DATA:
            auth_data = true;
            auth_data_off = at;
            break;
        default:
            if (is_flag_byte(id) && p.v.u > 1)
                FAIL(MQTT_E_PROP_VALUE, d->name, d->sect);
            break;
        }
    }
    if (auth_data && !(seen & (1ull << MQTT_PROP_AUTHENTICATION_METHOD))) {
        size_t at = auth_data_off;
        FAIL(MQTT_E_PROP_AUTH_DATA_NO_METHOD, "Authentication Data", NULL);
    }
#undef FAIL
    return MQTT_OK;
}

/* mqtt_prop_iter_init and mqtt_prop_next are header-inline (mqttcodec_inline.h). */

bool mqtt_props_find(const mqtt_props *pr, uint8_t id, mqtt_prop *out)
{
    mqtt_prop_iter it;
    mqtt_prop p;
    mqtt_prop_iter_init(&it, pr);
    while (mqtt_prop_next(&it, &p))
        if (p.id == id) {
            if (out)
                *out = p;
            return true;
        }
    return false;
}

/* ------------------------------------------------------------- builder */

void mqtt_pb_init(mqtt_props_builder *pb, uint8_t *buf, size_t cap)
{
    pb->buf = buf;
    pb->cap = cap;
    pb->len = 0;
    pb->overflow = false;
}

static bool pb_put(mqtt_props_builder *pb, const uint8_t *tmp, size_t n, const void *tail, size_t tn)
{
    if (pb->overflow || pb->cap - pb->len < n + tn) {
        pb->overflow = true;
        return false;
    }
    memcpy(pb->buf + pb->len, tmp, n);
    if (tn)
        memcpy(pb->buf + pb->len + n, tail, tn);
    pb->len += n + tn;
    return true;
}

bool mqtt_pb_byte(mqtt_props_builder *pb, uint8_t id, uint8_t v)
{
    uint8_t t[2] = {id, v};
    return pb_put(pb, t, 2, NULL, 0);
}
bool mqtt_pb_u16(mqtt_props_builder *pb, uint8_t id, uint16_t v)
{
    uint8_t t[3] = {id, (uint8_t)(v >> 8), (uint8_t)v};
    return pb_put(pb, t, 3, NULL, 0);
}
bool mqtt_pb_u32(mqtt_props_builder *pb, uint8_t id, uint32_t v)
{
    uint8_t t[5] = {id, (uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};
    return pb_put(pb, t, 5, NULL, 0);
}
bool mqtt_pb_vbi(mqtt_props_builder *pb, uint8_t id, uint32_t v)
{
    uint8_t t[5] = {id};
    size_t n = mqtt_vbi_write(v, t + 1, 4);
    if (!n) {
        pb->overflow = true;
        return false;
    }
    return pb_put(pb, t, 1 + n, NULL, 0);
}
bool mqtt_pb_str(mqtt_props_builder *pb, uint8_t id, const char *s, size_t len)
{
    return mqtt_pb_bin(pb, id, (const uint8_t *)s, len);
}
bool mqtt_pb_bin(mqtt_props_builder *pb, uint8_t id, const uint8_t *b, size_t len)
{
    if (len > 65535) {
        pb->overflow = true;
        return false;
    }
    uint8_t t[3] = {id, (uint8_t)(len >> 8), (uint8_t)len};
    return pb_put(pb, t, 3, b, len);
}
bool mqtt_pb_pair(mqtt_props_builder *pb, const char *k, size_t klen, const char *v, size_t vlen)
{
    if (klen > 65535 || vlen > 65535) {
        pb->overflow = true;
        return false;
    }
    uint8_t t[3] = {MQTT_PROP_USER_PROPERTY, (uint8_t)(klen >> 8), (uint8_t)klen};
    uint8_t t2[2] = {(uint8_t)(vlen >> 8), (uint8_t)vlen};
    size_t save = pb->len;
    if (!pb_put(pb, t, 3, k, klen) || !pb_put(pb, t2, 2, v, vlen)) {
        pb->len = save;
        pb->overflow = true;
        return false;
    }
    return true;
}
mqtt_props mqtt_pb_props(const mqtt_props_builder *pb)
{
    mqtt_props p = {pb->buf, pb->len, true};
    return p;
}
