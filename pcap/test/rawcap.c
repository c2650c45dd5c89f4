#define _DEFAULT_SOURCE /* libpcap's headers use u_char */
#include "rawcap.h"

#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef DLT_LINUX_SLL2
#define DLT_LINUX_SLL2 276
#endif

/* CONNECT 3.1.1, client id "t1", keep alive 60, clean session. */
const uint8_t T_CONNECT4[16] = {0x10, 0x0e, 0, 4, 'M', 'Q', 'T', 'T', 4, 2, 0, 60, 0, 2, 't', '1'};
/* CONNECT 5.0, same, empty property block. */
const uint8_t T_CONNECT5[17] = {0x10, 0x0f, 0, 4, 'M', 'Q', 'T', 'T', 5, 2, 0, 60, 0, 0, 2, 't', '1'};
const uint8_t T_CONNACK[4] = {0x20, 0x02, 0x00, 0x00};
const uint8_t T_DISCONNECT[2] = {0xe0, 0x00};

struct rawcap {
    pcap_t *dead;
    pcap_dumper_t *d;
    int dlt;
};

rawcap *rawcap_open(const char *path, int dlt)
{
    rawcap *r = calloc(1, sizeof *r);
    r->dlt = dlt;
    r->dead = pcap_open_dead(dlt, 65535);
    r->d = pcap_dump_open(r->dead, path);
    if (!r->d) {
        fprintf(stderr, "rawcap: %s\n", pcap_geterr(r->dead));
        abort();
    }
    return r;
}

static void put16(uint8_t *p, unsigned v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
    put16(p, v >> 16);
    put16(p + 2, v & 0xffff);
}

void rawcap_seg(rawcap *r, int v6, int from_a, uint16_t pa, uint16_t pb, uint32_t seq,
                uint32_t ack, uint8_t flags, const void *data, size_t len, long usec)
{
    uint8_t f[70000];
    size_t l2 = 0;
    unsigned et = v6 ? 0x86DD : 0x0800;
    switch (r->dlt) {
    case DLT_EN10MB: /* with one VLAN tag, to exercise tag skipping */
        memset(f, 0xaa, 12);
        put16(f + 12, 0x8100);
        put16(f + 14, 7);
        put16(f + 16, et);
        l2 = 18;
        break;
    case DLT_LINUX_SLL:
        memset(f, 0, 16);
        put16(f + 14, et);
        l2 = 16;
        break;
    case DLT_LINUX_SLL2:
        memset(f, 0, 20);
        put16(f, et);
        l2 = 20;
        break;
    case DLT_NULL: { /* host order */
        uint32_t fam = v6 ? 30 : 2;
        memcpy(f, &fam, 4);
        l2 = 4;
        break;
    }
    case DLT_LOOP:
        put32(f, v6 ? 10 : 2);
        l2 = 4;
        break;
    default: /* DLT_RAW */
        l2 = 0;
    }
    uint8_t a[16] = {0}, b[16] = {0};
    if (v6) {
        a[15] = 1;
        b[15] = 1;
    } else {
        a[0] = b[0] = 127;
        a[3] = 1;
        b[3] = 2;
    }
    const uint8_t *src = from_a ? a : b, *dst = from_a ? b : a;
    uint8_t *ip = f + l2;
    size_t iplen = v6 ? 40 : 20;
    uint8_t *tcp = ip + iplen;
    memset(ip, 0, iplen + 20);
    if (v6) {
        ip[0] = 0x60;
        put16(ip + 4, (unsigned)(20 + len));
        ip[6] = 6;
        ip[7] = 64;
        memcpy(ip + 8, src, 16);
        memcpy(ip + 24, dst, 16);
    } else {
        ip[0] = 0x45;
        put16(ip + 2, (unsigned)(20 + 20 + len));
        ip[8] = 64;
        ip[9] = 6;
        memcpy(ip + 12, src, 4);
        memcpy(ip + 16, dst, 4);
    }
    put16(tcp, from_a ? pa : pb);
    put16(tcp + 2, from_a ? pb : pa);
    put32(tcp + 4, seq);
    put32(tcp + 8, ack);
    tcp[12] = 5 << 4;
    tcp[13] = flags;
    put16(tcp + 14, 65535);
    if (len)
        memcpy(tcp + 20, data, len);
    struct pcap_pkthdr h;
    memset(&h, 0, sizeof h);
    h.ts.tv_sec = 1700000000 + usec / 1000000;
    h.ts.tv_usec = usec % 1000000;
    h.caplen = h.len = (bpf_u_int32)(l2 + iplen + 20 + len);
    pcap_dump((u_char *)r->d, &h, f);
}

void rawcap_close(rawcap *r)
{
    pcap_dump_close(r->d);
    pcap_close(r->dead);
    free(r);
}

const char *rawcap_tmp(char *buf, size_t len, const char *name)
{
    const char *t = getenv("TMPDIR");
    snprintf(buf, len, "%s/mqpcap-%ld-%s", t && *t ? t : "/tmp", (long)getpid(), name);
    return buf;
}
