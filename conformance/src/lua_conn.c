/* Connection objects of a case's Lua bindings (broker mode's dialled and
 * client mode's accepted connections alike): send, the expect family, recv,
 * close. Each received packet is the one the peers layer decoded. */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "luactx.h"

typedef struct lconn {
    mqc_conn *c;
} lconn;

static mqc_conn *check_conn(lua_State *L)
{
    lconn *u = luaL_checkudata(L, 1, "mqc.conn");
    return u->c;
}

mqc_conn *mqc_lua_to_conn(lua_State *L, int idx) { return ((lconn *)luaL_checkudata(L, idx, "mqc.conn"))->c; }

void mqc_lua_push_conn(lua_State *L, mqc_conn *c)
{
    lconn *u = lua_newuserdatauv(L, sizeof *u, 1);
    u->c = c;
    luaL_setmetatable(L, "mqc.conn");
    lua_newtable(L);
    lua_setiuservalue(L, -2, 1);
}

void mqc_lua_sent(lua_State *L, mqc_case *cs, int r)
{
    if (r == -2)
        mqc_lua_timeout(L, cs, "sending (the broker stopped reading)");
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
    if (validate && c->peer_max_packet && len > c->peer_max_packet) {
        /* The broker announced a limit: a refusal of a packet above it is
         * correct, so a case that needs such a packet cannot be graded under
         * that limit. A case that means to exceed it uses c:send_unchecked. */
        char obs[300];
        snprintf(obs, sizeof obs, "the case needs a %zu-byte %s above the broker's Maximum Packet "
                 "Size %u", len, mqtt_type_name(b[0] >> 4), (unsigned)c->peer_max_packet);
        free(b);
        mqc_case_verdict(c->cs, MQREP_UNSUPPORTED, NULL, obs, NULL);
        return mqc_lua_end(L);
    }
    int r = mqc_conn_send(c, b, len);
    free(b);
    mqc_lua_sent(L, c->cs, r);
    return 0;
}

static int c_send(lua_State *L) { return send_pkt(L, true); }
static int c_send_unchecked(lua_State *L) { return send_pkt(L, false); }

static int c_send_bytes(lua_State *L)
{
    mqc_conn *c = check_conn(L);
    size_t n;
    const char *s = luaL_checklstring(L, 2, &n);
    mqc_lua_sent(L, c->cs, mqc_conn_send(c, (const uint8_t *)s, n));
    return 0;
}

/* c:ws_frame(kind, payload, opts): one WebSocket frame exactly as asked
 * (mqtransport.h): kind "binary", "text", "continuation", "close", "ping",
 * "pong" or an opcode number; opts.fin (default true), opts.mask (default
 * true: a client must mask), opts.rsv (0..7). Only on a WebSocket run
 * (needs = {"websocket"}). */
static int c_ws_frame(lua_State *L)
{
    mqc_conn *c = check_conn(L);
    static const char *const kinds[] = {"continuation", "text", "binary", "close", "ping", "pong", NULL};
    static const int ops[] = {MQT_WS_CONT, MQT_WS_TEXT, MQT_WS_BINARY, MQT_WS_CLOSE, MQT_WS_PING,
                              MQT_WS_PONG};
    int op = lua_isinteger(L, 2) ? (int)lua_tointeger(L, 2) : ops[luaL_checkoption(L, 2, NULL, kinds)];
    luaL_argcheck(L, op >= 0 && op <= 15, 2, "opcode 0..15");
    size_t n = 0;
    const char *p = luaL_optlstring(L, 3, "", &n);
    mqt_frame_opts fo = {.fin = true};
    if (lua_istable(L, 4)) {
        lua_getfield(L, 4, "fin");
        if (!lua_isnil(L, -1))
            fo.fin = lua_toboolean(L, -1);
        lua_getfield(L, 4, "mask");
        if (!lua_isnil(L, -1))
            fo.nomask = !lua_toboolean(L, -1);
        lua_getfield(L, 4, "rsv");
        fo.rsv = (uint8_t)(luaL_optinteger(L, -1, 0) & 7);
        lua_pop(L, 3);
    }
    if (!mqt_is_ws(c->tr))
        return luaL_error(L, "c:ws_frame: %s is not a WebSocket connection (the scenario needs "
                             "{\"websocket\"}; run with --ws PATH)", c->name);
    mqc_lua_sent(L, c->cs, mqc_conn_ws_frame(c, op, &fo, (const uint8_t *)p, n));
    return 0;
}

