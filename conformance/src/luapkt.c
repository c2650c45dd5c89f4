/* Packet tables: Lua tables <-> codec packets (encode, decode), the matcher
 * scenarios use to expect packets by their decoded fields, and the global
 * `mqtt` helper module. The table shape is documented in conformance/API.md. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "engine.h"

const char mqc_any_key = 'A', mqc_absent_key = 'Z';

static const struct {
    uint8_t id;
    const char *name;
} props_tab[] = {
    {0x01, "payload_format_indicator"}, {0x02, "message_expiry_interval"},
    {0x03, "content_type"}, {0x08, "response_topic"}, {0x09, "correlation_data"},
    {0x0B, "subscription_identifier"}, {0x11, "session_expiry_interval"},
    {0x12, "assigned_client_identifier"}, {0x13, "server_keep_alive"},
    {0x15, "authentication_method"}, {0x16, "authentication_data"},
    {0x17, "request_problem_information"}, {0x18, "will_delay_interval"},
    {0x19, "request_response_information"}, {0x1A, "response_information"},
    {0x1C, "server_reference"}, {0x1F, "reason_string"}, {0x21, "receive_maximum"},
    {0x22, "topic_alias_maximum"}, {0x23, "topic_alias"}, {0x24, "maximum_qos"},
    {0x25, "retain_available"}, {0x26, "user_property"}, {0x27, "maximum_packet_size"},
    {0x28, "wildcard_subscription_available"}, {0x29, "subscription_identifier_available"},
    {0x2A, "shared_subscription_available"},
};
#define NPROPS (sizeof props_tab / sizeof props_tab[0])

static int prop_id(const char *name)
{
    for (size_t i = 0; i < NPROPS; i++)
        if (!strcmp(props_tab[i].name, name))
            return props_tab[i].id;
    return -1;
}

static const char *prop_name(uint8_t id)
{
    for (size_t i = 0; i < NPROPS; i++)
        if (props_tab[i].id == id)
            return props_tab[i].name;
    return NULL;
}

static const char *const type_names[16] = {
    "RESERVED0", "CONNECT", "CONNACK", "PUBLISH", "PUBACK", "PUBREC", "PUBREL", "PUBCOMP",
    "SUBSCRIBE", "SUBACK", "UNSUBSCRIBE", "UNSUBACK", "PINGREQ", "PINGRESP", "DISCONNECT", "AUTH"};

static int type_of(const char *s)
{
    for (int i = 0; i < 16; i++)
        if (!strcmp(s, type_names[i]))
            return i;
    return -1;
}

/* ------------------------------------------------------------- encoding */

/* Scratch memory of one encode call, released together. */
typedef struct arena {
    void *blk[64];
    int n;
} arena;

static void *arena_alloc(arena *a, size_t n)
{
    if (a->n == 64)
        return NULL;
    void *p = calloc(1, n ? n : 1);
    if (p)
        a->blk[a->n++] = p;
    return p;
}

static void arena_free(arena *a)
{
    for (int i = 0; i < a->n; i++)
        free(a->blk[i]);
}

typedef struct enc {
    lua_State *L;
    arena a;
    char why[512];
    bool bad;
} enc;

#define EFAIL(e, ...)                                                                         \
    do {                                                                                      \
        if (!(e)->bad)                                                                        \
            snprintf((e)->why, sizeof (e)->why, __VA_ARGS__);                                 \
        (e)->bad = true;                                                                      \
    } while (0)

static lua_Integer int_field(enc *e, int t, const char *k, lua_Integer def, bool *given)
{
    lua_Integer r = def;
    int ty = lua_getfield(e->L, t, k);
    if (given)
        *given = ty != LUA_TNIL;
    if (ty == LUA_TBOOLEAN)
        r = lua_toboolean(e->L, -1);
    else if (ty != LUA_TNIL) {
        int isnum;
        r = lua_tointegerx(e->L, -1, &isnum);
        if (!isnum)
            EFAIL(e, "field '%s' must be an integer", k);
    }
    lua_pop(e->L, 1);
    return r;
}

static bool bool_field(enc *e, int t, const char *k, bool def)
{
    bool r = def;
    int ty = lua_getfield(e->L, t, k);
    if (ty == LUA_TBOOLEAN)
        r = lua_toboolean(e->L, -1);
    else if (ty == LUA_TNUMBER)
        r = lua_tointeger(e->L, -1) != 0;
    else if (ty != LUA_TNIL)
        EFAIL(e, "field '%s' must be a boolean", k);
    lua_pop(e->L, 1);
    return r;
}

