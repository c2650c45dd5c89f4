/*
 * mqttcodec — strict, zero-copy MQTT 3.1 / 3.1.1 / 5.0 codec.
 *
 * This header is the only door into codec/. The library uses libc only, never
 * allocates, keeps no global mutable state and never reads past the length it
 * is given. Every decoded string, binary field, payload and property block is
 * a view into the caller's buffer, valid as long as that buffer is.
 *
 * Typical use:
 *   mqtt_frame fr; mqtt_error err;
 *   mqtt_decode_opts opts = {MQTT_V5, MQTT_S2C, NULL};
 *   switch (mqtt_frame_next(buf, len, &opts, &fr, &err)) { // incremental framing
 *   case MQTT_NEED_MORE: read fr.need more bytes ...
 *   case MQTT_OK: mqtt_decode(buf, fr.total, &opts, &pkt, &err); ...
 *   default: err says which rule the bytes broke
 *   }
 * or both steps at once, with PUBLISH decoded inline in the caller's loop:
 *   mqtt_next(buf, len, &opts, &fr, &pkt, &err) (see mqttcodec_inline.h)
 *
 * Errors are data: a stable code, the normative statement id as numbered by
 * the version in use (3.1.1 and 5.0 number the same rule differently), the
 * class, the v5 reason code a peer should answer with, the offset and field.
 */
#ifndef MQTTCODEC_H
#define MQTTCODEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------- basics */

typedef enum mqtt_version {
    MQTT_V31 = 3,  /* MQIsdp, protocol level 3 */
    MQTT_V311 = 4, /* MQTT, level 4 */
    MQTT_V5 = 5    /* MQTT, level 5 */
} mqtt_version;

/* Who sent the bytes. Direction-only rules depend on it (a CONNACK sent by a
 * client, a Subscription Identifier in a client's PUBLISH, ...). */
typedef enum mqtt_direction {
    MQTT_C2S = 0, /* client -> server */
    MQTT_S2C = 1  /* server -> client */
} mqtt_direction;

typedef enum mqtt_type {
    MQTT_RESERVED0 = 0,
    MQTT_CONNECT = 1,
    MQTT_CONNACK = 2,
    MQTT_PUBLISH = 3,
    MQTT_PUBACK = 4,
    MQTT_PUBREC = 5,
    MQTT_PUBREL = 6,
    MQTT_PUBCOMP = 7,
    MQTT_SUBSCRIBE = 8,
    MQTT_SUBACK = 9,
    MQTT_UNSUBSCRIBE = 10,
    MQTT_UNSUBACK = 11,
    MQTT_PINGREQ = 12,
    MQTT_PINGRESP = 13,
    MQTT_DISCONNECT = 14,
    MQTT_AUTH = 15
} mqtt_type;

/* A view of bytes inside a caller buffer (UTF-8 string, binary data, payload). */
typedef struct mqtt_view {
    const uint8_t *p; /* NULL only when len == 0 and the field was absent */
    size_t len;
} mqtt_view;

#define MQTT_MAX_REMAINING_LENGTH 268435455u
#define MQTT_MAX_VBI 268435455u

/* ---------------------------------------------------------------- errors */

typedef enum mqtt_status {
    MQTT_OK = 0,
    MQTT_NEED_MORE = 1,   /* framing: the buffer holds only part of a packet */
    MQTT_MALFORMED = 2,   /* cannot be parsed as the spec defines (v5 0x81) */
    MQTT_PROTOCOL = 3,    /* parsed, but breaks a rule (v5 0x82) */
    MQTT_POLICY = 4,      /* allowed by the spec, refused by mqtt_policy */
    MQTT_USAGE = 5        /* caller error: buffer too small, bad argument */
} mqtt_status;

