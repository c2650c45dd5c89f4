/* A fuzz input made replayable at a live broker (`mqttcheck corpus --to-pcap`):
 * the harness header, when there is one, is recognised and taken off, and a
 * CONNECT is put in front of a stream that does not start with one, since a
 * broker drops a connection whose first packet is anything else, long before
 * the bytes that crashed the codec. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "mqpcap.h"

/* Packets from the start of b that frame and decode (client to server, as any
 * version) before the first that does not. Framing alone would not do: it
 * checks only the length, and a header byte can pass for a fixed header. */
static size_t valid_packets(const uint8_t *b, size_t n)
{
    static const mqtt_version versions[] = {MQTT_V311, MQTT_V5, MQTT_V31};
    size_t count = 0;
    while (n) {
        mqtt_decode_opts o = {.version = MQTT_V311, .dir = MQTT_C2S, .policy = NULL};
        mqtt_frame fr;
        mqtt_error e;
        if (mqtt_frame_next(b, n, &o, &fr, &e) != MQTT_OK)
            break;
        bool ok = false;
        for (size_t v = 0; v < sizeof versions / sizeof versions[0] && !ok; v++) {
            mqtt_packet p;
            o.version = versions[v];
            ok = mqtt_decode(b, fr.total, &o, &p, &e) == MQTT_OK;
        }
        if (!ok)
            break;
        count++;
        b += fr.total;
        n -= fr.total;
    }
    return count;
}

/* The harness header (fuzz/harness_input.h): byte 0 version (bits 0-1), direction
 * (bit 2), policy toggles; byte 1 the chunking seed. Nothing in it can be checked
 * alone, so it is recognised by what follows: the input is taken to carry it when
 * its first byte cannot start an MQTT packet (type 0) or when more valid packets
 * follow from byte 2 than from byte 0. */
static bool has_harness_header(const uint8_t *b, size_t n)
{
    if (n < 2)
        return false;
    if ((b[0] >> 4) == 0)
        return true;
    return valid_packets(b + 2, n - 2) > valid_packets(b, n);
}

static int header_version(uint8_t h0)
{
    static const int versions[4] = {MQTT_V31, MQTT_V311, MQTT_V5, MQTT_V5};
    return versions[h0 & 3];
}

/* A minimal CONNECT of that version: clean session, keep alive 60, a client id. */
static int build_connect(int version, uint8_t *buf, size_t cap, size_t *len)
{
    mqtt_packet p;
    memset(&p, 0, sizeof p);
    p.type = MQTT_CONNECT;
    mqtt_connect *c = &p.u.connect;
    c->protocol_name = mqtt_str(version == MQTT_V31 ? "MQIsdp" : "MQTT");
    c->protocol_level = (uint8_t)version;
    c->clean_start = true;
    c->keep_alive = 60;
    c->client_id = mqtt_str("mqttcheck-crash");
    mqtt_decode_opts o = {.version = (mqtt_version)version, .dir = MQTT_C2S, .policy = NULL};
    mqtt_error e;
    return mqtt_encode(&p, &o, buf, cap, len, &e) == MQTT_OK ? 0 : -1;
}

int mqpcap_crash_to_pcap(const uint8_t *in, size_t n, const mqpcap_crash_opts *opts,
                         const char *path, mqpcap_crash_info *info, char *err, size_t errlen)
{
    mqpcap_crash_info local;
    if (!info)
        info = &local;
    memset(info, 0, sizeof *info);
    mqpcap_crash_opts o = {0};
    if (opts)
        o = *opts;
    const uint8_t *b = in;
    info->version = MQTT_V311;
    bool hdr = o.header == MQPCAP_HDR_YES || (o.header == MQPCAP_HDR_DETECT && has_harness_header(b, n));
    if (hdr) {
        if (n < 2) {
            mqp_errf(err, errlen, "shorter than the harness header");
            return -1;
        }
        if (b[0] & 0x04) {
            mqp_errf(err, errlen, "a server->client input (harness header %02x %02x): nothing a "
                                  "client could replay", b[0], b[1]);
            return -1;
        }
        info->header = true;
        info->version = header_version(b[0]);
        b += 2;
        n -= 2;
    }
    size_t sk = o.skip < n ? o.skip : n;
    b += sk;
    n -= sk;
    if (o.version)
        info->version = o.version;
    info->starts_with_connect = n > 0 && b[0] == 0x10;
    bool connect = o.connect == MQPCAP_CONNECT_ALWAYS ||
                   (o.connect == MQPCAP_CONNECT_AUTO && !info->starts_with_connect);
    uint8_t cbuf[64];
    size_t clen = 0;
    if (connect && build_connect(info->version, cbuf, sizeof cbuf, &clen) != 0) {
        mqp_errf(err, errlen, "cannot build a CONNECT for version %d", info->version);
        return -1;
    }
    info->connect_len = clen;
    info->payload_len = n;
    uint8_t *all = malloc(clen + n + 1);
    if (!all) {
        mqp_errf(err, errlen, "out of memory");
        return -1;
    }
    memcpy(all, cbuf, clen);
    if (n)
        memcpy(all + clen, b, n);
    int rc = mqpcap_seed_to_pcap(all, clen + n, o.port, path, err, errlen);
    free(all);
    return rc;
}
