/* WebSocket client framing (RFC 6455) written here rather than taken from a
 * library: scenarios must be able to send what a library refuses to (text
 * frames, unmasked frames, fragments split anywhere, RSV bits), and the
 * reading side must report each frame as evidence instead of hiding it. */
#include <ctype.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include "internal.h"

#define WS_GUID "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
#define WS_MAX_HEAD 16384

/* Value of header `name` in the response head, trimmed, or NULL. */
static bool header(const char *head, const char *name, char *out, size_t outlen)
{
    size_t nl = strlen(name);
    for (const char *l = strstr(head, "\r\n"); l && l[2]; l = strstr(l + 2, "\r\n")) {
        const char *s = l + 2;
        if (!strncasecmp(s, name, nl) && s[nl] == ':') {
            s += nl + 1;
            while (*s == ' ' || *s == '\t')
                s++;
            const char *e = strstr(s, "\r\n");
            size_t n = e ? (size_t)(e - s) : strlen(s);
            while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
                n--;
            if (n >= outlen)
                n = outlen - 1;
            memcpy(out, s, n);
            out[n] = 0;
            return true;
        }
    }
    return false;
}

static bool has_token(const char *v, const char *tok)
{
    size_t tl = strlen(tok);
    for (const char *s = v; *s;) {
        while (*s == ' ' || *s == ',')
            s++;
        const char *e = s;
        while (*e && *e != ',')
            e++;
        size_t n = (size_t)(e - s);
        while (n && s[n - 1] == ' ')
            n--;
        if (n == tl && !strncasecmp(s, tok, tl))
            return true;
        s = e;
    }
    return false;
}

/* Reads an HTTP head in place into c->in (NUL-terminated after its last
 * line's CRLF, for header()); bytes after it are frames already. */
static int read_head(mqt_conn *c, double deadline, const char *what, char *why, size_t whylen,
                     size_t *headlen)
{
    c->incap = WS_MAX_HEAD + 1;
    c->in = malloc(c->incap);
    if (!c->in) {
        snprintf(why, whylen, "out of memory");
        return -1;
    }
    char *end = NULL;
    while (!end) {
        if (c->inlen >= WS_MAX_HEAD) {
            snprintf(why, whylen, "%s: head over %d bytes", what, WS_MAX_HEAD);
            return -1;
        }
        ssize_t r = mqt_stream_read(c, c->in + c->inlen, WS_MAX_HEAD - c->inlen);
        if (r > 0) {
            c->inlen += (size_t)r;
            c->in[c->inlen] = 0;
            end = strstr((char *)c->in, "\r\n\r\n");
            continue;
        }
        if (r < 0 && errno == EAGAIN) {
            int w = mqt_wait(c->fd, POLLIN, deadline);
            if (w > 0)
                continue;
            snprintf(why, whylen, "%s: %s", what,
                     w == 0 ? "no complete HTTP head in time" : strerror(errno));
            return -1;
        }
        snprintf(why, whylen, "%s: the %s closed the connection before %s%s%s", what,
                 c->server ? "client" : "broker", c->server ? "asking" : "answering",
                 c->err[0] ? ": " : "", c->err);
        return -1;
    }
    *headlen = (size_t)(end - (char *)c->in) + 4;
    end[2] = 0;
    return 0;
}

/* The accept value of RFC 6455 §4.2.2 for a Sec-WebSocket-Key. */
static void accept_of(const char *key, char *out)
{
    char cat[128 + sizeof WS_GUID]; /* keys come from header() into 128 bytes */
    snprintf(cat, sizeof cat, "%.127s%s", key, WS_GUID);
    uint8_t dig[SHA_DIGEST_LENGTH];
    SHA1((const unsigned char *)cat, strlen(cat), dig);
    EVP_EncodeBlock((unsigned char *)out, dig, sizeof dig);
}