/* Strings stay referenced by the table, so the view outlives the pop. */
static mqtt_view view_field(enc *e, int t, const char *k, bool *given)
{
    mqtt_view v = {NULL, 0};
    int ty = lua_getfield(e->L, t, k);
    if (given)
        *given = ty != LUA_TNIL;
    if (ty == LUA_TSTRING) {
        size_t n;
        const char *s = lua_tolstring(e->L, -1, &n);
        v.p = (const uint8_t *)s;
        v.len = n;
    } else if (ty != LUA_TNIL)
        EFAIL(e, "field '%s' must be a string", k);
    lua_pop(e->L, 1);
    return v;
}

#define PROPS_CAP (1u << 20)

static bool add_prop(enc *e, mqtt_props_builder *pb, const char *name, int vidx)
{
    lua_State *L = e->L;
    int id = prop_id(name);
    if (id < 0) {
        EFAIL(e, "unknown property '%s'", name);
        return false;
    }
    mqtt_prop_type pt = mqtt_prop_type_of((uint8_t)id);
    if (pt == MQTT_PT_PAIR) { /* a list of {k, v}, or one {k, v} */
        if (!lua_istable(L, vidx)) {
            EFAIL(e, "property %s: list of {key, value} pairs expected", name);
            return false;
        }
        lua_geti(L, vidx, 1);
        bool single = lua_type(L, -1) == LUA_TSTRING;
        lua_pop(L, 1);
        lua_Integer n = single ? 1 : luaL_len(L, vidx);
        for (lua_Integer i = 1; i <= n; i++) {
            if (!single)
                lua_geti(L, vidx, i);
            else
                lua_pushvalue(L, vidx);
            lua_geti(L, -1, 1);
            lua_geti(L, -2, 2);
            size_t kl, vl;
            const char *k = lua_tolstring(L, -2, &kl), *v = lua_tolstring(L, -1, &vl);
            if (!k || !v)
                EFAIL(e, "property %s: pairs of strings expected", name);
            else
                mqtt_pb_pair(pb, k, kl, v, vl);
            lua_pop(L, 3);
        }
        return !e->bad;
    }
    if (pt == MQTT_PT_UTF8 || pt == MQTT_PT_BINARY) {
        size_t n;
        const char *s = lua_tolstring(L, vidx, &n);
        if (!s || lua_type(L, vidx) != LUA_TSTRING) {
            EFAIL(e, "property %s: string expected", name);
            return false;
        }
        return pt == MQTT_PT_UTF8 ? mqtt_pb_str(pb, (uint8_t)id, s, n)
                                  : mqtt_pb_bin(pb, (uint8_t)id, (const uint8_t *)s, n);
    }
    if (lua_istable(L, vidx)) { /* several values of one property (subscription ids) */
        lua_Integer n = luaL_len(L, vidx);
        for (lua_Integer i = 1; i <= n; i++) {
            lua_geti(L, vidx, i);
            add_prop(e, pb, name, lua_gettop(L));
            lua_pop(L, 1);
        }
        return !e->bad;
    }
    lua_Integer v;
    if (lua_isboolean(L, vidx))
        v = lua_toboolean(L, vidx);
    else {
        int isnum;
        v = lua_tointegerx(L, vidx, &isnum);
        if (!isnum) {
            EFAIL(e, "property %s: integer expected", name);
            return false;
        }
    }
    switch (pt) {
    case MQTT_PT_BYTE: return mqtt_pb_byte(pb, (uint8_t)id, (uint8_t)v);
    case MQTT_PT_U16: return mqtt_pb_u16(pb, (uint8_t)id, (uint16_t)v);
    case MQTT_PT_U32: return mqtt_pb_u32(pb, (uint8_t)id, (uint32_t)v);
    default: return mqtt_pb_vbi(pb, (uint8_t)id, (uint32_t)v);
    }
}

/* props at field k of table t: a map by name, or a list of {name, value}. */
static mqtt_props props_field(enc *e, int t, const char *k)
{
    mqtt_props out = {NULL, 0, false};
    lua_State *L = e->L;
    int ty = lua_getfield(L, t, k);
    if (ty == LUA_TNIL) {
        lua_pop(L, 1);
        return out;
    }
    if (ty == LUA_TSTRING) { /* raw property block bytes (after the length) */
        size_t n;
        out.p = (const uint8_t *)lua_tolstring(L, -1, &n);
        out.len = n;
        out.present = true;
        lua_pop(L, 1);
        return out;
    }
    if (ty != LUA_TTABLE) {
        EFAIL(e, "field '%s' must be a table of properties", k);
        lua_pop(L, 1);
        return out;
    }
    int pt = lua_gettop(L);
    uint8_t *buf = arena_alloc(&e->a, PROPS_CAP);
    if (!buf) {
        EFAIL(e, "out of memory");
        lua_pop(L, 1);
        return out;
    }
    mqtt_props_builder pb;
    mqtt_pb_init(&pb, buf, PROPS_CAP);
    if (lua_rawlen(L, pt) > 0) {
        lua_Integer n = luaL_len(L, pt);
        for (lua_Integer i = 1; i <= n && !e->bad; i++) {
            lua_geti(L, pt, i);
            lua_geti(L, -1, 1);
            lua_geti(L, -2, 2);
            const char *nm = lua_tostring(L, -2);
            if (!nm)
                EFAIL(e, "%s[%lld]: {name, value} expected", k, (long long)i);
            else
                add_prop(e, &pb, nm, lua_gettop(L));
            lua_pop(L, 3);
        }
    } else {
        /* check for unknown names, then add in id order (deterministic bytes) */
        lua_pushnil(L);
        while (lua_next(L, pt)) {
            if (lua_type(L, -2) != LUA_TSTRING || prop_id(lua_tostring(L, -2)) < 0)
                EFAIL(e, "unknown property '%s'",
                      lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : "?");
            lua_pop(L, 1);
        }
        for (size_t i = 0; i < NPROPS && !e->bad; i++) {
            if (lua_getfield(L, pt, props_tab[i].name) != LUA_TNIL)
                add_prop(e, &pb, props_tab[i].name, lua_gettop(L));
            lua_pop(L, 1);
        }
    }
    if (pb.overflow)
        EFAIL(e, "properties larger than %u bytes", PROPS_CAP);
    lua_pop(L, 1);
    out = mqtt_pb_props(&pb);
    return out;
}

