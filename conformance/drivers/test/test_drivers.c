/* End-to-end tests of one client driver (PROTOCOL.md) against a private mosquitto.
 * Usage: test_drivers MOSQUITTO_BINARY DRIVER [ARGS...]
 * Two brokers: a private mosquitto (interoperability with a real server) and a
 * scripted one inside this test that reads and writes raw packets, so every field a
 * driver is told to send is checked on the wire and every field of an answer is
 * checked in the events. Every wait has a deadline (no sleep is used to synchronise:
 * the few fixed waits only give a wrong early event the chance to show up); the
 * broker and the drivers are stopped by pid. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <stdbool.h>
#include <stdint.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define DEADLINE 10.0 /* seconds for any single expectation; generous for loaded CI */

static const char *mosquitto_bin;
static char **driver_argv;
static pid_t broker_pid = -1;
static int broker_port;
static char tmpdir[64];
static int run_no;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int free_port(void)
{
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t l = sizeof a;
    if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof a) || getsockname(s, (struct sockaddr *)&a, &l))
        return -1;
    close(s);
    return ntohs(a.sin_port);
}

static bool port_open(int port)
{
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port),
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    bool ok = s >= 0 && connect(s, (struct sockaddr *)&a, sizeof a) == 0;
    if (s >= 0)
        close(s);
    return ok;
}

/* Waits for a child with a deadline; returns its status or -1. */
static int wait_exit(pid_t pid, double seconds)
{
    double end = now() + seconds;
    int st;
    while (now() < end) {
        pid_t r = waitpid(pid, &st, WNOHANG);
        if (r == pid)
            return st;
        poll(NULL, 0, 5);
    }
    return -1;
}

static int start_broker(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/mqc-drvtest-XXXXXX");
    if (!mkdtemp(tmpdir))
        return -1;
    broker_port = free_port();
    char conf[128], log[128];
    snprintf(conf, sizeof conf, "%s/mosquitto.conf", tmpdir);
    snprintf(log, sizeof log, "%s/mosquitto.log", tmpdir);
    FILE *f = fopen(conf, "w");
    if (!f)
        return -1;
    fprintf(f, "listener %d 127.0.0.1\nallow_anonymous true\npersistence false\n", broker_port);
    if (geteuid() == 0)
        fprintf(f, "user root\n"); /* else it drops to user mosquitto */
    fclose(f);
    broker_pid = fork();
    if (broker_pid == 0) {
        int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(fd, 1);
        dup2(fd, 2);
        execl(mosquitto_bin, mosquitto_bin, "-c", conf, (char *)NULL);
        _exit(127);
    }
    /* Ready when it accepts; the loop is bounded by a deadline. */
    double end = now() + DEADLINE;
    while (now() < end) {
        if (port_open(broker_port))
            return 0;
        if (waitpid(broker_pid, NULL, WNOHANG) == broker_pid) {
            fprintf(stderr, "mosquitto exited at start, see %s\n", log);
            return -1;
        }
        poll(NULL, 0, 10);
    }
    return -1;
}

static int stop_broker(void **state)
{
    (void)state;
    if (broker_pid > 0) {
        kill(broker_pid, SIGTERM);
        if (wait_exit(broker_pid, DEADLINE) < 0) {
            kill(broker_pid, SIGKILL);
            waitpid(broker_pid, NULL, 0);
        }
    }
    /* The directory holds exactly the two files start_broker wrote. */
    char path[160];
    snprintf(path, sizeof path, "%s/mosquitto.conf", tmpdir);
    unlink(path);
    snprintf(path, sizeof path, "%s/mosquitto.log", tmpdir);
    unlink(path);
    if (rmdir(tmpdir) != 0)
        fprintf(stderr, "could not remove %s: %s\n", tmpdir, strerror(errno));
    return 0;
}

/* ---- the driver under test ---- */

typedef struct drv {
    pid_t pid;
    int in, out;      /* its stdin (we write), its stdout (we read) */
    char buf[1 << 16];
    size_t len;
    json_t *seen;     /* every event read so far, in order */
    size_t used;      /* events before this index were consumed by expect() */
} drv;

static void drv_start(drv *d)
{
    int pin[2], pout[2];
    assert_int_equal(pipe(pin), 0);
    assert_int_equal(pipe(pout), 0);
    /* A second driver must not inherit this one's pipe ends, or closing our end of
     * its stdin would never reach it as EOF. dup2 in the child clears the flag. */
    for (int i = 0; i < 2; i++) {
        fcntl(pin[i], F_SETFD, FD_CLOEXEC);
        fcntl(pout[i], F_SETFD, FD_CLOEXEC);
    }
    d->pid = fork();
    assert_true(d->pid >= 0);
    if (d->pid == 0) {
        dup2(pin[0], 0);
        dup2(pout[1], 1);
        close(pin[1]);
        close(pout[0]);
        execv(driver_argv[0], driver_argv);
        _exit(127);
    }
    close(pin[0]);
    close(pout[1]);
    d->in = pin[1];
    d->out = pout[0];
    d->len = 0;
    d->seen = json_array();
    d->used = 0;
    signal(SIGPIPE, SIG_IGN);
}

/* Closes the driver's stdin and requires a clean exit: status 0 within the deadline.
 * Under ASan a leak or an error report turns into a non-zero status, so this is
 * also where the sanitizers' findings fail a test. */
static void drv_stop(drv *d)
{
    if (d->in >= 0)
        close(d->in);
    d->in = -1;
    int st = 0;
    if (d->pid > 0) {
        st = wait_exit(d->pid, DEADLINE);
        if (st < 0) {
            kill(d->pid, SIGKILL);
            waitpid(d->pid, NULL, 0);
            fail_msg("driver pid %d did not exit within %.0f s of stdin EOF", (int)d->pid, DEADLINE);
        }
    }
    d->pid = -1;
    close(d->out);
    json_decref(d->seen);
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
        fail_msg("driver ended with %s %d", WIFEXITED(st) ? "exit status" : "signal",
                 WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
}

static void drv_send(drv *d, const char *fmt, ...)
{
    char line[4096];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line - 1, fmt, ap);
    va_end(ap);
    line[n++] = '\n';
    assert_int_equal(write(d->in, line, (size_t)n), n);
}

/* Reads one more event line into d->seen; false at the deadline or EOF. */
static bool read_event(drv *d, double end)
{
    for (;;) {
        char *nl = memchr(d->buf, '\n', d->len);
        if (nl) {
            *nl = '\0';
            json_error_t err;
            /* JSON_ALLOW_NUL: an ack may echo a NUL the command carried */
            json_t *ev = json_loads(d->buf, JSON_ALLOW_NUL, &err);
            if (!json_is_object(ev))
                fail_msg("driver wrote a line that is not a JSON object: %s", d->buf);
            json_array_append_new(d->seen, ev);
            size_t n = (size_t)(nl - d->buf) + 1;
            memmove(d->buf, nl + 1, d->len - n);
            d->len -= n;
            return true;
        }
        double left = end - now();
        if (left <= 0)
            return false;
        struct pollfd p = {.fd = d->out, .events = POLLIN};
        if (poll(&p, 1, (int)(left * 1000) + 1) <= 0)
            continue;
        if (d->len == sizeof d->buf)
            fail_msg("driver line too long");
        ssize_t r = read(d->out, d->buf + d->len, sizeof d->buf - d->len);
        if (r <= 0)
            return false;
        d->len += (size_t)r;
    }
}

static bool matches(json_t *ev, const char *name, long long id)
{
    const char *e = json_string_value(json_object_get(ev, "event"));
    if (!e || strcmp(e, name))
        return false;
    return id < 0 || json_integer_value(json_object_get(ev, "id")) == id;
}

/* The first not yet consumed event called `name` (with `id` when id >= 0); events
 * of other kinds stay available for later expectations. Fails at the deadline. */
static json_t *expect(drv *d, const char *name, long long id)
{
    double end = now() + DEADLINE;
    size_t i = 0;
    for (;;) {
        for (; i < json_array_size(d->seen); i++) {
            json_t *ev = json_array_get(d->seen, i);
            if (!json_object_get(ev, "_used") && matches(ev, name, id)) {
                json_object_set_new(ev, "_used", json_true());
                return ev;
            }
        }
        if (!read_event(d, end)) {
            char *all = json_dumps(d->seen, JSON_COMPACT);
            fail_msg("no '%s' event (id %lld) before the deadline; events: %s", name, id, all);
        }
    }
}

static json_t *expect_ack(drv *d, long long id, bool ok)
{
    json_t *ack = expect(d, "ack", id);
    if (json_is_true(json_object_get(ack, "ok")) != ok) {
        char *s = json_dumps(ack, JSON_COMPACT);
        fail_msg("ack %lld: expected ok=%s, got %s", id, ok ? "true" : "false", s);
    }
    return ack;
}

/* A message event with this payload text. */
static json_t *expect_message(drv *d, const char *payload)
{
    double end = now() + DEADLINE;
    size_t i = 0;
    for (;;) {
        for (; i < json_array_size(d->seen); i++) {
            json_t *ev = json_array_get(d->seen, i);
            const char *p = json_string_value(json_object_get(ev, "payload"));
            if (matches(ev, "message", -1) && p && strcmp(p, payload) == 0)
                return ev;
        }
        if (!read_event(d, end))
            fail_msg("message '%s' not received before the deadline", payload);
    }
}

/* Helpers defined with the scripted broker below. */
static bool unsupported(json_t *hello, const char *what);
static void assert_json(json_t *got, const char *want_json);
static void expect_no_event_yet(drv *d, const char *name, long long id);

/* ---- scenarios ---- */