int mqt_ws_upgrade(mqt_ctx *x, mqt_conn *c, const mqt_open_opts *oo, double deadline, char *why,
                   size_t whylen)
{
    uint8_t nonce[16];
    RAND_bytes(nonce, sizeof nonce);
    char key[32];
    EVP_EncodeBlock((unsigned char *)key, nonce, sizeof nonce);
    const char *proto = oo && oo->ws_protocol ? oo->ws_protocol : "mqtt";
    char req[2048];
    int n = snprintf(req, sizeof req,
                     "GET %s HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                     "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n%s%s%s\r\n",
                     x->cfg.ws_path, x->authority, key, *proto ? "Sec-WebSocket-Protocol: " : "", proto,
                     *proto ? "\r\n" : "");
    if (n < 0 || (size_t)n >= sizeof req) {
        snprintf(why, whylen, "WebSocket: request too long");
        return -1;
    }
    if (mqt_stream_write(c, (const uint8_t *)req, (size_t)n, deadline)) {
        snprintf(why, whylen, "WebSocket upgrade: cannot send the request%s%s",
                 c->err[0] ? ": " : "", c->err);
        return -1;
    }
    size_t headlen;
    if (read_head(c, deadline, "WebSocket upgrade", why, whylen, &headlen))
        return -1;
    char *head = (char *)c->in;
    char status[200];
    const char *eol = strstr(head, "\r\n");
    size_t sl = eol ? (size_t)(eol - head) : strlen(head);
    snprintf(status, sizeof status, "%.*s", (int)(sl < 199 ? sl : 199), head);
    int code = 0;
    if (sscanf(head, "HTTP/1.1 %d", &code) != 1 || code != 101) {
        snprintf(why, whylen, "WebSocket upgrade refused: %s", status);
        return -1;
    }
    char v[512];
    if (!header(head, "Upgrade", v, sizeof v) || strcasecmp(v, "websocket")) {
        snprintf(why, whylen, "WebSocket upgrade: 101 without 'Upgrade: websocket'");
        return -1;
    }
    if (!header(head, "Connection", v, sizeof v) || !has_token(v, "upgrade")) {
        snprintf(why, whylen, "WebSocket upgrade: 101 without 'Connection: Upgrade'");
        return -1;
    }
    char want[64];
    accept_of(key, want);
    if (!header(head, "Sec-WebSocket-Accept", v, sizeof v) || strcmp(v, want)) {
        snprintf(why, whylen, "WebSocket upgrade: wrong or missing Sec-WebSocket-Accept "
                              "(RFC 6455 §4.1)");
        return -1;
    }
    if (header(head, "Sec-WebSocket-Protocol", v, sizeof v))
        c->protocol = strdup(v);
    /* A subprotocol we did not offer fails the connection (RFC 6455 §4.1);
     * no subprotocol at all is the scenarios' to judge (MQTT-6.0.0-4). */
    if (c->protocol && !has_token(proto, c->protocol)) {
        snprintf(why, whylen, "WebSocket upgrade: the server selected subprotocol '%s', which "
                              "was not offered", c->protocol);
        return -1;
    }
    memmove(c->in, c->in + headlen, c->inlen - headlen);
    c->inlen -= headlen;
    c->ws = true;
    c->msg_op = -1;
    return 0;
}

int mqt_ws_answer(mqt_ctx *x, mqt_conn *c, double deadline, char *why, size_t whylen)
{
    (void)x;
    size_t headlen;
    if (read_head(c, deadline, "WebSocket upgrade from the client", why, whylen, &headlen))
        return -1;
    char *head = (char *)c->in;
    char v[512], key[128];
    static const char bad[] = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n";
    if (strncmp(head, "GET ", 4) || !header(head, "Upgrade", v, sizeof v) ||
        strcasecmp(v, "websocket") || !header(head, "Sec-WebSocket-Key", key, sizeof key)) {
        mqt_stream_write(c, (const uint8_t *)bad, sizeof bad - 1, deadline);
        snprintf(why, whylen, "the client's request is not a WebSocket upgrade: %.80s", head);
        return -1;
    }
    if (header(head, "Sec-WebSocket-Protocol", v, sizeof v))
        c->offered = strdup(v);
    /* "mqtt" when offered (MQTT-6.0.0-4); none otherwise: the scenarios judge the offer */
    bool mqtt = c->offered && has_token(c->offered, "mqtt");
    char acc[64], resp[512];
    accept_of(key, acc);
    int n = snprintf(resp, sizeof resp,
                     "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                     "Sec-WebSocket-Accept: %s\r\n%s\r\n", acc,
                     mqtt ? "Sec-WebSocket-Protocol: mqtt\r\n" : "");
    if (mqt_stream_write(c, (const uint8_t *)resp, (size_t)n, deadline)) {
        snprintf(why, whylen, "WebSocket: cannot answer the client's upgrade");
        return -1;
    }
    if (mqtt)
        c->protocol = strdup("mqtt");
    memmove(c->in, c->in + headlen, c->inlen - headlen);
    c->inlen -= headlen;
    c->ws = true;
    c->msg_op = -1;
    return 0;
}

