/* The Lua API of a case: the test context `t`, connection objects, the
 * expect family, verdicts and the hard deadline (see conformance/API.md). */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "engine.h"

static const char end_key = 'E'; /* error object that ends a case with its verdict set */
#define DEFAULT_WITHIN 2.0

static mqc_case *get_case(lua_State *L)
{
    lua_getfield(L, LUA_REGISTRYINDEX, "mqc.case");
    mqc_case *cs = lua_touserdata(L, -1);
    lua_pop(L, 1);
    return cs;
}

static int end_case(lua_State *L)
{
    lua_pushlightuserdata(L, (void *)&end_key);
    return lua_error(L);
}

static int timeout_case(lua_State *L, mqc_case *cs, const char *doing)
{
    char obs[512];
    snprintf(obs, sizeof obs, "case deadline of %.2fs expired while %s", cs->sc->timeout * cs->scale,
             doing);
    if (cs->verdict == V_UNSET) /* a script that swallows the error comes back here */
        mqc_wire(cs, NULL, NULL, "timeout", obs, NULL, 0, NULL, NULL);
    mqc_case_verdict(cs, V_TIMEOUT, "the case to finish within its deadline", obs, NULL);
    return end_case(L);
}

/* Adds statement ids given as a string or a list at idx. */
static void add_stmts(lua_State *L, mqc_case *cs, int idx)
{
    if (lua_type(L, idx) == LUA_TSTRING)
        mqc_strlist_add(&cs->extra_stmts, lua_tostring(L, idx));
    else if (lua_istable(L, idx)) {
        lua_Integer n = luaL_len(L, idx);
        for (lua_Integer i = 1; i <= n; i++) {
            if (lua_geti(L, idx, i) == LUA_TSTRING)
                mqc_strlist_add(&cs->extra_stmts, lua_tostring(L, -1));
            lua_pop(L, 1);
        }
    }
}

/* A check did not hold: the verdict follows the level (the scenario's, or the
 * one the call gives), the expectation text may be replaced by opts.expected. */
static int finding(lua_State *L, mqc_case *cs, int opts, const char *expected,
                   const char *observed, bool malformed)
{
    int level = cs->sc->level;
    if (opts && lua_istable(L, opts)) {
        lua_getfield(L, opts, "level");
        if (lua_isstring(L, -1) && mqc_level_parse(lua_tostring(L, -1)) >= 0)
            level = mqc_level_parse(lua_tostring(L, -1));
        lua_pop(L, 1);
        lua_getfield(L, opts, "stmt");
        add_stmts(L, cs, lua_gettop(L));
        lua_pop(L, 1);
        if (lua_getfield(L, opts, "expected") == LUA_TSTRING)
            expected = lua_tostring(L, -1); /* kept on the stack until end_case */
    }
    int v = mqc_level_verdict(level);
    if (malformed && !cs->sc->accept_malformed) {
        v = V_FAIL;
        if (cs->malformed_stmt)
            mqc_strlist_add(&cs->extra_stmts, cs->malformed_stmt);
    }
    mqc_case_verdict(cs, v, expected, observed, NULL);
    return end_case(L);
}

static double opt_within(lua_State *L, int idx, const char *key, double def)
{
    double w = def;
    if (idx == 0)
        return def;
    if (lua_isnumber(L, idx))
        return lua_tonumber(L, idx);
    if (lua_istable(L, idx)) {
        if (lua_getfield(L, idx, key) == LUA_TNUMBER)
            w = lua_tonumber(L, -1);
        lua_pop(L, 1);
    }
    return w;
}

/* Shared with the client-mode bindings (luaclient.c). */
mqc_case *mqc_lua_case(lua_State *L) { return get_case(L); }
int mqc_lua_end(lua_State *L) { return end_case(L); }
int mqc_lua_timeout(lua_State *L, mqc_case *cs, const char *doing)
{
    return timeout_case(L, cs, doing);
}
int mqc_lua_finding(lua_State *L, mqc_case *cs, int opts, const char *expected,
                    const char *observed)
{
    return finding(L, cs, opts, expected, observed, false);
}
double mqc_lua_within(lua_State *L, int idx, const char *key, double def)
{
    return opt_within(L, idx, key, def);
}

/* ------------------------------------------------------------ connections */

typedef struct lconn {
    mqc_conn *c;
} lconn;

static mqc_conn *check_conn(lua_State *L)
{
    lconn *u = luaL_checkudata(L, 1, "mqc.conn");
    return u->c;
}

void mqc_lua_push_conn(lua_State *L, mqc_conn *c)
{
    lconn *u = lua_newuserdatauv(L, sizeof *u, 1);
    u->c = c;
    luaL_setmetatable(L, "mqc.conn");
    lua_newtable(L);
    lua_setiuservalue(L, -2, 1);
}

static void sent(lua_State *L, mqc_case *cs, int r)
{
    if (r == -2)
        timeout_case(L, cs, "sending (the broker stopped reading)");
}

