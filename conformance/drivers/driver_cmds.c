/* Parsing of the connect and subscribe/unsubscribe commands, shared by the drivers
 * so every library sees the same defaults and the same refusals. */
#include "driver.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool drv_parse_connect(json_t *c, drv_connect_args *a, drv_err *e)
{
    memset(a, 0, sizeof *a);
    if (!drv_get_str(c, "host", "127.0.0.1", &a->host, e) ||
        !drv_get_int(c, "port", -1, 1, 65535, &a->port, e) ||
        !drv_get_str(c, "version", "3.1.1", &a->version, e) ||
        !drv_get_str(c, "client_id", "", &a->client_id, e) ||
        !drv_get_bool(c, "clean", true, &a->clean, e) ||
        !drv_get_int(c, "keepalive", 60, 0, 65535, &a->keepalive, e) ||
        !drv_get_str(c, "username", NULL, &a->username, e) ||
        !drv_get_str(c, "password", NULL, &a->password, e) ||
        !drv_get_seconds(c, "timeout", 5, &a->timeout, e) ||
        !drv_get_bool(c, "resume", false, &a->resume, e))
        return false;
    a->has_client_id = json_object_get(c, "client_id") && !json_is_null(json_object_get(c, "client_id"));
    a->has_version = json_object_get(c, "version") && !json_is_null(json_object_get(c, "version"));
    if (a->port < 0) {
        snprintf(e->msg, sizeof e->msg, "connect needs 'port'");
        return false;
    }
    if (strcmp(a->version, "3.1.1") && strcmp(a->version, "5.0")) {
        snprintf(e->msg, sizeof e->msg, "version must be \"3.1.1\" or \"5.0\"");
        return false;
    }
    a->v5 = strcmp(a->version, "5.0") == 0;
    json_t *w = json_object_get(c, "will");
    a->has_will = w && !json_is_null(w);
    if (a->has_will) {
        if (!json_is_object(w)) {
            snprintf(e->msg, sizeof e->msg, "'will' must be an object");
            return false;
        }
        if (!drv_get_str(w, "topic", NULL, &a->will_topic, e) ||
            !drv_get_int(w, "qos", 0, 0, 2, &a->will_qos, e) ||
            !drv_get_bool(w, "retain", false, &a->will_retain, e) ||
            !drv_get_payload(w, &a->will_payload, &a->will_len, e))
            return false;
        if (!a->will_topic) {
            drv_connect_args_free(a);
            snprintf(e->msg, sizeof e->msg, "'will' needs 'topic'");
            return false;
        }
    }
    return true;
}

bool drv_resume_check(drv_connect_args *a, const char *client_id, bool v5, drv_err *e)
{
    if (a->has_client_id && strcmp(a->client_id, client_id) != 0) {
        snprintf(e->msg, sizeof e->msg, "resume: client_id must be the resumed client's (\"%.100s\")", client_id);
        return false;
    }
    if (a->has_version && a->v5 != v5) {
        snprintf(e->msg, sizeof e->msg, "resume: version must be the resumed client's (%s)", v5 ? "5.0" : "3.1.1");
        return false;
    }
    a->client_id = client_id;
    a->v5 = v5;
    a->version = v5 ? "5.0" : "3.1.1";
    return true;
}

void drv_connect_args_free(drv_connect_args *a)
{
    free(a->will_payload);
    a->will_payload = NULL;
}

bool drv_props_present(json_t *c, const char *key)
{
    json_t *j = json_object_get(c, key);
    return j && !json_is_null(j) && !(json_is_object(j) && json_object_size(j) == 0);
}

int drv_parse_filters(json_t *c, bool subscribe, bool v5, drv_sub *out, drv_err *e)
{
    const char *lkey = subscribe ? "subs" : "filters";
    json_t *list = json_object_get(c, lkey);
    bool one = !list;
    if (one && !json_object_get(c, "filter")) {
        snprintf(e->msg, sizeof e->msg, "needs '%s' or 'filter'", lkey);
        return -1;
    }
    /* An empty list reaches the library as it is: whether the library refuses a SUBSCRIBE /
       UNSUBSCRIBE without filters (3.1.1 MQTT-3.8.3-3, 5.0 MQTT-3.8.3-2, MQTT-3.10.3-2) is what
       a client scenario checks, so the driver must not decide it. */
    if (!one && (!json_is_array(list) || json_array_size(list) > DRV_MAX_FILTERS)) {
        snprintf(e->msg, sizeof e->msg, "'%s' must be a list of 0..%d entries", lkey, DRV_MAX_FILTERS);
        return -1;
    }
    int n = one ? 1 : (int)json_array_size(list);
    for (int i = 0; i < n; i++) {
        json_t *s = one ? c : json_array_get(list, (size_t)i);
        drv_sub *d = &out[i];
        memset(d, 0, sizeof *d);
        if (!subscribe && !one) {
            if (!json_is_string(s) || strlen(json_string_value(s)) != json_string_length(s)) {
                snprintf(e->msg, sizeof e->msg, "'filters' entries must be strings without NUL");
                return -1;
            }
            d->filter = json_string_value(s);
            continue;
        }
        if (!json_is_object(s)) {
            snprintf(e->msg, sizeof e->msg, "each subscription must be an object with 'filter'");
            return -1;
        }
        if (!drv_get_str(s, "filter", NULL, &d->filter, e))
            return -1;
        if (!d->filter) {
            snprintf(e->msg, sizeof e->msg, "each subscription needs a string 'filter'");
            return -1;
        }
        if (!subscribe)
            continue;
        long long q, rh;
        if (!drv_get_int(s, "qos", 0, 0, 2, &q, e) || !drv_get_bool(s, "no_local", false, &d->no_local, e) ||
            !drv_get_bool(s, "rap", false, &d->rap, e) || !drv_get_int(s, "rh", 0, 0, 2, &rh, e))
            return -1;
        if (!v5 && (d->no_local || d->rap || rh)) {
            snprintf(e->msg, sizeof e->msg, "no_local / rap / rh need MQTT 5.0");
            return -1;
        }
        d->qos = (int)q;
        d->rh = (int)rh;
    }
    return n;
}
