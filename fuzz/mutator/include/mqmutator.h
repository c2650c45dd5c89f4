/*
 * mqmutator — the structure-aware MQTT mutator and its lenient packet model,
 * one library used by the in-process harnesses (libFuzzer, AFL++ custom
 * mutator, the minimizer) and by the network fuzzer (netfuzz/).
 *
 * This header is the only door into fuzz/mutator/. Property types come from
 * the codec's own table (mqtt_prop_type_of in codec/include/mqttcodec.h), so
 * the mutator and the codec never disagree about a property.
 *
 * Inputs are "harness inputs": a 2-byte header (byte 0: version family, see
 * fuzz/harness_input.h) followed by wire bytes of one direction.
 */
#ifndef MQMUTATOR_H
#define MQMUTATOR_H

/* ------------------------------------------------------------ the model
 * A lenient structural view of harness inputs, for the mutator and the
 * minimizer. An input is parsed into packets, each a flat list of typed
 * fields; serializing recomputes every length (Remaining Length, string
 * prefixes, Property Length) so edits keep the bytes consistent unless a lie
 * is asked for. Unlike the codec this parser never rejects: whatever does
 * not fit the expected layout becomes a RAW field and survives unchanged. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum mm_kind { MM_BYTE, MM_U16, MM_U32, MM_VBI, MM_STR, MM_RAW, MM_PROPS, MM_PID };

/* What a field means, so mutations can pick values that matter there. */
enum mm_role {
    MR_NONE, MR_PROTO_NAME, MR_LEVEL, MR_CFLAGS, MR_KEEPALIVE, MR_CLIENT_ID, MR_TOPIC,
    MR_PACKET_ID, MR_PAYLOAD, MR_REASON, MR_ACK_FLAGS, MR_FILTER, MR_SUBOPT, MR_CODES,
    MR_PROPVAL, MR_STRING
};

typedef struct mm_node {
    uint8_t kind, role;
    uint8_t depth; /* 1 inside a property block (which is the PROPS node at depth 0) */
    uint32_t val;  /* BYTE, U16, U32, VBI, PID */
    uint32_t off, len; /* STR, RAW: bytes in the arena */
} mm_node;

#define MM_MAX_PACKETS 64
#define MM_MAX_NODES 96

typedef struct mm_packet {
    uint8_t first;
    uint16_t n;
    mm_node nodes[MM_MAX_NODES];
} mm_packet;

typedef struct mm_msg {
    uint8_t hdr[2];
    size_t np;
    mm_packet pk[MM_MAX_PACKETS];
    uint8_t *arena;
    size_t arena_len, arena_cap;
    /* Bytes after the last whole packet (a truncated tail) kept verbatim. */
    uint32_t tail_off, tail_len;
} mm_msg;

mm_msg *mm_new(size_t arena_cap);
void mm_free(mm_msg *m);
/* Parses data (header included); false only if it has no header. */
bool mm_parse(mm_msg *m, const uint8_t *data, size_t size);
/* Parses one packet body into pk (first byte already set). */
void mm_parse_packet(mm_msg *m, mm_packet *pk, const uint8_t *body, size_t blen);
/* Writes the input. lie_at >= 0 makes the lie_at-th length field written
 * (counting Remaining Lengths, string prefixes and Property Lengths) wrong by
 * lie_delta. Returns the size, or 0 if it does not fit in cap. */
size_t mm_serialize(const mm_msg *m, uint8_t *out, size_t cap, int lie_at, int lie_delta);
/* Number of length fields mm_serialize writes. */
size_t mm_count_lengths(const mm_msg *m);
int mm_version(const mm_msg *m); /* 3, 4 or 5 from the header */

/* Arena: stores bytes, returns offset; UINT32_MAX if full. */
uint32_t mm_store(mm_msg *m, const void *p, size_t len);

/* Editing helpers shared by mutator and minimizer. */
bool mm_insert_nodes(mm_packet *pk, size_t at, const mm_node *nodes, size_t n);
void mm_delete_nodes(mm_packet *pk, size_t at, size_t n);
/* Extent of the property (PID + value nodes) or block (PROPS + children)
 * starting at node i. */
size_t mm_node_span(const mm_packet *pk, size_t i);
bool mm_insert_packet(mm_msg *m, size_t at, const mm_packet *pk);
void mm_delete_packet(mm_msg *m, size_t at);

/* The property table as the mutator sees it (type per id, MM_* kinds). */
int mm_prop_kind(uint8_t id); /* -1 undefined, else MM_BYTE..; MM_STR twice for pairs: see below */
bool mm_prop_is_pair(uint8_t id);
bool mm_prop_is_binary(uint8_t id);

/* ------------------------------------------------------------ mutations
 * Deterministic for a given seed. */
/* Mutates the harness input in data[0..size) in place (capacity max_size)
 * and returns its new size. other (may be NULL) is a second input for
 * crossover at packet boundaries. Deterministic for a given seed. */
size_t mqm_mutate(uint8_t *data, size_t size, size_t max_size, uint64_t seed, const uint8_t *other,
                  size_t other_size);

/* Crossover only: packets of a spliced into packets of b, written to out. */
size_t mqm_crossover(const uint8_t *a, size_t asize, const uint8_t *b, size_t bsize, uint8_t *out,
                     size_t max_size, uint64_t seed);

#endif
