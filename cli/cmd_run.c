/* `mqttcheck run` and `mqttcheck list`: flags into mqconf_options, nothing more.
 * `mqttcheck client` (cmd_client.c) shares the parser. */
#define _XOPEN_SOURCE 700 /* realpath */
#include <errno.h>
#include <limits.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mqconf.h" /* before cli.h: it declares the shared parser */
#include "cli.h"
#include "datadir.h"
#include "mqpcap.h" /* the port captures show the broker on */

#define MAXSEL CLI_MAXSEL

static void run_usage(FILE *f)
{
    fprintf(f,
            "usage: mqttcheck run --target HOST:PORT [options]\n"
            "       mqttcheck run --spawn 'COMMAND {port}' [options]\n\n"
            "Runs the conformance scenarios against a broker over raw TCP.\n"
            "(MQTT client libraries are tested with `mqttcheck client`.)\n\n"
            "  --target HOST:PORT   broker address (IPv6 as [ADDR]:PORT)\n"
            "  --select GLOB        scenario ids to run (repeatable, e.g. '3.3/*')\n"
            "  --statement ID       scenarios citing this statement (repeatable)\n"
            "  -j, --jobs N         cases in parallel (default: 4 x cores; cases mostly wait)\n"
            "  --time-scale X       multiply every timing by X (slow brokers: 2, 5 ...)\n"
            "  --repeat N           run every case N times; a case whose verdicts differ is\n"
            "                       FLAKY, with every verdict seen (fails the run unless the\n"
            "                       baseline marks it flaky)\n"
            "  --versions LIST      MQTT versions, e.g. 3.1.1,5.0 (default 3.1,3.1.1,5.0)\n"
            "  --out DIR            results folder (default ./mqttcheck-out)\n"
            "  --name NAME          target label in the reports and baselines (default: the\n"
            "                       address; with --spawn alone the program's name)\n"
            "  --strict             NON-STRICT counts as a failure\n"
            "  --baseline FILE      expected failures (see reports/SCHEMA.md)\n"
            "  --quiet | --verbose | --plain   console output\n"
            "  --no-pcap            do not record a capture per case\n"
            "  --pcap-port N        port the broker side is shown on in the captures (default\n"
            "                       1883, so Wireshark decodes MQTT; 0: the real port)\n"
            "  --spawn 'CMD {port}' start the broker under test ({port}: a free loopback port,\n"
            "                       or --target's); its death is reported against the case\n"
            "                       that killed it; stopped at the end. Log: OUT/broker.log\n"
            "  --broker-version STR the broker's version for the reports (default: what its\n"
            "                       retained $SYS/broker/version says, if it has one)\n"
            "  --resource-thresholds K=V,...  with --spawn: thresholds of the resource oracles\n"
            "                       (repeat, rss_kb, fds, threads, spin_ratio, spin_intervals,\n"
            "                       spin_interval, slow_factor, slow_floor: conformance/README.md)\n"
            "  --no-resources       with --spawn: do not sample the broker (no RESOURCE verdicts)\n"
            "  --username U, --password P  credentials for every CONNECT the runner builds\n"
            "                       (the probe, t:connect) unless a scenario sets its own\n"
            "  --profile FILE       JSON: how the broker is configured (a topic it forbids,\n"
            "                       valid and invalid credentials); the cases that need it\n"
            "                       are UNSUPPORTED without it (conformance/API.md)\n"
            "  --capture IFACE      also capture the target's port live (libpcap, root):\n"
            "                       OUT/pcap/live.pcap, for traffic mqttcheck did not make\n"
            "                       (real ports: Wireshark needs Decode As... MQTT on them)\n"
            "  --tls                TLS to the broker (verified against the system store or --cafile)\n"
            "  --cafile F           CA bundle (PEM) the broker's certificate must chain to\n"
            "  --insecure           do not verify the broker's certificate (prints a warning)\n"
            "  --cert F --key F     client certificate and key (PEM)\n"
            "  --sni NAME           server name sent and verified (default: the target's host)\n"
            "  --tls-version V      1.2 or 1.3 only (default: 1.2 or newer); ALPN offers \"mqtt\"\n"
            "  --ws PATH            MQTT over WebSocket (subprotocol mqtt) at PATH, e.g. /mqtt;\n"
            "                       with --tls: secure WebSocket (wss)\n"
            "  --scenarios DIR      add a folder of your own scenarios to the built-in ones\n"
            "                       (repeatable; use() finds DIR/lib, then the built-in lib/)\n"
            "  --scenarios-only DIR run only the scenarios in DIR (repeatable), not DATA/scenarios\n"
            "  --spec DIR           statement manifests (default: DATA/spec)\n"
            "  (DATA: mqttcheck --version shows it; --data-dir DIR or MQTTCHECK_DATA_DIR set it)\n\n"
            "Ctrl-C / SIGTERM: no more cases start, the running ones end, all unfinished ones are\n"
            "SKIPPED \"interrupted\", every report is written from what was recorded, the\n"
            "--spawn broker is stopped, and the run exits 2.\n\n"
            "exit codes: 0 nothing failed, 1 a case failed, 2 the run could not be done or was\n"
            "            interrupted\n");
}

