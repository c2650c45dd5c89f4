/* Judging: merging runs of two brokers, the JUnit mapping with and without
 * --strict, the two-sided baseline, statement coverage, Markdown. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"
#include "mqreport.h"

/* Two brokers, same four scenarios, different verdicts. */
static char *two_runs(char **pa, char **pb)
{
    char *dir = fx_tmpdir("merge");
    char err[256];
    const char *ids[] = {"3.1/connect/a", "3.3/publish/b", "3.8/subscribe/c", "3.10/unsubscribe/d",
                         "4.7/topics/e"};
    const char *secs[] = {"3.1", "3.3", "3.8", "3.10", "4.7"};
    const char *va[] = {"PASS", "FAIL", "NON-STRICT", "UNSUPPORTED", "TIMEOUT"};
    const char *vb[] = {"PASS", "PASS", "INFORMATIONAL", "SKIPPED", "ERROR"};
    const char *names[] = {"mosquitto", "emqx"};
    const char *const *verd[] = {va, vb};
    for (int r = 0; r < 2; r++) {
        char *sub = fx_path(dir, names[r]);
        json_t *h = fx_header(names[r], "127.0.0.1:1883");
        mqrep_writer *w = mqrep_writer_open(sub, h, err, sizeof err);
        json_decref(h);
        assert_non_null(w);
        for (int i = 0; i < 5; i++) {
            json_t *c = fx_case(ids[i], secs[i], "3.1.1", verd[r][i], "MQTT-3.1.0-1,MQTT-3.3.1-4");
            assert_int_equal(mqrep_writer_case(w, c, err, sizeof err), 0);
            json_decref(c);
        }
        mqrep_options o = {.outputs = MQREP_OUT_JSON};
        assert_int_not_equal(mqrep_writer_close(w, &o, err, sizeof err), 2);
        char *p = fx_path(sub, r == 0 ? "results.json" : "results.jsonl");
        if (r == 0)
            *pa = p;
        else
            *pb = p;
        free(sub);
    }
    return dir;
}

static mqrep_model *load2(const char *a, const char *b)
{
    const char *p[2] = {a, b};
    char err[256] = "";
    mqrep_model *m = mqrep_load(p, 2, NULL, err, sizeof err);
    assert_non_null(m);
    return m;
}

static void merge_two_brokers(void **state)
{
    (void)state;
    char *a, *b, *dir = two_runs(&a, &b);
    mqrep_model *m = load2(a, b);
    const json_t *runs = json_object_get(mqrep_model_json(m), "runs");
    assert_int_equal(json_array_size(runs), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(runs, 0), "label")), "mosquitto");
    assert_string_equal(json_string_value(json_object_get(json_array_get(runs, 1), "label")), "emqx");
    char err[256] = "";
    char *html = fx_path(dir, "merged.html");
    mqrep_options o = {0};
    assert_int_equal(mqrep_write_html(m, &o, html, err, sizeof err), 0);
    char *s = fx_read(html, NULL);
    assert_non_null(strstr(s, "\"label\":\"mosquitto\""));
    assert_non_null(strstr(s, "\"label\":\"emqx\""));
    /* pcap links are rebased from each run's folder to the report's */
    assert_non_null(strstr(s, "\"pcap_href\":\"mosquitto/pcaps/case.pcap\""));
    assert_non_null(strstr(s, "\"pcap_href\":\"emqx/pcaps/case.pcap\""));
    free(s);
    mqrep_model_free(m);

    /* the same broker twice gets distinct column labels */
    m = load2(a, a);
    runs = json_object_get(mqrep_model_json(m), "runs");
    assert_string_equal(json_string_value(json_object_get(json_array_get(runs, 1), "label")),
                        "mosquitto (2)");
    mqrep_model_free(m);
    free(html);
    free(a);
    free(b);
    free(dir);
}

static char *junit_of(mqrep_model *m, const char *dir, int strict)
{
    char err[256] = "";
    char *p = fx_path(dir, strict ? "strict.xml" : "junit.xml");
    mqrep_options o = {.strict = strict};
    mqrep_evaluate(m, &o, err, sizeof err);
    assert_int_equal(mqrep_write_junit(m, &o, p, err, sizeof err), 0);
    char *s = fx_read(p, NULL);
    free(p);
    return s;
}

