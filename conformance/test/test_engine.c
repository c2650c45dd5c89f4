/* The runner end to end against the test-double broker: the Lua API does what
 * conformance/API.md says against a scripted peer (good mode), and against
 * every hostile mode each case still ends with a verdict within its deadline
 * and the run exits 0 or 1. Label: conformance. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "mqconf.h"
#include "util.h"

static const char *verdict_of(json_t *res, const char *id, const char *ver)
{
    json_t *c = find_case(res, id, ver);
    if (!c) {
        print_error("case %s [%s] missing from results\n", id, ver);
        return "(missing)";
    }
    return json_string_value(json_object_get(c, "verdict"));
}

static const char *field(json_t *res, const char *id, const char *ver, const char *k)
{
    json_t *c = find_case(res, id, ver);
    const char *s = c ? json_string_value(json_object_get(c, k)) : NULL;
    return s ? s : "";
}

static bool has_stmt(json_t *res, const char *id, const char *ver)
{
    json_t *c = find_case(res, id, ver);
    return c && json_array_size(json_object_get(c, "statements")) > 0;
}

static int run_against(int port, const char *scen_dir, const char *const *sel, size_t nsel,
                       double scale, const char *out)
{
    char target[64];
    snprintf(target, sizeof target, "127.0.0.1:%d", port);
    mqconf_options o;
    mqconf_options_default(&o);
    o.target = target;
    o.scenarios_dir = scen_dir;
    o.select = sel;
    o.nselect = nsel;
    o.time_scale = scale;
    o.jobs = 8;
    o.out_dir = out;
    o.output = MQCONF_OUT_QUIET;
    char err[512] = "";
    int rc = mqconf_run(&o, err, sizeof err);
    if (rc == 2)
        print_error("run failed: %s\n", err);
    return rc;
}

static void test_api_good(void **state)
{
    (void)state;
    fake_broker b;
    assert_int_equal(fake_start("good", &b), 0);
    char *out = temp_dir();
    assert_non_null(out);
    int rc = run_against(b.port, TEST_SCENARIOS, NULL, 0, 1.0, out);
    fake_stop(&b);
    assert_int_equal(rc, 1); /* the suite holds scenarios that must fail */
    json_t *r = load_results(out);
    assert_non_null(r);
    assert_string_equal(verdict_of(r, "api/pass-roundtrip", "3.1.1"), "PASS");
    assert_string_equal(verdict_of(r, "api/pass-roundtrip", "5.0"), "PASS");
    assert_string_equal(verdict_of(r, "api/pass-closed-alternative", "3.1.1"), "PASS");
    assert_string_equal(verdict_of(r, "api/pass-closed-alternative", "5.0"), "PASS");
    assert_string_equal(verdict_of(r, "api/pass-encode-helpers", "5.0"), "PASS");
    assert_string_equal(verdict_of(r, "api/fail-wrong-id", "3.1.1"), "FAIL");
    assert_non_null(strstr(field(r, "api/fail-wrong-id", "3.1.1", "expected"), "PUBACK id=2"));
    assert_non_null(strstr(field(r, "api/fail-wrong-id", "3.1.1", "observed"), "id: expected 2, got 1"));
    assert_string_equal(verdict_of(r, "api/nonstrict-should", "5.0"), "NON-STRICT");
    assert_non_null(strstr(field(r, "api/nonstrict-should", "5.0", "observed"), "PINGRESP"));
    assert_string_equal(verdict_of(r, "api/info-may", "3.1.1"), "INFORMATIONAL");
    assert_string_equal(verdict_of(r, "api/error-script", "3.1.1"), "ERROR");
    assert_non_null(strstr(field(r, "api/error-script", "3.1.1", "observed"), "error-script.lua:12:"));
    /* the stricter loader: a packet table key the type lacks, an id or a section off its file */
    assert_string_equal(verdict_of(r, "api/error-packet-key", "3.1.1"), "ERROR");
    assert_non_null(strstr(field(r, "api/error-packet-key", "3.1.1", "observed"),
                           "error-packet-key.lua:12: a PUBLISH packet table has no field 'qso'"));
    assert_string_equal(verdict_of(r, "api/error-option-in-pattern", "3.1.1"), "ERROR");
    assert_non_null(strstr(field(r, "api/error-option-in-pattern", "3.1.1", "observed"),
                           "error-option-in-pattern.lua:13: c:expect: 'within' is an option"));
    assert_string_equal(verdict_of(r, "9.9/place/another-name", "3.1.1"), "ERROR");
    assert_non_null(strstr(field(r, "9.9/place/another-name", "3.1.1", "observed"),
                           "it must be '9.9/place/wrong-id'"));
    assert_string_equal(verdict_of(r, "9.9/place/wrong-section", "3.1.1"), "ERROR");
    assert_non_null(strstr(field(r, "9.9/place/wrong-section", "3.1.1", "observed"),
                           "section \"9.8\" differs from the folder's"));
    assert_string_equal(verdict_of(r, "api/timeout-busy", "3.1.1"), "TIMEOUT");
    assert_string_equal(verdict_of(r, "api/timeout-swallowed", "3.1.1"), "TIMEOUT");
    /* ended by the engine's own hook, not by the parent's kill after the grace period */
    assert_true(json_number_value(json_object_get(find_case(r, "api/timeout-swallowed", "3.1.1"),
                                                  "duration_ms")) < 10000);
    assert_null(find_case(r, "load-error/api/error-unknown-stmt.lua", "3.1.1")); /* id was readable */
    assert_string_equal(verdict_of(r, "api/error-unknown-stmt", "3.1.1"), "ERROR");
    assert_non_null(strstr(field(r, "api/error-unknown-stmt", "3.1.1", "observed"), "MQTT-9.9.9-99"));
    /* a MAY scenario, but a malformed packet from the broker is a FAIL with the codec's id */
    assert_string_equal(verdict_of(r, "api/fail-malformed-ack", "3.1.1"), "FAIL");
    assert_true(has_stmt(r, "api/fail-malformed-ack", "3.1.1"));
    assert_string_equal(verdict_of(r, "api/unsupported-needs", "3.1.1"), "UNSUPPORTED");
    /* a failed precondition: ERROR naming it and its statement, never the case's FAIL */
    assert_string_equal(verdict_of(r, "api/error-precondition", "3.1.1"), "ERROR");
    assert_non_null(strstr(field(r, "api/error-precondition", "3.1.1", "observed"),
                           "precondition failed: PUBACK with the id sent (MQTT-2.3.1-6): "));
    json_t *pre = json_object_get(find_case(r, "api/error-precondition", "3.1.1"), "precondition");
    assert_string_equal(json_string_value(json_object_get(pre, "what")), "PUBACK with the id sent");
    assert_string_equal(json_string_value(json_object_get(pre, "statement")), "MQTT-2.3.1-6");
    /* preconditions that held leave no scope behind: the next check is the case's own */
    assert_string_equal(verdict_of(r, "api/fail-after-precondition", "3.1.1"), "FAIL");
    assert_null(json_object_get(find_case(r, "api/fail-after-precondition", "3.1.1"), "precondition"));
    /* evidence: a wire log with the CONNECT and a capture file */
    json_t *c = find_case(r, "api/pass-roundtrip", "5.0");
    assert_true(json_array_size(json_object_get(c, "wire")) > 8);
    const char *pcap = json_string_value(json_object_get(c, "pcap"));
    assert_non_null(pcap);
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", out, pcap);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_true(st.st_size > 100);
    json_decref(r);
    remove_tree(out);
}

