/* Hostile strings in every output: the HTML data block, JUnit XML, Markdown and
 * the terminal. (The real-browser check is chromium_hostile.sh.) */
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

#define HOSTILE "</script><script>document.title='PWNED'</script><img src=x onerror=\"alert(1)\">" \
                "<!-- & ' \xe2\x80\xa8 \xe2\x80\xa9 @everyone | `x` *b* [l](javascript:alert(1)) \x01\x1b[31m"

static mqrep_model *hostile_model(char **dirp)
{
    char *dir = fx_tmpdir("esc");
    char err[256] = "";
    json_t *h = fx_header(HOSTILE, HOSTILE);
    mqrep_writer *w = mqrep_writer_open(dir, h, err, sizeof err);
    json_decref(h);
    assert_non_null(w);
    json_t *c = fx_case("3.1/" HOSTILE, "3.1", "5.0", "FAIL", "MQTT-3.1.0-1," HOSTILE);
    json_object_set_new(c, "observed", json_string(HOSTILE));
    json_object_set_new(c, "title", json_string(HOSTILE));
    json_object_set_new(c, "pcap", json_string("javascript:alert(1)"));
    assert_int_equal(mqrep_writer_case(w, c, err, sizeof err), 0);
    json_decref(c);
    mqrep_writer_abandon(w);
    char *p = fx_path(dir, "results.jsonl");
    const char *paths[1] = {p};
    mqrep_model *m = mqrep_load(paths, 1, NULL, err, sizeof err);
    assert_non_null(m);
    free(p);
    *dirp = dir;
    return m;
}

static void html_data_block_is_inert(void **state)
{
    (void)state;
    char *dir;
    mqrep_model *m = hostile_model(&dir);
    char err[256] = "";
    char *p = fx_path(dir, "report.html");
    mqrep_options o = {0};
    assert_int_equal(mqrep_write_html(m, &o, p, err, sizeof err), 0);
    size_t len;
    char *s = fx_read(p, &len);
    assert_non_null(s);
    /* exactly our two script elements, and nothing of the data as markup */
    assert_int_equal(fx_count(s, "<script"), 2);
    assert_int_equal(fx_count(s, "</script"), 2);
    assert_int_equal(fx_count(s, "<img"), 0);
    assert_int_equal(fx_count(s, "<!--"), 0);
    assert_int_equal(fx_count(s, "\xe2\x80\xa8"), 0);
    assert_int_equal(fx_count(s, "\xe2\x80\xa9"), 0);
    assert_true(fx_count(s, "\\u003c/script\\u003e") >= 3);
    assert_true(fx_count(s, "\\u2028") >= 3);
    /* the pcap href cannot carry a scheme */
    assert_non_null(strstr(s, "\"pcap_href\":\""));
    assert_null(strstr(s, "\"pcap_href\":\"javascript:"));
    assert_non_null(strstr(s, "javascript%3Aalert%281%29"));
    /* no requests: a CSP with no sources but our script's hash */
    assert_non_null(strstr(s, "default-src 'none'"));
    assert_non_null(strstr(s, "script-src 'sha256-"));
    /* no URL but outbound links into the OASIS spec (navigation on click, never a
     * request: the CSP has no source) and the SVG namespace name of the charts */
    assert_int_equal(fx_count(s, "http://"), fx_count(s, "http://www.w3.org/2000/svg"));
    assert_int_equal(fx_count(s, "https://"), fx_count(s, "https://docs.oasis-open.org/mqtt/mqtt/"));
    assert_true(fx_count(s, "https://docs.oasis-open.org/mqtt/mqtt/") >= 2);
    free(s);
    free(p);
    mqrep_model_free(m);
    free(dir);
}