static void junit_mapping_and_strict(void **state)
{
    (void)state;
    char *a, *b, *dir = two_runs(&a, &b);
    mqrep_model *m = load2(a, b);
    char *x = junit_of(m, dir, 0);
    /* one suite per target and section: 5 sections x 2 targets */
    assert_int_equal(fx_count(x, "<testsuite "), 10);
    assert_int_equal(fx_count(x, "<testcase "), 10);
    assert_int_equal(fx_count(x, "<failure "), 1);  /* FAIL */
    assert_int_equal(fx_count(x, "<error "), 2);    /* TIMEOUT, ERROR */
    assert_int_equal(fx_count(x, "<skipped "), 2);  /* UNSUPPORTED, SKIPPED */
    assert_int_equal(fx_count(x, "<system-out>NON-STRICT"), 1);
    assert_int_equal(fx_count(x, "<system-out>INFORMATIONAL"), 1);
    assert_non_null(strstr(x, "<testsuites name=\"mqttcheck\" tests=\"10\" failures=\"1\" errors=\"2\" skipped=\"2\""));
    assert_non_null(strstr(x, "name=\"mosquitto §3.1 CONNECT\""));
    assert_non_null(strstr(x, "statements: MQTT-3.1.0-1, MQTT-3.3.1-4"));
    free(x);
    x = junit_of(m, dir, 1);
    assert_int_equal(fx_count(x, "<failure "), 2); /* + NON-STRICT under --strict */
    assert_non_null(strstr(x, "NON-STRICT (--strict)"));
    free(x);
    mqrep_model_free(m);
    free(a);
    free(b);
    free(dir);
}

static void write_text(const char *path, const char *s)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(s, f);
    fclose(f);
}

static void baseline_two_sided(void **state)
{
    (void)state;
    char *a, *b, *dir = two_runs(&a, &b);
    mqrep_model *m = load2(a, b);
    char err[256] = "";
    mqrep_options o = {0};

    /* no baseline: FAIL, TIMEOUT, ERROR fail the run */
    assert_int_equal(mqrep_evaluate(m, &o, err, sizeof err), 1);
    const json_t *ev = json_object_get(mqrep_model_json(m), "evaluation");
    assert_int_equal(json_array_size(json_object_get(ev, "new_failures")), 3);

    /* every failure listed: the run passes */
    char *bl = fx_path(dir, "baseline.txt");
    char *wb = fx_path(dir, "written-baseline.txt");
    assert_int_equal(mqrep_write_baseline(m, &o, wb, err, sizeof err), 0);
    o.baseline_path = wb;
    assert_int_equal(mqrep_evaluate(m, &o, err, sizeof err), 0);
    ev = json_object_get(mqrep_model_json(m), "evaluation");
    assert_int_equal(json_array_size(json_object_get(ev, "expected_failures")), 3);

    /* an unlisted failure fails the run, and the report names it */
    write_text(bl, "# known\n3.3/publish/b 3.1.1 mosquitto\n4.7/topics/e\n");
    o.baseline_path = bl;
    assert_int_equal(mqrep_evaluate(m, &o, err, sizeof err), 0);
    write_text(bl, "3.3/publish/b 3.1.1 mosquitto\n4.7/topics/e 3.1.1 mosquitto\n");
    assert_int_equal(mqrep_evaluate(m, &o, err, sizeof err), 1);
    ev = json_object_get(mqrep_model_json(m), "evaluation");
    const json_t *nf = json_object_get(ev, "new_failures");
    assert_int_equal(json_array_size(nf), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(nf, 0), "target")), "emqx");
    assert_string_equal(json_string_value(json_object_get(json_array_get(nf, 0), "id")), "4.7/topics/e");

    /* a listed case that now passes fails the run too ("fixed") */
    write_text(bl, "3.3/publish/b 3.1.1\n4.7/topics/e\n");
    assert_int_equal(mqrep_evaluate(m, &o, err, sizeof err), 1);
    ev = json_object_get(mqrep_model_json(m), "evaluation");
    assert_int_equal(json_array_size(json_object_get(ev, "new_failures")), 0);
    const json_t *fx = json_object_get(ev, "fixed");
    assert_int_equal(json_array_size(fx), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(fx, 0), "target")), "emqx");
    char *md = fx_path(dir, "summary.md"), *ju = fx_path(dir, "bl.xml");
    assert_int_equal(mqrep_write_markdown(m, &o, md, err, sizeof err), 0);
    assert_int_equal(mqrep_write_junit(m, &o, ju, err, sizeof err), 0);
    char *s = fx_read(md, NULL);
    assert_non_null(strstr(s, "Fixed: listed in the baseline but now passing (1)"));
    assert_non_null(strstr(s, "3\\.3/publish/b"));
    free(s);
    s = fx_read(ju, NULL);
    assert_int_equal(fx_count(s, "type=\"FIXED\""), 1);
    assert_int_equal(fx_count(s, "expected failure (baseline)"), 3);
    free(s);

    /* version and target must match when given */
    write_text(bl, "3.3/publish/b 5.0\n4.7/topics/e\n");
    assert_int_equal(mqrep_evaluate(m, &o, err, sizeof err), 1);
    ev = json_object_get(mqrep_model_json(m), "evaluation");
    assert_int_equal(json_array_size(json_object_get(ev, "new_failures")), 1);
    assert_int_equal(json_array_size(json_object_get(ev, "baseline_unmatched")), 1);

    /* unreadable baseline: could not run */
    o.baseline_path = "/nonexistent/baseline";
    assert_int_equal(mqrep_evaluate(m, &o, err, sizeof err), 2);
    assert_non_null(strstr(err, "/nonexistent/baseline"));

    /* strict: NON-STRICT becomes a failure needing its own baseline entry */
    o.baseline_path = wb;
    o.strict = 1;
    assert_int_equal(mqrep_evaluate(m, &o, err, sizeof err), 1);
    mqrep_model_free(m);
    free(md);
    free(ju);
    free(bl);
    free(wb);
    free(a);
    free(b);
    free(dir);
}