/* Stable error codes. Never renumber: they appear in results files. */
typedef enum mqtt_errcode {
    MQTT_E_NONE = 0,
    /* framing / fixed header */
    MQTT_E_VBI_TOO_LONG = 1,        /* Variable Byte Integer of 5+ bytes */
    MQTT_E_VBI_NOT_MINIMAL,         /* non-minimal Variable Byte Integer */
    MQTT_E_RESERVED_TYPE,           /* packet type 0, or 15 before v5 */
    MQTT_E_FIXED_FLAGS,             /* reserved fixed-header flags not as the table says */
    MQTT_E_WRONG_DIRECTION,         /* packet type the sender's role may not send */
    MQTT_E_PACKET_TOO_LARGE,        /* over mqtt_policy.max_packet_size */
    MQTT_E_REMAINING_LENGTH,        /* Remaining Length wrong for the packet type */
    MQTT_E_TRUNCATED,               /* a field runs past the Remaining Length */
    MQTT_E_TRAILING,                /* bytes left after the last field */
    /* data representation */
    MQTT_E_UTF8_ILL_FORMED = 20,    /* bad UTF-8, overlong, > U+10FFFF */
    MQTT_E_UTF8_SURROGATE,          /* U+D800..U+DFFF */
    MQTT_E_UTF8_NULL,               /* U+0000 */
    MQTT_E_UTF8_CONTROL,            /* policy: U+0001..1F, U+007F..9F */
    MQTT_E_UTF8_NONCHAR,            /* policy: non-characters */
    /* packet identifiers */
    MQTT_E_PACKET_ID_ZERO = 30,
    /* PUBLISH */
    MQTT_E_QOS3 = 40,
    MQTT_E_DUP_QOS0,
    MQTT_E_TOPIC_WILDCARD,          /* + or # in a Topic Name */
    MQTT_E_TOPIC_EMPTY,             /* zero-length Topic Name (v5: without Topic Alias) */
    MQTT_E_TOPIC_ALIAS_ZERO,
    MQTT_E_SUBID_FROM_CLIENT,       /* Subscription Identifier in a client's PUBLISH */
    /* topic filters / SUBSCRIBE / UNSUBSCRIBE */
    MQTT_E_FILTER_EMPTY = 50,
    MQTT_E_FILTER_HASH,             /* '#' not last or not alone in its level */
    MQTT_E_FILTER_PLUS,             /* '+' not alone in its level */
    MQTT_E_SHARE_SYNTAX,            /* $share/ShareName/filter malformed */
    MQTT_E_SHARE_NO_LOCAL,          /* No Local on a shared subscription */
    MQTT_E_NO_FILTERS,              /* SUBSCRIBE/UNSUBSCRIBE without a filter */
    MQTT_E_SUB_OPTIONS_RESERVED,    /* reserved bits in subscription options */
    MQTT_E_SUB_QOS,                 /* requested QoS 3 */
    MQTT_E_RETAIN_HANDLING,         /* Retain Handling 3 */
    /* CONNECT */
    MQTT_E_PROTOCOL_NAME = 70,
    MQTT_E_PROTOCOL_LEVEL,
    MQTT_E_CONNECT_RESERVED,        /* reserved connect flag bit 0 */
    MQTT_E_WILL_QOS_NO_WILL,        /* Will QoS != 0 with Will Flag 0 */
    MQTT_E_WILL_RETAIN_NO_WILL,     /* Will Retain with Will Flag 0 */
    MQTT_E_WILL_QOS3,
    MQTT_E_PASSWORD_NO_USER,        /* 3.1/3.1.1: Password Flag without User Name Flag */
    MQTT_E_CLIENT_ID_LENGTH,        /* 3.1: client id not 1..23 bytes */
    MQTT_E_CLIENT_ID_EMPTY_PERSIST, /* 3.1.1: empty client id with CleanSession 0 */
    /* CONNACK */
    MQTT_E_CONNACK_FLAGS = 90,      /* reserved acknowledge flag bits */
    MQTT_E_SESSION_PRESENT_ERROR,   /* Session Present with a refusal code */
    /* reason codes */
    MQTT_E_REASON_CODE = 100,       /* not in the packet's table */
    MQTT_E_REASON_DIRECTION,        /* in the table, but not for this sender */
    MQTT_E_NO_CODES,                /* SUBACK/UNSUBACK without any reason code */
    /* properties */
    MQTT_E_PROP_UNKNOWN = 110,      /* identifier not defined */
    MQTT_E_PROP_NOT_ALLOWED,        /* defined, but not on this packet */
    MQTT_E_PROP_DUPLICATE,
    MQTT_E_PROP_VALUE,              /* value out of its range (e.g. Receive Maximum 0) */
    MQTT_E_PROP_DIRECTION,          /* e.g. Session Expiry in a server DISCONNECT */
    MQTT_E_PROP_AUTH_DATA_NO_METHOD,
    MQTT_E_PFI_VALUE,               /* Payload Format Indicator not 0/1 (policy) */
    MQTT_E_RESPONSE_TOPIC,          /* wildcard in Response Topic */
    /* encoder/caller */
    MQTT_E_BUFFER_TOO_SMALL = 200,
    MQTT_E_BAD_ARGUMENT
} mqtt_errcode;

