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

/* Loads every *.lua under each of dirs (recursively, sorted by path, folder
 * after folder) into one catalogue. use() in a scenario looks in its own
 * folder's lib/, then in builtin_lib (may be NULL). Problems of one file land
 * in its load_error (an id another folder has is one); only an unreadable
 * folder fails (-1). */
int mqc_catalogue_load(const char *const *dirs, size_t ndirs, const char *builtin_lib,
                       const mqc_manifest *m, mqc_catalogue *c, char *err, size_t errlen);
void mqc_catalogue_free(mqc_catalogue *c);

/* ---------------------------------------------------------------- probe */
/* Before the catalogue: is there an MQTT broker at all? A CONNECT in each of
 * 5.0, 3.1.1 and 3.1 at once; any CONNACK (even a refusal) is one. 0, or -1
 * with err "no MQTT broker at HOST:PORT: <what was seen>" (closed, no answer,
 * non-MQTT bytes). Bounded by one 3 s (scaled) wait. */
int mqc_preflight(const mqc_target *t, double scale, char *err, size_t errlen);
/* The capability probe; also reads the broker's version from its retained
 * $SYS/broker/version into version (1 s at most; "" when none came). */
int mqc_probe(const mqc_target *t, double scale, mqc_caps *caps, char *version, size_t vlen,
              char *err, size_t errlen);
bool mqc_alive(const mqc_target *t, double scale);
void mqc_cleanup_retained(mqc_case *cs);

/* --spawn (spawn.c): the broker under test as a child process group. start
 * returns once it answers MQTT on t (NULL with err otherwise); exited says
 * whether it died and how; stop ends the group (SIGTERM, then SIGKILL). */
typedef struct mqc_broker mqc_broker;
mqc_broker *mqc_broker_start(const char *cmd_template, const char *port, const char *logpath,
                             const mqc_target *t, double scale, char *err, size_t errlen);
bool mqc_broker_exited(mqc_broker *b, char *why, size_t len);
/* The same, waiting up to secs for the exit: a broker that stopped answering
 * may still be on its way out (sockets close before the process is reaped). */
bool mqc_broker_exited_within(mqc_broker *b, double secs, char *why, size_t len);
/* The target name of a --spawn run when --name is not given: the program the
 * command starts ("mosquitto -p {port}" -> "mosquitto", "exec python3
 * x/broker.py {port}" -> "broker.py"), "local" if none; never the port,
 * which changes every run and would break baselines that name the target. */
void mqc_spawn_name(const char *cmd, char *out, size_t len);
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
    unsigned rep;  /* --repeat: which run of the case, 0-based */
    size_t fold;   /* --repeat: index of the folded case the run belongs to */
} mqc_job;

typedef struct mqc_run_ctx {
    const mqconf_options *o;
    mqc_catalogue *cat;
    mqc_target target;
    mqc_caps caps;
    char broker_version[128]; /* --broker-version, else $SYS/broker/version, else "" */
    double scale;
    char runid[8];
    bool client;   /* client mode: a driver per case, the runner is the server */
    json_t *hello; /* client mode: the driver's hello from the run's start */
} mqc_run_ctx;

/* "pcap/<id with / as _>@<version>.pcap"; run rep > 0 of --repeat gets
 * "...@<version>~<rep + 1>.pcap" so the runs do not overwrite each other. */
void mqc_pcap_name(const mqc_scenario *s, int vi, unsigned rep, char *buf, size_t len);
/* In a forked child: runs the case and writes its result object to fd as
 * JSON; never returns. */
void mqc_case_child(const mqc_run_ctx *rc, const mqc_job *jb, int fd) __attribute__((noreturn));

#endif
