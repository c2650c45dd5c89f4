/* What the runner learns about the broker outside the scenarios: the
 * capability probe before the run, the liveness check after each case, and
 * the clean-up of retained messages a case left behind. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "run.h"

/* A throw-away case that owns the probe's connections and evidence. */
static void scratch_case(mqc_case *cs, mqc_scenario *sc, const mqc_target *t,
                         const mqc_caps *caps, double scale, double timeout)
{
    memset(sc, 0, sizeof *sc);
    sc->id = "probe";
    sc->timeout = timeout;
    mqc_case_init(cs, sc, 1, t, caps, scale, "probe", 0);
}

static int send_packet(mqc_conn *c, const mqtt_packet *p, mqtt_version v)
{
    uint8_t buf[512];
    size_t n;
    mqtt_error e;
    mqtt_decode_opts o = {v, MQTT_C2S, NULL};
    if (mqtt_encode(p, &o, buf, sizeof buf, &n, &e) != MQTT_OK)
        return -1;
    return mqc_conn_send(c, buf, n);
}

static char open_why[400]; /* why the last connect_once could not connect */

/* Opens a connection and sends a CONNECT with version v. Returns 1 sent, 0
 * the send failed, -1 no TCP (why filled). */
static int connect_send(mqc_case *cs, mqtt_version v, const char *cid, double within,
                        mqc_conn **out, char *why, size_t whylen)
{
    cs->ver = v;
    mqc_conn *c = mqc_conn_open(cs, cid, within, why, whylen);
    if (!c)
        return -1;
    *out = c;
    mqtt_packet p;
    memset(&p, 0, sizeof p);
    p.type = MQTT_CONNECT;
    p.u.connect.clean_start = true;
    p.u.connect.keep_alive = 30;
    p.u.connect.client_id = mqtt_str(cid);
    if (cs->target->username) {
        p.u.connect.has_username = true;
        p.u.connect.username = mqtt_str(cs->target->username);
    }
    if (cs->target->password) {
        p.u.connect.has_password = true;
        p.u.connect.password = mqtt_str(cs->target->password);
    }
    return send_packet(c, &p, v) ? 0 : 1;
}

/* CONNECT with version v; fills *ack (a copy of the bytes in ackbuf) when a
 * CONNACK comes. Returns 1 CONNACK received, 0 none, -1 no TCP. */
static int connect_once(mqc_case *cs, mqtt_version v, const char *cid, double within,
                        mqtt_packet *ack, uint8_t *ackbuf, size_t ackcap, mqc_conn **out)
{
    open_why[0] = 0;
    int r = connect_send(cs, v, cid, within, out, open_why, sizeof open_why);
    if (r <= 0)
        return r;
    mqc_conn *c = *out;
    const mqc_pkt *k;
    if (mqc_conn_next(c, mqc_now() + within, &k) != EV_PACKET || k->len > ackcap)
        return 0;
    memcpy(ackbuf, k->bytes, k->len);
    mqtt_decode_opts o = {v, MQTT_S2C, NULL};
    mqtt_error e;
    if (mqtt_decode(ackbuf, k->len, &o, ack, &e) != MQTT_OK || ack->type != MQTT_CONNACK)
        return 0;
    return 1;
}

static void bye(mqc_conn *c, mqtt_version v)
{
    mqtt_packet p;
    memset(&p, 0, sizeof p);
    p.type = MQTT_DISCONNECT;
    if (mqc_conn_is_open(c))
        send_packet(c, &p, v);
    mqc_conn_close(c, false);
}

/* The QoS a broker grants to a QoS 2 subscription: a server may grant less
 * than asked (§3.9.3), and a 3.x broker has no other way to say it lacks
 * QoS 2. Returns 0..2, or -1 when no SUBACK came. */