typedef struct mqtt_error {
    mqtt_errcode code;
    mqtt_status status;  /* class: MALFORMED, PROTOCOL, POLICY, USAGE */
    const char *stmt;    /* "MQTT-3.3.1-4" for the version in use, or a section
                            reference such as "§2.2.3" where the spec states
                            the rule without a number. Never NULL on error. */
    uint8_t reason;      /* v5 reason code a peer should send (0x81, 0x82, 0x95, ...) */
    size_t offset;       /* byte offset from the start of the packet */
    const char *field;   /* name of the field at fault, e.g. "topic_name" */
    const char *message; /* static text for humans */
} mqtt_error;

/* Static description of an error code for a version (stmt filled in). */
void mqtt_error_describe(mqtt_errcode code, mqtt_version v, mqtt_error *out);
const char *mqtt_errcode_name(mqtt_errcode code); /* "E_QOS3" */
const char *mqtt_status_name(mqtt_status s);      /* "malformed", ... */
const char *mqtt_type_name(mqtt_type t);          /* "PUBLISH" */

/* ---------------------------------------------------------------- policy */

/* Points the spec leaves open. mqtt_policy_default() gives the documented
 * defaults; pass NULL anywhere a policy is taken to use them. */
typedef struct mqtt_policy {
    /* Payload Format Indicator values other than 0 and 1. The spec defines
     * only 0 and 1; default: reject (MQTT_E_PFI_VALUE, malformed 0x81). */
    bool allow_pfi_other;
    /* U+0001..U+001F, U+007F..U+009F: SHOULD NOT be sent, MAY be treated as
     * malformed. Default: accept. */
    bool reject_control_chars;
    /* Unicode non-characters (U+FFFE, U+FFFF, U+FDD0..FDEF, ...). Default accept. */
    bool reject_noncharacters;
    /* mosquitto bridges set 0x80 in the protocol level. Default: accept the
     * bit (bridge flag reported in mqtt_connect.bridge). */
    bool allow_bridge_bit;
    /* Subscription Identifier 0 in a PUBLISH: the range 1..268435455 is stated
     * for SUBSCRIBE only. Default: reject in PUBLISH too. */
    bool allow_subid_zero_in_publish;
    /* 3.1 client identifiers longer than 23 bytes. Default: reject. */
    bool allow_long_v31_client_id;
    /* 0 = no limit, else packets larger than this (whole packet) are refused
     * with MQTT_E_PACKET_TOO_LARGE (v5 reason 0x95). */
    uint32_t max_packet_size;
} mqtt_policy;

void mqtt_policy_default(mqtt_policy *p);

/* --------------------------------------------------------------- framing */

typedef struct mqtt_frame {
    uint8_t first_byte;     /* type << 4 | flags (valid once header_len > 0) */
    size_t header_len;      /* 2..5, 0 while unknown */
    uint32_t remaining;     /* Remaining Length */
    size_t total;           /* header_len + remaining */
    size_t need;            /* with MQTT_NEED_MORE: bytes still missing (lower bound
                               while the length itself is incomplete) */
} mqtt_frame;

