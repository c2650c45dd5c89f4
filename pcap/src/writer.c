/*
 * pcap writer: synthesizes Ethernet + IPv4/IPv6 + TCP framing around bytes a
 * program really exchanged, so the conversation can be opened in Wireshark.
 * libpcap writes the file (pcap_open_dead + pcap_dump_open): no capture
 * rights are needed.
 *
 * Every data segment is followed by an ACK from the peer, so tshark never
 * sees unacknowledged bytes ("window full") or a hole ("previous segment not
 * captured"); long writes are acknowledged every ACK_EVERY segments.
 */
/* libpcap's headers use the BSD u_char/u_int types. */
#define _DEFAULT_SOURCE
#include <netinet/in.h>
#include <pcap/pcap.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define ACK_EVERY 16
#define TCP_WINDOW 65535
#define FRAME_MAX (14 + 40 + 24 + MQPCAP_MSS)

enum { TH_FIN = 0x01, TH_SYN = 0x02, TH_RST = 0x04, TH_PSH = 0x08, TH_ACK = 0x10 };

typedef struct wside {
    uint8_t addr[16];
    uint16_t port;
    uint32_t next_seq;  /* next sequence number this side sends */
    uint16_t ip_id;
    uint8_t mac[6];
} wside;

typedef struct wconn {
    int family;         /* AF_INET or AF_INET6 */
    wside side[2];      /* 0 client, 1 server */
    int open;           /* until both sides sent FIN, or one sent RST */
    int fin[2];         /* side i sent its FIN (half-close: the other may still send) */
    struct timeval last;
} wconn;

struct mqpcap_writer {
    pcap_t *dead;
    pcap_dumper_t *dump;
    struct timeval latest;  /* latest timestamp written: closing FINs never go back in time */
    wconn *conns;
    size_t nconns, cap;
};

mqpcap_writer *mqpcap_writer_open(const char *path, char *err, size_t errlen)
{
    if (!path) {
        mqp_errf(err, errlen, "no output path");
        return NULL;
    }
    mqpcap_writer *w = calloc(1, sizeof *w);
    if (!w) {
        mqp_errf(err, errlen, "out of memory");
        return NULL;
    }
    w->dead = pcap_open_dead(DLT_EN10MB, 65535);
    if (!w->dead) {
        mqp_errf(err, errlen, "pcap_open_dead failed");
        free(w);
        return NULL;
    }
    w->dump = pcap_dump_open(w->dead, path);
    if (!w->dump) {
        mqp_errf(err, errlen, "cannot write %s: %s", path, pcap_geterr(w->dead));
        pcap_close(w->dead);
        free(w);
        return NULL;
    }
    return w;
}

static int take_addr(const struct sockaddr *sa, int *family, wside *s)
{
    if (!sa)
        return -1;
    if (sa->sa_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)sa;
        memcpy(s->addr, &in->sin_addr, 4);
        s->port = ntohs(in->sin_port);
    } else if (sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)sa;
        memcpy(s->addr, &in6->sin6_addr, 16);
        s->port = ntohs(in6->sin6_port);
    } else {
        return -1;
    }
    *family = sa->sa_family;
    return 0;
}

