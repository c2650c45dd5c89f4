/* Pcap links: a case names its capture relative to its results file, while a
 * report may be written elsewhere (merging runs from several folders). */
#define _XOPEN_SOURCE 700 /* realpath */
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static char *real_dir(const char *dir)
{
    char *r = realpath(dir && *dir ? dir : ".", NULL);
    return r;
}

/* Lexical clean-up of an absolute path: drops "." and empty parts, applies "..". */
static char *normalize_abs(const char *path)
{
    size_t n = strlen(path);
    char *out = malloc(n + 2);
    if (!out)
        return NULL;
    size_t len = 0;
    const char *p = path;
    while (*p) {
        while (*p == '/')
            p++;
        const char *e = p;
        while (*e && *e != '/')
            e++;
        size_t k = (size_t)(e - p);
        if (k == 0 || (k == 1 && p[0] == '.')) {
            /* nothing */
        } else if (k == 2 && p[0] == '.' && p[1] == '.') {
            while (len > 0 && out[len - 1] != '/')
                len--;
            if (len > 0)
                len--; /* the slash */
        } else {
            out[len++] = '/';
            memcpy(out + len, p, k);
            len += k;
        }
        p = e;
    }
    if (!len)
        out[len++] = '/';
    out[len] = '\0';
    return out;
}

char *mqrep_link_path(const char *base, const char *pcap, const char *outdir)
{
    if (!pcap || !*pcap)
        return NULL;
    if (pcap[0] == '/')
        return strdup(pcap);
    /* Resolve the two folders that exist (the run's and the report's), then walk
     * from the report's folder to the capture, which may itself be gone. */
    char *rbase = real_dir(base);
    char *odir = real_dir(outdir);
    char *res = NULL;
    if (rbase && odir) {
        mqrep_buf full = {0};
        mqrep_buf_printf(&full, "%s/%s", rbase, pcap);
        char *target = full.oom ? NULL : normalize_abs(full.p);
        mqrep_buf_free(&full);
        if (target) {
            size_t common = 0;
            /* longest common prefix ending on a folder boundary */
            for (size_t i = 0;; i++) {
                char a = target[i], b = odir[i];
                if ((a == '/' || a == '\0') && (b == '/' || b == '\0'))
                    common = i;
                if (!a || !b || a != b)
                    break;
            }
            mqrep_buf r = {0};
            if (odir[common] == '/' && odir[common + 1])
                mqrep_buf_puts(&r, "../");
            for (const char *p = odir + common + 1; *p && odir[common]; p++)
                if (*p == '/')
                    mqrep_buf_puts(&r, "../");
            const char *rest = target + common;
            if (*rest == '/')
                rest++;
            mqrep_buf_puts(&r, rest);
            if (!r.oom && r.p)
                res = r.p;
            else
                mqrep_buf_free(&r);
            free(target);
        }
    } else {
        mqrep_buf full = {0};
        mqrep_buf_printf(&full, "%s/%s", base && *base ? base : ".", pcap);
        res = full.oom ? NULL : full.p;
    }
    free(rbase);
    free(odir);
    return res;
}

int mqrep_section_cmp(const char *a, const char *b)
{
    while (*a || *b) {
        if (!*a)
            return -1;
        if (!*b)
            return 1;
        if (*a >= '0' && *a <= '9' && *b >= '0' && *b <= '9') {
            char *ea, *eb;
            unsigned long x = strtoul(a, &ea, 10), y = strtoul(b, &eb, 10);
            if (x != y)
                return x < y ? -1 : 1;
            a = ea;
            b = eb;
            continue;
        }
        if (*a != *b)
            return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
        a++;
        b++;
    }
    return 0;
}

static int cmp_json_str(const void *x, const void *y)
{
    return mqrep_section_cmp(*(const char *const *)x, *(const char *const *)y);
}

json_t *mqrep_run_sections(const json_t *run)
{
    const json_t *cases = json_object_get(run, "cases");
    size_t n = json_array_size(cases), k = 0;
    const char **v = calloc(n ? n : 1, sizeof *v);
    json_t *out = json_array();
    if (!v)
        return out;
    size_t i;
    json_t *c;
    json_array_foreach(cases, i, c)
    {
        const char *s = mqrep_jstr(c, "section", "");
        int seen = 0;
        for (size_t j = 0; j < k && !seen; j++)
            seen = !strcmp(v[j], s);
        if (!seen)
            v[k++] = s;
    }
    qsort(v, k, sizeof *v, cmp_json_str);
    for (size_t j = 0; j < k; j++)
        json_array_append_new(out, json_string(v[j]));
    free(v);
    return out;
}
