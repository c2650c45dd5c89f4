/* Raw TCP connections of a case: nonblocking sockets, poll with deadlines,
 * receive framing with the codec, and the evidence (wire log, pcap events)
 * of every byte that crosses. Never an MQTT library: scenarios may send
 * anything, and the broker's bytes are judged by the codec. */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "peers.h"

/* Who is on the other end: the broker under test, or (server role) the client. */
static const char *peer(const mqc_conn *c) { return c->server ? "client" : "broker"; }

/* Logs bytes we sent: one event per whole packet when the write frames
 * cleanly, else one "bytes" event. Retained PUBLISHes are remembered for the
 * clean-up after the case. */
static void log_out(mqc_conn *c, const uint8_t *p, size_t len, const char *how)
{
    mqc_case *cs = c->cs;
    if (len && (p[0] & 0xf0) == 0x10 && !c->server) {
        /* the broker answers in the version this CONNECT declares */
        int dv = mqtt_connect_version(p, len);
        if (dv >= 3 && dv <= 5) {
            c->ver = (mqtt_version)dv;
            c->lenient = false;
        } else
            c->lenient = true;
    }
    mqtt_decode_opts o = {c->ver, c->server ? MQTT_S2C : MQTT_C2S, NULL};
    cs->json_ver = c->ver;
    size_t off = 0;
    bool clean = true;
    while (off < len) {
        mqtt_frame fr;
        mqtt_error e;
        if (mqtt_frame_next(p + off, len - off, &o, &fr, &e) != MQTT_OK) {
            clean = false;
            break;
        }
        off += fr.total;
    }
    if (!clean || how) {
        char sum[160];
        snprintf(sum, sizeof sum, "%zu bytes%s%s", len, how ? " " : "", how ? how : "");
        mqc_wire(cs, c->name, "out", "bytes", sum, p, len, NULL, NULL);
    }
    off = 0;
    while (off < len) {
        mqtt_frame fr;
        mqtt_error e;
        if (mqtt_frame_next(p + off, len - off, &o, &fr, &e) != MQTT_OK)
            break;
        mqtt_packet pkt;
        char sum[512];
        if (mqtt_decode(p + off, fr.total, &o, &pkt, &e) == MQTT_OK) {
            mqtt_packet_summary(&pkt, c->ver, sum, sizeof sum);
            if (clean && !how)
                mqc_wire(cs, c->name, "out", "packet", sum, p + off, fr.total, &pkt, NULL);
            /* retained messages this case may leave behind: PUBLISH with
             * retain, and a Will with Will Retain (published if we vanish) */
            if (c->server) { /* no broker to clean up after */
                off += fr.total;
                continue;
            }
            mqtt_view rt = {NULL, 0};
            bool kept = pkt.type == MQTT_PUBLISH && pkt.u.publish.retain &&
                        pkt.u.publish.payload.len;
            if (kept)
                rt = pkt.u.publish.topic;
            mqtt_prop ta;
            if (pkt.type == MQTT_PUBLISH && c->ver == MQTT_V5 &&
                mqtt_props_find(&pkt.u.publish.props, MQTT_PROP_TOPIC_ALIAS, &ta)) {
                /* an empty topic with an alias means the topic the alias was set to */
                size_t k = 0;
                while (k < c->nalias && c->alias[k].id != ta.v.u)
                    k++;
                if (pkt.u.publish.topic.len && (k < c->nalias || c->nalias < 32)) {
                    if (k == c->nalias)
                        c->alias[c->nalias++].id = (uint16_t)ta.v.u;
                    free(c->alias[k].topic);
                    c->alias[k].topic = strndup((const char *)pkt.u.publish.topic.p,
                                                pkt.u.publish.topic.len);
                } else if (!pkt.u.publish.topic.len && k < c->nalias && kept && c->alias[k].topic)
                    rt = mqtt_str(c->alias[k].topic);
            }
            if (pkt.type == MQTT_CONNECT && pkt.u.connect.will && pkt.u.connect.will_retain)
                rt = pkt.u.connect.will_topic;
            if (rt.len) {
                char topic[1024];
                size_t tl = rt.len < sizeof topic - 1 ? rt.len : sizeof topic - 1;
                memcpy(topic, rt.p, tl);
                topic[tl] = 0;
                bool dup = false;
                for (size_t i = 0; i < cs->retained.n; i++)
                    dup |= !strcmp(cs->retained.v[i], topic);
                if (!dup && tl)
                    mqc_strlist_add(&cs->retained, topic);
            }
        } else if (clean && !how) {
            snprintf(sum, sizeof sum, "%s (invalid: %s [%s])",
                     mqtt_type_name((mqtt_type)(p[off] >> 4)), e.message, e.stmt);
            mqc_wire(cs, c->name, "out", "packet", sum, p + off, fr.total, NULL, &e);
        }
        off += fr.total;
    }
}

