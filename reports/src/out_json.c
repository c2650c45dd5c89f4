/* results.json: the merged model as one document (SCHEMA.md), pcap paths
 * rewritten relative to where the file is written. */
#include <libgen.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

char *mqrep_dir_of(const char *path)
{
    char *t = strdup(path);
    if (!t)
        return NULL;
    char *d = strdup(dirname(t));
    free(t);
    return d;
}

int mqrep_write_json(mqrep_model *m, const char *path, char *err, size_t errlen)
{
    if (mqrep_ensure_evaluated(m, NULL, err, errlen))
        return -1;
    char *outdir = mqrep_dir_of(path);
    json_t *doc = json_deep_copy(m->root);
    if (!doc || !outdir) {
        free(outdir);
        json_decref(doc);
        mqrep_seterr(err, errlen, "out of memory");
        return -1;
    }
    size_t r;
    json_t *run;
    json_array_foreach(json_object_get(doc, "runs"), r, run)
    {
        const char *base = mqrep_jstr(run, "base", ".");
        size_t i;
        json_t *c;
        json_array_foreach(json_object_get(run, "cases"), i, c)
        {
            char *p = mqrep_link_path(base, mqrep_jstr(c, "pcap", NULL), outdir);
            if (p)
                json_object_set_new(c, "pcap", json_string(p));
            free(p);
        }
        /* where the runs came from only matters to this process */
        json_object_del(run, "base");
        json_object_del(run, "source");
    }
    free(outdir);
    mqrep_buf b = {0};
    char *s = json_dumps(doc, JSON_INDENT(1));
    json_decref(doc);
    if (!s) {
        mqrep_seterr(err, errlen, "%s: cannot encode JSON", path);
        return -1;
    }
    mqrep_buf_puts(&b, s);
    mqrep_buf_puts(&b, "\n");
    free(s);
    int rc = mqrep_buf_save(&b, path, err, errlen);
    mqrep_buf_free(&b);
    return rc;
}
