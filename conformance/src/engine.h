/* Internal interfaces of the runner engine (not a public door: only files in
 * conformance/ include this). */
#ifndef MQC_ENGINE_H
#define MQC_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <jansson.h>
#include <lua.h>

#include "mqttcodec.h"
#include "mqconf.h"

/* ------------------------------------------------------------- verdicts */
/* Same order as mqreport.h's mqrep_verdict so the names line up. */
enum { V_UNSET = -1, V_PASS = 0, V_FAIL, V_NONSTRICT, V_INFO, V_UNSUPPORTED, V_SKIPPED,
       V_TIMEOUT, V_ERROR };
const char *mqc_verdict_name(int v);

enum { LVL_MUST = 0, LVL_SHOULD, LVL_MAY };
int mqc_level_parse(const char *s);          /* -1 if unknown */
const char *mqc_level_name(int l);
int mqc_level_verdict(int level);            /* FAIL / NON-STRICT / INFORMATIONAL */

/* ------------------------------------------------------------ scenarios */
#define MQC_NVER 3 /* index 0: 3.1, 1: 3.1.1, 2: 5.0 */
const char *mqc_ver_name(int vi);            /* "3.1", "3.1.1", "5.0" */
int mqc_ver_index(const char *s);            /* -1 if unknown */
mqtt_version mqc_ver_codec(int vi);

typedef struct mqc_strlist {
    char **v;
    size_t n;
} mqc_strlist;

typedef struct mqc_scenario {
    char *path;          /* file */
    char *id, *title, *description, *section;
    unsigned versions;   /* bit vi */
    mqc_strlist stmts[MQC_NVER];
    int level;
    mqc_strlist needs;
    bool alone;
    bool accept_malformed;
    double timeout;      /* seconds, unscaled */
    char *load_error;    /* non-NULL: the file could not be used; its cases are ERROR */
    char *libdir;        /* <catalogue>/lib: shared helpers for use(name) */
} mqc_scenario;

typedef struct mqc_catalogue {
    mqc_scenario *s;
    size_t n;
} mqc_catalogue;

/* Statement manifest: ids of one version's TSV. */
typedef struct mqc_manifest {
    mqc_strlist ids[MQC_NVER]; /* 3.1 shares the 3.1.1 list */
    bool loaded[MQC_NVER];
} mqc_manifest;

/* Gives a scenario state the global use(name): loads <libdir>/<name>.lua once
 * (same sandbox) and returns what it returns, so scenario families share
 * their helpers instead of repeating them. */
void mqc_lua_set_libdir(lua_State *L, const char *libdir);

int mqc_manifest_load(const char *dir, mqc_manifest *m, char *err, size_t errlen);
bool mqc_manifest_has(const mqc_manifest *m, int vi, const char *id);
void mqc_manifest_free(mqc_manifest *m);

/* Loads every *.lua under dir (recursively, sorted by path). Problems of one
 * file land in its load_error; only an unreadable dir fails (-1). */
int mqc_catalogue_load(const char *dir, const mqc_manifest *m, mqc_catalogue *c, char *err,
                       size_t errlen);
void mqc_catalogue_free(mqc_catalogue *c);
void mqc_strlist_add(mqc_strlist *l, const char *s);
void mqc_strlist_free(mqc_strlist *l);

/* Sandboxed Lua state: safe libraries, memory cap, the mqtt helper module. */
lua_State *mqc_lua_new(size_t mem_limit);
void mqc_lua_close(lua_State *L);

/* --------------------------------------------------------- capabilities */
typedef struct mqc_caps {
    bool probed;         /* a CONNACK was received by the probe */
    bool v5, v31;
    int maximum_qos;
    bool retain, wildcard, shared, subid;
    uint32_t topic_alias_maximum, receive_maximum, maximum_packet_size;
    long server_keep_alive; /* -1 absent */
} mqc_caps;

