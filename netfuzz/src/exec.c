/* Running one case against the broker: pipelined writes, one round trip per
 * change of connection (a PINGREQ fence: its PINGRESP proves everything sent
 * before it was processed), and a final fence on every connection (or a
 * half-close answered by the broker's close where the client bytes do not
 * frame). Responses are only read up to those points, so what is observed
 * does not depend on timing, which keeps the feedback deterministic.
 *
 * While reading, two oracles run: every server packet goes through the
 * codec (server -> client direction), and ids are checked against what the
 * client sent (a PUBREL for an id never PUBRECed cannot follow). */
#include "nf.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "mqttcodec.h"

#define BITS (65536 / 8)

typedef struct nconn {
    int fd;
    bool open;       /* socket usable for writes */
    bool eof;        /* broker closed (FIN or RST) */
    bool rst;
    bool halfclosed; /* we sent FIN */
    bool desync;     /* our bytes stopped framing: no more fences */
    bool used;
    int version;     /* decoding version; 0: not known yet */
    int pings;       /* PINGRESPs still owed */
    bool connack, session_present, track, saw_connect;
    uint8_t rbuf[1 << 16];
    size_t rlen;
    uint8_t tail[NF_STEP_MAX * NF_MAX_STEPS + 1024]; /* sent bytes of an unfinished packet */
    size_t tlen;
    uint32_t prev_tok, fenced_tok;
    uint32_t feat[96];   /* this connection's features, merged at the end */
    size_t nfeat, nfenced; /* ... and how many were there at its last answered fence */
    uint8_t pub[BITS], rec[BITS], rel[BITS], sub[BITS], unsub[BITS];
} nconn;

static bool bit_get(const uint8_t *b, uint16_t i) { return b[i >> 3] & (1u << (i & 7)); }
static void bit_set(uint8_t *b, uint16_t i) { b[i >> 3] |= (uint8_t)(1u << (i & 7)); }

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* ---------------------------------------------------------------- recording */

static void rec_add(nf_recording *r, int kind, int conn, int from_client, int reset, const uint8_t *d,
                    size_t len)
{
    if (!r)
        return;
    if (r->nev == r->evcap) {
        size_t nc = r->evcap ? r->evcap * 2 : 64;
        nf_rec_event *ne = realloc(r->ev, nc * sizeof *ne);
        if (!ne)
            return;
        r->ev = ne;
        r->evcap = nc;
    }
    if (len && r->alen + len > r->acap) {
        size_t nc = r->acap ? r->acap : 4096;
        while (nc < r->alen + len)
            nc *= 2;
        uint8_t *na = realloc(r->arena, nc);
        if (!na)
            return;
        r->arena = na;
        r->acap = nc;
    }
    nf_rec_event *e = &r->ev[r->nev++];
    e->kind = (uint8_t)kind;
    e->conn = (uint8_t)conn;
    e->from_client = (uint8_t)from_client;
    e->reset = (uint8_t)reset;
    e->off = (uint32_t)r->alen;
    e->len = (uint32_t)len;
    gettimeofday(&e->ts, NULL);
    if (len) {
        memcpy(r->arena + r->alen, d, len);
        r->alen += len;
    }
}

void nf_rec_free(nf_recording *r)
{
    if (r) {
        free(r->ev);
        free(r->arena);
        memset(r, 0, sizeof *r);
    }
}

/* ---------------------------------------------------------------- features */

static void feat(nf_result *res, nconn *c, int k, uint32_t tok)
{
    (void)res;
    /* a response "edge": the previous response on this connection and this
     * one, per connection position in the case */
    uint64_t h = nf_hash(&tok, sizeof tok, nf_hash(&c->prev_tok, sizeof c->prev_tok, (uint64_t)k + 1));
    c->prev_tok = tok;
    if (c->nfeat < sizeof c->feat / sizeof c->feat[0])
        c->feat[c->nfeat++] = (uint32_t)(h % NF_MAP_SIZE);
}

