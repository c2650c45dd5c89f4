/*
 * The reference figure for bench/netfuzz.sh: a raw-socket lock-step client that sends
 * one PINGREQ, waits for its PINGRESP, and again, for a given time. Its exchanges/s is
 * what one connection gets out of this broker on this machine right now, so the
 * fuzzer's messages/s can be read against it (same broker, same load).
 *
 *   bench-pingpong HOST PORT SECONDS  -> prints "exchanges N seconds S per_s R"
 * exit 0, 2 could not connect or the broker did not answer.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Reads exactly n bytes; 0 on success. */
static int read_all(int fd, unsigned char *b, size_t n)
{
    while (n) {
        ssize_t r = read(fd, b, n);
        if (r <= 0)
            return -1;
        b += r;
        n -= (size_t)r;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: bench-pingpong HOST PORT SECONDS\n");
        return 2;
    }
    double secs = atof(argv[3]);
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((unsigned short)atoi(argv[2]));
    if (inet_pton(AF_INET, argv[1], &sa.sin_addr) != 1 || secs <= 0) {
        fprintf(stderr, "bench-pingpong: bad address or time\n");
        return 2;
    }
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
        perror("bench-pingpong: connect");
        return 2;
    }
    /* lock-step: every PINGREQ goes out at once, not held back by Nagle */
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    /* MQTT 3.1.1 CONNECT, clean session, keep alive 60 s, client id "pp" */
    static const unsigned char connect_pkt[] = {0x10, 0x0e, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04,
                                                0x02, 0x00, 0x3c, 0x00, 0x02, 'p', 'p'};
    unsigned char b[4];
    if (write(fd, connect_pkt, sizeof connect_pkt) != (ssize_t)sizeof connect_pkt || read_all(fd, b, 4) ||
        b[0] != 0x20 || b[3] != 0) {
        fprintf(stderr, "bench-pingpong: no CONNACK accepting the connection\n");
        return 2;
    }
    static const unsigned char ping[] = {0xc0, 0x00};
    unsigned long long n = 0;
    double t0 = now(), t = t0;
    while (t - t0 < secs) {
        /* the clock is read every 256 exchanges: cheap next to a round trip */
        for (int i = 0; i < 256; i++) {
            if (write(fd, ping, 2) != 2 || read_all(fd, b, 2) || b[0] != 0xd0) {
                fprintf(stderr, "bench-pingpong: no PINGRESP after %llu exchanges\n", n);
                return 2;
            }
            n++;
        }
        t = now();
    }
    static const unsigned char disconnect[] = {0xe0, 0x00};
    if (write(fd, disconnect, 2) != 2) {
        /* the figure stands whether or not the goodbye went out */
    }
    close(fd);
    printf("exchanges %llu seconds %.3f per_s %.0f\n", n, t - t0, (double)n / (t - t0));
    return 0;
}
