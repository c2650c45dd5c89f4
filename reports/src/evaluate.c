/* Judging a model: outcome of every case under --strict, the two-sided
 * baseline comparison, verdict totals and statement coverage per target. The
 * results are stored in the model so that every writer shows the same thing. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

typedef struct {
    char *id, *version, *target; /* version/target "*" = any */
    int line, matched;
    int flaky; /* "flaky CASE-ID ...": accepted whatever its verdict */
} bl_entry;

typedef struct {
    bl_entry *e;
    size_t n;
} baseline;

static void baseline_free(baseline *b)
{
    for (size_t i = 0; i < b->n; i++) {
        free(b->e[i].id);
        free(b->e[i].version);
        free(b->e[i].target);
    }
    free(b->e);
}

static char *dup_range(const char *s, size_t n)
{
    char *r = malloc(n + 1);
    if (r) {
        memcpy(r, s, n);
        r[n] = '\0';
    }
    return r;
}

/* Format in SCHEMA.md: "[flaky] CASE-ID [VERSION|*] [TARGET|*]", '#' comments. */
static int baseline_load(const char *path, baseline *b, char *err, size_t errlen)
{
    memset(b, 0, sizeof *b);
    FILE *f = fopen(path, "r");
    if (!f) {
        mqrep_seterr(err, errlen, "baseline %s: %s", path, strerror(errno));
        return -1;
    }
    char *line = NULL;
    size_t cap = 0, alloc = 0;
    ssize_t got;
    int lineno = 0;
    while ((got = getline(&line, &cap, f)) >= 0) {
        lineno++;
        char *hash = strchr(line, '#');
        if (hash)
            *hash = '\0';
        char *p = line;
        int flaky = 0;
        while (*p && isspace((unsigned char)*p))
            p++;
        /* case ids are hierarchical (they contain '/'), so the bare word cannot be one */
        if (!strncmp(p, "flaky", 5) && p[5] && isspace((unsigned char)p[5])) {
            flaky = 1;
            p += 5;
        }
        const char *tok[2] = {NULL, NULL};
        size_t toklen[2] = {0, 0};
        for (int k = 0; k < 2; k++) {
            while (*p && isspace((unsigned char)*p))
                p++;
            if (!*p)
                break;
            tok[k] = p;
            while (*p && !isspace((unsigned char)*p))
                p++;
            toklen[k] = (size_t)(p - tok[k]);
        }
        if (!tok[0])
            continue;
        while (*p && isspace((unsigned char)*p))
            p++;
        size_t tl = strlen(p);
        while (tl && isspace((unsigned char)p[tl - 1]))
            tl--;
        if (b->n == alloc) {
            size_t na = alloc ? alloc * 2 : 16;
            bl_entry *ne = realloc(b->e, na * sizeof *ne);
            if (!ne) {
                mqrep_seterr(err, errlen, "baseline %s: out of memory", path);
                free(line);
                fclose(f);
                baseline_free(b);
                return -1;
            }
            b->e = ne;
            alloc = na;
        }
        bl_entry *e = &b->e[b->n++];
        e->id = dup_range(tok[0], toklen[0]);
        e->version = tok[1] ? dup_range(tok[1], toklen[1]) : strdup("*");
        e->target = tl ? dup_range(p, tl) : strdup("*");
        e->line = lineno;
        e->matched = 0;
        e->flaky = flaky;
        if (!e->id || !e->version || !e->target) {
            mqrep_seterr(err, errlen, "baseline %s: out of memory", path);
            free(line);
            fclose(f);
            baseline_free(b);
            return -1;
        }
    }
    free(line);
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        mqrep_seterr(err, errlen, "baseline %s: read error", path);
        baseline_free(b);
        return -1;
    }
    return 0;
}

static int matches(const char *pat, const char *s)
{
    return !strcmp(pat, "*") || (s && !strcmp(pat, s));
}

static bl_entry *baseline_find(baseline *b, const char *id, const char *version,
                               const char *target)
{
    for (size_t i = 0; i < b->n; i++)
        if (!strcmp(b->e[i].id, id) && matches(b->e[i].version, version) &&
            (matches(b->e[i].target, target)))
            return &b->e[i];
    return NULL;
}

static json_t *case_ref(const char *label, const json_t *c)
{
    return json_pack("{s:s, s:s, s:s, s:s}", "target", label, "id", mqrep_jstr(c, "id", "?"),
                     "version", mqrep_jstr(c, "version", ""), "verdict",
                     mqrep_jstr(c, "verdict", "?"));
}

static int in_list(const json_t *arr, const char *s)
{
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v) if (json_is_string(v) && !strcmp(json_string_value(v), s)) return 1;
    return 0;
}

/* Versions of a run: those tried plus those its cases use, in first-seen order. */
static json_t *run_versions(const json_t *run)
{
    json_t *out = json_array();
    json_t *tried = json_object_get(json_object_get(run, "target"), "versions");
    size_t i;
    json_t *v;
    json_array_foreach(tried, i, v) if (json_is_string(v) && !in_list(out, json_string_value(v)))
        json_array_append(out, v);
    json_array_foreach(json_object_get(run, "cases"), i, v)
    {
        const char *ver = mqrep_jstr(v, "version", NULL);
        if (ver && !in_list(out, ver))
            json_array_append_new(out, json_string(ver));
    }
    return out;
}

