/* Layer 8 (top) of the runner engine, "run": the catalogue (scenario.c), the
 * capability probe and liveness check (probe.c), the broker under test as a
 * child (spawn.c), one case in a child process (case_run.c) and the run
 * itself (runner.c, mqconf.h's functions). Calls every layer below. */
#ifndef MQC_RUN_H
#define MQC_RUN_H

#include "luacase.h"
#include "luabind.h"

/* ------------------------------------------------------------ catalogue */
typedef struct mqc_catalogue {
    mqc_scenario *s;
    size_t n;
} mqc_catalogue;

/* Statement manifest: ids of one version's TSV. */
typedef struct mqc_manifest {
    mqc_strlist ids[MQC_NVER]; /* 3.1 shares the 3.1.1 list */
    bool loaded[MQC_NVER];
} mqc_manifest;

int mqc_manifest_load(const char *dir, mqc_manifest *m, char *err, size_t errlen);
bool mqc_manifest_has(const mqc_manifest *m, int vi, const char *id);
void mqc_manifest_free(mqc_manifest *m);

/* Loads every *.lua under dir (recursively, sorted by path). Problems of one
 * file land in its load_error; only an unreadable dir fails (-1). */
int mqc_catalogue_load(const char *dir, const mqc_manifest *m, mqc_catalogue *c, char *err,
                       size_t errlen);
void mqc_catalogue_free(mqc_catalogue *c);

/* ---------------------------------------------------------------- probe */
int mqc_probe(const mqc_target *t, double scale, mqc_caps *caps, char *err, size_t errlen);
bool mqc_alive(const mqc_target *t, double scale);
void mqc_cleanup_retained(mqc_case *cs);

/* --spawn (spawn.c): the broker under test as a child process group. start
 * returns once it answers MQTT on t (NULL with err otherwise); exited says
 * whether it died and how; stop ends the group (SIGTERM, then SIGKILL). */
typedef struct mqc_broker mqc_broker;
mqc_broker *mqc_broker_start(const char *cmd_template, const char *port, const char *logpath,
                             const mqc_target *t, double scale, char *err, size_t errlen);
bool mqc_broker_exited(mqc_broker *b, char *why, size_t len);
pid_t mqc_broker_pid(const mqc_broker *b); /* = its process group */
void mqc_broker_stop(mqc_broker *b);

/* ---------------------------------------------- resources.c (--spawn only) */
/* Samples the spawned broker's group around cases, judges leaks, spins,
 * slowdowns and sanitizer reports (procwatch), and writes the findings into
 * the case objects (RESOURCE verdicts) and the timeline into results. */
struct mqpw_thresholds;
typedef struct mqc_res mqc_res;
/* Runs the case once more, alone; 0 when it ended with a verdict. */
typedef int (*mqc_rerun_fn)(void *ctx);
/* Settles the group for the run's baseline; NULL with err when it is gone. */
mqc_res *mqc_res_start(pid_t pgid, const char *logpath, const struct mqpw_thresholds *th, mqrep_writer *w,
                       const mqc_target *t, double scale, char *err, size_t errlen);
/* A serial phase starts: the next case's "before" is settled afresh. */
void mqc_res_serial_begin(mqc_res *r);
/* After a case that ran alone: settle, sample, sanitizer scan, spin watch,
 * and for a suspect case again() K times and the leak judge. */
void mqc_res_after(mqc_res *r, json_t *obj, bool broker_exited, mqc_rerun_fn again, void *ctx);
/* After a case that ran next to others (text: their ids): a timeline sample
 * and the sanitizer scan only (per-case deltas mean nothing then). */
void mqc_res_concurrent(mqc_res *r, json_t *obj, const char *others, bool broker_exited);
/* Gives the case object the finding {kind, evidence, ...} (stolen): PASS
 * and the verdicts that judge nothing become RESOURCE. */
void mqc_res_add_finding(json_t *obj, json_t *f);
/* The run's summary {baseline, end, ..., findings: [run trend, slowdown]}. */
json_t *mqc_res_finish(mqc_res *r);
void mqc_res_free(mqc_res *r);

/* The known-bug facts of a cve/ scenario, from its id and the head of its
 * description: {"ids": [...], "broker", "affected"}; NULL for other ids. */
json_t *mqc_scenario_cve_json(const mqc_scenario *s);

/* ------------------------------------------------------- one case, child */
/* Client mode: how long a driver may take to say hello (scaled), and to exit
 * after quit (CLIENT-API.md: 2 s). */
#define HELLO_WAIT 10.0
#define QUIT_GRACE 2.0

typedef struct mqc_job {
    size_t sc;
    int vi;
    unsigned caseno;
} mqc_job;

typedef struct mqc_run_ctx {
    const mqconf_options *o;
    mqc_catalogue *cat;
    mqc_target target;
    mqc_caps caps;
    double scale;
    char runid[8];
    bool client;   /* client mode: a driver per case, the runner is the server */
    json_t *hello; /* client mode: the driver's hello from the run's start */
} mqc_run_ctx;

/* "pcap/<id with / as _>@<version>.pcap" */
void mqc_pcap_name(const mqc_scenario *s, int vi, char *buf, size_t len);
/* In a forked child: runs the case and writes its result object to fd as
 * JSON; never returns. */
void mqc_case_child(const mqc_run_ctx *rc, const mqc_job *jb, int fd) __attribute__((noreturn));

#endif
