/* The runner's side: results.jsonl written one flushed line at a time, so a
 * run killed at any moment leaves every finished case readable. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct mqrep_writer {
    FILE *f;
    char *outdir;
    char *path;
};

static char *join(const char *dir, const char *name)
{
    size_t a = strlen(dir), b = strlen(name);
    char *r = malloc(a + b + 2);
    if (!r)
        return NULL;
    memcpy(r, dir, a);
    r[a] = '/';
    memcpy(r + a + 1, name, b + 1);
    return r;
}

/* One object, one line: JSON_COMPACT never emits a newline, and the line is
 * flushed before returning so the file always ends on a whole object. */
static int put_line(mqrep_writer *w, const json_t *obj, char *err, size_t errlen)
{
    char *s = json_dumps(obj, JSON_COMPACT);
    if (!s) {
        mqrep_seterr(err, errlen, "%s: cannot encode a line as JSON", w->path);
        return -1;
    }
    int bad = fputs(s, w->f) < 0 || fputc('\n', w->f) == EOF || fflush(w->f) != 0;
    free(s);
    if (bad) {
        mqrep_seterr(err, errlen, "%s: %s", w->path, strerror(errno));
        return -1;
    }
    return 0;
}

mqrep_writer *mqrep_writer_open(const char *outdir, const json_t *run_header, char *err,
                                size_t errlen)
{
    if (!outdir || !*outdir || !json_is_object(run_header)) {
        mqrep_seterr(err, errlen, "mqrep_writer_open: need an output folder and a run object");
        return NULL;
    }
    if (mqrep_mkdir_p(outdir, err, errlen))
        return NULL;
    mqrep_writer *w = calloc(1, sizeof *w);
    if (!w || !(w->outdir = strdup(outdir)) || !(w->path = join(outdir, "results.jsonl"))) {
        mqrep_seterr(err, errlen, "out of memory");
        goto fail;
    }
    w->f = fopen(w->path, "w");
    if (!w->f) {
        mqrep_seterr(err, errlen, "%s: %s", w->path, strerror(errno));
        goto fail;
    }
    json_t *h = mqrep_json_clean(run_header);
    char now[32];
    mqrep_now_iso(now, sizeof now);
    json_object_set_new(h, "type", json_string("run"));
    json_object_set_new(h, "schema", json_integer(MQREP_SCHEMA_VERSION));
    if (!json_object_get(h, "tool"))
        json_object_set_new(h, "tool", json_string("mqttcheck"));
    if (!json_object_get(h, "tool_version"))
        json_object_set_new(h, "tool_version", json_string(MQC_VERSION));
    if (!json_object_get(h, "started"))
        json_object_set_new(h, "started", json_string(now));
    if (!json_is_object(json_object_get(h, "target")))
        json_object_set_new(h, "target", json_object());
    int rc = put_line(w, h, err, errlen);
    json_decref(h);
    if (rc)
        goto fail;
    return w;
fail:
    if (w) {
        if (w->f)
            fclose(w->f);
        free(w->outdir);
        free(w->path);
        free(w);
    }
    return NULL;
}

int mqrep_writer_case(mqrep_writer *w, const json_t *case_obj, char *err, size_t errlen)
{
    if (!w || !json_is_object(case_obj) || !json_is_string(json_object_get(case_obj, "id")) ||
        !json_is_string(json_object_get(case_obj, "verdict"))) {
        mqrep_seterr(err, errlen, "mqrep_writer_case: a case needs string members id and verdict");
        return -1;
    }
    json_t *c = mqrep_json_clean(case_obj);
    json_object_set_new(c, "type", json_string("case"));
    int rc = put_line(w, c, err, errlen);
    json_decref(c);
    return rc;
}

int mqrep_writer_target_update(mqrep_writer *w, const json_t *fields, char *err, size_t errlen)
{
    if (!w || !json_is_object(fields)) {
        mqrep_seterr(err, errlen, "mqrep_writer_target_update: need an object");
        return -1;
    }
    json_t *t = mqrep_json_clean(fields);
    json_object_set_new(t, "type", json_string("target"));
    int rc = put_line(w, t, err, errlen);
    json_decref(t);
    return rc;
}

int mqrep_writer_sample(mqrep_writer *w, const json_t *sample, char *err, size_t errlen)
{
    if (!w || !json_is_object(sample)) {
        mqrep_seterr(err, errlen, "mqrep_writer_sample: need an object");
        return -1;
    }
    json_t *t = mqrep_json_clean(sample);
    json_object_set_new(t, "type", json_string("sample"));
    int rc = put_line(w, t, err, errlen);
    json_decref(t);
    return rc;
}

static void writer_free(mqrep_writer *w)
{
    if (w->f)
        fclose(w->f);
    free(w->outdir);
    free(w->path);
    free(w);
}

void mqrep_writer_abandon(mqrep_writer *w)
{
    if (w)
        writer_free(w);
}

int mqrep_writer_close(mqrep_writer *w, const mqrep_options *opts, char *err, size_t errlen)
{
    if (!w) {
        mqrep_seterr(err, errlen, "mqrep_writer_close: no writer");
        return 2;
    }
    char now[32];
    mqrep_now_iso(now, sizeof now);
    const char *cut = opts ? opts->incomplete : NULL;
    json_t *end = json_pack("{s:s, s:s, s:b}", "type", "end", "finished", now, "complete", !cut);
    if (cut)
        json_object_set_new(end, "incomplete_reason", json_string(cut));
    int rc = put_line(w, end, err, errlen);
    json_decref(end);
    if (fclose(w->f) != 0 && !rc) {
        mqrep_seterr(err, errlen, "%s: %s", w->path, strerror(errno));
        rc = -1;
    }
    w->f = NULL;
    if (rc) {
        writer_free(w);
        return 2;
    }
    const char *paths[1] = {w->path};
    mqrep_model *m = mqrep_load(paths, 1, stderr, err, errlen);
    if (!m) {
        writer_free(w);
        return 2;
    }
    int code = mqrep_write_all(m, opts, w->outdir, err, errlen);
    mqrep_model_free(m);
    writer_free(w);
    return code;
}
