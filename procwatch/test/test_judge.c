/* The judges and the thresholds, on numbers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "mqprocwatch.h"

static void series(mqpw_sample *s, size_t n, long rss0, long rss_step, long fd0, long fd_step)
{
    for (size_t i = 0; i < n; i++) {
        memset(&s[i], 0, sizeof s[i]);
        s[i].procs = 1;
        s[i].rss_kb = rss0 + rss_step * (long)i;
        s[i].fds = fd0 + fd_step * (long)i;
        s[i].threads = 3;
        s[i].wall = (double)i;
    }
}

static void test_defaults(void **st)
{
    (void)st;
    mqpw_thresholds th;
    mqpw_thresholds_default(&th);
    assert_int_equal(th.repeat, 10);
    assert_int_equal(th.rss_growth_kb, 16384);
    assert_int_equal(th.fd_growth, 4);
    assert_int_equal(th.thread_growth, 4);
}

static void test_linear_growth_is_a_leak(void **st)
{
    (void)st;
    mqpw_thresholds th;
    mqpw_thresholds_default(&th);
    mqpw_sample s[11];
    mqpw_finding f[3];
    series(s, 11, 5000, 2048, 8, 1); /* +2 MiB and +1 fd per repetition */
    assert_int_equal(mqpw_judge_growth(s, 11, &th, f, 3), 2);
    assert_int_equal(f[0].kind, MQPW_LEAK_RSS);
    assert_int_equal(f[1].kind, MQPW_LEAK_FDS);
    assert_non_null(strstr(f[1].evidence, "open descriptors 8 -> 18 over 10 repetitions (+10, +5 in the last 5"));
    /* max bounds what is written */
    assert_int_equal(mqpw_judge_growth(s, 11, &th, f, 1), 1);
}

static void test_step_then_flat_is_a_cache(void **st)
{
    (void)st;
    mqpw_thresholds th;
    mqpw_thresholds_default(&th);
    mqpw_sample s[11];
    mqpw_finding f[3];
    series(s, 11, 5000, 0, 8, 0);
    for (int i = 1; i < 11; i++) {
        s[i].rss_kb += 40000; /* one 40 MB fill after the first repetition */
        s[i].fds += 6;        /* a pool of six connections opened once */
    }
    assert_int_equal(mqpw_judge_growth(s, 11, &th, f, 3), 0);
}

static void test_growth_below_threshold_and_noise(void **st)
{
    (void)st;
    mqpw_thresholds th;
    mqpw_thresholds_default(&th);
    mqpw_sample s[11];
    mqpw_finding f[3];
    series(s, 11, 5000, 1000, 8, 0); /* +10 MB in all: below 16 MB */
    for (int i = 0; i < 11; i++)
        s[i].fds += i % 2 ? 2 : 0; /* fds wobble by 2 */
    assert_int_equal(mqpw_judge_growth(s, 11, &th, f, 3), 0);
    assert_int_equal(mqpw_judge_growth(s, 2, &th, f, 3), 0); /* too few samples to judge */
    s[4].fds = -1; /* unreadable fds: no fd verdict */
    series(s, 11, 5000, 0, 8, 3);
    s[4].fds = -1;
    assert_int_equal(mqpw_judge_growth(s, 11, &th, f, 3), 0);
}

static void test_thread_leak(void **st)
{
    (void)st;
    mqpw_thresholds th;
    mqpw_thresholds_default(&th);
    mqpw_sample s[11];
    mqpw_finding f[3];
    series(s, 11, 5000, 0, 8, 0);
    for (int i = 0; i < 11; i++)
        s[i].threads = 2 + i;
    assert_int_equal(mqpw_judge_growth(s, 11, &th, f, 3), 1);
    assert_int_equal(f[0].kind, MQPW_LEAK_THREADS);
    assert_string_equal(mqpw_kind_name(f[0].kind), "leak-threads");
}

