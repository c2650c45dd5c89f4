/* A small scripted MQTT broker (3.1.1 and 5.0, one process, poll) with
 * bugs planted behind state, for the netfuzz tests:
 *   --bug alias-pubrel   abort() on a PUBREL for a QoS 2 PUBLISH that carried
 *                        a Topic Alias (v5), on the same connection
 *   --bug takeover-will  hang for good when a second session takes over a
 *                        client id whose connection has a will armed
 *   --bug qos2-leak      leak 64 kB each time a QoS 2 PUBLISH reuses a packet
 *                        id still waiting for its PUBREL
 *   --bug suback9        a SUBACK with reserved return codes (0x03) for a
 *                        SUBSCRIBE of 9 filters or more
 * and misbehaviours: --mode close (closes every connection at once),
 * --mode silent (reads, never answers), --mode slow (3 ms before each answer).
 * usage: planted_broker PORT [--bug NAME] [--mode NAME] */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "mqttcodec.h"

#define MAXC 64

typedef struct client {
    int fd;
    int version;
    bool connected, will;
    char id[128];
    uint8_t buf[1 << 17];
    size_t len;
    uint8_t pending[8192];  /* QoS 2 ids waiting for PUBREL */
    uint8_t aliased[8192];  /* ... whose PUBLISH carried a Topic Alias */
    char subs[16][64];
    int nsubs;
} client;

static client *cl[MAXC];
static const char *bug = "", *mode = "";

static bool bit(const uint8_t *b, unsigned i) { return b[i >> 3] & (1u << (i & 7)); }
static void setbit(uint8_t *b, unsigned i, bool v)
{
    if (v)
        b[i >> 3] |= (uint8_t)(1u << (i & 7));
    else
        b[i >> 3] &= (uint8_t)~(1u << (i & 7));
}

static void drop(int i)
{
    close(cl[i]->fd);
    free(cl[i]);
    cl[i] = NULL;
}

static void out(client *c, const uint8_t *b, size_t n)
{
    if (!strcmp(mode, "slow")) {
        struct timespec ts = {0, 3000000};
        nanosleep(&ts, NULL);
    }
    if (send(c->fd, b, n, MSG_NOSIGNAL) < 0)
        return;
}

static void reply(client *c, mqtt_packet *p)
{
    uint8_t b[512];
    size_t n = 0;
    mqtt_error e;
    mqtt_decode_opts o = {(mqtt_version)c->version, MQTT_S2C, NULL};
    if (mqtt_encode(p, &o, b, sizeof b, &n, &e) == MQTT_OK)
        out(c, b, n);
}

static void ack(client *c, mqtt_type t, uint16_t id)
{
    mqtt_packet p;
    memset(&p, 0, sizeof p);
    p.type = t;
    p.u.ack.packet_id = id;
    reply(c, &p);
}