static void list_usage(FILE *f)
{
    fprintf(f, "usage: mqttcheck list [--client] [--select GLOB] [--statement ID] [--versions LIST]\n"
               "                      [--cve] [--json] [--scenarios DIR] [--scenarios-only DIR] [--spec DIR]\n\n"
               "Lists the conformance scenarios and the statements they check.\n"
               "  --cve      the known-broker-bug family (cve/*): bug ids, broker, affected versions\n"
               "  --client   the client-mode scenarios (role = \"client\", conformance/client-scenarios)\n"
               "  --scenarios DIR       add DIR's scenarios to the built-in catalogue (repeatable)\n"
               "  --scenarios-only DIR  list DIR's scenarios instead of the built-in ones\n");
}

void cli_data_defaults(mqconf_options *o)
{
    const cli_data *d = cli_data_get();
    if (!d)
        return; /* the runner then names the folder it could not read; cli_data_hint says why */
    o->scenarios_dir = o->client ? d->client_scenarios : d->scenarios;
    o->spec_dir = d->spec;
}

void cli_results_hint(const mqconf_options *o, int rc, time_t since)
{
    if (rc != 2 || o->output == MQCONF_OUT_QUIET)
        return;
    char abs[PATH_MAX], path[PATH_MAX + 32];
    struct stat st;
    if (!realpath(o->out_dir, abs))
        return; /* nothing was written */
    snprintf(path, sizeof path, "%s/results.jsonl", abs);
    /* a results file of an earlier run in the same folder is not this run's */
    if (stat(path, &st) == 0 && st.st_mtime >= since)
        printf("results so far: %s\n", path);
}

void cli_data_hint(const char *cmd)
{
    if (*cli_data_error())
        fprintf(stderr, "mqttcheck %s: %s\n", cmd, cli_data_error());
}

static int parse_versions(const char *s, unsigned *out)
{
    char buf[128];
    snprintf(buf, sizeof buf, "%s", s);
    *out = 0;
    for (char *save = NULL, *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        if (!strcmp(t, "3.1"))
            *out |= MQCONF_V31;
        else if (!strcmp(t, "3.1.1"))
            *out |= MQCONF_V311;
        else if (!strcmp(t, "5.0") || !strcmp(t, "5"))
            *out |= MQCONF_V5;
        else
            return -1;
    }
    return *out ? 0 : -1;
}

/* Shared flag parsing; mode says which command's flags are allowed. Returns
 * -1 to go on, else the exit code (0 after --help). */
