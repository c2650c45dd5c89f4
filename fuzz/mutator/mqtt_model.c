/* Lenient MQTT parser and length-fixing serializer for the mutator and the
 * minimizer. The field layouts follow MQTT 5.0 §3 and 3.1.1 §3; where bytes
 * do not fit, parsing stops and the rest of the body is kept as RAW. */
#include "mqmutator.h"
#include "mqttcodec.h"

#include <stdlib.h>
#include <string.h>

/* Property types come from the codec's table (MQTT 5.0 §2.2.2.2, Table
 * 2-4): one fact, one place. Binary Data and UTF-8 pairs are strings to the
 * model (a length prefix and bytes); pairs are two of them. */
int mm_prop_kind(uint8_t id)
{
    switch (mqtt_prop_type_of(id)) {
    case MQTT_PT_BYTE: return MM_BYTE;
    case MQTT_PT_U16: return MM_U16;
    case MQTT_PT_U32: return MM_U32;
    case MQTT_PT_VBI: return MM_VBI;
    case MQTT_PT_UTF8:
    case MQTT_PT_BINARY:
    case MQTT_PT_PAIR: return MM_STR;
    case MQTT_PT_NONE: break;
    }
    return -1;
}

bool mm_prop_is_pair(uint8_t id) { return mqtt_prop_type_of(id) == MQTT_PT_PAIR; }
bool mm_prop_is_binary(uint8_t id) { return mqtt_prop_type_of(id) == MQTT_PT_BINARY; }

mm_msg *mm_new(size_t arena_cap)
{
    mm_msg *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->arena = malloc(arena_cap ? arena_cap : 1);
    if (!m->arena) {
        free(m);
        return NULL;
    }
    m->arena_cap = arena_cap;
    return m;
}

void mm_free(mm_msg *m)
{
    if (m) {
        free(m->arena);
        free(m);
    }
}

uint32_t mm_store(mm_msg *m, const void *p, size_t len)
{
    if (len > m->arena_cap - m->arena_len)
        return UINT32_MAX;
    uint32_t off = (uint32_t)m->arena_len;
    if (len)
        memcpy(m->arena + off, p, len);
    m->arena_len += len;
    return off;
}

int mm_version(const mm_msg *m)
{
    static const int v[4] = {3, 4, 5, 5};
    return v[m->hdr[0] & 3];
}

/* ------------------------------------------------------------ parsing */

typedef struct pcur {
    mm_msg *m;
    mm_packet *pk;
    const uint8_t *p, *end;
    uint8_t depth;
    bool full; /* node list full: stop structuring */
} pcur;

static size_t left(const pcur *c) { return (size_t)(c->end - c->p); }

static bool add(pcur *c, uint8_t kind, uint8_t role, uint32_t val, const uint8_t *bytes, size_t len)
{
    if (c->full || c->pk->n >= MM_MAX_NODES - 1) {
        c->full = true;
        return false;
    }
    mm_node *n = &c->pk->nodes[c->pk->n];
    memset(n, 0, sizeof *n);
    n->kind = kind;
    n->role = role;
    n->depth = c->depth;
    n->val = val;
    if (kind == MM_STR || kind == MM_RAW) {
        uint32_t off = mm_store(c->m, bytes, len);
        if (off == UINT32_MAX) {
            c->full = true;
            return false;
        }
        n->off = off;
        n->len = (uint32_t)len;
    }
    c->pk->n++;
    return true;
}

static bool take_u8(pcur *c, uint8_t role, uint8_t *v)
{
    if (left(c) < 1 || c->full)
        return false;
    if (v)
        *v = c->p[0];
    if (!add(c, MM_BYTE, role, c->p[0], NULL, 0))
        return false;
    c->p += 1;
    return true;
}

static bool take_u16(pcur *c, uint8_t role)
{
    if (left(c) < 2 || c->full)
        return false;
    if (!add(c, MM_U16, role, (uint32_t)(c->p[0] << 8 | c->p[1]), NULL, 0))
        return false;
    c->p += 2;
    return true;
}

static bool take_u32(pcur *c, uint8_t role)
{
    if (left(c) < 4 || c->full)
        return false;
    uint32_t v = (uint32_t)c->p[0] << 24 | (uint32_t)c->p[1] << 16 | (uint32_t)c->p[2] << 8 | c->p[3];
    if (!add(c, MM_U32, role, v, NULL, 0))
        return false;
    c->p += 4;
    return true;
}