/* returns false to close the connection */
static bool handle(int ci, const uint8_t *d, size_t len)
{
    client *c = cl[ci];
    mqtt_packet p;
    mqtt_error e;
    if (!c->connected) {
        int v = mqtt_connect_version(d, len);
        if (v != 4 && v != 5)
            return false;
        c->version = v;
    }
    mqtt_decode_opts o = {(mqtt_version)c->version, MQTT_C2S, NULL};
    if (mqtt_decode(d, len, &o, &p, &e) != MQTT_OK)
        return false;
    if (!c->connected) {
        if (p.type != MQTT_CONNECT)
            return false;
        snprintf(c->id, sizeof c->id, "%.*s", (int)p.u.connect.client_id.len, p.u.connect.client_id.p);
        c->will = p.u.connect.will;
        for (int j = 0; j < MAXC; j++) {
            if (j == ci || !cl[j] || !cl[j]->connected || strcmp(cl[j]->id, c->id))
                continue;
            if (!strcmp(bug, "takeover-will") && cl[j]->will)
                for (;;)
                    pause(); /* the planted hang */
            drop(j);
        }
        c->connected = true;
        mqtt_packet a;
        memset(&a, 0, sizeof a);
        a.type = MQTT_CONNACK;
        reply(c, &a);
        return true;
    }
    switch (p.type) {
    case MQTT_PUBLISH: {
        uint16_t id = p.u.publish.packet_id;
        if (p.u.publish.qos == 1)
            ack(c, MQTT_PUBACK, id);
        if (p.u.publish.qos == 2) {
            if (bit(c->pending, id) && !strcmp(bug, "qos2-leak")) {
                char *leak = malloc(65536);
                if (leak)
                    memset(leak, 0x5a, 65536); /* the planted leak: never freed */
            }
            mqtt_prop pr;
            setbit(c->pending, id, true);
            setbit(c->aliased, id, mqtt_props_find(&p.u.publish.props, MQTT_PROP_TOPIC_ALIAS, &pr));
            ack(c, MQTT_PUBREC, id);
        }
        /* deliver at QoS 0 to matching subscribers */
        for (int j = 0; j < MAXC && p.u.publish.topic.len; j++) {
            if (!cl[j] || !cl[j]->connected)
                continue;
            for (int s = 0; s < cl[j]->nsubs; s++)
                if (mqtt_topic_matches((const uint8_t *)cl[j]->subs[s], strlen(cl[j]->subs[s]), p.u.publish.topic.p,
                                       p.u.publish.topic.len)) {
                    mqtt_packet f;
                    memset(&f, 0, sizeof f);
                    f.type = MQTT_PUBLISH;
                    f.u.publish.topic = p.u.publish.topic;
                    f.u.publish.payload = p.u.publish.payload;
                    reply(cl[j], &f);
                    break;
                }
        }
        return true;
    }
    case MQTT_PUBREL:
        if (!strcmp(bug, "alias-pubrel") && bit(c->aliased, p.u.ack.packet_id))
        {
            fprintf(stderr, "planted_broker: PUBREL id %u after an aliased QoS 2 PUBLISH: abort\n", p.u.ack.packet_id);
            abort(); /* the planted crash */
        }
        setbit(c->pending, p.u.ack.packet_id, false);
        ack(c, MQTT_PUBCOMP, p.u.ack.packet_id);
        return true;
    case MQTT_SUBSCRIBE: {
        uint8_t codes[64];
        size_t n = 0;
        mqtt_list_iter it;
        mqtt_sub_entry se;
        mqtt_sub_iter_init(&it, &p.u.subscribe, (mqtt_version)c->version);
        while (mqtt_sub_next(&it, &se) && n < sizeof codes) {
            codes[n++] = se.qos;
            if (c->nsubs < 16 && se.filter.len < 63)
                snprintf(c->subs[c->nsubs++], 64, "%.*s", (int)se.filter.len, se.filter.p);
        }
        mqtt_packet a;
        memset(&a, 0, sizeof a);
        a.type = MQTT_SUBACK;
        a.u.suback.packet_id = p.u.subscribe.packet_id;
        if (!strcmp(bug, "suback9") && n >= 9) {
            memset(codes, 0x03, n); /* the planted malformed SUBACK */
            a.u.suback.codes = mqtt_bytes(codes, n);
            uint8_t b[256];
            size_t w = mqtt_raw_encode(&a, (mqtt_version)c->version, false, b, sizeof b);
            out(c, b, w);
            return true;
        }
        a.u.suback.codes = mqtt_bytes(codes, n);
        reply(c, &a);
        return true;
    }
    case MQTT_UNSUBSCRIBE: {
        uint8_t codes[64];
        size_t n = p.u.unsubscribe.count < sizeof codes ? p.u.unsubscribe.count : sizeof codes;
        memset(codes, 0, n);
        mqtt_packet a;
        memset(&a, 0, sizeof a);
        a.type = MQTT_UNSUBACK;
        a.u.suback.packet_id = p.u.unsubscribe.packet_id;
        if (c->version == 5)
            a.u.suback.codes = mqtt_bytes(codes, n);
        reply(c, &a);
        return true;
    }
    case MQTT_PINGREQ: {
        mqtt_packet a;
        memset(&a, 0, sizeof a);
        a.type = MQTT_PINGRESP;
        reply(c, &a);
        return true;
    }
    case MQTT_PUBACK: case MQTT_PUBREC: case MQTT_PUBCOMP:
        return true;
    default: /* DISCONNECT, a second CONNECT, AUTH, server-only types */
        return false;
    }
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: planted_broker PORT [--bug NAME] [--mode close|silent|slow]\n");
        return 2;
    }
    for (int i = 2; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--bug"))
            bug = argv[i + 1];
        else if (!strcmp(argv[i], "--mode"))
            mode = argv[i + 1];
    }
    signal(SIGPIPE, SIG_IGN);
    int ls = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)atoi(argv[1]));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(ls, (struct sockaddr *)&a, sizeof a) || listen(ls, 128)) {
        perror("planted_broker: bind");
        return 2;
    }
    fprintf(stderr, "planted_broker: port %s bug '%s' mode '%s'\n", argv[1], bug, mode);
    for (;;) {
        struct pollfd pf[MAXC + 1];
        int idx[MAXC + 1], n = 0;
        pf[n].fd = ls;
        pf[n].events = POLLIN;
        idx[n++] = -1;
        for (int i = 0; i < MAXC; i++)
            if (cl[i]) {
                pf[n].fd = cl[i]->fd;
                pf[n].events = POLLIN;
                idx[n++] = i;
            }
        if (poll(pf, (nfds_t)n, -1) < 0)
            continue;
        for (int k = 0; k < n; k++) {
            if (!pf[k].revents)
                continue;
            if (idx[k] < 0) {
                int fd = accept(ls, NULL, NULL);
                if (fd < 0)
                    continue;
                if (!strcmp(mode, "close")) {
                    close(fd);
                    continue;
                }
                setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                int slot = -1;
                for (int i = 0; i < MAXC && slot < 0; i++)
                    if (!cl[i])
                        slot = i;
                client *c = slot < 0 ? NULL : calloc(1, sizeof *c);
                if (!c) {
                    close(fd);
                    continue;
                }
                c->fd = fd;
                cl[slot] = c;
                continue;
            }
            int i = idx[k];
            client *c = cl[i];
            if (!c)
                continue;
            ssize_t r = recv(c->fd, c->buf + c->len, sizeof c->buf - c->len, 0);
            if (r <= 0 || !strcmp(mode, "silent")) {
                if (r <= 0)
                    drop(i);
                continue;
            }
            c->len += (size_t)r;
            size_t off = 0;
            bool ok = true;
            while (ok && off < c->len) {
                mqtt_frame fr;
                mqtt_error e;
                mqtt_decode_opts o = {MQTT_V5, MQTT_C2S, NULL};
                mqtt_status s = mqtt_frame_next(c->buf + off, c->len - off, &o, &fr, &e);
                if (s == MQTT_NEED_MORE && c->len < sizeof c->buf)
                    break;
                if (s != MQTT_OK) {
                    ok = false;
                    break;
                }
                ok = handle(i, c->buf + off, fr.total);
                off += fr.total;
            }
            if (!ok || !cl[i]) {
                if (cl[i])
                    drop(i);
                continue;
            }
            memmove(c->buf, c->buf + off, c->len - off);
            c->len -= off;
        }
    }
}
