/*
 * mqpcap — MQTT captures: writing synthesized TCP conversations as pcap files,
 * reading pcap/pcapng captures back into per-connection byte streams framed as
 * MQTT packets, replaying a capture's client side against a broker, and
 * turning captures into fuzz seeds (and seeds into captures).
 *
 * This header is the only door into pcap/. Built on libpcap; MQTT framing and
 * decoding come from codec/include/mqttcodec.h.
 *
 * Errors: every function that can fail takes (char *err, size_t errlen) and
 * writes a one-line reason there; nothing here aborts on bad input.
 */
#ifndef MQPCAP_H
#define MQPCAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/time.h>

#include "mqttcodec.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ================================================================ writer
 *
 * One pcap file (link type Ethernet) holding any number of TCP connections.
 * Each connection gets a synthesized 3-way handshake, data segments split at
 * the MSS with consistent sequence/acknowledgement numbers, an ACK for every
 * data segment, and a FIN/ACK exchange or an RST at the end. IPv4 and IPv6
 * addresses are both accepted (client and server must be the same family).
 * Checksums are computed, so tshark shows no checksum or sequence warnings.
 * Timestamps are the caller's; packets are written in call order.
 */
typedef struct mqpcap_writer mqpcap_writer;

/* MSS used to split data into segments (bytes of TCP payload per segment). */
#define MQPCAP_MSS 1448

mqpcap_writer *mqpcap_writer_open(const char *path, char *err, size_t errlen);

/* Starts a connection: writes SYN, SYN/ACK, ACK at ts. client/server are
 * sockaddr_in or sockaddr_in6 (real addresses and ports). Returns a handle
 * >= 0, or -1 (bad arguments, family mismatch, out of memory). */
int mqpcap_conn_open(mqpcap_writer *w, const struct sockaddr *client,
                     const struct sockaddr *server, const struct timeval *ts);

/* Bytes sent by one side (from_client != 0: client -> server). Writes the data
 * segments and the peer's ACK. len 0 writes nothing. Returns 0, or -1 for an
 * unknown handle, a connection reset, or a side that already sent its FIN. */
int mqpcap_conn_data(mqpcap_writer *w, int conn, int from_client, const uint8_t *data,
                     size_t len, const struct timeval *ts);

/* One side ends the connection. reset == 0: FIN from that side and the
 * peer's ACK; the peer may still send (half-close) until it closes too, or
 * until mqpcap_writer_close adds its FIN. reset != 0: one RST from that
 * side, the connection is over. Closing again the same way is a no-op.
 * Returns 0 or -1. */
int mqpcap_conn_close(mqpcap_writer *w, int conn, int from_client, int reset,
                      const struct timeval *ts);

/* Closes open connections with FIN (at their last timestamp), flushes and
 * frees. Returns 0, or -1 if a write failed at any point. NULL is a no-op. */
int mqpcap_writer_close(mqpcap_writer *w);

/* The same from an event list, in one call (for the runner). */
typedef enum mqpcap_ev_kind {
    MQPCAP_EV_OPEN = 0,  /* conn opened (client/server taken from the conn table) */
    MQPCAP_EV_DATA = 1,  /* bytes from one side */
    MQPCAP_EV_CLOSE = 2  /* closed by one side, reset or not */
} mqpcap_ev_kind;

typedef struct mqpcap_endpoints {
    struct sockaddr_storage client, server;
} mqpcap_endpoints;

typedef struct mqpcap_event {
    mqpcap_ev_kind kind;
    size_t conn;             /* index into the endpoints table */
    int from_client;         /* DATA, CLOSE */
    int reset;               /* CLOSE */
    const uint8_t *data;     /* DATA */
    size_t len;
    struct timeval ts;
} mqpcap_event;

/* The server side of every connection written by mqpcap_write_events is shown
 * on this port, so Wireshark decodes MQTT without "Decode As" while the real
 * brokers under test listen on free ports (the CLI sets MQPCAP_MQTT_PORT, 1883,
 * unless told otherwise); 0, the default, keeps the real ports. Process-wide
 * (the runner's children inherit it). The writer's own conn API always writes
 * the ports it is given. */
#define MQPCAP_MQTT_PORT 1883
void mqpcap_set_server_port(uint16_t port);

