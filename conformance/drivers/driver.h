/* Shared core of the C client drivers (see PROTOCOL.md, the folder's real contract).
 * Internal to conformance/drivers: each driver executable links driver_core and
 * supplies a drv_driver with its library calls; the core owns stdin/stdout, JSON,
 * properties, deadlines and the command loop. */
#ifndef MQC_DRIVER_H
#define MQC_DRIVER_H

#include "mqttcodec.h"
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- time ---- */
double drv_now(void); /* monotonic seconds */

/* ---- events (thread-safe: library callbacks may run on their own threads) ---- */
json_t *drv_event(const char *name);  /* {"event":name} */
void drv_emit(json_t *ev);            /* writes one line and flushes; steals ev */
void drv_emit_error(long long id, bool has_id, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void drv_log(const char *fmt, ...) __attribute__((format(printf, 1, 2))); /* stderr */

/* ---- pending operations ----
 * A command that waits for the network registers an op; the library callback
 * completes it under the core lock and the command loop waits with a deadline.
 * Ops live until drv_ops_clear, so a callback arriving after the deadline still
 * finds valid memory (it is then reported as an event only). */
typedef struct drv_op {
    long long id;       /* command id */
    int kind;           /* driver-defined */
    int mid;            /* library message id / token, -1 when none */
    bool done, ok;
    int reason;         /* CONNACK / SUBACK / DISCONNECT code when relevant, -1 none */
    char error[200];
    int qos;
    json_t *data;       /* extra ack fields a callback found (e.g. refused CONNACK props) */
    struct drv_op *next;
} drv_op;

drv_op *drv_op_new(long long id, int kind);
drv_op *drv_op_find_mid(int kind, int mid); /* call with the core lock held */
void drv_op_complete(drv_op *op, bool ok, int reason, const char *error); /* lock held */
void drv_ops_clear(void);
void drv_lock(void);
void drv_unlock(void);
/* Waits until op->done or the deadline; returns op->done. */
bool drv_wait_op(drv_op *op, double deadline);
/* Waits until the deadline while the library runs (the `wait` command). */
void drv_wait_until(double deadline);

/* ---- JSON fields of a command ---- */
typedef struct drv_err {
    char msg[256];
} drv_err;

bool drv_get_str(json_t *o, const char *key, const char *def, const char **out, drv_err *e);
bool drv_get_int(json_t *o, const char *key, long long def, long long lo, long long hi,
                 long long *out, drv_err *e);
bool drv_get_bool(json_t *o, const char *key, bool def, bool *out, drv_err *e);
bool drv_get_seconds(json_t *o, const char *key, double def, double *out, drv_err *e);
/* Payload from `payload_hex` (wins) or `payload` text. *out is malloc'ed (never NULL). */
bool drv_get_payload(json_t *o, unsigned char **out, size_t *len, drv_err *e);

/* Bytes of a string (its UTF-8) or of {"hex":"..."}; *out malloc'ed (never NULL). */
bool drv_bytes_of(json_t *v, const char *what, unsigned char **out, size_t *len, drv_err *e);

/* ---- payloads in events ---- */
void drv_set_payload(json_t *ev, const void *p, size_t len); /* payload_hex (+ payload if text) */
char *drv_hex(const void *p, size_t len);                    /* malloc'ed, lowercase */
bool drv_utf8_text(const void *p, size_t len);               /* valid UTF-8, no NUL */
/* Sets key to the text when it is valid UTF-8 (JSON cannot carry anything else),
 * else sets key + "_hex" so odd bytes from a scripted broker stay visible. */
void drv_set_text(json_t *o, const char *key, const void *p, size_t len);

/* ---- MQTT 5.0 properties (names as in conformance/API.md) ---- */
/* Property identifiers, types and snake_case keys are the codec's
 * (mqttcodec.h: one table, codec/src/props.c); these names only keep the
 * drivers' spelling. */
typedef mqtt_prop_type drv_prop_type;
#define DRV_PT_NONE MQTT_PT_NONE /* no property has it: never a known key's type */
#define DRV_PT_BYTE MQTT_PT_BYTE
#define DRV_PT_U16 MQTT_PT_U16
#define DRV_PT_U32 MQTT_PT_U32
#define DRV_PT_VBI MQTT_PT_VBI
#define DRV_PT_STR MQTT_PT_UTF8
#define DRV_PT_BIN MQTT_PT_BINARY
#define DRV_PT_PAIR MQTT_PT_PAIR

typedef struct drv_prop {
    int id;
    drv_prop_type type;
    uint32_t num;                 /* BYTE, U16, U32, VBI */
    const unsigned char *data;    /* STR, BIN, PAIR key; points into storage of the caller */
    size_t len;
    const unsigned char *value;   /* PAIR value */
    size_t vlen;
} drv_prop;

const char *drv_prop_name(int id);            /* snake_case or NULL */
bool drv_prop_lookup(const char *name, int *id, drv_prop_type *type);

/* Walks a command's `props` object, calling add() for each property in order
 * (user_property pairs in list order). Binary values are decoded into scratch memory
 * valid during the add() call. Returns false with e filled on the first bad entry or
 * when add() returns false (add() fills e then). */
typedef bool (*drv_prop_add_fn)(void *ctx, const drv_prop *p, drv_err *e);
bool drv_props_walk(json_t *props, drv_prop_add_fn add, void *ctx, drv_err *e);

/* Adds one received property to a JSON props object (repeated subscription
 * identifiers become a list, user properties a list of pairs). */
void drv_props_put(json_t *props, const drv_prop *p);

/* ---- commands shared by every driver ---- */
typedef struct drv_connect_args {
    const char *host, *client_id, *username, *password, *version, *will_topic;
    long long port, keepalive, will_qos;
    bool v5, clean, will_retain, has_will;
    bool resume;                     /* reconnect the existing library client (PROTOCOL.md) */
    bool has_client_id, has_version; /* given in the command (resume keeps the old ones otherwise) */
    unsigned char *will_payload; /* malloc'ed: drv_connect_args_free */
    size_t will_len;
    double timeout;
} drv_connect_args;

bool drv_parse_connect(json_t *c, drv_connect_args *a, drv_err *e);
/* For `resume`: refuses a client_id / version that differs from the client being
 * resumed, and fills the ones the command left out from it. */
bool drv_resume_check(drv_connect_args *a, const char *client_id, bool v5, drv_err *e);
void drv_connect_args_free(drv_connect_args *a);
/* True when c[key] holds properties to send (an empty object counts as none). */
bool drv_props_present(json_t *c, const char *key);

#define DRV_MAX_FILTERS 64
typedef struct drv_sub {
    const char *filter; /* points into the command */
    int qos, rh;
    bool no_local, rap;
} drv_sub;

/* subscribe: `subs` or `filter`+`qos`; unsubscribe: `filters` or `filter`.
 * Returns the count (1..DRV_MAX_FILTERS) or -1 with e filled. */
int drv_parse_filters(json_t *c, bool subscribe, bool v5, drv_sub *out, drv_err *e);

/* ---- the driver ---- */
typedef struct drv_ack {
    bool ok;
    char error[256];
    json_t *extra; /* fields merged into the ack (created by the core, may be filled) */
} drv_ack;

typedef struct drv_driver {
    const char *name;
    const char *library;      /* name and version, for the hello event */
    const char *const *unsupported; /* NULL-terminated list for the hello event */
    const char *const *features;    /* NULL-terminated list for hello.features (may be NULL) */
    /* The library-specific commands; each fills ack. sub is subscribe (true)
     * or unsubscribe (false). The core dispatches on the command name. */
    void (*connect)(long long id, json_t *c, drv_ack *ack);
    void (*sub)(long long id, json_t *c, drv_ack *ack, bool sub);
    void (*publish)(long long id, json_t *c, drv_ack *ack);
    void (*disconnect)(long long id, json_t *c, drv_ack *ack);
    /* Single-threaded libraries: the socket to poll (-1 when none), whether it wants
     * POLLOUT, and service(revents) to run after poll; NULL when the library has its
     * own threads and completes ops through drv_op_complete + the core's condition. */
    int (*sock)(void);
    bool (*want_write)(void);
    void (*service)(short revents);
    void (*shutdown)(void); /* frees the library before exit */
} drv_driver;

/* The driver drv_main runs (the waits need to know whether to poll its socket). */
extern const drv_driver *drv_active;

/* Runs the command loop until quit or stdin EOF; returns the exit status. */
int drv_main(const drv_driver *d, int argc, char **argv);

#endif
