/* Packets -> packet tables: what a scenario sees of a received packet, in
 * the shape conformance/API.md documents (the same keys the encoder reads). */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "luacore.h"

static void push_view(lua_State *L, mqtt_view v) { lua_pushlstring(L, v.p ? (const char *)v.p : "", v.len); }

static void push_props(lua_State *L, const mqtt_props *pr)
{
    lua_newtable(L);
    if (!pr->present)
        return;
    mqtt_prop_iter it;
    mqtt_prop p;
    mqtt_prop_iter_init(&it, pr);
    while (mqtt_prop_next(&it, &p)) {
        char nm[MQTT_PROP_KEY_MAX];
        if (!mqtt_prop_key(p.id, nm, sizeof nm))
            continue;
        if (p.type == MQTT_PT_PAIR) {
            if (lua_getfield(L, -1, nm) == LUA_TNIL) {
                lua_pop(L, 1);
                lua_newtable(L);
                lua_pushvalue(L, -1);
                lua_setfield(L, -3, nm);
            }
            lua_createtable(L, 2, 0);
            push_view(L, p.v.pair.k);
            lua_seti(L, -2, 1);
            push_view(L, p.v.pair.v);
            lua_seti(L, -2, 2);
            lua_seti(L, -2, (lua_Integer)luaL_len(L, -2) + 1);
            lua_pop(L, 1);
            continue;
        }
        if (p.type == MQTT_PT_UTF8 || p.type == MQTT_PT_BINARY)
            push_view(L, p.v.s);
        else
            lua_pushinteger(L, p.v.u);
        /* a repeated property (subscription identifiers) becomes a list */
        int prev = lua_getfield(L, -2, nm);
        if (prev == LUA_TNIL) {
            lua_pop(L, 1);
            lua_setfield(L, -2, nm);
        } else if (prev == LUA_TTABLE) {
            lua_insert(L, -2);
            lua_seti(L, -2, (lua_Integer)luaL_len(L, -2) + 1);
            lua_pop(L, 1);
        } else {
            lua_createtable(L, 2, 0);
            lua_insert(L, -2);
            lua_seti(L, -2, 1);
            lua_insert(L, -2);
            lua_seti(L, -2, 2);
            lua_setfield(L, -2, nm);
        }
    }
}

static void set_int(lua_State *L, const char *k, lua_Integer v) { lua_pushinteger(L, v); lua_setfield(L, -2, k); }
static void set_bool(lua_State *L, const char *k, bool v) { lua_pushboolean(L, v); lua_setfield(L, -2, k); }
static void set_view(lua_State *L, const char *k, mqtt_view v) { push_view(L, v); lua_setfield(L, -2, k); }
static void set_props(lua_State *L, const char *k, const mqtt_props *p) { push_props(L, p); lua_setfield(L, -2, k); }

void mqc_pkt_push(lua_State *L, const mqtt_packet *p, mqtt_version v, const uint8_t *raw,
                  size_t rawlen)
{
    lua_newtable(L);
    lua_pushstring(L, mqtt_type_name(p->type));
    lua_setfield(L, -2, "type");
    set_int(L, "flags", p->flags);
    set_bool(L, "noncanonical", p->noncanonical);
    if (raw) {
        lua_pushlstring(L, (const char *)raw, rawlen);
        lua_setfield(L, -2, "raw");
    }
    switch (p->type) {
    case MQTT_CONNECT: {
        const mqtt_connect *c = &p->u.connect;
        set_view(L, "protocol_name", c->protocol_name);
        set_int(L, "protocol_level", c->protocol_level);
        set_bool(L, "clean", c->clean_start);
        set_int(L, "keepalive", c->keep_alive);
        set_int(L, "connect_flags", c->flags);
        set_view(L, "client_id", c->client_id);
        if (c->has_username)
            set_view(L, "username", c->username);
        if (c->has_password)
            set_view(L, "password", c->password);
        if (v == MQTT_V5)
            set_props(L, "props", &c->props);
        if (c->will) {
            lua_newtable(L);
            set_view(L, "topic", c->will_topic);
            set_view(L, "payload", c->will_payload);
            set_int(L, "qos", c->will_qos);
            set_bool(L, "retain", c->will_retain);
            if (v == MQTT_V5)
                set_props(L, "props", &c->will_props);
            lua_setfield(L, -2, "will");
        }
        break;
    }
    case MQTT_CONNACK:
        set_bool(L, "session_present", p->u.connack.session_present);
        set_int(L, "reason", p->u.connack.code);
        set_props(L, "props", &p->u.connack.props);
        break;
    case MQTT_PUBLISH:
        set_view(L, "topic", p->u.publish.topic);
        set_view(L, "payload", p->u.publish.payload);
        set_int(L, "qos", p->u.publish.qos);
        set_bool(L, "retain", p->u.publish.retain);
        set_bool(L, "dup", p->u.publish.dup);
        if (p->u.publish.qos)
            set_int(L, "id", p->u.publish.packet_id);
        set_props(L, "props", &p->u.publish.props);
        break;
    case MQTT_PUBACK:
    case MQTT_PUBREC:
    case MQTT_PUBREL:
    case MQTT_PUBCOMP:
        set_int(L, "id", p->u.ack.packet_id);
        set_int(L, "reason", p->u.ack.code);
        set_props(L, "props", &p->u.ack.props);
        break;
    case MQTT_SUBSCRIBE: {
        set_int(L, "id", p->u.subscribe.packet_id);
        set_props(L, "props", &p->u.subscribe.props);
        lua_newtable(L);
        mqtt_list_iter it;
        mqtt_sub_entry se;
        mqtt_sub_iter_init(&it, &p->u.subscribe, v);
        for (lua_Integer i = 1; mqtt_sub_next(&it, &se); i++) {
            lua_newtable(L);
            set_view(L, "filter", se.filter);
            set_int(L, "qos", se.qos);
            set_bool(L, "no_local", se.no_local);
            set_bool(L, "rap", se.retain_as_published);
            set_int(L, "rh", se.retain_handling);
            lua_seti(L, -2, i);
        }
        lua_setfield(L, -2, "subs");
        break;
    }
    case MQTT_UNSUBSCRIBE: {
        set_int(L, "id", p->u.unsubscribe.packet_id);
        set_props(L, "props", &p->u.unsubscribe.props);
        lua_newtable(L);
        mqtt_list_iter it;
        mqtt_view f;
        mqtt_unsub_iter_init(&it, &p->u.unsubscribe);
        for (lua_Integer i = 1; mqtt_unsub_next(&it, &f); i++) {
            push_view(L, f);
            lua_seti(L, -2, i);
        }
        lua_setfield(L, -2, "filters");
        break;
    }
    case MQTT_SUBACK:
    case MQTT_UNSUBACK:
        set_int(L, "id", p->u.suback.packet_id);
        set_props(L, "props", &p->u.suback.props);
        if (p->type == MQTT_SUBACK || v == MQTT_V5) {
            lua_newtable(L);
            for (size_t i = 0; i < p->u.suback.codes.len; i++) {
                lua_pushinteger(L, p->u.suback.codes.p[i]);
                lua_seti(L, -2, (lua_Integer)i + 1);
            }
            lua_setfield(L, -2, "reasons");
        }
        break;
    case MQTT_DISCONNECT:
    case MQTT_AUTH:
        set_int(L, "reason", p->u.reason.code);
        set_props(L, "props", &p->u.reason.props);
        break;
    default:
        break;
    }
}

