/* Unit tests of the matcher, the value descriptions in verdicts, packet
 * tables (encode -> decode -> table) and the mqtt helper module. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <lauxlib.h>

#include "luacore.h"
#include "run.h" /* mqc_spawn_name */

static lua_State *L;

static int setup(void **s)
{
    (void)s;
    L = mqc_lua_new(64u << 20);
    return L ? 0 : -1;
}

static int teardown(void **s)
{
    (void)s;
    mqc_lua_close(L);
    return 0;
}

/* Evaluates two Lua expressions and matches the first (pattern) against the second. */
static bool m(const char *pattern, const char *actual, char *why, size_t wl)
{
    char code[2048];
    snprintf(code, sizeof code, "return (%s), (%s)", pattern, actual);
    assert_int_equal(luaL_dostring(L, code), 0);
    bool r = mqc_match(L, -2, -1, why, wl);
    lua_pop(L, 2);
    return r;
}

static void test_subset(void **s)
{
    (void)s;
    char why[256];
    assert_true(m("{type='PUBACK', id=1}", "{type='PUBACK', id=1, reason=0, props={}}", why, sizeof why));
    assert_false(m("{type='PUBACK', id=2}", "{type='PUBACK', id=1}", why, sizeof why));
    assert_string_equal(why, "id: expected 2, got 1");
    assert_false(m("{type='CONNACK', reason=0}", "{type='CONNACK', reason=135}", why, sizeof why));
    assert_string_equal(why, "reason: expected 0, got 0x87");
    assert_true(m("{props={reason_string='x'}}", "{props={reason_string='x', user_property={}}}", why, sizeof why));
    assert_false(m("{props={reason_string='x'}}", "{props={}}", why, sizeof why));
    assert_string_equal(why, "props.reason_string: expected 'x', got absent");
    /* integers and floats compare by value, types otherwise strictly */
    assert_true(m("{qos=1.0}", "{qos=1}", why, sizeof why));
    assert_false(m("{retain=true}", "{retain=1}", why, sizeof why));
}

static void test_lists(void **s)
{
    (void)s;
    char why[256];
    assert_true(m("{reasons={0,1}}", "{reasons={0,1}}", why, sizeof why));
    assert_false(m("{reasons={0}}", "{reasons={0,1}}", why, sizeof why));
    assert_false(m("{reasons={0,2}}", "{reasons={0,1}}", why, sizeof why));
    assert_string_equal(why, "reasons[2]: expected 2, got 1");
}

static void test_sentinels_and_conditions(void **s)
{
    (void)s;
    char why[256];
    assert_true(m("{props={assigned_client_identifier=mqtt.ANY}}", "{props={assigned_client_identifier='a'}}", why, sizeof why));
    assert_false(m("{props={assigned_client_identifier=mqtt.ANY}}", "{props={}}", why, sizeof why));
    assert_true(m("{props={topic_alias=mqtt.ABSENT}}", "{props={}}", why, sizeof why));
    assert_false(m("{props={topic_alias=mqtt.ABSENT}}", "{props={topic_alias=3}}", why, sizeof why));
    assert_true(m("{id=function(v) return v ~= 0 end}", "{id=4}", why, sizeof why));
    assert_false(m("{id=function(v) return v ~= 0 end}", "{id=0}", why, sizeof why));
    /* absent values never satisfy a condition; a condition that errors is a mismatch */
    assert_false(m("{reasons=function(v) return #v == 1 end}", "{}", why, sizeof why));
    assert_false(m("{reasons=function(v) return v.x.y end}", "{reasons={1}}", why, sizeof why));
    assert_non_null(strstr(why, "condition raised"));
    /* option keys in a pattern are not fields */
    assert_true(m("{type='PINGRESP', within=2, skip=true}", "{type='PINGRESP'}", why, sizeof why));
}

