/*
 * Replay: plays every recorded connection's client side against a live
 * broker, in the recorded global order, and compares what the broker answers
 * with what was recorded.
 *
 * All connections and recorded packets are put on one timeline. A recorded
 * server packet raises the number of packets expected on its connection;
 * before each client send (or close) the replayer waits, up to wait_ms, until
 * every connection has received what the recording had received by then.
 * That keeps causality (a subscriber has its SUBACK before the publisher
 * publishes) without depending on machine speed. With speed > 0 the recorded
 * gaps between client sends are also kept (divided by speed).
 *
 * Sockets are nonblocking; every wait is a poll with a deadline.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>

#ifdef MQP_HAVE_TRANSPORT
#include "mqtransport.h"
#endif
#include "internal.h"

#define LINE 1024
#define DIFF_MAX_CELLS (4u * 1024 * 1024)

enum step_kind { ST_EXPECT, ST_SEND, ST_SEND_RAW, ST_CLOSE };

typedef struct step {
    struct timeval ts;
    size_t conn, seq;        /* seq: position within the connection */
    enum step_kind kind;
    size_t msg;              /* ST_SEND: index in msgs; ST_SEND_RAW: stream offset */
    size_t len;              /* ST_SEND_RAW */
} step;

typedef struct rconn {
    const mqpcap_conn *rec;
    int fd;
    void *tr;                /* mqt_conn over fd with a transport, else NULL */
    int wc;                  /* writer handle, -1 none */
    bool opened, server_closed, we_closed, send_failed;
    bool sent_disconnect;    /* after it, the broker closing is expected, not news */
    size_t sends_total;      /* client steps of this connection on the timeline */
    size_t sends_done;
    size_t npk_at_last_send; /* packets received when the last client step went out */
    bool closed_after_last;  /* the broker closed after the last client step */
    mqp_buf in;              /* everything received */
    size_t framed;           /* bytes of `in` framed so far */
    size_t *pk_off;          /* received packets (offsets into in) */
    size_t npk, pkcap;
    bool frame_err;
    size_t target;           /* recorded server packets due so far */
    uint16_t *rec_ids;       /* recorded ids of the server's QoS>0 PUBLISHes, in order */
    uint16_t *new_ids;       /* the ids the broker used this time, same order */
    size_t nrec_ids, nnew_ids;
} rconn;

typedef struct ctx {
    const mqpcap_replay_opts *o;
    rconn *c;
    size_t nc;
    mqpcap_writer *w;
    struct sockaddr_storage target;
    socklen_t target_len;
    FILE *rep;
    char why[512];           /* why the last connection could not be opened (TLS, WebSocket) */
    bool died;
    size_t timeouts;
    char suffix[16];
} ctx;

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static struct timeval wall(void)
{
    struct timeval t;
    gettimeofday(&t, NULL);
    return t;
}

static double tv_s(const struct timeval *t)
{
    return (double)t->tv_sec + (double)t->tv_usec / 1e6;
}

/* ------------------------------------------------------------ receiving */

static uint16_t pub_id(const uint8_t *p, size_t len, const mqtt_frame *fr, int *qos)
{
    /* PUBLISH variable header: topic (2-byte length + bytes), then the id. */
    *qos = (p[0] >> 1) & 3;
    size_t h = fr->header_len;
    if (*qos == 0 || h + 2 > len)
        return 0;
    size_t tl = mqp_be16(p + h);
    if (h + 2 + tl + 2 > len)
        return 0;
    return mqp_be16(p + h + 2 + tl);
}

static void take_frames(rconn *rc)
{
    while (!rc->frame_err && rc->framed < rc->in.len) {
        mqtt_frame fr;
        mqtt_error e;
        const uint8_t *p = rc->in.p + rc->framed;
        size_t len = rc->in.len - rc->framed;
        mqtt_decode_opts o = {.version = (mqtt_version)rc->rec->decoded_as,
                              .dir = MQTT_S2C, .policy = NULL};
        mqtt_status s = mqtt_frame_next(p, len, &o, &fr, &e);
        if (s == MQTT_NEED_MORE)
            return;
        if (s != MQTT_OK) {
            rc->frame_err = true;
            return;
        }
        if (rc->npk == rc->pkcap) {
            size_t ncap = rc->pkcap ? rc->pkcap * 2 : 16;
            size_t *np = realloc(rc->pk_off, ncap * sizeof *np);
            if (!np) {
                rc->frame_err = true;
                return;
            }
            rc->pk_off = np;
            rc->pkcap = ncap;
        }
        rc->pk_off[rc->npk++] = rc->framed;
        if ((p[0] >> 4) == MQTT_PUBLISH) {
            int qos;
            uint16_t id = pub_id(p, fr.total, &fr, &qos);
            if (qos && rc->nnew_ids < rc->nrec_ids)
                rc->new_ids[rc->nnew_ids++] = id;
        }
        rc->framed += fr.total;
    }
}

/* The byte pipe: the socket itself, or TLS / WebSocket over it. */
static ssize_t rc_recv(rconn *rc, uint8_t *b, size_t n)
{
#ifdef MQP_HAVE_TRANSPORT
    if (rc->tr)
        return mqt_recv(rc->tr, b, n);
#endif
    return recv(rc->fd, b, n, 0);
}

static bool rc_pending(const rconn *rc)
{
#ifdef MQP_HAVE_TRANSPORT
    return rc->tr && rc->fd >= 0 && mqt_pending(rc->tr);
#else
    (void)rc;
    return false;
#endif
}