/* Writes one TCP segment from side `from` of connection c. */
static void emit(mqpcap_writer *w, wconn *c, int from, uint8_t flags, const uint8_t *data,
                 size_t len, const struct timeval *ts)
{
    uint8_t f[FRAME_MAX];
    wside *s = &c->side[from], *d = &c->side[!from];
    int v6 = c->family == AF_INET6;
    size_t iplen = v6 ? 40 : 20;
    size_t optlen = (flags & TH_SYN) ? 4 : 0; /* MSS option on SYNs, as real stacks do */
    size_t tcplen = 20 + optlen + len;

    /* Ethernet */
    memcpy(f, d->mac, 6);
    memcpy(f + 6, s->mac, 6);
    mqp_put16(f + 12, v6 ? 0x86DD : 0x0800);
    uint8_t *ip = f + 14, *tcp = ip + iplen;
    uint32_t pseudo;
    if (v6) {
        mqp_put32(ip, 0x60000000u);
        mqp_put16(ip + 4, (uint16_t)tcplen);
        ip[6] = IPPROTO_TCP;
        ip[7] = 64;
        memcpy(ip + 8, s->addr, 16);
        memcpy(ip + 24, d->addr, 16);
        pseudo = mqp_sum16(0, ip + 8, 32);
    } else {
        ip[0] = 0x45;
        ip[1] = 0;
        mqp_put16(ip + 2, (uint16_t)(iplen + tcplen));
        mqp_put16(ip + 4, s->ip_id++);
        mqp_put16(ip + 6, 0x4000); /* don't fragment */
        ip[8] = 64;
        ip[9] = IPPROTO_TCP;
        mqp_put16(ip + 10, 0);
        memcpy(ip + 12, s->addr, 4);
        memcpy(ip + 16, d->addr, 4);
        mqp_put16(ip + 10, mqp_sum_fold(mqp_sum16(0, ip, 20)));
        pseudo = mqp_sum16(0, ip + 12, 8);
    }
    pseudo += IPPROTO_TCP + (uint32_t)tcplen;

    mqp_put16(tcp, s->port);
    mqp_put16(tcp + 2, d->port);
    mqp_put32(tcp + 4, s->next_seq);
    /* The very first SYN acknowledges nothing. */
    mqp_put32(tcp + 8, (flags & TH_ACK) ? d->next_seq : 0);
    tcp[12] = (uint8_t)(((20 + optlen) / 4) << 4);
    tcp[13] = flags;
    mqp_put16(tcp + 14, TCP_WINDOW);
    mqp_put16(tcp + 16, 0);
    mqp_put16(tcp + 18, 0);
    if (optlen) {
        tcp[20] = 2; /* MSS */
        tcp[21] = 4;
        mqp_put16(tcp + 22, MQPCAP_MSS);
    }
    if (len)
        memcpy(tcp + 20 + optlen, data, len);
    mqp_put16(tcp + 16, mqp_sum_fold(mqp_sum16(pseudo, tcp, tcplen)));

    struct pcap_pkthdr h;
    memset(&h, 0, sizeof h);
    h.ts = *ts;
    h.caplen = h.len = (bpf_u_int32)(14 + iplen + tcplen);
    pcap_dump((u_char *)w->dump, &h, f);

    s->next_seq += (uint32_t)len;
    if (flags & (TH_SYN | TH_FIN))
        s->next_seq += 1;
    c->last = *ts;
    if (ts->tv_sec > w->latest.tv_sec ||
        (ts->tv_sec == w->latest.tv_sec && ts->tv_usec > w->latest.tv_usec))
        w->latest = *ts;
}

int mqpcap_conn_open(mqpcap_writer *w, const struct sockaddr *client,
                     const struct sockaddr *server, const struct timeval *ts)
{
    if (!w || !ts)
        return -1;
    wconn c;
    memset(&c, 0, sizeof c);
    int fc = 0, fs = 0;
    if (take_addr(client, &fc, &c.side[0]) || take_addr(server, &fs, &c.side[1]) || fc != fs)
        return -1;
    if (w->nconns == w->cap) {
        size_t ncap = w->cap ? w->cap * 2 : 8;
        wconn *nc = realloc(w->conns, ncap * sizeof *nc);
        if (!nc)
            return -1;
        w->conns = nc;
        w->cap = ncap;
    }
    c.family = fc;
    c.open = 1;
    size_t idx = w->nconns;
    for (int i = 0; i < 2; i++) {
        /* Locally administered MACs that still tell the two ends apart. */
        uint8_t mac[6] = {0x02, 0x00, 0x00, (uint8_t)(idx >> 8), (uint8_t)idx, (uint8_t)(i + 1)};
        memcpy(c.side[i].mac, mac, 6);
        /* Fixed, distinct initial sequence numbers: reproducible files. */
        c.side[i].next_seq = 0x10000000u * (uint32_t)(i + 1) + (uint32_t)idx * 0x01000193u;
        c.side[i].ip_id = (uint16_t)(0x1000 * (i + 1) + idx);
    }
    w->conns[idx] = c;
    w->nconns++;
    wconn *pc = &w->conns[idx];
    emit(w, pc, 0, TH_SYN, NULL, 0, ts);
    emit(w, pc, 1, TH_SYN | TH_ACK, NULL, 0, ts);
    emit(w, pc, 0, TH_ACK, NULL, 0, ts);
    return (int)idx;
}

