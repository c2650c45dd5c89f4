/* Cases: generation from the codec's validating encoder, the state-building
 * prefixes, field-by-field mutation through fuzz/mutator's model, lies from
 * the raw builder, and the on-disk form. */
#include "nf.h"

#include <stdio.h>
#include <string.h>

#include "mqmutator.h"
#include "mqttcodec.h"

uint64_t nf_hash(const void *p, size_t len, uint64_t h)
{
    const uint8_t *b = p;
    if (!h)
        h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < len; i++)
        h = (h ^ b[i]) * 0x100000001b3ull;
    return h;
}

/* Topics and filters come from a small set so that publishers and
 * subscribers of one case meet, and the broker's retained store stays small. */
static const char *const topics[] = {"a/b", "a/q", "a/t", "a/w", "a", "b/c"};
static const char *const filters[] = {"a/#", "a/+", "a/b", "#", "+/b", "b/c", "a/q", "$share/g/a/b"};

static int pick_version(unsigned versions, nf_rng *r)
{
    int v[3], n = 0;
    for (int l = 3; l <= 5; l++)
        if (versions & (1u << l))
            v[n++] = l;
    return n ? v[nf_below(r, (uint32_t)n)] : 4;
}

static size_t enc(mqtt_packet *p, int version, uint8_t *out, size_t cap)
{
    mqtt_decode_opts o = {(mqtt_version)version, MQTT_C2S, NULL};
    size_t n = 0;
    mqtt_error e;
    if (mqtt_encode(p, &o, out, cap, &n, &e) != MQTT_OK)
        return 0;
    return n;
}

void nf_client_id(const char *tag, int slot, char *out, size_t cap)
{
    /* 3.1 allows 23 bytes: keep the tag short */
    snprintf(out, cap, "%.18s-%d", tag, slot);
}

size_t nf_build_prefix(const nf_case *c, int k, const char *tag, uint8_t *out, size_t cap)
{
    const nf_conn_spec *s = &c->conn[k];
    if (!(s->prefix & NF_P_CONNECT))
        return 0;
    int v = s->version;
    size_t len = 0, n;
    char cid[32];
    if (s->prefix & NF_P_PERSIST) {
        /* persistent sessions use a small fixed set of ids per instance (the
         * tag up to its case number), so the broker keeps at most a few of
         * them instead of one per case: session storage is not a leak */
        char inst[24];
        const char *dash = strrchr(tag, '-');
        snprintf(inst, sizeof inst, "%.*sp", (int)(dash ? (size_t)(dash - tag) : strlen(tag)), tag);
        nf_client_id(inst, s->slot, cid, sizeof cid);
    } else {
        nf_client_id(tag, s->slot, cid, sizeof cid);
    }
    uint8_t pbuf[64], wbuf[16];
    mqtt_packet p;

    memset(&p, 0, sizeof p);
    p.type = MQTT_CONNECT;
    p.u.connect.protocol_name = mqtt_str(v == 3 ? "MQIsdp" : "MQTT");
    p.u.connect.protocol_level = (uint8_t)v;
    p.u.connect.clean_start = !(s->prefix & NF_P_PERSIST);
    p.u.connect.keep_alive = 60;
    p.u.connect.client_id = mqtt_str(cid);
    if (v == 5) {
        mqtt_props_builder pb;
        mqtt_pb_init(&pb, pbuf, sizeof pbuf);
        if (s->prefix & NF_P_PERSIST)
            mqtt_pb_u32(&pb, MQTT_PROP_SESSION_EXPIRY_INTERVAL, 300);
        mqtt_pb_u16(&pb, MQTT_PROP_TOPIC_ALIAS_MAXIMUM, 10);
        p.u.connect.props = mqtt_pb_props(&pb);
    }
    if (s->prefix & NF_P_WILL) {
        p.u.connect.will = true;
        p.u.connect.will_qos = 1;
        p.u.connect.will_topic = mqtt_str("a/w");
        p.u.connect.will_payload = mqtt_str("will");
        if (v == 5) {
            mqtt_props_builder pb;
            mqtt_pb_init(&pb, wbuf, sizeof wbuf);
            p.u.connect.will_props = mqtt_pb_props(&pb);
        }
    }
    if (!(n = enc(&p, v, out + len, cap - len)))
        return len;
    len += n;

    if (s->prefix & NF_P_SUB) {
        uint8_t list[32];
        size_t ll = mqtt_list_put(list, sizeof list, 0, "a/#", 3, 2);
        memset(&p, 0, sizeof p);
        p.type = MQTT_SUBSCRIBE;
        p.u.subscribe.packet_id = 1;
        p.u.subscribe.list = mqtt_bytes(list, ll);
        p.u.subscribe.count = 1;
        len += enc(&p, v, out + len, cap - len);
    }
    bool alias = v == 5 && (s->prefix & NF_P_ALIAS);
    if (alias) {
        mqtt_props_builder pb;
        mqtt_pb_init(&pb, pbuf, sizeof pbuf);
        mqtt_pb_u16(&pb, MQTT_PROP_TOPIC_ALIAS, 1);
        memset(&p, 0, sizeof p);
        p.type = MQTT_PUBLISH;
        p.u.publish.topic = mqtt_str("a/t");
        p.u.publish.props = mqtt_pb_props(&pb);
        p.u.publish.payload = mqtt_str("alias");
        len += enc(&p, v, out + len, cap - len);
    }
    if (s->prefix & NF_P_QOS2) {
        mqtt_props_builder pb;
        mqtt_pb_init(&pb, pbuf, sizeof pbuf);
        if (alias)
            mqtt_pb_u16(&pb, MQTT_PROP_TOPIC_ALIAS, 1);
        memset(&p, 0, sizeof p);
        p.type = MQTT_PUBLISH;
        p.u.publish.qos = 2;
        p.u.publish.packet_id = 2;
        p.u.publish.topic = mqtt_str("a/q");
        if (v == 5)
            p.u.publish.props = mqtt_pb_props(&pb);
        p.u.publish.payload = mqtt_str("q2");
        len += enc(&p, v, out + len, cap - len);
    }
    return len;
}

