/*
 * Framing of reassembled streams into MQTT packets with the codec. A stream
 * that stops framing (malformed Remaining Length, a capture gap, a packet
 * cut off at the end) is reported in the connection, never fatal: the bytes
 * before the stop are still decoded.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Timestamp of the chunk holding stream byte `at`. */
static struct timeval ts_at(const mqpcap_stream *st, size_t at)
{
    /* Binary search for the last chunk starting at or before `at`. */
    size_t lo = 0, hi = st->nchunks;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (st->chunks[mid].off <= at)
            lo = mid;
        else
            hi = mid;
    }
    struct timeval t = {0, 0};
    if (st->nchunks)
        t = st->chunks[lo].ts;
    return t;
}

/* Offset of the first gap in the stream (stream length if none): framing
 * across a hole would splice unrelated bytes. */
static size_t first_gap(const mqpcap_stream *st)
{
    for (size_t i = 1; i < st->nchunks; i++)
        if (st->chunks[i].gap_before)
            return st->chunks[i].off;
    return st->len;
}

static int frame_dir(mqpcap_conn *c, mqtt_direction dir, int version, const mqtt_policy *policy,
                     mqpcap_msg **out, size_t *nout)
{
    const mqpcap_stream *st = dir == MQTT_C2S ? &c->c2s : &c->s2c;
    const char **stop = dir == MQTT_C2S ? &c->c2s_stop : &c->s2c_stop;
    size_t *stop_off = dir == MQTT_C2S ? &c->c2s_stop_off : &c->s2c_stop_off;
    size_t limit = first_gap(st), off = 0, cap = 0;
    *out = NULL;
    *nout = 0;
    mqtt_decode_opts o = {.version = (mqtt_version)version, .dir = dir, .policy = policy};
    while (off < limit) {
        mqtt_frame fr;
        mqtt_error e;
        memset(&e, 0, sizeof e);
        mqtt_status s = mqtt_frame_next(st->data + off, limit - off, &o, &fr, &e);
        if (s == MQTT_NEED_MORE) {
            *stop = limit < st->len ? "gap in the capture inside a packet"
                                    : "stream ends inside a packet";
            *stop_off = off;
            break;
        }
        if (s != MQTT_OK) {
            *stop = e.message ? e.message : "cannot frame";
            *stop_off = off;
            break;
        }
        if (*nout == cap) {
            size_t ncap = cap ? cap * 2 : 16;
            mqpcap_msg *nm = realloc(*out, ncap * sizeof *nm);
            if (!nm)
                return -1;
            *out = nm;
            cap = ncap;
        }
        mqpcap_msg *m = &(*out)[(*nout)++];
        memset(m, 0, sizeof *m);
        m->dir = dir;
        m->off = off;
        m->len = fr.total;
        m->ts = ts_at(st, off + fr.total - 1);
        m->status = mqtt_decode(st->data + off, fr.total, &o, &m->pkt, &m->err);
        off += fr.total;
    }
    if (!*stop && limit < st->len) {
        *stop = "gap in the capture";
        *stop_off = limit;
    }
    return 0;
}

static int tv_cmp(const struct timeval *a, const struct timeval *b)
{
    if (a->tv_sec != b->tv_sec)
        return a->tv_sec < b->tv_sec ? -1 : 1;
    if (a->tv_usec != b->tv_usec)
        return a->tv_usec < b->tv_usec ? -1 : 1;
    return 0;
}

int mqp_frame_conn(mqpcap_conn *c, const mqtt_policy *policy)
{
    /* The version is whatever the client's first packet (a CONNECT) says. */
    c->version = 0;
    if (c->c2s.len) {
        mqtt_frame fr;
        mqtt_error e;
        mqtt_decode_opts o = {.version = MQTT_V311, .dir = MQTT_C2S, .policy = policy};
        if (mqtt_frame_next(c->c2s.data, c->c2s.len, &o, &fr, &e) == MQTT_OK) {
            int v = mqtt_connect_version(c->c2s.data, fr.total);
            if (v == MQTT_V31 || v == MQTT_V311 || v == MQTT_V5)
                c->version = v;
        }
    }
    mqpcap_msg *a = NULL, *b = NULL;
    size_t na = 0, nb = 0;
    /* Without a CONNECT (capture started mid-connection) try 3.1.1, and 5.0
     * when 3.1.1 leaves packets undecoded; keep the better. */
    int tries[2] = {c->version ? c->version : MQTT_V311, MQTT_V5};
    size_t best_err = (size_t)-1;
    for (int t = 0; t < (c->version ? 1 : 2); t++) {
        mqpcap_msg *ta = NULL, *tb = NULL;
        size_t ta_n = 0, tb_n = 0, errs = 0;
        c->c2s_stop = c->s2c_stop = NULL;
        if (frame_dir(c, MQTT_C2S, tries[t], policy, &ta, &ta_n) != 0 ||
            frame_dir(c, MQTT_S2C, tries[t], policy, &tb, &tb_n) != 0) {
            free(ta);
            free(tb);
            free(a);
            free(b);
            return -1;
        }
        for (size_t i = 0; i < ta_n; i++)
            errs += ta[i].status != MQTT_OK;
        for (size_t i = 0; i < tb_n; i++)
            errs += tb[i].status != MQTT_OK;
        if (errs < best_err) {
            free(a);
            free(b);
            a = ta;
            b = tb;
            na = ta_n;
            nb = tb_n;
            best_err = errs;
            c->decoded_as = tries[t];
        } else {
            free(ta);
            free(tb);
        }
        if (best_err == 0)
            break;
    }
    /* framing does not depend on the version: the stops are the same */
    c->msgs = malloc((na + nb ? na + nb : 1) * sizeof *c->msgs);
    if (!c->msgs) {
        free(a);
        free(b);
        return -1;
    }
    /* Merge by time; each direction is already in order, ties go to the
     * client (its request precedes the answer recorded at the same time). */
    size_t i = 0, j = 0;
    while (i < na || j < nb) {
        if (j >= nb || (i < na && tv_cmp(&a[i].ts, &b[j].ts) <= 0))
            c->msgs[c->nmsgs++] = a[i++];
        else
            c->msgs[c->nmsgs++] = b[j++];
    }
    free(a);
    free(b);
    return 0;
}
