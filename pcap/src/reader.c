/*
 * Capture reader: libpcap gives frames; this file peels link, IP and TCP
 * headers, sorts segments into connections (4-tuple, a new SYN after data or
 * a close starts a new connection), and hands each direction to the
 * reassembler (reassembly.c). Every length read from the file is checked
 * against the captured length before use: the input may be hostile.
 */
/* libpcap's headers use the BSD u_char/u_int types. */
#define _DEFAULT_SOURCE
#include <netinet/in.h>
#include <pcap/pcap.h>
#include <stdlib.h>
#include <string.h>

#include "reassembly.h"

#define NBUCKETS 4096
#define MAX_CONNS 100000
#define DEFAULT_MAX_BYTES (64u * 1024 * 1024)

/* Link types libpcap may report that are not in every header version. */
#ifndef DLT_LINUX_SLL2
#define DLT_LINUX_SLL2 276
#endif
#ifndef DLT_IPV4
#define DLT_IPV4 228
#endif
#ifndef DLT_IPV6
#define DLT_IPV6 229
#endif

enum { TH_FIN = 0x01, TH_SYN = 0x02, TH_RST = 0x04, TH_ACK = 0x10 };

typedef struct rconn {
    int family;
    uint8_t addr[2][16];     /* [0] = side that sent the first frame */
    uint16_t port[2];
    mqp_dir dir[2];          /* [i] = bytes sent by side i */
    int syn_client;          /* -1 unknown, else index of the side that opened */
    bool closed, has_data;
    struct timeval first, last;
    long next;               /* hash chain, -1 ends */
    bool detached;           /* superseded by a newer connection on the same tuple */
} rconn;

typedef struct reader {
    const mqpcap_read_opts *opts;
    size_t max_bytes;
    rconn *conns;
    size_t nconns, cap;
    long bucket[NBUCKETS];
    mqpcap_capture *out;
} reader;

static unsigned tuple_hash(const uint8_t *a, uint16_t pa, const uint8_t *b, uint16_t pb, int alen)
{
    /* Symmetric: both directions land in the same bucket. */
    unsigned h = (unsigned)pa ^ (unsigned)pb;
    for (int i = 0; i < alen; i++)
        h = h * 31u + (unsigned)(a[i] ^ b[i]);
    return h % NBUCKETS;
}

static int same_side(const rconn *c, int i, const uint8_t *a, uint16_t p, int alen)
{
    return c->port[i] == p && !memcmp(c->addr[i], a, (size_t)alen);
}

static rconn *new_conn(reader *r, int family, const uint8_t *src, uint16_t sp,
                       const uint8_t *dst, uint16_t dp, unsigned h, const struct timeval *ts)
{
    if (r->nconns >= MAX_CONNS)
        return NULL;
    if (r->nconns == r->cap) {
        size_t ncap = r->cap ? r->cap * 2 : 16;
        rconn *nc = realloc(r->conns, ncap * sizeof *nc);
        if (!nc)
            return NULL;
        r->conns = nc;
        r->cap = ncap;
    }
    rconn *c = &r->conns[r->nconns];
    memset(c, 0, sizeof *c);
    int alen = family == AF_INET6 ? 16 : 4;
    c->family = family;
    memcpy(c->addr[0], src, (size_t)alen);
    memcpy(c->addr[1], dst, (size_t)alen);
    c->port[0] = sp;
    c->port[1] = dp;
    c->syn_client = -1;
    c->first = c->last = *ts;
    c->next = r->bucket[h];
    r->bucket[h] = (long)r->nconns;
    r->nconns++;
    return c;
}

