/* Client mode's Lua API (conformance/CLIENT-API.md): t.port, t:accept,
 * t:accept_connect, and the driver handle t.client that sends commands to the
 * client under test and judges the events it reports. A driver that dies at
 * any point ends the case as a crash; every wait is bounded by its `within`
 * and the case deadline. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <lauxlib.h>

#include "luabind.h"
#include "luactx.h"

#define JSON_DEPTH 32

static mqc_driver *drv(lua_State *L, mqc_case **csp)
{
    mqc_case *cs = mqc_lua_case(L);
    *csp = cs;
    if (!cs->driver)
        luaL_error(L, "no client driver in this case (a broker-mode scenario?)");
    return cs->driver;
}

static double eff(const mqc_case *cs, double dl) { return dl < cs->deadline ? dl : cs->deadline; }

/* ------------------------------------------------------- Lua <-> JSON */

static json_t *to_json(lua_State *L, int idx, int depth, const char *path, char *why, size_t wl)
{
    idx = lua_absindex(L, idx);
    switch (lua_type(L, idx)) {
    case LUA_TNIL:
        return json_null();
    case LUA_TBOOLEAN:
        return json_boolean(lua_toboolean(L, idx));
    case LUA_TNUMBER:
        return lua_isinteger(L, idx) ? json_integer((json_int_t)lua_tointeger(L, idx))
                                     : json_real(lua_tonumber(L, idx));
    case LUA_TSTRING: {
        size_t n;
        const char *s = lua_tolstring(L, idx, &n);
        json_t *j = json_stringn(s, n);
        if (!j)
            snprintf(why, wl, "%s is not valid UTF-8 text (binary goes as payload_hex / {hex=...})",
                     path);
        return j;
    }
    case LUA_TTABLE:
        break;
    default:
        snprintf(why, wl, "%s: a %s cannot be sent to the driver", path, luaL_typename(L, idx));
        return NULL;
    }
    if (depth > JSON_DEPTH) {
        snprintf(why, wl, "%s: nested too deep", path);
        return NULL;
    }
    char sub[256];
    lua_Integer n = (lua_Integer)lua_rawlen(L, idx);
    if (n > 0) { /* a sequence is a JSON list */
        json_t *a = json_array();
        for (lua_Integer i = 1; i <= n; i++) {
            lua_rawgeti(L, idx, i);
            snprintf(sub, sizeof sub, "%s[%lld]", path, (long long)i);
            json_t *v = to_json(L, -1, depth + 1, sub, why, wl);
            lua_pop(L, 1);
            if (!v) {
                json_decref(a);
                return NULL;
            }
            json_array_append_new(a, v);
        }
        return a;
    }
    /* Lua has one empty table for {} and []: where the protocol wants a list (PROTOCOL.md:
       subs, filters), an empty one goes as [], so a scenario can hand the library an empty list. */
    if (lua_next(L, (lua_pushnil(L), idx)) == 0) {
        const char *dot = strrchr(path, '.');
        if (dot && (!strcmp(dot, ".subs") || !strcmp(dot, ".filters")))
            return json_array();
    } else {
        lua_pop(L, 2);
    }
    json_t *o = json_object();
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        if (lua_type(L, -2) != LUA_TSTRING) {
            lua_pop(L, 2);
            json_decref(o);
            snprintf(why, wl, "%s: keys must be strings (or a list 1..n)", path);
            return NULL;
        }
        const char *k = lua_tostring(L, -2);
        snprintf(sub, sizeof sub, "%s.%s", path, k);
        json_t *v = to_json(L, -1, depth + 1, sub, why, wl);
        lua_pop(L, 1);
        if (!v) {
            lua_pop(L, 1);
            json_decref(o);
            return NULL;
        }
        json_object_set_new(o, k, v);
    }
    return o;
}

