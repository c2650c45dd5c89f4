/* The raw builder: bytes exactly as asked, valid or not. This is how the
 * fuzzer and the conformance runner say what a library never would. */
#include "internal.h"

static wr as_wr(mqtt_raw *r) { return (wr){r->buf, r->cap, r->len, r->overflow, false}; }
static void from_wr(mqtt_raw *r, const wr *w)
{
    r->len = w->len <= r->cap ? w->len : r->cap;
    r->overflow = r->overflow || w->overflow;
}

void mqtt_raw_init(mqtt_raw *r, uint8_t *buf, size_t cap)
{
    r->buf = buf;
    r->cap = cap;
    r->len = 0;
    r->overflow = false;
}

void mqtt_raw_u8(mqtt_raw *r, uint8_t v)
{
    wr w = as_wr(r);
    wr_u8(&w, v);
    from_wr(r, &w);
}

void mqtt_raw_u16(mqtt_raw *r, uint16_t v)
{
    wr w = as_wr(r);
    wr_u16(&w, v);
    from_wr(r, &w);
}

void mqtt_raw_u32(mqtt_raw *r, uint32_t v)
{
    wr w = as_wr(r);
    wr_u32(&w, v);
    from_wr(r, &w);
}

void mqtt_raw_vbi(mqtt_raw *r, uint32_t v, int nbytes)
{
    if (nbytes <= 0) {
        /* minimal form; values past 4 bytes still come out (5 bytes) */
        do {
            uint8_t b = v & 0x7f;
            v >>= 7;
            mqtt_raw_u8(r, (uint8_t)(b | (v ? 0x80 : 0)));
        } while (v);
        return;
    }
    if (nbytes > 5)
        nbytes = 5;
    for (int i = 0; i < nbytes; i++) {
        uint8_t b = v & 0x7f;
        v >>= 7;
        mqtt_raw_u8(r, (uint8_t)(b | (i + 1 < nbytes ? 0x80 : 0)));
    }
}

void mqtt_raw_bytes(mqtt_raw *r, const void *p, size_t len)
{
    wr w = as_wr(r);
    wr_bytes(&w, p, len);
    from_wr(r, &w);
}

void mqtt_raw_lstr(mqtt_raw *r, uint16_t declared_len, const void *p, size_t len)
{
    mqtt_raw_u16(r, declared_len);
    mqtt_raw_bytes(r, p, len);
}

size_t mqtt_raw_begin(mqtt_raw *r, uint8_t first_byte)
{
    mqtt_raw_u8(r, first_byte);
    return r->len;
}

void mqtt_raw_end(mqtt_raw *r, size_t mark, int64_t rl_override, int rl_nbytes)
{
    if (r->overflow || mark > r->len)
        return;
    size_t body = r->len - mark;
    uint32_t rl = rl_override >= 0 ? (uint32_t)rl_override : (uint32_t)body;
    uint8_t tmp[8];
    mqtt_raw t;
    mqtt_raw_init(&t, tmp, sizeof tmp);
    mqtt_raw_vbi(&t, rl, rl_nbytes);
    if (r->cap - r->len < t.len) {
        r->overflow = true;
        return;
    }
    /* make room for the length between the first byte and the body */
    memmove(r->buf + mark + t.len, r->buf + mark, body);
    memcpy(r->buf + mark, tmp, t.len);
    r->len += t.len;
}


size_t mqtt_raw_encode(const mqtt_packet *pkt, mqtt_version v, bool force_flags, uint8_t *buf, size_t cap)
{
    wr w = {buf, cap, 0, false, false};
    if (!pkt || !mqtt_layout(&w, pkt, v, force_flags) || w.overflow)
        return 0;
    return w.len;
}