/* c:encode(tbl): the bytes c:send would write (the connection's version and
 * direction, validated), or nil and why: the primitive under send_many. */
static int c_encode(lua_State *L)
{
    mqc_conn *c = check_conn(L);
    luaL_checktype(L, 2, LUA_TTABLE);
    char why[600];
    size_t len;
    uint8_t *b = mqc_pkt_encode_dir(L, 2, c->ver, true, c->server, &len, why, sizeof why);
    if (!b) {
        lua_pushnil(L);
        lua_pushstring(L, why);
        return 2;
    }
    lua_pushlstring(L, (const char *)b, len);
    free(b);
    return 1;
}

static int c_send_slow(lua_State *L)
{
    mqc_conn *c = check_conn(L);
    size_t n;
    const char *s = luaL_checklstring(L, 2, &n);
    double d = luaL_optnumber(L, 3, 0.01);
    mqc_lua_sent(L, c->cs, mqc_conn_send_slow(c, (const uint8_t *)s, n, d * c->cs->scale));
    return 0;
}

/* Pushes the table of a received packet: the peers layer decoded it once. */
void mqc_lua_push_received(lua_State *L, const mqc_pkt *p)
{
    mqc_pkt_push(L, &p->pkt, p->ver, p->bytes, p->len);
}

/* Does the skip option (true or a list of type names) let this packet pass? */
static bool skippable(lua_State *L, int opts, int pkt)
{
    lua_getfield(L, pkt, "type");
    bool r = mqc_lua_skip_listed(L, opts, lua_tostring(L, -1));
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
        return mqc_lua_finding(L, cs, opts, expected, obs, false);
    case EV_MALFORMED:
        return mqc_lua_finding(L, cs, opts, expected, cs->malformed_obs[0] ? cs->malformed_obs
                                                                   : "input over the harness limit",
                       cs->malformed_obs[0] != 0);
    case EV_DEADLINE: {
        char doing[600];
        snprintf(doing, sizeof doing, "waiting on %s for %s", c->name, expected);
        return mqc_lua_timeout(L, cs, doing);
    }
    default:
        snprintf(obs, sizeof obs, "nothing on %s within %.2fs", c->name, within);
        mqc_wire(cs, c->name, NULL, "timeout", obs, NULL, 0, NULL, NULL);
        return mqc_lua_finding(L, cs, opts, expected, obs, false);
    }
}

/* The type of a pattern that waits for an ack the spec does not order against
 * deliveries, or -1: a PUBLISH that comes first is left queued for the next
 * wait instead of failing this one. PINGRESP is not one of them: scenarios use
 * a PINGREQ round trip as a barrier, and what arrives before it is judged. */
static int response_type(lua_State *L, int pat)
{
    lua_getfield(L, pat, "type");
    int t = lua_type(L, -1) == LUA_TSTRING ? mqtt_type_by_name(lua_tostring(L, -1)) : -1;
    lua_pop(L, 1);
    switch (t) {
    case MQTT_SUBACK: case MQTT_UNSUBACK: case MQTT_PUBACK: case MQTT_PUBREC:
    case MQTT_PUBCOMP:
        return t;
    default:
        return -1;
    }
}

static int next_for(mqc_conn *c, double dl, int want, const mqc_pkt **p)
{
    return want >= 0 ? mqc_conn_next_past_publish(c, dl, want, p) : mqc_conn_next(c, dl, p);
}

