/* procwatch against live scripted test brokers (testproc.c). Every step is
 * driven by a request and its reply, and the test broker serves one
 * connection at a time, so when a sample is taken the broker has finished all
 * earlier work: the verdicts rest on counts, never on how fast this machine is.
 * (The spin case needs wall time by nature: a busy thread against a process
 * blocked in accept(), far apart at any machine speed.) */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "mqprocwatch.h"

typedef struct {
    pid_t pid;
    int port;
    char errpath[64];
} proc;

static void start(proc *p, const char *mode)
{
    const char *exe = getenv("MQPW_TESTPROC");
    assert_non_null(exe);
    snprintf(p->errpath, sizeof p->errpath, "/tmp/mqpw-test-XXXXXX");
    int errfd = mkstemp(p->errpath);
    assert_true(errfd >= 0);
    int out[2];
    assert_int_equal(pipe(out), 0);
    p->pid = fork();
    assert_true(p->pid >= 0);
    if (p->pid == 0) {
        setpgid(0, 0);
        dup2(out[1], 1);
        dup2(errfd, 2);
        close(out[0]);
        /* In the asan preset the test broker is instrumented too: ASan keeps
         * freed blocks in a quarantine (256 MB by default), which a healthy
         * broker's RSS would show as growth. Off here; README.md says what
         * this means for brokers built with ASan. */
        setenv("ASAN_OPTIONS", "quarantine_size_mb=0:detect_leaks=0", 1);
        execl(exe, exe, mode, (char *)NULL);
        _exit(127);
    }
    setpgid(p->pid, p->pid);
    close(out[1]);
    close(errfd);
    char line[32] = "";
    ssize_t n = read(out[0], line, sizeof line - 1);
    close(out[0]);
    assert_true(n > 0);
    p->port = atoi(line);
    assert_true(p->port > 0);
}

static void stop(proc *p)
{
    kill(-p->pid, SIGKILL);
    waitpid(p->pid, NULL, 0);
    unlink(p->errpath);
}

static int dial(const proc *p)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)p->port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
    return fd;
}

static void expect_bytes(int fd, const char *want, size_t n)
{
    char got[16];
    size_t have = 0;
    while (have < n) {
        ssize_t r = read(fd, got + have, n - have);
        assert_true(r > 0);
        have += (size_t)r;
    }
    assert_memory_equal(got, want, n);
}

static void put(int fd, const char *b, size_t n)
{
    assert_int_equal(write(fd, b, n), (ssize_t)n);
}

static const char CONNECT[] = "\x10\x0c\x00\x04MQTT\x04\x02\x00\x3c\x00\x00";
#define CONNECT_LEN 14

static int session(const proc *p)
{
    int fd = dial(p);
    put(fd, CONNECT, CONNECT_LEN);
    expect_bytes(fd, "\x20\x02\x00\x00", 4);
    return fd;
}

/* One repetition of the QoS 2 trigger: the same packet id four times, each
 * answered by PUBREC, then DISCONNECT. */
static void qos2_same_id(const proc *p)
{
    int fd = session(p);
    static const char pub[] = "\x34\x06\x00\x01t\x00\x07x";
    for (int i = 0; i < 4; i++) {
        put(fd, pub, 8);
        expect_bytes(fd, "\x50\x02\x00\x07", 4);
    }
    put(fd, "\xe0\x00", 2);
    close(fd);
}

/* One repetition of "connection closed without DISCONNECT". */
static void abrupt_close(const proc *p)
{
    close(session(p));
}

static void graceful_close(const proc *p)
{
    int fd = session(p);
    put(fd, "\xe0\x00", 2);
    close(fd);
}

/* The sample of record: taken while a sync connection is open and answered,
 * so the broker is blocked on it with every earlier connection handled (the
 * sync connection adds the same one descriptor to every sample). */
static void sync_sample(const proc *p, mqpw_sample *s)
{
    int fd = session(p);
    put(fd, "\xc0\x00", 2);
    expect_bytes(fd, "\xd0\x00", 2);
    char err[128];
    assert_int_equal(mqpw_sample_group(p->pid, s, err, sizeof err), 0);
    put(fd, "\xe0\x00", 2);
    close(fd);
}

typedef void (*rep_fn)(const proc *);

static size_t repeat_and_judge(const char *mode, rep_fn rep, mqpw_finding *f, size_t max)
{
    proc p;
    start(&p, mode);
    mqpw_thresholds th;
    mqpw_thresholds_default(&th);
    mqpw_sample s[32];
    sync_sample(&p, &s[0]);
    for (int i = 1; i <= th.repeat; i++) {
        rep(&p);
        sync_sample(&p, &s[i]);
    }
    stop(&p);
    return mqpw_judge_growth(s, (size_t)th.repeat + 1, &th, f, max);
}

static void test_leak_mem_found(void **st)
{
    (void)st;
    mqpw_finding f[3];
    size_t n = repeat_and_judge("leak-mem", qos2_same_id, f, 3);
    assert_int_equal(n, 1);
    assert_int_equal(f[0].kind, MQPW_LEAK_RSS);
    assert_non_null(strstr(f[0].evidence, "RSS"));
    assert_non_null(strstr(f[0].evidence, "10 repetitions"));
}

static void test_cache_is_not_a_leak(void **st)
{
    (void)st;
    mqpw_finding f[3];
    assert_int_equal(repeat_and_judge("cache", qos2_same_id, f, 3), 0);
}

