/* Structure-aware mutations: fields are changed as the protocol types them
 * (flags, integers, strings, property ids and values, reason codes,
 * variable byte integers), packets are inserted, deleted, swapped and
 * crossed over whole, and serializing re-fixes every length. A small
 * fraction of mutations lies about one length on purpose, since length
 * handling is where MQTT parsers break. */
#include "mqmutator.h"

#include <stdlib.h>
#include <string.h>

typedef struct rng { uint64_t s; } rng;

static uint32_t rnd(rng *r)
{
    /* splitmix64: one state word, good enough to pick mutations */
    uint64_t z = (r->s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return (uint32_t)((z ^ (z >> 31)) >> 32);
}

static uint32_t below(rng *r, uint32_t n) { return n ? rnd(r) % n : 0; }
#define PICK(r, arr) ((arr)[below((r), (uint32_t)(sizeof(arr) / sizeof((arr)[0])))])

static const char *const tokens[] = {
    "", "#", "+", "/", "a", "a/b", "+/+", "a/#", "#/a", "a+", "a/+/c", "//", "$SYS/", "$SYS/#",
    "$share/", "$share/g/a", "$share//a", "$share/g", "$share/g+/a", "$share/g/#", "$SYS", "MQTT",
    "MQIsdp", "mqtt", "\xC0\x80", "\xED\xA0\x80", "\xED\xBF\xBF", "\xEF\xBB\xBF", "\xF4\x90\x80\x80",
    "\xEF\xBF\xBF", "\xEF\xBF\xBE", "\xEF\xB7\x90", "\x7F", "\x01", "\x1F", "\xC2\x80", "\xC2\x9F", "\xFF",
    "\xE0\x80\xAF", "\xF0\x9F\x98\x80", "\xC3\xA9", "\xC3", "\xE2\x82", "\xF8\x88\x80\x80\x80", "text/plain",
    ("a\x00" "b")};
/* lengths of tokens, since one holds a NUL */
static size_t token_len(size_t i) { return i == sizeof tokens / sizeof tokens[0] - 1 ? 3 : strlen(tokens[i]); }

static const uint8_t reason_codes[] = {
    0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x10, 0x11, 0x18, 0x19, 0x7F, 0x80, 0x81, 0x82, 0x83, 0x84,
    0x85, 0x86, 0x87, 0x88, 0x89, 0x8A, 0x8B, 0x8C, 0x8D, 0x8E, 0x8F, 0x90, 0x91, 0x92, 0x93, 0x94,
    0x95, 0x96, 0x97, 0x98, 0x99, 0x9A, 0x9B, 0x9C, 0x9D, 0x9E, 0x9F, 0xA0, 0xA1, 0xA2, 0xFF};
static const uint8_t prop_ids[] = {
    0x01, 0x02, 0x03, 0x08, 0x09, 0x0B, 0x11, 0x12, 0x13, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1A,
    0x1C, 0x1F, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2A,
    0x00, 0x04, 0x2B, 0x7F, 0x80, 0xFF}; /* the last ones are undefined */
static const uint32_t vbi_edges[] = {0, 1, 2, 127, 128, 16383, 16384, 2097151, 2097152, 268435455};
static const uint32_t u16_edges[] = {0, 1, 2, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xfffe, 0xffff};
static const uint32_t u32_edges[] = {0, 1, 0x7f, 0xffff, 0x10000, 0x7fffffff, 0x80000000u, 0xfffffffeu, 0xffffffffu};
static const uint8_t byte_edges[] = {0, 1, 2, 3, 0x7f, 0x80, 0xff};
static const uint8_t levels[] = {3, 4, 5, 0, 6, 0x83, 0x84, 0x85, 0xff};
static const int lies[] = {-1, 1, -2, 2, 3, -3, 100, 65535, 1 << 21, 268435455};

/* Minimal valid packets to insert, per version family (header 02 = v5). */
static const uint8_t templates_v5[] = {
    0x02, 0x00,
    0x10, 0x10, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x05, 0x02, 0x00, 0x3c, 0x00, 0x00, 0x01, 'c',
    0x20, 0x03, 0x00, 0x00, 0x00,
    0x32, 0x0a, 0x00, 0x03, 'a', '/', 'b', 0x00, 0x01, 0x02, 0x23, 0x00,
    0x82, 0x09, 0x00, 0x01, 0x00, 0x00, 0x03, 'a', '/', '#', 0x01,
    0x90, 0x04, 0x00, 0x01, 0x00, 0x01,
    0xa2, 0x07, 0x00, 0x01, 0x00, 0x00, 0x01, 'a', 0x00,
    0xb0, 0x04, 0x00, 0x01, 0x00, 0x00,
    0x40, 0x02, 0x00, 0x01, 0x62, 0x04, 0x00, 0x01, 0x92, 0x00,
    0xc0, 0x00, 0xd0, 0x00, 0xe0, 0x02, 0x8e, 0x00, 0xf0, 0x02, 0x18, 0x00};
static const uint8_t templates_v3[] = {
    0x01, 0x00,
    0x10, 0x0f, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04, 0x02, 0x00, 0x3c, 0x00, 0x03, 'c', 'i', 'd',
    0x20, 0x02, 0x00, 0x00,
    0x32, 0x08, 0x00, 0x03, 'a', '/', 'b', 0x00, 0x01, 'x',
    0x82, 0x08, 0x00, 0x01, 0x00, 0x03, 'a', '/', '+', 0x01,
    0x90, 0x03, 0x00, 0x01, 0x80,
    0xa2, 0x05, 0x00, 0x01, 0x00, 0x01, '#',
    0xb0, 0x02, 0x00, 0x01, 0x50, 0x02, 0x00, 0x01, 0x62, 0x02, 0x00, 0x01,
    0xc0, 0x00, 0xd0, 0x00, 0xe0, 0x00};

typedef struct mstate {
    mm_msg *a, *b, *tv5, *tv3;
    uint8_t *scratch;
    size_t scratch_cap;
} mstate;

static mstate st;

static bool ensure(size_t max_size)
{
    size_t arena = 2 * max_size + 65536;
    if (st.a && st.a->arena_cap >= arena && st.scratch_cap >= max_size)
        return true;
    mm_free(st.a);
    mm_free(st.b);
    free(st.scratch);
    st.a = mm_new(arena);
    st.b = mm_new(arena);
    st.scratch = malloc(max_size ? max_size : 1);
    st.scratch_cap = max_size;
    if (!st.tv5) {
        st.tv5 = mm_new(4096);
        st.tv3 = mm_new(4096);
        if (st.tv5 && st.tv3) {
            mm_parse(st.tv5, templates_v5, sizeof templates_v5);
            mm_parse(st.tv3, templates_v3, sizeof templates_v3);
        }
    }
    return st.a && st.b && st.scratch && st.tv5 && st.tv3;
}

/* Copies a packet of another message, its bytes into m's arena. */
static bool import_packet(mm_msg *m, const mm_msg *from, const mm_packet *src, size_t at)
{
    mm_packet pk = *src;
    for (size_t i = 0; i < pk.n; i++) {
        mm_node *n = &pk.nodes[i];
        if (n->kind == MM_STR || n->kind == MM_RAW) {
            uint32_t off = mm_store(m, from->arena + n->off, n->len);
            if (off == UINT32_MAX)
                return false;
            n->off = off;
        }
    }
    return mm_insert_packet(m, at, &pk);
}

/* Replaces a STR/RAW node's bytes. */
static void set_bytes(mm_msg *m, mm_node *n, const void *p, size_t len)
{
    uint32_t off = mm_store(m, p, len);
    if (off != UINT32_MAX) {
        n->off = off;
        n->len = (uint32_t)len;
    }
}

static void mutate_string(mm_msg *m, mm_node *n, rng *r)
{
    uint8_t buf[512];
    size_t len = n->len < sizeof buf ? n->len : sizeof buf;
    memcpy(buf, m->arena + n->off, len);
    size_t t = below(r, sizeof tokens / sizeof tokens[0]);
    size_t tl = token_len(t);
    switch (below(r, 7)) {
    case 0: set_bytes(m, n, tokens[t], tl); return; /* replace by a token */
    case 1: /* insert a token at a random place */
        if (len + tl <= sizeof buf) {
            size_t at = below(r, (uint32_t)len + 1);
            memmove(buf + at + tl, buf + at, len - at);
            memcpy(buf + at, tokens[t], tl);
            len += tl;
        }
        break;
    case 2: /* delete a range */
        if (len) {
            size_t at = below(r, (uint32_t)len), k = 1 + below(r, (uint32_t)(len - at));
            memmove(buf + at, buf + at + k, len - at - k);
            len -= k;
        }
        break;
    case 3: if (len) buf[below(r, (uint32_t)len)] ^= (uint8_t)(1u << below(r, 8)); break;
    case 4: if (len) buf[below(r, (uint32_t)len)] = (uint8_t)rnd(r); break;
    case 5: { /* grow: long strings cross 1- and 2-byte length boundaries */
        size_t target = PICK(r, ((const uint32_t[]){127, 128, 255, 256, 300, 511}));
        while (len < target && len < sizeof buf) {
            buf[len] = (uint8_t)('a' + len % 26);
            len++;
        }
        break;
    }
    default: len = 0; break;
    }
    set_bytes(m, n, buf, len);
}

static void mutate_raw(mm_msg *m, mm_node *n, rng *r)
{
    uint8_t buf[1024];
    size_t len = n->len < sizeof buf ? n->len : sizeof buf;
    memcpy(buf, m->arena + n->off, len);
    switch (below(r, 5)) {
    case 0: if (len) buf[below(r, (uint32_t)len)] = n->role == MR_CODES ? PICK(r, reason_codes) : (uint8_t)rnd(r); break;
    case 1: /* append (a reason code for SUBACK/UNSUBACK lists) */
        if (len < sizeof buf)
            buf[len++] = n->role == MR_CODES ? PICK(r, reason_codes) : (uint8_t)rnd(r);
        break;
    case 2: if (len) len -= 1 + below(r, (uint32_t)len); break;
    case 3: if (len) buf[below(r, (uint32_t)len)] ^= (uint8_t)(1u << below(r, 8)); break;
    default: len = 0; break;
    }
    set_bytes(m, n, buf, len);
}

/* A property with a plausible value of its type. */
static size_t make_prop(mm_msg *m, mm_node *out, uint8_t depth, rng *r)
{
    uint8_t id = PICK(r, prop_ids);
    int k = mm_prop_kind(id);
    memset(out, 0, 3 * sizeof out[0]);
    out[0].kind = MM_PID;
    out[0].val = id;
    out[0].depth = depth;
    out[1].depth = out[2].depth = depth;
    out[1].role = out[2].role = MR_PROPVAL;
    switch (k) {
    case MM_BYTE: case -1: out[1].kind = MM_BYTE; out[1].val = PICK(r, byte_edges); return 2;
    case MM_U16: out[1].kind = MM_U16; out[1].val = PICK(r, u16_edges); return 2;
    case MM_U32: out[1].kind = MM_U32; out[1].val = PICK(r, u32_edges); return 2;
    case MM_VBI: out[1].kind = MM_VBI; out[1].val = PICK(r, vbi_edges); return 2;
    default: break;
    }
    size_t t = below(r, sizeof tokens / sizeof tokens[0]);
    out[1].kind = MM_STR;
    out[1].off = mm_store(m, tokens[t], token_len(t));
    out[1].len = out[1].off == UINT32_MAX ? 0 : (uint32_t)token_len(t);
    if (out[1].off == UINT32_MAX)
        out[1].off = 0;
    if (!mm_prop_is_pair(id))
        return 2;
    out[2] = out[1];
    return 3;
}

static void mutate_props(mm_msg *m, mm_packet *pk, size_t i, rng *r)
{
    size_t span = mm_node_span(pk, i);
    uint8_t d = (uint8_t)(pk->nodes[i].depth + 1);
    /* indices of the properties inside */
    size_t pids[MM_MAX_NODES], np = 0;
    for (size_t j = i + 1; j < i + span; j++)
        if (pk->nodes[j].kind == MM_PID)
            pids[np++] = j;
    switch (below(r, 4)) {
    case 0: case 1: { /* insert a (possibly disallowed or undefined) property */
        mm_node nn[3];
        size_t k = make_prop(m, nn, d, r);
        size_t at = np ? (below(r, 2) ? pids[below(r, (uint32_t)np)] : i + span) : i + 1;
        mm_insert_nodes(pk, at, nn, k);
        break;
    }
    case 2: /* duplicate a property */
        if (np) {
            size_t j = pids[below(r, (uint32_t)np)], s = mm_node_span(pk, j);
            mm_node copy[8];
            if (s <= 8) {
                memcpy(copy, &pk->nodes[j], s * sizeof copy[0]);
                mm_insert_nodes(pk, j + s, copy, s);
            }
        }
        break;
    default: /* delete a property */
        if (np) {
            size_t j = pids[below(r, (uint32_t)np)];
            mm_delete_nodes(pk, j, mm_node_span(pk, j));
        }
        break;
    }
}

static void mutate_node(mm_msg *m, mm_packet *pk, size_t i, rng *r)
{
    mm_node *n = &pk->nodes[i];
    switch (n->kind) {
    case MM_BYTE:
        switch (n->role) {
        case MR_REASON: n->val = PICK(r, reason_codes); break;
        case MR_LEVEL: n->val = PICK(r, levels); break;
        case MR_CFLAGS: case MR_ACK_FLAGS: case MR_SUBOPT: n->val ^= 1u << below(r, 8); break;
        default: n->val = below(r, 2) ? PICK(r, byte_edges) : (uint8_t)rnd(r); break;
        }
        break;
    case MM_U16: n->val = below(r, 3) ? PICK(r, u16_edges) : (n->val + (below(r, 2) ? 1 : 0xffff)) & 0xffff; break;
    case MM_U32: n->val = below(r, 3) ? PICK(r, u32_edges) : rnd(r); break;
    case MM_VBI: n->val = PICK(r, vbi_edges); break;
    case MM_STR: mutate_string(m, n, r); break;
    case MM_RAW: mutate_raw(m, n, r); break;
    case MM_PID: n->val = PICK(r, prop_ids); break;
    case MM_PROPS: mutate_props(m, pk, i, r); break;
    default: break;
    }
}

static void mutate_packets(mm_msg *m, const mm_msg *other, rng *r)
{
    const mm_msg *tpl = mm_version(m) == 5 ? st.tv5 : st.tv3;
    switch (below(r, other ? 6 : 5)) {
    case 0: /* insert a template packet */
        if (tpl->np)
            import_packet(m, tpl, &tpl->pk[below(r, (uint32_t)tpl->np)], below(r, (uint32_t)m->np + 1));
        break;
    case 1: /* duplicate a packet */
        if (m->np)
            import_packet(m, m, &m->pk[below(r, (uint32_t)m->np)], below(r, (uint32_t)m->np + 1));
        break;
    case 2: if (m->np > 1) mm_delete_packet(m, below(r, (uint32_t)m->np)); break;
    case 3: /* swap two packets */
        if (m->np > 1) {
            size_t x = below(r, (uint32_t)m->np), y = below(r, (uint32_t)m->np);
            mm_packet t = m->pk[x];
            m->pk[x] = m->pk[y];
            m->pk[y] = t;
        }
        break;
    case 4: /* the fixed header: another type, or other flag bits */
        if (m->np) {
            mm_packet *pk = &m->pk[below(r, (uint32_t)m->np)];
            if (below(r, 3))
                pk->first ^= (uint8_t)(1u << below(r, 4));
            else
                pk->first = (uint8_t)((below(r, 16) << 4) | (pk->first & 15));
        }
        break;
    default: /* crossover: a run of the other input's packets */
        if (other->np) {
            size_t from = below(r, (uint32_t)other->np), k = 1 + below(r, (uint32_t)(other->np - from));
            size_t at = below(r, (uint32_t)m->np + 1);
            for (size_t j = 0; j < k; j++)
                if (!import_packet(m, other, &other->pk[from + j], at + j))
                    break;
        }
        break;
    }
}

static void mutate_once(mm_msg *m, const mm_msg *other, rng *r)
{
    uint32_t what = below(r, 100);
    if (what < 5) { /* version, direction, policy, chunking */
        if (below(r, 2))
            m->hdr[0] ^= (uint8_t)(1u << below(r, 8));
        else
            m->hdr[1] = (uint8_t)rnd(r);
        return;
    }
    if (what < 25 || m->np == 0) {
        mutate_packets(m, other, r);
        return;
    }
    mm_packet *pk = &m->pk[below(r, (uint32_t)m->np)];
    if (pk->n == 0) {
        mutate_packets(m, other, r);
        return;
    }
    mutate_node(m, pk, below(r, pk->n), r);
}

static size_t finish(uint8_t *data, size_t size, size_t max_size, rng *r)
{
    int lie_at = -1, delta = 0;
    size_t nl = mm_count_lengths(st.a);
    if (nl && below(r, 20) == 0) { /* lie about one length on purpose */
        lie_at = (int)below(r, (uint32_t)nl);
        delta = PICK(r, lies);
    }
    size_t n = mm_serialize(st.a, st.scratch, max_size, lie_at, delta);
    if (n == 0 || n < 2) {
        /* Grew past max_size: keep the input, change one byte. */
        if (size > 2)
            data[2 + below(r, (uint32_t)(size - 2))] ^= (uint8_t)(1u << below(r, 8));
        return size;
    }
    memcpy(data, st.scratch, n);
    return n;
}

size_t mqm_mutate(uint8_t *data, size_t size, size_t max_size, uint64_t seed, const uint8_t *other,
                  size_t other_size)
{
    rng r = {seed};
    if (max_size < 2 || !ensure(max_size))
        return size;
    if (!mm_parse(st.a, data, size)) {
        /* Too short for a header: start from a template stream. */
        const uint8_t *t = below(&r, 2) ? templates_v5 : templates_v3;
        size_t tl = t == templates_v5 ? sizeof templates_v5 : sizeof templates_v3;
        mm_parse(st.a, t, tl);
        st.a->np = st.a->np ? 1 + below(&r, (uint32_t)st.a->np) : 0;
    }
    const mm_msg *o = NULL;
    if (other && other_size >= 2 && mm_parse(st.b, other, other_size))
        o = st.b;
    uint32_t rounds = 1 + below(&r, 4);
    for (uint32_t i = 0; i < rounds; i++)
        mutate_once(st.a, o, &r);
    return finish(data, size, max_size, &r);
}

size_t mqm_crossover(const uint8_t *a, size_t asize, const uint8_t *b, size_t bsize, uint8_t *out,
                     size_t max_size, uint64_t seed)
{
    rng r = {seed};
    if (max_size < 2 || !ensure(max_size) || !mm_parse(st.a, a, asize) || !mm_parse(st.b, b, bsize))
        return 0;
    /* Keep a prefix of a's packets, then a run of b's. */
    if (st.a->np)
        st.a->np = below(&r, (uint32_t)st.a->np + 1);
    st.a->tail_len = 0;
    size_t from = st.b->np ? below(&r, (uint32_t)st.b->np) : 0;
    for (size_t j = from; j < st.b->np; j++)
        if (!import_packet(st.a, st.b, &st.b->pk[j], st.a->np))
            break;
    size_t n = mm_serialize(st.a, st.scratch, max_size, -1, 0);
    if (n)
        memcpy(out, st.scratch, n);
    return n;
}
