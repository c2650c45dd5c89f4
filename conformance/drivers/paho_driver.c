/* mqc-driver-paho: paho.mqtt.c's MQTTAsync API behind the driver protocol (PROTOCOL.md).
 * MQTTAsync runs its own threads and reports through callbacks, which emit events
 * and complete the pending op under the core lock. 3.1.1 uses the plain API and
 * callbacks, 5.0 the *5 ones: the library refuses to mix them (MQTTASYNC_WRONG_MQTT_VERSION). */
#include "driver.h"

#include <MQTTAsync.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { OP_CONNECT, OP_SUBSCRIBE, OP_UNSUBSCRIBE, OP_PUBLISH, OP_DISCONNECT };

static MQTTAsync client;
static bool v5;
static bool server_disconnected; /* a v5 DISCONNECT already reported the loss */

/* ---- properties ---- */

static bool add_prop(void *ctx, const drv_prop *p, drv_err *e)
{
    MQTTProperty mp;
    memset(&mp, 0, sizeof mp);
    mp.identifier = (enum MQTTPropertyCodes)p->id;
    switch (p->type) {
    case DRV_PT_NONE:
        snprintf(e->msg, sizeof e->msg, "unknown property 0x%02x", (unsigned)p->id);
        return false;
    case DRV_PT_BYTE: mp.value.byte = (unsigned char)p->num; break;
    case DRV_PT_U16: mp.value.integer2 = (unsigned short)p->num; break;
    case DRV_PT_U32:
    case DRV_PT_VBI: mp.value.integer4 = p->num; break;
    case DRV_PT_PAIR:
    case DRV_PT_STR:
    case DRV_PT_BIN:
        if (p->len > 65535 || p->vlen > 65535) {
            snprintf(e->msg, sizeof e->msg, "property %s longer than 65535 bytes", drv_prop_name(p->id));
            return false;
        }
        mp.value.data.data = (char *)p->data;
        mp.value.data.len = (int)p->len;
        if (p->type == DRV_PT_PAIR) {
            mp.value.value.data = (char *)p->value;
            mp.value.value.len = (int)p->vlen;
        }
        break;
    }
    /* MQTTProperties_add copies string and binary data. */
    if (MQTTProperties_add(ctx, &mp) != 0) {
        snprintf(e->msg, sizeof e->msg, "paho refused property %s", drv_prop_name(p->id));
        return false;
    }
    return true;
}

static bool props_from(json_t *c, const char *key, MQTTProperties *out, drv_err *e)
{
    if (!drv_props_present(c, key))
        return true; /* nothing to send, in any version */
    if (!v5) {
        snprintf(e->msg, sizeof e->msg, "'%s' needs MQTT 5.0", key);
        return false;
    }
    return drv_props_walk(json_object_get(c, key), add_prop, out, e);
}

static json_t *props_json(const MQTTProperties *mp)
{
    json_t *o = json_object();
    for (int i = 0; mp && i < mp->count; i++) {
        const MQTTProperty *q = &mp->array[i];
        drv_prop p = {.id = q->identifier};
        switch (MQTTProperty_getType(q->identifier)) {
        case MQTTPROPERTY_TYPE_BYTE: p.type = DRV_PT_BYTE, p.num = q->value.byte; break;
        case MQTTPROPERTY_TYPE_TWO_BYTE_INTEGER: p.type = DRV_PT_U16, p.num = q->value.integer2; break;
        case MQTTPROPERTY_TYPE_FOUR_BYTE_INTEGER: p.type = DRV_PT_U32, p.num = q->value.integer4; break;
        case MQTTPROPERTY_TYPE_VARIABLE_BYTE_INTEGER: p.type = DRV_PT_VBI, p.num = q->value.integer4; break;
        case MQTTPROPERTY_TYPE_BINARY_DATA:
        case MQTTPROPERTY_TYPE_UTF_8_ENCODED_STRING:
            p.type = MQTTProperty_getType(q->identifier) == MQTTPROPERTY_TYPE_BINARY_DATA ? DRV_PT_BIN : DRV_PT_STR;
            p.data = (const unsigned char *)q->value.data.data;
            p.len = (size_t)q->value.data.len;
            break;
        case MQTTPROPERTY_TYPE_UTF_8_STRING_PAIR:
            p.type = DRV_PT_PAIR;
            p.data = (const unsigned char *)q->value.data.data;
            p.len = (size_t)q->value.data.len;
            p.value = (const unsigned char *)q->value.value.data;
            p.vlen = (size_t)q->value.value.len;
            break;
        default: continue;
        }
        drv_props_put(o, &p);
    }
    return o;
}