/* ---------------------------------------------------------- connections */

static double eff_deadline(const mqc_case *cs, double d) { return d < cs->deadline ? d : cs->deadline; }

static int wait_fd(int fd, short ev, double deadline)
{
    for (;;) {
        double left = deadline - mqc_now();
        if (left <= 0)
            return 0;
        struct pollfd p = {fd, ev, 0};
        int ms = (int)(left * 1000.0) + 1;
        int r = poll(&p, 1, ms);
        if (r > 0)
            return 1;
        if (r < 0 && errno != EINTR)
            return -1;
    }
}

/* Enters a connected socket in the case: endpoints for the pcap (in the
 * server role the pcap's client is the peer's ephemeral port and the server
 * is us), the connection table, the pcap's open event. */
static void conn_register(mqc_case *cs, mqc_conn *c, int fd, const char *name, bool server)
{
    c->cs = cs;
    c->fd = fd;
    c->ver = cs->ver;
    c->server = server;
    snprintf(c->name, sizeof c->name, "%s", name);
    struct sockaddr_storage cl = {0}, sv = {0};
    socklen_t sl = sizeof cl;
    (server ? getpeername : getsockname)(fd, (struct sockaddr *)&cl, &sl);
    sl = sizeof sv;
    (server ? getsockname : getpeername)(fd, (struct sockaddr *)&sv, &sl);
    c->ep = mqc_ev_endpoint(cs, &cl, &sv);
    cs->conns[cs->nconns++] = c;
}

/* A new connection on fd, or NULL (fd closed) when the case has no room. */
static mqc_conn *conn_new(mqc_case *cs, int fd, char *why, size_t whylen)
{
    mqc_conn *c = NULL;
    if (cs->nconns >= MQC_MAX_CONNS || cs->neps >= MQC_MAX_CONNS)
        snprintf(why, whylen, "too many connections in one case (max %d)", MQC_MAX_CONNS);
    else if (!(c = calloc(1, sizeof *c)))
        snprintf(why, whylen, "out of memory");
    if (!c && fd >= 0)
        close(fd);
    return c;
}

mqc_conn *mqc_conn_open(mqc_case *cs, const char *name, double within, char *why, size_t whylen)
{
    return mqc_conn_open_with(cs, name, within, NULL, why, whylen);
}