static void roundtrip(const char *version)
{
    drv d;
    drv_start(&d);
    json_t *hello = expect(&d, "hello", -1);
    assert_non_null(json_object_get(hello, "driver"));
    char topic[64];
    snprintf(topic, sizeof topic, "mqc/drvtest/%d/%d", (int)getpid(), ++run_no);
    bool v5 = strcmp(version, "5.0") == 0;

    drv_send(&d, "{\"cmd\":\"connect\",\"id\":1,\"port\":%d,\"version\":\"%s\",\"client_id\":\"drvtest-%d\","
                 "\"keepalive\":30,\"will\":{\"topic\":\"%s/will\",\"payload\":\"gone\",\"qos\":1}%s}",
             broker_port, version, run_no, topic, v5 ? ",\"props\":{\"session_expiry_interval\":0}" : "");
    json_t *c = expect(&d, "connected", 1);
    assert_int_equal(json_integer_value(json_object_get(c, "reason")), 0);
    assert_true(json_is_false(json_object_get(c, "session_present")));
    if (v5) /* mosquitto's CONNACK always carries these two */
        assert_non_null(json_object_get(json_object_get(c, "props"), "receive_maximum"));
    expect_ack(&d, 1, true);

    drv_send(&d, "{\"cmd\":\"subscribe\",\"id\":2,\"subs\":[{\"filter\":\"%s/#\",\"qos\":2}]}", topic);
    json_t *s = expect(&d, "subscribed", 2);
    assert_int_equal(json_integer_value(json_array_get(json_object_get(s, "reasons"), 0)), 2);
    expect_ack(&d, 2, true);

    for (int q = 0; q <= 2; q++) {
        if (v5 && q == 1)
            drv_send(&d, "{\"cmd\":\"publish\",\"id\":%d,\"topic\":\"%s/q%d\",\"payload\":\"m%d\",\"qos\":%d,"
                         "\"props\":{\"user_property\":[[\"k\",\"v1\"],[\"k\",\"v2\"]],\"content_type\":\"text/x\"}}",
                     10 + q, topic, q, q, q);
        else
            drv_send(&d, "{\"cmd\":\"publish\",\"id\":%d,\"topic\":\"%s/q%d\",\"payload\":\"m%d\",\"qos\":%d}",
                     10 + q, topic, q, q, q);
        expect_ack(&d, 10 + q, true);
    }
    drv_send(&d, "{\"cmd\":\"publish\",\"id\":13,\"topic\":\"%s/bin\",\"payload_hex\":\"00ff10\",\"qos\":1}", topic);
    expect_ack(&d, 13, true);
    for (int q = 0; q <= 2; q++) {
        char p[8];
        snprintf(p, sizeof p, "m%d", q);
        json_t *m = expect_message(&d, p);
        assert_int_equal(json_integer_value(json_object_get(m, "qos")), q);
        assert_true(json_is_false(json_object_get(m, "retain")));
        char t[80];
        snprintf(t, sizeof t, "%s/q%d", topic, q);
        assert_string_equal(json_string_value(json_object_get(m, "topic")), t);
        if (v5 && q == 1) {
            json_t *props = json_object_get(m, "props");
            assert_string_equal(json_string_value(json_object_get(props, "content_type")), "text/x");
            json_t *up = json_object_get(props, "user_property");
            assert_int_equal(json_array_size(up), 2);
            assert_string_equal(json_string_value(json_array_get(json_array_get(up, 1), 1)), "v2");
        }
        if (!unsupported(hello, "message.dup"))
            assert_true(json_is_false(json_object_get(m, "dup")));
        json_t *pub = expect(&d, "published", 10 + q);
        assert_int_equal(json_integer_value(json_object_get(pub, "qos")), q);
        if (q > 0 && v5 && !unsupported(hello, "published.reason"))
            assert_int_equal(json_integer_value(json_object_get(pub, "reason")), 0);
    }
    /* Bytes that are not text come back as hex only. */
    double end = now() + DEADLINE;
    for (bool found = false; !found;) {
        for (size_t i = 0; i < json_array_size(d.seen) && !found; i++) {
            const char *h = json_string_value(json_object_get(json_array_get(d.seen, i), "payload_hex"));
            found = h && strcmp(h, "00ff10") == 0 && !json_object_get(json_array_get(d.seen, i), "payload");
        }
        if (!found && !read_event(&d, end))
            fail_msg("binary message not received");
    }
    expect(&d, "published", 13);

    drv_send(&d, "{\"cmd\":\"unsubscribe\",\"id\":3,\"filters\":[\"%s/#\"]}", topic);
    json_t *u = expect(&d, "unsubscribed", 3);
    if (v5 && !unsupported(hello, "unsubscribed.reasons")) {
        assert_int_equal(json_array_size(json_object_get(u, "reasons")), 1);
        assert_int_equal(json_integer_value(json_array_get(json_object_get(u, "reasons"), 0)), 0);
    }
    expect_ack(&d, 3, true);
    if (v5 && !unsupported(hello, "published.reason")) {
        /* Nobody subscribes now: mosquitto's PUBACK says 0x10 No matching subscribers
         * (MQTT 5.0 §3.4.2.1), and the driver must pass that on. */
        drv_send(&d, "{\"cmd\":\"publish\",\"id\":14,\"topic\":\"%s/none\",\"qos\":1}", topic);
        expect_ack(&d, 14, true);
        json_t *pub = expect(&d, "published", 14);
        assert_int_equal(json_integer_value(json_object_get(pub, "reason")), 0x10);
    }

    /* Bad input gets an error and the driver goes on. */
    drv_send(&d, "this is not json");
    expect(&d, "error", -1);
    drv_send(&d, "{\"cmd\":\"publish\",\"id\":4,\"topic\":\"%s\",\"qos\":7}", topic);
    expect_ack(&d, 4, false);
    drv_send(&d, "{\"cmd\":\"frobnicate\",\"id\":5}");
    expect_ack(&d, 5, false);

    drv_send(&d, "{\"cmd\":\"disconnect\",\"id\":6}");
    expect_ack(&d, 6, true);
    drv_send(&d, "{\"cmd\":\"publish\",\"id\":7,\"topic\":\"%s\",\"qos\":1}", topic);
    expect_ack(&d, 7, false); /* not connected any more */
    drv_send(&d, "{\"cmd\":\"quit\",\"id\":8}");
    expect_ack(&d, 8, true);
    int st = wait_exit(d.pid, DEADLINE);
    d.pid = -1;
    assert_true(st >= 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0);
    drv_stop(&d);
}

static void test_roundtrip_311(void **state)
{
    (void)state;
    roundtrip("3.1.1");
}

static void test_roundtrip_50(void **state)
{
    (void)state;
    roundtrip("5.0");
}

/* An empty client id with a clean session (MQTT 3.1.1 §3.1.3.1 lets the server
 * accept it); a library that cannot send one must say so in hello and refuse. */
static void test_empty_client_id(void **state)
{
    (void)state;
    drv d;
    drv_start(&d);
    json_t *hello = expect(&d, "hello", -1);
    bool can = !unsupported(hello, "connect.client_id_empty");
    drv_send(&d, "{\"cmd\":\"connect\",\"id\":1,\"port\":%d,\"version\":\"3.1.1\",\"client_id\":\"\"}",
             broker_port);
    if (can)
        expect(&d, "connected", 1);
    expect_ack(&d, 1, can);
    drv_send(&d, "{\"cmd\":\"quit\",\"id\":2}");
    expect_ack(&d, 2, true);
    drv_stop(&d);
}

/* Nothing listens on the port: the connect fails with an ack, in bounded time. */
static void test_connect_refused(void **state)
{
    (void)state;
    int port = free_port();
    for (int v = 0; v < 2; v++) {
        drv d;
        drv_start(&d);
        drv_send(&d, "{\"cmd\":\"connect\",\"id\":1,\"port\":%d,\"version\":\"%s\",\"client_id\":\"nobody\",\"timeout\":3}",
                 port, v ? "5.0" : "3.1.1");
        json_t *ack = expect_ack(&d, 1, false);
        assert_non_null(json_string_value(json_object_get(ack, "error")));
        drv_send(&d, "{\"cmd\":\"quit\",\"id\":2}");
        expect_ack(&d, 2, true);
        drv_stop(&d);
    }
}

/* The runner goes away (stdin closed) while connected: the driver exits by itself. */
static void test_stdin_closed(void **state)
{
    (void)state;
    drv d;
    drv_start(&d);
    drv_send(&d, "{\"cmd\":\"connect\",\"id\":1,\"port\":%d,\"version\":\"5.0\",\"client_id\":\"eof-test\"}", broker_port);
    expect_ack(&d, 1, true);
    drv_send(&d, "{\"cmd\":\"subscribe\",\"id\":2,\"filter\":\"mqc/drvtest/eof\",\"qos\":1}");
    close(d.in);
    d.in = -1;
    expect_ack(&d, 2, true); /* a command read before EOF still runs */
    int st = wait_exit(d.pid, DEADLINE);
    assert_true(st >= 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0);
    d.pid = -1;
    drv_stop(&d);
}

/* Session takeover: mosquitto drops the first connection of a client id when a
 * second one connects; the first driver reports connection_lost. */
static void test_connection_lost(void **state)
{
    (void)state;
    drv a, b;
    drv_start(&a);
    drv_start(&b);
    drv_send(&a, "{\"cmd\":\"connect\",\"id\":1,\"port\":%d,\"version\":\"5.0\",\"client_id\":\"takeover\"}", broker_port);
    expect_ack(&a, 1, true);
    drv_send(&b, "{\"cmd\":\"connect\",\"id\":1,\"port\":%d,\"version\":\"5.0\",\"client_id\":\"takeover\"}", broker_port);
    expect_ack(&b, 1, true);
    json_t *lost = expect(&a, "connection_lost", -1);
    /* mosquitto sends DISCONNECT 0x8E (Session taken over, MQTT 5.0 §3.14.2.1) first. */
    json_t *r = json_object_get(lost, "reason");
    if (r)
        assert_int_equal(json_integer_value(r), 0x8E);
    drv_stop(&a);
    drv_stop(&b);
}

/* ---- a scripted broker of a few raw bytes, for what mosquitto will not do ---- */

static int fake_listen(int *port)
{
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t l = sizeof a;
    assert_true(s >= 0);
    assert_int_equal(bind(s, (struct sockaddr *)&a, sizeof a), 0);
    assert_int_equal(listen(s, 4), 0);
    assert_int_equal(getsockname(s, (struct sockaddr *)&a, &l), 0);
    *port = ntohs(a.sin_port);
    return s;
}

/* Accepts the driver's connection and reads its CONNECT (first bytes are enough:
 * the packet type is all these tests look at). */
static int fake_accept_connect(int ls)
{
    struct pollfd p = {.fd = ls, .events = POLLIN};
    assert_int_equal(poll(&p, 1, (int)(DEADLINE * 1000)), 1);
    int c = accept(ls, NULL, NULL);
    assert_true(c >= 0);
    struct pollfd q = {.fd = c, .events = POLLIN};
    assert_int_equal(poll(&q, 1, (int)(DEADLINE * 1000)), 1);
    unsigned char b[512];
    ssize_t n = read(c, b, sizeof b);
    assert_true(n >= 2);
    assert_int_equal(b[0], 0x10); /* CONNECT */
    return c;
}

static void fake_send(int c, const char *bytes, size_t n)
{
    assert_int_equal(write(c, bytes, n), (ssize_t)n);
}

static bool unsupported(json_t *hello, const char *what)
{
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(hello, "unsupported"), i, v)
        if (strcmp(json_string_value(v), what) == 0)
            return true;
    return false;
}

/* A broker that accepts TCP and never answers: the connect must end with an ack
 * ok=false at the command's timeout, not hang. */
static void test_connack_never_comes(void **state)
{
    (void)state;
    int port, ls = fake_listen(&port); /* never accept()ed: the kernel completes TCP */
    drv d;
    drv_start(&d);
    drv_send(&d, "{\"cmd\":\"connect\",\"id\":1,\"port\":%d,\"version\":\"5.0\",\"client_id\":\"silent\",\"timeout\":1}", port);
    double t0 = now();
    json_t *ack = expect_ack(&d, 1, false);
    assert_true(now() - t0 < DEADLINE);
    assert_non_null(json_object_get(ack, "error"));
    drv_send(&d, "{\"cmd\":\"quit\",\"id\":2}");
    expect_ack(&d, 2, true);
    drv_stop(&d);
    close(ls);
}

