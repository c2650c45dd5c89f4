/* mqc-driver-mosquitto: libmosquitto behind the driver protocol (PROTOCOL.md).
 * The library runs in this thread: the core polls stdin and mosquitto_socket() and
 * hands the socket's turns to mosquitto_loop with a zero timeout. No loop thread, so
 * the library never reconnects on its own (mosquitto_loop_forever would). */
#include "driver.h"

#include <mosquitto.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { OP_CONNECT, OP_SUBSCRIBE, OP_UNSUBSCRIBE, OP_PUBLISH, OP_DISCONNECT };

static struct mosquitto *mosq;
static bool v5;
static drv_op *connect_op, *disconnect_op;
static drv_op *publishing; /* QoS 0 completes inside mosquitto_publish_v5 itself */

/* ---- properties ---- */

static bool add_prop(void *ctx, const drv_prop *p, drv_err *e)
{
    mosquitto_property **list = ctx;
    int rc = MOSQ_ERR_INVAL;
    char *k = NULL, *v = NULL;
    switch (p->type) {
    case DRV_PT_NONE: break; /* rc stays MOSQ_ERR_INVAL */
    case DRV_PT_BYTE: rc = mosquitto_property_add_byte(list, p->id, (uint8_t)p->num); break;
    case DRV_PT_U16: rc = mosquitto_property_add_int16(list, p->id, (uint16_t)p->num); break;
    case DRV_PT_U32: rc = mosquitto_property_add_int32(list, p->id, p->num); break;
    case DRV_PT_VBI: rc = mosquitto_property_add_varint(list, p->id, p->num); break;
    case DRV_PT_BIN:
        if (p->len <= 65535)
            rc = mosquitto_property_add_binary(list, p->id, p->data, (uint16_t)p->len);
        break;
    case DRV_PT_STR:
    case DRV_PT_PAIR:
        /* The library takes C strings: a NUL inside would be cut silently. */
        k = strndup((const char *)p->data, p->len);
        v = p->type == DRV_PT_PAIR ? strndup((const char *)p->value, p->vlen) : NULL;
        if (k && strlen(k) == p->len && (p->type == DRV_PT_STR || (v && strlen(v) == p->vlen)))
            rc = p->type == DRV_PT_STR ? mosquitto_property_add_string(list, p->id, k)
                                       : mosquitto_property_add_string_pair(list, p->id, k, v);
        break;
    }
    free(k);
    free(v);
    if (rc != MOSQ_ERR_SUCCESS) {
        snprintf(e->msg, sizeof e->msg, "libmosquitto refused property %s: %s", drv_prop_name(p->id),
                 mosquitto_strerror(rc));
        return false;
    }
    return true;
}

static bool props_from(json_t *c, const char *key, mosquitto_property **out, drv_err *e)
{
    if (!drv_props_present(c, key))
        return true;
    if (!v5) {
        snprintf(e->msg, sizeof e->msg, "'%s' needs MQTT 5.0", key);
        return false;
    }
    return drv_props_walk(json_object_get(c, key), add_prop, out, e);
}

static json_t *props_json(const mosquitto_property *list)
{
    json_t *o = json_object();
    for (const mosquitto_property *q = list; q; q = mosquitto_property_next(q)) {
        int id = mosquitto_property_identifier(q);
        drv_prop p = {.id = id};
        drv_prop_type t;
        const char *name = drv_prop_name(id);
        if (!name || !drv_prop_lookup(name, &id, &t))
            continue;
        p.type = t;
        uint8_t b;
        uint16_t s16;
        uint32_t u32;
        void *bin = NULL;
        char *str = NULL, *val = NULL;
        uint16_t blen = 0;
        /* The read functions search from q for id; with skip_first=false they return q. */
        switch (t) {
        case DRV_PT_NONE: break; /* lookup found it: not reached */
        case DRV_PT_BYTE: mosquitto_property_read_byte(q, id, &b, false); p.num = b; break;
        case DRV_PT_U16: mosquitto_property_read_int16(q, id, &s16, false); p.num = s16; break;
        case DRV_PT_U32: mosquitto_property_read_int32(q, id, &u32, false); p.num = u32; break;
        case DRV_PT_VBI: mosquitto_property_read_varint(q, id, &u32, false); p.num = u32; break;
        case DRV_PT_BIN:
            mosquitto_property_read_binary(q, id, &bin, &blen, false);
            p.data = bin;
            p.len = blen;
            break;
        case DRV_PT_STR:
            mosquitto_property_read_string(q, id, &str, false);
            p.data = (unsigned char *)str;
            p.len = str ? strlen(str) : 0;
            break;
        case DRV_PT_PAIR:
            mosquitto_property_read_string_pair(q, id, &str, &val, false);
            p.data = (unsigned char *)str;
            p.len = str ? strlen(str) : 0;
            p.value = (unsigned char *)val;
            p.vlen = val ? strlen(val) : 0;
            break;
        }
        drv_props_put(o, &p);
        free(bin);
        free(str);
        free(val);
    }
    return o;
}