static void coverage_counts_server_statements(void **state)
{
    (void)state;
    char *a, *b, *dir = two_runs(&a, &b);
    mqrep_model *m = load2(a, b);
    char err[256] = "";
    mqrep_options o = {0};
    mqrep_evaluate(m, &o, err, sizeof err);
    const json_t *runs = json_object_get(mqrep_model_json(m), "runs");
    const json_t *cov = json_object_get(json_object_get(json_array_get(runs, 0), "coverage"), "3.1.1");
    assert_non_null(cov);
    if (!json_is_true(json_object_get(cov, "available"))) {
        /* built without conformance/spec: the report must say so, not invent numbers */
        assert_non_null(strstr(json_string_value(json_object_get(cov, "reason")), "unavailable"));
    } else {
        json_int_t testable = json_integer_value(json_object_get(cov, "testable"));
        json_int_t ex = json_integer_value(json_object_get(cov, "exercised"));
        assert_true(testable > 10);
        /* MQTT-3.1.0-1 binds the client: not server-testable. MQTT-3.3.1-4 binds both. */
        assert_int_equal(ex, 1);
        assert_int_equal((json_int_t)json_array_size(json_object_get(cov, "uncovered")), testable - 1);
        assert_int_equal(json_array_size(json_object_get(cov, "unknown")), 0);
    }
    /* 5.0 was tried but no case ran on it: coverage 0 */
    const json_t *c5 = json_object_get(json_object_get(json_array_get(runs, 0), "coverage"), "5.0");
    if (json_is_true(json_object_get(c5, "available")))
        assert_int_equal(json_integer_value(json_object_get(c5, "exercised")), 0);
    mqrep_model_free(m);
    free(a);
    free(b);
    free(dir);
}

/* --repeat: three runs of one case fold into FLAKY with every verdict kept;
 * agreeing runs keep their verdict. The baseline can accept a flaky case. */
