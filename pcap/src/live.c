/*
 * Live capture with libpcap in a child process: capturing must not stall the
 * runner, and a child can be stopped by pid with a deadline whatever state
 * libpcap is in. The child reports readiness (or the error text) through a
 * pipe once the capture handle is active and the filter installed.
 */
#define _DEFAULT_SOURCE /* libpcap's headers use u_char */
#include <errno.h>
#include <poll.h>
#include <pcap/pcap.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

#define START_DEADLINE_MS 10000
#define STOP_DEADLINE_MS 10000

struct mqpcap_live {
    pid_t pid;
    int status_fd; /* child -> parent: readiness, then the frame count */
};

static volatile sig_atomic_t g_stop;
static pcap_t *g_pc;

static void on_term(int sig)
{
    (void)sig;
    g_stop = 1;
    if (g_pc)
        pcap_breakloop(g_pc);
}

static void report(int fd, const char *msg)
{
    size_t n = strlen(msg);
    while (n) {
        ssize_t w = write(fd, msg, n);
        if (w <= 0)
            return;
        msg += w;
        n -= (size_t)w;
    }
}

static void child(const char *iface, const char *filter, const char *path, int fd)
{
    char eb[PCAP_ERRBUF_SIZE] = "", line[PCAP_ERRBUF_SIZE + 64];
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_term;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    pcap_t *pc = pcap_create(iface, eb);
    if (!pc) {
        snprintf(line, sizeof line, "E%s\n", eb);
        report(fd, line);
        _exit(1);
    }
    pcap_set_snaplen(pc, 65535);
    pcap_set_timeout(pc, 50); /* wake up regularly to see the stop flag */
    pcap_set_immediate_mode(pc, 1);
    int rc = pcap_activate(pc);
    if (rc < 0) {
        snprintf(line, sizeof line, "E%s: %s\n", iface, pcap_geterr(pc));
        report(fd, line);
        _exit(1);
    }
    if (filter && *filter) {
        struct bpf_program prog;
        if (pcap_compile(pc, &prog, filter, 1, PCAP_NETMASK_UNKNOWN) != 0 ||
            pcap_setfilter(pc, &prog) != 0) {
            snprintf(line, sizeof line, "Efilter '%s': %s\n", filter, pcap_geterr(pc));
            report(fd, line);
            _exit(1);
        }
        pcap_freecode(&prog);
    }
    pcap_dumper_t *d = pcap_dump_open(pc, path);
    if (!d) {
        snprintf(line, sizeof line, "E%s\n", pcap_geterr(pc));
        report(fd, line);
        _exit(1);
    }
    g_pc = pc;
    report(fd, "R\n");
    long frames = 0;
    while (!g_stop) {
        int n = pcap_dispatch(pc, -1, pcap_dump, (u_char *)d);
        if (n > 0)
            frames += n;
        else if (n == PCAP_ERROR)
            break;
    }
    /* Drain what the kernel already holds: traffic sent before the stop
     * request belongs to the capture. */
    if (pcap_setnonblock(pc, 1, eb) == 0) {
        int n;
        while ((n = pcap_dispatch(pc, -1, pcap_dump, (u_char *)d)) > 0)
            frames += n;
    }
    pcap_dump_close(d);
    pcap_close(pc);
    snprintf(line, sizeof line, "F%ld\n", frames);
    report(fd, line);
    _exit(0);
}

/* Reads one '\n'-terminated status line within ms milliseconds. */
static int read_line(int fd, char *buf, size_t len, int ms)
{
    size_t got = 0;
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    while (got + 1 < len) {
        struct timespec t;
        clock_gettime(CLOCK_MONOTONIC, &t);
        long spent = (t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000;
        if (spent >= ms)
            return -1;
        struct pollfd p = {fd, POLLIN, 0};
        int r = poll(&p, 1, (int)(ms - spent));
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return -1;
        ssize_t n = read(fd, buf + got, 1);
        if (n <= 0)
            return -1;
        if (buf[got] == '\n') {
            buf[got] = 0;
            return 0;
        }
        got++;
    }
    buf[got] = 0;
    return 0;
}

static void reap(pid_t pid, int ms)
{
    int st;
    for (int waited = 0; waited < ms; waited += 10) {
        if (waitpid(pid, &st, WNOHANG) == pid)
            return;
        struct timespec t = {0, 10000000};
        nanosleep(&t, NULL);
    }
    kill(pid, SIGKILL);
    waitpid(pid, &st, 0);
}

mqpcap_live *mqpcap_live_start(const char *iface, const char *bpf_filter, const char *path,
                               char *err, size_t errlen)
{
    if (!iface || !path) {
        mqp_errf(err, errlen, "live capture needs an interface and an output file");
        return NULL;
    }
    int p[2];
    if (pipe(p) != 0) {
        mqp_errf(err, errlen, "pipe: %s", strerror(errno));
        return NULL;
    }
    mqpcap_live *l = calloc(1, sizeof *l);
    if (!l) {
        close(p[0]);
        close(p[1]);
        mqp_errf(err, errlen, "out of memory");
        return NULL;
    }
    pid_t pid = fork();
    if (pid < 0) {
        mqp_errf(err, errlen, "fork: %s", strerror(errno));
        close(p[0]);
        close(p[1]);
        free(l);
        return NULL;
    }
    if (pid == 0) {
        close(p[0]);
        child(iface, bpf_filter, path, p[1]);
    }
    close(p[1]);
    l->pid = pid;
    l->status_fd = p[0];
    char line[PCAP_ERRBUF_SIZE + 64];
    if (read_line(p[0], line, sizeof line, START_DEADLINE_MS) != 0 || line[0] != 'R') {
        mqp_errf(err, errlen, "live capture on %s: %s", iface,
                 line[0] == 'E' ? line + 1 : "did not start in time");
        kill(pid, SIGTERM);
        reap(pid, STOP_DEADLINE_MS);
        close(p[0]);
        free(l);
        return NULL;
    }
    return l;
}

long mqpcap_live_stop(mqpcap_live *l)
{
    if (!l)
        return -1;
    kill(l->pid, SIGTERM);
    char line[128] = "";
    long frames = -1;
    if (read_line(l->status_fd, line, sizeof line, STOP_DEADLINE_MS) == 0 && line[0] == 'F')
        frames = strtol(line + 1, NULL, 10);
    reap(l->pid, STOP_DEADLINE_MS);
    close(l->status_fd);
    free(l);
    return frames;
}
