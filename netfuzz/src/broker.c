/* The spawned broker: its process (own process group, killed by group), its
 * output (kept in a log and scanned for sanitizer reports), its exit status
 * and its /proc figures. */
#include "nf.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static uint16_t free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return 0;
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t l = sizeof a;
    uint16_t port = 0;
    if (bind(fd, (struct sockaddr *)&a, sizeof a) == 0 && getsockname(fd, (struct sockaddr *)&a, &l) == 0)
        port = ntohs(a.sin_port);
    close(fd);
    return port;
}

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static bool accepts(uint16_t port)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return false;
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bool ok = connect(fd, (struct sockaddr *)&a, sizeof a) == 0;
    close(fd);
    return ok;
}

/* cmd with every {port} replaced */
static char *expand(const char *cmd, uint16_t port)
{
    size_t cap = strlen(cmd) * 2 + 64, n = 0;
    char *out = malloc(cap);
    if (!out)
        return NULL;
    for (const char *p = cmd; *p;) {
        if (!strncmp(p, "{port}", 6)) {
            n += (size_t)snprintf(out + n, cap - n, "%u", port);
            p += 6;
        } else {
            out[n++] = *p++;
        }
        if (n + 8 >= cap) {
            cap *= 2;
            char *no = realloc(out, cap);
            if (!no) {
                free(out);
                return NULL;
            }
            out = no;
        }
    }
    out[n] = 0;
    return out;
}

bool nf_broker_start(nf_broker *b, const char *cmd, const char *log_path, int afl_shm_id, char *err,
                     size_t errlen)
{
    memset(b, 0, sizeof *b);
    b->cmd = cmd;
    b->out_fd = -1;
    b->afl_shm_id = afl_shm_id;
    snprintf(b->host, sizeof b->host, "127.0.0.1");
    b->port = free_port();
    if (!b->port) {
        snprintf(err, errlen, "no free loopback port");
        return false;
    }
    char *line = expand(cmd, b->port);
    if (!line) {
        snprintf(err, errlen, "out of memory");
        return false;
    }
    b->log = fopen(log_path, "a");
    int pfd[2];
    if (pipe(pfd) < 0) {
        snprintf(err, errlen, "pipe: %s", strerror(errno));
        free(line);
        return false;
    }
    /* exec straight into a simple command, so that the pid is the broker's
     * own (exit status, signal, /proc); anything with shell syntax runs
     * under sh and is watched as a process group */
    bool simple = !strpbrk(line, ";&|()<>`$\n");
    size_t fl = strlen(line) + 8;
    char *full = malloc(fl);
    if (!full) {
        free(line);
        close(pfd[0]);
        close(pfd[1]);
        snprintf(err, errlen, "out of memory");
        return false;
    }
    snprintf(full, fl, "%s%s", simple ? "exec " : "", line);
    pid_t pid = fork();
    if (pid < 0) {
        snprintf(err, errlen, "fork: %s", strerror(errno));
        free(line);
        free(full);
        return false;
    }
    if (pid == 0) {
        setpgid(0, 0);
        dup2(pfd[1], 1);
        dup2(pfd[1], 2);
        close(pfd[0]);
        close(pfd[1]);
        int dn = open("/dev/null", O_RDONLY);
        if (dn >= 0)
            dup2(dn, 0);
        if (afl_shm_id >= 0) {
            char s[32];
            snprintf(s, sizeof s, "%d", afl_shm_id);
            setenv("__AFL_SHM_ID", s, 1);
            setenv("AFL_MAP_SIZE", "65536", 1);
        }
        signal(SIGPIPE, SIG_DFL);
        signal(SIGINT, SIG_IGN); /* Ctrl-C is ours: we stop the broker ourselves */
        execl("/bin/sh", "sh", "-c", full, (char *)NULL);
        _exit(127);
    }
    setpgid(pid, pid);
    close(pfd[1]);
    b->pid = pid;
    b->out_fd = pfd[0];
    fcntl(b->out_fd, F_SETFL, O_NONBLOCK);
    fcntl(b->out_fd, F_SETFD, FD_CLOEXEC);
    if (b->log)
        fprintf(b->log, "---- netfuzz: started '%s' (pid %d)\n", line, (int)pid);
    free(full);
    for (int i = 0; i < 2000; i++) { /* up to 10 s */
        if (nf_broker_poll(b)) {
            char st[64];
            nf_status_str(b->status, st, sizeof st);
            snprintf(err, errlen, "'%s' ended (%s) before accepting connections on port %u (output in %s)",
                     line, st, b->port, log_path);
            free(line);
            b->pid = 0;
            return false;
        }
        if (accepts(b->port)) {
            free(line);
            return true;
        }
        sleep_ms(5);
    }
    snprintf(err, errlen, "'%s' did not accept connections on port %u within 10 s", line, b->port);
    free(line);
    nf_broker_stop(b);
    return false;
}