static void test_healthy_qos2_no_finding(void **st)
{
    (void)st;
    mqpw_finding f[3];
    assert_int_equal(repeat_and_judge("healthy", qos2_same_id, f, 3), 0);
}

static void test_leak_fd_found(void **st)
{
    (void)st;
    mqpw_finding f[3];
    size_t n = repeat_and_judge("leak-fd", abrupt_close, f, 3);
    assert_int_equal(n, 1);
    assert_int_equal(f[0].kind, MQPW_LEAK_FDS);
    /* one descriptor per repetition: 3 -> 13 with the sync connection counted */
    assert_non_null(strstr(f[0].evidence, "(+10,"));
}

static void test_leak_fd_needs_the_abrupt_close(void **st)
{
    (void)st;
    mqpw_finding f[3];
    assert_int_equal(repeat_and_judge("leak-fd", graceful_close, f, 3), 0);
    assert_int_equal(repeat_and_judge("healthy", abrupt_close, f, 3), 0);
}

static void malformed(const proc *p)
{
    int fd = session(p);
    put(fd, "\x00\x00", 2);
    char c;
    assert_int_equal(read(fd, &c, 1), 0); /* the broker closed on it */
    close(fd);
}

static void test_spin_found_and_healthy_idle_not(void **st)
{
    (void)st;
    /* The judge tells a busy thread from a process blocked in accept().
     * Here the ratio is set low and the window long, because the busy
     * thread's share of a loaded 2-core CI machine is not ours to know; the
     * idle process's CPU clock does not move at all, so the margin stays. */
    mqpw_thresholds th;
    mqpw_thresholds_default(&th);
    th.spin_cpu_ratio = 0.02;
    th.spin_intervals = 6;
    mqpw_sample s[16];
    mqpw_finding f;
    char err[128];
    const char *modes[] = {"spin", "healthy"};
    for (int m = 0; m < 2; m++) {
        proc p;
        start(&p, modes[m]);
        malformed(&p);
        mqpw_sample sync;
        sync_sample(&p, &sync); /* the malformed packet was handled */
        int r = mqpw_watch_idle(p.pid, &th, s, &f, err, sizeof err);
        mqpw_settle_opts so;
        mqpw_settle_defaults(&so);
        mqpw_sample last;
        int settled = mqpw_settle(p.pid, &so, &last, err, sizeof err);
        stop(&p);
        if (m == 0) {
            assert_int_equal(r, 1);
            assert_int_equal(f.kind, MQPW_SPIN);
            assert_non_null(strstr(f.evidence, "CPU busy while idle"));
            (void)settled; /* whether a spinner looks quiet for one 50 ms poll is the scheduler's call */
        } else {
            assert_int_equal(r, 0);
            assert_int_equal(settled, 1);
        }
    }
}

static void test_sanitizer_report_found(void **st)
{
    (void)st;
    proc p;
    start(&p, "sanitizer");
    int fd = session(&p);
    put(fd, "\x00\x00", 2);
    int status;
    assert_int_equal(waitpid(p.pid, &status, 0), p.pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 1);
    close(fd);
    FILE *fp = fopen(p.errpath, "r");
    assert_non_null(fp);
    static char buf[8192];
    size_t n = fread(buf, 1, sizeof buf, fp);
    fclose(fp);
    unlink(p.errpath);
    mqpw_sanreport r[4];
    size_t consumed;
    assert_int_equal(mqpw_sanitizer_scan(buf, n, true, r, 4, &consumed), 1);
    assert_string_equal(r[0].tool, "AddressSanitizer");
    assert_true(r[0].complete);
    assert_string_equal(r[0].summary, "SUMMARY: AddressSanitizer: heap-use-after-free subs.c:612 in sub__remove");
    /* kept whole: from the ERROR line through ABORTING, stack frames included */
    char *text = strndup(buf + r[0].off, r[0].len);
    assert_non_null(strstr(text, "ERROR: AddressSanitizer: heap-use-after-free"));
    assert_non_null(strstr(text, "#1 0x55d0c0ffee80 in handle__unsubscribe"));
    assert_non_null(strstr(text, "==ABORTING\n"));
    assert_null(strstr(text, "New client connected")); /* the log line before is not part of it */
    free(text);
    assert_int_equal(consumed, n);
}

static void test_gone_group(void **st)
{
    (void)st;
    proc p;
    start(&p, "healthy");
    mqpw_sample s;
    char err[128];
    assert_int_equal(mqpw_sample_group(p.pid, &s, err, sizeof err), 0);
    assert_int_equal(s.procs, 1);
    assert_true(s.rss_kb > 0 && s.fds >= 3 && s.threads == 1);
    stop(&p);
    assert_int_equal(mqpw_sample_group(p.pid, &s, err, sizeof err), -1);
    assert_non_null(strstr(err, "no live process"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_leak_mem_found),
        cmocka_unit_test(test_cache_is_not_a_leak),
        cmocka_unit_test(test_healthy_qos2_no_finding),
        cmocka_unit_test(test_leak_fd_found),
        cmocka_unit_test(test_leak_fd_needs_the_abrupt_close),
        cmocka_unit_test(test_spin_found_and_healthy_idle_not),
        cmocka_unit_test(test_sanitizer_report_found),
        cmocka_unit_test(test_gone_group),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
