/* A fuzz input as a replayable capture (mqpcap_crash_to_pcap): the harness
 * header is recognised without being told, a CONNECT is put in front only when
 * needed and of the header's version; and what a replay verdict means for a
 * recorded crash and for a recorded exchange (mqpcap_replay_outcome). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <netinet/in.h>

#include "mqpcap.h"
#include "rawcap.h"

typedef struct {
    mqpcap_crash_info info;
    mqpcap_capture *cap;
} result;

static result convert(const uint8_t *in, size_t n, const mqpcap_crash_opts *o)
{
    char path[512], err[256] = "";
    rawcap_tmp(path, sizeof path, "crash.pcap");
    result r;
    memset(&r, 0, sizeof r);
    int rc = mqpcap_crash_to_pcap(in, n, o, path, &r.info, err, sizeof err);
    if (rc != 0)
        print_error("%s\n", err);
    assert_int_equal(rc, 0);
    r.cap = mqpcap_read_file(path, NULL, err, sizeof err);
    assert_non_null(r.cap);
    assert_int_equal(r.cap->nconns, 1);
    return r;
}

static const uint8_t publish[] = {0x30, 0x03, 0x00, 0x01, 'a'}; /* QoS 0 PUBLISH "a" */

static void test_raw_publish_gets_connect(void **state)
{
    (void)state;
    result r = convert(publish, sizeof publish, NULL);
    assert_false(r.info.header);
    assert_false(r.info.starts_with_connect);
    assert_int_equal(r.info.version, 4);
    assert_true(r.info.connect_len > 0);
    mqpcap_conn *c = &r.cap->conns[0];
    assert_int_equal(c->nmsgs, 2);
    assert_int_equal(c->msgs[0].pkt.type, MQTT_CONNECT);
    assert_int_equal(c->version, 4);
    assert_int_equal(c->msgs[1].pkt.type, MQTT_PUBLISH);
    assert_int_equal(mqpcap_addr_port(&c->server), 1883);
    mqpcap_capture_free(r.cap);
}

static void test_header_detected_and_version_taken(void **state)
{
    (void)state;
    static const uint8_t v5[] = {0x02, 0x00, 0x30, 0x03, 0x00, 0x01, 'a'};
    result r = convert(v5, sizeof v5, NULL);
    assert_true(r.info.header);
    assert_int_equal(r.info.version, 5);
    assert_int_equal(r.info.payload_len, sizeof v5 - 2);
    assert_int_equal(r.cap->conns[0].version, 5);
    mqpcap_capture_free(r.cap);
    /* 3.1: the CONNECT says MQIsdp, level 3 */
    static const uint8_t v31[] = {0x00, 0x00, 0x30, 0x03, 0x00, 0x01, 'a'};
    r = convert(v31, sizeof v31, NULL);
    assert_true(r.info.header);
    assert_int_equal(r.cap->conns[0].version, 3);
    mqpcap_capture_free(r.cap);
    /* a header with policy bits (high nibble set) is found by what follows it */
    static const uint8_t pol[] = {0x19, 0x00, 0x10, 0x0c, 0x00, 0x04, 'M', 'Q', 'T', 'T',
                                  0x04, 0x02, 0x00, 0x3c, 0x00, 0x00, 0xc0, 0x00};
    r = convert(pol, sizeof pol, NULL);
    assert_true(r.info.header);
    assert_true(r.info.starts_with_connect);
    assert_int_equal(r.info.connect_len, 0);
    mqpcap_capture_free(r.cap);
}

static void test_own_connect_kept_and_flags(void **state)
{
    (void)state;
    static const uint8_t conn[] = {0x10, 0x0c, 0x00, 0x04, 'M', 'Q', 'T', 'T',
                                   0x04, 0x02, 0x00, 0x3c, 0x00, 0x00};
    result r = convert(conn, sizeof conn, NULL);
    assert_false(r.info.header);
    assert_true(r.info.starts_with_connect);
    assert_int_equal(r.info.connect_len, 0);
    assert_int_equal(r.cap->conns[0].nmsgs, 1);
    mqpcap_capture_free(r.cap);
    mqpcap_crash_opts never = {.connect = MQPCAP_CONNECT_NEVER};
    r = convert(publish, sizeof publish, &never);
    assert_int_equal(r.info.connect_len, 0);
    assert_int_equal(r.cap->conns[0].msgs[0].pkt.type, MQTT_PUBLISH);
    mqpcap_capture_free(r.cap);
    mqpcap_crash_opts nohdr = {.header = MQPCAP_HDR_NO, .port = 1999};
    static const uint8_t v5[] = {0x02, 0x00, 0x30, 0x03, 0x00, 0x01, 'a'};
    r = convert(v5, sizeof v5, &nohdr);
    assert_false(r.info.header);
    assert_int_equal(r.info.payload_len, sizeof v5);
    assert_int_equal(mqpcap_addr_port(&r.cap->conns[0].server), 1999);
    mqpcap_capture_free(r.cap);
}