/* ---- asynchronous events ---- */

static void on_lost(void *ctx, char *cause)
{
    (void)ctx;
    drv_lock();
    bool reported = server_disconnected;
    server_disconnected = false;
    drv_unlock();
    if (!reported) {
        json_t *ev = drv_event("connection_lost");
        json_object_set_new(ev, "cause", json_string(cause ? cause : "connection lost"));
        drv_emit(ev);
    }
    /* Commands still waiting need nothing here: paho fails them itself with
     * MQTTASYNC_OPERATION_INCOMPLETE ("Operation discarded before completion"). */
    free(cause); /* MQTTAsync_free would do the same; the docs say the callee frees */
}

static void on_server_disconnect(void *ctx, MQTTProperties *props, enum MQTTReasonCodes rc)
{
    (void)ctx;
    json_t *ev = drv_event("connection_lost");
    json_object_set_new(ev, "cause", json_string("server sent DISCONNECT"));
    json_object_set_new(ev, "reason", json_integer(rc));
    json_object_set_new(ev, "props", props_json(props));
    drv_lock();
    server_disconnected = true;
    drv_unlock();
    drv_emit(ev);
}

static int on_message(void *ctx, char *topic, int topic_len, MQTTAsync_message *m)
{
    (void)ctx;
    json_t *ev = drv_event("message");
    size_t tl = topic_len > 0 ? (size_t)topic_len : strlen(topic);
    drv_set_text(ev, "topic", topic, tl);
    drv_set_payload(ev, m->payload, m->payloadlen > 0 ? (size_t)m->payloadlen : 0);
    json_object_set_new(ev, "qos", json_integer(m->qos));
    json_object_set_new(ev, "retain", json_boolean(m->retained));
    json_object_set_new(ev, "dup", json_boolean(m->dup));
    if (m->qos > 0)
        json_object_set_new(ev, "mid", json_integer(m->msgid));
    if (v5)
        json_object_set_new(ev, "props", props_json(&m->properties));
    drv_emit(ev);
    MQTTAsync_freeMessage(&m);
    MQTTAsync_free(topic);
    return 1; /* handled: the library may acknowledge it */
}

/* ---- connect ---- */

static void connected_ev(drv_op *op, int session_present, int reason, const MQTTProperties *props)
{
    json_t *ev = drv_event("connected");
    json_object_set_new(ev, "id", json_integer(op->id));
    json_object_set_new(ev, "session_present", json_boolean(session_present));
    json_object_set_new(ev, "reason", json_integer(reason));
    if (v5)
        json_object_set_new(ev, "props", props_json(props));
    drv_emit(ev);
    drv_lock();
    drv_op_complete(op, true, reason, NULL);
    drv_unlock();
}

static void on_connect(void *ctx, MQTTAsync_successData *r)
{
    connected_ev(ctx, r ? r->alt.connect.sessionPresent : 0, 0, NULL);
}

static void on_connect5(void *ctx, MQTTAsync_successData5 *r)
{
    connected_ev(ctx, r->alt.connect.sessionPresent, r->reasonCode, &r->properties);
}