static void push_json(lua_State *L, json_t *v)
{
    luaL_checkstack(L, 4, "JSON too deep");
    switch (json_typeof(v)) {
    case JSON_OBJECT: {
        lua_newtable(L);
        const char *k;
        json_t *x;
        json_object_foreach(v, k, x) {
            if (json_is_null(x))
                continue;
            push_json(L, x);
            lua_setfield(L, -2, k);
        }
        break;
    }
    case JSON_ARRAY: {
        lua_newtable(L);
        for (size_t i = 0; i < json_array_size(v); i++) {
            push_json(L, json_array_get(v, i));
            lua_rawseti(L, -2, (lua_Integer)i + 1);
        }
        break;
    }
    case JSON_STRING:
        lua_pushlstring(L, json_string_value(v), json_string_length(v));
        break;
    case JSON_INTEGER:
        lua_pushinteger(L, (lua_Integer)json_integer_value(v));
        break;
    case JSON_REAL:
        lua_pushnumber(L, json_real_value(v));
        break;
    case JSON_TRUE:
    case JSON_FALSE:
        lua_pushboolean(L, json_is_true(v));
        break;
    default:
        lua_pushnil(L);
    }
}

/* ------------------------------------------------------------ waiting */

/* The driver is gone: the case ends as a crash, whatever the scenario said. */
static int driver_gone(lua_State *L, mqc_case *cs)
{
    mqc_driver_reap(cs->driver, mqc_now() + 1.0);
    mqc_client_judge_end(cs);
    if (!mqc_case_decided(cs)) {
        char t[200];
        mqc_driver_end_text(cs->driver, t, sizeof t);
        mqc_case_verdict(cs, MQREP_FAIL, "the client keeps running until told to quit", t, NULL);
    }
    return mqc_lua_end(L);
}

/* Until events[i] exists: 1 it does, 0 `dl` passed, -1 the driver is gone,
 * -2 the case deadline passed. */
static int need_event(mqc_case *cs, size_t i, double dl)
{
    mqc_driver *d = cs->driver;
    while (json_array_size(d->events) <= i) {
        if (d->eof)
            return -1;
        int r = mqc_driver_pump(d, eff(cs, dl));
        if (r < 0 && !d->eof)
            return -1; /* its output cannot be read: as good as gone */
        if (r == 0 && mqc_now() >= eff(cs, dl))
            return mqc_now() >= cs->deadline ? -2 : 0;
    }
    return 1;
}

static bool skippable(lua_State *L, int opts, json_t *ev)
{
    return mqc_lua_skip_listed(L, opts, json_string_value(json_object_get(ev, "event")));
}

static bool matches(lua_State *L, int pat, json_t *ev, char *why, size_t wl)
{
    push_json(L, ev);
    bool ok = mqc_match(L, pat, lua_gettop(L), why, wl);
    lua_pop(L, 1);
    return ok;
}

static void describe_json(lua_State *L, json_t *ev, char *buf, size_t len)
{
    push_json(L, ev);
    mqc_lua_describe(L, -1, buf, len);
    lua_pop(L, 1);
}

static int opts_at(lua_State *L, int idx) { return lua_istable(L, idx) ? idx : 0; }

/* ------------------------------------------------------------ commands */

static bool has_path(json_t *o, const char *path)
{
    char key[128];
    while (json_is_object(o) && *path) {
        const char *dot = strchr(path, '.');
        size_t n = dot ? (size_t)(dot - path) : strlen(path);
        if (n >= sizeof key)
            return false;
        memcpy(key, path, n);
        key[n] = 0;
        o = json_object_get(o, key);
        if (!o || json_is_null(o))
            return false;
        if (!dot)
            return true;
        path = dot + 1;
    }
    return false;
}

/* A field of cmd the driver said it cannot express ("will.props" or
 * "connect.will.props" style), or NULL. */
static const char *unsupported_field(const mqc_driver *d, json_t *cmd)
{
    json_t *u = json_object_get(d->hello, "unsupported");
    const char *name = json_string_value(json_object_get(cmd, "cmd"));
    size_t nl = name ? strlen(name) : 0;
    for (size_t i = 0; i < json_array_size(u); i++) {
        const char *f = json_string_value(json_array_get(u, i));
        if (!f)
            continue;
        if (has_path(cmd, f))
            return f;
        if (name && !strncmp(f, name, nl) && f[nl] == '.' && has_path(cmd, f + nl + 1))
            return f;
    }
    return NULL;
}