const char *mqrep_run_role(const json_t *run)
{
    const char *r = mqrep_jstr(json_object_get(run, "target"), "role", NULL);
    return r && !strcmp(r, "client") ? "client" : "server";
}

/* Tested / testable statements of one version for one role. A case may carry
 * its own "role"; otherwise it tests the run's role. */
static json_t *coverage_role(const json_t *run, const mqrep_manifest *man, const char *version,
                             const char *role, int with_lists)
{
    char *hit = calloc(man->n ? man->n : 1, 1);
    json_t *unknown = json_array();
    const char *run_role = mqrep_run_role(run);
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(run, "cases"), i, c)
    {
        const char *ver = mqrep_jstr(c, "version", "");
        if (strcmp(ver, version) || strcmp(mqrep_jstr(c, "role", run_role), role))
            continue;
        mqrep_verdict v = mqrep_case_verdict(c);
        if (v == MQREP_SKIPPED || v == MQREP_UNSUPPORTED)
            continue; /* not exercised: the target never saw the stimulus */
        size_t j;
        json_t *s;
        json_array_foreach(json_object_get(c, "statements"), j, s)
        {
            if (!json_is_string(s))
                continue;
            const mqrep_stmt *st = mqrep_manifest_find(man, json_string_value(s));
            if (st && hit)
                hit[st - man->stmts] = 1;
            else if (!st && strncmp(json_string_value(s), "§", strlen("§")) &&
                     !in_list(unknown, json_string_value(s)))
                json_array_append(unknown, s);
        }
    }
    json_t *uncovered = json_array();
    size_t testable = 0, exercised = 0;
    for (size_t k = 0; k < man->n; k++) {
        if (!mqrep_stmt_testable_by(&man->stmts[k], role))
            continue;
        testable++;
        if (hit && hit[k])
            exercised++;
        else
            json_array_append_new(uncovered, json_string(man->stmts[k].id));
    }
    free(hit);
    json_t *o = json_pack("{s:s, s:I, s:I}", "role", role, "testable", (json_int_t)testable,
                          "exercised", (json_int_t)exercised);
    if (with_lists) {
        json_object_set_new(o, "uncovered", uncovered);
        json_object_set_new(o, "unknown", unknown);
    } else {
        json_decref(uncovered);
        json_decref(unknown);
    }
    return o;
}

/* Coverage of one version: the run's own role at the top level (as before
 * roles existed), and "roles" with every role the run's cases test. */
static json_t *coverage_for(const json_t *run, const char *version)
{
    const mqrep_manifest *man = mqrep_manifest_for(version);
    if (!man)
        return json_pack("{s:b, s:s}", "available", 0, "reason",
                         strcmp(version, "3.1.1") && strcmp(version, "5.0") && strcmp(version, "3.1")
                             ? "no statement manifest for this version"
                             : "manifest unavailable (conformance/spec/*.tsv missing at build time)");
    const char *primary = mqrep_run_role(run);
    json_t *cov = coverage_role(run, man, version, primary, 1);
    json_object_set_new(cov, "available", json_true());
    json_object_set_new(cov, "manifest", json_string(man->version));
    json_t *roles = json_object();
    /* the run's own role is already counted above: copy, do not recount */
    json_object_set_new(roles, primary,
                        json_pack("{s:s, s:O, s:O}", "role", primary, "testable",
                                  json_object_get(cov, "testable"), "exercised",
                                  json_object_get(cov, "exercised")));
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(run, "cases"), i, c)
    {
        const char *r = mqrep_jstr(c, "role", NULL);
        if (r && (!strcmp(r, "server") || !strcmp(r, "client")) && !json_object_get(roles, r))
            json_object_set_new(roles, r, coverage_role(run, man, version, r, 0));
    }
    json_object_set_new(cov, "roles", roles);
    return cov;
}