/* ---- callbacks (run inside mosquitto_loop, in this thread) ---- */

static void on_connect(struct mosquitto *m, void *obj, int rc, int flags, const mosquitto_property *props)
{
    (void)m, (void)obj;
    drv_op *op = connect_op;
    connect_op = NULL;
    if (!op)
        return;
    if (rc == 0) {
        json_t *ev = drv_event("connected");
        json_object_set_new(ev, "id", json_integer(op->id));
        json_object_set_new(ev, "session_present", json_boolean(flags & 1));
        json_object_set_new(ev, "reason", json_integer(rc));
        if (v5)
            json_object_set_new(ev, "props", props_json(props));
        drv_emit(ev);
    } else if (v5) {
        op->data = props_json(props);
    }
    drv_lock();
    drv_op_complete(op, rc == 0, rc, rc ? "CONNACK refused" : NULL);
    drv_unlock();
}

static void on_disconnect(struct mosquitto *m, void *obj, int rc, const mosquitto_property *props)
{
    (void)m, (void)obj;
    if (disconnect_op) {
        drv_lock();
        drv_op_complete(disconnect_op, true, -1, NULL);
        drv_unlock();
        disconnect_op = NULL;
        return;
    }
    if (connect_op) {
        char err[200];
        snprintf(err, sizeof err, "connection closed before CONNACK: %s", mosquitto_strerror(rc));
        drv_lock();
        drv_op_complete(connect_op, false, -1, err);
        drv_unlock();
        connect_op = NULL;
        return;
    }
    json_t *ev = drv_event("connection_lost");
    /* libmosquitto passes a server DISCONNECT's reason code (>= 0x80 for errors) in
     * the same argument as its own error numbers (small values). */
    if (v5 && rc >= 0x80) {
        json_object_set_new(ev, "cause", json_string("server sent DISCONNECT"));
        json_object_set_new(ev, "reason", json_integer(rc));
        /* Always NULL in 2.0.x: handle__disconnect frees the properties before the
         * callback (lib/handle_disconnect.c), hence connection_lost.props in hello. */
        if (props)
            json_object_set_new(ev, "props", props_json(props));
    } else {
        json_object_set_new(ev, "cause", json_string(mosquitto_strerror(rc)));
    }
    drv_emit(ev);
}

static void on_subscribe(struct mosquitto *m, void *obj, int mid, int n, const int *granted,
                         const mosquitto_property *props)
{
    (void)m, (void)obj;
    drv_lock();
    drv_op *op = drv_op_find_mid(OP_SUBSCRIBE, mid);
    drv_unlock();
    json_t *ev = drv_event("subscribed");
    if (op)
        json_object_set_new(ev, "id", json_integer(op->id));
    json_t *l = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(l, json_integer(granted[i]));
    json_object_set_new(ev, "reasons", l);
    if (v5)
        json_object_set_new(ev, "props", props_json(props));
    drv_emit(ev);
    drv_lock();
    drv_op_complete(op, true, -1, NULL);
    drv_unlock();
}

