/* walk, second half: the codec's helper APIs driven by what the input
 * decoded to, each against an oracle that does not share its code.
 *  - topic matching: every PUBLISH topic of the input against every filter
 *    of the input's SUBSCRIBE / UNSUBSCRIBE packets, compared with a
 *    level-by-level matcher written here (§4.7);
 *  - raw builder: the fixed header is rebuilt with mqtt_raw_begin/end at a
 *    Remaining Length width chosen by the input; the framer must accept the
 *    minimal width and reject every longer one with a statement id;
 *  - equality: each packet is compared with the previous one of its type in
 *    the same input; mqtt_packet_equal must be symmetric and agree with the
 *    encoder (two packets are equal exactly when they encode to the same
 *    shortest form);
 *  - names: every reason code met has a name in its packet's table, and the
 *    decoder answers the same without an error out-parameter. */
#include "walk_api.h"

#include <stdlib.h>
#include <string.h>

#define MAX_FILTERS 16
#define MAX_TOPICS 16
#define MAX_ITEM 512

static struct item { uint8_t b[MAX_ITEM]; size_t n; } filters[MAX_FILTERS], topics[MAX_TOPICS];
static size_t nfilters, ntopics;

/* The previous packet of each type in this input (bytes, re-decoded when used). */
#define MAX_PREV 4096
static struct prev { uint8_t b[MAX_PREV]; size_t n; } prevs[16];

void walk_api_reset(void)
{
    nfilters = ntopics = 0;
    for (size_t i = 0; i < 16; i++)
        prevs[i].n = 0;
}

/* Encodes into a fresh exact-size buffer; NULL when the encoder refuses. */
static uint8_t *encode_exact(const mqtt_packet *p, const hi_input *in, size_t *n)
{
    size_t need = 0;
    if (mqtt_encoded_size(p, &in->opts, &need, NULL) != MQTT_OK || need == 0)
        return NULL;
    uint8_t *b = malloc(need);
    if (!b)
        return NULL;
    /* A buffer one byte short must be refused without a write past it. */
    if (mqtt_encode(p, &in->opts, b, need - 1, n, NULL) != MQTT_USAGE || *n != 0)
        hi_fail("walk: mqtt_encode into %zu of %zu bytes did not refuse", need - 1, need);
    if (mqtt_encode(p, &in->opts, b, need, n, NULL) != MQTT_OK || *n != need) {
        free(b);
        return NULL;
    }
    return b;
}

static void compare_with_prev(const uint8_t *pkt, size_t len, const mqtt_packet *p, const hi_input *in)
{
    struct prev *pv = &prevs[p->type & 15];
    if (pv->n) {
        mqtt_packet q;
        if (mqtt_decode(pv->b, pv->n, &in->opts, &q, NULL) != MQTT_OK)
            hi_fail("walk: a packet that decoded before no longer decodes");
        bool eq = mqtt_packet_equal(p, &q);
        if (eq != mqtt_packet_equal(&q, p))
            hi_fail("walk: mqtt_packet_equal is not symmetric for two %s", mqtt_type_name(p->type));
        size_t na = 0, nb = 0;
        uint8_t *ea = encode_exact(p, in, &na), *eb = encode_exact(&q, in, &nb);
        if (ea && eb && eq != (na == nb && memcmp(ea, eb, na) == 0))
            hi_fail("walk: mqtt_packet_equal says %s but the encodings %s", eq ? "equal" : "different",
                    eq ? "differ" : "are the same");
        free(ea);
        free(eb);
    }
    if (len <= MAX_PREV) {
        memcpy(pv->b, pkt, len);
        pv->n = len;
    }
}

/* Next level of s starting at *pos: [*pos, end); *pos moves past the '/'.
 * Returns false when there is no level left. */
static bool level(const struct item *s, size_t *pos, bool *more, size_t *b, size_t *e)
{
    if (!*more)
        return false;
    *b = *pos;
    while (*pos < s->n && s->b[*pos] != '/')
        (*pos)++;
    *e = *pos;
    if (*pos < s->n)
        (*pos)++;
    else
        *more = false;
    return true;
}

/* §4.7.1: '#' matches its parent level and everything below, '+' exactly one
 * level; §4.7.2: a filter starting with a wildcard never matches a topic
 * starting with '$'. */