static void fill_packet(enc *e, int t, mqtt_version v, mqtt_packet *p)
{
    lua_State *L = e->L;
    memset(p, 0, sizeof *p);
    if (lua_getfield(L, t, "type") != LUA_TSTRING) {
        lua_pop(L, 1);
        EFAIL(e, "packet table without type (e.g. type = \"PUBLISH\")");
        return;
    }
    int ty = type_of(lua_tostring(L, -1));
    lua_pop(L, 1);
    if (ty < 0) {
        EFAIL(e, "unknown packet type");
        return;
    }
    p->type = (mqtt_type)ty;
    bool given;
    switch (p->type) {
    case MQTT_CONNECT: {
        mqtt_connect *c = &p->u.connect;
        c->protocol_name = view_field(e, t, "protocol_name", &given);
        if (!given)
            c->protocol_name = mqtt_str(v == MQTT_V31 ? "MQIsdp" : "MQTT");
        c->protocol_level = (uint8_t)int_field(e, t, "protocol_level", (lua_Integer)v, NULL);
        c->clean_start = bool_field(e, t, "clean", true);
        c->keep_alive = (uint16_t)int_field(e, t, "keepalive", 60, NULL);
        c->props = props_field(e, t, "props");
        c->client_id = view_field(e, t, "client_id", &given);
        if (!given)
            c->client_id = mqtt_str("");
        c->username = view_field(e, t, "username", &c->has_username);
        c->password = view_field(e, t, "password", &c->has_password);
        if (lua_getfield(L, t, "will") == LUA_TTABLE) {
            int w = lua_gettop(L);
            c->will = true;
            c->will_topic = view_field(e, w, "topic", NULL);
            c->will_payload = view_field(e, w, "payload", NULL);
            c->will_qos = (uint8_t)int_field(e, w, "qos", 0, NULL);
            c->will_retain = bool_field(e, w, "retain", false);
            c->will_props = props_field(e, w, "props");
        }
        lua_pop(L, 1);
        c->flags = (uint8_t)((c->has_username ? 0x80 : 0) | (c->has_password ? 0x40 : 0) |
                             (c->will_retain ? 0x20 : 0) | ((c->will_qos & 3) << 3) |
                             (c->will ? 0x04 : 0) | (c->clean_start ? 0x02 : 0));
        c->flags = (uint8_t)int_field(e, t, "connect_flags", c->flags, NULL);
        break;
    }
    case MQTT_CONNACK:
        p->u.connack.session_present = bool_field(e, t, "session_present", false);
        p->u.connack.flags = p->u.connack.session_present ? 1 : 0;
        p->u.connack.code = (uint8_t)int_field(e, t, "reason", 0, NULL);
        p->u.connack.props = props_field(e, t, "props");
        break;
    case MQTT_PUBLISH: {
        mqtt_publish *pb = &p->u.publish;
        pb->topic = view_field(e, t, "topic", NULL);
        pb->payload = view_field(e, t, "payload", NULL);
        pb->qos = (uint8_t)int_field(e, t, "qos", 0, NULL);
        pb->retain = bool_field(e, t, "retain", false);
        pb->dup = bool_field(e, t, "dup", false);
        pb->packet_id = (uint16_t)int_field(e, t, "id", pb->qos ? 1 : 0, NULL);
        pb->props = props_field(e, t, "props");
        p->flags = (uint8_t)((pb->dup ? 8 : 0) | ((pb->qos & 3) << 1) | (pb->retain ? 1 : 0));
        break;
    }
    case MQTT_PUBACK:
    case MQTT_PUBREC:
    case MQTT_PUBREL:
    case MQTT_PUBCOMP:
        p->u.ack.packet_id = (uint16_t)int_field(e, t, "id", 1, NULL);
        p->u.ack.code = (uint8_t)int_field(e, t, "reason", 0, &p->u.ack.has_reason);
        p->u.ack.props = props_field(e, t, "props");
        break;
    case MQTT_SUBSCRIBE:
    case MQTT_UNSUBSCRIBE: {
        bool sub = p->type == MQTT_SUBSCRIBE;
        mqtt_subscribe *s = &p->u.subscribe;
        s->packet_id = (uint16_t)int_field(e, t, "id", 1, NULL);
        s->props = props_field(e, t, "props");
        size_t cap = 1u << 20, len = 0, count = 0;
        uint8_t *buf = arena_alloc(&e->a, cap);
        if (!buf) {
            EFAIL(e, "out of memory");
            break;
        }
        const char *listk = sub ? "subs" : "filters";
        int lt = lua_getfield(L, t, listk);
        if (lt == LUA_TNIL) { /* shorthand: filter = "...", qos = n */
            lua_pop(L, 1);
            lua_newtable(L);
            lua_newtable(L);
            lua_getfield(L, t, "filter");
            lua_setfield(L, -2, "filter");
            lua_getfield(L, t, "qos");
            lua_setfield(L, -2, "qos");
            lua_seti(L, -2, 1);
            lua_getfield(L, t, "filter");
            bool none = lua_isnil(L, -1);
            lua_pop(L, 1);
            if (none) {
                lua_pop(L, 1);
                lua_newtable(L);
            }
        } else if (lt != LUA_TTABLE) {
            lua_pop(L, 1);
            EFAIL(e, "field '%s' must be a list", listk);
            break;
        }
        int lst = lua_gettop(L);
        lua_Integer n = luaL_len(L, lst);
        for (lua_Integer i = 1; i <= n && !e->bad; i++) {
            lua_geti(L, lst, i);
            int it = lua_gettop(L);
            size_t fl = 0;
            const char *f = NULL;
            int opts = -1;
            if (lua_type(L, it) == LUA_TSTRING) {
                f = lua_tolstring(L, it, &fl);
                opts = sub ? 0 : -1;
            } else if (lua_istable(L, it)) {
                lua_getfield(L, it, "filter");
                f = lua_tolstring(L, -1, &fl);
                lua_pop(L, 1);
                if (sub) {
                    bool og;
                    lua_Integer raw = int_field(e, it, "options", 0, &og);
                    if (og)
                        opts = (int)(raw & 0xff);
                    else
                        opts = (int)((int_field(e, it, "qos", 0, NULL) & 3) |
                                     (bool_field(e, it, "no_local", false) ? 4 : 0) |
                                     (bool_field(e, it, "rap", false) ? 8 : 0) |
                                     ((int_field(e, it, "rh", 0, NULL) & 3) << 4));
                }
            }
            if (!f)
                EFAIL(e, "%s[%lld]: a filter string expected", listk, (long long)i);
            else {
                size_t nl = mqtt_list_put(buf, cap, len, f, fl, opts);
                if (!nl)
                    EFAIL(e, "%s: list too large", listk);
                len = nl;
                count++;
            }
            lua_pop(L, 1);
        }
        lua_pop(L, 1);
        s->list = mqtt_bytes(buf, len);
        s->count = count;
        if (!sub) {
            p->u.unsubscribe.list = s->list;
            p->u.unsubscribe.count = count;
        }
        p->flags = 2;
        break;
    }
    case MQTT_SUBACK:
    case MQTT_UNSUBACK: {
        p->u.suback.packet_id = (uint16_t)int_field(e, t, "id", 1, NULL);
        p->u.suback.props = props_field(e, t, "props");
        uint8_t *buf = arena_alloc(&e->a, 65536);
        size_t n = 0;
        if (buf && lua_getfield(L, t, "reasons") == LUA_TTABLE) {
            lua_Integer m = luaL_len(L, -1);
            for (lua_Integer i = 1; i <= m && n < 65536; i++) {
                lua_geti(L, -1, i);
                buf[n++] = (uint8_t)lua_tointeger(L, -1);
                lua_pop(L, 1);
            }
        }
        lua_pop(L, 1);
        p->u.suback.codes = mqtt_bytes(buf, n);
        break;
    }
    case MQTT_DISCONNECT:
    case MQTT_AUTH:
        p->u.reason.code = (uint8_t)int_field(e, t, "reason", 0, &p->u.reason.has_reason);
        p->u.reason.props = props_field(e, t, "props");
        break;
    default:
        break;
    }
    if (p->type == MQTT_PUBREL)
        p->flags = 2;
    bool fg;
    lua_Integer fl = int_field(e, t, "flags", p->flags, &fg);
    p->flags = (uint8_t)(fl & 0x0f);
}