static void tcp_segment(reader *r, int family, const uint8_t *src, const uint8_t *dst,
                        const uint8_t *tcp, size_t tcplen, const struct timeval *ts)
{
    if (tcplen < 20) {
        r->out->skipped++;
        return;
    }
    size_t hl = (size_t)(tcp[12] >> 4) * 4;
    if (hl < 20 || hl > tcplen) {
        r->out->skipped++;
        return;
    }
    uint16_t sp = mqp_be16(tcp), dp = mqp_be16(tcp + 2);
    uint32_t seq = mqp_be32(tcp + 4);
    uint8_t fl = tcp[13];
    const uint8_t *payload = tcp + hl;
    size_t plen = tcplen - hl;
    uint16_t want = r->opts ? r->opts->server_port : 0;
    if (want && r->opts->only_port && sp != want && dp != want) {
        r->out->skipped++;
        return;
    }

    int alen = family == AF_INET6 ? 16 : 4;
    unsigned h = tuple_hash(src, sp, dst, dp, alen);
    rconn *c = NULL;
    int side = 0;
    for (long i = r->bucket[h]; i >= 0; i = r->conns[i].next) {
        rconn *k = &r->conns[i];
        if (k->detached || k->family != family)
            continue;
        if (same_side(k, 0, src, sp, alen) && same_side(k, 1, dst, dp, alen)) {
            c = k;
            side = 0;
            break;
        }
        if (same_side(k, 1, src, sp, alen) && same_side(k, 0, dst, dp, alen)) {
            c = k;
            side = 1;
            break;
        }
    }
    /* A fresh SYN on a tuple that already carried a conversation is a new
     * connection (port reuse within one capture). */
    if (c && (fl & TH_SYN) && !(fl & TH_ACK) && (c->has_data || c->closed)) {
        c->detached = true;
        c = NULL;
    }
    if (!c) {
        c = new_conn(r, family, src, sp, dst, dp, h, ts);
        if (!c) {
            r->out->skipped++;
            return;
        }
        side = 0;
    }
    c->last = *ts;
    mqp_dir *d = &c->dir[side];
    if (fl & TH_SYN) {
        d->syn = true;
        d->isn = seq;
        if (c->syn_client < 0)
            c->syn_client = (fl & TH_ACK) ? !side : side;
        seq += 1; /* data on a SYN starts after it */
    }
    if ((fl & (TH_FIN | TH_RST)) && !d->end_frame) {
        d->end_frame = r->out->frames;
        d->end_ts = *ts;
    }
    if (fl & TH_FIN)
        d->fin = true;
    if (fl & TH_RST) {
        d->rst = true;
        c->closed = true;
    }
    if (c->dir[0].fin && c->dir[1].fin)
        c->closed = true;
    if (plen && !(fl & TH_RST)) {
        if (mqp_dir_add(d, seq, payload, plen, ts, r->max_bytes) == 0)
            c->has_data = true;
        else
            r->out->skipped++;
    }
}

static void ip_packet(reader *r, const uint8_t *p, size_t len, const struct timeval *ts)
{
    if (len < 1) {
        r->out->skipped++;
        return;
    }
    int ver = p[0] >> 4;
    if (ver == 4) {
        if (len < 20) {
            r->out->skipped++;
            return;
        }
        size_t ihl = (size_t)(p[0] & 0x0f) * 4;
        size_t tot = mqp_be16(p + 2);
        uint16_t frag = mqp_be16(p + 6);
        if (tot > len) /* snapped frame: take what was captured */
            tot = len;
        /* Fragments are not reassembled: TCP over loopback/Ethernet is
         * never fragmented in practice (DF, MSS). The header length is
         * checked against the clamped length: a header longer than the
         * captured bytes must not be stepped over. */
        if (ihl < 20 || tot < ihl || p[9] != IPPROTO_TCP || (frag & 0x3fff)) {
            r->out->skipped++;
            return;
        }
        tcp_segment(r, AF_INET, p + 12, p + 16, p + ihl, tot - ihl, ts);
    } else if (ver == 6) {
        if (len < 40) {
            r->out->skipped++;
            return;
        }
        size_t plen = mqp_be16(p + 4);
        uint8_t nh = p[6];
        size_t off = 40;
        size_t end = 40 + plen;
        if (end > len)
            end = len;
        /* Skip hop-by-hop, routing and destination options headers. */
        for (int guard = 0; guard < 8 && (nh == 0 || nh == 43 || nh == 60); guard++) {
            if (off + 8 > end) {
                r->out->skipped++;
                return;
            }
            nh = p[off];
            off += ((size_t)p[off + 1] + 1) * 8;
        }
        if (nh != IPPROTO_TCP || off > end) {
            r->out->skipped++;
            return;
        }
        tcp_segment(r, AF_INET6, p + 8, p + 24, p + off, end - off, ts);
    } else {
        r->out->skipped++;
    }
}

