/*
 * mqconf.h — the conformance runner (the only door of conformance/).
 *
 * Loads the Lua scenarios, runs each (scenario x MQTT version) as a case in a
 * child process of its own against a broker over raw TCP, and writes every
 * verdict through reports/include/mqreport.h. The Lua API the scenarios use
 * is documented in conformance/API.md. Client mode (driver_cmd set) turns it
 * around: the runner plays the broker and the client library under test runs
 * behind a driver process (conformance/CLIENT-API.md).
 *
 * Exit codes follow the CLI: 0 nothing failed, 1 a case failed, 2 the run
 * could not be done (bad options, target unreachable, unreadable catalogue).
 */
#ifndef MQCONF_H
#define MQCONF_H

#include <stddef.h>
#include <stdio.h>

#include "mqtransport.h"

/* MQTT versions a run tries (bit mask). */
enum { MQCONF_V31 = 1, MQCONF_V311 = 2, MQCONF_V5 = 4, MQCONF_VALL = 7 };

/* Console output (maps onto the reports library's progress modes). */
enum { MQCONF_OUT_AUTO = 0, MQCONF_OUT_QUIET, MQCONF_OUT_VERBOSE, MQCONF_OUT_PLAIN };

typedef struct mqconf_options {
    const char *target;          /* "HOST:PORT", "[::1]:PORT"; loopback or any host; may be
                                    NULL with spawn_cmd */
    const char *scenarios_dir;   /* the built-in catalogue; default: the source tree's
                                    conformance/scenarios. Its lib/ is where use() looks
                                    after a user folder's own lib/ */
    const char *const *user_dirs; /* user scenario folders, added to scenarios_dir's
                                    catalogue (ids must not clash with it) */
    size_t nuser_dirs;
    int scenarios_only;          /* the catalogue is user_dirs only (scenarios_dir still
                                    serves its lib/ to use()) */
    const char *spec_dir;        /* default: the source tree's conformance/spec */
    const char *const *select;   /* id globs (fnmatch); a case runs if any matches */
    size_t nselect;
    const char *const *statements; /* statement ids; a case runs if it cites any */
    size_t nstatements;
    int jobs;                    /* parallel cases; <= 0: 4 x cores (cases mostly wait) */
    double time_scale;           /* multiplies every timing; <= 0: 1 */
    unsigned versions;           /* MQCONF_V*; 0: all */
    const char *out_dir;         /* default "mqttcheck-out" */
    const char *name;            /* target label in reports; default the address */
    int strict;                  /* NON-STRICT counts as a failure */
    const char *baseline;        /* expected failures file, or NULL */
    int output;                  /* MQCONF_OUT_* */
    int no_pcap;                 /* do not write per-case captures */
    const char *spawn_cmd;       /* start the broker under test: a shell command in which
                                    {port} is replaced; target defaults to 127.0.0.1:<free port> */
    const char *username;        /* --username/--password: sent in the probe's and in
                                    t:connect's CONNECT unless the scenario sets its own */
    const char *password;
    const char *profile;         /* --profile FILE: JSON telling the run how the broker is
                                    configured (a topic it forbids, credentials); scenarios
                                    that need it are UNSUPPORTED without it */
    const char *capture_iface;   /* also capture the target's port live with libpcap
                                    into <out>/pcap/live.pcap (root or CAP_NET_RAW) */
    int client;                  /* client mode: client scenarios (role = "client") only;
                                    list lists them, run needs driver_cmd */
    int list_cve;                /* list: the cve/ family with bug ids, broker, affected versions */
    int no_resources;            /* --no-resources: with spawn_cmd, do not sample the broker */
    const char *resource_thresholds; /* --resource-thresholds k=v,... (procwatch/README.md) */
    const char *driver_cmd;      /* client mode: the driver, run as /bin/sh -c CMD once per
                                    case (conformance/drivers/PROTOCOL.md); the target is
                                    named after hello.library unless name is given */
    const char *broker_version;  /* --broker-version: recorded as target.broker_version; without
                                    it the runner reads the broker's $SYS/broker/version */
    int repeat;                  /* --repeat N: every case runs N times and the runs fold into
                                    one case (FLAKY when their verdicts differ); <= 1: once */
    mqt_config transport;        /* TLS and/or WebSocket to the broker (zeroed: plain TCP);
                                    a handshake failure ends the run with 2 before any case */
} mqconf_options;

void mqconf_options_default(mqconf_options *o);
/* Defaults for client mode: client = 1 and the source tree's
 * conformance/client-scenarios. */
void mqconf_options_default_client(mqconf_options *o);

/* Runs the selected cases; returns 0/1/2 as above, with err filled for 2. */
int mqconf_run(const mqconf_options *o, char *err, size_t errlen);

/* Lists the selected scenarios (one line each, or a JSON array with json != 0).
 * Returns 0, or 2 with err filled when the catalogue cannot be read. */
int mqconf_list(const mqconf_options *o, FILE *out, int json, char *err, size_t errlen);

#endif
