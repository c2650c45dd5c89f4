#define _DEFAULT_SOURCE
#include "broker.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void nap_ms(long ms)
{
    struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&t, NULL);
}

uint16_t free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t l = sizeof a;
    if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) != 0 ||
        getsockname(fd, (struct sockaddr *)&a, &l) != 0) {
        if (fd >= 0)
            close(fd);
        return 0;
    }
    close(fd);
    return ntohs(a.sin_port);
}

int have_program(const char *prog)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "command -v %s >/dev/null 2>&1", prog);
    return system(cmd) == 0;
}

static int can_connect(uint16_t port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(port);
    int ok = fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof a) == 0;
    if (fd >= 0)
        close(fd);
    return ok;
}

int broker_start(test_broker *b)
{
    memset(b, 0, sizeof b[0]);
    if (!have_program("mosquitto"))
        return -1;
    const char *t = getenv("TMPDIR");
    snprintf(b->dir, sizeof b->dir, "%s/mqpcap-broker-XXXXXX", t && *t ? t : "/tmp");
    if (!mkdtemp(b->dir))
        return -1;
    b->port = free_port();
    char conf[512];
    snprintf(conf, sizeof conf, "%s/mosquitto.conf", b->dir);
    FILE *f = fopen(conf, "w");
    if (!f)
        return -1;
    fprintf(f, "listener %u 127.0.0.1\nallow_anonymous true\npersistence false\n", b->port);
    if (geteuid() == 0)
        fprintf(f, "user root\n");
    fprintf(f, "log_dest file %s/log\n", b->dir);
    fclose(f);
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        int dn = open("/dev/null", O_RDWR);
        if (dn >= 0) {
            dup2(dn, 0);
            dup2(dn, 1);
            dup2(dn, 2);
        }
        execlp("mosquitto", "mosquitto", "-c", conf, (char *)NULL);
        _exit(127);
    }
    b->pid = pid;
    /* Ready when it accepts a connection; deadline 10 s. */
    for (int i = 0; i < 1000; i++) {
        if (can_connect(b->port))
            return 0;
        int st;
        if (waitpid(pid, &st, WNOHANG) == pid) {
            b->pid = 0;
            return -1;
        }
        nap_ms(10);
    }
    broker_stop(b);
    return -1;
}

void broker_stop(test_broker *b)
{
    if (b->pid > 0) {
        kill(b->pid, SIGTERM);
        int st;
        int i = 0;
        for (; i < 500 && waitpid(b->pid, &st, WNOHANG) != b->pid; i++)
            nap_ms(10);
        if (i == 500) {
            kill(b->pid, SIGKILL);
            waitpid(b->pid, &st, 0);
        }
        b->pid = 0;
    }
    if (b->dir[0]) {
        char cmd[600];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", b->dir);
        if (system(cmd) != 0)
            fprintf(stderr, "could not remove %s\n", b->dir);
        b->dir[0] = 0;
    }
}
