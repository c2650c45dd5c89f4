/* Fixture tool for the browser test and the benchmark:
 *   mqrep_fixture hostile OUTDIR            a run full of hostile strings, all four reports
 *   mqrep_fixture large OUTDIR NSCEN NTGT   NTGT runs of NSCEN scenarios, merged report.html
 *   mqrep_fixture render OUT.html FILE...   merge results files into one HTML report
 * Everything goes through the public API, as the runner and the CLI use it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "fixture.h"
#include "mqreport.h"

/* One of each kind of trouble a broker, a capture or a script can hand us. */
#define H_SCRIPT "</script><script>document.title='PWNED';document.body.setAttribute('data-pwned','1')</script>"
#define H_IMG "<img src=x onerror=\"document.title='PWNED';document.body.setAttribute('data-pwned','2')\">"
#define H_SVG "\"><svg onload=document.body.setAttribute('data-pwned','3')>'"
#define H_MISC "<!-- --> &amp; &lt; \xe2\x80\xa8 line-sep \xe2\x80\xa9 para-sep ${x} {{x}} `x` \\u003c"

static int hostile(const char *outdir)
{
    char err[512];
    json_t *h = json_pack("{s:{s:s, s:s, s:[s], s:{s:s, s:s}}}", "target", "name",
                          "broker " H_SCRIPT, "address", H_IMG, "versions", "5.0",
                          "capabilities", H_SVG, H_IMG, "server_reference", H_SCRIPT);
    mqrep_writer *w = h ? mqrep_writer_open(outdir, h, err, sizeof err) : NULL;
    json_decref(h);
    if (!w) {
        fprintf(stderr, "mqrep_fixture: %s\n", err);
        return 2;
    }
    json_t *c = fx_case("3.3/publish/" H_SCRIPT, "3.3", "5.0", "FAIL", "MQTT-3.3.2-1," H_IMG);
    json_object_set_new(c, "title", json_string("TITLE " H_SCRIPT H_IMG));
    json_object_set_new(c, "description", json_string("DESC " H_SVG H_MISC));
    json_object_set_new(c, "expected", json_string("EXPECTED " H_IMG));
    static const char bad_utf8[] = "OBSERVED \xff\xfe\xc3\x28 invalid-utf8 <b>bold</b>";
    json_object_set_new(c, "observed", json_stringn_nocheck(bad_utf8, sizeof bad_utf8 - 1));
    json_object_set_new(c, "detail", json_string("script error: " H_SCRIPT));
    json_object_set_new(c, "pcap", json_string("javascript:document.title='PWNED'"));
    json_t *wire = json_object_get(c, "wire");
    json_t *ev = json_array_get(wire, 0);
    json_object_set_new(ev, "summary", json_string("PUBLISH topic=" H_IMG));
    json_object_set_new(ev, "conn", json_string("conn " H_SVG));
    json_object_set_new(ev, "packet",
                        json_pack("{s:s, s:s, s:[{s:s, s:s}]}", "topic", H_SCRIPT, "payload",
                                  H_IMG, "user_properties", "name", H_SVG, "value", H_MISC));
    json_object_set_new(json_array_get(wire, 1), "error",
                        json_pack("{s:s, s:i, s:s, s:i, s:s, s:s}", "stmt", "MQTT-3.3.2-1",
                                  "code", 7, "class", "malformed", "offset", 2, "field",
                                  "topic", "message", H_SCRIPT));
    int rc = mqrep_writer_case(w, c, err, sizeof err);
    json_decref(c);
    json_t *ok = fx_case("3.1/connect/plain", "3.1", "5.0", "PASS", "MQTT-3.1.2-1");
    if (!rc)
        rc = mqrep_writer_case(w, ok, err, sizeof err);
    json_decref(ok);
    if (rc) {
        fprintf(stderr, "mqrep_fixture: %s\n", err);
        mqrep_writer_abandon(w);
        return 2;
    }
    mqrep_options o = {0};
    int code = mqrep_writer_close(w, &o, err, sizeof err);
    if (code == 2) {
        fprintf(stderr, "mqrep_fixture: %s\n", err);
        return 2;
    }
    return 0;
}

static const char *const sections[] = {"3.1", "3.2", "3.3", "3.4", "3.6", "3.8", "3.9",
                                       "3.10", "3.12", "3.14", "4.3", "4.7", "4.8", "4.13"};
static const char *const verdicts[] = {"PASS", "PASS", "PASS", "PASS", "PASS", "PASS", "FAIL",
                                       "NON-STRICT", "INFORMATIONAL", "UNSUPPORTED", "SKIPPED",
                                       "TIMEOUT", "PASS", "ERROR"};

/* Deterministic pseudo-random verdicts so every target differs a little. */
static unsigned lcg(unsigned *s)
{
    *s = *s * 1103515245u + 12345u;
    return (*s >> 16) & 0x7fff;
}