/* One valid client packet of a random type, fields chosen near the state
 * the prefixes build (ids 1..3, the prefix's topics, alias 1). */
static size_t gen_packet(int v, uint8_t prefix, nf_rng *r, uint8_t *out, size_t cap)
{
    mqtt_packet p;
    memset(&p, 0, sizeof p);
    uint8_t pbuf[96], list[256];
    mqtt_props_builder pb;
    mqtt_pb_init(&pb, pbuf, sizeof pbuf);
    uint16_t id = (uint16_t)(1 + nf_below(r, 3));
    /* weights: what a client sends most; acks for ids the broker never
     * used (PUBACK, PUBREC, PUBCOMP) end most v5 sessions, so they are rare */
    static const mqtt_type types[] = {MQTT_PUBLISH, MQTT_PUBLISH, MQTT_PUBLISH, MQTT_PUBLISH, MQTT_PUBLISH,
                                      MQTT_PUBREL,  MQTT_PUBREL,  MQTT_PUBREL,  MQTT_SUBSCRIBE, MQTT_SUBSCRIBE,
                                      MQTT_SUBSCRIBE, MQTT_UNSUBSCRIBE, MQTT_UNSUBSCRIBE, MQTT_PINGREQ,
                                      MQTT_PINGREQ, MQTT_PUBACK, MQTT_PUBREC, MQTT_PUBCOMP, MQTT_DISCONNECT,
                                      MQTT_CONNECT, MQTT_AUTH};
    mqtt_type t = types[nf_below(r, sizeof types / sizeof types[0])];
    if (t == MQTT_AUTH && v != 5)
        t = MQTT_PINGREQ;
    p.type = t;
    switch (t) {
    case MQTT_PUBLISH: {
        mqtt_publish *pu = &p.u.publish;
        pu->qos = (uint8_t)nf_below(r, 3);
        pu->retain = nf_chance(r, 15);
        pu->dup = pu->qos && nf_chance(r, 10);
        pu->packet_id = pu->qos ? id : 0;
        pu->topic = mqtt_str(topics[nf_below(r, sizeof topics / sizeof topics[0])]);
        if (v == 5) {
            if ((prefix & NF_P_ALIAS) ? nf_chance(r, 50) : nf_chance(r, 15)) {
                mqtt_pb_u16(&pb, MQTT_PROP_TOPIC_ALIAS, (uint16_t)(1 + nf_below(r, 2)));
                if (nf_chance(r, 50))
                    pu->topic = mqtt_str("");
            }
            if (nf_chance(r, 15))
                mqtt_pb_u32(&pb, MQTT_PROP_MESSAGE_EXPIRY_INTERVAL, nf_below(r, 3));
            if (nf_chance(r, 10))
                mqtt_pb_str(&pb, MQTT_PROP_RESPONSE_TOPIC, "a/r", 3);
            if (nf_chance(r, 10))
                mqtt_pb_pair(&pb, "k", 1, "v", 1);
            pu->props = mqtt_pb_props(&pb);
        }
        static const char pay[] = "payload-0123456789abcdef";
        pu->payload = mqtt_bytes(pay, nf_below(r, sizeof pay));
        break;
    }
    case MQTT_PUBACK: case MQTT_PUBREC: case MQTT_PUBREL: case MQTT_PUBCOMP:
        p.flags = t == MQTT_PUBREL ? 2 : 0;
        p.u.ack.packet_id = (t == MQTT_PUBREL && (prefix & NF_P_QOS2) && nf_chance(r, 60)) ? 2 : id;
        if (v == 5 && nf_chance(r, 20))
            p.u.ack.code = t == MQTT_PUBREL || t == MQTT_PUBCOMP ? 0x92 : 0x10;
        break;
    case MQTT_SUBSCRIBE: {
        size_t n = 1 + nf_below(r, nf_chance(r, 30) ? 12 : 3), ll = 0;
        for (size_t i = 0; i < n; i++) {
            const char *f = filters[nf_below(r, sizeof filters / sizeof filters[0])];
            if (v != 5 && !strncmp(f, "$share", 6))
                f = "a/b";
            int opt = (int)nf_below(r, 3);
            if (v == 5)
                opt |= (int)(nf_below(r, 4) << 2) | (int)(nf_below(r, 3) << 4);
            if (v == 5 && !strncmp(f, "$share", 6))
                opt &= ~4;
            size_t nl = mqtt_list_put(list, sizeof list, ll, f, strlen(f), opt);
            if (!nl)
                break;
            ll = nl;
            p.u.subscribe.count++;
        }
        p.u.subscribe.packet_id = id;
        p.u.subscribe.list = mqtt_bytes(list, ll);
        if (v == 5 && nf_chance(r, 20)) {
            mqtt_pb_vbi(&pb, MQTT_PROP_SUBSCRIPTION_IDENTIFIER, 1 + nf_below(r, 3));
            p.u.subscribe.props = mqtt_pb_props(&pb);
        }
        p.flags = 2;
        break;
    }
    case MQTT_UNSUBSCRIBE: {
        const char *f = filters[nf_below(r, 4)];
        size_t ll = mqtt_list_put(list, sizeof list, 0, f, strlen(f), -1);
        p.u.unsubscribe.packet_id = id;
        p.u.unsubscribe.list = mqtt_bytes(list, ll);
        p.u.unsubscribe.count = 1;
        p.flags = 2;
        break;
    }
    case MQTT_DISCONNECT:
        if (v == 5 && nf_chance(r, 40))
            p.u.reason.code = nf_chance(r, 50) ? 0x04 : 0x00;
        break;
    case MQTT_CONNECT:
        p.u.connect.protocol_name = mqtt_str(v == 3 ? "MQIsdp" : "MQTT");
        p.u.connect.protocol_level = (uint8_t)v;
        p.u.connect.clean_start = true;
        p.u.connect.client_id = mqtt_str("nfx");
        break;
    case MQTT_AUTH:
        p.u.reason.code = 0x18;
        mqtt_pb_str(&pb, MQTT_PROP_AUTHENTICATION_METHOD, "x", 1);
        p.u.reason.props = mqtt_pb_props(&pb);
        break;
    default:
        break;
    }
    size_t n = enc(&p, v, out, cap);
    if (!n || nf_chance(r, 4)) {
        /* a lie from the raw builder: the same fields, flags of our choosing */
        p.flags = (uint8_t)nf_below(r, 16);
        n = mqtt_raw_encode(&p, (mqtt_version)v, true, out, cap);
    }
    return n;
}

