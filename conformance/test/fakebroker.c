/*
 * mqc_fakebroker MODE [4|6 [PORT]] — a test-double MQTT broker on a free loopback
 * port (127.0.0.1, or ::1 with 6). Prints the port on stdout, then serves until
 * SIGTERM or stdin closes. With PORT (for `run --spawn '... {port}'`, whose
 * child has /dev/null as stdin) it listens there and only SIGTERM stops it.
 *
 * Modes (the hostile ones misbehave on purpose, so the runner's deadlines
 * and error paths are exercised against real sockets):
 *   good       a tiny, mostly correct broker: CONNACK, SUBACK, PUBACK/PUBREC/PUBCOMP,
 *              UNSUBACK, PINGRESP, delivers PUBLISH to matching subscriptions of the
 *              same connection; PUBLISH to a topic ending in "/malformed-ack" gets a
 *              malformed PUBACK back, one to a topic ending in "/exit-broker" makes the
 *              process exit; a QoS 1 PUBLISH to a topic ending in "/alternate" gets its
 *              PUBACK the 1st, 3rd, 5th ... time (counted over the process) and none
 *              otherwise; a subscription to $SYS/broker/version gets a retained
 *              "mqc_fakebroker 1.0 (test double)"; a malformed packet closes the connection
 *   silent     accepts and says nothing
 *   close-mid  answers CONNECT with half a CONNACK, then closes
 *   garbage    answers any bytes with bytes that are not MQTT
 *   huge       answers CONNECT with a header announcing a 256 MB packet, then nothing
 *   drip       answers CONNECT with a CONNACK, one byte per second
 *   reset      resets (RST) every connection at its first bytes
 *   flood      answers the first bytes with an endless stream of PINGRESP packets
 *
 * The hostile modes serve a connection whose first packet is a CONNECT with a
 * client id starting "mqcpreflight" as in good mode: the runner's preflight
 * (is there an MQTT broker at all?) then lets the run go on, so the hostile
 * behaviour meets the capability probe and the cases, which is what the
 * hostile tests are about.
 */
#define _GNU_SOURCE /* memmem */
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "mqttcodec.h"

#define MAXC 256

typedef struct client {
    int fd;
    mqtt_version ver;
    uint8_t buf[65536];
    size_t len;
    char subs[8][256];
    int nsubs;
    size_t drip_pos; /* drip: next byte of the CONNACK to send, 0 = not started */
    double drip_at;  /* drip: when the next byte is due */
    bool flooding;   /* flood: started */
    int spare;       /* hostile modes: 0 undecided, 1 the preflight's (served as good), -1 not */
} client;

/* Hostile modes: is this the runner's preflight connection? 1 yes, -1 no,
 * 0 the first packet is not complete yet. */
