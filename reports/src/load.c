/* Reads results.json and results.jsonl files and merges their runs into one
 * model. Damaged input (a killed run, invalid UTF-8, a stray line) yields a
 * warning and whatever could be read, never a crash. */
#include <errno.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define MAX_RESULTS_FILE (1024L * 1024L * 1024L) /* refuse absurd inputs early */

static char *slurp(const char *path, size_t *len, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        mqrep_seterr(err, errlen, "%s: %s", path, strerror(errno));
        return NULL;
    }
    mqrep_buf b = {0};
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        mqrep_buf_putn(&b, chunk, n);
        if (b.len > (size_t)MAX_RESULTS_FILE) {
            mqrep_seterr(err, errlen, "%s: larger than 1 GiB, refusing", path);
            fclose(f);
            mqrep_buf_free(&b);
            return NULL;
        }
    }
    int rerr = ferror(f);
    fclose(f);
    if (rerr || b.oom) {
        mqrep_seterr(err, errlen, "%s: %s", path, rerr ? "read error" : "out of memory");
        mqrep_buf_free(&b);
        return NULL;
    }
    size_t outlen;
    char *fixed = mqrep_json_text_repair(b.p ? b.p : "", b.len, &outlen);
    mqrep_buf_free(&b);
    if (!fixed) {
        mqrep_seterr(err, errlen, "%s: out of memory", path);
        return NULL;
    }
    *len = outlen;
    return fixed;
}

/* Objects merge member by member, recursively; anything else replaces. */
static void deep_merge(json_t *dst, const json_t *src)
{
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)src, k, v)
    {
        json_t *d = json_object_get(dst, k);
        if (json_is_object(d) && json_is_object(v))
            deep_merge(d, v);
        else
            json_object_set(dst, k, v);
    }
}

static json_t *new_run(const json_t *header, const char *path)
{
    json_t *run = header ? json_deep_copy(header) : json_object();
    json_object_del(run, "type");
    if (!json_is_object(json_object_get(run, "target")))
        json_object_set_new(run, "target", json_object());
    if (!json_is_array(json_object_get(run, "cases")))
        json_object_set_new(run, "cases", json_array());
    if (!json_is_boolean(json_object_get(run, "complete")))
        json_object_set_new(run, "complete", json_false());
    char *tmp = strdup(path);
    json_object_set_new(run, "source", json_string(path));
    json_object_set_new(run, "base", json_string(tmp ? dirname(tmp) : "."));
    free(tmp);
    return run;
}

static int schema_ok(const json_t *o, const char *path, char *err, size_t errlen)
{
    json_t *s = json_object_get(o, "schema");
    if (json_is_integer(s) && json_integer_value(s) > MQREP_SCHEMA_VERSION) {
        mqrep_seterr(err, errlen, "%s: schema %lld is newer than this mqttcheck knows (%d)", path,
                     (long long)json_integer_value(s), MQREP_SCHEMA_VERSION);
        return 0;
    }
    return 1;
}

