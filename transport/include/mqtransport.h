/*
 * mqtransport.h — the byte pipe under an MQTT connection (the only door of transport/).
 *
 * Plain TCP, TLS (OpenSSL) and WebSocket client framing (RFC 6455, with or
 * without TLS under it) over a nonblocking socket the caller has connected.
 * The caller sees MQTT bytes only: what it sends goes out as one binary frame
 * per call on WebSocket, what it receives is the payload of the peer's binary
 * frames. mqt_ws_frame() sends any frame (text, fragments, unmasked, a close)
 * so scenarios keep byte-level control. Nothing here knows MQTT.
 *
 * Deadlines are CLOCK_MONOTONIC seconds (the runner's clock).
 */
#ifndef MQTRANSPORT_H
#define MQTRANSPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* How to reach the peer. Zeroed: plain TCP. */
typedef struct mqt_config {
    bool tls;
    const char *cafile;      /* PEM CA bundle; NULL: the system store */
    bool insecure;           /* no verification at all (the caller warns) */
    const char *cert, *key;  /* client certificate and key (PEM), both or neither */
    const char *sni;         /* server name sent and verified; NULL: the host when it is a name */
    int tls_version;         /* 0: 1.2 or newer, 12: only 1.2, 13: only 1.3 */
    const char *ws_path;     /* NULL: no WebSocket; else the request path, e.g. "/mqtt" */
    bool server;             /* the server side (client mode's scripted broker): cert and key
                                are what it presents; the WebSocket upgrade is answered */
} mqt_config;

/* Per connection: what differs from the run's config (scenarios of §6). */
typedef struct mqt_open_opts {
    const char *ws_protocol; /* Sec-WebSocket-Protocol offered; NULL: "mqtt"; "": none */
} mqt_open_opts;

typedef struct mqt_ctx mqt_ctx;
typedef struct mqt_conn mqt_conn;

/* Checks the config and loads the CA, certificate and key once per run.
 * host is the target's host (for SNI and verification), authority what the
 * WebSocket Host header says ("host:port", "[::1]:port"). NULL with err
 * filled when a file cannot be used. */
mqt_ctx *mqt_ctx_new(const mqt_config *cfg, const char *host, const char *authority, char *err,
                     size_t errlen);
void mqt_ctx_free(mqt_ctx *x);
/* "tcp", "tls", "ws" or "wss". */
const char *mqt_ctx_name(const mqt_ctx *x);
bool mqt_ctx_is_ws(const mqt_ctx *x);
/* The config it was made from (NULL for NULL). */
const mqt_config *mqt_ctx_config(const mqt_ctx *x);
/* e.g. "TLS 1.3 (verified against ca.pem, SNI localhost) + WebSocket /mqtt". */
void mqt_ctx_describe(const mqt_ctx *x, char *buf, size_t len);

/* Handshakes (TLS, WebSocket upgrade) on fd, a connected nonblocking socket
 * the caller keeps owning, until deadline. x NULL: plain TCP. NULL on
 * failure with why naming the reason ("TLS handshake failed: unknown CA
 * (...)", "WebSocket upgrade refused: HTTP/1.1 404 Not Found"). */
mqt_conn *mqt_open(mqt_ctx *x, int fd, const mqt_open_opts *oo, double deadline, char *why,
                   size_t whylen);
/* Server side of plain TCP (client mode): no handshake. */
mqt_conn *mqt_adopt(int fd);
/* Server side through a server context (cfg.server): the TLS handshake and
 * the answer to the client's WebSocket upgrade ("mqtt" when offered), until
 * deadline. x NULL: mqt_adopt. NULL with why on failure. */
mqt_conn *mqt_accept(mqt_ctx *x, int fd, double deadline, char *why, size_t whylen);
/* Server side: the Sec-WebSocket-Protocol list the client offered, NULL if none. */
const char *mqt_ws_offered(const mqt_conn *c);
void mqt_free(mqt_conn *c); /* does not close the fd */

/* Sends all of p (one binary frame on WebSocket) until deadline: 0 sent,
 * -1 the connection failed (errno: EPIPE, ECONNRESET, EPROTO with
 * mqt_error), -2 the deadline passed with the peer not reading. */
int mqt_send(mqt_conn *c, const uint8_t *p, size_t len, double deadline);

/* WebSocket opcodes; mqt_ws_frame sends one frame exactly as asked. */
enum { MQT_WS_CONT = 0, MQT_WS_TEXT = 1, MQT_WS_BINARY = 2, MQT_WS_CLOSE = 8, MQT_WS_PING = 9,
       MQT_WS_PONG = 10 };
typedef struct mqt_frame_opts {
    bool fin;    /* last fragment of the message */
    bool nomask; /* send unmasked (a client MUST mask, RFC 6455 §5.1) */
    uint8_t rsv; /* RSV1..3 bits (0..7) */
} mqt_frame_opts;
int mqt_ws_frame(mqt_conn *c, int opcode, const mqt_frame_opts *fo, const uint8_t *p, size_t len,
                 double deadline);

/* Reads MQTT bytes without waiting: > 0 bytes, 0 the peer closed (TCP FIN,
 * TLS close_notify, WebSocket close frame), -1 errno (EAGAIN nothing yet;
 * ECONNRESET; EPROTO a TLS or WebSocket error, see mqt_error). */
ssize_t mqt_recv(mqt_conn *c, uint8_t *buf, size_t cap);
/* Bytes are buffered inside (TLS record, WebSocket input): read before polling. */
bool mqt_pending(const mqt_conn *c);

/* What the transport saw that the caller should log, oldest first: a text
 * frame, a close frame with its code, a ping answered. stmt is the MQTT
 * statement a peer broke (a static string, "MQTT-6.0.0-1" for a text frame),
 * else NULL: the caller treats that like a malformed packet (and closes, as
 * MQTT-6.0.0-1 asks of the recipient too). */
typedef struct mqt_event {
    char text[256];
    const char *stmt;
} mqt_event;
bool mqt_event_next(mqt_conn *c, mqt_event *ev);

/* The last error text (TLS alert, WebSocket protocol error), "" if none. */
const char *mqt_error(const mqt_conn *c);
/* The subprotocol the WebSocket server selected, NULL if none (or not WebSocket). */
const char *mqt_ws_protocol(const mqt_conn *c);
bool mqt_is_ws(const mqt_conn *c);
/* The code of the WebSocket close frame the peer sent (1005 when it had
 * none), or -1 when no close frame came. */
int mqt_ws_close_code(const mqt_conn *c);

/* Orderly close without waiting: a WebSocket close frame (1000) and TLS
 * close_notify, best effort. The caller then closes the fd. */
void mqt_shutdown(mqt_conn *c);

#endif
