/* Client mode end to end against the fake driver (fake_driver.py): the
 * verdicts CLIENT-API.md promises for a correct client, a malformed CONNECT,
 * a crash, a hang, an unasked exit, unsupported versions and fields, a broken
 * script; drivers that never start properly stop the run (exit 2); the
 * per-case pcap reads back with the client on its ephemeral port. Label:
 * conformance. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "mqconf.h"
#include "mqpcap.h"
#include "util.h"

static json_t *results; /* of the one client run the catalogue tests share */
static char *out_dir;
static int run_rc;

static int run_client(const char *driver, const char *out, double scale, char *err, size_t errlen)
{
    mqconf_options o;
    mqconf_options_default_client(&o);
    o.driver_cmd = driver;
    o.scenarios_dir = CLIENT_TEST_SCENARIOS;
    o.time_scale = scale;
    o.jobs = 4;
    o.out_dir = out;
    o.output = MQCONF_OUT_QUIET;
    return mqconf_run(&o, err, errlen);
}

static int setup_run(void **state)
{
    (void)state;
    if (access("/usr/bin/python3", X_OK) && access("/usr/local/bin/python3", X_OK))
        return 0; /* the tests skip */
    out_dir = temp_dir();
    char err[1024] = "";
    run_rc = run_client("python3 " FAKE_DRIVER, out_dir, 1.0, err, sizeof err);
    if (run_rc == 2)
        print_error("client run failed: %s\n", err);
    results = load_results(out_dir);
    return 0;
}

static int teardown_run(void **state)
{
    (void)state;
    json_decref(results);
    if (out_dir)
        remove_tree(out_dir);
    return 0;
}

static json_t *case_of(const char *id, const char *ver)
{
    if (!results)
        skip();
    json_t *c = find_case(results, id, ver);
    if (!c)
        print_error("case %s [%s] missing from the results\n", id, ver);
    assert_non_null(c);
    return c;
}

static const char *str(json_t *c, const char *k)
{
    const char *s = json_string_value(json_object_get(c, k));
    return s ? s : "";
}

static void assert_verdict(json_t *c, const char *want)
{
    if (strcmp(str(c, "verdict"), want))
        print_error("%s [%s]: %s (%s), expected %s\n", str(c, "id"), str(c, "version"),
                    str(c, "verdict"), str(c, "observed"), want);
    assert_string_equal(str(c, "verdict"), want);
}

static void assert_contains(const char *hay, const char *needle)
{
    if (!strstr(hay, needle))
        print_error("'%s' does not contain '%s'\n", hay, needle);
    assert_non_null(strstr(hay, needle));
}

static void test_run_exit_code(void **state)
{
    (void)state;
    if (!results)
        skip();
    assert_int_equal(run_rc, 1); /* findings */
    json_t *run = json_array_get(json_object_get(results, "runs"), 0);
    json_t *target = json_object_get(run, "target");
    assert_string_equal(str(target, "name"), "fake-mqtt 0.1"); /* from hello.library */
    assert_string_equal(str(target, "role"), "client");
}

static void test_pass(void **state)
{
    (void)state;
    assert_verdict(case_of("ctest/pass", "3.1.1"), "PASS");
    assert_verdict(case_of("ctest/pass", "5.0"), "PASS");
}

static void test_driver_lines_in_wire_log(void **state)
{
    (void)state;
    json_t *wire = json_object_get(case_of("ctest/pass", "3.1.1"), "wire");
    bool hello = false, cmd = false;
    for (size_t i = 0; i < json_array_size(wire); i++) {
        json_t *w = json_array_get(wire, i);
        if (strcmp(str(w, "kind"), "driver"))
            continue;
        hello |= strstr(str(w, "summary"), "\"hello\"") != NULL && !strcmp(str(w, "dir"), "in");
        cmd |= strstr(str(w, "summary"), "\"cmd\":\"connect\"") != NULL && !strcmp(str(w, "dir"), "out");
    }
    assert_true(hello);
    assert_true(cmd);
}