/* Looks at the start of buf. Returns MQTT_OK when buf holds at least one whole
 * packet (frame->total bytes), MQTT_NEED_MORE when more bytes are needed, or
 * MQTT_MALFORMED for a 5-byte / non-minimal Remaining Length. Only the fixed
 * header is checked here; type and flags are checked by mqtt_decode. opts
 * gives the version (for the statement an error cites) and the policy (its
 * max_packet_size is enforced as soon as the length is known); opts->policy
 * may be NULL. Declared here, after mqtt_decode_opts. */
struct mqtt_decode_opts;
/* mqtt_status mqtt_frame_next(const uint8_t *buf, size_t len,
 *                             const mqtt_decode_opts *opts, mqtt_frame *frame, mqtt_error *err);
 * is header-inline (mqttcodec_inline.h): the one-byte-length case is decided
 * in the caller, everything else by mqtt_frame_next_general. */

/* ------------------------------------------------------------ properties */

typedef enum mqtt_prop_id {
    MQTT_PROP_PAYLOAD_FORMAT_INDICATOR = 0x01,
    MQTT_PROP_MESSAGE_EXPIRY_INTERVAL = 0x02,
    MQTT_PROP_CONTENT_TYPE = 0x03,
    MQTT_PROP_RESPONSE_TOPIC = 0x08,
    MQTT_PROP_CORRELATION_DATA = 0x09,
    MQTT_PROP_SUBSCRIPTION_IDENTIFIER = 0x0B,
    MQTT_PROP_SESSION_EXPIRY_INTERVAL = 0x11,
    MQTT_PROP_ASSIGNED_CLIENT_IDENTIFIER = 0x12,
    MQTT_PROP_SERVER_KEEP_ALIVE = 0x13,
    MQTT_PROP_AUTHENTICATION_METHOD = 0x15,
    MQTT_PROP_AUTHENTICATION_DATA = 0x16,
    MQTT_PROP_REQUEST_PROBLEM_INFORMATION = 0x17,
    MQTT_PROP_WILL_DELAY_INTERVAL = 0x18,
    MQTT_PROP_REQUEST_RESPONSE_INFORMATION = 0x19,
    MQTT_PROP_RESPONSE_INFORMATION = 0x1A,
    MQTT_PROP_SERVER_REFERENCE = 0x1C,
    MQTT_PROP_REASON_STRING = 0x1F,
    MQTT_PROP_RECEIVE_MAXIMUM = 0x21,
    MQTT_PROP_TOPIC_ALIAS_MAXIMUM = 0x22,
    MQTT_PROP_TOPIC_ALIAS = 0x23,
    MQTT_PROP_MAXIMUM_QOS = 0x24,
    MQTT_PROP_RETAIN_AVAILABLE = 0x25,
    MQTT_PROP_USER_PROPERTY = 0x26,
    MQTT_PROP_MAXIMUM_PACKET_SIZE = 0x27,
    MQTT_PROP_WILDCARD_SUBSCRIPTION_AVAILABLE = 0x28,
    MQTT_PROP_SUBSCRIPTION_IDENTIFIER_AVAILABLE = 0x29,
    MQTT_PROP_SHARED_SUBSCRIPTION_AVAILABLE = 0x2A
} mqtt_prop_id;

typedef enum mqtt_prop_type {
    MQTT_PT_NONE = 0,
    MQTT_PT_BYTE,
    MQTT_PT_U16,
    MQTT_PT_U32,
    MQTT_PT_VBI,
    MQTT_PT_UTF8,
    MQTT_PT_BINARY,
    MQTT_PT_PAIR
} mqtt_prop_type;