static void test_describe(void **s)
{
    (void)s;
    char buf[256];
    assert_int_equal(luaL_dostring(L, "return {type='PUBACK', reason=0, id=1}"), 0);
    mqc_lua_describe(L, -1, buf, sizeof buf);
    assert_string_equal(buf, "PUBACK id=1 reason=0");
    lua_pop(L, 1);
    assert_int_equal(luaL_dostring(L, "return {type='SUBACK', reasons={0,128}, props={}}"), 0);
    mqc_lua_describe(L, -1, buf, sizeof buf);
    assert_string_equal(buf, "SUBACK props={} reasons={0, 0x80}");
    lua_pop(L, 1);
}

/* table -> encoder -> decoder -> table, and the matcher agrees with the source */
static void roundtrip(const char *tbl, const char *ver)
{
    char code[1024];
    snprintf(code, sizeof code, "local t = %s; local b = assert(mqtt.encode(t, '%s')); "
             "local p = assert(mqtt.decode(b, '%s', (t.type == 'CONNACK' or t.type == 'SUBACK' "
             "or t.type == 'UNSUBACK' or t.type == 'PINGRESP') and 's2c' or 'c2s')); return t, p",
             tbl, ver, ver);
    if (luaL_dostring(L, code))
        fail_msg("%s: %s", tbl, lua_tostring(L, -1));
    char why[256];
    lua_pushnil(L);
    lua_setfield(L, -3, "within");
    if (!mqc_match(L, -2, -1, why, sizeof why))
        fail_msg("%s [%s]: %s", tbl, ver, why);
    lua_pop(L, 2);
}

static void test_packets(void **s)
{
    (void)s;
    const char *v5 = "5.0", *v3 = "3.1.1";
    roundtrip("{type='CONNECT', client_id='abc', clean=true, keepalive=30}", v3);
    roundtrip("{type='CONNECT', client_id='abc', clean=false, keepalive=5, username='u', password='p',"
              " will={topic='w', payload='bye', qos=1, retain=true, props={will_delay_interval=3}},"
              " props={session_expiry_interval=60, receive_maximum=5, user_property={{'k','v'},{'k','w'}}}}", v5);
    roundtrip("{type='PUBLISH', topic='a/b', qos=2, id=9, retain=true, payload='x',"
              " props={message_expiry_interval=7, correlation_data='\\0\\1', content_type='c'}}", v5);
    roundtrip("{type='PUBLISH', topic='a', qos=0, payload=''}", v3);
    roundtrip("{type='PUBACK', id=3, reason=0x10, props={reason_string='r'}}", v5);
    roundtrip("{type='PUBREL', id=3}", v3);
    roundtrip("{type='SUBSCRIBE', id=4, subs={{filter='a/+', qos=1, no_local=true, rap=true, rh=2},"
              " {filter='#', qos=0}}, props={subscription_identifier=12}}", v5);
    roundtrip("{type='UNSUBSCRIBE', id=5, filters={'a', 'b/#'}}", v3);
    roundtrip("{type='SUBACK', id=4, reasons={1, 0x80}}", v3);
    roundtrip("{type='DISCONNECT', reason=0x04}", v5);
    roundtrip("{type='AUTH', reason=0x18, props={authentication_method='m'}}", v5);
    roundtrip("{type='PINGREQ'}", v3);
}

