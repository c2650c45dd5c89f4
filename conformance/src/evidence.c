/* A case's evidence: the wire log (every event of every connection, as the
 * results file shows it), the pcap events of each connection, and the first
 * malformed packet a peer sent. Written by the peers layer, read by the
 * case's verdict and results. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case.h"

static void tv_now(struct timeval *tv) { gettimeofday(tv, NULL); }

void mqc_ev_pcap(mqc_case *cs, int kind, size_t conn, int from_client, int reset,
                    const uint8_t *p, size_t len)
{
    if (cs->npev == cs->cappev) {
        size_t nc = cs->cappev ? cs->cappev * 2 : 64;
        mqc_pcap_ev *n = realloc(cs->pev, nc * sizeof *n);
        if (!n)
            return;
        cs->pev = n;
        cs->cappev = nc;
    }
    mqc_pcap_ev *e = &cs->pev[cs->npev];
    memset(e, 0, sizeof *e);
    e->kind = kind;
    e->conn = conn;
    e->from_client = from_client;
    e->reset = reset;
    if (len) {
        e->data = malloc(len);
        if (!e->data)
            return;
        memcpy(e->data, p, len);
        e->len = len;
    }
    tv_now(&e->ts);
    cs->npev++;
}

#define WIRE_HEX_MAX 65536 /* larger payloads are cut in the log (the pcap has them) */

#define WIRE_MAX_EVENTS 1000 /* a flooding broker cannot grow the evidence without bound */

void mqc_wire(mqc_case *cs, const char *conn, const char *dir, const char *kind,
              const char *summary, const uint8_t *bytes, size_t len, const mqtt_packet *pkt,
              const mqtt_error *err)
{
    size_t n = json_array_size(cs->wire);
    if (n > WIRE_MAX_EVENTS)
        return;
    if (n == WIRE_MAX_EVENTS) {
        summary = "wire log truncated: too many events (the pcap keeps every byte)";
        kind = "note";
        bytes = NULL;
        pkt = NULL;
        err = NULL;
        dir = NULL;
    }
    json_t *o = json_object();
    json_object_set_new(o, "t", json_real(mqc_now() - cs->t0));
    json_object_set_new(o, "conn", json_string(conn ? conn : ""));
    json_object_set_new(o, "dir", dir ? json_string(dir) : json_null());
    json_object_set_new(o, "kind", json_string(kind));
    json_object_set_new(o, "summary", json_stringn_nocheck(summary, strlen(summary)));
    json_object_set_new(o, "hex", bytes ? mqc_json_hex(bytes, len, WIRE_HEX_MAX) : json_null());
    json_object_set_new(o, "packet", pkt ? mqc_json_packet(pkt, cs->json_ver) : json_null());
    json_object_set_new(o, "error", err ? mqc_json_error(err) : json_null());
    json_array_append_new(cs->wire, o);
}

void mqc_note(mqc_case *cs, const char *conn, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    mqc_wire(cs, conn, NULL, "note", buf, NULL, 0, NULL, NULL);
}


size_t mqc_ev_endpoint(mqc_case *cs, const struct sockaddr_storage *client,
                       const struct sockaddr_storage *server)
{
    size_t ep = cs->neps++;
    cs->eps_client[ep] = *client;
    cs->eps_server[ep] = *server;
    mqc_ev_pcap(cs, 0, ep, 1, 0, NULL, 0);
    return ep;
}

void mqc_case_malformed(mqc_case *cs, const char *stmt, const char *fmt, ...)
{
    if (cs->malformed_seen)
        return;
    cs->malformed_seen = true;
    cs->malformed_stmt = stmt;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cs->malformed_obs, sizeof cs->malformed_obs, fmt, ap);
    va_end(ap);
}