static void gen_step(nf_step *st, int v, uint8_t prefix, nf_rng *r)
{
    size_t n = 1 + nf_below(r, 4);
    st->len = 0;
    for (size_t i = 0; i < n; i++) {
        size_t w = gen_packet(v, prefix, r, st->data + st->len, NF_STEP_MAX - st->len);
        st->len = (uint16_t)(st->len + w);
    }
}

void nf_gen_case(nf_case *c, unsigned versions, nf_rng *r)
{
    memset(c, 0, sizeof *c);
    c->nconn = (uint8_t)(nf_chance(r, 50) ? 1 : nf_chance(r, 70) ? 2 : 3);
    int v = pick_version(versions, r); /* one version per case mostly: sessions meet */
    for (int k = 0; k < c->nconn; k++) {
        nf_conn_spec *s = &c->conn[k];
        s->version = (uint8_t)(nf_chance(r, 85) ? v : pick_version(versions, r));
        s->prefix = nf_chance(r, 95) ? (uint8_t)(NF_P_CONNECT | (nf_next(r) & (NF_P_ALL & ~1))) : 0;
        if (s->version != 5)
            s->prefix &= (uint8_t)~NF_P_ALIAS;
        /* a second connection often takes over the first one's client id */
        s->slot = (uint8_t)(k && nf_chance(r, 50) ? 0 : k);
    }
    c->nstep = (uint8_t)(c->nconn + nf_below(r, 3));
    if (c->nstep > NF_MAX_STEPS)
        c->nstep = NF_MAX_STEPS;
    for (int i = 0; i < c->nstep; i++) {
        nf_step *st = &c->step[i];
        st->conn = (uint8_t)(i < c->nconn ? (uint32_t)i : nf_below(r, c->nconn));
        const nf_conn_spec *s = &c->conn[st->conn];
        if (!(s->prefix & NF_P_CONNECT) && i == st->conn) {
            /* no prefix: the fuzzed bytes start with the CONNECT */
            mqtt_packet p;
            memset(&p, 0, sizeof p);
            p.type = MQTT_CONNECT;
            p.u.connect.protocol_name = mqtt_str(s->version == 3 ? "MQIsdp" : "MQTT");
            p.u.connect.protocol_level = s->version;
            p.u.connect.clean_start = true;
            p.u.connect.keep_alive = 30;
            p.u.connect.client_id = mqtt_str("nfraw");
            st->len = (uint16_t)enc(&p, s->version, st->data, NF_STEP_MAX);
            nf_step more;
            gen_step(&more, s->version, s->prefix, r);
            if (st->len + more.len <= NF_STEP_MAX) {
                memcpy(st->data + st->len, more.data, more.len);
                st->len = (uint16_t)(st->len + more.len);
            }
        } else {
            gen_step(st, s->version, s->prefix, r);
        }
    }
}