/* Where a property block sits: Will Properties are their own context. */
typedef enum mqtt_prop_ctx {
    MQTT_PCTX_CONNECT = 0,
    MQTT_PCTX_WILL,
    MQTT_PCTX_CONNACK,
    MQTT_PCTX_PUBLISH,
    MQTT_PCTX_PUBACK,
    MQTT_PCTX_PUBREC,
    MQTT_PCTX_PUBREL,
    MQTT_PCTX_PUBCOMP,
    MQTT_PCTX_SUBSCRIBE,
    MQTT_PCTX_SUBACK,
    MQTT_PCTX_UNSUBSCRIBE,
    MQTT_PCTX_UNSUBACK,
    MQTT_PCTX_DISCONNECT,
    MQTT_PCTX_AUTH,
    MQTT_PCTX_COUNT
} mqtt_prop_ctx;

/* A validated property block (the bytes after the Property Length). A block
 * with present == false was absent from the wire (v5 short forms). */
typedef struct mqtt_props {
    const uint8_t *p;
    size_t len;
    bool present;
} mqtt_props;

typedef struct mqtt_prop {
    uint8_t id;
    mqtt_prop_type type;
    union {
        uint32_t u; /* BYTE, U16, U32, VBI */
        mqtt_view s; /* UTF8, BINARY */
        struct { mqtt_view k, v; } pair;
    } v;
} mqtt_prop;

typedef struct mqtt_prop_iter {
    const uint8_t *p, *end;
} mqtt_prop_iter;

/* mqtt_prop_iter_init(it, props) and mqtt_prop_next(it, out) — the iterator
 * — are header-inline: see mqttcodec_inline.h, included at the end. */
/* First property with that id; false if absent. */
bool mqtt_props_find(const mqtt_props *props, uint8_t id, mqtt_prop *out);

mqtt_prop_type mqtt_prop_type_of(uint8_t id);  /* MQTT_PT_NONE if undefined */
const char *mqtt_prop_name(uint8_t id);        /* "Message Expiry Interval" or NULL */
bool mqtt_prop_allowed(uint8_t id, mqtt_prop_ctx ctx);

/* The validation pass the decoder runs on every block: types, lengths, UTF-8,
 * duplicates, allowed-in-context, value ranges, direction rules. offset_base
 * is added to error offsets. */
mqtt_status mqtt_props_validate(const mqtt_props *props, mqtt_prop_ctx ctx, mqtt_direction dir,
                                const mqtt_policy *policy, size_t offset_base, mqtt_error *err);

/* Building a property block into a caller buffer (for the encoder). Each add
 * returns false once the buffer is full; pb->overflow stays set. */
typedef struct mqtt_props_builder {
    uint8_t *buf;
    size_t cap, len;
    bool overflow;
} mqtt_props_builder;

void mqtt_pb_init(mqtt_props_builder *pb, uint8_t *buf, size_t cap);
bool mqtt_pb_byte(mqtt_props_builder *pb, uint8_t id, uint8_t v);
bool mqtt_pb_u16(mqtt_props_builder *pb, uint8_t id, uint16_t v);
bool mqtt_pb_u32(mqtt_props_builder *pb, uint8_t id, uint32_t v);
bool mqtt_pb_vbi(mqtt_props_builder *pb, uint8_t id, uint32_t v);
bool mqtt_pb_str(mqtt_props_builder *pb, uint8_t id, const char *s, size_t len);
bool mqtt_pb_bin(mqtt_props_builder *pb, uint8_t id, const uint8_t *b, size_t len);
bool mqtt_pb_pair(mqtt_props_builder *pb, const char *k, size_t klen, const char *v, size_t vlen);
mqtt_props mqtt_pb_props(const mqtt_props_builder *pb); /* present = true */

/* ---------------------------------------------------------- reason codes */

/* Whether code is in the v5 table of the packet type, for that sender.
 * Context for SUBACK/UNSUBACK is per-filter code. */
bool mqtt_reason_allowed(mqtt_type t, uint8_t code, mqtt_direction dir);
const char *mqtt_reason_name(uint8_t code, mqtt_type t); /* "Not authorized" */

/* --------------------------------------------------------------- packets */