/* Each hostile mode: every case ends with a verdict within its deadline and
 * the run exits 0 or 1; nothing that needs a CONNACK can pass. */
static void hostile_run(const char *mode, bool catalogue)
{
    const double scale = 0.05;
    fake_broker b;
    assert_int_equal(fake_start(mode, &b), 0);
    char *out = temp_dir();
    assert_non_null(out);
    int rc = run_against(b.port, TEST_SCENARIOS, NULL, 0, scale, out);
    char *out2 = temp_dir();
    /* a slice of the real catalogue too (when it is there) */
    static const char *const sel[] = {"3.1/connect/*", "3.3/publish/*", "3.8/*"};
    struct stat sst;
    int rc2 = catalogue && stat(CATALOGUE "/.", &sst) == 0 ? run_against(b.port, CATALOGUE, sel, 3, scale, out2) : 0;
    fake_stop(&b);
    assert_in_range(rc, 0, 1);
    assert_in_range(rc2, 0, 1);
    const char *dirs[] = {out, out2};
    for (int d = 0; d < 2; d++) {
        json_t *r = load_results(dirs[d]);
        if (d == 1 && !r)
            continue; /* no catalogue */
        assert_non_null(r);
        json_t *run = json_array_get(json_object_get(r, "runs"), 0);
        assert_true(json_is_true(json_object_get(run, "complete")));
        size_t i;
        json_t *c;
        json_array_foreach(json_object_get(run, "cases"), i, c) {
            const char *v = json_string_value(json_object_get(c, "verdict"));
            const char *id = json_string_value(json_object_get(c, "id"));
            assert_non_null(v);
            assert_non_null(json_object_get(c, "expected"));
            assert_non_null(json_object_get(c, "observed"));
            assert_true(json_is_array(json_object_get(c, "wire")));
            /* the longest declared timeout is 600 s; with the scale and the
             * child's clean-up allowance the engine must stop well before */
            double ms = json_number_value(json_object_get(c, "duration_ms"));
            assert_true(ms <= 600 * scale * 1000 + 30000);
            if (!strncmp(id, "api/pass-", 9))
                assert_string_not_equal(v, "PASS");
        }
        json_decref(r);
    }
    remove_tree(out);
    remove_tree(out2);
}

