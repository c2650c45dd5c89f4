/* The sandboxed Lua state scenarios run in: safe libraries only, a memory
 * cap, the mqtt module, and use(name) for the catalogue's shared helpers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lualib.h>

#include "luacore.h"

/* ------------------------------------------------------------ Lua state */

typedef struct lua_mem {
    size_t used, limit;
} lua_mem;

/* A script that allocates without bound meets a memory error (an ERROR
 * verdict), not the OOM killer. */
static void *capped_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    lua_mem *m = ud;
    size_t old = ptr ? osize : 0;
    if (nsize == 0) {
        free(ptr);
        m->used -= old;
        return NULL;
    }
    if (nsize > old && m->used + (nsize - old) > m->limit)
        return NULL;
    void *n = realloc(ptr, nsize);
    if (n)
        m->used = m->used - old + nsize;
    return n;
}

lua_State *mqc_lua_new(size_t mem_limit)
{
    lua_mem *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->limit = mem_limit;
    lua_State *L = lua_newstate(capped_alloc, m);
    if (!L) {
        free(m);
        return NULL;
    }
    static const luaL_Reg libs[] = {{LUA_GNAME, luaopen_base},
                                    {LUA_TABLIBNAME, luaopen_table},
                                    {LUA_STRLIBNAME, luaopen_string},
                                    {LUA_MATHLIBNAME, luaopen_math},
                                    {LUA_UTF8LIBNAME, luaopen_utf8},
                                    {NULL, NULL}};
    for (const luaL_Reg *l = libs; l->name; l++) {
        luaL_requiref(L, l->name, l->func, 1);
        lua_pop(L, 1);
    }
    /* No files, no code loading, no GC control: a scenario talks only to the broker. */
    static const char *const banned[] = {"dofile", "loadfile", "load", "require",
                                         "collectgarbage", "print", NULL};
    for (const char *const *b = banned; *b; b++) {
        lua_pushnil(L);
        lua_setglobal(L, *b);
    }
    mqc_lua_open_mqtt(L);
    return L;
}

static int use_fn(lua_State *L)
{
    size_t n;
    const char *name = luaL_checklstring(L, 1, &n);
    for (size_t i = 0; i < n; i++)
        if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= '0' && name[i] <= '9') || name[i] == '_'))
            return luaL_error(L, "use('%s'): library names are [a-z0-9_]", name);
    if (n == 0 || n > 64)
        return luaL_error(L, "use(): a library name of 1 to 64 characters");
    lua_getfield(L, LUA_REGISTRYINDEX, "mqc.libs");
    lua_getfield(L, -1, name);
    if (!lua_isnil(L, -1))
        return 1; /* loaded before in this state */
    lua_pop(L, 1);
    /* the scenario's own folder first, so a user can shadow a built-in helper */
    char path[4096];
    int found = 0;
    static const char *const keys[] = {"mqc.libdir", "mqc.libdir_builtin"};
    for (int k = 0; k < 2 && !found; k++) {
        lua_getfield(L, LUA_REGISTRYINDEX, keys[k]);
        const char *dir = lua_tostring(L, -1);
        if (dir) {
            snprintf(path, sizeof path, "%s/%s.lua", dir, name);
            found = access(path, F_OK) == 0;
        }
        lua_pop(L, 1);
    }
    if (!found) {
        lua_getfield(L, LUA_REGISTRYINDEX, "mqc.libdir");
        lua_getfield(L, LUA_REGISTRYINDEX, "mqc.libdir_builtin");
        const char *builtin = lua_tostring(L, -1);
        return luaL_error(L, "use('%s'): no %s.lua in %s%s%s", name, name, lua_tostring(L, -2),
                          builtin ? " nor in " : "", builtin ? builtin : "");
    }
    if (luaL_loadfilex(L, path, "t") != LUA_OK)
        return lua_error(L);
    lua_call(L, 0, 1);
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        lua_pushboolean(L, 1);
    }
    lua_pushvalue(L, -1);
    lua_setfield(L, -3, name);
    return 1;
}

void mqc_lua_set_libdir(lua_State *L, const char *libdir, const char *fallback)
{
    lua_pushstring(L, libdir ? libdir : ".");
    lua_setfield(L, LUA_REGISTRYINDEX, "mqc.libdir");
    if (fallback && (!libdir || strcmp(fallback, libdir)))
        lua_pushstring(L, fallback);
    else
        lua_pushnil(L);
    lua_setfield(L, LUA_REGISTRYINDEX, "mqc.libdir_builtin");
    lua_newtable(L);
    lua_setfield(L, LUA_REGISTRYINDEX, "mqc.libs");
    lua_pushcfunction(L, use_fn);
    lua_setglobal(L, "use");
}

void mqc_lua_close(lua_State *L)
{
    if (!L)
        return;
    void *ud;
    lua_getallocf(L, &ud);
    lua_close(L);
    free(ud);
}

