/* Where the peer under test is: HOST:PORT or [ADDR]:PORT resolved once, and a
 * free loopback port for a broker the runner starts itself. */
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base.h"

int mqc_target_parse(const char *s, mqc_target *t, char *err, size_t errlen)
{
    char host[256];
    const char *port;
    memset(t, 0, sizeof *t);
    if (!s || !*s) {
        snprintf(err, errlen, "no target given (--target HOST:PORT)");
        return -1;
    }
    if (s[0] == '[') { /* [v6]:port */
        const char *e = strchr(s, ']');
        if (!e || e[1] != ':' || (size_t)(e - s - 1) >= sizeof host) {
            snprintf(err, errlen, "bad target '%s': expected [ADDR]:PORT", s);
            return -1;
        }
        memcpy(host, s + 1, (size_t)(e - s - 1));
        host[e - s - 1] = 0;
        port = e + 2;
    } else {
        const char *c = strrchr(s, ':');
        if (!c || c == s || (size_t)(c - s) >= sizeof host || strchr(s, ':') != c) {
            snprintf(err, errlen, "bad target '%s': expected HOST:PORT (IPv6 as [ADDR]:PORT)", s);
            return -1;
        }
        memcpy(host, s, (size_t)(c - s));
        host[c - s] = 0;
        port = c + 1;
    }
    char *end;
    long p = strtol(port, &end, 10);
    if (!*port || *end || p < 1 || p > 65535) {
        snprintf(err, errlen, "bad port in target '%s'", s);
        return -1;
    }
    struct addrinfo hints = {0}, *res = NULL;
    hints.ai_socktype = SOCK_STREAM;
    int rc = getaddrinfo(host, port, &hints, &res);
    if (rc || !res) {
        snprintf(err, errlen, "cannot resolve '%s': %s", host, gai_strerror(rc));
        return -1;
    }
    memcpy(&t->addr, res->ai_addr, res->ai_addrlen);
    t->addrlen = res->ai_addrlen;
    freeaddrinfo(res);
    snprintf(t->text, sizeof t->text, "%s", s);
    return 0;
}

/* ------------------------------------------------------------ evidence */

int mqc_free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t al = sizeof a;
    int port = -1;
    if (!bind(fd, (struct sockaddr *)&a, sizeof a) && !getsockname(fd, (struct sockaddr *)&a, &al))
        port = ntohs(a.sin_port);
    close(fd);
    return port;
}