/* Returns 0 (err is "" or notes data events that came after their sender's
 * FIN or an RST: those cannot be shown as TCP and are left out) or -1 (bad
 * table or events, write error; err says which). */
int mqpcap_write_events(const char *path, const mqpcap_endpoints *conns, size_t nconns,
                        const mqpcap_event *events, size_t nevents, char *err, size_t errlen);

/* ================================================================ live capture
 * For traffic the runner did not make itself (`--capture IFACE`): libpcap
 * captures on an interface into a pcap file, in a child process, until
 * stopped. Needs root or CAP_NET_RAW. mqpcap_live_start returns once the
 * capture (and its filter) is in place, so traffic sent afterwards is
 * recorded; mqpcap_live_stop drains what the kernel still holds, closes the
 * file and returns the number of frames written (-1 on failure). */
typedef struct mqpcap_live mqpcap_live;

mqpcap_live *mqpcap_live_start(const char *iface, const char *bpf_filter, const char *path,
                               char *err, size_t errlen);
long mqpcap_live_stop(mqpcap_live *live);

/* ================================================================ reader
 *
 * Reads pcap and pcapng files (libpcap), link types Ethernet (with VLAN
 * tags), raw IP, Linux cooked (v1 and v2) and BSD loopback / null, IPv4 and
 * IPv6. TCP is reassembled per connection and direction: out-of-order
 * segments, retransmissions, overlaps (bytes already placed in sequence order
 * are kept; a later copy only fills what is still missing) and captures that
 * start mid-connection are handled; missing bytes are recorded as gaps.
 * Each direction is then framed into MQTT packets with the codec.
 */

typedef struct mqpcap_read_opts {
    uint16_t server_port;    /* 0: guess (SYN direction, then CONNECT sender, then lower port) */
    bool only_port;          /* with server_port: ignore TCP on other ports */
    const mqtt_policy *policy; /* decoding policy, NULL: defaults */
    size_t max_bytes;        /* cap on reassembled bytes per direction, 0: 64 MiB */
} mqpcap_read_opts;

/* A run of stream bytes that arrived at one time (one segment's new bytes). */
typedef struct mqpcap_chunk {
    size_t off, len;
    struct timeval ts;       /* when these bytes became readable (never decreases) */
    bool gap_before;         /* bytes are missing between the previous chunk and this one */
} mqpcap_chunk;

typedef struct mqpcap_stream {
    uint8_t *data;           /* reassembled bytes (gaps are left out) */
    size_t len;
    mqpcap_chunk *chunks;    /* in stream order */
    size_t nchunks;
    size_t gap_bytes;        /* bytes never captured (holes, skipped) */
    size_t gaps;             /* number of holes */
    bool fin, rst;           /* this side sent FIN / RST */
    size_t end_frame;        /* frame number (1-based) of this side's first FIN/RST, 0: none;
                                tells which side closed first when timestamps tie */
    struct timeval end_ts;   /* time of that FIN/RST */
} mqpcap_stream;

/* One MQTT packet framed from a stream. */
typedef struct mqpcap_msg {
    mqtt_direction dir;
    size_t off, len;         /* bytes in the direction's stream */
    struct timeval ts;       /* time the packet's last byte arrived */
    mqtt_status status;      /* MQTT_OK or the decode error class */
    mqtt_packet pkt;         /* valid when status == MQTT_OK; views into stream data */
    mqtt_error err;          /* when status != MQTT_OK */
} mqpcap_msg;

typedef struct mqpcap_conn {
    struct sockaddr_storage client, server;
    bool syn_seen;           /* handshake captured: the roles are certain */
    mqpcap_stream c2s, s2c;
    struct timeval first_ts, last_ts;
    int version;             /* 3, 4, 5 from the CONNECT; 0 if none was captured */
    int decoded_as;          /* the version msgs were decoded with: version, or without a
                                CONNECT whichever of 3.1.1 and 5.0 decodes with fewer errors */
    mqpcap_msg *msgs;        /* both directions merged by time, c2s first on ties */
    size_t nmsgs;
    /* Framing stopped early in a direction (malformed length, gap): the
     * reason and the stream offset where it stopped; NULL when clean. */
    const char *c2s_stop, *s2c_stop;
    size_t c2s_stop_off, s2c_stop_off;
} mqpcap_conn;