/* Peels the link layer; ethertype 0x0800/0x86DD or a raw IP header follows. */
static void frame(reader *r, int dlt, const uint8_t *p, size_t len, const struct timeval *ts)
{
    uint16_t et;
    switch (dlt) {
    case DLT_EN10MB: {
        if (len < 14)
            goto skip;
        size_t off = 12;
        et = mqp_be16(p + off);
        while ((et == 0x8100 || et == 0x88a8) && off + 6 <= len) { /* VLAN tags */
            off += 4;
            et = mqp_be16(p + off);
        }
        off += 2;
        if (off > len)
            goto skip;
        p += off;
        len -= off;
        break;
    }
    case DLT_LINUX_SLL:
        if (len < 16)
            goto skip;
        et = mqp_be16(p + 14);
        p += 16;
        len -= 16;
        break;
    case DLT_LINUX_SLL2:
        if (len < 20)
            goto skip;
        et = mqp_be16(p);
        p += 20;
        len -= 20;
        break;
    case DLT_NULL:
    case DLT_LOOP: {
        if (len < 4)
            goto skip;
        /* Address family of the capturing host: host order for NULL,
         * network order for LOOP. AF_INET is 2 everywhere; AF_INET6 is 10
         * (Linux), 24, 28 or 30 (BSDs, macOS). Either byte order accepted. */
        uint32_t le = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
                      (uint32_t)p[3] << 24;
        uint32_t be = mqp_be32(p);
        uint32_t fam = (le < 256) ? le : be;
        if (fam == 2)
            et = 0x0800;
        else if (fam == 10 || fam == 24 || fam == 28 || fam == 30)
            et = 0x86DD;
        else
            goto skip;
        p += 4;
        len -= 4;
        break;
    }
    case DLT_RAW:
    case DLT_IPV4:
    case DLT_IPV6:
        ip_packet(r, p, len, ts);
        return;
    default:
        goto skip;
    }
    if (et == 0x0800 || et == 0x86DD) {
        ip_packet(r, p, len, ts);
        return;
    }
skip:
    r->out->skipped++;
}

static int supported_dlt(int dlt)
{
    return dlt == DLT_EN10MB || dlt == DLT_LINUX_SLL || dlt == DLT_LINUX_SLL2 ||
           dlt == DLT_NULL || dlt == DLT_LOOP || dlt == DLT_RAW || dlt == DLT_IPV4 ||
           dlt == DLT_IPV6;
}

static void fill_addr(struct sockaddr_storage *ss, int family, const uint8_t *a, uint16_t port)
{
    memset(ss, 0, sizeof *ss);
    if (family == AF_INET6) {
        struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
        s6->sin6_family = AF_INET6;
        memcpy(&s6->sin6_addr, a, 16);
        s6->sin6_port = htons(port);
    } else {
        struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
        s4->sin_family = AF_INET;
        memcpy(&s4->sin_addr, a, 4);
        s4->sin_port = htons(port);
    }
}

/* Which side (0/1) is the client: SYN, then the configured server port, then
 * whoever sent a CONNECT, then packet types only one role sends, then the
 * higher port (servers listen low). */
static int pick_client(const rconn *c, const mqpcap_stream st[2], uint16_t server_port)
{
    if (c->syn_client >= 0)
        return c->syn_client;
    if (server_port) {
        if (c->port[1] == server_port && c->port[0] != server_port)
            return 0;
        if (c->port[0] == server_port && c->port[1] != server_port)
            return 1;
    }
    for (int i = 0; i < 2; i++) {
        mqtt_frame fr;
        mqtt_error e;
        mqtt_decode_opts o = {.version = MQTT_V311, .dir = MQTT_C2S, .policy = NULL};
        if (st[i].len && mqtt_frame_next(st[i].data, st[i].len, &o, &fr, &e) == MQTT_OK &&
            mqtt_connect_version(st[i].data, fr.total) > 0)
            return i;
    }
    /* Packet types only one role may send (§2.1.2 "Direction of flow"),
     * looked for in the first packets of each side. */
    for (int i = 0; i < 2; i++) {
        size_t off = 0;
        for (int k = 0; k < 8 && off < st[i].len; k++) {
            mqtt_frame fr;
            mqtt_error e;
            mqtt_decode_opts o = {.version = MQTT_V5, .dir = MQTT_C2S, .policy = NULL};
            if (mqtt_frame_next(st[i].data + off, st[i].len - off, &o, &fr, &e) != MQTT_OK)
                break;
            int t = fr.first_byte >> 4;
            if (t == MQTT_CONNECT || t == MQTT_SUBSCRIBE || t == MQTT_UNSUBSCRIBE ||
                t == MQTT_PINGREQ)
                return i;
            if (t == MQTT_CONNACK || t == MQTT_SUBACK || t == MQTT_UNSUBACK ||
                t == MQTT_PINGRESP)
                return !i;
            off += fr.total;
        }
    }
    if (c->port[0] != c->port[1])
        return c->port[0] > c->port[1] ? 0 : 1;
    return 0;
}

