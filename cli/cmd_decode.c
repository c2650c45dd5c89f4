/* mqttcheck decode: packets from hex (arguments or stdin) or a binary file,
 * decoded and judged by the codec. Captures (pcap/pcapng) go to the pcap
 * folder's transcript when it is built in. */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "mqttcodec.h"
#include "mqttcodec_json.h"

#ifdef MQC_HAVE_PCAP
int cli_cmd_decode_pcap(int argc, char **argv);
#endif

static void usage(FILE *f)
{
    fprintf(f,
            "usage: mqttcheck decode [options] [HEX...]\n"
            "       mqttcheck decode [options] --file FILE\n"
            "       mqttcheck decode [options] CAPTURE.pcap\n\n"
            "Decodes MQTT packets and judges them against the spec. With no HEX and no\n"
            "--file, hex is read from standard input. Several packets may follow each other.\n\n"
            "  --version V      3.1, 3.1.1, 5.0 or auto (default auto: from a CONNECT, else 5.0)\n"
            "  --direction D    c2s (client to server, default) or s2c\n"
            "  --file FILE      read raw binary packets from FILE\n"
            "  --json           one JSON object per packet\n"
            "  --max-packet N   refuse packets larger than N bytes (policy)\n"
            "  -h, --help       this text\n\n"
            "exit: 0 all packets valid, 1 a packet was rejected, 2 usage or input error\n");
}

static int parse_version(const char *s, int *v)
{
    if (!strcmp(s, "auto")) *v = 0;
    else if (!strcmp(s, "3.1") || !strcmp(s, "3")) *v = MQTT_V31;
    else if (!strcmp(s, "3.1.1") || !strcmp(s, "4")) *v = MQTT_V311;
    else if (!strcmp(s, "5.0") || !strcmp(s, "5")) *v = MQTT_V5;
    else return -1;
    return 0;
}

/* Appends hex digits of s to buf (spaces, colons and 0x prefixes ignored). */
static int add_hex(const char *s, unsigned char **buf, size_t *len, size_t *cap, int *half, unsigned *acc)
{
    for (const char *p = s; *p; p++) {
        if (isspace((unsigned char)*p) || *p == ':' || *p == ',')
            continue;
        if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
            p++;
            continue;
        }
        if (!isxdigit((unsigned char)*p))
            return -1;
        unsigned d = (unsigned)(isdigit((unsigned char)*p) ? *p - '0' : (tolower((unsigned char)*p) - 'a' + 10));
        *acc = (*acc << 4) | d;
        if (++*half == 2) {
            if (*len == *cap) {
                *cap = *cap ? *cap * 2 : 256;
                unsigned char *nb = realloc(*buf, *cap);
                if (!nb)
                    return -1;
                *buf = nb;
            }
            (*buf)[(*len)++] = (unsigned char)*acc;
            *half = 0;
            *acc = 0;
        }
    }
    return 0;
}

static int read_file(const char *path, unsigned char **buf, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "mqttcheck decode: %s: %s\n", path, strerror(errno));
        return -1;
    }
    size_t cap = 0;
    unsigned char tmp[65536];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0) {
        if (*len + n > cap) {
            cap = (*len + n) * 2;
            unsigned char *nb = realloc(*buf, cap);
            if (!nb) {
                fclose(f);
                return -1;
            }
            *buf = nb;
        }
        memcpy(*buf + *len, tmp, n);
        *len += n;
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        fprintf(stderr, "mqttcheck decode: %s: read error\n", path);
        return -1;
    }
    return 0;
}

static int is_capture(const char *path)
{
    unsigned char m[4];
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    size_t n = fread(m, 1, 4, f);
    fclose(f);
    if (n < 4)
        return 0;
    unsigned x = (unsigned)m[0] << 24 | (unsigned)m[1] << 16 | (unsigned)m[2] << 8 | m[3];
    return x == 0xa1b2c3d4u || x == 0xd4c3b2a1u || x == 0xa1b23c4du || x == 0x4d3cb2a1u || x == 0x0a0d0d0au;
}

