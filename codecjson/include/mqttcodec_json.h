/* mqttcodec_json — decoded packets and codec errors as JSON (jansson).
 * The one place packets become JSON: `mqttcheck decode --json`, the runner's
 * wire log and pcap transcripts all use it, so they all look alike.
 * Strings that are not valid UTF-8 become {"hex": "..."} objects. */
#ifndef MQTTCODEC_JSON_H
#define MQTTCODEC_JSON_H

#include <jansson.h>

#include "mqttcodec.h"

#ifdef __cplusplus
extern "C" {
#endif

/* New reference; every field of the packet, properties in wire order. */
json_t *mqtt_packet_to_json(const mqtt_packet *pkt, mqtt_version v);
/* New reference: code, class, stmt, reason, offset, field, message. */
json_t *mqtt_error_to_json(const mqtt_error *err);
/* New reference: properties of a block as an array of {id, name, value}. */
json_t *mqtt_props_to_json(const mqtt_props *props);
/* New reference: a UTF-8 JSON string, or {"hex": ...} when not valid text. */
json_t *mqtt_view_to_json(mqtt_view v);
/* Lower-case hex of bytes (max bytes shown, 0 = all), as a new JSON string. */
json_t *mqtt_hex_json(const uint8_t *p, size_t len, size_t max);

#ifdef __cplusplus
}
#endif
#endif