/* ---------------------------------------------------------------- mutation */

static uint8_t harness_hdr(int v) { return v == 3 ? 0x00 : v == 4 ? 0x01 : 0x02; }

static void mutate_step(nf_step *st, int v, const nf_step *other, nf_rng *r)
{
    uint8_t buf[NF_STEP_MAX + 2], obuf[NF_STEP_MAX + 2];
    buf[0] = harness_hdr(v);
    buf[1] = 0;
    memcpy(buf + 2, st->data, st->len);
    size_t on = 0;
    if (other) {
        obuf[0] = buf[0];
        obuf[1] = 0;
        memcpy(obuf + 2, other->data, other->len);
        on = other->len + 2u;
    }
    size_t n = mqm_mutate(buf, st->len + 2u, sizeof buf, nf_next(r), on ? obuf : NULL, on);
    if (n >= 2 && n - 2 <= NF_STEP_MAX) {
        memcpy(st->data, buf + 2, n - 2);
        st->len = (uint16_t)(n - 2);
    }
}

void nf_mutate_case(nf_case *c, const nf_case *other, unsigned versions, nf_rng *r)
{
    int rounds = 1 + (int)nf_below(r, 4);
    for (int i = 0; i < rounds; i++) {
        switch (nf_below(r, 12)) {
        case 0: /* flip a prefix state */
            if (c->nconn) {
                nf_conn_spec *s = &c->conn[nf_below(r, c->nconn)];
                s->prefix ^= (uint8_t)(1u << (1 + nf_below(r, 5)));
                if (s->version != 5)
                    s->prefix &= (uint8_t)~NF_P_ALIAS;
            }
            break;
        case 1: /* add a step (a fresh packet run) */
            if (c->nstep < NF_MAX_STEPS && c->nconn) {
                nf_step *st = &c->step[c->nstep++];
                st->conn = (uint8_t)nf_below(r, c->nconn);
                gen_step(st, c->conn[st->conn].version, c->conn[st->conn].prefix, r);
            }
            break;
        case 2: /* drop a step */
            if (c->nstep > 1) {
                int k = (int)nf_below(r, c->nstep);
                memmove(&c->step[k], &c->step[k + 1], (size_t)(c->nstep - k - 1) * sizeof c->step[0]);
                c->nstep--;
            }
            break;
        case 3: /* add a connection (often taking over a client id) */
            if (c->nconn < NF_MAX_CONNS && c->nstep < NF_MAX_STEPS) {
                nf_conn_spec *s = &c->conn[c->nconn];
                s->version = (uint8_t)pick_version(versions, r);
                s->prefix = (uint8_t)(NF_P_CONNECT | (nf_next(r) & (NF_P_ALL & ~1)));
                if (s->version != 5)
                    s->prefix &= (uint8_t)~NF_P_ALIAS;
                s->slot = (uint8_t)nf_below(r, (uint32_t)c->nconn + 1);
                nf_step *st = &c->step[c->nstep++];
                st->conn = c->nconn;
                gen_step(st, s->version, s->prefix, r);
                c->nconn++;
            }
            break;
        case 4: /* move a step to another connection */
            if (c->nstep && c->nconn > 1)
                c->step[nf_below(r, c->nstep)].conn = (uint8_t)nf_below(r, c->nconn);
            break;
        default: /* field-level: the structure-aware mutator on one step */
            if (c->nstep) {
                nf_step *st = &c->step[nf_below(r, c->nstep)];
                const nf_step *os = other && other->nstep ? &other->step[nf_below(r, other->nstep)] : NULL;
                mutate_step(st, c->conn[st->conn].version, os, r);
            }
            break;
        }
    }
}