static bool read_vbi(const uint8_t *p, size_t n, uint32_t *v, size_t *used)
{
    uint32_t val = 0;
    for (size_t i = 0; i < 4 && i < n; i++) {
        val |= (uint32_t)(p[i] & 0x7f) << (7 * i);
        if (!(p[i] & 0x80)) {
            *v = val;
            *used = i + 1;
            return true;
        }
    }
    return false;
}

static bool take_vbi(pcur *c, uint8_t role)
{
    uint32_t v;
    size_t used;
    if (c->full || !read_vbi(c->p, left(c), &v, &used))
        return false;
    if (!add(c, MM_VBI, role, v, NULL, 0))
        return false;
    c->p += used;
    return true;
}

static bool take_str(pcur *c, uint8_t role)
{
    if (left(c) < 2 || c->full)
        return false;
    size_t n = (size_t)(c->p[0] << 8 | c->p[1]);
    if (left(c) - 2 < n)
        return false;
    if (!add(c, MM_STR, role, 0, c->p + 2, n))
        return false;
    c->p += 2 + n;
    return true;
}

static void take_rest(pcur *c, uint8_t role)
{
    if (left(c) && add(c, MM_RAW, role, 0, c->p, left(c)))
        c->p = c->end;
}

/* Property block: Property Length, then id/value pairs. */
static bool take_props(pcur *c)
{
    uint32_t plen;
    size_t used;
    if (c->full || !read_vbi(c->p, left(c), &plen, &used) || plen > left(c) - used)
        return false;
    if (!add(c, MM_PROPS, MR_NONE, 0, NULL, 0))
        return false;
    c->p += used;
    pcur in = *c;
    in.end = c->p + plen;
    in.depth = 1;
    while (in.p < in.end && !in.full) {
        uint8_t id = in.p[0];
        int k = mm_prop_kind(id);
        if (k < 0)
            break;
        size_t mark_n = c->pk->n;
        const uint8_t *mark_p = in.p;
        if (!add(&in, MM_PID, MR_NONE, id, NULL, 0))
            break;
        in.p++;
        bool ok;
        switch (k) {
        case MM_BYTE: ok = take_u8(&in, MR_PROPVAL, NULL); break;
        case MM_U16: ok = take_u16(&in, MR_PROPVAL); break;
        case MM_U32: ok = take_u32(&in, MR_PROPVAL); break;
        case MM_VBI: ok = take_vbi(&in, MR_PROPVAL); break;
        default:
            ok = take_str(&in, MR_PROPVAL) && (!mm_prop_is_pair(id) || take_str(&in, MR_PROPVAL));
            break;
        }
        if (!ok) { /* undo the partial property; the bytes go to RAW */
            c->pk->n = (uint16_t)mark_n;
            in.p = mark_p;
            in.full = false;
            break;
        }
    }
    take_rest(&in, MR_NONE);
    c->full = in.full;
    c->p = in.end;
    return true;
}

void mm_parse_packet(mm_msg *m, mm_packet *pk, const uint8_t *body, size_t blen)
{
    pcur c = {m, pk, body, body + blen, 0, false};
    bool v5 = mm_version(m) == 5;
    uint8_t type = pk->first >> 4, v;
    pk->n = 0;
    switch (type) {
    case 1: { /* CONNECT */
        uint8_t flags = 0;
        if (!take_str(&c, MR_PROTO_NAME) || !take_u8(&c, MR_LEVEL, NULL) ||
            !take_u8(&c, MR_CFLAGS, &flags) || !take_u16(&c, MR_KEEPALIVE))
            break;
        if (v5 && !take_props(&c))
            break;
        if (!take_str(&c, MR_CLIENT_ID))
            break;
        if (flags & 0x04) {
            if ((v5 && !take_props(&c)) || !take_str(&c, MR_TOPIC) || !take_str(&c, MR_PAYLOAD))
                break;
        }
        if ((flags & 0x80) && !take_str(&c, MR_STRING))
            break;
        if (flags & 0x40)
            take_str(&c, MR_PAYLOAD);
        break;
    }
    case 2: /* CONNACK */
        if (take_u8(&c, MR_ACK_FLAGS, NULL) && take_u8(&c, MR_REASON, NULL) && v5)
            take_props(&c);
        break;
    case 3: /* PUBLISH */
        if (!take_str(&c, MR_TOPIC))
            break;
        if ((pk->first & 0x06) && !take_u16(&c, MR_PACKET_ID))
            break;
        if (v5 && !take_props(&c))
            break;
        take_rest(&c, MR_PAYLOAD);
        break;
    case 4: case 5: case 6: case 7: /* PUBACK .. PUBCOMP */
        if (take_u16(&c, MR_PACKET_ID) && v5 && take_u8(&c, MR_REASON, &v))
            take_props(&c);
        break;
    case 8: case 10: /* SUBSCRIBE, UNSUBSCRIBE */
        if (!take_u16(&c, MR_PACKET_ID) || (v5 && !take_props(&c)))
            break;
        while (left(&c) && take_str(&c, MR_FILTER) && (type == 10 || take_u8(&c, MR_SUBOPT, NULL)))
            ;
        break;
    case 9: case 11: /* SUBACK, UNSUBACK */
        if (take_u16(&c, MR_PACKET_ID) && (v5 ? take_props(&c) : true))
            take_rest(&c, MR_CODES);
        break;
    case 14: case 15: /* DISCONNECT, AUTH */
        if (v5 && take_u8(&c, MR_REASON, NULL))
            take_props(&c);
        break;
    default: break;
    }
    c.depth = 0;
    take_rest(&c, MR_NONE);
}

