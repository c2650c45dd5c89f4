/*
 * Codec decode benchmark: frames and fully validates a stream of PUBLISH
 * packets held in memory, the way a receiver would, and prints the median
 * rate over interleaved rounds next to a same-run floor: a plain
 * header-to-header hop over the same bytes (what any decoder must at least
 * do to find packet boundaries), so the ratio to the floor reads the same on
 * a faster or a busier machine. Three ways in:
 *   mqtt_next                      header-inline frame + decode in one step
 *   mqtt_frame_next + mqtt_decode  the two-step API (also header-inline over
 *                                  the general route), without and with a policy
 *   ..._general                    the out-of-line framer and general decoder
 *                                  alone (what every non-PUBLISH packet and
 *                                  every error goes through)
 *
 *   3.1.1   QoS 1 PUBLISH, 16-byte topic, 32-byte payload
 *   3.1.1 long  the same with a 39-byte topic
 *   5.0     the same with Message Expiry, Content Type and one User Property,
 *           every property read back through the iterator
 *   64 KiB  QoS 1 PUBLISH with 64 KiB payloads, plus a checksum pass over
 *           each payload (so the figure includes touching the data)
 *
 * Usage: bench-codec-decode [packets (default 1000000)] [rounds (default 7)] [only]
 *   only: one row and its floor (311 311g 311p 311x 311l 311lp 5 5g 5p 5x big), e.g. under perf
 * Not a test: it prints figures and exits 0 unless a packet fails to decode.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mqttcodec.h"

#define TOPIC "sensor/00/temp01" /* 16 bytes */
#define TOPIC_LEN 16
/* longer than one vector: the inline path's multi-vector topic check */
#define LONG_TOPIC "building/floor03/room12/sensor/temp0001" /* 39 bytes */
#define LONG_TOPIC_LEN 39
#define SMALL_PAYLOAD 32
#define BIG_PAYLOAD 65536

static volatile uint64_t sink; /* keeps the work observable */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

typedef struct stream {
    uint8_t *buf;
    size_t len;
    size_t packets;
} stream;

/* Builds `count` QoS 1 PUBLISH packets with the encoder (so the stream is
 * exactly what the codec itself would send). */
static int build(stream *s, size_t count, mqtt_version v, bool with_props, size_t payload_len, const char *topic,
                 size_t topic_len)
{
    uint8_t *payload = malloc(payload_len);
    if (!payload)
        return -1;
    for (size_t i = 0; i < payload_len; i++)
        payload[i] = (uint8_t)(i * 31 + 7);
    uint8_t pbuf[64];
    mqtt_props_builder pb;
    mqtt_pb_init(&pb, pbuf, sizeof pbuf);
    if (with_props) {
        mqtt_pb_u32(&pb, MQTT_PROP_MESSAGE_EXPIRY_INTERVAL, 3600);
        mqtt_pb_str(&pb, MQTT_PROP_CONTENT_TYPE, "text/plain", 10);
        mqtt_pb_pair(&pb, "unit", 4, "C", 1);
        if (pb.overflow) {
            free(payload);
            return -1;
        }
    }
    mqtt_packet p;
    memset(&p, 0, sizeof p);
    p.type = MQTT_PUBLISH;
    p.flags = 0x02;
    p.u.publish.qos = 1;
    p.u.publish.topic = mqtt_bytes(topic, topic_len);
    p.u.publish.payload = mqtt_bytes(payload, payload_len);
    p.u.publish.packet_id = 1;
    if (v == MQTT_V5)
        p.u.publish.props = mqtt_pb_props(&pb);
    mqtt_decode_opts o = {v, MQTT_C2S, NULL};
    mqtt_error err;
    size_t one;
    if (mqtt_encoded_size(&p, &o, &one, &err) != MQTT_OK) {
        fprintf(stderr, "encoded size: %s\n", mqtt_errcode_name(err.code));
        free(payload);
        return -1;
    }
    s->len = one * count;
    s->packets = count;
    s->buf = malloc(s->len);
    if (!s->buf) {
        free(payload);
        return -1;
    }
    size_t off = 0;
    for (size_t i = 0; i < count; i++) {
        size_t w;
        p.u.publish.packet_id = (uint16_t)(1 + i % 65535);
        if (mqtt_encode(&p, &o, s->buf + off, s->len - off, &w, &err) != MQTT_OK || w != one) {
            fprintf(stderr, "encode: %s\n", mqtt_errcode_name(err.code));
            free(payload);
            return -1;
        }
        off += w;
    }
    free(payload);
    return 0;
}

