/* summary.md: short enough for a pull-request comment. Every string from a
 * results file goes through mqrep_md_escape (no HTML, no mentions, no tables broken). */
#include <string.h>

#include "internal.h"

#define MAX_LISTED 50 /* PR comments have a size limit; the HTML report has the rest */

/* The case a {target, id, version} reference names, or NULL. */
static const json_t *ref_case(const json_t *m_root, const json_t *ref)
{
    size_t r;
    json_t *run;
    json_array_foreach(json_object_get(m_root, "runs"), r, run)
    {
        if (strcmp(mqrep_jstr(run, "label", ""), mqrep_jstr(ref, "target", "")))
            continue;
        size_t j;
        json_t *c;
        json_array_foreach(json_object_get(run, "cases"), j, c)
        {
            if (!strcmp(mqrep_jstr(c, "id", ""), mqrep_jstr(ref, "id", "")) &&
                !strcmp(mqrep_jstr(c, "version", ""), mqrep_jstr(ref, "version", "")))
                return c;
        }
    }
    return NULL;
}

/* What blocked a case: its failed precondition's description, or NULL. */
static const char *blocked_by(const json_t *c)
{
    return mqrep_jstr(json_object_get(c, "precondition"), "what", NULL);
}

/* skip_blocked: rows of cases a failed precondition blocked are left out (they
 * are listed once per precondition by put_blocked). */
static void put_ref_table(mqrep_buf *b, const json_t *m_root, const json_t *refs, int skip_blocked)
{
    mqrep_buf_puts(b, "| target | case | version | verdict | statements | observed |\n"
                      "|---|---|---|---|---|---|\n");
    size_t i, listed = 0;
    json_t *ref;
    json_array_foreach(refs, i, ref)
    {
        /* find the case again for statements and observed */
        const json_t *found = ref_case(m_root, ref);
        if (skip_blocked && blocked_by(found))
            continue;
        if (listed++ >= MAX_LISTED) {
            size_t more = 0, k;
            json_t *rest;
            json_array_foreach(refs, k, rest) more += k >= i && !(skip_blocked && blocked_by(ref_case(m_root, rest)));
            mqrep_buf_printf(b, "\n…and %zu more (see report.html)\n", more);
            break;
        }
        mqrep_buf_puts(b, "| ");
        mqrep_md_escape(b, mqrep_jstr(ref, "target", ""), 60);
        mqrep_buf_puts(b, " | ");
        /* not a code span: backslash escapes would show literally inside one */
        mqrep_md_escape(b, mqrep_jstr(ref, "id", ""), 120);
        mqrep_buf_puts(b, " | ");
        mqrep_md_escape(b, mqrep_jstr(ref, "version", ""), 10);
        mqrep_buf_puts(b, " | ");
        mqrep_md_escape(b, mqrep_jstr(ref, "verdict", ""), 20);
        mqrep_buf_puts(b, " | ");
        size_t k;
        json_t *s;
        json_array_foreach(json_object_get(found, "statements"), k, s)
        {
            if (k)
                mqrep_buf_puts(b, ", ");
            if (json_is_string(s))
                mqrep_md_escape(b, json_string_value(s), 40);
        }
        mqrep_buf_puts(b, " | ");
        mqrep_md_escape(b, mqrep_jstr(found, "observed", ""), 160);
        mqrep_buf_puts(b, " |\n");
    }
}

/* Cases blocked by a failed precondition, one row per target and precondition
 * ("PINGRESP within 2 s (MQTT-3.12.4-1): blocks 23 cases"): one finding, not
 * a failure of each blocked case's statements (conformance/README.md). */