int mqt_ws_frame(mqt_conn *c, int opcode, const mqt_frame_opts *fo, const uint8_t *p, size_t len,
                 double deadline)
{
    if (!c->ws) {
        errno = EINVAL;
        return -1;
    }
    uint8_t hd[14];
    size_t h = 0;
    hd[h++] = (uint8_t)((fo->fin ? 0x80 : 0) | ((fo->rsv & 7) << 4) | (opcode & 0x0f));
    uint8_t m = fo->nomask || c->server ? 0 : 0x80; /* only a client masks (RFC 6455 §5.1) */
    if (len < 126)
        hd[h++] = (uint8_t)(m | len);
    else if (len < 65536) {
        hd[h++] = m | 126;
        hd[h++] = (uint8_t)(len >> 8);
        hd[h++] = (uint8_t)len;
    } else {
        hd[h++] = m | 127;
        for (int i = 7; i >= 0; i--)
            hd[h++] = (uint8_t)((uint64_t)len >> (8 * i));
    }
    uint8_t key[4] = {0};
    if (m) {
        RAND_bytes(key, 4);
        memcpy(hd + h, key, 4);
        h += 4;
    }
    uint8_t *buf = malloc(h + len + 1);
    if (!buf) {
        errno = ENOMEM;
        return -1;
    }
    memcpy(buf, hd, h);
    for (size_t i = 0; i < len; i++)
        buf[h + i] = m ? p[i] ^ key[i & 3] : p[i];
    int r = mqt_stream_write(c, buf, h + len, deadline);
    free(buf);
    return r;
}

static const char *op_name(int op)
{
    switch (op) {
    case MQT_WS_CONT: return "continuation";
    case MQT_WS_TEXT: return "text";
    case MQT_WS_BINARY: return "binary";
    case MQT_WS_CLOSE: return "close";
    case MQT_WS_PING: return "ping";
    case MQT_WS_PONG: return "pong";
    default: return "reserved";
    }
}

/* A frame header at the start of the input: its size, or 0 when incomplete. */
static size_t parse_head(mqt_conn *c)
{
    if (c->inlen < 2)
        return 0;
    const uint8_t *b = c->in;
    size_t h = 2;
    uint64_t len = b[1] & 0x7f;
    if (len == 126)
        h += 2;
    else if (len == 127)
        h += 8;
    bool masked = b[1] & 0x80;
    if (masked)
        h += 4;
    if (c->inlen < h)
        return 0;
    if (len == 126)
        len = ((uint64_t)b[2] << 8) | b[3];
    else if (len == 127) {
        len = 0;
        for (int i = 0; i < 8; i++)
            len = (len << 8) | b[2 + i];
    }
    c->op = b[0] & 0x0f;
    c->left = len;
    c->fpos = 0;
    c->masked = masked;
    if (masked)
        memcpy(c->maskkey, b + h - 4, 4);
    bool fin = b[0] & 0x80;
    if (masked && !c->server)
        mqt_note(c, NULL, "WebSocket: the server sent a masked %s frame (RFC 6455 §5.1 forbids it)",
                 op_name(c->op));
    else if (!masked && c->server)
        mqt_note(c, NULL, "WebSocket: the client sent an unmasked %s frame (RFC 6455 §5.1 forbids it)",
                 op_name(c->op));
    if (b[0] & 0x70)
        mqt_note(c, NULL, "WebSocket: %s frame with RSV bits 0x%x set", op_name(c->op), b[0] & 0x70);
    if (c->op == MQT_WS_TEXT || c->op == MQT_WS_BINARY)
        c->msg_op = fin ? -1 : c->op;
    else if (c->op == MQT_WS_CONT && fin) {
        c->op = c->msg_op < 0 ? MQT_WS_BINARY : c->msg_op == MQT_WS_TEXT ? MQT_WS_TEXT : MQT_WS_BINARY;
        c->msg_op = -1;
    } else if (c->op == MQT_WS_CONT)
        c->op = c->msg_op == MQT_WS_TEXT ? MQT_WS_TEXT : MQT_WS_BINARY;
    c->textn = 0;
    return h;
}

static void consume(mqt_conn *c, size_t n)
{
    memmove(c->in, c->in + n, c->inlen - n);
    c->inlen -= n;
}

/* Unmasks (if masked) n payload bytes at the input's start into out. */
static void take(mqt_conn *c, uint8_t *out, size_t n)
{
    for (size_t i = 0; i < n; i++)
        out[i] = c->masked ? c->in[i] ^ c->maskkey[(c->fpos + i) & 3] : c->in[i];
    c->fpos += n;
    c->left -= n;
    consume(c, n);
}

