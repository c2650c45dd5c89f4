/* The client under test as a process: a driver (conformance/drivers/
 * PROTOCOL.md) started through /bin/sh in its own process group, commands
 * written to its stdin and events read from its stdout as JSON lines, its
 * stderr kept in a file for the evidence. Every wait has a deadline, and
 * the group is killed at the end whatever state the library is in. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "peers.h"

#define LINE_MAX_BYTES (1u << 20) /* the protocol's limit on one line */
#define WIRE_LINE_MAX 4000        /* longer lines are cut in the wire log summary */

static void set_nonblock(int fd)
{
    int fl = fcntl(fd, F_GETFL);
    fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

mqc_driver *mqc_driver_start(const char *cmd, const char *stderr_path, char *err, size_t errlen)
{
    int in[2] = {-1, -1}, out[2] = {-1, -1};
    int errfd = open(stderr_path ? stderr_path : "/dev/null",
                     O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (errfd < 0) {
        snprintf(err, errlen, "cannot write the driver's stderr to %s: %s", stderr_path,
                 strerror(errno));
        return NULL;
    }
    mqc_driver *d = calloc(1, sizeof *d);
    if (!d || pipe(in) || pipe(out)) {
        snprintf(err, errlen, "cannot start the driver: %s", d ? strerror(errno) : "out of memory");
        goto fail;
    }
    for (int i = 0; i < 2; i++) { /* no other process may inherit them */
        fcntl(in[i], F_SETFD, FD_CLOEXEC);
        fcntl(out[i], F_SETFD, FD_CLOEXEC);
    }
    d->stderr_path = strdup(stderr_path ? stderr_path : "/dev/null");
    d->events = json_array();
    d->acks = json_array();
    d->next_id = 1;
    fflush(NULL);
    pid_t parent = getpid();
    d->pid = fork();
    if (d->pid < 0) {
        snprintf(err, errlen, "cannot start the driver: fork: %s", strerror(errno));
        goto fail;
    }
    if (d->pid == 0) {
        setpgid(0, 0);
        /* a case process killed by the runner's hard deadline takes its driver along */
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent)
            _exit(127);
        signal(SIGPIPE, SIG_DFL); /* the case ignores it; the library should not inherit that */
        dup2(in[0], 0);
        dup2(out[1], 1);
        dup2(errfd, 2);
        execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
        _exit(127);
    }
    setpgid(d->pid, d->pid); /* also from here, so the group exists before any kill */
    close(in[0]);
    close(out[1]);
    close(errfd);
    d->in_fd = in[1];
    d->out_fd = out[0];
    set_nonblock(d->in_fd);
    set_nonblock(d->out_fd);
    return d;
fail:
    for (int i = 0; i < 2; i++) {
        if (in[i] >= 0)
            close(in[i]);
        if (out[i] >= 0)
            close(out[i]);
    }
    close(errfd);
    if (d) {
        free(d->stderr_path);
        json_decref(d->events);
        json_decref(d->acks);
        free(d);
    }
    return NULL;
}

/* A driver line in the wire log: the JSON as the summary, so the report shows
 * exactly what was said. */
static void log_line(mqc_driver *d, const char *dir, const char *line, size_t n)
{
    if (!d->cs)
        return;
    char sum[WIRE_LINE_MAX + 64];
    if (n > WIRE_LINE_MAX)
        snprintf(sum, sizeof sum, "%.*s ... (%zu bytes)", WIRE_LINE_MAX, line, n);
    else
        snprintf(sum, sizeof sum, "%.*s", (int)n, line);
    mqc_wire(d->cs, "driver", dir, "driver", sum, NULL, 0, NULL, NULL);
}

/* One whole line from the driver: acks and events go to their queues; a line
 * that is not a JSON object with "event" is kept as {"event":"invalid"} so a
 * confused driver shows up in expectations and evidence alike. */
static void take_line(mqc_driver *d, const char *line, size_t n)
{
    while (n && (line[n - 1] == '\r' || line[n - 1] == ' '))
        n--;
    if (!n)
        return;
    log_line(d, "in", line, n);
    json_error_t je;
    json_t *o = json_loadb(line, n, JSON_REJECT_DUPLICATES, &je);
    if (!json_is_object(o) || !json_is_string(json_object_get(o, "event"))) {
        json_decref(o);
        o = json_pack("{s:s,s:s%}", "event", "invalid", "line", line, n);
        if (!o) /* not UTF-8: keep its length at least */
            o = json_pack("{s:s,s:I}", "event", "invalid", "bytes", (json_int_t)n);
    }
    const char *ev = json_string_value(json_object_get(o, "event"));
    if (!d->hello && !strcmp(ev, "hello"))
        d->hello = json_incref(o);
    if (!strcmp(ev, "ack"))
        json_array_append_new(d->acks, o);
    else
        json_array_append_new(d->events, o);
}

static void split_lines(mqc_driver *d)
{
    size_t start = 0;
    for (size_t i = 0; i < d->len; i++)
        if (d->buf[i] == '\n') {
            take_line(d, d->buf + start, i - start);
            start = i + 1;
        }
    if (start) {
        memmove(d->buf, d->buf + start, d->len - start);
        d->len -= start;
    }
    if (d->len > LINE_MAX_BYTES) { /* a line without end: judge what came */
        take_line(d, d->buf, d->len);
        d->len = 0;
    }
}

int mqc_driver_pump(mqc_driver *d, double deadline)
{
    if (d->out_fd < 0)
        return -1;
    for (;;) {
        double left = deadline - mqc_now();
        struct pollfd p = {d->out_fd, POLLIN, 0};
        int r = poll(&p, 1, left > 0 ? (int)(left * 1000.0) + 1 : 0);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return r < 0 ? -1 : 0;
        break;
    }
    int got = 0;
    for (int rounds = 0; rounds < 64; rounds++) { /* bounded: a flooding driver still yields */
        if (d->cap - d->len < 4096) {
            size_t nc = d->cap ? d->cap * 2 : 16384;
            char *nb = realloc(d->buf, nc);
            if (!nb)
                return -1;
            d->buf = nb;
            d->cap = nc;
        }
        ssize_t n = read(d->out_fd, d->buf + d->len, d->cap - d->len);
        if (n > 0) {
            d->len += (size_t)n;
            got = 1;
            split_lines(d);
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return 1;
        /* end of its stdout: it exited (or closed it, which the protocol does not allow) */
        if (d->len) {
            take_line(d, d->buf, d->len);
            d->len = 0;
        }
        close(d->out_fd);
        d->out_fd = -1;
        d->eof = true;
        if (!d->quit_sent)
            d->exited_before_quit = true;
        if (d->cs)
            mqc_note(d->cs, "driver", "the driver closed its stdout%s",
                     d->quit_sent ? " after quit" : " (exited?)");
        return got ? 1 : -1;
    }
    return 1;
}

int mqc_driver_hello(mqc_driver *d, double deadline, char *why, size_t whylen)
{
    for (;;) {
        if (json_array_size(d->events)) {
            json_t *e = json_array_get(d->events, 0);
            if (d->hello == e) {
                json_array_remove(d->events, 0);
                if (!json_is_array(json_object_get(d->hello, "versions"))) {
                    snprintf(why, whylen, "the driver's hello has no \"versions\" list");
                    return -1;
                }
                return 0;
            }
            char *txt = json_dumps(e, JSON_COMPACT);
            snprintf(why, whylen, "the driver's first line is not a hello event: %.300s",
                     txt ? txt : "?");
            free(txt);
            return -1;
        }
        if (json_array_size(d->acks)) {
            snprintf(why, whylen, "the driver sent an ack before its hello");
            return -1;
        }
        int r = mqc_driver_pump(d, deadline);
        if (r == 0) {
            double now = mqc_now();
            if (now >= deadline) {
                snprintf(why, whylen, "the driver did not say hello in time%s",
                         d->len ? " (it wrote a partial line)" : "");
                return -1;
            }
        }
        if (r < 0 && !json_array_size(d->events)) {
            mqc_driver_reap(d, mqc_now() + 2.0);
            char t[200];
            mqc_driver_end_text(d, t, sizeof t);
            snprintf(why, whylen, "the driver ended before its hello (%s)", t);
            return -1;
        }
    }
}

int mqc_driver_send(mqc_driver *d, json_t *cmd, double deadline)
{
    char *txt = json_dumps(cmd, JSON_COMPACT);
    if (!txt)
        return -1;
    const char *name = json_string_value(json_object_get(cmd, "cmd"));
    if (name && !strcmp(name, "quit"))
        d->quit_sent = true;
    log_line(d, "out", txt, strlen(txt));
    size_t n = strlen(txt);
    txt[n] = '\n'; /* replaces the terminator: the line is written with its end */
    size_t off = 0;
    int rc = 0;
    while (off < n + 1) {
        if (d->in_fd < 0) {
            rc = -1;
            break;
        }
        ssize_t w = write(d->in_fd, txt + off, n + 1 - off);
        if (w > 0) {
            off += (size_t)w;
            continue;
        }
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            /* the driver is not reading; keep reading its output meanwhile so
             * neither side blocks on a full pipe */
            double left = deadline - mqc_now();
            if (left <= 0) {
                rc = -2;
                break;
            }
            struct pollfd p[2] = {{d->in_fd, POLLOUT, 0}, {d->out_fd, POLLIN, 0}};
            int pr = poll(p, d->out_fd >= 0 ? 2 : 1, (int)(left * 1000.0) + 1);
            if (pr > 0 && d->out_fd >= 0 && (p[1].revents & (POLLIN | POLLHUP)))
                mqc_driver_pump(d, mqc_now());
            continue;
        }
        close(d->in_fd); /* EPIPE: nobody reads its stdin any more */
        d->in_fd = -1;
        rc = -1;
    }
    free(txt);
    if (rc == -2 && d->cs)
        mqc_note(d->cs, "driver", "the driver did not read its commands (stdin full)");
    return rc;
}

bool mqc_driver_reap(mqc_driver *d, double until)
{
    while (!d->exited) {
        int st;
        pid_t r = waitpid(d->pid, &st, WNOHANG);
        if (r == d->pid) {
            d->exited = true;
            d->status = st;
            if (!d->quit_sent)
                d->exited_before_quit = true;
            break;
        }
        if (r < 0 && errno != EINTR)
            break;
        if (mqc_now() >= until)
            break;
        poll(NULL, 0, 5);
    }
    return d->exited;
}

static const char *sig_name(int s)
{
    static const struct { int n; const char *name; } t[] = {
        {SIGSEGV, "SIGSEGV"}, {SIGABRT, "SIGABRT"}, {SIGBUS, "SIGBUS"}, {SIGFPE, "SIGFPE"},
        {SIGILL, "SIGILL"},   {SIGKILL, "SIGKILL"}, {SIGTERM, "SIGTERM"}, {SIGPIPE, "SIGPIPE"},
        {SIGINT, "SIGINT"},   {SIGHUP, "SIGHUP"},   {SIGTRAP, "SIGTRAP"}, {SIGSYS, "SIGSYS"},
        {SIGQUIT, "SIGQUIT"}, {SIGALRM, "SIGALRM"}, {SIGUSR1, "SIGUSR1"}, {SIGUSR2, "SIGUSR2"}};
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (t[i].n == s)
            return t[i].name;
    return NULL;
}

/* The signal that ended the driver: its own, or the one /bin/sh reports as
 * 128 + N when the command ran in a child of the shell. 0: none. */
static int end_signal(const mqc_driver *d, bool *via_shell)
{
    *via_shell = false;
    if (!d->exited)
        return 0;
    if (WIFSIGNALED(d->status))
        return WTERMSIG(d->status);
    int code = WIFEXITED(d->status) ? WEXITSTATUS(d->status) : 0;
    if (code > 128 && code < 128 + 32 && sig_name(code - 128)) {
        *via_shell = true;
        return code - 128;
    }
    return 0;
}

void mqc_driver_end_text(const mqc_driver *d, char *buf, size_t len)
{
    bool shell;
    int sig = end_signal(d, &shell);
    if (!d->exited)
        snprintf(buf, len, d->eof ? "client closed its output" : "client still running");
    else if (d->killed && sig == SIGKILL)
        snprintf(buf, len, "client killed by mqttcheck (it did not quit in time)");
    else if (sig) {
        const char *n = sig_name(sig);
        char num[16];
        snprintf(num, sizeof num, "signal %d", sig);
        snprintf(buf, len, "client crashed: %s%s", n ? n : num,
                 shell ? " (reported by the shell as its exit status)" : "");
    } else
        snprintf(buf, len, "client exited with status %d%s", WEXITSTATUS(d->status),
                 d->exited_before_quit ? "" : " after quit");
}

bool mqc_driver_failed(const mqc_driver *d)
{
    bool shell;
    if (!d->exited)
        return d->eof && d->exited_before_quit;
    int sig = end_signal(d, &shell);
    if (sig)
        return !(d->killed && sig == SIGKILL);
    /* the protocol: exit 0 after quit; any other end is the client's doing */
    return d->exited_before_quit || WEXITSTATUS(d->status) != 0;
}

void mqc_driver_stderr_tail(const mqc_driver *d, char *buf, size_t len)
{
    buf[0] = 0;
    int fd = open(d->stderr_path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || len < 2)
        goto out;
    off_t end = lseek(fd, 0, SEEK_END);
    off_t from = end > (off_t)(len - 1) ? end - (off_t)(len - 1) : 0;
    ssize_t n = pread(fd, buf, len - 1, from);
    buf[n > 0 ? n : 0] = 0;
    /* start at a whole line when the tail was cut */
    if (from > 0 && n > 0) {
        char *nl = strchr(buf, '\n');
        if (nl && nl[1])
            memmove(buf, nl + 1, strlen(nl + 1) + 1);
    }
    /* the detail is JSON text: keep it printable */
    for (char *p = buf; *p; p++)
        if ((unsigned char)*p < 0x20 && *p != '\n' && *p != '\t')
            *p = '?';
out:
    if (fd >= 0)
        close(fd);
}

void mqc_driver_stop(mqc_driver *d, double grace)
{
    if (!d)
        return;
    double until = mqc_now() + grace;
    if (!d->exited && !d->eof && d->in_fd >= 0) {
        json_t *q = json_pack("{s:s,s:I}", "cmd", "quit", "id", (json_int_t)d->next_id++);
        mqc_driver_send(d, q, until);
        json_decref(q);
    }
    d->quit_sent = true; /* from here an exit is expected */
    if (d->in_fd >= 0) { /* end of stdin also means quit (PROTOCOL.md) */
        close(d->in_fd);
        d->in_fd = -1;
    }
    /* read its last words (the quit ack) while it shuts down */
    while (!mqc_driver_reap(d, mqc_now()) && mqc_now() < until) {
        if (d->out_fd >= 0)
            mqc_driver_pump(d, mqc_now() + 0.05 < until ? mqc_now() + 0.05 : until);
        else
            poll(NULL, 0, 10);
    }
    if (!d->exited) {
        d->killed = true;
        if (d->cs)
            mqc_note(d->cs, "driver", "the driver did not exit within %.1fs of quit: killed", grace);
    }
    kill(-d->pid, SIGKILL); /* the group: helpers the driver left behind too */
    if (!d->exited)
        mqc_driver_reap(d, mqc_now() + 5.0);
    if (d->out_fd >= 0) {
        mqc_driver_pump(d, mqc_now());
        if (d->out_fd >= 0)
            close(d->out_fd);
        d->out_fd = -1;
    }
}

void mqc_driver_free(mqc_driver *d)
{
    if (!d)
        return;
    if (!d->exited) {
        kill(-d->pid, SIGKILL);
        mqc_driver_reap(d, mqc_now() + 5.0);
    }
    if (d->in_fd >= 0)
        close(d->in_fd);
    if (d->out_fd >= 0)
        close(d->out_fd);
    json_decref(d->hello);
    json_decref(d->events);
    json_decref(d->acks);
    free(d->stderr_path);
    free(d->buf);
    free(d);
}

void mqc_peers_free(mqc_case *cs)
{
    mqc_driver_free(cs->driver);
    cs->driver = NULL;
    if (cs->listen_fd >= 0)
        close(cs->listen_fd);
    cs->listen_fd = -1;
    for (size_t i = 0; i < cs->nconns; i++)
        mqc_conn_free(cs->conns[i]);
    cs->nconns = 0;
}