static void test_malformed_connect(void **state)
{
    (void)state;
    json_t *c = case_of("ctest/malformed-connect", "3.1.1");
    assert_verdict(c, "FAIL"); /* a SHOULD scenario, but malformed input is a FAIL */
    assert_contains(str(c, "observed"), "client sent a malformed CONNECT");
    bool stmt = false;
    json_t *st = json_object_get(c, "statements");
    for (size_t i = 0; i < json_array_size(st); i++)
        stmt |= !strcmp(json_string_value(json_array_get(st, i)), "MQTT-3.1.2-3");
    assert_true(stmt);
}

static void test_crash(void **state)
{
    (void)state;
    json_t *c = case_of("ctest/crash", "3.1.1");
    assert_verdict(c, "FAIL"); /* a MAY scenario: a crash is a FAIL whatever the level */
    assert_contains(str(c, "observed"), "client crashed: SIGSEGV");
    assert_contains(str(c, "detail"), "crashing on purpose"); /* the stderr tail */
}

static void test_crash_after_run(void **state)
{
    (void)state;
    json_t *c = case_of("ctest/crash-at-quit", "5.0");
    assert_verdict(c, "FAIL");
    assert_contains(str(c, "observed"), "client crashed: SIGSEGV");
    assert_contains(str(c, "detail"), "the scenario had reached PASS");
}

static void test_hang_bounded(void **state)
{
    (void)state;
    json_t *c = case_of("ctest/hang", "3.1.1");
    assert_verdict(c, "FAIL");
    assert_contains(str(c, "observed"), "did not answer");
    assert_true(json_number_value(json_object_get(c, "duration_ms")) < 5000);
}

static void test_deadline(void **state)
{
    (void)state;
    json_t *c = case_of("ctest/deadline", "3.1.1");
    assert_verdict(c, "TIMEOUT");
    assert_true(json_number_value(json_object_get(c, "duration_ms")) < 5000);
}

static void test_exit(void **state)
{
    (void)state;
    json_t *c = case_of("ctest/exit", "3.1.1");
    assert_verdict(c, "FAIL");
    assert_contains(str(c, "observed"), "client exited with status 3");
}

static void test_unsupported(void **state)
{
    (void)state;
    json_t *c = case_of("ctest/unsupported-version", "3.1");
    assert_verdict(c, "UNSUPPORTED");
    c = case_of("ctest/unsupported-field", "5.0");
    assert_verdict(c, "UNSUPPORTED");
    assert_contains(str(c, "observed"), "publish.props");
    c = case_of("ctest/unsupported-needs", "5.0");
    assert_verdict(c, "UNSUPPORTED");
    assert_contains(str(c, "observed"), "will.props");
}

static void test_script_error_and_no_connection(void **state)
{
    (void)state;
    json_t *c = case_of("ctest/script-error", "3.1.1");
    assert_verdict(c, "ERROR");
    assert_contains(str(c, "observed"), "not available in client mode");
    c = case_of("ctest/no-connection", "3.1.1");
    assert_verdict(c, "FAIL");
    assert_contains(str(c, "observed"), "no connection from the client");
}

static void test_broker_scenario_skipped(void **state)
{
    (void)state;
    if (!results)
        skip();
    assert_null(find_case(results, "ctest/broker-only", "3.1.1"));
}

/* The pcap reads back with the project's reader: one connection whose client
 * is the library's port and whose server is the runner's listening port. */
