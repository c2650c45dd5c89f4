/* Small shared helpers: checksums, error text, growable buffers, addresses. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

uint32_t mqp_sum16(uint32_t acc, const uint8_t *p, size_t len)
{
    /* Summed as 16-bit big-endian words; an odd tail byte is padded with
     * zero (RFC 1071). Callers pass lengths well under 4 GiB. */
    size_t i = 0;
    for (; i + 1 < len; i += 2)
        acc += (uint32_t)(p[i] << 8 | p[i + 1]);
    if (i < len)
        acc += (uint32_t)(p[i] << 8);
    return acc;
}

uint16_t mqp_sum_fold(uint32_t acc)
{
    while (acc >> 16)
        acc = (acc & 0xffff) + (acc >> 16);
    return (uint16_t)~acc;
}

void mqp_errf(char *err, size_t errlen, const char *fmt, ...)
{
    if (!err || !errlen)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

int mqp_buf_add(mqp_buf *b, const void *data, size_t len)
{
    if (len == 0)
        return 0;
    if (b->len + len > b->cap) {
        size_t ncap = b->cap ? b->cap : 256;
        while (ncap < b->len + len)
            ncap *= 2;
        uint8_t *np = realloc(b->p, ncap);
        if (!np)
            return -1;
        b->p = np;
        b->cap = ncap;
    }
    memcpy(b->p + b->len, data, len);
    b->len += len;
    return 0;
}

void mqp_buf_free(mqp_buf *b)
{
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

uint16_t mqpcap_addr_port(const struct sockaddr_storage *ss)
{
    if (ss->ss_family == AF_INET)
        return ntohs(((const struct sockaddr_in *)ss)->sin_port);
    if (ss->ss_family == AF_INET6)
        return ntohs(((const struct sockaddr_in6 *)ss)->sin6_port);
    return 0;
}

const char *mqpcap_addr_str(const struct sockaddr_storage *ss, char *buf, size_t len)
{
    char a[INET6_ADDRSTRLEN] = "?";
    if (ss->ss_family == AF_INET) {
        inet_ntop(AF_INET, &((const struct sockaddr_in *)ss)->sin_addr, a, sizeof a);
        snprintf(buf, len, "%s:%u", a, mqpcap_addr_port(ss));
    } else if (ss->ss_family == AF_INET6) {
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)ss)->sin6_addr, a, sizeof a);
        snprintf(buf, len, "[%s]:%u", a, mqpcap_addr_port(ss));
    } else {
        snprintf(buf, len, "?");
    }
    return buf;
}
