/* junit.xml for CI systems: one testsuite per target and spec section. The
 * verdict mapping is the table in SCHEMA.md ("JUnit mapping"). */
#include <string.h>

#include "internal.h"

/* Jenkins splits classname at dots into package and class: keep dots for that. */
static void put_classpart(mqrep_buf *b, const char *s)
{
    mqrep_buf t = {0};
    for (const char *p = s; *p; p++)
        mqrep_buf_putn(&t, *p == '.' ? "_" : p, 1);
    mqrep_xml_escape(b, t.p ? t.p : "");
    mqrep_buf_free(&t);
}

static void put_statements(mqrep_buf *b, const json_t *c)
{
    size_t i;
    json_t *s;
    json_array_foreach(json_object_get(c, "statements"), i, s)
    {
        if (!json_is_string(s))
            continue;
        if (i)
            mqrep_buf_puts(b, ", ");
        mqrep_xml_escape(b, json_string_value(s));
    }
}

static void put_body(mqrep_buf *b, const json_t *c)
{
    mqrep_buf_puts(b, "statements: ");
    put_statements(b, c);
    mqrep_buf_puts(b, "\nexpected: ");
    mqrep_xml_escape(b, mqrep_jstr(c, "expected", ""));
    mqrep_buf_puts(b, "\nobserved: ");
    mqrep_xml_escape(b, mqrep_jstr(c, "observed", ""));
    const char *d = mqrep_jstr(c, "detail", NULL);
    if (d && *d) {
        mqrep_buf_puts(b, "\ndetail: ");
        mqrep_xml_escape(b, d);
    }
    const char *pc = mqrep_jstr(c, "pcap", NULL);
    if (pc && *pc) {
        mqrep_buf_puts(b, "\npcap: ");
        mqrep_xml_escape(b, pc);
    }
    /* resource findings with their evidence; a sanitizer report is kept whole */
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(c, "resource_findings"), i, f)
    {
        mqrep_buf_puts(b, "\nresource finding ");
        mqrep_xml_escape(b, mqrep_jstr(f, "kind", "?"));
        mqrep_buf_puts(b, ": ");
        mqrep_xml_escape(b, mqrep_jstr(f, "evidence", ""));
        const char *rep = mqrep_jstr(f, "report", NULL);
        if (rep && *rep) {
            mqrep_buf_puts(b, "\n");
            mqrep_xml_escape(b, rep);
        }
    }
}

/* "PASS, FAIL, PASS" from observed_verdicts (--repeat) */
static void put_observed(mqrep_buf *b, const json_t *c)
{
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(c, "observed_verdicts"), i, v)
    {
        if (i)
            mqrep_buf_puts(b, ", ");
        mqrep_xml_escape(b, json_is_string(v) ? json_string_value(v) : "?");
    }
}

static void put_message(mqrep_buf *b, const char *prefix, const json_t *c)
{
    mqrep_buf_puts(b, " message=\"");
    mqrep_xml_escape(b, prefix);
    mqrep_xml_escape(b, mqrep_jstr(c, "observed", ""));
    mqrep_buf_puts(b, "\"");
}

typedef struct {
    size_t tests, failures, errors, skipped;
    double time;
} counts;

