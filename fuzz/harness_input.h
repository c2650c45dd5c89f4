/* What every harness input means, and the checks every harness shares.
 *
 * Input format (also the format of every file under corpus/):
 *   byte 0  bits 0-1  version: 0 = 3.1, 1 = 3.1.1, 2 and 3 = 5.0
 *           bit  2    direction: 0 = client->server, 1 = server->client
 *           bits 3-7  policy toggles, each flips one default of mqtt_policy:
 *                     3 reject_control_chars, 4 reject_noncharacters,
 *                     5 allow_pfi_other, 6 allow_subid_zero_in_publish,
 *                     7 max_packet_size = 256 (default: no limit)
 *   byte 1  bits 0-5  chunking seed: 0 = the stream arrives in one piece,
 *                     else chunk sizes come from a PRNG seeded with it
 *           bit  6    flips allow_bridge_bit
 *           bit  7    flips allow_long_v31_client_id
 *   rest              the bytes on the wire, any number of packets.
 * A header of 00 00 / 05 00 / 02 00 is "3.1 / 3.1.1 ... defaults" as a human
 * would write it: 0x01 = 3.1.1 C2S, 0x05 = 3.1.1 S2C, 0x02 = 5.0 C2S,
 * 0x06 = 5.0 S2C.
 * This header is internal to fuzz/ (harnesses, mutator, minimizer, tests). */
#ifndef FUZZ_HARNESS_INPUT_H
#define FUZZ_HARNESS_INPUT_H

#include "mqttcodec.h"

#include <stddef.h>
#include <stdint.h>

#define HI_HEADER_LEN 2u
#define HI_SMALL_MAX_PACKET 256u

typedef struct hi_input {
    mqtt_policy policy;
    mqtt_decode_opts opts;  /* opts.policy points at policy above, or is NULL
                               when no toggle is set (the defaults) */
    uint8_t chunk_seed;     /* 0: whole stream at once */
    const uint8_t *wire;
    size_t wire_len;
} hi_input;

/* false if the input is too short to carry the header. */
bool hi_parse(const uint8_t *data, size_t size, hi_input *in);

/* Header byte 0 for a version and direction with default policy. */
uint8_t hi_header0(mqtt_version v, mqtt_direction dir);

/* Next chunk length (>= 1) for a chunked stream; state starts at chunk_seed. */
size_t hi_next_chunk(uint32_t *state, uint8_t chunk_seed);

/* Frames the wire bytes in one piece and decodes each packet from an
 * exact-size heap copy; calls fn for every packet that decodes. Framing and
 * decode rejects go through hi_check_reject; the walk stops at the first
 * framing error (the connection would be closed there). */
typedef void (*hi_packet_fn)(const uint8_t *pkt, size_t len, const mqtt_packet *p,
                             const hi_input *in, void *ctx);
void hi_for_each_packet(const hi_input *in, hi_packet_fn fn, void *ctx);

/* Aborts with a message unless err is a well-formed reject of a packet of
 * pkt_len bytes: a known code, a reject class and a statement id. A reject
 * without a statement id is a codec bug. */
void hi_check_reject(mqtt_status st, const mqtt_error *err, size_t pkt_len, const char *where);

/* A copy of p[0..n) that ends exactly at the end of addressable memory, so
 * a read past it is a sanitizer report (ASan: container-overflow) rather
 * than a silent look at the bytes that follow in the input. Cheaper than a
 * fresh allocation per window. The copy stays valid until the next call
 * with the same slot (0..HI_SLOTS-1). */
#define HI_SLOTS 3
const uint8_t *hi_window(int slot, const uint8_t *p, size_t n);

/* Aborts with a message (so every engine records the input as a crash). */
void hi_fail(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

/* Reads every byte of a view so that a view pointing outside its packet is
 * caught by ASan even when nothing else looks at it. */
void hi_touch(const uint8_t *p, size_t len);

#endif