/* A refusing CONNACK: ack ok=false carrying the return / reason code. */
static void test_connack_refused(void **state)
{
    (void)state;
    for (int v5 = 0; v5 < 2; v5++) {
        int port, ls = fake_listen(&port);
        drv d;
        drv_start(&d);
        drv_send(&d, "{\"cmd\":\"connect\",\"id\":1,\"port\":%d,\"version\":\"%s\",\"client_id\":\"refused\"}",
                 port, v5 ? "5.0" : "3.1.1");
        int c = fake_accept_connect(ls);
        if (v5) /* CONNACK reason 0x87 Not authorized, MQTT 5.0 §3.2.2.2, reason string "no" */
            fake_send(c, "\x20\x08\x00\x87\x05\x1f\x00\x02no", 10);
        else /* CONNACK return code 5 not authorized, MQTT 3.1.1 §3.2.2.3 */
            fake_send(c, "\x20\x02\x00\x05", 4);
        json_t *ack = expect_ack(&d, 1, false);
        assert_int_equal(json_integer_value(json_object_get(ack, "reason")), v5 ? 0x87 : 5);
        /* The refusing CONNACK's properties, where the library hands them over. */
        if (json_object_get(ack, "props"))
            assert_json(json_object_get(ack, "props"), "{\"reason_string\":\"no\"}");
        else if (v5)
            print_message("note: no CONNACK properties in the refused connect's ack\n");
        expect_no_event_yet(&d, "connected", 1);
        close(c);
        drv_send(&d, "{\"cmd\":\"quit\",\"id\":2}");
        expect_ack(&d, 2, true);
        drv_stop(&d);
        close(ls);
    }
}

/* The server ends a 5.0 session with DISCONNECT 0x8E: connection_lost, with the
 * reason code where the library exposes it (hello.unsupported says when not). */
static void test_server_disconnect(void **state)
{
    (void)state;
    int port, ls = fake_listen(&port);
    drv d;
    drv_start(&d);
    json_t *hello = expect(&d, "hello", -1);
    drv_send(&d, "{\"cmd\":\"connect\",\"id\":1,\"port\":%d,\"version\":\"5.0\",\"client_id\":\"dropped\"}", port);
    int c = fake_accept_connect(ls);
    fake_send(c, "\x20\x03\x00\x00\x00", 5); /* CONNACK success, no properties */
    expect(&d, "connected", 1);
    expect_ack(&d, 1, true);
    /* DISCONNECT 0x8E Session taken over, with a reason string "bye" (§3.14.2.2.3). */
    fake_send(c, "\xe0\x08\x8e\x06\x1f\x00\x03" "bye", 10);
    close(c);
    json_t *lost = expect(&d, "connection_lost", -1);
    if (!unsupported(hello, "connection_lost.reason")) {
        assert_int_equal(json_integer_value(json_object_get(lost, "reason")), 0x8E);
    }
    if (unsupported(hello, "connection_lost.props"))
        assert_null(json_object_get(lost, "props"));
    else
        assert_json(json_object_get(lost, "props"), "{\"reason_string\":\"bye\"}");

    /* The shortest form, reason code only (remaining length 1, §3.14.2.1). A library
     * may miss the code (paho-mqtt for Python 1.6 only parses it when the remaining
     * length exceeds 2): then connection_lost comes without `reason`, never a wrong one. */
    drv_send(&d, "{\"cmd\":\"connect\",\"id\":2,\"port\":%d,\"version\":\"5.0\",\"client_id\":\"dropped\"}", port);
    c = fake_accept_connect(ls);
    fake_send(c, "\x20\x03\x00\x00\x00", 5);
    expect_ack(&d, 2, true);
    fake_send(c, "\xe0\x01\x8e", 3);
    close(c);
    lost = expect(&d, "connection_lost", -1);
    if (json_object_get(lost, "reason"))
        assert_int_equal(json_integer_value(json_object_get(lost, "reason")), 0x8E);
    else
        print_message("note: %s reports no reason for a DISCONNECT of remaining length 1\n",
                      json_string_value(json_object_get(hello, "library")));
    drv_send(&d, "{\"cmd\":\"quit\",\"id\":3}");
    expect_ack(&d, 3, true);
    drv_stop(&d);
    close(ls);
}

/* ---- a scripted broker that reads whole packets, for the field-by-field checks ---- */

typedef struct pkt {
    unsigned char type;   /* first byte: packet type and flags */
    unsigned char b[16384];
    size_t n;
} pkt;

/* Reads exactly n bytes before `end`; false on EOF, error or deadline. */
static bool read_full(int fd, unsigned char *b, size_t n, double end)
{
    size_t got = 0;
    while (got < n) {
        double left = end - now();
        if (left <= 0)
            return false;
        struct pollfd p = {.fd = fd, .events = POLLIN};
        if (poll(&p, 1, (int)(left * 1000) + 1) <= 0)
            continue;
        ssize_t r = read(fd, b + got, n - got);
        if (r <= 0)
            return false;
        got += (size_t)r;
    }
    return true;
}

/* The client's next packet within `seconds`; false when the connection ends or
 * nothing comes in time. */
static bool pkt_read_within(int fd, pkt *p, double seconds)
{
    double end = now() + seconds;
    unsigned char c;
    if (!read_full(fd, &p->type, 1, end))
        return false;
    size_t len = 0;
    for (int shift = 0;; shift += 7) {
        if (shift > 21 || !read_full(fd, &c, 1, end))
            return false;
        len |= (size_t)(c & 0x7F) << shift;
        if (!(c & 0x80))
            break;
    }
    if (len > sizeof p->b)
        fail_msg("client packet of %zu bytes is larger than the test reads", len);
    p->n = len;
    return read_full(fd, p->b, len, end);
}

static bool pkt_read(int fd, pkt *p)
{
    return pkt_read_within(fd, p, DEADLINE);
}

static void pkt_expect(int fd, pkt *p, unsigned char type)
{
    if (!pkt_read(fd, p))
        fail_msg("no packet 0x%02x from the client before the deadline", type);
    if (p->type != type)
        fail_msg("client sent packet 0x%02x where 0x%02x was expected", p->type, type);
}

/* The connection ends (EOF) before the deadline. */
static void expect_closed(int fd)
{
    pkt p;
    double end = now() + DEADLINE;
    while (pkt_read(fd, &p))
        if (now() > end)
            break;
    assert_true(now() <= end);
}

static void fake_write(int c, unsigned char type, const unsigned char *body, size_t n)
{
    unsigned char h[5] = {type};
    size_t hn = 1, len = n;
    do {
        h[hn] = (unsigned char)(len & 0x7F);
        len >>= 7;
        if (len)
            h[hn] |= 0x80;
        hn++;
    } while (len);
    assert_int_equal(write(c, h, hn), (ssize_t)hn);
    if (n)
        assert_int_equal(write(c, body, n), (ssize_t)n);
}

/* Reading a packet body. */
typedef struct cur {
    const unsigned char *p;
    size_t n, i;
} cur;

static unsigned cur_u8(cur *c)
{
    if (c->i + 1 > c->n)
        fail_msg("client packet truncated at byte %zu", c->i);
    return c->p[c->i++];
}

static unsigned cur_u16(cur *c)
{
    unsigned hi = cur_u8(c);
    return hi << 8 | cur_u8(c);
}

static unsigned long cur_u32(cur *c)
{
    unsigned long hi = cur_u16(c);
    return hi << 16 | cur_u16(c);
}

static unsigned long cur_vbi(cur *c)
{
    unsigned long v = 0;
    for (int shift = 0; shift <= 21; shift += 7) {
        unsigned b = cur_u8(c);
        v |= (unsigned long)(b & 0x7F) << shift;
        if (!(b & 0x80))
            return v;
    }
    fail_msg("bad variable byte integer in a client packet");
    return 0; /* not reached: cmocka's fail_msg is not declared noreturn */
}

/* A length-prefixed string or binary, as JSON text (or hex when it is not text). */
static json_t *cur_bytes(cur *c, bool hex)
{
    size_t n = cur_u16(c);
    if (c->i + n > c->n)
        fail_msg("client packet truncated in a string");
    const unsigned char *b = c->p + c->i;
    c->i += n;
    if (!hex)
        return json_stringn((const char *)b, n);
    char h[1024] = "";
    for (size_t k = 0; k < n && 2 * k + 2 < sizeof h; k++)
        snprintf(h + 2 * k, 3, "%02x", b[k]);
    return json_string(h);
}

/* MQTT 5.0 properties, §2.2.2, as {"0x11": 120, "0x26": [["k","v"]], ...}. */
static json_t *cur_props(cur *c)
{
    json_t *o = json_object();
    size_t len = cur_vbi(c), end = c->i + len;
    while (c->i < end) {
        unsigned id = cur_u8(c);
        char k[8];
        snprintf(k, sizeof k, "0x%02x", id);
        json_t *v;
        switch (id) {
        case 0x01: case 0x17: case 0x19: case 0x24: case 0x25: case 0x28: case 0x29: case 0x2A:
            v = json_integer(cur_u8(c));
            break;
        case 0x13: case 0x21: case 0x22: case 0x23:
            v = json_integer(cur_u16(c));
            break;
        case 0x02: case 0x11: case 0x18: case 0x27:
            v = json_integer((json_int_t)cur_u32(c));
            break;
        case 0x0B:
            v = json_integer((json_int_t)cur_vbi(c));
            break;
        case 0x09: case 0x16:
            v = cur_bytes(c, true);
            break;
        case 0x26: {
            json_t *l = json_object_get(o, k);
            if (!l) {
                l = json_array();
                json_object_set_new(o, k, l);
            }
            json_t *key = cur_bytes(c, false);
            json_array_append_new(l, json_pack("[o,o]", key, cur_bytes(c, false)));
            continue;
        }
        default:
            v = cur_bytes(c, false);
        }
        json_object_set_new(o, k, v);
    }
    return o;
}

static void assert_json(json_t *got, const char *want_json)
{
    json_error_t err;
    json_t *want = json_loads(want_json, 0, &err);
    if (!want)
        fail_msg("bad expected JSON %s: %s", want_json, err.text);
    if (!json_equal(got, want)) {
        char *g = json_dumps(got, JSON_COMPACT | JSON_SORT_KEYS);
        fail_msg("expected %s, got %s", want_json, g ? g : "(nothing)");
    }
    json_decref(want);
}

static long long jint(json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    if (!json_is_integer(v)) {
        char *s = json_dumps(o, JSON_COMPACT);
        fail_msg("no integer '%s' in %s", k, s);
    }
    return json_integer_value(v);
}

/* The events read so far contain none called `name` with this id. */
static void expect_no_event_yet(drv *d, const char *name, long long id)
{
    for (size_t i = 0; i < json_array_size(d->seen); i++)
        if (matches(json_array_get(d->seen, i), name, id))
            fail_msg("'%s' event for id %lld came too early", name, id);
}

static int fake_accept(int ls)
{
    struct pollfd p = {.fd = ls, .events = POLLIN};
    assert_int_equal(poll(&p, 1, (int)(DEADLINE * 1000)), 1);
    int c = accept(ls, NULL, NULL);
    assert_true(c >= 0);
    return c;
}

/* Every field of a connect reaches the wire, every field of the answers reaches the
 * events, for one protocol version; the broker is this test, byte by byte. */
