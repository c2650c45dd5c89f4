/* Packets and codec errors as JSON for the wire log. codec/json
 * (mqttcodec_json.h) is the one place packets become JSON; while that library
 * is absent from the build, a minimal form (type, flags, summary) keeps the
 * wire log useful. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case.h"
#ifdef MQC_HAVE_CODEC_JSON
#include "mqttcodec_json.h"
#endif

json_t *mqc_json_hex(const uint8_t *p, size_t len, size_t max)
{
#ifdef MQC_HAVE_CODEC_JSON
    return mqtt_hex_json(p, len, max);
#else
    static const char d[] = "0123456789abcdef";
    size_t n = max && len > max ? max : len;
    char *s = malloc(n * 2 + 1);
    if (!s)
        return json_null();
    for (size_t i = 0; i < n; i++) {
        s[2 * i] = d[p[i] >> 4];
        s[2 * i + 1] = d[p[i] & 15];
    }
    s[2 * n] = 0;
    json_t *j = json_string(s);
    free(s);
    return j;
#endif
}

json_t *mqc_json_packet(const mqtt_packet *pkt, mqtt_version v)
{
#ifdef MQC_HAVE_CODEC_JSON
    return mqtt_packet_to_json(pkt, v);
#else
    char sum[512];
    mqtt_packet_summary(pkt, v, sum, sizeof sum);
    return json_pack("{s:s,s:i,s:i,s:s}", "type", mqtt_type_name(pkt->type), "flags",
                     pkt->flags, "remaining_length", (int)pkt->remaining, "summary", sum);
#endif
}

json_t *mqc_json_error(const mqtt_error *e)
{
#ifdef MQC_HAVE_CODEC_JSON
    return mqtt_error_to_json(e);
#else
    return json_pack("{s:s,s:s,s:s,s:i,s:I,s:s?,s:s}", "code", mqtt_errcode_name(e->code),
                     "class", mqtt_status_name(e->status), "stmt", e->stmt ? e->stmt : "",
                     "reason", e->reason, "offset", (json_int_t)e->offset, "field", e->field,
                     "message", e->message ? e->message : "");
#endif
}
