/* Writer -> reader round trips and hand-made reassembly cases. */
#define _DEFAULT_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pcap/pcap.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "mqpcap.h"
#include "rawcap.h"

#ifndef DLT_LINUX_SLL2
#define DLT_LINUX_SLL2 276
#endif

static struct sockaddr_storage v4(const char *ip, uint16_t port)
{
    struct sockaddr_storage ss;
    memset(&ss, 0, sizeof ss);
    struct sockaddr_in *s = (struct sockaddr_in *)&ss;
    s->sin_family = AF_INET;
    s->sin_port = htons(port);
    inet_pton(AF_INET, ip, &s->sin_addr);
    return ss;
}

static struct sockaddr_storage v6(const char *ip, uint16_t port)
{
    struct sockaddr_storage ss;
    memset(&ss, 0, sizeof ss);
    struct sockaddr_in6 *s = (struct sockaddr_in6 *)&ss;
    s->sin6_family = AF_INET6;
    s->sin6_port = htons(port);
    inet_pton(AF_INET6, ip, &s->sin6_addr);
    return ss;
}

static struct timeval T(long usec)
{
    struct timeval t = {1700000000 + usec / 1000000, usec % 1000000};
    return t;
}

/* A PUBLISH QoS 0 on "a/b" with an n-byte payload of a counting pattern. */
static size_t make_publish(uint8_t *buf, size_t n)
{
    size_t rl = 2 + 3 + n, h = 1;
    buf[0] = 0x30;
    size_t v = rl;
    do {
        uint8_t b = v % 128;
        v /= 128;
        buf[h++] = (uint8_t)(b | (v ? 0x80 : 0));
    } while (v);
    memcpy(buf + h, "\0\3a/b", 5);
    for (size_t i = 0; i < n; i++)
        buf[h + 5 + i] = (uint8_t)(i * 7);
    return h + rl;
}

static void write_two_conns(const char *path, int ipv6)
{
    char err[256];
    mqpcap_writer *w = mqpcap_writer_open(path, err, sizeof err);
    assert_non_null(w);
    struct sockaddr_storage c1 = ipv6 ? v6("::1", 40001) : v4("127.0.0.1", 40001);
    struct sockaddr_storage c2 = ipv6 ? v6("::1", 40002) : v4("127.0.0.1", 40002);
    struct sockaddr_storage s = ipv6 ? v6("::1", 18830) : v4("127.0.0.1", 18830);
    struct timeval t;
    t = T(0);
    int a = mqpcap_conn_open(w, (struct sockaddr *)&c1, (struct sockaddr *)&s, &t);
    t = T(10);
    int b = mqpcap_conn_open(w, (struct sockaddr *)&c2, (struct sockaddr *)&s, &t);
    assert_true(a >= 0 && b >= 0);
    t = T(20);
    assert_int_equal(mqpcap_conn_data(w, a, 1, T_CONNECT4, sizeof T_CONNECT4, &t), 0);
    t = T(30);
    assert_int_equal(mqpcap_conn_data(w, b, 1, T_CONNECT5, sizeof T_CONNECT5, &t), 0);
    t = T(40);
    mqpcap_conn_data(w, a, 0, T_CONNACK, sizeof T_CONNACK, &t);
    t = T(50);
    mqpcap_conn_data(w, b, 0, T_CONNACK, sizeof T_CONNACK, &t);
    static uint8_t big[40000];
    size_t n = make_publish(big, 30000); /* many segments, several ACK rounds */
    t = T(60);
    mqpcap_conn_data(w, a, 1, big, n, &t);
    t = T(70);
    mqpcap_conn_data(w, a, 1, T_DISCONNECT, 2, &t);
    t = T(80);
    mqpcap_conn_close(w, a, 1, 0, &t);
    t = T(90);
    mqpcap_conn_close(w, b, 0, 1, &t); /* server resets the v5 one */
    assert_int_equal(mqpcap_conn_close(w, b, 0, 1, &t), 0); /* twice: no-op */
    assert_int_equal(mqpcap_conn_data(w, b, 1, T_DISCONNECT, 2, &t), -1);
    assert_int_equal(mqpcap_writer_close(w), 0);
}

