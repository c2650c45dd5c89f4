/*
 * Capture subcommands: `replay`, `corpus`, and the pcap half of `decode`.
 * Thin wrappers over pcap/include/mqpcap.h; argument parsing and output
 * formats only.
 */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#ifdef MQC_HAVE_TRANSPORT
#include "mqtransport.h"
#endif
#include "cli.h"
#include "mqpcap.h"
#include "mqttcodec_json.h"

/* Called by `mqttcheck decode` when its input file is a pcap or pcapng:
 * argv[0] = "decode", then FILE and the options below. */
int cli_cmd_decode_pcap(int argc, char **argv);

static int parse_port(const char *s, uint16_t *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end || v < 1 || v > 65535)
        return -1;
    *out = (uint16_t)v;
    return 0;
}

static const char *basename_of(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

/* File name without directory and extension, for output names. */
static void stem_of(const char *path, char *buf, size_t len)
{
    snprintf(buf, len, "%s", basename_of(path));
    char *dot = strrchr(buf, '.');
    if (dot && dot != buf)
        *dot = 0;
}

/* ------------------------------------------------------------- decode */

static double tv_s(const struct timeval *t)
{
    return (double)t->tv_sec + (double)t->tv_usec / 1e6;
}

static void json_line(json_t *o)
{
    char *s = json_dumps(o, JSON_COMPACT);
    if (s)
        puts(s);
    free(s);
    json_decref(o);
}

static int decode_json(const mqpcap_capture *cap)
{
    int problems = 0;
    char a[64], b[64], line[2048];
    for (size_t i = 0; i < cap->nconns; i++) {
        const mqpcap_conn *c = &cap->conns[i];
        json_t *h = json_pack("{s:s, s:I, s:s, s:s, s:i, s:i, s:b, s:I, s:I, s:I}", "record",
                              "connection", "conn", (json_int_t)(i + 1), "client",
                              mqpcap_addr_str(&c->client, a, sizeof a), "server",
                              mqpcap_addr_str(&c->server, b, sizeof b), "version", c->version,
                              "decoded_as", c->decoded_as,
                              "handshake", c->syn_seen, "c2s_bytes", (json_int_t)c->c2s.len,
                              "s2c_bytes", (json_int_t)c->s2c.len, "missing_bytes",
                              (json_int_t)(c->c2s.gap_bytes + c->s2c.gap_bytes));
        if (c->c2s_stop)
            json_object_set_new(h, "client_stream_stop",
                                json_pack("{s:s, s:I}", "reason", c->c2s_stop, "offset",
                                          (json_int_t)c->c2s_stop_off));
        if (c->s2c_stop)
            json_object_set_new(h, "server_stream_stop",
                                json_pack("{s:s, s:I}", "reason", c->s2c_stop, "offset",
                                          (json_int_t)c->s2c_stop_off));
        problems += (c->c2s_stop != NULL) + (c->s2c_stop != NULL);
        json_line(h);
        mqtt_version v = (mqtt_version)c->decoded_as;
        for (size_t k = 0; k < c->nmsgs; k++) {
            const mqpcap_msg *m = &c->msgs[k];
            mqpcap_msg_describe(m, c->decoded_as, false, line, sizeof line);
            json_t *o = json_pack("{s:s, s:I, s:f, s:s, s:I, s:I, s:s}", "record", "packet",
                                  "conn", (json_int_t)(i + 1), "time", tv_s(&m->ts), "dir",
                                  m->dir == MQTT_C2S ? "c2s" : "s2c", "offset",
                                  (json_int_t)m->off, "length", (json_int_t)m->len,
                                  "summary", line);
            if (m->status == MQTT_OK)
                json_object_set_new(o, "packet", mqtt_packet_to_json(&m->pkt, v));
            else
                json_object_set_new(o, "error", mqtt_error_to_json(&m->err));
            if (m->status != MQTT_OK)
                problems++;
            json_line(o);
        }
    }
    return problems;
}

static void decode_pcap_usage(FILE *f)
{
    fprintf(f, "usage: mqttcheck decode [--file] FILE.pcap [--json] [--port N [--only-port]]\n"
               "  Reassembles every TCP connection of a pcap/pcapng capture and decodes its\n"
               "  MQTT packets in both directions.\n"
               "  --json       one JSON object per line (connections, then their packets)\n"
               "  --port N     the broker's port (otherwise: SYN, CONNECT, lower port)\n"
               "  --only-port  ignore TCP traffic not on --port\n"
               "exit: 0 clean, 1 packets that do not decode or a damaged file (read up to\n"
               "the damage), 2 unreadable capture\n");
}

int cli_cmd_decode_pcap(int argc, char **argv)
{
    const char *file = NULL;
    bool json = false;
    mqpcap_read_opts ro;
    memset(&ro, 0, sizeof ro);
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--json")) {
            json = true;
        } else if (!strcmp(argv[i], "--only-port")) {
            ro.only_port = true;
        } else if (!strcmp(argv[i], "--port") && i + 1 < argc) {
            if (parse_port(argv[++i], &ro.server_port)) {
                fprintf(stderr, "decode: bad port '%s'\n", argv[i]);
                return 2;
            }
        } else if ((!strcmp(argv[i], "--file") || !strcmp(argv[i], "-f")) && i + 1 < argc &&
                   !file) {
            file = argv[++i]; /* the byte decoder's spelling of the input */
        } else if (!strncmp(argv[i], "--file=", 7) && !file) {
            file = argv[i] + 7;
        } else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            decode_pcap_usage(stdout);
            return 0;
        } else if (argv[i][0] != '-' && !file) {
            file = argv[i];
        } else {
            fprintf(stderr, "decode: unexpected argument '%s'\n", argv[i]);
            decode_pcap_usage(stderr);
            return 2;
        }
    }
    if (!file) {
        decode_pcap_usage(stderr);
        return 2;
    }
    char err[512];
    mqpcap_capture *cap = mqpcap_read_file(file, &ro, err, sizeof err);
    if (!cap) {
        fprintf(stderr, "decode: %s\n", err);
        return 2;
    }
    int problems = json ? decode_json(cap) : mqpcap_transcript(cap, stdout);
    if (cap->truncated) {
        fprintf(stderr, "decode: %s: capture damaged, read up to the damage: %s\n", file,
                cap->note);
        problems++;
    }
    mqpcap_capture_free(cap);
    return problems ? 1 : 0;
}

