/* MQTT 5.0 properties <-> the snake_case JSON form of conformance/API.md.
 * Both C libraries number properties with the identifiers of MQTT 5.0 §2.2.2.2,
 * so the codec's table (names and types) serves them. */
#include "driver.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *drv_prop_name(int id)
{
    /* per thread and per identifier: a name stays valid while others are asked for */
    static _Thread_local char keys[0x80][MQTT_PROP_KEY_MAX];
    if (id <= 0 || id >= 0x80)
        return NULL;
    return mqtt_prop_key((uint8_t)id, keys[id], sizeof keys[id]) ? keys[id] : NULL;
}

bool drv_prop_lookup(const char *name, int *id, drv_prop_type *type)
{
    int pid = mqtt_prop_by_key(name);
    if (pid < 0)
        return false;
    *id = pid;
    *type = mqtt_prop_type_of((uint8_t)pid);
    return true;
}

static uint32_t max_of(drv_prop_type t)
{
    switch (t) {
    case DRV_PT_BYTE: return 0xFF;
    case DRV_PT_U16: return 0xFFFF;
    case DRV_PT_VBI: return 268435455u; /* largest Variable Byte Integer, MQTT 5.0 §1.5.5 */
    default: return 0xFFFFFFFFu;
    }
}

static bool walk_pairs(json_t *v, int id, drv_prop_add_fn add, void *ctx, drv_err *e)
{
    if (!json_is_array(v)) {
        snprintf(e->msg, sizeof e->msg, "'user_property' must be a list of [key, value] pairs");
        return false;
    }
    size_t i;
    json_t *pair;
    json_array_foreach(v, i, pair) {
        json_t *k = json_array_get(pair, 0), *val = json_array_get(pair, 1);
        if (!json_is_array(pair) || json_array_size(pair) != 2 || !json_is_string(k) ||
            !json_is_string(val)) {
            snprintf(e->msg, sizeof e->msg, "'user_property' entry %zu must be [key, value] strings", i);
            return false;
        }
        drv_prop p = {.id = id, .type = DRV_PT_PAIR,
                      .data = (const unsigned char *)json_string_value(k), .len = json_string_length(k),
                      .value = (const unsigned char *)json_string_value(val), .vlen = json_string_length(val)};
        if (!add(ctx, &p, e))
            return false;
    }
    return true;
}

bool drv_props_walk(json_t *props, drv_prop_add_fn add, void *ctx, drv_err *e)
{
    if (!props || json_is_null(props))
        return true;
    if (!json_is_object(props)) {
        snprintf(e->msg, sizeof e->msg, "'props' must be an object keyed by property name");
        return false;
    }
    const char *name;
    json_t *v;
    json_object_foreach(props, name, v) {
        int id;
        drv_prop_type type;
        if (!drv_prop_lookup(name, &id, &type)) {
            snprintf(e->msg, sizeof e->msg, "unknown property '%s'", name);
            return false;
        }
        drv_prop p = {.id = id, .type = type};
        switch (type) {
        case DRV_PT_PAIR:
            if (!walk_pairs(v, id, add, ctx, e))
                return false;
            continue;
        case DRV_PT_STR:
            if (!json_is_string(v)) {
                snprintf(e->msg, sizeof e->msg, "property '%s' must be a string", name);
                return false;
            }
            p.data = (const unsigned char *)json_string_value(v);
            p.len = json_string_length(v);
            if (!add(ctx, &p, e))
                return false;
            continue;
        case DRV_PT_BIN: {
            unsigned char *b;
            size_t n;
            if (!drv_bytes_of(v, name, &b, &n, e))
                return false;
            p.data = b;
            p.len = n;
            bool ok = add(ctx, &p, e);
            free(b);
            if (!ok)
                return false;
            continue;
        }
        default:
            if (!json_is_integer(v) || json_integer_value(v) < 0 ||
                (unsigned long long)json_integer_value(v) > max_of(type)) {
                snprintf(e->msg, sizeof e->msg, "property '%s' must be an integer in 0..%lu", name,
                         (unsigned long)max_of(type));
                return false;
            }
            p.num = (uint32_t)json_integer_value(v);
            if (!add(ctx, &p, e))
                return false;
        }
    }
    return true;
}

static json_t *text_or_hex(const unsigned char *p, size_t n)
{
    json_t *tmp = json_object();
    drv_set_text(tmp, "v", p, n);
    json_t *r = json_object_get(tmp, "v");
    if (r)
        json_incref(r);
    else
        r = json_pack("{s:O}", "hex", json_object_get(tmp, "v_hex"));
    json_decref(tmp);
    return r;
}

void drv_props_put(json_t *props, const drv_prop *p)
{
    const char *name = drv_prop_name(p->id);
    char unknown[32];
    if (!name) {
        /* A library exposing an identifier we do not know: keep it visible. */
        snprintf(unknown, sizeof unknown, "property_0x%02x", (unsigned)p->id);
        name = unknown;
    }
    switch (p->type) {
    case DRV_PT_PAIR: {
        json_t *list = json_object_get(props, name);
        if (!json_is_array(list)) {
            list = json_array();
            json_object_set_new(props, name, list);
        }
        json_array_append_new(list, json_pack("[o,o]", text_or_hex(p->data, p->len),
                                              text_or_hex(p->value, p->vlen)));
        return;
    }
    case DRV_PT_STR:
        drv_set_text(props, name, p->data, p->len);
        return;
    case DRV_PT_BIN: {
        char *h = drv_hex(p->data, p->len);
        json_object_set_new(props, name, json_pack("{s:s}", "hex", h ? h : ""));
        free(h);
        return;
    }
    default: {
        json_t *old = json_object_get(props, name);
        if (!old) {
            json_object_set_new(props, name, json_integer(p->num));
        } else if (json_is_array(old)) {
            json_array_append_new(old, json_integer(p->num));
        } else {
            /* A repeated numeric property (several subscription identifiers, §3.3.2.3.8). */
            json_t *list = json_pack("[O,I]", old, (json_int_t)p->num);
            json_object_set_new(props, name, list);
        }
    }
    }
}
