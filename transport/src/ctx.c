/* The run's transport context: the config checked once, the TLS context
 * with its CA, certificate and key loaded once (cases fork from the runner
 * and inherit it). */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "internal.h"

static void ssl_errs(char *buf, size_t len)
{
    unsigned long e = ERR_get_error();
    if (!e) {
        snprintf(buf, len, "no detail");
        return;
    }
    ERR_error_string_n(e, buf, len);
    ERR_clear_error();
}

/* Called only when the server asks for a client certificate and none is
 * configured: remembered, so a refusal that comes later (TLS 1.3 refuses
 * after the handshake, often as a bare reset) can be named. */
static int no_client_cert(SSL *ssl, X509 **x509, EVP_PKEY **pkey)
{
    (void)x509;
    (void)pkey;
    mqt_conn *c = SSL_get_app_data(ssl);
    if (c)
        c->cert_asked = true;
    return 0;
}

mqt_ctx *mqt_ctx_new(const mqt_config *cfg, const char *host, const char *authority, char *err,
                     size_t errlen)
{
    mqt_ctx *x = calloc(1, sizeof *x);
    if (!x) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    x->cfg = *cfg;
    snprintf(x->host, sizeof x->host, "%s", host ? host : "");
    snprintf(x->authority, sizeof x->authority, "%s", authority ? authority : x->host);
    struct in6_addr a6;
    x->host_is_ip = inet_pton(AF_INET, x->host, &a6) == 1 || inet_pton(AF_INET6, x->host, &a6) == 1;
    snprintf(x->name, sizeof x->name, "%s", cfg->sni ? cfg->sni : x->host_is_ip ? "" : x->host);
    if (cfg->ws_path && cfg->ws_path[0] != '/') {
        snprintf(err, errlen, "--ws needs a path starting with '/', got '%s'", cfg->ws_path);
        goto fail;
    }
    if (!cfg->tls) {
        if (cfg->cafile || cfg->cert || cfg->key || cfg->sni || cfg->insecure || cfg->tls_version) {
            snprintf(err, errlen, "TLS options (--cafile, --cert, --key, --sni, --insecure, "
                                  "--tls-version) need --tls");
            goto fail;
        }
        return x;
    }
    if (!cfg->cert != !cfg->key) {
        snprintf(err, errlen, "--cert and --key go together");
        goto fail;
    }
    if (cfg->server && !cfg->cert) {
        snprintf(err, errlen, "TLS in client mode needs --cert and --key: the certificate the "
                              "scripted broker presents (--cafile is what the client verifies it with)");
        goto fail;
    }
    x->ssl = SSL_CTX_new(cfg->server ? TLS_server_method() : TLS_client_method());
    if (!x->ssl) {
        snprintf(err, errlen, "TLS: cannot create a context");
        goto fail;
    }
    int minv = cfg->tls_version == 13 ? TLS1_3_VERSION : TLS1_2_VERSION;
    int maxv = cfg->tls_version == 12 ? TLS1_2_VERSION : 0; /* 0: the newest */
    SSL_CTX_set_min_proto_version(x->ssl, minv);
    SSL_CTX_set_max_proto_version(x->ssl, maxv);
    char e[256];
    if (cfg->server)
        SSL_CTX_set_verify(x->ssl, SSL_VERIFY_NONE, NULL); /* client certificates: not asked */
    else if (cfg->insecure)
        SSL_CTX_set_verify(x->ssl, SSL_VERIFY_NONE, NULL);
    else {
        SSL_CTX_set_verify(x->ssl, SSL_VERIFY_PEER, NULL);
        int ok = cfg->cafile ? SSL_CTX_load_verify_locations(x->ssl, cfg->cafile, NULL)
                             : SSL_CTX_set_default_verify_paths(x->ssl);
        if (ok != 1) {
            ssl_errs(e, sizeof e);
            snprintf(err, errlen, "TLS: cannot load the CA %s: %s",
                     cfg->cafile ? cfg->cafile : "(system store)", e);
            goto fail;
        }
    }
    if (cfg->cert) {
        if (SSL_CTX_use_certificate_chain_file(x->ssl, cfg->cert) != 1) {
            ssl_errs(e, sizeof e);
            snprintf(err, errlen, "TLS: cannot load the client certificate %s: %s", cfg->cert, e);
            goto fail;
        }
        if (SSL_CTX_use_PrivateKey_file(x->ssl, cfg->key, SSL_FILETYPE_PEM) != 1 ||
            SSL_CTX_check_private_key(x->ssl) != 1) {
            ssl_errs(e, sizeof e);
            snprintf(err, errlen, "TLS: cannot use the key %s with %s: %s", cfg->key, cfg->cert, e);
            goto fail;
        }
    }
    if (!cfg->cert && !cfg->server)
        SSL_CTX_set_client_cert_cb(x->ssl, no_client_cert);
    /* MQTT's ALPN id (IANA "mqtt"); brokers that do not speak ALPN ignore it */
    static const unsigned char alpn[] = {4, 'm', 'q', 't', 't'};
    SSL_CTX_set_alpn_protos(x->ssl, alpn, sizeof alpn);
    return x;
fail:
    mqt_ctx_free(x);
    return NULL;
}

void mqt_ctx_free(mqt_ctx *x)
{
    if (!x)
        return;
    if (x->ssl)
        SSL_CTX_free(x->ssl);
    free(x);
}

const char *mqt_ctx_name(const mqt_ctx *x)
{
    if (!x)
        return "tcp";
    if (x->cfg.ws_path)
        return x->cfg.tls ? "wss" : "ws";
    return x->cfg.tls ? "tls" : "tcp";
}

bool mqt_ctx_is_ws(const mqt_ctx *x) { return x && x->cfg.ws_path; }
const mqt_config *mqt_ctx_config(const mqt_ctx *x) { return x ? &x->cfg : NULL; }

void mqt_ctx_describe(const mqt_ctx *x, char *buf, size_t len)
{
    if (!x || (!x->cfg.tls && !x->cfg.ws_path)) {
        snprintf(buf, len, "plain TCP");
        return;
    }
    char tls[600] = "";
    if (x->cfg.tls)
        snprintf(tls, sizeof tls, "TLS %s (%s%s%s%s%s)",
                 x->cfg.tls_version == 12 ? "1.2" : x->cfg.tls_version == 13 ? "1.3" : "1.2+",
                 x->cfg.insecure ? "NOT verified (--insecure)" : "verified against ",
                 x->cfg.insecure ? "" : x->cfg.cafile ? x->cfg.cafile : "the system store",
                 x->name[0] ? ", name " : "", x->name,
                 x->cfg.cert ? ", client certificate" : "");
    snprintf(buf, len, "%s%s%s%s", tls, x->cfg.tls && x->cfg.ws_path ? " + " : "",
             x->cfg.ws_path ? "WebSocket " : "", x->cfg.ws_path ? x->cfg.ws_path : "");
}