static void test_server_input_refused(void **state)
{
    (void)state;
    static const uint8_t s2c[] = {0x06, 0x00, 0x20, 0x02, 0x00, 0x00};
    char path[512], err[256] = "";
    rawcap_tmp(path, sizeof path, "crash-s2c.pcap");
    assert_int_equal(mqpcap_crash_to_pcap(s2c, sizeof s2c, NULL, path, NULL, err, sizeof err), -1);
    assert_non_null(strstr(err, "server->client"));
}

/* A crash capture (no broker packets) against a recorded exchange (a CONNACK). */
static void test_outcomes(void **state)
{
    (void)state;
    result r = convert(publish, sizeof publish, NULL);
    mqpcap_outcome o = mqpcap_replay_outcome(r.cap, MQPCAP_BROKER_DIED);
    assert_int_equal(o, MQPCAP_OUT_CRASH_REPRODUCES);
    assert_int_equal(mqpcap_outcome_exit(o), 1);
    assert_non_null(strstr(mqpcap_outcome_line(o), "reproduces"));
    o = mqpcap_replay_outcome(r.cap, MQPCAP_DIFFERS); /* the broker answered and lived */
    assert_int_equal(o, MQPCAP_OUT_NO_LONGER);
    assert_int_equal(mqpcap_outcome_exit(o), 0);
    assert_true(strncmp(mqpcap_outcome_line(o), "no longer reproduces", 20) == 0);
    mqpcap_capture_free(r.cap);

    char path[512], err[256] = "";
    rawcap_tmp(path, sizeof path, "exchange.pcap");
    mqpcap_writer *w = mqpcap_writer_open(path, err, sizeof err);
    assert_non_null(w);
    struct sockaddr_in cl = {.sin_family = AF_INET, .sin_port = htons(40000),
                             .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    struct sockaddr_in sv = cl;
    sv.sin_port = htons(1883);
    struct timeval t = {1700000000, 0};
    int c = mqpcap_conn_open(w, (struct sockaddr *)&cl, (struct sockaddr *)&sv, &t);
    static const uint8_t conn[] = {0x10, 0x0c, 0x00, 0x04, 'M', 'Q', 'T', 'T',
                                   0x04, 0x02, 0x00, 0x3c, 0x00, 0x00};
    static const uint8_t connack[] = {0x20, 0x02, 0x00, 0x00};
    assert_int_equal(mqpcap_conn_data(w, c, 1, conn, sizeof conn, &t), 0);
    t.tv_usec = 1;
    assert_int_equal(mqpcap_conn_data(w, c, 0, connack, sizeof connack, &t), 0);
    assert_int_equal(mqpcap_writer_close(w), 0);
    mqpcap_capture *cap = mqpcap_read_file(path, NULL, err, sizeof err);
    assert_non_null(cap);
    assert_int_equal(mqpcap_replay_outcome(cap, MQPCAP_SAME), MQPCAP_OUT_REPRODUCES);
    assert_int_equal(mqpcap_outcome_exit(MQPCAP_OUT_REPRODUCES), 0);
    assert_int_equal(mqpcap_replay_outcome(cap, MQPCAP_DIFFERS), MQPCAP_OUT_DIFFERS);
    assert_int_equal(mqpcap_replay_outcome(cap, MQPCAP_BROKER_DIED), MQPCAP_OUT_DIFFERS);
    assert_int_equal(mqpcap_outcome_exit(MQPCAP_OUT_DIFFERS), 1);
    assert_int_equal(mqpcap_replay_outcome(cap, MQPCAP_CANNOT_RUN), MQPCAP_OUT_CANNOT_RUN);
    assert_int_equal(mqpcap_outcome_exit(MQPCAP_OUT_CANNOT_RUN), 2);
    mqpcap_capture_free(cap);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_raw_publish_gets_connect),
        cmocka_unit_test(test_header_detected_and_version_taken),
        cmocka_unit_test(test_own_connect_kept_and_flags),
        cmocka_unit_test(test_server_input_refused),
        cmocka_unit_test(test_outcomes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