/* ------------------------------------------------------------------ case */
typedef struct mqc_target {
    struct sockaddr_storage addr;
    socklen_t addrlen;
    char text[300];
} mqc_target;

int mqc_target_parse(const char *s, mqc_target *t, char *err, size_t errlen);

double mqc_now(void); /* monotonic seconds */

typedef struct mqc_pkt {
    uint8_t *bytes;
    size_t len;
    mqtt_version ver;    /* the version it decoded with */
} mqc_pkt;

typedef struct mqc_case mqc_case;

typedef struct mqc_conn {
    mqc_case *cs;
    char name[48];
    size_t ep;           /* index into the case's endpoint table */
    int fd;              /* -1 once closed */
    mqtt_version ver;    /* decoding version: the case's, or the one the CONNECT sent declared */
    bool lenient;        /* a CONNECT with an unknown level was sent: a CONNACK may come in
                            any version's form */
    bool peer_closed;    /* the broker closed (FIN or RST) */
    bool we_closed;
    bool rst;            /* how the peer closed */
    bool broken;         /* framing stopped: a malformed packet or over the harness limit */
    bool broken_told;    /* EV_MALFORMED is reported once, then the close is awaited */
    size_t junk;         /* bytes received after framing stopped */
    struct { uint16_t id; char *topic; } alias[32]; /* v5 topic aliases we set (retained clean-up) */
    size_t nalias;
    mqtt_error berr;
    mqtt_status bst;
    uint8_t *buf;
    size_t len, cap;
    mqc_pkt *q;
    size_t qhead, qn, qcap;
} mqc_conn;

enum { EV_PACKET = 0, EV_CLOSED, EV_MALFORMED, EV_TIMEOUT, EV_DEADLINE };

typedef struct mqc_pcap_ev {
    int kind;            /* 0 open, 1 data, 2 close */
    size_t conn;
    int from_client, reset;
    uint8_t *data;
    size_t len;
    struct timeval ts;
} mqc_pcap_ev;

#define MQC_MAX_CONNS 64
#define MQC_RX_LIMIT (16u * 1024u * 1024u) /* harness limit on one received packet */

struct mqc_case {
    const mqc_scenario *sc;
    int vi;
    mqtt_version ver;
    const mqc_target *target;
    const mqc_caps *caps;
    double scale;
    double t0, deadline;
    struct timeval wall0;
    /* evidence */
    json_t *wire;
    mqc_pcap_ev *pev;
    size_t npev, cappev;
    struct sockaddr_storage eps_client[MQC_MAX_CONNS], eps_server[MQC_MAX_CONNS];
    size_t neps;
    mqc_conn *conns[MQC_MAX_CONNS];
    size_t nconns;
    /* verdict */
    mqtt_version json_ver; /* version the wire log renders packets with */
    int verdict;
    char *expected, *observed, *detail;
    mqc_strlist extra_stmts;
    bool malformed_seen;
    char malformed_obs[400];
    const char *malformed_stmt;
    /* Ends the case at once from the deadline hook when the script swallowed
     * the deadline error (pcall in a loop); never returns. NULL: none. */
    void (*bail)(mqc_case *cs);
    /* bookkeeping */
    mqc_strlist retained;   /* topics given a retained message */
    char topic_prefix[64];
    char cid_prefix[16];
    unsigned cid_seq;
};

void mqc_case_init(mqc_case *cs, const mqc_scenario *sc, int vi, const mqc_target *t,
                   const mqc_caps *caps, double scale, const char *runid, unsigned caseno);
void mqc_case_free(mqc_case *cs);
/* Sets the verdict once (the first one wins); strings are copied, may be NULL. */
void mqc_case_verdict(mqc_case *cs, int v, const char *expected, const char *observed,
                      const char *detail);
/* Case object for the results file (new reference). */
json_t *mqc_case_json(mqc_case *cs, double duration_ms, const char *pcap_rel);
int mqc_case_write_pcap(mqc_case *cs, const char *path, char *err, size_t errlen);