uint8_t *mqc_pkt_encode(lua_State *L, int idx, mqtt_version v, bool validate, size_t *len,
                        char *why, size_t whylen)
{
    return mqc_pkt_encode_dir(L, idx, v, validate, false, len, why, whylen);
}

uint8_t *mqc_pkt_encode_dir(lua_State *L, int idx, mqtt_version v, bool validate, bool server,
                            size_t *len, char *why, size_t whylen)
{
    enc e;
    memset(&e, 0, sizeof e);
    e.L = L;
    idx = lua_absindex(L, idx);
    if (!lua_istable(L, idx)) {
        snprintf(why, whylen, "packet table expected");
        return NULL;
    }
    mqtt_packet p;
    fill_packet(&e, idx, v, &p);
    uint8_t *out = NULL;
    if (e.bad)
        goto done;
    if (validate) {
        mqtt_decode_opts o = {v, MQTT_C2S, NULL};
        mqtt_error err;
        size_t size;
        if (server || p.type == MQTT_CONNACK || p.type == MQTT_SUBACK ||
            p.type == MQTT_UNSUBACK || p.type == MQTT_PINGRESP)
            o.dir = MQTT_S2C; /* test peers encode server packets */
        if (mqtt_encoded_size(&p, &o, &size, &err) != MQTT_OK) {
            snprintf(e.why, sizeof e.why, "encoder refused %s: %s [%s] (use send_unchecked)",
                     type_names[p.type], err.message, err.stmt);
            e.bad = true;
            goto done;
        }
        out = malloc(size ? size : 1);
        if (!out || mqtt_encode(&p, &o, out, size, len, &err) != MQTT_OK) {
            snprintf(e.why, sizeof e.why, "encoder refused %s: %s [%s] (use send_unchecked)",
                     type_names[p.type], out ? err.message : "out of memory",
                     out ? err.stmt : "-");
            free(out);
            out = NULL;
            e.bad = true;
        }
        goto done;
    }
    /* unchecked: the table's wire forms are kept (force_flags) */
    if (p.type == MQTT_PUBACK || p.type == MQTT_PUBREC || p.type == MQTT_PUBREL ||
        p.type == MQTT_PUBCOMP)
        p.u.ack.has_reason = p.u.ack.has_reason || p.u.ack.props.present;
    if (p.type == MQTT_DISCONNECT || p.type == MQTT_AUTH)
        p.u.reason.has_reason = p.u.reason.has_reason || p.u.reason.props.present;
    size_t cap = 4096;
    for (int tries = 0; tries < 14; tries++, cap *= 4) {
        out = malloc(cap);
        if (!out)
            break;
        *len = mqtt_raw_encode(&p, v, true, out, cap);
        if (*len)
            goto done;
        free(out);
        out = NULL;
    }
    snprintf(e.why, sizeof e.why, "cannot encode %s (field longer than its length prefix?)",
             type_names[p.type]);
    e.bad = true;
done:
    arena_free(&e.a);
    if (e.bad) {
        snprintf(why, whylen, "%s", e.why);
        free(out);
        return NULL;
    }
    return out;
}