static int granted_qos2(mqc_conn *c, mqtt_version v, const char *cid, double within)
{
    char filter[64];
    snprintf(filter, sizeof filter, "mqcprobe/%s/q2", cid);
    uint8_t list[96];
    size_t n = mqtt_list_put(list, sizeof list, 0, filter, strlen(filter), 2);
    mqtt_packet p;
    memset(&p, 0, sizeof p);
    p.type = MQTT_SUBSCRIBE;
    p.u.subscribe.packet_id = 1;
    p.u.subscribe.list = mqtt_bytes(list, n);
    p.u.subscribe.count = 1;
    if (!n || send_packet(c, &p, v))
        return -1;
    const mqc_pkt *k;
    if (mqc_conn_next(c, mqc_now() + within, &k) != EV_PACKET)
        return -1;
    mqtt_decode_opts o = {v, MQTT_S2C, NULL};
    mqtt_packet a;
    mqtt_error e;
    if (mqtt_decode(k->bytes, k->len, &o, &a, &e) != MQTT_OK || a.type != MQTT_SUBACK ||
        a.u.suback.codes.len != 1)
        return -1;
    int g = a.u.suback.codes.p[0];
    return g <= 2 ? g : -1;
}

/* The broker's version from its retained $SYS/broker/version (mosquitto and
 * others publish it; the topic is a convention, not the spec's). Waits at
 * most 1 s in all, and whatever happens only fills the run header: no
 * verdict reads it. Leaves out[0] = 0 when nothing usable came. */
static void sys_version(mqc_conn *c, mqtt_version v, char *out, size_t len)
{
    static const char topic[] = "$SYS/broker/version";
    uint8_t list[64];
    size_t n = mqtt_list_put(list, sizeof list, 0, topic, sizeof topic - 1, 0);
    mqtt_packet p;
    memset(&p, 0, sizeof p);
    p.type = MQTT_SUBSCRIBE;
    p.u.subscribe.packet_id = 2;
    p.u.subscribe.list = mqtt_bytes(list, n);
    p.u.subscribe.count = 1;
    if (!n || !mqc_conn_is_open(c) || send_packet(c, &p, v))
        return;
    double deadline = mqc_now() + 1.0;
    const mqc_pkt *k;
    while (mqc_conn_next(c, deadline, &k) == EV_PACKET) {
        const mqtt_packet *q = &k->pkt;
        if (q->type != MQTT_PUBLISH || q->u.publish.topic.len != sizeof topic - 1 ||
            memcmp(q->u.publish.topic.p, topic, sizeof topic - 1))
            continue; /* the SUBACK, or anything else */
        /* untrusted bytes into a label: printable ASCII only, bounded */
        size_t o = 0;
        for (size_t i = 0; i < q->u.publish.payload.len && o + 1 < len && o < 100; i++) {
            uint8_t ch = q->u.publish.payload.p[i];
            if (ch >= 0x20 && ch < 0x7f)
                out[o++] = (char)ch;
        }
        while (o && out[o - 1] == ' ')
            o--;
        out[o] = 0;
        return;
    }
}

static void caps_from_connack(mqc_caps *c, const mqtt_packet *ack)
{
    mqtt_prop p;
    const mqtt_props *pr = &ack->u.connack.props;
    if (mqtt_props_find(pr, MQTT_PROP_MAXIMUM_QOS, &p))
        c->maximum_qos = (int)p.v.u;
    if (mqtt_props_find(pr, MQTT_PROP_RETAIN_AVAILABLE, &p))
        c->retain = p.v.u != 0;
    if (mqtt_props_find(pr, MQTT_PROP_WILDCARD_SUBSCRIPTION_AVAILABLE, &p))
        c->wildcard = p.v.u != 0;
    if (mqtt_props_find(pr, MQTT_PROP_SHARED_SUBSCRIPTION_AVAILABLE, &p))
        c->shared = p.v.u != 0;
    if (mqtt_props_find(pr, MQTT_PROP_SUBSCRIPTION_IDENTIFIER_AVAILABLE, &p))
        c->subid = p.v.u != 0;
    if (mqtt_props_find(pr, MQTT_PROP_TOPIC_ALIAS_MAXIMUM, &p))
        c->topic_alias_maximum = p.v.u;
    if (mqtt_props_find(pr, MQTT_PROP_RECEIVE_MAXIMUM, &p))
        c->receive_maximum = p.v.u;
    if (mqtt_props_find(pr, MQTT_PROP_MAXIMUM_PACKET_SIZE, &p))
        c->maximum_packet_size = p.v.u;
    if (mqtt_props_find(pr, MQTT_PROP_SERVER_KEEP_ALIVE, &p))
        c->server_keep_alive = (long)p.v.u;
}

