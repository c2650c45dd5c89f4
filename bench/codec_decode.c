/*
 * Codec decode benchmark: frames and fully validates a stream of PUBLISH
 * packets held in memory, the way a receiver would (mqtt_frame_next, then
 * mqtt_decode), and prints the median rate over several passes.
 *
 *   3.1.1   QoS 1 PUBLISH, 16-byte topic, 32-byte payload
 *   5.0     the same with Message Expiry, Content Type and one User Property,
 *           every property read back through the iterator
 *   64 KiB  QoS 1 PUBLISH with 64 KiB payloads, plus a checksum pass over
 *           each payload (so the figure includes touching the data)
 *   ...and the same small packets through the general decoder (a policy given)
 *
 * Usage: bench-codec-decode [packets (default 1000000)] [passes (default 7)] [only]
 *   only: run one scenario (311, 5, big, 311g, 5g), e.g. under perf
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
static int build(stream *s, size_t count, mqtt_version v, bool with_props, size_t payload_len)
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
    p.u.publish.topic = mqtt_bytes(TOPIC, TOPIC_LEN);
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

/* One pass over the stream; returns the number of packets or -1 on error. */
static long pass(const stream *s, const mqtt_decode_opts *o, bool iterate_props, bool checksum)
{
    const uint8_t *b = s->buf;
    size_t off = 0, len = s->len;
    long n = 0;
    uint64_t acc = 0;
    while (off < len) {
        mqtt_frame fr;
        mqtt_error err;
        mqtt_packet p;
        if (mqtt_frame_next(b + off, len - off, o, &fr, &err) != MQTT_OK) {
            fprintf(stderr, "frame at %zu: %s\n", off, mqtt_errcode_name(err.code));
            return -1;
        }
        if (mqtt_decode(b + off, fr.total, o, &p, &err) != MQTT_OK) {
            fprintf(stderr, "decode at %zu: %s (%s)\n", off, mqtt_errcode_name(err.code), err.stmt);
            return -1;
        }
        acc += p.u.publish.packet_id + p.u.publish.topic.len;
        if (iterate_props) {
            mqtt_prop_iter it;
            mqtt_prop pr;
            mqtt_prop_iter_init(&it, &p.u.publish.props);
            while (mqtt_prop_next(&it, &pr))
                acc += pr.id + (pr.type == MQTT_PT_U32 ? pr.v.u : pr.v.s.len);
        }
        if (checksum) {
            /* Sum of the payload as 64-bit words (tail bytewise): touches every byte. */
            const uint8_t *q = p.u.publish.payload.p;
            size_t m = p.u.publish.payload.len, i = 0;
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
            acc += p.u.publish.payload.len;
        }
        off += fr.total;
        n++;
    }
    sink += acc;
    return n;
}

static int run(const char *label, const stream *s, const mqtt_decode_opts *o, bool props, bool checksum,
               int passes)
{
    double t[64];
    for (int i = 0; i < passes; i++) {
        double t0 = now();
        long n = pass(s, o, props, checksum);
        t[i] = now() - t0;
        if (n != (long)s->packets) {
            fprintf(stderr, "%s: pass failed\n", label);
            return -1;
        }
    }
    qsort(t, (size_t)passes, sizeof t[0], cmp_double);
    double med = t[passes / 2];
    printf("%-36s %8zu pkts %6.1f MB  median %7.4f s %9.3f Mpkt/s %8.1f MB/s %9.1f ns/pkt  (best %.3f Mpkt/s)\n",
           label, s->packets, (double)s->len / 1e6, med, (double)s->packets / med / 1e6,
           (double)s->len / med / 1e6, med * 1e9 / (double)s->packets, (double)s->packets / t[0] / 1e6);
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
        fprintf(stderr, "usage: %s [packets] [passes] [311|5|big|311g|5g]\n", argv[0]);
        return 2;
    }
    if (argc > 1)
        count = (size_t)arg(argv[1], 1, 50000000, "packets");
    if (argc > 2)
        passes = (int)arg(argv[2], 1, 64, "passes");
    if (argc > 3) {
        only = argv[3];
        if (strcmp(only, "311") && strcmp(only, "5") && strcmp(only, "big") && strcmp(only, "311g") &&
            strcmp(only, "5g")) {
            fprintf(stderr, "bench-codec-decode: unknown scenario '%s'\n", only);
            return 2;
        }
    }

    stream s311 = {0}, s5 = {0}, big = {0};
    size_t big_count = count / 1000 < 64 ? 64 : count / 1000; /* 1000 x 64 KiB = 64 MiB by default */
    if (build(&s311, count, MQTT_V311, false, SMALL_PAYLOAD) || build(&s5, count, MQTT_V5, true, SMALL_PAYLOAD) ||
        build(&big, big_count, MQTT_V311, false, BIG_PAYLOAD)) {
        fprintf(stderr, "bench-codec-decode: cannot build the input streams\n");
        return 1;
    }
    printf("codec decode benchmark: frame + full validation, median of %d passes\n", passes);
    mqtt_decode_opts o311 = {MQTT_V311, MQTT_C2S, NULL}, o5 = {MQTT_V5, MQTT_C2S, NULL};
    mqtt_policy pol;
    mqtt_policy_default(&pol);
    mqtt_decode_opts g311 = {MQTT_V311, MQTT_C2S, &pol}, g5 = {MQTT_V5, MQTT_C2S, &pol};
    int rc = 0;
#define WANT(name) (!only || strcmp(only, name) == 0)
    if (WANT("311"))
        rc |= run("3.1.1 QoS1 16B topic 32B payload", &s311, &o311, false, false, passes);
    if (WANT("5"))
        rc |= run("5.0 same + 3 props (iterated)", &s5, &o5, true, false, passes);
    if (WANT("big"))
        rc |= run("3.1.1 QoS1 64KiB payload + checksum", &big, &o311, false, true, passes);
    if (WANT("311g"))
        rc |= run("3.1.1 small, policy given", &s311, &g311, false, false, passes);
    if (WANT("5g"))
        rc |= run("5.0 small + props, policy given", &s5, &g5, true, false, passes);
    free(s311.buf);
    free(s5.buf);
    free(big.buf);
    return rc ? 1 : 0;
}
