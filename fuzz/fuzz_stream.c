/* stream: raw bytes through the incremental framer and the decoder, framing
 * included, delivered in fuzzer-chosen chunks (see harness_input.h).
 *
 * Every framer call gets a copy of exactly the bytes "received so far"
 * (hi_window), so a read past them is an ASan report, not a silent look at
 * later input.
 * Oracles besides the sanitizers:
 *  - chunking never changes a verdict: what the framer says about a prefix
 *    agrees with what it says about the whole remaining stream;
 *  - frame fields are self-consistent (total = header + Remaining Length);
 *  - decoded packets agree with their frame;
 *  - a PUBLISH decodes the same through mqtt_decode (which takes the inline
 *    fast path where it can) and through mqtt_decode_general: same verdict,
 *    same error, equal packets, for every policy;
 *  - every reject carries a statement id (hi_check_reject). */
#include "harness_input.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_frame_ok(const mqtt_frame *fr, const uint8_t *win, size_t avail)
{
    if (fr->header_len < 2 || fr->header_len > 5)
        hi_fail("frame: header_len %zu", fr->header_len);
    if (fr->remaining > MQTT_MAX_REMAINING_LENGTH)
        hi_fail("frame: remaining %u over the maximum", (unsigned)fr->remaining);
    if (fr->total != fr->header_len + fr->remaining)
        hi_fail("frame: total %zu != %zu + %u", fr->total, fr->header_len, (unsigned)fr->remaining);
    if (fr->total > avail)
        hi_fail("frame: OK with total %zu but only %zu bytes", fr->total, avail);
    if (fr->first_byte != win[0])
        hi_fail("frame: first_byte %02x != %02x", fr->first_byte, win[0]);
}

/* The verdict on a prefix must agree with the verdict on the whole stream. */
static void check_against_full(mqtt_status st, const mqtt_frame *fr, const mqtt_error *err,
                               const uint8_t *rest, size_t rest_len, size_t avail,
                               const mqtt_decode_opts *opts)
{
    mqtt_frame ff;
    mqtt_error fe;
    memset(&fe, 0, sizeof fe);
    mqtt_status fs = mqtt_frame_next(rest, rest_len, opts, &ff, &fe);
    switch (st) {
    case MQTT_OK:
        if (fs != MQTT_OK || ff.total != fr->total)
            hi_fail("chunking: prefix of %zu frames %zu bytes, whole stream says %d/%zu", avail,
                    fr->total, (int)fs, ff.total);
        break;
    case MQTT_NEED_MORE:
        if (fs == MQTT_OK && ff.total <= avail)
            hi_fail("chunking: %zu bytes need more, but the packet is %zu", avail, ff.total);
        if (fr->header_len && fs != MQTT_NEED_MORE && fs != MQTT_OK)
            hi_fail("chunking: header known from a prefix, whole stream rejects (%d)", (int)fs);
        if (fr->header_len && (ff.header_len != fr->header_len || ff.remaining != fr->remaining))
            hi_fail("chunking: header %zu/%u from a prefix, %zu/%u from the stream",
                    fr->header_len, (unsigned)fr->remaining, ff.header_len, (unsigned)ff.remaining);
        break;
    default:
        if (fs != st || fe.code != err->code)
            hi_fail("chunking: prefix rejects with %s, whole stream says %d/%s",
                    mqtt_errcode_name(err->code), (int)fs, mqtt_errcode_name(fe.code));
        break;
    }
}

/* Differential check of the PUBLISH fast path against the general decoder. */
static void same_as_general(const uint8_t *pkt, size_t len, const mqtt_decode_opts *opts, mqtt_status st,
                            const mqtt_packet *p, const mqtt_error *err)
{
    mqtt_packet q;
    mqtt_error e2;
    memset(&e2, 0, sizeof e2);
    mqtt_status st2 = mqtt_decode_general(pkt, len, opts, &q, &e2);
    if (st2 != st)
        hi_fail("fast path: PUBLISH status %d, general decoder %d", (int)st, (int)st2);
    if (st == MQTT_OK && (!mqtt_packet_equal(p, &q) || p->noncanonical != q.noncanonical))
        hi_fail("fast path: PUBLISH decodes differently from the general decoder");
    if (st != MQTT_OK && (err->code != e2.code || strcmp(err->stmt, e2.stmt) != 0 || err->offset != e2.offset))
        hi_fail("fast path: PUBLISH error %s/%s@%zu, general decoder %s/%s@%zu", mqtt_errcode_name(err->code),
                err->stmt, err->offset, mqtt_errcode_name(e2.code), e2.stmt, e2.offset);
}

