/* Layer 4 of the runner engine, "Lua core": the sandboxed Lua state, packet
 * tables <-> packets, the matcher and the `mqtt` module. Knows nothing of a
 * running case (no connection, no verdict): the catalogue loader uses it as
 * well as the case. Calls base.h only. */
#ifndef MQC_LUACORE_H
#define MQC_LUACORE_H

#include <lua.h>

#include "base.h"

/* Sandboxed Lua state: safe libraries, memory cap, the mqtt helper module. */
lua_State *mqc_lua_new(size_t mem_limit);
void mqc_lua_close(lua_State *L);
/* Gives a scenario state the global use(name): loads <libdir>/<name>.lua once
 * (same sandbox) and returns what it returns, so scenario families share
 * their helpers instead of repeating them. When libdir has no such file,
 * <fallback>/<name>.lua (the built-in helpers, for a user's own folder);
 * fallback may be NULL. */
void mqc_lua_set_libdir(lua_State *L, const char *libdir, const char *fallback);

/* Packet tables (lua_encode.c). Encodes the table at idx; validated or not.
 * Returns a malloc'd buffer and its length, or NULL with why filled. A key the
 * packet type does not have is refused (why names it). */
uint8_t *mqc_pkt_encode(lua_State *L, int idx, mqtt_version v, bool validate, size_t *len,
                        char *why, size_t whylen);
/* The same with the validating encoder's direction given: server = true checks
 * the packet as sent server -> client (client mode), else client -> server
 * (with the broker mode's exception for CONNACK, SUBACK, UNSUBACK, PINGRESP). */
uint8_t *mqc_pkt_encode_dir(lua_State *L, int idx, mqtt_version v, bool validate, bool server,
                            size_t *len, char *why, size_t whylen);
/* Pushes the decoded packet as a table (lua_decode.c). */
void mqc_pkt_push(lua_State *L, const mqtt_packet *p, mqtt_version v, const uint8_t *raw,
                  size_t rawlen);
/* Matcher (lua_match.c): does the value at act match the pattern at exp? On
 * mismatch, why says where ("reason: expected 0, got 135"). */
bool mqc_match(lua_State *L, int exp, int act, char *why, size_t whylen);
/* Short text of a Lua value (pattern or packet), keys sorted. */
void mqc_lua_describe(lua_State *L, int idx, char *buf, size_t len);
/* Registers the global mqtt helper module (mqtt.hex, mqtt.ANY ...). */
void mqc_lua_open_mqtt(lua_State *L);
extern const char mqc_any_key, mqc_absent_key;

#endif