static size_t put_blocked(mqrep_buf *b, const json_t *m_root, const json_t *refs)
{
    json_t *groups = json_object(); /* "target\nwhat" -> {n, stmts{}, first} */
    size_t i, total = 0;
    json_t *ref;
    json_array_foreach(refs, i, ref)
    {
        const json_t *c = ref_case(m_root, ref);
        const char *what = blocked_by(c);
        if (!what)
            continue;
        total++;
        char key[600];
        snprintf(key, sizeof key, "%s\n%s", mqrep_jstr(ref, "target", ""), what);
        json_t *g = json_object_get(groups, key);
        if (!g) {
            g = json_object();
            json_object_set_new(g, "n", json_integer(0));
            json_object_set_new(g, "stmts", json_object());
            json_object_set_new(g, "first", json_string(mqrep_jstr(c, "observed", "")));
            json_object_set_new(g, "case", json_string(mqrep_jstr(c, "id", "")));
            json_object_set_new(groups, key, g);
        }
        json_object_set_new(g, "n", json_integer(json_integer_value(json_object_get(g, "n")) + 1));
        const char *st = mqrep_jstr(json_object_get(c, "precondition"), "statement", NULL);
        if (st)
            json_object_set_new(json_object_get(g, "stmts"), st, json_true());
    }
    if (total) {
        mqrep_buf_printf(b, "\n### Blocked by a failed precondition (%zu case(s))\n\n"
                            "Each row is one finding: the precondition failed, not the statements of the "
                            "cases it blocked.\n\n"
                            "| target | precondition | statement | blocks | first seen |\n|---|---|---|---|---|\n",
                         total);
        const char *key;
        json_t *g;
        json_object_foreach(groups, key, g)
        {
            const char *nl = strchr(key, '\n');
            char target[300];
            snprintf(target, sizeof target, "%.*s", (int)(nl - key), key);
            mqrep_buf_puts(b, "| ");
            mqrep_md_escape(b, target, 60);
            mqrep_buf_puts(b, " | ");
            mqrep_md_escape(b, nl + 1, 120);
            mqrep_buf_puts(b, " | ");
            const char *st;
            json_t *v;
            int first = 1;
            json_object_foreach(json_object_get(g, "stmts"), st, v)
            {
                if (!first)
                    mqrep_buf_puts(b, ", ");
                first = 0;
                mqrep_md_escape(b, st, 40);
            }
            mqrep_buf_printf(b, " | %lld cases | ", (long long)json_integer_value(json_object_get(g, "n")));
            mqrep_md_escape(b, mqrep_jstr(g, "case", ""), 120);
            mqrep_buf_puts(b, ": ");
            mqrep_md_escape(b, mqrep_jstr(g, "first", ""), 160);
            mqrep_buf_puts(b, " |\n");
        }
    }
    json_decref(groups);
    return total;
}

/* Every resource finding of every run (leaks, spins, slowdowns, sanitizer
 * reports: the case's resource_findings), one row each. */
static void put_resource_findings(mqrep_buf *b, const json_t *m_root)
{
    size_t n = 0, r, j, k;
    json_t *run, *c, *f;
    json_array_foreach(json_object_get(m_root, "runs"), r, run)
        json_array_foreach(json_object_get(run, "cases"), j, c)
            n += json_array_size(json_object_get(c, "resource_findings"));
    if (!n)
        return;
    mqrep_buf_printf(b, "\n### Resource findings (%zu)\n\n| target | case | version | kind | evidence |\n"
                        "|---|---|---|---|---|\n", n);
    size_t shown = 0;
    json_array_foreach(json_object_get(m_root, "runs"), r, run)
        json_array_foreach(json_object_get(run, "cases"), j, c)
            json_array_foreach(json_object_get(c, "resource_findings"), k, f)
    {
        if (shown++ >= MAX_LISTED)
            continue;
        mqrep_buf_puts(b, "| ");
        mqrep_md_escape(b, mqrep_jstr(run, "label", "?"), 60);
        mqrep_buf_puts(b, " | ");
        mqrep_md_escape(b, mqrep_jstr(c, "id", ""), 120);
        mqrep_buf_puts(b, " | ");
        mqrep_md_escape(b, mqrep_jstr(c, "version", ""), 10);
        mqrep_buf_puts(b, " | ");
        mqrep_md_escape(b, mqrep_jstr(f, "kind", ""), 20);
        mqrep_buf_puts(b, " | ");
        mqrep_md_escape(b, mqrep_jstr(f, "evidence", ""), 300);
        mqrep_buf_puts(b, " |\n");
    }
    if (shown > MAX_LISTED)
        mqrep_buf_printf(b, "\n…and %zu more (see report.html)\n", shown - MAX_LISTED);
}

/* The known-broker-bug family (cases with a "cve" member, scenario ids
 * cve/...): which bug each replays, and its verdict on every target. */
