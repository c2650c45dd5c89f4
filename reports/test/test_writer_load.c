/* Writer and loader: a closed run yields the four files; a killed run (no end
 * line, truncated last line) still loads; damaged text never stops a report. */
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

static const char *const pf[] = {"PASS", "FAIL"};

static void write_file(const char *path, const char *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, n, f), n);
    fclose(f);
}

static mqrep_model *load1(const char *path, FILE *warn, char *err, size_t errlen)
{
    const char *p[1] = {path};
    return mqrep_load(p, 1, warn, err, errlen);
}

static void closed_run_produces_all_files(void **state)
{
    (void)state;
    char *dir = fx_tmpdir("closed");
    assert_non_null(dir);
    /* one FAIL among the cases: exit code 1 */
    assert_int_equal(fx_write_run(dir, "mosquitto", pf, 2, 4, 1), 1);
    const char *names[] = {"results.jsonl", "results.json", "junit.xml", "summary.md", "report.html"};
    for (size_t i = 0; i < 5; i++) {
        char *p = fx_path(dir, names[i]);
        char *s = fx_read(p, NULL);
        assert_non_null(s);
        assert_true(strlen(s) > 20);
        free(s);
        free(p);
    }
    /* results.json reloads to the same cases, complete */
    char *pj = fx_path(dir, "results.json"), err[256] = "";
    mqrep_model *m = load1(pj, NULL, err, sizeof err);
    assert_non_null(m);
    const json_t *run = json_array_get(json_object_get(mqrep_model_json(m), "runs"), 0);
    assert_int_equal(json_array_size(json_object_get(run, "cases")), 4);
    assert_true(json_is_true(json_object_get(run, "complete")));
    assert_string_equal(json_string_value(json_object_get(json_object_get(run, "target"), "name")),
                        "mosquitto");
    mqrep_model_free(m);
    free(pj);
    free(dir);
}

/* The runner's target.broker_version survives results.json and is shown
 * next to the target in summary.md and carried into report.html's overview. */
static void broker_version_is_shown(void **state)
{
    (void)state;
    char *dir = fx_tmpdir("brokerver");
    char err[256] = "";
    json_t *h = fx_header("mosquitto", "127.0.0.1:1883");
    json_object_set_new(json_object_get(h, "target"), "broker_version",
                        json_string("mosquitto version 2.0.11"));
    mqrep_writer *w = mqrep_writer_open(dir, h, err, sizeof err);
    json_decref(h);
    assert_non_null(w);
    json_t *c = fx_case("3.1/connect/x", "3.1", "3.1.1", "PASS", "MQTT-3.1.0-1");
    assert_int_equal(mqrep_writer_case(w, c, err, sizeof err), 0);
    json_decref(c);
    assert_int_equal(mqrep_writer_close(w, NULL, err, sizeof err), 0);
    char *pj = fx_path(dir, "results.json");
    mqrep_model *m = load1(pj, NULL, err, sizeof err);
    assert_non_null(m);
    const json_t *run = json_array_get(json_object_get(mqrep_model_json(m), "runs"), 0);
    assert_string_equal(json_string_value(json_object_get(json_object_get(run, "target"),
                                                          "broker_version")),
                        "mosquitto version 2.0.11");
    mqrep_model_free(m);
    char *md = fx_path(dir, "summary.md"), *s = fx_read(md, NULL);
    assert_non_null(s);
    assert_non_null(strstr(s, "| mosquitto (mosquitto version 2\\.0\\.11) |"));
    free(s);
    char *ph = fx_path(dir, "report.html");
    s = fx_read(ph, NULL);
    assert_non_null(s);
    assert_non_null(strstr(s, "\"broker_version\":\"mosquitto version 2.0.11\""));
    free(s);
    free(ph);
    free(md);
    free(pj);
    free(dir);
}

