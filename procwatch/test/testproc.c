/* A scripted test broker for procwatch's tests. It speaks just enough MQTT
 * framing to be driven by real packets, serves one connection at a time (so a
 * reply on the next connection proves the previous one was fully handled: no
 * timing in the tests), and misbehaves on request:
 *
 *   healthy    frees what it allocates, closes every connection
 *   leak-mem   leaks 1 MiB per repeated QoS 2 packet id (CVE-2023-28366 style)
 *   cache      keeps 24 MiB once, at the first repeated id, then nothing more
 *   leak-fd    keeps the descriptor of a connection closed without DISCONNECT
 *   spin       starts a busy thread after a malformed packet (type 0)
 *   sanitizer  prints an AddressSanitizer report after a malformed packet, exits 1
 *
 * Prints its port on stdout, then serves until killed. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static const char *mode;
static void *kept[4096]; /* leaked blocks stay reachable, so nothing frees or elides them */
static int nkept;

static int read_full(int fd, unsigned char *b, size_t n)
{
    for (size_t got = 0; got < n;) {
        ssize_t r = read(fd, b + got, n - got);
        if (r <= 0)
            return -1;
        got += (size_t)r;
    }
    return 0;
}

static void write_all(int fd, const void *b, size_t n)
{
    if (write(fd, b, n) != (ssize_t)n)
        perror("testproc: write");
}

static void *busy(void *arg)
{
    volatile unsigned long x = 0;
    (void)arg;
    for (;;)
        x++;
    return NULL;
}

static void touch_mib(size_t mib, int keep)
{
    char *p = malloc(mib << 20);
    if (!p)
        return;
    /* through a volatile pointer: a memset of memory never read again may be
     * dropped by the optimizer, and the pages must really be resident */
    volatile char *v = p;
    for (size_t i = 0; i < mib << 20; i += 1024)
        v[i] = 0x5a;
    if (keep && nkept < 4096)
        kept[nkept++] = p;
    else
        free(p);
}

static void asan_report(void)
{
    int pid = (int)getpid();
    fprintf(stderr, "1700000000: New client connected from 127.0.0.1\n");
    fprintf(stderr, "=================================================================\n");
    fprintf(stderr, "==%d==ERROR: AddressSanitizer: heap-use-after-free on address 0x602000000010 at pc "
                    "0x55d0c0ffee00 bp 0x7ffd00000000 sp 0x7ffd00000008\n", pid);
    fprintf(stderr, "READ of size 8 at 0x602000000010 thread T0\n");
    fprintf(stderr, "    #0 0x55d0c0ffee00 in sub__remove subs.c:612\n");
    fprintf(stderr, "    #1 0x55d0c0ffee80 in handle__unsubscribe handle_unsubscribe.c:130\n");
    fprintf(stderr, "\n0x602000000010 is located 0 bytes inside of 16-byte region\n");
    fprintf(stderr, "freed by thread T0 here:\n    #0 0x7f0000000000 in free\n");
    fprintf(stderr, "SUMMARY: AddressSanitizer: heap-use-after-free subs.c:612 in sub__remove\n");
    fprintf(stderr, "Shadow bytes around the buggy address:\n  0x0c047fff8000: fa fa fd fd\n");
    fprintf(stderr, "==%d==ABORTING\n", pid);
    fflush(stderr);
    exit(1);
}

/* Serves one connection; returns when it is closed (or kept, in leak-fd). */
static void serve(int fd)
{
    int last_id = -1;
    for (;;) {
        unsigned char h, b;
        if (read_full(fd, &h, 1))
            goto eof;
        size_t rl = 0;
        for (int i = 0, mult = 1; i < 4; i++, mult *= 128) {
            if (read_full(fd, &b, 1))
                goto eof;
            rl += (size_t)(b & 0x7f) * (size_t)mult;
            if (!(b & 0x80))
                break;
        }
        unsigned char body[4096];
        if (rl > sizeof body || read_full(fd, body, rl))
            goto eof;
        switch (h >> 4) {
        case 1: write_all(fd, "\x20\x02\x00\x00", 4); break;
        case 3: {
            if (((h >> 1) & 3) != 2 || rl < 4)
                break;
            size_t tl = (size_t)body[0] << 8 | body[1];
            if (tl + 4 > rl)
                break;
            int id = body[2 + tl] << 8 | body[3 + tl];
            if (id == last_id) {
                if (!strcmp(mode, "leak-mem"))
                    touch_mib(1, 1);
                else if (!strcmp(mode, "cache")) {
                    static int filled;
                    if (!filled++)
                        touch_mib(24, 1);
                } else
                    touch_mib(1, 0);
            }
            last_id = id;
            unsigned char rec[4] = {0x50, 2, (unsigned char)(id >> 8), (unsigned char)id};
            write_all(fd, rec, 4);
            break;
        }
        case 12: write_all(fd, "\xd0\x00", 2); break;
        case 14: close(fd); return;
        case 0:
            if (!strcmp(mode, "spin")) {
                static int spinning;
                pthread_t t;
                if (!spinning++ && !pthread_create(&t, NULL, busy, NULL))
                    pthread_detach(t);
            } else if (!strcmp(mode, "sanitizer"))
                asan_report();
            close(fd);
            return;
        default: break;
        }
    }
eof:
    if (strcmp(mode, "leak-fd"))
        close(fd);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: mqpw_testproc healthy|leak-mem|cache|leak-fd|spin|sanitizer\n");
        return 2;
    }
    mode = argv[1];
    int ls = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t al = sizeof a;
    if (ls < 0 || bind(ls, (struct sockaddr *)&a, sizeof a) || listen(ls, 16) ||
        getsockname(ls, (struct sockaddr *)&a, &al)) {
        perror("testproc: listen");
        return 2;
    }
    printf("%d\n", ntohs(a.sin_port));
    fflush(stdout);
    for (;;) {
        int fd = accept(ls, NULL, NULL);
        if (fd >= 0)
            serve(fd);
    }
}