static void hostile(const char *mode) { hostile_run(mode, true); }

static void test_silent(void **s) { (void)s; hostile("silent"); }
static void test_close_mid(void **s) { (void)s; hostile("close-mid"); }
static void test_garbage(void **s) { (void)s; hostile("garbage"); }
static void test_huge(void **s) { (void)s; hostile("huge"); }
static void test_drip(void **s) { (void)s; hostile("drip"); }
static void test_reset(void **s) { (void)s; hostile("reset"); }
/* the test scenarios only: each flooded case carries the capped wire log */
static void test_flood(void **s) { (void)s; hostile_run("flood", false); }

/* A broker that stops answering is reported against the case that killed it,
 * and the cases after it are SKIPPED (one job: the order is the file order). */
static void test_broker_dies(void **state)
{
    (void)state;
    fake_broker b;
    assert_int_equal(fake_start("good", &b), 0);
    char *out = temp_dir();
    char target[64];
    snprintf(target, sizeof target, "127.0.0.1:%d", b.port);
    mqconf_options o;
    mqconf_options_default(&o);
    o.target = target;
    o.scenarios_dir = KILL_SCENARIOS;
    o.jobs = 1;
    o.time_scale = 1.0; /* generous: the verdicts must not depend on machine speed */
    o.out_dir = out;
    o.output = MQCONF_OUT_QUIET;
    char err[512] = "";
    int rc = mqconf_run(&o, err, sizeof err);
    fake_stop(&b);
    assert_int_equal(rc, 1);
    json_t *r = load_results(out);
    assert_non_null(r);
    assert_string_equal(verdict_of(r, "kill/a-kills-broker", "3.1.1"), "FAIL");
    assert_non_null(strstr(field(r, "kill/a-kills-broker", "3.1.1", "observed"), "stopped answering"));
    assert_string_equal(verdict_of(r, "kill/b-after", "3.1.1"), "SKIPPED");
    assert_string_equal(verdict_of(r, "kill/b-after", "5.0"), "SKIPPED");
    assert_non_null(strstr(field(r, "kill/b-after", "5.0", "observed"), "kill/a-kills-broker"));
    json_decref(r);
    remove_tree(out);
}