static void fake_session(bool v5)
{
    int port, ls = fake_listen(&port);
    drv d;
    drv_start(&d);
    json_t *hello = expect(&d, "hello", -1);
    bool will_props = v5 && !unsupported(hello, "will.props");
    bool mixed = !unsupported(hello, "subscribe.mixed_options");

    /* ---- CONNECT: clean=false, keepalive, will (+props), username/password, props ---- */
    drv_send(&d, "{\"cmd\":\"connect\",\"id\":1,\"port\":%d,\"version\":\"%s\",\"client_id\":\"fake-1\","
                 "\"clean\":false,\"keepalive\":17,\"username\":\"user\",\"password\":\"pw\","
                 "\"will\":{\"topic\":\"w/t\",\"payload_hex\":\"0102\",\"qos\":1,\"retain\":true%s}%s}",
             port, v5 ? "5.0" : "3.1.1",
             will_props ? ",\"props\":{\"will_delay_interval\":7,\"content_type\":\"text/w\","
                          "\"user_property\":[[\"wk\",\"wv\"]]}" : "",
             v5 ? ",\"props\":{\"session_expiry_interval\":120,\"receive_maximum\":9,"
                  "\"user_property\":[[\"ck\",\"cv\"]]}" : "");
    int c = fake_accept(ls);
    pkt p;
    pkt_expect(c, &p, 0x10);
    cur k = {p.b, p.n, 0};
    json_t *name = cur_bytes(&k, false);
    assert_string_equal(json_string_value(name), "MQTT");
    json_decref(name);
    assert_int_equal(cur_u8(&k), v5 ? 5 : 4);
    /* Flags, MQTT 3.1.1 §3.1.2.3: user, password, will retain, will QoS 1, will, clean 0. */
    assert_int_equal(cur_u8(&k), 0x80 | 0x40 | 0x20 | 0x08 | 0x04);
    assert_int_equal(cur_u16(&k), 17);
    if (v5) {
        json_t *cp = cur_props(&k);
        assert_json(cp, "{\"0x11\":120,\"0x21\":9,\"0x26\":[[\"ck\",\"cv\"]]}");
        json_decref(cp);
    }
    json_t *f = cur_bytes(&k, false);
    assert_string_equal(json_string_value(f), "fake-1");
    json_decref(f);
    if (v5) {
        json_t *wp = cur_props(&k);
        assert_json(wp, will_props ? "{\"0x18\":7,\"0x03\":\"text/w\",\"0x26\":[[\"wk\",\"wv\"]]}" : "{}");
        json_decref(wp);
    }
    f = cur_bytes(&k, false);
    assert_string_equal(json_string_value(f), "w/t");
    json_decref(f);
    f = cur_bytes(&k, true);
    assert_string_equal(json_string_value(f), "0102");
    json_decref(f);
    f = cur_bytes(&k, false);
    assert_string_equal(json_string_value(f), "user");
    json_decref(f);
    f = cur_bytes(&k, false);
    assert_string_equal(json_string_value(f), "pw");
    json_decref(f);
    assert_int_equal(k.i, k.n);

    /* ---- CONNACK: session present, properties surfaced ---- */
    if (v5) {
        static const unsigned char ca[] = {0x01, 0x00, 21, 0x21, 0x00, 20, 0x1F, 0x00, 2, 'h', 'i',
                                           0x26, 0x00, 2, 's', 'k', 0x00, 2, 's', 'v', 0x2A, 0x00, 0x25, 0x01};
        unsigned char b[sizeof ca];
        memcpy(b, ca, sizeof ca);
        b[2] = (unsigned char)(sizeof ca - 3);
        fake_write(c, 0x20, b, sizeof ca);
    } else {
        fake_write(c, 0x20, (const unsigned char *)"\x01\x00", 2);
    }
    json_t *ev = expect(&d, "connected", 1);
    assert_true(json_is_true(json_object_get(ev, "session_present")));
    assert_int_equal(jint(ev, "reason"), 0);
    if (v5)
        assert_json(json_object_get(ev, "props"),
                    "{\"receive_maximum\":20,\"reason_string\":\"hi\",\"user_property\":[[\"sk\",\"sv\"]],"
                    "\"shared_subscription_available\":0,\"retain_available\":1}");
    expect_ack(&d, 1, true);

    /* ---- SUBSCRIBE two filters with options; SUBACK with a refusal ---- */
    drv_send(&d, "{\"cmd\":\"subscribe\",\"id\":2,\"subs\":[{\"filter\":\"a/1\",\"qos\":1%s},"
                 "{\"filter\":\"a/2\",\"qos\":%d%s}]%s}",
             v5 ? ",\"no_local\":true,\"rap\":true,\"rh\":1" : "", mixed ? 2 : 1,
             v5 ? (mixed ? ",\"rh\":2" : ",\"no_local\":true,\"rap\":true,\"rh\":1") : "",
             v5 && !unsupported(hello, "subscribe.props") ? ",\"props\":{\"user_property\":[[\"s\",\"x\"]]}" : "");
    pkt_expect(c, &p, 0x82);
    k = (cur){p.b, p.n, 0};
    unsigned pid = cur_u16(&k);
    if (v5) {
        json_t *sp = cur_props(&k);
        assert_json(sp, unsupported(hello, "subscribe.props") ? "{}" : "{\"0x26\":[[\"s\",\"x\"]]}");
        json_decref(sp);
    }
    f = cur_bytes(&k, false);
    assert_string_equal(json_string_value(f), "a/1");
    json_decref(f);
    assert_int_equal(cur_u8(&k), v5 ? (1 | 0x04 | 0x08 | 0x10) : 1);
    f = cur_bytes(&k, false);
    assert_string_equal(json_string_value(f), "a/2");
    json_decref(f);
    assert_int_equal(cur_u8(&k), v5 ? (mixed ? (2 | 0x20) : (1 | 0x04 | 0x08 | 0x10)) : (mixed ? 2 : 1));
    unsigned char sa[] = {(unsigned char)(pid >> 8), (unsigned char)pid, 0x00, 0x01, v5 ? 0x87 : 0x80};
    if (v5)
        fake_write(c, 0x90, sa, 5);
    else
        fake_write(c, 0x90, (unsigned char[]){sa[0], sa[1], sa[3], sa[4]}, 4);
    ev = expect(&d, "subscribed", 2);
    assert_json(json_object_get(ev, "reasons"), v5 ? "[1,135]" : "[1,128]");
    expect_ack(&d, 2, true);

    /* A SUBACK whose only code is a refusal is still an answer (ok:true). */
    drv_send(&d, "{\"cmd\":\"subscribe\",\"id\":3,\"filter\":\"a/3\",\"qos\":0}");
    pkt_expect(c, &p, 0x82);
    pid = (unsigned)p.b[0] << 8 | p.b[1];
    unsigned char sb[] = {(unsigned char)(pid >> 8), (unsigned char)pid, 0x00, v5 ? 0x87 : 0x80};
    if (v5)
        fake_write(c, 0x90, sb, 4);
    else
        fake_write(c, 0x90, (unsigned char[]){sb[0], sb[1], sb[3]}, 3);
    ev = expect(&d, "subscribed", 3);
    assert_json(json_object_get(ev, "reasons"), v5 ? "[135]" : "[128]");
    expect_ack(&d, 3, true);

    /* ---- UNSUBSCRIBE; v5 UNSUBACK codes ---- */
    drv_send(&d, "{\"cmd\":\"unsubscribe\",\"id\":4,\"filters\":[\"a/1\",\"a/2\"]}");
    pkt_expect(c, &p, 0xA2);
    k = (cur){p.b, p.n, 0};
    pid = cur_u16(&k);
    if (v5) {
        json_t *up = cur_props(&k);
        json_decref(up);
    }
    f = cur_bytes(&k, false);
    assert_string_equal(json_string_value(f), "a/1");
    json_decref(f);
    f = cur_bytes(&k, false);
    assert_string_equal(json_string_value(f), "a/2");
    json_decref(f);
    if (v5)
        fake_write(c, 0xB0, (unsigned char[]){(unsigned char)(pid >> 8), (unsigned char)pid, 0x00, 0x00, 0x11}, 5);
    else
        fake_write(c, 0xB0, (unsigned char[]){(unsigned char)(pid >> 8), (unsigned char)pid}, 2);
    ev = expect(&d, "unsubscribed", 4);
    if (v5 && !unsupported(hello, "unsubscribed.reasons"))
        assert_json(json_object_get(ev, "reasons"), "[0,17]");
    else if (unsupported(hello, "unsubscribed.reasons"))
        assert_null(json_object_get(ev, "reasons"));
    expect_ack(&d, 4, true);

    /* ---- PUBLISH QoS 0: published once written ---- */
    drv_send(&d, "{\"cmd\":\"publish\",\"id\":5,\"topic\":\"p/0\",\"payload\":\"zero\"}");
    expect_ack(&d, 5, true);
    pkt_expect(c, &p, 0x30);
    expect(&d, "published", 5);

    /* ---- PUBLISH QoS 1 with properties: published only after PUBACK ---- */
    drv_send(&d, "{\"cmd\":\"publish\",\"id\":6,\"topic\":\"p/1\",\"payload\":\"one\",\"qos\":1,\"retain\":true%s}",
             v5 ? ",\"props\":{\"message_expiry_interval\":30,\"correlation_data\":{\"hex\":\"abcd\"},"
                  "\"response_topic\":\"r/t\",\"payload_format_indicator\":1,\"user_property\":[[\"pk\",\"pv\"]]}" : "");
    json_t *ack = expect_ack(&d, 6, true);
    pkt_expect(c, &p, 0x33);
    k = (cur){p.b, p.n, 0};
    f = cur_bytes(&k, false);
    assert_string_equal(json_string_value(f), "p/1");
    json_decref(f);
    pid = cur_u16(&k);
    if (json_object_get(ack, "mid") && !unsupported(hello, "publish.mid_is_packet_id"))
        assert_int_equal(jint(ack, "mid"), pid);
    if (v5) {
        json_t *pp = cur_props(&k);
        assert_json(pp, "{\"0x02\":30,\"0x09\":\"abcd\",\"0x08\":\"r/t\",\"0x01\":1,\"0x26\":[[\"pk\",\"pv\"]]}");
        json_decref(pp);
    }
    assert_int_equal(p.n - k.i, 3);
    assert_memory_equal(p.b + k.i, "one", 3);
    /* A runner holds PUBACK back as long as it likes: nothing may complete meanwhile. */
    drv_send(&d, "{\"cmd\":\"wait\",\"id\":60,\"seconds\":0.3}");
    expect_ack(&d, 60, true);
    expect_no_event_yet(&d, "published", 6);
    if (v5) /* PUBACK 0x10 No matching subscribers with a reason string */
        fake_write(c, 0x40, (unsigned char[]){(unsigned char)(pid >> 8), (unsigned char)pid, 0x10, 5, 0x1F, 0, 2, 'n', 'm'}, 9);
    else
        fake_write(c, 0x40, (unsigned char[]){(unsigned char)(pid >> 8), (unsigned char)pid}, 2);
    ev = expect(&d, "published", 6);
    assert_int_equal(jint(ev, "qos"), 1);
    if (v5 && !unsupported(hello, "published.reason"))
        assert_int_equal(jint(ev, "reason"), 0x10);
    if (unsupported(hello, "published.reason"))
        assert_null(json_object_get(ev, "reason"));
    if (v5 && !unsupported(hello, "published.props"))
        assert_json(json_object_get(ev, "props"), "{\"reason_string\":\"nm\"}");
    if (unsupported(hello, "published.props"))
        assert_null(json_object_get(ev, "props"));

    /* ---- PUBLISH QoS 2: PUBREC, PUBREL, then published after PUBCOMP ---- */
    drv_send(&d, "{\"cmd\":\"publish\",\"id\":7,\"topic\":\"p/2\",\"payload_hex\":\"ff00\",\"qos\":2}");
    expect_ack(&d, 7, true);
    pkt_expect(c, &p, 0x34);
    k = (cur){p.b, p.n, 0};
    json_decref(cur_bytes(&k, false));
    pid = cur_u16(&k);
    fake_write(c, 0x50, (unsigned char[]){(unsigned char)(pid >> 8), (unsigned char)pid}, 2);
    pkt_expect(c, &p, 0x62);
    assert_int_equal((unsigned)p.b[0] << 8 | p.b[1], pid);
    expect_no_event_yet(&d, "published", 7);
    fake_write(c, 0x70, (unsigned char[]){(unsigned char)(pid >> 8), (unsigned char)pid}, 2);
    ev = expect(&d, "published", 7);
    assert_int_equal(jint(ev, "qos"), 2);

    /* 5.0: a PUBREC with a failure code (0x97 Quota exceeded) ends the exchange (§4.3.3).
     * A library that knows it reports completion there; one that does not sends PUBREL
     * anyway, and the driver must then not claim a completion it never saw. */
    if (v5) {
        drv_send(&d, "{\"cmd\":\"publish\",\"id\":70,\"topic\":\"p/2\",\"payload\":\"q\",\"qos\":2}");
        expect_ack(&d, 70, true);
        pkt_expect(c, &p, 0x34);
        k = (cur){p.b, p.n, 0};
        json_decref(cur_bytes(&k, false));
        pid = cur_u16(&k);
        fake_write(c, 0x50, (unsigned char[]){(unsigned char)(pid >> 8), (unsigned char)pid, 0x97, 0}, 4);
        drv_send(&d, "{\"cmd\":\"wait\",\"id\":71,\"seconds\":0.3}");
        expect_ack(&d, 71, true);
        json_t *done = NULL;
        for (size_t i = 0; i < json_array_size(d.seen); i++)
            if (matches(json_array_get(d.seen, i), "published", 70))
                done = json_array_get(d.seen, i);
        if (done) {
            if (!unsupported(hello, "published.reason"))
                assert_int_equal(jint(done, "reason"), 0x97);
        } else {
            pkt_expect(c, &p, 0x62); /* the library went on with PUBREL */
            print_message("note: %s sends PUBREL after a PUBREC with reason 0x97\n",
                          json_string_value(json_object_get(hello, "library")));
            fake_write(c, 0x70, (unsigned char[]){(unsigned char)(pid >> 8), (unsigned char)pid}, 2);
            expect(&d, "published", 70);
        }
    }

    /* ---- incoming QoS 1, DUP set, packet id 77, with properties ---- */
    {
        unsigned char b[64];
        size_t n = 0;
        b[n++] = 0, b[n++] = 4, memcpy(b + n, "in/1", 4), n += 4;
        b[n++] = 0, b[n++] = 77;
        if (v5) {
            static const unsigned char pr[] = {15, 0x26, 0, 2, 'm', 'k', 0, 2, 'm', 'v', 0x03, 0, 1, 't',
                                               0x0B, 5};
            memcpy(b + n, pr, sizeof pr);
            n += sizeof pr;
        }
        memcpy(b + n, "hello", 5), n += 5;
        fake_write(c, 0x3A, b, n);
    }
    ev = expect(&d, "message", -1);
    assert_string_equal(json_string_value(json_object_get(ev, "topic")), "in/1");
    assert_string_equal(json_string_value(json_object_get(ev, "payload")), "hello");
    assert_int_equal(jint(ev, "qos"), 1);
    assert_true(json_is_false(json_object_get(ev, "retain")));
    if (unsupported(hello, "message.dup"))
        assert_null(json_object_get(ev, "dup"));
    else
        assert_true(json_is_true(json_object_get(ev, "dup")));
    if (!unsupported(hello, "message.mid"))
        assert_int_equal(jint(ev, "mid"), 77);
    if (v5)
        assert_json(json_object_get(ev, "props"), "{\"user_property\":[[\"mk\",\"mv\"]],\"content_type\":\"t\","
                                                  "\"subscription_identifier\":5}");
    pkt_expect(c, &p, 0x40);
    assert_int_equal((unsigned)p.b[0] << 8 | p.b[1], 77);

    /* ---- incoming QoS 2, retained, packet id 78: PUBREC, PUBREL, PUBCOMP ---- */
    {
        unsigned char b[32];
        size_t n = 0;
        b[n++] = 0, b[n++] = 4, memcpy(b + n, "in/2", 4), n += 4;
        b[n++] = 0, b[n++] = 78;
        if (v5)
            b[n++] = 0;
        memcpy(b + n, "two", 3), n += 3;
        fake_write(c, 0x35, b, n);
    }
    pkt_expect(c, &p, 0x50);
    assert_int_equal((unsigned)p.b[0] << 8 | p.b[1], 78);
    fake_write(c, 0x62, (unsigned char[]){0, 78}, 2);
    pkt_expect(c, &p, 0x70);
    assert_int_equal((unsigned)p.b[0] << 8 | p.b[1], 78);
    ev = expect_message(&d, "two");
    assert_int_equal(jint(ev, "qos"), 2);
    assert_true(json_is_true(json_object_get(ev, "retain")));
    if (!unsupported(hello, "message.mid"))
        assert_int_equal(jint(ev, "mid"), 78);

    /* ---- incoming QoS 0 whose payload is not text: hex only ---- */
    fake_write(c, 0x30, (const unsigned char *)(v5 ? "\x00\x04in/0\x00\xc3\x28" : "\x00\x04in/0\xc3\x28"), v5 ? 9 : 8);
    double end = now() + DEADLINE;
    for (json_t *m = NULL; !m;) {
        for (size_t i = 0; i < json_array_size(d.seen) && !m; i++) {
            json_t *e = json_array_get(d.seen, i);
            const char *h = json_string_value(json_object_get(e, "payload_hex"));
            if (matches(e, "message", -1) && h && strcmp(h, "c328") == 0)
                m = e;
        }
        if (m) {
            assert_null(json_object_get(m, "payload"));
            assert_int_equal(jint(m, "qos"), 0);
            assert_null(json_object_get(m, "mid"));
        } else if (!read_event(&d, end)) {
            fail_msg("QoS 0 binary message not reported");
        }
    }

    /* ---- DISCONNECT with a reason and properties, then the client closes ---- */
    if (v5)
        drv_send(&d, "{\"cmd\":\"disconnect\",\"id\":8,\"reason\":4%s}",
                 unsupported(hello, "disconnect.props") ? ""
                 : ",\"props\":{\"reason_string\":\"done\",\"user_property\":[[\"dk\",\"dv\"]]}");
    else
        drv_send(&d, "{\"cmd\":\"disconnect\",\"id\":8}");
    pkt_expect(c, &p, 0xE0);
    if (v5) {
        k = (cur){p.b, p.n, 0};
        assert_int_equal(cur_u8(&k), 4); /* 0x04 Disconnect with Will Message */
        json_t *dp = cur_props(&k);
        assert_json(dp, unsupported(hello, "disconnect.props") ? "{}"
                        : "{\"0x1f\":\"done\",\"0x26\":[[\"dk\",\"dv\"]]}");
        json_decref(dp);
    } else {
        assert_int_equal(p.n, 0);
    }
    expect_ack(&d, 8, true);
    expect_closed(c);
    close(c);

    drv_send(&d, "{\"cmd\":\"publish\",\"id\":9,\"topic\":\"p/x\"}");
    expect_ack(&d, 9, false); /* not connected any more */
    /* The runner ended that connection itself: that is no connection_lost. */
    for (size_t i = 0; i < json_array_size(d.seen); i++)
        if (matches(json_array_get(d.seen, i), "connection_lost", -1))
            fail_msg("connection_lost after the runner's own disconnect");
    drv_send(&d, "{\"cmd\":\"quit\",\"id\":10}");
    expect_ack(&d, 10, true);
    drv_stop(&d);
    close(ls);
}

