/* decode: the speed reference among the harnesses. The wire bytes are framed
 * and decoded packet by packet, in the version, direction and policy the
 * input header picks (harness_input.h), the way a receiver does it: with the
 * header-inline mqtt_next. Oracles besides the sanitizers (the input buffer
 * is exactly the input, so a read past the stream is an ASan report):
 *  - mqtt_next agrees with mqtt_frame_next_general + mqtt_decode_general
 *    (the out-of-line framer and decoder, without the inline paths): same
 *    status, same error code, statement and offset, same frame, equal
 *    packets;
 *  - the header-inline mqtt_frame_next + mqtt_decode agree with both;
 *  - every reject is well formed (hi_check_reject).
 * Nothing else: the other harnesses are measured against this one. */
#include "harness_input.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    hi_input in;
    if (!hi_parse(data, size, &in))
        return 0;
    size_t pos = 0, n = in.wire_len;
    while (pos < n) {
        const uint8_t *b = in.wire + pos;
        mqtt_frame fr, fr2;
        mqtt_packet p, q;
        mqtt_error err, err2;
        memset(&err, 0, sizeof err);
        memset(&err2, 0, sizeof err2);
        mqtt_status st = mqtt_next(b, n - pos, &in.opts, &fr, &p, &err);
        mqtt_status st2 = mqtt_frame_next_general(b, n - pos, &in.opts, &fr2, &err2);
        if (st2 == MQTT_OK)
            st2 = mqtt_decode_general(b, fr2.total, &in.opts, &q, &err2);
        if (st != st2)
            hi_fail("mqtt_next says %d, frame_next + decode_general %d", (int)st, (int)st2);
        {
            mqtt_frame fr3;
            mqtt_packet r;
            mqtt_error err3;
            memset(&err3, 0, sizeof err3);
            mqtt_status st3 = mqtt_frame_next(b, n - pos, &in.opts, &fr3, &err3);
            if (st3 == MQTT_OK)
                st3 = mqtt_decode(b, fr3.total, &in.opts, &r, &err3);
            if (st3 != st || (st3 == MQTT_OK && (fr3.total != fr2.total || !mqtt_packet_equal(&r, &q))) ||
                (st3 != MQTT_OK && st3 != MQTT_NEED_MORE && (err3.code != err2.code || err3.offset != err2.offset)))
                hi_fail("frame_next + decode say %d/%s, the general route %d/%s", (int)st3,
                        mqtt_errcode_name(err3.code), (int)st2, mqtt_errcode_name(err2.code));
        }
        if (st == MQTT_NEED_MORE)
            break;
        if (st != MQTT_OK) {
            if (err.code != err2.code || strcmp(err.stmt, err2.stmt) != 0 || err.offset != err2.offset)
                hi_fail("mqtt_next rejects %s/%s@%zu, the general route %s/%s@%zu", mqtt_errcode_name(err.code),
                        err.stmt, err.offset, mqtt_errcode_name(err2.code), err2.stmt, err2.offset);
            hi_check_reject(st, &err, n - pos, "next");
            break;
        }
        if (fr.total != fr2.total || fr.header_len != fr2.header_len || fr.remaining != fr2.remaining ||
            fr.first_byte != fr2.first_byte || fr.need != 0)
            hi_fail("mqtt_next frames %zu/%zu bytes, mqtt_frame_next %zu/%zu", fr.header_len, fr.total,
                    fr2.header_len, fr2.total);
        if (!mqtt_packet_equal(&p, &q) || p.noncanonical != q.noncanonical || p.total != fr.total)
            hi_fail("mqtt_next decodes a %s differently from the general decoder", mqtt_type_name(p.type));
        pos += fr.total;
    }
    return 0;
}