static void print_error_text(size_t idx, size_t off, const mqtt_error *e)
{
    printf("#%zu @%zu REJECTED %s %s [%s] at byte %zu (%s): %s", idx, off, mqtt_status_name(e->status),
           mqtt_errcode_name(e->code), e->stmt, e->offset, e->field, e->message);
    if (e->reason)
        printf("; v5 peer answers 0x%02x", e->reason);
    printf("\n");
}

static void print_props_text(const char *label, const mqtt_props *pr)
{
    json_t *a = mqtt_props_to_json(pr);
    size_t i;
    json_t *p;
    json_array_foreach(a, i, p) {
        char *s = json_dumps(p, JSON_COMPACT | JSON_ENSURE_ASCII);
        printf("    %s %s\n", label, s ? s : "?");
        free(s);
    }
    json_decref(a);
}

static void print_packet_text(size_t idx, size_t off, const mqtt_packet *pkt, mqtt_version v)
{
    char line[1024];
    mqtt_packet_summary(pkt, v, line, sizeof line);
    printf("#%zu @%zu %s (%zu bytes)%s\n", idx, off, line, pkt->total, pkt->noncanonical ? " [non-canonical form]" : "");
    if (v != MQTT_V5)
        return;
    switch (pkt->type) {
    case MQTT_CONNECT:
        print_props_text("property", &pkt->u.connect.props);
        print_props_text("will property", &pkt->u.connect.will_props);
        break;
    case MQTT_CONNACK: print_props_text("property", &pkt->u.connack.props); break;
    case MQTT_PUBLISH: print_props_text("property", &pkt->u.publish.props); break;
    case MQTT_PUBACK:
    case MQTT_PUBREC:
    case MQTT_PUBREL:
    case MQTT_PUBCOMP: print_props_text("property", &pkt->u.ack.props); break;
    case MQTT_SUBSCRIBE: print_props_text("property", &pkt->u.subscribe.props); break;
    case MQTT_UNSUBSCRIBE: print_props_text("property", &pkt->u.unsubscribe.props); break;
    case MQTT_SUBACK:
    case MQTT_UNSUBACK: print_props_text("property", &pkt->u.suback.props); break;
    case MQTT_DISCONNECT:
    case MQTT_AUTH: print_props_text("property", &pkt->u.reason.props); break;
    default: break;
    }
}

static void emit_json(json_t *o)
{
    char *s = json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII);
    if (s)
        puts(s);
    free(s);
    json_decref(o);
}

