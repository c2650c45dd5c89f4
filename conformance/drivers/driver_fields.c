/* Typed access to command fields, payload bytes and text that JSON can carry. */
#include "driver.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool drv_get_str(json_t *o, const char *key, const char *def, const char **out, drv_err *e)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v)) {
        *out = def;
        return true;
    }
    if (!json_is_string(v)) {
        snprintf(e->msg, sizeof e->msg, "field '%s' must be a string", key);
        return false;
    }
    if (strlen(json_string_value(v)) != json_string_length(v)) {
        /* The C libraries take NUL-terminated strings: an embedded NUL would be cut. */
        snprintf(e->msg, sizeof e->msg, "field '%s' contains NUL, which the library cannot send", key);
        return false;
    }
    *out = json_string_value(v);
    return true;
}

bool drv_get_int(json_t *o, const char *key, long long def, long long lo, long long hi,
                 long long *out, drv_err *e)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v)) {
        *out = def;
        return true;
    }
    if (!json_is_integer(v)) {
        snprintf(e->msg, sizeof e->msg, "field '%s' must be an integer", key);
        return false;
    }
    long long n = json_integer_value(v);
    if (n < lo || n > hi) {
        snprintf(e->msg, sizeof e->msg, "field '%s' = %lld is outside %lld..%lld", key, n, lo, hi);
        return false;
    }
    *out = n;
    return true;
}

bool drv_get_bool(json_t *o, const char *key, bool def, bool *out, drv_err *e)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v)) {
        *out = def;
        return true;
    }
    if (!json_is_boolean(v)) {
        snprintf(e->msg, sizeof e->msg, "field '%s' must be true or false", key);
        return false;
    }
    *out = json_is_true(v);
    return true;
}

bool drv_get_seconds(json_t *o, const char *key, double def, double *out, drv_err *e)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v)) {
        *out = def;
        return true;
    }
    if (!json_is_number(v) || !isfinite(json_number_value(v)) || json_number_value(v) < 0 ||
        json_number_value(v) > 3600) {
        snprintf(e->msg, sizeof e->msg, "field '%s' must be a number of seconds in 0..3600", key);
        return false;
    }
    *out = json_number_value(v);
    return true;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decodes hex; *out is malloc'ed with at least one byte so callers never see NULL. */
static bool unhex(const char *s, size_t n, unsigned char **out, size_t *len)
{
    if (n % 2)
        return false;
    unsigned char *b = malloc(n / 2 + 1);
    if (!b)
        return false;
    for (size_t i = 0; i < n / 2; i++) {
        int hi = hexval((unsigned char)s[2 * i]), lo = hexval((unsigned char)s[2 * i + 1]);
        if (hi < 0 || lo < 0) {
            free(b);
            return false;
        }
        b[i] = (unsigned char)(hi << 4 | lo);
    }
    *out = b;
    *len = n / 2;
    return true;
}

bool drv_bytes_of(json_t *v, const char *what, unsigned char **out, size_t *len, drv_err *e)
{
    if (json_is_string(v)) {
        size_t n = json_string_length(v);
        unsigned char *b = malloc(n + 1);
        if (!b) {
            snprintf(e->msg, sizeof e->msg, "out of memory");
            return false;
        }
        memcpy(b, json_string_value(v), n);
        *out = b;
        *len = n;
        return true;
    }
    json_t *h = json_is_object(v) ? json_object_get(v, "hex") : NULL;
    if (json_is_string(h) && unhex(json_string_value(h), json_string_length(h), out, len))
        return true;
    snprintf(e->msg, sizeof e->msg, "'%s' must be a string or {\"hex\":\"...\"} with valid hex", what);
    return false;
}

bool drv_get_payload(json_t *o, unsigned char **out, size_t *len, drv_err *e)
{
    json_t *h = json_object_get(o, "payload_hex");
    if (h && !json_is_null(h)) {
        if (json_is_string(h) && unhex(json_string_value(h), json_string_length(h), out, len))
            return true;
        snprintf(e->msg, sizeof e->msg, "field 'payload_hex' must be a string of hex digit pairs");
        return false;
    }
    json_t *t = json_object_get(o, "payload");
    if (!t || json_is_null(t)) {
        *out = malloc(1);
        *len = 0;
        if (!*out) {
            snprintf(e->msg, sizeof e->msg, "out of memory");
            return false;
        }
        return true;
    }
    if (!json_is_string(t)) {
        snprintf(e->msg, sizeof e->msg, "field 'payload' must be a string (use payload_hex for bytes)");
        return false;
    }
    return drv_bytes_of(t, "payload", out, len, e);
}

char *drv_hex(const void *p, size_t len)
{
    static const char digits[] = "0123456789abcdef";
    const unsigned char *b = p;
    char *s = malloc(2 * len + 1);
    if (!s)
        return NULL;
    for (size_t i = 0; i < len; i++) {
        s[2 * i] = digits[b[i] >> 4];
        s[2 * i + 1] = digits[b[i] & 15];
    }
    s[2 * len] = '\0';
    return s;
}

/* Well-formed UTF-8 per RFC 3629 (no overlongs, no surrogates, <= U+10FFFF). */
static bool utf8_ok(const unsigned char *s, size_t n, bool allow_nul)
{
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        if (c < 0x80) {
            if (c == 0 && !allow_nul)
                return false;
            i++;
            continue;
        }
        size_t k;
        unsigned cp, min;
        if ((c & 0xE0) == 0xC0) {
            k = 1, cp = c & 0x1F, min = 0x80;
        } else if ((c & 0xF0) == 0xE0) {
            k = 2, cp = c & 0x0F, min = 0x800;
        } else if ((c & 0xF8) == 0xF0) {
            k = 3, cp = c & 0x07, min = 0x10000;
        } else {
            return false;
        }
        for (size_t j = 1; j <= k; j++) {
            if (i + j >= n || (s[i + j] & 0xC0) != 0x80)
                return false;
            cp = cp << 6 | (s[i + j] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += k + 1;
    }
    return true;
}

bool drv_utf8_text(const void *p, size_t len)
{
    return utf8_ok(p, len, false);
}

void drv_set_text(json_t *o, const char *key, const void *p, size_t len)
{
    if (utf8_ok(p, len, true)) {
        json_object_set_new(o, key, json_stringn(len ? (const char *)p : "", len));
        return;
    }
    char k[64];
    snprintf(k, sizeof k, "%s_hex", key);
    char *h = drv_hex(p, len);
    json_object_set_new(o, k, json_string(h ? h : ""));
    free(h);
}

void drv_set_payload(json_t *ev, const void *p, size_t len)
{
    char *h = drv_hex(p, len);
    json_object_set_new(ev, "payload_hex", json_string(h ? h : ""));
    free(h);
    if (drv_utf8_text(p, len))
        json_object_set_new(ev, "payload", json_stringn(len ? (const char *)p : "", len));
}