/* ------------------------------------------------------------- decoding */

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
        const char *nm = prop_name(p.id);
        if (!nm)
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
    lua_pushstring(L, type_names[p->type & 15]);
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

/* ------------------------------------------------------------- matcher */

static bool is_sentinel(lua_State *L, int idx, const char *key)
{
    return lua_type(L, idx) == LUA_TLIGHTUSERDATA && lua_touserdata(L, idx) == (void *)key;
}

static void short_val(lua_State *L, int idx, char *buf, size_t len)
{
    mqc_lua_describe(L, idx, buf, len);
}

static bool match_at(lua_State *L, int exp, int act, const char *path, char *why, size_t wl);

static bool match_fail(lua_State *L, int exp, int act, const char *path, char *why, size_t wl)
{
    char e[200], a[200];
    short_val(L, exp, e, sizeof e);
    short_val(L, act, a, sizeof a);
    snprintf(why, wl, "%s: expected %s, got %s", *path ? path : "value", e, a);
    return false;
}

static bool match_at(lua_State *L, int exp, int act, const char *path, char *why, size_t wl)
{
    exp = lua_absindex(L, exp);
    act = lua_absindex(L, act);
    if (is_sentinel(L, exp, &mqc_any_key)) {
        if (lua_isnil(L, act)) {
            snprintf(why, wl, "%s: expected present, got absent", path);
            return false;
        }
        return true;
    }
    if (is_sentinel(L, exp, &mqc_absent_key)) {
        if (!lua_isnil(L, act))
            return match_fail(L, exp, act, path, why, wl);
        return true;
    }
    if (lua_isfunction(L, exp)) {
        if (lua_isnil(L, act)) { /* conditions judge values; absence never satisfies one */
            snprintf(why, wl, "%s: expected a value satisfying the condition, got absent", path);
            return false;
        }
        lua_pushvalue(L, exp);
        lua_pushvalue(L, act);
        if (lua_pcall(L, 1, 1, 0) != LUA_OK) {
            /* a condition that cannot judge this value (another alternative's
             * shape, say) is a mismatch, and says why */
            snprintf(why, wl, "%s: the condition raised: %s", path,
                     lua_isstring(L, -1) ? lua_tostring(L, -1) : "error");
            lua_pop(L, 1);
            return false;
        }
        bool ok = lua_toboolean(L, -1);
        lua_pop(L, 1);
        if (!ok) {
            char a[200];
            short_val(L, act, a, sizeof a);
            snprintf(why, wl, "%s: %s does not satisfy the scenario's condition", path, a);
        }
        return ok;
    }
    if (lua_istable(L, exp)) {
        if (!lua_istable(L, act))
            return match_fail(L, exp, act, path, why, wl);
        lua_Integer n = (lua_Integer)lua_rawlen(L, exp);
        char sub[256];
        if (n > 0) { /* a list: same length, element by element */
            lua_Integer m = (lua_Integer)lua_rawlen(L, act);
            if (m != n)
                return match_fail(L, exp, act, path, why, wl);
            for (lua_Integer i = 1; i <= n; i++) {
                lua_rawgeti(L, exp, i);
                lua_rawgeti(L, act, i);
                snprintf(sub, sizeof sub, "%s[%lld]", path, (long long)i);
                bool ok = match_at(L, -2, -1, sub, why, wl);
                lua_pop(L, 2);
                if (!ok)
                    return false;
            }
            return true;
        }
        /* a record: every key of the pattern, others ignored */
        lua_pushnil(L);
        while (lua_next(L, exp)) {
            if (lua_type(L, -2) != LUA_TSTRING) {
                lua_pop(L, 1);
                continue;
            }
            const char *k = lua_tostring(L, -2);
            if (!strcmp(k, "within") || !strcmp(k, "closed") || !strcmp(k, "skip") ||
                !strcmp(k, "level") || !strcmp(k, "stmt") || !strcmp(k, "expected"))
                ; /* options and alternatives, not fields */
            else {
                snprintf(sub, sizeof sub, "%s%s%s", path, *path ? "." : "", k);
                lua_getfield(L, act, k);
                bool ok = match_at(L, -2, -1, sub, why, wl);
                lua_pop(L, 1);
                if (!ok) {
                    lua_pop(L, 2);
                    return false;
                }
            }
            lua_pop(L, 1);
        }
        return true;
    }
    if (lua_type(L, exp) == LUA_TNUMBER && lua_type(L, act) == LUA_TNUMBER)
        return lua_compare(L, exp, act, LUA_OPEQ) ? true : match_fail(L, exp, act, path, why, wl);
    if (lua_type(L, exp) == lua_type(L, act) && lua_rawequal(L, exp, act))
        return true;
    return match_fail(L, exp, act, path, why, wl);
}

