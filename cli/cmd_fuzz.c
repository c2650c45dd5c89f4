/* `mqttcheck fuzz`: stateful network fuzzing of a live broker. A thin
 * wrapper over netfuzz/include/mqnetfuzz.h. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "mqnetfuzz.h"

static void usage(FILE *f)
{
    fprintf(f,
            "usage: mqttcheck fuzz (--target HOST:PORT | --spawn 'CMD {port}') [options]\n\n"
            "Fuzzes a live broker over the network: short session scripts of 1-3 connections\n"
            "(a valid state-building prefix, then packets mutated field by field), sent\n"
            "pipelined; cases whose responses are new (or, for an AFL++-instrumented spawned\n"
            "broker, that reach new edges) are kept. Oracles: the broker died or refuses\n"
            "connections, a sanitizer report in its output, a hang (fresh CONNECT / PINGREQ\n"
            "unanswered), server bytes the codec rejects or that cannot follow what was\n"
            "sent, resource growth (/proc RSS, fds, threads; spawned brokers). Findings go\n"
            "to OUT/findings/<id>/ (finding.json, repro.pcap, repro.lua), totals to\n"
            "OUT/fuzz.json. See netfuzz/README.md.\n\n"
            "  --target HOST:PORT   a running broker (loopback; IPv6 as [ADDR]:PORT)\n"
            "  --spawn 'CMD {port}' start the broker ({port}: a free loopback port); it is\n"
            "                       restarted after a crash or hang, and findings are\n"
            "                       minimized against freshly spawned copies\n"
            "  --seconds N          stop after N seconds (default 60 unless --execs)\n"
            "  --execs N            stop after N cases\n"
            "  --seed S             seed (default 1); same seed + versions + broker = same cases\n"
            "  -j, --jobs N         N instances (each its own spawned broker), one corpus\n"
            "  --out DIR            results folder (default ./mqttcheck-fuzz)\n"
            "  --versions LIST      MQTT versions, e.g. 3.1.1,5.0 (default 3.1.1,5.0; 3.1 too)\n"
            "  --corpus DIR         corpus folder, reusable and shareable: each instance\n"
            "                       writes DIR/<instance>/ and reads the others (default OUT/corpus)\n"
            "  --instance NAME      this instance's subfolder in a shared corpus (default i0)\n"
            "  --seeds DIR          also start from these files: cases, pcaps (e.g. a run's\n"
            "                       captures), raw client streams (corpus/seeds)\n"
            "  --hang-ms N          liveness bound (default 3000)\n"
            "  --wait-ms N          per-case bound for an unanswered fence (default 500)\n"
            "  --no-minimize        write findings as found\n"
            "  --min-runs N         at most N replays on fresh brokers to shrink one finding\n"
            "                       (default 160; each hang replay costs about --hang-ms)\n"
            "  --rss-growth-kb N    resource oracle thresholds (defaults 65536 kB,\n"
            "  --fd-growth N          64 fds, 32 threads over the baseline, rising steadily\n"
            "  --thread-growth N      across 8 samples 200 cases apart)\n"
            "  --quiet | --progress status line on stderr (default: only on a terminal, not with CI=true)\n\n"
            "oracles (finding.json's \"oracle\"): crash, sanitizer, hang, codec, follow-up,\n"
            "resource. Each finding is de-duplicated by signature, reproduced and shrunk on a\n"
            "fresh broker (spawn only): OUT/findings/<id>/{finding.json,repro.pcap,repro.lua,\n"
            "repro.case}. Replay: mqttcheck replay OUT/findings/<id>/repro.pcap --target H:P\n"
            "('same' or 'broker-died' = still there). repro.lua, saved as DIR/fuzz/<id>.lua,\n"
            "fails under `mqttcheck run --scenarios DIR` while the bug is there.\n\n"
            "grey-box: with --spawn, mqttcheck creates an AFL++ coverage map and passes it in\n"
            "__AFL_SHM_ID; a broker built with afl-clang-fast/-lto writes its edges there (no\n"
            "fork server, no restart per case) and cases reaching new edges are kept.\n"
            "ci/build-mosquitto-from-source.sh --afl | --asan builds such a mosquitto.\n\n"
            "exit codes: 0 no finding, 1 findings, 2 could not run. Ctrl-C stops cleanly and\n"
            "keeps everything found.\n");
}

static void on_signal(int sig)
{
    (void)sig;
    mqnf_stop();
}

static bool num(const char *s, double lo, double hi, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

int cli_cmd_fuzz(int argc, char **argv)
{
    mqnf_options o;
    mqnf_options_default(&o);
    const char *ci = getenv("CI");
    o.progress = isatty(2) && !(ci && (!strcmp(ci, "true") || !strcmp(ci, "1")));
    const char *target = NULL;
    bool have_limit = false;
    static char host[256];
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        double d;
#define NEED()                                                                       \
    do {                                                                             \
        if (!v) {                                                                    \
            fprintf(stderr, "fuzz: %s needs a value\n", a);                          \
            return 2;                                                                \
        }                                                                            \
        i++;                                                                         \
    } while (0)
#define NUM(lo, hi)                                                                  \
    do {                                                                             \
        NEED();                                                                      \
        if (!num(v, lo, hi, &d)) {                                                   \
            fprintf(stderr, "fuzz: %s wants a number in %g..%g, got '%s'\n", a, (double)(lo), (double)(hi), v); \
            return 2;                                                                \
        }                                                                            \
    } while (0)
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(a, "--target")) {
            NEED();
            target = v;
        } else if (!strcmp(a, "--spawn")) {
            NEED();
            if (!strstr(v, "{port}")) {
                fprintf(stderr, "fuzz: --spawn wants a command with {port} in it, e.g. 'mosquitto -p {port}'\n");
                return 2;
            }
            o.spawn = v;
        } else if (!strcmp(a, "--seconds")) {
            NUM(0.001, 1e7);
            o.seconds = d;
            have_limit = true;
        } else if (!strcmp(a, "--execs")) {
            NUM(1, 1e15);
            o.execs = (uint64_t)d;
            have_limit = true;
        } else if (!strcmp(a, "--seed")) {
            NUM(0, 1.8e19);
            o.seed = (uint64_t)d;
        } else if (!strcmp(a, "-j") || !strcmp(a, "--jobs")) {
            NUM(1, 64);
            o.jobs = (int)d;
        } else if (!strcmp(a, "--out")) {
            NEED();
            o.out_dir = v;
        } else if (!strcmp(a, "--versions")) {
            NEED();
            o.versions = mqnf_parse_versions(v);
            if (!o.versions) {
                fprintf(stderr, "fuzz: bad --versions '%s' (use 3.1, 3.1.1, 5.0)\n", v);
                return 2;
            }
        } else if (!strcmp(a, "--corpus")) {
            NEED();
            o.corpus_dir = v;
        } else if (!strcmp(a, "--instance")) {
            NEED();
            if (!*v || strchr(v, '/') || v[0] == '.' || strlen(v) > 8) {
                fprintf(stderr, "fuzz: --instance wants a short name (1-8 characters, no '/')\n");
                return 2;
            }
            o.instance = v;
        } else if (!strcmp(a, "--seeds")) {
            NEED();
            if (access(v, R_OK)) {
                fprintf(stderr, "fuzz: cannot read --seeds %s: %s\n", v, strerror(errno));
                return 2;
            }
            o.seeds_dir = v;
        } else if (!strcmp(a, "--hang-ms")) {
            NUM(10, 600000);
            o.hang_ms = (int)d;
        } else if (!strcmp(a, "--wait-ms")) {
            NUM(1, 600000);
            o.wait_ms = (int)d;
        } else if (!strcmp(a, "--no-minimize")) {
            o.minimize = false;
        } else if (!strcmp(a, "--min-runs")) {
            NUM(1, 100000);
            o.min_runs = (int)d;
        } else if (!strcmp(a, "--rss-growth-kb")) {
            NUM(1, 1e9);
            o.rss_growth_kb = (uint32_t)d;
        } else if (!strcmp(a, "--fd-growth")) {
            NUM(1, 1e6);
            o.fd_growth = (uint32_t)d;
        } else if (!strcmp(a, "--thread-growth")) {
            NUM(1, 1e6);
            o.thread_growth = (uint32_t)d;
        } else if (!strcmp(a, "--quiet")) {
            o.progress = 0;
        } else if (!strcmp(a, "--progress")) {
            o.progress = 1;
        } else {
            fprintf(stderr, "fuzz: unknown option '%s' (mqttcheck fuzz --help)\n", a);
            return 2;
        }
    }
    if (!!target == !!o.spawn) {
        fprintf(stderr, "fuzz: give exactly one of --target HOST:PORT and --spawn 'CMD {port}'\n");
        usage(stderr);
        return 2;
    }
    if (target) {
        const char *colon = strrchr(target, ':');
        char *end;
        long port = colon ? strtol(colon + 1, &end, 10) : 0;
        if (!colon || colon == target || *end || port < 1 || port > 65535) {
            fprintf(stderr, "fuzz: --target wants HOST:PORT, got '%s'\n", target);
            return 2;
        }
        size_t hl = (size_t)(colon - target);
        if (target[0] == '[' && hl > 2 && target[hl - 1] == ']')
            snprintf(host, sizeof host, "%.*s", (int)(hl - 2), target + 1);
        else
            snprintf(host, sizeof host, "%.*s", (int)hl, target);
        o.host = host;
        o.port = (uint16_t)port;
    }
    if (!have_limit)
        o.seconds = 60;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    return mqnf_run(&o);
}
