/* Every numbered statement the codec cites ("MQTT-x.y.z-n") must exist in the
 * manifest of the version it cites it for: conformance/spec/mqtt-3.1.1.tsv and
 * mqtt-5.0.tsv (first column `id`). Checked for the static table
 * (mqtt_error_describe) and for the statements the decoder actually reports on
 * every vector, which may be more specific than the table's. 3.1 has no
 * numbered statements and cites the 3.1.1 ones. Exits 77 (skip) while the
 * manifests do not exist yet. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "vectors.h"

#ifndef MQC_SPEC_DIR
#error "MQC_SPEC_DIR must point to conformance/spec"
#endif

#define MAXIDS 1024

typedef struct idset {
    char *ids[MAXIDS];
    size_t n;
} idset;

static idset set311, set5;

static int load(const char *path, idset *s)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    char line[4096];
    bool header = true;
    while (fgets(line, sizeof line, f)) {
        char *tab = strchr(line, '\t');
        if (!tab)
            continue;
        *tab = '\0';
        if (header) {
            header = false;
            if (strcmp(line, "id") == 0)
                continue;
        }
        if (s->n < MAXIDS && strncmp(line, "MQTT-", 5) == 0)
            s->ids[s->n++] = strdup(line);
    }
    fclose(f);
    return 0;
}

static bool has(const idset *s, const char *id)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->ids[i], id) == 0)
            return true;
    return false;
}

static const idset *set_for(mqtt_version v)
{
    return v == MQTT_V5 ? &set5 : &set311;
}

static const mqtt_errcode all_codes[] = {
    MQTT_E_VBI_TOO_LONG, MQTT_E_VBI_NOT_MINIMAL, MQTT_E_RESERVED_TYPE, MQTT_E_FIXED_FLAGS,
    MQTT_E_WRONG_DIRECTION, MQTT_E_PACKET_TOO_LARGE, MQTT_E_REMAINING_LENGTH, MQTT_E_TRUNCATED,
    MQTT_E_TRAILING, MQTT_E_UTF8_ILL_FORMED, MQTT_E_UTF8_SURROGATE, MQTT_E_UTF8_NULL,
    MQTT_E_UTF8_CONTROL, MQTT_E_UTF8_NONCHAR, MQTT_E_PACKET_ID_ZERO, MQTT_E_QOS3, MQTT_E_DUP_QOS0,
    MQTT_E_TOPIC_WILDCARD, MQTT_E_TOPIC_EMPTY, MQTT_E_TOPIC_ALIAS_ZERO, MQTT_E_SUBID_FROM_CLIENT,
    MQTT_E_FILTER_EMPTY, MQTT_E_FILTER_HASH, MQTT_E_FILTER_PLUS, MQTT_E_SHARE_SYNTAX,
    MQTT_E_SHARE_NO_LOCAL, MQTT_E_NO_FILTERS, MQTT_E_SUB_OPTIONS_RESERVED, MQTT_E_SUB_QOS,
    MQTT_E_RETAIN_HANDLING, MQTT_E_PROTOCOL_NAME, MQTT_E_PROTOCOL_LEVEL, MQTT_E_CONNECT_RESERVED,
    MQTT_E_WILL_QOS_NO_WILL, MQTT_E_WILL_RETAIN_NO_WILL, MQTT_E_WILL_QOS3, MQTT_E_PASSWORD_NO_USER,
    MQTT_E_CLIENT_ID_LENGTH, MQTT_E_CLIENT_ID_EMPTY_PERSIST, MQTT_E_CONNACK_FLAGS,
    MQTT_E_SESSION_PRESENT_ERROR, MQTT_E_REASON_CODE, MQTT_E_REASON_DIRECTION, MQTT_E_NO_CODES,
    MQTT_E_PROP_UNKNOWN, MQTT_E_PROP_NOT_ALLOWED, MQTT_E_PROP_DUPLICATE, MQTT_E_PROP_VALUE,
    MQTT_E_PROP_DIRECTION, MQTT_E_PROP_AUTH_DATA_NO_METHOD, MQTT_E_PFI_VALUE, MQTT_E_RESPONSE_TOPIC,
    MQTT_E_BUFFER_TOO_SMALL, MQTT_E_BAD_ARGUMENT,
};

static void table_statements_exist(void **state)
{
    (void)state;
    static const mqtt_version vs[] = {MQTT_V31, MQTT_V311, MQTT_V5};
    int bad = 0;
    for (size_t i = 0; i < sizeof all_codes / sizeof all_codes[0]; i++) {
        for (size_t k = 0; k < 3; k++) {
            mqtt_error e;
            mqtt_error_describe(all_codes[i], vs[k], &e);
            assert_non_null(e.stmt);
            if (strncmp(e.stmt, "MQTT-", 5) == 0 && !has(set_for(vs[k]), e.stmt)) {
                print_message("%s cites %s for version %d: not in the manifest\n",
                              mqtt_errcode_name(all_codes[i]), e.stmt, vs[k]);
                bad++;
            }
        }
    }
    if (bad)
        fail_msg("%d citation(s) not in conformance/spec", bad);
}

static void decoder_statements_exist(void **state)
{
    (void)state;
    const vec_table *all[] = {&vectors_connect, &vectors_connack, &vectors_publish, &vectors_acks,
                              &vectors_subscribe, &vectors_unsubscribe, &vectors_control, &vectors_props};
    int bad = 0;
    size_t checked = 0;
    for (size_t t = 0; t < sizeof all / sizeof all[0]; t++) {
        for (size_t i = 0; i < all[t]->n; i++) {
            const vec *v = &all[t]->v[i];
            uint8_t b[1024];
            char e[128];
            size_t n = notation_parse(v->bytes, b, sizeof b, e, sizeof e);
            if (!n)
                continue;
            mqtt_policy pol;
            vec_policy_fill(v->pol, &pol);
            mqtt_decode_opts o = {v->v, v->dir, &pol};
            mqtt_packet p;
            mqtt_error err;
            if (mqtt_decode(b, n, &o, &p, &err) == MQTT_OK || !err.stmt)
                continue;
            checked++;
            if (strncmp(err.stmt, "MQTT-", 5) == 0 && !has(set_for(v->v), err.stmt)) {
                print_message("vector '%s' (%s): decoder cites %s, not in the manifest\n", v->name,
                              v->v == MQTT_V5 ? "5.0" : "3.1.1", err.stmt);
                bad++;
            }
        }
    }
    print_message("%zu decoder errors checked\n", checked);
    if (bad)
        fail_msg("%d decoder citation(s) not in conformance/spec", bad);
}

int main(void)
{
    if (load(MQC_SPEC_DIR "/mqtt-3.1.1.tsv", &set311) != 0 || load(MQC_SPEC_DIR "/mqtt-5.0.tsv", &set5) != 0) {
        printf("statement manifests not found in %s: skipping\n", MQC_SPEC_DIR);
        return 77;
    }
    if (set311.n == 0 || set5.n == 0) {
        printf("statement manifests are empty: skipping\n");
        return 77;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(table_statements_exist),
        cmocka_unit_test(decoder_statements_exist),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    for (size_t i = 0; i < set311.n; i++)
        free(set311.ids[i]);
    for (size_t i = 0; i < set5.n; i++)
        free(set5.ids[i]);
    return rc;
}