static void decode_one(const uint8_t *pkt_bytes, const mqtt_frame *fr, const mqtt_decode_opts *opts)
{
    const uint8_t *pkt = hi_window(1, pkt_bytes, fr->total);
    mqtt_packet p;
    mqtt_error err;
    memset(&err, 0, sizeof err);
    mqtt_status st = mqtt_decode(pkt, fr->total, opts, &p, &err);
    if (st == MQTT_OK) {
        if ((uint8_t)((p.type << 4) | p.flags) != fr->first_byte)
            hi_fail("decode: type/flags %d/%x but first byte %02x", (int)p.type, p.flags,
                    fr->first_byte);
        if (p.total != fr->total || p.remaining != fr->remaining)
            hi_fail("decode: total/remaining %zu/%u, frame %zu/%u", p.total,
                    (unsigned)p.remaining, fr->total, (unsigned)fr->remaining);
        char line[96];
        size_t want = mqtt_packet_summary(&p, opts->version, line, sizeof line);
        if (want == 0 || strlen(line) != (want < sizeof line ? want : sizeof line - 1))
            hi_fail("summary: returned %zu, wrote %zu", want, strlen(line));
    } else {
        hi_check_reject(st, &err, fr->total, "decode");
    }
    if ((pkt[0] >> 4) == MQTT_PUBLISH)
        same_as_general(pkt, fr->total, opts, st, &p, &err);
    int cv = mqtt_connect_version(pkt, fr->total);
    if (cv != 0 && cv != 3 && cv != 4 && cv != 5)
        hi_fail("mqtt_connect_version returned %d", cv);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    hi_input in;
    if (!hi_parse(data, size, &in))
        return 0;
    const uint8_t *wire = in.wire;
    size_t n = in.wire_len, pos = 0, received = 0;
    uint32_t rng = in.chunk_seed;
    bool closed = false;
    size_t wait_for = 0; /* bytes the framer asked for (fr.need), as a receiver reads them */

    while (!closed) {
        if (received < n) {
            size_t c = in.chunk_seed ? hi_next_chunk(&rng, in.chunk_seed) : n;
            received += c < n - received ? c : n - received;
        }
        if (received - pos < wait_for && received < n)
            continue;
        for (;;) {
            size_t avail = received - pos;
            /* First look at the fixed header only (at most 5 bytes), then at
             * exactly the packet: keeps the copying linear in the input. */
            size_t look = avail < 5 ? avail : 5;
            const uint8_t *win = hi_window(0, wire + pos, look);
            mqtt_frame fr;
            mqtt_error err;
            memset(&err, 0, sizeof err);
            mqtt_status st = mqtt_frame_next(win, look, &in.opts, &fr, &err);
            if (st == MQTT_NEED_MORE && fr.header_len && avail > look) {
                size_t exact = avail < fr.total ? avail : fr.total;
                win = hi_window(0, wire + pos, exact);
                st = mqtt_frame_next(win, exact, &in.opts, &fr, &err);
                if (st == MQTT_OK)
                    check_frame_ok(&fr, win, exact);
                look = exact;
            } else if (st == MQTT_OK) {
                check_frame_ok(&fr, wire + pos, look);
            }
            check_against_full(st, &fr, &err, wire + pos, n - pos, look, &in.opts);
            if (st == MQTT_OK) {
                decode_one(wire + pos, &fr, &in.opts);
                pos += fr.total;
                wait_for = 0;
                continue;
            }
            if (st == MQTT_NEED_MORE) {
                if (fr.need == 0)
                    hi_fail("frame: NEED_MORE with need 0");
                if (received == n)
                    closed = true; /* the peer stopped mid-packet */
                wait_for = look + fr.need;
                break;
            }
            hi_check_reject(st, &err, look, "frame");
            closed = true; /* a framing error ends the connection */
            break;
        }
    }
    return 0;
}