/* ------------------------------------------------------------- replay */

static void replay_usage(FILE *f)
{
    fprintf(f,
            "usage: mqttcheck replay FILE.pcap --target HOST:PORT [options]\n"
            "  Replays each recorded connection's client side in the recorded order and\n"
            "  compares the broker's answers with the recorded ones.\n"
            "  --target HOST:PORT  loopback broker to replay against (127.0.0.1:PORT,\n"
            "                      [::1]:PORT, or a name resolving to loopback: localhost:PORT)\n"
            "  --speed X           keep recorded timing, X times faster (default: no delays)\n"
            "  --rewrite-ids       append a per-run suffix to client ids\n"
            "  --topic-prefix P    put P in front of every topic and filter the clients use\n"
            "                      (taken off again before comparing)\n"
            "  --out DIR           record the new exchange as DIR/<name>-replay.pcap\n"
            "  --record FILE       record the new exchange as FILE\n"
            "  --port N            the broker's port in the capture (default: guess)\n"
            "  --wait-ms N         deadline for each expected answer (default 2000)\n"
            "  --tls, --cafile F, --insecure, --cert F --key F, --sni NAME, --tls-version V,\n"
            "  --ws PATH           replay over TLS and/or WebSocket, as `mqttcheck run`\n"
            "The last line says what happened:\n"
            "  reproduces            the broker answers as recorded (exit 0), or, for a\n"
            "                        capture without broker packets (a crash, e.g. from\n"
            "                        `corpus --to-pcap`), the broker died again (exit 1)\n"
            "  no longer reproduces  a recorded crash: the broker survived it (exit 0)\n"
            "  differs               other answers than recorded, or the broker died;\n"
            "                        the diff per connection is above (exit 1)\n"
            "exit: 0 as recorded / crash fixed, 1 differs / crash reproduces, 2 could not run\n");
}

static int parse_target(const char *s, char *host, size_t hlen, uint16_t *port)
{
    const char *colon;
    if (s[0] == '[') {
        const char *close = strchr(s, ']');
        if (!close || close[1] != ':')
            return -1;
        snprintf(host, hlen, "%.*s", (int)(close - s - 1), s + 1);
        colon = close + 1;
    } else {
        colon = strrchr(s, ':');
        if (!colon)
            return -1;
        snprintf(host, hlen, "%.*s", (int)(colon - s), s);
    }
    return parse_port(colon + 1, port);
}

