/* Input header decoding and the reject oracle shared by the harnesses. */
#include "harness_input.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HI_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) && !defined(HI_ASAN)
#define HI_ASAN 1
#endif
#ifdef HI_ASAN
void __sanitizer_annotate_contiguous_container(const void *beg, const void *end, const void *old_mid,
                                               const void *new_mid);
#endif

typedef struct hi_slot {
    uint8_t *buf;
    size_t cap, used;
} hi_slot;

static hi_slot slots[HI_SLOTS];

const uint8_t *hi_window(int slot, const uint8_t *p, size_t n)
{
    hi_slot *s = &slots[slot];
    if (n > s->cap || !s->buf) {
        size_t cap = s->cap ? s->cap : 256;
        while (cap < n)
            cap *= 2;
#ifdef HI_ASAN
        if (s->buf) /* make the whole block addressable again before freeing */
            __sanitizer_annotate_contiguous_container(s->buf, s->buf + s->cap, s->buf + s->used,
                                                      s->buf + s->cap);
#endif
        free(s->buf);
        s->buf = malloc(cap);
        if (!s->buf)
            abort();
        s->cap = cap;
        s->used = cap;
    }
#ifdef HI_ASAN
    /* [buf, buf+n) addressable, [buf+n, buf+cap) poisoned; malloc's own
     * redzone follows cap. */
    __sanitizer_annotate_contiguous_container(s->buf, s->buf + s->cap, s->buf + s->used, s->buf + n);
#endif
    s->used = n;
    if (n)
        memcpy(s->buf, p, n);
    return s->buf;
}

/* Version of the input being run, for hi_check_reject. */
static mqtt_version current_version = MQTT_V5;

bool hi_parse(const uint8_t *data, size_t size, hi_input *in)
{
    if (size < HI_HEADER_LEN)
        return false;
    uint8_t b0 = data[0], b1 = data[1];
    static const mqtt_version versions[4] = {MQTT_V31, MQTT_V311, MQTT_V5, MQTT_V5};
    mqtt_policy_default(&in->policy);
    if (b0 & 0x08)
        in->policy.reject_control_chars = !in->policy.reject_control_chars;
    if (b0 & 0x10)
        in->policy.reject_noncharacters = !in->policy.reject_noncharacters;
    if (b0 & 0x20)
        in->policy.allow_pfi_other = !in->policy.allow_pfi_other;
    if (b0 & 0x40)
        in->policy.allow_subid_zero_in_publish = !in->policy.allow_subid_zero_in_publish;
    if (b0 & 0x80)
        in->policy.max_packet_size = HI_SMALL_MAX_PACKET;
    if (b1 & 0x40)
        in->policy.allow_bridge_bit = !in->policy.allow_bridge_bit;
    if (b1 & 0x80)
        in->policy.allow_long_v31_client_id = !in->policy.allow_long_v31_client_id;
    in->opts.version = versions[b0 & 3];
    current_version = in->opts.version;
    in->opts.dir = (b0 & 4) ? MQTT_S2C : MQTT_C2S;
    /* No toggle set: pass no policy at all, as most callers do. That is
     * also the only case in which mqtt_decode may take its PUBLISH fast
     * path, which must be fuzzed too. */
    in->opts.policy = ((b0 & 0xF8) || (b1 & 0xC0)) ? &in->policy : NULL;
    in->chunk_seed = b1 & 0x3f;
    in->wire = data + HI_HEADER_LEN;
    in->wire_len = size - HI_HEADER_LEN;
    return true;
}

uint8_t hi_header0(mqtt_version v, mqtt_direction dir)
{
    uint8_t b = v == MQTT_V31 ? 0 : v == MQTT_V311 ? 1 : 2;
    return (uint8_t)(b | (dir == MQTT_S2C ? 4 : 0));
}

size_t hi_next_chunk(uint32_t *state, uint8_t chunk_seed)
{
    /* xorshift32: cheap, and the same seed always cuts the stream the same
     * way, so a crash found with one chunking reproduces. */
    uint32_t x = *state ? *state : 0x9e3779b9u;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    *state = x;
    size_t max = (size_t)1 << (chunk_seed % 8); /* 1..128 bytes */
    return 1 + (x % max);
}

void hi_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("mqttcheck fuzz oracle: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    abort();
}

void hi_check_reject(mqtt_status st, const mqtt_error *err, size_t pkt_len, const char *where)
{
    if (st != MQTT_MALFORMED && st != MQTT_PROTOCOL && st != MQTT_POLICY)
        hi_fail("%s: unexpected status %d for untrusted bytes", where, (int)st);
    if (err->status != st)
        hi_fail("%s: returned status %d but err.status is %d", where, (int)st, (int)err->status);
    if (err->code == MQTT_E_NONE || err->code >= MQTT_E_BUFFER_TOO_SMALL)
        hi_fail("%s: reject with error code %d", where, (int)err->code);
    /* Every reject names the rule it enforces ([ARCHITECTURE.md] statement ids):
     * a numbered statement "MQTT-x.y.z-n" or a section "§x.y". */
    if (!err->stmt || !err->stmt[0])
        hi_fail("%s: reject %s without a statement id", where, mqtt_errcode_name(err->code));
    if (strncmp(err->stmt, "MQTT-", 5) != 0 && strncmp(err->stmt, "\xC2\xA7", 2) != 0)
        hi_fail("%s: reject %s cites '%s', not a statement id", where, mqtt_errcode_name(err->code),
                err->stmt);
    if (!err->message || !err->message[0])
        hi_fail("%s: reject %s without a message", where, mqtt_errcode_name(err->code));
    /* The error table agrees with what the decoder reported. */
    mqtt_error d;
    mqtt_error_describe(err->code, current_version, &d);
    const char *name = mqtt_errcode_name(err->code);
    if (d.code != err->code || d.status != err->status || !name || strncmp(name, "E_", 2) != 0 ||
        !mqtt_status_name(st) || !d.stmt || !d.stmt[0])
        hi_fail("%s: error table and decoder disagree on %s (class %d vs %d)", where, name ? name : "?",
                (int)d.status, (int)err->status);
    if (err->offset > pkt_len)
        hi_fail("%s: reject %s at offset %zu beyond the %zu bytes given", where,
                mqtt_errcode_name(err->code), err->offset, pkt_len);
}

void hi_touch(const uint8_t *p, size_t len)
{
    /* volatile reads: the compiler may not drop them */
    const volatile uint8_t *v = p;
    for (size_t i = 0; i < len; i++)
        (void)v[i];
}

void hi_for_each_packet(const hi_input *in, hi_packet_fn fn, void *ctx)
{
    size_t pos = 0;
    while (pos < in->wire_len) {
        mqtt_frame fr;
        mqtt_error err;
        memset(&err, 0, sizeof err);
        mqtt_status st = mqtt_frame_next(in->wire + pos, in->wire_len - pos, &in->opts, &fr, &err);
        if (st == MQTT_NEED_MORE)
            return;
        if (st != MQTT_OK) {
            hi_check_reject(st, &err, in->wire_len - pos, "frame");
            return;
        }
        const uint8_t *pkt = hi_window(0, in->wire + pos, fr.total);
        mqtt_packet p;
        st = mqtt_decode(pkt, fr.total, &in->opts, &p, &err);
        if (st == MQTT_OK)
            fn(pkt, fr.total, &p, in, ctx);
        else
            hi_check_reject(st, &err, fr.total, "decode");
        pos += fr.total;
    }
}
