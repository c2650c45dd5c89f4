/* The error table: one row per stable error code, with the statement each
 * version cites for it. 3.1 has no numbered statements; it cites the 3.1.1
 * numbers of the same rule. Where a spec states a rule without a number, the
 * row cites the section ("§2.2.3"). Ids were checked against
 * conformance/spec/mqtt-*.tsv (a unit test keeps it that way). */
#include "internal.h"

#include <stdio.h>

typedef struct errdef {
    mqtt_errcode code;
    const char *name;
    mqtt_status status;
    uint8_t reason;
    const char *stmt311;
    const char *stmt5;
    const char *message;
} errdef;

/* Rules that exist only in MQTT 5 (properties, shared subscriptions): a 3.x
 * decoder never reports them, but describe() still answers for every version. */
#define V5ONLY "n/a before 5.0"
/* Rules 5.0 dropped (password without user name, empty client id with a
 * persistent session); 5.0 numbers other rules with those ids. */
#define V3ONLY "n/a in 5.0"

static const errdef defs[] = {
    [MQTT_E_NONE] = {MQTT_E_NONE, "E_NONE", MQTT_OK, 0x00, "", "", "no error"},
    [MQTT_E_VBI_TOO_LONG] = {MQTT_E_VBI_TOO_LONG, "E_VBI_TOO_LONG", MQTT_MALFORMED, 0x81, "§2.2.3", "§1.5.5",
     "Variable Byte Integer longer than 4 bytes"},
    [MQTT_E_VBI_NOT_MINIMAL] = {MQTT_E_VBI_NOT_MINIMAL, "E_VBI_NOT_MINIMAL", MQTT_MALFORMED, 0x81, "§2.2.3", "MQTT-1.5.5-1",
     "Variable Byte Integer not in its minimal form"},
    [MQTT_E_RESERVED_TYPE] = {MQTT_E_RESERVED_TYPE, "E_RESERVED_TYPE", MQTT_MALFORMED, 0x81, "§2.2.1", "§2.1.2",
     "reserved control packet type"},
    [MQTT_E_FIXED_FLAGS] = {MQTT_E_FIXED_FLAGS, "E_FIXED_FLAGS", MQTT_MALFORMED, 0x81, "MQTT-2.2.2-1", "MQTT-2.1.3-1",
     "fixed header flags differ from the values the spec reserves"},
    [MQTT_E_WRONG_DIRECTION] = {MQTT_E_WRONG_DIRECTION, "E_WRONG_DIRECTION", MQTT_PROTOCOL, 0x82, "§2.2.1", "§2.1.2",
     "this packet type may not be sent in this direction"},
    [MQTT_E_PACKET_TOO_LARGE] = {MQTT_E_PACKET_TOO_LARGE, "E_PACKET_TOO_LARGE", MQTT_POLICY, 0x95, "§2.2.3", "§3.1.2.11.4",
     "packet larger than the maximum packet size"},
    [MQTT_E_REMAINING_LENGTH] = {MQTT_E_REMAINING_LENGTH, "E_REMAINING_LENGTH", MQTT_MALFORMED, 0x81, "§2.2.3", "§2.1.4",
     "Remaining Length not allowed for this packet type"},
    [MQTT_E_TRUNCATED] = {MQTT_E_TRUNCATED, "E_TRUNCATED", MQTT_MALFORMED, 0x81, "§2.2.3", "§2.1.4",
     "a field runs past the end of the packet"},
    [MQTT_E_TRAILING] = {MQTT_E_TRAILING, "E_TRAILING", MQTT_MALFORMED, 0x81, "§2.2.3", "§2.1.4",
     "bytes left over after the last field"},
    [MQTT_E_UTF8_ILL_FORMED] = {MQTT_E_UTF8_ILL_FORMED, "E_UTF8_ILL_FORMED", MQTT_MALFORMED, 0x81, "MQTT-1.5.3-1", "MQTT-1.5.4-1",
     "ill-formed UTF-8"},
    [MQTT_E_UTF8_SURROGATE] = {MQTT_E_UTF8_SURROGATE, "E_UTF8_SURROGATE", MQTT_MALFORMED, 0x81, "MQTT-1.5.3-1", "MQTT-1.5.4-1",
     "UTF-8 encoding of a surrogate code point (U+D800..U+DFFF)"},
    [MQTT_E_UTF8_NULL] = {MQTT_E_UTF8_NULL, "E_UTF8_NULL", MQTT_MALFORMED, 0x81, "MQTT-1.5.3-2", "MQTT-1.5.4-2",
     "U+0000 in a UTF-8 string"},
    [MQTT_E_UTF8_CONTROL] = {MQTT_E_UTF8_CONTROL, "E_UTF8_CONTROL", MQTT_POLICY, 0x81, "§1.5.3", "§1.5.4",
     "control character in a UTF-8 string (refused by policy)"},
    [MQTT_E_UTF8_NONCHAR] = {MQTT_E_UTF8_NONCHAR, "E_UTF8_NONCHAR", MQTT_POLICY, 0x81, "§1.5.3", "§1.5.4",
     "Unicode non-character in a UTF-8 string (refused by policy)"},
    [MQTT_E_PACKET_ID_ZERO] = {MQTT_E_PACKET_ID_ZERO, "E_PACKET_ID_ZERO", MQTT_PROTOCOL, 0x82, "MQTT-2.3.1-1", "MQTT-2.2.1-3",
     "packet identifier 0"},
    [MQTT_E_QOS3] = {MQTT_E_QOS3, "E_QOS3", MQTT_MALFORMED, 0x81, "MQTT-3.3.1-4", "MQTT-3.3.1-4",
     "PUBLISH with both QoS bits set"},
    [MQTT_E_DUP_QOS0] = {MQTT_E_DUP_QOS0, "E_DUP_QOS0", MQTT_MALFORMED, 0x81, "MQTT-3.3.1-2", "MQTT-3.3.1-2",
     "DUP flag set on a QoS 0 PUBLISH"},
    [MQTT_E_TOPIC_WILDCARD] = {MQTT_E_TOPIC_WILDCARD, "E_TOPIC_WILDCARD", MQTT_PROTOCOL, 0x82, "MQTT-3.3.2-2", "MQTT-3.3.2-2",
     "wildcard character in a Topic Name"},
    [MQTT_E_TOPIC_EMPTY] = {MQTT_E_TOPIC_EMPTY, "E_TOPIC_EMPTY", MQTT_PROTOCOL, 0x82, "MQTT-4.7.3-1", "MQTT-4.7.3-1",
     "zero-length Topic Name"},
    [MQTT_E_TOPIC_ALIAS_ZERO] = {MQTT_E_TOPIC_ALIAS_ZERO, "E_TOPIC_ALIAS_ZERO", MQTT_PROTOCOL, 0x94, V5ONLY, "MQTT-3.3.2-8",
     "Topic Alias 0"},
    [MQTT_E_SUBID_FROM_CLIENT] = {MQTT_E_SUBID_FROM_CLIENT, "E_SUBID_FROM_CLIENT", MQTT_PROTOCOL, 0x82, V5ONLY, "MQTT-3.3.4-6",
     "Subscription Identifier in a PUBLISH sent by a client"},
    [MQTT_E_FILTER_EMPTY] = {MQTT_E_FILTER_EMPTY, "E_FILTER_EMPTY", MQTT_PROTOCOL, 0x8F, "MQTT-4.7.3-1", "MQTT-4.7.3-1",
     "zero-length Topic Filter"},
    [MQTT_E_FILTER_HASH] = {MQTT_E_FILTER_HASH, "E_FILTER_HASH", MQTT_PROTOCOL, 0x8F, "MQTT-4.7.1-2", "MQTT-4.7.1-1",
     "'#' not alone in the last level of a Topic Filter"},
    [MQTT_E_FILTER_PLUS] = {MQTT_E_FILTER_PLUS, "E_FILTER_PLUS", MQTT_PROTOCOL, 0x8F, "MQTT-4.7.1-3", "MQTT-4.7.1-2",
     "'+' not alone in its level of a Topic Filter"},
    [MQTT_E_SHARE_SYNTAX] = {MQTT_E_SHARE_SYNTAX, "E_SHARE_SYNTAX", MQTT_PROTOCOL, 0x8F, V5ONLY, "MQTT-4.8.2-1",
     "shared subscription not of the form $share/ShareName/filter"},
    [MQTT_E_SHARE_NO_LOCAL] = {MQTT_E_SHARE_NO_LOCAL, "E_SHARE_NO_LOCAL", MQTT_PROTOCOL, 0x82, V5ONLY, "MQTT-3.8.3-4",
     "No Local set on a shared subscription"},
    [MQTT_E_NO_FILTERS] = {MQTT_E_NO_FILTERS, "E_NO_FILTERS", MQTT_PROTOCOL, 0x82, "MQTT-3.8.3-3", "MQTT-3.8.3-2",
     "no Topic Filter in the packet"},
    [MQTT_E_SUB_OPTIONS_RESERVED] = {MQTT_E_SUB_OPTIONS_RESERVED, "E_SUB_OPTIONS_RESERVED", MQTT_MALFORMED, 0x81, "MQTT-3.8.3-4",
     "MQTT-3.8.3-5", "reserved bits set in the subscription options"},
    [MQTT_E_SUB_QOS] = {MQTT_E_SUB_QOS, "E_SUB_QOS", MQTT_PROTOCOL, 0x82, "MQTT-3.8.3-4", "§3.8.3.1",
     "requested QoS 3"},
    [MQTT_E_RETAIN_HANDLING] = {MQTT_E_RETAIN_HANDLING, "E_RETAIN_HANDLING", MQTT_PROTOCOL, 0x82, "§3.8.3.1", "§3.8.3.1",
     "Retain Handling 3"},
    [MQTT_E_PROTOCOL_NAME] = {MQTT_E_PROTOCOL_NAME, "E_PROTOCOL_NAME", MQTT_PROTOCOL, 0x84, "MQTT-3.1.2-1", "MQTT-3.1.2-1",
     "protocol name does not match the protocol level"},
    [MQTT_E_PROTOCOL_LEVEL] = {MQTT_E_PROTOCOL_LEVEL, "E_PROTOCOL_LEVEL", MQTT_PROTOCOL, 0x84, "MQTT-3.1.2-2", "MQTT-3.1.2-2",
     "protocol level other than the version being decoded"},
    [MQTT_E_CONNECT_RESERVED] = {MQTT_E_CONNECT_RESERVED, "E_CONNECT_RESERVED", MQTT_MALFORMED, 0x81, "MQTT-3.1.2-3", "MQTT-3.1.2-3",
     "reserved CONNECT flag set"},
    [MQTT_E_WILL_QOS_NO_WILL] = {MQTT_E_WILL_QOS_NO_WILL, "E_WILL_QOS_NO_WILL", MQTT_MALFORMED, 0x81, "MQTT-3.1.2-13", "MQTT-3.1.2-11",
     "Will QoS set without the Will Flag"},
    [MQTT_E_WILL_RETAIN_NO_WILL] = {MQTT_E_WILL_RETAIN_NO_WILL, "E_WILL_RETAIN_NO_WILL", MQTT_MALFORMED, 0x81, "MQTT-3.1.2-15",
     "MQTT-3.1.2-13", "Will Retain set without the Will Flag"},
    [MQTT_E_WILL_QOS3] = {MQTT_E_WILL_QOS3, "E_WILL_QOS3", MQTT_MALFORMED, 0x81, "MQTT-3.1.2-14", "MQTT-3.1.2-12",
     "Will QoS 3"},
    [MQTT_E_PASSWORD_NO_USER] = {MQTT_E_PASSWORD_NO_USER, "E_PASSWORD_NO_USER", MQTT_MALFORMED, 0x81, "MQTT-3.1.2-22", V3ONLY,
     "Password Flag set without the User Name Flag"},
    [MQTT_E_CLIENT_ID_LENGTH] = {MQTT_E_CLIENT_ID_LENGTH, "E_CLIENT_ID_LENGTH", MQTT_PROTOCOL, 0x85, "§3.1.3", "§3.1.3",
     "MQTT 3.1 client identifier not 1 to 23 bytes"},
    [MQTT_E_CLIENT_ID_EMPTY_PERSIST] = {MQTT_E_CLIENT_ID_EMPTY_PERSIST, "E_CLIENT_ID_EMPTY_PERSIST", MQTT_PROTOCOL, 0x85, "MQTT-3.1.3-7",
     V3ONLY, "zero-length client identifier with CleanSession 0"},
    [MQTT_E_CONNACK_FLAGS] = {MQTT_E_CONNACK_FLAGS, "E_CONNACK_FLAGS", MQTT_MALFORMED, 0x81, "§3.2.2.1", "MQTT-3.2.2-1",
     "reserved Connect Acknowledge flag bits set"},
    [MQTT_E_SESSION_PRESENT_ERROR] = {MQTT_E_SESSION_PRESENT_ERROR, "E_SESSION_PRESENT_ERROR", MQTT_PROTOCOL, 0x82, "MQTT-3.2.2-4",
     "MQTT-3.2.2-6", "Session Present set on a refused connection"},
    [MQTT_E_REASON_CODE] = {MQTT_E_REASON_CODE, "E_REASON_CODE", MQTT_PROTOCOL, 0x82, "§3.2.2.3", "§2.4",
     "reason code not in this packet's table"},
    [MQTT_E_REASON_DIRECTION] = {MQTT_E_REASON_DIRECTION, "E_REASON_DIRECTION", MQTT_PROTOCOL, 0x82, "§3.14.2.1", "MQTT-3.14.2-1",
     "reason code this sender may not use"},
    [MQTT_E_NO_CODES] = {MQTT_E_NO_CODES, "E_NO_CODES", MQTT_MALFORMED, 0x81, "MQTT-3.8.4-5", "MQTT-3.8.4-6",
     "acknowledgement without any reason code"},
    [MQTT_E_PROP_UNKNOWN] = {MQTT_E_PROP_UNKNOWN, "E_PROP_UNKNOWN", MQTT_MALFORMED, 0x81, "§2.2.2.2", "§2.2.2.2",
     "unknown property identifier"},
    [MQTT_E_PROP_NOT_ALLOWED] = {MQTT_E_PROP_NOT_ALLOWED, "E_PROP_NOT_ALLOWED", MQTT_MALFORMED, 0x81, "§2.2.2.2", "§2.2.2.2",
     "property not allowed in this packet"},
    [MQTT_E_PROP_DUPLICATE] = {MQTT_E_PROP_DUPLICATE, "E_PROP_DUPLICATE", MQTT_PROTOCOL, 0x82, "§2.2.2.2", "§2.2.2.2",
     "property included more than once"},
    [MQTT_E_PROP_VALUE] = {MQTT_E_PROP_VALUE, "E_PROP_VALUE", MQTT_PROTOCOL, 0x82, "§2.2.2.2", "§2.2.2.2",
     "property value out of its range"},
    [MQTT_E_PROP_DIRECTION] = {MQTT_E_PROP_DIRECTION, "E_PROP_DIRECTION", MQTT_PROTOCOL, 0x82, V5ONLY, "MQTT-3.14.2-2",
     "property this sender may not use"},
    [MQTT_E_PROP_AUTH_DATA_NO_METHOD] = {MQTT_E_PROP_AUTH_DATA_NO_METHOD, "E_PROP_AUTH_DATA_NO_METHOD", MQTT_PROTOCOL, 0x82, "§3.1.2.11.10",
     "§3.1.2.11.10", "Authentication Data without Authentication Method"},
    [MQTT_E_PFI_VALUE] = {MQTT_E_PFI_VALUE, "E_PFI_VALUE", MQTT_POLICY, 0x81, "§3.3.2.3.2", "§3.3.2.3.2",
     "Payload Format Indicator other than 0 or 1 (refused by policy)"},
    [MQTT_E_RESPONSE_TOPIC] = {MQTT_E_RESPONSE_TOPIC, "E_RESPONSE_TOPIC", MQTT_PROTOCOL, 0x82, V5ONLY, "MQTT-3.3.2-14",
     "wildcard in a Response Topic"},
    [MQTT_E_BUFFER_TOO_SMALL] = {MQTT_E_BUFFER_TOO_SMALL, "E_BUFFER_TOO_SMALL", MQTT_USAGE, 0x00, "usage", "usage",
     "output buffer too small"},
    [MQTT_E_BAD_ARGUMENT] = {MQTT_E_BAD_ARGUMENT, "E_BAD_ARGUMENT", MQTT_USAGE, 0x00, "usage", "usage", "invalid argument"},
};

