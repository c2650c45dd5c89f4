#define _XOPEN_SOURCE 700 /* nftw */
#include "util.h"

#include <ftw.h>

#include <errno.h>
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

int fake_start(const char *mode, fake_broker *b) { return fake_start_af(mode, 0, b); }

int fake_start_af(const char *mode, int v6, fake_broker *b)
{
    int out[2], in[2];
    memset(b, 0, sizeof *b);
    if (pipe(out) || pipe(in))
        return -1;
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        dup2(out[1], 1);
        dup2(in[0], 0);
        close(out[0]);
        close(out[1]);
        close(in[0]);
        close(in[1]);
        execl(FAKEBROKER, FAKEBROKER, mode, v6 ? "6" : "4", (char *)NULL);
        _exit(127);
    }
    close(out[1]);
    close(in[0]);
    b->pid = pid;
    b->stdin_fd = in[1];
    char line[32] = "";
    size_t n = 0;
    struct pollfd p = {out[0], POLLIN, 0};
    while (n < sizeof line - 1 && !strchr(line, '\n')) {
        if (poll(&p, 1, 10000) <= 0)
            break;
        ssize_t r = read(out[0], line + n, sizeof line - 1 - n);
        if (r <= 0)
            break;
        n += (size_t)r;
        line[n] = 0;
    }
    close(out[0]);
    b->port = atoi(line);
    if (b->port <= 0) {
        fake_stop(b);
        return -1;
    }
    return 0;
}

void fake_stop(fake_broker *b)
{
    if (b->pid <= 0)
        return;
    kill(b->pid, SIGTERM);
    close(b->stdin_fd);
    int st;
    for (int i = 0; i < 500; i++) { /* 5 s, then no more politeness */
        if (waitpid(b->pid, &st, WNOHANG) == b->pid) {
            b->pid = 0;
            return;
        }
        struct timespec ts = {0, 10000000};
        nanosleep(&ts, NULL);
    }
    kill(b->pid, SIGKILL);
    waitpid(b->pid, &st, 0);
    b->pid = 0;
}

char *temp_dir(void)
{
    char *t = strdup("/tmp/mqc-conf-test.XXXXXX");
    if (!t || !mkdtemp(t)) {
        free(t);
        return NULL;
    }
    return t;
}

json_t *load_results(const char *dir)
{
    char p[4096];
    snprintf(p, sizeof p, "%s/results.json", dir);
    json_error_t e;
    return json_load_file(p, 0, &e);
}

json_t *find_case(json_t *results, const char *id, const char *version)
{
    json_t *runs = json_object_get(results, "runs");
    size_t i, j;
    json_t *run, *c;
    json_array_foreach(runs, i, run) {
        json_array_foreach(json_object_get(run, "cases"), j, c) {
            if (!strcmp(json_string_value(json_object_get(c, "id")), id) &&
                !strcmp(json_string_value(json_object_get(c, "version")), version))
                return c;
        }
    }
    return NULL;
}

int dead_port(void)
{
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t l = sizeof a;
    if (bind(s, (struct sockaddr *)&a, sizeof a) || getsockname(s, (struct sockaddr *)&a, &l)) {
        close(s);
        return -1;
    }
    close(s);
    return ntohs(a.sin_port);
}

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *f)
{
    (void)st;
    (void)flag;
    (void)f;
    return remove(p);
}

void remove_tree(char *dir)
{
    if (dir)
        nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
    free(dir);
}
