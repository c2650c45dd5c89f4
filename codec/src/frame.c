/* Incremental framing: how much of a packet the buffer holds. Only the fixed
 * header is looked at; mqtt_decode judges the rest. */
#include "internal.h"

/* The header-inline mqtt_frame_next answers the one-byte-length case itself
 * when no size limit applies; this is every other case (and that one too). */
mqtt_status mqtt_frame_next_general(const uint8_t *buf, size_t len, const mqtt_decode_opts *opts,
                                    mqtt_frame *fr, mqtt_error *err)
{
    const mqtt_policy *policy = opts ? opts->policy : NULL;
    mqtt_version v = opts ? opts->version : MQTT_V5;
    uint32_t rl = 0;
    fr->header_len = 0;
    fr->remaining = 0;
    fr->total = 0;
    fr->first_byte = len ? buf[0] : 0;
    if (len < 2) {
        fr->need = 2 - len;
        return MQTT_NEED_MORE;
    }
    for (size_t i = 1; i <= 4; i++) {
        if (i >= len) {
            fr->need = 1; /* at least one more length byte */
            return MQTT_NEED_MORE;
        }
        uint8_t b = buf[i];
        rl |= (uint32_t)(b & 0x7f) << (7 * (i - 1));
        if (!(b & 0x80)) {
            if (i > 1 && b == 0) {
                /* v5 [MQTT-1.5.5-1]; 3.1.1 only defines the ranges (§2.2.3). */
                mqtt_set_error(err, MQTT_E_VBI_NOT_MINIMAL, v, i, "remaining_length", NULL);
                return MQTT_MALFORMED;
            }
            fr->header_len = i + 1;
            fr->remaining = rl;
            fr->total = fr->header_len + rl;
            if (policy && policy->max_packet_size && fr->total > policy->max_packet_size) {
                mqtt_set_error(err, MQTT_E_PACKET_TOO_LARGE, v, 0, "remaining_length", NULL);
                return MQTT_POLICY;
            }
            if (len < fr->total) {
                fr->need = fr->total - len;
                return MQTT_NEED_MORE;
            }
            fr->need = 0;
            return MQTT_OK;
        }
    }
    mqtt_set_error(err, MQTT_E_VBI_TOO_LONG, v, 4, "remaining_length", NULL);
    return MQTT_MALFORMED;
}

size_t mqtt_vbi_size(uint32_t v)
{
    return v < 128u ? 1 : v < 16384u ? 2 : v < 2097152u ? 3 : v <= MQTT_MAX_VBI ? 4 : 0;
}

size_t mqtt_vbi_write(uint32_t v, uint8_t *out, size_t cap)
{
    size_t n = mqtt_vbi_size(v);
    if (!n || cap < n)
        return 0;
    wr w = {out, cap, 0, false, false};
    wr_vbi(&w, v);
    return w.len;
}