static wconn *get_conn(mqpcap_writer *w, int conn)
{
    if (!w || conn < 0 || (size_t)conn >= w->nconns || !w->conns[conn].open)
        return NULL;
    return &w->conns[conn];
}

int mqpcap_conn_data(mqpcap_writer *w, int conn, int from_client, const uint8_t *data,
                     size_t len, const struct timeval *ts)
{
    wconn *c = get_conn(w, conn);
    if (!c || !ts || (len && !data))
        return -1;
    int from = from_client ? 0 : 1;
    if (c->fin[from])
        return -1; /* nothing can follow a side's own FIN */
    size_t unacked = 0;
    while (len) {
        size_t n = len < MQPCAP_MSS ? len : MQPCAP_MSS;
        emit(w, c, from, TH_ACK | (n == len ? TH_PSH : 0), data, n, ts);
        data += n;
        len -= n;
        if (++unacked == ACK_EVERY || len == 0) {
            emit(w, c, !from, TH_ACK, NULL, 0, ts);
            unacked = 0;
        }
    }
    return 0;
}

int mqpcap_conn_close(mqpcap_writer *w, int conn, int from_client, int reset,
                      const struct timeval *ts)
{
    if (!w || conn < 0 || (size_t)conn >= w->nconns || !ts)
        return -1;
    wconn *c = &w->conns[conn];
    int from = from_client ? 0 : 1;
    if (!c->open || (c->fin[from] && !reset))
        return 0; /* already closed that way: a no-op */
    if (reset) {
        emit(w, c, from, TH_RST | TH_ACK, NULL, 0, ts);
        c->open = 0;
        return 0;
    }
    /* FIN and the peer's ACK. The peer's own FIN comes when it closes too
     * (or when the writer is closed): until then it may still send data,
     * as a half-closed TCP connection allows. */
    emit(w, c, from, TH_FIN | TH_ACK, NULL, 0, ts);
    emit(w, c, !from, TH_ACK, NULL, 0, ts);
    c->fin[from] = 1;
    if (c->fin[!from])
        c->open = 0;
    return 0;
}

int mqpcap_writer_close(mqpcap_writer *w)
{
    if (!w)
        return 0;
    /* Connections still open (or half-closed) end with FINs at the latest
     * time in the file: the client's first unless only the server still has
     * to close. */
    for (size_t i = 0; i < w->nconns; i++) {
        wconn *c = &w->conns[i];
        struct timeval t = w->latest;
        if (c->open && !c->fin[0])
            mqpcap_conn_close(w, (int)i, 1, 0, &t);
        if (c->open && !c->fin[1])
            mqpcap_conn_close(w, (int)i, 0, 0, &t);
    }
    int rc = 0;
    if (pcap_dump_flush(w->dump) != 0 || ferror(pcap_dump_file(w->dump)))
        rc = -1;
    pcap_dump_close(w->dump);
    pcap_close(w->dead);
    free(w->conns);
    free(w);
    return rc;
}

static int peer_acts_later(const mqpcap_event *ev, size_t n, size_t i, const mqpcap_event *e)
{
    for (size_t k = i + 1; k < n; k++)
        if (ev[k].conn == e->conn && ev[k].kind != MQPCAP_EV_OPEN &&
            !ev[k].from_client == !!e->from_client)
            return 1;
    return 0;
}