static void test_pcap(void **state)
{
    (void)state;
    json_t *c = case_of("ctest/pass", "5.0");
    char path[4200], err[256];
    snprintf(path, sizeof path, "%s/%s", out_dir, str(c, "pcap"));
    mqpcap_capture *cap = mqpcap_read_file(path, NULL, err, sizeof err);
    if (!cap)
        print_error("%s: %s\n", path, err);
    assert_non_null(cap);
    assert_int_equal(cap->nconns, 1);
    mqpcap_conn *k = &cap->conns[0];
    assert_true(k->syn_seen);
    assert_int_equal(k->version, 5);
    assert_true(k->nmsgs >= 8);
    assert_int_equal(k->msgs[0].dir, MQTT_C2S);
    assert_int_equal(k->msgs[0].pkt.type, MQTT_CONNECT);
    assert_int_equal(k->msgs[1].dir, MQTT_S2C);
    assert_int_equal(k->msgs[1].pkt.type, MQTT_CONNACK);
    /* the runner listens on the port the connect command named */
    json_t *wire = json_object_get(c, "wire");
    char want[32];
    snprintf(want, sizeof want, "\"port\":%u", mqpcap_addr_port(&k->server));
    bool found = false;
    for (size_t i = 0; i < json_array_size(wire); i++)
        found |= strstr(str(json_array_get(wire, i), "summary"), want) != NULL;
    assert_true(found);
    mqpcap_capture_free(cap);
}

/* A driver that does not start properly stops the run: exit 2, a clear reason. */
static void bad_driver(const char *mode, const char *why)
{
    if (access("/usr/bin/python3", X_OK) && access("/usr/local/bin/python3", X_OK))
        skip();
    char *out = temp_dir();
    char cmd[1024], err[2048] = "";
    snprintf(cmd, sizeof cmd, "python3 %s %s", FAKE_DRIVER, mode);
    /* the scale shortens the hello wait (10 s x 0.2) */
    int rc = run_client(cmd, out, 0.2, err, sizeof err);
    remove_tree(out);
    assert_int_equal(rc, 2);
    assert_contains(err, why);
}

static void test_never_hello(void **state)
{
    (void)state;
    bad_driver("never-hello", "did not say hello in time");
}

static void test_garbage(void **state)
{
    (void)state;
    bad_driver("garbage", "not a hello event");
}

static void test_exit_early(void **state)
{
    (void)state;
    bad_driver("exit-early", "ended before its hello (client exited with status 3");
}

static void test_missing_driver(void **state)
{
    (void)state;
    char *out = temp_dir();
    char err[2048] = "";
    int rc = run_client("/nonexistent/driver", out, 0.2, err, sizeof err);
    remove_tree(out);
    assert_int_equal(rc, 2);
    assert_contains(err, "ended before its hello");
}

/* list in each mode shows that mode's scenarios only. */
static void test_list_roles(void **state)
{
    (void)state;
    char buf[8192];
    for (int client = 0; client < 2; client++) {
        mqconf_options o;
        mqconf_options_default(&o);
        o.client = client;
        o.scenarios_dir = CLIENT_TEST_SCENARIOS;
        FILE *f = fmemopen(buf, sizeof buf, "w");
        char err[256];
        assert_int_equal(mqconf_list(&o, f, 0, err, sizeof err), 0);
        fclose(f);
        assert_true((strstr(buf, "ctest/broker-only") != NULL) == !client);
        assert_true((strstr(buf, "ctest/pass") != NULL) == !!client);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_run_exit_code),
        cmocka_unit_test(test_pass),
        cmocka_unit_test(test_driver_lines_in_wire_log),
        cmocka_unit_test(test_malformed_connect),
        cmocka_unit_test(test_crash),
        cmocka_unit_test(test_crash_after_run),
        cmocka_unit_test(test_hang_bounded),
        cmocka_unit_test(test_deadline),
        cmocka_unit_test(test_exit),
        cmocka_unit_test(test_unsupported),
        cmocka_unit_test(test_script_error_and_no_connection),
        cmocka_unit_test(test_broker_scenario_skipped),
        cmocka_unit_test(test_pcap),
        cmocka_unit_test(test_never_hello),
        cmocka_unit_test(test_garbage),
        cmocka_unit_test(test_exit_early),
        cmocka_unit_test(test_missing_driver),
        cmocka_unit_test(test_list_roles),
    };
    return cmocka_run_group_tests(tests, setup_run, teardown_run);
}