/* Every duration in the API is scaled; the driver's own deadlines too. */
static void scale_times(json_t *cmd, const char *name, double scale)
{
    json_t *t = json_object_get(cmd, "timeout");
    if (json_is_number(t))
        json_object_set_new(cmd, "timeout", json_real(json_number_value(t) * scale));
    else if (scale != 1.0 && (!strcmp(name, "connect") || !strcmp(name, "subscribe") ||
                              !strcmp(name, "unsubscribe") || !strcmp(name, "disconnect")))
        json_object_set_new(cmd, "timeout", json_real(5.0 * scale));
    json_t *s = json_object_get(cmd, "seconds");
    if (!strcmp(name, "wait") && json_is_number(s))
        json_object_set_new(cmd, "seconds", json_real(json_number_value(s) * scale));
}

static int send_cmd(lua_State *L, int tbl, const char *forced)
{
    mqc_case *cs;
    mqc_driver *d = drv(L, &cs);
    char why[400] = "";
    json_t *cmd = lua_isnoneornil(L, tbl) ? json_object() : to_json(L, tbl, 0, "command", why, sizeof why);
    if (!cmd)
        return luaL_error(L, "%s", why);
    if (!json_is_object(cmd)) {
        json_decref(cmd);
        return luaL_error(L, "a command table with named fields expected");
    }
    if (forced)
        json_object_set_new(cmd, "cmd", json_string(forced));
    const char *name = json_string_value(json_object_get(cmd, "cmd"));
    if (!name) {
        json_decref(cmd);
        return luaL_error(L, "d:cmd{}: the command needs cmd = \"connect\" | \"subscribe\" | ...");
    }
    long long id = d->next_id++;
    json_object_set_new(cmd, "id", json_integer(id));
    if (!strcmp(name, "connect")) {
        if (!json_object_get(cmd, "host"))
            json_object_set_new(cmd, "host", json_string("127.0.0.1"));
        if (!json_object_get(cmd, "port"))
            json_object_set_new(cmd, "port", json_integer(cs->port));
        if (!json_object_get(cmd, "version"))
            json_object_set_new(cmd, "version", json_string(mqc_ver_name(cs->vi)));
        /* TLS / WebSocket runs: how the client must reach us (drivers/PROTOCOL.md) */
        const mqt_config *tc = mqt_ctx_config(cs->target->transport);
        if (tc && !json_object_get(cmd, "transport")) {
            json_t *tr = json_object();
            if (tc->tls)
                json_object_set_new(tr, "tls", json_true());
            if (tc->tls && tc->cafile)
                json_object_set_new(tr, "cafile", json_string(tc->cafile));
            if (tc->ws_path)
                json_object_set_new(tr, "ws_path", json_string(tc->ws_path));
            json_object_set_new(cmd, "transport", tr);
        }
        if (!json_object_get(cmd, "client_id")) {
            char cid[32];
            snprintf(cid, 24, "%sc", cs->cid_prefix);
            json_object_set_new(cmd, "client_id", json_string(cid));
        }
    }
    scale_times(cmd, name, cs->scale);
    const char *uf = unsupported_field(d, cmd);
    if (uf) {
        char obs[300];
        snprintf(obs, sizeof obs, "driver cannot express %s", uf);
        mqc_note(cs, "driver", "%s: the case cannot be judged with this driver", obs);
        json_decref(cmd);
        mqc_case_verdict(cs, MQREP_UNSUPPORTED, NULL, obs, NULL);
        return mqc_lua_end(L);
    }
    int r = mqc_driver_send(d, cmd, eff(cs, mqc_now() + DRIVER_WITHIN * cs->scale));
    json_decref(cmd);
    if (r == -1)
        return driver_gone(L, cs);
    if (r == -2) {
        if (mqc_now() >= cs->deadline)
            return mqc_lua_timeout(L, cs, "sending a command to the driver");
        return mqc_lua_finding(L, cs, 0, "the client reads its next command",
                               "the driver stopped reading commands (its stdin is full)", false);
    }
    lua_pushinteger(L, (lua_Integer)id);
    return 1;
}

/* d:_send(tbl, [name]): the primitive under the prelude's d:cmd and named
 * commands (d:connect{...} is d:_send({...}, "connect")). */
static int d__send(lua_State *L)
{
    if (!lua_isnoneornil(L, 2))
        luaL_checktype(L, 2, LUA_TTABLE);
    const char *forced = luaL_optstring(L, 3, NULL);
    return send_cmd(L, 2, forced);
}