static int large(const char *outdir, int nscen, int ntgt)
{
    char err[512];
    mkdir(outdir, 0777);
    const char **paths = calloc((size_t)ntgt, sizeof *paths);
    char **owned = calloc((size_t)ntgt, sizeof *owned);
    if (!paths || !owned)
        return 2;
    for (int t = 0; t < ntgt; t++) {
        char name[64], sub[64];
        snprintf(name, sizeof name, "broker-%d 1.%d", t + 1, t);
        snprintf(sub, sizeof sub, "target-%d", t + 1);
        char *dir = fx_path(outdir, sub);
        json_t *h = fx_header(name, "127.0.0.1:18830");
        mqrep_writer *w = mqrep_writer_open(dir, h, err, sizeof err);
        json_decref(h);
        if (!w) {
            fprintf(stderr, "mqrep_fixture: %s\n", err);
            return 2;
        }
        unsigned seed = 7u + (unsigned)t;
        for (int i = 0; i < nscen; i++) {
            char id[96], stmts[64];
            const char *sec = sections[(size_t)i % (sizeof sections / sizeof sections[0])];
            snprintf(id, sizeof id, "%s/scenario-%03d", sec, i);
            snprintf(stmts, sizeof stmts, "MQTT-%s.0-1,MQTT-%s.2-%d", sec, sec, 1 + i % 9);
            const char *v = verdicts[lcg(&seed) % (sizeof verdicts / sizeof verdicts[0])];
            json_t *c = fx_case(id, sec, i % 3 ? "5.0" : "3.1.1", v, stmts);
            /* a realistic wire log: a dozen events per case */
            json_t *wire = json_object_get(c, "wire");
            for (int k = 0; k < 10; k++)
                json_array_append_new(wire, json_pack("{s:f, s:s, s:s, s:s, s:s, s:s, s:{s:s, s:i}}",
                                                      "t", 0.001 * k, "conn", k % 2 ? "c1" : "c2",
                                                      "dir", k % 2 ? "in" : "out", "kind", "packet",
                                                      "summary", "PUBLISH qos=1 topic=a/b/c",
                                                      "hex", "3209000361",
                                                      "packet", "type", "PUBLISH", "qos", 1));
            int rc = mqrep_writer_case(w, c, err, sizeof err);
            json_decref(c);
            if (rc) {
                fprintf(stderr, "mqrep_fixture: %s\n", err);
                mqrep_writer_abandon(w);
                return 2;
            }
        }
        mqrep_options o = {.outputs = MQREP_OUT_JSON};
        if (mqrep_writer_close(w, &o, err, sizeof err) == 2) {
            fprintf(stderr, "mqrep_fixture: %s\n", err);
            return 2;
        }
        owned[t] = fx_path(dir, "results.json");
        paths[t] = owned[t];
        free(dir);
    }
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    mqrep_model *m = mqrep_load(paths, (size_t)ntgt, stderr, err, sizeof err);
    char *html = fx_path(outdir, "report.html");
    mqrep_options o = {0};
    int rc = m ? mqrep_write_html(m, &o, html, err, sizeof err) : -1;
    clock_gettime(CLOCK_MONOTONIC, &b);
    if (rc)
        fprintf(stderr, "mqrep_fixture: %s\n", err);
    else
        printf("generate: load+merge+write report.html in %.0f ms\n",
               (double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6);
    mqrep_model_free(m);
    free(html);
    for (int t = 0; t < ntgt; t++)
        free(owned[t]);
    free(owned);
    free(paths);
    return rc ? 2 : 0;
}

static int render(const char *out, int n, char **files)
{
    char err[512];
    mqrep_model *m = mqrep_load((const char *const *)files, (size_t)n, stderr, err, sizeof err);
    mqrep_options o = {0};
    if (!m || mqrep_write_html(m, &o, out, err, sizeof err)) {
        fprintf(stderr, "mqrep_fixture: %s\n", err);
        mqrep_model_free(m);
        return 2;
    }
    mqrep_model_free(m);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 3 && !strcmp(argv[1], "hostile"))
        return hostile(argv[2]);
    if (argc == 5 && !strcmp(argv[1], "large")) {
        int ns = atoi(argv[3]), nt = atoi(argv[4]);
        if (ns > 0 && ns <= 100000 && nt > 0 && nt <= 100)
            return large(argv[2], ns, nt);
    }
    if (argc >= 4 && !strcmp(argv[1], "render"))
        return render(argv[2], argc - 3, argv + 3);
    fprintf(stderr, "usage: mqrep_fixture hostile OUTDIR | large OUTDIR NSCEN NTARGETS | "
                    "render OUT.html RESULTS...\n");
    return 2;
}
