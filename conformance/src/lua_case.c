/* Running one case in Lua: a fresh sandbox, the deadline hook, the
 * scenario's run(t) with the bindings of its role, and a verdict in every
 * outcome (a script error, a swallowed deadline, falling off the end). */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "luabind.h"
#include "luacase.h"
#include "luactx.h"

static void deadline_hook(lua_State *L, lua_Debug *ar)
{
    (void)ar;
    mqc_case *cs = mqc_lua_case(L);
    double now = mqc_now();
    if (now < cs->deadline)
        return;
    /* still running well after the deadline error was raised: the script
     * catches it (pcall in a loop), so the case ends without the script */
    if (mqc_case_decided(cs) && cs->bail && now >= cs->deadline + 0.5 * cs->scale)
        cs->bail(cs);
    mqc_lua_timeout(L, cs, "the script was running (busy loop?)");
}

static int msgh(lua_State *L)
{
    if (mqc_lua_is_end(L, 1))
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
    mqc_note(mqc_lua_case(L), NULL, "%s", lua_tostring(L, -1));
    return 0;
}

static int noop(lua_State *L)
{
    (void)L;
    return 0;
}

/* prelude.lua, compiled in (conformance/cmake/embed_lua.cmake) */
extern const char mqc_prelude_lua[];
extern const size_t mqc_prelude_lua_len;

/* Runs the prelude on t: what the API composes from the C primitives
 * (t:connect's defaults, accept_connect, send_hex, send_many, named driver
 * commands). False with the message on the stack if it fails. */
static bool run_prelude(lua_State *L, int t, int h)
{
    if (luaL_loadbufferx(L, mqc_prelude_lua, mqc_prelude_lua_len, "=prelude", "t") != LUA_OK)
        return false;
    lua_pushvalue(L, t);
    lua_getfield(L, LUA_REGISTRYINDEX, "mqc.conn.methods");
    lua_newtable(L);
    lua_pushnumber(L, DRIVER_WITHIN);
    lua_setfield(L, -2, "driver_within");
    return lua_pcall(L, 3, 0, h) == LUA_OK;
}

void mqc_lua_run_case(mqc_case *cs)
{
    const mqc_scenario *sc = cs->sc;
    if (sc->load_error) {
        char detail[4200];
        snprintf(detail, sizeof detail, "the scenario could not be loaded; fix %s", sc->path);
        mqc_case_verdict(cs, MQREP_ERROR, "a valid scenario file", sc->load_error, detail);
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
        mqc_case_verdict(cs, MQREP_UNSUPPORTED, NULL, obs, NULL);
        return;
    }
    for (size_t i = 0; i < sc->needs.n && !sc->client; i++) /* client needs: runner.c */
        if (!mqc_caps_offer(cs->caps, cs->ver, sc->needs.v[i])) {
            char obs[200];
            snprintf(obs, sizeof obs, "the broker does not offer '%s' for MQTT %s",
                     sc->needs.v[i], mqc_ver_name(cs->vi));
            mqc_case_verdict(cs, MQREP_UNSUPPORTED, NULL, obs, NULL);
            return;
        }
    lua_State *L = mqc_lua_new(256u << 20);
    if (!L) {
        mqc_case_verdict(cs, MQREP_ERROR, NULL, "cannot create a Lua state", NULL);
        return;
    }
    lua_pushlightuserdata(L, cs);
    lua_setfield(L, LUA_REGISTRYINDEX, "mqc.case");
    lua_pushcfunction(L, noop); /* the declaration was read when the catalogue loaded */
    lua_setglobal(L, "scenario");
    lua_pushcfunction(L, print_fn);
    lua_setglobal(L, "print");
    mqc_lua_set_libdir(L, sc->libdir, sc->libdir_builtin);
    mqc_lua_conn_register(L);
    lua_sethook(L, deadline_hook, LUA_MASKCOUNT, 1000);

    lua_pushcfunction(L, msgh);
    int h = lua_gettop(L);
    if (luaL_loadfilex(L, sc->path, "t") != LUA_OK ||
        lua_pcall(L, 0, 0, h) != LUA_OK) {
        if (!mqc_case_decided(cs))
            mqc_case_verdict(cs, MQREP_ERROR, NULL, lua_tostring(L, -1),
                             "the scenario file failed to load");
        mqc_lua_close(L);
        return;
    }
    lua_getglobal(L, "run");
    lua_newtable(L);
    int t = lua_gettop(L);
    mqc_lua_context_setup(L, t);
    lua_pushstring(L, mqc_ver_name(cs->vi));
    lua_setfield(L, -2, "version");
    lua_pushboolean(L, cs->ver == MQTT_V5);
    lua_setfield(L, -2, "v5");
    lua_pushstring(L, sc->id);
    lua_setfield(L, -2, "id");
    if (cs->driver)
        mqc_lua_client_setup(L, t);
    else
        mqc_lua_broker_setup(L, t);
    if (!run_prelude(L, t, h)) {
        mqc_case_verdict(cs, MQREP_ERROR, NULL, lua_tostring(L, -1), "the built-in prelude failed");
        mqc_lua_close(L);
        return;
    }
    int rc = lua_pcall(L, 1, 0, h);
    if (rc != LUA_OK && !mqc_case_decided(cs)) {
        const char *m = lua_tostring(L, -1);
        mqc_case_verdict(cs, MQREP_ERROR, NULL, m ? m : "script error",
                         rc == LUA_ERRMEM ? "the script ran out of memory" : "the script raised an error");
    }
    if (!mqc_case_decided(cs))
        mqc_case_verdict(cs, MQREP_PASS, NULL, "every expectation held", NULL);
    mqc_lua_close(L);
}

