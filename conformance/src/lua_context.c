/* The shared context of a running case's Lua bindings: which case a state
 * runs, how a binding ends it (a finding at the scenario's level, a timeout,
 * an explicit verdict), option parsing, and the methods of `t` every role has
 * (topic, client_id, sleep, log, the verdicts, check, version_at_least). */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "luactx.h"

static const char end_key = 'E'; /* error object that ends a case with its verdict set */

mqc_case *mqc_lua_case(lua_State *L)
{
    lua_getfield(L, LUA_REGISTRYINDEX, "mqc.case");
    mqc_case *cs = lua_touserdata(L, -1);
    lua_pop(L, 1);
    return cs;
}

int mqc_lua_end(lua_State *L)
{
    lua_pushlightuserdata(L, (void *)&end_key);
    return lua_error(L);
}

bool mqc_lua_is_end(lua_State *L, int idx) { return lua_touserdata(L, idx) == (void *)&end_key; }

int mqc_lua_timeout(lua_State *L, mqc_case *cs, const char *doing)
{
    char obs[512];
    snprintf(obs, sizeof obs, "case deadline of %.2fs expired while %s", cs->sc->timeout * cs->scale,
             doing);
    if (!mqc_case_decided(cs)) /* a script that swallows the error comes back here */
        mqc_wire(cs, NULL, NULL, "timeout", obs, NULL, 0, NULL, NULL);
    mqc_case_verdict(cs, MQREP_TIMEOUT, "the case to finish within its deadline", obs, NULL);
    return mqc_lua_end(L);
}

/* Adds statement ids given as a string or a list at idx. */
void mqc_lua_add_stmts(lua_State *L, mqc_case *cs, int idx)
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
int mqc_lua_finding(lua_State *L, mqc_case *cs, int opts, const char *expected,
                    const char *observed, bool malformed)
{
    int level = cs->sc->level;
    if (opts && lua_istable(L, opts)) {
        lua_getfield(L, opts, "level");
        if (lua_isstring(L, -1) && mqc_level_parse(lua_tostring(L, -1)) >= 0)
            level = mqc_level_parse(lua_tostring(L, -1));
        lua_pop(L, 1);
        lua_getfield(L, opts, "stmt");
        mqc_lua_add_stmts(L, cs, lua_gettop(L));
        lua_pop(L, 1);
        if (lua_getfield(L, opts, "expected") == LUA_TSTRING)
            expected = lua_tostring(L, -1); /* kept on the stack until end_case */
    }
    int v = mqc_level_verdict(level);
    if (malformed && !cs->sc->accept_malformed) {
        v = MQREP_FAIL;
        if (cs->malformed_stmt)
            mqc_strlist_add(&cs->extra_stmts, cs->malformed_stmt);
    }
    mqc_case_verdict(cs, v, expected, observed, NULL);
    return mqc_lua_end(L);
}

double mqc_lua_within(lua_State *L, int idx, const char *key, double def)
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

void mqc_lua_no_options(lua_State *L, int idx, const char *what)
{
    static const char *const keys[] = {"within", "skip", "level", "stmt", "expected", NULL};
    if (!lua_istable(L, idx))
        return;
    for (const char *const *k = keys; *k; k++) {
        bool set = lua_getfield(L, idx, *k) != LUA_TNIL;
        lua_pop(L, 1);
        if (set)
            luaL_error(L, "%s: '%s' is an option, give it in the options table", what, *k);
    }
}

bool mqc_lua_skip_listed(lua_State *L, int opts, const char *name)
{
    if (!opts || !lua_istable(L, opts))
        return false;
    int ty = lua_getfield(L, opts, "skip");
    bool r = false;
    if (ty == LUA_TBOOLEAN)
        r = lua_toboolean(L, -1);
    else if (ty == LUA_TTABLE) {
        lua_Integer n = luaL_len(L, -1);
        for (lua_Integer i = 1; name && i <= n && !r; i++) {
            lua_geti(L, -1, i);
            r = lua_isstring(L, -1) && !strcmp(lua_tostring(L, -1), name);
            lua_pop(L, 1);
        }
    }
    lua_pop(L, 1);
    return r;
}

void mqc_lua_client_id(mqc_case *cs, const char *name, char *out, size_t len)
{
    /* 23 bytes at most: the 3.1 limit, and the length every server must accept */
    snprintf(out, len < 24 ? len : 24, "%s%s", cs->cid_prefix, name);
}