static void check_two_conns(const mqpcap_capture *cap)
{
    assert_int_equal(cap->nconns, 2);
    const mqpcap_conn *a = &cap->conns[0], *b = &cap->conns[1];
    assert_true(a->syn_seen && b->syn_seen);
    assert_int_equal(mqpcap_addr_port(&a->client), 40001);
    assert_int_equal(mqpcap_addr_port(&a->server), 18830);
    assert_int_equal(a->version, 4);
    assert_int_equal(b->version, 5);
    assert_int_equal(a->c2s.gaps, 0);
    assert_null(a->c2s_stop);
    assert_null(a->s2c_stop);
    /* CONNECT, CONNACK, PUBLISH, DISCONNECT in time order */
    assert_int_equal(a->nmsgs, 4);
    assert_int_equal(a->msgs[0].pkt.type, MQTT_CONNECT);
    assert_int_equal(a->msgs[1].dir, MQTT_S2C);
    assert_int_equal(a->msgs[1].pkt.type, MQTT_CONNACK);
    assert_int_equal(a->msgs[2].status, MQTT_OK);
    assert_int_equal(a->msgs[2].pkt.type, MQTT_PUBLISH);
    assert_int_equal(a->msgs[2].pkt.u.publish.payload.len, 30000);
    assert_int_equal(a->msgs[2].pkt.u.publish.payload.p[2999], (uint8_t)(2999 * 7));
    assert_int_equal(a->msgs[3].pkt.type, MQTT_DISCONNECT);
    assert_true(a->c2s.fin && a->s2c.fin);
    assert_true(a->c2s.end_frame < a->s2c.end_frame); /* client closed first */
    assert_int_equal(b->nmsgs, 2);
    assert_true(b->s2c.rst);
    assert_int_equal(b->msgs[0].pkt.u.connect.client_id.len, 2);
}

static void test_writer_roundtrip_v4(void **state)
{
    (void)state;
    char path[256], err[256];
    rawcap_tmp(path, sizeof path, "rt4.pcap");
    write_two_conns(path, 0);
    mqpcap_capture *cap = mqpcap_read_file(path, NULL, err, sizeof err);
    assert_non_null(cap);
    assert_int_equal(cap->linktype, DLT_EN10MB);
    assert_int_equal(cap->skipped, 0);
    check_two_conns(cap);
    mqpcap_capture_free(cap);
    unlink(path);
}

static void test_writer_roundtrip_v6(void **state)
{
    (void)state;
    char path[256], err[256];
    rawcap_tmp(path, sizeof path, "rt6.pcap");
    write_two_conns(path, 1);
    mqpcap_capture *cap = mqpcap_read_file(path, NULL, err, sizeof err);
    assert_non_null(cap);
    check_two_conns(cap);
    assert_int_equal(cap->conns[0].client.ss_family, AF_INET6);
    char buf[64];
    assert_string_equal(mqpcap_addr_str(&cap->conns[0].server, buf, sizeof buf), "[::1]:18830");
    mqpcap_capture_free(cap);
    unlink(path);
}

