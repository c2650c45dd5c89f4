/* --spawn: mqttcheck starts the broker under test itself, so a CI job needs
 * no start script, a crash is noticed with the process's exit status, and
 * nothing is left running at the end. The command runs through /bin/sh in
 * its own process group (brokers fork helpers: epmd, JVM launchers), with
 * its output in OUT/broker.log. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "run.h"

/* The broker runs in a process group of its own, so a Ctrl-C or a kill of
 * mqttcheck does not reach it: these handlers stop it before mqttcheck dies
 * of the signal (kill() is async-signal-safe). */
static volatile sig_atomic_t broker_group;

static void on_fatal_signal(int sig)
{
    if (broker_group > 0)
        kill(-(pid_t)broker_group, SIGTERM);
    signal(sig, SIG_DFL);
    raise(sig);
}

/* Installs the handlers where the signal would kill mqttcheck outright (the
 * runner catches SIGINT/SIGTERM itself and stops the broker on its way out:
 * those are left alone), and restores them when the broker is gone. */
static void guard(pid_t pgid)
{
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
    static bool ours[3];
    broker_group = pgid;
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        struct sigaction cur, sa;
        memset(&sa, 0, sizeof sa);
        if (pgid > 0) {
            if (sigaction(sigs[i], NULL, &cur) == 0 && cur.sa_handler == SIG_DFL) {
                sa.sa_handler = on_fatal_signal;
                sigaction(sigs[i], &sa, NULL);
                ours[i] = true;
            }
        } else if (ours[i]) {
            sa.sa_handler = SIG_DFL;
            sigaction(sigs[i], &sa, NULL);
            ours[i] = false;
        }
    }
}

struct mqc_broker {
    pid_t pid;
    int status;
    bool exited;
};

/* Replaces every {port} in tmpl. */
static int expand(const char *tmpl, const char *port, char *out, size_t len)
{
    size_t o = 0;
    for (const char *p = tmpl; *p;) {
        if (!strncmp(p, "{port}", 6)) {
            size_t n = strlen(port);
            if (o + n >= len)
                return -1;
            memcpy(out + o, port, n);
            o += n;
            p += 6;
        } else {
            if (o + 1 >= len)
                return -1;
            out[o++] = *p++;
        }
    }
    out[o] = 0;
    return 0;
}

/* Is w a launcher whose next word is the program (exec, env, nice ...)? */
static bool launcher(const char *w)
{
    static const char *const l[] = {"exec", "env", "nice", "nohup", "stdbuf", "sudo", "setsid", NULL};
    for (int i = 0; l[i]; i++)
        if (!strcmp(w, l[i]))
            return true;
    return false;
}

/* Is w an interpreter whose first non-option argument is the program? */
static bool interpreter(const char *w)
{
    static const char *const l[] = {"sh", "bash", "dash", "python", "python3", "node", "perl",
                                    "ruby", "java", "erl", NULL};
    for (int i = 0; l[i]; i++)
        if (!strcmp(w, l[i]) || (!strncmp(w, l[i], strlen(l[i])) && w[strlen(l[i])] == '.'))
            return true;
    return !strncmp(w, "python3.", 8);
}

void mqc_spawn_name(const char *cmd, char *out, size_t len)
{
    char buf[1024];
    snprintf(buf, sizeof buf, "%s", cmd ? cmd : "");
    bool interp = false;
    snprintf(out, len, "local");
    for (char *save = NULL, *w = strtok_r(buf, " \t\n", &save); w; w = strtok_r(NULL, " \t\n", &save)) {
        /* quotes of sh -c 'prog ...' are not part of a name */
        while (*w == '\'' || *w == '"')
            w++;
        for (size_t wl = strlen(w); wl && (w[wl - 1] == '\'' || w[wl - 1] == '"'); wl--)
            w[wl - 1] = 0;
        if (!*w || w[0] == '-' || strchr(w, '=') || strchr(w, '{') || launcher(w))
            continue; /* options, VAR=value, {port}, exec/env ... */
        const char *base = strrchr(w, '/') ? strrchr(w, '/') + 1 : w;
        if (!*base)
            continue;
        snprintf(out, len, "%s", base);
        if (interp || !interpreter(base))
            return;
        interp = true; /* python3 x.py: the script names the broker, if there is one */
    }
}