int mqrep_evaluate(mqrep_model *m, const mqrep_options *opts, char *err, size_t errlen)
{
    mqrep_options dflt = {0};
    if (!opts)
        opts = &dflt;
    baseline bl = {0};
    int have_bl = opts->baseline_path != NULL;
    if (have_bl && baseline_load(opts->baseline_path, &bl, err, errlen))
        return 2;

    json_t *newf = json_array(), *fixed = json_array(), *expected = json_array();
    json_t *flaky = json_array();
    size_t ran = 0, failures = 0, flaky_open = 0;
    size_t r;
    json_t *run;
    json_array_foreach(json_object_get(m->root, "runs"), r, run)
    {
        const char *label = mqrep_jstr(run, "label", "?");
        const char *tname = mqrep_jstr(json_object_get(run, "target"), "name", label);
        size_t totals[MQREP_VERDICT_COUNT] = {0};
        size_t i;
        json_t *c;
        json_array_foreach(json_object_get(run, "cases"), i, c)
        {
            mqrep_verdict v = mqrep_case_verdict(c);
            totals[v]++;
            if (v != MQREP_SKIPPED)
                ran++;
            mqrep_outcome oc = mqrep_outcome_of(v, opts->strict);
            json_object_set_new(c, "outcome", json_string(oc == MQREP_OC_PASS   ? "pass"
                                                          : oc == MQREP_OC_FAIL ? "fail"
                                                                                : "neutral"));
            json_object_del(c, "baseline");
            bl_entry *e = NULL;
            if (have_bl)
                e = baseline_find(&bl, mqrep_jstr(c, "id", ""), mqrep_jstr(c, "version", NULL),
                                  tname);
            if (e)
                e->matched = 1;
            if (v == MQREP_FLAKY || (e && e->flaky)) {
                /* a flaky entry accepts the case whatever it does; an unlisted
                 * FLAKY verdict fails the run: CI cannot gate on a moving verdict */
                int accepted = e && e->flaky;
                if (accepted)
                    json_object_set_new(c, "baseline", json_string("flaky-accepted"));
                else if (have_bl && e)
                    json_object_set_new(c, "baseline", json_string("expected-failure"));
                else if (have_bl)
                    json_object_set_new(c, "baseline", json_string("new-failure"));
                if (v == MQREP_FLAKY || accepted) {
                    json_t *ref = case_ref(label, c);
                    json_object_set_new(ref, "accepted", json_boolean(accepted || e));
                    json_t *ov = json_object_get(c, "observed_verdicts");
                    if (json_is_array(ov))
                        json_object_set(ref, "observed_verdicts", ov);
                    if (v == MQREP_FLAKY)
                        json_array_append_new(flaky, ref);
                    else
                        json_decref(ref);
                    if (v == MQREP_FLAKY && !accepted && !e)
                        flaky_open++;
                }
                continue;
            }
            if (oc == MQREP_OC_FAIL) {
                if (e) {
                    json_object_set_new(c, "baseline", json_string("expected-failure"));
                    json_array_append_new(expected, case_ref(label, c));
                } else {
                    failures++;
                    if (have_bl)
                        json_object_set_new(c, "baseline", json_string("new-failure"));
                    json_array_append_new(newf, case_ref(label, c));
                }
            } else if (oc == MQREP_OC_PASS && e) {
                json_object_set_new(c, "baseline", json_string("fixed"));
                json_array_append_new(fixed, case_ref(label, c));
            }
        }
        json_t *tot = json_object();
        for (int k = 0; k < MQREP_VERDICT_COUNT; k++)
            json_object_set_new(tot, mqrep_verdict_name((mqrep_verdict)k),
                                json_integer((json_int_t)totals[k]));
        json_object_set_new(run, "totals", tot);

        json_t *vers = run_versions(run), *cov = json_object();
        json_t *v;
        json_array_foreach(vers, i, v)
            json_object_set_new(cov, json_string_value(v), coverage_for(run, json_string_value(v)));
        json_decref(vers);
        json_object_set_new(run, "coverage", cov);
    }

    json_t *stale = json_array();
    for (size_t i = 0; i < bl.n; i++)
        if (!bl.e[i].matched)
            json_array_append_new(stale, json_pack("{s:s, s:s, s:s, s:i}", "id", bl.e[i].id,
                                                   "version", bl.e[i].version, "target",
                                                   bl.e[i].target, "line", bl.e[i].line));
    baseline_free(&bl);

    /* fuzz summaries (fuzz.json inputs): a finding is a finding */
    size_t fuzz_findings = 0, fuzz_runs = 0;
    json_array_foreach(json_object_get(m->root, "fuzz"), r, run)
    {
        fuzz_runs++;
        fuzz_findings += json_array_size(json_object_get(run, "findings"));
    }

    int code = 0;
    if (!ran && !fuzz_runs)
        code = 2;
    else if (failures || json_array_size(fixed) || flaky_open || fuzz_findings)
        code = 1;
    json_t *ev = json_object();
    json_object_set_new(ev, "strict", json_boolean(opts->strict));
    json_object_set_new(ev, "baseline",
                        have_bl ? json_string(opts->baseline_path) : json_null());
    json_object_set_new(ev, "exit_code", json_integer(code));
    json_object_set_new(ev, "cases_run", json_integer((json_int_t)ran));
    json_object_set_new(ev, "new_failures", newf);
    json_object_set_new(ev, "expected_failures", expected);
    json_object_set_new(ev, "fixed", fixed);
    json_object_set_new(ev, "flaky", flaky);
    json_object_set_new(ev, "fuzz_findings", json_integer((json_int_t)fuzz_findings));
    json_object_set_new(ev, "baseline_unmatched", stale);
    json_object_set_new(m->root, "evaluation", ev);
    m->evaluated = 1;
    m->strict = opts->strict;
    m->exit_code = code;
    return code;
}

int mqrep_ensure_evaluated(mqrep_model *m, const mqrep_options *opts, char *err, size_t errlen)
{
    if (!m->evaluated)
        mqrep_evaluate(m, opts, err, errlen);
    return m->evaluated ? 0 : -1; /* only an unreadable baseline leaves it unevaluated */
}
