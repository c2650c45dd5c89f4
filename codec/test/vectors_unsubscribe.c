/* UNSUBSCRIBE and UNSUBACK. UNSUBSCRIBE flags 0010 (MQTT-3.10.1-1), at least
 * one filter (MQTT-3.10.3-2). 3.1.1 UNSUBACK is exactly the packet id
 * (Remaining Length 2); 5.0 adds properties and one reason code per filter
 * from the Unsubscribe Reason Code table (MQTT-3.11.3-2). */
#include "vectors.h"

static const vec v[] = {
    /* ---- valid UNSUBSCRIBE ---- */
    OKV("311 one filter", V311, C2S, "a2 ** 00 01 s\"a/b\"", "UNSUBSCRIBE id=1 n=1 'a/b'"),
    OKV("311 wildcard filters", V311, C2S, "a2 ** 00 02 s\"a/+\" s\"#\" s\"+/x/#\"",
        "UNSUBSCRIBE id=2 n=3 'a/+' '#' '+/x/#'"),
    OKV("31 one filter", V31, C2S, "a2 ** 00 03 s\"x\"", "UNSUBSCRIBE id=3 n=1 'x'"),
    OKV("5 one filter", V5, C2S, "a2 ** 00 01 [ ] s\"a\"", "UNSUBSCRIBE id=1 p{} n=1 'a'"),
    OKV("5 User Property and shared filter", V5, C2S, "a2 ** 00 04 [ 26 s\"k\" s\"v\" ] s\"$share/g/a\" s\"b/#\"",
        "UNSUBSCRIBE id=4 p{26='k':'v'} n=2 '$share/g/a' 'b/#'"),
    /* ---- invalid UNSUBSCRIBE ---- */
    BAD("311 UNSUBSCRIBE flags 0000", V311, C2S, "a0 ** 00 01 s\"a\"", MQTT_E_FIXED_FLAGS,
        "MQTT-3.10.1-1|MQTT-2.2.2-1"),
    BADS("5 UNSUBSCRIBE flags 0110", V5, C2S, "a6 ** 00 01 [ ] s\"a\"", MQTT_E_FIXED_FLAGS,
         "MQTT-3.10.1-1|MQTT-2.1.3-1", MAL, 0x81),
    BAD("311 UNSUBSCRIBE sent by a server", V311, S2C, "a2 ** 00 01 s\"a\"", MQTT_E_WRONG_DIRECTION, "§"),
    BAD("5 UNSUBSCRIBE sent by a server", V5, S2C, "a2 ** 00 01 [ ] s\"a\"", MQTT_E_WRONG_DIRECTION, "§"),
    BAD("311 no filter", V311, C2S, "a2 ** 00 01", MQTT_E_NO_FILTERS, "MQTT-3.10.3-2"),
    BADS("5 no filter", V5, C2S, "a2 ** 00 01 [ ]", MQTT_E_NO_FILTERS, "MQTT-3.10.3-2", PRO, 0x82),
    BAD("311 packet id 0", V311, C2S, "a2 ** 00 00 s\"a\"", MQTT_E_PACKET_ID_ZERO, "MQTT-2.3.1-1"),
    BAD("5 packet id 0", V5, C2S, "a2 ** 00 00 [ ] s\"a\"", MQTT_E_PACKET_ID_ZERO, "MQTT-2.2.1-3"),
    BAD("311 '#' not last", V311, C2S, "a2 ** 00 01 s\"#/a\"", MQTT_E_FILTER_HASH, "MQTT-4.7.1-2"),
    BAD("5 '+' not alone", V5, C2S, "a2 ** 00 01 [ ] s\"a/b+\"", MQTT_E_FILTER_PLUS, "MQTT-4.7.1-2"),
    BAD("5 empty filter", V5, C2S, "a2 ** 00 01 [ ] s\"a\" s\"\"", MQTT_E_FILTER_EMPTY, "MQTT-4.7.3-1"),
    BAD("311 surrogate in filter", V311, C2S, "a2 ** 00 01 < ed b0 80 >", MQTT_E_UTF8_SURROGATE, "MQTT-1.5.3-1"),
    BAD("5 filter length overruns", V5, C2S, "a2 ** 00 01 [ ] 00 05 \"a\"", MQTT_E_TRUNCATED, "§"),
    BADS("5 Subscription Identifier in UNSUBSCRIBE", V5, C2S, "a2 ** 00 01 [ 0b 01 ] s\"a\"",
         MQTT_E_PROP_NOT_ALLOWED, "§", MAL, 0x81),
    /* ---- valid UNSUBACK ---- */
    OKV("311 UNSUBACK", V311, S2C, "b0 ** 00 01", "UNSUBACK id=1 codes="),
    OKV("31 UNSUBACK", V31, S2C, "b0 ** 00 02", "UNSUBACK id=2 codes="),
    OKV("5 UNSUBACK every reason code", V5, S2C, "b0 ** 00 01 [ ] 00 11 80 83 87 8f 91",
        "UNSUBACK id=1 p{} codes=00,11,80,83,87,8f,91"),
    OKV("5 UNSUBACK with Reason String", V5, S2C, "b0 ** 00 01 [ 1f s\"r\" ] 11", "UNSUBACK id=1 p{1f='r'} codes=11"),
    /* ---- invalid UNSUBACK ---- */
    BAD2("311 UNSUBACK Remaining Length 3", V311, S2C, "b0 ** 00 01 00", MQTT_E_REMAINING_LENGTH, MQTT_E_TRAILING,
         "§"),
    BAD("311 UNSUBACK sent by a client", V311, C2S, "b0 ** 00 01", MQTT_E_WRONG_DIRECTION, "§"),
    BAD("5 UNSUBACK sent by a client", V5, C2S, "b0 ** 00 01 [ ] 00", MQTT_E_WRONG_DIRECTION, "§"),
    BAD("5 UNSUBACK reason code 0x01", V5, S2C, "b0 ** 00 01 [ ] 01", MQTT_E_REASON_CODE, "MQTT-3.11.3-2"),
    BAD("5 UNSUBACK reason code 0x97", V5, S2C, "b0 ** 00 01 [ ] 00 97", MQTT_E_REASON_CODE, "MQTT-3.11.3-2"),
    BAD("5 UNSUBACK without reason codes", V5, S2C, "b0 ** 00 01 [ ]", MQTT_E_NO_CODES, "MQTT-3.11.3-1|§"),
    BAD("311 UNSUBACK flags 0001", V311, S2C, "b1 ** 00 01", MQTT_E_FIXED_FLAGS, "MQTT-2.2.2-1"),
    BADS("5 Topic Alias in UNSUBACK", V5, S2C, "b0 ** 00 01 [ 23 00 01 ] 00", MQTT_E_PROP_NOT_ALLOWED, "§", MAL,
         0x81),
};

const vec_table vectors_unsubscribe = {"vectors_unsubscribe.c", v, sizeof v / sizeof v[0]};