/* When the broker closes, whether it sends FIN or RST depends on whether our
 * next bytes arrived before its close, and an RST may discard what it sent
 * just before (its send queue, or our unread receive queue). So for a
 * connection the broker closed, only what an answered fence proved counts,
 * plus one "closed" token: the feedback never depends on timing. */
static void merge_feats(nf_result *res, nconn *c, int k)
{
    if (c->eof) {
        c->nfeat = c->nfenced;
        c->prev_tok = c->fenced_tok;
        feat(res, c, k, 0xF1000000u);
    }
    for (size_t i = 0; i < c->nfeat && res->nfeat < sizeof res->feat / sizeof res->feat[0]; i++)
        res->feat[res->nfeat++] = c->feat[i];
}

static uint32_t packet_token(const mqtt_packet *p)
{
    uint32_t t = (uint32_t)p->type << 24 | (uint32_t)p->flags << 20;
    switch (p->type) {
    case MQTT_CONNACK: t |= (uint32_t)p->u.connack.code << 8 | p->u.connack.session_present; break;
    case MQTT_PUBACK: case MQTT_PUBREC: case MQTT_PUBREL: case MQTT_PUBCOMP:
        t |= (uint32_t)p->u.ack.code << 8 | (p->u.ack.packet_id < 4 ? p->u.ack.packet_id : 4);
        break;
    case MQTT_SUBACK: case MQTT_UNSUBACK: {
        uint64_t h = nf_hash(p->u.suback.codes.p, p->u.suback.codes.len, 0);
        t |= (uint32_t)(h & 0xfffff);
        break;
    }
    case MQTT_DISCONNECT: case MQTT_AUTH: t |= (uint32_t)p->u.reason.code << 8; break;
    case MQTT_PUBLISH: t |= (uint32_t)(p->u.publish.payload.len > 0) << 8 | (p->u.publish.props.len > 0); break;
    default: break;
    }
    return t;
}

/* ---------------------------------------------------------------- oracles */

static void flag_bad(nf_result *res, const char *oracle, const char *sig, const char *detail)
{
    if (res->bad_sig[0])
        return;
    snprintf(res->bad_oracle, sizeof res->bad_oracle, "%s", oracle);
    snprintf(res->bad_sig, sizeof res->bad_sig, "%s", sig);
    snprintf(res->bad_detail, sizeof res->bad_detail, "%s", detail);
}

static void hexs(const uint8_t *p, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < n && o + 3 < cap; i++)
        o += (size_t)snprintf(out + o, cap - o, "%02x", p[i]);
    if (cap)
        out[o < cap ? o : cap - 1] = 0;
}

/* Bookkeeping of what the client sent (lenient: the broker may have read
 * what the codec would reject, so ids are taken from the bytes). */
static void track_sent(nconn *c, const uint8_t *in, size_t inlen)
{
    if (c->desync)
        return;
    /* the client stream as the broker sees it: packets may span steps */
    if (c->tlen + inlen > sizeof c->tail) {
        c->desync = true;
        return;
    }
    memcpy(c->tail + c->tlen, in, inlen);
    c->tlen += inlen;
    const uint8_t *d = c->tail;
    size_t len = c->tlen;
    size_t off = 0;
    mqtt_decode_opts o = {(mqtt_version)(c->version ? c->version : 4), MQTT_C2S, NULL};
    while (off < len) {
        mqtt_frame fr;
        mqtt_error e;
        mqtt_status fs = mqtt_frame_next(d + off, len - off, &o, &fr, &e);
        if (fs == MQTT_NEED_MORE)
            break;
        if (fs != MQTT_OK) {
            c->desync = true;
            return;
        }
        const uint8_t *b = d + off + fr.header_len;
        size_t bl = fr.remaining;
        int type = fr.first_byte >> 4;
        if (!c->version && !c->saw_connect && type == MQTT_CONNECT) {
            /* the first CONNECT decides; an unknown name/level leaves 0
             * (any version's CONNACK form is then accepted) */
            c->saw_connect = true;
            c->version = mqtt_connect_version(d + off, fr.total);
            o.version = (mqtt_version)(c->version ? c->version : 4);
        }
        uint16_t id = bl >= 2 ? (uint16_t)(b[0] << 8 | b[1]) : 0;
        switch (type) {
        case MQTT_PUBLISH: {
            int qos = (fr.first_byte >> 1) & 3;
            if (qos && bl >= 2) {
                size_t tl = (size_t)(b[0] << 8 | b[1]);
                if (bl >= tl + 4)
                    bit_set(c->pub, (uint16_t)(b[2 + tl] << 8 | b[3 + tl]));
            }
            break;
        }
        case MQTT_PUBREC: bit_set(c->rec, id); break;
        case MQTT_PUBREL: bit_set(c->rel, id); break;
        case MQTT_SUBSCRIBE: bit_set(c->sub, id); break;
        case MQTT_UNSUBSCRIBE: bit_set(c->unsub, id); break;
        case MQTT_PINGREQ:
            if (fr.first_byte == 0xC0 && fr.remaining == 0)
                c->pings++;
            break;
        default: break;
        }
        off += fr.total;
    }
    memmove(c->tail, c->tail + off, len - off);
    c->tlen = len - off;
}

