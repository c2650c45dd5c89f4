/* The exposed checks: topic matching with the examples of 5.0 §4.7.1-4.7.2
 * (the same as 3.1.1 §4.7), Topic Name / Topic Filter syntax, and the UTF-8
 * checker against RFC 3629 well-formedness plus the MQTT exclusions
 * (§1.5.4 / 3.1.1 §1.5.3). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "vectors.h"

static bool m(const char *filter, const char *topic)
{
    return mqtt_topic_matches((const uint8_t *)filter, strlen(filter), (const uint8_t *)topic, strlen(topic));
}

static void matching_examples(void **state)
{
    (void)state;
    /* §4.7.1.2 multi-level wildcard */
    assert_true(m("sport/tennis/player1/#", "sport/tennis/player1"));
    assert_true(m("sport/tennis/player1/#", "sport/tennis/player1/ranking"));
    assert_true(m("sport/tennis/player1/#", "sport/tennis/player1/score/wimbledon"));
    assert_true(m("sport/#", "sport"));
    assert_true(m("#", "sport/tennis"));
    assert_false(m("sport/tennis/player1/#", "sport/tennis/player2"));
    /* §4.7.1.3 single-level wildcard */
    assert_true(m("sport/tennis/+", "sport/tennis/player1"));
    assert_true(m("sport/tennis/+", "sport/tennis/player2"));
    assert_false(m("sport/tennis/+", "sport/tennis/player1/ranking"));
    assert_false(m("sport/+", "sport"));
    assert_true(m("sport/+", "sport/"));
    assert_true(m("+/+", "/finance"));
    assert_true(m("/+", "/finance"));
    assert_false(m("+", "/finance"));
    assert_true(m("+/tennis/#", "sport/tennis/player1"));
    /* §4.7.2 topics beginning with $ */
    assert_false(m("#", "$SYS/monitor/Clients"));
    assert_false(m("+/monitor/Clients", "$SYS/monitor/Clients"));
    assert_true(m("$SYS/#", "$SYS/monitor/Clients"));
    assert_true(m("$SYS/monitor/+", "$SYS/monitor/Clients"));
    /* §4.7.3 case sensitive, no normalisation; levels may be empty */
    assert_false(m("ACCOUNTS", "Accounts"));
    assert_true(m("Accounts", "Accounts"));
    assert_false(m("a/b", "a/b/"));
    assert_true(m("a//b", "a//b"));
    assert_false(m("a/b", "a//b"));
    assert_true(m("a/+/b", "a//b"));
    assert_false(m("a", "a "));
}

static void name_and_filter_syntax(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        mqtt_errcode name;   /* as a Topic Name */
        mqtt_errcode filter; /* as a 5.0 Topic Filter */
    } t[] = {
        {"a/b", MQTT_E_NONE, MQTT_E_NONE},
        {"/", MQTT_E_NONE, MQTT_E_NONE},
        {"$SYS/x", MQTT_E_NONE, MQTT_E_NONE},
        {"#", MQTT_E_TOPIC_WILDCARD, MQTT_E_NONE},
        {"+", MQTT_E_TOPIC_WILDCARD, MQTT_E_NONE},
        {"a/+/b/#", MQTT_E_TOPIC_WILDCARD, MQTT_E_NONE},
        {"+/+", MQTT_E_TOPIC_WILDCARD, MQTT_E_NONE},
        {"a/#/b", MQTT_E_TOPIC_WILDCARD, MQTT_E_FILTER_HASH},
        {"a#", MQTT_E_TOPIC_WILDCARD, MQTT_E_FILTER_HASH},
        {"#a", MQTT_E_TOPIC_WILDCARD, MQTT_E_FILTER_HASH},
        {"a+", MQTT_E_TOPIC_WILDCARD, MQTT_E_FILTER_PLUS},
        {"+a/b", MQTT_E_TOPIC_WILDCARD, MQTT_E_FILTER_PLUS},
        {"a/b+/c", MQTT_E_TOPIC_WILDCARD, MQTT_E_FILTER_PLUS},
        {"", MQTT_E_TOPIC_EMPTY, MQTT_E_FILTER_EMPTY},
        {"$share/g/a/#", MQTT_E_TOPIC_WILDCARD, MQTT_E_NONE},
        {"$share//a", MQTT_E_NONE, MQTT_E_SHARE_SYNTAX},
        {"$share/a+b/c", MQTT_E_TOPIC_WILDCARD, MQTT_E_SHARE_SYNTAX},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        const uint8_t *s = (const uint8_t *)t[i].s;
        size_t n = strlen(t[i].s);
        mqtt_errcode got = mqtt_check_topic_name(s, n);
        if (got != t[i].name)
            fail_msg("Topic Name '%s': %s, want %s", t[i].s, mqtt_errcode_name(got), mqtt_errcode_name(t[i].name));
        got = mqtt_check_topic_filter(s, n, MQTT_V5);
        if (got != t[i].filter)
            fail_msg("Topic Filter '%s': %s, want %s", t[i].s, mqtt_errcode_name(got),
                     mqtt_errcode_name(t[i].filter));
    }
    /* Before 5.0 "$share/" has no meaning: any valid filter is fine. */
    assert_int_equal(mqtt_check_topic_filter((const uint8_t *)"$share//a", 9, MQTT_V311), MQTT_E_NONE);
}

