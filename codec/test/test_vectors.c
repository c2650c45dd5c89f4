/* Driver for the vector tables: decodes each vector with its version,
 * direction and policy and checks the outcome; valid canonical vectors must
 * re-encode byte-exact, every valid vector must survive decode(encode(x)),
 * and no proper prefix of any vector may decode. Every mismatch of a table is
 * printed before the table's test fails, so one run lists all of them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "vectors.h"

#define MAXPKT 4096

static const char *vname(mqtt_version v)
{
    return v == MQTT_V5 ? "5.0" : v == MQTT_V311 ? "3.1.1" : "3.1";
}

typedef struct ctx {
    const vec *v;
    int failures;
    const char *tag;
} ctx;

static void problem(ctx *c, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    print_message("FAIL [%s %s %s]%s %s: %s\n", vname(c->v->v), c->v->dir == MQTT_C2S ? "C->S" : "S->C",
                  c->v->name, c->tag ? c->tag : "", c->v->bytes, msg);
    c->failures++;
}

/* "a|b|§": exact alternatives; "§" alone matches any section reference. */
static bool stmt_matches(const char *want, const char *got)
{
    if (!want)
        return true;
    const char *p = want;
    while (*p) {
        const char *bar = strchr(p, '|');
        size_t n = bar ? (size_t)(bar - p) : strlen(p);
        if (n == strlen("§") && strncmp(p, "§", n) == 0) {
            if (strncmp(got, "§", strlen("§")) == 0)
                return true;
        } else if (strlen(got) == n && strncmp(p, got, n) == 0) {
            return true;
        }
        if (!bar)
            break;
        p = bar + 1;
    }
    return false;
}

/* Fixed header length as the spec defines it: 1 type byte plus 1..4 VBI bytes. */
static size_t header_len(const uint8_t *b, size_t n)
{
    size_t i = 1;
    while (i < n && i < 5 && (b[i] & 0x80))
        i++;
    return i + 1;
}

static void check_valid(ctx *c, const uint8_t *b, size_t n, const mqtt_decode_opts *o, const mqtt_packet *p)
{
    const vec *v = c->v;
    char got[2048];
    describe_packet(p, v->v, got, sizeof got);
    if (strcmp(got, v->expect) != 0)
        problem(c, "fields differ\n    want: %s\n    got:  %s", v->expect, got);
    if ((unsigned)p->type != (unsigned)(b[0] >> 4) || p->flags != (b[0] & 15))
        problem(c, "type/flags %d/%x, first byte %02x", (int)p->type, p->flags, b[0]);
    if (p->total != n || p->remaining != n - header_len(b, n))
        problem(c, "total %zu remaining %lu for %zu bytes", p->total, (unsigned long)p->remaining, n);
    if (p->noncanonical != v->noncanonical)
        problem(c, "noncanonical is %d, the spec's shortest form says %d", p->noncanonical, v->noncanonical);

    /* Framing agrees with the decoder on where the packet ends. */
    mqtt_frame fr;
    mqtt_error err;
    mqtt_status st = mqtt_frame_next(b, n, o, &fr, &err);
    if (st != MQTT_OK || fr.total != n)
        problem(c, "mqtt_frame_next gave status %d total %zu", (int)st, fr.total);

    /* encode(decode(b)) == b for canonical b; shorter otherwise. */
    uint8_t enc[MAXPKT];
    size_t written = 0, size = 0;
    st = mqtt_encode(p, o, enc, sizeof enc, &written, &err);
    if (st != MQTT_OK) {
        problem(c, "re-encode failed: %s (%s)", mqtt_errcode_name(err.code), err.stmt ? err.stmt : "NULL");
        return;
    }
    if (mqtt_encoded_size(p, o, &size, &err) != MQTT_OK || size != written)
        problem(c, "mqtt_encoded_size %zu but mqtt_encode wrote %zu", size, written);
    if (!v->noncanonical && (written != n || memcmp(enc, b, n) != 0))
        problem(c, "canonical packet re-encoded to %zu bytes, not the same %zu", written, n);
    if (v->noncanonical && written >= n)
        problem(c, "non-canonical packet re-encoded to %zu bytes, not shorter than %zu", written, n);

    /* decode(encode(x)) == x */
    mqtt_packet again;
    st = mqtt_decode(enc, written, o, &again, &err);
    if (st != MQTT_OK)
        problem(c, "re-encoded bytes do not decode: %s", mqtt_errcode_name(err.code));
    else if (!mqtt_packet_equal(p, &again))
        problem(c, "decode(encode(x)) != x");
}

