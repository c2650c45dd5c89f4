/* One connection through the transport: the handshakes in order (TLS, then
 * the WebSocket upgrade), MQTT bytes in and out, the events to log. */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"

double mqt_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int mqt_wait(int fd, short ev, double deadline)
{
    for (;;) {
        double left = deadline - mqt_now();
        if (left <= 0)
            return 0;
        struct pollfd p = {fd, ev, 0};
        int r = poll(&p, 1, (int)(left * 1000.0) + 1);
        if (r > 0)
            return 1;
        if (r < 0 && errno != EINTR)
            return -1;
    }
}

void mqt_note(mqt_conn *c, const char *stmt, const char *fmt, ...)
{
    if (c->evn == MQT_NEV) /* the caller did not drain: keep the oldest */
        return;
    mqt_event *e = &c->ev[(c->evh + c->evn++) % MQT_NEV];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->text, sizeof e->text, fmt, ap);
    va_end(ap);
    e->stmt = stmt;
}

bool mqt_event_next(mqt_conn *c, mqt_event *ev)
{
    if (!c || !c->evn)
        return false;
    *ev = c->ev[c->evh];
    c->evh = (c->evh + 1) % MQT_NEV;
    c->evn--;
    return true;
}

mqt_conn *mqt_adopt(int fd)
{
    mqt_conn *c = calloc(1, sizeof *c);
    if (c)
        c->fd = fd;
    return c;
}

mqt_conn *mqt_open(mqt_ctx *x, int fd, const mqt_open_opts *oo, double deadline, char *why,
                   size_t whylen)
{
    mqt_conn *c = mqt_adopt(fd);
    if (!c) {
        snprintf(why, whylen, "out of memory");
        return NULL;
    }
    c->x = x;
    if (x && x->ssl && mqt_tls_handshake(x, c, deadline, why, whylen)) {
        mqt_free(c);
        return NULL;
    }
    if (x && x->cfg.ws_path && mqt_ws_upgrade(x, c, oo, deadline, why, whylen)) {
        mqt_free(c);
        return NULL;
    }
    return c;
}

mqt_conn *mqt_accept(mqt_ctx *x, int fd, double deadline, char *why, size_t whylen)
{
    mqt_conn *c = mqt_adopt(fd);
    if (!c) {
        snprintf(why, whylen, "out of memory");
        return NULL;
    }
    c->x = x;
    c->server = true;
    if (x && x->ssl && mqt_tls_handshake(x, c, deadline, why, whylen)) {
        mqt_free(c);
        return NULL;
    }
    if (x && x->cfg.ws_path && mqt_ws_answer(x, c, deadline, why, whylen)) {
        mqt_free(c);
        return NULL;
    }
    return c;
}

const char *mqt_ws_offered(const mqt_conn *c) { return c ? c->offered : NULL; }

void mqt_free(mqt_conn *c)
{
    if (!c)
        return;
    if (c->ssl)
        SSL_free(c->ssl);
    free(c->in);
    free(c->protocol);
    free(c->offered);
    free(c);
}

int mqt_send(mqt_conn *c, const uint8_t *p, size_t len, double deadline)
{
    if (c->ws) {
        mqt_frame_opts fo = {.fin = true};
        return mqt_ws_frame(c, MQT_WS_BINARY, &fo, p, len, deadline);
    }
    return mqt_stream_write(c, p, len, deadline);
}

ssize_t mqt_recv(mqt_conn *c, uint8_t *buf, size_t cap)
{
    return c->ws ? mqt_ws_read(c, buf, cap) : mqt_stream_read(c, buf, cap);
}

bool mqt_pending(const mqt_conn *c)
{
    if (c->ws && c->inlen && !c->stalled)
        return true;
    return c->ssl && SSL_pending(c->ssl) > 0;
}

const char *mqt_error(const mqt_conn *c) { return c ? c->err : ""; }
const char *mqt_ws_protocol(const mqt_conn *c) { return c ? c->protocol : NULL; }
bool mqt_is_ws(const mqt_conn *c) { return c && c->ws; }
int mqt_ws_close_code(const mqt_conn *c) { return c && c->closed ? c->close_code : -1; }

void mqt_shutdown(mqt_conn *c)
{
    if (!c)
        return;
    double soon = mqt_now() + 0.2; /* best effort: a peer that is not reading is not waited for */
    if (c->ws && !c->closed) {
        static const uint8_t normal[2] = {0x03, 0xe8}; /* 1000 */
        mqt_frame_opts fo = {.fin = true};
        mqt_ws_frame(c, MQT_WS_CLOSE, &fo, normal, sizeof normal, soon);
    }
    if (c->ssl)
        SSL_shutdown(c->ssl); /* close_notify; the peer's is not awaited */
}
