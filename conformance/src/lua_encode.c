/* Packet tables -> packets: a Lua table (conformance/API.md) filled into a
 * codec packet and encoded, validated or as given (send_unchecked). Property
 * keys and type names are the codec's (mqttcodec.h, names). */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "luacore.h"

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
    /* the fields the filling read, per table: any other key is a mistake */
    struct { int t; const char *k; } seen[64];
    int nseen;
} enc;

#define EFAIL(e, ...)                                                                         \
    do {                                                                                      \
        if (!(e)->bad)                                                                        \
            snprintf((e)->why, sizeof (e)->why, __VA_ARGS__);                                 \
        (e)->bad = true;                                                                      \
    } while (0)

static void read_key(enc *e, int t, const char *k)
{
    if (e->nseen < 64)
        e->seen[e->nseen++].t = t, e->seen[e->nseen - 1].k = k;
}

/* Keys a decoded table carries that no packet encodes: a received packet
 * given back to send is not a mistake. */
static const char *const decoded_only[] = {"raw", "noncanonical", NULL};

/* A key of the table at t (a packet, or its will) that the filling did not
 * read is one its packet type does not have: a typo like qso = 1 would
 * otherwise be silently dropped. */
static void check_keys(enc *e, int t, const char *what)
{
    lua_State *L = e->L;
    lua_pushnil(L);
    while (!e->bad && lua_next(L, t)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) != LUA_TSTRING)
            continue;
        const char *k = lua_tostring(L, -1);
        bool known = false;
        for (int i = 0; i < e->nseen && !known; i++)
            known = e->seen[i].t == t && !strcmp(e->seen[i].k, k);
        for (const char *const *d = decoded_only; *d && !known; d++)
            known = !strcmp(*d, k);
        if (!known)
            EFAIL(e, "%s has no field '%s' (a typo? see conformance/API.md)", what, k);
    }
    if (e->bad)
        lua_pop(L, 1); /* the key lua_next left */
}

static lua_Integer int_field(enc *e, int t, const char *k, lua_Integer def, bool *given)
{
    read_key(e, t, k);
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
    read_key(e, t, k);
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
    read_key(e, t, k);
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
    int id = mqtt_prop_by_key(name);
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
    read_key(e, t, k);
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
            if (lua_type(L, -2) != LUA_TSTRING || mqtt_prop_by_key(lua_tostring(L, -2)) < 0)
                EFAIL(e, "unknown property '%s'",
                      lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : "?");
            lua_pop(L, 1);
        }
        char key[MQTT_PROP_KEY_MAX];
        for (unsigned id = 1; id < 0x80 && !e->bad; id++) {
            if (!mqtt_prop_key((uint8_t)id, key, sizeof key))
                continue;
            if (lua_getfield(L, pt, key) != LUA_TNIL)
                add_prop(e, &pb, key, lua_gettop(L));
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
    read_key(e, t, "type");
    if (lua_getfield(L, t, "type") != LUA_TSTRING) {
        lua_pop(L, 1);
        EFAIL(e, "packet table without type (e.g. type = \"PUBLISH\")");
        return;
    }
    int ty = mqtt_type_by_name(lua_tostring(L, -1));
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
        read_key(e, t, "will");
        if (lua_getfield(L, t, "will") == LUA_TTABLE) {
            int w = lua_gettop(L);
            c->will = true;
            c->will_topic = view_field(e, w, "topic", NULL);
            c->will_payload = view_field(e, w, "payload", NULL);
            c->will_qos = (uint8_t)int_field(e, w, "qos", 0, NULL);
            c->will_retain = bool_field(e, w, "retain", false);
            c->will_props = props_field(e, w, "props");
            check_keys(e, w, "the will");
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
        read_key(e, t, listk);
        int lt = lua_getfield(L, t, listk);
        if (lt == LUA_TNIL) { /* shorthand: filter = "...", qos = n */
            read_key(e, t, "filter");
            if (sub)
                read_key(e, t, "qos");
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
        read_key(e, t, "reasons");
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
    if (!e.bad) {
        char what[40];
        snprintf(what, sizeof what, "a %s packet table", mqtt_type_name(p.type));
        check_keys(&e, idx, what);
    }
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
                     mqtt_type_name(p.type), err.message, err.stmt);
            e.bad = true;
            goto done;
        }
        out = malloc(size ? size : 1);
        if (!out || mqtt_encode(&p, &o, out, size, len, &err) != MQTT_OK) {
            snprintf(e.why, sizeof e.why, "encoder refused %s: %s [%s] (use send_unchecked)",
                     mqtt_type_name(p.type), out ? err.message : "out of memory",
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
             mqtt_type_name(p.type));
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