static void killed_run_with_truncated_line_loads(void **state)
{
    (void)state;
    char *dir = fx_tmpdir("killed");
    assert_non_null(dir);
    assert_int_equal(fx_write_run(dir, "broker", pf, 2, 3, 0), 0);
    char *pl = fx_path(dir, "results.jsonl");
    /* the runner died halfway through writing a fourth case */
    FILE *f = fopen(pl, "ab");
    assert_non_null(f);
    fputs("{\"type\":\"case\",\"id\":\"3.1/connect/half\",\"verd", f);
    fclose(f);
    char err[256] = "";
    char *wbuf = NULL;
    size_t wlen = 0;
    FILE *warn = open_memstream(&wbuf, &wlen);
    mqrep_model *m = load1(pl, warn, err, sizeof err);
    fclose(warn);
    assert_non_null(m);
    assert_non_null(strstr(wbuf, "truncated last line"));
    const json_t *run = json_array_get(json_object_get(mqrep_model_json(m), "runs"), 0);
    assert_int_equal(json_array_size(json_object_get(run, "cases")), 3);
    assert_false(json_is_true(json_object_get(run, "complete")));
    /* the incomplete run still renders, and says so */
    char *md = fx_path(dir, "summary.md");
    mqrep_options o = {0};
    assert_int_equal(mqrep_write_markdown(m, &o, md, err, sizeof err), 0);
    char *s = fx_read(md, NULL);
    assert_non_null(strstr(s, "incomplete run"));
    free(s);
    free(md);
    mqrep_model_free(m);
    free(wbuf);
    free(pl);
    free(dir);
}