static void put_case(mqrep_buf *b, const char *label, const char *section, const json_t *c,
                     int strict, counts *k)
{
    mqrep_verdict v = mqrep_case_verdict(c);
    const char *bl = mqrep_jstr(c, "baseline", "");
    double secs = mqrep_jnum(c, "duration_ms", 0) / 1000.0;
    if (!(secs >= 0)) /* also catches NaN */
        secs = 0;
    k->tests++;
    k->time += secs;
    mqrep_buf_puts(b, "    <testcase name=\"");
    mqrep_xml_escape(b, mqrep_jstr(c, "id", "?"));
    mqrep_buf_puts(b, " [");
    mqrep_xml_escape(b, mqrep_jstr(c, "version", "?"));
    mqrep_buf_puts(b, "]\" classname=\"");
    put_classpart(b, label);
    mqrep_buf_puts(b, ".");
    put_classpart(b, section);
    mqrep_buf_printf(b, "\" time=\"%.3f\">\n", secs);

    const char *vn = mqrep_verdict_name(v);
    if (!strcmp(bl, "flaky-accepted")) {
        /* the baseline accepts this case either way */
        if (mqrep_outcome_of(v, strict) == MQREP_OC_FAIL) {
            k->skipped++;
            mqrep_buf_printf(b, "      <skipped message=\"flaky, accepted by the baseline: %s", vn);
            if (v == MQREP_FLAKY) {
                mqrep_buf_puts(b, " (");
                put_observed(b, c);
                mqrep_buf_puts(b, ")");
            }
            mqrep_buf_puts(b, "\"/>\n");
        }
    } else if (!strcmp(bl, "expected-failure")) {
        k->skipped++;
        mqrep_buf_printf(b, "      <skipped message=\"expected failure (baseline): %s\"/>\n", vn);
    } else if (!strcmp(bl, "fixed")) {
        k->failures++;
        mqrep_buf_printf(b, "      <failure type=\"FIXED\" message=\"fixed: listed in the "
                            "baseline as an expected failure but now %s; remove it from the "
                            "baseline\">",
                         vn);
        put_body(b, c);
        mqrep_buf_puts(b, "</failure>\n");
    } else if (v == MQREP_RESOURCE) {
        k->failures++;
        mqrep_buf_puts(b, "      <failure type=\"RESOURCE\"");
        put_message(b, "resource: ", c);
        mqrep_buf_puts(b, ">");
        put_body(b, c);
        mqrep_buf_puts(b, "</failure>\n");
    } else if (v == MQREP_FAIL || (v == MQREP_NON_STRICT && strict)) {
        k->failures++;
        mqrep_buf_printf(b, "      <failure type=\"%s\"", vn);
        put_message(b, v == MQREP_FAIL ? "" : "NON-STRICT (--strict): ", c);
        mqrep_buf_puts(b, ">");
        put_body(b, c);
        mqrep_buf_puts(b, "</failure>\n");
    } else if (v == MQREP_FLAKY) {
        /* a <failure>: every CI system understands it, and a verdict that moves must
         * not pass a gate (surefire's <flakyFailure> would show as a pass elsewhere) */
        k->failures++;
        mqrep_buf_puts(b, "      <failure type=\"FLAKY\" message=\"flaky: the verdict differed between runs: ");
        put_observed(b, c);
        mqrep_buf_puts(b, "\">observed verdicts: ");
        put_observed(b, c);
        mqrep_buf_puts(b, "\nevidence of the first failing run:\n");
        put_body(b, c);
        mqrep_buf_puts(b, "</failure>\n");
    } else if (v == MQREP_TIMEOUT || v == MQREP_ERROR) {
        k->errors++;
        mqrep_buf_printf(b, "      <error type=\"%s\"", vn);
        put_message(b, v == MQREP_TIMEOUT ? "timeout: " : "error: ", c);
        mqrep_buf_puts(b, ">");
        put_body(b, c);
        mqrep_buf_puts(b, "</error>\n");
    } else if (v == MQREP_SKIPPED || v == MQREP_UNSUPPORTED) {
        k->skipped++;
        mqrep_buf_printf(b, "      <skipped message=\"%s", vn);
        const char *why = mqrep_jstr(c, "observed", "");
        if (*why) {
            mqrep_buf_puts(b, ": ");
            mqrep_xml_escape(b, why);
        }
        mqrep_buf_puts(b, "\"/>\n");
    } else if (v == MQREP_NON_STRICT || v == MQREP_INFORMATIONAL) {
        /* passed, but worth reading: CI systems show system-out next to the test */
        mqrep_buf_printf(b, "      <system-out>%s\n", vn);
        put_body(b, c);
        mqrep_buf_puts(b, "</system-out>\n");
    }
    mqrep_buf_puts(b, "    </testcase>\n");
}