int cli_cmd_replay(int argc, char **argv)
{
    const char *file = NULL, *target = NULL, *outdir = NULL, *record = NULL;
    mqpcap_replay_opts o;
    memset(&o, 0, sizeof o);
#ifdef MQC_HAVE_TRANSPORT
    mqt_config tc;
    memset(&tc, 0, sizeof tc);
#endif
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool has = i + 1 < argc;
        if (!strcmp(a, "--target") && has) {
            target = argv[++i];
#ifdef MQC_HAVE_TRANSPORT
        } else if (!strcmp(a, "--tls")) {
            tc.tls = true;
        } else if (!strcmp(a, "--insecure")) {
            tc.insecure = true;
        } else if (!strcmp(a, "--cafile") && has) {
            tc.cafile = argv[++i];
        } else if (!strcmp(a, "--cert") && has) {
            tc.cert = argv[++i];
        } else if (!strcmp(a, "--key") && has) {
            tc.key = argv[++i];
        } else if (!strcmp(a, "--sni") && has) {
            tc.sni = argv[++i];
        } else if (!strcmp(a, "--ws") && has) {
            tc.ws_path = argv[++i];
        } else if (!strcmp(a, "--tls-version") && has) {
            const char *v = argv[++i];
            if (strcmp(v, "1.2") && strcmp(v, "1.3")) {
                fprintf(stderr, "replay: --tls-version is 1.2 or 1.3, got '%s'\n", v);
                return 2;
            }
            tc.tls_version = v[2] == '2' ? 12 : 13;
#endif
        } else if (!strcmp(a, "--speed") && has) {
            char *end;
            o.speed = strtod(argv[++i], &end);
            if (*end || o.speed <= 0) {
                fprintf(stderr, "replay: --speed wants a positive number\n");
                return 2;
            }
        } else if (!strcmp(a, "--rewrite-ids")) {
            o.rewrite_ids = true;
        } else if (!strcmp(a, "--topic-prefix") && has) {
            o.topic_prefix = argv[++i];
            if (!*o.topic_prefix || strpbrk(o.topic_prefix, "+#") || o.topic_prefix[0] == '$') {
                fprintf(stderr, "replay: --topic-prefix wants a plain topic prefix such as "
                                "'replay1/' (no wildcards, no leading $)\n");
                return 2;
            }
        } else if (!strcmp(a, "--out") && has) {
            outdir = argv[++i];
        } else if (!strcmp(a, "--record") && has) {
            record = argv[++i];
        } else if (!strcmp(a, "--port") && has) {
            if (parse_port(argv[++i], &o.server_port)) {
                fprintf(stderr, "replay: bad port '%s'\n", argv[i]);
                return 2;
            }
        } else if (!strcmp(a, "--wait-ms") && has) {
            o.wait_ms = atoi(argv[++i]);
            if (o.wait_ms <= 0 || o.wait_ms > 600000) {
                fprintf(stderr, "replay: --wait-ms wants 1..600000\n");
                return 2;
            }
        } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            replay_usage(stdout);
            return 0;
        } else if (a[0] != '-' && !file) {
            file = a;
        } else {
            fprintf(stderr, "replay: unexpected argument '%s'\n", a);
            replay_usage(stderr);
            return 2;
        }
    }
    char host[128];
    if (!file || !target) {
        replay_usage(stderr);
        return 2;
    }
    if (parse_target(target, host, sizeof host, &o.port)) {
        fprintf(stderr, "replay: --target wants HOST:PORT, got '%s'\n", target);
        return 2;
    }
    o.host = host;
#ifdef MQC_HAVE_TRANSPORT
    if (tc.tls || tc.ws_path) {
        char terr[512];
        if (tc.insecure)
            fprintf(stderr, "replay: WARNING: --insecure: the broker's TLS certificate is NOT verified\n");
        if (!(o.transport = mqt_ctx_new(&tc, host, target, terr, sizeof terr))) {
            fprintf(stderr, "replay: %s\n", terr);
            return 2;
        }
    }