typedef struct mqpcap_capture {
    mqpcap_conn *conns;      /* in order of first packet */
    size_t nconns;
    int linktype;            /* DLT_* of the file */
    size_t frames;           /* frames read */
    size_t skipped;          /* frames that were not TCP over IPv4/IPv6, or cut short */
    bool truncated;          /* the file ended in a damaged record; read up to there */
    char note[160];          /* why reading stopped early, "" otherwise */
} mqpcap_capture;

/* From a file (pcap or pcapng). NULL with err set when the file cannot be
 * read at all; a file that stops part-way is read up to the damage. */
mqpcap_capture *mqpcap_read_file(const char *path, const mqpcap_read_opts *opts, char *err,
                                 size_t errlen);
/* From memory (the fuzz harness, tests). */
mqpcap_capture *mqpcap_read_mem(const uint8_t *buf, size_t len, const mqpcap_read_opts *opts,
                                char *err, size_t errlen);
void mqpcap_capture_free(mqpcap_capture *cap);

/* "127.0.0.1:1883" / "[::1]:1883" into buf; returns buf. */
const char *mqpcap_addr_str(const struct sockaddr_storage *ss, char *buf, size_t len);
uint16_t mqpcap_addr_port(const struct sockaddr_storage *ss);

/* One-line human summary of a framed packet, e.g.
 * "PUBLISH qos=1 dup=0 retain=0 id=7 topic=\"a/b\" payload=\"hi\"". With
 * normalize, fields that legitimately vary between runs are masked (v5
 * Assigned Client Identifier; in server packets the ids of QoS>0 PUBLISH and
 * PUBREL and the Message Expiry Interval left), so two runs can be compared
 * line by line. version: the one the packet was decoded with. */
void mqpcap_msg_describe(const mqpcap_msg *m, int version, bool normalize, char *buf,
                         size_t len);

/* ================================================================ transcript
 * `mqttcheck decode FILE.pcap`: every connection, one line per packet
 * ("  0.000123 C>S PUBLISH qos=0 ..."), with a header line per connection and
 * a note where framing stopped. Returns the number of packets that failed to
 * decode plus framing stops (0 = clean). JSON output is made by the CLI from
 * mqpcap_capture with codecjson/. */
int mqpcap_transcript(const mqpcap_capture *cap, FILE *out);

/* ================================================================ replay */

typedef struct mqpcap_replay_opts {
    const char *host;        /* loopback address of the target */
    uint16_t port;
    double speed;            /* 0: as fast as the broker answers; 1: recorded timing; 2: twice as fast */
    bool rewrite_ids;        /* give each client id a per-run suffix */
    const char *topic_prefix;/* non-NULL: put this in front of every topic the clients use
                                (PUBLISH, SUBSCRIBE/UNSUBSCRIBE filters after any $share/name/,
                                will topics; '$' topics untouched) and take it off the topics
                                of the broker's PUBLISHes before comparing */
    const char *out_pcap;    /* record the new exchange here (NULL: don't) */
    int wait_ms;             /* per-wait deadline for an expected response, 0: 2000 */
    uint16_t server_port;    /* which port in the capture is the broker, 0: guess */
    struct mqt_ctx *transport; /* TLS / WebSocket to the target (transport/include/mqtransport.h);
                                  NULL: plain TCP. The recorded bytes are sent inside it */
} mqpcap_replay_opts;

typedef enum mqpcap_verdict {
    MQPCAP_SAME = 0,
    MQPCAP_DIFFERS = 1,
    MQPCAP_BROKER_DIED = 2,
    MQPCAP_CANNOT_RUN = 3
} mqpcap_verdict;

/* Replays every connection's client side in recorded order against the
 * target and compares the broker's answers with the recorded ones. The
 * readable diff (and progress) goes to report. */
mqpcap_verdict mqpcap_replay(const mqpcap_capture *cap, const mqpcap_replay_opts *opts,
                             FILE *report, char *err, size_t errlen);
const char *mqpcap_verdict_name(mqpcap_verdict v); /* "same", "differs", ... */

/* What the verdict means for that capture (pcap/src/outcome.c). A capture without
 * any broker packet records a crash (e.g. `corpus --to-pcap` of a fuzz input): it
 * reproduces when the broker dies, else no longer reproduces. Any other capture
 * reproduces when the broker answers as recorded, else differs (a death included). */
