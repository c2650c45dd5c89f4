/*
 * A real capture, taken now: tshark on lo (capture filter on a private
 * mosquitto's port) while mosquitto_pub and mosquitto_sub talk to it; the
 * reader must find their CONNECT, SUBSCRIBE, PUBLISH and acknowledgements.
 * The publish is retained, so the subscriber gets it whichever client runs
 * first: nothing depends on timing. Exit 77 (skip) without tshark, the
 * mosquitto clients, or the right to capture.
 */
#define _DEFAULT_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "broker.h"
#include "mqpcap.h"
#include "rawcap.h"

#define SKIP 77

static int skip_reason(const char *why)
{
    printf("skipped: %s\n", why);
    return SKIP;
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Starts tshark writing to path; returns its pid once it reports that the
 * capture runs (its stderr says "Capturing on"), or -1 within 15 s. */
static pid_t start_tshark(const char *path, uint16_t port, int *errfd)
{
    int pfd[2];
    if (pipe(pfd) != 0)
        return -1;
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        char filter[64];
        snprintf(filter, sizeof filter, "tcp port %u", port);
        dup2(pfd[1], 2);
        int dn = open("/dev/null", O_RDWR);
        if (dn >= 0) {
            dup2(dn, 0);
            dup2(dn, 1);
        }
        close(pfd[0]);
        execlp("tshark", "tshark", "-q", "-i", "lo", "-f", filter, "-w", path, (char *)NULL);
        _exit(127);
    }
    close(pfd[1]);
    char buf[4096];
    size_t got = 0;
    double deadline = now_s() + 15;
    while (now_s() < deadline) {
        struct pollfd p = {pfd[0], POLLIN, 0};
        if (poll(&p, 1, 200) <= 0)
            continue;
        ssize_t n = read(pfd[0], buf + got, sizeof buf - 1 - got);
        if (n <= 0)
            break; /* tshark exited: no capture rights or no lo */
        got += (size_t)n;
        buf[got] = 0;
        if (strstr(buf, "Capturing on")) {
            *errfd = pfd[0]; /* kept open until tshark is stopped: no SIGPIPE */
            return pid;
        }
        if (got >= sizeof buf - 1)
            got = 0;
    }
    close(pfd[0]);
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    return -1;
}

static void stop_tshark(pid_t pid)
{
    kill(pid, SIGINT); /* flushes and closes the file */
    int st;
    double deadline = now_s() + 15;
    while (waitpid(pid, &st, WNOHANG) != pid) {
        if (now_s() > deadline) {
            kill(pid, SIGKILL);
            waitpid(pid, &st, 0);
            return;
        }
        struct timespec t = {0, 10000000};
        nanosleep(&t, NULL);
    }
}

typedef struct counts {
    int conns, probes, connect, sub, suback, pub_c2s, pub_s2c, puback, v4, v5;
} counts;

static counts count_packets(const char *path)
{
    counts n;
    memset(&n, 0, sizeof n);
    char err[256];
    mqpcap_capture *cap = mqpcap_read_file(path, NULL, err, sizeof err);
    if (!cap)
        return n; /* not written yet */
    n.probes = 0;
    for (size_t i = 0; i < cap->nconns; i++) {
        n.conns += cap->conns[i].nmsgs > 0; /* readiness probes carry no MQTT */
        n.probes += cap->conns[i].nmsgs == 0 && cap->conns[i].syn_seen;
        n.v4 += cap->conns[i].version == 4;
        n.v5 += cap->conns[i].version == 5;
        for (size_t k = 0; k < cap->conns[i].nmsgs; k++) {
            const mqpcap_msg *m = &cap->conns[i].msgs[k];
            if (m->status != MQTT_OK)
                continue;
            n.connect += m->pkt.type == MQTT_CONNECT && m->dir == MQTT_C2S;
            n.sub += m->pkt.type == MQTT_SUBSCRIBE && m->dir == MQTT_C2S;
            n.suback += m->pkt.type == MQTT_SUBACK && m->dir == MQTT_S2C;
            n.pub_c2s += m->pkt.type == MQTT_PUBLISH && m->dir == MQTT_C2S;
            n.pub_s2c += m->pkt.type == MQTT_PUBLISH && m->dir == MQTT_S2C;
            n.puback += m->pkt.type == MQTT_PUBACK;
        }
    }
    mqpcap_capture_free(cap);
    return n;
}

static int complete(const counts *n)
{
    return n->conns == 2 && n->connect == 2 && n->sub == 1 && n->suback == 1 &&
           n->pub_c2s == 1 && n->pub_s2c == 1 && n->puback == 2 && n->v4 == 1 && n->v5 == 1;
}

/* A bare TCP connection to the broker, closed at once (no MQTT bytes). */
static void poke(uint16_t port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd >= 0) {
        if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0)
            fprintf(stderr, "probe connect failed\n");
        close(fd);
    }
}

static test_broker g_broker;
static pid_t g_tshark;
static int g_tshark_err = -1;
static char g_path[256];