#endif
    char path[4096];
    if (record) {
        o.out_pcap = record;
    } else if (outdir) {
        if (mkdir(outdir, 0777) != 0 && errno != EEXIST) {
            fprintf(stderr, "replay: cannot create %s: %s\n", outdir, strerror(errno));
            return 2;
        }
        char stem[512];
        stem_of(file, stem, sizeof stem);
        snprintf(path, sizeof path, "%s/%s-replay.pcap", outdir, stem);
        o.out_pcap = path;
    }
    char err[512];
    mqpcap_read_opts ro;
    memset(&ro, 0, sizeof ro);
    ro.server_port = o.server_port;
    mqpcap_capture *cap = mqpcap_read_file(file, &ro, err, sizeof err);
    mqpcap_verdict v = MQPCAP_CANNOT_RUN;
    mqpcap_outcome out = MQPCAP_OUT_CANNOT_RUN;
    if (cap) {
        err[0] = 0;
        v = mqpcap_replay(cap, &o, stdout, err, sizeof err);
        out = mqpcap_replay_outcome(cap, v);
        mqpcap_capture_free(cap);
    }
#ifdef MQC_HAVE_TRANSPORT
    mqt_ctx_free(o.transport);
#endif
    if (!cap) {
        fprintf(stderr, "replay: %s\n", err);
        return 2;
    }
    if (v == MQPCAP_CANNOT_RUN) {
        fprintf(stderr, "replay: %s\n", err[0] ? err : "could not run");
        return 2;
    }
    if (o.out_pcap)
        printf("recorded: %s\n", o.out_pcap);
    printf("%s\n", mqpcap_outcome_line(out));
    return mqpcap_outcome_exit(out);
}

/* ------------------------------------------------------------- corpus */

static void corpus_usage(FILE *f)
{
    fprintf(f,
            "usage: mqttcheck corpus FILE.pcap -o DIR [--port N] [--harness-header]\n"
            "                        [--prefix-header HEX]\n"
            "       mqttcheck corpus --to-pcap INPUT -o FILE.pcap [--port N] [--skip N]\n"
            "                        [--harness-header | --no-harness-header]\n"
            "                        [--connect | --no-connect] [--version V]\n"
            "  First form: one fuzz seed per connection, DIR/<name>-cN.bin, holding the raw\n"
            "  client->server byte stream, behind the codec harnesses' 2-byte header\n"
            "  (version + direction, fuzz/harness_input.h) with --harness-header, and/or\n"
            "  behind the given HEX bytes.\n"
            "  Second form: wraps a fuzz input (a crash, say) in a synthesized 127.0.0.1\n"
            "  connection to port N (default 1883), so it can be replayed against a live\n"
            "  broker with `mqttcheck replay` (which then says whether it reproduces).\n"
            "  The harness header (fuzz/harness_input.h) is detected by itself and removed\n"
            "  (--harness-header / --no-harness-header decide instead); --skip N drops N\n"
            "  more bytes. A CONNECT (version from the header, else 3.1.1, or --version\n"
            "  3.1|3.1.1|5.0) is put in front when the input does not start with one, so the\n"
            "  broker reads on to the bytes that matter (--connect: always, --no-connect:\n"
            "  never).\n");
}

static int parse_hex(const char *s, uint8_t **out, size_t *len)
{
    size_t n = strlen(s);
    if (n % 2)
        return -1;
    uint8_t *b = malloc(n / 2 + 1);
    if (!b)
        return -1;
    for (size_t i = 0; i < n / 2; i++) {
        unsigned v;
        if (sscanf(s + 2 * i, "%2x", &v) != 1) {
            free(b);
            return -1;
        }
        b[i] = (uint8_t)v;
    }
    *out = b;
    *len = n / 2;
    return 0;
}

static int read_all(const char *path, uint8_t **out, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    size_t cap = 4096, n = 0;
    uint8_t *b = malloc(cap);
    while (b) {
        size_t r = fread(b + n, 1, cap - n, f);
        n += r;
        if (n < cap)
            break;
        uint8_t *nb = cap < (256u << 20) ? realloc(b, cap * 2) : NULL;
        if (!nb) {
            free(b);
            b = NULL;
            break;
        }
        b = nb;
        cap *= 2;
    }
    int bad = ferror(f);
    fclose(f);
    if (!b || bad) {
        free(b);
        return -1;
    }
    *out = b;
    *len = n;
    return 0;
}