static void on_unsubscribe(struct mosquitto *m, void *obj, int mid, const mosquitto_property *props)
{
    (void)m, (void)obj;
    drv_lock();
    drv_op *op = drv_op_find_mid(OP_UNSUBSCRIBE, mid);
    drv_unlock();
    json_t *ev = drv_event("unsubscribed");
    if (op)
        json_object_set_new(ev, "id", json_integer(op->id));
    if (v5)
        json_object_set_new(ev, "props", props_json(props)); /* reason codes: not exposed */
    drv_emit(ev);
    drv_lock();
    drv_op_complete(op, true, -1, NULL);
    drv_unlock();
}

static void on_publish(struct mosquitto *m, void *obj, int mid, int reason, const mosquitto_property *props)
{
    (void)m, (void)obj;
    drv_lock();
    drv_op *op = drv_op_find_mid(OP_PUBLISH, mid);
    drv_unlock();
    if (!op && publishing && !publishing->done)
        op = publishing;
    json_t *ev = drv_event("published");
    if (op) {
        json_object_set_new(ev, "id", json_integer(op->id));
        json_object_set_new(ev, "qos", json_integer(op->qos));
    }
    json_object_set_new(ev, "mid", json_integer(mid));
    if (v5) {
        json_object_set_new(ev, "reason", json_integer(reason));
        json_object_set_new(ev, "props", props_json(props));
    }
    drv_emit(ev);
    drv_lock();
    drv_op_complete(op, true, reason, NULL);
    drv_unlock();
}

static void on_message(struct mosquitto *m, void *obj, const struct mosquitto_message *msg,
                       const mosquitto_property *props)
{
    (void)m, (void)obj;
    json_t *ev = drv_event("message");
    drv_set_text(ev, "topic", msg->topic, strlen(msg->topic));
    drv_set_payload(ev, msg->payload, msg->payloadlen > 0 ? (size_t)msg->payloadlen : 0);
    json_object_set_new(ev, "qos", json_integer(msg->qos));
    json_object_set_new(ev, "retain", json_boolean(msg->retain));
    if (msg->qos > 0)
        json_object_set_new(ev, "mid", json_integer(msg->mid));
    if (v5)
        json_object_set_new(ev, "props", props_json(props));
    drv_emit(ev);
}

/* ---- the core's view of the socket ---- */

static int sock(void)
{
    return mosq ? mosquitto_socket(mosq) : -1;
}

static bool want_write(void)
{
    return mosq && mosquitto_want_write(mosq);
}

static void service(short revents)
{
    (void)revents;
    if (mosq && mosquitto_socket(mosq) >= 0)
        mosquitto_loop(mosq, 0, 1); /* reads/writes what is ready, keepalive, close handling */
}

static char *client_id_of; /* of `mosq`, for resume */
static bool clean_of;      /* the clean_session given to mosquitto_new */

static void drop_client(void)
{
    if (mosq)
        mosquitto_destroy(mosq); /* closes the socket without DISCONNECT */
    mosq = NULL;
    free(client_id_of);
    client_id_of = NULL;
    connect_op = disconnect_op = NULL;
    drv_ops_clear();
}

/* resume (PROTOCOL.md): mosquitto_connect_bind_v5 again on the same struct. 2.0.11
 * keeps msgs_out across a lost connection; mosquitto__reconnect puts each in-flight
 * message back to "publish" (QoS 1, QoS 2 before PUBREC) or "resend PUBREL"
 * (message__reconnect_reset, lib/messages_mosq.c) and handle__connack resends them
 * all with DUP 1 (message__retry_check) whatever the Session Present flag and the
 * clean flag say: libmosquitto never discards its session state on a reconnect.
 * The clean flag is fixed at mosquitto_new, so a resume cannot change it. */
static bool resume_check(drv_connect_args *a, drv_err *e)
{
    if (!mosq) {
        snprintf(e->msg, sizeof e->msg, "resume: no library client to resume (connect without resume first)");
        return false;
    }
    if (sock() >= 0) {
        snprintf(e->msg, sizeof e->msg, "resume: the connection is still up (the server closes it, or disconnect)");
        return false;
    }
    if (a->clean != clean_of) {
        snprintf(e->msg, sizeof e->msg, "resume: clean=%s refused: libmosquitto fixes the clean flag at "
                                        "mosquitto_new (it was %s)", a->clean ? "true" : "false",
                 clean_of ? "true" : "false");
        return false;
    }
    return drv_resume_check(a, client_id_of, v5, e);
}