/* Wire log */
void mqc_wire(mqc_case *cs, const char *conn, const char *dir, const char *kind,
              const char *summary, const uint8_t *bytes, size_t len, const mqtt_packet *pkt,
              const mqtt_error *err);
void mqc_note(mqc_case *cs, const char *conn, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Connections (all waits bounded by the given deadline and the case deadline) */
mqc_conn *mqc_conn_open(mqc_case *cs, const char *name, double within, char *why,
                        size_t whylen);
/* 0 sent; -1 the connection is closed/reset (recorded); -2 the case deadline
 * expired while the broker was not reading. */
int mqc_conn_send(mqc_conn *c, const uint8_t *p, size_t len);
int mqc_conn_send_slow(mqc_conn *c, const uint8_t *p, size_t len, double delay);
/* Next event; for EV_PACKET *out is the packet (owned by the connection). */
int mqc_conn_next(mqc_conn *c, double deadline, const mqc_pkt **out);
/* Puts back the packet last returned (for expect_one_of alternatives that did not match). */
void mqc_conn_unget(mqc_conn *c);
void mqc_conn_close(mqc_conn *c, bool reset);
bool mqc_conn_is_open(const mqc_conn *c);
void mqc_conn_free(mqc_conn *c);
/* Text for how a connection ended, e.g. "connection closed by broker (FIN)". */
const char *mqc_conn_end_text(const mqc_conn *c);

/* JSON of packets and errors (codec/json when built, else a minimal form) */
json_t *mqc_json_hex(const uint8_t *p, size_t len, size_t max);
json_t *mqc_json_packet(const mqtt_packet *pkt, mqtt_version v);
json_t *mqc_json_error(const mqtt_error *e);

/* ------------------------------------------------------------ Lua glue */
/* Runs the scenario's run(t) for cs; always leaves a verdict in cs. */
void mqc_lua_run_case(mqc_case *cs);

/* Packet tables (luapkt.c). Encodes the table at idx; validated or not.
 * Returns a malloc'd buffer and its length, or NULL with why filled. */
uint8_t *mqc_pkt_encode(lua_State *L, int idx, mqtt_version v, bool validate, size_t *len,
                        char *why, size_t whylen);
/* Pushes the decoded packet as a table. */
void mqc_pkt_push(lua_State *L, const mqtt_packet *p, mqtt_version v, const uint8_t *raw,
                  size_t rawlen);
/* Matcher: does the value at act match the pattern at exp? On mismatch,
 * why says where ("reason: expected 0, got 135"). */
bool mqc_match(lua_State *L, int exp, int act, char *why, size_t whylen);
/* Short text of a Lua value (pattern or packet), keys sorted. */
void mqc_lua_describe(lua_State *L, int idx, char *buf, size_t len);
/* Registers the global mqtt helper module (mqtt.hex, mqtt.ANY ...). */
void mqc_lua_open_mqtt(lua_State *L);
extern const char mqc_any_key, mqc_absent_key;

/* -------------------------------------------------------------- runner */
int mqc_probe(const mqc_target *t, double scale, mqc_caps *caps, char *err, size_t errlen);
bool mqc_alive(const mqc_target *t, double scale);

/* --spawn (spawn.c): the broker under test as a child process group. start
 * returns once it answers MQTT on t (NULL with err otherwise); exited says
 * whether it died and how; stop ends the group (SIGTERM, then SIGKILL). */
typedef struct mqc_broker mqc_broker;
mqc_broker *mqc_broker_start(const char *cmd_template, const char *port, const char *logpath, const mqc_target *t,
                             double scale, char *err, size_t errlen);
bool mqc_broker_exited(mqc_broker *b, char *why, size_t len);
void mqc_broker_stop(mqc_broker *b);
int mqc_free_port(void);          /* a free TCP port on 127.0.0.1, or -1 */
int mqc_mkdir_p(const char *dir); /* mkdir -p */
void mqc_cleanup_retained(mqc_case *cs);

#endif