typedef enum mqpcap_outcome {
    MQPCAP_OUT_REPRODUCES = 0,     /* same answers as recorded */
    MQPCAP_OUT_DIFFERS,            /* other answers, or the broker died */
    MQPCAP_OUT_CRASH_REPRODUCES,   /* a recorded crash: the broker died again */
    MQPCAP_OUT_NO_LONGER,          /* a recorded crash: the broker survived */
    MQPCAP_OUT_CANNOT_RUN
} mqpcap_outcome;
mqpcap_outcome mqpcap_replay_outcome(const mqpcap_capture *cap, mqpcap_verdict v);
/* The final line ("reproduces: ...", "no longer reproduces: ...", "differs: ...")
 * and the exit code: 0 reproduces an exchange or no longer reproduces a crash,
 * 1 differs or reproduces a crash, 2 could not run. */
const char *mqpcap_outcome_line(mqpcap_outcome o);
int mqpcap_outcome_exit(mqpcap_outcome o);

/* ================================================================ corpus
 * Fuzz seeds are the raw client -> server byte stream of one connection
 * (every byte the client sent, in order, gaps left out), written as
 * DIR/<stem>-c<N>.bin. Optional headers in front of the stream:
 *   prefix/prefix_len: these bytes, as given;
 *   harness_header: the 2-byte header of the codec's stream harnesses
 *     (fuzz/harness_input.h): byte 0 = version and direction (0x00 3.1,
 *     0x01 3.1.1, 0x02 5.0, all client -> server, default policy), byte 1 =
 *     0x00 (stream delivered in one piece). The version is the CONNECT's,
 *     3.1.1 when the connection has none.
 * Returns the number of seeds written or -1. */
typedef struct mqpcap_seed_opts {
    const uint8_t *prefix;
    size_t prefix_len;
    bool harness_header;
} mqpcap_seed_opts;

int mqpcap_export_seeds(const mqpcap_capture *cap, const char *dir, const char *stem,
                        const mqpcap_seed_opts *opts, char *err, size_t errlen);

/* Harness header byte 0 for a client -> server stream of that version. */
uint8_t mqpcap_harness_header0(int version);

/* The reverse: a seed (raw client -> server bytes) as a one-connection capture
 * 127.0.0.1:50000 -> 127.0.0.1:port, so it can be replayed at a broker. */
int mqpcap_seed_to_pcap(const uint8_t *seed, size_t len, uint16_t port, const char *path,
                        char *err, size_t errlen);

/* A fuzz input (a crash, say) as a capture a broker can be given (pcap/src/crash_input.c,
 * `mqttcheck corpus --to-pcap`). The harness header is detected by itself: an input
 * whose first byte cannot start an MQTT packet, or with more valid packets from byte 2
 * than from byte 0, carries one; it is removed and gives the version (a
 * server->client input is refused). A CONNECT of that version (3.1.1 without a header)
 * is put in front when the stream does not start with one, so the broker reads on to
 * the bytes that matter instead of closing at the first. */
enum { MQPCAP_HDR_DETECT = 0, MQPCAP_HDR_YES, MQPCAP_HDR_NO };
enum { MQPCAP_CONNECT_AUTO = 0, MQPCAP_CONNECT_ALWAYS, MQPCAP_CONNECT_NEVER };
typedef struct mqpcap_crash_opts {
    int header;        /* MQPCAP_HDR_* */
    int connect;       /* MQPCAP_CONNECT_* */
    int version;       /* 3, 4, 5 for the CONNECT; 0: the header's, else 3.1.1 */
    size_t skip;       /* bytes dropped after the header */
    uint16_t port;     /* the broker's port in the capture, 0: 1883 */
} mqpcap_crash_opts;
typedef struct mqpcap_crash_info {
    bool header;               /* a harness header was taken off */
    bool starts_with_connect;  /* the stream itself starts with CONNECT */
    int version;               /* of the CONNECT put in front */
    size_t connect_len;        /* bytes of CONNECT put in front, 0: none */
    size_t payload_len;        /* bytes of the input itself */
} mqpcap_crash_info;
int mqpcap_crash_to_pcap(const uint8_t *in, size_t n, const mqpcap_crash_opts *opts,
                         const char *path, mqpcap_crash_info *info, char *err, size_t errlen);

#ifdef __cplusplus
}
#endif
#endif
