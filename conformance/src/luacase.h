/* Layer 7 of the runner engine, "Lua case": runs one case's scenario. */
#ifndef MQC_LUACASE_H
#define MQC_LUACASE_H

#include "case.h"

/* Runs the scenario's run(t) for cs; always leaves a verdict in cs. */
void mqc_lua_run_case(mqc_case *cs);

#endif
