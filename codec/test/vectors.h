/*
 * Test vectors for the codec: bytes written in a small notation, each with the
 * outcome the OASIS text demands for one version and one direction.
 *
 * Notation (see notation.c), tokens separated by blanks:
 *   30          one byte in hex
 *   **          minimal Remaining Length of everything after it
 *   "abc"       the ASCII bytes, no prefix
 *   s"abc"      Two Byte Integer length, then the bytes (UTF-8 string / binary)
 *   < ... >     Two Byte Integer length of the enclosed bytes, then them
 *   [ ... ]     Variable Byte Integer length of the enclosed bytes, then them
 *               (a v5 property block)
 * The lengths are computed so that a vector only lies where it says so with
 * explicit hex.
 *
 * Expectations are derived from the spec text, not from the codec: a valid
 * vector names the fields the decoder must report (as rendered by describe.c),
 * an invalid one the error code, the statement id the version in use numbers
 * the rule with, and where the spec says so the class and reason code.
 */
#ifndef CODEC_TEST_VECTORS_H
#define CODEC_TEST_VECTORS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mqttcodec.h"

/* Which policy a vector is decoded with. */
enum vec_policy {
    POL_DEFAULT = 0, /* mqtt_policy_default() */
    POL_STRICT,      /* every optional rejection switched on, bridge bit refused */
    POL_LENIENT,     /* every optional acceptance switched on */
    POL_MAX64        /* defaults with max_packet_size = 64 */
};

/* Statement expectations:
 *   "MQTT-3.3.1-4"            exactly that id
 *   "MQTT-4.8.2-1|MQTT-4.8.2-2" any of the alternatives
 *   "§"                       a section reference (the spec states the rule
 *                             without a number)
 *   NULL                      any non-NULL statement */
typedef struct vec {
    const char *name;
    mqtt_version v;
    mqtt_direction dir;
    enum vec_policy pol;
    const char *bytes;    /* notation above */
    /* valid vectors */
    const char *expect;   /* describe.c rendering; NULL for invalid vectors */
    bool noncanonical;    /* a longer valid form than the shortest one */
    /* invalid vectors */
    mqtt_errcode code;
    mqtt_errcode alt;     /* a second acceptable code, or MQTT_E_NONE */
    const char *stmt;
    mqtt_status status;   /* MQTT_OK = the spec does not classify it */
    uint8_t reason;       /* 0 = not asserted */
} vec;

/* Helpers to keep the tables short. */
#define OKV(n, ver, d, b, e) {n, ver, d, POL_DEFAULT, b, e, false, MQTT_E_NONE, MQTT_E_NONE, NULL, MQTT_OK, 0}
#define OKN(n, ver, d, b, e) {n, ver, d, POL_DEFAULT, b, e, true, MQTT_E_NONE, MQTT_E_NONE, NULL, MQTT_OK, 0}
#define OKP(n, ver, d, pol, b, e) {n, ver, d, pol, b, e, false, MQTT_E_NONE, MQTT_E_NONE, NULL, MQTT_OK, 0}
#define BAD(n, ver, d, b, c, s) {n, ver, d, POL_DEFAULT, b, NULL, false, c, MQTT_E_NONE, s, MQTT_OK, 0}
#define BADS(n, ver, d, b, c, s, st, r) {n, ver, d, POL_DEFAULT, b, NULL, false, c, MQTT_E_NONE, s, st, r}
#define BAD2(n, ver, d, b, c, c2, s) {n, ver, d, POL_DEFAULT, b, NULL, false, c, c2, s, MQTT_OK, 0}
#define BADP(n, ver, d, pol, b, c, s) {n, ver, d, pol, b, NULL, false, c, MQTT_E_NONE, s, MQTT_OK, 0}

#define C2S MQTT_C2S
#define S2C MQTT_S2C
#define V31 MQTT_V31
#define V311 MQTT_V311
#define V5 MQTT_V5
#define MAL MQTT_MALFORMED
#define PRO MQTT_PROTOCOL

typedef struct vec_table {
    const char *file;
    const vec *v;
    size_t n;
} vec_table;

extern const vec_table vectors_connect;
extern const vec_table vectors_connack;
extern const vec_table vectors_publish;
extern const vec_table vectors_acks;
extern const vec_table vectors_subscribe;
extern const vec_table vectors_unsubscribe;
extern const vec_table vectors_control; /* PINGs, DISCONNECT, AUTH, fixed header */
extern const vec_table vectors_props;

/* notation.c: returns the byte count, or 0 with a message in err on a notation error. */
size_t notation_parse(const char *src, uint8_t *out, size_t cap, char *err, size_t errcap);

/* describe.c: renders every decoded field (properties through the iterator,
 * subscription lists through mqtt_sub_next / mqtt_unsub_next). */
size_t describe_packet(const mqtt_packet *p, mqtt_version v, char *buf, size_t cap);

void vec_policy_fill(enum vec_policy pol, mqtt_policy *out);

#endif
