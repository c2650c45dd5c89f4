/*
 * Captures <-> fuzz seeds. A seed is the raw client -> server byte stream of
 * one connection, optionally behind a harness header (prefix). The reverse
 * wraps a seed in a synthesized connection so a crash input can be replayed
 * against a live broker with `mqttcheck replay`.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"

uint8_t mqpcap_harness_header0(int version)
{
    /* fuzz/harness_input.h: bits 0-1 version (0 = 3.1, 1 = 3.1.1, 2 = 5.0),
     * bit 2 direction (0 = client -> server), bits 3-7 policy flips (none). */
    switch (version) {
    case MQTT_V31:
        return 0x00;
    case MQTT_V5:
        return 0x02;
    default:
        return 0x01;
    }
}

int mqpcap_export_seeds(const mqpcap_capture *cap, const char *dir, const char *stem,
                        const mqpcap_seed_opts *opts, char *err, size_t errlen)
{
    const uint8_t *prefix = opts ? opts->prefix : NULL;
    size_t prefix_len = opts && opts->prefix ? opts->prefix_len : 0;
    if (!cap || !dir) {
        mqp_errf(err, errlen, "no capture or output directory");
        return -1;
    }
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        mqp_errf(err, errlen, "cannot create %s: %s", dir, strerror(errno));
        return -1;
    }
    int written = 0;
    for (size_t i = 0; i < cap->nconns; i++) {
        const mqpcap_stream *st = &cap->conns[i].c2s;
        if (st->len == 0)
            continue; /* nothing the client said: no seed */
        char path[4096];
        snprintf(path, sizeof path, "%s/%s-c%zu.bin", dir, stem ? stem : "capture", i + 1);
        FILE *f = fopen(path, "wb");
        if (!f) {
            mqp_errf(err, errlen, "cannot write %s: %s", path, strerror(errno));
            return -1;
        }
        uint8_t hh[2] = {mqpcap_harness_header0(cap->conns[i].version), 0x00};
        int bad = (opts && opts->harness_header && fwrite(hh, 1, 2, f) != 2) ||
                  (prefix_len && fwrite(prefix, 1, prefix_len, f) != prefix_len) ||
                  fwrite(st->data, 1, st->len, f) != st->len;
        if (fclose(f) != 0 || bad) {
            mqp_errf(err, errlen, "write error on %s", path);
            return -1;
        }
        written++;
    }
    return written;
}

int mqpcap_seed_to_pcap(const uint8_t *seed, size_t len, uint16_t port, const char *path,
                        char *err, size_t errlen)
{
    struct sockaddr_in cl, sv;
    memset(&cl, 0, sizeof cl);
    memset(&sv, 0, sizeof sv);
    cl.sin_family = sv.sin_family = AF_INET;
    cl.sin_addr.s_addr = sv.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    cl.sin_port = htons(50000);
    sv.sin_port = htons(port ? port : 1883);
    mqpcap_writer *w = mqpcap_writer_open(path, err, errlen);
    if (!w)
        return -1;
    /* One microsecond apart so the order survives any re-sorting by time. */
    struct timeval t0 = {1700000000, 0}, t1 = {1700000000, 1}, t2 = {1700000000, 2};
    int c = mqpcap_conn_open(w, (struct sockaddr *)&cl, (struct sockaddr *)&sv, &t0);
    int rc = c < 0 || mqpcap_conn_data(w, c, 1, seed, len, &t1) != 0 ||
             mqpcap_conn_close(w, c, 1, 0, &t2) != 0;
    if (mqpcap_writer_close(w) != 0 || rc) {
        mqp_errf(err, errlen, "write error on %s", path);
        return -1;
    }
    return 0;
}