static void test_write_events(void **state)
{
    (void)state;
    char path[256], err[256];
    rawcap_tmp(path, sizeof path, "ev.pcap");
    mqpcap_endpoints ep[1];
    ep[0].client = v4("127.0.0.1", 5555);
    ep[0].server = v4("127.0.0.1", 1883);
    mqpcap_event ev[] = {
        {.kind = MQPCAP_EV_OPEN, .conn = 0, .ts = T(0)},
        {.kind = MQPCAP_EV_DATA, .conn = 0, .from_client = 1, .data = T_CONNECT4,
         .len = sizeof T_CONNECT4, .ts = T(5)},
        {.kind = MQPCAP_EV_DATA, .conn = 0, .from_client = 0, .data = T_CONNACK,
         .len = sizeof T_CONNACK, .ts = T(6)},
        {.kind = MQPCAP_EV_CLOSE, .conn = 0, .from_client = 0, .ts = T(7)},
    };
    assert_int_equal(mqpcap_write_events(path, ep, 1, ev, 4, err, sizeof err), 0);
    mqpcap_capture *cap = mqpcap_read_file(path, NULL, err, sizeof err);
    assert_non_null(cap);
    assert_int_equal(cap->nconns, 1);
    assert_int_equal(cap->conns[0].nmsgs, 2);
    assert_true(cap->conns[0].s2c.end_frame < cap->conns[0].c2s.end_frame);
    mqpcap_capture_free(cap);
    /* Half-close: the broker closes, the client still sends (the bytes
     * arrive as TCP allows), then closes; data after the client's own FIN
     * cannot be shown and is left out with a note. */
    const uint8_t pub[] = {0x30, 0x05, 0, 1, 'x', 'h', 'i'};
    mqpcap_event ev2[] = {
        {.kind = MQPCAP_EV_OPEN, .conn = 0, .ts = T(0)},
        {.kind = MQPCAP_EV_DATA, .conn = 0, .from_client = 1, .data = T_CONNECT4,
         .len = sizeof T_CONNECT4, .ts = T(5)},
        {.kind = MQPCAP_EV_CLOSE, .conn = 0, .from_client = 0, .ts = T(6)},
        {.kind = MQPCAP_EV_DATA, .conn = 0, .from_client = 1, .data = pub, .len = sizeof pub,
         .ts = T(7)},
        {.kind = MQPCAP_EV_CLOSE, .conn = 0, .from_client = 1, .ts = T(8)},
        {.kind = MQPCAP_EV_DATA, .conn = 0, .from_client = 1, .data = pub, .len = sizeof pub,
         .ts = T(9)},
    };
    assert_int_equal(mqpcap_write_events(path, ep, 1, ev2, 6, err, sizeof err), 0);
    assert_non_null(strstr(err, "1 data event(s) after their connection closed"));
    cap = mqpcap_read_file(path, NULL, err, sizeof err);
    assert_non_null(cap);
    assert_int_equal(cap->conns[0].nmsgs, 2);
    assert_int_equal(cap->conns[0].msgs[1].pkt.type, MQTT_PUBLISH);
    assert_true(cap->conns[0].s2c.end_frame < cap->conns[0].c2s.end_frame);
    mqpcap_capture_free(cap);
    /* An event for a connection outside the table is refused, not a crash. */
    mqpcap_event bad = {.kind = MQPCAP_EV_DATA, .conn = 3, .ts = T(0)};
    assert_int_equal(mqpcap_write_events(path, ep, 1, &bad, 1, err, sizeof err), -1);
    assert_non_null(strstr(err, "not in the table"));
    unlink(path);
}

/* ----------------------------------------------------- hand-made cases */

/* Client A (port pa) -> server B (port pb): handshake unless skip_syn. */
static void handshake(rawcap *r, int ipv6, uint16_t pa, uint16_t pb, long us)
{
    rawcap_seg(r, ipv6, 1, pa, pb, 999, 0, RC_SYN, NULL, 0, us);
    rawcap_seg(r, ipv6, 0, pa, pb, 4999, 1000, RC_SYN | RC_ACK, NULL, 0, us + 1);
    rawcap_seg(r, ipv6, 1, pa, pb, 1000, 5000, RC_ACK, NULL, 0, us + 2);
}