static void drain(nf_broker *b)
{
    if (b->out_fd < 0)
        return;
    char buf[8192];
    for (;;) {
        ssize_t n = read(b->out_fd, buf, sizeof buf);
        if (n <= 0)
            break;
        if (b->log)
            fwrite(buf, 1, (size_t)n, b->log);
        if (b->scan_len + (size_t)n + 1 > b->scan_cap) {
            size_t nc = b->scan_cap ? b->scan_cap : 65536;
            while (nc < b->scan_len + (size_t)n + 1)
                nc *= 2;
            if (nc > (64u << 20)) { /* keep the last part only */
                size_t keep = b->scan_len / 2;
                memmove(b->scan, b->scan + b->scan_len - keep, keep);
                b->scan_len = keep;
                nc = b->scan_cap;
            }
            if (nc != b->scan_cap) {
                char *ns = realloc(b->scan, nc);
                if (!ns)
                    continue;
                b->scan = ns;
                b->scan_cap = nc;
            }
        }
        memcpy(b->scan + b->scan_len, buf, (size_t)n);
        b->scan_len += (size_t)n;
        b->scan[b->scan_len] = 0;
    }
    if (b->log)
        fflush(b->log);
}

bool nf_broker_poll(nf_broker *b)
{
    drain(b);
    if (b->exited)
        return true;
    if (!b->pid)
        return false;
    int st;
    pid_t r = waitpid(b->pid, &st, WNOHANG);
    if (r == b->pid) {
        b->status = st;
        b->exited = true;
        kill(-b->pid, SIGKILL); /* whatever it left behind in its group */
        drain(b);
        return true;
    }
    return false;
}

bool nf_broker_wait_exit(nf_broker *b, int ms)
{
    for (int waited = 0;; waited += 5) {
        if (nf_broker_poll(b))
            return true;
        if (waited >= ms)
            return false;
        sleep_ms(5);
    }
}

void nf_broker_stop(nf_broker *b)
{
    if (b->pid && !b->exited) {
        kill(-b->pid, SIGKILL);
        kill(b->pid, SIGKILL);
        int st;
        waitpid(b->pid, &st, 0);
    }
    drain(b);
    if (b->out_fd >= 0)
        close(b->out_fd);
    if (b->log) {
        fprintf(b->log, "---- netfuzz: stopped\n");
        fclose(b->log);
    }
    free(b->scan);
    b->scan = NULL;
    b->scan_len = b->scan_cap = 0;
    b->out_fd = -1;
    b->log = NULL;
    b->pid = 0;
}

void nf_broker_clear_scan(nf_broker *b)
{
    drain(b);
    b->scan_len = 0;
}

static const char *const markers[] = {"ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "ERROR: ThreadSanitizer",
                                      "ERROR: MemorySanitizer", "runtime error:", "WARNING: AddressSanitizer"};