/* ------------------------------------------------------------- events */

/* The first ack matching pat (an ack table pattern) or with the id, waiting
 * until dl. Returns its index or -1 timeout, -2 gone, -3 case deadline. */
static long find_ack(lua_State *L, mqc_case *cs, int pat, long long id, double dl)
{
    mqc_driver *d = cs->driver;
    for (;;) {
        for (size_t i = 0; i < json_array_size(d->acks); i++) {
            json_t *a = json_array_get(d->acks, i);
            char why[200];
            bool ok = pat ? matches(L, pat, a, why, sizeof why)
                          : json_integer_value(json_object_get(a, "id")) == id;
            if (ok)
                return (long)i;
        }
        if (d->eof)
            return -2;
        int r = mqc_driver_pump(d, eff(cs, dl));
        if (r < 0 && !d->eof)
            return -2;
        if (r == 0 && mqc_now() >= eff(cs, dl))
            return mqc_now() >= cs->deadline ? -3 : -1;
    }
}

static int ack_result(lua_State *L, mqc_case *cs, long i, int opts, const char *expected,
                      const char *what, double within)
{
    if (i == -2)
        return driver_gone(L, cs);
    if (i == -3)
        return mqc_lua_timeout(L, cs, expected);
    if (i < 0) {
        char obs[300];
        snprintf(obs, sizeof obs, "the client library did not answer %s within %.2fs", what, within);
        mqc_wire(cs, "driver", NULL, "timeout", obs, NULL, 0, NULL, NULL);
        return mqc_lua_finding(L, cs, opts, expected, obs, false);
    }
    json_t *a = json_array_get(cs->driver->acks, (size_t)i);
    push_json(L, a);
    json_array_remove(cs->driver->acks, (size_t)i);
    return 1;
}

static int d_ack(lua_State *L)
{
    mqc_case *cs;
    drv(L, &cs);
    lua_Integer id = luaL_checkinteger(L, 2);
    int opts = opts_at(L, 3);
    double within = mqc_lua_within(L, opts, "within", DRIVER_WITHIN) * cs->scale;
    char expected[120], what[80];
    snprintf(expected, sizeof expected, "an ack of command %lld", (long long)id);
    snprintf(what, sizeof what, "command %lld", (long long)id);
    long i = find_ack(L, cs, 0, id, mqc_now() + within);
    return ack_result(L, cs, i, opts, expected, what, within);
}

static bool wants_ack(lua_State *L, int pat)
{
    lua_getfield(L, pat, "event");
    bool r = lua_type(L, -1) == LUA_TSTRING && !strcmp(lua_tostring(L, -1), "ack");
    lua_pop(L, 1);
    return r;
}

static int d_expect(lua_State *L)
{
    mqc_case *cs;
    mqc_driver *d = drv(L, &cs);
    luaL_checktype(L, 2, LUA_TTABLE);
    int opts = opts_at(L, 3);
    double within = mqc_lua_within(L, opts, "within", DRIVER_WITHIN) * cs->scale;
    char expected[600];
    mqc_lua_describe(L, 2, expected, sizeof expected);
    double dl = mqc_now() + within;
    if (wants_ack(L, 2)) /* acks are kept apart from the event stream */
        return ack_result(L, cs, find_ack(L, cs, 2, 0, dl), opts, expected, "the command",
                          within);
    for (;;) {
        int r = need_event(cs, 0, dl);
        if (r == -1)
            return driver_gone(L, cs);
        if (r == -2) {
            char doing[700];
            snprintf(doing, sizeof doing, "waiting for the client's event %s", expected);
            return mqc_lua_timeout(L, cs, doing);
        }
        if (r == 0) {
            char obs[200];
            snprintf(obs, sizeof obs, "no event from the client within %.2fs", within);
            mqc_wire(cs, "driver", NULL, "timeout", obs, NULL, 0, NULL, NULL);
            return mqc_lua_finding(L, cs, opts, expected, obs, false);
        }
        json_t *ev = json_array_get(d->events, 0);
        char why[400] = "";
        if (matches(L, 2, ev, why, sizeof why)) {
            push_json(L, ev);
            json_array_remove(d->events, 0);
            return 1;
        }
        if (skippable(L, opts, ev)) {
            json_array_remove(d->events, 0);
            continue;
        }
        char obs[1100], desc[600];
        describe_json(L, ev, desc, sizeof desc);
        snprintf(obs, sizeof obs, "%s (%s)", desc, why);
        return mqc_lua_finding(L, cs, opts, expected, obs, false);
    }
}