static void test_fake_session_311(void **state)
{
    (void)state;
    fake_session(false);
}

static void test_fake_session_50(void **state)
{
    (void)state;
    fake_session(true);
}

/* Connects a driver to the scripted broker and answers CONNACK success. */
static int fake_connected(drv *d, int ls, int port, bool v5, long long id)
{
    drv_send(d, "{\"cmd\":\"connect\",\"id\":%lld,\"port\":%d,\"version\":\"%s\",\"client_id\":\"fake-%lld\"}", id,
             port, v5 ? "5.0" : "3.1.1", id);
    int c = fake_accept(ls);
    pkt p;
    pkt_expect(c, &p, 0x10);
    if (v5)
        fake_write(c, 0x20, (const unsigned char *)"\x00\x00\x00", 3);
    else
        fake_write(c, 0x20, (const unsigned char *)"\x00\x00", 2);
    expect(d, "connected", id);
    expect_ack(d, id, true);
    return c;
}

/* A broker that never answers: each command ends at its own timeout, the driver
 * stays usable, and the late answer still shows up as an event. */
static void test_command_timeouts(void **state)
{
    (void)state;
    for (int v5 = 0; v5 < 2; v5++) {
        int port, ls = fake_listen(&port);
        drv d;
        drv_start(&d);
        int c = fake_connected(&d, ls, port, v5, 1);
        pkt p;
        double t0 = now();
        drv_send(&d, "{\"cmd\":\"subscribe\",\"id\":2,\"filter\":\"t/1\",\"qos\":1,\"timeout\":0.5}");
        pkt_expect(c, &p, 0x82);
        unsigned pid = (unsigned)p.b[0] << 8 | p.b[1];
        json_t *ack = expect_ack(&d, 2, false);
        assert_string_equal(json_string_value(json_object_get(ack, "error")), "timeout");
        assert_true(now() - t0 >= 0.45 && now() - t0 < DEADLINE);

        drv_send(&d, "{\"cmd\":\"unsubscribe\",\"id\":3,\"filter\":\"t/1\",\"timeout\":0.3}");
        pkt_expect(c, &p, 0xA2);
        ack = expect_ack(&d, 3, false);
        assert_string_equal(json_string_value(json_object_get(ack, "error")), "timeout");

        /* The SUBACK arrives late: reported as an event of command 2. */
        if (v5)
            fake_write(c, 0x90, (unsigned char[]){(unsigned char)(pid >> 8), (unsigned char)pid, 0, 1}, 4);
        else
            fake_write(c, 0x90, (unsigned char[]){(unsigned char)(pid >> 8), (unsigned char)pid, 1}, 3);
        json_t *ev = expect(&d, "subscribed", 2);
        assert_json(json_object_get(ev, "reasons"), "[1]");

        /* A PUBACK that never comes: the publish is acked (accepted), no published. */
        drv_send(&d, "{\"cmd\":\"publish\",\"id\":4,\"topic\":\"t/1\",\"qos\":1}");
        expect_ack(&d, 4, true);
        pkt_expect(c, &p, 0x32);
        drv_send(&d, "{\"cmd\":\"wait\",\"id\":5,\"seconds\":0.2}");
        expect_ack(&d, 5, true);
        expect_no_event_yet(&d, "published", 4);

        drv_send(&d, "{\"cmd\":\"quit\",\"id\":6}");
        expect_ack(&d, 6, true);
        drv_stop(&d);
        close(c);
        close(ls);
    }
}