static int c_expect(lua_State *L)
{
    mqc_conn *c = check_conn(L);
    luaL_checktype(L, 2, LUA_TTABLE);
    mqc_lua_no_options(L, 2, "c:expect");
    int opts = lua_istable(L, 3) ? 3 : 0;
    double within = mqc_lua_within(L, opts, "within", DEFAULT_WITHIN) * c->cs->scale;
    char expected[600];
    mqc_lua_describe(L, 2, expected, sizeof expected);
    double dl = mqc_now() + within;
    int want = response_type(L, 2);
    for (;;) {
        const mqc_pkt *p;
        int ev = next_for(c, dl, want, &p);
        if (ev != EV_PACKET)
            return fail_event(L, c, ev, opts, expected, within);
        mqc_lua_push_received(L, p);
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
        return mqc_lua_finding(L, c->cs, opts, expected, obs, false);
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
    double within = mqc_lua_within(L, opts, "within", DEFAULT_WITHIN) * c->cs->scale;
    lua_Integer n = luaL_len(L, 2);
    char expected[800] = "one of: ";
    for (lua_Integer i = 1; i <= n; i++) {
        lua_geti(L, 2, i);
        mqc_lua_no_options(L, lua_gettop(L), "c:expect_one_of");
        char d[300];
        if (is_closed_alt(L, lua_gettop(L)))
            snprintf(d, sizeof d, "connection closed");
        else
            mqc_lua_describe(L, -1, d, sizeof d);
        lua_pop(L, 1);
        size_t l = strlen(expected);
        snprintf(expected + l, sizeof expected - l, "%s%s", i > 1 ? " | " : "", d);
    }
    int want = -2; /* the one response type all packet alternatives wait for, else -1 */
    for (lua_Integer i = 1; i <= n; i++) {
        lua_geti(L, 2, i);
        if (lua_istable(L, -1) && !is_closed_alt(L, lua_gettop(L))) {
            int t = response_type(L, lua_gettop(L));
            want = want == -2 || want == t ? t : -1;
        }
        lua_pop(L, 1);
    }
    if (want == -2)
        want = -1;
    double dl = mqc_now() + within;
    for (;;) {
        const mqc_pkt *p;
        int ev = next_for(c, dl, want, &p);
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
        mqc_lua_push_received(L, p);
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
        return mqc_lua_finding(L, c->cs, opts, expected, obs, false);
    }
}

static int c_expect_closed(lua_State *L)
{
    mqc_conn *c = check_conn(L);
    int opts = lua_istable(L, 2) ? 2 : 0;
    double within = mqc_lua_within(L, opts, "within", DEFAULT_WITHIN) * c->cs->scale;
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
                return mqc_lua_finding(L, c->cs, opts, expected, obs, false);
            }
            return fail_event(L, c, ev, opts, expected, within);
        }
        mqc_lua_push_received(L, p);
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
        return mqc_lua_finding(L, c->cs, opts, expected, obs, false);
    }
}

static int c_expect_silence(lua_State *L)
{
    mqc_conn *c = check_conn(L);
    double secs = mqc_lua_within(L, 2, "seconds", 1.0);
    if (lua_istable(L, 2) && secs == 1.0)
        secs = mqc_lua_within(L, 2, "for_", 1.0);
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
        mqc_lua_push_received(L, p);
        char obs[700], d[600];
        mqc_lua_describe(L, -1, d, sizeof d);
        snprintf(obs, sizeof obs, "%s at %.3fs", d, mqc_now() - c->cs->t0);
        return mqc_lua_finding(L, c->cs, opts, expected, obs, false);
    }
    return fail_event(L, c, ev, opts, expected, within);
}

static int c_recv(lua_State *L)
{
    mqc_conn *c = check_conn(L);
    double within = mqc_lua_within(L, 2, "within", DEFAULT_WITHIN) * c->cs->scale;
    const mqc_pkt *p;
    int ev = mqc_conn_next(c, mqc_now() + within, &p);
    switch (ev) {
    case EV_PACKET: mqc_lua_push_received(L, p); return 1;
    case EV_DEADLINE: return mqc_lua_timeout(L, c->cs, "in recv");
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
    {"encode", c_encode}, {"send_slow", c_send_slow}, {"ws_frame", c_ws_frame},
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
    if (!strcmp(k, "websocket")) { /* is the connection WebSocket (ws or wss)? */
        lua_pushboolean(L, mqt_is_ws(c->tr));
        return 1;
    }
    if (!strcmp(k, "ws_offered")) { /* client mode: the subprotocols the client offered */
        const char *wo = mqt_ws_offered(c->tr);
        if (wo)
            lua_pushstring(L, wo);
        else
            lua_pushnil(L);
        return 1;
    }
    if (!strcmp(k, "ws_protocol")) { /* the subprotocol the server selected, or nil */
        const char *wp = mqt_ws_protocol(c->tr);
        if (wp)
            lua_pushstring(L, wp);
        else
            lua_pushnil(L);
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

/* The metatable of connection objects and their methods (once per state). */
void mqc_lua_conn_register(lua_State *L)
{
    luaL_newmetatable(L, "mqc.conn");
    lua_pushcfunction(L, conn_index);
    lua_setfield(L, -2, "__index");
    lua_pop(L, 1);
    luaL_newlib(L, conn_methods);
    lua_setfield(L, LUA_REGISTRYINDEX, "mqc.conn.methods");
}
