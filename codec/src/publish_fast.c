/* The out-of-line parts of the header-inline PUBLISH path (mqttcodec_inline.h):
 * topics longer than one vector, and the v5 property block. Both check exactly
 * the rules the general decoder applies; whatever they do not handle inline
 * (non-ASCII text, a Subscription Identifier, a block of 128+ bytes, any
 * error) they answer "false" and the general decoder takes the packet from
 * the start, so every error still comes from one place. */
#include "internal.h"

/* Text longer than one vector, or too near the end of the buffer for one
 * (mqttcodec_inline.h declares it for the topic check of callers outside
 * the codec, whose mqtt_next would otherwise send every topic over 16 bytes
 * through the general decoder): 16 bytes per step where SSE2 is there (the
 * tail as one overlapping vector), else a word at a time; wild and ctl are
 * constants in each copy. */
__attribute__((always_inline)) static inline bool text_ok(const uint8_t *s, size_t n, size_t avail, bool wild,
                                                          bool ctl)
{
#ifdef MQTT__SSE2
    if (n >= 16) {
        size_t i = 0;
        for (; i + 16 <= n; i += 16)
            if (!mqtt__vec16_ok(s + i, 16, wild, ctl))
                return false;
        return i == n || mqtt__vec16_ok(s + n - 16, 16, wild, ctl);
    }
#endif
    return mqtt__ascii_ok(s, n, avail, wild, ctl);
}

__attribute__((noinline)) bool mqtt__text_ok(const uint8_t *s, size_t n, size_t avail, bool wild, bool ctl)
{
    if (wild)
        return ctl ? text_ok(s, n, avail, true, true) : text_ok(s, n, avail, true, false);
    return ctl ? text_ok(s, n, avail, false, true) : text_ok(s, n, avail, false, false);
}

/* A length-prefixed ASCII string at p with left bytes in the block; returns
 * its total size (2 + length), or 0 when the general decoder must judge. */
__attribute__((always_inline)) static inline size_t ascii_field(const uint8_t *p, size_t left, size_t avail,
                                                                bool wild, bool ctl)
{
    if (left < 2)
        return 0;
    size_t n = mqtt__be16(p);
    if (left - 2 < n)
        return 0;
#ifdef MQTT__SSE2
    if (n <= 16 && avail >= 18) {
        if (!mqtt__vec16_ok(p + 2, n, wild, ctl))
            return 0;
        return n + 2;
    }
#endif
    if (!mqtt__text_ok(p + 2, n, avail - 2, wild, ctl))
        return 0;
    return n + 2;
}

/* PUBLISH properties (v5 §3.3.2.3): Payload Format Indicator 0/1, Message
 * Expiry, Topic Alias != 0, Content Type, Response Topic (no wildcards),
 * Correlation Data (once each) and any number of User Properties, text all
 * ASCII. An empty topic needs a Topic Alias (§3.3.2.1). Everything else
 * (Subscription Identifier: direction rules; unknown ids; errors) is the
 * general decoder's. */
__attribute__((always_inline)) static inline bool props_ok(const uint8_t *p, const uint8_t *end, size_t avail, bool ctl, bool empty_topic,
                     mqtt_publish *pub)
{
    if (p >= end || *p >= 0x80)
        return false; /* property blocks of 128+ bytes go the general way */
    size_t blen = *p++;
    avail--;
    if ((size_t)(end - p) < blen)
        return false;
    pub->props.p = p;
    pub->props.len = blen;
    pub->props.present = true;
    const uint8_t *bend = p + blen;
    /* readable bytes past the block's end: the vector checks may look there */
    size_t slack = avail - blen;
    /* A duplicate is noted without a branch and judged once at the end:
     * the answer is "false" either way, so no verdict moves. */
    uint64_t seen = 0, dup = 0;
    while (p < bend) {
        unsigned id = *p++;
        size_t left = (size_t)(bend - p), n;
        switch (id) {
        case MQTT_PROP_USER_PROPERTY: { /* repeatable */
            size_t k = ascii_field(p, left, left + slack, false, ctl);
            if (!k)
                return false;
            size_t v = ascii_field(p + k, left - k, left - k + slack, false, ctl);
            if (!v)
                return false;
            p += k + v;
            continue;
        }
        case MQTT_PROP_CONTENT_TYPE:
            if (!(n = ascii_field(p, left, left + slack, false, ctl)))
                return false;
            break;
        case MQTT_PROP_RESPONSE_TOPIC: /* no wildcards */
            if (!(n = ascii_field(p, left, left + slack, true, ctl)))
                return false;
            break;
        case MQTT_PROP_CORRELATION_DATA: /* binary: any bytes */
            if (left < 2 || left - 2 < mqtt__be16(p))
                return false;
            n = 2 + (size_t)mqtt__be16(p);
            break;
        case MQTT_PROP_MESSAGE_EXPIRY_INTERVAL:
            if (left < 4)
                return false;
            n = 4;
            break;
        case MQTT_PROP_TOPIC_ALIAS:
            if (left < 2 || mqtt__be16(p) == 0)
                return false;
            n = 2;
            break;
        case MQTT_PROP_PAYLOAD_FORMAT_INDICATOR:
            if (left < 1 || p[0] > 1)
                return false;
            n = 1;
            break;
        default: /* Subscription Identifier, ids not allowed in PUBLISH, unknown ids */
            return false;
        }
        dup |= seen & (1ull << id);
        seen |= 1ull << id;
        p += n;
    }
    if (dup)
        return false;
    return !empty_topic || ((seen >> MQTT_PROP_TOPIC_ALIAS) & 1);
}

bool mqtt__publish_v5_rest(const uint8_t *buf, size_t len, size_t hl, size_t rl, const uint8_t *p, bool ctl,
                           mqtt_packet *out)
{
    mqtt_publish *pub = &out->u.publish;
    const uint8_t *end = buf + hl + rl;
    /* ctl as a constant in each copy: no test of it per text field */
    bool ok = ctl ? props_ok(p, end, (size_t)(buf + len - p), true, pub->topic.len == 0, pub)
                  : props_ok(p, end, (size_t)(buf + len - p), false, pub->topic.len == 0, pub);
    if (!ok)
        return false;
    p = pub->props.p + pub->props.len;
    unsigned b0 = buf[0];
    pub->payload.p = p;
    pub->payload.len = (size_t)(end - p);
    pub->dup = (b0 & 8) != 0;
    pub->qos = (uint8_t)((b0 >> 1) & 3);
    pub->retain = b0 & 1;
    out->type = MQTT_PUBLISH;
    out->flags = (uint8_t)(b0 & 15);
    out->remaining = (uint32_t)rl;
    out->total = hl + rl;
    out->noncanonical = false;
    return true;
}