static mqpcap_capture *read_back(const char *path, uint16_t port)
{
    char err[256];
    mqpcap_read_opts o;
    memset(&o, 0, sizeof o);
    o.server_port = port;
    mqpcap_capture *cap = mqpcap_read_file(path, &o, err, sizeof err);
    if (!cap)
        fail_msg("read failed: %s", err);
    return cap;
}

static void test_out_of_order_and_retransmit(void **state)
{
    (void)state;
    char path[256];
    rawcap_tmp(path, sizeof path, "ooo.pcap");
    uint8_t pub[100];
    size_t n = make_publish(pub, 60); /* 67 bytes */
    uint8_t stream[200];
    memcpy(stream, T_CONNECT4, 16);
    memcpy(stream + 16, pub, n);
    size_t total = 16 + n;
    rawcap *r = rawcap_open(path, DLT_EN10MB);
    handshake(r, 0, 41000, 1883, 0);
    /* Segments [0,20) [20,50) [50,total) sent as 3, 1, 2, then 1 again. */
    rawcap_seg(r, 0, 1, 41000, 1883, 1050, 5000, RC_ACK, stream + 50, total - 50, 10);
    rawcap_seg(r, 0, 1, 41000, 1883, 1000, 5000, RC_ACK, stream, 20, 20);
    rawcap_seg(r, 0, 0, 41000, 1883, 5000, 1020, RC_ACK, T_CONNACK, 4, 25);
    rawcap_seg(r, 0, 1, 41000, 1883, 1020, 5004, RC_ACK, stream + 20, 30, 30);
    rawcap_seg(r, 0, 1, 41000, 1883, 1000, 5004, RC_ACK, stream, 20, 40);
    rawcap_close(r);
    mqpcap_capture *cap = read_back(path, 0);
    assert_int_equal(cap->nconns, 1);
    const mqpcap_conn *c = &cap->conns[0];
    assert_int_equal(c->c2s.len, total);
    assert_memory_equal(c->c2s.data, stream, total);
    assert_int_equal(c->c2s.gaps, 0);
    assert_int_equal(c->nmsgs, 3);
    assert_int_equal(c->msgs[0].pkt.type, MQTT_CONNECT);
    /* The PUBLISH completes only when the middle segment came (30 us), so it
     * is ordered after the CONNACK (25 us). */
    assert_int_equal(c->msgs[1].pkt.type, MQTT_CONNACK);
    assert_int_equal(c->msgs[2].pkt.type, MQTT_PUBLISH);
    assert_int_equal(c->msgs[2].ts.tv_usec, 30);
    mqpcap_capture_free(cap);
    unlink(path);
}

static void test_overlap_keeps_placed_bytes(void **state)
{
    (void)state;
    char path[256];
    rawcap_tmp(path, sizeof path, "ovl.pcap");
    uint8_t stream[16];
    memcpy(stream, T_CONNECT4, 16);
    uint8_t liar[10];
    memset(liar, 'X', sizeof liar);
    rawcap *r = rawcap_open(path, DLT_EN10MB);
    handshake(r, 0, 41001, 1883, 0);
    rawcap_seg(r, 0, 1, 41001, 1883, 1000, 5000, RC_ACK, stream, 10, 10);
    /* overlaps bytes 5..9 with different content, then extends to 16 */
    memcpy(liar + 5, stream + 10, 5);
    rawcap_seg(r, 0, 1, 41001, 1883, 1005, 5000, RC_ACK, liar, 10, 20);
    rawcap_seg(r, 0, 1, 41001, 1883, 1015, 5000, RC_ACK, stream + 15, 1, 30);
    rawcap_close(r);
    mqpcap_capture *cap = read_back(path, 0);
    const mqpcap_conn *c = &cap->conns[0];
    assert_int_equal(c->c2s.len, 16);
    assert_memory_equal(c->c2s.data, stream, 16);
    assert_int_equal(c->nmsgs, 1);
    assert_int_equal(c->msgs[0].status, MQTT_OK);
    mqpcap_capture_free(cap);
    unlink(path);
}