static void check_followup(nf_result *res, nconn *c, int k, const mqtt_packet *p)
{
    char sig[160], det[512];
    if (p->type == MQTT_CONNACK) {
        if (c->connack) {
            snprintf(sig, sizeof sig, "follow-up:second-CONNACK");
            snprintf(det, sizeof det, "connection %d: a second CONNACK", k);
            flag_bad(res, "follow-up", sig, det);
        }
        c->connack = true;
        c->session_present = p->u.connack.session_present;
        return;
    }
    /* with a session present the broker may resend state from before this
     * connection: ids cannot be checked against what this connection sent */
    if (!c->track || c->session_present)
        return;
    const char *what = NULL;
    uint16_t id = 0;
    switch (p->type) {
    case MQTT_PUBREL: id = p->u.ack.packet_id; if (!bit_get(c->rec, id)) what = "PUBREL for an id the client never PUBRECed"; break;
    case MQTT_PUBACK: id = p->u.ack.packet_id; if (!bit_get(c->pub, id)) what = "PUBACK for an id the client never published"; break;
    case MQTT_PUBREC: id = p->u.ack.packet_id; if (!bit_get(c->pub, id)) what = "PUBREC for an id the client never published"; break;
    case MQTT_PUBCOMP: id = p->u.ack.packet_id; if (!bit_get(c->rel, id)) what = "PUBCOMP for an id the client never PUBRELed"; break;
    case MQTT_SUBACK: id = p->u.suback.packet_id; if (!bit_get(c->sub, id)) what = "SUBACK for an id the client never subscribed with"; break;
    case MQTT_UNSUBACK: id = p->u.suback.packet_id; if (!bit_get(c->unsub, id)) what = "UNSUBACK for an id the client never unsubscribed with"; break;
    default: break;
    }
    if (what) {
        snprintf(sig, sizeof sig, "follow-up:%s-unknown-id", mqtt_type_name(p->type));
        snprintf(det, sizeof det, "connection %d: %s (id %u)", k, what, id);
        if (!res->bad_sig[0]) {
            res->bad_conn = k;
            res->bad_type = p->type;
            res->bad_id = id;
        }
        flag_bad(res, "follow-up", sig, det);
    }
}

