/* roundtrip: every packet that decodes is re-encoded and decoded again.
 *  - the validating encoder must accept what the decoder accepted, in the
 *    size mqtt_encoded_size announced, and refuse a buffer one byte short;
 *  - the second decode must equal the first (mqtt_packet_equal);
 *  - a canonical packet must re-encode to the very same bytes, and the
 *    encoder's output is always canonical;
 *  - the raw encoder with force_flags must give back the original bytes;
 *  - the builders rebuild what was decoded byte for byte: every property
 *    block through mqtt_pb_*, SUBSCRIBE/UNSUBSCRIBE lists through
 *    mqtt_list_put, the fixed header through mqtt_vbi_write and the
 *    mqtt_raw_* packet helpers (the encodings are unique, so any difference
 *    is a bug on one side).
 * Any difference aborts. */
#include "harness_input.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void hexdump_both(const uint8_t *a, size_t an, const uint8_t *b, size_t bn)
{
    fputs("original:  ", stderr);
    for (size_t i = 0; i < an; i++)
        fprintf(stderr, "%02x", a[i]);
    fputs("\nre-encoded:", stderr);
    for (size_t i = 0; i < bn; i++)
        fprintf(stderr, "%02x", b[i]);
    fputc('\n', stderr);
}

static void rebuild_props(const mqtt_props *props, const char *tn)
{
    if (!props->present || props->len == 0)
        return;
    uint8_t *buf = malloc(props->len);
    if (!buf)
        abort();
    for (int shorter = 0; shorter <= 1; shorter++) {
        mqtt_props_builder pb;
        mqtt_prop_iter it;
        mqtt_prop pr;
        /* one byte short: the byte past the capacity is a guard the
         * builder must never write */
        buf[props->len - 1] = 0xA5;
        mqtt_pb_init(&pb, buf, props->len - (size_t)shorter);
        mqtt_prop_iter_init(&it, props);
        while (mqtt_prop_next(&it, &pr)) {
            switch (pr.type) {
            case MQTT_PT_BYTE: mqtt_pb_byte(&pb, pr.id, (uint8_t)pr.v.u); break;
            case MQTT_PT_U16: mqtt_pb_u16(&pb, pr.id, (uint16_t)pr.v.u); break;
            case MQTT_PT_U32: mqtt_pb_u32(&pb, pr.id, pr.v.u); break;
            case MQTT_PT_VBI: mqtt_pb_vbi(&pb, pr.id, pr.v.u); break;
            case MQTT_PT_UTF8: mqtt_pb_str(&pb, pr.id, (const char *)pr.v.s.p, pr.v.s.len); break;
            case MQTT_PT_BINARY: mqtt_pb_bin(&pb, pr.id, pr.v.s.p, pr.v.s.len); break;
            case MQTT_PT_PAIR:
                mqtt_pb_pair(&pb, (const char *)pr.v.pair.k.p, pr.v.pair.k.len, (const char *)pr.v.pair.v.p,
                             pr.v.pair.v.len);
                break;
            default: hi_fail("roundtrip %s: property 0x%02x of no type", tn, pr.id);
            }
        }
        if (shorter) {
            if (!pb.overflow)
                hi_fail("roundtrip %s: property builder did not notice a full buffer", tn);
            if (buf[props->len - 1] != 0xA5)
                hi_fail("roundtrip %s: property builder wrote past its capacity", tn);
        } else {
            mqtt_props built = mqtt_pb_props(&pb);
            if (pb.overflow || built.len != props->len || !built.present ||
                memcmp(built.p, props->p, props->len) != 0)
                hi_fail("roundtrip %s: property builder gives %zu other bytes for a %zu-byte block", tn,
                        built.len, props->len);
        }
    }
    free(buf);
}

static void rebuild_list(const mqtt_packet *p, const hi_input *in, const char *tn)
{
    mqtt_view orig = p->type == MQTT_SUBSCRIBE ? p->u.subscribe.list : p->u.unsubscribe.list;
    uint8_t *buf = malloc(orig.len ? orig.len : 1);
    if (!buf)
        abort();
    size_t len = 0;
    mqtt_list_iter it;
    if (p->type == MQTT_SUBSCRIBE) {
        mqtt_sub_entry e;
        mqtt_sub_iter_init(&it, &p->u.subscribe, in->opts.version);
        while (mqtt_sub_next(&it, &e))
            len = mqtt_list_put(buf, orig.len, len, (const char *)e.filter.p, e.filter.len, e.options);
    } else {
        mqtt_view f;
        mqtt_unsub_iter_init(&it, &p->u.unsubscribe);
        while (mqtt_unsub_next(&it, &f))
            len = mqtt_list_put(buf, orig.len, len, (const char *)f.p, f.len, -1);
    }
    if (len != orig.len || memcmp(buf, orig.p, len) != 0)
        hi_fail("roundtrip %s: mqtt_list_put rebuilds %zu of %zu list bytes", tn, len, orig.len);
    free(buf);
}