static void test_missing_handshake_roles(void **state)
{
    (void)state;
    char path[256];
    rawcap_tmp(path, sizeof path, "nosyn.pcap");
    rawcap *r = rawcap_open(path, DLT_EN10MB);
    /* The client uses port 900 and the broker 30000: the lower-port guess
     * would be wrong; the CONNECT tells. The server speaks first here. */
    rawcap_seg(r, 0, 0, 900, 30000, 7000, 100, RC_ACK, NULL, 0, 0);
    rawcap_seg(r, 0, 1, 900, 30000, 100, 7000, RC_ACK | RC_PSH, T_CONNECT5, 17, 5);
    rawcap_seg(r, 0, 0, 900, 30000, 7000, 117, RC_ACK | RC_PSH, T_CONNACK, 4, 6);
    rawcap_close(r);
    mqpcap_capture *cap = read_back(path, 0);
    assert_int_equal(cap->nconns, 1);
    const mqpcap_conn *c = &cap->conns[0];
    assert_false(c->syn_seen);
    assert_int_equal(mqpcap_addr_port(&c->client), 900);
    assert_int_equal(c->version, 5);
    assert_int_equal(c->nmsgs, 2);
    mqpcap_capture_free(cap);
    /* With --port the explicit choice wins over the guess. */
    cap = read_back(path, 900);
    assert_int_equal(mqpcap_addr_port(&cap->conns[0].server), 900);
    mqpcap_capture_free(cap);
    unlink(path);
}

/* Mid-connection capture of a 5.0 session: no CONNECT to tell the version;
 * 5.0 decodes everything, 3.1.1 does not, so 5.0 is used. */
static void test_version_guess_without_connect(void **state)
{
    (void)state;
    char path[256];
    rawcap_tmp(path, sizeof path, "guess.pcap");
    const uint8_t sub[] = {0x82, 0x09, 0, 7, 0, 0, 3, 'a', '/', 'b', 0x01}; /* v5: props 0 */
    const uint8_t suback[] = {0x90, 0x04, 0, 7, 0, 0x01};
    rawcap *r = rawcap_open(path, DLT_EN10MB);
    rawcap_seg(r, 0, 1, 47000, 1883, 500, 900, RC_ACK, sub, sizeof sub, 0);
    rawcap_seg(r, 0, 0, 47000, 1883, 900, 511, RC_ACK, suback, sizeof suback, 1);
    rawcap_close(r);
    mqpcap_capture *cap = read_back(path, 0);
    const mqpcap_conn *c = &cap->conns[0];
    assert_int_equal(c->version, 0);
    assert_int_equal(c->decoded_as, 5);
    assert_int_equal(mqpcap_addr_port(&c->server), 1883);
    assert_int_equal(c->nmsgs, 2);
    assert_int_equal(c->msgs[0].status, MQTT_OK);
    assert_int_equal(c->msgs[1].status, MQTT_OK);
    mqpcap_capture_free(cap);
    unlink(path);
}

static void test_gap_stops_framing(void **state)
{
    (void)state;
    char path[256];
    rawcap_tmp(path, sizeof path, "gap.pcap");
    uint8_t pub[40];
    size_t n = make_publish(pub, 20);
    rawcap *r = rawcap_open(path, DLT_EN10MB);
    handshake(r, 0, 41002, 1883, 0);
    rawcap_seg(r, 0, 1, 41002, 1883, 1000, 5000, RC_ACK, T_CONNECT4, 16, 10);
    /* bytes 16..19 of the stream (start of the PUBLISH) were never captured */
    rawcap_seg(r, 0, 1, 41002, 1883, 1020, 5000, RC_ACK, pub + 4, n - 4, 20);
    rawcap_close(r);
    mqpcap_capture *cap = read_back(path, 0);
    const mqpcap_conn *c = &cap->conns[0];
    assert_int_equal(c->c2s.gaps, 1);
    assert_int_equal(c->c2s.gap_bytes, 4);
    assert_int_equal(c->nmsgs, 1);
    assert_non_null(c->c2s_stop);
    assert_int_equal(c->c2s_stop_off, 16);
    mqpcap_capture_free(cap);
    unlink(path);
}