static int spare_decision(const client *c)
{
    if (c->buf[0] != 0x10)
        return -1;
    mqtt_frame fr;
    mqtt_error e;
    mqtt_decode_opts o = {MQTT_V311, MQTT_C2S, NULL};
    mqtt_status st = mqtt_frame_next(c->buf, c->len, &o, &fr, &e);
    if (st == MQTT_NEED_MORE)
        return c->len < sizeof c->buf ? 0 : -1;
    if (st != MQTT_OK)
        return -1;
    return memmem(c->buf, fr.total, "mqcpreflight", 12) ? 1 : -1;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static client *cl[MAXC];
static volatile sig_atomic_t stop;
static void on_term(int s) { (void)s; stop = 1; }

static void drop(int i, int rst)
{
    if (rst) {
        struct linger lg = {1, 0};
        setsockopt(cl[i]->fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
    }
    close(cl[i]->fd);
    free(cl[i]);
    cl[i] = NULL;
}

static void out(client *c, const void *p, size_t n) { (void)!send(c->fd, p, n, MSG_NOSIGNAL); }

static void send_pkt(client *c, const mqtt_packet *p)
{
    uint8_t b[70000];
    size_t n;
    mqtt_error e;
    mqtt_decode_opts o = {c->ver, MQTT_S2C, NULL};
    if (mqtt_encode(p, &o, b, sizeof b, &n, &e) == MQTT_OK)
        out(c, b, n);
}

static void ack(client *c, mqtt_type t, uint16_t id)
{
    mqtt_packet p;
    memset(&p, 0, sizeof p);
    p.type = t;
    p.flags = t == MQTT_PUBREL ? 2 : 0;
    p.u.ack.packet_id = id;
    send_pkt(c, &p);
}

/* good mode: one decoded packet. Returns -1 to close. */
static int handle(client *c, const uint8_t *b, size_t n)
{
    if (c->ver == 0) {
        int v = mqtt_connect_version(b, n);
        if (!v)
            return -1;
        c->ver = (mqtt_version)v;
    }
    mqtt_decode_opts o = {c->ver, MQTT_C2S, NULL};
    mqtt_packet p, r;
    mqtt_error e;
    if (mqtt_decode(b, n, &o, &p, &e) != MQTT_OK)
        return -1; /* a malformed packet closes the connection */
    memset(&r, 0, sizeof r);
    switch (p.type) {
    case MQTT_CONNECT:
        r.type = MQTT_CONNACK;
        send_pkt(c, &r);
        return 0;
    case MQTT_SUBSCRIBE: {
        uint8_t codes[64];
        size_t k = 0;
        mqtt_list_iter it;
        mqtt_sub_entry se;
        mqtt_sub_iter_init(&it, &p.u.subscribe, c->ver);
        bool sysver = false;
        while (mqtt_sub_next(&it, &se) && k < 64) {
            codes[k++] = se.qos;
            sysver |= se.filter.len == 19 && !memcmp(se.filter.p, "$SYS/broker/version", 19);
            if (c->nsubs < 8 && se.filter.len < 255) {
                memcpy(c->subs[c->nsubs], se.filter.p, se.filter.len);
                c->subs[c->nsubs++][se.filter.len] = 0;
            }
        }
        r.type = MQTT_SUBACK;
        r.u.suback.packet_id = p.u.subscribe.packet_id;
        r.u.suback.codes = mqtt_bytes(codes, k);
        send_pkt(c, &r);
        if (sysver) { /* like mosquitto: the version as a retained $SYS message */
            static const char ver[] = "mqc_fakebroker 1.0 (test double)\n";
            mqtt_packet d;
            memset(&d, 0, sizeof d);
            d.type = MQTT_PUBLISH;
            d.u.publish.retain = true;
            d.u.publish.topic = mqtt_str("$SYS/broker/version");
            d.u.publish.payload = mqtt_bytes(ver, sizeof ver - 1);
            send_pkt(c, &d);
        }
        return 0;
    }
    case MQTT_UNSUBSCRIBE: {
        uint8_t codes[64] = {0};
        r.type = MQTT_UNSUBACK;
        r.u.suback.packet_id = p.u.unsubscribe.packet_id;
        r.u.suback.codes = mqtt_bytes(codes, c->ver == MQTT_V5 ? p.u.unsubscribe.count : 0);
        send_pkt(c, &r);
        return 0;
    }
    case MQTT_PUBLISH: {
        const mqtt_publish *pb = &p.u.publish;
        static const char bad[] = "/malformed-ack", die[] = "/exit-broker", alt[] = "/alternate";
        static unsigned alternations; /* over the whole process: every second one is ignored */
        if (pb->qos == 1 && pb->topic.len >= sizeof alt - 1 &&
            !memcmp(pb->topic.p + pb->topic.len - (sizeof alt - 1), alt, sizeof alt - 1)) {
            if (alternations++ % 2 == 0) /* a verdict that moves between runs (--repeat) */
                ack(c, MQTT_PUBACK, pb->packet_id);
            return 0;
        }
        if (pb->topic.len >= sizeof die - 1 &&
            !memcmp(pb->topic.p + pb->topic.len - (sizeof die - 1), die, sizeof die - 1))
            exit(0); /* a broker that dies of a message (the liveness check test) */
        if (pb->topic.len >= sizeof bad - 1 &&
            !memcmp(pb->topic.p + pb->topic.len - (sizeof bad - 1), bad, sizeof bad - 1)) {
            static const uint8_t mal[] = {0x40, 0x01, 0x00}; /* PUBACK one byte short */
            out(c, mal, sizeof mal);
            return 0;
        }
        if (pb->qos == 1)
            ack(c, MQTT_PUBACK, pb->packet_id);
        else if (pb->qos == 2)
            ack(c, MQTT_PUBREC, pb->packet_id);
        for (int i = 0; i < c->nsubs; i++)
            if (mqtt_topic_matches((const uint8_t *)c->subs[i], strlen(c->subs[i]),
                                   pb->topic.p, pb->topic.len)) {
                mqtt_packet d;
                memset(&d, 0, sizeof d);
                d.type = MQTT_PUBLISH;
                d.u.publish.topic = pb->topic;
                d.u.publish.payload = pb->payload;
                send_pkt(c, &d);
                break;
            }
        return 0;
    }
    case MQTT_PUBREL:
        ack(c, MQTT_PUBCOMP, p.u.ack.packet_id);
        return 0;
    case MQTT_PINGREQ:
        r.type = MQTT_PINGRESP;
        send_pkt(c, &r);
        return 0;
    case MQTT_DISCONNECT:
        return -1;
    default:
        return 0;
    }
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "good";
    static const char *const modes[] = {"good", "silent", "close-mid", "garbage", "huge", "drip",
                                        "reset", "flood", NULL};
    int known = 0;
    for (int i = 0; modes[i]; i++)
        known |= !strcmp(mode, modes[i]);
    if (!known) {
        fprintf(stderr, "mqc_fakebroker: unknown mode '%s'\n", mode);
        return 2;
    }
    signal(SIGTERM, on_term);
    signal(SIGPIPE, SIG_IGN);
    /* optional second argument "6": listen on ::1 instead of 127.0.0.1 */
    bool v6 = argc > 2 && !strcmp(argv[2], "6");
    int fixed_port = argc > 3 ? atoi(argv[3]) : 0;
    int ls = socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_storage ss = {0};
    struct sockaddr_in *a4 = (struct sockaddr_in *)&ss;
    struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&ss;
    if (v6) {
        a6->sin6_family = AF_INET6;
        a6->sin6_addr = in6addr_loopback;
        a6->sin6_port = htons((uint16_t)fixed_port);
    } else {
        a4->sin_family = AF_INET;
        a4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        a4->sin_port = htons((uint16_t)fixed_port);
    }
    socklen_t al = v6 ? sizeof *a6 : sizeof *a4;
    if (bind(ls, (struct sockaddr *)&ss, al) || listen(ls, 64) ||
        getsockname(ls, (struct sockaddr *)&ss, &al)) {
        perror("mqc_fakebroker");
        return 1;
    }
    printf("%d\n", ntohs(v6 ? a6->sin6_port : a4->sin_port));
    fflush(stdout);
    static const uint8_t connack[] = {0x20, 0x02, 0x00, 0x00};
    while (!stop) {
        struct pollfd pf[MAXC + 2];
        int map[MAXC + 2];
        int n = 0;
        pf[n].fd = ls;
        pf[n++].events = POLLIN;
        pf[n].fd = fixed_port ? -1 : 0; /* spawned: stdin is /dev/null */
        pf[n++].events = POLLIN;
        for (int i = 0; i < MAXC; i++)
            if (cl[i]) {
                map[n] = i;
                pf[n].fd = cl[i]->fd;
                pf[n++].events = (short)(POLLIN | (cl[i]->flooding ? POLLOUT : 0));
            }
        int r = poll(pf, (nfds_t)n, 1000); /* the drip clock */
        if (r < 0 && errno != EINTR)
            break;
        if (!strcmp(mode, "drip"))
            for (int i = 0; i < MAXC; i++)
                if (cl[i] && cl[i]->drip_pos && cl[i]->drip_pos <= sizeof connack &&
                    now_s() >= cl[i]->drip_at) {
                    out(cl[i], &connack[cl[i]->drip_pos - 1], 1);
                    cl[i]->drip_pos++;
                    cl[i]->drip_at = now_s() + 1.0; /* one byte per second */
                }
        if (r <= 0)
            continue;
        if (pf[1].revents) {
            char tmp[256];
            if (read(0, tmp, sizeof tmp) <= 0)
                break; /* the test that started us is gone */
        }
        if (pf[0].revents) {
            int fd = accept(ls, NULL, NULL);
            int i = 0;
            while (i < MAXC && cl[i])
                i++;
            if (fd >= 0 && i < MAXC) {
                cl[i] = calloc(1, sizeof *cl[i]);
                if (cl[i])
                    cl[i]->fd = fd;
                else
                    close(fd);
            } else if (fd >= 0)
                close(fd);
        }
        for (int k = 2; k < n; k++) {
            if (!pf[k].revents)
                continue;
            int i = map[k];
            client *c = cl[i];
            if (c->flooding && (pf[k].revents & POLLOUT)) {
                static uint8_t stream[65536];
                for (size_t j = 0; j + 1 < sizeof stream; j += 2) {
                    stream[j] = 0xd0;
                    stream[j + 1] = 0x00;
                }
                (void)!send(c->fd, stream, sizeof stream, MSG_NOSIGNAL | MSG_DONTWAIT);
                if (!(pf[k].revents & POLLIN))
                    continue;
            }
            ssize_t got = recv(c->fd, c->buf + c->len, sizeof c->buf - c->len, 0);
            if (got <= 0) {
                drop(i, 0);
                continue;
            }
            bool buffered = false; /* got is already counted in c->len */
            if (strcmp(mode, "good") && c->spare == 0) {
                c->len += (size_t)got;
                c->spare = spare_decision(c);
                if (c->spare == 0)
                    continue;
                if (c->spare < 0) { /* the hostile mode sees every byte so far as new */
                    got = (ssize_t)c->len;
                    c->len = 0;
                } else
                    buffered = true;
            }
            const char *cm = c->spare > 0 ? "good" : mode; /* this connection's mode */
            if (!strcmp(cm, "silent"))
                continue;
            if (!strcmp(cm, "reset")) {
                drop(i, 1);
                continue;
            }
            if (!strcmp(cm, "flood")) {
                c->flooding = true;
                continue;
            }
            if (!strcmp(cm, "garbage")) {
                static const uint8_t junk[] = {0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x13, 0x37};
                out(c, junk, sizeof junk);
                continue;
            }
            int first = c->len == 0 && c->drip_pos == 0;
            if (!buffered)
                c->len += (size_t)got;
            if (!strcmp(cm, "close-mid")) {
                out(c, connack, 3);
                drop(i, 0);
                continue;
            }
            if (!strcmp(cm, "huge")) {
                static const uint8_t big[] = {0x30, 0xff, 0xff, 0xff, 0x7f, 0x00, 0x01};
                if (first)
                    out(c, big, sizeof big);
                continue;
            }
            if (!strcmp(cm, "drip")) {
                if (first) {
                    c->drip_pos = 1;
                    c->drip_at = now_s() + 1.0;
                }
                continue;
            }
            /* good */
            size_t off = 0;
            int closeit = 0;
            while (!closeit) {
                mqtt_frame fr;
                mqtt_error e;
                mqtt_decode_opts o = {c->ver ? c->ver : MQTT_V311, MQTT_C2S, NULL};
                mqtt_status st = mqtt_frame_next(c->buf + off, c->len - off, &o, &fr, &e);
                if (st == MQTT_NEED_MORE)
                    break;
                if (st != MQTT_OK || handle(c, c->buf + off, fr.total) < 0)
                    closeit = 1;
                else
                    off += fr.total;
            }
            if (closeit || c->len == sizeof c->buf) {
                drop(i, 0);
                continue;
            }
            memmove(c->buf, c->buf + off, c->len - off);
            c->len -= off;
        }
    }
    for (int i = 0; i < MAXC; i++)
        if (cl[i])
            drop(i, 0);
    close(ls);
    return 0;
}