/* ---------------------------------------------------------------- on disk */

/* "NFC1", nconn, nstep, conn specs (3 bytes each), then per step conn + u16
 * length + bytes. */
size_t nf_case_serialize(const nf_case *c, uint8_t *out, size_t cap)
{
    size_t need = 6 + 3u * c->nconn;
    for (int i = 0; i < c->nstep; i++)
        need += 3u + c->step[i].len;
    if (need > cap)
        return 0;
    size_t n = 0;
    memcpy(out, "NFC1", 4);
    n = 4;
    out[n++] = c->nconn;
    out[n++] = c->nstep;
    for (int k = 0; k < c->nconn; k++) {
        out[n++] = c->conn[k].version;
        out[n++] = c->conn[k].prefix;
        out[n++] = c->conn[k].slot;
    }
    for (int i = 0; i < c->nstep; i++) {
        out[n++] = c->step[i].conn;
        out[n++] = (uint8_t)(c->step[i].len >> 8);
        out[n++] = (uint8_t)c->step[i].len;
        memcpy(out + n, c->step[i].data, c->step[i].len);
        n += c->step[i].len;
    }
    return n;
}

bool nf_case_parse(nf_case *c, const uint8_t *in, size_t len)
{
    memset(c, 0, sizeof *c);
    if (len < 6 || memcmp(in, "NFC1", 4))
        return false;
    size_t n = 4;
    c->nconn = in[n++];
    c->nstep = in[n++];
    if (!c->nconn || c->nconn > NF_MAX_CONNS || c->nstep > NF_MAX_STEPS || len < n + 3u * c->nconn)
        return false;
    for (int k = 0; k < c->nconn; k++) {
        c->conn[k].version = in[n++];
        c->conn[k].prefix = in[n++] & NF_P_ALL;
        c->conn[k].slot = in[n++];
        if (c->conn[k].version < 3 || c->conn[k].version > 5 || c->conn[k].slot >= NF_MAX_CONNS)
            return false;
    }
    for (int i = 0; i < c->nstep; i++) {
        if (len < n + 3)
            return false;
        nf_step *st = &c->step[i];
        st->conn = in[n++];
        st->len = (uint16_t)(in[n] << 8 | in[n + 1]);
        n += 2;
        if (st->conn >= c->nconn || st->len > NF_STEP_MAX || len < n + st->len)
            return false;
        memcpy(st->data, in + n, st->len);
        n += st->len;
    }
    return n == len;
}