static void test_interleaved_and_port_reuse(void **state)
{
    (void)state;
    char path[256];
    rawcap_tmp(path, sizeof path, "multi.pcap");
    rawcap *r = rawcap_open(path, DLT_EN10MB);
    handshake(r, 0, 42000, 1883, 0);
    handshake(r, 0, 42001, 1883, 10);
    rawcap_seg(r, 0, 1, 42001, 1883, 1000, 5000, RC_ACK, T_CONNECT5, 17, 20);
    rawcap_seg(r, 0, 1, 42000, 1883, 1000, 5000, RC_ACK, T_CONNECT4, 16, 21);
    rawcap_seg(r, 0, 0, 42000, 1883, 5000, 1016, RC_ACK, T_CONNACK, 4, 22);
    rawcap_seg(r, 0, 1, 42000, 1883, 1016, 5004, RC_FIN | RC_ACK, NULL, 0, 23);
    rawcap_seg(r, 0, 0, 42000, 1883, 5004, 1017, RC_FIN | RC_ACK, NULL, 0, 24);
    /* same 4-tuple again: a new connection */
    handshake(r, 0, 42000, 1883, 30);
    rawcap_seg(r, 0, 1, 42000, 1883, 1000, 5000, RC_ACK, T_CONNECT5, 17, 40);
    rawcap_close(r);
    mqpcap_capture *cap = read_back(path, 0);
    assert_int_equal(cap->nconns, 3);
    assert_int_equal(cap->conns[0].version, 4);
    assert_int_equal(cap->conns[0].nmsgs, 2);
    assert_int_equal(cap->conns[1].version, 5);
    assert_int_equal(cap->conns[2].version, 5);
    assert_int_equal(mqpcap_addr_port(&cap->conns[2].client), 42000);
    mqpcap_capture_free(cap);
    unlink(path);
}

static void one_link_type(int dlt, int ipv6)
{
    char path[256];
    rawcap_tmp(path, sizeof path, "link.pcap");
    rawcap *r = rawcap_open(path, dlt);
    handshake(r, ipv6, 43000, 1883, 0);
    rawcap_seg(r, ipv6, 1, 43000, 1883, 1000, 5000, RC_ACK, T_CONNECT4, 16, 10);
    rawcap_seg(r, ipv6, 0, 43000, 1883, 5000, 1016, RC_ACK, T_CONNACK, 4, 11);
    rawcap_close(r);
    mqpcap_capture *cap = read_back(path, 0);
    assert_int_equal(cap->skipped, 0);
    assert_int_equal(cap->nconns, 1);
    assert_int_equal(cap->conns[0].client.ss_family, ipv6 ? AF_INET6 : AF_INET);
    assert_int_equal(cap->conns[0].nmsgs, 2);
    assert_int_equal(cap->conns[0].msgs[1].pkt.type, MQTT_CONNACK);
    mqpcap_capture_free(cap);
    unlink(path);
}

static void test_link_types(void **state)
{
    (void)state;
    int dlts[] = {DLT_EN10MB, DLT_LINUX_SLL, DLT_LINUX_SLL2, DLT_NULL, DLT_LOOP, DLT_RAW};
    for (size_t i = 0; i < sizeof dlts / sizeof dlts[0]; i++) {
        one_link_type(dlts[i], 0);
        one_link_type(dlts[i], 1);
    }
}

/* pcapng written by hand: SHB, IDB (Ethernet), one EPB per frame. */
static void put32le(FILE *f, uint32_t v)
{
    fwrite(&v, 4, 1, f); /* the SHB byte-order magic makes host order valid */
}