int cli_conformance_parse(int argc, char **argv, int mode, mqconf_options *o, int *json,
                          const char **sel, const char **stm, void (*usage)(FILE *))
{
    bool run_mode = mode != CLI_MODE_LIST;       /* the flags of a run */
    mqpcap_set_server_port(MQPCAP_MQTT_PORT);    /* captures Wireshark decodes (--pcap-port) */
    bool broker_mode = mode == CLI_MODE_RUN;     /* the flags about a broker target */
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
#define NEED()                                                                                \
    do {                                                                                      \
        if (!v) {                                                                             \
            fprintf(stderr, "mqttcheck %s: %s needs a value\n", argv[0], a);                  \
            return 2;                                                                         \
        }                                                                                     \
        i++;                                                                                  \
    } while (0)
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(a, "--select")) {
            NEED();
            if (o->nselect == MAXSEL)
                return fprintf(stderr, "mqttcheck: too many --select\n"), 2;
            sel[o->nselect++] = v;
        } else if (!strcmp(a, "--statement")) {
            NEED();
            if (o->nstatements == MAXSEL)
                return fprintf(stderr, "mqttcheck: too many --statement\n"), 2;
            stm[o->nstatements++] = v;
        } else if (!strcmp(a, "--versions")) {
            NEED();
            if (parse_versions(v, &o->versions)) {
                fprintf(stderr, "mqttcheck %s: bad --versions '%s' (use 3.1, 3.1.1, 5.0)\n",
                        argv[0], v);
                return 2;
            }
        } else if (!strcmp(a, "--scenarios") || !strcmp(a, "--scenarios-only")) {
            /* a user's folder joins the built-in catalogue, or replaces it with -only;
             * the built-in folder stays scenarios_dir so use() still finds its lib/ */
            NEED();
            static const char *user_dirs[MAXSEL];
            if (o->nuser_dirs == MAXSEL)
                return fprintf(stderr, "mqttcheck: too many --scenarios\n"), 2;
            user_dirs[o->nuser_dirs++] = v;
            o->user_dirs = user_dirs;
            if (!strcmp(a, "--scenarios-only"))
                o->scenarios_only = 1;
        } else if (!strcmp(a, "--spec")) {
            NEED();
            o->spec_dir = v;
        } else if (!run_mode && !strcmp(a, "--json")) {
            *json = 1;
        } else if (!run_mode && !strcmp(a, "--client")) {
            /* the built-in client catalogue (the base --scenarios adds to), in any order */
            mqconf_options bd, cd;
            mqconf_options_default(&bd);
            mqconf_options_default_client(&cd);
            cli_data_defaults(&bd);
            cli_data_defaults(&cd);
            if (!strcmp(o->scenarios_dir, bd.scenarios_dir))
                o->scenarios_dir = cd.scenarios_dir;
            o->client = 1;
        } else if (mode == CLI_MODE_CLIENT && !strcmp(a, "--driver")) {
            NEED();
            o->driver_cmd = v;
        } else if (broker_mode && !strcmp(a, "--target")) {
            NEED();
            o->target = v;
        } else if (run_mode && (!strcmp(a, "-j") || !strcmp(a, "--jobs"))) {
            NEED();
            char *end;
            long n = strtol(v, &end, 10);
            if (*end || n < 1 || n > 256) {
                fprintf(stderr, "mqttcheck %s: -j needs a number 1..256, got '%s'\n", argv[0], v);
                return 2;
            }
            o->jobs = (int)n;
        } else if (run_mode && !strcmp(a, "--repeat")) {
            NEED();
            char *end;
            long n = strtol(v, &end, 10);
            if (*end || n < 1 || n > 100) {
                fprintf(stderr, "mqttcheck %s: --repeat needs a number 1..100, got '%s'\n", argv[0], v);
                return 2;
            }
            o->repeat = (int)n;
        } else if (run_mode && !strcmp(a, "--time-scale")) {
            NEED();
            char *end;
            errno = 0;
            double x = strtod(v, &end);
            if (*end || errno || !(x > 0) || x > 1000) {
                fprintf(stderr, "mqttcheck %s: --time-scale needs a number in (0, 1000], got '%s'\n",
                        argv[0], v);
                return 2;
            }
            o->time_scale = x;
        } else if (run_mode && !strcmp(a, "--out")) {
            NEED();
            o->out_dir = v;
        } else if (run_mode && !strcmp(a, "--name")) {
            NEED();
            o->name = v;
        } else if (run_mode && !strcmp(a, "--baseline")) {
            NEED();
            o->baseline = v;
        } else if (run_mode && !strcmp(a, "--strict")) {
            o->strict = 1;
        } else if (run_mode && !strcmp(a, "--quiet")) {
            o->output = MQCONF_OUT_QUIET;
        } else if (run_mode && !strcmp(a, "--verbose")) {
            o->output = MQCONF_OUT_VERBOSE;
        } else if (run_mode && !strcmp(a, "--plain")) {
            o->output = MQCONF_OUT_PLAIN;
        } else if (run_mode && !strcmp(a, "--no-pcap")) {
            o->no_pcap = 1;
        } else if (run_mode && !strcmp(a, "--pcap-port")) {
            NEED();
            char *end;
            long n = strtol(v, &end, 10);
            if (*end || n < 0 || n > 65535) {
                fprintf(stderr, "mqttcheck %s: --pcap-port needs a port 0..65535, got '%s'\n", argv[0], v);
                return 2;
            }
            mqpcap_set_server_port((uint16_t)n);
        } else if (broker_mode && !strcmp(a, "--spawn")) {
            NEED();
            o->spawn_cmd = v;
        } else if (broker_mode && !strcmp(a, "--broker-version")) {
            NEED();
            o->broker_version = v;
        } else if (broker_mode && !strcmp(a, "--resource-thresholds")) {
            NEED();
            o->resource_thresholds = v;
        } else if (broker_mode && !strcmp(a, "--no-resources")) {
            o->no_resources = 1;
        } else if (!run_mode && !strcmp(a, "--cve")) {
            o->list_cve = 1;
        } else if (broker_mode && !strcmp(a, "--username")) {
            NEED();
            o->username = v;
        } else if (broker_mode && !strcmp(a, "--password")) {
            NEED();
            o->password = v;
        } else if (broker_mode && !strcmp(a, "--profile")) {
            NEED();
            o->profile = v;
        } else if (run_mode && !strcmp(a, "--tls")) {
            o->transport.tls = true;
        } else if (broker_mode && !strcmp(a, "--insecure")) {
            o->transport.insecure = true;
        } else if (run_mode && !strcmp(a, "--cafile")) {
            NEED();
            o->transport.cafile = v;
        } else if (run_mode && !strcmp(a, "--cert")) {
            NEED();
            o->transport.cert = v;
        } else if (run_mode && !strcmp(a, "--key")) {
            NEED();
            o->transport.key = v;
        } else if (broker_mode && !strcmp(a, "--sni")) {
            NEED();
            o->transport.sni = v;
        } else if (broker_mode && !strcmp(a, "--tls-version")) {
            NEED();
            if (strcmp(v, "1.2") && strcmp(v, "1.3")) {
                fprintf(stderr, "mqttcheck %s: --tls-version is 1.2 or 1.3, got '%s'\n", argv[0], v);
                return 2;
            }
            o->transport.tls_version = v[2] == '2' ? 12 : 13;
        } else if (run_mode && !strcmp(a, "--ws")) {
            NEED();
            o->transport.ws_path = v;
        } else if (broker_mode && !strcmp(a, "--capture")) {
            NEED();
            o->capture_iface = v;
        } else {
            fprintf(stderr, "mqttcheck %s: unknown option '%s' (see --help)\n", argv[0], a);
            return 2;
        }