static void on_packet(nf_result *res, nconn *c, int k, const uint8_t *d, size_t len)
{
    res->msgs_recv++;
    res->any_answer = true;
    mqtt_packet p;
    mqtt_error e;
    static const int order[3] = {4, 5, 3};
    mqtt_status st = MQTT_MALFORMED;
    if (c->version) {
        mqtt_decode_opts o = {(mqtt_version)c->version, MQTT_S2C, NULL};
        st = mqtt_decode(d, len, &o, &p, &e);
    } else {
        /* the client's CONNECT declared no known version: accept any form */
        mqtt_error e1;
        for (int i = 0; i < 3 && st != MQTT_OK; i++) {
            mqtt_decode_opts o = {(mqtt_version)order[i], MQTT_S2C, NULL};
            st = mqtt_decode(d, len, &o, &p, i ? &e1 : &e);
        }
    }
    if (st != MQTT_OK) {
        feat(res, c, k, 0xF4000000u | e.code);
        char sig[160], det[1024], hx[600];
        hexs(d, len < 256 ? len : 256, hx, sizeof hx);
        snprintf(sig, sizeof sig, "codec:%s:%s:%s", mqtt_type_name((mqtt_type)(d[0] >> 4)), e.stmt,
                 mqtt_errcode_name(e.code));
        snprintf(det, sizeof det, "connection %d (MQTT level %d): the broker sent %s bytes the codec rejects: %s "
                 "[%s, %s, field %s at offset %zu]: %s",
                 k, c->version, mqtt_type_name((mqtt_type)(d[0] >> 4)), e.message, e.stmt,
                 mqtt_status_name(e.status), e.field ? e.field : "-", e.offset, hx);
        /* a policy refusal (the spec leaves the point open, the codec's
         * default policy refuses it) is reported apart from malformed and
         * protocol errors */
        flag_bad(res, st == MQTT_POLICY ? "codec-policy" : "codec", sig, det);
        return;
    }
    feat(res, c, k, packet_token(&p));
    check_followup(res, c, k, &p);
    if (p.type == MQTT_PINGRESP && c->pings > 0) {
        c->pings--;
        if (!c->pings) {
            c->nfenced = c->nfeat;
            c->fenced_tok = c->prev_tok;
        }
    }
}

/* Reads what is there; returns false once the connection is closed. */
static bool read_conn(const nf_target *t, nf_result *res, nconn *c, int k)
{
    (void)t;
    for (;;) {
        if (c->rlen == sizeof c->rbuf) {
            /* one packet larger than the buffer: count it and drop it */
            feat(res, c, k, 0xF5000000u);
            c->rlen = 0;
        }
        ssize_t n = recv(c->fd, c->rbuf + c->rlen, sizeof c->rbuf - c->rlen, MSG_DONTWAIT);
        if (n > 0) {
            /* brokers without TCP_NODELAY (mosquitto's default) hold their
             * second small write until ours is ACKed: ACK at once, not after
             * the 40 ms delayed-ACK timer */
            int one = 1;
            setsockopt(c->fd, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof one);
            rec_add(res->rec, 1, k, 0, 0, c->rbuf + c->rlen, (size_t)n);
            c->rlen += (size_t)n;
            size_t off = 0;
            mqtt_decode_opts o = {(mqtt_version)(c->version ? c->version : 4), MQTT_S2C, NULL};
            while (off < c->rlen) {
                mqtt_frame fr;
                mqtt_error e;
                mqtt_status s = mqtt_frame_next(c->rbuf + off, c->rlen - off, &o, &fr, &e);
                if (s == MQTT_NEED_MORE)
                    break;
                if (s != MQTT_OK) {
                    char sig[160], det[600], hx[200];
                    hexs(c->rbuf + off, c->rlen - off < 64 ? c->rlen - off : 64, hx, sizeof hx);
                    snprintf(sig, sizeof sig, "codec:framing:%s:%s", e.stmt, mqtt_errcode_name(e.code));
                    snprintf(det, sizeof det, "connection %d: the broker's bytes do not frame: %s [%s]: %s", k,
                             e.message, e.stmt, hx);
                    flag_bad(res, "codec", sig, det);
                    feat(res, c, k, 0xF6000000u);
                    off = c->rlen;
                    break;
                }
                on_packet(res, c, k, c->rbuf + off, fr.total);
                off += fr.total;
            }
            memmove(c->rbuf, c->rbuf + off, c->rlen - off);
            c->rlen -= off;
            continue;
        }
        if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
            c->rst = n < 0 && errno == ECONNRESET;
            c->eof = true;
            c->open = false;
            rec_add(res->rec, 2, k, 0, c->rst, NULL, 0);
            return false;
        }
        return true;
    }
}