bool mm_parse(mm_msg *m, const uint8_t *data, size_t size)
{
    if (size < 2)
        return false;
    m->hdr[0] = data[0];
    m->hdr[1] = data[1];
    m->np = 0;
    m->arena_len = 0;
    m->tail_len = 0;
    size_t pos = 2;
    while (pos < size) {
        uint32_t rl;
        size_t used;
        if (m->np >= MM_MAX_PACKETS || size - pos < 2 ||
            !read_vbi(data + pos + 1, size - pos - 1, &rl, &used) || rl > size - pos - 1 - used)
            break;
        mm_packet *pk = &m->pk[m->np++];
        pk->first = data[pos];
        mm_parse_packet(m, pk, data + pos + 1 + used, rl);
        pos += 1 + used + rl;
    }
    if (pos < size) {
        uint32_t off = mm_store(m, data + pos, size - pos);
        if (off != UINT32_MAX) {
            m->tail_off = off;
            m->tail_len = (uint32_t)(size - pos);
        }
    }
    return true;
}

/* ------------------------------------------------------------ writing */

typedef struct wctx {
    uint8_t *out;
    size_t cap, len;
    bool overflow;
    int lie_at, lie_delta, nlen; /* nlen: length fields written so far */
    const mm_msg *m;
} wctx;

static void w_bytes(wctx *w, const void *p, size_t n)
{
    if (w->overflow || n > w->cap - w->len) {
        w->overflow = true;
        return;
    }
    if (n)
        memcpy(w->out + w->len, p, n);
    w->len += n;
}

static void w_u8(wctx *w, uint8_t b) { w_bytes(w, &b, 1); }

static void w_vbi(wctx *w, uint32_t v)
{
    uint8_t b[5];
    size_t n = 0;
    do {
        b[n] = (uint8_t)(v & 0x7f);
        v >>= 7;
        if (v)
            b[n] |= 0x80;
        n++;
    } while (v && n < 5);
    w_bytes(w, b, n);
}

static size_t vbi_size(uint32_t v) { return v < 128 ? 1 : v < 16384 ? 2 : v < 2097152 ? 3 : v < 268435456 ? 4 : 5; }

/* A length field: the true value unless this is the one to lie about. */
static uint32_t len_value(wctx *w, uint32_t truth)
{
    if (w->nlen++ != w->lie_at)
        return truth;
    int64_t v = (int64_t)truth + w->lie_delta;
    return v < 0 ? 0 : (uint32_t)v;
}

static size_t node_size(const mm_node *n)
{
    switch (n->kind) {
    case MM_BYTE: case MM_PID: return 1;
    case MM_U16: return 2;
    case MM_U32: return 4;
    case MM_VBI: return vbi_size(n->val);
    case MM_STR: return 2 + n->len;
    case MM_RAW: return n->len;
    default: return 0;
    }
}

static void w_node(wctx *w, const mm_node *n)
{
    const uint8_t *a = w->m->arena;
    switch (n->kind) {
    case MM_BYTE: case MM_PID: w_u8(w, (uint8_t)n->val); break;
    case MM_U16: w_u8(w, (uint8_t)(n->val >> 8)); w_u8(w, (uint8_t)n->val); break;
    case MM_U32:
        w_u8(w, (uint8_t)(n->val >> 24));
        w_u8(w, (uint8_t)(n->val >> 16));
        w_u8(w, (uint8_t)(n->val >> 8));
        w_u8(w, (uint8_t)n->val);
        break;
    case MM_VBI: w_vbi(w, n->val); break;
    case MM_STR: {
        uint32_t l = len_value(w, n->len);
        w_u8(w, (uint8_t)(l >> 8));
        w_u8(w, (uint8_t)l);
        w_bytes(w, a + n->off, n->len);
        break;
    }
    case MM_RAW: w_bytes(w, a + n->off, n->len); break;
    default: break;
    }
}