static void fail_op(drv_op *op, int reason, const char *what, int code, const char *msg)
{
    char err[200];
    snprintf(err, sizeof err, "%s: %s (code %d)", what, msg ? msg : MQTTAsync_strerror(code), code);
    drv_lock();
    drv_op_complete(op, false, reason, err);
    drv_unlock();
}

static void on_connect_fail(void *ctx, MQTTAsync_failureData *r)
{
    /* A refusing 3.1.1 CONNACK arrives here with its return code (1..5) as code. */
    int code = r ? r->code : MQTTASYNC_FAILURE;
    fail_op(ctx, code > 0 ? code : -1, code > 0 ? "CONNACK refused" : "connect failed", code,
            r ? r->message : NULL);
}

static void on_connect_fail5(void *ctx, MQTTAsync_failureData5 *r)
{
    drv_op *op = ctx;
    /* paho 1.3 reports a refusing 5.0 CONNACK with its reason code in `code`
     * (reasonCode stays 0); accept either place. */
    int reason = !r ? -1 : r->reasonCode >= 0x80 ? (int)r->reasonCode : r->code >= 0x80 ? r->code : -1;
    /* No CONNACK properties here: paho's nextOrClose() builds this failure from the
     * code alone (MQTTAsyncUtils.c, 1.3.12), so they never reach the application. */
    fail_op(op, reason, reason >= 0 ? "CONNACK refused" : "connect failed", r ? r->code : MQTTASYNC_FAILURE,
            r ? r->message : NULL);
}

static char *client_id_of; /* the client id `client` was created with (for resume) */

static void drop_client(void)
{
    if (client)
        MQTTAsync_destroy(&client); /* closes the socket without DISCONNECT; no callbacks after */
    client = NULL;
    free(client_id_of);
    client_id_of = NULL;
    drv_ops_clear();
    server_disconnected = false;
}

/* resume (PROTOCOL.md): MQTTAsync_connect again on the same handle. paho keeps its
 * in-flight messages (outboundMsgs) and their pending responses when a connection
 * ends with cleansession 0 (3.1.1) or a non-zero Session Expiry Interval (5.0:
 * MQTTAsync_closeSession, MQTTAsyncUtils.c 1.3.12), and on the CONNACK either
 * resends them (MQTTProtocol_retry: PUBLISH with DUP 1, PUBREL) or, for clean 1 or
 * Session Present 0, discards them (MQTTAsync_cleanSession, which fails the pending
 * publishes with MQTTASYNC_OPERATION_INCOMPLETE). The server URI of the handle is
 * fixed at create time; a resume passes the new one as serverURIs. */
static bool resume_check(drv_connect_args *a, drv_err *e)
{
    if (!client) {
        snprintf(e->msg, sizeof e->msg, "resume: no library client to resume (connect without resume first)");
        return false;
    }
    if (MQTTAsync_isConnected(client)) {
        snprintf(e->msg, sizeof e->msg, "resume: the connection is still up (the server closes it, or disconnect)");
        return false;
    }
    return drv_resume_check(a, client_id_of, v5, e);
}