typedef struct mqtt_connect {
    mqtt_view protocol_name;
    uint8_t protocol_level;  /* without the bridge bit */
    bool bridge;             /* 0x80 was set in the level byte */
    uint8_t flags;           /* raw connect flags */
    bool clean_start;        /* CleanSession (3.x) / Clean Start (5) */
    bool will;
    uint8_t will_qos;
    bool will_retain;
    bool has_username, has_password;
    uint16_t keep_alive;
    mqtt_props props;        /* v5 */
    mqtt_view client_id;
    mqtt_props will_props;   /* v5, present iff will */
    mqtt_view will_topic;
    mqtt_view will_payload;
    mqtt_view username;
    mqtt_view password;
} mqtt_connect;

typedef struct mqtt_connack {
    uint8_t flags;           /* acknowledge flags byte */
    bool session_present;
    uint8_t code;            /* 3.x return code / v5 reason code */
    mqtt_props props;
} mqtt_connack;

typedef struct mqtt_publish {
    bool dup;
    uint8_t qos;
    bool retain;
    mqtt_view topic;
    uint16_t packet_id;      /* 0 when qos == 0 */
    mqtt_props props;
    mqtt_view payload;
} mqtt_publish;

/* PUBACK, PUBREC, PUBREL, PUBCOMP. v5 may omit the reason code (meaning 0x00)
 * and the properties; has_reason/props.present say what was on the wire. */
typedef struct mqtt_ack {
    uint16_t packet_id;
    bool has_reason;
    uint8_t code;
    mqtt_props props;
} mqtt_ack;

/* SUBSCRIBE list: filter + options byte, walk it with mqtt_sub_next. */
typedef struct mqtt_subscribe {
    uint16_t packet_id;
    mqtt_props props;
    mqtt_view list;          /* raw payload, validated */
    size_t count;
} mqtt_subscribe;

typedef struct mqtt_sub_entry {
    mqtt_view filter;
    uint8_t options;         /* raw byte */
    uint8_t qos;             /* bits 0-1 */
    bool no_local;           /* v5 bit 2 */
    bool retain_as_published;/* v5 bit 3 */
    uint8_t retain_handling; /* v5 bits 4-5 */
} mqtt_sub_entry;

typedef struct mqtt_unsubscribe {
    uint16_t packet_id;
    mqtt_props props;
    mqtt_view list;          /* raw payload of length-prefixed filters, validated */
    size_t count;
} mqtt_unsubscribe;

/* SUBACK and UNSUBACK (3.1.1 UNSUBACK carries no codes). */
typedef struct mqtt_suback {
    uint16_t packet_id;
    mqtt_props props;
    mqtt_view codes;         /* one byte per filter */
} mqtt_suback;

/* DISCONNECT and AUTH. v5 may omit the reason code and properties. */
typedef struct mqtt_reason_only {
    bool has_reason;
    uint8_t code;
    mqtt_props props;
} mqtt_reason_only;

typedef struct mqtt_packet {
    mqtt_type type;
    uint8_t flags;           /* low nibble of the first byte */
    uint32_t remaining;      /* Remaining Length as on the wire */
    size_t total;            /* whole packet length */
    /* Set by the decoder when the packet used a longer valid form than the
     * encoder would write (e.g. a v5 PUBACK with reason 0x00 and an empty
     * property block spelled out). Canonical packets re-encode byte-exact. */
    bool noncanonical;
    union {
        mqtt_connect connect;
        mqtt_connack connack;
        mqtt_publish publish;
        mqtt_ack ack;
        mqtt_subscribe subscribe;
        mqtt_unsubscribe unsubscribe;
        mqtt_suback suback;       /* SUBACK and UNSUBACK */
        mqtt_reason_only reason;  /* DISCONNECT and AUTH */
    } u;
} mqtt_packet;

/* Iteration over validated SUBSCRIBE / UNSUBSCRIBE lists. */
typedef struct mqtt_list_iter {
    const uint8_t *p, *end;
    bool v5;
    bool with_options;
} mqtt_list_iter;