static int dial(const nf_target *t, int *err)
{
    struct addrinfo hints, *ai = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICHOST;
    char ps[8];
    snprintf(ps, sizeof ps, "%u", t->port);
    if (getaddrinfo(t->host, ps, &hints, &ai) || !ai) {
        *err = EINVAL;
        return -1;
    }
    int fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        *err = errno;
        freeaddrinfo(ai);
        return -1;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    setsockopt(fd, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof one);
    if (connect(fd, ai->ai_addr, ai->ai_addrlen) < 0) {
        *err = errno;
        close(fd);
        freeaddrinfo(ai);
        return -1;
    }
    freeaddrinfo(ai);
    return fd;
}

static bool send_all(nf_result *res, nconn *c, int k, const uint8_t *d, size_t len)
{
    rec_add(res->rec, 1, k, 1, 0, d, len);
    size_t off = 0;
    while (off < len) {
        ssize_t n = send(c->fd, d + off, len - off, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            struct pollfd pf = {c->fd, POLLOUT, 0};
            if (poll(&pf, 1, 1000) <= 0)
                return false;
            continue;
        }
        if (n <= 0) {
            c->open = false;
            return false;
        }
        off += (size_t)n;
    }
    return true;
}

/* Waits until every connection in want[] has its fences answered (or its
 * close, for half-closed ones). Sets res->timeout on the deadline. */
static void wait_fences(const nf_target *t, nf_result *res, nconn *cs, int n, const bool *want)
{
    double deadline = now_ms() + t->wait_ms;
    for (;;) {
        struct pollfd pf[NF_MAX_CONNS];
        int idx[NF_MAX_CONNS], np = 0;
        for (int k = 0; k < n; k++) {
            nconn *c = &cs[k];
            if (!c->used || c->eof || c->fd < 0)
                continue;
            bool pending = want[k] && (c->halfclosed || c->pings > 0);
            if (!pending)
                continue;
            pf[np].fd = c->fd;
            pf[np].events = POLLIN;
            pf[np].revents = 0;
            idx[np++] = k;
        }
        if (!np)
            return;
        double left = deadline - now_ms();
        if (left <= 0) {
            res->timeout = true;
            for (int i = 0; i < np; i++)
                feat(res, &cs[idx[i]], idx[i], 0xF3000000u);
            return;
        }
        int r = poll(pf, (nfds_t)np, (int)left + 1);
        if (r < 0 && errno != EINTR)
            return;
        for (int i = 0; i < np; i++)
            if (pf[i].revents)
                read_conn(t, res, &cs[idx[i]], idx[i]);
    }
}

static const uint8_t PINGREQ[2] = {0xC0, 0x00};

static uint64_t count_packets(const uint8_t *buf, size_t len)
{
    uint64_t n = 0;
    for (size_t off = 0; off < len;) {
        mqtt_frame fr;
        mqtt_error e;
        mqtt_decode_opts o = {MQTT_V5, MQTT_C2S, NULL};
        if (mqtt_frame_next(buf + off, len - off, &o, &fr, &e) != MQTT_OK)
            break;
        n++;
        off += fr.total;
    }
    return n;
}

