/* Verdict names and what each verdict means for the exit code. */
#include <string.h>

#include "internal.h"

static const char *const names[MQREP_VERDICT_COUNT] = {
    [MQREP_PASS] = "PASS",
    [MQREP_FAIL] = "FAIL",
    [MQREP_NON_STRICT] = "NON-STRICT",
    [MQREP_INFORMATIONAL] = "INFORMATIONAL",
    [MQREP_UNSUPPORTED] = "UNSUPPORTED",
    [MQREP_SKIPPED] = "SKIPPED",
    [MQREP_TIMEOUT] = "TIMEOUT",
    [MQREP_ERROR] = "ERROR",
};

const char *mqrep_verdict_name(mqrep_verdict v)
{
    return (unsigned)v < MQREP_VERDICT_COUNT ? names[v] : "ERROR";
}

int mqrep_verdict_parse(const char *name, mqrep_verdict *out)
{
    if (!name)
        return -1;
    for (int i = 0; i < MQREP_VERDICT_COUNT; i++)
        if (!strcmp(name, names[i])) {
            *out = (mqrep_verdict)i;
            return 0;
        }
    return -1;
}

mqrep_verdict mqrep_case_verdict(const json_t *c)
{
    mqrep_verdict v;
    if (mqrep_verdict_parse(mqrep_jstr(c, "verdict", NULL), &v))
        return MQREP_ERROR;
    return v;
}

/* NON-STRICT is a pass unless the user asked for the strict reading; the
 * verdicts that judge nothing never pass or fail. */
mqrep_outcome mqrep_outcome_of(mqrep_verdict v, int strict)
{
    switch (v) {
    case MQREP_PASS:
        return MQREP_OC_PASS;
    case MQREP_NON_STRICT:
        return strict ? MQREP_OC_FAIL : MQREP_OC_PASS;
    case MQREP_FAIL:
    case MQREP_TIMEOUT:
    case MQREP_ERROR:
        return MQREP_OC_FAIL;
    default:
        return MQREP_OC_NEUTRAL;
    }
}
