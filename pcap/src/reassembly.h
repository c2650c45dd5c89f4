/* TCP reassembly of one direction of one connection (internal to pcap/). */
#ifndef MQPCAP_REASSEMBLY_H
#define MQPCAP_REASSEMBLY_H

#include "internal.h"

typedef struct mqp_seg {
    uint32_t seq;            /* sequence number of the first payload byte */
    size_t off, len;         /* payload bytes in mqp_dir.raw */
    struct timeval ts;
    size_t order;            /* arrival order, breaks ties */
} mqp_seg;

typedef struct mqp_dir {
    mqp_seg *segs;
    size_t nsegs, cap;
    mqp_buf raw;             /* payloads as they arrived, duplicates included */
    bool syn, fin, rst;
    uint32_t isn;
    size_t end_frame;
    struct timeval end_ts;
} mqp_dir;

/* Stores a segment's payload; -1 when max_bytes is reached or memory runs out. */
int mqp_dir_add(mqp_dir *d, uint32_t seq, const uint8_t *p, size_t len,
                const struct timeval *ts, size_t max_bytes);
/* Orders segments by sequence number and fills st (data, chunks, gaps). */
int mqp_dir_reassemble(mqp_dir *d, mqpcap_stream *st);
void mqp_dir_free(mqp_dir *d);
void mqp_stream_free(mqpcap_stream *st);

#endif
