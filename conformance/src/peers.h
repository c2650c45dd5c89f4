/* Layer 3 of the runner engine, "peers": the case's TCP connections (conn.c)
 * and the driver process of a client under test (driver.c). They move bytes
 * and lines, decode each received packet once and log every event into the
 * case's evidence; they never judge (no verdict is set here). Calls case.h
 * and base.h only. */
#ifndef MQC_PEERS_H
#define MQC_PEERS_H

#include <jansson.h>

#include "case.h"

/* A received packet, decoded once when it was framed: pkt's views point
 * into bytes. */
typedef struct mqc_pkt {
    uint8_t *bytes;
    size_t len;
    mqtt_version ver;    /* the version it decoded with */
    mqtt_packet pkt;
} mqc_pkt;

typedef struct mqc_conn {
    mqc_case *cs;
    char name[48];
    size_t ep;           /* index into the case's endpoint table */
    int fd;              /* -1 once closed */
    mqt_conn *tr;        /* the transport over fd (TCP, TLS, WebSocket) */
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
    uint32_t peer_max_packet; /* Maximum Packet Size of the 5.0 CONNACK received, 0: none */
    char end_text[96];   /* mqc_conn_end_text's, when a WebSocket close frame ended it */
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

#define MQC_RX_LIMIT (16u * 1024u * 1024u) /* harness limit on one received packet */

/* Connections (all waits bounded by the given deadline and the case deadline) */
mqc_conn *mqc_conn_open(mqc_case *cs, const char *name, double within, char *why,
                        size_t whylen);
/* The same with per-connection transport options (a §6 scenario's subprotocol). */
mqc_conn *mqc_conn_open_with(mqc_case *cs, const char *name, double within,
                             const mqt_open_opts *oo, char *why, size_t whylen);
/* One WebSocket frame exactly as given (mqtransport.h); binary and
 * continuation payloads are logged as the MQTT bytes they carry. 0 sent, -1
 * failed or not a WebSocket connection, -2 deadline. */
int mqc_conn_ws_frame(mqc_conn *c, int opcode, const mqt_frame_opts *fo, const uint8_t *p,
                      size_t len);
/* The transport's last error ("" if none): a TLS alert, a WebSocket error. */
const char *mqc_conn_transport_error(const mqc_conn *c);
/* Client mode: takes an accepted socket as a connection in the server role. */
mqc_conn *mqc_conn_adopt(mqc_case *cs, const char *name, int fd, char *why, size_t whylen);
/* 0 sent; -1 the connection is closed/reset (recorded); -2 the case deadline
 * expired while the broker was not reading. */
int mqc_conn_send(mqc_conn *c, const uint8_t *p, size_t len);
int mqc_conn_send_slow(mqc_conn *c, const uint8_t *p, size_t len, double delay);
/* Next event; for EV_PACKET *out is the packet (owned by the connection). */
int mqc_conn_next(mqc_conn *c, double deadline, const mqc_pkt **out);
/* The same for a wait on a response of type `want` (a SUBACK, a PINGRESP ...):
 * PUBLISH packets that arrive before it stay queued, in order, for the waits
 * after it. The spec does not order deliveries against responses of another
 * type (3.1.1 and 5.0 §3.8.4: PUBLISH may precede the SUBACK). Without a `want`
 * before the deadline or the close, the first queued packet comes back. */
int mqc_conn_next_past_publish(mqc_conn *c, double deadline, int want, const mqc_pkt **out);
/* Puts back the packet last returned (for expect_one_of alternatives that did not match). */
void mqc_conn_unget(mqc_conn *c);
void mqc_conn_close(mqc_conn *c, bool reset);
bool mqc_conn_is_open(const mqc_conn *c);
void mqc_conn_free(mqc_conn *c);
/* Text for how a connection ended, e.g. "connection closed by broker (FIN)"
 * ("by client" in the server role). */
const char *mqc_conn_end_text(const mqc_conn *c);

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
/* Did it end on its own (a signal, or an exit not asked for)? A fact for the
 * judge above (luabind.h), not a verdict. */
bool mqc_driver_failed(const mqc_driver *d);
/* The last bytes of its stderr (at most len - 1), "" if none. */
void mqc_driver_stderr_tail(const mqc_driver *d, char *buf, size_t len);
/* quit, up to grace seconds to exit, then SIGKILL to the whole group. */
void mqc_driver_stop(mqc_driver *d, double grace);
void mqc_driver_free(mqc_driver *d);

/* Frees the peers a case owns: its connections, its driver, its listening
 * socket (before mqc_case_free). */
void mqc_peers_free(mqc_case *cs);

#endif