int cli_cmd_decode(int argc, char **argv)
{
    static const struct option opts[] = {{"version", required_argument, 0, 'V'},
                                         {"direction", required_argument, 0, 'd'},
                                         {"file", required_argument, 0, 'f'},
                                         {"json", no_argument, 0, 'j'},
                                         {"max-packet", required_argument, 0, 'm'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    int version = 0, json = 0, c;
    mqtt_direction dir = MQTT_C2S;
    const char *file = NULL;
    mqtt_policy pol;
    mqtt_policy_default(&pol);

#ifdef MQC_HAVE_PCAP
    /* a capture anywhere in the operands goes to the pcap transcript */
    for (int i = 1; i < argc; i++)
        if (argv[i][0] != '-' && is_capture(argv[i]))
            return cli_cmd_decode_pcap(argc, argv);
#endif
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'V':
            if (parse_version(optarg, &version)) {
                fprintf(stderr, "mqttcheck decode: unknown version '%s' (3.1, 3.1.1, 5.0 or auto)\n", optarg);
                return 2;
            }
            break;
        case 'd':
            if (!strcmp(optarg, "c2s")) dir = MQTT_C2S;
            else if (!strcmp(optarg, "s2c")) dir = MQTT_S2C;
            else {
                fprintf(stderr, "mqttcheck decode: direction must be c2s or s2c, not '%s'\n", optarg);
                return 2;
            }
            break;
        case 'f': file = optarg; break;
        case 'j': json = 1; break;
        case 'm': {
            char *end;
            unsigned long n = strtoul(optarg, &end, 10);
            if (*end || n == 0 || n > 268435460ul) {
                fprintf(stderr, "mqttcheck decode: --max-packet wants a size in bytes\n");
                return 2;
            }
            pol.max_packet_size = (uint32_t)n;
            break;
        }
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }

    unsigned char *buf = NULL;
    size_t len = 0, cap = 0;
    int half = 0;
    unsigned acc = 0;
    if (file) {
        if (optind < argc) {
            fprintf(stderr, "mqttcheck decode: give either --file or hex, not both\n");
            return 2;
        }
        if (is_capture(file)) {
#ifdef MQC_HAVE_PCAP
            return cli_cmd_decode_pcap(argc, argv);
#else
            fprintf(stderr, "mqttcheck decode: %s is a capture; this build has no pcap support\n", file);
            return 2;
#endif
        }
        if (read_file(file, &buf, &len)) {
            free(buf);
            return 2;
        }
    } else if (optind < argc) {
        for (int i = optind; i < argc; i++)
            if (add_hex(argv[i], &buf, &len, &cap, &half, &acc)) {
                fprintf(stderr, "mqttcheck decode: '%s' is not hex (and not a readable capture)\n", argv[i]);
                free(buf);
                return 2;
            }
    } else {
        char line[4096];
        while (fgets(line, sizeof line, stdin))
            if (add_hex(line, &buf, &len, &cap, &half, &acc)) {
                fprintf(stderr, "mqttcheck decode: standard input is not hex\n");
                free(buf);
                return 2;
            }
    }
    if (half) {
        fprintf(stderr, "mqttcheck decode: odd number of hex digits\n");
        free(buf);
        return 2;
    }
    if (len == 0) {
        fprintf(stderr, "mqttcheck decode: no bytes to decode\n");
        free(buf);
        return 2;
    }

    if (!version) {
        int cv = mqtt_connect_version(buf, len);
        version = cv ? cv : MQTT_V5;
    }
    mqtt_decode_opts o = {(mqtt_version)version, dir, &pol};
    size_t off = 0, idx = 0;
    int rc = 0;
    while (off < len) {
        mqtt_frame fr;
        mqtt_error e;
        mqtt_packet pkt;
        idx++;
        mqtt_status st = mqtt_frame_next(buf + off, len - off, &o, &fr, &e);
        if (st == MQTT_NEED_MORE) {
            if (json)
                emit_json(json_pack("{s:I, s:I, s:b, s:s, s:I, s:o}", "index", (json_int_t)idx, "offset",
                                    (json_int_t)off, "valid", 0, "incomplete", "packet ends early", "need",
                                    (json_int_t)fr.need, "hex", mqtt_hex_json(buf + off, len - off, 0)));
            else
                printf("#%zu @%zu INCOMPLETE: the input ends %zu byte(s) early (%zu bytes given)\n", idx, off, fr.need,
                       len - off);
            rc = 1;
            break;
        }
        if (st != MQTT_OK) {
            if (json)
                emit_json(json_pack("{s:I, s:I, s:b, s:o, s:o}", "index", (json_int_t)idx, "offset", (json_int_t)off,
                                    "valid", 0, "error", mqtt_error_to_json(&e), "hex",
                                    mqtt_hex_json(buf + off, len - off, 64)));
            else
                print_error_text(idx, off, &e);
            rc = 1;
            break; /* framing lost: nothing after this can be trusted */
        }
        st = mqtt_decode(buf + off, fr.total, &o, &pkt, &e);
        if (json) {
            json_t *j = json_pack("{s:I, s:I, s:I, s:o}", "index", (json_int_t)idx, "offset", (json_int_t)off, "length",
                                  (json_int_t)fr.total, "hex", mqtt_hex_json(buf + off, fr.total, 4096));
            json_object_set_new(j, "version", json_string(version == 3 ? "3.1" : version == 4 ? "3.1.1" : "5.0"));
            json_object_set_new(j, "direction", json_string(dir == MQTT_C2S ? "c2s" : "s2c"));
            json_object_set_new(j, "valid", json_boolean(st == MQTT_OK));
            json_object_set_new(j, st == MQTT_OK ? "packet" : "error",
                                st == MQTT_OK ? mqtt_packet_to_json(&pkt, o.version) : mqtt_error_to_json(&e));
            emit_json(j);
        } else if (st == MQTT_OK) {
            print_packet_text(idx, off, &pkt, o.version);
        } else {
            print_error_text(idx, off, &e);
        }
        if (st != MQTT_OK)
            rc = 1;
        off += fr.total;
    }
    free(buf);
    fflush(stdout);
    return rc;
}