static void repeat_fold_and_flaky_baseline(void **state)
{
    (void)state;
    json_t *r[3];
    const char *v3[] = {"PASS", "FAIL", "PASS"};
    for (int i = 0; i < 3; i++)
        r[i] = fx_case("3.1/keepalive/x", "3.1", "5.0", v3[i], "MQTT-3.1.2-22");
    json_object_set_new(r[1], "observed", json_string("closed after 0.2 s"));
    json_t *f = mqrep_case_fold((const json_t *const *)r, 3);
    assert_non_null(f);
    assert_string_equal(json_string_value(json_object_get(f, "verdict")), "FLAKY");
    assert_int_equal(json_array_size(json_object_get(f, "observed_verdicts")), 3);
    assert_string_equal(json_string_value(json_array_get(json_object_get(f, "observed_verdicts"), 1)), "FAIL");
    /* the evidence is the failing run's */
    assert_int_equal(json_integer_value(json_object_get(f, "evidence_run")), 1);
    assert_string_equal(json_string_value(json_object_get(f, "observed")), "closed after 0.2 s");
    assert_true(json_real_value(json_object_get(f, "duration_ms")) > 37.0);
    json_t *same[2] = {r[0], r[2]};
    json_t *g = mqrep_case_fold((const json_t *const *)same, 2);
    assert_string_equal(json_string_value(json_object_get(g, "verdict")), "PASS");
    assert_null(mqrep_case_fold(NULL, 0));
    mqrep_verdict v;
    assert_int_equal(mqrep_verdict_parse("FLAKY", &v), 0);
    assert_int_equal(v, MQREP_FLAKY);

    char *dir = fx_tmpdir("flaky"), err[256] = "";
    json_t *h = fx_header("mosquitto", "127.0.0.1:1883");
    mqrep_writer *w = mqrep_writer_open(dir, h, err, sizeof err);
    json_decref(h);
    assert_non_null(w);
    assert_int_equal(mqrep_writer_case(w, f, err, sizeof err), 0);
    assert_int_equal(mqrep_writer_case(w, g, err, sizeof err), 0);
    mqrep_options o = {.outputs = MQREP_OUT_JSON};
    /* an unlisted FLAKY case fails the run */
    assert_int_equal(mqrep_writer_close(w, &o, err, sizeof err), 1);
    char *res = fx_path(dir, "results.json");
    const char *p1[1] = {res};
    mqrep_model *m = mqrep_load(p1, 1, NULL, err, sizeof err);
    assert_non_null(m);
    assert_int_equal(mqrep_evaluate(m, &(mqrep_options){0}, err, sizeof err), 1);
    const json_t *ev = json_object_get(mqrep_model_json(m), "evaluation");
    assert_int_equal(json_array_size(json_object_get(ev, "flaky")), 1);
    assert_int_equal(json_array_size(json_object_get(ev, "new_failures")), 0);
    assert_false(json_is_true(json_object_get(json_array_get(json_object_get(ev, "flaky"), 0), "accepted")));

    /* JUnit: a <failure type="FLAKY"> naming every verdict */
    char *ju = fx_path(dir, "j.xml");
    assert_int_equal(mqrep_write_junit(m, &(mqrep_options){0}, ju, err, sizeof err), 0);
    char *x = fx_read(ju, NULL);
    assert_int_equal(fx_count(x, "<failure type=\"FLAKY\""), 1);
    assert_non_null(strstr(x, "PASS, FAIL, PASS"));
    free(x);

    /* the written baseline marks it flaky, and with it the run passes */
    char *bl = fx_path(dir, "bl.txt");
    assert_int_equal(mqrep_write_baseline(m, &(mqrep_options){0}, bl, err, sizeof err), 0);
    x = fx_read(bl, NULL);
    assert_non_null(strstr(x, "\nflaky 3.1/keepalive/x 5.0 mosquitto\n"));
    free(x);
    mqrep_options ob = {.baseline_path = bl};
    assert_int_equal(mqrep_evaluate(m, &ob, err, sizeof err), 0);
    ev = json_object_get(mqrep_model_json(m), "evaluation");
    assert_true(json_is_true(json_object_get(json_array_get(json_object_get(ev, "flaky"), 0), "accepted")));
    assert_int_equal(mqrep_write_junit(m, &ob, ju, err, sizeof err), 0);
    x = fx_read(ju, NULL);
    assert_int_equal(fx_count(x, "<failure"), 0);
    assert_int_equal(fx_count(x, "flaky, accepted by the baseline: FLAKY (PASS, FAIL, PASS)"), 1);
    free(x);
    /* a flaky entry also accepts a plain FAIL of that case, and never reports it fixed */
    FILE *bf = fopen(bl, "w");
    fputs("flaky 3.1/keepalive/x\nflaky 3.1/keepalive/x\n", bf);
    fclose(bf);
    assert_int_equal(mqrep_evaluate(m, &ob, err, sizeof err), 0);
    ev = json_object_get(mqrep_model_json(m), "evaluation");
    assert_int_equal(json_array_size(json_object_get(ev, "fixed")), 0);

    /* Markdown lists it; the console line counts it */
    char *md = fx_path(dir, "s.md");
    assert_int_equal(mqrep_write_markdown(m, &ob, md, err, sizeof err), 0);
    x = fx_read(md, NULL);
    assert_non_null(strstr(x, "Flaky: the verdict changed between runs (1)"));
    free(x);
    char *cl = fx_path(dir, "console.txt");
    FILE *cf = fopen(cl, "w");
    mqrep_evaluate(m, &(mqrep_options){0}, err, sizeof err);
    mqrep_print_verdict_line(cf, m, "out/report.html");
    fclose(cf);
    x = fx_read(cl, NULL);
    assert_string_equal(x, "mqttcheck: 0 new failures, 0 still failing, 0 fixed, 1 flaky; report: out/report.html\n");
    free(x);
    mqrep_model_free(m);
    for (int i = 0; i < 3; i++)
        json_decref(r[i]);
    json_decref(f);
    json_decref(g);
    free(cl);
    free(md);
    free(bl);
    free(ju);
    free(res);
    free(dir);
}

