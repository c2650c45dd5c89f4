/* The command loop: reads JSON lines from stdin, runs them one at a time, answers
 * each with an ack. Never blocks without a deadline except on stdin itself, and
 * stdin EOF ends the driver. */
#include "driver.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define LINE_MAX_BYTES (1u << 20) /* PROTOCOL.md: at most 1 MiB a line */

typedef struct line_buf {
    char *buf;
    size_t len, cap;
    bool discarding; /* inside an over-long line: drop bytes up to its newline */
    bool eof;
} line_buf;

/* Reads what stdin has; returns false on EOF or a read error. */
static bool fill(line_buf *lb)
{
    if (lb->cap - lb->len < 65536) {
        size_t ncap = lb->cap ? lb->cap * 2 : 131072;
        char *nb = realloc(lb->buf, ncap);
        if (!nb) {
            drv_log("out of memory");
            exit(1);
        }
        lb->buf = nb;
        lb->cap = ncap;
    }
    ssize_t n;
    do {
        n = read(STDIN_FILENO, lb->buf + lb->len, lb->cap - lb->len);
    } while (n < 0 && errno == EINTR);
    if (n <= 0) {
        lb->eof = true;
        return false;
    }
    lb->len += (size_t)n;
    return true;
}

/* Takes the next complete line (NUL-terminated, in *line, malloc'ed). At EOF a
 * last line without newline still counts. */
static bool next_line(line_buf *lb, char **line)
{
    if (!lb->buf)
        return false;
    for (;;) {
        char *nl = memchr(lb->buf, '\n', lb->len);
        if (!nl) {
            if (lb->len > LINE_MAX_BYTES) {
                if (!lb->discarding)
                    drv_emit_error(0, false, "command line longer than %u bytes: ignored", LINE_MAX_BYTES);
                lb->discarding = true;
                lb->len = 0;
            }
            if (lb->eof && lb->len && !lb->discarding) {
                *line = strndup(lb->buf, lb->len);
                lb->len = 0;
                return *line != NULL;
            }
            return false;
        }
        size_t n = (size_t)(nl - lb->buf);
        bool drop = lb->discarding;
        lb->discarding = false;
        char *l = drop ? NULL : strndup(lb->buf, n);
        memmove(lb->buf, nl + 1, lb->len - n - 1);
        lb->len -= n + 1;
        if (!drop) {
            *line = l;
            return l != NULL;
        }
    }
}

static void send_ack(long long id, drv_ack *ack)
{
    json_t *ev = drv_event("ack");
    json_object_set_new(ev, "id", json_integer(id));
    json_object_set_new(ev, "ok", json_boolean(ack->ok));
    if (!ack->ok)
        json_object_set_new(ev, "error", json_string(ack->error[0] ? ack->error : "failed"));
    if (ack->extra)
        json_object_update(ev, ack->extra);
    drv_emit(ev);
}

