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

/* CONNECT with version v; fills *ack (a copy of the bytes in ackbuf) when a
 * CONNACK comes. Returns 1 CONNACK received, 0 none, -1 no TCP. */
static char open_why[400]; /* why the last connect_once could not connect */

static int connect_once(mqc_case *cs, mqtt_version v, const char *cid, double within,
                        mqtt_packet *ack, uint8_t *ackbuf, size_t ackcap, mqc_conn **out)
{
    cs->ver = v;
    open_why[0] = 0;
    mqc_conn *c = mqc_conn_open(cs, cid, within, open_why, sizeof open_why);
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
    if (send_packet(c, &p, v))
        return 0;
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

int mqc_probe(const mqc_target *t, double scale, mqc_caps *caps, char *err, size_t errlen)
{
    memset(caps, 0, sizeof *caps);
    /* What the spec says an absent property means (v5 §3.2.2.3) and what 3.x implies. */
    caps->maximum_qos = 2;
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
        if (g >= 0 && g < caps->maximum_qos)
            caps->maximum_qos = g;
    }
    bye(c, MQTT_V5);
    if (!caps->v5) {
        caps->shared = caps->subid = false; /* MQTT 5 features */
        r = connect_once(&cs, MQTT_V311, cid, within, &ack, ackbuf, sizeof ackbuf, &c);
        if (r == 1 && ack.u.connack.code == 0) {
            caps->probed = true;
            int g = granted_qos2(c, MQTT_V311, cid, within);
            if (g >= 0 && g < caps->maximum_qos)
                caps->maximum_qos = g;
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
