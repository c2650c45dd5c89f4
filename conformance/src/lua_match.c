/* The matcher scenarios expect packets with (a pattern table against a
 * packet table, mqtt.ANY / mqtt.ABSENT / predicates), and the short text of a
 * Lua value every expectation and observation in the results is written in. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "luacore.h"

const char mqc_any_key = 'A', mqc_absent_key = 'Z';

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