void mqtt_sub_iter_init(mqtt_list_iter *it, const mqtt_subscribe *s, mqtt_version v);
bool mqtt_sub_next(mqtt_list_iter *it, mqtt_sub_entry *out);
void mqtt_unsub_iter_init(mqtt_list_iter *it, const mqtt_unsubscribe *u);
bool mqtt_unsub_next(mqtt_list_iter *it, mqtt_view *filter);

/* --------------------------------------------------------------- decoder */

typedef struct mqtt_decode_opts {
    mqtt_version version;
    mqtt_direction dir;
    const mqtt_policy *policy; /* NULL: defaults */
} mqtt_decode_opts;

/* Decodes exactly one packet: buf[0..len) must hold the fixed header and
 * exactly Remaining Length bytes (as framed by mqtt_frame_next). Returns
 * MQTT_OK, or an error class with *err filled in. To frame and decode a
 * stream in one step, use mqtt_next (mqttcodec_inline.h). */
/* mqtt_status mqtt_decode(const uint8_t *buf, size_t len, const mqtt_decode_opts *opts,
 *                         mqtt_packet *out, mqtt_error *err);
 * is header-inline (mqttcodec_inline.h): a PUBLISH the inline path can
 * judge is decoded in the caller, any other bytes by mqtt_decode_general. */

/* The version a CONNECT declares (3, 4 or 5, bridge bit stripped), or 0 if the
 * bytes are not a CONNECT with a known protocol name/level. For picking the
 * version of a captured connection. */
int mqtt_connect_version(const uint8_t *buf, size_t len);

/* Topic and filter checks used by the decoder, exposed for the runner. */
mqtt_errcode mqtt_check_utf8(const uint8_t *s, size_t len, const mqtt_policy *policy,
                             size_t *bad_offset);
mqtt_errcode mqtt_check_topic_name(const uint8_t *s, size_t len);
mqtt_errcode mqtt_check_topic_filter(const uint8_t *s, size_t len, mqtt_version v);
/* true if a topic name matches a topic filter (4.7), $-topics excluded from
 * leading wildcards. */
bool mqtt_topic_matches(const uint8_t *filter, size_t flen, const uint8_t *topic, size_t tlen);

/* --------------------------------------------------------------- encoder */

/* Size first, then encode into a caller buffer. mqtt_encoded_size checks what
 * sizes alone can tell (field and packet limits); mqtt_encode then runs the
 * decoder's own validators over the bytes it wrote (for opts->version and
 * opts->dir), so the encoder never emits a packet the decoder would reject.
 * pkt->type selects the union member; remaining/total/noncanonical and the
 * has_reason/present wire-form flags are ignored: the encoder always writes
 * the shortest valid form. */
mqtt_status mqtt_encoded_size(const mqtt_packet *pkt, const mqtt_decode_opts *opts,
                              size_t *size, mqtt_error *err);
mqtt_status mqtt_encode(const mqtt_packet *pkt, const mqtt_decode_opts *opts, uint8_t *buf,
                        size_t cap, size_t *written, mqtt_error *err);

/* Semantic equality of two decoded packets (wire-form flags such as
 * noncanonical, has_reason and an empty-vs-absent property block ignored). */
bool mqtt_packet_equal(const mqtt_packet *a, const mqtt_packet *b);

/* One-line human summary, e.g. "PUBLISH qos=1 id=7 topic='a/b' payload=5B".
 * Returns the length it wanted to write (like snprintf). */
size_t mqtt_packet_summary(const mqtt_packet *pkt, mqtt_version v, char *buf, size_t cap);

/* Helpers to fill an mqtt_view from a C string / bytes. */
mqtt_view mqtt_str(const char *s);
mqtt_view mqtt_bytes(const void *p, size_t len);

/* ---------------------------------------------------- raw builder (unsafe) */

/* Deliberately invalid output for the fuzzer and the conformance runner: wrong
 * lengths, reserved bits, bad UTF-8, 5-byte lengths. Nothing here validates.
 * Writes stop (and overflow is set) when the buffer is full. */