/* The port the server side of recorded connections is shown on (see mqpcap.h). */
static uint16_t shown_server_port; /* 0 until set: the real ports */

void mqpcap_set_server_port(uint16_t port) { shown_server_port = port; }

/* The server's address with the shown port (the real one when that is 0). */
static struct sockaddr_storage shown_server(const struct sockaddr_storage *real)
{
    struct sockaddr_storage s = *real;
    if (shown_server_port && s.ss_family == AF_INET)
        ((struct sockaddr_in *)&s)->sin_port = htons(shown_server_port);
    else if (shown_server_port && s.ss_family == AF_INET6)
        ((struct sockaddr_in6 *)&s)->sin6_port = htons(shown_server_port);
    return s;
}

int mqpcap_write_events(const char *path, const mqpcap_endpoints *conns, size_t nconns,
                        const mqpcap_event *events, size_t nevents, char *err, size_t errlen)
{
    if (nconns && !conns) {
        mqp_errf(err, errlen, "no endpoints table");
        return -1;
    }
    int *handle = calloc(nconns ? nconns : 1, sizeof *handle);
    if (!handle) {
        mqp_errf(err, errlen, "out of memory");
        return -1;
    }
    for (size_t i = 0; i < nconns; i++)
        handle[i] = -1;
    mqpcap_writer *w = mqpcap_writer_open(path, err, errlen);
    if (!w) {
        free(handle);
        return -1;
    }
    int rc = 0;
    size_t late = 0;
    for (size_t i = 0; i < nevents && rc == 0; i++) {
        const mqpcap_event *e = &events[i];
        if (e->conn >= nconns) {
            mqp_errf(err, errlen, "event %zu: connection %zu not in the table", i, e->conn);
            rc = -1;
            break;
        }
        int *h = &handle[e->conn];
        switch (e->kind) {
        case MQPCAP_EV_OPEN: {
            struct sockaddr_storage server = shown_server(&conns[e->conn].server);
            *h = mqpcap_conn_open(w, (const struct sockaddr *)&conns[e->conn].client,
                                  (const struct sockaddr *)&server, &e->ts);
            if (*h < 0) {
                mqp_errf(err, errlen, "event %zu: bad endpoints for connection %zu", i, e->conn);
                rc = -1;
            }
            break;
        }
        case MQPCAP_EV_DATA:
            if (*h < 0) {
                mqp_errf(err, errlen, "event %zu: data before connection %zu was opened", i,
                         e->conn);
                rc = -1;
            } else if (mqpcap_conn_data(w, *h, e->from_client, e->data, e->len, &e->ts) != 0) {
                /* bytes after the sender's own FIN or an RST cannot be shown as
                 * TCP; the rest of the capture is still worth having */
                late++;
            }
            break;
        case MQPCAP_EV_CLOSE:
            if (*h >= 0) {
                mqpcap_conn_close(w, *h, e->from_client, e->reset, &e->ts);
                /* The whole list is known: when the peer says and closes
                 * nothing more, its FIN follows at once, as a TCP stack's
                 * would, instead of at the end of the file. */
                if (!e->reset && !peer_acts_later(events, nevents, i, e))
                    mqpcap_conn_close(w, *h, !e->from_client, 0, &e->ts);
            }
            break;
        default:
            mqp_errf(err, errlen, "event %zu: unknown kind", i);
            rc = -1;
        }
    }
    if (mqpcap_writer_close(w) != 0 && rc == 0) {
        mqp_errf(err, errlen, "write error on %s", path);
        rc = -1;
    }
    if (rc == 0 && late)
        mqp_errf(err, errlen, "%zu data event(s) after their connection closed left out", late);
    else if (rc == 0 && err && errlen)
        err[0] = 0;
    free(handle);
    return rc;
}