bool mqc_match(lua_State *L, int exp, int act, char *why, size_t whylen)
{
    if (whylen)
        why[0] = 0;
    return match_at(L, exp, act, "", why, whylen);
}

/* ------------------------------------------------------------ describe */

static int cmp_keys(const void *a, const void *b)
{
    const char *x = *(const char *const *)a, *y = *(const char *const *)b;
    /* type first, then alphabetical */
    if (!strcmp(x, "type"))
        return -1;
    if (!strcmp(y, "type"))
        return 1;
    return strcmp(x, y);
}

static void app(char *buf, size_t len, size_t *off, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void app(char *buf, size_t len, size_t *off, const char *fmt, ...)
{
    if (*off >= len)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf + *off, len - *off, fmt, ap);
    va_end(ap);
    if (n > 0)
        *off += (size_t)n < len - *off ? (size_t)n : len - *off - 1;
}

static void describe(lua_State *L, int idx, char *buf, size_t len, size_t *off, int depth)
{
    idx = lua_absindex(L, idx);
    switch (lua_type(L, idx)) {
    case LUA_TNIL: app(buf, len, off, "absent"); return;
    case LUA_TBOOLEAN: app(buf, len, off, "%s", lua_toboolean(L, idx) ? "true" : "false"); return;
    case LUA_TNUMBER:
        if (lua_isinteger(L, idx)) {
            lua_Integer v = lua_tointeger(L, idx);
            if (v >= 0x80 && v <= 0xff)
                app(buf, len, off, "0x%02llx", (long long)v);
            else
                app(buf, len, off, "%lld", (long long)v);
        } else
            app(buf, len, off, "%g", lua_tonumber(L, idx));
        return;
    case LUA_TSTRING: {
        size_t n;
        const char *s = lua_tolstring(L, idx, &n);
        bool printable = n <= 64;
        for (size_t i = 0; printable && i < n; i++)
            printable = s[i] >= 0x20 && s[i] < 0x7f;
        if (printable)
            app(buf, len, off, "'%s'", s);
        else
            app(buf, len, off, "<%zu bytes>", n);
        return;
    }
    case LUA_TFUNCTION: app(buf, len, off, "<condition>"); return;
    case LUA_TLIGHTUSERDATA:
        app(buf, len, off, "%s", is_sentinel(L, idx, &mqc_any_key) ? "<any>" : "<absent>");
        return;
    case LUA_TTABLE: break;
    default: app(buf, len, off, "<%s>", luaL_typename(L, idx)); return;
    }
    if (depth > 3) {
        app(buf, len, off, "{...}");
        return;
    }
    lua_Integer n = (lua_Integer)lua_rawlen(L, idx);
    if (n > 0) {
        app(buf, len, off, "{");
        for (lua_Integer i = 1; i <= n && i <= 16; i++) {
            lua_rawgeti(L, idx, i);
            app(buf, len, off, i > 1 ? ", " : "");
            describe(L, -1, buf, len, off, depth + 1);
            lua_pop(L, 1);
        }
        app(buf, len, off, n > 16 ? ", ...}" : "}");
        return;
    }
    const char *keys[64];
    size_t nk = 0;
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) == LUA_TSTRING && nk < 64)
            keys[nk++] = lua_tostring(L, -1); /* the table keeps the string alive */
    }
    qsort(keys, nk, sizeof *keys, cmp_keys);
    bool top_type = depth == 0 && nk && !strcmp(keys[0], "type");
    if (!top_type)
        app(buf, len, off, "{");
    for (size_t i = 0; i < nk; i++) {
        if (!strcmp(keys[i], "raw") || !strcmp(keys[i], "noncanonical") ||
            !strcmp(keys[i], "within"))
            continue;
        lua_getfield(L, idx, keys[i]);
        if (top_type && i == 0)
            app(buf, len, off, "%s", lua_tostring(L, -1));
        else {
            app(buf, len, off, "%s%s=", i ? " " : "", keys[i]);
            describe(L, -1, buf, len, off, depth + 1);
        }
        lua_pop(L, 1);
    }
    if (!top_type)
        app(buf, len, off, "}");
}