static void rc_close(rconn *rc, bool orderly)
{
#ifdef MQP_HAVE_TRANSPORT
    if (rc->tr && orderly)
        mqt_shutdown(rc->tr);
    mqt_free(rc->tr);
#else
    (void)orderly;
#endif
    rc->tr = NULL;
    close(rc->fd);
    rc->fd = -1;
}

static void on_readable(ctx *x, rconn *rc)
{
    uint8_t buf[16384];
    for (;;) {
        ssize_t n = rc_recv(rc, buf, sizeof buf);
        if (n > 0) {
            if (mqp_buf_add(&rc->in, buf, (size_t)n) != 0) {
                rc->frame_err = true;
                return;
            }
            if (x->w) {
                struct timeval t = wall();
                mqpcap_conn_data(x->w, rc->wc, 0, buf, (size_t)n, &t);
            }
            take_frames(rc);
            continue;
        }
        if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
            /* EOF or reset: the broker ended this connection. */
            if (!rc->we_closed && !rc->sent_disconnect) {
                rc->server_closed = true;
                rc->closed_after_last = rc->sends_done == rc->sends_total;
            }
            if (x->w) {
                struct timeval t = wall();
                mqpcap_conn_close(x->w, rc->wc, 0, n != 0, &t);
            }
            rc_close(rc, false);
        }
        return;
    }
}

static bool expectations_met(ctx *x)
{
    for (size_t i = 0; i < x->nc; i++) {
        rconn *rc = &x->c[i];
        if (rc->fd >= 0 && !rc->frame_err && rc->npk < rc->target)
            return false;
    }
    return true;
}

/* Receives on every open connection until cond holds or the deadline passes.
 * cond NULL: just receive until the deadline. Returns whether cond held. */
static bool pump(ctx *x, double deadline, bool (*cond)(ctx *, void *), void *arg)
{
    struct pollfd *pf = calloc(x->nc ? x->nc : 1, sizeof *pf);
    size_t *idx = calloc(x->nc ? x->nc : 1, sizeof *idx);
    bool ok = false;
    if (!pf || !idx)
        goto out;
    for (;;) {
        for (size_t i = 0; i < x->nc; i++) /* bytes TLS / WebSocket already hold */
            if (rc_pending(&x->c[i]))
                on_readable(x, &x->c[i]);
        if (cond && cond(x, arg)) {
            ok = true;
            break;
        }
        double left = deadline - now_s();
        if (left <= 0)
            break;
        nfds_t n = 0;
        for (size_t i = 0; i < x->nc; i++)
            if (x->c[i].fd >= 0) {
                pf[n].fd = x->c[i].fd;
                pf[n].events = POLLIN;
                pf[n].revents = 0;
                idx[n++] = i;
            }
        if (n == 0 && cond) {
            ok = cond(x, arg); /* nothing open: nothing can change */
            break;
        }
        /* with nothing open this is a plain wait until the deadline (keeping
         * recorded timing between connections) */
        int ms = (int)(left * 1000) + 1;
        int r = poll(n ? pf : NULL, n, ms);
        if (r < 0 && errno != EINTR)
            break;
        for (nfds_t k = 0; r > 0 && k < n; k++)
            if (pf[k].revents)
                on_readable(x, &x->c[idx[k]]);
    }
out:
    free(pf);
    free(idx);
    return ok;
}

static bool cond_expect(ctx *x, void *arg)
{
    (void)arg;
    return expectations_met(x);
}

static bool cond_closed(ctx *x, void *arg)
{
    (void)x;
    return ((rconn *)arg)->fd < 0;
}

static void wait_expected(ctx *x)
{
    double wait = (x->o->wait_ms > 0 ? x->o->wait_ms : 2000) / 1000.0;
    if (!pump(x, now_s() + wait, cond_expect, NULL)) {
        x->timeouts++;
        for (size_t i = 0; i < x->nc; i++) {
            rconn *rc = &x->c[i];
            if (rc->fd >= 0 && rc->npk < rc->target)
                fprintf(x->rep, "  connection %zu: waited %.1fs for %zu packet(s), got %zu\n",
                        i + 1, wait, rc->target, rc->npk);
        }
    }
}

/* -------------------------------------------------------------- sending */

static int open_conn(ctx *x, rconn *rc)
{
    double wait = (x->o->wait_ms > 0 ? x->o->wait_ms : 2000) / 1000.0;
    int fd = socket(x->target.ss_family, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) != 0) {
        close(fd);
        return -1;
    }
    if (connect(fd, (struct sockaddr *)&x->target, x->target_len) != 0) {
        if (errno != EINPROGRESS) {
            int e = errno;
            close(fd);
            errno = e;
            return -1;
        }
        struct pollfd p = {fd, POLLOUT, 0};
        int soerr = 0;
        socklen_t sl = sizeof soerr;
        int pr = poll(&p, 1, (int)(wait * 1000));
        if (pr != 1 || getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) != 0 || soerr != 0) {
            close(fd);
            errno = pr == 0 ? ETIMEDOUT : soerr ? soerr : errno;
            return -1;
        }
    }
#ifdef MQP_HAVE_TRANSPORT
    if (x->o->transport) {
        rc->tr = mqt_open(x->o->transport, fd, NULL, now_s() + wait, x->why, sizeof x->why);
        if (!rc->tr) {
            close(fd);
            errno = EPROTO;
            return -1;
        }
    }
#endif
    rc->fd = fd;
    rc->opened = true;
    rc->wc = -1;
    if (x->w) {
        struct sockaddr_storage me;
        socklen_t ml = sizeof me;
        struct timeval t = wall();
        if (getsockname(fd, (struct sockaddr *)&me, &ml) == 0)
            rc->wc = mqpcap_conn_open(x->w, (struct sockaddr *)&me,
                                      (struct sockaddr *)&x->target, &t);
    }
    return 0;
}