/* Returns false when the driver must stop (quit). */
static bool run_line(const drv_driver *d, const char *line)
{
    const char *p = line;
    while (*p == ' ' || *p == '\t' || *p == '\r')
        p++;
    if (!*p)
        return true; /* blank lines are harmless */
    json_error_t jerr;
    /* JSON_ALLOW_NUL: a string with U+0000 must reach drv_get_str, which refuses it in the
       command's own ack ("contains NUL"), instead of failing the whole line without an id. */
    json_t *c = json_loads(line, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &jerr);
    if (!json_is_object(c)) {
        drv_emit_error(0, false, "not a JSON object: %s", c ? "other JSON value" : jerr.text);
        json_decref(c);
        return true;
    }
    json_t *jid = json_object_get(c, "id");
    json_t *jcmd = json_object_get(c, "cmd");
    if (!json_is_integer(jid)) {
        drv_emit_error(0, false, "command without an integer 'id'");
        json_decref(c);
        return true;
    }
    long long id = json_integer_value(jid);
    drv_ack ack = {.ok = false, .extra = json_object()};
    bool go_on = true;
    if (!json_is_string(jcmd)) {
        snprintf(ack.error, sizeof ack.error, "missing 'cmd'");
        drv_emit_error(id, true, "%s", ack.error);
    } else {
        const char *cmd = json_string_value(jcmd);
        drv_err e = {{0}};
        if (strlen(cmd) != json_string_length(jcmd)) {
            /* "quit\u0000x" is no command, not a quit cut short at the NUL */
            snprintf(ack.error, sizeof ack.error, "unknown command (it contains NUL)");
        } else if (strcmp(cmd, "quit") == 0) {
            ack.ok = true;
            go_on = false;
        } else if (strcmp(cmd, "wait") == 0) {
            double s;
            if (drv_get_seconds(c, "seconds", 0, &s, &e)) {
                drv_wait_until(drv_now() + s);
                ack.ok = true;
            } else {
                snprintf(ack.error, sizeof ack.error, "%s", e.msg);
            }
        } else if (strcmp(cmd, "connect") == 0) {
            d->connect(id, c, &ack);
        } else if (strcmp(cmd, "subscribe") == 0 || strcmp(cmd, "unsubscribe") == 0) {
            d->sub(id, c, &ack, cmd[0] == 's');
        } else if (strcmp(cmd, "publish") == 0) {
            d->publish(id, c, &ack);
        } else if (strcmp(cmd, "disconnect") == 0) {
            d->disconnect(id, c, &ack);
        } else {
            snprintf(ack.error, sizeof ack.error, "unknown command '%s'", cmd);
        }
    }
    send_ack(id, &ack);
    json_decref(ack.extra);
    json_decref(c);
    return go_on;
}

static void hello(const drv_driver *d)
{
    json_t *ev = drv_event("hello");
    json_object_set_new(ev, "driver", json_string(d->name));
    json_object_set_new(ev, "library", json_string(d->library));
    json_object_set_new(ev, "versions", json_pack("[s,s]", "3.1.1", "5.0"));
    json_t *u = json_array();
    for (const char *const *s = d->unsupported; s && *s; s++)
        json_array_append_new(u, json_string(*s));
    json_object_set_new(ev, "unsupported", u);
    json_t *f = json_array();
    for (const char *const *s = d->features; s && *s; s++)
        json_array_append_new(f, json_string(*s));
    json_object_set_new(ev, "features", f);
    drv_emit(ev);
}

const drv_driver *drv_active;

int drv_main(const drv_driver *d, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            printf("usage: %s  (commands as JSON lines on stdin, events on stdout; see PROTOCOL.md)\n",
                   argv[0]);
            return 0;
        }
        fprintf(stderr, "%s: unknown argument '%s' (the driver takes none; see PROTOCOL.md)\n",
                argv[0], argv[i]);
        return 2;
    }
    /* A runner that goes away must not kill us mid-write; the write fails instead,
     * and stdin EOF then ends the loop. */
    signal(SIGPIPE, SIG_IGN);
    drv_active = d;
    hello(d);

    line_buf lb = {0};
    bool running = true;
    while (running) {
        char *line;
        while (running && next_line(&lb, &line)) {
            running = run_line(d, line);
            free(line);
        }
        if (!running || lb.eof)
            break;
        struct pollfd p[2] = {{.fd = STDIN_FILENO, .events = POLLIN}, {.fd = -1}};
        int fd = d->sock ? d->sock() : -1;
        if (fd >= 0) {
            p[1].fd = fd;
            p[1].events = POLLIN | (d->want_write() ? POLLOUT : 0);
        }
        /* Single-threaded libraries need regular turns for keepalive. */
        int n = poll(p, 2, d->sock ? 250 : -1);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            drv_log("poll: %s", strerror(errno));
            break;
        }
        if (d->service)
            d->service(fd >= 0 ? p[1].revents : 0);
        if (p[0].revents & (POLLIN | POLLHUP | POLLERR))
            fill(&lb); /* EOF sets lb.eof; the lines before it still run */
    }
    free(lb.buf);
    if (d->shutdown)
        d->shutdown();
    drv_ops_clear();
    return 0;
}
