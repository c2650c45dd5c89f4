/* Broker mode's bindings on `t`: t:open / t:try_open (a TCP connection to the
 * broker), t:connect (open, CONNECT with the run's defaults, and the CONNACK
 * judgement) and t:caps (what the probe learnt). */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <lauxlib.h>

#include "luabind.h"
#include "luactx.h"

static const char *conn_name(lua_State *L, int idx, char *buf, size_t len)
{
    mqc_case *cs = mqc_lua_case(L);
    if (lua_type(L, idx) == LUA_TSTRING)
        return lua_tostring(L, idx);
    snprintf(buf, len, "c%zu", cs->nconns + 1);
    return buf;
}

static int t_open_impl(lua_State *L, bool soft)
{
    mqc_case *cs = mqc_lua_case(L);
    char nb[32], why[400];
    const char *name = conn_name(L, 2, nb, sizeof nb);
    int opts = lua_istable(L, 2) ? 2 : lua_istable(L, 3) ? 3 : 0;
    double within = mqc_lua_within(L, opts, "within", DEFAULT_WITHIN) * cs->scale;
    /* opts.ws_protocol: the WebSocket subprotocol offered instead of "mqtt" ("" none) */
    mqt_open_opts oo = {NULL};
    if (opts) {
        lua_getfield(L, opts, "ws_protocol");
        oo.ws_protocol = lua_tostring(L, -1); /* kept alive by the opts table */
        lua_pop(L, 1);
    }
    mqc_conn *c = mqc_conn_open_with(cs, name, within, &oo, why, sizeof why);
    if (!c) {
        mqc_note(cs, name, "%s", why);
        if (soft) {
            lua_pushnil(L);
            lua_pushstring(L, why);
            return 2;
        }
        if (mqc_now() >= cs->deadline)
            return mqc_lua_timeout(L, cs, "opening a TCP connection");
        mqc_case_verdict(cs, MQREP_ERROR, "a TCP connection to the broker", why,
                         "setup failed: the case could not open its connection");
        return mqc_lua_end(L);
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

/* t:_connect(name, packet, opts): the primitive under the prelude's t:connect
 * (which fills the CONNECT's defaults): encode, open, send, and judge the
 * CONNACK. */
static int t__connect(lua_State *L)
{
    mqc_case *cs = mqc_lua_case(L);
    luaL_checkstring(L, 2); /* the name, for t:open below */
    luaL_checktype(L, 3, LUA_TTABLE);
    int opts = lua_istable(L, 4) ? 4 : 0;
    double within = mqc_lua_within(L, opts, "within", DEFAULT_WITHIN) * cs->scale;
    char why[600];
    size_t len;
    uint8_t *bytes = mqc_pkt_encode(L, 3, cs->ver, true, &len, why, sizeof why);
    if (!bytes) { /* where the scenario called t:connect, not the prelude */
        luaL_where(L, 2);
        lua_pushfstring(L, "t:connect: %s", why);
        lua_concat(L, 2);
        return lua_error(L);
    }
    lua_settop(L, 2);
    lua_pushcfunction(L, t_open);
    lua_insert(L, 1);
    lua_call(L, 2, 1); /* t:open(name) ends the case itself on failure */
    mqc_conn *c = mqc_lua_to_conn(L, -1);
    int cu = lua_gettop(L);
    int r = mqc_conn_send(c, bytes, len);
    free(bytes);
    mqc_lua_sent(L, cs, r);
    const mqc_pkt *p;
    int ev = mqc_conn_next(c, mqc_now() + within, &p);
    char obs[700];
    const char *expected = "CONNACK accepting the connection (setup of the case)";
    if (ev == EV_PACKET) {
        mqc_lua_push_received(L, p);
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
        /* a refusal breaks no statement (a server may refuse for its own reasons),
         * so the blocked case cites the return / reason code's section instead of
         * the "accepted CONNECT is answered with 0" rule the prelude gave */
        if (is_connack && cs->pre_what) {
            char *w = strdup(cs->pre_what);
            if (w)
                mqc_case_precondition(cs, w, cs->ver == MQTT_V5 ? "§3.2.2.2" : "§3.2.2.3");
            free(w);
        }
        mqc_case_verdict(cs, version_refused ? MQREP_UNSUPPORTED : MQREP_ERROR, expected, obs,
                         version_refused ? "the broker does not accept this protocol version"
                                         : "setup failed: the connection was not accepted");
        return mqc_lua_end(L);
    }
    if (ev == EV_DEADLINE)
        return mqc_lua_timeout(L, cs, "waiting for CONNACK");
    if (ev == EV_TIMEOUT) {
        snprintf(obs, sizeof obs, "no CONNACK on %s within %.2fs", c->name, within);
        mqc_case_verdict(cs, MQREP_TIMEOUT, expected, obs, "setup failed: the broker did not answer CONNECT");
        return mqc_lua_end(L);
    }
    if (ev == EV_MALFORMED) {
        mqc_strlist_add(&cs->extra_stmts, cs->malformed_stmt ? cs->malformed_stmt : "");
        mqc_case_verdict(cs, cs->malformed_obs[0] ? MQREP_FAIL : MQREP_ERROR, expected,
                         cs->malformed_obs[0] ? cs->malformed_obs : "input over the harness limit",
                         NULL);
        return mqc_lua_end(L);
    }
    snprintf(obs, sizeof obs, "%s before any CONNACK", mqc_conn_end_text(c));
    mqc_case_verdict(cs, MQREP_ERROR, expected, obs, "setup failed: the connection was not accepted");
    return mqc_lua_end(L);
}

/* t:_next_name(): the name t:open gives a connection it is not told one */
static int t__next_name(lua_State *L)
{
    char nb[32];
    lua_pushstring(L, conn_name(L, 2, nb, sizeof nb));
    return 1;
}

/* t:_credentials(): --username / --password, for the prelude's t:connect */
static int t__credentials(lua_State *L)
{
    const mqc_target *t = mqc_lua_case(L)->target;
    if (!t->username)
        return 0;
    lua_pushstring(L, t->username);
    if (t->password)
        lua_pushstring(L, t->password);
    else
        lua_pushnil(L);
    return 2;
}

/* Pushes a JSON value as Lua: objects and arrays become tables (arrays 1-based). */
static void push_json(lua_State *L, json_t *v)
{
    if (json_is_object(v)) {
        const char *k;
        json_t *e;
        lua_newtable(L);
        json_object_foreach (v, k, e) {
            push_json(L, e);
            lua_setfield(L, -2, k);
        }
    } else if (json_is_array(v)) {
        size_t i;
        json_t *e;
        lua_newtable(L);
        json_array_foreach (v, i, e) {
            push_json(L, e);
            lua_rawseti(L, -2, (lua_Integer)i + 1);
        }
    } else if (json_is_string(v)) {
        lua_pushlstring(L, json_string_value(v), json_string_length(v));
    } else if (json_is_integer(v)) {
        lua_pushinteger(L, (lua_Integer)json_integer_value(v));
    } else if (json_is_real(v)) {
        lua_pushnumber(L, json_real_value(v));
    } else if (json_is_boolean(v)) {
        lua_pushboolean(L, json_is_true(v));
    } else {
        lua_pushnil(L);
    }
}

/* t:profile(): the --profile table (a fresh copy each call), or nil without --profile */
static int t_profile(lua_State *L)
{
    const mqc_target *t = mqc_lua_case(L)->target;
    if (!t->profile_json)
        return 0;
    json_t *p = json_loads(t->profile_json, 0, NULL); /* validated by the runner */
    if (!p)
        return 0;
    push_json(L, p);
    json_decref(p);
    return 1;
}

static int t_caps(lua_State *L)
{
    const mqc_case *cs = mqc_lua_case(L);
    const mqc_caps *c = cs->caps;
    lua_newtable(L);
    for (size_t i = 0; i < mqc_cap_count; i++) {
        const mqc_cap_def *d = &mqc_cap_table[i];
        long v = d->key ? d->get(c) : -1;
        /* a 3.x case sees no 5.0 announcement: it assumes the full capability */
        if (!d->key || (d->integer && v < 0) || (d->announced && cs->ver != MQTT_V5))
            continue;
        if (d->integer)
            lua_pushinteger(L, v);
        else
            lua_pushboolean(L, v != 0);
        lua_setfield(L, -2, d->key);
    }
    return 1;
}

void mqc_lua_broker_setup(lua_State *L, int tidx)
{
    static const luaL_Reg methods[] = {{"_connect", t__connect}, {"_next_name", t__next_name},
                                       {"_credentials", t__credentials}, {"open", t_open},
                                       {"try_open", t_try_open}, {"caps", t_caps},
                                       {"profile", t_profile},
                                       {NULL, NULL}};
    lua_pushvalue(L, tidx);
    luaL_setfuncs(L, methods, 0);
    lua_pop(L, 1);
}