/* The server drops the connection in the middle of commands: each ends long before
 * its timeout with ok:false, connection_lost is reported, and the driver connects
 * again afterwards. */
static void test_drop_mid_command(void **state)
{
    (void)state;
    for (int v5 = 0; v5 < 2; v5++) {
        int port, ls = fake_listen(&port);
        drv d;
        drv_start(&d);
        int c = fake_connected(&d, ls, port, v5, 1);
        pkt p;
        double t0 = now();
        drv_send(&d, "{\"cmd\":\"subscribe\",\"id\":2,\"filter\":\"t/1\",\"qos\":1,\"timeout\":60}");
        pkt_expect(c, &p, 0x82);
        close(c);
        expect_ack(&d, 2, false);
        assert_true(now() - t0 < DEADLINE);
        expect(&d, "connection_lost", -1);

        /* Connected again; then the server drops it before CONNACK. */
        c = fake_connected(&d, ls, port, v5, 3);
        drv_send(&d, "{\"cmd\":\"publish\",\"id\":4,\"topic\":\"t/1\",\"qos\":2}");
        expect_ack(&d, 4, true);
        pkt_expect(c, &p, 0x34);
        close(c); /* mid-exchange: no PUBREC ever */
        expect(&d, "connection_lost", -1);
        drv_send(&d, "{\"cmd\":\"wait\",\"id\":5,\"seconds\":0.1}");
        expect_ack(&d, 5, true);
        expect_no_event_yet(&d, "published", 4);

        t0 = now();
        drv_send(&d, "{\"cmd\":\"connect\",\"id\":6,\"port\":%d,\"version\":\"%s\",\"client_id\":\"x\",\"timeout\":60}",
                 port, v5 ? "5.0" : "3.1.1");
        c = fake_accept(ls);
        pkt_expect(c, &p, 0x10);
        close(c);
        expect_ack(&d, 6, false);
        assert_true(now() - t0 < DEADLINE);
        expect_no_event_yet(&d, "connected", 6);

        drv_send(&d, "{\"cmd\":\"quit\",\"id\":7}");
        expect_ack(&d, 7, true);
        drv_stop(&d);
        close(ls);
    }
}

/* Bytes no MQTT server may send: whatever the library makes of them (most close the
 * connection), the driver survives, keeps answering and exits cleanly. */
static void test_garbage_from_server(void **state)
{
    (void)state;
    static const struct {
        const char *bytes;
        size_t n;
    } junk[] = {
        {"\xf0\x00", 2},                 /* 3.1.1: reserved type 15; 5.0: an AUTH nobody asked for */
        {"\x30\xff\xff\xff\xff\xff", 6}, /* remaining length of five bytes, §1.5.5 */
        {"\x90\x03\x12\x34\x00", 5},     /* SUBACK for a packet id never used */
        {"\x20\x02\x00\x00", 4},         /* a second CONNACK */
    };
    for (int v5 = 0; v5 < 2; v5++)
        for (size_t j = 0; j < sizeof junk / sizeof junk[0]; j++) {
            int port, ls = fake_listen(&port);
            drv d;
            drv_start(&d);
            json_t *hello = expect(&d, "hello", -1);
            int c = fake_connected(&d, ls, port, v5, 1);
            fake_send(c, junk[j].bytes, junk[j].n);
            drv_send(&d, "{\"cmd\":\"wait\",\"id\":2,\"seconds\":0.2}");
            expect_ack(&d, 2, true);
            /* What the library made of it, for the log (no verdict here). */
            const char *what = "connection kept";
            for (size_t i = 0; i < json_array_size(d.seen); i++)
                if (matches(json_array_get(d.seen, i), "connection_lost", -1))
                    what = json_string_value(json_object_get(json_array_get(d.seen, i), "cause"));
            print_message("note: %s, %s, junk %zu: %s\n", json_string_value(json_object_get(hello, "library")),
                          v5 ? "5.0" : "3.1.1", j, what);
            drv_send(&d, "{\"cmd\":\"quit\",\"id\":3}");
            expect_ack(&d, 3, true);
            drv_stop(&d);
            close(c);
            close(ls);
        }
}

/* Several subscription identifiers on one PUBLISH (MQTT 5.0 §3.3.2.3.8: one per matching
 * subscription) come out as a list. A library may wrongly refuse the packet (libmosquitto
 * 2.0.11 treats it as a duplicate property and drops the connection): the driver then
 * reports connection_lost, which is the library's verdict to show, never a wrong list. */
static void test_subscription_ids(void **state)
{
    (void)state;
    int port, ls = fake_listen(&port);
    drv d;
    drv_start(&d);
    json_t *hello = expect(&d, "hello", -1);
    int c = fake_connected(&d, ls, port, true, 1);
    static const unsigned char pub[] = {0, 4, 's', '/', 'i', 'd', 4, 0x0B, 5, 0x0B, 9, 'x'};
    fake_write(c, 0x30, pub, sizeof pub);
    double end = now() + DEADLINE;
    for (bool done = false; !done;) {
        for (size_t i = 0; i < json_array_size(d.seen) && !done; i++) {
            json_t *ev = json_array_get(d.seen, i);
            if (matches(ev, "message", -1)) {
                assert_json(json_object_get(json_object_get(ev, "props"), "subscription_identifier"), "[5,9]");
                done = true;
            } else if (matches(ev, "connection_lost", -1)) {
                print_message("note: %s refused a PUBLISH with two subscription identifiers: %s\n",
                              json_string_value(json_object_get(hello, "library")),
                              json_string_value(json_object_get(ev, "cause")));
                done = true;
            }
        }
        if (!done && !read_event(&d, end))
            fail_msg("neither message nor connection_lost after a PUBLISH with two subscription identifiers");
    }
    drv_send(&d, "{\"cmd\":\"quit\",\"id\":2}");
    expect_ack(&d, 2, true);
    drv_stop(&d);
    close(c);
    close(ls);
}

/* Keepalive is the library's own business, but the driver must give it turns both
 * while idle between commands and while a command waits (single-threaded libraries
 * only run when the driver calls them). */
static void test_keepalive(void **state)
{
    (void)state;
    for (int v5 = 0; v5 < 2; v5++) {
        int port, ls = fake_listen(&port);
        drv d;
        drv_start(&d);
        json_t *hello = expect(&d, "hello", -1);
        /* A library that cannot go under 5 s is checked once, in 5.0, at 5 s. */
        int ka = unsupported(hello, "connect.keepalive_under_5") ? 5 : 1;
        if (ka > 1 && !v5) {
            drv_stop(&d);
            close(ls);
            continue;
        }
        drv_send(&d, "{\"cmd\":\"connect\",\"id\":1,\"port\":%d,\"version\":\"%s\",\"client_id\":\"ka\",\"keepalive\":%d}",
                 port, v5 ? "5.0" : "3.1.1", ka);
        int c = fake_accept(ls);
        pkt p;
        pkt_expect(c, &p, 0x10);
        fake_write(c, 0x20, (const unsigned char *)"\x00\x00\x00", v5 ? 3 : 2);
        expect_ack(&d, 1, true);
        pkt_expect(c, &p, 0xC0); /* idle: no command in progress */
        fake_write(c, 0xD0, NULL, 0);
        drv_send(&d, "{\"cmd\":\"wait\",\"id\":2,\"seconds\":%d}", ka + 1);
        pkt_expect(c, &p, 0xC0); /* during `wait` */
        fake_write(c, 0xD0, NULL, 0);
        expect_ack(&d, 2, true);
        drv_send(&d, "{\"cmd\":\"quit\",\"id\":3}");
        expect_ack(&d, 3, true);
        drv_stop(&d);
        close(c);
        close(ls);
    }
}

/* stdin ends while a command waits: the command still ends at its timeout (it was
 * read before EOF), then the driver exits 0 without being told. */
static void test_eof_mid_command(void **state)
{
    (void)state;
    int port, ls = fake_listen(&port);
    drv d;
    drv_start(&d);
    int c = fake_connected(&d, ls, port, true, 1);
    drv_send(&d, "{\"cmd\":\"subscribe\",\"id\":2,\"filter\":\"t/1\",\"timeout\":1}");
    close(d.in);
    d.in = -1;
    pkt p;
    pkt_expect(c, &p, 0x82);
    expect_ack(&d, 2, false);
    drv_stop(&d); /* exit status 0 within the deadline */
    close(c);
    close(ls);
}

/* Lines that are not commands, unknown commands and fields of the wrong type all get
 * an answer, and the driver goes on. */