/* ---- commands ---- */

static bool finish(drv_op *op, double deadline, drv_ack *ack)
{
    if (!drv_wait_op(op, deadline)) {
        snprintf(ack->error, sizeof ack->error, sock() < 0 ? "connection closed" : "timeout");
        return false;
    }
    drv_lock();
    ack->ok = op->ok;
    snprintf(ack->error, sizeof ack->error, "%s", op->error);
    drv_unlock();
    return true;
}

static void do_connect(long long id, json_t *c, drv_ack *ack)
{
    drv_err e = {{0}};
    drv_connect_args a;
    mosquitto_property *cprops = NULL, *wprops = NULL;
    bool resume = false;
    if (!drv_get_bool(c, "resume", false, &resume, &e)) {
        snprintf(ack->error, sizeof ack->error, "%s", e.msg);
        return;
    }
    if (!resume)
        drop_client();
    if (!drv_parse_connect(c, &a, &e) || (resume && !resume_check(&a, &e)))
        goto bad;
    v5 = a.v5;
    if (!props_from(c, "props", &cprops, &e) ||
        (a.has_will && !props_from(json_object_get(c, "will"), "props", &wprops, &e)))
        goto bad;
    if (a.keepalive > 0 && a.keepalive < 5) {
        /* mosquitto_connect*() returns MOSQ_ERR_INVAL for 1..4 (lib/connect.c). */
        snprintf(e.msg, sizeof e.msg, "libmosquitto cannot send a keepalive of 1..4 s");
        goto bad;
    }
    if (!a.client_id[0]) {
        /* mosquitto_new turns "" into an error and NULL into a random id. */
        snprintf(e.msg, sizeof e.msg, "libmosquitto cannot send an empty client_id");
        goto bad;
    }
    if (!resume) {
        mosq = mosquitto_new(a.client_id, a.clean, NULL);
        if (!mosq) {
            snprintf(e.msg, sizeof e.msg, "mosquitto_new failed (client_id / clean combination refused)");
            goto bad;
        }
        client_id_of = strdup(a.client_id);
        if (!client_id_of) {
            drv_log("out of memory");
            exit(1);
        }
        clean_of = a.clean;
        mosquitto_int_option(mosq, MOSQ_OPT_PROTOCOL_VERSION, v5 ? MQTT_PROTOCOL_V5 : MQTT_PROTOCOL_V311);
        mosquitto_connect_v5_callback_set(mosq, on_connect);
        mosquitto_disconnect_v5_callback_set(mosq, on_disconnect);
        mosquitto_subscribe_v5_callback_set(mosq, on_subscribe);
        mosquitto_unsubscribe_v5_callback_set(mosq, on_unsubscribe);
        mosquitto_publish_v5_callback_set(mosq, on_publish);
        mosquitto_message_v5_callback_set(mosq, on_message);
    } else {
        connect_op = disconnect_op = NULL;
        mosquitto_will_clear(mosq); /* the resume's own will (or none), as for a new client */
    }
    int rc = MOSQ_ERR_SUCCESS;
    /* (NULL, NULL) clears what an earlier connect of a resumed client set. */
    if (a.username || a.password || resume)
        rc = mosquitto_username_pw_set(mosq, a.username, a.password);
    if (rc == MOSQ_ERR_SUCCESS && a.has_will) {
        rc = mosquitto_will_set_v5(mosq, a.will_topic, (int)a.will_len, a.will_payload, (int)a.will_qos,
                                   a.will_retain, wprops);
        if (rc == MOSQ_ERR_SUCCESS)
            wprops = NULL; /* the library owns them now */
    }
    if (rc != MOSQ_ERR_SUCCESS) {
        snprintf(e.msg, sizeof e.msg, "libmosquitto refused the options: %s", mosquitto_strerror(rc));
        goto bad;
    }
    drv_op *op = drv_op_new(id, OP_CONNECT);
    connect_op = op;
    double deadline = drv_now() + a.timeout;
    /* TCP connect is blocking here; on loopback it ends at once (accept or refuse). */
    rc = mosquitto_connect_bind_v5(mosq, a.host, (int)a.port, (int)a.keepalive, NULL, cprops);
    mosquitto_property_free_all(&cprops);
    drv_connect_args_free(&a);
    if (rc != MOSQ_ERR_SUCCESS) {
        connect_op = NULL;
        snprintf(ack->error, sizeof ack->error, "connect failed: %s", mosquitto_strerror(rc));
        return;
    }
    finish(op, deadline, ack);
    drv_lock();
    if (op->done && !op->ok && op->reason > 0) /* a refusing CONNACK */
        json_object_set_new(ack->extra, "reason", json_integer(op->reason));
    if (op->done && !op->ok && op->data)
        json_object_set(ack->extra, "props", op->data);
    drv_unlock();
    return;
bad:
    mosquitto_property_free_all(&cprops);
    mosquitto_property_free_all(&wprops);
    drv_connect_args_free(&a);
    snprintf(ack->error, sizeof ack->error, "%s", e.msg);
}