static void send_bytes(ctx *x, rconn *rc, const uint8_t *p, size_t len)
{
    double wait = (x->o->wait_ms > 0 ? x->o->wait_ms : 2000) / 1000.0;
    double deadline = now_s() + wait;
    if (x->w) {
        struct timeval t = wall();
        mqpcap_conn_data(x->w, rc->wc, 1, p, len, &t);
    }
#ifdef MQP_HAVE_TRANSPORT
    if (rc->tr && rc->fd >= 0) { /* one WebSocket frame per recorded step */
        if (mqt_send(rc->tr, p, len, deadline) != 0)
            rc->send_failed = true;
        return;
    }
#endif
    while (len && rc->fd >= 0) {
        ssize_t n = send(rc->fd, p, len, MSG_NOSIGNAL);
        if (n > 0) {
            p += n;
            len -= (size_t)n;
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
            /* Broker not reading: keep draining its side while waiting. */
            struct pollfd pf = {rc->fd, POLLOUT | POLLIN, 0};
            double left = deadline - now_s();
            if (left <= 0 || poll(&pf, 1, (int)(left * 1000) + 1) <= 0) {
                rc->send_failed = true;
                return;
            }
            if (pf.revents & POLLIN)
                on_readable(x, rc);
            continue;
        }
        rc->send_failed = true;
        on_readable(x, rc); /* picks up the EOF/reset that made send fail */
        return;
    }
}

/* Client packets that answer a server PUBLISH carry the server's packet id:
 * swap the recorded id for the one this broker used. */
static void remap_ack(rconn *rc, uint8_t *p, size_t len, const mqpcap_msg *m)
{
    mqtt_type t = m->pkt.type;
    if (t != MQTT_PUBACK && t != MQTT_PUBREC && t != MQTT_PUBCOMP)
        return;
    size_t h = len - m->pkt.remaining;
    if (h + 2 > len)
        return;
    uint16_t id = mqp_be16(p + h);
    for (size_t k = 0; k < rc->nnew_ids; k++)
        if (rc->rec_ids[k] == id) {
            mqp_put16(p + h, rc->new_ids[k]);
            return;
        }
}

/* ------------------------------------------------------- topic rewrite */

/* Writes t with the prefix into out (capacity: len + plen): '$' topics keep
 * their meaning only unprefixed; a shared subscription ($share/name/filter,
 * v5 §4.8.2) gets the prefix on its filter part. */
static size_t prefix_topic(const uint8_t *t, size_t len, const char *pfx, uint8_t *out)
{
    size_t plen = strlen(pfx), head = 0;
    if (len == 0) {
        return 0; /* v5 empty topic with a Topic Alias: nothing to prefix */
    }
    if (t[0] == '$') {
        if (len < 7 || memcmp(t, "$share/", 7) != 0) {
            memcpy(out, t, len);
            return len;
        }
        const uint8_t *slash = memchr(t + 7, '/', len - 7);
        if (!slash) {
            memcpy(out, t, len);
            return len;
        }
        head = (size_t)(slash - t) + 1;
    }
    memcpy(out, t, head);
    memcpy(out + head, pfx, plen);
    memcpy(out + head + plen, t + head, len - head);
    return len + plen;
}

static size_t put_lstr(uint8_t *out, const uint8_t *t, size_t len, const char *pfx)
{
    size_t n = prefix_topic(t, len, pfx, out + 2);
    mqp_put16(out, (uint16_t)n);
    return n + 2;
}

/* Re-encodes a client packet with prefixed topics into out; 0 if nothing to
 * do or it does not fit. */
static size_t rewrite_topics(const mqpcap_msg *m, int version, const char *pfx, uint8_t *out,
                             size_t cap, uint8_t *scratch, size_t scap)
{
    mqtt_packet pk = m->pkt;
    mqtt_version v = (mqtt_version)(version ? version : MQTT_V311);
    size_t plen = strlen(pfx);
    switch (pk.type) {
    case MQTT_PUBLISH:
        if (pk.u.publish.topic.len + plen > scap)
            return 0;
        pk.u.publish.topic = mqtt_bytes(
            scratch, prefix_topic(pk.u.publish.topic.p, pk.u.publish.topic.len, pfx, scratch));
        break;
    case MQTT_CONNECT:
        if (!pk.u.connect.will || pk.u.connect.will_topic.len + plen > scap)
            return 0;
        pk.u.connect.will_topic = mqtt_bytes(
            scratch,
            prefix_topic(pk.u.connect.will_topic.p, pk.u.connect.will_topic.len, pfx, scratch));
        break;
    case MQTT_SUBSCRIBE: {
        mqtt_list_iter it;
        mqtt_sub_entry e;
        size_t n = 0;
        mqtt_sub_iter_init(&it, &pk.u.subscribe, v);
        while (mqtt_sub_next(&it, &e)) {
            if (n + e.filter.len + plen + 3 > scap)
                return 0;
            n += put_lstr(scratch + n, e.filter.p, e.filter.len, pfx);
            scratch[n++] = e.options;
        }
        pk.u.subscribe.list = mqtt_bytes(scratch, n);
        break;
    }
    case MQTT_UNSUBSCRIBE: {
        mqtt_list_iter it;
        mqtt_view f;
        size_t n = 0;
        mqtt_unsub_iter_init(&it, &pk.u.unsubscribe);
        while (mqtt_unsub_next(&it, &f)) {
            if (n + f.len + plen + 2 > scap)
                return 0;
            n += put_lstr(scratch + n, f.p, f.len, pfx);
        }
        pk.u.unsubscribe.list = mqtt_bytes(scratch, n);
        break;
    }
    default:
        return 0;
    }
    return mqtt_raw_encode(&pk, v, true, out, cap);
}