static void put_cve_section(mqrep_buf *b, const json_t *m_root)
{
    size_t n = 0, r, j;
    json_t *run, *c;
    json_array_foreach(json_object_get(m_root, "runs"), r, run)
        json_array_foreach(json_object_get(run, "cases"), j, c)
            n += json_is_object(json_object_get(c, "cve"));
    if (!n)
        return;
    mqrep_buf_printf(b, "\n### Known broker bugs replayed (cve/, %zu case(s))\n\n"
                        "| target | case | version | bug | broker | affected | verdict |\n"
                        "|---|---|---|---|---|---|---|\n", n);
    json_array_foreach(json_object_get(m_root, "runs"), r, run)
        json_array_foreach(json_object_get(run, "cases"), j, c)
    {
        const json_t *cv = json_object_get(c, "cve");
        if (!json_is_object(cv))
            continue;
        mqrep_buf_puts(b, "| ");
        mqrep_md_escape(b, mqrep_jstr(run, "label", "?"), 60);
        mqrep_buf_puts(b, " | ");
        mqrep_md_escape(b, mqrep_jstr(c, "id", ""), 120);
        mqrep_buf_puts(b, " | ");
        mqrep_md_escape(b, mqrep_jstr(c, "version", ""), 10);
        mqrep_buf_puts(b, " | ");
        size_t k;
        json_t *id;
        json_array_foreach(json_object_get(cv, "ids"), k, id)
        {
            if (k)
                mqrep_buf_puts(b, ", ");
            mqrep_md_escape(b, json_is_string(id) ? json_string_value(id) : "?", 40);
        }
        mqrep_buf_puts(b, " | ");
        mqrep_md_escape(b, mqrep_jstr(cv, "broker", ""), 40);
        mqrep_buf_puts(b, " | ");
        mqrep_md_escape(b, mqrep_jstr(cv, "affected", ""), 160);
        mqrep_buf_puts(b, " | ");
        mqrep_md_escape(b, mqrep_jstr(c, "verdict", ""), 20);
        mqrep_buf_puts(b, " |\n");
    }
}