static void do_connect(long long id, json_t *c, drv_ack *ack)
{
    drv_err e = {{0}};
    drv_connect_args a;
    MQTTProperties cprops = MQTTProperties_initializer, wprops = MQTTProperties_initializer;
    bool resume = false;
    /* A resume keeps the client (and on a refused resume, its session stays too). */
    if (!drv_get_bool(c, "resume", false, &resume, &e)) {
        snprintf(ack->error, sizeof ack->error, "%s", e.msg);
        return;
    }
    if (!resume)
        drop_client();
    if (!drv_parse_connect(c, &a, &e) || (resume && !resume_check(&a, &e)))
        goto bad;
    v5 = a.v5;

    char uri[300];
    bool ipv6 = strchr(a.host, ':') != NULL;
    snprintf(uri, sizeof uri, ipv6 ? "tcp://[%s]:%lld" : "tcp://%s:%lld", a.host, a.port);
    MQTTAsync_createOptions co = MQTTAsync_createOptions_initializer;
    co.MQTTVersion = v5 ? MQTTVERSION_5 : MQTTVERSION_3_1_1;
    int rc;
    if (!resume) {
        rc = MQTTAsync_createWithOptions(&client, uri, a.client_id, MQTTCLIENT_PERSISTENCE_NONE, NULL, &co);
        if (rc != MQTTASYNC_SUCCESS) {
            client = NULL;
            snprintf(e.msg, sizeof e.msg, "MQTTAsync_create: %s", MQTTAsync_strerror(rc));
            goto bad;
        }
        client_id_of = strdup(a.client_id);
        if (!client_id_of) {
            drv_log("out of memory");
            exit(1);
        }
    }
    /* Properties only after the client exists: paho's heap tracker (on in Debian's
     * build) is reset by the first MQTTAsync_create after none existed (Heap_initialize
     * in MQTTAsync_createWithOptions, 1.3.12), and memory MQTTProperties_add took
     * before that can then never be freed (myfree no longer finds it). */
    if (!props_from(c, "props", &cprops, &e) ||
        (a.has_will && !props_from(json_object_get(c, "will"), "props", &wprops, &e))) {
        if (!resume)
            drop_client();
        goto bad;
    }
    if (!resume) {
        MQTTAsync_setCallbacks(client, NULL, on_lost, on_message, NULL);
        if (v5)
            MQTTAsync_setDisconnected(client, NULL, on_server_disconnect);
    }
    drv_lock();
    server_disconnected = false;
    drv_unlock();

    drv_op *op = drv_op_new(id, OP_CONNECT);
    MQTTAsync_connectOptions o;
    if (v5) {
        MQTTAsync_connectOptions o5 = MQTTAsync_connectOptions_initializer5;
        o = o5;
        o.cleanstart = a.clean;
        o.onSuccess5 = on_connect5;
        o.onFailure5 = on_connect_fail5;
        o.connectProperties = &cprops;
        if (a.has_will)
            o.willProperties = &wprops;
    } else {
        MQTTAsync_connectOptions o3 = MQTTAsync_connectOptions_initializer;
        o = o3;
        o.cleansession = a.clean;
        o.onSuccess = on_connect;
        o.onFailure = on_connect_fail;
    }
    o.MQTTVersion = co.MQTTVersion;
    char *uris[1] = {uri};
    if (resume) {
        o.serverURIs = uris;
        o.serverURIcount = 1;
    }
    o.keepAliveInterval = (int)a.keepalive;
    o.context = op;
    o.automaticReconnect = 0;
    /* The library's own TCP+CONNACK deadline, whole seconds, at least 1. */
    o.connectTimeout = a.timeout < 1 ? 1 : (int)ceil(a.timeout);
    o.username = a.username;
    if (a.password) {
        o.binarypwd.data = a.password;
        o.binarypwd.len = (int)strlen(a.password);
    }
    MQTTAsync_willOptions will = MQTTAsync_willOptions_initializer;
    if (a.has_will) {
        will.topicName = a.will_topic;
        will.payload.data = a.will_payload;
        will.payload.len = (int)a.will_len;
        will.qos = (int)a.will_qos;
        will.retained = a.will_retain;
        o.will = &will;
    }
    double deadline = drv_now() + a.timeout;
    rc = MQTTAsync_connect(client, &o);
    MQTTProperties_free(&cprops);
    MQTTProperties_free(&wprops);
    drv_connect_args_free(&a);
    if (rc != MQTTASYNC_SUCCESS) {
        snprintf(ack->error, sizeof ack->error, "MQTTAsync_connect: %s", MQTTAsync_strerror(rc));
        return;
    }
    if (!drv_wait_op(op, deadline)) {
        snprintf(ack->error, sizeof ack->error, "timeout");
        return;
    }
    drv_lock();
    ack->ok = op->ok;
    snprintf(ack->error, sizeof ack->error, "%s", op->error);
    if (op->reason >= 0 && !op->ok)
        json_object_set_new(ack->extra, "reason", json_integer(op->reason));
    drv_unlock();
    return;
bad:
    MQTTProperties_free(&cprops);
    MQTTProperties_free(&wprops);
    drv_connect_args_free(&a);
    snprintf(ack->error, sizeof ack->error, "%s", e.msg);
}

