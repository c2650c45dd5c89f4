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
    [MQREP_FLAKY] = "FLAKY",
    [MQREP_RESOURCE] = "RESOURCE",
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
    case MQREP_FLAKY: /* a verdict that moves cannot gate CI; a baseline can accept it */
    case MQREP_RESOURCE: /* a leak, a spin or a sanitizer report is a broker fault */
        return MQREP_OC_FAIL;
    default:
        return MQREP_OC_NEUTRAL;
    }
}

json_t *mqrep_case_fold(const json_t *const *runs, size_t n)
{
    if (!runs || !n)
        return NULL;
    json_t *seen = json_array();
    size_t evidence = n; /* first run that failed, else the first */
    int agree = 1;
    double ms = 0;
    const char *first = NULL;
    for (size_t i = 0; i < n; i++) {
        const char *v = mqrep_jstr(runs[i], "verdict", NULL);
        if (!v) {
            json_decref(seen);
            return NULL;
        }
        json_array_append_new(seen, json_string(v));
        if (!first)
            first = v;
        else if (strcmp(first, v))
            agree = 0;
        if (evidence == n && mqrep_outcome_of(mqrep_case_verdict(runs[i]), 0) == MQREP_OC_FAIL)
            evidence = i;
        double d = mqrep_jnum(runs[i], "duration_ms", 0);
        if (d > 0)
            ms += d;
    }
    if (evidence == n)
        evidence = 0;
    json_t *out = json_deep_copy(runs[evidence]);
    if (!out) {
        json_decref(seen);
        return NULL;
    }
    if (!agree)
        json_object_set_new(out, "verdict", json_string("FLAKY"));
    json_object_set_new(out, "observed_verdicts", seen);
    json_object_set_new(out, "evidence_run", json_integer((json_int_t)evidence));
    json_object_set_new(out, "duration_ms", json_real(ms));
    return out;
}
