/* The byte notation of vectors.h. Length prefixes are computed here (by the
 * test, independently of the codec's own VBI writer) so that every vector is
 * honest about its lengths unless it lies with explicit hex. */
#include "vectors.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct parser {
    const char *s;
    size_t pos;
    char *err;
    size_t errcap;
    bool failed;
} parser;

static void fail(parser *ps, const char *what)
{
    if (!ps->failed)
        snprintf(ps->err, ps->errcap, "%s at offset %zu", what, ps->pos);
    ps->failed = true;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = (char)tolower((unsigned char)c);
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* Variable Byte Integer as MQTT 5 §1.5.5 / 3.1.1 §2.2.3 define it: 7 bits per
 * byte, least significant group first, high bit = more follows. */
static size_t put_vbi(uint32_t v, uint8_t *out)
{
    size_t n = 0;
    do {
        uint8_t b = v & 0x7F;
        v >>= 7;
        if (v)
            b |= 0x80;
        out[n++] = b;
    } while (v);
    return n;
}

typedef struct sink {
    uint8_t *buf;
    size_t cap, len;
} sink;

static void emit(parser *ps, sink *o, const uint8_t *p, size_t n)
{
    if (o->len + n > o->cap) {
        fail(ps, "output too large");
        return;
    }
    memcpy(o->buf + o->len, p, n);
    o->len += n;
}

static void skip_ws(parser *ps)
{
    while (ps->s[ps->pos] && isspace((unsigned char)ps->s[ps->pos]))
        ps->pos++;
}

/* Parses until `term` (or end of text when term is 0). */
static void parse_seq(parser *ps, sink *o, char term);

static void emit_prefixed(parser *ps, sink *o, char open, char close)
{
    sink inner = {malloc(o->cap), o->cap, 0};
    if (!inner.buf) {
        fail(ps, "out of memory");
        return;
    }
    parse_seq(ps, &inner, close);
    if (!ps->failed) {
        uint8_t pre[5];
        size_t n;
        if (open == '<') {
            if (inner.len > 0xFFFF)
                fail(ps, "string over 65535 bytes");
            pre[0] = (uint8_t)(inner.len >> 8);
            pre[1] = (uint8_t)inner.len;
            n = 2;
        } else {
            n = put_vbi((uint32_t)inner.len, pre);
        }
        emit(ps, o, pre, n);
        emit(ps, o, inner.buf, inner.len);
    }
    free(inner.buf);
}

static void parse_seq(parser *ps, sink *o, char term)
{
    for (;;) {
        skip_ws(ps);
        char c = ps->s[ps->pos];
        if (ps->failed)
            return;
        if (c == '\0') {
            if (term)
                fail(ps, "unclosed bracket");
            return;
        }
        if (term && c == term) {
            ps->pos++;
            return;
        }
        if (c == '*' && ps->s[ps->pos + 1] == '*') {
            ps->pos += 2;
            /* Remaining Length: everything up to the end of this sequence. */
            sink rest = {malloc(o->cap), o->cap, 0};
            if (!rest.buf) {
                fail(ps, "out of memory");
                return;
            }
            parse_seq(ps, &rest, term);
            if (!ps->failed) {
                uint8_t pre[5];
                emit(ps, o, pre, put_vbi((uint32_t)rest.len, pre));
                emit(ps, o, rest.buf, rest.len);
            }
            free(rest.buf);
            return; /* the terminator was consumed by the inner parse */
        }
        if (c == '<' || c == '[') {
            ps->pos++;
            emit_prefixed(ps, o, c, c == '<' ? '>' : ']');
            continue;
        }
        bool prefixed = false;
        if (c == 's' && ps->s[ps->pos + 1] == '"') {
            prefixed = true;
            ps->pos++;
            c = '"';
        }
        if (c == '"') {
            size_t start = ++ps->pos;
            while (ps->s[ps->pos] && ps->s[ps->pos] != '"')
                ps->pos++;
            if (!ps->s[ps->pos]) {
                fail(ps, "unterminated string");
                return;
            }
            size_t n = ps->pos - start;
            ps->pos++;
            if (prefixed) {
                uint8_t pre[2] = {(uint8_t)(n >> 8), (uint8_t)n};
                emit(ps, o, pre, 2);
            }
            emit(ps, o, (const uint8_t *)ps->s + start, n);
            continue;
        }
        int hi = hexval(c), lo = hexval(ps->s[ps->pos + 1]);
        if (hi < 0 || lo < 0) {
            fail(ps, "bad token");
            return;
        }
        uint8_t b = (uint8_t)(hi << 4 | lo);
        ps->pos += 2;
        emit(ps, o, &b, 1);
    }
}

size_t notation_parse(const char *src, uint8_t *out, size_t cap, char *err, size_t errcap)
{
    parser ps = {src, 0, err, errcap, false};
    sink o = {out, cap, 0};
    if (errcap)
        err[0] = '\0';
    parse_seq(&ps, &o, 0);
    if (ps.failed)
        return 0;
    if (o.len == 0) {
        snprintf(err, errcap, "empty vector");
        return 0;
    }
    return o.len;
}

void vec_policy_fill(enum vec_policy pol, mqtt_policy *out)
{
    mqtt_policy_default(out);
    switch (pol) {
    case POL_DEFAULT:
        break;
    case POL_STRICT:
        out->allow_pfi_other = false;
        out->reject_control_chars = true;
        out->reject_noncharacters = true;
        out->allow_bridge_bit = false;
        out->allow_subid_zero_in_publish = false;
        out->allow_long_v31_client_id = false;
        break;
    case POL_LENIENT:
        out->allow_pfi_other = true;
        out->allow_subid_zero_in_publish = true;
        out->allow_long_v31_client_id = true;
        break;
    case POL_MAX64:
        out->max_packet_size = 64;
        break;
    }
}