/* How a pass decodes: the floor (a header-to-header hop that reads each
 * fixed header and nothing else), the header-inline mqtt_next, or the two
 * public steps mqtt_frame_next + mqtt_decode. */
typedef enum mode { HOP, NEXT, GENERAL, OUTOFLINE } mode;

/* The floor: find each packet boundary from its fixed header, nothing more. */
__attribute__((noinline)) static long hop(const stream *s)
{
    const uint8_t *b = s->buf;
    size_t off = 0, len = s->len;
    long n = 0;
    uint64_t acc = 0;
    while (off + 2 <= len) {
        size_t i = 1, rl = 0;
        unsigned shift = 0;
        uint8_t c;
        do {
            c = b[off + i++];
            rl |= (size_t)(c & 0x7f) << shift;
            shift += 7;
        } while ((c & 0x80) && i < 5 && off + i < len);
        acc += b[off];
        off += i + rl;
        n++;
    }
    sink += acc;
    return n;
}

/* What a receiver does with a decoded PUBLISH: reads its fields, iterates
 * its properties, optionally touches every payload byte. */
__attribute__((always_inline)) static inline uint64_t consume(const mqtt_packet *p, bool iterate_props, bool checksum)
{
    uint64_t acc = p->u.publish.packet_id + p->u.publish.topic.len;
    if (iterate_props) {
        mqtt_prop_iter it;
        mqtt_prop pr;
        mqtt_prop_iter_init(&it, &p->u.publish.props);
        while (mqtt_prop_next(&it, &pr))
            acc += pr.id + (pr.type == MQTT_PT_U32    ? pr.v.u
                            : pr.type == MQTT_PT_PAIR ? pr.v.pair.k.len + pr.v.pair.v.len
                                                      : pr.v.s.len);
    }
    if (checksum) {
        /* Sum of the payload as 64-bit words (tail bytewise): touches every byte. */
        const uint8_t *q = p->u.publish.payload.p;
        size_t m = p->u.publish.payload.len, i = 0;
        uint64_t s1 = 0;
        for (; i + 8 <= m; i += 8) {
            uint64_t w;
            memcpy(&w, q + i, 8);
            s1 += w;
        }
        for (; i < m; i++)
            s1 += q[i];
        acc += s1;
    } else {
        acc += p->u.publish.payload.len;
    }
    return acc;
}

/* One pass over the stream; returns the number of packets or -1 on error.
 * One loop per way in and per consumer, each its own function, so each is
 * compiled as a receiver would write it and none pays for the others. */
#define PASS_LOOP(NAME, PROPS, CHECKSUM, DECODE)                                                           \
    __attribute__((noinline)) static long NAME(const stream *s, const mqtt_decode_opts *o)                  \
    {                                                                                                      \
        const uint8_t *b = s->buf;                                                                         \
        size_t off = 0, len = s->len;                                                                      \
        long n = 0;                                                                                        \
        uint64_t acc = 0;                                                                                  \
        while (off < len) {                                                                                \
            mqtt_frame fr;                                                                                 \
            mqtt_error err = {MQTT_E_NONE, MQTT_OK, "", 0, 0, "", ""}; /* defined for the messages */        \
            mqtt_packet p;                                                                                 \
            DECODE                                                                                         \
            acc += consume(&p, PROPS, CHECKSUM);                                                           \
            off += fr.total;                                                                               \
            n++;                                                                                           \
        }                                                                                                  \
        sink += acc;                                                                                       \
        return n;                                                                                          \
    }
#define BY_NEXT                                                                                            \
    if (mqtt_next(b + off, len - off, o, &fr, &p, &err) != MQTT_OK) {                                      \
        fprintf(stderr, "next at %zu: %s (%s)\n", off, mqtt_errcode_name(err.code), err.stmt);             \
        return -1;                                                                                         \
    }
#define BY_GENERAL                                                                                         \
    if (mqtt_frame_next(b + off, len - off, o, &fr, &err) != MQTT_OK) {                                    \
        fprintf(stderr, "frame at %zu: %s\n", off, mqtt_errcode_name(err.code));                           \
        return -1;                                                                                         \
    }                                                                                                      \
    if (mqtt_decode(b + off, fr.total, o, &p, &err) != MQTT_OK) {                                          \
        fprintf(stderr, "decode at %zu: %s (%s)\n", off, mqtt_errcode_name(err.code), err.stmt);           \
        return -1;                                                                                         \
    }