static void test_bad_input(void **state)
{
    (void)state;
    drv d;
    drv_start(&d);
    expect(&d, "hello", -1);
    assert_true(matches(json_array_get(d.seen, 0), "hello", -1)); /* the very first line */
    drv_send(&d, "this is not json");
    json_t *ev = expect(&d, "error", -1);
    assert_null(json_object_get(ev, "id"));
    drv_send(&d, "[1,2]");
    ev = expect(&d, "error", -1);
    assert_null(json_object_get(ev, "id"));
    drv_send(&d, "{\"cmd\":\"wait\"}"); /* no id */
    ev = expect(&d, "error", -1);
    assert_null(json_object_get(ev, "id"));
    drv_send(&d, "{\"id\":1}"); /* no cmd */
    expect(&d, "error", 1);
    expect_ack(&d, 1, false);
    drv_send(&d, "{\"cmd\":\"frobnicate\",\"id\":2}");
    ev = expect_ack(&d, 2, false);
    assert_non_null(strstr(json_string_value(json_object_get(ev, "error")), "frobnicate"));
    drv_send(&d, "{\"cmd\":\"connect\",\"id\":3,\"port\":\"1883\"}");
    ev = expect_ack(&d, 3, false);
    assert_non_null(strstr(json_string_value(json_object_get(ev, "error")), "port"));
    drv_send(&d, "{\"cmd\":\"connect\",\"id\":4}");
    expect_ack(&d, 4, false);
    drv_send(&d, "{\"cmd\":\"connect\",\"id\":5,\"port\":%d,\"version\":\"4.0\"}", broker_port);
    expect_ack(&d, 5, false);
    drv_send(&d, "{\"cmd\":\"wait\",\"id\":6,\"seconds\":\"1\"}");
    expect_ack(&d, 6, false);
    drv_send(&d, "{\"cmd\":\"subscribe\",\"id\":7,\"filter\":\"x\"}");
    expect_ack(&d, 7, false); /* not connected */

    /* A line over the 1 MiB limit is dropped with an error; the next one runs. */
    size_t big = (1u << 20) + 4096;
    char *line = malloc(big + 1);
    assert_non_null(line);
    memset(line, 'x', big);
    line[big] = '\n';
    size_t off = 0;
    while (off < big + 1) {
        ssize_t w = write(d.in, line + off, big + 1 - off);
        assert_true(w > 0);
        off += (size_t)w;
    }
    free(line);
    ev = expect(&d, "error", -1);
    assert_null(json_object_get(ev, "id"));
    drv_send(&d, "{\"cmd\":\"wait\",\"id\":8,\"seconds\":0}");
    expect_ack(&d, 8, true);
    /* U+0000 in a string is answered in the command's own ack, never by an id-less error:
       a runner waiting for that ack would otherwise hang until its deadline. */
    drv_send(&d, "{\"cmd\":\"publish\",\"id\":90,\"topic\":\"a\\u0000b\",\"payload\":\"x\"}");
    expect_ack(&d, 90, false); /* not connected, or the NUL refused */
    drv_send(&d, "{\"cmd\":\"quit\\u0000x\",\"id\":91}"); /* not a quit */
    expect_ack(&d, 91, false);

    for (int v5 = 0; v5 < 2; v5++) {
        long long b = 10 + 20 * v5;
        drv_send(&d, "{\"cmd\":\"connect\",\"id\":%lld,\"port\":%d,\"version\":\"%s\",\"client_id\":\"bad-%d\"}", b,
                 broker_port, v5 ? "5.0" : "3.1.1", v5);
        expect_ack(&d, b, true);
        static const char *const bad[] = {
            "{\"cmd\":\"publish\",\"id\":%lld,\"topic\":5}",
            "{\"cmd\":\"publish\",\"id\":%lld,\"topic\":\"t\",\"qos\":\"1\"}",
            "{\"cmd\":\"publish\",\"id\":%lld,\"topic\":\"t\",\"qos\":3}",
            "{\"cmd\":\"publish\",\"id\":%lld,\"topic\":\"t\",\"retain\":\"yes\"}",
            "{\"cmd\":\"publish\",\"id\":%lld,\"topic\":\"t\",\"payload\":[1]}",
            "{\"cmd\":\"publish\",\"id\":%lld,\"topic\":\"t\",\"payload_hex\":\"zz\"}",
            "{\"cmd\":\"publish\",\"id\":%lld,\"topic\":\"t\",\"props\":{\"no_such_property\":1}}",
            "{\"cmd\":\"publish\",\"id\":%lld,\"topic\":\"t\",\"props\":{\"message_expiry_interval\":\"1\"}}",
            "{\"cmd\":\"publish\",\"id\":%lld,\"topic\":\"t\",\"props\":{\"user_property\":[[\"k\"]]}}",
            "{\"cmd\":\"subscribe\",\"id\":%lld,\"subs\":\"t\"}",
            "{\"cmd\":\"subscribe\",\"id\":%lld,\"subs\":[{\"filter\":\"t\",\"qos\":1,\"rh\":3}]}",
            "{\"cmd\":\"unsubscribe\",\"id\":%lld,\"filters\":[7]}",
            "{\"cmd\":\"disconnect\",\"id\":%lld,\"timeout\":-1}",
        };
        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
            drv_send(&d, bad[i], b + 1 + (long long)i);
            expect_ack(&d, b + 1 + (long long)i, false);
        }
        /* Properties cannot travel on a 3.1.1 connection: refused, not dropped. */
        if (!v5) {
            drv_send(&d, "{\"cmd\":\"publish\",\"id\":%lld,\"topic\":\"t\",\"props\":{\"content_type\":\"x\"}}", b + 15);
            ev = expect_ack(&d, b + 15, false);
            assert_non_null(strstr(json_string_value(json_object_get(ev, "error")), "5.0"));
            drv_send(&d, "{\"cmd\":\"disconnect\",\"id\":%lld,\"reason\":4}", b + 16);
            expect_ack(&d, b + 16, false);
        }
        /* Still connected and working after all that. */
        drv_send(&d, "{\"cmd\":\"publish\",\"id\":%lld,\"topic\":\"mqc/drvtest/bad\",\"qos\":1}", b + 17);
        expect_ack(&d, b + 17, true);
        expect(&d, "published", b + 17);
    }
    drv_send(&d, "{\"cmd\":\"quit\",\"id\":99}");
    expect_ack(&d, 99, true);
    drv_stop(&d);
}

static bool has_feature(json_t *hello, const char *what)
{
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(hello, "features"), i, v)
        if (strcmp(json_string_value(v), what) == 0)
            return true;
    return false;
}

/* Reads a CONNECT on c and returns its flags byte; checks the client id. */
static unsigned read_connect(int c, bool v5, const char *client_id)
{
    pkt p;
    pkt_expect(c, &p, 0x10);
    cur k = {p.b, p.n, 0};
    json_decref(cur_bytes(&k, false));
    assert_int_equal(cur_u8(&k), v5 ? 5 : 4);
    unsigned flags = cur_u8(&k);
    cur_u16(&k);
    if (v5)
        json_decref(cur_props(&k));
    json_t *id = cur_bytes(&k, false);
    assert_string_equal(json_string_value(id), client_id);
    json_decref(id);
    return flags;
}

/* The client's next packet other than PINGREQ (answered). */
static void next_packet(int c, pkt *p)
{
    for (;;) {
        if (!pkt_read(c, p))
            fail_msg("no packet from the client before the deadline");
        if (p->type != 0xC0)
            return;
        fake_write(c, 0xD0, NULL, 0);
    }
}

/* connect.resume: a QoS 1 PUBLISH left without PUBACK and a QoS 2 exchange left at
 * PUBREL (no PUBCOMP) when the server drops the connection; `connect` with
 * resume=true, clean=false to another port reconnects the same library client, which
 * must resend the PUBLISH with DUP 1 and its packet id, and the PUBREL with its id;
 * the acks that follow complete the original publish commands. */
static void resume_session(bool v5)
{
    int port, ls = fake_listen(&port);
    drv d;
    drv_start(&d);
    json_t *hello = expect(&d, "hello", -1);
    const char *ver = v5 ? "5.0" : "3.1.1";
    /* 5.0: a Session Expiry Interval, or the session ends with the connection (§3.1.2.11.2). */
    const char *props = v5 ? ",\"props\":{\"session_expiry_interval\":300}" : "";
    if (!has_feature(hello, "connect.resume")) {
        /* A driver without the feature says so and refuses, never ignores the field. */
        assert_true(unsupported(hello, "connect.resume"));
        drv_send(&d, "{\"cmd\":\"connect\",\"id\":1,\"port\":%d,\"version\":\"%s\",\"client_id\":\"rs\",\"resume\":true}",
                 port, ver);
        expect_ack(&d, 1, false);
        drv_stop(&d);
        close(ls);
        return;
    }
    assert_false(unsupported(hello, "connect.resume"));

    /* Nothing to resume yet: refused. */
    drv_send(&d, "{\"cmd\":\"connect\",\"id\":1,\"port\":%d,\"version\":\"%s\",\"client_id\":\"rs\",\"clean\":false,"
                 "\"resume\":true}", port, ver);
    expect_ack(&d, 1, false);

    drv_send(&d, "{\"cmd\":\"connect\",\"id\":2,\"port\":%d,\"version\":\"%s\",\"client_id\":\"rs\",\"clean\":false%s}",
             port, ver, props);
    int c = fake_accept(ls);
    assert_int_equal(read_connect(c, v5, "rs") & 0x02, 0);
    fake_write(c, 0x20, (const unsigned char *)"\x00\x00\x00", v5 ? 3 : 2);
    expect(&d, "connected", 2);
    expect_ack(&d, 2, true);

    /* The connection is still up: a resume is refused, and the session goes on. */
    drv_send(&d, "{\"cmd\":\"connect\",\"id\":3,\"port\":%d,\"version\":\"%s\",\"client_id\":\"rs\",\"clean\":false,"
                 "\"resume\":true}", port, ver);
    expect_ack(&d, 3, false);

    pkt p;
    drv_send(&d, "{\"cmd\":\"publish\",\"id\":4,\"topic\":\"rs/1\",\"payload\":\"one\",\"qos\":1}");
    expect_ack(&d, 4, true);
    pkt_expect(c, &p, 0x32); /* DUP 0 the first time */
    cur k = {p.b, p.n, 0};
    json_decref(cur_bytes(&k, false));
    unsigned pid1 = cur_u16(&k);
    drv_send(&d, "{\"cmd\":\"publish\",\"id\":5,\"topic\":\"rs/2\",\"payload\":\"two\",\"qos\":2}");
    expect_ack(&d, 5, true);
    pkt_expect(c, &p, 0x34);
    k = (cur){p.b, p.n, 0};
    json_decref(cur_bytes(&k, false));
    unsigned pid2 = cur_u16(&k);
    fake_write(c, 0x50, (unsigned char[]){(unsigned char)(pid2 >> 8), (unsigned char)pid2}, 2);
    pkt_expect(c, &p, 0x62);
    assert_int_equal((unsigned)p.b[0] << 8 | p.b[1], pid2);

    close(c); /* the server drops the connection: no PUBACK, no PUBCOMP */
    expect(&d, "connection_lost", -1);
    expect_no_event_yet(&d, "published", 4);
    expect_no_event_yet(&d, "published", 5);

    /* A resume must keep the client id. */
    drv_send(&d, "{\"cmd\":\"connect\",\"id\":6,\"port\":%d,\"version\":\"%s\",\"client_id\":\"other\",\"clean\":false,"
                 "\"resume\":true}", port, ver);
    expect_ack(&d, 6, false);

    /* Resume on another port; client_id and version default to the resumed client's. */
    int port2, ls2 = fake_listen(&port2);
    drv_send(&d, "{\"cmd\":\"connect\",\"id\":7,\"port\":%d,\"clean\":false,\"resume\":true%s}", port2, props);
    c = fake_accept(ls2);
    assert_int_equal(read_connect(c, v5, "rs") & 0x02, 0);
    fake_write(c, 0x20, (const unsigned char *)"\x01\x00\x00", v5 ? 3 : 2); /* Session Present 1 */
    json_t *ev = expect(&d, "connected", 7);
    assert_true(json_is_true(json_object_get(ev, "session_present")));
    expect_ack(&d, 7, true);

    bool got_pub = false, got_rel = false;
    while (!got_pub || !got_rel) {
        next_packet(c, &p);
        if ((p.type == 0x3A || p.type == 0x32) && !got_pub) { /* PUBLISH QoS 1, DUP 1 expected */
            if (p.type == 0x32) /* the library's business (client/resend scenarios), not the driver's */
                print_message("note: %s resends the unacknowledged PUBLISH with DUP 0 (MQTT-3.3.1-1)\n",
                              json_string_value(json_object_get(hello, "library")));
            k = (cur){p.b, p.n, 0};
            json_t *t = cur_bytes(&k, false);
            assert_string_equal(json_string_value(t), "rs/1");
            json_decref(t);
            assert_int_equal(cur_u16(&k), pid1);
            if (v5)
                json_decref(cur_props(&k));
            assert_int_equal(p.n - k.i, 3);
            assert_memory_equal(p.b + k.i, "one", 3);
            got_pub = true;
            /* Acked at once: a library may send its stored packets one at a time, each after
             * the ack of the one before (MQTT.js), and the order is not the driver's to judge. */
            expect_no_event_yet(&d, "published", 4);
            fake_write(c, 0x40, (unsigned char[]){(unsigned char)(pid1 >> 8), (unsigned char)pid1}, 2);
            ev = expect(&d, "published", 4);
            assert_int_equal(jint(ev, "qos"), 1);
        } else if (p.type == 0x62 && !got_rel) {
            assert_int_equal((unsigned)p.b[0] << 8 | p.b[1], pid2);
            got_rel = true;
        } else {
            fail_msg("after resume: packet 0x%02x (%zu bytes) where the resent PUBLISH (0x3a, id %u) and "
                     "PUBREL (0x62, id %u) were expected", p.type, p.n, pid1, pid2);
        }
    }
    fake_write(c, 0x70, (unsigned char[]){(unsigned char)(pid2 >> 8), (unsigned char)pid2}, 2);
    ev = expect(&d, "published", 5);
    assert_int_equal(jint(ev, "qos"), 2);

    drv_send(&d, "{\"cmd\":\"quit\",\"id\":8}");
    expect_ack(&d, 8, true);
    drv_stop(&d);
    close(c);
    close(ls);
    close(ls2);
}