/* ---- subscribe / unsubscribe ---- */

static void reasons_ev(const char *name, drv_op *op, const int *codes, int n, const MQTTProperties *props)
{
    json_t *ev = drv_event(name);
    json_object_set_new(ev, "id", json_integer(op->id));
    json_t *l = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(l, json_integer(codes[i]));
    json_object_set_new(ev, "reasons", l);
    if (v5)
        json_object_set_new(ev, "props", props_json(props));
    drv_emit(ev);
    drv_lock();
    drv_op_complete(op, true, -1, NULL);
    drv_unlock();
}

static void on_sub(void *ctx, MQTTAsync_successData *r)
{
    drv_op *op = ctx;
    /* paho gives one granted QoS in alt.qos, several in alt.qosList. */
    if (op->qos > 1 && r && r->alt.qosList)
        reasons_ev("subscribed", op, r->alt.qosList, op->qos, NULL);
    else
        reasons_ev("subscribed", op, r ? &r->alt.qos : (const int[]){-1}, 1, NULL);
}

static void on_sub_fail(void *ctx, MQTTAsync_failureData *r)
{
    drv_op *op = ctx;
    /* A single refused filter (0x80) comes back as a failure carrying that code. */
    if (r && r->code == MQTT_BAD_SUBSCRIBE) {
        int codes[1] = {MQTT_BAD_SUBSCRIBE};
        reasons_ev("subscribed", op, codes, 1, NULL);
        return;
    }
    fail_op(op, -1, "subscribe failed", r ? r->code : MQTTASYNC_FAILURE, r ? r->message : NULL);
}

static void v5_codes(const char *name, drv_op *op, MQTTAsync_successData5 *r, int count,
                     enum MQTTReasonCodes *codes)
{
    int buf[64], n = 0;
    /* With one filter paho leaves alt.sub / alt.unsub unset (the union holds other
     * data): the code is then in reasonCode. op->qos holds the filter count. */
    if (op->qos > 1 && count > 0 && codes) {
        for (int i = 0; i < count && n < 64; i++)
            buf[n++] = codes[i];
    } else {
        buf[n++] = r->reasonCode; /* one filter: the code is in reasonCode */
    }
    reasons_ev(name, op, buf, n, &r->properties);
}

static void on_sub5(void *ctx, MQTTAsync_successData5 *r)
{
    v5_codes("subscribed", ctx, r, r->alt.sub.reasonCodeCount, r->alt.sub.reasonCodes);
}

static void on_unsub5(void *ctx, MQTTAsync_successData5 *r)
{
    v5_codes("unsubscribed", ctx, r, r->alt.unsub.reasonCodeCount, r->alt.unsub.reasonCodes);
}

static void on_unsub(void *ctx, MQTTAsync_successData *r)
{
    (void)r;
    reasons_ev("unsubscribed", ctx, NULL, 0, NULL);
}

static void on_fail5(void *ctx, MQTTAsync_failureData5 *r)
{
    drv_op *op = ctx;
    /* A SUBACK whose only code is a failure comes here and is still an answer. paho
     * leaves packet_type 0 on this path, so the op says which command it was. */
    if (r && (op->kind == OP_SUBSCRIBE || op->kind == OP_UNSUBSCRIBE) && r->reasonCode >= 0x80) {
        int code = r->reasonCode;
        reasons_ev(op->kind == OP_SUBSCRIBE ? "subscribed" : "unsubscribed", op, &code, 1, &r->properties);
        return;
    }
    fail_op(op, r ? (int)r->reasonCode : -1, "operation failed", r ? r->code : MQTTASYNC_FAILURE,
            r ? r->message : NULL);
}