#define BY_OUTOFLINE                                                                                       \
    if (mqtt_frame_next_general(b + off, len - off, o, &fr, &err) != MQTT_OK) {                            \
        fprintf(stderr, "frame at %zu: %s\n", off, mqtt_errcode_name(err.code));                           \
        return -1;                                                                                         \
    }                                                                                                      \
    if (mqtt_decode_general(b + off, fr.total, o, &p, &err) != MQTT_OK) {                                  \
        fprintf(stderr, "decode at %zu: %s (%s)\n", off, mqtt_errcode_name(err.code), err.stmt);           \
        return -1;                                                                                         \
    }
PASS_LOOP(next_plain, false, false, BY_NEXT)
PASS_LOOP(next_props, true, false, BY_NEXT)
PASS_LOOP(next_sum, false, true, BY_NEXT)
PASS_LOOP(general_plain, false, false, BY_GENERAL)
PASS_LOOP(general_props, true, false, BY_GENERAL)
PASS_LOOP(outofline_plain, false, false, BY_OUTOFLINE)
PASS_LOOP(outofline_props, true, false, BY_OUTOFLINE)

static long pass(const stream *s, mode m, const mqtt_decode_opts *o, bool iterate_props, bool checksum)
{
    if (m == HOP)
        return hop(s);
    if (m == NEXT)
        return checksum ? next_sum(s, o) : iterate_props ? next_props(s, o) : next_plain(s, o);
    if (m == OUTOFLINE)
        return iterate_props ? outofline_props(s, o) : outofline_plain(s, o);
    return iterate_props ? general_props(s, o) : general_plain(s, o);
}

/* A row of the table: what runs over which stream, its floor, and the row it
 * is compared with. */
typedef struct row {
    const char *name, *label;
    const stream *s;
    mode m;
    const mqtt_decode_opts *o;
    bool props, checksum;
    int floor;  /* index of this row's floor row */
    int versus; /* index of the row it is compared with, -1: none */
    double t[64];
    double med;
} row;

/* Rounds interleave every row, so a busy neighbour slows them all alike; each
 * row's figure is the median of its rounds. */
static int run_rows(row *r, int nrows, int passes)
{
    for (int k = 0; k < passes; k++)
        for (int i = 0; i < nrows; i++) {
            double t0 = now();
            long n = pass(r[i].s, r[i].m, r[i].o, r[i].props, r[i].checksum);
            r[i].t[k] = now() - t0;
            if (n != (long)r[i].s->packets) {
                fprintf(stderr, "%s: pass failed\n", r[i].label);
                return -1;
            }
        }
    printf("%-46s %9s %9s %9s %8s\n", "", "Mpkt/s", "ns/pkt", "floor ns", "x floor");
    for (int i = 0; i < nrows; i++) {
        qsort(r[i].t, (size_t)passes, sizeof r[i].t[0], cmp_double);
        r[i].med = r[i].t[passes / 2];
    }
    for (int i = 0; i < nrows; i++) {
        double ns = r[i].med * 1e9 / (double)r[i].s->packets;
        double fl = r[r[i].floor].med * 1e9 / (double)r[r[i].floor].s->packets;
        printf("%-46s %9.1f %9.2f %9.2f %8.2f", r[i].label, (double)r[i].s->packets / r[i].med / 1e6, ns, fl,
               ns / fl);
        if (r[i].versus >= 0)
            printf("   %.2fx the speed of %s", r[r[i].versus].med / r[i].med, r[r[i].versus].name);
        printf("\n");
    }
    return 0;
}

static long arg(const char *s, long lo, long hi, const char *what)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end || v < lo || v > hi) {
        fprintf(stderr, "bench-codec-decode: %s must be %ld..%ld, got '%s'\n", what, lo, hi, s);
        exit(2);
    }
    return v;
}