static void do_sub(long long id, json_t *c, drv_ack *ack, bool sub)
{
    drv_err e = {{0}};
    drv_sub subs[DRV_MAX_FILTERS];
    char *filters[DRV_MAX_FILTERS];
    double timeout;
    mosquitto_property *props = NULL;
    if (!mosq || sock() < 0) {
        snprintf(ack->error, sizeof ack->error, "not connected");
        return;
    }
    int n = drv_parse_filters(c, sub, v5, subs, &e);
    if (n < 0 || !drv_get_seconds(c, "timeout", 5, &timeout, &e) || !props_from(c, "props", &props, &e))
        goto bad;
    for (int i = 0; i < n; i++) {
        filters[i] = (char *)subs[i].filter;
        /* One SUBSCRIBE carries one QoS and one set of options for all its filters here. */
        if (sub && (subs[i].qos != subs[0].qos || subs[i].no_local != subs[0].no_local ||
                    subs[i].rap != subs[0].rap || subs[i].rh != subs[0].rh)) {
            snprintf(e.msg, sizeof e.msg, "libmosquitto sends one QoS and one option set per SUBSCRIBE");
            goto bad;
        }
    }
    /* Subscription options byte, MQTT 5.0 §3.8.3.1: bit 2 No Local, bit 3 RAP, bits 4-5 RH. */
    int opts = n ? (subs[0].no_local ? 0x04 : 0) | (subs[0].rap ? 0x08 : 0) | (subs[0].rh << 4) : 0;
    drv_op *op = drv_op_new(id, sub ? OP_SUBSCRIBE : OP_UNSUBSCRIBE);
    int mid = -1;
    double deadline = drv_now() + timeout;
    int rc = sub ? mosquitto_subscribe_multiple(mosq, &mid, n, filters, n ? subs[0].qos : 0, opts, props)
                 : mosquitto_unsubscribe_multiple(mosq, &mid, n, filters, props);
    mosquitto_property_free_all(&props);
    drv_lock();
    op->mid = mid;
    drv_unlock();
    if (rc != MOSQ_ERR_SUCCESS) {
        drv_lock();
        drv_op_complete(op, false, -1, NULL);
        drv_unlock();
        snprintf(ack->error, sizeof ack->error, "%s: %s", sub ? "subscribe" : "unsubscribe", mosquitto_strerror(rc));
        return;
    }
    finish(op, deadline, ack);
    return;
bad:
    mosquitto_property_free_all(&props);
    snprintf(ack->error, sizeof ack->error, "%s", e.msg);
}