static void on_fail(void *ctx, MQTTAsync_failureData *r)
{
    fail_op(ctx, -1, "operation failed", r ? r->code : MQTTASYNC_FAILURE, r ? r->message : NULL);
}

static void finish(drv_op *op, double deadline, drv_ack *ack)
{
    if (!drv_wait_op(op, deadline)) {
        snprintf(ack->error, sizeof ack->error, "timeout");
        return;
    }
    drv_lock();
    ack->ok = op->ok;
    snprintf(ack->error, sizeof ack->error, "%s", op->error);
    drv_unlock();
}

static void do_sub(long long id, json_t *c, drv_ack *ack, bool sub)
{
    drv_err e = {{0}};
    drv_sub subs[DRV_MAX_FILTERS];
    char *filters[DRV_MAX_FILTERS];
    int qos[DRV_MAX_FILTERS];
    MQTTSubscribe_options so[DRV_MAX_FILTERS];
    double timeout;
    MQTTProperties props = MQTTProperties_initializer;
    if (!client) {
        snprintf(ack->error, sizeof ack->error, "not connected");
        return;
    }
    int n = drv_parse_filters(c, sub, v5, subs, &e);
    for (int i = 0; i < n; i++) {
        MQTTSubscribe_options o = MQTTSubscribe_options_initializer;
        o.noLocal = subs[i].no_local;
        o.retainAsPublished = subs[i].rap;
        o.retainHandling = (unsigned char)subs[i].rh;
        so[i] = o;
        filters[i] = (char *)subs[i].filter;
        qos[i] = subs[i].qos;
    }
    if (n < 0 || !drv_get_seconds(c, "timeout", 5, &timeout, &e) || !props_from(c, "props", &props, &e)) {
        MQTTProperties_free(&props);
        snprintf(ack->error, sizeof ack->error, "%s", e.msg);
        return;
    }
    drv_op *op = drv_op_new(id, sub ? OP_SUBSCRIBE : OP_UNSUBSCRIBE);
    op->qos = n; /* on_sub needs the count to read the right field */
    MQTTAsync_responseOptions ro = MQTTAsync_responseOptions_initializer;
    ro.context = op;
    if (v5) {
        ro.onSuccess5 = sub ? on_sub5 : on_unsub5;
        ro.onFailure5 = on_fail5;
        ro.properties = props;
        if (sub && n > 1) {
            ro.subscribeOptionsCount = n;
            ro.subscribeOptionsList = so;
        } else if (sub && n == 1) {
            ro.subscribeOptions = so[0];
        }
    } else {
        ro.onSuccess = sub ? on_sub : on_unsub;
        ro.onFailure = sub ? on_sub_fail : on_fail;
    }
    double deadline = drv_now() + timeout;
    int rc = sub ? MQTTAsync_subscribeMany(client, n, filters, qos, &ro)
                 : MQTTAsync_unsubscribeMany(client, n, filters, &ro);
    MQTTProperties_free(&props);
    if (rc != MQTTASYNC_SUCCESS) {
        snprintf(ack->error, sizeof ack->error, "%s: %s", sub ? "subscribe" : "unsubscribe",
                 MQTTAsync_strerror(rc));
        return;
    }
    finish(op, deadline, ack);
}

/* ---- publish ---- */

static void published_ev(drv_op *op, int token, int reason, const MQTTProperties *props)
{
    json_t *ev = drv_event("published");
    json_object_set_new(ev, "id", json_integer(op->id));
    json_object_set_new(ev, "mid", json_integer(token));
    json_object_set_new(ev, "qos", json_integer(op->qos));
    /* Neither field is the broker's on success: paho 1.3.12 hands onSuccess5 the
     * PUBLISH's own properties and reasonCode 0 even for a PUBACK carrying 0x10
     * (MQTTAsyncUtils.c, the PUBACK/PUBCOMP branch), so both stay out of the event
     * (hello.unsupported says so). Failure codes do arrive: on_pub_fail5. */
    (void)props;
    drv_emit(ev);
    drv_lock();
    drv_op_complete(op, true, reason, NULL);
    drv_unlock();
}