static void check_invalid(ctx *c, mqtt_status st, const mqtt_error *err)
{
    const vec *v = c->v;
    if (st == MQTT_OK || st == MQTT_NEED_MORE) {
        problem(c, "accepted (status %d), want %s", (int)st, mqtt_errcode_name(v->code));
        return;
    }
    if (err->code != v->code && (v->alt == MQTT_E_NONE || err->code != v->alt))
        problem(c, "error %s (%s), want %s", mqtt_errcode_name(err->code), err->stmt ? err->stmt : "NULL",
                mqtt_errcode_name(v->code));
    if (!err->stmt) {
        problem(c, "error without a statement");
        return;
    }
    if (err->code == v->code && !stmt_matches(v->stmt, err->stmt))
        problem(c, "statement %s, want %s", err->stmt, v->stmt);
    if (err->status != st)
        problem(c, "returned status %d but err.status %d", (int)st, (int)err->status);
    if (v->status != MQTT_OK && err->status != v->status)
        problem(c, "class %s, want %s", mqtt_status_name(err->status), mqtt_status_name(v->status));
    if (v->reason && err->reason != v->reason)
        problem(c, "reason 0x%02x, want 0x%02x", err->reason, v->reason);
    if (!err->message)
        problem(c, "error without a message");
}

static void run_table(void **state)
{
    const vec_table *t = *state;
    int failures = 0;
    for (size_t i = 0; i < t->n; i++) {
        ctx c = {&t->v[i], 0, ""};
        const vec *v = c.v;
        uint8_t b[MAXPKT];
        char perr[128];
        size_t n = notation_parse(v->bytes, b, sizeof b, perr, sizeof perr);
        if (n == 0) {
            problem(&c, "bad notation: %s", perr);
            failures += c.failures;
            continue;
        }
        mqtt_policy pol;
        vec_policy_fill(v->pol, &pol);
        /* Default-policy vectors run twice: with the policy spelled out and with
         * NULL, which may take a different (faster) path through the decoder. */
        int passes = v->pol == POL_DEFAULT ? 2 : 1;
        for (int pass = 0; pass < passes; pass++) {
            c.tag = pass ? " (policy NULL)" : "";
            mqtt_decode_opts o = {v->v, v->dir, pass ? NULL : &pol};
            mqtt_packet p;
            mqtt_error err;
            memset(&err, 0, sizeof err);
            mqtt_status st = mqtt_decode(b, n, &o, &p, &err);
            if (v->expect) {
                if (st != MQTT_OK)
                    problem(&c, "rejected: %s %s (%s) at %zu field %s", mqtt_status_name(st),
                            mqtt_errcode_name(err.code), err.stmt ? err.stmt : "NULL", err.offset,
                            err.field ? err.field : "");
                else
                    check_valid(&c, b, n, &o, &p);
            } else {
                check_invalid(&c, st, &err);
            }
            /* No proper prefix is a whole packet. */
            for (size_t k = 0; k < n; k++) {
                if (mqtt_decode(b, k, &o, &p, &err) == MQTT_OK) {
                    problem(&c, "prefix of %zu bytes decoded", k);
                    break;
                }
            }
        }
        failures += c.failures;
    }
    if (failures)
        fail_msg("%s: %d problem(s) in %zu vectors", t->file, failures, t->n);
}

static void vector_count(void **state)
{
    (void)state;
    const vec_table *all[] = {&vectors_connect, &vectors_connack, &vectors_publish, &vectors_acks,
                              &vectors_subscribe, &vectors_unsubscribe, &vectors_control, &vectors_props};
    size_t n = 0, valid = 0;
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        n += all[i]->n;
        for (size_t j = 0; j < all[i]->n; j++)
            valid += all[i]->v[j].expect != NULL;
    }
    print_message("%zu vectors (%zu valid, %zu invalid)\n", n, valid, n - valid);
    assert_true(n >= 250);
}

#define TABLE(t) cmocka_unit_test_prestate(run_table, (void *)&t)

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(vector_count),
        TABLE(vectors_connect),
        TABLE(vectors_connack),
        TABLE(vectors_publish),
        TABLE(vectors_acks),
        TABLE(vectors_subscribe),
        TABLE(vectors_unsubscribe),
        TABLE(vectors_control),
        TABLE(vectors_props),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