bool nf_case_from_stream(nf_case *c, const uint8_t *data, size_t len, int version)
{
    memset(c, 0, sizeof *c);
    if (!len)
        return false;
    if (!version)
        version = mqtt_connect_version(data, len);
    if (version < 3 || version > 5)
        version = 4;
    c->nconn = 1;
    c->conn[0].version = (uint8_t)version;
    /* split at packet boundaries into steps of at most NF_STEP_MAX bytes */
    mqtt_decode_opts o = {(mqtt_version)version, MQTT_C2S, NULL};
    size_t off = 0;
    while (off < len && c->nstep < NF_MAX_STEPS) {
        nf_step *st = &c->step[c->nstep];
        st->len = 0;
        while (off < len) {
            mqtt_frame fr;
            mqtt_error e;
            size_t take = len - off;
            if (mqtt_frame_next(data + off, len - off, &o, &fr, &e) == MQTT_OK)
                take = fr.total;
            if (st->len + take > NF_STEP_MAX) {
                if (st->len)
                    break;
                take = NF_STEP_MAX;
            }
            memcpy(st->data + st->len, data + off, take);
            st->len = (uint16_t)(st->len + take);
            off += take;
        }
        c->nstep++;
    }
    return c->nstep > 0;
}

void nf_case_describe(const nf_case *c, char *out, size_t cap)
{
    size_t n = 0;
    out[0] = 0;
    for (int k = 0; k < c->nconn && n < cap; k++)
        n += (size_t)snprintf(out + n, cap - n, "%sconn%d v%d prefix=%s%s%s%s%s%s slot=%d", k ? "; " : "", k,
                              c->conn[k].version, c->conn[k].prefix & NF_P_CONNECT ? "CONNECT" : "none",
                              c->conn[k].prefix & NF_P_SUB ? "+SUB" : "", c->conn[k].prefix & NF_P_QOS2 ? "+QOS2" : "",
                              c->conn[k].prefix & NF_P_ALIAS ? "+ALIAS" : "", c->conn[k].prefix & NF_P_WILL ? "+WILL" : "",
                              c->conn[k].prefix & NF_P_PERSIST ? "+PERSIST" : "", c->conn[k].slot);
    for (int i = 0; i < c->nstep && n < cap; i++) {
        n += (size_t)snprintf(out + n, cap - n, "; step%d conn%d:", i, c->step[i].conn);
        const nf_step *st = &c->step[i];
        mqtt_decode_opts o = {(mqtt_version)c->conn[st->conn].version, MQTT_C2S, NULL};
        size_t off = 0;
        while (off < st->len && n < cap) {
            mqtt_frame fr;
            mqtt_error e;
            if (mqtt_frame_next(st->data + off, st->len - off, &o, &fr, &e) != MQTT_OK) {
                n += (size_t)snprintf(out + n, cap - n, " +%uB", (unsigned)(st->len - off));
                break;
            }
            n += (size_t)snprintf(out + n, cap - n, " %s", mqtt_type_name((mqtt_type)(fr.first_byte >> 4)));
            off += fr.total;
        }
    }
}
