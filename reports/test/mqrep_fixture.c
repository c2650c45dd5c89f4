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

/* A small realistic matrix for the overview test: two brokers and two client
 * libraries (separate groups), a FLAKY case folded from --repeat runs, resource
 * samples, a baseline-free evaluation, and a fuzz.json. Writes OUTDIR/results.json
 * (merged, for the test to recount) and OUTDIR/report.html. */
static int overview(const char *outdir)
{
    char err[512];
    mkdir(outdir, 0777);
    static const char *const names[] = {"mosquitto 2.0.11", "nanomq 0.21", "paho.mqtt.c 1.3.11", "libmosquitto 2.0.11"};
    static const char *const secs[] = {"3.1", "3.3", "3.8", "4.7", "3.1", "3.3"};
    static const char *const stm[] = {"MQTT-3.1.0-1", "MQTT-3.3.1-4", "MQTT-3.8.3-1", "MQTT-4.7.1-1", "MQTT-3.1.2-1", "MQTT-3.3.2-1"};
    const char *paths[5];
    char *owned[5] = {0};
    int np = 0;
    for (int t = 0; t < 4; t++) {
        int client = t >= 2;
        char sub[32];
        snprintf(sub, sizeof sub, "run-%d", t + 1);
        char *dir = fx_path(outdir, sub);
        json_t *h = fx_header(names[t], client ? "driver: mqc-driver-x" : "127.0.0.1:18831");
        json_t *tg = json_object_get(h, "target");
        if (client)
            json_object_set_new(tg, "role", json_string("client"));
        else
            /* the runner's name for it, and the older name a reader accepts too */
            json_object_set_new(tg, t == 0 ? "broker_version" : "version",
                                json_string(names[t] + strcspn(names[t], " ") + 1));
        json_object_set_new(h, "options", json_pack("{s:s}", client ? "driver" : "spawn",
                                                    client ? "build/drivers/mqc-driver-x" : "mosquitto -p 18831"));
        mqrep_writer *w = mqrep_writer_open(dir, h, err, sizeof err);
        json_decref(h);
        if (!w) {
            fprintf(stderr, "mqrep_fixture: %s\n", err);
            return 2;
        }
        unsigned seed = 11u + (unsigned)t;
        for (int i = 0; i < 24; i++) {
            char id[96];
            const char *sec = secs[i % 6];
            snprintf(id, sizeof id, "%s%s/case-%02d", client ? "client/" : "", sec, i);
            const char *v = verdicts[lcg(&seed) % (sizeof verdicts / sizeof verdicts[0])];
            json_t *c;
            if (i == 5) {
                /* --repeat 3 of one case: PASS, FAIL, PASS folds into FLAKY */
                static const char *const rv[] = {"PASS", "FAIL", "PASS"};
                json_t *rr[3];
                for (int k = 0; k < 3; k++)
                    rr[k] = fx_case(id, sec, "5.0", rv[k], stm[i % 6]);
                c = mqrep_case_fold((const json_t *const *)rr, 3);
                for (int k = 0; k < 3; k++)
                    json_decref(rr[k]);
            } else if (!client && (i == 7 || i == 13)) {
                /* two cases a late PINGRESP blocked: one precondition finding */
                c = fx_case(id, sec, "5.0", "ERROR", stm[i % 6]);
                json_object_set_new(c, "precondition", json_pack("{s:s, s:s}", "what", "PINGRESP within 2 s",
                                                                 "statement", "MQTT-3.12.4-1"));
                json_object_set_new(c, "observed", json_string("precondition failed: PINGRESP within 2 s "
                                                               "(MQTT-3.12.4-1): nothing on c within 2.00s"));
            } else {
                c = fx_case(id, sec, i % 2 ? "5.0" : "3.1.1", v, stm[i % 6]);
            }
            json_object_set_new(c, "title", json_string(i == 3 ? "Wildcard + matches exactly one topic level"
                                                               : "a scenario title"));
            if (!client)
                json_object_set_new(c, "resources",
                                    json_pack("{s:{s:i, s:i, s:i, s:i}, s:{s:i, s:i, s:i, s:i}}", "before",
                                              "rss_kb", 5000 + i * 10, "fds", 12, "threads", 1, "cpu_ms", i * 3,
                                              "after", "rss_kb", 5010 + i * 10, "fds", 12 + i % 2, "threads",
                                              1, "cpu_ms", i * 3 + 2));
            int rc = mqrep_writer_case(w, c, err, sizeof err);
            json_decref(c);
            if (rc) {
                fprintf(stderr, "mqrep_fixture: %s\n", err);
                mqrep_writer_abandon(w);
                return 2;
            }
        }
        if (!client) {
            for (int k = 0; k <= 20; k++) {
                json_t *sm = json_pack("{s:f, s:i, s:i, s:i}", "t", 0.5 * k, "rss_kb",
                                       5000 + k * 40 + (k % 3) * 15, "fds", 10 + k % 5, "threads",
                                       1 + (k > 10));
                mqrep_writer_sample(w, sm, err, sizeof err);
                json_decref(sm);
            }
        }
        mqrep_options o = {.outputs = MQREP_OUT_JSON};
        if (mqrep_writer_close(w, &o, err, sizeof err) == 2) {
            fprintf(stderr, "mqrep_fixture: %s\n", err);
            return 2;
        }
        owned[np] = fx_path(dir, "results.json");
        paths[np] = owned[np];
        np++;
        free(dir);
    }
    /* fuzz.json, as the network fuzzer writes it (SCHEMA.md "Fuzz summary") */
    char *fz = fx_path(outdir, "fuzz.json");
    json_t *tl = json_array();
    for (int k = 0; k <= 30; k++)
        json_array_append_new(tl, json_pack("{s:i, s:i, s:i, s:i}", "t", k * 2, "cases", k * 400,
                                            "unique_responses", k < 10 ? k * 6 : 60 + k, "edges",
                                            k < 15 ? k * 30 : 450 + k * 2));
    json_t *fd = json_pack("{s:s, s:s, s:s, s:i, s:{s:i, s:i, s:f, s:i, s:i}, s:o, s:[{s:s, s:s, s:s, s:i, s:s, s:s}]}",
                           "schema", "mqttcheck-fuzz/1", "target", "mosquitto 2.0.11", "started",
                           "2026-12-02T10:00:00Z", "seconds", 60, "totals", "cases", 12000, "messages",
                           50000, "messages_per_s", 833.3, "unique_responses", 90, "edges", 510,
                           "timeline", tl, "findings", "id", "crash-0001", "oracle", "broker-exit",
                           "signature", "SIGSEGV in handle__subscribe", "seed", 1234, "dir",
                           "findings/crash-0001", "repro",
                           "mqttcheck replay findings/crash-0001/input.pcap --target 127.0.0.1:18831");
    int rc = fd ? json_dump_file(fd, fz, JSON_INDENT(1)) : -1;
    json_decref(fd);
    if (rc) {
        fprintf(stderr, "mqrep_fixture: cannot write %s\n", fz);
        return 2;
    }
    owned[np] = fz;
    paths[np] = fz;
    np++;
    mqrep_model *m = mqrep_load(paths, (size_t)np, stderr, err, sizeof err);
    char *html = fx_path(outdir, "report.html"), *js = fx_path(outdir, "results.json");
    mqrep_options o = {0};
    rc = !m || mqrep_write_html(m, &o, html, err, sizeof err) || mqrep_write_json(m, js, err, sizeof err);
    if (rc)
        fprintf(stderr, "mqrep_fixture: %s\n", err);
    mqrep_model_free(m);
    free(html);
    free(js);
    for (int i = 0; i < np; i++)
        free(owned[i]);
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
    if (argc == 3 && !strcmp(argv[1], "overview"))
        return overview(argv[2]);
    if (argc >= 4 && !strcmp(argv[1], "render"))
        return render(argv[2], argc - 3, argv + 3);
    fprintf(stderr, "usage: mqrep_fixture hostile OUTDIR | large OUTDIR NSCEN NTARGETS | "
                    "overview OUTDIR | render OUT.html RESULTS...\n");
    return 2;
}