#undef NEED
    }
    return -1;
}

int cli_cmd_run(int argc, char **argv)
{
    mqconf_options o;
    mqconf_options_default(&o);
    cli_data_defaults(&o);
    const char *sel[MAXSEL], *stm[MAXSEL];
    int json = 0;
    int r = cli_conformance_parse(argc, argv, CLI_MODE_RUN, &o, &json, sel, stm, run_usage);
    if (r >= 0)
        return r;
    o.select = sel;
    o.statements = stm;
    if (!o.target && !o.spawn_cmd) {
        fprintf(stderr, "mqttcheck run: --target HOST:PORT (or --spawn 'COMMAND {port}') is required\n");
        run_usage(stderr);
        return 2;
    }
    if (o.transport.insecure)
        fprintf(stderr, "mqttcheck run: WARNING: --insecure: the broker's TLS certificate is NOT "
                        "verified; anyone on the path can impersonate it\n");
    char err[1024] = "";
    time_t since = time(NULL);
    r = mqconf_run(&o, err, sizeof err);
    if (r == 2) {
        fprintf(stderr, "mqttcheck run: %s\n", err[0] ? err : "the run could not be done");
        cli_data_hint("run");
    }
    cli_results_hint(&o, r, since);
    return r;
}

int cli_cmd_list(int argc, char **argv)
{
    mqconf_options o;
    mqconf_options_default(&o);
    cli_data_defaults(&o);
    const char *sel[MAXSEL], *stm[MAXSEL];
    int json = 0;
    int r = cli_conformance_parse(argc, argv, CLI_MODE_LIST, &o, &json, sel, stm, list_usage);
    if (r >= 0)
        return r;
    if (o.list_cve && !o.nselect)
        sel[o.nselect++] = "cve/*";
    o.select = sel;
    o.statements = stm;
    char err[1024] = "";
    r = mqconf_list(&o, stdout, json, err, sizeof err);
    if (r) {
        fprintf(stderr, "mqttcheck list: %s\n", err);
        cli_data_hint("list");
    }
    return r;
}