int mqc_probe(const mqc_target *t, double scale, mqc_caps *caps, char *version, size_t vlen,
              char *err, size_t errlen)
{
    memset(caps, 0, sizeof *caps);
    if (vlen)
        version[0] = 0;
    /* What the spec says an absent property means (v5 §3.2.2.3) and what 3.x implies. */
    caps->maximum_qos = caps->granted_qos = 2;
    caps->retain = caps->wildcard = caps->shared = caps->subid = true;
    caps->receive_maximum = 65535;
    caps->server_keep_alive = -1;
    caps->websocket = mqt_ctx_is_ws(t->transport);
    double within = 3.0 * scale;
    mqc_scenario sc;
    mqc_case cs;
    scratch_case(&cs, &sc, t, caps, scale, 30.0);
    uint8_t ackbuf[4096];
    mqtt_packet ack;
    mqc_conn *c = NULL;
    char cid[32];
    snprintf(cid, sizeof cid, "mqcprobe%d", (int)getpid());
    int r = connect_once(&cs, MQTT_V5, cid, within, &ack, ackbuf, sizeof ackbuf, &c);
    /* A TLS 1.3 broker refuses a missing client certificate after the
     * handshake, with an alert on the first read: a transport error too. */
    const char *terr = r == 0 && c ? mqc_conn_transport_error(c) : "";
    if (r < 0 || terr[0]) {
        snprintf(err, errlen, "target %s unreachable: %s", t->text, r < 0 ? open_why : terr);
        mqc_peers_free(&cs);
        mqc_case_free(&cs);
        return -1;
    }
    if (r == 1 && ack.u.connack.code == 0) {
        caps->probed = caps->v5 = true;
        caps_from_connack(caps, &ack);
        int g = granted_qos2(c, MQTT_V5, cid, within);
        if (g >= 0)
            caps->granted_qos = g;
        if (vlen)
            sys_version(c, MQTT_V5, version, vlen);
    }
    bye(c, MQTT_V5);
    if (!caps->v5) {
        caps->shared = caps->subid = false; /* MQTT 5 features */
        r = connect_once(&cs, MQTT_V311, cid, within, &ack, ackbuf, sizeof ackbuf, &c);
        if (r == 1 && ack.u.connack.code == 0) {
            caps->probed = true;
            int g = granted_qos2(c, MQTT_V311, cid, within);
            if (g >= 0)
                caps->granted_qos = g;
            if (vlen)
                sys_version(c, MQTT_V311, version, vlen);
        }
        if (c)
            bye(c, MQTT_V311);
    }
    c = NULL;
    r = connect_once(&cs, MQTT_V31, cid, within, &ack, ackbuf, sizeof ackbuf, &c);
    caps->v31 = r == 1 && ack.u.connack.code == 0;
    if (c)
        bye(c, MQTT_V31);
    mqc_peers_free(&cs);
    mqc_case_free(&cs);
    return 0;
}

/* The bytes the broker sent on connection ep (from the case's capture
 * events), at most cap; returns how many. */
static size_t received(const mqc_case *cs, size_t ep, uint8_t *buf, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < cs->npev && n < cap; i++) {
        const mqc_pcap_ev *e = &cs->pev[i];
        if (e->kind != 1 || e->conn != ep || e->from_client)
            continue;
        size_t take = e->len < cap - n ? e->len : cap - n;
        memcpy(buf + n, e->data, take);
        n += take;
    }
    return n;
}