static void test_pcapng(void **state)
{
    (void)state;
    char src[256], path[256];
    rawcap_tmp(src, sizeof src, "ng-src.pcap");
    rawcap_tmp(path, sizeof path, "ng.pcapng");
    rawcap *r = rawcap_open(src, DLT_EN10MB);
    handshake(r, 0, 44000, 1883, 0);
    rawcap_seg(r, 0, 1, 44000, 1883, 1000, 5000, RC_ACK, T_CONNECT4, 16, 10);
    rawcap_close(r);
    char eb[PCAP_ERRBUF_SIZE];
    pcap_t *in = pcap_open_offline(src, eb);
    assert_non_null(in);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    put32le(f, 0x0A0D0D0A); /* SHB */
    put32le(f, 28);
    put32le(f, 0x1A2B3C4D);
    uint16_t ver[2] = {1, 0};
    fwrite(ver, 2, 2, f);
    put32le(f, 0xffffffff);
    put32le(f, 0xffffffff);
    put32le(f, 28);
    put32le(f, 1); /* IDB */
    put32le(f, 20);
    uint16_t lt[2] = {1, 0};
    fwrite(lt, 2, 2, f);
    put32le(f, 65535);
    put32le(f, 20);
    struct pcap_pkthdr *h;
    const u_char *d;
    while (pcap_next_ex(in, &h, &d) == 1) {
        uint32_t pad = (4 - h->caplen % 4) % 4, tot = 32 + h->caplen + pad;
        uint64_t us = (uint64_t)h->ts.tv_sec * 1000000u + (uint64_t)h->ts.tv_usec;
        put32le(f, 6);
        put32le(f, tot);
        put32le(f, 0);
        put32le(f, (uint32_t)(us >> 32));
        put32le(f, (uint32_t)us);
        put32le(f, h->caplen);
        put32le(f, h->len);
        fwrite(d, 1, h->caplen, f);
        fwrite("\0\0\0", 1, pad, f);
        put32le(f, tot);
    }
    pcap_close(in);
    fclose(f);
    mqpcap_capture *cap = read_back(path, 0);
    assert_int_equal(cap->nconns, 1);
    assert_int_equal(cap->conns[0].nmsgs, 1);
    assert_int_equal(cap->conns[0].version, 4);
    mqpcap_capture_free(cap);
    unlink(src);
    unlink(path);
}

static void test_bad_files(void **state)
{
    (void)state;
    char err[256] = "";
    assert_null(mqpcap_read_file("/nonexistent/x.pcap", NULL, err, sizeof err));
    assert_true(strlen(err) > 0);
    uint8_t junk[64];
    memset(junk, 0x5a, sizeof junk);
    assert_null(mqpcap_read_mem(junk, sizeof junk, NULL, err, sizeof err));
    assert_non_null(strstr(err, "not a capture"));
    assert_null(mqpcap_read_mem(junk, 0, NULL, err, sizeof err));

    /* A valid capture cut in the middle of a record: read up to there. */
    char path[256];
    rawcap_tmp(path, sizeof path, "cut.pcap");
    write_two_conns(path, 0);
    FILE *f = fopen(path, "rb");
    static uint8_t buf[200000];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    unlink(path);
    for (size_t cut = 24; cut < n; cut += 97) {
        mqpcap_capture *cap = mqpcap_read_mem(buf, cut, NULL, err, sizeof err);
        assert_non_null(cap);
        mqpcap_capture_free(cap);
    }
    /* Random bit flips past the file header: never a crash. */
    srand(7);
    for (int round = 0; round < 200; round++) {
        static uint8_t m[200000];
        memcpy(m, buf, n);
        for (int k = 0; k < 20; k++)
            m[24 + (size_t)rand() % (n - 24)] ^= (uint8_t)(1u << (rand() % 8));
        mqpcap_capture *cap = mqpcap_read_mem(m, n, NULL, err, sizeof err);
        mqpcap_capture_free(cap);
    }
}

