/* Text transcript of a capture: what `mqttcheck decode FILE.pcap` prints. */
#include <stdio.h>

#include "internal.h"

static double since(const struct timeval *t, const struct timeval *t0)
{
    return (double)(t->tv_sec - t0->tv_sec) + (double)(t->tv_usec - t0->tv_usec) / 1e6;
}

static const char *version_name(int v, int decoded_as)
{
    if (!v)
        return decoded_as == MQTT_V5 ? "version unknown (no CONNECT), decodes as MQTT 5.0"
                                     : "version unknown (no CONNECT), decoded as MQTT 3.1.1";
    switch (v) {
    case MQTT_V31:
        return "MQTT 3.1";
    case MQTT_V311:
        return "MQTT 3.1.1";
    case MQTT_V5:
        return "MQTT 5.0";
    default:
        return "MQTT ?";
    }
}

int mqpcap_transcript(const mqpcap_capture *cap, FILE *out)
{
    int problems = 0;
    char line[2048], a[64], b[64];
    fprintf(out, "# %zu frames, %zu connections, %zu frames skipped%s%s\n", cap->frames,
            cap->nconns, cap->skipped, cap->truncated ? "; file damaged: " : "",
            cap->truncated ? cap->note : "");
    for (size_t i = 0; i < cap->nconns; i++) {
        const mqpcap_conn *c = &cap->conns[i];
        fprintf(out, "\n# connection %zu: %s -> %s, %s, %s, c2s %zuB s2c %zuB", i + 1,
                mqpcap_addr_str(&c->client, a, sizeof a), mqpcap_addr_str(&c->server, b, sizeof b),
                version_name(c->version, c->decoded_as), c->syn_seen ? "handshake seen" : "no handshake",
                c->c2s.len, c->s2c.len);
        if (c->c2s.gaps || c->s2c.gaps)
            fprintf(out, ", missing %zuB in %zu gaps", c->c2s.gap_bytes + c->s2c.gap_bytes,
                    c->c2s.gaps + c->s2c.gaps);
        fprintf(out, "\n");
        for (size_t k = 0; k < c->nmsgs; k++) {
            const mqpcap_msg *m = &c->msgs[k];
            mqpcap_msg_describe(m, c->decoded_as, false, line, sizeof line);
            fprintf(out, "  %10.6f %s %s\n", since(&m->ts, &c->first_ts),
                    m->dir == MQTT_C2S ? "C>S" : "S>C", line);
            if (m->status != MQTT_OK)
                problems++;
        }
        if (c->c2s_stop) {
            fprintf(out, "  # client stream: %s at +%zu\n", c->c2s_stop, c->c2s_stop_off);
            problems++;
        }
        if (c->s2c_stop) {
            fprintf(out, "  # server stream: %s at +%zu\n", c->s2c_stop, c->s2c_stop_off);
            problems++;
        }
        const char *how = c->c2s.rst || c->s2c.rst ? "reset"
                          : (c->c2s.fin || c->s2c.fin) ? "closed" : "open at end of capture";
        fprintf(out, "  # %s%s\n", how,
                c->c2s.rst ? " by client" : c->s2c.rst ? " by server"
                : c->c2s.fin && !c->s2c.fin ? " by client"
                : c->s2c.fin && !c->c2s.fin ? " by server" : "");
    }
    return problems;
}