static int send_pkt(lua_State *L, bool validate)
{
    mqc_conn *c = check_conn(L);
    luaL_checktype(L, 2, LUA_TTABLE);
    char why[600];
    size_t len;
    uint8_t *b = mqc_pkt_encode_dir(L, 2, c->ver, validate, c->server, &len, why, sizeof why);
    if (!b)
        return luaL_error(L, "%s", why);
    int r = mqc_conn_send(c, b, len);
    free(b);
    sent(L, c->cs, r);
    return 0;
}

static int c_send(lua_State *L) { return send_pkt(L, true); }
static int c_send_unchecked(lua_State *L) { return send_pkt(L, false); }

static int c_send_bytes(lua_State *L)
{
    mqc_conn *c = check_conn(L);
    size_t n;
    const char *s = luaL_checklstring(L, 2, &n);
    sent(L, c->cs, mqc_conn_send(c, (const uint8_t *)s, n));
    return 0;
}

static int c_send_hex(lua_State *L)
{
    check_conn(L);
    lua_getglobal(L, "mqtt");
    lua_getfield(L, -1, "hex");
    lua_pushvalue(L, 2);
    lua_call(L, 1, 1);
    lua_replace(L, 2);
    lua_settop(L, 2);
    return c_send_bytes(L);
}

static int c_send_many(lua_State *L)
{
    mqc_conn *c = check_conn(L);
    luaL_checktype(L, 2, LUA_TTABLE);
    luaL_Buffer b;
    lua_Integer n = luaL_len(L, 2);
    luaL_buffinit(L, &b);
    for (lua_Integer i = 1; i <= n; i++) {
        lua_geti(L, 2, i);
        if (lua_type(L, -1) == LUA_TSTRING) {
            luaL_addvalue(&b);
            continue;
        }
        char why[600];
        size_t len;
        uint8_t *p = lua_istable(L, -1)
                         ? mqc_pkt_encode_dir(L, -1, c->ver, true, c->server, &len, why,
                                              sizeof why)
                         : NULL;
        if (!p)
            return luaL_error(L, "send_many[%d]: %s", (int)i,
                              lua_istable(L, -1) ? why : "packet table or byte string expected");
        lua_pop(L, 1);
        luaL_addlstring(&b, (const char *)p, len);
        free(p);
    }
    luaL_pushresult(&b);
    size_t len;
    const char *s = lua_tolstring(L, -1, &len);
    sent(L, c->cs, mqc_conn_send(c, (const uint8_t *)s, len));
    return 0;
}

static int c_send_slow(lua_State *L)
{
    mqc_conn *c = check_conn(L);
    size_t n;
    const char *s = luaL_checklstring(L, 2, &n);
    double d = luaL_optnumber(L, 3, 0.01);
    sent(L, c->cs, mqc_conn_send_slow(c, (const uint8_t *)s, n, d * c->cs->scale));
    return 0;
}

/* Pushes the decoded table of a queued packet (it decoded cleanly before). */
static void push_queued(lua_State *L, const mqc_conn *c, const mqc_pkt *p)
{
    mqtt_decode_opts o = {p->ver, c->server ? MQTT_C2S : MQTT_S2C, NULL};
    mqtt_packet pkt;
    mqtt_error e;
    if (mqtt_decode(p->bytes, p->len, &o, &pkt, &e) == MQTT_OK)
        mqc_pkt_push(L, &pkt, p->ver, p->bytes, p->len);
    else
        lua_pushnil(L);
}