static void invalid_utf8_from_writer_becomes_replacement(void **state)
{
    (void)state;
    char *dir = fx_tmpdir("utf8w");
    char err[256] = "";
    json_t *h = fx_header("b", "x");
    /* as a runner would build it from broker bytes: unchecked */
    json_object_set_new(json_object_get(h, "target"), "name", json_stringn_nocheck("b\xff", 2));
    mqrep_writer *w = mqrep_writer_open(dir, h, err, sizeof err);
    json_decref(h);
    assert_non_null(w);
    json_t *c = fx_case("3.3/publish/bad-topic", "3.3", "3.1.1", "FAIL", "MQTT-3.3.2-1");
    json_object_set_new(c, "observed", json_stringn_nocheck("topic \xc3\x28 and \xed\xa0\x80", 16));
    assert_int_equal(mqrep_writer_case(w, c, err, sizeof err), 0);
    json_decref(c);
    mqrep_writer_abandon(w);
    char *pl = fx_path(dir, "results.jsonl");
    mqrep_model *m = load1(pl, NULL, err, sizeof err);
    assert_non_null(m);
    const json_t *run = json_array_get(json_object_get(mqrep_model_json(m), "runs"), 0);
    const json_t *cs = json_array_get(json_object_get(run, "cases"), 0);
    assert_string_equal(json_string_value(json_object_get(cs, "observed")),
                        "topic \xef\xbf\xbd( and \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
    assert_string_equal(json_string_value(json_object_get(json_object_get(run, "target"), "name")),
                        "b\xef\xbf\xbd");
    mqrep_model_free(m);
    free(pl);
    free(dir);
}

static void loader_repairs_foreign_files(void **state)
{
    (void)state;
    char *dir = fx_tmpdir("utf8l");
    char *p = fx_path(dir, "results.jsonl");
    /* raw invalid bytes, a lone surrogate escape and an embedded NUL escape */
    const char text[] = "{\"type\":\"run\",\"schema\":1,\"target\":{\"name\":\"x\"}}\n"
                        "{\"type\":\"case\",\"id\":\"a\",\"verdict\":\"PASS\",\"observed\":\"\xfe\xfd\"}\n"
                        "{\"type\":\"case\",\"id\":\"b\",\"verdict\":\"PASS\",\"observed\":\"\\ud800x\\\\ud800\"}\n"
                        "{\"type\":\"case\",\"id\":\"c\",\"verdict\":\"PASS\",\"observed\":\"n\\u0000ul\"}\n"
                        "{\"type\":\"case\",\"id\":\"d\",\"verdict\":\"PASS\",\"observed\":\"\\ud83d\\ude00\"}\n"
                        "not json at all\n";
    write_file(p, text, sizeof text - 1);
    char err[256] = "";
    mqrep_model *m = load1(p, NULL, err, sizeof err);
    assert_non_null(m);
    const json_t *cases =
        json_object_get(json_array_get(json_object_get(mqrep_model_json(m), "runs"), 0), "cases");
    assert_int_equal(json_array_size(cases), 4);
    assert_string_equal(json_string_value(json_object_get(json_array_get(cases, 0), "observed")),
                        "\xef\xbf\xbd\xef\xbf\xbd");
    /* only the real escape is repaired; the escaped backslash stays text */
    assert_string_equal(json_string_value(json_object_get(json_array_get(cases, 1), "observed")),
                        "\xef\xbf\xbdx\\ud800");
    assert_int_equal(json_string_length(json_object_get(json_array_get(cases, 2), "observed")), 4); /* n NUL u l */
    assert_string_equal(json_string_value(json_object_get(json_array_get(cases, 3), "observed")),
                        "\xf0\x9f\x98\x80");
    mqrep_model_free(m);
    free(p);
    free(dir);
}

static void bad_inputs_give_clear_errors(void **state)
{
    (void)state;
    char *dir = fx_tmpdir("bad");
    char err[256] = "";
    char *missing = fx_path(dir, "nope.json");
    assert_null(load1(missing, NULL, err, sizeof err));
    assert_non_null(strstr(err, "nope.json"));

    char *other = fx_path(dir, "other.json");
    write_file(other, "{\"hello\": 1}", 12);
    assert_null(load1(other, NULL, err, sizeof err));
    assert_non_null(strstr(err, "no mqttcheck run"));

    char *future = fx_path(dir, "future.json");
    const char fut[] = "{\"schema\": 99, \"runs\": []}";
    write_file(future, fut, sizeof fut - 1);
    assert_null(load1(future, NULL, err, sizeof err));
    assert_non_null(strstr(err, "schema 99"));

    char *md = fx_path(dir, "summary.md");
    write_file(md, "# title\n| a | b |\n", 18);
    assert_null(load1(md, NULL, err, sizeof err));
    assert_non_null(strstr(err, "summary.md:1: not a results"));
    free(md);

    char *empty = fx_path(dir, "empty.jsonl");
    write_file(empty, "", 0);
    assert_null(load1(empty, NULL, err, sizeof err));

    /* a case missing its verdict is refused by the writer */
    json_t *h = fx_header("t", "a");
    mqrep_writer *w = mqrep_writer_open(dir, h, err, sizeof err);
    json_decref(h);
    assert_non_null(w);
    json_t *c = json_pack("{s:s}", "id", "x");
    assert_int_equal(mqrep_writer_case(w, c, err, sizeof err), -1);
    json_decref(c);
    mqrep_writer_abandon(w);
    json_t *empty_hdr = json_object();
    assert_null(mqrep_writer_open("/proc/definitely/not/here", empty_hdr, err, sizeof err));
    assert_non_null(strstr(err, "/proc/definitely"));
    json_decref(empty_hdr);
    free(missing);
    free(other);
    free(future);
    free(empty);
    free(dir);
}

static void target_update_merges(void **state)
{
    (void)state;
    char *dir = fx_tmpdir("tupd");
    char err[256] = "";
    json_t *h = fx_header("t", "a");
    mqrep_writer *w = mqrep_writer_open(dir, h, err, sizeof err);
    json_decref(h);
    json_t *u = json_pack("{s:{s:{s:i}}}", "capabilities", "5.0", "receive_maximum", 20);
    assert_int_equal(mqrep_writer_target_update(w, u, err, sizeof err), 0);
    json_decref(u);
    json_t *c = fx_case("a", "3.1", "5.0", "PASS", "");
    mqrep_writer_case(w, c, err, sizeof err);
    json_decref(c);
    mqrep_writer_abandon(w);
    char *p = fx_path(dir, "results.jsonl");
    mqrep_model *m = load1(p, NULL, err, sizeof err);
    assert_non_null(m);
    const json_t *caps = json_object_get(
        json_object_get(json_object_get(json_array_get(json_object_get(mqrep_model_json(m), "runs"), 0),
                                        "target"),
                        "capabilities"),
        "5.0");
    assert_int_equal(json_integer_value(json_object_get(caps, "receive_maximum")), 20);
    assert_int_equal(json_integer_value(json_object_get(caps, "maximum_qos")), 2); /* kept */
    mqrep_model_free(m);
    free(p);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(closed_run_produces_all_files),
        cmocka_unit_test(broker_version_is_shown),
        cmocka_unit_test(killed_run_with_truncated_line_loads),
        cmocka_unit_test(invalid_utf8_from_writer_becomes_replacement),
        cmocka_unit_test(loader_repairs_foreign_files),
        cmocka_unit_test(bad_inputs_give_clear_errors),
        cmocka_unit_test(target_update_merges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
