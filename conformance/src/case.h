/* Layer 2 of the runner engine, "case": one case (scenario x version), the
 * scenario declaration and broker capabilities it runs with, its evidence
 * (wire log, pcap events, the first malformed packet seen) and its verdict.
 * Calls only base.h. The connections and the driver a case owns are the peers
 * layer's (peers.h): here they are opaque pointers, never called. */
#ifndef MQC_CASE_H
#define MQC_CASE_H

#include <jansson.h>

#include "base.h"

/* ------------------------------------------------------------ scenarios */
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
    char *libdir;        /* <its folder>/lib: shared helpers for use(name) */
    char *libdir_builtin; /* the built-in catalogue's lib/, tried after libdir; may be NULL */
} mqc_scenario;

/* --------------------------------------------------------- capabilities */
typedef struct mqc_caps {
    bool probed;         /* a CONNACK was received by the probe */
    bool v5, v31;
    int maximum_qos;     /* Maximum QoS of the 5.0 CONNACK: the QoS it accepts from us */
    int granted_qos;     /* what the probe's QoS 2 SUBSCRIBE was granted */
    bool retain, wildcard, shared, subid;
    uint32_t topic_alias_maximum, receive_maximum, maximum_packet_size;
    long server_keep_alive; /* -1 absent */
    bool websocket;      /* the run reaches the broker over WebSocket (--ws): §6 scenarios */
} mqc_caps;

/* The capability table (caps.c): every capability a scenario can need, under
 * the one name used by `needs`, by t:caps() and by the run header. */
typedef struct mqc_cap_def {
    const char *need;    /* name in needs = {...}, NULL: not a need */
    const char *key;     /* field of t:caps() */
    const char *header;  /* key in the results header's capabilities, NULL: none */
    bool v5_only;        /* an MQTT 5 feature: never offered to 3.x cases */
    bool announced;      /* told by a 5.0 CONNACK: 3.x cases assume the full capability */
    bool integer;        /* value is a number (else a boolean) */
    long (*get)(const mqc_caps *c); /* the value; a need holds when it is non-zero */
} mqc_cap_def;

extern const mqc_cap_def mqc_cap_table[];
extern const size_t mqc_cap_count;
/* Is need a capability of the table? */
bool mqc_caps_known(const char *need);
/* Does a case of version v have the capability a scenario needs? Unknown names
 * and an unprobed broker are let through (the case finds out). */
bool mqc_caps_offer(const mqc_caps *c, mqtt_version v, const char *need);
/* The capabilities as the results header shows them (new reference). */
json_t *mqc_caps_json(const mqc_caps *c);

/* ------------------------------------------------------------------ case */
typedef struct mqc_pcap_ev {
    int kind;            /* 0 open, 1 data, 2 close */
    size_t conn;
    int from_client, reset;
    uint8_t *data;
    size_t len;
    struct timeval ts;
} mqc_pcap_ev;

#define MQC_MAX_CONNS 64

/* Who decided a verdict, in rising precedence (mqc_case_overrule). */
typedef enum {
    MQC_BY_SCRIPT = 0,   /* the scenario, or the engine on its behalf (setup, deadline) */
    MQC_BY_MALFORMED,    /* the peer sent a packet the codec rejects */
    MQC_BY_CRASH,        /* the client under test ended on its own (client mode) */
    MQC_BY_DEAD_BROKER   /* the broker stopped answering after the case */
} mqc_cause;