static void on_pub(void *ctx, MQTTAsync_successData *r)
{
    published_ev(ctx, r ? r->token : -1, 0, NULL);
}

static void on_pub5(void *ctx, MQTTAsync_successData5 *r)
{
    published_ev(ctx, r->token, r->reasonCode, &r->properties);
}

static void on_pub_fail_common(drv_op *op, int reason, int code, const char *msg)
{
    json_t *ev = drv_event("error");
    json_object_set_new(ev, "id", json_integer(op->id));
    char err[200];
    snprintf(err, sizeof err, "publish failed: %s (code %d)", msg ? msg : MQTTAsync_strerror(code), code);
    json_object_set_new(ev, "error", json_string(err));
    if (reason >= 0)
        json_object_set_new(ev, "reason", json_integer(reason));
    drv_emit(ev);
    drv_lock();
    drv_op_complete(op, false, reason, err);
    drv_unlock();
}

static void on_pub_fail(void *ctx, MQTTAsync_failureData *r)
{
    on_pub_fail_common(ctx, -1, r ? r->code : MQTTASYNC_FAILURE, r ? r->message : NULL);
}

static void on_pub_fail5(void *ctx, MQTTAsync_failureData5 *r)
{
    drv_op *op = ctx;
    /* A PUBACK / PUBREC with a failure reason code (>= 0x80) lands here with the
     * ack's own code and properties: that ends the exchange, so it is `published`. */
    if (r && (r->packet_type == 4 || r->packet_type == 5) && r->reasonCode >= 0x80) {
        json_t *ev = drv_event("published");
        json_object_set_new(ev, "id", json_integer(op->id));
        json_object_set_new(ev, "mid", json_integer(r->token));
        json_object_set_new(ev, "qos", json_integer(op->qos));
        json_object_set_new(ev, "reason", json_integer(r->reasonCode));
        json_object_set_new(ev, "props", props_json(&r->properties));
        drv_emit(ev);
        drv_lock();
        drv_op_complete(op, true, r->reasonCode, NULL);
        drv_unlock();
        return;
    }
    on_pub_fail_common(op, -1, r ? r->code : MQTTASYNC_FAILURE, r ? r->message : NULL);
}

static void do_publish(long long id, json_t *c, drv_ack *ack)
{
    drv_err e = {{0}};
    const char *topic;
    long long qos;
    bool retain;
    unsigned char *payload = NULL;
    size_t len = 0;
    MQTTProperties props = MQTTProperties_initializer;
    if (!client) {
        snprintf(ack->error, sizeof ack->error, "not connected");
        return;
    }
    if (!drv_get_str(c, "topic", NULL, &topic, &e) || !drv_get_int(c, "qos", 0, 0, 2, &qos, &e) ||
        !drv_get_bool(c, "retain", false, &retain, &e) || !drv_get_payload(c, &payload, &len, &e) ||
        !props_from(c, "props", &props, &e) || (!topic && snprintf(e.msg, sizeof e.msg, "publish needs 'topic'"))) {
        free(payload);
        MQTTProperties_free(&props);
        snprintf(ack->error, sizeof ack->error, "%s", e.msg);
        return;
    }
    drv_op *op = drv_op_new(id, OP_PUBLISH);
    op->qos = (int)qos;
    MQTTAsync_message m = MQTTAsync_message_initializer;
    m.payload = payload;
    m.payloadlen = (int)len;
    m.qos = (int)qos;
    m.retained = retain;
    m.properties = props;
    MQTTAsync_responseOptions ro = MQTTAsync_responseOptions_initializer;
    ro.context = op;
    if (v5) {
        ro.onSuccess5 = on_pub5;
        ro.onFailure5 = on_pub_fail5;
    } else {
        ro.onSuccess = on_pub;
        ro.onFailure = on_pub_fail;
    }
    /* The completion may run before sendMessage returns, so the callbacks take the
     * token from their own response rather than from op. */
    int rc = MQTTAsync_sendMessage(client, topic, &m, &ro);
    MQTTProperties_free(&props);
    free(payload);
    if (rc != MQTTASYNC_SUCCESS) {
        snprintf(ack->error, sizeof ack->error, "MQTTAsync_sendMessage: %s", MQTTAsync_strerror(rc));
        return;
    }
    ack->ok = true;
    json_object_set_new(ack->extra, "mid", json_integer(ro.token));
}

