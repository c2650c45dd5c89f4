/* The PUBLISH fast path. Most traffic is PUBLISH with an ASCII topic and a
 * few properties; this path checks exactly the same rules as decode.c, in
 * straight-line code. Whenever it meets anything unusual (an error, non-ASCII
 * text, a policy to apply, a property it does not handle inline) it answers
 * "slow" and the general decoder takes the packet from the start, so every
 * error still comes from one place. */
#include "internal.h"

#define SLOW 1
#define DONE 0

static inline uint16_t be16(const uint8_t *p) { return (uint16_t)((p[0] << 8) | p[1]); }

/* PUBLISH properties (v5 §3.3.2.3), validated inline. */
static inline int fast_props(const uint8_t *p, const uint8_t *end, mqtt_direction dir)
{
    uint64_t seen = 0; /* bit per id (ids < 0x2B); User Property (0x26) may repeat */
    while (p < end) {
        uint8_t id = *p++;
        size_t left = (size_t)(end - p);
        switch (id) {
        case MQTT_PROP_PAYLOAD_FORMAT_INDICATOR:
            if (left < 1 || p[0] > 1)
                return SLOW;
            p += 1;
            break;
        case MQTT_PROP_MESSAGE_EXPIRY_INTERVAL:
            if (left < 4)
                return SLOW;
            p += 4;
            break;
        case MQTT_PROP_TOPIC_ALIAS:
            if (left < 2 || be16(p) == 0)
                return SLOW;
            p += 2;
            break;
        case MQTT_PROP_CONTENT_TYPE:
        case MQTT_PROP_RESPONSE_TOPIC:
        case MQTT_PROP_CORRELATION_DATA: {
            if (left < 2)
                return SLOW;
            size_t n = be16(p);
            if (left - 2 < n)
                return SLOW;
            if (id != MQTT_PROP_CORRELATION_DATA &&
                !mqtt_ascii_clean(p + 2, n, id == MQTT_PROP_RESPONSE_TOPIC))
                return SLOW;
            p += 2 + n;
            break;
        }
        case MQTT_PROP_USER_PROPERTY: {
            for (int k = 0; k < 2; k++) {
                left = (size_t)(end - p);
                if (left < 2)
                    return SLOW;
                size_t n = be16(p);
                if (left - 2 < n || !mqtt_ascii_clean(p + 2, n, false))
                    return SLOW;
                p += 2 + n;
            }
            continue; /* repeatable */
        }
        default: /* Subscription Identifier (direction rules), or an error */
            (void)dir;
            return SLOW;
        }
        if (seen & (1ull << id))
            return SLOW;
        seen |= 1ull << id;
    }
    return DONE;
}

/* Returns DONE with *out filled, or SLOW. Callers guarantee buf[0] is a
 * PUBLISH byte, len >= 2, a version and no policy. */
int mqtt_fast_publish(const uint8_t *buf, size_t len, mqtt_version v, mqtt_direction dir, mqtt_packet *out)
{
    uint8_t flags = buf[0] & 0x0F;
    uint8_t qos = (flags >> 1) & 3;
    if (qos == 3 || (qos == 0 && (flags & 8)))
        return SLOW;
    /* Remaining Length, minimal form, exactly the bytes given */
    size_t hl;
    uint32_t rl;
    uint8_t b1 = buf[1];
    if (b1 < 0x80) {
        rl = b1;
        hl = 2;
    } else if (len > 2 && b1 >= 0x80 && buf[2] < 0x80 && buf[2] != 0) {
        rl = (uint32_t)(b1 & 0x7f) | (uint32_t)buf[2] << 7;
        hl = 3;
    } else {
        return SLOW;
    }
    if (rl != len - hl || rl < 2)
        return SLOW;
    const uint8_t *p = buf + hl, *end = buf + len;
    size_t tlen = be16(p);
    p += 2;
    if (tlen == 0 || (size_t)(end - p) < tlen || !mqtt_ascii_clean(p, tlen, true))
        return SLOW;
    mqtt_publish *pub = &out->u.publish;
    pub->topic.p = p;
    pub->topic.len = tlen;
    p += tlen;
    pub->packet_id = 0;
    if (qos) {
        if (end - p < 2 || be16(p) == 0)
            return SLOW;
        pub->packet_id = be16(p);
        p += 2;
    }
    if (v == MQTT_V5) {
        if (p >= end || *p >= 0x80)
            return SLOW; /* property blocks of 128+ bytes go the general way */
        size_t n = *p++;
        if ((size_t)(end - p) < n || fast_props(p, p + n, dir) != DONE)
            return SLOW;
        pub->props.p = p;
        pub->props.len = n;
        pub->props.present = true;
        p += n;
    } else {
        pub->props.p = NULL;
        pub->props.len = 0;
        pub->props.present = false;
    }
    pub->payload.p = p;
    pub->payload.len = (size_t)(end - p);
    pub->dup = flags & 8;
    pub->qos = qos;
    pub->retain = flags & 1;
    out->type = MQTT_PUBLISH;
    out->flags = flags;
    out->remaining = rl;
    out->total = len;
    out->noncanonical = false;
    return DONE;
}