/* A whole control frame (payload <= 125, RFC 6455 §5.5) at the input's start. */
static int control(mqt_conn *c, size_t h)
{
    if (c->left > 125) {
        snprintf(c->err, sizeof c->err, "WebSocket: %s frame with %llu-byte payload (max 125)",
                 op_name(c->op), (unsigned long long)c->left);
        return -1;
    }
    if (c->inlen < h + c->left)
        return 0;
    int op = c->op;
    consume(c, h);
    uint8_t pl[126];
    size_t n = (size_t)c->left;
    take(c, pl, n);
    if (op == MQT_WS_CLOSE) {
        unsigned code = n >= 2 ? ((unsigned)pl[0] << 8) | pl[1] : 0;
        mqt_note(c, NULL, "WebSocket close frame from the peer: %s%u%s%.*s",
                 n >= 2 ? "code " : "no code", n >= 2 ? code : 0u, n > 2 ? " " : "",
                 n > 2 ? (int)(n - 2) : 0, (const char *)pl + 2);
        c->closed = true;
        c->close_code = n >= 2 ? (int)code : 1005; /* 1005: no status (RFC 6455 §7.4.1) */
        /* the closing handshake: answer with a close (RFC 6455 §5.5.1) */
        mqt_frame_opts fo = {.fin = true};
        mqt_ws_frame(c, MQT_WS_CLOSE, &fo, pl, n >= 2 ? 2 : 0, mqt_now() + 0.2);
    } else if (op == MQT_WS_PING) {
        mqt_frame_opts fo = {.fin = true};
        mqt_ws_frame(c, MQT_WS_PONG, &fo, pl, n, mqt_now() + 1.0);
        mqt_note(c, NULL, "WebSocket ping from the peer (%zu bytes) answered with a pong", n);
    }
    return 1;
}

ssize_t mqt_ws_read(mqt_conn *c, uint8_t *buf, size_t cap)
{
    for (;;) {
        if (c->closed)
            return 0;
        if (c->in_frame && c->left && c->inlen) {
            size_t n = c->left < c->inlen ? (size_t)c->left : c->inlen;
            if (c->op == MQT_WS_TEXT) {
                /* not MQTT bytes: evidence only (MQTT-6.0.0-1) */
                uint8_t skip[256];
                size_t k = n < sizeof skip ? n : sizeof skip;
                take(c, skip, k);
                c->textn += k;
                if (!c->left) {
                    mqt_note(c, "MQTT-6.0.0-1", "a WebSocket text frame (%llu bytes)",
                             (unsigned long long)c->textn);
                    c->in_frame = false;
                }
                continue;
            }
            if (n > cap)
                n = cap;
            take(c, buf, n);
            if (!c->left)
                c->in_frame = false;
            return (ssize_t)n;
        }
        if (c->in_frame && !c->left) {
            if (c->op == MQT_WS_TEXT)
                mqt_note(c, "MQTT-6.0.0-1", "a WebSocket text frame (%llu bytes)",
                         (unsigned long long)c->textn);
            c->in_frame = false;
            continue;
        }
        if (!c->in_frame) {
            size_t h = parse_head(c);
            if (h) {
                if (c->op >= 8) {
                    int r = control(c, h);
                    if (r < 0) {
                        errno = EPROTO;
                        return -1;
                    }
                    if (r > 0)
                        continue;
                } else if (c->op == MQT_WS_BINARY || c->op == MQT_WS_TEXT) {
                    consume(c, h);
                    c->in_frame = true;
                    continue;
                } else {
                    snprintf(c->err, sizeof c->err, "WebSocket: frame with reserved opcode 0x%x",
                             c->op);
                    errno = EPROTO;
                    return -1;
                }
            }
        }
        /* more stream bytes */
        if (c->incap - c->inlen < 4096) {
            size_t nc = c->incap * 2;
            uint8_t *nb = realloc(c->in, nc);
            if (!nb) {
                errno = ENOMEM;
                return -1;
            }
            c->in = nb;
            c->incap = nc;
        }
        ssize_t r = mqt_stream_read(c, c->in + c->inlen, c->incap - c->inlen);
        if (r < 0 && errno == EAGAIN)
            c->stalled = true; /* what is buffered cannot progress until more comes */
        if (r <= 0)
            return r;
        c->stalled = false;
        c->inlen += (size_t)r;
    }
}