/* RESOURCE (a leak, spin or sanitizer report of a spawned broker) fails the
 * run, is a <failure type="RESOURCE"> with every finding (a sanitizer report
 * whole) in JUnit, and summary.md lists the findings and groups the cve/ cases. */
static void resource_verdict(void **state)
{
    (void)state;
    char *dir = fx_tmpdir("resource");
    char err[256];
    json_t *h = fx_header("mosquitto", "127.0.0.1:1883");
    mqrep_writer *w = mqrep_writer_open(dir, h, err, sizeof err);
    json_decref(h);
    assert_non_null(w);
    json_t *c = fx_case("cve/mosquitto-cve-2023-28366-qos2-same-id", "cve", "5.0", "RESOURCE", "MQTT-4.3.3-10");
    json_object_set_new(c, "resource_findings",
                        json_pack("[{s:s,s:s},{s:s,s:s,s:s}]", "kind", "leak-rss", "evidence",
                                  "RSS 8000 -> 40000 KiB over 10 repetitions", "kind", "sanitizer", "evidence",
                                  "LeakSanitizer report", "report",
                                  "==1==ERROR: LeakSanitizer: detected memory leaks\n    #0 0x1 in malloc\n"
                                  "SUMMARY: AddressSanitizer: 64 byte(s) leaked in 1 allocation(s).\n"));
    json_object_set_new(c, "cve", json_pack("{s:[s],s:s,s:s}", "ids", "CVE-2023-28366", "broker", "mosquitto",
                                            "affected", "CVE-2023-28366, Eclipse Mosquitto before 2.0.16"));
    assert_int_equal(mqrep_writer_case(w, c, err, sizeof err), 0);
    json_decref(c);
    c = fx_case("3.1/connect/a", "3.1", "5.0", "PASS", "MQTT-3.1.0-1");
    assert_int_equal(mqrep_writer_case(w, c, err, sizeof err), 0);
    json_decref(c);
    mqrep_options o = {0};
    assert_int_equal(mqrep_writer_close(w, &o, err, sizeof err), 1);
    char *p = fx_path(dir, "junit.xml");
    char *x = fx_read(p, NULL);
    assert_non_null(strstr(x, "<failure type=\"RESOURCE\""));
    assert_non_null(strstr(x, "resource finding leak-rss: RSS 8000 -&gt; 40000 KiB"));
    assert_non_null(strstr(x, "SUMMARY: AddressSanitizer: 64 byte(s) leaked"));
    free(x);
    free(p);
    p = fx_path(dir, "summary.md");
    x = fx_read(p, NULL);
    assert_non_null(strstr(x, "Resource findings (2)"));
    assert_non_null(strstr(x, "Known broker bugs replayed"));
    assert_non_null(strstr(x, "CVE\\-2023\\-28366"));
    assert_non_null(strstr(x, "| RESOURCE"));
    free(x);
    free(p);
    free(dir);
}

