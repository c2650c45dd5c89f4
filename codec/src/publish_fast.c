/* The out-of-line parts of the header-inline PUBLISH path (mqttcodec_inline.h):
 * topics longer than one vector, and the v5 property block. Both check exactly
 * the rules the general decoder applies; whatever they do not handle inline
 * (non-ASCII text, a Subscription Identifier, a block of 128+ bytes, any
 * error) they answer "false" and the general decoder takes the packet from
 * the start, so every error still comes from one place. */
#include "internal.h"

/* A length-prefixed ASCII string at p with left bytes in the block; returns
 * its total size (2 + length), or 0 when the general decoder must judge. */
__attribute__((always_inline)) static inline size_t ascii_field(const uint8_t *p, size_t left, size_t avail, bool wild, bool ctl)
{
    if (left < 2)
        return 0;
    size_t n = mqtt__be16(p);
    if (left - 2 < n || !mqtt__ascii_ok(p + 2, n, avail - 2, wild, ctl))
        return 0;
    return n + 2;
}

/* PUBLISH properties (v5 §3.3.2.3): Payload Format Indicator 0/1, Message
 * Expiry, Topic Alias != 0, Content Type, Response Topic (no wildcards),
 * Correlation Data (once each) and any number of User Properties, text all
 * ASCII. An empty topic needs a Topic Alias (§3.3.2.1). */
static bool props_ok(const uint8_t *p, const uint8_t *end, size_t avail, bool ctl, bool empty_topic,
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
    uint32_t seen = 0; /* bit per id; Topic Alias takes bit 0x1F, not a PUBLISH id */
    bool alias = false;
    while (p < bend) {
        unsigned id = *p++;
        size_t left = (size_t)(bend - p), n;
        avail--;
        switch (id) {
        case MQTT_PROP_PAYLOAD_FORMAT_INDICATOR:
            if (left < 1 || p[0] > 1)
                return false;
            n = 1;
            break;
        case MQTT_PROP_MESSAGE_EXPIRY_INTERVAL:
            n = 4;
            break;
        case MQTT_PROP_TOPIC_ALIAS:
            if (left < 2 || mqtt__be16(p) == 0)
                return false;
            alias = true;
            id = 0x1F;
            n = 2;
            break;
        case MQTT_PROP_CONTENT_TYPE:
        case MQTT_PROP_RESPONSE_TOPIC:
            if (!(n = ascii_field(p, left, avail, id == MQTT_PROP_RESPONSE_TOPIC, ctl)))
                return false;
            break;
        case MQTT_PROP_CORRELATION_DATA:
            if (left < 2 || left - 2 < mqtt__be16(p))
                return false;
            n = 2 + (size_t)mqtt__be16(p);
            break;
        case MQTT_PROP_USER_PROPERTY: {
            size_t k = ascii_field(p, left, avail, false, ctl);
            if (!k)
                return false;
            size_t v = ascii_field(p + k, left - k, avail - k, false, ctl);
            if (!v)
                return false;
            p += k + v;
            avail -= k + v;
            continue; /* repeatable */
        }
        default: /* Subscription Identifier (direction rules), or an error */
            return false;
        }
        if (left < n || (seen & (1u << id)))
            return false;
        seen |= 1u << id;
        p += n;
        avail -= n;
    }
    return !empty_topic || alias;
}

bool mqtt__publish_v5_rest(const uint8_t *buf, size_t len, size_t hl, size_t rl, const uint8_t *p, bool ctl,
                           mqtt_packet *out)
{
    mqtt_publish *pub = &out->u.publish;
    const uint8_t *end = buf + hl + rl;
    if (!props_ok(p, end, (size_t)(buf + len - p), ctl, pub->topic.len == 0, pub))
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