static int load_jsonl(json_t *runs, char *text, size_t len, const char *path, FILE *warn,
                      char *err, size_t errlen)
{
    json_t *run = NULL;
    size_t lineno = 0, pos = 0, good = 0, bad = 0;
    while (pos < len) {
        char *line = text + pos;
        char *nl = memchr(line, '\n', len - pos);
        size_t ll = nl ? (size_t)(nl - line) : len - pos;
        int last = !nl || pos + ll + 1 >= len;
        pos += ll + 1;
        lineno++;
        size_t s = 0;
        while (s < ll && (line[s] == ' ' || line[s] == '\t' || line[s] == '\r'))
            s++;
        if (s == ll)
            continue;
        json_error_t je;
        json_t *o = json_loadb(line, ll, JSON_ALLOW_NUL, &je);
        if (!json_is_object(o)) {
            const char *why = o ? "not a JSON object" : je.text;
            json_decref(o);
            if (!good) {
                /* the first line already fails: not a results file, say so once */
                mqrep_seterr(err, errlen,
                             "%s:%zu: not a results.json/.jsonl file (%s)", path, lineno, why);
                return -1;
            }
            if (warn && ++bad <= 10)
                fprintf(warn, "mqttcheck: %s:%zu: %s, line ignored%s\n", path, lineno, why,
                        last ? " (truncated last line: the run was probably killed)" : "");
            else if (warn && bad == 11)
                fprintf(warn, "mqttcheck: %s: more damaged lines ignored\n", path);
            continue;
        }
        good++;
        const char *type = mqrep_jstr(o, "type", "");
        if (!strcmp(type, "run")) {
            if (!schema_ok(o, path, err, errlen)) {
                json_decref(o);
                return -1;
            }
            run = new_run(o, path);
            json_array_append_new(runs, run);
        } else if (!strcmp(type, "case") || !strcmp(type, "target") || !strcmp(type, "end") ||
                   !strcmp(type, "sample")) {
            if (!run) {
                if (warn)
                    fprintf(warn, "mqttcheck: %s:%zu: %s line before any run line\n", path, lineno,
                            type);
                run = new_run(NULL, path);
                json_array_append_new(runs, run);
            }
            if (!strcmp(type, "case")) {
                json_object_del(o, "type");
                json_array_append(json_object_get(run, "cases"), o);
            } else if (!strcmp(type, "target")) {
                json_object_del(o, "type");
                deep_merge(json_object_get(run, "target"), o);
            } else if (!strcmp(type, "sample")) {
                json_object_del(o, "type");
                json_t *tl = json_object_get(run, "resource_timeline");
                if (!json_is_array(tl)) {
                    tl = json_array();
                    json_object_set_new(run, "resource_timeline", tl);
                }
                json_array_append(tl, o);
            } else { /* end: complete unless it says the run was cut short */
                json_t *cf = json_object_get(o, "complete");
                json_object_set_new(run, "complete", json_boolean(!json_is_false(cf)));
                json_t *why = json_object_get(o, "incomplete_reason");
                if (json_is_string(why))
                    json_object_set(run, "incomplete_reason", why);
                json_t *fin = json_object_get(o, "finished");
                if (json_is_string(fin))
                    json_object_set(run, "finished", fin);
            }
        } else if (warn) {
            fprintf(warn, "mqttcheck: %s:%zu: unknown line type '%s', ignored\n", path, lineno,
                    type);
        }
        json_decref(o);
    }
    return 0;
}

#define FUZZ_SCHEMA "mqttcheck-fuzz/"
#define FUZZ_SCHEMA_VERSION 1

/* fuzz.json (SCHEMA.md "Fuzz summary"): kept as written, with its source. */
static int load_fuzz(json_t *root, json_t *doc, const char *path, char *err, size_t errlen)
{
    const char *sch = json_string_value(json_object_get(doc, "schema"));
    long ver = strtol(sch + strlen(FUZZ_SCHEMA), NULL, 10);
    if (ver > FUZZ_SCHEMA_VERSION || ver < 1) {
        mqrep_seterr(err, errlen, "%s: fuzz summary schema '%s' is not one this mqttcheck knows (%s%d)",
                     path, sch, FUZZ_SCHEMA, FUZZ_SCHEMA_VERSION);
        return -1;
    }
    json_t *arr = json_object_get(root, "fuzz");
    if (!json_is_array(arr)) {
        arr = json_array();
        json_object_set_new(root, "fuzz", arr);
    }
    json_t *f = json_deep_copy(doc);
    /* shapes the report relies on; anything else is shown as missing, never trusted */
    if (!json_is_array(json_object_get(f, "findings")))
        json_object_set_new(f, "findings", json_array());
    if (!json_is_array(json_object_get(f, "timeline")))
        json_object_set_new(f, "timeline", json_array());
    if (!json_is_object(json_object_get(f, "totals")))
        json_object_set_new(f, "totals", json_object());
    json_object_set_new(f, "source", json_string(path));
    json_array_append_new(arr, f);
    return 0;
}