int cli_cmd_corpus(int argc, char **argv)
{
    const char *file = NULL, *out = NULL, *seed = NULL, *hex = NULL;
    uint16_t port = 0;
    long skip = 0;
    bool harness = false;
    mqpcap_crash_opts co = {0};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool has = i + 1 < argc;
        if ((!strcmp(a, "-o") || !strcmp(a, "--out")) && has) {
            out = argv[++i];
        } else if (!strcmp(a, "--to-pcap") && has) {
            seed = argv[++i];
        } else if (!strcmp(a, "--harness-header")) {
            harness = true;
            co.header = MQPCAP_HDR_YES;
        } else if (!strcmp(a, "--no-harness-header")) {
            co.header = MQPCAP_HDR_NO;
        } else if (!strcmp(a, "--connect")) {
            co.connect = MQPCAP_CONNECT_ALWAYS;
        } else if (!strcmp(a, "--no-connect")) {
            co.connect = MQPCAP_CONNECT_NEVER;
        } else if (!strcmp(a, "--version") && has) {
            const char *v = argv[++i];
            co.version = !strcmp(v, "3.1") ? 3 : !strcmp(v, "3.1.1") ? 4 : !strcmp(v, "5.0") || !strcmp(v, "5") ? 5 : -1;
            if (co.version < 0) {
                fprintf(stderr, "corpus: --version wants 3.1, 3.1.1 or 5.0\n");
                return 2;
            }
        } else if (!strcmp(a, "--prefix-header") && has) {
            hex = argv[++i];
        } else if (!strcmp(a, "--skip") && has) {
            skip = strtol(argv[++i], NULL, 10);
            if (skip < 0) {
                fprintf(stderr, "corpus: --skip wants a byte count\n");
                return 2;
            }
        } else if (!strcmp(a, "--port") && has) {
            if (parse_port(argv[++i], &port)) {
                fprintf(stderr, "corpus: bad port '%s'\n", argv[i]);
                return 2;
            }
        } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            corpus_usage(stdout);
            return 0;
        } else if (a[0] != '-' && !file) {
            file = a;
        } else {
            fprintf(stderr, "corpus: unexpected argument '%s'\n", a);
            corpus_usage(stderr);
            return 2;
        }
    }
    char err[512];
    if (seed) {
        if (!out || file) {
            corpus_usage(stderr);
            return 2;
        }
        uint8_t *b;
        size_t n;
        if (read_all(seed, &b, &n) != 0) {
            fprintf(stderr, "corpus: cannot read %s: %s\n", seed, strerror(errno));
            return 2;
        }
        co.skip = (size_t)skip;
        co.port = port;
        mqpcap_crash_info info;
        int rc = mqpcap_crash_to_pcap(b, n, &co, out, &info, err, sizeof err);
        free(b);
        if (rc != 0) {
            fprintf(stderr, "corpus: %s: %s\n", seed, err);
            return 2;
        }
        static const char *const vname[] = {[3] = "3.1", [4] = "3.1.1", [5] = "5.0"};
        printf("wrote %s: %zu input bytes to 127.0.0.1:%u", out, info.payload_len, port ? port : 1883);
        printf("%s", info.header ? ", harness header removed" : ", no harness header");
        if (info.connect_len)
            printf(", behind a %s CONNECT (%zu bytes)", vname[info.version], info.connect_len);
        else if (info.starts_with_connect)
            printf(", starts with its own CONNECT");
        printf("\n");
        return 0;
    }
    if (!file || !out) {
        corpus_usage(stderr);
        return 2;
    }
    uint8_t *prefix = NULL;
    size_t plen = 0;
    if (hex && parse_hex(hex, &prefix, &plen) != 0) {
        fprintf(stderr, "corpus: --prefix-header wants hex bytes, e.g. 0501\n");
        return 2;
    }
    mqpcap_read_opts ro;
    memset(&ro, 0, sizeof ro);
    ro.server_port = port;
    mqpcap_capture *cap = mqpcap_read_file(file, &ro, err, sizeof err);
    if (!cap) {
        free(prefix);
        fprintf(stderr, "corpus: %s\n", err);
        return 2;
    }
    char stem[512];
    stem_of(file, stem, sizeof stem);
    mqpcap_seed_opts so = {.prefix = prefix, .prefix_len = plen, .harness_header = harness};
    int n = mqpcap_export_seeds(cap, out, stem, &so, err, sizeof err);
    mqpcap_capture_free(cap);
    free(prefix);
    if (n < 0) {
        fprintf(stderr, "corpus: %s\n", err);
        return 2;
    }
    printf("wrote %d seed(s) to %s\n", n, out);
    return 0;
}