static void send_msg(ctx *x, rconn *rc, const mqpcap_msg *m)
{
    const uint8_t *src = rc->rec->c2s.data + m->off;
    size_t len = m->len;
    uint8_t *tmp = malloc(len + 64);
    if (!tmp)
        return;
    memcpy(tmp, src, len);
    if (m->status == MQTT_OK && m->pkt.type == MQTT_CONNECT && x->o->rewrite_ids &&
        m->pkt.u.connect.client_id.len) {
        /* Rewritten CONNECT: same fields, client id + per-run suffix. */
        mqtt_packet pk = m->pkt;
        size_t il = pk.u.connect.client_id.len, sl = strlen(x->suffix);
        uint8_t *id = malloc(il + sl);
        uint8_t *out = malloc(len + 64);
        if (id && out) {
            memcpy(id, pk.u.connect.client_id.p, il);
            memcpy(id + il, x->suffix, sl);
            pk.u.connect.client_id = mqtt_bytes(id, il + sl);
            size_t n = mqtt_raw_encode(&pk, (mqtt_version)rc->rec->version, true, out, len + 64);
            if (n) {
                free(tmp);
                tmp = out;
                out = NULL;
                len = n;
            }
        }
        free(id);
        free(out);
    } else if (m->status == MQTT_OK) {
        remap_ack(rc, tmp, len, m);
    }
    if (m->status == MQTT_OK && x->o->topic_prefix && *x->o->topic_prefix) {
        /* Lists grow by the prefix once per filter (3 bytes at least each). */
        size_t plen = strlen(x->o->topic_prefix);
        size_t cap = m->len + (m->len / 3 + 2) * plen + 64;
        uint8_t *out = malloc(cap), *scratch = malloc(cap);
        size_t n = 0;
        if (out && scratch) {
            /* a rewritten CONNECT (client id) is re-decoded from tmp */
            mqpcap_msg mm = *m;
            mqtt_decode_opts o = {(mqtt_version)rc->rec->decoded_as,
                                  MQTT_C2S, NULL};
            if (mqtt_decode(tmp, len, &o, &mm.pkt, &mm.err) == MQTT_OK)
                n = rewrite_topics(&mm, rc->rec->decoded_as, x->o->topic_prefix, out, cap, scratch,
                                   cap);
        }
        if (n) {
            free(tmp);
            tmp = out;
            out = NULL;
            len = n;
        }
        free(out);
        free(scratch);
    }
    if (m->status == MQTT_OK && m->pkt.type == MQTT_DISCONNECT)
        rc->sent_disconnect = true;
    send_bytes(x, rc, tmp, len);
    free(tmp);
}

/* Ends a connection the way the recording did: wait for the broker to
 * close it, or close it with FIN, or abort it with RST (linger 0). */
static void close_conn(ctx *x, rconn *rc, bool wait_for_server, bool reset)
{
    if (rc->fd < 0)
        return;
    if (wait_for_server) {
        double wait = (x->o->wait_ms > 0 ? x->o->wait_ms : 2000) / 1000.0;
        if (pump(x, now_s() + wait, cond_closed, rc))
            return;
        x->timeouts++;
    }
    rc->we_closed = true;
    if (reset) {
        struct linger lg = {1, 0};
        setsockopt(rc->fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
    }
    if (x->w) {
        struct timeval t = wall();
        mqpcap_conn_close(x->w, rc->wc, 1, reset, &t);
    }
    rc_close(rc, !reset);
}

/* ------------------------------------------------------------ timeline */

static int tv_cmp(const struct timeval *a, const struct timeval *b)
{
    if (a->tv_sec != b->tv_sec)
        return a->tv_sec < b->tv_sec ? -1 : 1;
    if (a->tv_usec != b->tv_usec)
        return a->tv_usec < b->tv_usec ? -1 : 1;
    return 0;
}

static int cmp_step(const void *a, const void *b)
{
    const step *x = a, *y = b;
    int c = tv_cmp(&x->ts, &y->ts);
    if (c)
        return c;
    if (x->conn != y->conn)
        return x->conn < y->conn ? -1 : 1;
    return x->seq < y->seq ? -1 : (x->seq > y->seq);
}

/* The broker ended the connection on its own: it closed before the client
 * did, and before the client said DISCONNECT. After a DISCONNECT the client
 * must close (MQTT-3.14.4-1 in 3.1.1, MQTT-3.14.4-2 in 5.0) and the server
 * should close if the client has not (§3.14.4, unnumbered), so which FIN
 * comes first there is a race, not behaviour. */
static bool rec_server_closed_first(const mqpcap_conn *c)
{
    if (!c->s2c.end_frame || (c->c2s.end_frame && c->c2s.end_frame < c->s2c.end_frame))
        return false;
    for (size_t k = 0; k < c->nmsgs; k++) {
        const mqpcap_msg *m = &c->msgs[k];
        if (m->dir == MQTT_C2S && m->status == MQTT_OK && m->pkt.type == MQTT_DISCONNECT &&
            tv_cmp(&m->ts, &c->s2c.end_ts) <= 0)
            return false;
    }
    return true;
}

/* Contiguous client bytes after the last framed packet (sent as they are:
 * a malformed packet sent on purpose must reach the broker unchanged). */
static size_t raw_tail(const mqpcap_conn *c, size_t *off, struct timeval *ts)
{
    if (!c->c2s_stop)
        return 0;
    size_t end = c->c2s.len;
    *ts = c->last_ts;
    for (size_t i = 0; i < c->c2s.nchunks; i++) {
        const mqpcap_chunk *ch = &c->c2s.chunks[i];
        if (ch->off > c->c2s_stop_off && ch->gap_before) {
            end = ch->off;
            break;
        }
        if (ch->off <= c->c2s_stop_off)
            *ts = ch->ts;
    }
    *off = c->c2s_stop_off;
    return end > *off ? end - *off : 0;
}

static step *build_timeline(const mqpcap_capture *cap, size_t *nsteps)
{
    size_t n = 0;
    for (size_t i = 0; i < cap->nconns; i++)
        n += cap->conns[i].nmsgs + 2;
    step *s = calloc(n ? n : 1, sizeof *s);
    if (!s)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < cap->nconns; i++) {
        const mqpcap_conn *c = &cap->conns[i];
        if (c->c2s.len == 0)
            continue; /* nothing to replay */
        size_t seq = 0;
        for (size_t m = 0; m < c->nmsgs; m++) {
            s[k] = (step){.ts = c->msgs[m].ts, .conn = i, .seq = seq++, .msg = m,
                          .kind = c->msgs[m].dir == MQTT_C2S ? ST_SEND : ST_EXPECT};
            k++;
        }
        size_t off = 0;
        struct timeval ts;
        size_t len = raw_tail(c, &off, &ts);
        if (len) {
            s[k++] = (step){.ts = ts, .conn = i, .seq = seq++, .kind = ST_SEND_RAW,
                            .msg = off, .len = len};
        }
        struct timeval end = c->last_ts;
        if (k && tv_cmp(&end, &s[k - 1].ts) < 0)
            end = s[k - 1].ts;
        s[k++] = (step){.ts = end, .conn = i, .seq = seq++, .kind = ST_CLOSE};
    }
    qsort(s, k, sizeof *s, cmp_step);
    *nsteps = k;
    return s;
}

