/* The global `mqtt` module of every scenario: bytes helpers (hex, u16, vbi,
 * str ...), encode/decode of packet tables, the matcher sentinels. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "luacore.h"

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