static void test_live_capture(void **state)
{
    (void)state;
    char cmd[512];
    uint16_t port = g_broker.port;
    snprintf(cmd, sizeof cmd,
             "mosquitto_pub -h 127.0.0.1 -p %u -V mqttv311 -i live-pub -t live/a -m hi -q 1 -r"
             " && mosquitto_sub -h 127.0.0.1 -p %u -V mqttv5 -i live-sub -t 'live/#' -q 1 -C 1"
             " -W 10 >/dev/null",
             port, port);
    /* "Capturing on" comes before the capture filter is really in place:
     * open bare TCP connections to the broker until one shows up in the
     * file (deadline 20 s), so the clients below are captured whole. */
    double ready = now_s() + 20;
    counts n;
    for (;;) {
        poke(port);
        n = count_packets(g_path);
        if (n.probes > 0)
            break;
        if (now_s() > ready)
            fail_msg("tshark never recorded the readiness probes");
        struct timespec t = {0, 100000000};
        nanosleep(&t, NULL);
    }
    assert_int_equal(system(cmd), 0);
    /* tshark writes the file as it goes: wait (deadline 15 s) until every
     * expected packet is in it, then stop the capture. */
    double deadline = now_s() + 15;
    do {
        n = count_packets(g_path);
        if (complete(&n))
            break;
        struct timespec t = {0, 50000000};
        nanosleep(&t, NULL);
    } while (now_s() < deadline);
    stop_tshark(g_tshark);
    g_tshark = 0;
    n = count_packets(g_path);
    char err[256];
    mqpcap_capture *cap = mqpcap_read_file(g_path, NULL, err, sizeof err);
    assert_non_null(cap);
    mqpcap_transcript(cap, stdout);
    mqpcap_capture_free(cap);
    assert_int_equal(n.conns, 2);
    assert_int_equal(n.connect, 2);
    assert_int_equal(n.sub, 1);
    assert_int_equal(n.suback, 1);
    assert_int_equal(n.pub_c2s, 1);
    assert_int_equal(n.pub_s2c, 1);
    assert_int_equal(n.puback, 2);
    assert_int_equal(n.v4, 1);
    assert_int_equal(n.v5, 1);
}

/* The suite's own live capture (libpcap in a child): everything sent after
 * mqpcap_live_start returns is in the file after mqpcap_live_stop. */
static void test_libpcap_live(void **state)
{
    (void)state;
    char path[256], err[256], filter[64], cmd[512];
    rawcap_tmp(path, sizeof path, "own-live.pcap");
    snprintf(filter, sizeof filter, "tcp port %u", g_broker.port);
    mqpcap_live *l = mqpcap_live_start("lo", filter, path, err, sizeof err);
    if (!l) {
        printf("libpcap live capture not permitted here (%s): skipped\n", err);
        skip();
    }
    snprintf(cmd, sizeof cmd,
             "mosquitto_pub -h 127.0.0.1 -p %u -V mqttv5 -i own-live -t live/own -m x -q 2",
             g_broker.port);
    assert_int_equal(system(cmd), 0);
    long frames = mqpcap_live_stop(l);
    assert_true(frames >= 10);
    mqpcap_capture *cap = mqpcap_read_file(path, NULL, err, sizeof err);
    assert_non_null(cap);
    assert_int_equal(cap->nconns, 1);
    const mqpcap_conn *c = &cap->conns[0];
    assert_true(c->syn_seen);
    assert_int_equal(c->version, 5);
    /* CONNECT CONNACK PUBLISH PUBREC PUBREL PUBCOMP DISCONNECT */
    assert_int_equal(c->nmsgs, 7);
    assert_int_equal(c->msgs[5].pkt.type, MQTT_PUBCOMP);
    mqpcap_capture_free(cap);
    unlink(path);
    /* A bad interface is a clear error, not a hang. */
    assert_null(mqpcap_live_start("no-such-if0", NULL, path, err, sizeof err));
    assert_true(strlen(err) > 0);
}

int main(void)
{
    if (!have_program("mosquitto_pub") || !have_program("mosquitto_sub") ||
        !have_program("mosquitto"))
        return skip_reason("mosquitto tools not installed");
    if (broker_start(&g_broker) != 0)
        return skip_reason("mosquitto did not start");
    int rc = 0;
    {
        const struct CMUnitTest own[] = {cmocka_unit_test(test_libpcap_live)};
        rc |= cmocka_run_group_tests_name("libpcap", own, NULL, NULL);
    }
    if (!have_program("tshark")) {
        printf("tshark not installed: tshark capture skipped\n");
    } else {
        rawcap_tmp(g_path, sizeof g_path, "live.pcapng");
        g_tshark = start_tshark(g_path, g_broker.port, &g_tshark_err);
        if (g_tshark < 0) {
            printf("tshark cannot capture on lo (needs root or capture rights): skipped\n");
        } else {
            const struct CMUnitTest tests[] = {cmocka_unit_test(test_live_capture)};
            rc |= cmocka_run_group_tests_name("tshark", tests, NULL, NULL);
            if (g_tshark > 0)
                stop_tshark(g_tshark);
            close(g_tshark_err);
            unlink(g_path);
        }
    }
    broker_stop(&g_broker);
    return rc;
}
