/* The four end-of-run files, and a baseline from the current failures. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int mqrep_write_all(mqrep_model *m, const mqrep_options *opts, const char *outdir, char *err,
                    size_t errlen)
{
    mqrep_options dflt = {0};
    if (!opts)
        opts = &dflt;
    int code = mqrep_evaluate(m, opts, err, errlen);
    if (!m->evaluated)
        return 2;
    unsigned want = opts->outputs ? opts->outputs : 0xF;
    if (mqrep_mkdir_p(outdir, err, errlen))
        return 2;
    static const struct {
        unsigned flag;
        const char *name;
    } files[] = {{MQREP_OUT_JSON, "results.json"},
                 {MQREP_OUT_JUNIT, "junit.xml"},
                 {MQREP_OUT_MARKDOWN, "summary.md"},
                 {MQREP_OUT_HTML, "report.html"}};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        if (!(want & files[i].flag))
            continue;
        mqrep_buf p = {0};
        mqrep_buf_printf(&p, "%s/%s", outdir, files[i].name);
        if (p.oom) {
            mqrep_seterr(err, errlen, "out of memory");
            return 2;
        }
        int rc;
        switch (files[i].flag) {
        case MQREP_OUT_JSON: rc = mqrep_write_json(m, p.p, err, errlen); break;
        case MQREP_OUT_JUNIT: rc = mqrep_write_junit(m, opts, p.p, err, errlen); break;
        case MQREP_OUT_MARKDOWN: rc = mqrep_write_markdown(m, opts, p.p, err, errlen); break;
        default: rc = mqrep_write_html(m, opts, p.p, err, errlen); break;
        }
        mqrep_buf_free(&p);
        if (rc)
            return 2;
    }
    if (opts->console) {
        mqrep_buf p = {0};
        if (want & MQREP_OUT_HTML)
            mqrep_buf_printf(&p, "%s/report.html", outdir);
        mqrep_print_verdict_line(opts->console, m, p.p);
        mqrep_buf_free(&p);
    }
    return code;
}

static size_t plural_n(const json_t *ev, const char *key)
{
    return json_array_size(json_object_get(ev, key));
}

void mqrep_print_verdict_line(FILE *out, mqrep_model *m, const char *report_path)
{
    if (!out || !m || mqrep_ensure_evaluated(m, NULL, NULL, 0))
        return;
    const json_t *ev = json_object_get(m->root, "evaluation");
    size_t nf = plural_n(ev, "new_failures"), sf = plural_n(ev, "expected_failures");
    size_t fx = plural_n(ev, "fixed"), fl = plural_n(ev, "flaky");
    json_int_t fz = json_integer_value(json_object_get(ev, "fuzz_findings"));
    fprintf(out, "mqttcheck: %zu new failure%s, %zu still failing, %zu fixed, %zu flaky", nf,
            nf == 1 ? "" : "s", sf, fx, fl);
    if (fz)
        fprintf(out, ", %lld fuzz finding%s", (long long)fz, fz == 1 ? "" : "s");
    if (m->exit_code == 2)
        fputs(" (no case ran)", out);
    if (report_path)
        fprintf(out, "; report: %s", report_path);
    fputc('\n', out);
    fflush(out);
}

int mqrep_write_baseline(mqrep_model *m, const mqrep_options *opts, const char *path,
                         char *err, size_t errlen)
{
    if (mqrep_ensure_evaluated(m, opts, err, errlen))
        return -1;
    mqrep_buf b = {0};
    mqrep_buf_printf(&b, "# mqttcheck baseline: expected failures, one per line: [flaky] CASE-ID VERSION TARGET\n"
                         "# written from %zu run(s)%s; see reports/SCHEMA.md\n",
                     json_array_size(json_object_get(m->root, "runs")),
                     m->strict ? " in strict mode" : "");
    size_t r;
    json_t *run;
    json_array_foreach(json_object_get(m->root, "runs"), r, run)
    {
        const char *tname = mqrep_jstr(json_object_get(run, "target"), "name", "*");
        size_t i;
        json_t *c;
        json_array_foreach(json_object_get(run, "cases"), i, c)
        {
            int flaky = !strcmp(mqrep_jstr(c, "verdict", ""), "FLAKY");
            if (strcmp(mqrep_jstr(c, "outcome", ""), "fail"))
                continue;
            const char *id = mqrep_jstr(c, "id", "");
            /* ids never contain spaces or '#' in our scenarios; skip anything that would not
             * read back as the same entry rather than write a wrong baseline */
            if (!*id || strpbrk(id, " \t\r\n#") || strpbrk(tname, "\r\n#"))
                continue;
            mqrep_buf_printf(&b, "%s%s %s %s\n", flaky ? "flaky " : "", id, mqrep_jstr(c, "version", "*"),
                             *tname ? tname : "*");
        }
    }
    int rc = mqrep_buf_save(&b, path, err, errlen);
    mqrep_buf_free(&b);
    return rc;
}
