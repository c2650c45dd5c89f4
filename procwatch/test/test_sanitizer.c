/* The sanitizer-report scanner on captured text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mqprocwatch.h"

static const char ASAN[] =
    "=================================================================\n"
    "==4242==ERROR: AddressSanitizer: heap-buffer-overflow on address 0x6020 at pc 0x1 bp 0x2 sp 0x3\n"
    "READ of size 1 at 0x6020 thread T0\n"
    "    #0 0x1 in packet__read_byte packet_datatypes.c:40\n"
    "\n"
    "SUMMARY: AddressSanitizer: heap-buffer-overflow packet_datatypes.c:40 in packet__read_byte\n"
    "Shadow bytes around the buggy address:\n"
    "==4242==ABORTING\n";

static const char LSAN[] =
    "==77==ERROR: LeakSanitizer: detected memory leaks\n"
    "\n"
    "Direct leak of 48 byte(s) in 1 object(s) allocated from:\n"
    "    #0 0x1 in malloc\n"
    "    #1 0x2 in property__read_all property_mosq.c:120\n"
    "\n"
    "SUMMARY: AddressSanitizer: 48 byte(s) leaked in 1 allocation(s).\n";

static const char UBSAN1[] = "handle_publish.c:88:12: runtime error: signed integer overflow: 2147483647 + 1\n";
static const char UBSAN2[] = "read_handle.c:10:3: runtime error: load of null pointer of type 'char'\n"
                             "SUMMARY: UndefinedBehaviorSanitizer: undefined-behavior read_handle.c:10:3 in\n";

static char *cat(const char *const *parts)
{
    size_t n = 0;
    for (const char *const *p = parts; *p; p++)
        n += strlen(*p);
    char *s = malloc(n + 1);
    s[0] = 0;
    for (const char *const *p = parts; *p; p++)
        strcat(s, *p);
    return s;
}

static void test_reports_whole_among_log_lines(void **st)
{
    (void)st;
    const char *parts[] = {"1700000000: mosquitto version 2.0.11 running\n", ASAN, "log after\n", LSAN, UBSAN1,
                           UBSAN2, "1700000001: mosquitto exiting\n", NULL};
    char *buf = cat(parts);
    size_t len = strlen(buf), consumed;
    mqpw_sanreport r[8];
    size_t n = mqpw_sanitizer_scan(buf, len, true, r, 8, &consumed);
    assert_int_equal(n, 4);
    assert_string_equal(r[0].tool, "AddressSanitizer");
    assert_int_equal(r[0].len, strlen(ASAN) - strlen("=================================================================\n"));
    assert_memory_equal(buf + r[0].off, strstr(ASAN, "==4242==ERROR"), r[0].len); /* through ABORTING */
    assert_true(r[0].complete);
    assert_string_equal(r[1].tool, "LeakSanitizer");
    assert_int_equal(r[1].len, strlen(LSAN));
    assert_string_equal(r[1].summary, "SUMMARY: AddressSanitizer: 48 byte(s) leaked in 1 allocation(s).");
    /* a UBSan error without SUMMARY ends where the next report starts */
    assert_string_equal(r[2].tool, "UndefinedBehaviorSanitizer");
    assert_int_equal(r[2].len, strlen(UBSAN1));
    assert_false(r[2].complete);
    assert_string_equal(r[2].summary, "handle_publish.c:88:12: runtime error: signed integer overflow: 2147483647 + 1");
    assert_int_equal(r[3].len, strlen(UBSAN2));
    assert_true(r[3].complete);
    assert_int_equal(consumed, len);
    free(buf);
}

static void test_incremental(void **st)
{
    (void)st;
    /* the broker is still writing the report: nothing yet, and the open
     * report is judged again from its start next time */
    const char *parts[] = {"line one\n", ASAN, NULL};
    char *all = cat(parts);
    size_t cut = strlen("line one\n") + 150, consumed;
    mqpw_sanreport r[2];
    assert_int_equal(mqpw_sanitizer_scan(all, cut, false, r, 2, &consumed), 0);
    assert_int_equal(consumed, strlen("line one\n=================================================================\n"));
    size_t more = strlen(all) - consumed;
    assert_int_equal(mqpw_sanitizer_scan(all + consumed, more, false, r, 2, NULL), 1);
    assert_int_equal(r[0].off, 0);
    assert_true(r[0].complete);
    /* at EOF an unfinished report is returned as it is */
    assert_int_equal(mqpw_sanitizer_scan(all, cut, true, r, 2, &consumed), 1);
    assert_false(r[0].complete);
    assert_int_equal(consumed, cut);
    free(all);
}

static void test_clean_output_and_max(void **st)
{
    (void)st;
    const char clean[] = "1700000000: New connection\n1700000001: runtime of 3 s, no error\nSUMMARY: none\n";
    mqpw_sanreport r[1];
    size_t consumed;
    assert_int_equal(mqpw_sanitizer_scan(clean, strlen(clean), false, r, 1, &consumed), 0);
    assert_int_equal(consumed, strlen(clean));
    const char *parts[] = {UBSAN2, UBSAN2, NULL};
    char *two = cat(parts);
    assert_int_equal(mqpw_sanitizer_scan(two, strlen(two), true, r, 1, &consumed), 1);
    assert_int_equal(consumed, strlen(UBSAN2)); /* the second is left for the next call */
    free(two);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reports_whole_among_log_lines),
        cmocka_unit_test(test_incremental),
        cmocka_unit_test(test_clean_output_and_max),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