void mqc_lua_describe(lua_State *L, int idx, char *buf, size_t len)
{
    size_t off = 0;
    if (!len)
        return;
    buf[0] = 0;
    describe(L, idx, buf, len, &off, 0);
}

/* ------------------------------------------------------ mqtt helper module */

static int h_hex(lua_State *L)
{
    size_t n;
    const char *s = luaL_checklstring(L, 1, &n);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    int hi = -1;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == ' ' || c == ':' || c == '\n' || c == '\t')
            continue;
        if (c == '0' && i + 1 < n && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
            i++;
            continue;
        }
        int v = isdigit((unsigned char)c) ? c - '0'
                : (c >= 'a' && c <= 'f') ? c - 'a' + 10
                : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
        if (v < 0)
            return luaL_error(L, "mqtt.hex: bad hex character '%c'", c);
        if (hi < 0)
            hi = v;
        else {
            luaL_addchar(&b, (char)(hi << 4 | v));
            hi = -1;
        }
    }
    if (hi >= 0)
        return luaL_error(L, "mqtt.hex: odd number of hex digits");
    luaL_pushresult(&b);
    return 1;
}

static int h_tohex(lua_State *L)
{
    size_t n;
    const unsigned char *s = (const unsigned char *)luaL_checklstring(L, 1, &n);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    static const char d[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        luaL_addchar(&b, d[s[i] >> 4]);
        luaL_addchar(&b, d[s[i] & 15]);
    }
    luaL_pushresult(&b);
    return 1;
}

static int h_u8(lua_State *L)
{
    char c = (char)(luaL_checkinteger(L, 1) & 0xff);
    lua_pushlstring(L, &c, 1);
    return 1;
}

static int h_u16(lua_State *L)
{
    lua_Integer v = luaL_checkinteger(L, 1);
    char b[2] = {(char)((v >> 8) & 0xff), (char)(v & 0xff)};
    lua_pushlstring(L, b, 2);
    return 1;
}

static int h_u32(lua_State *L)
{
    lua_Integer v = luaL_checkinteger(L, 1);
    char b[4] = {(char)((v >> 24) & 0xff), (char)((v >> 16) & 0xff), (char)((v >> 8) & 0xff),
                 (char)(v & 0xff)};
    lua_pushlstring(L, b, 4);
    return 1;
}