/* Each row sits at its code's index (the codes are sparse, 0..201), so a
 * reject finds its row in one load: every error the fuzz harnesses provoke
 * comes through here, several per input. Gaps are zero rows (no name). */
#define NDEFS (sizeof defs / sizeof defs[0])
static const errdef *find(mqtt_errcode code)
{
    if ((unsigned)code < NDEFS && defs[code].name)
        return &defs[code];
    return &defs[MQTT_E_BAD_ARGUMENT];
}

void mqtt_error_describe(mqtt_errcode code, mqtt_version v, mqtt_error *out)
{
    const errdef *d = find(code);
    out->code = d->code;
    out->status = d->status;
    out->reason = d->reason;
    out->stmt = v == MQTT_V5 ? d->stmt5 : d->stmt311;
    out->message = d->message;
    out->offset = 0;
    out->field = "";
}

void mqtt_set_error(mqtt_error *err, mqtt_errcode code, mqtt_version v, size_t offset,
                    const char *field, const char *stmt)
{
    if (!err)
        return;
    mqtt_error_describe(code, v, err);
    err->offset = offset;
    err->field = field ? field : "";
    if (stmt)
        err->stmt = stmt;
}

const char *mqtt_errcode_name(mqtt_errcode code) { return find(code)->name; }

const char *mqtt_status_name(mqtt_status s)
{
    switch (s) {
    case MQTT_OK: return "ok";
    case MQTT_NEED_MORE: return "need-more";
    case MQTT_MALFORMED: return "malformed";
    case MQTT_PROTOCOL: return "protocol-error";
    case MQTT_POLICY: return "policy";
    case MQTT_USAGE: return "usage";
    }
    return "unknown";
}