bool mqc_broker_exited(mqc_broker *b, char *why, size_t len)
{
    if (!b)
        return false;
    if (!b->exited) {
        pid_t r = waitpid(b->pid, &b->status, WNOHANG);
        if (r == b->pid)
            b->exited = true;
    }
    if (b->exited && why) {
        if (WIFSIGNALED(b->status))
            snprintf(why, len, "the spawned broker was killed by signal %d (%s)", WTERMSIG(b->status),
                     strsignal(WTERMSIG(b->status)));
        else
            snprintf(why, len, "the spawned broker exited with status %d", WEXITSTATUS(b->status));
    }
    return b->exited;
}

bool mqc_broker_exited_within(mqc_broker *b, double secs, char *why, size_t len)
{
    double deadline = mqc_now() + secs;
    while (b && !mqc_broker_exited(b, NULL, 0) && mqc_now() < deadline) {
        struct timespec ts = {0, 10 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    return mqc_broker_exited(b, why, len);
}
pid_t mqc_broker_pid(const mqc_broker *b) { return b ? b->pid : 0; }

mqc_broker *mqc_broker_start(const char *tmpl, const char *port, const char *logpath, const mqc_target *t,
                             double scale, char *err, size_t errlen)
{
    char cmd[4096];
    if (expand(tmpl, port, cmd, sizeof cmd)) {
        snprintf(err, errlen, "--spawn: command too long");
        return NULL;
    }
    int logfd = open(logpath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (logfd < 0) {
        snprintf(err, errlen, "--spawn: cannot write %s: %s", logpath, strerror(errno));
        return NULL;
    }
    mqc_broker *b = calloc(1, sizeof *b);
    if (!b) {
        close(logfd);
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    fflush(NULL);
    b->pid = fork();
    if (b->pid < 0) {
        snprintf(err, errlen, "--spawn: fork failed: %s", strerror(errno));
        close(logfd);
        free(b);
        return NULL;
    }
    if (b->pid == 0) {
        setpgid(0, 0);
        int devnull = open("/dev/null", O_RDONLY);
        if (devnull >= 0)
            dup2(devnull, 0);
        dup2(logfd, 1);
        dup2(logfd, 2);
        execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
        _exit(127);
    }
    setpgid(b->pid, b->pid); /* also from here, so the group exists before any kill */
    guard(b->pid);
    close(logfd);
    fprintf(stderr, "mqttcheck run: spawned '%s' (pid %ld), log %s\n", cmd, (long)b->pid, logpath);
    /* Ready when a CONNECT gets a CONNACK; brokers on a JVM or the BEAM take
     * seconds, so the deadline is generous and scaled. */
    double deadline = mqc_now() + 60.0 * scale;
    while (mqc_now() < deadline) {
        char why[200];
        if (mqc_broker_exited(b, why, sizeof why)) {
            snprintf(err, errlen, "--spawn: %s before answering MQTT; see %s", why, logpath);
            guard(0);
            free(b);
            return NULL;
        }
        if (mqc_alive(t, scale))
            return b;
        struct timespec ts = {0, 100 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    snprintf(err, errlen, "--spawn: the broker did not answer MQTT on port %s within %.0f s; see %s", port,
             60.0 * scale, logpath);
    mqc_broker_stop(b);
    return NULL;
}

void mqc_broker_stop(mqc_broker *b)
{
    if (!b)
        return;
    if (!mqc_broker_exited(b, NULL, 0)) {
        kill(-b->pid, SIGTERM);
        double deadline = mqc_now() + 10.0;
        while (!mqc_broker_exited(b, NULL, 0) && mqc_now() < deadline) {
            struct timespec ts = {0, 50 * 1000 * 1000};
            nanosleep(&ts, NULL);
        }
        if (!b->exited) {
            kill(-b->pid, SIGKILL);
            waitpid(b->pid, &b->status, 0);
        }
    }
    kill(-b->pid, SIGKILL); /* helpers the broker left in its group */
    guard(0);
    free(b);
}