/* Fixed header and body again through mqtt_vbi_* and the raw builder. */
static void rebuild_raw(const uint8_t *pkt, size_t len, const mqtt_packet *p, const char *tn)
{
    uint8_t vbi[4];
    size_t hl = len - p->remaining;
    size_t n = mqtt_vbi_write(p->remaining, vbi, sizeof vbi);
    if (n == 0 || n != hl - 1 || n != mqtt_vbi_size(p->remaining) || memcmp(vbi, pkt + 1, n) != 0)
        hi_fail("roundtrip %s: mqtt_vbi_write(%u) does not give the header's length bytes", tn,
                (unsigned)p->remaining);
    uint8_t *buf = malloc(len);
    if (!buf)
        abort();
    mqtt_raw r;
    mqtt_raw_init(&r, buf, len);
    size_t mark = mqtt_raw_begin(&r, pkt[0]);
    mqtt_raw_bytes(&r, pkt + hl, p->remaining);
    mqtt_raw_end(&r, mark, -1, 0);
    if (r.overflow || r.len != len || memcmp(buf, pkt, len) != 0)
        hi_fail("roundtrip %s: raw builder gives other bytes for the same body", tn);
    free(buf);

    /* The same body behind a Remaining Length padded to a longer form on
     * purpose: the framer must refuse it as not minimal (v5 [MQTT-1.5.5-1])
     * or, at 5 bytes, as too long. */
    buf = malloc(len + 4);
    if (!buf)
        abort();
    for (int nb = (int)hl; nb <= 5; nb++) {
        mqtt_raw_init(&r, buf, len + 4);
        mqtt_raw_u8(&r, pkt[0]);
        mqtt_raw_vbi(&r, p->remaining, nb);
        mqtt_raw_bytes(&r, pkt + hl, p->remaining);
        mqtt_frame fr;
        mqtt_error err;
        memset(&err, 0, sizeof err);
        mqtt_decode_opts o = {MQTT_V5, MQTT_C2S, NULL};
        mqtt_status st = mqtt_frame_next(buf, r.len, &o, &fr, &err);
        mqtt_errcode want = nb == 5 ? MQTT_E_VBI_TOO_LONG : MQTT_E_VBI_NOT_MINIMAL;
        if (r.overflow || r.len != len + (size_t)nb - (hl - 1) || st != MQTT_MALFORMED || err.code != want)
            hi_fail("roundtrip %s: Remaining Length padded to %d bytes gives %d/%s", tn, nb, (int)st,
                    mqtt_errcode_name(err.code));
    }
    free(buf);
}

static void rebuild_all(const uint8_t *pkt, size_t len, const mqtt_packet *p, const hi_input *in, const char *tn)
{
    rebuild_raw(pkt, len, p, tn);
    switch (p->type) {
    case MQTT_CONNECT:
        rebuild_props(&p->u.connect.props, tn);
        rebuild_props(&p->u.connect.will_props, tn);
        break;
    case MQTT_CONNACK: rebuild_props(&p->u.connack.props, tn); break;
    case MQTT_PUBLISH: rebuild_props(&p->u.publish.props, tn); break;
    case MQTT_PUBACK: case MQTT_PUBREC: case MQTT_PUBREL: case MQTT_PUBCOMP:
        rebuild_props(&p->u.ack.props, tn);
        break;
    case MQTT_SUBSCRIBE:
        rebuild_props(&p->u.subscribe.props, tn);
        rebuild_list(p, in, tn);
        break;
    case MQTT_UNSUBSCRIBE:
        rebuild_props(&p->u.unsubscribe.props, tn);
        rebuild_list(p, in, tn);
        break;
    case MQTT_SUBACK: case MQTT_UNSUBACK: rebuild_props(&p->u.suback.props, tn); break;
    case MQTT_DISCONNECT: case MQTT_AUTH: rebuild_props(&p->u.reason.props, tn); break;
    default: break;
    }
}