int mqrep_write_junit(mqrep_model *m, const mqrep_options *opts, const char *path, char *err,
                      size_t errlen)
{
    if (mqrep_ensure_evaluated(m, opts, err, errlen))
        return -1;
    mqrep_buf body = {0};
    counts all = {0};
    size_t r;
    json_t *run;
    json_array_foreach(json_object_get(m->root, "runs"), r, run)
    {
        const char *label = mqrep_jstr(run, "label", "?");
        const json_t *target = json_object_get(run, "target");
        json_t *sections = mqrep_run_sections(run);
        size_t si;
        json_t *sj;
        json_array_foreach(sections, si, sj)
        {
            const char *sec = json_string_value(sj);
            mqrep_buf cases = {0};
            counts k = {0};
            const char *title_ver = NULL;
            size_t i;
            json_t *c;
            json_array_foreach(json_object_get(run, "cases"), i, c)
            {
                if (strcmp(mqrep_jstr(c, "section", ""), sec))
                    continue;
                if (!title_ver)
                    title_ver = mqrep_jstr(c, "version", NULL);
                char secname[64];
                snprintf(secname, sizeof secname, "§%s", sec);
                put_case(&cases, label, secname, c, m->strict, &k);
            }
            mqrep_buf_puts(&body, "  <testsuite name=\"");
            mqrep_xml_escape(&body, label);
            mqrep_buf_puts(&body, " §");
            mqrep_xml_escape(&body, *sec ? sec : "?");
            const char *st = mqrep_section_title(sec, title_ver);
            if (*st) {
                mqrep_buf_puts(&body, " ");
                mqrep_xml_escape(&body, st);
            }
            mqrep_buf_printf(&body,
                             "\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\" "
                             "time=\"%.3f\" timestamp=\"",
                             k.tests, k.failures, k.errors, k.skipped, k.time);
            mqrep_xml_escape(&body, mqrep_jstr(run, "started", ""));
            mqrep_buf_puts(&body, "\">\n    <properties>\n      <property name=\"target\" value=\"");
            mqrep_xml_escape(&body, mqrep_jstr(target, "name", ""));
            mqrep_buf_puts(&body, "\"/>\n      <property name=\"address\" value=\"");
            mqrep_xml_escape(&body, mqrep_jstr(target, "address", ""));
            mqrep_buf_printf(&body, "\"/>\n      <property name=\"complete\" value=\"%s\"/>\n"
                                    "      <property name=\"strict\" value=\"%s\"/>\n"
                                    "    </properties>\n",
                             json_is_true(json_object_get(run, "complete")) ? "true" : "false",
                             m->strict ? "true" : "false");
            if (cases.p)
                mqrep_buf_putn(&body, cases.p, cases.len);
            mqrep_buf_puts(&body, "  </testsuite>\n");
            body.oom |= cases.oom;
            mqrep_buf_free(&cases);
            all.tests += k.tests;
            all.failures += k.failures;
            all.errors += k.errors;
            all.skipped += k.skipped;
            all.time += k.time;
        }
        json_decref(sections);
    }
    mqrep_buf out = {0};
    mqrep_buf_printf(&out,
                     "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                     "<testsuites name=\"mqttcheck\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" "
                     "skipped=\"%zu\" time=\"%.3f\">\n",
                     all.tests, all.failures, all.errors, all.skipped, all.time);
    if (body.p)
        mqrep_buf_putn(&out, body.p, body.len);
    mqrep_buf_puts(&out, "</testsuites>\n");
    out.oom |= body.oom;
    mqrep_buf_free(&body);
    int rc = mqrep_buf_save(&out, path, err, errlen);
    mqrep_buf_free(&out);
    return rc;
}
