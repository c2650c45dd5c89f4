/* Internal to netfuzz/: the case model, the executor, the broker process,
 * the oracles and the finding writer share these types. */
#ifndef NF_H
#define NF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/types.h>

#include "mqnetfuzz.h"

/* ---------------------------------------------------------------- rng */

typedef struct nf_rng { uint64_t s; } nf_rng;

static inline uint64_t nf_next(nf_rng *r)
{
    /* splitmix64: one word of state, so a case's seed fully describes it */
    uint64_t z = (r->s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}
static inline uint32_t nf_below(nf_rng *r, uint32_t n) { return n ? (uint32_t)(nf_next(r) % n) : 0; }
static inline bool nf_chance(nf_rng *r, uint32_t pct) { return nf_below(r, 100) < pct; }

uint64_t nf_hash(const void *p, size_t len, uint64_t h); /* FNV-1a 64 */

/* ---------------------------------------------------------------- cases */

#define NF_MAX_CONNS 3
#define NF_MAX_STEPS 6
#define NF_STEP_MAX 1024

/* The state a connection's prefix builds, written by the validating encoder
 * before the fuzzed bytes so that mutations land past the handshake. */
enum {
    NF_P_CONNECT = 1,  /* CONNECT (CONNACK expected) */
    NF_P_SUB = 2,      /* SUBSCRIBE a/# QoS 2 */
    NF_P_QOS2 = 4,     /* PUBLISH QoS 2 id 2, left without PUBREL (a flow half done) */
    NF_P_ALIAS = 8,    /* v5: PUBLISH setting Topic Alias 1 (the QoS 2 PUBLISH carries it too) */
    NF_P_WILL = 16,    /* CONNECT with a will armed */
    NF_P_PERSIST = 32, /* Clean Session 0 / Session Expiry 300: a session to resume */
    NF_P_ALL = 63
};

typedef struct nf_conn_spec {
    uint8_t version; /* 3, 4, 5 */
    uint8_t prefix;  /* NF_P_* */
    uint8_t slot;    /* connections with the same slot use the same client id */
} nf_conn_spec;

typedef struct nf_step {
    uint8_t conn;
    uint16_t len;
    uint8_t data[NF_STEP_MAX]; /* client -> server wire bytes */
} nf_step;

typedef struct nf_case {
    uint8_t nconn, nstep;
    nf_conn_spec conn[NF_MAX_CONNS];
    nf_step step[NF_MAX_STEPS];
} nf_case;

/* A fresh case from the validating encoder (versions: mask as in mqnf_options). */
void nf_gen_case(nf_case *c, unsigned versions, nf_rng *r);
/* Mutates c in place; other (may be NULL) is a corpus case for crossover. */
void nf_mutate_case(nf_case *c, const nf_case *other, unsigned versions, nf_rng *r);
/* The prefix bytes of connection k with client ids from tag. */
size_t nf_build_prefix(const nf_case *c, int k, const char *tag, uint8_t *out, size_t cap);
void nf_client_id(const char *tag, int slot, char *out, size_t cap);
/* On-disk form (corpus files). */
size_t nf_case_serialize(const nf_case *c, uint8_t *out, size_t cap);
bool nf_case_parse(nf_case *c, const uint8_t *in, size_t len);
/* A raw client stream (a corpus/ seed or a capture's client side) as a
 * one-connection case without prefix; version 0: guess from its CONNECT. */
bool nf_case_from_stream(nf_case *c, const uint8_t *data, size_t len, int version);
/* One line per step, for finding.json. */
void nf_case_describe(const nf_case *c, char *out, size_t cap);

/* ---------------------------------------------------------------- execution */

#define NF_MAP_SIZE 65536

typedef struct nf_rec_event {
    uint8_t kind;       /* 0 open, 1 data, 2 close (mqpcap_ev_kind) */
    uint8_t conn, from_client, reset;
    uint32_t off, len;  /* bytes in the arena */
    struct timeval ts;
} nf_rec_event;

typedef struct nf_recording {
    nf_rec_event *ev;
    size_t nev, evcap;
    uint8_t *arena;
    size_t alen, acap;
    /* slot NF_MAX_CONNS is the liveness connection */
    struct sockaddr_storage client[NF_MAX_CONNS + 1], server[NF_MAX_CONNS + 1];
    bool have_addr[NF_MAX_CONNS + 1];
} nf_recording;

typedef struct nf_result {
    uint32_t feat[256];  /* response-novelty features (map indices) */
    size_t nfeat;
    uint64_t msgs_sent, msgs_recv;
    bool connect_failed;       /* TCP connect refused or failed */
    bool connect_failed_first; /* ... before anything of this case was sent */
    int connect_errno;
    bool timeout;              /* a fence or a close went unanswered within wait_ms */
    bool any_answer;           /* the broker sent at least one packet */
    /* oracle: bytes the codec rejects / a packet that cannot follow */
    char bad_sig[160];         /* "" when none */
    char bad_oracle[24];       /* "codec" or "follow-up" */
    char bad_detail[1024];
    int bad_conn, bad_type, bad_id; /* follow-up: which packet could not follow */
    nf_recording *rec;         /* NULL: don't record */
} nf_result;

typedef struct nf_target {
    const char *host;
    uint16_t port;
    int wait_ms;
} nf_target;

void nf_exec(const nf_target *t, const nf_case *c, const char *tag, nf_result *res);
void nf_rec_free(nf_recording *r);

/* Fresh CONNECT -> CONNACK, then PINGREQ -> PINGRESP, each within ms.
 * Returns 0 alive, 1 refused (no TCP), 2 no CONNACK, 3 no PINGRESP; what
 * says it in words. */
int nf_liveness(const char *host, uint16_t port, int ms, nf_recording *rec, char *what, size_t cap);

/* ---------------------------------------------------------------- broker */

typedef struct nf_broker {
    const char *cmd;    /* with {port} */
    char host[64];
    uint16_t port;
    pid_t pid;          /* process group leader; 0 when not running */
    int out_fd;         /* its stdout+stderr */
    FILE *log;          /* everything it printed, appended */
    char *scan;         /* output since the last take, for sanitizer reports */
    size_t scan_len, scan_cap;
    int status;         /* wait status once it exited */
    bool exited;
    int afl_shm_id;     /* -1: no coverage map */
} nf_broker;

/* Spawns cmd with {port} replaced by a free loopback port, its output going
 * to log_path (appended), and waits until it accepts connections. */
bool nf_broker_start(nf_broker *b, const char *cmd, const char *log_path, int afl_shm_id,
                     char *err, size_t errlen);
void nf_broker_stop(nf_broker *b);
/* Reads what the broker printed; true if it has exited (status in b->status). */
bool nf_broker_poll(nf_broker *b);
/* Waits up to ms for an exit. */
bool nf_broker_wait_exit(nf_broker *b, int ms);
/* A sanitizer report in the output read so far: copies it whole to *report
 * (malloc'ed), its signature to sig; false if none. The scan buffer is
 * consumed. */
bool nf_broker_sanitizer(nf_broker *b, char **report, char *sig, size_t siglen);
void nf_broker_clear_scan(nf_broker *b);
/* /proc samples of the broker's process (the shell's child when cmd runs via sh). */
typedef struct nf_proc_sample { long rss_kb; int fds; int threads; } nf_proc_sample;
bool nf_broker_sample(nf_broker *b, nf_proc_sample *s);
/* "signal 11 (SIGSEGV)" / "exit status 3" */
void nf_status_str(int status, char *out, size_t cap);

/* ---------------------------------------------------------------- AFL++ map */

typedef struct nf_afl {
    int shm_id;
    uint8_t *map;
    uint8_t *virgin; /* seen bits, AFL-style count classes */
    uint64_t edges;
} nf_afl;

bool nf_afl_init(nf_afl *a);
void nf_afl_reset(nf_afl *a);
/* New edges (or hit-count classes) since the last call; updates edges. */
size_t nf_afl_collect(nf_afl *a);
void nf_afl_free(nf_afl *a);

/* ---------------------------------------------------------------- campaign */

typedef struct nf_ctx {
    const mqnf_options *o;
    nf_target tgt;
    bool spawned;
    nf_broker br;
    char log_path[512];
    nf_afl afl;
    bool afl_on;
    bool live_ok;        /* the broker answered the preflight liveness check */
    unsigned restarts;
} nf_ctx;

typedef struct nf_verdict {
    char oracle[24];     /* "" when the case showed nothing */
    char sig[200];
    char *evidence;      /* malloc'ed text */
    char *report;        /* sanitizer report, whole; NULL if none */
    bool dead_before;    /* the broker was gone before the case started */
} nf_verdict;

void nf_verdict_free(nf_verdict *v);
/* Runs c and applies every oracle. thorough: also check liveness and give a
 * dying broker time to exit (minimization; the campaign relies on the next
 * case's connect instead). */
void nf_judge(nf_ctx *x, const nf_case *c, const char *tag, bool thorough, nf_result *res, nf_verdict *v);
bool nf_restart(nf_ctx *x, char *err, size_t errlen);

/* ---------------------------------------------------------------- findings */

typedef struct nf_finding {
    char id[48];
    char oracle[24];
    char sig[200];
    uint64_t case_no;
    bool reproduced, minimized;
} nf_finding;

/* Minimizes (spawned broker), records a reproduction and writes
 * OUT/findings/<id>/. f is filled in; returns false if the folder could not
 * be written. */
bool nf_write_finding(nf_ctx *x, const nf_case *c, const nf_verdict *v, uint64_t case_no, nf_finding *f);
/* The same with other suspects: when the first does not reproduce alone on
 * a fresh broker, the others (the cases run just before) are tried in turn. */
bool nf_write_finding_any(nf_ctx *x, const nf_case *const *cands, size_t ncand, const nf_verdict *v,
                          uint64_t case_no, nf_finding *f);

#endif