mqc_conn *mqc_conn_open_with(mqc_case *cs, const char *name, double within,
                             const mqt_open_opts *oo, char *why, size_t whylen)
{
    if (cs->nconns >= MQC_MAX_CONNS || cs->neps >= MQC_MAX_CONNS) {
        snprintf(why, whylen, "too many connections in one case (max %d)", MQC_MAX_CONNS);
        return NULL;
    }
    const mqc_target *t = cs->target;
    int fd = socket(t->addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        snprintf(why, whylen, "socket: %s", strerror(errno));
        return NULL;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    double dl = eff_deadline(cs, mqc_now() + within);
    int r = connect(fd, (const struct sockaddr *)&t->addr, t->addrlen);
    if (r < 0 && errno != EINPROGRESS) {
        snprintf(why, whylen, "TCP connect to %s failed: %s", t->text, strerror(errno));
        close(fd);
        return NULL;
    }
    if (r < 0) {
        int w = wait_fd(fd, POLLOUT, dl);
        int soerr = 0;
        socklen_t sl = sizeof soerr;
        if (w <= 0) {
            snprintf(why, whylen, "TCP connect to %s: no answer within %.2fs", t->text, within);
            close(fd);
            return NULL;
        }
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl);
        if (soerr) {
            snprintf(why, whylen, "TCP connect to %s failed: %s", t->text, strerror(soerr));
            close(fd);
            return NULL;
        }
    }
    /* TLS and the WebSocket upgrade, when the run asks for them */
    mqt_conn *tr = mqt_open(t->transport, fd, oo, dl, why, whylen);
    if (!tr) {
        close(fd);
        return NULL;
    }
    mqc_conn *c = conn_new(cs, fd, why, whylen);
    if (!c) {
        mqt_free(tr);
        return NULL;
    }
    c->tr = tr;
    conn_register(cs, c, fd, name, false);
    char sum[160];
    const char *wp = mqt_ws_protocol(tr);
    snprintf(sum, sizeof sum, "%s connected%s%s%s", t->transport ? mqt_ctx_name(t->transport) : "TCP",
             mqt_is_ws(tr) ? " (subprotocol " : "", mqt_is_ws(tr) ? (wp ? wp : "none") : "",
             mqt_is_ws(tr) ? ")" : "");
    mqc_wire(cs, c->name, "out", "open", sum, NULL, 0, NULL, NULL);
    return c;
}