static void test_spin_judge(void **st)
{
    (void)st;
    mqpw_thresholds th;
    mqpw_thresholds_default(&th);
    mqpw_sample s[5];
    mqpw_finding f;
    series(s, 5, 1, 0, 1, 0);
    for (int i = 0; i < 5; i++) {
        s[i].wall = 0.25 * i;
        s[i].cpu_s = 0.2 * i; /* 80% of a core */
    }
    assert_true(mqpw_judge_spin(s, 5, &th, &f));
    assert_int_equal(f.kind, MQPW_SPIN);
    assert_non_null(strstr(f.evidence, "(80% of a core; busy in 4 of 4 intervals"));
    s[3].cpu_s = s[2].cpu_s; /* one interval without a tick still counts as sustained */
    s[4].cpu_s = s[3].cpu_s + 0.2;
    assert_true(mqpw_judge_spin(s, 5, &th, &f));
    s[2].cpu_s = s[1].cpu_s; /* two quiet intervals: a burst, not a spin */
    s[3].cpu_s = s[2].cpu_s;
    s[4].cpu_s = s[3].cpu_s + 0.6;
    assert_false(mqpw_judge_spin(s, 5, &th, &f));
    for (int i = 0; i < 5; i++)
        s[i].cpu_s = 0.01 * i; /* moving, but 4% of a core: below the ratio */
    assert_false(mqpw_judge_spin(s, 5, &th, &f));
    assert_false(mqpw_judge_spin(s, 3, &th, &f)); /* fewer intervals than spin_intervals */
}

static void test_slowdown_judge(void **st)
{
    (void)st;
    mqpw_thresholds th;
    mqpw_thresholds_default(&th);
    mqpw_finding f;
    double ok[9] = {0.002, 0.003, 0.002, 0.004, 0.2, 0.003, 0.002, 0.003, 0.004};
    assert_false(mqpw_judge_slowdown(ok, 9, &th, &f)); /* one outlier is not a trend */
    double slow[9] = {0.002, 0.003, 0.002, 0.1, 0.3, 0.6, 0.9, 1.2, 1.5};
    assert_true(mqpw_judge_slowdown(slow, 9, &th, &f));
    assert_int_equal(f.kind, MQPW_SLOWDOWN);
    assert_non_null(strstr(f.evidence, "0.002 s over the first 3, 1.200 s over the last 3 of 9"));
    double fast_but_relative[9] = {0.001, 0.001, 0.001, 0.01, 0.02, 0.03, 0.03, 0.03, 0.03};
    assert_false(mqpw_judge_slowdown(fast_but_relative, 9, &th, &f)); /* 30x, but under the 0.5 s floor */
    assert_false(mqpw_judge_slowdown(slow, 2, &th, &f));
}

static void test_parse(void **st)
{
    (void)st;
    mqpw_thresholds th;
    char err[256];
    mqpw_thresholds_default(&th);
    assert_int_equal(mqpw_thresholds_parse(&th, "rss_kb=32768,fds=8,spin_ratio=0.5,repeat=5,slow_floor=1.5", err,
                                           sizeof err), 0);
    assert_int_equal(th.rss_growth_kb, 32768);
    assert_int_equal(th.fd_growth, 8);
    assert_true(th.spin_cpu_ratio == 0.5 && th.slow_floor_s == 1.5);
    assert_int_equal(th.repeat, 5);
    mqpw_thresholds before = th;
    assert_int_equal(mqpw_thresholds_parse(&th, "fds=9,bogus=1", err, sizeof err), -1);
    assert_non_null(strstr(err, "unknown threshold 'bogus'"));
    assert_memory_equal(&th, &before, sizeof th); /* unchanged on error */
    assert_int_equal(mqpw_thresholds_parse(&th, "fds=1.5", err, sizeof err), -1);
    assert_non_null(strstr(err, "bad value"));
    assert_int_equal(mqpw_thresholds_parse(&th, "repeat=1", err, sizeof err), -1);
    assert_int_equal(mqpw_thresholds_parse(&th, "fds", err, sizeof err), -1);
    assert_non_null(strstr(err, "key=value"));
    assert_int_equal(mqpw_thresholds_parse(&th, "spin_ratio=-1", err, sizeof err), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_linear_growth_is_a_leak),
        cmocka_unit_test(test_step_then_flat_is_a_cache),
        cmocka_unit_test(test_growth_below_threshold_and_noise),
        cmocka_unit_test(test_thread_leak),
        cmocka_unit_test(test_spin_judge),
        cmocka_unit_test(test_slowdown_judge),
        cmocka_unit_test(test_parse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