static int d_event(lua_State *L)
{
    mqc_case *cs;
    mqc_driver *d = drv(L, &cs);
    double within = mqc_lua_within(L, 2, "within", DRIVER_WITHIN) * cs->scale;
    int r = need_event(cs, 0, mqc_now() + within);
    if (r == -2)
        return mqc_lua_timeout(L, cs, "waiting for a client event");
    if (r != 1) {
        lua_pushnil(L);
        lua_pushstring(L, r == 0 ? "timeout" : "exited");
        return 2;
    }
    push_json(L, json_array_get(d->events, 0));
    json_array_remove(d->events, 0);
    return 1;
}

static int d_expect_none(lua_State *L)
{
    mqc_case *cs;
    mqc_driver *d = drv(L, &cs);
    luaL_checktype(L, 2, LUA_TTABLE);
    double secs = luaL_optnumber(L, 3, 1.0) * cs->scale;
    char pat[500], expected[600];
    mqc_lua_describe(L, 2, pat, sizeof pat);
    snprintf(expected, sizeof expected, "no client event %s for %.2fs", pat, secs);
    double dl = mqc_now() + secs;
    for (size_t i = 0;; i++) {
        int r = need_event(cs, i, dl);
        if (r == 0) {
            lua_pushboolean(L, 1);
            return 1;
        }
        if (r == -1)
            return driver_gone(L, cs);
        if (r == -2)
            return mqc_lua_timeout(L, cs, expected);
        json_t *ev = json_array_get(d->events, i);
        char why[400];
        if (matches(L, 2, ev, why, sizeof why)) {
            char obs[700], desc[600];
            describe_json(L, ev, desc, sizeof desc);
            snprintf(obs, sizeof obs, "%s at %.3fs", desc, mqc_now() - cs->t0);
            return mqc_lua_finding(L, cs, 0, expected, obs, false);
        }
    }
}

static int d_alive(lua_State *L)
{
    mqc_case *cs;
    mqc_driver *d = drv(L, &cs);
    if (!d->eof)
        mqc_driver_pump(d, mqc_now());
    lua_pushboolean(L, !d->eof && !mqc_driver_reap(d, mqc_now()));
    return 1;
}

static int d_exit_status(lua_State *L)
{
    mqc_case *cs;
    mqc_driver *d = drv(L, &cs);
    if (!d->eof)
        mqc_driver_pump(d, mqc_now());
    if (!mqc_driver_reap(d, d->eof ? mqc_now() + 0.5 : mqc_now())) {
        lua_pushnil(L);
        return 1;
    }
    lua_newtable(L);
    if (WIFSIGNALED(d->status)) {
        char t[200];
        mqc_driver_end_text(d, t, sizeof t);
        const char *sig = strstr(t, "SIG");
        if (sig)
            lua_pushlstring(L, sig, strcspn(sig, " "));
        else
            lua_pushinteger(L, WTERMSIG(d->status));
        lua_setfield(L, -2, "signal");
    } else {
        lua_pushinteger(L, WEXITSTATUS(d->status));
        lua_setfield(L, -2, "code");
    }
    return 1;
}

/* ------------------------------------------------------------ judgement */

void mqc_client_judge_end(mqc_case *cs)
{
    mqc_driver *d = cs->driver;
    if (!d || !mqc_driver_failed(d))
        return;
    if (!d->exited)
        mqc_driver_reap(d, mqc_now() + 1.0);
    char obs[300], tail[2048], det[3000];
    mqc_driver_end_text(d, obs, sizeof obs);
    mqc_driver_stderr_tail(d, tail, sizeof tail);
    if (mqc_case_decided(cs) && cs->decided_by < MQC_BY_CRASH) /* kept behind the crash */
        snprintf(det, sizeof det, "the scenario had reached %s: %s\nstderr tail:\n%s",
                 mqrep_verdict_name((mqrep_verdict)cs->verdict), cs->observed ? cs->observed : "",
                 tail[0] ? tail : "(empty)");
    else
        snprintf(det, sizeof det, "stderr tail:\n%s", tail[0] ? tail : "(empty)");
    if (cs->decided_by < MQC_BY_CRASH)
        mqc_note(cs, "driver", "%s", obs);
    mqc_case_overrule(cs, MQC_BY_CRASH, MQREP_FAIL, "the client keeps running until told to quit", obs,
                      det);
}