typedef struct mqc_case mqc_case;
struct mqc_conn;
struct mqc_driver;

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
    struct mqc_conn *conns[MQC_MAX_CONNS]; /* owned; freed by mqc_peers_free */
    size_t nconns;
    mqtt_version json_ver; /* version the wire log renders packets with */
    bool malformed_seen;   /* the first malformed packet of the case (mqc_case_malformed) */
    char malformed_obs[400];
    const char *malformed_stmt;
    /* verdict: read freely, written only through mqc_case_verdict / _overrule */
    int verdict;           /* mqrep_verdict, or MQC_UNDECIDED */
    mqc_cause decided_by;
    char *expected, *observed, *detail;
    mqc_strlist extra_stmts;
    /* The precondition or barrier the script is inside (t:require, t:barrier,
     * t:connect's CONNACK), NULL outside one; and the one that failed, which
     * the results object names ("precondition") so reports group the cases
     * it blocked. Owned strings. */
    char *pre_what, *pre_stmt;
    char *blocked_what, *blocked_stmt;
    /* Ends the case at once from the deadline hook when the script swallowed
     * the deadline error (pcall in a loop); never returns. NULL: none. */
    void (*bail)(mqc_case *cs);
    /* client mode (NULL / -1 in broker mode) */
    struct mqc_driver *driver; /* the client under test, started for this case */
    int listen_fd;             /* 127.0.0.1:port the client connects to */
    int port;
    /* bookkeeping */
    mqc_strlist retained;   /* topics given a retained message */
    char topic_prefix[64];
    char cid_prefix[16];
};

void mqc_case_init(mqc_case *cs, const mqc_scenario *sc, int vi, const mqc_target *t,
                   const mqc_caps *caps, double scale, const char *runid, unsigned caseno);
/* Frees what the case layer owns (call mqc_peers_free first for its peers). */
void mqc_case_free(mqc_case *cs);
/* The scenario's (or the engine's, on its behalf) verdict: the first one wins.
 * Strings are copied, may be NULL. Same as mqc_case_overrule(MQC_BY_SCRIPT). */
void mqc_case_verdict(mqc_case *cs, int v, const char *expected, const char *observed,
                      const char *detail);
/* The one entry point that may replace a verdict; the precedence is stated in
 * case.c next to its code. */
/* True when the verdict was replaced. */
bool mqc_case_overrule(mqc_case *cs, mqc_cause by, int v, const char *expected,
                       const char *observed, const char *detail);
bool mqc_case_decided(const mqc_case *cs);
/* Enters (what non-NULL) or leaves (NULL) a precondition scope: a finding,
 * timeout or setup error of the script inside it becomes ERROR "precondition
 * failed", citing stmt (may be NULL), never a finding against the statements
 * under test. */
void mqc_case_precondition(mqc_case *cs, const char *what, const char *stmt);
/* Adds a statement id the verdict cites beyond the scenario's own. */
void mqc_case_cite(mqc_case *cs, const char *stmt);
/* The statements a case cites for its version: 3.1 falls back on the 3.1.1 list. */
const mqc_strlist *mqc_case_stmts(const mqc_scenario *sc, int vi);
/* Case object for the results file (new reference). */
json_t *mqc_case_json(mqc_case *cs, double duration_ms, const char *pcap_rel);
int mqc_case_write_pcap(mqc_case *cs, const char *path, char *err, size_t errlen);

/* ------------------------------------------------------------- evidence */
/* Wire log */
void mqc_wire(mqc_case *cs, const char *conn, const char *dir, const char *kind,
              const char *summary, const uint8_t *bytes, size_t len, const mqtt_packet *pkt,
              const mqtt_error *err);
void mqc_note(mqc_case *cs, const char *conn, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* pcap: a connection's endpoints (index returned) and its byte events. */
size_t mqc_ev_endpoint(mqc_case *cs, const struct sockaddr_storage *client,
                       const struct sockaddr_storage *server);
void mqc_ev_pcap(mqc_case *cs, int kind, size_t conn, int from_client, int reset,
                 const uint8_t *p, size_t len);
/* Records the first malformed packet of the case (later ones only log). */
void mqc_case_malformed(mqc_case *cs, const char *stmt, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* JSON of packets and errors (codec/json when built, else a minimal form) */
json_t *mqc_json_hex(const uint8_t *p, size_t len, size_t max);
json_t *mqc_json_packet(const mqtt_packet *pkt, mqtt_version v);
json_t *mqc_json_error(const mqtt_error *e);

#endif