int main(int argc, char **argv)
{
    size_t count = 1000000;
    int passes = 7;
    const char *only = NULL;
    if (argc > 4) {
        fprintf(stderr, "usage: %s [packets] [rounds] [311|311g|311p|311x|311l|311lp|5|5g|5p|5x|big]\n", argv[0]);
        return 2;
    }
    if (argc > 1)
        count = (size_t)arg(argv[1], 1, 50000000, "packets");
    if (argc > 2)
        passes = (int)arg(argv[2], 1, 64, "rounds");
    if (argc > 3)
        only = argv[3];

    stream s311 = {0}, s311l = {0}, s5 = {0}, big = {0};
    size_t big_count = count / 1000 < 64 ? 64 : count / 1000; /* 1000 x 64 KiB = 64 MiB by default */
    if (build(&s311, count, MQTT_V311, false, SMALL_PAYLOAD, TOPIC, TOPIC_LEN) ||
        build(&s311l, count, MQTT_V311, false, SMALL_PAYLOAD, LONG_TOPIC, LONG_TOPIC_LEN) ||
        build(&s5, count, MQTT_V5, true, SMALL_PAYLOAD, TOPIC, TOPIC_LEN) ||
        build(&big, big_count, MQTT_V311, false, BIG_PAYLOAD, TOPIC, TOPIC_LEN)) {
        fprintf(stderr, "bench-codec-decode: cannot build the input streams\n");
        return 1;
    }
    mqtt_decode_opts o311 = {MQTT_V311, MQTT_C2S, NULL}, o5 = {MQTT_V5, MQTT_C2S, NULL};
    mqtt_policy pol;
    mqtt_policy_default(&pol);
    mqtt_decode_opts g311 = {MQTT_V311, MQTT_C2S, &pol}, g5 = {MQTT_V5, MQTT_C2S, &pol};
    row all[] = {
        {"hop311", "floor: 3.1.1 stream, header hop", &s311, HOP, NULL, false, false, 0, -1, {0}, 0},
        {"311", "3.1.1 QoS1 16B/32B: mqtt_next (inline)", &s311, NEXT, &o311, false, false, 0, -1, {0}, 0},
        {"311g", "  frame_next + decode, no policy", &s311, GENERAL, &o311, false, false, 0, 1, {0}, 0},
        {"311p", "  frame_next + decode, policy given", &s311, GENERAL, &g311, false, false, 0, 1, {0}, 0},
        {"311x", "  frame_next_general + decode_general", &s311, OUTOFLINE, &g311, false, false, 0, 1, {0}, 0},
        {"hop311l", "floor: 3.1.1 39-byte topic stream, header hop", &s311l, HOP, NULL, false, false, 5, -1, {0}, 0},
        {"311l", "3.1.1 QoS1 39B/32B: mqtt_next (inline)", &s311l, NEXT, &o311, false, false, 5, -1, {0}, 0},
        {"311lp", "  frame_next + decode, policy given", &s311l, GENERAL, &g311, false, false, 5, 6, {0}, 0},
        {"hop5", "floor: 5.0 stream, header hop", &s5, HOP, NULL, false, false, 8, -1, {0}, 0},
        {"5", "5.0 +3 props, iterated: mqtt_next", &s5, NEXT, &o5, true, false, 8, -1, {0}, 0},
        {"5g", "  frame_next + decode, no policy", &s5, GENERAL, &o5, true, false, 8, 9, {0}, 0},
        {"5p", "  frame_next + decode, policy given", &s5, GENERAL, &g5, true, false, 8, 9, {0}, 0},
        {"5x", "  frame_next_general + decode_general", &s5, OUTOFLINE, &g5, true, false, 8, 9, {0}, 0},
        {"hopbig", "floor: 64 KiB stream, header hop", &big, HOP, NULL, false, false, 13, -1, {0}, 0},
        {"big", "3.1.1 64 KiB + payload checksum: mqtt_next", &big, NEXT, &o311, false, true, 13, -1, {0}, 0},
    };
    enum { NROWS = sizeof all / sizeof all[0] };
    static row sel[NROWS];
    int n = 0;
    for (int i = 0; i < NROWS; i++) {
        if (only && strcmp(only, all[i].name) != 0)
            continue;
        if (only) { /* the row and its floor */
            sel[n] = all[all[i].floor];
            sel[n].floor = n;
            sel[n + 1] = all[i];
            sel[n + 1].floor = n;
            sel[n + 1].versus = -1;
            n += 2;
        } else {
            sel[n++] = all[i];
        }
    }
    if (!n) {
        fprintf(stderr, "bench-codec-decode: unknown scenario '%s'\n", only);
        return 2;
    }
    printf("codec decode benchmark: frame + full validation; median of %d interleaved rounds\n", passes);
    printf("floor = a plain header-to-header hop over the same stream in the same run\n");
    int rc = run_rows(sel, n, passes);
    free(s311.buf);
    free(s311l.buf);
    free(s5.buf);
    free(big.buf);
    return rc ? 1 : 0;
}
