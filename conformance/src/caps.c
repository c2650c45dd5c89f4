/* The capability table: each broker capability a case can depend on, once,
 * with the names `needs`, t:caps() and the results header use for it. */
#include <string.h>

#include "case.h"

static long probed(const mqc_caps *c) { return c->probed; }
static long v5(const mqc_caps *c) { return c->v5; }
static long v31(const mqc_caps *c) { return c->v31; }
static long max_qos(const mqc_caps *c) { return c->maximum_qos; }
static long qos1(const mqc_caps *c) { return c->maximum_qos >= 1; }
static long qos2(const mqc_caps *c) { return c->maximum_qos >= 2; }
static long grant1(const mqc_caps *c) { return c->granted_qos >= 1; }
static long grant2(const mqc_caps *c) { return c->granted_qos >= 2; }
static long granted(const mqc_caps *c) { return c->granted_qos; }
static long retain(const mqc_caps *c) { return c->retain; }
static long wildcard(const mqc_caps *c) { return c->wildcard; }
static long shared(const mqc_caps *c) { return c->shared; }
static long subid(const mqc_caps *c) { return c->subid; }
static long alias_max(const mqc_caps *c) { return (long)c->topic_alias_maximum; }
static long recv_max(const mqc_caps *c) { return (long)c->receive_maximum; }
/* 0 is not a value a CONNACK may carry: it is how the probe records "none announced" */
static long packet_max(const mqc_caps *c) { return c->maximum_packet_size ? (long)c->maximum_packet_size : -1; }
static long keep_alive(const mqc_caps *c) { return c->server_keep_alive; }
static long websocket(const mqc_caps *c) { return c->websocket; }

/* need, t:caps() key, header key, MQTT 5 only, announced by the 5.0 CONNACK,
 * integer, value.  A 3.1.1 or 3.1 client cannot be told a limit, so what a 5.0
 * CONNACK announces binds 5.0 cases only.  The QoS a broker accepts from a
 * publisher ("qos1", "qos2") and the QoS it grants a subscriber ("grant_qos1",
 * "grant_qos2", SUBACK's free choice in every version) are two behaviours: a
 * broker that downgrades subscriptions is still tested on inbound QoS 2. */
const mqc_cap_def mqc_cap_table[] = {
    {NULL, "probed", "answers_connect", false, false, false, probed},
    {NULL, "v5", "v5", false, false, false, v5},
    {NULL, "v31", "v31", false, false, false, v31},
    {NULL, "maximum_qos", "maximum_qos", false, true, true, max_qos},
    {"qos1", NULL, NULL, false, true, false, qos1},
    {"qos2", NULL, NULL, false, true, false, qos2},
    {NULL, "granted_qos", "subscription_qos_granted", false, false, true, granted},
    {"grant_qos1", NULL, NULL, false, false, false, grant1},
    {"grant_qos2", NULL, NULL, false, false, false, grant2},
    {"retain", "retain", "retain_available", false, true, false, retain},
    {"wildcard", "wildcard", "wildcard_subscription_available", false, true, false, wildcard},
    {"shared", "shared", "shared_subscription_available", true, true, false, shared},
    {"subid", "subid", "subscription_identifier_available", true, true, false, subid},
    {"topic_alias", "topic_alias_maximum", "topic_alias_maximum", true, true, true, alias_max},
    {NULL, "receive_maximum", "receive_maximum", false, true, true, recv_max},
    /* -1 when the CONNACK had none: t:caps() and the header leave it out */
    {NULL, "maximum_packet_size", "maximum_packet_size", false, true, true, packet_max},
    {NULL, "server_keep_alive", NULL, false, true, true, keep_alive},
    /* a fact of the run, not of the broker: known even when the probe learnt nothing */
    {"websocket", "websocket", NULL, false, false, false, websocket},
};
const size_t mqc_cap_count = sizeof mqc_cap_table / sizeof mqc_cap_table[0];

bool mqc_caps_known(const char *need)
{
    for (size_t i = 0; i < mqc_cap_count; i++)
        if (mqc_cap_table[i].need && !strcmp(mqc_cap_table[i].need, need))
            return true;
    return false;
}

bool mqc_caps_offer(const mqc_caps *c, mqtt_version v, const char *need)
{
    for (size_t i = 0; i < mqc_cap_count; i++) {
        const mqc_cap_def *d = &mqc_cap_table[i];
        if (!d->need || strcmp(d->need, need))
            continue;
        if (d->v5_only && v != MQTT_V5)
            return false; /* an MQTT 5 feature */
        if (d->announced && v != MQTT_V5)
            return true; /* nothing can have told a 3.x client otherwise */
        if (!c->probed && d->get != websocket)
            return true; /* nothing known: let the case find out */
        return d->get(c) != 0;
    }
    return true;
}

json_t *mqc_caps_json(const mqc_caps *c)
{
    json_t *o = json_object();
    for (size_t i = 0; i < mqc_cap_count; i++) {
        const mqc_cap_def *d = &mqc_cap_table[i];
        long v = d->header ? d->get(c) : -1;
        if (d->header && !(d->integer && v < 0))
            json_object_set_new(o, d->header, d->integer ? json_integer(v) : json_boolean(v));
    }
    return o;
}