/* fuzz.json is an input: its findings are findings; a newer schema is refused. */
static void fuzz_summary_input(void **state)
{
    (void)state;
    char *dir = fx_tmpdir("fuzz"), err[256] = "";
    char *p = fx_path(dir, "fuzz.json");
    FILE *f = fopen(p, "w");
    fputs("{\"schema\":\"mqttcheck-fuzz/1\",\"target\":\"mosquitto\",\"started\":\"2026-12-02T10:00:00Z\","
          "\"seconds\":5,\"totals\":{\"cases\":10,\"messages\":40,\"messages_per_s\":8.0,"
          "\"unique_responses\":3,\"edges\":null},\"timeline\":[{\"t\":1,\"cases\":2,"
          "\"unique_responses\":1,\"edges\":null}],\"findings\":[{\"id\":\"f1\",\"oracle\":\"exit\","
          "\"signature\":\"s\",\"seed\":1,\"dir\":\"findings/f1\",\"repro\":\"mqttcheck replay x\"}]}", f);
    fclose(f);
    const char *pp[1] = {p};
    mqrep_model *m = mqrep_load(pp, 1, NULL, err, sizeof err);
    assert_non_null(m);
    assert_int_equal(json_array_size(json_object_get(mqrep_model_json(m), "fuzz")), 1);
    assert_int_equal(mqrep_evaluate(m, &(mqrep_options){0}, err, sizeof err), 1);
    char *html = fx_path(dir, "r.html");
    assert_int_equal(mqrep_write_html(m, &(mqrep_options){0}, html, err, sizeof err), 0);
    char *s = fx_read(html, NULL);
    assert_non_null(strstr(s, "\"oracle\":\"exit\""));
    free(s);
    mqrep_model_free(m);
    f = fopen(p, "w");
    fputs("{\"schema\":\"mqttcheck-fuzz/2\",\"findings\":[]}", f);
    fclose(f);
    assert_null(mqrep_load(pp, 1, NULL, err, sizeof err));
    assert_non_null(strstr(err, "mqttcheck-fuzz/2"));
    free(html);
    free(p);
    free(dir);
}

/* A client-library run counts client-role statements; roles fill in per case. */
static void coverage_per_role(void **state)
{
    (void)state;
    char *dir = fx_tmpdir("roles"), err[256] = "";
    json_t *h = fx_header("paho", "driver");
    json_object_set_new(json_object_get(h, "target"), "role", json_string("client"));
    mqrep_writer *w = mqrep_writer_open(dir, h, err, sizeof err);
    json_decref(h);
    /* MQTT-3.1.0-1 binds the client: client-testable, not server-testable */
    json_t *c = fx_case("client/connect/a", "3.1", "3.1.1", "PASS", "MQTT-3.1.0-1");
    assert_int_equal(mqrep_writer_case(w, c, err, sizeof err), 0);
    json_decref(c);
    c = fx_case("3.1/connect/b", "3.1", "3.1.1", "PASS", "MQTT-3.3.1-4");
    json_object_set_new(c, "role", json_string("server"));
    assert_int_equal(mqrep_writer_case(w, c, err, sizeof err), 0);
    json_decref(c);
    json_t *sm = json_pack("{s:f, s:i, s:i, s:i}", "t", 0.5, "rss_kb", 4000, "fds", 9, "threads", 2);
    assert_int_equal(mqrep_writer_sample(w, sm, err, sizeof err), 0);
    json_decref(sm);
    assert_int_not_equal(mqrep_writer_close(w, &(mqrep_options){.outputs = MQREP_OUT_JSON}, err, sizeof err), 2);
    char *res = fx_path(dir, "results.json");
    const char *pp[1] = {res};
    mqrep_model *m = mqrep_load(pp, 1, NULL, err, sizeof err);
    assert_non_null(m);
    mqrep_evaluate(m, &(mqrep_options){0}, err, sizeof err);
    const json_t *run = json_array_get(json_object_get(mqrep_model_json(m), "runs"), 0);
    assert_int_equal(json_array_size(json_object_get(run, "resource_timeline")), 1);
    const json_t *cov = json_object_get(json_object_get(run, "coverage"), "3.1.1");
    if (json_is_true(json_object_get(cov, "available"))) {
        assert_string_equal(json_string_value(json_object_get(cov, "role")), "client");
        assert_int_equal(json_integer_value(json_object_get(cov, "exercised")), 1);
        const json_t *roles = json_object_get(cov, "roles");
        assert_int_equal(json_integer_value(json_object_get(json_object_get(roles, "client"), "exercised")), 1);
        /* MQTT-3.3.1-4 binds both: exercised for the server role by the marked case */
        assert_int_equal(json_integer_value(json_object_get(json_object_get(roles, "server"), "exercised")), 1);
        assert_true(json_integer_value(json_object_get(json_object_get(roles, "client"), "testable")) !=
                    json_integer_value(json_object_get(json_object_get(roles, "server"), "testable")));
    }
    mqrep_model_free(m);
    free(res);
    free(dir);
}

