/* Inside transport/: the connection state shared by the stream layer
 * (stream.c: TCP or TLS), the WebSocket framer (ws.c) and the context (ctx.c). */
#ifndef MQT_INTERNAL_H
#define MQT_INTERNAL_H

#include <openssl/ssl.h>

#include "mqtransport.h"

struct mqt_ctx {
    mqt_config cfg;
    char host[256];     /* target host: default SNI and name verified */
    char authority[300]; /* the Host header: host:port */
    char name[256];     /* name sent as SNI and verified ("" for an IP without --sni) */
    bool host_is_ip;
    SSL_CTX *ssl;       /* NULL: no TLS */
};

#define MQT_NEV 16

struct mqt_conn {
    int fd;
    mqt_ctx *x;         /* NULL: plain TCP */
    SSL *ssl;
    bool ws;
    char err[300];
    /* WebSocket input: stream bytes not yet consumed */
    uint8_t *in;
    size_t inlen, incap;
    uint64_t left;      /* payload bytes of the current frame still to come */
    int op;             /* opcode of the current frame */
    int msg_op;         /* opcode of the message a continuation continues */
    uint8_t maskkey[4];
    bool masked;
    uint64_t fpos;      /* payload offset in the current frame (for unmasking) */
    uint64_t textn;     /* text bytes seen in the current frame */
    bool in_frame;      /* inside a data frame's payload */
    bool stalled;       /* the buffered input needs more bytes */
    bool closed;        /* close frame received */
    int close_code;     /* its code (1005: none) */
    bool cert_asked;    /* the TLS server asked for a client certificate we do not have */
    char *protocol;     /* selected subprotocol */
    char *offered;      /* server side: the subprotocols the client offered */
    bool server;        /* server side: frames go out unmasked, come in masked */
    mqt_event ev[MQT_NEV];
    size_t evh, evn;
};

double mqt_now(void);
int mqt_wait(int fd, short ev, double deadline); /* 1 ready, 0 deadline, -1 error */
void mqt_note(mqt_conn *c, const char *stmt, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* stream.c: bytes under the WebSocket (TCP or TLS) */
int mqt_tls_handshake(mqt_ctx *x, mqt_conn *c, double deadline, char *why, size_t whylen);
int mqt_stream_write(mqt_conn *c, const uint8_t *p, size_t len, double deadline);
ssize_t mqt_stream_read(mqt_conn *c, uint8_t *buf, size_t cap);
/* Why the TLS layer failed, in words ("unknown CA", "certificate expired"). */
void mqt_tls_reason(mqt_ctx *x, SSL *ssl, int sslerr, char *buf, size_t len);

/* ws.c */
int mqt_ws_upgrade(mqt_ctx *x, mqt_conn *c, const mqt_open_opts *oo, double deadline, char *why,
                   size_t whylen);
int mqt_ws_answer(mqt_ctx *x, mqt_conn *c, double deadline, char *why, size_t whylen);
ssize_t mqt_ws_read(mqt_conn *c, uint8_t *buf, size_t cap);

#endif