static int t_topic(lua_State *L)
{
    mqc_case *cs = mqc_lua_case(L);
    size_t n = 0;
    const char *s = luaL_optlstring(L, 2, "", &n);
    lua_pushstring(L, cs->topic_prefix);
    lua_pushlstring(L, s, n); /* by length: a scenario may put a NUL in a topic on purpose */
    lua_concat(L, 2);
    return 1;
}

static int t_client_id(lua_State *L)
{
    mqc_case *cs = mqc_lua_case(L);
    char cid[32];
    mqc_lua_client_id(cs, luaL_optstring(L, 2, ""), cid, sizeof cid);
    lua_pushstring(L, cid);
    return 1;
}

static int t_sleep(lua_State *L)
{
    mqc_case *cs = mqc_lua_case(L);
    double until = mqc_now() + luaL_checknumber(L, 2) * cs->scale;
    for (;;) {
        double now = mqc_now();
        if (now >= cs->deadline)
            return mqc_lua_timeout(L, cs, "in t:sleep");
        if (now >= until)
            return 0;
        double left = (until < cs->deadline ? until : cs->deadline) - now;
        poll(NULL, 0, (int)(left * 1000.0) + 1);
    }
}

static int t_log(lua_State *L)
{
    mqc_note(mqc_lua_case(L), NULL, "%s", luaL_tolstring(L, 2, NULL));
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
    mqc_case *cs = mqc_lua_case(L);
    if (lua_type(L, 2) == LUA_TSTRING) { /* t:pass(msg), t:unsupported(msg): what was seen */
        mqc_case_verdict(cs, v, NULL, lua_tostring(L, 2), NULL);
        return mqc_lua_end(L);
    }
    if (lua_istable(L, 2)) {
        lua_getfield(L, 2, "stmt");
        mqc_lua_add_stmts(L, cs, lua_gettop(L));
        lua_pop(L, 1);
    }
    mqc_case_verdict(cs, v, tfield(L, 2, "expected"), tfield(L, 2, "observed"),
                     tfield(L, 2, "detail"));
    return mqc_lua_end(L);
}

static int t_pass(lua_State *L) { return explicit_verdict(L, MQREP_PASS); }
static int t_fail(lua_State *L) { return explicit_verdict(L, mqc_level_verdict(mqc_lua_case(L)->sc->level)); }
static int t_nonstrict(lua_State *L) { return explicit_verdict(L, MQREP_NON_STRICT); }
static int t_info(lua_State *L) { return explicit_verdict(L, MQREP_INFORMATIONAL); }
static int t_unsupported(lua_State *L) { return explicit_verdict(L, MQREP_UNSUPPORTED); }
static int t_skip(lua_State *L) { return explicit_verdict(L, MQREP_SKIPPED); }

static int t_check(lua_State *L)
{
    if (lua_toboolean(L, 2))
        return 0;
    mqc_case *cs = mqc_lua_case(L);
    const char *e = luaL_optstring(L, 3, "the check to hold");
    const char *o = luaL_optstring(L, 4, "it did not");
    mqc_case_verdict(cs, mqc_level_verdict(cs->sc->level), e, o, NULL);
    return mqc_lua_end(L);
}

/* t:_precondition(what, stmt): enters the precondition scope (what = nil
 * leaves it) and returns the scope it replaces, so the prelude's t:require can
 * nest and restore. */
static int t__precondition(lua_State *L)
{
    mqc_case *cs = mqc_lua_case(L);
    lua_pushstring(L, cs->pre_what); /* NULL pushes nil */
    lua_pushstring(L, cs->pre_stmt);
    mqc_case_precondition(cs, luaL_optstring(L, 2, NULL), luaL_optstring(L, 3, NULL));
    return 2;
}

static int t_version_at_least(lua_State *L)
{
    int want = mqc_ver_index(luaL_checkstring(L, 2));
    lua_pushboolean(L, want >= 0 && mqc_lua_case(L)->vi >= want);
    return 1;
}

void mqc_lua_context_setup(lua_State *L, int tidx)
{
    static const luaL_Reg methods[] = {
        {"topic", t_topic}, {"client_id", t_client_id}, {"sleep", t_sleep}, {"log", t_log},
        {"pass", t_pass}, {"fail", t_fail}, {"nonstrict", t_nonstrict}, {"info", t_info},
        {"unsupported", t_unsupported}, {"skip", t_skip}, {"check", t_check},
        {"version_at_least", t_version_at_least}, {"_precondition", t__precondition},
        {NULL, NULL}};
    lua_pushvalue(L, tidx);
    luaL_setfuncs(L, methods, 0);
    lua_pop(L, 1);
}