static void do_publish(long long id, json_t *c, drv_ack *ack)
{
    drv_err e = {{0}};
    const char *topic = NULL;
    long long qos;
    bool retain;
    unsigned char *payload = NULL;
    size_t len = 0;
    mosquitto_property *props = NULL;
    if (!mosq || sock() < 0) {
        snprintf(ack->error, sizeof ack->error, "not connected");
        return;
    }
    if (!drv_get_str(c, "topic", NULL, &topic, &e) || !drv_get_int(c, "qos", 0, 0, 2, &qos, &e) ||
        !drv_get_bool(c, "retain", false, &retain, &e) || !drv_get_payload(c, &payload, &len, &e) ||
        !props_from(c, "props", &props, &e) || (!topic && snprintf(e.msg, sizeof e.msg, "publish needs 'topic'"))) {
        free(payload);
        mosquitto_property_free_all(&props);
        snprintf(ack->error, sizeof ack->error, "%s", e.msg);
        return;
    }
    drv_op *op = drv_op_new(id, OP_PUBLISH);
    op->qos = (int)qos;
    int mid = -1;
    /* QoS 1/2 callbacks only run inside mosquitto_loop, after op->mid is set; a QoS 0
     * PUBLISH written at once completes during the call and finds `publishing`. */
    publishing = op;
    int rc = mosquitto_publish_v5(mosq, &mid, topic, (int)len, payload, (int)qos, retain, props);
    publishing = NULL;
    free(payload);
    mosquitto_property_free_all(&props);
    op->mid = mid;
    if (rc != MOSQ_ERR_SUCCESS) {
        drv_lock();
        drv_op_complete(op, false, -1, NULL);
        drv_unlock();
        snprintf(ack->error, sizeof ack->error, "mosquitto_publish: %s", mosquitto_strerror(rc));
        return;
    }
    ack->ok = true;
    json_object_set_new(ack->extra, "mid", json_integer(mid));
}

static void do_disconnect(long long id, json_t *c, drv_ack *ack)
{
    drv_err e = {{0}};
    long long reason;
    double timeout;
    mosquitto_property *props = NULL;
    if (!mosq || sock() < 0) {
        snprintf(ack->error, sizeof ack->error, "not connected");
        return;
    }
    if (!drv_get_int(c, "reason", 0, 0, 255, &reason, &e) || !drv_get_seconds(c, "timeout", 5, &timeout, &e) ||
        !props_from(c, "props", &props, &e) ||
        (!v5 && reason && snprintf(e.msg, sizeof e.msg, "a DISCONNECT reason needs MQTT 5.0"))) {
        mosquitto_property_free_all(&props);
        snprintf(ack->error, sizeof ack->error, "%s", e.msg);
        return;
    }
    drv_op *op = drv_op_new(id, OP_DISCONNECT);
    disconnect_op = op;
    double deadline = drv_now() + timeout;
    int rc = mosquitto_disconnect_v5(mosq, (int)reason, props);
    mosquitto_property_free_all(&props);
    if (rc != MOSQ_ERR_SUCCESS) {
        disconnect_op = NULL;
        snprintf(ack->error, sizeof ack->error, "mosquitto_disconnect: %s", mosquitto_strerror(rc));
        return;
    }
    finish(op, deadline, ack);
}

static void shutdown_lib(void)
{
    drop_client();
    mosquitto_lib_cleanup();
}

int main(int argc, char **argv)
{
    mosquitto_lib_init();
    int maj, min, rev;
    mosquitto_lib_version(&maj, &min, &rev);
    static char library[64];
    snprintf(library, sizeof library, "libmosquitto %d.%d.%d", maj, min, rev);
    static const char *const unsupported[] = {
        "connect.client_id_empty",   /* mosquitto_new: "" is an error, NULL a random id */
        "connect.keepalive_under_5", /* mosquitto_connect: keepalive 1..4 is an error */
        "subscribe.mixed_options",   /* one QoS and one option set per SUBSCRIBE */
        "message.dup",               /* struct mosquitto_message has no dup */
        "unsubscribed.reasons",      /* on_unsubscribe_v5 gets no reason codes */
        "connection_lost.props",     /* 2.0.x frees a server DISCONNECT's properties first */
        "connect.resume_clean_change", /* the clean flag is fixed at mosquitto_new */
        NULL,
    };
    static const char *const features[] = {"connect.resume", NULL};
    const drv_driver d = {
        .name = "mosquitto",
        .library = library,
        .unsupported = unsupported,
        .features = features,
        .connect = do_connect,
        .sub = do_sub,
        .publish = do_publish,
        .disconnect = do_disconnect,
        .sock = sock,
        .want_write = want_write,
        .service = service,
        .shutdown = shutdown_lib,
    };
    return drv_main(&d, argc, argv);
}