static int load_one(json_t *root, const char *path, FILE *warn, char *err, size_t errlen)
{
    json_t *runs = json_object_get(root, "runs");
    size_t len;
    char *text = slurp(path, &len, err, errlen);
    if (!text)
        return -1;
    size_t before = json_array_size(runs);
    int rc = 0;
    json_error_t je;
    json_t *doc = json_loadb(text, len, JSON_ALLOW_NUL, &je);
    json_t *arr = json_object_get(doc, "runs");
    const char *sch = json_string_value(json_object_get(doc, "schema"));
    if (json_is_object(doc) && sch && !strncmp(sch, FUZZ_SCHEMA, strlen(FUZZ_SCHEMA))) {
        rc = load_fuzz(root, doc, path, err, errlen);
        json_decref(doc);
        free(text);
        return rc;
    }
    if (json_is_object(doc) && json_is_array(arr)) {
        if (!schema_ok(doc, path, err, errlen)) {
            rc = -1;
        } else {
            size_t i;
            json_t *r;
            json_array_foreach(arr, i, r)
            {
                if (!json_is_object(r))
                    continue;
                json_t *run = new_run(r, path);
                /* cases that are not objects would only trip the writers */
                json_t *cases = json_object_get(run, "cases"), *keep = json_array();
                size_t j;
                json_t *c;
                json_array_foreach(cases, j, c) if (json_is_object(c)) json_array_append(keep, c);
                json_object_set_new(run, "cases", keep);
                json_array_append_new(runs, run);
            }
        }
    } else {
        rc = load_jsonl(runs, text, len, path, warn, err, errlen);
    }
    json_decref(doc);
    free(text);
    if (!rc && json_array_size(runs) == before) {
        mqrep_seterr(err, errlen, "%s: no mqttcheck run found (not a results.json/.jsonl file?)",
                     path);
        rc = -1;
    }
    return rc;
}

/* Column labels must be unique: the same broker twice becomes "x" and "x (2)". */
static void label_runs(json_t *runs)
{
    size_t i;
    json_t *run;
    json_array_foreach(runs, i, run)
    {
        json_t *t = json_object_get(run, "target");
        const char *name = mqrep_jstr(t, "name", NULL);
        char fallback[32];
        if (!name || !*name) {
            snprintf(fallback, sizeof fallback, "target %zu", i + 1);
            name = fallback;
        }
        int dup = 1;
        for (size_t j = 0; j < i; j++) {
            const char *other =
                mqrep_jstr(json_object_get(json_array_get(runs, j), "target"), "name", "");
            if (!strcmp(other, name))
                dup++;
        }
        if (dup > 1) {
            json_t *l = json_sprintf("%s (%d)", name, dup);
            json_object_set_new(run, "label", l ? l : json_string("?"));
        } else {
            json_object_set_new(run, "label", json_string(name));
        }
    }
}

mqrep_model *mqrep_load(const char *const *paths, size_t npaths, FILE *warn, char *err,
                        size_t errlen)
{
    if (!paths || !npaths) {
        mqrep_seterr(err, errlen, "no results file given");
        return NULL;
    }
    mqrep_model *m = calloc(1, sizeof *m);
    if (!m) {
        mqrep_seterr(err, errlen, "out of memory");
        return NULL;
    }
    m->root = json_pack("{s:i, s:s, s:[]}", "schema", MQREP_SCHEMA_VERSION, "type", "results",
                        "runs");
    json_t *runs = json_object_get(m->root, "runs");
    for (size_t i = 0; i < npaths; i++) {
        if (load_one(m->root, paths[i], warn, err, errlen)) {
            mqrep_model_free(m);
            return NULL;
        }
    }
    if (!json_array_size(runs) && !json_array_size(json_object_get(m->root, "fuzz"))) {
        mqrep_seterr(err, errlen, "no mqttcheck run found");
        mqrep_model_free(m);
        return NULL;
    }
    label_runs(runs);
    return m;
}

void mqrep_model_free(mqrep_model *m)
{
    if (!m)
        return;
    json_decref(m->root);
    free(m);
}

const json_t *mqrep_model_json(const mqrep_model *m)
{
    return m ? m->root : NULL;
}