static void test_describe_normalize(void **state)
{
    (void)state;
    char path[256], err[256], line[512];
    rawcap_tmp(path, sizeof path, "desc.pcap");
    rawcap *r = rawcap_open(path, DLT_EN10MB);
    handshake(r, 0, 45000, 1883, 0);
    rawcap_seg(r, 0, 1, 45000, 1883, 1000, 5000, RC_ACK, T_CONNECT4, 16, 10);
    /* server PUBLISH QoS 1, id 0x1234, topic "a/b", payload "hi" */
    const uint8_t pub[] = {0x32, 0x09, 0, 3, 'a', '/', 'b', 0x12, 0x34, 'h', 'i'};
    rawcap_seg(r, 0, 0, 45000, 1883, 5000, 1016, RC_ACK, pub, sizeof pub, 11);
    rawcap_close(r);
    mqpcap_capture *cap = mqpcap_read_file(path, NULL, err, sizeof err);
    assert_non_null(cap);
    const mqpcap_msg *m = &cap->conns[0].msgs[1];
    mqpcap_msg_describe(m, 4, false, line, sizeof line);
    assert_non_null(strstr(line, "id=4660"));
    assert_non_null(strstr(line, "topic=\"a/b\""));
    mqpcap_msg_describe(m, 4, true, line, sizeof line);
    assert_non_null(strstr(line, "id=~"));
    assert_null(strstr(line, "4660"));
    /* transcript: a clean capture reports no problems */
    FILE *out = tmpfile();
    assert_int_equal(mqpcap_transcript(cap, out), 0);
    fclose(out);
    mqpcap_capture_free(cap);
    unlink(path);
}

static void test_replay_refusals(void **state)
{
    (void)state;
    char path[256], err[256];
    rawcap_tmp(path, sizeof path, "s2conly.pcap");
    rawcap *r = rawcap_open(path, DLT_EN10MB);
    handshake(r, 0, 46000, 1883, 0);
    rawcap_seg(r, 0, 0, 46000, 1883, 5000, 1000, RC_ACK, T_CONNACK, 4, 10);
    rawcap_close(r);
    mqpcap_capture *cap = read_back(path, 0);
    mqpcap_replay_opts o;
    memset(&o, 0, sizeof o);
    o.host = "127.0.0.1";
    o.port = 1; /* never reached */
    FILE *rep = tmpfile();
    assert_int_equal(mqpcap_replay(cap, &o, rep, err, sizeof err), MQPCAP_CANNOT_RUN);
    assert_non_null(strstr(err, "no client traffic"));
    /* the suite talks to loopback only */
    o.host = "192.0.2.1";
    assert_int_equal(mqpcap_replay(cap, &o, rep, err, sizeof err), MQPCAP_CANNOT_RUN);
    assert_non_null(strstr(err, "not a loopback"));
    o.host = "broker.example";
    assert_int_equal(mqpcap_replay(cap, &o, rep, err, sizeof err), MQPCAP_CANNOT_RUN);
    fclose(rep);
    mqpcap_capture_free(cap);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_writer_roundtrip_v4),
        cmocka_unit_test(test_writer_roundtrip_v6),
        cmocka_unit_test(test_write_events),
        cmocka_unit_test(test_out_of_order_and_retransmit),
        cmocka_unit_test(test_overlap_keeps_placed_bytes),
        cmocka_unit_test(test_missing_handshake_roles),
        cmocka_unit_test(test_version_guess_without_connect),
        cmocka_unit_test(test_gap_stops_framing),
        cmocka_unit_test(test_interleaved_and_port_reuse),
        cmocka_unit_test(test_link_types),
        cmocka_unit_test(test_pcapng),
        cmocka_unit_test(test_bad_files),
        cmocka_unit_test(test_describe_normalize),
        cmocka_unit_test(test_replay_refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