mqc_conn *mqc_conn_adopt(mqc_case *cs, const char *name, int fd, char *why, size_t whylen)
{
    mqc_conn *c = conn_new(cs, fd, why, whylen);
    if (!c)
        return NULL;
    int fl = fcntl(fd, F_GETFL);
    fcntl(fd, F_SETFL, fl | O_NONBLOCK);
    fcntl(fd, F_SETFD, FD_CLOEXEC);
    /* client mode over TLS / WebSocket: our handshake side, bounded like a connect */
    if (!(c->tr = mqt_accept(cs->target->transport, fd, eff_deadline(cs, mqc_now() + 5.0 * cs->scale),
                             why, whylen))) {
        close(fd);
        free(c);
        return NULL;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    conn_register(cs, c, fd, name, true);
    char sum[128];
    const struct sockaddr_in *pa = (const struct sockaddr_in *)&cs->eps_client[c->ep];
    snprintf(sum, sizeof sum, "%s connection accepted from port %u%s%s",
             cs->target->transport ? mqt_ctx_name(cs->target->transport) : "TCP", ntohs(pa->sin_port),
             mqt_is_ws(c->tr) ? ", subprotocols offered: " : "",
             mqt_is_ws(c->tr) ? (mqt_ws_offered(c->tr) ? mqt_ws_offered(c->tr) : "none") : "");
    mqc_wire(cs, c->name, "in", "open", sum, NULL, 0, NULL, NULL);
    return c;
}

static void peer_gone(mqc_conn *c, bool rst)
{
    if (c->peer_closed)
        return;
    c->peer_closed = true;
    c->rst = rst;
    int wc = mqt_ws_close_code(c->tr);
    if (wc >= 0)
        snprintf(c->end_text, sizeof c->end_text, "connection closed by %s (WebSocket close frame, "
                 "code %d)", peer(c), wc);
    if (!c->we_closed)
        mqc_ev_pcap(c->cs, 2, c->ep, !c->server ? 0 : 1, rst, NULL, 0);
    mqc_wire(c->cs, c->name, "in", rst ? "reset" : "close", mqc_conn_end_text(c), NULL, 0,
             NULL, NULL);
}

/* Transport events (a text or close frame, a TLS alert) into the wire log;
 * a peer breaking a §6 rule is a finding like a malformed packet. */
static void drain_events(mqc_conn *c)
{
    mqt_event ev;
    while (mqt_event_next(c->tr, &ev)) {
        mqc_wire(c->cs, c->name, "in", "transport", ev.text, NULL, 0, NULL, NULL);
        if (ev.stmt && !c->broken) {
            /* as after a malformed packet: nothing after it is trusted */
            c->broken = true;
            c->bst = MQTT_MALFORMED;
            memset(&c->berr, 0, sizeof c->berr);
            c->berr.stmt = ev.stmt;
            c->berr.message = "a WebSocket frame MQTT forbids";
            mqc_case_malformed(c->cs, ev.stmt, "%s sent %s on %s [%s]", peer(c), ev.text, c->name,
                               ev.stmt);
        }
    }
}

static int send_all(mqc_conn *c, const uint8_t *p, size_t len)
{
    int r = mqt_send(c->tr, p, len, c->cs->deadline);
    if (r == -2)
        mqc_note(c->cs, c->name, "send blocked: %s not reading, %zu bytes not sent", peer(c), len);
    else if (r < 0) {
        if (mqt_error(c->tr)[0])
            mqc_note(c->cs, c->name, "%s", mqt_error(c->tr));
        peer_gone(c, errno == ECONNRESET);
    }
    drain_events(c);
    return r;
}

int mqc_conn_ws_frame(mqc_conn *c, int opcode, const mqt_frame_opts *fo, const uint8_t *p,
                      size_t len)
{
    if (c->fd < 0 || c->we_closed || !mqt_is_ws(c->tr))
        return -1;
    static const char *const names[16] = {"continuation", "text", "binary", [8] = "close",
                                          [9] = "ping", [10] = "pong"};
    const char *nm = names[opcode & 15] ? names[opcode & 15] : "reserved-opcode";
    int r = mqt_ws_frame(c->tr, opcode, fo, p, len, c->cs->deadline);
    if (r == -2)
        mqc_note(c->cs, c->name, "send blocked: %s not reading", peer(c));
    else if (r < 0)
        peer_gone(c, errno == ECONNRESET);
    if (r)
        return r;
    char how[160];
    snprintf(how, sizeof how, "in a WebSocket %s frame%s%s%s", nm, fo->fin ? "" : " (not final)",
             fo->nomask ? " unmasked" : "", fo->rsv ? " with RSV bits" : "");
    if (opcode == MQT_WS_BINARY || opcode == MQT_WS_CONT) {
        /* the MQTT bytes it carries: the capture holds MQTT, not frames */
        mqc_ev_pcap(c->cs, 1, c->ep, !c->server, 0, p, len);
        log_out(c, p, len, how);
    } else
        mqc_wire(c->cs, c->name, "out", "transport", how, p, len, NULL, NULL);
    return 0;
}

const char *mqc_conn_transport_error(const mqc_conn *c) { return c->tr ? mqt_error(c->tr) : ""; }

int mqc_conn_send(mqc_conn *c, const uint8_t *p, size_t len)
{
    if (c->fd < 0 || c->we_closed) {
        mqc_note(c->cs, c->name, "send of %zu bytes on a closed connection skipped", len);
        return -1;
    }
    int r = send_all(c, p, len);
    if (r == 0) {
        mqc_ev_pcap(c->cs, 1, c->ep, !c->server, 0, p, len);
        log_out(c, p, len, NULL);
    }
    return r;
}

int mqc_conn_send_slow(mqc_conn *c, const uint8_t *p, size_t len, double delay)
{
    if (c->fd < 0 || c->we_closed)
        return -1;
    log_out(c, p, len, "(one byte per write)");
    for (size_t i = 0; i < len; i++) {
        if (i && delay > 0) {
            double until = eff_deadline(c->cs, mqc_now() + delay);
            while (mqc_now() < until)
                poll(NULL, 0, (int)((until - mqc_now()) * 1000.0) + 1);
            if (mqc_now() >= c->cs->deadline)
                return -2;
        }
        int r = send_all(c, p + i, 1);
        if (r)
            return r;
        mqc_ev_pcap(c->cs, 1, c->ep, !c->server, 0, p + i, 1);
    }
    return 0;
}

/* Frames what is buffered into the packet queue; decode errors are findings. */
static void frame_input(mqc_conn *c)
{
    mqc_case *cs = c->cs;
    mqtt_policy pol;
    mqtt_policy_default(&pol);
    pol.max_packet_size = MQC_RX_LIMIT;
    mqtt_decode_opts o = {c->ver, c->server ? MQTT_C2S : MQTT_S2C, &pol};
    size_t off = 0;
    while (!c->broken && off < c->len) {
        mqtt_frame fr;
        mqtt_error e;
        mqtt_status st = mqtt_frame_next(c->buf + off, c->len - off, &o, &fr, &e);
        if (st == MQTT_NEED_MORE)
            break;
        if (st != MQTT_OK) {
            c->broken = true;
            c->berr = e;
            c->bst = st;
            char sum[400];
            snprintf(sum, sizeof sum, "unframeable input: %s [%s]", e.message, e.stmt);
            mqc_wire(cs, c->name, "in", "error", sum, c->buf + off, c->len - off, NULL, &e);
            if (st != MQTT_POLICY)
                mqc_case_malformed(cs, e.stmt, "%s sent bytes that cannot be framed on %s: %s [%s]",
                                   peer(c), c->name, e.message, e.stmt);
            off = c->len;
            break;
        }
        if (c->server && (fr.first_byte >> 4) == MQTT_CONNECT) {
            /* The client speaks the version its CONNECT declares from here on
             * (a 3.1.1 library may fall back to 3.1 after a refusal): decode
             * the CONNECT itself in that version, not the case's. */
            int dv = mqtt_connect_version(c->buf + off, fr.total);
            if (dv >= 3 && dv <= 5) {
                c->ver = (mqtt_version)dv;
                o.version = c->ver;
            }
        }
        /* Decoded once, here, from the copy the queue keeps: the packet's
         * views point into it, so the Lua table is made from this decode. */
        if (c->qn == c->qcap) {
            size_t nc = c->qcap ? c->qcap * 2 : 16;
            mqc_pkt *n = realloc(c->q, nc * sizeof *n);
            if (!n)
                break;
            c->q = n;
            c->qcap = nc;
        }
        uint8_t *copy = malloc(fr.total);
        if (!copy)
            break;
        memcpy(copy, c->buf + off, fr.total);
        mqtt_packet pkt;
        mqtt_version used = c->ver;
        st = mqtt_decode(copy, fr.total, &o, &pkt, &e);
        if (st != MQTT_OK && c->lenient && (fr.first_byte >> 4) == MQTT_CONNACK) {
            /* a refusal of an unknown protocol level may come in any version's form */
            static const mqtt_version tries[] = {MQTT_V311, MQTT_V5, MQTT_V31};
            for (size_t k = 0; k < 3 && st != MQTT_OK; k++) {
                mqtt_decode_opts o2 = {tries[k], MQTT_S2C, &pol};
                mqtt_error e2;
                if (mqtt_decode(copy, fr.total, &o2, &pkt, &e2) == MQTT_OK) {
                    st = MQTT_OK;
                    used = tries[k];
                }
            }
        }
        if (st == MQTT_OK) {
            mqtt_prop mp;
            if (pkt.type == MQTT_CONNACK && used == MQTT_V5 && !c->server &&
                mqtt_props_find(&pkt.u.connack.props, MQTT_PROP_MAXIMUM_PACKET_SIZE, &mp))
                c->peer_max_packet = mp.v.u; /* the limit c:send keeps to */
            char sum[512];
            mqtt_packet_summary(&pkt, used, sum, sizeof sum);
            cs->json_ver = used;
            mqc_wire(cs, c->name, "in", "packet", sum, copy, fr.total, &pkt, NULL);
            c->q[c->qn].bytes = copy;
            c->q[c->qn].len = fr.total;
            c->q[c->qn].ver = used;
            c->q[c->qn].pkt = pkt;
            c->qn++;
        } else {
            /* A malformed packet from the peer is itself a finding; the
             * stream after it cannot be trusted, so framing stops here. */
            free(copy);
            char sum[400];
            snprintf(sum, sizeof sum, "%s rejected: %s [%s]",
                     mqtt_type_name((mqtt_type)(fr.first_byte >> 4)), e.message, e.stmt);
            mqc_wire(cs, c->name, "in", "error", sum, c->buf + off, fr.total, NULL, &e);
            c->broken = true;
            c->berr = e;
            c->bst = st;
            if (st != MQTT_POLICY)
                mqc_case_malformed(cs, e.stmt, "%s sent a malformed %s on %s: %s (field %s, offset %zu) [%s]",
                                   peer(c), mqtt_type_name((mqtt_type)(fr.first_byte >> 4)), c->name,
                                   e.message, e.field ? e.field : "-", e.offset, e.stmt);
        }
        off += fr.total;
    }
    if (off) {
        memmove(c->buf, c->buf + off, c->len - off);
        c->len -= off;
    }
    if (c->broken)
        c->len = 0;
}

/* Reads what is available (waiting until deadline for the first byte).
 * Returns 1 progress, 0 deadline, -1 error/closed. */
static int pump(mqc_conn *c, double deadline)
{
    if (c->fd < 0 || c->peer_closed)
        return -1;
    /* TLS and WebSocket may hold bytes already read from the socket */
    int w = mqt_pending(c->tr) ? 1 : wait_fd(c->fd, POLLIN, deadline);
    if (w == 0)
        return 0;
    if (w < 0)
        return -1;
    /* bounded: a broker that streams without pause still lets deadlines be checked */
    for (int rounds = 0; rounds < 64; rounds++) {
        if (c->cap - c->len < 4096) {
            size_t nc = c->cap ? c->cap * 2 : 8192;
            uint8_t *n = realloc(c->buf, nc);
            if (!n)
                return -1;
            c->buf = n;
            c->cap = nc;
        }
        ssize_t n = mqt_recv(c->tr, c->buf + c->len, c->cap - c->len);
        int err = errno;
        drain_events(c);
        errno = err;
        if (n > 0) {
            mqc_ev_pcap(c->cs, 1, c->ep, c->server, 0, c->buf + c->len, (size_t)n);
            if (c->broken) { /* keep the evidence (the first 64 KiB), stop framing */
                if (c->junk < 65536)
                    mqc_wire(c->cs, c->name, "in", "bytes", "bytes after unframeable input",
                             c->buf + c->len, (size_t)n, NULL, NULL);
                c->junk += (size_t)n;
                continue;
            }
            c->len += (size_t)n;
            frame_input(c);
            if ((size_t)n < 4096)
                return 1;
            continue;
        }
        if (n == 0) {
            if (c->len && !c->broken)
                mqc_wire(c->cs, c->name, "in", "bytes", "incomplete packet before close",
                         c->buf, c->len, NULL, NULL);
            peer_gone(c, false);
            return 1;
        }
        if (errno == EINTR)
            continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK)
            return 1;
        if (c->len && !c->broken)
            mqc_wire(c->cs, c->name, "in", "bytes", "incomplete packet before reset", c->buf,
                     c->len, NULL, NULL);
        if (errno == EPROTO && mqt_error(c->tr)[0])
            mqc_wire(c->cs, c->name, "in", "transport", mqt_error(c->tr), NULL, 0, NULL, NULL);
        peer_gone(c, errno == ECONNRESET);
        return 1;
    }
    return 1;
}