static bool ref_match(const struct item *f, const struct item *t)
{
    if (t->n && t->b[0] == '$' && f->n && (f->b[0] == '+' || f->b[0] == '#'))
        return false;
    size_t fp = 0, tp = 0, fb, fe, tb, te;
    bool fm = true, tm = true;
    for (;;) {
        bool hf = level(f, &fp, &fm, &fb, &fe);
        if (hf && fe - fb == 1 && f->b[fb] == '#')
            return true;
        bool ht = level(t, &tp, &tm, &tb, &te);
        if (!hf || !ht)
            return hf == ht;
        if (fe - fb == 1 && f->b[fb] == '+')
            continue;
        if (fe - fb != te - tb || memcmp(f->b + fb, t->b + tb, fe - fb) != 0)
            return false;
    }
}

static void check_pair(const struct item *f, const struct item *t)
{
    bool got = mqtt_topic_matches(f->b, f->n, t->b, t->n);
    if (got != ref_match(f, t))
        hi_fail("walk: mqtt_topic_matches('%.*s', '%.*s') = %d, reference says %d", (int)f->n, f->b,
                (int)t->n, t->b, got, !got);
}

static void remember(struct item *set, size_t *n, size_t max, mqtt_view v, bool is_filter)
{
    if (*n >= max || v.len > MAX_ITEM || (is_filter && v.len >= 7 && !memcmp(v.p, "$share/", 7)))
        return; /* shared filters match on their filter part; not compared here */
    struct item *it = &set[(*n)++];
    memcpy(it->b, v.p, v.len);
    it->n = v.len;
    if (is_filter)
        for (size_t i = 0; i < ntopics; i++)
            check_pair(it, &topics[i]);
    else
        for (size_t i = 0; i < nfilters; i++)
            check_pair(&filters[i], it);
}

static void walk_header(const uint8_t *pkt, size_t len, const mqtt_packet *p, const hi_input *in)
{
    /* Width from the input (1..5), so each packet tries one width; 0 asks
     * the builder for the minimal form. */
    size_t minimal = mqtt_vbi_size(p->remaining);
    int width = 1 + (int)((pkt[len - 1] + len) % 5);
    if (width <= (int)minimal)
        width = width == (int)minimal ? (int)minimal : 0;
    size_t body = p->remaining, want = 1 + (width ? (size_t)width : minimal) + body;
    uint8_t *copy = malloc(want + 1);
    if (!copy)
        return;
    /* Body first, then the length inserted in front of it; the override
     * alternates with the computed length so both paths are taken. */
    mqtt_raw r;
    mqtt_raw_init(&r, copy, want);
    size_t mark = mqtt_raw_begin(&r, pkt[0]);
    mqtt_raw_bytes(&r, pkt + (len - body), body);
    mqtt_raw_end(&r, mark, (len & 1) ? -1 : (int64_t)body, width);
    if (r.overflow || r.len != want)
        hi_fail("walk: raw packet of %zu bytes came out as %zu%s", want, r.len, r.overflow ? " (overflow)" : "");
    /* A raw VBI of the same value and width must be the header's tail. */
    uint8_t vb[8];
    mqtt_raw v;
    mqtt_raw_init(&v, vb, sizeof vb);
    mqtt_raw_vbi(&v, (uint32_t)body, width);
    if (v.len != want - 1 - body || memcmp(vb, copy + 1, v.len) != 0)
        hi_fail("walk: mqtt_raw_vbi and mqtt_raw_end disagree on %zu at width %d", body, width);
    /* Minimal width is the packet again; a longer one must be rejected with
     * a statement id (MQTT-1.5.5-1 / §2.2.3). */
    mqtt_frame fr;
    mqtt_error err;
    memset(&err, 0, sizeof err);
    mqtt_status st = mqtt_frame_next(copy, want, &in->opts, &fr, &err);
    if (v.len == minimal) {
        if (st != MQTT_OK || fr.total != want || want != len || memcmp(copy, pkt, len) != 0)
            hi_fail("walk: minimal raw header does not give the packet back (status %d)", (int)st);
    } else if (st == MQTT_OK || st == MQTT_NEED_MORE) {
        hi_fail("walk: a %zu-byte Remaining Length for %zu is accepted", v.len, body);
    } else {
        hi_check_reject(st, &err, want, "walk raw header");
    }
    /* One byte short: overflow, and nothing written past the buffer. */
    copy[want - 1] = 0x5A;
    mqtt_raw_init(&r, copy, want - 1);
    mark = mqtt_raw_begin(&r, pkt[0]);
    mqtt_raw_bytes(&r, pkt + (len - body), body);
    mqtt_raw_end(&r, mark, -1, width);
    if (!r.overflow || r.len > want - 1 || copy[want - 1] != 0x5A)
        hi_fail("walk: raw builder one byte short: overflow %d, length %zu of %zu", r.overflow, r.len,
                want - 1);
    free(copy);
}

