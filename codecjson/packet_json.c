/* Packets and errors as JSON. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mqttcodec_json.h"

json_t *mqtt_hex_json(const uint8_t *p, size_t len, size_t max)
{
    size_t n = (max && len > max) ? max : len;
    char *s = malloc(n * 2 + 4);
    if (!s)
        return json_null();
    static const char hx[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        s[2 * i] = hx[p[i] >> 4];
        s[2 * i + 1] = hx[p[i] & 15];
    }
    size_t k = n * 2;
    if (n < len) {
        memcpy(s + k, "..", 2);
        k += 2;
    }
    s[k] = 0;
    json_t *j = json_stringn(s, k);
    free(s);
    return j ? j : json_null();
}

json_t *mqtt_view_to_json(mqtt_view v)
{
    if (!v.p || v.len == 0)
        return json_string("");
    if (mqtt_check_utf8(v.p, v.len, NULL, NULL) == MQTT_E_NONE) {
        json_t *s = json_stringn((const char *)v.p, v.len);
        if (s)
            return s;
    }
    return json_pack("{s:o}", "hex", mqtt_hex_json(v.p, v.len, 0));
}

static json_t *payload_json(mqtt_view v)
{
    json_t *o = json_object();
    json_object_set_new(o, "length", json_integer((json_int_t)v.len));
    json_object_set_new(o, "hex", mqtt_hex_json(v.p, v.len, 256));
    if (v.len && v.len <= 4096 && mqtt_check_utf8(v.p, v.len, NULL, NULL) == MQTT_E_NONE)
        json_object_set_new(o, "text", json_stringn((const char *)v.p, v.len));
    return o;
}

json_t *mqtt_props_to_json(const mqtt_props *props)
{
    json_t *a = json_array();
    mqtt_prop_iter it;
    mqtt_prop p;
    mqtt_prop_iter_init(&it, props);
    while (mqtt_prop_next(&it, &p)) {
        json_t *o = json_object();
        json_object_set_new(o, "id", json_integer(p.id));
        json_object_set_new(o, "name", json_string(mqtt_prop_name(p.id)));
        switch (p.type) {
        case MQTT_PT_UTF8: json_object_set_new(o, "value", mqtt_view_to_json(p.v.s)); break;
        case MQTT_PT_BINARY: json_object_set_new(o, "value", json_pack("{s:o}", "hex", mqtt_hex_json(p.v.s.p, p.v.s.len, 0))); break;
        case MQTT_PT_PAIR:
            json_object_set_new(o, "key", mqtt_view_to_json(p.v.pair.k));
            json_object_set_new(o, "value", mqtt_view_to_json(p.v.pair.v));
            break;
        default: json_object_set_new(o, "value", json_integer(p.v.u)); break;
        }
        json_array_append_new(a, o);
    }
    return a;
}

static void set_props(json_t *o, const char *key, const mqtt_props *p, mqtt_version v)
{
    if (v == MQTT_V5)
        json_object_set_new(o, key, mqtt_props_to_json(p));
}

json_t *mqtt_packet_to_json(const mqtt_packet *pkt, mqtt_version v)
{
    json_t *o = json_object();
    json_object_set_new(o, "type", json_string(mqtt_type_name(pkt->type)));
    json_object_set_new(o, "flags", json_integer(pkt->flags));
    json_object_set_new(o, "remaining_length", json_integer(pkt->remaining));
    if (pkt->noncanonical)
        json_object_set_new(o, "noncanonical", json_true());
    switch (pkt->type) {
    case MQTT_CONNECT: {
        const mqtt_connect *c = &pkt->u.connect;
        json_object_set_new(o, "protocol_name", mqtt_view_to_json(c->protocol_name));
        json_object_set_new(o, "protocol_level", json_integer(c->protocol_level));
        if (c->bridge)
            json_object_set_new(o, "bridge", json_true());
        json_object_set_new(o, "clean_start", json_boolean(c->clean_start));
        json_object_set_new(o, "keep_alive", json_integer(c->keep_alive));
        set_props(o, "properties", &c->props, v);
        json_object_set_new(o, "client_id", mqtt_view_to_json(c->client_id));
        if (c->will) {
            json_t *w = json_object();
            json_object_set_new(w, "qos", json_integer(c->will_qos));
            json_object_set_new(w, "retain", json_boolean(c->will_retain));
            set_props(w, "properties", &c->will_props, v);
            json_object_set_new(w, "topic", mqtt_view_to_json(c->will_topic));
            json_object_set_new(w, "payload", payload_json(c->will_payload));
            json_object_set_new(o, "will", w);
        }
        if (c->has_username)
            json_object_set_new(o, "username", mqtt_view_to_json(c->username));
        if (c->has_password)
            json_object_set_new(o, "password", json_pack("{s:o}", "hex", mqtt_hex_json(c->password.p, c->password.len, 0)));
        break;
    }
    case MQTT_CONNACK: {
        const mqtt_connack *c = &pkt->u.connack;
        json_object_set_new(o, "session_present", json_boolean(c->session_present));
        json_object_set_new(o, v == MQTT_V5 ? "reason_code" : "return_code", json_integer(c->code));
        if (v == MQTT_V5)
            json_object_set_new(o, "reason", json_string(mqtt_reason_name(c->code, MQTT_CONNACK)));
        set_props(o, "properties", &c->props, v);
        break;
    }
    case MQTT_PUBLISH: {
        const mqtt_publish *p = &pkt->u.publish;
        json_object_set_new(o, "dup", json_boolean(p->dup));
        json_object_set_new(o, "qos", json_integer(p->qos));
        json_object_set_new(o, "retain", json_boolean(p->retain));
        json_object_set_new(o, "topic", mqtt_view_to_json(p->topic));
        if (p->qos)
            json_object_set_new(o, "packet_id", json_integer(p->packet_id));
        set_props(o, "properties", &p->props, v);
        json_object_set_new(o, "payload", payload_json(p->payload));
        break;
    }
    case MQTT_PUBACK:
    case MQTT_PUBREC:
    case MQTT_PUBREL:
    case MQTT_PUBCOMP: {
        const mqtt_ack *a = &pkt->u.ack;
        json_object_set_new(o, "packet_id", json_integer(a->packet_id));
        if (v == MQTT_V5) {
            json_object_set_new(o, "reason_code", json_integer(a->code));
            json_object_set_new(o, "reason", json_string(mqtt_reason_name(a->code, pkt->type)));
            set_props(o, "properties", &a->props, v);
        }
        break;
    }
    case MQTT_SUBSCRIBE: {
        const mqtt_subscribe *s = &pkt->u.subscribe;
        mqtt_list_iter it;
        mqtt_sub_entry e;
        json_t *a = json_array();
        json_object_set_new(o, "packet_id", json_integer(s->packet_id));
        set_props(o, "properties", &s->props, v);
        mqtt_sub_iter_init(&it, s, v);
        while (mqtt_sub_next(&it, &e)) {
            json_t *f = json_object();
            json_object_set_new(f, "filter", mqtt_view_to_json(e.filter));
            json_object_set_new(f, "qos", json_integer(e.qos));
            if (v == MQTT_V5) {
                json_object_set_new(f, "no_local", json_boolean(e.no_local));
                json_object_set_new(f, "retain_as_published", json_boolean(e.retain_as_published));
                json_object_set_new(f, "retain_handling", json_integer(e.retain_handling));
            }
            json_array_append_new(a, f);
        }
        json_object_set_new(o, "subscriptions", a);
        break;
    }
    case MQTT_UNSUBSCRIBE: {
        const mqtt_unsubscribe *u = &pkt->u.unsubscribe;
        mqtt_list_iter it;
        mqtt_view f;
        json_t *a = json_array();
        json_object_set_new(o, "packet_id", json_integer(u->packet_id));
        set_props(o, "properties", &u->props, v);
        mqtt_unsub_iter_init(&it, u);
        while (mqtt_unsub_next(&it, &f))
            json_array_append_new(a, mqtt_view_to_json(f));
        json_object_set_new(o, "filters", a);
        break;
    }
    case MQTT_SUBACK:
    case MQTT_UNSUBACK: {
        const mqtt_suback *s = &pkt->u.suback;
        json_t *a = json_array();
        json_object_set_new(o, "packet_id", json_integer(s->packet_id));
        set_props(o, "properties", &s->props, v);
        for (size_t i = 0; i < s->codes.len; i++)
            json_array_append_new(a, json_integer(s->codes.p[i]));
        if (v == MQTT_V5 || pkt->type == MQTT_SUBACK)
            json_object_set_new(o, "reason_codes", a);
        else
            json_decref(a);
        break;
    }
    case MQTT_DISCONNECT:
    case MQTT_AUTH:
        if (v == MQTT_V5) {
            json_object_set_new(o, "reason_code", json_integer(pkt->u.reason.code));
            json_object_set_new(o, "reason", json_string(mqtt_reason_name(pkt->u.reason.code, pkt->type)));
            set_props(o, "properties", &pkt->u.reason.props, v);
        }
        break;
    default:
        break;
    }
    return o;
}

json_t *mqtt_error_to_json(const mqtt_error *e)
{
    return json_pack("{s:s, s:i, s:s, s:s, s:i, s:I, s:s, s:s}", "code", mqtt_errcode_name(e->code), "code_num",
                     (int)e->code, "class", mqtt_status_name(e->status), "stmt", e->stmt ? e->stmt : "",
                     "reason", (int)e->reason, "offset", (json_int_t)e->offset, "field", e->field ? e->field : "",
                     "message", e->message ? e->message : "");
}