typedef struct mqtt_raw {
    uint8_t *buf;
    size_t cap, len;
    bool overflow;
} mqtt_raw;

void mqtt_raw_init(mqtt_raw *r, uint8_t *buf, size_t cap);
void mqtt_raw_u8(mqtt_raw *r, uint8_t v);
void mqtt_raw_u16(mqtt_raw *r, uint16_t v);
void mqtt_raw_u32(mqtt_raw *r, uint32_t v);
/* Variable Byte Integer; nbytes 0 = minimal, else padded to nbytes (1..5,
 * non-minimal or over-long on purpose). */
void mqtt_raw_vbi(mqtt_raw *r, uint32_t v, int nbytes);
void mqtt_raw_bytes(mqtt_raw *r, const void *p, size_t len);
/* Length-prefixed string whose prefix may lie: declared_len is written as is. */
void mqtt_raw_lstr(mqtt_raw *r, uint16_t declared_len, const void *p, size_t len);
/* Packet helper: first byte, then a Remaining Length; rl < 0 computes it from
 * the body written between mqtt_raw_begin and mqtt_raw_end. */
size_t mqtt_raw_begin(mqtt_raw *r, uint8_t first_byte);
void mqtt_raw_end(mqtt_raw *r, size_t mark, int64_t rl_override, int rl_nbytes);
/* Encode any packet struct without validation. With force_flags the fixed
 * header flags come from pkt->flags and the wire forms from the struct
 * (has_reason, props.present, the connect flags byte, protocol name/level),
 * so raw-encoding a decoded packet gives back its bytes. Returns bytes
 * written, or 0 on overflow or a field longer than its length prefix. */
size_t mqtt_raw_encode(const mqtt_packet *pkt, mqtt_version v, bool force_flags, uint8_t *buf,
                       size_t cap);

/* Appends one entry to a SUBSCRIBE (options 0..255) or UNSUBSCRIBE (options
 * < 0: no options byte) list in buf[0..cap) holding len bytes. Returns the new
 * length, or 0 if it does not fit. Use the result as mqtt_subscribe.list. */
size_t mqtt_list_put(uint8_t *buf, size_t cap, size_t len, const char *filter, size_t flen, int options);

/* Writes a Variable Byte Integer (minimal form); returns bytes (1..4), 0 if
 * the value is over 268435455 or out is too small. */
size_t mqtt_vbi_write(uint32_t v, uint8_t *out, size_t cap);
size_t mqtt_vbi_size(uint32_t v);

/* ----------------------------------------------------------------- names
 * The snake_case keys of packet tables (conformance/API.md), driver JSON and
 * the mutator, derived from the one property table above ("Maximum QoS" is
 * maximum_qos), and the inverse of mqtt_type_name. No second table exists:
 * use these instead of a list of your own. */
/* Writes the key of property id into buf ("message_expiry_interval"); returns
 * its length, or 0 (buf "") when id is not an MQTT 5 property or len is too
 * small (MQTT_PROP_KEY_MAX always suffices). */
#define MQTT_PROP_KEY_MAX 40
size_t mqtt_prop_key(uint8_t id, char *buf, size_t len);
/* The property whose key is `key`, or -1. */
int mqtt_prop_by_key(const char *key);
/* The packet type named `name` as mqtt_type_name spells it ("PUBLISH",
 * "RESERVED" for type 0), or -1. */
int mqtt_type_by_name(const char *name);
/* The reason code named `name` in packet type t as mqtt_reason_name spells it
 * ("Not authorized"; case and '_' for ' ' ignored, so not_authorized works too),
 * or -1. */
int mqtt_reason_by_name(const char *name, mqtt_type t);

#ifdef __cplusplus
}
#endif

/* ---- header-inline hot path (helper "codec"): mqtt_next, mqtt_prop_next ---- */
#include "mqttcodec_inline.h"
/* ---- end of the header-inline hot path block ---- */

#endif
