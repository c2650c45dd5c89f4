/* 5.0 properties by identifier (§2.2.2.2, Table 2-4): each one where the table
 * allows it and where it does not, undefined identifiers, and the edges of
 * each type. "A Control Packet which contains an Identifier which is not valid
 * for its packet type, or contains a value not of the specified data type, is
 * a Malformed Packet." */
#include "vectors.h"

#define NA(n, b) BADS(n, V5, C2S, b, MQTT_E_PROP_NOT_ALLOWED, "§", MAL, 0x81)
#define NAS(n, b) BADS(n, V5, S2C, b, MQTT_E_PROP_NOT_ALLOWED, "§", MAL, 0x81)
#define UNK(n, b) BADS(n, V5, C2S, b, MQTT_E_PROP_UNKNOWN, "§", MAL, 0x81)
#define CONN(props) "10 ** s\"MQTT\" 05 02 00 3c [ " props " ] s\"c\""
#define PUB(props) "30 ** s\"t\" [ " props " ] \"x\""
#define DISC(props) "e0 ** 00 [ " props " ]"

static const vec v[] = {
    /* ---- CONNACK / CONNECT / AUTH properties are not PUBLISH properties ---- */
    NA("Assigned Client Identifier in PUBLISH", PUB("12 s\"a\"")),
    NA("Server Keep Alive in PUBLISH", PUB("13 00 01")),
    NA("Response Information in PUBLISH", PUB("1a s\"a\"")),
    NA("Server Reference in PUBLISH", PUB("1c s\"a\"")),
    NA("Receive Maximum in PUBLISH", PUB("21 00 01")),
    NA("Topic Alias Maximum in PUBLISH", PUB("22 00 01")),
    NA("Maximum QoS in PUBLISH", PUB("24 01")),
    NA("Retain Available in PUBLISH", PUB("25 01")),
    NA("Maximum Packet Size in PUBLISH", PUB("27 00 00 01 00")),
    NA("Wildcard Subscription Available in PUBLISH", PUB("28 01")),
    NA("Subscription Identifier Available in PUBLISH", PUB("29 01")),
    NA("Shared Subscription Available in PUBLISH", PUB("2a 01")),
    NA("Authentication Method in PUBLISH", PUB("15 s\"m\"")),
    NA("Authentication Data in PUBLISH", PUB("16 s\"d\"")),
    NA("Request Problem Information in PUBLISH", PUB("17 01")),
    NA("Request Response Information in PUBLISH", PUB("19 01")),
    /* ---- PUBLISH / Will properties are not CONNECT properties ---- */
    NA("Message Expiry Interval in CONNECT", CONN("02 00 00 00 01")),
    NA("Content Type in CONNECT", CONN("03 s\"a\"")),
    NA("Response Topic in CONNECT", CONN("08 s\"a\"")),
    NA("Correlation Data in CONNECT", CONN("09 s\"a\"")),
    NA("Topic Alias in CONNECT", CONN("23 00 01")),
    NA("Assigned Client Identifier in CONNECT", CONN("12 s\"a\"")),
    NA("Reason String in CONNECT", CONN("1f s\"a\"")),
    NA("Server Reference in CONNECT", CONN("1c s\"a\"")),
    /* ---- DISCONNECT allows Session Expiry, Reason String, User Property, Server Reference ---- */
    NAS("Receive Maximum in DISCONNECT", DISC("21 00 01")),
    NAS("Assigned Client Identifier in DISCONNECT", DISC("12 s\"a\"")),
    NAS("Payload Format Indicator in DISCONNECT", DISC("01 00")),
    NAS("Subscription Identifier in DISCONNECT", DISC("0b 01")),
    /* ---- undefined identifiers ---- */
    UNK("identifier 0x05", DISC("05 00")),
    UNK("identifier 0x06", DISC("06 00")),
    UNK("identifier 0x07", DISC("07 00")),
    UNK("identifier 0x0a", DISC("0a 00")),
    UNK("identifier 0x0c", DISC("0c 00")),
    UNK("identifier 0x10", DISC("10 00")),
    UNK("identifier 0x14", DISC("14 00")),
    UNK("identifier 0x1b", DISC("1b 00")),
    UNK("identifier 0x1d", DISC("1d 00")),
    UNK("identifier 0x1e", DISC("1e 00")),
    UNK("identifier 0x20", DISC("20 00")),
    UNK("identifier 0x7f", PUB("7f 00")),
    UNK("identifier 0x2c in CONNECT", CONN("2c 00")),
    /* ---- type edges ---- */
    BAD("Topic Alias with one byte", V5, C2S, PUB("23 01"), MQTT_E_TRUNCATED, "§"),
    BAD("Message Expiry with three bytes", V5, C2S, PUB("02 00 00 01"), MQTT_E_TRUNCATED, "§"),
    BAD("Content Type length past the block", V5, C2S, PUB("03 00 04 61 62"), MQTT_E_TRUNCATED, "§"),
    BAD("Subscription Identifier VBI cut short", V5, S2C, PUB("0b 80"), MQTT_E_TRUNCATED, "§"),
    BAD("User Property key with surrogate", V5, S2C, DISC("26 < ed a0 80 > s\"v\""), MQTT_E_UTF8_SURROGATE,
        "MQTT-1.5.4-1|MQTT-1.5.7-1"),
    BAD("Server Reference ill-formed", V5, S2C, DISC("1c < fe >"), MQTT_E_UTF8_ILL_FORMED, "MQTT-1.5.4-1"),
    BAD("Reason String with U+0000", V5, C2S, DISC("1f < 00 >"), MQTT_E_UTF8_NULL, "MQTT-1.5.4-2"),
    BADS("Property Length non-minimal", V5, C2S, "e0 ** 00 80 00", MQTT_E_VBI_NOT_MINIMAL, "MQTT-1.5.5-1", MAL,
         0x81),
    /* ---- valid edges ---- */
    OKV("Topic Alias Maximum 0 and Session Expiry max in CONNECT", V5, C2S,
        CONN("22 00 00 11 ff ff ff ff"),
        "CONNECT 'MQTT' L5 f=02 cs=1 w=0 wq=0 wr=0 u=0 pw=0 ka=60 p{22=0 11=4294967295} cid='c'"),
    OKV("Server Keep Alive 0 and Receive Maximum 65535 in CONNACK", V5, S2C, "20 ** 00 00 [ 13 00 00 21 ff ff ]",
        "CONNACK f=00 sp=0 rc=00 p{13=0 21=65535}"),
    OKV("Binary Correlation Data with every byte value class", V5, S2C, PUB("09 < 00 7f 80 ff >"),
        "PUBLISH q0 d0 r0 't' p{09=b'\\x00\\x7f\\x80\\xff'} pl='x'"),
    OKV("Server Reference in server DISCONNECT", V5, S2C, DISC("1c s\"h:1\""), "DISCONNECT rc=00 p{1c='h:1'}"),
    OKV("Maximum Packet Size at its top in CONNECT", V5, C2S, CONN("27 ff ff ff ff"),
        "CONNECT 'MQTT' L5 f=02 cs=1 w=0 wq=0 wr=0 u=0 pw=0 ka=60 p{27=4294967295} cid='c'"),
};

const vec_table vectors_props = {"vectors_props.c", v, sizeof v / sizeof v[0]};
