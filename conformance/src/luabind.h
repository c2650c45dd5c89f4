/* Layer 6 of the runner engine, "Lua bindings": the methods of `t` that
 * depend on the case's role. Broker mode (lua_broker.c): t:open, t:try_open,
 * t:connect, t:caps. Client mode (luaclient.c): t.port, t:accept,
 * t:accept_connect, the driver handle t.client, and the judgement of how the
 * client under test ended. Calls the Lua context and everything below. */
#ifndef MQC_LUABIND_H
#define MQC_LUABIND_H

#include "luactx.h"

#define DRIVER_WITHIN 5.0 /* default wait on the client, seconds (scaled) */

void mqc_lua_broker_setup(lua_State *L, int tidx);
/* Client mode: t.port, t.client, t:accept, t:accept_connect on the table at
 * tidx, and t:connect / t:open / t:caps turned into script errors. */
void mqc_lua_client_setup(lua_State *L, int tidx);
/* The client under test ended on its own (a signal, an exit before quit): the
 * case is a FAIL whatever the scenario concluded (MQC_BY_CRASH). Does nothing
 * when the driver is still running or was stopped by us. */
void mqc_client_judge_end(mqc_case *cs);

#endif