void nf_exec(const nf_target *t, const nf_case *cs, const char *tag, nf_result *res)
{
    nf_recording *rec = res->rec;
    memset(res, 0, sizeof *res);
    res->rec = rec;
    static nconn conns[NF_MAX_CONNS]; /* large; one case at a time per process */
    for (int k = 0; k < NF_MAX_CONNS; k++) {
        nconn *c = &conns[k];
        memset(c, 0, offsetof(nconn, rbuf));
        c->rlen = 0;
        c->tlen = 0;
        c->prev_tok = c->fenced_tok = 0;
        c->nfeat = c->nfenced = 0;
        memset(c->pub, 0, sizeof c->pub);
        memset(c->rec, 0, sizeof c->rec);
        memset(c->rel, 0, sizeof c->rel);
        memset(c->sub, 0, sizeof c->sub);
        memset(c->unsub, 0, sizeof c->unsub);
        c->fd = -1;
        c->track = true;
    }
    uint8_t buf[NF_STEP_MAX + 512];
    bool sent_any = false;
    for (int i = 0; i < cs->nstep; i++) {
        const nf_step *st = &cs->step[i];
        int k = st->conn;
        nconn *c = &conns[k];
        size_t len = 0;
        if (!c->used) {
            int err = 0;
            c->used = true;
            c->fd = dial(t, &err);
            if (c->fd < 0) {
                res->connect_failed = true;
                res->connect_failed_first = !sent_any;
                res->connect_errno = err;
                c->eof = true;
                feat(res, c, k, 0xF7000000u);
                continue;
            }
            c->open = true;
            if (rec) {
                socklen_t sl = sizeof rec->client[k];
                getsockname(c->fd, (struct sockaddr *)&rec->client[k], &sl);
                sl = sizeof rec->server[k];
                getpeername(c->fd, (struct sockaddr *)&rec->server[k], &sl);
                rec->have_addr[k] = true;
                rec_add(rec, 0, k, 1, 0, NULL, 0);
            }
            c->version = (cs->conn[k].prefix & NF_P_CONNECT) ? cs->conn[k].version : 0;
            len = nf_build_prefix(cs, k, tag, buf, sizeof buf);
            track_sent(c, buf, len);
            if (len) {
                /* the prefix gets its own fence: what the broker answers to
                 * the state it builds is observed whatever comes next */
                memcpy(buf + len, PINGREQ, 2);
                len += 2;
                c->pings++;
                res->msgs_sent += count_packets(buf, len);
                if (send_all(res, c, k, buf, len)) {
                    bool want[NF_MAX_CONNS] = {false};
                    want[k] = true;
                    wait_fences(t, res, conns, NF_MAX_CONNS, want);
                }
                len = 0;
                if (res->timeout)
                    break;
            }
        }
        if (!c->open || c->eof)
            continue;
        memcpy(buf + len, st->data, st->len);
        track_sent(c, st->data, st->len);
        len += st->len;
        /* a fence after every step but the last (the final round covers
         * it): it orders the connections, and what it proves survives a
         * close by the broker */
        bool fence = i + 1 < cs->nstep && !c->desync && !c->tlen;
        if (fence) {
            memcpy(buf + len, PINGREQ, 2);
            len += 2;
            c->pings++;
        }
        res->msgs_sent += count_packets(buf, len);
        sent_any = true;
        if (!send_all(res, c, k, buf, len))
            continue;
        if (fence) {
            bool want[NF_MAX_CONNS] = {false};
            want[k] = true;
            wait_fences(t, res, conns, NF_MAX_CONNS, want);
            if (res->timeout)
                break;
        }
    }
    /* final fences, in two rounds: first the connection of the last step
     * (whatever it published is then queued to the others), then every
     * other one. PINGREQ where the bytes frame, a half-close (answered by
     * the broker's close) where they do not. Nothing is read after its
     * fence, so late arrivals never change what a case observed. */
    int last = cs->nstep ? cs->step[cs->nstep - 1].conn : -1;
    for (int round = 0; round < 2 && !res->timeout; round++) {
        bool want[NF_MAX_CONNS] = {false};
        bool any = false;
        for (int k = 0; k < NF_MAX_CONNS; k++) {
            nconn *c = &conns[k];
            if ((round == 0) != (k == last))
                continue;
            if (!c->used || c->fd < 0 || !c->open || c->eof)
                continue;
            want[k] = true;
            any = true;
            if (c->desync || c->tlen) {
                shutdown(c->fd, SHUT_WR);
                c->halfclosed = true;
                rec_add(rec, 2, k, 1, 0, NULL, 0);
            } else {
                c->pings++;
                res->msgs_sent++;
                if (!send_all(res, c, k, PINGREQ, 2))
                    c->pings = 0;
            }
        }
        if (any)
            wait_fences(t, res, conns, NF_MAX_CONNS, want);
    }
    for (int k = 0; k < NF_MAX_CONNS; k++) {
        nconn *c = &conns[k];
        if (c->fd >= 0) {
            if (!c->eof && !c->halfclosed)
                rec_add(rec, 2, k, 1, 0, NULL, 0);
            close(c->fd);
            c->fd = -1;
        }
        merge_feats(res, c, k);
    }
}