/* ---- disconnect ---- */

static void on_disc(void *ctx, MQTTAsync_successData *r)
{
    (void)r;
    drv_lock();
    drv_op_complete(ctx, true, -1, NULL);
    drv_unlock();
}

static void on_disc5(void *ctx, MQTTAsync_successData5 *r)
{
    (void)r;
    on_disc(ctx, NULL);
}

static void do_disconnect(long long id, json_t *c, drv_ack *ack)
{
    drv_err e = {{0}};
    long long reason;
    double timeout;
    MQTTProperties props = MQTTProperties_initializer;
    if (!client) {
        snprintf(ack->error, sizeof ack->error, "not connected");
        return;
    }
    if (!drv_get_int(c, "reason", 0, 0, 255, &reason, &e) || !drv_get_seconds(c, "timeout", 5, &timeout, &e) ||
        !props_from(c, "props", &props, &e) ||
        (!v5 && reason && snprintf(e.msg, sizeof e.msg, "a DISCONNECT reason needs MQTT 5.0"))) {
        MQTTProperties_free(&props);
        snprintf(ack->error, sizeof ack->error, "%s", e.msg);
        return;
    }
    drv_op *op = drv_op_new(id, OP_DISCONNECT);
    MQTTAsync_disconnectOptions o;
    if (v5) {
        MQTTAsync_disconnectOptions o5 = MQTTAsync_disconnectOptions_initializer5;
        o = o5;
        o.onSuccess5 = on_disc5;
        o.onFailure5 = on_fail5;
        o.reasonCode = (enum MQTTReasonCodes)reason;
        o.properties = props;
    } else {
        MQTTAsync_disconnectOptions o3 = MQTTAsync_disconnectOptions_initializer;
        o = o3;
        o.onSuccess = on_disc;
        o.onFailure = on_fail;
    }
    o.context = op;
    o.timeout = 0; /* no draining of in-flight messages: send DISCONNECT now */
    double deadline = drv_now() + timeout;
    int rc = MQTTAsync_disconnect(client, &o);
    MQTTProperties_free(&props);
    if (rc != MQTTASYNC_SUCCESS) {
        snprintf(ack->error, sizeof ack->error, "MQTTAsync_disconnect: %s", MQTTAsync_strerror(rc));
        return;
    }
    finish(op, deadline, ack);
}

static void shutdown_lib(void)
{
    drop_client();
}

int main(int argc, char **argv)
{
    static char library[128];
    const char *ver = "?";
    for (MQTTAsync_nameValue *nv = MQTTAsync_getVersionInfo(); nv && nv->name; nv++)
        if (strcmp(nv->name, "Version") == 0)
            ver = nv->value;
    snprintf(library, sizeof library, "paho.mqtt.c %s (MQTTAsync)", ver);
    static const char *const unsupported[] = {"published.reason", "published.props", NULL};
    static const char *const features[] = {"connect.resume", NULL};
    const drv_driver d = {
        .name = "paho",
        .library = library,
        .unsupported = unsupported,
        .features = features,
        .connect = do_connect,
        .sub = do_sub,
        .publish = do_publish,
        .disconnect = do_disconnect,
        .shutdown = shutdown_lib,
    };
    return drv_main(&d, argc, argv);
}