static size_t body_size(const mm_packet *pk)
{
    size_t s = 0;
    for (size_t i = 0; i < pk->n; i++) {
        const mm_node *n = &pk->nodes[i];
        if (n->kind == MM_PROPS) {
            size_t inner = 0, j = i + 1;
            for (; j < pk->n && pk->nodes[j].depth > n->depth; j++)
                inner += node_size(&pk->nodes[j]);
            s += vbi_size((uint32_t)inner) + inner;
            i = j - 1;
        } else {
            s += node_size(n);
        }
    }
    return s;
}

static void w_packet(wctx *w, const mm_packet *pk)
{
    w_u8(w, pk->first);
    w_vbi(w, len_value(w, (uint32_t)body_size(pk)));
    for (size_t i = 0; i < pk->n; i++) {
        const mm_node *n = &pk->nodes[i];
        if (n->kind == MM_PROPS) {
            size_t inner = 0, j = i + 1;
            for (; j < pk->n && pk->nodes[j].depth > n->depth; j++)
                inner += node_size(&pk->nodes[j]);
            w_vbi(w, len_value(w, (uint32_t)inner));
            for (size_t k = i + 1; k < j; k++)
                w_node(w, &pk->nodes[k]);
            i = j - 1;
        } else {
            w_node(w, n);
        }
    }
}

size_t mm_serialize(const mm_msg *m, uint8_t *out, size_t cap, int lie_at, int lie_delta)
{
    wctx w = {out, cap, 0, false, lie_at, lie_delta, 0, m};
    w_bytes(&w, m->hdr, 2);
    for (size_t i = 0; i < m->np; i++)
        w_packet(&w, &m->pk[i]);
    w_bytes(&w, m->arena + m->tail_off, m->tail_len);
    return w.overflow ? 0 : w.len;
}

size_t mm_count_lengths(const mm_msg *m)
{
    size_t n = 0;
    for (size_t i = 0; i < m->np; i++) {
        n++; /* Remaining Length */
        for (size_t j = 0; j < m->pk[i].n; j++)
            n += m->pk[i].nodes[j].kind == MM_STR || m->pk[i].nodes[j].kind == MM_PROPS;
    }
    return n;
}

/* ------------------------------------------------------------ editing */

bool mm_insert_nodes(mm_packet *pk, size_t at, const mm_node *nodes, size_t n)
{
    if (pk->n + n > MM_MAX_NODES || at > pk->n)
        return false;
    memmove(&pk->nodes[at + n], &pk->nodes[at], (pk->n - at) * sizeof pk->nodes[0]);
    memcpy(&pk->nodes[at], nodes, n * sizeof nodes[0]);
    pk->n = (uint16_t)(pk->n + n);
    return true;
}

void mm_delete_nodes(mm_packet *pk, size_t at, size_t n)
{
    if (at >= pk->n)
        return;
    if (n > pk->n - at)
        n = pk->n - at;
    memmove(&pk->nodes[at], &pk->nodes[at + n], (pk->n - at - n) * sizeof pk->nodes[0]);
    pk->n = (uint16_t)(pk->n - n);
}

size_t mm_node_span(const mm_packet *pk, size_t i)
{
    const mm_node *n = &pk->nodes[i];
    size_t j = i + 1;
    if (n->kind == MM_PROPS) {
        while (j < pk->n && pk->nodes[j].depth > n->depth)
            j++;
    } else if (n->kind == MM_PID) {
        while (j < pk->n && pk->nodes[j].depth == n->depth && pk->nodes[j].kind != MM_PID &&
               pk->nodes[j].kind != MM_RAW)
            j++;
    }
    return j - i;
}

bool mm_insert_packet(mm_msg *m, size_t at, const mm_packet *pk)
{
    if (m->np >= MM_MAX_PACKETS || at > m->np)
        return false;
    memmove(&m->pk[at + 1], &m->pk[at], (m->np - at) * sizeof m->pk[0]);
    m->pk[at] = *pk;
    m->np++;
    return true;
}

void mm_delete_packet(mm_msg *m, size_t at)
{
    if (at >= m->np)
        return;
    memmove(&m->pk[at], &m->pk[at + 1], (m->np - at - 1) * sizeof m->pk[0]);
    m->np--;
}