bool nf_broker_sanitizer(nf_broker *b, char **report, char *sig, size_t siglen)
{
    drain(b);
    if (!b->scan_len)
        return false;
    const char *first = NULL;
    size_t mi = 0;
    for (size_t i = 0; i < sizeof markers / sizeof markers[0]; i++) {
        const char *p = strstr(b->scan, markers[i]);
        if (p && (!first || p < first)) {
            first = p;
            mi = i;
        }
    }
    if (!first)
        return false;
    /* the report runs to its SUMMARY line: give the broker a moment to
     * finish printing (symbolizing takes time) */
    for (int i = 0; i < 400 && !strstr(first, "SUMMARY:"); i++) {
        sleep_ms(5);
        size_t at = (size_t)(first - b->scan);
        drain(b);
        first = b->scan + at;
        if (b->exited || nf_broker_poll(b)) {
            drain(b);
            first = b->scan + at;
            break;
        }
    }
    const char *start = first;
    while (start > b->scan && start[-1] != '\n')
        start--;
    /* take the "=====" banner line before it too */
    if (start > b->scan + 1) {
        const char *prev = start - 1;
        while (prev > b->scan && prev[-1] != '\n')
            prev--;
        if (!strncmp(prev, "====", 4))
            start = prev;
    }
    const char *end = strstr(first, "SUMMARY:");
    end = end ? strchr(end, '\n') : NULL;
    if (!end)
        end = b->scan + b->scan_len;
    size_t len = (size_t)(end - start);
    *report = malloc(len + 1);
    if (*report) {
        memcpy(*report, start, len);
        (*report)[len] = 0;
    }
    /* signature: kind + top frame of ours (not the sanitizer's interceptors) */
    char kind[64] = "report";
    if (mi == 4) {
        snprintf(kind, sizeof kind, "ubsan");
    } else {
        const char *k = strchr(first + 6, ':');
        if (k) {
            k++;
            while (*k == ' ')
                k++;
            size_t kl = strcspn(k, " \n");
            snprintf(kind, sizeof kind, "%.*s", (int)(kl < 60 ? kl : 60), k);
        }
    }
    char frame[96] = "?";
    if (mi == 4) {
        /* UBSan: "file.c:12:5: runtime error: ..." -> file:line */
        const char *ls = first;
        while (ls > b->scan && ls[-1] != '\n')
            ls--;
        size_t fl = (size_t)(first - ls);
        const char *c2 = memchr(ls, ':', fl);
        const char *c3 = c2 ? memchr(c2 + 1, ':', fl - (size_t)(c2 + 1 - ls)) : NULL;
        size_t take = c3 ? (size_t)(c3 - ls) : fl;
        const char *slash = ls;
        for (const char *q = ls; q < ls + take; q++)
            if (*q == '/')
                slash = q + 1;
        snprintf(frame, sizeof frame, "%.*s", (int)(ls + take - slash), slash);
    } else {
        for (const char *p = strstr(first, "    #"); p && p < end; p = strstr(p + 1, "    #")) {
            const char *in = strstr(p, " in ");
            const char *nl = strchr(p, '\n');
            if (!in || (nl && in > nl))
                continue;
            in += 4;
            size_t fl = strcspn(in, " \n");
            if (!strncmp(in, "__", 2) || !strncmp(in, "malloc", 6) || !strncmp(in, "free", 4) ||
                !strncmp(in, "calloc", 6) || !strncmp(in, "realloc", 7) || !strncmp(in, "mem", 3) ||
                !strncmp(in, "str", 3))
                continue;
            snprintf(frame, sizeof frame, "%.*s", (int)(fl < 90 ? fl : 90), in);
            break;
        }
    }
    snprintf(sig, siglen, "sanitizer:%s:%s", kind, frame);
    b->scan_len = 0;
    return true;
}

bool nf_broker_sample(nf_broker *b, nf_proc_sample *s)
{
    memset(s, 0, sizeof *s);
    if (!b->pid || b->exited)
        return false;
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", (int)b->pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return false;
    while (fgets(line, sizeof line, f)) {
        if (!strncmp(line, "VmRSS:", 6))
            s->rss_kb = strtol(line + 6, NULL, 10);
        else if (!strncmp(line, "Threads:", 8))
            s->threads = (int)strtol(line + 8, NULL, 10);
    }
    fclose(f);
    snprintf(path, sizeof path, "/proc/%d/fd", (int)b->pid);
    DIR *d = opendir(path);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)))
            if (e->d_name[0] != '.')
                s->fds++;
        closedir(d);
    }
    return true;
}

void nf_status_str(int status, char *out, size_t cap)
{
    if (WIFSIGNALED(status)) {
        int sg = WTERMSIG(status);
        const char *n = sg == SIGSEGV ? "SIGSEGV" : sg == SIGABRT ? "SIGABRT" : sg == SIGBUS ? "SIGBUS"
                      : sg == SIGFPE ? "SIGFPE" : sg == SIGILL ? "SIGILL" : sg == SIGKILL ? "SIGKILL"
                      : sg == SIGTERM ? "SIGTERM" : "signal";
        snprintf(out, cap, "signal %d (%s)", sg, n);
    } else if (WIFEXITED(status)) {
        snprintf(out, cap, "exit status %d", WEXITSTATUS(status));
    } else {
        snprintf(out, cap, "status 0x%x", status);
    }
}