/* The property tables answer consistently for any id, and the iterator,
 * although it trusts a validation pass, never reads outside a block of
 * garbage it is (wrongly) handed, and always ends. The payload of a PUBLISH
 * serves as the garbage: it is fuzzer-controlled and unvalidated. */
static void garbage_props(const uint8_t *p, size_t n, const hi_input *in)
{
    for (size_t i = 0; i < n && i < 8; i++) {
        mqtt_prop_type t = mqtt_prop_type_of(p[i]);
        if ((t == MQTT_PT_NONE) != (mqtt_prop_name(p[i]) == NULL))
            hi_fail("walk: property 0x%02x has a type but no name, or the reverse", p[i]);
        for (int c = 0; c < MQTT_PCTX_COUNT; c++)
            if (mqtt_prop_allowed(p[i], (mqtt_prop_ctx)c) && t == MQTT_PT_NONE)
                hi_fail("walk: undefined property 0x%02x allowed in context %d", p[i], c);
    }
    if (n > 1024)
        return;
    const uint8_t *w = hi_window(2, p, n);
    mqtt_props block = {w, n, true};
    mqtt_prop_iter it;
    mqtt_prop pr;
    size_t count = 0;
    mqtt_prop_iter_init(&it, &block);
    while (mqtt_prop_next(&it, &pr)) {
        if (++count > n)
            hi_fail("walk: iterator over %zu garbage bytes does not end", n);
        if (it.p > w + n)
            hi_fail("walk: iterator moved past the end of its block");
    }
    mqtt_error err;
    if (mqtt_props_validate(&block, MQTT_PCTX_PUBLISH, in->opts.dir, &in->policy, 0, &err) == MQTT_OK &&
        it.p != w + n)
        hi_fail("walk: a block the validator accepts is not consumed by the iterator");
    (void)mqtt_props_find(&block, MQTT_PROP_USER_PROPERTY, &pr);
}

static void reason_named(mqtt_type t, uint8_t code)
{
    const char *n = mqtt_reason_name(code, t);
    if (!n || !*n)
        hi_fail("walk: reason 0x%02x on %s has no name", code, mqtt_type_name(t));
}

void walk_api_packet(const uint8_t *pkt, size_t len, const mqtt_packet *p, const hi_input *in)
{
    bool v5 = in->opts.version == MQTT_V5;
    walk_header(pkt, len, p, in);
    compare_with_prev(pkt, len, p, in);

    /* Same verdict without an error out-parameter. */
    mqtt_packet q;
    if (mqtt_decode(pkt, len, &in->opts, &q, NULL) != MQTT_OK)
        hi_fail("walk: packet decodes with an error record but not without one");
    if (!mqtt_status_name(MQTT_OK) || !mqtt_type_name(p->type))
        hi_fail("walk: missing status or type name");

    switch (p->type) {
    case MQTT_PUBLISH:
        if (p->u.publish.topic.len)
            remember(topics, &ntopics, MAX_TOPICS, p->u.publish.topic, false);
        garbage_props(p->u.publish.payload.p, p->u.publish.payload.len, in);
        break;
    case MQTT_SUBSCRIBE: {
        mqtt_list_iter it;
        mqtt_sub_entry e;
        mqtt_sub_iter_init(&it, &p->u.subscribe, in->opts.version);
        while (mqtt_sub_next(&it, &e))
            remember(filters, &nfilters, MAX_FILTERS, e.filter, true);
        break;
    }
    case MQTT_UNSUBSCRIBE: {
        mqtt_list_iter it;
        mqtt_view f;
        mqtt_unsub_iter_init(&it, &p->u.unsubscribe);
        while (mqtt_unsub_next(&it, &f))
            remember(filters, &nfilters, MAX_FILTERS, f, true);
        break;
    }
    case MQTT_PUBACK: case MQTT_PUBREC: case MQTT_PUBREL: case MQTT_PUBCOMP:
        if (v5)
            reason_named(p->type, p->u.ack.code);
        break;
    case MQTT_CONNACK:
        if (v5)
            reason_named(p->type, p->u.connack.code);
        break;
    case MQTT_SUBACK: case MQTT_UNSUBACK:
        for (size_t i = 0; i < p->u.suback.codes.len; i++)
            if (v5 || p->type == MQTT_SUBACK)
                reason_named(p->type, p->u.suback.codes.p[i]);
        break;
    case MQTT_DISCONNECT: case MQTT_AUTH:
        if (v5)
            reason_named(p->type, p->u.reason.code);
        break;
    default: break;
    }
}
