/* Layer 5 of the runner engine, "Lua context": what every binding of a
 * running case shares: the case a Lua state runs (registry "mqc.case"), how a
 * binding ends it, option parsing, connection objects (lua_conn.c) and the
 * role-independent methods of `t` (lua_context.c). Calls the Lua core, peers,
 * case and base layers. */
#ifndef MQC_LUACTX_H
#define MQC_LUACTX_H

#include "luacore.h"
#include "peers.h"

#define DEFAULT_WITHIN 2.0 /* default wait of an expectation, seconds (scaled) */

mqc_case *mqc_lua_case(lua_State *L);
/* Ends the case (its verdict is set); never returns. */
int mqc_lua_end(lua_State *L);
/* Is the error object at idx the one mqc_lua_end raises? */
bool mqc_lua_is_end(lua_State *L, int idx);
/* TIMEOUT: the case deadline expired while `doing`; never returns. */
int mqc_lua_timeout(lua_State *L, mqc_case *cs, const char *doing);
/* A check did not hold: the verdict follows the level (the scenario's, or
 * opts.level), opts.expected and opts.stmt refine it; a malformed packet is a
 * FAIL unless the scenario accepts malformed input. Never returns. */
int mqc_lua_finding(lua_State *L, mqc_case *cs, int opts, const char *expected,
                    const char *observed, bool malformed);
/* Statement ids given as a string or a list at idx, cited by the verdict. */
void mqc_lua_add_stmts(lua_State *L, mqc_case *cs, int idx);
/* A number at idx, or field key of the table at idx, else def (idx 0: def). */
double mqc_lua_within(lua_State *L, int idx, const char *key, double def);
/* Options come in an options table, never inside a pattern or packet: a
 * script error when the table at idx holds one (within, skip, level, ...). */
void mqc_lua_no_options(lua_State *L, int idx, const char *what);
/* Does opts.skip (true, or a list of names) let a packet type or event named
 * `name` pass an expectation? */
bool mqc_lua_skip_listed(lua_State *L, int opts, const char *name);
/* The case's client identifier for a connection name (23 bytes at most). */
void mqc_lua_client_id(mqc_case *cs, const char *name, char *out, size_t len);
/* Sets topic, client_id, sleep, log, the verdicts, check, version_at_least
 * on the table at tidx. */
void mqc_lua_context_setup(lua_State *L, int tidx);

/* Connection objects (lua_conn.c) */
void mqc_lua_conn_register(lua_State *L);
void mqc_lua_push_conn(lua_State *L, mqc_conn *c);
mqc_conn *mqc_lua_to_conn(lua_State *L, int idx);
/* After a send: a blocked send (-2) ends the case as a TIMEOUT. */
void mqc_lua_sent(lua_State *L, mqc_case *cs, int r);
void mqc_lua_push_received(lua_State *L, const mqc_pkt *p);

#endif