int mqrep_write_markdown(mqrep_model *m, const mqrep_options *opts, const char *path,
                         char *err, size_t errlen)
{
    if (mqrep_ensure_evaluated(m, opts, err, errlen))
        return -1;
    const json_t *ev = json_object_get(m->root, "evaluation");
    const json_t *newf = json_object_get(ev, "new_failures");
    const json_t *fixed = json_object_get(ev, "fixed");
    const json_t *expected = json_object_get(ev, "expected_failures");
    int have_bl = json_is_string(json_object_get(ev, "baseline"));
    mqrep_buf b = {0};

    mqrep_buf_puts(&b, "## ");
    mqrep_md_escape(&b, opts && opts->title ? opts->title : "mqttcheck", 120);
    mqrep_buf_puts(&b, ": ");
    int cut = 0;
    size_t ri;
    json_t *rj;
    json_array_foreach(json_object_get(m->root, "runs"), ri, rj) cut +=
        !json_is_true(json_object_get(rj, "complete"));
    if (m->exit_code == 0 && cut)
        mqrep_buf_puts(&b, "⚠️ incomplete run: no unexpected failure among the cases that ran");
    else if (m->exit_code == 0)
        mqrep_buf_puts(&b, "✅ no unexpected failures");
    else if (m->exit_code == 2)
        mqrep_buf_puts(&b, "⚠️ no case ran");
    else {
        mqrep_buf_printf(&b, "❌ %zu %s", json_array_size(newf),
                         have_bl ? "new failure(s)" : "failure(s)");
        if (json_array_size(fixed))
            mqrep_buf_printf(&b, ", %zu fixed case(s) still listed in the baseline",
                             json_array_size(fixed));
        size_t open_flaky = 0, i;
        json_t *ref;
        json_array_foreach(json_object_get(ev, "flaky"), i, ref) open_flaky +=
            !json_is_true(json_object_get(ref, "accepted"));
        if (open_flaky)
            mqrep_buf_printf(&b, ", %zu flaky case(s) not in the baseline", open_flaky);
        json_int_t fz = json_integer_value(json_object_get(ev, "fuzz_findings"));
        if (fz)
            mqrep_buf_printf(&b, ", %lld fuzz finding(s)", (long long)fz);
    }
    mqrep_buf_printf(&b, "\n\nMode: %s.\n\n", m->strict ? "strict (NON-STRICT fails)" : "default (NON-STRICT passes)");
    if (have_bl) {
        mqrep_buf_puts(&b, "Baseline: ");
        mqrep_md_escape(&b, json_string_value(json_object_get(ev, "baseline")), 200);
        mqrep_buf_printf(&b, " (%zu expected failure(s) still failing).\n\n",
                         json_array_size(expected));
    }

    mqrep_buf_puts(&b, "| target");
    for (int v = 0; v < MQREP_VERDICT_COUNT; v++)
        mqrep_buf_printf(&b, " | %s", mqrep_verdict_name((mqrep_verdict)v));
    mqrep_buf_puts(&b, " | statement coverage |\n|---");
    for (int v = 0; v <= MQREP_VERDICT_COUNT; v++)
        mqrep_buf_puts(&b, "|---");
    mqrep_buf_puts(&b, "|\n");
    size_t r;
    json_t *run;
    json_array_foreach(json_object_get(m->root, "runs"), r, run)
    {
        mqrep_buf_puts(&b, "| ");
        mqrep_md_escape(&b, mqrep_jstr(run, "label", "?"), 60);
        /* the broker's version next to its name (target.broker_version, or the
         * older target.version), unless the label already is it */
        const json_t *tg = json_object_get(run, "target");
        const char *bv = mqrep_jstr(tg, "broker_version", mqrep_jstr(tg, "version", NULL));
        if (bv && *bv && strcmp(bv, mqrep_jstr(run, "label", ""))) {
            mqrep_buf_puts(&b, " (");
            mqrep_md_escape(&b, bv, 80);
            mqrep_buf_puts(&b, ")");
        }
        if (!json_is_true(json_object_get(run, "complete")))
            mqrep_buf_puts(&b, " ⚠️ incomplete run");
        const json_t *tot = json_object_get(run, "totals");
        for (int v = 0; v < MQREP_VERDICT_COUNT; v++)
            mqrep_buf_printf(&b, " | %lld",
                             (long long)json_integer_value(
                                 json_object_get(tot, mqrep_verdict_name((mqrep_verdict)v))));
        mqrep_buf_puts(&b, " | ");
        const char *ver;
        json_t *cov;
        int first = 1;
        json_object_foreach(json_object_get(run, "coverage"), ver, cov)
        {
            if (!first)
                mqrep_buf_puts(&b, "; ");
            first = 0;
            mqrep_md_escape(&b, ver, 10);
            if (json_is_true(json_object_get(cov, "available")))
                mqrep_buf_printf(&b, " %s: %lld/%lld", mqrep_jstr(cov, "role", "server"),
                                 (long long)json_integer_value(json_object_get(cov, "exercised")),
                                 (long long)json_integer_value(json_object_get(cov, "testable")));
            else
                mqrep_buf_puts(&b, ": manifest unavailable");
        }
        mqrep_buf_puts(&b, " |\n");
    }

    if (json_array_size(newf)) {
        mqrep_buf_printf(&b, "\n### %s (%zu)\n\n", have_bl ? "New failures (not in the baseline)" : "Failures",
                         json_array_size(newf));
        put_ref_table(&b, m->root, newf, 1);
        put_blocked(&b, m->root, newf);
    }
    const json_t *flaky = json_object_get(ev, "flaky");
    if (json_array_size(flaky)) {
        mqrep_buf_printf(&b, "\n### Flaky: the verdict changed between runs (%zu)\n\n"
                             "| target | case | version | observed verdicts | baseline |\n|---|---|---|---|---|\n",
                         json_array_size(flaky));
        size_t i;
        json_t *ref;
        json_array_foreach(flaky, i, ref)
        {
            if (i >= MAX_LISTED) {
                mqrep_buf_printf(&b, "\n…and %zu more (see report.html)\n", json_array_size(flaky) - i);
                break;
            }
            mqrep_buf_puts(&b, "| ");
            mqrep_md_escape(&b, mqrep_jstr(ref, "target", ""), 60);
            mqrep_buf_puts(&b, " | ");
            mqrep_md_escape(&b, mqrep_jstr(ref, "id", ""), 120);
            mqrep_buf_puts(&b, " | ");
            mqrep_md_escape(&b, mqrep_jstr(ref, "version", ""), 10);
            mqrep_buf_puts(&b, " | ");
            size_t k;
            json_t *v;
            json_array_foreach(json_object_get(ref, "observed_verdicts"), k, v)
            {
                if (k)
                    mqrep_buf_puts(&b, ", ");
                mqrep_md_escape(&b, json_is_string(v) ? json_string_value(v) : "?", 20);
            }
            mqrep_buf_printf(&b, " | %s |\n",
                             json_is_true(json_object_get(ref, "accepted")) ? "accepted" : "not listed");
        }
    }
    if (json_array_size(fixed)) {
        mqrep_buf_printf(&b, "\n### Fixed: listed in the baseline but now passing (%zu)\n\n"
                             "Remove these entries from the baseline.\n\n",
                         json_array_size(fixed));
        put_ref_table(&b, m->root, fixed, 0);
    }
    if (json_array_size(expected)) {
        mqrep_buf_printf(&b, "\n<details><summary>Expected failures from the baseline (%zu)</summary>\n\n",
                         json_array_size(expected));
        put_ref_table(&b, m->root, expected, 0);
        mqrep_buf_puts(&b, "\n</details>\n");
    }
    put_resource_findings(&b, m->root);
    put_cve_section(&b, m->root);
    mqrep_buf_puts(&b, "\nFull details: `report.html` (self-contained) and `junit.xml`.\n");
    int rc = mqrep_buf_save(&b, path, err, errlen);
    mqrep_buf_free(&b);
    return rc;
}