/* Does the skip option (true or a list of type names) let this packet pass? */
static bool skippable(lua_State *L, int opts, int pkt)
{
    if (!opts || !lua_istable(L, opts))
        return false;
    int ty = lua_getfield(L, opts, "skip");
    bool r = false;
    if (ty == LUA_TBOOLEAN)
        r = lua_toboolean(L, -1);
    else if (ty == LUA_TTABLE) {
        lua_getfield(L, pkt, "type");
        const char *t = lua_tostring(L, -1);
        lua_Integer n = luaL_len(L, -2);
        for (lua_Integer i = 1; t && i <= n && !r; i++) {
            lua_geti(L, -2, i);
            r = lua_isstring(L, -1) && !strcmp(lua_tostring(L, -1), t);
            lua_pop(L, 1);
        }
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    return r;
}

static int fail_event(lua_State *L, mqc_conn *c, int ev, int opts, const char *expected,
                      double within)
{
    char obs[700];
    mqc_case *cs = c->cs;
    switch (ev) {
    case EV_CLOSED:
        snprintf(obs, sizeof obs, "%s at %.3fs", mqc_conn_end_text(c), mqc_now() - cs->t0);
        return finding(L, cs, opts, expected, obs, false);
    case EV_MALFORMED:
        return finding(L, cs, opts, expected, cs->malformed_obs[0] ? cs->malformed_obs
                                                                   : "input over the harness limit",
                       cs->malformed_obs[0] != 0);
    case EV_DEADLINE: {
        char doing[600];
        snprintf(doing, sizeof doing, "waiting on %s for %s", c->name, expected);
        return timeout_case(L, cs, doing);
    }
    default:
        snprintf(obs, sizeof obs, "nothing on %s within %.2fs", c->name, within);
        mqc_wire(cs, c->name, NULL, "timeout", obs, NULL, 0, NULL, NULL);
        return finding(L, cs, opts, expected, obs, false);
    }
}

static int c_expect(lua_State *L)
{
    mqc_conn *c = check_conn(L);
    luaL_checktype(L, 2, LUA_TTABLE);
    int opts = lua_istable(L, 3) ? 3 : 0;
    double within = opt_within(L, opts ? 3 : 2, "within", DEFAULT_WITHIN) * c->cs->scale;
    if (!opts)
        within = opt_within(L, 2, "within", DEFAULT_WITHIN) * c->cs->scale;
    char expected[600];
    mqc_lua_describe(L, 2, expected, sizeof expected);
    double dl = mqc_now() + within;
    for (;;) {
        const mqc_pkt *p;
        int ev = mqc_conn_next(c, dl, &p);
        if (ev != EV_PACKET)
            return fail_event(L, c, ev, opts, expected, within);
        push_queued(L, c, p);
        int pk = lua_gettop(L);
        char why[400];
        if (mqc_match(L, 2, pk, why, sizeof why))
            return 1;
        if (skippable(L, opts, pk)) {
            lua_pop(L, 1);
            continue;
        }
        char obs[1100], d[600];
        mqc_lua_describe(L, pk, d, sizeof d);
        snprintf(obs, sizeof obs, "%s (%s)", d, why);
        return finding(L, c->cs, opts, expected, obs, false);
    }
}

static bool is_closed_alt(lua_State *L, int alt)
{
    lua_getfield(L, alt, "closed");
    bool r = lua_toboolean(L, -1);
    lua_pop(L, 1);
    return r;
}

static int c_expect_one_of(lua_State *L)
{
    mqc_conn *c = check_conn(L);
    luaL_checktype(L, 2, LUA_TTABLE);
    int opts = lua_istable(L, 3) ? 3 : 0;
    double within = opt_within(L, opts, "within", DEFAULT_WITHIN) * c->cs->scale;
    lua_Integer n = luaL_len(L, 2);
    char expected[800] = "one of: ";
    for (lua_Integer i = 1; i <= n; i++) {
        lua_geti(L, 2, i);
        char d[300];
        if (is_closed_alt(L, lua_gettop(L)))
            snprintf(d, sizeof d, "connection closed");
        else
            mqc_lua_describe(L, -1, d, sizeof d);
        lua_pop(L, 1);
        size_t l = strlen(expected);
        snprintf(expected + l, sizeof expected - l, "%s%s", i > 1 ? " | " : "", d);
    }
    double dl = mqc_now() + within;
    for (;;) {
        const mqc_pkt *p;
        int ev = mqc_conn_next(c, dl, &p);
        if (ev == EV_CLOSED) {
            for (lua_Integer i = 1; i <= n; i++) {
                lua_geti(L, 2, i);
                bool cl = lua_istable(L, -1) && is_closed_alt(L, lua_gettop(L));
                lua_pop(L, 1);
                if (cl) {
                    lua_pushinteger(L, i);
                    lua_pushnil(L);
                    return 2;
                }
            }
        }
        if (ev != EV_PACKET)
            return fail_event(L, c, ev, opts, expected, within);
        push_queued(L, c, p);
        int pk = lua_gettop(L);
        char why[400] = "";
        for (lua_Integer i = 1; i <= n; i++) {
            lua_geti(L, 2, i);
            int alt = lua_gettop(L);
            bool ok = lua_istable(L, alt) && !is_closed_alt(L, alt) &&
                      mqc_match(L, alt, pk, why, sizeof why);
            lua_pop(L, 1);
            if (ok) {
                lua_pushinteger(L, i);
                lua_pushvalue(L, pk);
                return 2;
            }
        }
        if (skippable(L, opts, pk)) {
            lua_pop(L, 1);
            continue;
        }
        char obs[700];
        mqc_lua_describe(L, pk, obs, sizeof obs);
        return finding(L, c->cs, opts, expected, obs, false);
    }
}

static int c_expect_closed(lua_State *L)
{
    mqc_conn *c = check_conn(L);
    int opts = lua_istable(L, 2) ? 2 : 0;
    double within = opt_within(L, opts, "within", DEFAULT_WITHIN) * c->cs->scale;
    const char *expected = c->server ? "the client closes the connection"
                                     : "the broker closes the connection";
    double dl = mqc_now() + within;
    int disc = 0;
    for (;;) {
        const mqc_pkt *p;
        int ev = mqc_conn_next(c, dl, &p);
        if (ev == EV_MALFORMED)
            continue; /* already a finding; the close may still come */
        if (ev == EV_CLOSED) {
            lua_newtable(L);
            lua_pushstring(L, c->rst ? "rst" : c->peer_closed ? "fin" : "local");
            lua_setfield(L, -2, "how");
            if (disc) {
                lua_pushvalue(L, disc);
                lua_setfield(L, -2, "disconnect");
            }
            return 1;
        }
        if (ev != EV_PACKET) {
            if (ev == EV_TIMEOUT) {
                char obs[300];
                snprintf(obs, sizeof obs, "connection %s still open after %.2fs%s", c->name,
                         within, disc ? " (a DISCONNECT was sent but the socket stayed open)" : "");
                mqc_wire(c->cs, c->name, NULL, "timeout", obs, NULL, 0, NULL, NULL);
                return finding(L, c->cs, opts, expected, obs, false);
            }
            return fail_event(L, c, ev, opts, expected, within);
        }
        push_queued(L, c, p);
        int pk = lua_gettop(L);
        lua_getfield(L, pk, "type");
        bool is_disc = lua_isstring(L, -1) && !strcmp(lua_tostring(L, -1), "DISCONNECT");
        lua_pop(L, 1);
        /* a v5 peer may say why before closing; a client may end with
         * DISCONNECT in any version, it is its normal last packet */
        if (is_disc && !disc && (c->ver == MQTT_V5 || c->server)) {
            disc = pk;
            continue;
        }
        if (skippable(L, opts, pk)) {
            lua_pop(L, 1);
            continue;
        }
        char obs[700], d[600];
        mqc_lua_describe(L, pk, d, sizeof d);
        snprintf(obs, sizeof obs, "%s instead of a close", d);
        return finding(L, c->cs, opts, expected, obs, false);
    }
}

static int c_expect_silence(lua_State *L)
{
    mqc_conn *c = check_conn(L);
    double secs = opt_within(L, 2, "seconds", 1.0);
    if (lua_istable(L, 2) && secs == 1.0)
        secs = opt_within(L, 2, "for_", 1.0);
    bool allow_close = false;
    if (lua_istable(L, 2)) {
        lua_getfield(L, 2, "allow_close");
        allow_close = lua_toboolean(L, -1);
        lua_pop(L, 1);
    }
    int opts = lua_istable(L, 2) ? 2 : 0;
    double within = secs * c->cs->scale;
    char expected[200];
    snprintf(expected, sizeof expected, "nothing from the %s on %s for %.2fs%s",
             c->server ? "client" : "broker", c->name, within,
             allow_close ? " (a close allowed)" : "");
    double dl = mqc_now() + within;
    const mqc_pkt *p;
    int ev = mqc_conn_next(c, dl, &p);
    if (ev == EV_TIMEOUT || (ev == EV_CLOSED && allow_close)) {
        lua_pushboolean(L, 1);
        return 1;
    }
    if (ev == EV_PACKET) {
        push_queued(L, c, p);
        char obs[700], d[600];
        mqc_lua_describe(L, -1, d, sizeof d);
        snprintf(obs, sizeof obs, "%s at %.3fs", d, mqc_now() - c->cs->t0);
        return finding(L, c->cs, opts, expected, obs, false);
    }
    return fail_event(L, c, ev, opts, expected, within);
}

static int c_recv(lua_State *L)
{
    mqc_conn *c = check_conn(L);
    double within = opt_within(L, 2, "within", DEFAULT_WITHIN) * c->cs->scale;
    const mqc_pkt *p;
    int ev = mqc_conn_next(c, mqc_now() + within, &p);
    switch (ev) {
    case EV_PACKET: push_queued(L, c, p); return 1;
    case EV_DEADLINE: return timeout_case(L, c->cs, "in recv");
    default:
        lua_pushnil(L);
        lua_pushstring(L, ev == EV_TIMEOUT ? "timeout" : ev == EV_MALFORMED ? "malformed"
                          : c->rst ? "reset" : "closed");
        return 2;
    }
}

static int c_close(lua_State *L)
{
    mqc_conn_close(check_conn(L), false);
    return 0;
}

static int c_reset(lua_State *L)
{
    mqc_conn_close(check_conn(L), true);
    return 0;
}

static int c_is_open(lua_State *L)
{
    lua_pushboolean(L, mqc_conn_is_open(check_conn(L)));
    return 1;
}

static const luaL_Reg conn_methods[] = {
    {"send", c_send}, {"send_unchecked", c_send_unchecked}, {"send_bytes", c_send_bytes},
    {"send_hex", c_send_hex}, {"send_many", c_send_many}, {"send_slow", c_send_slow},
    {"expect", c_expect}, {"expect_one_of", c_expect_one_of},
    {"expect_closed", c_expect_closed}, {"expect_silence", c_expect_silence},
    {"recv", c_recv}, {"close", c_close}, {"reset", c_reset}, {"is_open", c_is_open},
    {NULL, NULL}};

static int conn_index(lua_State *L)
{
    mqc_conn *c = check_conn(L);
    const char *k = luaL_checkstring(L, 2);
    if (!strcmp(k, "name")) {
        lua_pushstring(L, c->name);
        return 1;
    }
    lua_getiuservalue(L, 1, 1);
    if (lua_getfield(L, -1, k) != LUA_TNIL)
        return 1;
    lua_pop(L, 2);
    lua_getfield(L, LUA_REGISTRYINDEX, "mqc.conn.methods");
    lua_getfield(L, -1, k);
    return 1;
}

/* ------------------------------------------------------------- context */

static const char *conn_name(lua_State *L, int idx, char *buf, size_t len)
{
    mqc_case *cs = get_case(L);
    if (lua_type(L, idx) == LUA_TSTRING)
        return lua_tostring(L, idx);
    snprintf(buf, len, "c%zu", cs->nconns + 1);
    return buf;
}

static int t_open_impl(lua_State *L, bool soft)
{
    mqc_case *cs = get_case(L);
    char nb[32], why[400];
    const char *name = conn_name(L, 2, nb, sizeof nb);
    int opts = lua_istable(L, 2) ? 2 : lua_istable(L, 3) ? 3 : 0;
    double within = opt_within(L, opts, "within", DEFAULT_WITHIN) * cs->scale;
    mqc_conn *c = mqc_conn_open(cs, name, within, why, sizeof why);
    if (!c) {
        mqc_note(cs, name, "%s", why);
        if (soft) {
            lua_pushnil(L);
            lua_pushstring(L, why);
            return 2;
        }
        if (mqc_now() >= cs->deadline)
            return timeout_case(L, cs, "opening a TCP connection");
        mqc_case_verdict(cs, V_ERROR, "a TCP connection to the broker", why,
                         "setup failed: the case could not open its connection");
        return end_case(L);
    }
    if (opts) {
        lua_getfield(L, opts, "version");
        int vi = lua_isstring(L, -1) ? mqc_ver_index(lua_tostring(L, -1)) : -1;
        lua_pop(L, 1);
        if (vi >= 0)
            c->ver = mqc_ver_codec(vi);
    }
    mqc_lua_push_conn(L, c);
    return 1;
}

static int t_open(lua_State *L) { return t_open_impl(L, false); }
static int t_try_open(lua_State *L) { return t_open_impl(L, true); }

static void make_client_id(mqc_case *cs, const char *name, char *out, size_t len)
{
    /* 23 bytes at most: the 3.1 limit, and the length every server must accept */
    snprintf(out, len < 24 ? len : 24, "%s%s", cs->cid_prefix, name);
}

static int t_connect(lua_State *L)
{
    mqc_case *cs = get_case(L);
    char nb[32];
    const char *name = conn_name(L, 2, nb, sizeof nb);
    int opts = lua_istable(L, 2) ? 2 : lua_istable(L, 3) ? 3 : 0;
    double within = opt_within(L, opts, "within", DEFAULT_WITHIN) * cs->scale;
    /* the CONNECT: the options given, with defaults for what is missing */
    lua_newtable(L);
    int pk = lua_gettop(L);
    if (opts) {
        lua_pushnil(L);
        while (lua_next(L, opts)) {
            lua_pushvalue(L, -2);
            lua_insert(L, -2);
            lua_settable(L, pk);
        }
    }
    lua_pushstring(L, "CONNECT");
    lua_setfield(L, pk, "type");
    lua_pushnil(L);
    lua_setfield(L, pk, "within");
    if (lua_getfield(L, pk, "client_id") == LUA_TNIL) {
        char cid[32];
        make_client_id(cs, name, cid, sizeof cid);
        lua_pushstring(L, cid);
        lua_setfield(L, pk, "client_id");
    }
    lua_pop(L, 1);
    /* --username/--password, unless the scenario chose credentials itself
     * (username = false asks for none). */
    bool own_user = lua_getfield(L, pk, "username") != LUA_TNIL;
    bool own_pass = lua_getfield(L, pk, "password") != LUA_TNIL;
    lua_pop(L, 2);
    if (!own_user && !own_pass && cs->target->username) {
        lua_pushstring(L, cs->target->username);
        lua_setfield(L, pk, "username");
        if (cs->target->password) {
            lua_pushstring(L, cs->target->password);
            lua_setfield(L, pk, "password");
        }
    }
    if (lua_getfield(L, pk, "username") == LUA_TBOOLEAN && !lua_toboolean(L, -1)) {
        lua_pushnil(L);
        lua_setfield(L, pk, "username");
    }
    lua_pop(L, 1);
    char why[600];
    size_t len;
    uint8_t *bytes = mqc_pkt_encode(L, pk, cs->ver, true, &len, why, sizeof why);
    if (!bytes)
        return luaL_error(L, "t:connect: %s", why);
    lua_pushvalue(L, 1);
    lua_pushstring(L, name);
    lua_replace(L, 2);
    lua_settop(L, 2);
    lua_pushcfunction(L, t_open);
    lua_insert(L, 1);
    lua_call(L, 2, 1); /* t:open(name) ends the case itself on failure */
    mqc_conn *c = ((lconn *)lua_touserdata(L, -1))->c;
    int cu = lua_gettop(L);
    int r = mqc_conn_send(c, bytes, len);
    free(bytes);
    sent(L, cs, r);
    const mqc_pkt *p;
    int ev = mqc_conn_next(c, mqc_now() + within, &p);
    char obs[700];
    const char *expected = "CONNACK accepting the connection (setup of the case)";
    if (ev == EV_PACKET) {
        push_queued(L, c, p);
        int ck = lua_gettop(L);
        lua_getfield(L, ck, "type");
        bool is_connack = lua_isstring(L, -1) && !strcmp(lua_tostring(L, -1), "CONNACK");
        lua_pop(L, 1);
        lua_getfield(L, ck, "reason");
        lua_Integer code = lua_tointeger(L, -1);
        lua_pop(L, 1);
        if (is_connack && code == 0) {
            lua_getiuservalue(L, cu, 1);
            lua_pushvalue(L, ck);
            lua_setfield(L, -2, "connack");
            lua_settop(L, cu);
            return 1;
        }
        char d[600];
        mqc_lua_describe(L, ck, d, sizeof d);
        snprintf(obs, sizeof obs, "%s", d);
        /* a broker that declines the protocol version lacks it, it does not fail */
        bool version_refused = is_connack && (cs->ver == MQTT_V5 ? code == 0x84 : code == 1);
        mqc_case_verdict(cs, version_refused ? V_UNSUPPORTED : V_ERROR, expected, obs,
                         version_refused ? "the broker does not accept this protocol version"
                                         : "setup failed: the connection was not accepted");
        return end_case(L);
    }
    if (ev == EV_DEADLINE)
        return timeout_case(L, cs, "waiting for CONNACK");
    if (ev == EV_TIMEOUT) {
        snprintf(obs, sizeof obs, "no CONNACK on %s within %.2fs", c->name, within);
        mqc_case_verdict(cs, V_TIMEOUT, expected, obs, "setup failed: the broker did not answer CONNECT");
        return end_case(L);
    }
    if (ev == EV_MALFORMED) {
        mqc_strlist_add(&cs->extra_stmts, cs->malformed_stmt ? cs->malformed_stmt : "");
        mqc_case_verdict(cs, cs->malformed_obs[0] ? V_FAIL : V_ERROR, expected,
                         cs->malformed_obs[0] ? cs->malformed_obs : "input over the harness limit",
                         NULL);
        return end_case(L);
    }
    snprintf(obs, sizeof obs, "%s before any CONNACK", mqc_conn_end_text(c));
    mqc_case_verdict(cs, V_ERROR, expected, obs, "setup failed: the connection was not accepted");
    return end_case(L);
}

static int t_topic(lua_State *L)
{
    mqc_case *cs = get_case(L);
    size_t n = 0;
    const char *s = luaL_optlstring(L, 2, "", &n);
    lua_pushstring(L, cs->topic_prefix);
    lua_pushlstring(L, s, n); /* by length: a scenario may put a NUL in a topic on purpose */
    lua_concat(L, 2);
    return 1;
}

static int t_client_id(lua_State *L)
{
    mqc_case *cs = get_case(L);
    char cid[32];
    make_client_id(cs, luaL_optstring(L, 2, ""), cid, sizeof cid);
    lua_pushstring(L, cid);
    return 1;
}

static int t_caps(lua_State *L)
{
    const mqc_caps *c = get_case(L)->caps;
    lua_newtable(L);
    lua_pushinteger(L, c->maximum_qos);
    lua_setfield(L, -2, "maximum_qos");
#define B(k) (lua_pushboolean(L, c->k), lua_setfield(L, -2, #k))
    B(retain);
    B(wildcard);
    B(shared);
    B(subid);
    B(v5);
    B(v31);
    B(probed);
#undef B
    lua_pushinteger(L, c->topic_alias_maximum);
    lua_setfield(L, -2, "topic_alias_maximum");
    lua_pushinteger(L, c->receive_maximum);
    lua_setfield(L, -2, "receive_maximum");
    lua_pushinteger(L, c->maximum_packet_size);
    lua_setfield(L, -2, "maximum_packet_size");
    if (c->server_keep_alive >= 0) {
        lua_pushinteger(L, c->server_keep_alive);
        lua_setfield(L, -2, "server_keep_alive");
    }
    return 1;
}

static int t_sleep(lua_State *L)
{
    mqc_case *cs = get_case(L);
    double until = mqc_now() + luaL_checknumber(L, 2) * cs->scale;
    for (;;) {
        double now = mqc_now();
        if (now >= cs->deadline)
            return timeout_case(L, cs, "in t:sleep");
        if (now >= until)
            return 0;
        double left = (until < cs->deadline ? until : cs->deadline) - now;
        poll(NULL, 0, (int)(left * 1000.0) + 1);
    }
}

static int t_log(lua_State *L)
{
    mqc_note(get_case(L), NULL, "%s", luaL_tolstring(L, 2, NULL));
    return 0;
}

static const char *tfield(lua_State *L, int idx, const char *k)
{
    if (!lua_istable(L, idx))
        return NULL;
    lua_getfield(L, idx, k);
    const char *s = lua_isstring(L, -1) ? lua_tostring(L, -1) : NULL;
    lua_pop(L, 1); /* the table keeps the string */
    return s;
}

static int explicit_verdict(lua_State *L, int v)
{
    mqc_case *cs = get_case(L);
    if (lua_type(L, 2) == LUA_TSTRING) { /* t:pass(msg), t:unsupported(msg): what was seen */
        mqc_case_verdict(cs, v, NULL, lua_tostring(L, 2), NULL);
        return end_case(L);
    }
    if (lua_istable(L, 2)) {
        lua_getfield(L, 2, "stmt");
        add_stmts(L, cs, lua_gettop(L));
        lua_pop(L, 1);
    }
    mqc_case_verdict(cs, v, tfield(L, 2, "expected"), tfield(L, 2, "observed"),
                     tfield(L, 2, "detail"));
    return end_case(L);
}

static int t_pass(lua_State *L) { return explicit_verdict(L, V_PASS); }
static int t_fail(lua_State *L) { return explicit_verdict(L, mqc_level_verdict(get_case(L)->sc->level)); }
static int t_nonstrict(lua_State *L) { return explicit_verdict(L, V_NONSTRICT); }
static int t_info(lua_State *L) { return explicit_verdict(L, V_INFO); }
static int t_unsupported(lua_State *L) { return explicit_verdict(L, V_UNSUPPORTED); }
static int t_skip(lua_State *L) { return explicit_verdict(L, V_SKIPPED); }

static int t_check(lua_State *L)
{
    if (lua_toboolean(L, 2))
        return 0;
    mqc_case *cs = get_case(L);
    const char *e = luaL_optstring(L, 3, "the check to hold");
    const char *o = luaL_optstring(L, 4, "it did not");
    mqc_case_verdict(cs, mqc_level_verdict(cs->sc->level), e, o, NULL);
    return end_case(L);
}

static int t_version_at_least(lua_State *L)
{
    int want = mqc_ver_index(luaL_checkstring(L, 2));
    lua_pushboolean(L, want >= 0 && get_case(L)->vi >= want);
    return 1;
}

static const luaL_Reg t_methods[] = {
    {"connect", t_connect}, {"open", t_open}, {"try_open", t_try_open}, {"topic", t_topic},
    {"client_id", t_client_id}, {"caps", t_caps}, {"sleep", t_sleep}, {"log", t_log},
    {"pass", t_pass}, {"fail", t_fail}, {"nonstrict", t_nonstrict}, {"info", t_info},
    {"unsupported", t_unsupported}, {"skip", t_skip}, {"check", t_check},
    {"version_at_least", t_version_at_least}, {NULL, NULL}};

/* ------------------------------------------------------------- running */

static void deadline_hook(lua_State *L, lua_Debug *ar)
{
    (void)ar;
    mqc_case *cs = get_case(L);
    double now = mqc_now();
    if (now < cs->deadline)
        return;
    /* still running well after the deadline error was raised: the script
     * catches it (pcall in a loop), so the case ends without the script */
    if (cs->verdict != V_UNSET && cs->bail && now >= cs->deadline + 0.5 * cs->scale)
        cs->bail(cs);
    timeout_case(L, cs, "the script was running (busy loop?)");
}

static int msgh(lua_State *L)
{
    if (lua_touserdata(L, 1) == (void *)&end_key)
        return 1;
    const char *m = lua_tostring(L, 1);
    luaL_traceback(L, L, m ? m : "(error object is not a string)", 1);
    return 1;
}

static int print_fn(lua_State *L)
{
    int n = lua_gettop(L);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (int i = 1; i <= n; i++) {
        if (i > 1)
            luaL_addchar(&b, '\t');
        luaL_tolstring(L, i, NULL);
        luaL_addvalue(&b);
    }
    luaL_pushresult(&b);
    mqc_note(get_case(L), NULL, "%s", lua_tostring(L, -1));
    return 0;
}

static int noop(lua_State *L)
{
    (void)L;
    return 0;
}

static bool has_cap(const mqc_case *cs, const char *need)
{
    const mqc_caps *c = cs->caps;
    bool v5 = cs->ver == MQTT_V5;
    if (!strcmp(need, "shared") || !strcmp(need, "subid") || !strcmp(need, "topic_alias")) {
        if (!v5)
            return false; /* MQTT 5 features */
    }
    if (!c->probed)
        return true; /* nothing known: let the case find out */
    if (!strcmp(need, "retain")) return c->retain;
    if (!strcmp(need, "wildcard")) return c->wildcard;
    if (!strcmp(need, "shared")) return c->shared;
    if (!strcmp(need, "subid")) return c->subid;
    if (!strcmp(need, "qos1")) return c->maximum_qos >= 1;
    if (!strcmp(need, "qos2")) return c->maximum_qos >= 2;
    if (!strcmp(need, "topic_alias")) return c->topic_alias_maximum > 0;
    return true;
}

void mqc_lua_run_case(mqc_case *cs)
{
    const mqc_scenario *sc = cs->sc;
    if (sc->load_error) {
        char detail[4200];
        snprintf(detail, sizeof detail, "the scenario could not be loaded; fix %s", sc->path);
        mqc_case_verdict(cs, V_ERROR, "a valid scenario file", sc->load_error, detail);
        return;
    }
    /* A version the broker refused in the capability probe is not offered:
     * its cases would only show that refusal (a 3.1.1-only broker answers a
     * 5.0 CONNECT with a 3.1.1 CONNACK 0x01, or closes) and pass or fail for
     * that reason alone. */
    const mqc_caps *cp = cs->caps;
    if (!sc->client && cp && cp->probed &&
        ((cs->ver == MQTT_V5 && !cp->v5) || (cs->ver == MQTT_V31 && !cp->v31))) {
        char obs[200];
        snprintf(obs, sizeof obs, "the broker refused an MQTT %s CONNECT in the capability probe",
                 mqc_ver_name(cs->vi));
        mqc_case_verdict(cs, V_UNSUPPORTED, NULL, obs, NULL);
        return;
    }
    for (size_t i = 0; i < sc->needs.n && !sc->client; i++) /* client needs: runner.c */
        if (!has_cap(cs, sc->needs.v[i])) {
            char obs[200];
            snprintf(obs, sizeof obs, "the broker does not offer '%s' for MQTT %s",
                     sc->needs.v[i], mqc_ver_name(cs->vi));
            mqc_case_verdict(cs, V_UNSUPPORTED, NULL, obs, NULL);
            return;
        }
    lua_State *L = mqc_lua_new(256u << 20);
    if (!L) {
        mqc_case_verdict(cs, V_ERROR, NULL, "cannot create a Lua state", NULL);
        return;
    }
    lua_pushlightuserdata(L, cs);
    lua_setfield(L, LUA_REGISTRYINDEX, "mqc.case");
    lua_pushcfunction(L, noop); /* the declaration was read when the catalogue loaded */
    lua_setglobal(L, "scenario");
    lua_pushcfunction(L, print_fn);
    lua_setglobal(L, "print");
    mqc_lua_set_libdir(L, sc->libdir);
    luaL_newmetatable(L, "mqc.conn");
    lua_pushcfunction(L, conn_index);
    lua_setfield(L, -2, "__index");
    lua_pop(L, 1);
    luaL_newlib(L, conn_methods);
    lua_setfield(L, LUA_REGISTRYINDEX, "mqc.conn.methods");
    lua_sethook(L, deadline_hook, LUA_MASKCOUNT, 1000);

    lua_pushcfunction(L, msgh);
    int h = lua_gettop(L);
    if (luaL_loadfilex(L, sc->path, "t") != LUA_OK ||
        lua_pcall(L, 0, 0, h) != LUA_OK) {
        if (cs->verdict == V_UNSET)
            mqc_case_verdict(cs, V_ERROR, NULL, lua_tostring(L, -1),
                             "the scenario file failed to load");
        mqc_lua_close(L);
        return;
    }
    lua_getglobal(L, "run");
    luaL_newlib(L, t_methods);
    lua_pushstring(L, mqc_ver_name(cs->vi));
    lua_setfield(L, -2, "version");
    lua_pushboolean(L, cs->ver == MQTT_V5);
    lua_setfield(L, -2, "v5");
    lua_pushstring(L, sc->id);
    lua_setfield(L, -2, "id");
    if (cs->driver)
        mqc_lua_client_setup(L, lua_gettop(L));
    int rc = lua_pcall(L, 1, 0, h);
    if (rc != LUA_OK && cs->verdict == V_UNSET) {
        const char *m = lua_tostring(L, -1);
        mqc_case_verdict(cs, V_ERROR, NULL, m ? m : "script error",
                         rc == LUA_ERRMEM ? "the script ran out of memory" : "the script raised an error");
    }
    if (cs->verdict == V_UNSET)
        mqc_case_verdict(cs, V_PASS, NULL, "every expectation held", NULL);
    mqc_lua_close(L);
}