/* Cases a failed precondition blocked are one row per target and precondition
 * in summary.md, not rows of the failures table (conformance/README.md). */
static void blocked_cases_grouped(void **state)
{
    (void)state;
    char *dir = fx_tmpdir("blocked");
    char err[256] = "";
    char *sub = fx_path(dir, "broker");
    json_t *h = fx_header("broker", "127.0.0.1:1883");
    mqrep_writer *w = mqrep_writer_open(sub, h, err, sizeof err);
    json_decref(h);
    assert_non_null(w);
    const char *ids[] = {"3.3/retain/a", "3.3/retain/b", "4.1/session/c", "3.1/keepalive/d"};
    for (int i = 0; i < 4; i++) {
        json_t *c = fx_case(ids[i], "3.3", "3.1.1", i < 3 ? "ERROR" : "FAIL", "MQTT-3.3.1-5");
        if (i < 3) {
            json_t *pre = json_pack("{s:s, s:s}", "what", "PINGRESP within 2 s", "statement", "MQTT-3.12.4-1");
            json_object_set_new(c, "precondition", pre);
            json_object_set_new(c, "observed", json_string("precondition failed: PINGRESP within 2 s"));
        }
        assert_int_equal(mqrep_writer_case(w, c, err, sizeof err), 0);
        json_decref(c);
    }
    mqrep_options wo = {.outputs = MQREP_OUT_JSON};
    assert_int_not_equal(mqrep_writer_close(w, &wo, err, sizeof err), 2);
    char *res = fx_path(sub, "results.json");
    const char *p[1] = {res};
    mqrep_model *m = mqrep_load(p, 1, NULL, err, sizeof err);
    assert_non_null(m);
    mqrep_options o = {0};
    char *md = fx_path(dir, "summary.md");
    assert_int_equal(mqrep_write_markdown(m, &o, md, err, sizeof err), 0);
    char *s = fx_read(md, NULL);
    assert_non_null(s);
    assert_non_null(strstr(s, "### Blocked by a failed precondition (3 case(s))"));
    assert_non_null(strstr(s, "| PINGRESP within 2 s | MQTT\\-3\\.12\\.4\\-1 | 3 cases |"));
    assert_non_null(strstr(s, "3\\.1/keepalive/d"));          /* the real failure is listed */
    assert_null(strstr(s, "| 3\\.3/retain/b |"));             /* blocked cases are not rows */
    free(s);
    mqrep_model_free(m);
    free(md);
    free(res);
    free(sub);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(merge_two_brokers),
        cmocka_unit_test(junit_mapping_and_strict),
        cmocka_unit_test(baseline_two_sided),
        cmocka_unit_test(coverage_counts_server_statements),
        cmocka_unit_test(repeat_fold_and_flaky_baseline),
        cmocka_unit_test(fuzz_summary_input),
        cmocka_unit_test(resource_verdict),
        cmocka_unit_test(coverage_per_role),
        cmocka_unit_test(blocked_cases_grouped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