/* "HTTP/1.1 400 Bad Request" (printable ASCII up to the first line end),
 * then the first bytes in hex. */
static void describe_bytes(const uint8_t *b, size_t n, char *out, size_t len)
{
    char txt[48] = "";
    size_t t = 0;
    while (t < n && t + 1 < sizeof txt && b[t] >= 0x20 && b[t] < 0x7f && b[t] != '"')
        t++;
    memcpy(txt, b, t);
    txt[t] = 0;
    size_t o = 0;
    if (t >= 4)
        o = (size_t)snprintf(out, len, "\"%s\" ", txt);
    for (size_t i = 0; i < n && i < 8 && o + 4 < len; i++)
        o += (size_t)snprintf(out + o, len - o, "%s%02x", i ? " " : "(", b[i]);
    if (o + 6 < len)
        snprintf(out + o, len - o, "%s)", n > 8 ? " ..." : "");
}

int mqc_preflight(const mqc_target *t, double scale, char *err, size_t errlen)
{
    /* The three versions at once, on connections of their own: a listener
     * that is silent costs one wait, not three, and a broker that drops a
     * CONNECT of a level it does not know still answers another. */
    static const mqtt_version vs[] = {MQTT_V5, MQTT_V311, MQTT_V31};
    static const char *const vname[] = {"5.0", "3.1.1", "3.1"};
    enum { NV = 3 };
    double within = 3.0 * scale;
    mqc_caps caps = {0};
    mqc_scenario sc;
    mqc_case cs;
    scratch_case(&cs, &sc, t, &caps, scale, 30.0);
    mqc_conn *c[NV] = {0};
    char seen[NV][160];
    char why[300] = "";
    bool broker = false, tcp = false;
    for (int i = 0; i < NV; i++) {
        char cid[48];
        /* "mqcpreflight": the test double's hostile modes let this one through */
        snprintf(cid, sizeof cid, "mqcpreflight%d-%s", (int)getpid(), vname[i]);
        int r = connect_send(&cs, vs[i], cid, within, &c[i], why, sizeof why);
        if (r < 0) {
            snprintf(seen[i], sizeof seen[i], "TCP connect failed");
            continue;
        }
        tcp = true;
        /* a refusal of the level may come in another version's form */
        c[i]->lenient = true;
        snprintf(seen[i], sizeof seen[i], "%s", r ? "no answer" : "closed without an answer");
    }
    if (!tcp) {
        snprintf(err, errlen, "no MQTT broker at %s: %s", t->text, why);
        mqc_peers_free(&cs);
        mqc_case_free(&cs);
        return -1;
    }
    double deadline = mqc_now() + within;
    for (int i = 0; i < NV && !broker; i++) {
        if (!c[i])
            continue;
        const mqc_pkt *k; /* a closed connection gives its queued packets, then EV_CLOSED */
        int ev = mqc_conn_next(c[i], deadline, &k);
        if (ev == EV_PACKET && k->pkt.type == MQTT_CONNACK) {
            broker = true; /* any CONNACK, even a refusal, is an MQTT broker */
            break;
        }
        if (ev == EV_MALFORMED && c[i]->berr.stmt && !strncmp(c[i]->berr.stmt, "MQTT-6.", 7)) {
            broker = true; /* a WebSocket peer answering in frames §6 forbids: the cases judge it */
            break;
        }
        uint8_t b[64];
        size_t n = received(&cs, c[i]->ep, b, sizeof b);
        if (n) {
            char d[120];
            describe_bytes(b, n, d, sizeof d);
            snprintf(seen[i], sizeof seen[i], "non-MQTT bytes %s", d);
        } else if (mqc_conn_transport_error(c[i])[0]) {
            /* TLS 1.3: a refused client certificate is told after the handshake */
            snprintf(seen[i], sizeof seen[i], "%s", mqc_conn_transport_error(c[i]));
        } else if (c[i]->peer_closed && c[i]->end_text[0]) { /* a WebSocket close frame */
            snprintf(seen[i], sizeof seen[i], "%s", c[i]->end_text);
        } else if (ev == EV_CLOSED || !mqc_conn_is_open(c[i]))
            /* FIN or RST: a listener that closes at once is reset or not
             * depending on whether our CONNECT was already on its way */
            snprintf(seen[i], sizeof seen[i], "closed without an answer");
        else
            snprintf(seen[i], sizeof seen[i], "no answer within %.1f s", within);
    }
    for (int i = 0; i < NV; i++)
        if (c[i])
            mqc_conn_close(c[i], false);
    mqc_peers_free(&cs);
    mqc_case_free(&cs);
    if (broker)
        return 0;
    bool same = !strcmp(seen[0], seen[1]) && !strcmp(seen[1], seen[2]);
    size_t o = (size_t)snprintf(err, errlen, "no MQTT broker at %s: ", t->text);
    if (same)
        snprintf(err + o, o < errlen ? errlen - o : 0, "%s (CONNECT in MQTT 5.0, 3.1.1 and 3.1)", seen[0]);
    else
        for (int i = 0; i < NV && o < errlen; i++)
            o += (size_t)snprintf(err + o, errlen - o, "%sCONNECT %s: %s", i ? "; " : "", vname[i], seen[i]);
    return -1;
}

