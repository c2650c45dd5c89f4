/* The byte stream under WebSocket: the socket itself, or TLS over it.
 * Nonblocking throughout: OpenSSL's WANT_READ/WANT_WRITE become polls
 * bounded by the caller's deadline. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "internal.h"

/* A verification result in the words a user acts on. */
static const char *verify_words(long v)
{
    switch (v) {
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
        return "unknown CA: the broker's certificate is not signed by a CA in --cafile (or the system store)";
    case X509_V_ERR_HOSTNAME_MISMATCH:
    case X509_V_ERR_IP_ADDRESS_MISMATCH:
        return "name mismatch: the broker's certificate is not for the name verified (--sni)";
    case X509_V_ERR_CERT_HAS_EXPIRED:
        return "certificate expired: the broker's certificate is past its notAfter";
    case X509_V_ERR_CERT_NOT_YET_VALID:
        return "certificate not yet valid";
    default:
        return NULL;
    }
}

void mqt_tls_reason(mqt_ctx *x, SSL *ssl, int sslerr, char *buf, size_t len)
{
    long v = ssl ? SSL_get_verify_result(ssl) : X509_V_OK;
    const mqt_conn *c = ssl ? SSL_get_app_data(ssl) : NULL;
    unsigned long e = ERR_peek_error();
    int reason = ERR_GET_REASON(e);
    if (v != X509_V_OK && reason == SSL_R_CERTIFICATE_VERIFY_FAILED) {
        const char *w = verify_words(v);
        snprintf(buf, len, "%s (%s)", w ? w : "certificate verification failed",
                 X509_verify_cert_error_string(v));
    } else if (e) {
        char es[200];
        ERR_error_string_n(e, es, sizeof es);
        bool cert_alert = reason == SSL_R_TLSV13_ALERT_CERTIFICATE_REQUIRED ||
                          reason == SSL_R_SSLV3_ALERT_HANDSHAKE_FAILURE ||
                          reason == SSL_R_SSLV3_ALERT_BAD_CERTIFICATE ||
                          reason == SSL_R_PEER_DID_NOT_RETURN_A_CERTIFICATE;
        if ((cert_alert || (c && c->cert_asked)) && x && !x->cfg.cert)
            snprintf(buf, len, "client certificate required: the broker refused a client without one "
                               "(give --cert and --key) (%s)", es);
#ifdef SSL_R_UNEXPECTED_EOF_WHILE_READING
        else if (reason == SSL_R_UNEXPECTED_EOF_WHILE_READING && ssl && !SSL_is_init_finished(ssl))
            snprintf(buf, len, "the broker closed the connection during the handshake "
                               "(not a TLS port?) (%s)", es);
#endif
        else if (reason == SSL_R_TLSV13_ALERT_CERTIFICATE_REQUIRED)
            snprintf(buf, len, "client certificate required (%s)", es);
        else if (reason == SSL_R_SSLV3_ALERT_BAD_CERTIFICATE ||
                 reason == SSL_R_TLSV1_ALERT_UNKNOWN_CA)
            snprintf(buf, len, "the broker rejected the client certificate (%s)", es);
        else if (reason == SSL_R_UNSUPPORTED_PROTOCOL || reason == SSL_R_TLSV1_ALERT_PROTOCOL_VERSION ||
                 reason == SSL_R_NO_PROTOCOLS_AVAILABLE)
            snprintf(buf, len, "no common TLS version (--tls-version) (%s)", es);
        else if (reason == SSL_R_WRONG_VERSION_NUMBER || reason == SSL_R_PACKET_LENGTH_TOO_LONG)
            snprintf(buf, len, "the peer does not speak TLS here (a plain MQTT port?) (%s)", es);
        else
            snprintf(buf, len, "%s", es);
    } else if (c && c->cert_asked)
        snprintf(buf, len, "client certificate required: the broker asked for one, none was "
                           "given (give --cert and --key), and it closed the connection%s%s",
                 errno ? ": " : "", errno ? strerror(errno) : "");
    else if ((sslerr == SSL_ERROR_SYSCALL || sslerr == SSL_ERROR_ZERO_RETURN) && ssl &&
               !SSL_is_init_finished(ssl))
        snprintf(buf, len, "the broker closed the connection during the handshake%s%s "
                           "(not a TLS port?)", errno ? ": " : "", errno ? strerror(errno) : "");
    else if (sslerr == SSL_ERROR_SYSCALL || sslerr == SSL_ERROR_ZERO_RETURN)
        snprintf(buf, len, "the broker closed the TLS connection%s%s (under TLS 1.3 this is also "
                           "how a rejected client certificate shows)", errno ? ": " : "",
                 errno ? strerror(errno) : "");
    else
        snprintf(buf, len, "TLS error %d", sslerr);
    ERR_clear_error();
}