static void test_encode_errors(void **s)
{
    (void)s;
    assert_int_equal(luaL_dostring(L, "return mqtt.encode({type='PUBLISH', topic='a/+'}, '3.1.1')"), 0);
    assert_true(lua_isnil(L, -2));
    assert_non_null(strstr(lua_tostring(L, -1), "encoder refused PUBLISH"));
    lua_pop(L, 2);
    assert_int_equal(luaL_dostring(L, "return mqtt.encode({type='PUBLISH', topic='a', props={nope=1}}, '5.0')"), 0);
    assert_non_null(strstr(lua_tostring(L, -1), "unknown property 'nope'"));
    lua_pop(L, 2);
    /* a key the packet type does not have is an error naming it, in the packet and in its will */
    assert_int_equal(luaL_dostring(L, "return mqtt.encode({type='PUBLISH', topic='a', qso=1}, '3.1.1')"), 0);
    assert_true(lua_isnil(L, -2));
    assert_non_null(strstr(lua_tostring(L, -1), "a PUBLISH packet table has no field 'qso'"));
    lua_pop(L, 2);
    assert_int_equal(luaL_dostring(L, "return mqtt.encode({type='CONNECT', client_id='c',"
                                      " will={topic='w', payload='', retian=true}}, '3.1.1')"), 0);
    assert_non_null(strstr(lua_tostring(L, -1), "the will has no field 'retian'"));
    lua_pop(L, 2);
    assert_int_equal(luaL_dostring(L, "return mqtt.encode({type='UNSUBSCRIBE', filter='a', qos=1}, '3.1.1')"), 0);
    assert_non_null(strstr(lua_tostring(L, -1), "no field 'qos'"));
    lua_pop(L, 2);
    /* ... but a received packet given back (with raw, noncanonical) encodes */
    assert_int_equal(luaL_dostring(L, "local b = mqtt.encode({type='PUBLISH', topic='a', qos=1, id=2}, '3.1.1');"
                                      " return mqtt.encode(assert(mqtt.decode(b, '3.1.1', 'c2s')), '3.1.1') == b"), 0);
    assert_true(lua_toboolean(L, -1));
    lua_pop(L, 1);
    /* unchecked keeps the lie: reserved flags and a duplicated property */
    assert_int_equal(luaL_dostring(L, "return mqtt.tohex(mqtt.encode_unchecked({type='PINGREQ', flags=3}, '3.1.1'))"), 0);
    assert_string_equal(lua_tostring(L, -1), "c300");
    lua_pop(L, 1);
    assert_int_equal(luaL_dostring(L, "return mqtt.tohex(mqtt.encode_unchecked({type='DISCONNECT', reason=0,"
                                      " props={{'session_expiry_interval',1},{'session_expiry_interval',2}}}, '5.0'))"), 0);
    assert_string_equal(lua_tostring(L, -1), "e00c000a110000000111" "00000002");
    lua_pop(L, 1);
    /* helpers */
    assert_int_equal(luaL_dostring(L, "return mqtt.tohex(mqtt.str('ab', 5) .. mqtt.vbi(321) .. mqtt.u32(1))"), 0);
    assert_string_equal(lua_tostring(L, -1), "00056162c10200000001");
    lua_pop(L, 1);
    assert_int_not_equal(luaL_dostring(L, "return mqtt.hex('zz')"), 0);
    lua_pop(L, 1);
}

static void test_sandbox(void **s)
{
    (void)s;
    assert_int_equal(luaL_dostring(L, "return io == nil and os == nil and require == nil and load == nil"), 0);
    assert_true(lua_toboolean(L, -1));
    lua_pop(L, 1);
    /* the memory cap turns a runaway allocation into an error */
    assert_int_not_equal(luaL_dostring(L, "local t = {} for i = 1, 1e9 do t[i] = string.rep('x', 1000) .. i end"), 0);
    lua_pop(L, 1);
}

/* --spawn's default target name: the program, never the port */
static void test_spawn_name(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"mosquitto -p {port}", "mosquitto"},
        {"/usr/sbin/mosquitto -c /tmp/x.conf -p {port}", "mosquitto"},
        {"exec python3 /src/test/crashing_broker.py {port}", "crashing_broker.py"},
        {"env RUST_LOG=info nice ./target/rmqtt --port {port}", "rmqtt"},
        {"sh -c 'mybroker {port}'", "mybroker"},
        {"python3", "python3"},
        {"{port}", "local"},
        {"", "local"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char name[64];
        mqc_spawn_name(cases[i][0], name, sizeof name);
        assert_string_equal(name, cases[i][1]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_subset),      cmocka_unit_test(test_lists),
        cmocka_unit_test(test_sentinels_and_conditions),
        cmocka_unit_test(test_describe),    cmocka_unit_test(test_packets),
        cmocka_unit_test(test_encode_errors), cmocka_unit_test(test_sandbox),
        cmocka_unit_test(test_spawn_name),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