/* --------------------------------------------------------- t in client mode */

static int t_accept(lua_State *L)
{
    mqc_case *cs;
    mqc_driver *d = drv(L, &cs);
    char nb[32];
    const char *name = lua_type(L, 2) == LUA_TSTRING ? lua_tostring(L, 2) : NULL;
    if (!name) {
        snprintf(nb, sizeof nb, "c%zu", cs->nconns + 1);
        name = nb;
    }
    int opts = opts_at(L, 3) ? 3 : opts_at(L, 2);
    double within = mqc_lua_within(L, opts, "within", DRIVER_WITHIN) * cs->scale;
    double dl = eff(cs, mqc_now() + within);
    for (;;) {
        if (d->eof)
            return driver_gone(L, cs);
        double left = dl - mqc_now();
        if (left <= 0)
            break;
        /* the driver's output is read meanwhile: its death ends the wait at once */
        struct pollfd p[2] = {{cs->listen_fd, POLLIN, 0}, {d->out_fd, POLLIN, 0}};
        int r = poll(p, d->out_fd >= 0 ? 2 : 1, (int)(left * 1000.0) + 1);
        if (r < 0 && errno != EINTR)
            break;
        if (r > 0 && d->out_fd >= 0 && p[1].revents)
            mqc_driver_pump(d, mqc_now());
        if (r > 0 && (p[0].revents & POLLIN)) {
            int fd = accept(cs->listen_fd, NULL, NULL); /* adopt makes it nonblocking */
            if (fd < 0)
                continue;
            char why[200];
            mqc_conn *c = mqc_conn_adopt(cs, name, fd, why, sizeof why);
            if (!c)
                return luaL_error(L, "t:accept: %s", why);
            mqc_lua_push_conn(L, c);
            return 1;
        }
    }
    char expected[120], obs[200];
    snprintf(expected, sizeof expected, "a TCP connection from the client on port %d", cs->port);
    if (mqc_now() >= cs->deadline)
        return mqc_lua_timeout(L, cs, "waiting for the client to connect");
    snprintf(obs, sizeof obs, "no connection from the client within %.2fs", within);
    mqc_wire(cs, name, NULL, "timeout", obs, NULL, 0, NULL, NULL);
    return mqc_lua_finding(L, cs, opts, expected, obs, false);
}

static int not_in_client_mode(lua_State *L)
{
    return luaL_error(L, "%s is not available in client mode (the client connects to us: "
                         "use t:accept / t:accept_connect)",
                      lua_tostring(L, lua_upvalueindex(1)));
}

void mqc_lua_client_setup(lua_State *L, int tidx)
{
    mqc_case *cs = mqc_lua_case(L);
    tidx = lua_absindex(L, tidx);
    lua_pushinteger(L, cs->port);
    lua_setfield(L, tidx, "port");
    static const luaL_Reg tm[] = {{"accept", t_accept}, {NULL, NULL}};
    lua_pushvalue(L, tidx);
    luaL_setfuncs(L, tm, 0);
    lua_pop(L, 1);
    static const char *const gone[] = {"connect", "open", "try_open", "caps"};
    for (size_t i = 0; i < 4; i++) {
        char what[32];
        snprintf(what, sizeof what, "t:%s", gone[i]);
        lua_pushstring(L, what);
        lua_pushcclosure(L, not_in_client_mode, 1);
        lua_setfield(L, tidx, gone[i]);
    }
    static const luaL_Reg dm[] = {
        {"_send", d__send},     {"expect", d_expect},     {"ack", d_ack},
        {"event", d_event},     {"expect_none", d_expect_none}, {"alive", d_alive},
        {"exit_status", d_exit_status}, {NULL, NULL}};
    luaL_newlib(L, dm);
    if (cs->driver && cs->driver->hello) {
        push_json(L, cs->driver->hello);
        lua_setfield(L, -2, "hello");
    }
    lua_setfield(L, tidx, "client");
}