static const char *const type_names[16] = {
    "RESERVED", "CONNECT", "CONNACK", "PUBLISH", "PUBACK", "PUBREC", "PUBREL", "PUBCOMP",
    "SUBSCRIBE", "SUBACK", "UNSUBSCRIBE", "UNSUBACK", "PINGREQ", "PINGRESP", "DISCONNECT", "AUTH"};

const char *mqtt_type_name(mqtt_type t) { return type_names[(unsigned)t & 15]; }

/* "§3.t.part": packet sections are numbered alike in 3.1.1 and 5.0. */
static const char *const sections[16][3] = {
    {"§2.2.1", "§2.2.1", "§2.2.1"},
    {"§3.1.1", "§3.1.2", "§3.1.3"},    {"§3.2.1", "§3.2.2", "§3.2.3"},
    {"§3.3.1", "§3.3.2", "§3.3.3"},    {"§3.4.1", "§3.4.2", "§3.4.3"},
    {"§3.5.1", "§3.5.2", "§3.5.3"},    {"§3.6.1", "§3.6.2", "§3.6.3"},
    {"§3.7.1", "§3.7.2", "§3.7.3"},    {"§3.8.1", "§3.8.2", "§3.8.3"},
    {"§3.9.1", "§3.9.2", "§3.9.3"},    {"§3.10.1", "§3.10.2", "§3.10.3"},
    {"§3.11.1", "§3.11.2", "§3.11.3"}, {"§3.12.1", "§3.12.2", "§3.12.3"},
    {"§3.13.1", "§3.13.2", "§3.13.3"}, {"§3.14.1", "§3.14.2", "§3.14.3"},
    {"§3.15.1", "§3.15.2", "§3.15.3"},
};

const char *mqtt_section(mqtt_type t, int part)
{
    if (part < 1 || part > 3)
        part = 1;
    return sections[(unsigned)t & 15][part - 1];
}

void mqtt_policy_default(mqtt_policy *p)
{
    memset(p, 0, sizeof *p);
    p->allow_bridge_bit = true;
}