int mqc_conn_next(mqc_conn *c, double deadline, const mqc_pkt **out)
{
    double dl = eff_deadline(c->cs, deadline);
    for (;;) {
        if (c->qhead < c->qn) {
            *out = &c->q[c->qhead++];
            return EV_PACKET;
        }
        if (c->broken && !c->broken_told) {
            c->broken_told = true;
            return EV_MALFORMED;
        }
        if (c->peer_closed || c->fd < 0)
            return EV_CLOSED;
        int r = pump(c, dl);
        if (r == 0)
            return mqc_now() >= c->cs->deadline ? EV_DEADLINE : EV_TIMEOUT;
        if (r < 0 && !c->peer_closed)
            return EV_CLOSED;
    }
}

int mqc_conn_next_past_publish(mqc_conn *c, double deadline, int want, const mqc_pkt **out)
{
    double dl = eff_deadline(c->cs, deadline);
    size_t i = c->qhead;
    for (;;) {
        for (; i < c->qn; i++) {
            int ty = c->q[i].pkt.type;
            if (ty == want) { /* move it ahead of the deliveries that came first */
                mqc_pkt w = c->q[i];
                memmove(&c->q[c->qhead + 1], &c->q[c->qhead], (i - c->qhead) * sizeof w);
                c->q[c->qhead] = w;
                break;
            }
            if (ty != MQTT_PUBLISH)
                break; /* something else: the caller judges it, in order */
        }
        if (i < c->qn || c->broken || c->peer_closed || c->fd < 0)
            return mqc_conn_next(c, deadline, out);
        int r = pump(c, dl);
        if (r == 0 || (r < 0 && !c->peer_closed))
            return mqc_conn_next(c, mqc_now(), out); /* nothing more: the first queued, or why */
    }
}