static void utf8(void **state)
{
    (void)state;
    static const struct {
        const char *notation;
        mqtt_errcode want;
        size_t bad_at; /* where the ill-formed sequence starts */
    } t[] = {
        {"\"plain\"", MQTT_E_NONE, 0},
        {"c3 a9 e2 82 ac f0 9f 98 80", MQTT_E_NONE, 0},     /* é € 😀 */
        {"ef bb bf", MQTT_E_NONE, 0},                         /* U+FEFF kept */
        {"f4 8f bf bf", MQTT_E_NONE, 0},                      /* U+10FFFF */
        {"ed 9f bf", MQTT_E_NONE, 0},                         /* U+D7FF, just below the surrogates */
        {"ee 80 80", MQTT_E_NONE, 0},                         /* U+E000, just above */
        {"61 62 c0 80", MQTT_E_UTF8_ILL_FORMED, 2},           /* overlong U+0000 */
        {"c1 bf", MQTT_E_UTF8_ILL_FORMED, 0},                 /* overlong */
        {"61 e0 80 80", MQTT_E_UTF8_ILL_FORMED, 1},           /* overlong 3-byte */
        {"f0 80 80 80", MQTT_E_UTF8_ILL_FORMED, 0},           /* overlong 4-byte */
        {"f4 90 80 80", MQTT_E_UTF8_ILL_FORMED, 0},           /* above U+10FFFF */
        {"f8 88 80 80 80", MQTT_E_UTF8_ILL_FORMED, 0},        /* 5-byte form */
        {"61 80", MQTT_E_UTF8_ILL_FORMED, 1},                 /* stray continuation */
        {"e2 82", MQTT_E_UTF8_ILL_FORMED, 0},                 /* truncated */
        {"e2 28 a1", MQTT_E_UTF8_ILL_FORMED, 0},              /* bad continuation */
        {"ff", MQTT_E_UTF8_ILL_FORMED, 0},
        {"61 ed a0 80", MQTT_E_UTF8_SURROGATE, 1},            /* U+D800 */
        {"ed bf bf", MQTT_E_UTF8_SURROGATE, 0},               /* U+DFFF */
        {"61 62 63 00", MQTT_E_UTF8_NULL, 3},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        uint8_t b[32];
        char e[64];
        size_t n = notation_parse(t[i].notation, b, sizeof b, e, sizeof e);
        size_t at = 999;
        mqtt_errcode got = mqtt_check_utf8(b, n, NULL, &at);
        if (got != t[i].want)
            fail_msg("UTF-8 %s: %s, want %s", t[i].notation, mqtt_errcode_name(got), mqtt_errcode_name(t[i].want));
        /* The offset points into the bad sequence: at its first byte or at the
         * byte that breaks it. */
        if (got != MQTT_E_NONE && (at < t[i].bad_at || at > t[i].bad_at + 3 || at >= n))
            fail_msg("UTF-8 %s: bad offset %zu, want the sequence at %zu", t[i].notation, at, t[i].bad_at);
    }
    /* Policy: control characters and non-characters are refused only on request. */
    mqtt_policy strict;
    vec_policy_fill(POL_STRICT, &strict);
    size_t at;
    assert_int_equal(mqtt_check_utf8((const uint8_t *)"a\x1f", 2, NULL, &at), MQTT_E_NONE);
    assert_int_equal(mqtt_check_utf8((const uint8_t *)"a\x1f", 2, &strict, &at), MQTT_E_UTF8_CONTROL);
    assert_int_equal(at, 1);
    assert_int_equal(mqtt_check_utf8((const uint8_t *)"\xc2\x9f", 2, &strict, &at), MQTT_E_UTF8_CONTROL);
    assert_int_equal(mqtt_check_utf8((const uint8_t *)"\xc2\xa0", 2, &strict, &at), MQTT_E_NONE);
    assert_int_equal(mqtt_check_utf8((const uint8_t *)"\xef\xbf\xbe", 3, &strict, &at), MQTT_E_UTF8_NONCHAR);
    assert_int_equal(mqtt_check_utf8((const uint8_t *)"\xf0\x9f\xbf\xbf", 4, &strict, &at), MQTT_E_UTF8_NONCHAR);
    assert_int_equal(mqtt_check_utf8((const uint8_t *)"\xef\xb7\xaf", 3, &strict, &at), MQTT_E_UTF8_NONCHAR);
    assert_int_equal(mqtt_check_utf8((const uint8_t *)"\xef\xb7\xb0", 3, &strict, &at), MQTT_E_NONE);
    assert_int_equal(mqtt_check_utf8((const uint8_t *)"\xef\xbb\xbf", 3, &strict, &at), MQTT_E_NONE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(matching_examples),
        cmocka_unit_test(name_and_filter_syntax),
        cmocka_unit_test(utf8),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