/* IPv6: the same scripted exchange over ::1. */
static void test_ipv6(void **state)
{
    (void)state;
    fake_broker b;
    if (fake_start_af("good", 1, &b)) {
        print_message("no ::1 on this machine, skipped\n");
        skip();
    }
    char *out = temp_dir();
    char target[64];
    snprintf(target, sizeof target, "[::1]:%d", b.port);
    mqconf_options o;
    mqconf_options_default(&o);
    o.target = target;
    o.scenarios_dir = TEST_SCENARIOS;
    static const char *const sel[] = {"api/pass-roundtrip"};
    o.select = sel;
    o.nselect = 1;
    o.out_dir = out;
    o.output = MQCONF_OUT_QUIET;
    char err[512] = "";
    int rc = mqconf_run(&o, err, sizeof err);
    fake_stop(&b);
    assert_int_equal(rc, 0);
    json_t *r = load_results(out);
    assert_non_null(r);
    assert_string_equal(verdict_of(r, "api/pass-roundtrip", "5.0"), "PASS");
    assert_string_equal(verdict_of(r, "api/pass-roundtrip", "3.1.1"), "PASS");
    json_decref(r);
    remove_tree(out);
}

static void test_unreachable(void **state)
{
    (void)state;
    char *out = temp_dir();
    int port = dead_port();
    assert_true(port > 0);
    assert_int_equal(run_against(port, TEST_SCENARIOS, NULL, 0, 0.05, out), 2);
    remove_tree(out);
}

static void test_bad_options(void **state)
{
    (void)state;
    mqconf_options o;
    char err[512];
    mqconf_options_default(&o);
    o.scenarios_dir = TEST_SCENARIOS;
    o.target = "no-port-here";
    assert_int_equal(mqconf_run(&o, err, sizeof err), 2);
    assert_non_null(strstr(err, "HOST:PORT"));
    o.target = "127.0.0.1:99999";
    assert_int_equal(mqconf_run(&o, err, sizeof err), 2);
    o.target = "127.0.0.1:1";
    o.scenarios_dir = "/nonexistent/scenarios";
    assert_int_equal(mqconf_run(&o, err, sizeof err), 2);
    assert_non_null(strstr(err, "/nonexistent/scenarios"));
    o.scenarios_dir = TEST_SCENARIOS;
    static const char *const nothing[] = {"no/such/*"};
    o.select = nothing;
    o.nselect = 1;
    assert_int_equal(mqconf_run(&o, err, sizeof err), 2);
}

static void test_list(void **state)
{
    (void)state;
    mqconf_options o;
    mqconf_options_default(&o);
    o.scenarios_dir = TEST_SCENARIOS;
    static const char *const stm[] = {"MQTT-3.3.1-4"};
    o.statements = stm;
    o.nstatements = 1;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    char err[256];
    assert_int_equal(mqconf_list(&o, f, 1, err, sizeof err), 0);
    fclose(f);
    json_error_t je;
    json_t *arr = json_loads(buf, 0, &je);
    assert_non_null(arr);
    assert_int_equal(json_array_size(arr), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(arr, 0), "id")),
                        "api/pass-closed-alternative");
    json_decref(arr);
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_api_good),    cmocka_unit_test(test_silent),
        cmocka_unit_test(test_close_mid),   cmocka_unit_test(test_garbage),
        cmocka_unit_test(test_huge),        cmocka_unit_test(test_drip),
        cmocka_unit_test(test_reset),       cmocka_unit_test(test_flood),       cmocka_unit_test(test_ipv6),
        cmocka_unit_test(test_broker_dies),
        cmocka_unit_test(test_unreachable),
        cmocka_unit_test(test_bad_options), cmocka_unit_test(test_list),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