int mqt_tls_handshake(mqt_ctx *x, mqt_conn *c, double deadline, char *why, size_t whylen)
{
    ERR_clear_error();
    c->ssl = SSL_new(x->ssl);
    if (!c->ssl || SSL_set_fd(c->ssl, c->fd) != 1 || SSL_set_app_data(c->ssl, c) != 1) {
        snprintf(why, whylen, "TLS: cannot set up the connection");
        return -1;
    }
    if (c->server)
        ; /* the client's SNI and verification are its own */
    else if (x->name[0] && !x->host_is_ip) /* SNI carries names only (RFC 6066 §3) */
        SSL_set_tlsext_host_name(c->ssl, x->name);
    else if (x->cfg.sni)
        SSL_set_tlsext_host_name(c->ssl, x->name);
    if (!x->cfg.insecure && !c->server) {
        if (x->name[0])
            SSL_set1_host(c->ssl, x->name);
        else /* an IP target without --sni: the certificate must name that address */
            X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(c->ssl), x->host);
    }
    for (;;) {
        errno = 0;
        int r = c->server ? SSL_accept(c->ssl) : SSL_connect(c->ssl);
        if (r == 1)
            return 0;
        int e = SSL_get_error(c->ssl, r);
        int w;
        if (e == SSL_ERROR_WANT_READ)
            w = mqt_wait(c->fd, POLLIN, deadline);
        else if (e == SSL_ERROR_WANT_WRITE)
            w = mqt_wait(c->fd, POLLOUT, deadline);
        else {
            char rs[400];
            mqt_tls_reason(x, c->ssl, e, rs, sizeof rs);
            snprintf(why, whylen, "TLS handshake failed: %s", rs);
            return -1;
        }
        if (w == 0) {
            snprintf(why, whylen, "TLS handshake: no answer from the broker in time");
            return -1;
        }
        if (w < 0) {
            snprintf(why, whylen, "TLS handshake: poll: %s", strerror(errno));
            return -1;
        }
    }
}

int mqt_stream_write(mqt_conn *c, const uint8_t *p, size_t len, double deadline)
{
    size_t off = 0;
    while (off < len) {
        int w;
        if (c->ssl) {
            ERR_clear_error();
            size_t n = 0;
            int r = SSL_write_ex(c->ssl, p + off, len - off, &n);
            if (r == 1) {
                off += n;
                continue;
            }
            int e = SSL_get_error(c->ssl, r);
            if (e == SSL_ERROR_WANT_WRITE)
                w = mqt_wait(c->fd, POLLOUT, deadline);
            else if (e == SSL_ERROR_WANT_READ)
                w = mqt_wait(c->fd, POLLIN, deadline);
            else {
                int saved = errno;
                mqt_tls_reason(c->x, c->ssl, e, c->err, sizeof c->err);
                errno = e == SSL_ERROR_SYSCALL && saved ? saved : EPROTO;
                return -1;
            }
        } else {
            ssize_t n = send(c->fd, p + off, len - off, MSG_NOSIGNAL);
            if (n > 0) {
                off += (size_t)n;
                continue;
            }
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
                return -1;
            w = mqt_wait(c->fd, POLLOUT, deadline);
        }
        if (w == 0)
            return -2;
        if (w < 0)
            return -1;
    }
    return 0;
}

ssize_t mqt_stream_read(mqt_conn *c, uint8_t *buf, size_t cap)
{
    if (!c->ssl) {
        for (;;) {
            ssize_t n = recv(c->fd, buf, cap, 0);
            if (n < 0 && errno == EINTR)
                continue;
            return n;
        }
    }
    ERR_clear_error();
    size_t n = 0;
    errno = 0;
    int r = SSL_read_ex(c->ssl, buf, cap, &n);
    if (r == 1)
        return (ssize_t)n;
    int e = SSL_get_error(c->ssl, r);
    if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) {
        errno = EAGAIN;
        return -1;
    }
    if (e == SSL_ERROR_ZERO_RETURN) {
        /* close_notify: answered with ours and our FIN, as TLS peers do (RFC 8446
         * §6.1); a server that waits for it (libwebsockets over TLS) then
         * finishes its close, e.g. publishes the Will, instead of waiting for us */
        SSL_shutdown(c->ssl);
        shutdown(c->fd, SHUT_WR);
        return 0;
    }
    if (e == SSL_ERROR_SYSCALL && !ERR_peek_error()) {
        int saved = errno;
        if (c->cert_asked) /* the likely why of a close right after the handshake */
            mqt_tls_reason(c->x, c->ssl, e, c->err, sizeof c->err);
        errno = saved;
        if (errno == 0) { /* TCP FIN without close_notify: a close all the same */
            mqt_note(c, NULL, "TLS: the peer closed TCP without close_notify");
            shutdown(c->fd, SHUT_WR);
            return 0;
        }
        return -1;
    }
    /* an alert: e.g. TLS 1.3's certificate_required arrives after the handshake */
    mqt_tls_reason(c->x, c->ssl, e, c->err, sizeof c->err);
    errno = EPROTO;
    return -1;
}