static void junit_is_well_escaped(void **state)
{
    (void)state;
    char *dir;
    mqrep_model *m = hostile_model(&dir);
    char err[256] = "";
    char *p = fx_path(dir, "junit.xml");
    mqrep_options o = {0};
    assert_int_equal(mqrep_write_junit(m, &o, p, err, sizeof err), 0);
    char *s = fx_read(p, NULL);
    assert_int_equal(fx_count(s, "<script"), 0);
    assert_int_equal(fx_count(s, "<img"), 0);
    assert_true(fx_count(s, "&lt;/script&gt;") >= 3);
    assert_true(fx_count(s, "onerror=&quot;alert(1)&quot;") >= 2);
    /* control characters are not XML characters */
    assert_null(strchr(s, '\x01'));
    assert_null(strchr(s, '\x1b'));
    free(s);
    free(p);
    mqrep_model_free(m);
    free(dir);
}

static void markdown_is_inert(void **state)
{
    (void)state;
    char *dir;
    mqrep_model *m = hostile_model(&dir);
    char err[256] = "";
    char *p = fx_path(dir, "summary.md");
    mqrep_options o = {0};
    assert_int_equal(mqrep_write_markdown(m, &o, p, err, sizeof err), 0);
    char *s = fx_read(p, NULL);
    assert_int_equal(fx_count(s, "<script"), 0);
    assert_int_equal(fx_count(s, "<img"), 0);
    assert_int_equal(fx_count(s, "@everyone"), 0);
    assert_true(fx_count(s, "&#64;everyone") >= 1);
    assert_int_equal(fx_count(s, "](javascript"), 0);
    assert_null(strchr(s, '\x1b'));
    /* table rows stay rows: every data line has the header's 7 pipes (6 columns) */
    const char *row = strstr(s, "| emqx");
    (void)row;
    const char *line = strstr(s, "| target | case |");
    assert_non_null(line);
    const char *data = strchr(strchr(line, '\n') + 1, '\n') + 1;
    size_t pipes = 0;
    for (const char *q = data; *q && *q != '\n'; q++)
        pipes += *q == '|' && (q == data || q[-1] != '\\');
    assert_int_equal(pipes, 7);
    free(s);
    free(p);
    mqrep_model_free(m);
    free(dir);
}

static void progress_lines_are_plain_and_safe(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    mqrep_progress *p = mqrep_progress_new(f, 2, MQREP_PROGRESS_PLAIN);
    json_t *c = fx_case("3.1/a\x1b]0;title\x07", "3.1", "5.0", "FAIL", "");
    mqrep_progress_case(p, c);
    json_decref(c);
    c = fx_case("3.1/b", "3.1", "5.0", "PASS", "");
    mqrep_progress_case(p, c);
    json_decref(c);
    mqrep_progress_done(p);
    fclose(f);
    assert_non_null(strstr(buf, "[1/2] FAIL"));
    assert_non_null(strstr(buf, "[2/2] PASS"));
    assert_non_null(strstr(buf, "observed: the broker closed it"));
    assert_non_null(strstr(buf, "2 case(s) in"));
    assert_null(strchr(buf, '\x1b'));
    assert_null(strchr(buf, '\x07'));
    free(buf);

    /* quiet: nothing when all pass; verbose: expected/observed for passes too */
    buf = NULL;
    f = open_memstream(&buf, &len);
    p = mqrep_progress_new(f, 1, MQREP_PROGRESS_QUIET);
    c = fx_case("3.1/b", "3.1", "5.0", "PASS", "");
    mqrep_progress_case(p, c);
    mqrep_progress_done(p);
    fclose(f);
    assert_int_equal(len, 0);
    free(buf);
    buf = NULL;
    f = open_memstream(&buf, &len);
    p = mqrep_progress_new(f, 1, MQREP_PROGRESS_VERBOSE);
    mqrep_progress_case(p, c);
    mqrep_progress_done(p);
    fclose(f);
    assert_non_null(strstr(buf, "expected: the broker closes"));
    json_decref(c);
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(html_data_block_is_inert),
        cmocka_unit_test(junit_is_well_escaped),
        cmocka_unit_test(markdown_is_inert),
        cmocka_unit_test(progress_lines_are_plain_and_safe),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