static void test_resume_311(void **state)
{
    (void)state;
    resume_session(false);
}

static void test_resume_50(void **state)
{
    (void)state;
    resume_session(true);
}

/* What a library does with its session state when the resumed connection is clean,
 * or the server has no session (Session Present 0): logged, not judged (that is
 * the client/resend scenarios' business). */
static void test_resume_discard(void **state)
{
    (void)state;
    for (int v5 = 0; v5 < 2; v5++)
        for (int how = 0; how < 3; how++) {
            /* 0: clean=false, then resume clean=true; 1: clean=false, resume clean=false
             * answered with Session Present 0; 2: clean=true (no session expiry) both times. */
            int port, ls = fake_listen(&port);
            drv d;
            drv_start(&d);
            json_t *hello = expect(&d, "hello", -1);
            if (!has_feature(hello, "connect.resume")) {
                drv_stop(&d);
                close(ls);
                return;
            }
            const char *ver = v5 ? "5.0" : "3.1.1";
            const char *props = v5 && how < 2 ? ",\"props\":{\"session_expiry_interval\":300}" : "";
            drv_send(&d, "{\"cmd\":\"connect\",\"id\":1,\"port\":%d,\"version\":\"%s\",\"client_id\":\"rd\","
                         "\"clean\":%s%s}", port, ver, how == 2 ? "true" : "false", props);
            int c = fake_accept(ls);
            read_connect(c, v5, "rd");
            fake_write(c, 0x20, (const unsigned char *)"\x00\x00\x00", v5 ? 3 : 2);
            expect_ack(&d, 1, true);
            drv_send(&d, "{\"cmd\":\"publish\",\"id\":2,\"topic\":\"rd\",\"payload\":\"stale\",\"qos\":1}");
            expect_ack(&d, 2, true);
            pkt p;
            pkt_expect(c, &p, 0x32);
            close(c);
            expect(&d, "connection_lost", -1);
            drv_send(&d, "{\"cmd\":\"connect\",\"id\":3,\"port\":%d,\"clean\":%s,\"resume\":true%s}", port,
                     how == 1 ? "false" : "true", props);
            const char *what;
            char buf[200];
            /* Either the driver refuses at once (ack) or the library connects. */
            json_t *refused = NULL;
            double end = now() + DEADLINE;
            for (;;) {
                for (size_t i = 0; i < json_array_size(d.seen) && !refused; i++)
                    if (matches(json_array_get(d.seen, i), "ack", 3))
                        refused = json_array_get(d.seen, i);
                struct pollfd q = {.fd = ls, .events = POLLIN};
                if (refused || poll(&q, 1, 0) == 1)
                    break;
                if (now() > end)
                    fail_msg("resume: neither an ack nor a connection");
                read_event(&d, now() + 0.05);
            }
            if (!v5 && how == 0 && unsupported(hello, "connect.resume_clean_change"))
                assert_non_null(refused); /* listed: refused at least on 3.1.1 */
            if (refused) {
                assert_true(json_is_false(json_object_get(refused, "ok")));
                assert_true(how == 0 && unsupported(hello, "connect.resume_clean_change"));
                assert_non_null(strstr(json_string_value(json_object_get(refused, "error")), "clean"));
                what = "resume with another clean flag refused (connect.resume_clean_change)";
            } else {
                c = fake_accept(ls);
                unsigned flags = read_connect(c, v5, "rd");
                assert_int_equal(flags & 0x02, how == 1 ? 0 : 0x02);
                fake_write(c, 0x20, (const unsigned char *)"\x00\x00\x00", v5 ? 3 : 2); /* SP 0 */
                expect_ack(&d, 3, true);
                bool resent = pkt_read_within(c, &p, 0.5), err = false;
                while (read_event(&d, now() + 0.05)) {
                }
                for (size_t i = 0; i < json_array_size(d.seen); i++)
                    err |= matches(json_array_get(d.seen, i), "error", 2);
                if (resent)
                    snprintf(buf, sizeof buf, "packet 0x%02x sent after the CONNACK (the old PUBLISH resent)", p.type);
                else
                    snprintf(buf, sizeof buf, "nothing resent (session state discarded%s)",
                             err ? "; `error` event for the publish" : "; no event for the publish");
                what = buf;
                close(c);
            }
            print_message("note: %s, %s, %s: %s\n", json_string_value(json_object_get(hello, "library")), ver,
                          how == 0   ? "clean=false, resume with clean=true"
                          : how == 1 ? "clean=false, resume clean=false, Session Present 0"
                                     : "clean=true, resume clean=true",
                          what);
            drv_send(&d, "{\"cmd\":\"quit\",\"id\":4}");
            expect_ack(&d, 4, true);
            drv_stop(&d);
            close(ls);
        }
}

/* What hello.unsupported lists is refused when asked for, never silently dropped.
 * Event fields are checked where the events are (fake_session); an entry this test
 * does not know fails it, so the list and the test stay in step. */
static void test_unsupported_refused(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        const char *cmd; /* %d = broker port; NULL: an event field */
    } known[] = {
        {"connect.client_id_empty", "{\"cmd\":\"connect\",\"id\":1,\"port\":%d,\"client_id\":\"\"}"},
        {"connect.keepalive_under_5", "{\"cmd\":\"connect\",\"id\":1,\"port\":%d,\"client_id\":\"k\",\"keepalive\":2}"},
        {"will.props", "{\"cmd\":\"connect\",\"id\":1,\"port\":%d,\"version\":\"5.0\",\"client_id\":\"u\","
                       "\"will\":{\"topic\":\"w\",\"props\":{\"content_type\":\"x\"}}}"},
        {"subscribe.mixed_options", "{\"cmd\":\"subscribe\",\"id\":1,\"subs\":[{\"filter\":\"a\",\"qos\":0},"
                                    "{\"filter\":\"b\",\"qos\":1}]}"},
        {"message.dup", NULL},
        {"message.mid", NULL},
        {"unsubscribed.reasons", NULL},
        {"published.reason", NULL},
        {"published.props", NULL},
        {"connection_lost.reason", NULL},
        {"connection_lost.props", NULL},
        {"connect.resume", NULL},              /* checked by resume_session */
        {"connect.resume_clean_change", NULL}, /* checked by test_resume_discard */
    };
    /* hello.features: names this test knows how to check (resume_session does). */
    static const char *const known_features[] = {"connect.resume"};
    drv d;
    drv_start(&d);
    json_t *hello = expect(&d, "hello", -1);
    assert_true(json_is_array(json_object_get(hello, "features")));
    {
        size_t fi;
        json_t *fv;
        json_array_foreach(json_object_get(hello, "features"), fi, fv) {
            size_t k = 0;
            while (k < sizeof known_features / sizeof known_features[0] &&
                   strcmp(known_features[k], json_string_value(fv)))
                k++;
            if (k == sizeof known_features / sizeof known_features[0])
                fail_msg("hello.features lists '%s', which this test does not know how to check",
                         json_string_value(fv));
            if (unsupported(hello, json_string_value(fv)))
                fail_msg("'%s' is in both hello.features and hello.unsupported", json_string_value(fv));
        }
    }
    drv_send(&d, "{\"cmd\":\"connect\",\"id\":100,\"port\":%d,\"version\":\"5.0\",\"client_id\":\"unsup\"}", broker_port);
    expect_ack(&d, 100, true);
    size_t i;
    json_t *v;
    long long id = 200;
    json_array_foreach(json_object_get(hello, "unsupported"), i, v) {
        const char *name = json_string_value(v);
        size_t k = 0;
        while (k < sizeof known / sizeof known[0] && strcmp(known[k].name, name))
            k++;
        if (k == sizeof known / sizeof known[0])
            fail_msg("hello.unsupported lists '%s', which this test does not know how to check", name);
        if (!known[k].cmd)
            continue;
        /* The command template uses id 1; give each its own id. */
        char line[1024], *p;
        snprintf(line, sizeof line, known[k].cmd, broker_port);
        p = strstr(line, "\"id\":1,");
        assert_non_null(p);
        char out[1100];
        snprintf(out, sizeof out, "%.*s\"id\":%lld,%s", (int)(p - line), line, ++id, p + 7);
        drv_send(&d, "%s", out);
        json_t *ack = expect_ack(&d, id, false);
        assert_non_null(json_string_value(json_object_get(ack, "error")));
        expect_no_event_yet(&d, "connected", id);
        if (strncmp(name, "connect.", 8) == 0 || strncmp(name, "will.", 5) == 0) {
            /* A refused connect leaves the driver unconnected: connect again. */
            drv_send(&d, "{\"cmd\":\"connect\",\"id\":%lld,\"port\":%d,\"version\":\"5.0\",\"client_id\":\"unsup\"}",
                     ++id, broker_port);
            expect_ack(&d, id, true);
        }
    }
    drv_send(&d, "{\"cmd\":\"quit\",\"id\":999}");
    expect_ack(&d, 999, true);
    drv_stop(&d);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s MOSQUITTO DRIVER [ARGS...]\n"
                        "       %s MOSQUITTO --skip REASON   (exit 77: ctest SKIP)\n", argv[0], argv[0]);
        return 2;
    }
    /* CMake registers a driver whose library is missing this way, so ctest reports
     * it as skipped with the reason instead of silently leaving it out. */
    if (strcmp(argv[2], "--skip") == 0) {
        printf("SKIP: %s\n", argc > 3 ? argv[3] : "no reason given");
        return 77;
    }
    mosquitto_bin = argv[1];
    driver_argv = argv + 2;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roundtrip_311),
        cmocka_unit_test(test_roundtrip_50),
        cmocka_unit_test(test_empty_client_id),
        cmocka_unit_test(test_connect_refused),
        cmocka_unit_test(test_stdin_closed),
        cmocka_unit_test(test_connection_lost),
        cmocka_unit_test(test_connack_never_comes),
        cmocka_unit_test(test_connack_refused),
        cmocka_unit_test(test_server_disconnect),
        cmocka_unit_test(test_fake_session_311),
        cmocka_unit_test(test_fake_session_50),
        cmocka_unit_test(test_command_timeouts),
        cmocka_unit_test(test_drop_mid_command),
        cmocka_unit_test(test_eof_mid_command),
        cmocka_unit_test(test_garbage_from_server),
        cmocka_unit_test(test_keepalive),
        cmocka_unit_test(test_subscription_ids),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_unsupported_refused),
        cmocka_unit_test(test_resume_311),
        cmocka_unit_test(test_resume_50),
        cmocka_unit_test(test_resume_discard),
    };
    /* MQC_TEST_FILTER=test_keepalive (a glob) runs only matching tests, by hand. */
    if (getenv("MQC_TEST_FILTER"))
        cmocka_set_test_filter(getenv("MQC_TEST_FILTER"));
    return cmocka_run_group_tests(tests, start_broker, stop_broker);
}
