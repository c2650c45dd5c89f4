#define _DEFAULT_SOURCE /* strsep */
#include "tshark_check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mqpcap.h"

#define SEV_WARNING 6291456L /* _ws.expert.severity of PI_WARN */

static int in(uint16_t p, const uint16_t *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (v[i] == p)
            return 1;
    return 0;
}

int tshark_check(const char *path, const uint16_t *server_ports, size_t nports,
                 const uint16_t *skip_ports, size_t nskip, int *data_frames)
{
    char cmd[4096];
    size_t off = (size_t)snprintf(cmd, sizeof cmd, "tshark -2 -n -r '%s'", path);
    for (size_t i = 0; i < nports && off < sizeof cmd - 64; i++)
        off += (size_t)snprintf(cmd + off, sizeof cmd - off, " -d tcp.port==%u,mqtt",
                                server_ports[i]);
    snprintf(cmd + off, sizeof cmd - off,
             " -T fields -E separator=/t -E aggregator='|' -e frame.number -e tcp.srcport"
             " -e tcp.dstport -e tcp.len -e _ws.col.Protocol -e _ws.expert.severity"
             " -e _ws.malformed -e tcp.reassembled_in -e tcp.flags.reset -e _ws.expert.message"
             " 2>/dev/null");
    FILE *p = popen(cmd, "r");
    if (!p)
        return -1;
    char line[8192];
    int bad = 0;
    *data_frames = 0;
    while (fgets(line, sizeof line, p)) {
        char *f[10] = {0};
        char *tok = line;
        int n = 0;
        /* strsep keeps empty fields (strtok would merge tabs) */
        while (n < 10 && (f[n] = strsep(&tok, "\t\n")) != NULL)
            n++;
        if (n < 5 || atoi(f[0]) <= 0) {
            fprintf(stderr, "tshark: %s", line);
            bad++;
            continue;
        }
        uint16_t sp = (uint16_t)atoi(f[1]), dp = (uint16_t)atoi(f[2]);
        if (in(sp, skip_ports, nskip) || in(dp, skip_ports, nskip))
            continue;
        int len = atoi(f[3]);
        long sev = 0;
        /* severities and messages are parallel '|'-separated lists */
        char *sq = f[5], *mq = f[9];
        while (sq && *sq) {
            char *s_item = strsep(&sq, "|");
            char *m_item = mq ? strsep(&mq, "|") : NULL;
            long v = strtol(s_item, NULL, 0);
            /* tshark 4.0 shows Correlation Data (binary data, v5 §3.3.2.3.6)
             * as a string and warns about the bytes after a NUL in it */
            if (m_item && !strcmp(m_item, "Trailing stray characters"))
                continue;
            if (v > sev)
                sev = v;
        }
        int malformed = f[6] && f[6][0];
        int part = f[7] && f[7][0];
        if (f[8] && f[8][0] == '1')
            sev = 0; /* tshark warns on every RST; a recorded reset is a real one */
        if (len > 0)
            (*data_frames)++;
        if ((len > 0 && strcmp(f[4], "MQTT") != 0 && !part) || malformed || sev >= SEV_WARNING) {
            fprintf(stderr, "tshark: %s frame %s proto=%s severity=%ld malformed=%d\n", path,
                    f[0], f[4], sev, malformed);
            bad++;
        }
    }
    if (pclose(p) != 0)
        return bad ? bad : -1;
    return bad;
}

int tshark_check_capture(const char *path, int *data_frames, int *skipped_conns)
{
    char err[256];
    mqpcap_capture *cap = mqpcap_read_file(path, NULL, err, sizeof err);
    if (!cap) {
        fprintf(stderr, "%s\n", err);
        return -1;
    }
    size_t n = cap->nconns;
    uint16_t *servers = calloc(n + 1, sizeof *servers), *skip = calloc(n + 1, sizeof *skip);
    size_t ns = 0, nk = 0;
    for (size_t i = 0; servers && skip && i < n; i++) {
        const mqpcap_conn *c = &cap->conns[i];
        uint16_t sp = mqpcap_addr_port(&c->server);
        if (!in(sp, servers, ns))
            servers[ns++] = sp;
        int on_purpose = c->c2s_stop != NULL;
        for (size_t k = 0; k < c->nmsgs && !on_purpose; k++)
            on_purpose = c->msgs[k].dir == MQTT_C2S && c->msgs[k].status != MQTT_OK;
        if (on_purpose)
            skip[nk++] = mqpcap_addr_port(&c->client);
    }
    mqpcap_capture_free(cap);
    int r = servers && skip ? tshark_check(path, servers, ns, skip, nk, data_frames) : -1;
    if (skipped_conns)
        *skipped_conns = (int)nk;
    free(servers);
    free(skip);
    return r;
}