static int h_vbi(lua_State *L)
{
    lua_Integer v = luaL_checkinteger(L, 1);
    lua_Integer nb = luaL_optinteger(L, 2, 0);
    if (v < 0 || v > 0xffffffffLL || nb < 0 || nb > 5)
        return luaL_error(L, "mqtt.vbi: value or byte count out of range");
    uint8_t buf[8];
    mqtt_raw r;
    mqtt_raw_init(&r, buf, sizeof buf);
    mqtt_raw_vbi(&r, (uint32_t)v, (int)nb);
    lua_pushlstring(L, (const char *)buf, r.len);
    return 1;
}

static int h_str(lua_State *L)
{
    size_t n;
    luaL_checklstring(L, 1, &n);
    lua_Integer decl = luaL_optinteger(L, 2, (lua_Integer)n);
    char b[2] = {(char)((decl >> 8) & 0xff), (char)(decl & 0xff)};
    lua_pushlstring(L, b, 2);
    lua_pushvalue(L, 1);
    lua_concat(L, 2);
    return 1;
}

static int h_packet(lua_State *L)
{
    lua_Integer first = luaL_checkinteger(L, 1);
    size_t n;
    luaL_optlstring(L, 2, "", &n);
    lua_Integer rl = luaL_optinteger(L, 3, -1);
    lua_Integer nb = luaL_optinteger(L, 4, 0);
    if (nb < 0 || nb > 5)
        return luaL_error(L, "mqtt.packet: rl_bytes must be 0..5");
    uint8_t hdr[8];
    mqtt_raw r;
    mqtt_raw_init(&r, hdr, sizeof hdr);
    mqtt_raw_u8(&r, (uint8_t)first);
    mqtt_raw_vbi(&r, rl >= 0 ? (uint32_t)rl : (uint32_t)n, (int)nb);
    lua_pushlstring(L, (const char *)hdr, r.len);
    lua_pushvalue(L, 2);
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        lua_pushliteral(L, "");
    }
    lua_concat(L, 2);
    return 1;
}

static int ver_arg(lua_State *L, int idx)
{
    const char *s = luaL_optstring(L, idx, "5.0");
    int vi = mqc_ver_index(s);
    if (vi < 0)
        return luaL_error(L, "unknown MQTT version '%s'", s);
    return vi;
}

static int do_encode(lua_State *L, bool validate)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    mqtt_version v = mqc_ver_codec(ver_arg(L, 2));
    char why[512];
    size_t len;
    uint8_t *b = mqc_pkt_encode(L, 1, v, validate, &len, why, sizeof why);
    if (!b) {
        lua_pushnil(L);
        lua_pushstring(L, why);
        return 2;
    }
    lua_pushlstring(L, (const char *)b, len);
    free(b);
    return 1;
}

static int h_encode(lua_State *L) { return do_encode(L, true); }
static int h_encode_unchecked(lua_State *L) { return do_encode(L, false); }

static int h_decode(lua_State *L)
{
    size_t n;
    const uint8_t *s = (const uint8_t *)luaL_checklstring(L, 1, &n);
    mqtt_version v = mqc_ver_codec(ver_arg(L, 2));
    const char *d = luaL_optstring(L, 3, "s2c");
    mqtt_decode_opts o = {v, strcmp(d, "c2s") ? MQTT_S2C : MQTT_C2S, NULL};
    mqtt_frame fr;
    mqtt_error e;
    mqtt_packet p;
    mqtt_status st = mqtt_frame_next(s, n, &o, &fr, &e);
    if (st == MQTT_OK && fr.total != n) {
        lua_pushnil(L);
        lua_pushfstring(L, "%d bytes after the packet", (int)(n - fr.total));
        return 2;
    }
    if (st == MQTT_NEED_MORE) {
        lua_pushnil(L);
        lua_pushstring(L, "incomplete packet");
        return 2;
    }
    if (st == MQTT_OK)
        st = mqtt_decode(s, n, &o, &p, &e);
    if (st != MQTT_OK) {
        lua_pushnil(L);
        lua_pushfstring(L, "%s [%s]", e.message, e.stmt);
        return 2;
    }
    mqc_pkt_push(L, &p, v, s, n);
    return 1;
}

void mqc_lua_open_mqtt(lua_State *L)
{
    static const luaL_Reg fns[] = {{"hex", h_hex},
                                   {"tohex", h_tohex},
                                   {"u8", h_u8},
                                   {"u16", h_u16},
                                   {"u32", h_u32},
                                   {"vbi", h_vbi},
                                   {"str", h_str},
                                   {"packet", h_packet},
                                   {"encode", h_encode},
                                   {"encode_unchecked", h_encode_unchecked},
                                   {"decode", h_decode},
                                   {NULL, NULL}};
    luaL_newlib(L, fns);
    lua_pushlightuserdata(L, (void *)&mqc_any_key);
    lua_setfield(L, -2, "ANY");
    lua_pushlightuserdata(L, (void *)&mqc_absent_key);
    lua_setfield(L, -2, "ABSENT");
    lua_setglobal(L, "mqtt");
}
