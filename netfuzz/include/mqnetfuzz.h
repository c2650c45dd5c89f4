/*
 * mqnetfuzz — stateful network fuzzing of a live MQTT broker.
 *
 * This header is the only door into netfuzz/. A campaign generates short
 * session scripts (1-3 connections, each a state-building prefix written by
 * the codec's validating encoder followed by packets mutated field by field
 * with fuzz/mutator's structure-aware model), sends them pipelined to the
 * broker, and keeps the scripts whose responses are new (or, for an AFL++-
 * instrumented spawned broker, that reach new edges). Oracles: the broker
 * died or refuses connections, a sanitizer report in its output, a hang
 * (liveness PINGREQ / fresh CONNECT unanswered), server-to-client bytes the
 * codec rejects or that cannot follow what was sent, and resource growth
 * (/proc RSS, fds, threads). Findings are de-duplicated by signature,
 * minimized against a freshly spawned broker and written with a replayable
 * pcap and a Lua scenario. See netfuzz/README.md.
 *
 * Everything is deterministic for a given seed, version set and broker: the
 * feedback uses no clock.
 */
#ifndef MQNETFUZZ_H
#define MQNETFUZZ_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct mqnf_options {
    const char *host;        /* --target host (loopback); with spawn: 127.0.0.1 */
    uint16_t port;           /* --target port; 0 with spawn: a free port */
    const char *spawn;       /* command with {port}, run by /bin/sh; NULL: external target */
    double seconds;          /* stop after this many seconds (0: no limit) */
    uint64_t execs;          /* stop after this many cases (0: no limit) */
    uint64_t seed;
    int jobs;                /* instances (each its own broker when spawning) */
    const char *out_dir;     /* results: fuzz.json, findings/, broker logs */
    const char *corpus_dir;  /* NULL: OUT/corpus; shared AFL-style between instances */
    const char *seeds_dir;   /* read-only seeds: NFC1 cases, pcaps, raw client streams (corpus/seeds) */
    unsigned versions;       /* bit 3 = 3.1, bit 4 = 3.1.1, bit 5 = 5.0 (1u << level) */
    int hang_ms;             /* liveness bound (default 3000) */
    int wait_ms;             /* per-exchange bound before a fence counts as unanswered (default 500) */
    bool minimize;           /* shrink findings against a fresh broker (spawn only; default on) */
    int min_runs;            /* at most this many replays to reproduce and shrink one finding (default 160) */
    int progress;            /* 1: live status line on stderr, 0: quiet */
    uint32_t rss_growth_kb;  /* resource oracle threshold (default 65536) */
    uint32_t fd_growth;      /* default 64 */
    uint32_t thread_growth;  /* default 32 */
    const char *instance;    /* name of this instance in a shared corpus (default "i<k>") */
    FILE *log;               /* messages for humans (stderr) */
} mqnf_options;

void mqnf_options_default(mqnf_options *o);

/* Runs the campaign. Returns 0 no finding, 1 findings, 2 could not run.
 * mqnf_stop() (async-signal-safe) ends it cleanly: everything found so far is
 * written out. */
int mqnf_run(const mqnf_options *o);
void mqnf_stop(void);

/* "3.1.1,5.0" -> versions mask; 0 on a bad list. */
unsigned mqnf_parse_versions(const char *list);

#ifdef __cplusplus
}
#endif
#endif