void mqc_conn_unget(mqc_conn *c)
{
    if (c->qhead)
        c->qhead--;
}

void mqc_conn_close(mqc_conn *c, bool reset)
{
    if (c->fd < 0)
        return;
    if (c->len && !c->broken && !c->peer_closed) /* evidence of a packet that never completed */
        mqc_wire(c->cs, c->name, "in", "bytes", "incomplete packet still pending", c->buf, c->len,
                 NULL, NULL);
    if (reset) {
        struct linger lg = {1, 0};
        setsockopt(c->fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
    }
    if (!c->peer_closed)
        mqc_ev_pcap(c->cs, 2, c->ep, !c->server, reset, NULL, 0);
    if (!reset && !c->peer_closed)
        mqt_shutdown(c->tr); /* WebSocket close frame, TLS close_notify */
    close(c->fd);
    c->fd = -1;
    c->we_closed = true;
    mqc_wire(c->cs, c->name, "out", reset ? "reset" : "close",
             reset ? "connection reset by mqttcheck (RST)" : "connection closed by mqttcheck",
             NULL, 0, NULL, NULL);
}

bool mqc_conn_is_open(const mqc_conn *c) { return c->fd >= 0 && !c->peer_closed; }

const char *mqc_conn_end_text(const mqc_conn *c)
{
    if (c->peer_closed && c->end_text[0])
        return c->end_text;
    if (c->peer_closed && c->server)
        return c->rst ? "connection reset by client (RST)" : "connection closed by client (FIN)";
    if (c->peer_closed)
        return c->rst ? "connection reset by broker (RST)" : "connection closed by broker (FIN)";
    if (c->we_closed)
        return "connection already closed by the scenario";
    return "connection open";
}

void mqc_conn_free(mqc_conn *c)
{
    if (!c)
        return;
    if (c->fd >= 0)
        close(c->fd);
    mqt_free(c->tr);
    for (size_t i = 0; i < c->qn; i++)
        free(c->q[i].bytes);
    for (size_t i = 0; i < c->nalias; i++)
        free(c->alias[i].topic);
    free(c->q);
    free(c->buf);
    free(c);
}