/* ---------------------------------------------------------------- liveness */

static bool wait_type(int fd, int type, int ms, int version, nf_recording *rec)
{
    uint8_t b[4096];
    size_t have = 0;
    double deadline = now_ms() + ms;
    mqtt_decode_opts o = {(mqtt_version)version, MQTT_S2C, NULL};
    for (;;) {
        size_t off = 0;
        while (off < have) {
            mqtt_frame fr;
            mqtt_error e;
            if (mqtt_frame_next(b + off, have - off, &o, &fr, &e) != MQTT_OK)
                break;
            if ((fr.first_byte >> 4) == type)
                return true;
            off += fr.total;
        }
        memmove(b, b + off, have - off);
        have -= off;
        double left = deadline - now_ms();
        if (left <= 0 || have == sizeof b)
            return false;
        struct pollfd pf = {fd, POLLIN, 0};
        if (poll(&pf, 1, (int)left + 1) <= 0)
            continue;
        ssize_t n = recv(fd, b + have, sizeof b - have, 0);
        if (n <= 0) {
            rec_add(rec, 2, NF_MAX_CONNS, 0, n < 0, NULL, 0);
            return false;
        }
        rec_add(rec, 1, NF_MAX_CONNS, 0, 0, b + have, (size_t)n);
        have += (size_t)n;
    }
}

int nf_liveness(const char *host, uint16_t port, int ms, nf_recording *rec, char *what, size_t cap)
{
    nf_target t = {host, port, ms};
    int err = 0;
    int fd = dial(&t, &err);
    if (fd < 0) {
        snprintf(what, cap, "a fresh TCP connection to %s:%u failed: %s", host, port, strerror(err));
        return 1;
    }
    if (rec) {
        socklen_t sl = sizeof rec->client[NF_MAX_CONNS];
        getsockname(fd, (struct sockaddr *)&rec->client[NF_MAX_CONNS], &sl);
        sl = sizeof rec->server[NF_MAX_CONNS];
        getpeername(fd, (struct sockaddr *)&rec->server[NF_MAX_CONNS], &sl);
        rec->have_addr[NF_MAX_CONNS] = true;
        rec_add(rec, 0, NF_MAX_CONNS, 1, 0, NULL, 0);
    }
    static const uint8_t connect[] = {0x10, 0x13, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04, 0x02, 0x00, 0x3c,
                                      0x00, 0x07, 'n', 'f', '-', 'l', 'i', 'v', 'e'};
    int rc = 0;
    rec_add(rec, 1, NF_MAX_CONNS, 1, 0, connect, sizeof connect);
    if (send(fd, connect, sizeof connect, MSG_NOSIGNAL) != (ssize_t)sizeof connect ||
        !wait_type(fd, MQTT_CONNACK, ms, 4, rec)) {
        snprintf(what, cap, "a fresh CONNECT got no CONNACK within %d ms", ms);
        rc = 2;
    } else if ((rec_add(rec, 1, NF_MAX_CONNS, 1, 0, PINGREQ, 2), send(fd, PINGREQ, 2, MSG_NOSIGNAL) != 2) ||
               !wait_type(fd, MQTT_PINGRESP, ms, 4, rec)) {
        snprintf(what, cap, "PINGREQ on a fresh connection got no PINGRESP within %d ms", ms);
        rc = 3;
    } else {
        snprintf(what, cap, "alive");
    }
    rec_add(rec, 2, NF_MAX_CONNS, 1, 0, NULL, 0);
    close(fd);
    return rc;
}
