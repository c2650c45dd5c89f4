/* PUBACK / PUBREC / PUBREL / PUBCOMP. 3.1.1 §3.4-3.7: Remaining Length 2,
 * PUBREL flags 0010. 5.0 §3.4.2: "The Reason Code and Property Length can be
 * omitted if the Reason Code is 0x00 (Success) and there are no Properties"
 * (Remaining Length 2); "If the Remaining Length is less than 4 there is no
 * Property Length and the value of 0 is used". The shortest form is the
 * canonical one, so RL 3 with 0x00 and RL 4 with an empty block are valid but
 * non-canonical. */
#include "vectors.h"

/* Packet identifiers are non-zero, and an ack echoes the PUBLISH's: 3.1.1
 * MQTT-2.3.1-6 (which names PUBACK, PUBREC, PUBREL), 5.0 MQTT-2.2.1-5. */
#define ID311 "MQTT-2.3.1-6|§"
#define ID5 "MQTT-2.2.1-5"

static const vec v[] = {
    /* ---- valid 3.1 / 3.1.1 ---- */
    OKV("311 PUBACK", V311, C2S, "40 ** 00 0a", "PUBACK id=10"),
    OKV("311 PUBACK from the server", V311, S2C, "40 ** ff ff", "PUBACK id=65535"),
    OKV("311 PUBREC", V311, S2C, "50 ** 12 34", "PUBREC id=4660"),
    OKV("311 PUBREL", V311, C2S, "62 ** 00 01", "PUBREL id=1"),
    OKV("311 PUBREL from the server", V311, S2C, "62 ** 00 02", "PUBREL id=2"),
    OKV("311 PUBCOMP", V311, C2S, "70 ** 00 03", "PUBCOMP id=3"),
    OKV("31 PUBACK", V31, S2C, "40 ** 00 09", "PUBACK id=9"),
    OKV("31 PUBREL", V31, C2S, "62 ** 00 09", "PUBREL id=9"),
    /* ---- valid 5.0, every short form ---- */
    OKV("5 PUBACK RL 2 (success, no properties)", V5, C2S, "40 ** 00 0a", "PUBACK id=10"),
    OKV("5 PUBACK RL 3 with 0x10", V5, S2C, "40 ** 00 0a 10", "PUBACK id=10 rc=10"),
    OKN("5 PUBACK RL 3 with 0x00 spelled out", V5, C2S, "40 ** 00 0a 00", "PUBACK id=10 rc=00"),
    OKN("5 PUBACK RL 4 with 0x00 and empty properties", V5, C2S, "40 ** 00 0a 00 [ ]", "PUBACK id=10 rc=00 p{}"),
    OKN("5 PUBACK RL 4 with 0x80 and empty properties", V5, S2C, "40 ** 00 0a 80 [ ]", "PUBACK id=10 rc=80 p{}"),
    OKV("5 PUBACK with a Reason String", V5, S2C, "40 ** 00 0a 80 [ 1f s\"nope\" ]",
        "PUBACK id=10 rc=80 p{1f='nope'}"),
    OKV("5 PUBACK success with a User Property", V5, C2S, "40 ** 00 0b 00 [ 26 s\"a\" s\"b\" ]",
        "PUBACK id=11 rc=00 p{26='a':'b'}"),
    OKV("5 PUBACK 0x87 not authorized", V5, S2C, "40 ** 00 01 87", "PUBACK id=1 rc=87"),
    OKV("5 PUBACK 0x99 payload format invalid", V5, C2S, "40 ** 00 01 99", "PUBACK id=1 rc=99"),
    OKV("5 PUBREC 0x91 packet id in use", V5, S2C, "50 ** 00 01 91", "PUBREC id=1 rc=91"),
    OKV("5 PUBREC 0x97 quota exceeded", V5, C2S, "50 ** 00 01 97", "PUBREC id=1 rc=97"),
    OKV("5 PUBREC RL 2", V5, S2C, "50 ** 00 05", "PUBREC id=5"),
    OKV("5 PUBREL RL 2", V5, C2S, "62 ** 00 05", "PUBREL id=5"),
    OKV("5 PUBREL 0x92 packet id not found", V5, S2C, "62 ** 00 05 92", "PUBREL id=5 rc=92"),
    OKV("5 PUBCOMP 0x92 with reason string", V5, C2S, "70 ** 00 05 92 [ 1f s\"gone\" ]",
        "PUBCOMP id=5 rc=92 p{1f='gone'}"),
    OKN("5 PUBCOMP RL 3 with 0x00", V5, S2C, "70 ** 00 05 00", "PUBCOMP id=5 rc=00"),
    OKV("5 PUBCOMP RL 2", V5, S2C, "70 ** 00 05", "PUBCOMP id=5"),
    /* ---- invalid: lengths ---- */
    BAD2("311 PUBACK RL 3", V311, C2S, "40 ** 00 0a 00", MQTT_E_REMAINING_LENGTH, MQTT_E_TRAILING, "§"),
    BAD2("311 PUBACK RL 1", V311, C2S, "40 ** 00", MQTT_E_REMAINING_LENGTH, MQTT_E_TRUNCATED, "§"),
    BAD2("311 PUBREL RL 0", V311, C2S, "62 00", MQTT_E_REMAINING_LENGTH, MQTT_E_TRUNCATED, "§"),
    BAD2("5 PUBACK RL 1", V5, C2S, "40 ** 00", MQTT_E_TRUNCATED, MQTT_E_REMAINING_LENGTH, "§"),
    BAD2("5 PUBREC RL 0", V5, S2C, "50 00", MQTT_E_TRUNCATED, MQTT_E_REMAINING_LENGTH, "§"),
    BAD("5 PUBACK property length overruns", V5, C2S, "40 ** 00 0a 80 05 1f 00", MQTT_E_TRUNCATED, "§"),
    BADS("5 PUBACK trailing byte after properties", V5, C2S, "40 ** 00 0a 80 [ ] 00", MQTT_E_TRAILING, "§",
         MAL, 0x81),
    /* ---- invalid: packet identifier ---- */
    BAD("311 PUBACK packet id 0", V311, C2S, "40 ** 00 00", MQTT_E_PACKET_ID_ZERO, ID311),
    BAD("5 PUBREC packet id 0", V5, S2C, "50 ** 00 00", MQTT_E_PACKET_ID_ZERO, ID5),
    BAD("5 PUBCOMP packet id 0", V5, C2S, "70 ** 00 00 00", MQTT_E_PACKET_ID_ZERO, ID5),
    /* ---- invalid: fixed-header flags ---- */
    BAD("311 PUBREL flags 0000", V311, C2S, "60 ** 00 01", MQTT_E_FIXED_FLAGS, "MQTT-3.6.1-1|MQTT-2.2.2-1"),
    BADS("5 PUBREL flags 0000", V5, S2C, "60 ** 00 01", MQTT_E_FIXED_FLAGS, "MQTT-3.6.1-1|MQTT-2.1.3-1", MAL,
         0x81),
    BAD("31 PUBREL flags 0011", V31, C2S, "63 ** 00 01", MQTT_E_FIXED_FLAGS, "MQTT-3.6.1-1|MQTT-2.2.2-1"),
    BAD("311 PUBACK flags 0010", V311, C2S, "42 ** 00 01", MQTT_E_FIXED_FLAGS, "MQTT-2.2.2-1"),
    BADS("5 PUBACK flags 0010", V5, C2S, "42 ** 00 01", MQTT_E_FIXED_FLAGS, "MQTT-2.1.3-1", MAL, 0x81),
    BAD("311 PUBREC flags 0001", V311, S2C, "51 ** 00 01", MQTT_E_FIXED_FLAGS, "MQTT-2.2.2-1"),
    BAD("5 PUBCOMP flags 1000", V5, C2S, "78 ** 00 01", MQTT_E_FIXED_FLAGS, "MQTT-2.1.3-1"),
    /* ---- invalid: reason codes (5.0 tables in §3.4.2.1, 3.5.2.1, 3.6.2.1, 3.7.2.1) ---- */
    BAD("5 PUBACK 0x92 belongs to PUBREL", V5, C2S, "40 ** 00 01 92", MQTT_E_REASON_CODE, "MQTT-3.4.2-1"),
    BAD("5 PUBACK 0x01", V5, S2C, "40 ** 00 01 01", MQTT_E_REASON_CODE, "MQTT-3.4.2-1"),
    BAD("5 PUBACK 0x82", V5, S2C, "40 ** 00 01 82", MQTT_E_REASON_CODE, "MQTT-3.4.2-1"),
    BAD("5 PUBREC 0x92 belongs to PUBREL", V5, S2C, "50 ** 00 01 92", MQTT_E_REASON_CODE, "MQTT-3.5.2-1"),
    BAD("5 PUBREC 0x8f", V5, C2S, "50 ** 00 01 8f", MQTT_E_REASON_CODE, "MQTT-3.5.2-1"),
    BAD("5 PUBREL 0x10", V5, C2S, "62 ** 00 01 10", MQTT_E_REASON_CODE, "MQTT-3.6.2-1"),
    BAD("5 PUBREL 0x80", V5, S2C, "62 ** 00 01 80", MQTT_E_REASON_CODE, "MQTT-3.6.2-1"),
    BAD("5 PUBCOMP 0x80", V5, C2S, "70 ** 00 01 80", MQTT_E_REASON_CODE, "MQTT-3.7.2-1"),
    BAD("5 PUBCOMP 0x91", V5, S2C, "70 ** 00 01 91 [ ]", MQTT_E_REASON_CODE, "MQTT-3.7.2-1"),
    /* ---- invalid: properties ---- */
    BADS("5 Topic Alias in PUBACK", V5, C2S, "40 ** 00 01 00 [ 23 00 01 ]", MQTT_E_PROP_NOT_ALLOWED, "§", MAL,
         0x81),
    BADS("5 Session Expiry in PUBREL", V5, C2S, "62 ** 00 01 00 [ 11 00 00 00 01 ]", MQTT_E_PROP_NOT_ALLOWED,
         "§", MAL, 0x81),
    BADS("5 Reason String twice in PUBCOMP", V5, S2C, "70 ** 00 01 92 [ 1f s\"a\" 1f s\"b\" ]",
         MQTT_E_PROP_DUPLICATE, "§", PRO, 0x82),
    BADS("5 Reason String twice in PUBREC", V5, S2C, "50 ** 00 01 80 [ 1f s\"a\" 1f s\"a\" ]",
         MQTT_E_PROP_DUPLICATE, "§", PRO, 0x82),
    BAD("5 ill-formed Reason String in PUBACK", V5, S2C, "40 ** 00 01 80 [ 1f < ff > ]", MQTT_E_UTF8_ILL_FORMED,
        "MQTT-1.5.4-1"),
};

const vec_table vectors_acks = {"vectors_acks.c", v, sizeof v / sizeof v[0]};
