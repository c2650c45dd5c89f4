/*
 * TCP reassembly. Segments are kept as they arrived and ordered once the
 * capture is read: sort by position in the stream (relative to the SYN, or
 * to the lowest sequence number seen when the handshake was not captured),
 * then walk them once. Bytes already placed are kept; a retransmission or
 * overlapping segment only contributes bytes past what is placed; a jump
 * forward is a gap (bytes the capture never saw).
 *
 * Positions are 32-bit sequence differences taken as signed, so streams
 * that wrap the sequence space reassemble; a single direction is capped far
 * below 2 GiB by max_bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "reassembly.h"

int mqp_dir_add(mqp_dir *d, uint32_t seq, const uint8_t *p, size_t len,
                const struct timeval *ts, size_t max_bytes)
{
    if (d->raw.len + len > max_bytes)
        return -1;
    if (d->nsegs == d->cap) {
        size_t ncap = d->cap ? d->cap * 2 : 16;
        mqp_seg *ns = realloc(d->segs, ncap * sizeof *ns);
        if (!ns)
            return -1;
        d->segs = ns;
        d->cap = ncap;
    }
    size_t off = d->raw.len;
    if (mqp_buf_add(&d->raw, p, len) != 0)
        return -1;
    mqp_seg *s = &d->segs[d->nsegs];
    s->seq = seq;
    s->off = off;
    s->len = len;
    s->ts = *ts;
    s->order = d->nsegs;
    d->nsegs++;
    return 0;
}

/* Relative positions are computed into this before sorting. */
typedef struct pos_seg {
    int64_t pos;
    const mqp_seg *s;
} pos_seg;

static int cmp_pos(const void *a, const void *b)
{
    const pos_seg *x = a, *y = b;
    if (x->pos != y->pos)
        return x->pos < y->pos ? -1 : 1;
    return x->s->order < y->s->order ? -1 : (x->s->order > y->s->order);
}

static int tv_less(const struct timeval *a, const struct timeval *b)
{
    return a->tv_sec < b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_usec < b->tv_usec);
}

int mqp_dir_reassemble(mqp_dir *d, mqpcap_stream *st)
{
    memset(st, 0, sizeof *st);
    st->fin = d->fin;
    st->rst = d->rst;
    st->end_frame = d->end_frame;
    st->end_ts = d->end_ts;
    if (d->nsegs == 0)
        return 0;
    pos_seg *ps = malloc(d->nsegs * sizeof *ps);
    if (!ps)
        return -1;
    uint32_t anchor = d->syn ? d->isn + 1 : d->segs[0].seq;
    for (size_t i = 0; i < d->nsegs; i++) {
        ps[i].pos = (int64_t)(int32_t)(d->segs[i].seq - anchor);
        ps[i].s = &d->segs[i];
    }
    qsort(ps, d->nsegs, sizeof *ps, cmp_pos);

    st->data = malloc(d->raw.len ? d->raw.len : 1);
    st->chunks = malloc(d->nsegs * sizeof *st->chunks);
    if (!st->data || !st->chunks) {
        free(ps);
        mqp_stream_free(st);
        return -1;
    }
    /* With a SYN the stream starts at position 0; without, at the lowest
     * position seen (the capture began mid-connection). */
    int64_t cur = d->syn ? 0 : ps[0].pos;
    struct timeval last = {0, 0};
    for (size_t i = 0; i < d->nsegs; i++) {
        int64_t pos = ps[i].pos, end = pos + (int64_t)ps[i].s->len;
        if (end <= cur)
            continue; /* retransmission or bytes before the SYN */
        bool gap = false;
        if (pos > cur) {
            st->gaps++;
            st->gap_bytes += (size_t)(pos - cur);
            cur = pos;
            gap = true;
        }
        size_t skip = (size_t)(cur - pos);
        size_t n = ps[i].s->len - skip;
        memcpy(st->data + st->len, d->raw.p + ps[i].s->off + skip, n);
        /* Bytes become readable when the last piece before them has come. */
        if (tv_less(&last, &ps[i].s->ts))
            last = ps[i].s->ts;
        mqpcap_chunk *ch = &st->chunks[st->nchunks++];
        ch->off = st->len;
        ch->len = n;
        ch->ts = last;
        ch->gap_before = gap;
        st->len += n;
        cur = end;
    }
    free(ps);
    return 0;
}

void mqp_dir_free(mqp_dir *d)
{
    free(d->segs);
    mqp_buf_free(&d->raw);
    memset(d, 0, sizeof *d);
}

void mqp_stream_free(mqpcap_stream *st)
{
    free(st->data);
    free(st->chunks);
    st->data = NULL;
    st->chunks = NULL;
    st->len = st->nchunks = 0;
}