/* ------------------------------------------------------------ comparing */

typedef struct lines {
    char **v;
    size_t n, cap;
} lines;

static void add_line(lines *l, const char *s)
{
    if (l->n == l->cap) {
        size_t ncap = l->cap ? l->cap * 2 : 16;
        char **nv = realloc(l->v, ncap * sizeof *nv);
        if (!nv)
            return;
        l->v = nv;
        l->cap = ncap;
    }
    char *d = strdup(s);
    if (d)
        l->v[l->n++] = d;
}

static void free_lines(lines *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool same_multiset(const lines *a, const lines *b)
{
    if (a->n != b->n)
        return false;
    char **x = malloc((a->n ? a->n : 1) * sizeof *x), **y = malloc((b->n ? b->n : 1) * sizeof *y);
    bool same = x && y;
    if (same) {
        memcpy(x, a->v, a->n * sizeof *x);
        memcpy(y, b->v, b->n * sizeof *y);
        qsort(x, a->n, sizeof *x, cmp_str);
        qsort(y, b->n, sizeof *y, cmp_str);
        for (size_t i = 0; i < a->n && same; i++)
            same = !strcmp(x[i], y[i]);
    }
    free(x);
    free(y);
    return same;
}

/* Line diff by longest common subsequence: "  " kept, "- " only recorded,
 * "+ " only in this run. */
static void print_diff(FILE *f, const lines *a, const lines *b)
{
    size_t n = a->n, m = b->n;
    if ((n + 1) * (m + 1) > DIFF_MAX_CELLS) {
        for (size_t i = 0; i < n; i++)
            fprintf(f, "    - %s\n", a->v[i]);
        for (size_t j = 0; j < m; j++)
            fprintf(f, "    + %s\n", b->v[j]);
        return;
    }
    unsigned *t = calloc((n + 1) * (m + 1), sizeof *t);
    if (!t)
        return;
#define T(i, j) t[(i) * (m + 1) + (j)]
    for (size_t i = n; i-- > 0;)
        for (size_t j = m; j-- > 0;)
            T(i, j) = !strcmp(a->v[i], b->v[j]) ? T(i + 1, j + 1) + 1
                      : T(i + 1, j) >= T(i, j + 1) ? T(i + 1, j) : T(i, j + 1);
    size_t i = 0, j = 0;
    while (i < n || j < m) {
        if (i < n && j < m && !strcmp(a->v[i], b->v[j])) {
            fprintf(f, "      %s\n", a->v[i]);
            i++;
            j++;
        } else if (j < m && (i == n || T(i, j + 1) > T(i + 1, j))) {
            fprintf(f, "    + %s\n", b->v[j++]);
        } else {
            fprintf(f, "    - %s\n", a->v[i++]);
        }
    }
#undef T
    free(t);
}

static void recorded_lines(const mqpcap_conn *c, lines *l)
{
    char buf[LINE];
    for (size_t k = 0; k < c->nmsgs; k++)
        if (c->msgs[k].dir == MQTT_S2C) {
            mqpcap_msg_describe(&c->msgs[k], c->decoded_as, true, buf, sizeof buf);
            add_line(l, buf);
        }
    if (c->s2c_stop)
        add_line(l, "(server bytes stop framing)");
    if (rec_server_closed_first(c))
        add_line(l, "(server closed the connection)");
}

/* What this run can be compared on. When the recording's client closed
 * the connection itself, it heard nothing after that: packets (and a close
 * by the broker) that came only after the last client step, beyond what was
 * recorded, are left out; *unheard counts them. */
static void new_lines(const rconn *rc, const char *pfx, size_t rec_packets, lines *l,
                      size_t *unheard)
{
    char buf[LINE];
    size_t plen = pfx ? strlen(pfx) : 0;
    const mqpcap_conn *c = rc->rec;
    size_t upto = rc->npk;
    bool client_ended = !rec_server_closed_first(c);
    *unheard = 0;
    if (client_ended) {
        size_t keep = rec_packets > rc->npk_at_last_send ? rec_packets : rc->npk_at_last_send;
        if (upto > keep) {
            *unheard = upto - keep;
            upto = keep;
        }
    }
    mqtt_decode_opts o = {.version = (mqtt_version)c->decoded_as,
                          .dir = MQTT_S2C, .policy = NULL};
    for (size_t k = 0; k < upto; k++) {
        size_t off = rc->pk_off[k];
        size_t end = k + 1 < rc->npk ? rc->pk_off[k + 1] : rc->framed;
        mqpcap_msg m;
        memset(&m, 0, sizeof m);
        m.dir = MQTT_S2C;
        m.off = off;
        m.len = end - off;
        m.status = mqtt_decode(rc->in.p + off, m.len, &o, &m.pkt, &m.err);
        if (pfx && m.status == MQTT_OK && m.pkt.type == MQTT_PUBLISH &&
            m.pkt.u.publish.topic.len >= plen &&
            !memcmp(m.pkt.u.publish.topic.p, pfx, plen)) {
            /* our own prefix: compare the topic the recording had */
            m.pkt.u.publish.topic.p += plen;
            m.pkt.u.publish.topic.len -= plen;
        }
        mqpcap_msg_describe(&m, c->decoded_as, true, buf, sizeof buf);
        add_line(l, buf);
    }
    if ((rc->frame_err || rc->framed < rc->in.len) && !*unheard)
        add_line(l, "(server bytes stop framing)");
    if (rc->server_closed && !(client_ended && rc->closed_after_last))
        add_line(l, "(server closed the connection)");
    else if (rc->server_closed)
        (*unheard)++;
}

/* ---------------------------------------------------------------- main */

static bool is_loopback(const struct sockaddr *sa)
{
    return (sa->sa_family == AF_INET &&
            (ntohl(((const struct sockaddr_in *)sa)->sin_addr.s_addr) >> 24) == 127) ||
           (sa->sa_family == AF_INET6 &&
            IN6_IS_ADDR_LOOPBACK(&((const struct sockaddr_in6 *)sa)->sin6_addr));
}

/* A numeric address or a host name; the first address it resolves to that is
 * loopback is used (localhost may list ::1 and 127.0.0.1). The suite talks to
 * loopback only, so a name with no loopback address is refused. */
static int resolve(ctx *x, char *err, size_t errlen)
{
    struct addrinfo hints, *ai = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV;
    char port[8];
    snprintf(port, sizeof port, "%u", x->o->port);
    int r = getaddrinfo(x->o->host, port, &hints, &ai);
    if (r != 0 || !ai) {
        mqp_errf(err, errlen, "target %s: %s", x->o->host, gai_strerror(r));
        return -1;
    }
    const struct addrinfo *lo = ai;
    while (lo && !is_loopback(lo->ai_addr))
        lo = lo->ai_next;
    if (!lo) {
        mqp_errf(err, errlen, "target %s is not a loopback address", x->o->host);
        freeaddrinfo(ai);
        return -1;
    }
    memcpy(&x->target, lo->ai_addr, lo->ai_addrlen);
    x->target_len = lo->ai_addrlen;
    freeaddrinfo(ai);
    return 0;
}

/* Is the broker still there? A TCP connect alone says little (the kernel completes
 * it for a listening socket even while the process is dying), so the probe is an MQTT
 * CONNECT of the capture's version, and only a CONNACK within the wait (any return
 * code: refusing is answering) counts as alive. */
static bool broker_alive(ctx *x, int version)
{
    rconn probe;
    memset(&probe, 0, sizeof probe);
    mqpcap_writer *w = x->w;
    x->w = NULL; /* the probe is not part of the recorded exchange */
    int r = open_conn(x, &probe);
    x->w = w;
    if (r != 0)
        return false;
    uint8_t pkt[64];
    char id[32];
    int idn = snprintf(id, sizeof id, "mqc-alive%s", x->suffix);
    const char *name = version == MQTT_V31 ? "MQIsdp" : "MQTT";
    size_t nl = strlen(name), n = 2;
    pkt[n++] = 0;
    pkt[n++] = (uint8_t)nl;
    memcpy(pkt + n, name, nl);
    n += nl;
    pkt[n++] = (uint8_t)(version == MQTT_V31 ? 3 : version == MQTT_V5 ? 5 : 4);
    pkt[n++] = 0x02; /* clean session */
    pkt[n++] = 0;
    pkt[n++] = 10; /* keep alive */
    if (version == MQTT_V5)
        pkt[n++] = 0; /* no properties */
    pkt[n++] = 0;
    pkt[n++] = (uint8_t)idn;
    memcpy(pkt + n, id, (size_t)idn);
    n += (size_t)idn;
    pkt[0] = 0x10;
    pkt[1] = (uint8_t)(n - 2);
    bool alive = false;
    double deadline = now_s() + (x->o->wait_ms > 0 ? x->o->wait_ms : 2000) / 1000.0;
    x->w = NULL; /* the probe is not part of the recorded exchange */
    send_bytes(x, &probe, pkt, n);
    if (!probe.send_failed) {
        for (;;) {
            double left = deadline - now_s();
            struct pollfd pf = {probe.fd, POLLIN, 0};
            if (!rc_pending(&probe) && (left <= 0 || poll(&pf, 1, (int)(left * 1000) + 1) <= 0))
                break;
            uint8_t b;
            ssize_t got = rc_recv(&probe, &b, 1);
            if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
                continue;
            alive = got == 1 && (b & 0xf0) == 0x20;
            break;
        }
    }
    if (alive)
        send_bytes(x, &probe, (const uint8_t *)"\xe0\x00", 2); /* DISCONNECT: no will, a clean end */
    x->w = w;
    rc_close(&probe, true);
    return alive;
}

/* A capture without broker packets records a crash: its bytes are sent, then the
 * broker is given the time to act on them before anyone asks whether it lives. Each
 * connection still open gets a PINGREQ; a PINGRESP means the broker read everything
 * before it (and survived so far), a close means it ended the connection or died. */
static bool cond_settled(ctx *x, void *arg)
{
    const size_t *mark = arg;
    for (size_t i = 0; i < x->nc; i++) {
        rconn *rc = &x->c[i];
        if (rc->fd < 0 || rc->frame_err)
            continue;
        bool pong = false;
        for (size_t k = mark[i]; k < rc->npk && !pong; k++)
            pong = rc->in.p[rc->pk_off[k]] == 0xd0;
        if (!pong)
            return false;
    }
    return true;
}

static void settle_crash(ctx *x)
{
    size_t *mark = calloc(x->nc ? x->nc : 1, sizeof *mark);
    if (!mark)
        return;
    mqpcap_writer *w = x->w;
    x->w = NULL; /* the PINGREQ is ours, not the capture's */
    for (size_t i = 0; i < x->nc; i++) {
        rconn *rc = &x->c[i];
        mark[i] = rc->npk;
        if (rc->fd >= 0 && !rc->frame_err)
            send_bytes(x, rc, (const uint8_t *)"\xc0\x00", 2);
    }
    x->w = w;
    double wait = (x->o->wait_ms > 0 ? x->o->wait_ms : 2000) / 1000.0;
    pump(x, now_s() + wait, cond_settled, mark);
    free(mark);
}

mqpcap_verdict mqpcap_replay(const mqpcap_capture *cap, const mqpcap_replay_opts *opts,
                             FILE *report, char *err, size_t errlen)
{
#ifndef MQP_HAVE_TRANSPORT
    if (opts && opts->transport) {
        mqp_errf(err, errlen, "this build has no TLS / WebSocket transport (transport/)");
        return MQPCAP_CANNOT_RUN;
    }
#endif
    if (!cap || !opts || !opts->host || !opts->port) {
        mqp_errf(err, errlen, "replay needs a capture and a target HOST:PORT");
        return MQPCAP_CANNOT_RUN;
    }
    ctx x;
    memset(&x, 0, sizeof x);
    x.o = opts;
    x.rep = report ? report : stderr;
    if (resolve(&x, err, errlen) != 0)
        return MQPCAP_CANNOT_RUN;
    snprintf(x.suffix, sizeof x.suffix, "-r%05x", (unsigned)(getpid() ^ time(NULL)) & 0xfffff);
    size_t nsteps = 0;
    step *steps = build_timeline(cap, &nsteps);
    x.nc = cap->nconns;
    x.c = calloc(x.nc ? x.nc : 1, sizeof *x.c);
    if (!steps || !x.c) {
        free(steps);
        free(x.c);
        mqp_errf(err, errlen, "out of memory");
        return MQPCAP_CANNOT_RUN;
    }
    for (size_t i = 0; i < x.nc; i++) {
        rconn *rc = &x.c[i];
        rc->rec = &cap->conns[i];
        rc->fd = -1;
        rc->wc = -1;
        size_t np = 0;
        for (size_t k = 0; k < rc->rec->nmsgs; k++)
            np++;
        rc->rec_ids = calloc(np ? np : 1, sizeof *rc->rec_ids);
        rc->new_ids = calloc(np ? np : 1, sizeof *rc->new_ids);
        for (size_t k = 0; rc->rec_ids && k < rc->rec->nmsgs; k++) {
            const mqpcap_msg *m = &rc->rec->msgs[k];
            if (m->dir == MQTT_S2C && m->status == MQTT_OK && m->pkt.type == MQTT_PUBLISH &&
                m->pkt.u.publish.qos)
                rc->rec_ids[rc->nrec_ids++] = m->pkt.u.publish.packet_id;
        }
        if (!rc->rec_ids || !rc->new_ids)
            rc->nrec_ids = 0;
    }
    for (size_t k = 0; k < nsteps; k++)
        if (steps[k].kind == ST_SEND || steps[k].kind == ST_SEND_RAW)
            x.c[steps[k].conn].sends_total++;
    mqpcap_verdict verdict = MQPCAP_SAME;
    if (opts->out_pcap) {
        x.w = mqpcap_writer_open(opts->out_pcap, err, errlen);
        if (!x.w) {
            verdict = MQPCAP_CANNOT_RUN;
            goto done;
        }
    }

    size_t replayable = 0;
    for (size_t i = 0; i < x.nc; i++)
        replayable += cap->conns[i].c2s.len > 0;
    if (replayable == 0) {
        mqp_errf(err, errlen, "the capture holds no client traffic to replay");
        verdict = MQPCAP_CANNOT_RUN;
        goto done;
    }
    fprintf(x.rep, "replaying %zu connection(s), %zu step(s) against %s:%u\n", replayable,
            nsteps, opts->host, opts->port);
    bool crash = true; /* no broker packet recorded: the capture of a crash */
    for (size_t i = 0; i < x.nc && crash; i++)
        for (size_t k = 0; k < cap->conns[i].nmsgs && crash; k++)
            crash = cap->conns[i].msgs[k].dir != MQTT_S2C;
    double t0 = now_s();
    double rec0 = nsteps ? tv_s(&steps[0].ts) : 0;
    size_t opened = 0;
    for (size_t s = 0; s < nsteps && !x.died; s++) {
        step *st = &steps[s];
        rconn *rc = &x.c[st->conn];
        if (st->kind == ST_EXPECT) {
            rc->target++;
            continue;
        }
        wait_expected(&x);
        if (opts->speed > 0) {
            double due = t0 + (tv_s(&st->ts) - rec0) / opts->speed;
            pump(&x, due, NULL, NULL);
        }
        if (st->kind == ST_CLOSE) {
            if (crash && !x.died)
                settle_crash(&x); /* before the recorded close, while it can still answer */
            bool server_first = rec_server_closed_first(rc->rec);
            close_conn(&x, rc, server_first, !server_first && rc->rec->c2s.rst);
            continue;
        }
        if (!rc->opened) {
            if (open_conn(&x, rc) != 0) {
                if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
                    mqp_errf(err, errlen, "out of sockets after %zu connection(s): %s", opened,
                             strerror(errno));
                    verdict = MQPCAP_CANNOT_RUN;
                    goto done;
                }
                if (opened == 0) {
                    mqp_errf(err, errlen, "cannot connect to %s:%u%s%s", opts->host, opts->port,
                             x.why[0] ? ": " : "", x.why);
                    verdict = MQPCAP_CANNOT_RUN;
                    goto done;
                }
                fprintf(x.rep, "connection %zu: connect refused after %zu connection(s)\n",
                        st->conn + 1, opened);
                x.died = true;
                break;
            }
            opened++;
        }
        if (rc->fd < 0)
            continue; /* the broker closed it: the rest cannot be sent */
        if (++rc->sends_done == rc->sends_total)
            rc->npk_at_last_send = rc->npk;
        if (st->kind == ST_SEND)
            send_msg(&x, rc, &rc->rec->msgs[st->msg]);
        else
            send_bytes(&x, rc, rc->rec->c2s.data + st->msg, st->len);
    }
    if (!x.died)
        wait_expected(&x);
    if (!x.died && crash)
        settle_crash(&x);
    for (size_t i = 0; i < x.nc; i++)
        close_conn(&x, &x.c[i], false, false);
    int probe_version = x.nc ? x.c[0].rec->decoded_as : MQTT_V311;
    if (probe_version < MQTT_V31 || probe_version > MQTT_V5)
        probe_version = MQTT_V311;
    if (!x.died && opened && !broker_alive(&x, probe_version))
        x.died = true;

    /* Compare, connection by connection. */
    size_t differ = 0;
    for (size_t i = 0; i < x.nc; i++) {
        rconn *rc = &x.c[i];
        if (!rc->opened)
            continue;
        lines a = {0}, b = {0};
        recorded_lines(rc->rec, &a);
        size_t rec_packets = 0, unheard = 0;
        for (size_t k = 0; k < rc->rec->nmsgs; k++)
            rec_packets += rc->rec->msgs[k].dir == MQTT_S2C;
        new_lines(rc, opts->topic_prefix, rec_packets, &b, &unheard);
        char ca[64], sa[64];
        bool eq = a.n == b.n;
        for (size_t k = 0; eq && k < a.n; k++)
            eq = !strcmp(a.v[k], b.v[k]);
        const char *what = eq ? "same" : same_multiset(&a, &b) ? "same (order differs)" : NULL;
        fprintf(x.rep, "connection %zu %s -> %s: %s (%zu server packet(s))\n", i + 1,
                mqpcap_addr_str(&rc->rec->client, ca, sizeof ca),
                mqpcap_addr_str(&rc->rec->server, sa, sizeof sa), what ? what : "differs",
                rc->npk);
        if (unheard)
            fprintf(x.rep, "    (%zu later event(s) not compared: the recorded client had "
                           "already closed)\n",
                    unheard);
        if (!what) {
            differ++;
            print_diff(x.rep, &a, &b);
        }
        free_lines(&a);
        free_lines(&b);
    }
    if (x.died)
        verdict = MQPCAP_BROKER_DIED;
    else if (differ)
        verdict = MQPCAP_DIFFERS;
    fprintf(x.rep, "verdict: %s (%zu of %zu connection(s) differ, %zu wait(s) timed out, %.3fs)\n",
            mqpcap_verdict_name(verdict), differ, opened, x.timeouts, now_s() - t0);
done:
    for (size_t i = 0; i < x.nc; i++) {
        if (x.c[i].fd >= 0)
            rc_close(&x.c[i], false);
        mqp_buf_free(&x.c[i].in);
        free(x.c[i].pk_off);
        free(x.c[i].rec_ids);
        free(x.c[i].new_ids);
    }
    if (x.w && mqpcap_writer_close(x.w) != 0 && verdict != MQPCAP_CANNOT_RUN)
        fprintf(x.rep, "warning: could not write %s\n", opts->out_pcap);
    free(x.c);
    free(steps);
    return verdict;
}

const char *mqpcap_verdict_name(mqpcap_verdict v)
{
    switch (v) {
    case MQPCAP_SAME:
        return "same";
    case MQPCAP_DIFFERS:
        return "differs";
    case MQPCAP_BROKER_DIED:
        return "broker died";
    default:
        return "could not run";
    }
}