/* mqtt_packet_equal must also see differences: one field changed. */
static void check_unequal(const mqtt_packet *p, const char *tn)
{
    mqtt_packet r = *p;
    switch (p->type) {
    case MQTT_CONNECT: r.u.connect.keep_alive ^= 1; break;
    case MQTT_CONNACK: r.u.connack.code ^= 1; break;
    case MQTT_PUBLISH: r.u.publish.retain = !r.u.publish.retain; break;
    case MQTT_PUBACK: case MQTT_PUBREC: case MQTT_PUBREL: case MQTT_PUBCOMP: r.u.ack.packet_id ^= 1; break;
    case MQTT_SUBSCRIBE: r.u.subscribe.packet_id ^= 1; break;
    case MQTT_UNSUBSCRIBE: r.u.unsubscribe.packet_id ^= 1; break;
    case MQTT_SUBACK: case MQTT_UNSUBACK: r.u.suback.packet_id ^= 1; break;
    case MQTT_DISCONNECT: case MQTT_AUTH: r.u.reason.code ^= 1; break;
    default: r.type = p->type == MQTT_PINGREQ ? MQTT_PINGRESP : MQTT_PINGREQ; break;
    }
    if (mqtt_packet_equal(p, &r))
        hi_fail("roundtrip %s: mqtt_packet_equal misses a changed field", tn);
}

static void roundtrip(const uint8_t *pkt, size_t len, const mqtt_packet *p, const hi_input *in,
                      void *ctx)
{
    (void)ctx;
    mqtt_error err;
    size_t sz = 0, w = 0;
    const char *tn = mqtt_type_name(p->type);
    mqtt_status st = mqtt_encoded_size(p, &in->opts, &sz, &err);
    if (st != MQTT_OK)
        hi_fail("roundtrip %s: encoded_size refuses a decoded packet: %s (%s)", tn,
                mqtt_errcode_name(err.code), err.stmt ? err.stmt : "-");
    uint8_t *enc = malloc(sz);
    if (!enc)
        abort();
    st = mqtt_encode(p, &in->opts, enc, sz, &w, &err);
    if (st != MQTT_OK)
        hi_fail("roundtrip %s: encoder refuses a decoded packet: %s (%s) field %s", tn,
                mqtt_errcode_name(err.code), err.stmt ? err.stmt : "-", err.field ? err.field : "-");
    if (w != sz)
        hi_fail("roundtrip %s: encoded %zu bytes, size said %zu", tn, w, sz);

    if (sz > 0) {
        /* One byte short: a clean USAGE error, and no write past the buffer. */
        uint8_t *small = malloc(sz - 1 ? sz - 1 : 1);
        size_t w2 = 0;
        if (!small)
            abort();
        st = mqtt_encode(p, &in->opts, small, sz - 1, &w2, &err);
        if (st != MQTT_USAGE || err.code != MQTT_E_BUFFER_TOO_SMALL)
            hi_fail("roundtrip %s: encode into %zu of %zu bytes gave %d/%s", tn, sz - 1, sz, (int)st,
                    mqtt_errcode_name(err.code));
        free(small);
    }

    mqtt_packet q;
    st = mqtt_decode(enc, w, &in->opts, &q, &err);
    if (st != MQTT_OK) {
        hexdump_both(pkt, len, enc, w);
        hi_fail("roundtrip %s: re-encoded bytes do not decode: %s (%s)", tn,
                mqtt_errcode_name(err.code), err.stmt);
    }
    if (!mqtt_packet_equal(p, &q)) {
        hexdump_both(pkt, len, enc, w);
        hi_fail("roundtrip %s: second decode differs from the first", tn);
    }
    if (q.noncanonical) {
        hexdump_both(pkt, len, enc, w);
        hi_fail("roundtrip %s: the encoder wrote a non-canonical form", tn);
    }
    if (!p->noncanonical && (w != len || memcmp(enc, pkt, len) != 0)) {
        hexdump_both(pkt, len, enc, w);
        hi_fail("roundtrip %s: canonical input re-encodes to different bytes", tn);
    }
    free(enc);

    uint8_t *raw = malloc(len);
    if (!raw)
        abort();
    size_t rw = mqtt_raw_encode(p, in->opts.version, true, raw, len);
    if (rw != len || memcmp(raw, pkt, len) != 0) {
        hexdump_both(pkt, len, raw, rw);
        hi_fail("roundtrip %s: raw encode with force_flags does not give back the bytes", tn);
    }
    free(raw);
    rebuild_all(pkt, len, p, in, tn);
    check_unequal(p, tn);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    hi_input in;
    if (hi_parse(data, size, &in))
        hi_for_each_packet(&in, roundtrip, NULL);
    return 0;
}
