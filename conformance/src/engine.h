/* Internal interfaces of the runner engine (not a public door: only files in
 * conformance/ include this). */
#ifndef MQC_ENGINE_H
#define MQC_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>
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
    bool client;         /* role = "client": plays the server against a client library */
    bool role_known;     /* false when the file failed before its role could be read */
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
    /* Credentials every CONNECT of the runner carries unless a scenario sets
     * its own (brokers that refuse anonymous clients, e.g. ejabberd). */
    const char *username, *password; /* NULL: none */
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
    bool server;         /* server role (client mode): we encode server -> client and judge
                            what the client sends; false: the broker-mode client role */
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
    /* pcap endpoints: in client mode the client is the accepted socket's peer */
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
    /* client mode (NULL / -1 in broker mode) */
    struct mqc_driver *driver; /* the client under test, started for this case */
    int listen_fd;             /* 127.0.0.1:port the client connects to */
    int port;
    bool crash_reported;       /* the verdict already says how the driver ended */
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
/* Client mode: takes an accepted socket as a connection in the server role. */
mqc_conn *mqc_conn_adopt(mqc_case *cs, const char *name, int fd, char *why, size_t whylen);
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
/* Text for how a connection ended, e.g. "connection closed by broker (FIN)"
 * ("by client" in the server role). */
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
/* The same with the validating encoder's direction given: server = true checks
 * the packet as sent server -> client (client mode), else client -> server
 * (with the broker mode's exception for CONNACK, SUBACK, UNSUBACK, PINGRESP). */
uint8_t *mqc_pkt_encode_dir(lua_State *L, int idx, mqtt_version v, bool validate, bool server,
                            size_t *len, char *why, size_t whylen);
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

/* Pieces of luaapi.c the client-mode bindings (luaclient.c) share. */
mqc_case *mqc_lua_case(lua_State *L);
int mqc_lua_end(lua_State *L);  /* ends the case (its verdict is set); never returns */
int mqc_lua_timeout(lua_State *L, mqc_case *cs, const char *doing);
int mqc_lua_finding(lua_State *L, mqc_case *cs, int opts, const char *expected,
                    const char *observed);
double mqc_lua_within(lua_State *L, int idx, const char *key, double def);
void mqc_lua_push_conn(lua_State *L, mqc_conn *c);
/* Client mode: t.port, t.client, t:accept, t:accept_connect on the table at
 * tidx, and t:connect / t:open / t:caps turned into script errors. */
void mqc_lua_client_setup(lua_State *L, int tidx);

/* ------------------------------------------------------------- drivers */
/* The client under test (driver.c): /bin/sh -c CMD in its own process
 * group, commands on its stdin and events from its stdout as JSON lines
 * (conformance/drivers/PROTOCOL.md), stderr into a file. */
typedef struct mqc_driver {
    pid_t pid;
    int in_fd, out_fd;     /* our ends: its stdin, its stdout (-1 once closed) */
    char *stderr_path;
    char *buf;             /* stdout bytes not yet a whole line */
    size_t len, cap;
    json_t *hello;         /* the hello event, once seen */
    json_t *events;        /* events not yet consumed (acks excluded) */
    json_t *acks;          /* acks not yet taken */
    long long next_id;
    bool eof;              /* its stdout closed: it exited (or closed it) */
    bool exited, quit_sent, exited_before_quit, killed;
    int status;            /* waitpid status once exited */
    mqc_case *cs;          /* where driver lines are logged; NULL: not logged */
} mqc_driver;

mqc_driver *mqc_driver_start(const char *cmd, const char *stderr_path, char *err, size_t errlen);
/* Waits for the hello event; 0, or -1 with why (no hello in time, exited,
 * not a hello line). */
int mqc_driver_hello(mqc_driver *d, double deadline, char *why, size_t whylen);
/* Writes one command line (bounded); 0, -1 the driver is gone, -2 deadline. */
int mqc_driver_send(mqc_driver *d, json_t *cmd, double deadline);
/* Reads what the driver wrote, waiting until deadline for something:
 * 1 progress, 0 deadline, -1 its stdout is closed. */
int mqc_driver_pump(mqc_driver *d, double deadline);
/* Reaps the process if it ended, waiting at most until `until`; true once exited. */
bool mqc_driver_reap(mqc_driver *d, double until);
/* How it ended: "client crashed: SIGSEGV", "client exited with status 1". */
void mqc_driver_end_text(const mqc_driver *d, char *buf, size_t len);
/* Did it end in a way that is a finding (a signal, or an exit not asked for)? */
bool mqc_driver_failed(const mqc_driver *d);
/* The last bytes of its stderr (at most len - 1), "" if none. */
void mqc_driver_stderr_tail(const mqc_driver *d, char *buf, size_t len);
/* quit, up to grace seconds to exit, then SIGKILL to the whole group. */
void mqc_driver_stop(mqc_driver *d, double grace);
void mqc_driver_free(mqc_driver *d);
/* Sets the case verdict from how the driver ended (FAIL with the stderr tail). */
void mqc_driver_crash_verdict(mqc_case *cs);

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