static int finish(reader *r)
{
    mqpcap_capture *cap = r->out;
    cap->conns = calloc(r->nconns ? r->nconns : 1, sizeof *cap->conns);
    if (!cap->conns)
        return -1;
    for (size_t i = 0; i < r->nconns; i++) {
        rconn *c = &r->conns[i];
        mqpcap_stream st[2];
        memset(st, 0, sizeof st);
        for (int s = 0; s < 2; s++) {
            if (mqp_dir_reassemble(&c->dir[s], &st[s]) != 0) {
                mqp_stream_free(&st[0]);
                mqp_stream_free(&st[1]);
                return -1;
            }
            /* the raw segments are not needed once ordered: keeps the peak
             * near one copy of the payload */
            mqp_dir_free(&c->dir[s]);
        }
        int cl = pick_client(c, st, r->opts ? r->opts->server_port : 0);
        mqpcap_conn *o = &cap->conns[cap->nconns++];
        fill_addr(&o->client, c->family, c->addr[cl], c->port[cl]);
        fill_addr(&o->server, c->family, c->addr[!cl], c->port[!cl]);
        o->syn_seen = c->syn_client >= 0;
        o->c2s = st[cl];
        o->s2c = st[!cl];
        o->first_ts = c->first;
        o->last_ts = c->last;
        if (mqp_frame_conn(o, r->opts ? r->opts->policy : NULL) != 0)
            return -1;
    }
    return 0;
}

static void reader_free(reader *r)
{
    for (size_t i = 0; i < r->nconns; i++) {
        mqp_dir_free(&r->conns[i].dir[0]);
        mqp_dir_free(&r->conns[i].dir[1]);
    }
    free(r->conns);
}

static mqpcap_capture *read_pcap(pcap_t *pc, const mqpcap_read_opts *opts, char *err,
                                 size_t errlen)
{
    int dlt = pcap_datalink(pc);
    if (!supported_dlt(dlt)) {
        const char *name = pcap_datalink_val_to_name(dlt);
        mqp_errf(err, errlen, "unsupported link type %d (%s)", dlt, name ? name : "unknown");
        pcap_close(pc);
        return NULL;
    }
    reader r;
    memset(&r, 0, sizeof r);
    r.opts = opts;
    r.max_bytes = (opts && opts->max_bytes) ? opts->max_bytes : DEFAULT_MAX_BYTES;
    for (int i = 0; i < NBUCKETS; i++)
        r.bucket[i] = -1;
    r.out = calloc(1, sizeof *r.out);
    if (!r.out) {
        mqp_errf(err, errlen, "out of memory");
        pcap_close(pc);
        return NULL;
    }
    r.out->linktype = dlt;
    struct pcap_pkthdr *h;
    const u_char *data;
    int rc;
    while ((rc = pcap_next_ex(pc, &h, &data)) == 1) {
        r.out->frames++;
        size_t len = h->caplen;
        frame(&r, dlt, data, len, &h->ts);
    }
    if (rc == PCAP_ERROR) {
        r.out->truncated = true;
        snprintf(r.out->note, sizeof r.out->note, "%s", pcap_geterr(pc));
    }
    pcap_close(pc);
    if (finish(&r) != 0) {
        mqp_errf(err, errlen, "out of memory while reassembling");
        reader_free(&r);
        mqpcap_capture_free(r.out);
        return NULL;
    }
    reader_free(&r);
    return r.out;
}

mqpcap_capture *mqpcap_read_file(const char *path, const mqpcap_read_opts *opts, char *err,
                                 size_t errlen)
{
    char ebuf[PCAP_ERRBUF_SIZE] = "";
    if (!path) {
        mqp_errf(err, errlen, "no capture file given");
        return NULL;
    }
    pcap_t *pc = pcap_open_offline(path, ebuf);
    if (!pc) {
        mqp_errf(err, errlen, "%s: %s", path, ebuf);
        return NULL;
    }
    return read_pcap(pc, opts, err, errlen);
}

mqpcap_capture *mqpcap_read_mem(const uint8_t *buf, size_t len, const mqpcap_read_opts *opts,
                                char *err, size_t errlen)
{
    char ebuf[PCAP_ERRBUF_SIZE] = "";
    if (!buf || len == 0) {
        mqp_errf(err, errlen, "empty capture");
        return NULL;
    }
    /* fmemopen wants a writable buffer pointer even for "rb". */
    FILE *f = fmemopen((void *)(uintptr_t)buf, len, "rb");
    if (!f) {
        mqp_errf(err, errlen, "fmemopen failed");
        return NULL;
    }
    pcap_t *pc = pcap_fopen_offline(f, ebuf);
    if (!pc) {
        fclose(f);
        mqp_errf(err, errlen, "not a capture: %s", ebuf);
        return NULL;
    }
    return read_pcap(pc, opts, err, errlen); /* pcap_close closes f */
}

void mqpcap_capture_free(mqpcap_capture *cap)
{
    if (!cap)
        return;
    for (size_t i = 0; i < cap->nconns; i++) {
        mqpcap_conn *c = &cap->conns[i];
        mqp_stream_free(&c->c2s);
        mqp_stream_free(&c->s2c);
        free(c->msgs);
    }
    free(cap->conns);
    free(cap);
}