bool mqc_alive(const mqc_target *t, double scale)
{
    mqc_caps caps = {0};
    for (int attempt = 0; attempt < 2; attempt++) {
        mqc_scenario sc;
        mqc_case cs;
        scratch_case(&cs, &sc, t, &caps, scale, 30.0);
        uint8_t ackbuf[4096];
        mqtt_packet ack;
        mqc_conn *c = NULL;
        char cid[32];
        snprintf(cid, sizeof cid, "mqcalive%d", (int)getpid());
        int r = connect_once(&cs, MQTT_V311, cid, 3.0 * scale, &ack, ackbuf, sizeof ackbuf, &c);
        bool ok = r == 1;
        if (!ok) { /* a v5-only broker refuses 3.1.1 politely or not at all */
            if (c)
                mqc_conn_close(c, false);
            c = NULL;
            r = connect_once(&cs, MQTT_V5, cid, 3.0 * scale, &ack, ackbuf, sizeof ackbuf, &c);
            ok = r == 1;
        }
        if (c)
            bye(c, cs.ver);
        mqc_peers_free(&cs);
        mqc_case_free(&cs);
        if (ok)
            return true;
    }
    return false;
}

void mqc_cleanup_retained(mqc_case *cs)
{
    if (!cs->retained.n)
        return;
    mqc_scenario sc;
    mqc_case cl;
    scratch_case(&cl, &sc, cs->target, cs->caps, cs->scale, 30.0);
    mqtt_version v = cs->caps->v5 ? MQTT_V5 : MQTT_V311;
    uint8_t ackbuf[4096];
    mqtt_packet ack;
    mqc_conn *c = NULL;
    char cid[32];
    snprintf(cid, sizeof cid, "%sclean", cs->cid_prefix);
    if (connect_once(&cl, v, cid, 3.0 * cs->scale, &ack, ackbuf, sizeof ackbuf, &c) == 1) {
        for (size_t i = 0; i < cs->retained.n; i++) {
            mqtt_packet p;
            memset(&p, 0, sizeof p);
            p.type = MQTT_PUBLISH;
            p.u.publish.retain = true; /* empty retained payload deletes (§3.3.1.3) */
            p.u.publish.topic = mqtt_str(cs->retained.v[i]);
            p.flags = 1;
            send_packet(c, &p, v);
        }
        mqtt_packet ping;
        memset(&ping, 0, sizeof ping);
        ping.type = MQTT_PINGREQ; /* its answer means the deletions were processed */
        const mqc_pkt *k;
        if (send_packet(c, &ping, v) == 0)
            mqc_conn_next(c, mqc_now() + 3.0 * cs->scale, &k);
    }
    if (c)
        bye(c, v);
    mqc_peers_free(&cl);
    mqc_case_free(&cl);
}
