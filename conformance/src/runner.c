/* The run: select cases, execute each in a child process of its own (a
 * crashing or runaway script cannot take the run down; the parent enforces a
 * hard deadline with SIGKILL), collect verdicts over pipes and write them
 * incrementally through the reports library. */
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "mqpcap.h"
#include "mqprocwatch.h"
#include "run.h"

#ifndef MQC_SOURCE_DIR
#define MQC_SOURCE_DIR "."
#endif

void mqconf_options_default(mqconf_options *o)
{
    memset(o, 0, sizeof *o);
    o->scenarios_dir = MQC_SOURCE_DIR "/conformance/scenarios";
    o->spec_dir = MQC_SOURCE_DIR "/conformance/spec";
    o->time_scale = 1.0;
    o->out_dir = "mqttcheck-out";
}

void mqconf_options_default_client(mqconf_options *o)
{
    mqconf_options_default(o);
    o->client = 1;
    o->scenarios_dir = MQC_SOURCE_DIR "/conformance/client-scenarios";
}


static bool client_mode(const mqconf_options *o) { return o->client || o->driver_cmd; }


static bool selected(const mqconf_options *o, const mqc_scenario *s, int vi)
{
    unsigned vm = o->versions ? o->versions : MQCONF_VALL;
    if (!(vm & (1u << vi)) || !(s->versions & (1u << vi)))
        return false;
    /* each mode runs its own role; a file too broken to say shows in both */
    if (s->role_known && s->client != client_mode(o))
        return false;
    bool ok = o->nselect == 0;
    for (size_t i = 0; i < o->nselect && !ok; i++)
        ok = fnmatch(o->select[i], s->id, 0) == 0 || !strcmp(o->select[i], s->id);
    if (!ok)
        return false;
    if (!o->nstatements)
        return true;
    for (size_t i = 0; i < o->nstatements; i++)
        for (int v = 0; v < MQC_NVER; v++)
            for (size_t k = 0; k < s->stmts[v].n; k++)
                if (!strcmp(s->stmts[v].v[k], o->statements[i]))
                    return true;
    return false;
}

static int load_all(const mqconf_options *o, mqc_manifest *m, mqc_catalogue *c, char *err,
                    size_t errlen)
{
    if (mqc_manifest_load(o->spec_dir, m, err, errlen))
        return -1;
    /* the built-in catalogue (unless replaced), then the user's folders */
    const char **dirs = calloc(o->nuser_dirs + 1, sizeof *dirs);
    if (!dirs) {
        snprintf(err, errlen, "out of memory");
        mqc_manifest_free(m);
        return -1;
    }
    size_t n = 0;
    if (!o->scenarios_only || !o->nuser_dirs)
        dirs[n++] = o->scenarios_dir;
    for (size_t i = 0; i < o->nuser_dirs; i++)
        dirs[n++] = o->user_dirs[i];
    char builtin_lib[4096];
    snprintf(builtin_lib, sizeof builtin_lib, "%s/lib", o->scenarios_dir);
    int r = mqc_catalogue_load(dirs, n, builtin_lib, m, c, err, errlen);
    free(dirs);
    if (r) {
        mqc_manifest_free(m);
        return -1;
    }
    return 0;
}

/* ------------------------------------------------------------- listing */

int mqconf_list(const mqconf_options *o, FILE *out, int json, char *err, size_t errlen)
{
    mqc_manifest m;
    mqc_catalogue c;
    if (load_all(o, &m, &c, err, errlen))
        return 2;
    json_t *arr = json_array();
    for (size_t i = 0; i < c.n; i++) {
        const mqc_scenario *s = &c.s[i];
        bool any = false;
        for (int v = 0; v < MQC_NVER; v++)
            any |= selected(o, s, v);
        if (!any)
            continue;
        json_t *vs = json_array(), *st = json_array();
        char vtxt[32] = "", stxt[512] = "";
        for (int v = 0; v < MQC_NVER; v++) {
            if (!(s->versions & (1u << v)))
                continue;
            json_array_append_new(vs, json_string(mqc_ver_name(v)));
            size_t l = strlen(vtxt);
            snprintf(vtxt + l, sizeof vtxt - l, "%s%s", l ? "," : "", mqc_ver_name(v));
            for (size_t k = 0; k < s->stmts[v].n; k++) {
                bool dup = false;
                for (size_t j = 0; j < json_array_size(st); j++)
                    dup |= !strcmp(json_string_value(json_array_get(st, j)), s->stmts[v].v[k]);
                if (dup)
                    continue;
                json_array_append_new(st, json_string(s->stmts[v].v[k]));
                l = strlen(stxt);
                snprintf(stxt + l, sizeof stxt - l, "%s%s", l ? "," : "", s->stmts[v].v[k]);
            }
        }
        json_t *cve = mqc_scenario_cve_json(s);
        if (o->list_cve && !json) {
            json_decref(vs);
            json_decref(st);
            char ids[200] = "";
            size_t il = 0, k;
            json_t *x;
            json_array_foreach(json_object_get(cve, "ids"), k, x) if (il < sizeof ids)
                il += (size_t)snprintf(ids + il, sizeof ids - il, "%s%s", k ? "," : "", json_string_value(x));
            fprintf(out, "%-56s %-30s %-10s %s\n", s->id, ids[0] ? ids : "-",
                    cve ? json_string_value(json_object_get(cve, "broker")) : "-",
                    cve ? json_string_value(json_object_get(cve, "affected")) : s->title);
            json_decref(cve);
            continue;
        }
        if (json) {
            json_t *e = json_pack("{s:s,s:s,s:s,s:o,s:o,s:s,s:b,s:f,s:s}", "id", s->id, "title",
                                  s->title, "section", s->section, "versions", vs, "statements",
                                  st, "level", mqc_level_name(s->level), "alone", s->alone,
                                  "timeout", s->timeout, "file", s->path);
            if (s->load_error)
                json_object_set_new(e, "error", json_string(s->load_error));
            if (s->role_known)
                json_object_set_new(e, "role", json_string(s->client ? "client" : "broker"));
            if (cve)
                json_object_set_new(e, "cve", json_incref(cve));
            json_array_append_new(arr, e);
        } else {
            json_decref(vs);
            json_decref(st);
            fprintf(out, "%-48s %-14s %-6s %s%s  %s%s%s\n", s->id, vtxt, mqc_level_name(s->level),
                    s->alone ? "[alone] " : "", stxt[0] ? stxt : "-", s->title,
                    s->load_error ? "  ERROR: " : "", s->load_error ? s->load_error : "");
        }
        json_decref(cve);
    }
    if (json) {
        char *txt = json_dumps(arr, JSON_INDENT(2));
        fprintf(out, "%s\n", txt ? txt : "[]");
        free(txt);
    }
    json_decref(arr);
    mqc_catalogue_free(&c);
    mqc_manifest_free(&m);
    return 0;
}

/* --------------------------------------------------------------- parent */

/* SIGINT / SIGTERM during a run: the signal number. The run then starts no
 * more cases, ends the running ones, records them all SKIPPED and still
 * writes every report (the caller is told with exit 2). */
static volatile sig_atomic_t interrupted;
/* The handler also writes a byte here, which the pool's poll watches: a signal
 * that comes just before poll still wakes it (no wait until the next deadline). */
static int interrupt_pipe[2] = {-1, -1};

static void on_interrupt(int sig)
{
    interrupted = sig;
    if (interrupt_pipe[1] >= 0) {
        ssize_t r = write(interrupt_pipe[1], "", 1);
        (void)r; /* full: a byte is already there */
    }
}

static const char *interrupt_name(void)
{
    return interrupted == SIGTERM ? "SIGTERM" : "SIGINT";
}

typedef struct slot {
    pid_t pid;
    int fd;
    const mqc_job *jb;
    char *buf;
    size_t len, cap;
    double started, kill_at;
    bool eof;
} slot;

static json_t *parent_case(const mqc_run_ctx *rc, const mqc_job *jb, int v, const char *expected,
                           const char *observed, const char *detail, double ms)
{
    mqc_case cs;
    mqc_case_init(&cs, &rc->cat->s[jb->sc], jb->vi, &rc->target, &rc->caps, rc->scale,
                  rc->runid, jb->caseno);
    mqc_case_verdict(&cs, v, expected, observed, detail);
    json_t *o = mqc_case_json(&cs, ms, NULL);
    mqc_case_free(&cs);
    return o;
}

typedef struct sink {
    mqc_broker *broker; /* --spawn, or NULL */
    const mqc_run_ctx *rc;
    const slot *slots;  /* the cases running now, for a death's suspects */
    int nslots;
    mqrep_writer *w;
    mqrep_progress *prog;
    bool broker_dead;
    char dead_after[512];
    bool io_error;
    char err[512];
    int ninterrupted;   /* cases recorded SKIPPED because of the interrupt */
    /* --repeat: the runs of each folded case until all have arrived */
    unsigned repeat;
    json_t **pending; /* [fold * repeat + rep] */
    unsigned *arrived; /* [fold] */
    mqc_res *res;       /* --spawn with resources on, or NULL */
} sink;

/* Writes one finished case (after --repeat's folding) and shows it. */
static void deliver(sink *k, json_t *obj)
{
    json_object_del(obj, "_not_run");
    if (mqrep_writer_case(k->w, obj, k->err, sizeof k->err))
        k->io_error = true;
    mqrep_progress_case(k->prog, obj);
    json_decref(obj);
}

/* --repeat: keeps run jb->rep of its case; once all runs are in, they fold
 * into one case (the reports library's mqrep_case_fold: FLAKY when the
 * verdicts differ, every verdict kept in observed_verdicts). */
static void collect(sink *k, const mqc_job *jb, json_t *obj)
{
    if (k->repeat <= 1) {
        deliver(k, obj);
        return;
    }
    json_t **runs = &k->pending[jb->fold * k->repeat];
    json_decref(runs[jb->rep]);
    runs[jb->rep] = obj;
    if (++k->arrived[jb->fold] < k->repeat)
        return;
    /* A run the parent never started (SKIPPED: the broker had stopped
     * answering) observed nothing about this case, so it does not make the
     * case FLAKY; with no run started at all the case stays SKIPPED. */
    const json_t **ran = calloc(k->repeat, sizeof *ran);
    size_t nran = 0;
    for (unsigned i = 0; ran && i < k->repeat; i++)
        if (!json_is_true(json_object_get(runs[i], "_not_run")))
            ran[nran++] = runs[i];
    for (unsigned i = 0; i < k->repeat; i++)
        json_object_del(runs[i], "_not_run");
    json_t *folded = nran ? mqrep_case_fold(ran, nran)
                          : mqrep_case_fold((const json_t *const *)runs, k->repeat);
    free(ran);
    for (unsigned i = 0; i < k->repeat; i++) {
        json_decref(runs[i]);
        runs[i] = NULL;
    }
    if (!folded) { /* every run object has a verdict: only out of memory gets here */
        k->io_error = true;
        snprintf(k->err, sizeof k->err, "out of memory folding the runs of a case");
        return;
    }
    deliver(k, folded);
}

static void emit(sink *k, const mqc_job *jb, json_t *obj)
{
    const char *cid = json_string_value(json_object_get(obj, "id"));
    for (size_t i = 0; cid && !strncmp(cid, "cve/", 4) && i < k->rc->cat->n; i++)
        if (!strcmp(k->rc->cat->s[i].id, cid)) {
            json_t *cv = mqc_scenario_cve_json(&k->rc->cat->s[i]);
            if (cv)
                json_object_set_new(obj, "cve", cv);
            break;
        }
    if (json_is_true(json_object_get(obj, "_broker_dead"))) {
        char why[200] = "";
        /* with --spawn the evidence says how the process ended */
        if (!k->broker_dead &&
            mqc_broker_exited_within(k->broker, 2.0 * k->rc->scale, why, sizeof why)) {
            const char *ob = json_string_value(json_object_get(obj, "observed"));
            char *nob = malloc(strlen(ob ? ob : "") + strlen(why) + 4);
            if (nob) {
                sprintf(nob, "%s; %s", ob ? ob : "", why);
                json_object_set_new(obj, "observed", json_string(nob));
                free(nob);
            }
        }
        /* With -j, every case running when the broker died sees it die: the
         * evidence names them all, and which one killed it is left open. */
        char others[1200] = "";
        size_t ol = 0;
        int nothers = 0;
        for (int i = 0; k->slots && i < k->nslots && ol + 80 < sizeof others; i++) {
            if (!k->slots[i].pid)
                continue;
            const mqc_job *oj = k->slots[i].jb;
            ol += (size_t)snprintf(others + ol, sizeof others - ol, "%s%s [%s]", nothers ? ", " : "",
                                   k->rc->cat->s[oj->sc].id, mqc_ver_name(oj->vi));
            nothers++;
        }
        if (nothers) {
            const char *d0 = json_string_value(json_object_get(obj, "detail"));
            size_t dl = strlen(d0 ? d0 : "") + strlen(others) + 300;
            char *nd = malloc(dl);
            if (nd) {
                snprintf(nd, dl, "%s%s%d other case(s) were running at the same time: %s. Any of them may "
                         "have stopped the broker; rerun each alone (--select ID -j 1) to tell which.",
                         d0 ? d0 : "", d0 && *d0 ? " " : "", nothers, others);
                json_object_set_new(obj, "detail", json_string(nd));
                free(nd);
            }
        }
        if (!k->broker_dead)
            snprintf(k->dead_after, sizeof k->dead_after, "%s [%s]%s%s",
                     json_string_value(json_object_get(obj, "id")),
                     json_string_value(json_object_get(obj, "version")), why[0] ? ": " : "", why);
        k->broker_dead = true;
        json_object_del(obj, "_broker_dead");
    }
    collect(k, jb, obj);
}

/* Beyond the case timeout: evidence and clean-up; in client mode also the
 * driver's start and its quit. */
static double grace(const mqc_run_ctx *rc)
{
    return 10.0 + 15.0 * rc->scale + (rc->client ? (HELLO_WAIT + QUIT_GRACE) * rc->scale + 5.0 : 0);
}

static int spawn(const mqc_run_ctx *rc, const mqc_job *jb, slot *s)
{
    int p[2];
    if (pipe(p))
        return -1;
    fcntl(p[0], F_SETFD, FD_CLOEXEC);
    fcntl(p[1], F_SETFD, FD_CLOEXEC);
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        close(p[0]);
        close(p[1]);
        return -1;
    }
    if (pid == 0) {
        close(p[0]);
        signal(SIGPIPE, SIG_IGN);
        /* a Ctrl-C reaches the cases too (same process group): they just end */
        signal(SIGINT, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
        mqc_case_child(rc, jb, p[1]); /* does not return */
    }
    close(p[1]);
    memset(s, 0, sizeof *s);
    s->pid = pid;
    s->fd = p[0];
    s->jb = jb;
    s->started = mqc_now();
    s->kill_at = s->started + rc->cat->s[jb->sc].timeout * rc->scale + grace(rc);
    return 0;
}

/* Waits for a case's process (its pipe has closed or it was killed): 5 s,
 * then SIGKILL, so the run never waits without a deadline. */
static void reap(pid_t pid, int *st)
{
    double until = mqc_now() + 5.0;
    pid_t w;
    while ((w = waitpid(pid, st, WNOHANG)) == 0 && mqc_now() < until)
        poll(NULL, 0, 5);
    if (w == 0) {
        kill(pid, SIGKILL);
        while (waitpid(pid, st, 0) < 0 && errno == EINTR)
            ;
    }
}

/* A re-run of a suspect case for the leak judge: same child, no capture
 * (the first run's pcap stays the evidence), result kept only to notice a
 * broker that the repetition killed. */
typedef struct rerun_ctx {
    const mqc_run_ctx *rc;
    const mqc_job *jb;
    bool dead;
    char obs[600];
} rerun_ctx;

static int again(void *p)
{
    rerun_ctx *x = p;
    mqconf_options o = *x->rc->o;
    o.no_pcap = 1;
    mqc_run_ctx rc = *x->rc;
    rc.o = &o;
    slot s;
    if (spawn(&rc, x->jb, &s))
        return -1;
    bool killed = false;
    for (;;) {
        double now = mqc_now();
        if (now >= s.kill_at) {
            killed = true;
            kill(s.pid, SIGKILL);
            break;
        }
        struct pollfd pf = {s.fd, POLLIN, 0};
        int r = poll(&pf, 1, (int)((s.kill_at - now) * 1000.0) + 1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            continue;
        if (s.cap - s.len < 65536) {
            size_t nc = s.cap ? s.cap * 2 : 131072;
            char *nb = realloc(s.buf, nc);
            if (!nb)
                break;
            s.buf = nb;
            s.cap = nc;
        }
        ssize_t got = read(s.fd, s.buf + s.len, s.cap - s.len);
        if (got > 0)
            s.len += (size_t)got;
        else if (got == 0 || errno != EINTR)
            break;
    }
    int st = 0;
    reap(s.pid, &st);
    close(s.fd);
    json_error_t je;
    json_t *obj = killed || !s.len ? NULL : json_loadb(s.buf, s.len, 0, &je);
    free(s.buf);
    if (!obj)
        return -1;
    if (json_is_true(json_object_get(obj, "_broker_dead"))) {
        x->dead = true;
        snprintf(x->obs, sizeof x->obs, "the broker stopped answering CONNECT after a repetition of this case "
                                        "(re-run for the resource leak judge)");
    }
    json_decref(obj);
    return x->dead ? -1 : 0;
}

/* Resource oracles after a case: alone (-j 1 or an "alone" case) it is
 * settled, sampled and judged; next to others only sampled for the timeline
 * and scanned for sanitizer reports, which then name every case in flight. */
static void resources(const mqc_run_ctx *rc, const mqc_job *jb, sink *k, json_t *obj)
{
    bool exited = mqc_broker_exited(k->broker, NULL, 0);
    if (!exited && json_is_true(json_object_get(obj, "_broker_dead"))) {
        /* a broker that stopped answering may still be writing its sanitizer
         * report (symbolizing takes seconds): wait for its exit, bounded, so
         * the report is read whole; the cases after it are not run */
        double until = mqc_now() + 10.0 * rc->scale;
        while (!(exited = mqc_broker_exited(k->broker, NULL, 0)) && mqc_now() < until)
            poll(NULL, 0, 50);
        exited = true; /* dead to the run either way: what it wrote is all there is */
    }
    if (k->nslots == 1 && !json_is_true(json_object_get(obj, "_broker_dead"))) {
        rerun_ctx x = {rc, jb, false, ""};
        mqc_res_after(k->res, obj, exited, again, &x);
        if (x.dead) {
            json_object_set_new(obj, "_broker_dead", json_true());
            json_object_set_new(obj, "verdict", json_string("FAIL"));
            json_object_set_new(obj, "observed", json_string(x.obs));
        }
        return;
    }
    char others[1200] = "";
    size_t ol = 0;
    for (int i = 0; k->slots && i < k->nslots && ol + 80 < sizeof others; i++)
        if (k->slots[i].pid && k->slots[i].jb != jb)
            ol += (size_t)snprintf(others + ol, sizeof others - ol, "%s%s [%s]", ol ? ", " : "",
                                   rc->cat->s[k->slots[i].jb->sc].id, mqc_ver_name(k->slots[i].jb->vi));
    mqc_res_concurrent(k->res, obj, others, exited);
}

static void finish(const mqc_run_ctx *rc, slot *s, sink *k, bool killed)
{
    int st = 0;
    if (killed)
        kill(s->pid, SIGKILL);
    /* the pipe closes just before the child exits */
    reap(s->pid, &st);
    close(s->fd);
    json_t *obj = NULL;
    const mqc_scenario *sc = &rc->cat->s[s->jb->sc];
    if (!killed && s->len) {
        json_error_t je;
        obj = json_loadb(s->buf, s->len, 0, &je);
    }
    if (!obj && interrupted) {
        char obs[300];
        snprintf(obs, sizeof obs, "interrupted: the run got %s while the case was running",
                 interrupt_name());
        obj = parent_case(rc, s->jb, MQREP_SKIPPED, NULL, obs, NULL, (mqc_now() - s->started) * 1000.0);
        json_object_set_new(obj, "_not_run", json_true()); /* cut short: it observed nothing whole */
        k->ninterrupted++;
    }
    if (!obj) {
        char obs[300];
        if (killed)
            snprintf(obs, sizeof obs, "the case did not end within %.2fs and was killed",
                     sc->timeout * rc->scale + grace(rc));
        else if (WIFSIGNALED(st))
            snprintf(obs, sizeof obs, "the case's process died of signal %d", WTERMSIG(st));
        else
            snprintf(obs, sizeof obs, "the case's process exited (%d) without a verdict",
                     WIFEXITED(st) ? WEXITSTATUS(st) : -1);
        obj = parent_case(rc, s->jb, killed ? MQREP_TIMEOUT : MQREP_ERROR, "the case to end with a verdict",
                          obs, "harness failure", (mqc_now() - s->started) * 1000.0);
    }
    free(s->buf);
    s->buf = NULL;
    s->pid = 0;
    if (k->res)
        resources(rc, s->jb, k, obj);
    emit(k, s->jb, obj);
}

/* The run's own resource findings (the trend over the serial cases, a
 * slowdown of the probe's answers) belong to no case: they are reported as
 * the case "resources/run", and the summary goes into the run's target. */
static void run_findings(const mqc_run_ctx *rc, sink *k, const mqc_job *jobs)
{
    json_t *sum = mqc_res_finish(k->res);
    if (!sum)
        return;
    json_t *fs = json_object_get(sum, "findings");
    if (json_array_size(fs)) {
        json_t *obj = parent_case(rc, &jobs[0], MQREP_PASS, NULL, NULL, NULL, 0);
        json_object_set_new(obj, "id", json_string("resources/run"));
        json_object_set_new(obj, "title", json_string("The spawned broker's resources over the run"));
        json_object_set_new(obj, "description",
                            json_string("Run-level resource oracles: growth of the settled samples after "
                                        "the serial cases, and the liveness probe's answer time."));
        json_object_set_new(obj, "section", json_string("resources"));
        json_object_set_new(obj, "statements", json_array());
        json_object_set_new(obj, "pcap", json_null());
        json_object_set_new(obj, "wire", json_array());
        size_t i;
        json_t *f;
        json_array_foreach(fs, i, f) mqc_res_add_finding(obj, json_incref(f));
        deliver(k, obj); /* not a job: nothing to fold under --repeat */
    }
    json_t *upd = json_pack("{s:O}", "resources", sum);
    mqrep_writer_target_update(k->w, upd, k->err, sizeof k->err);
    json_decref(upd);
    json_decref(sum);
}

/* Runs jobs with up to n at once. */
static void run_pool(const mqc_run_ctx *rc, const mqc_job *jobs, size_t njobs, int n, sink *k)
{
    slot *slots = calloc((size_t)n, sizeof *slots);
    struct pollfd *pf = calloc((size_t)n + 1, sizeof *pf); /* + the interrupt pipe */
    if (!slots || !pf) {
        free(slots);
        free(pf);
        return;
    }
    size_t next = 0;
    int running = 0;
    k->rc = rc;
    k->slots = slots;
    k->nslots = n;
    if (n == 1 && njobs)
        mqc_res_serial_begin(k->res);
    for (;;) {
        while (running < n && next < njobs) {
            const mqc_job *jb = &jobs[next++];
            if (interrupted) {
                char obs[300];
                snprintf(obs, sizeof obs, "interrupted: not run (the run got %s)", interrupt_name());
                json_t *sk = parent_case(rc, jb, MQREP_SKIPPED, NULL, obs, NULL, 0);
                json_object_set_new(sk, "_not_run", json_true()); /* for --repeat's fold */
                emit(k, jb, sk);
                k->ninterrupted++;
                continue;
            }
            if (k->broker_dead) {
                char obs[700];
                snprintf(obs, sizeof obs, "not run: the broker stopped answering after %s",
                         k->dead_after);
                json_t *sk = parent_case(rc, jb, MQREP_SKIPPED, NULL, obs, NULL, 0);
                json_object_set_new(sk, "_not_run", json_true()); /* for --repeat's fold */
                emit(k, jb, sk);
                continue;
            }
            int i = 0;
            while (slots[i].pid)
                i++;
            if (spawn(rc, jb, &slots[i])) {
                emit(k, jb, parent_case(rc, jb, MQREP_ERROR, NULL, "fork failed", strerror(errno), 0));
                continue;
            }
            running++;
        }
        if (!running)
            break;
        double now = mqc_now(), first = now + 3600;
        for (int i = 0; i < n; i++) {
            pf[i].fd = slots[i].pid ? slots[i].fd : -1;
            pf[i].events = POLLIN;
            pf[i].revents = 0;
            if (slots[i].pid && slots[i].kill_at < first)
                first = slots[i].kill_at;
        }
        int ms = first > now ? (int)((first - now) * 1000.0) + 1 : 0;
        pf[n].fd = interrupt_pipe[0];
        pf[n].events = POLLIN;
        pf[n].revents = 0;
        int r = poll(pf, (nfds_t)n + 1, ms);
        if (r < 0 && errno != EINTR)
            break;
        if (interrupted) {
            /* end the running cases now; one that already wrote its whole verdict keeps it */
            for (int i = 0; i < n; i++) {
                slot *s = &slots[i];
                if (!s->pid)
                    continue;
                kill(s->pid, SIGKILL);
                /* what it wrote before: non-blocking, the pipe's other end may live on */
                fcntl(s->fd, F_SETFL, fcntl(s->fd, F_GETFL) | O_NONBLOCK);
                for (;;) {
                    if (s->cap - s->len < 65536) {
                        size_t nc = s->cap ? s->cap * 2 : 131072;
                        char *nb = realloc(s->buf, nc);
                        if (!nb)
                            break;
                        s->buf = nb;
                        s->cap = nc;
                    }
                    ssize_t got = read(s->fd, s->buf + s->len, s->cap - s->len);
                    if (got > 0)
                        s->len += (size_t)got;
                    else if (got == 0 || errno != EINTR)
                        break;
                }
                finish(rc, s, k, false);
                running--;
            }
            continue; /* the rest are recorded SKIPPED above */
        }
        for (int i = 0; i < n; i++) {
            slot *s = &slots[i];
            if (!s->pid)
                continue;
            if (pf[i].revents) {
                if (s->cap - s->len < 65536) {
                    size_t nc = s->cap ? s->cap * 2 : 131072;
                    char *nb = realloc(s->buf, nc);
                    if (nb) {
                        s->buf = nb;
                        s->cap = nc;
                    }
                }
                ssize_t got = s->cap > s->len ? read(s->fd, s->buf + s->len, s->cap - s->len) : 0;
                if (got > 0)
                    s->len += (size_t)got;
                else if (got == 0 || errno != EINTR) {
                    finish(rc, s, k, false);
                    running--;
                    continue;
                }
            }
            if (mqc_now() >= s->kill_at) {
                finish(rc, s, k, true);
                running--;
            }
        }
    }
    k->slots = NULL;
    free(slots);
    free(pf);
}

static int ncores(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

/* Client mode: the driver is started once before the cases, so a command
 * that does not work stops the run with a clear message (exit 2) instead of
 * making every case an ERROR, and its hello names the target. */
static int probe_driver(const mqconf_options *o, double scale, json_t **hello, char *err,
                        size_t errlen)
{
    char dir[4200], path[4300], why[512];
    snprintf(dir, sizeof dir, "%s/driver", o->out_dir);
    if (mqc_mkdir_p(dir)) {
        snprintf(err, errlen, "cannot create %s: %s", dir, strerror(errno));
        return -1;
    }
    snprintf(path, sizeof path, "%s/probe.stderr", dir);
    mqc_driver *d = mqc_driver_start(o->driver_cmd, path, why, sizeof why);
    if (!d) {
        snprintf(err, errlen, "--driver: %s", why);
        return -1;
    }
    int r = mqc_driver_hello(d, mqc_now() + HELLO_WAIT * scale, why, sizeof why);
    mqc_driver_stop(d, QUIT_GRACE * scale);
    if (r) {
        char tail[1024];
        mqc_driver_stderr_tail(d, tail, sizeof tail);
        snprintf(err, errlen, "--driver '%s' does not work: %s%s%s", o->driver_cmd, why,
                 tail[0] ? "; its stderr ends with:\n" : " (its stderr is empty)", tail);
        mqc_driver_free(d);
        return -1;
    }
    *hello = json_incref(d->hello);
    mqc_driver_free(d);
    return 0;
}

/* --profile FILE. Shape (conformance/API.md, "Broker profiles"): an object with an optional
 * "name", "denied_publish_prefix" (a topic prefix the runner's clients may subscribe to but
 * not publish to) and "credentials" {"valid": {"username", "password"}, "invalid": {...}}.
 * Unknown keys are refused, so a typo never silently turns profile cases UNSUPPORTED.
 * Returns the compact JSON text (malloc'ed) or NULL with err filled. */
static bool cred_ok(json_t *c)
{
    const char *k;
    json_t *v;
    if (!json_is_object(c) || !json_is_string(json_object_get(c, "username")))
        return false;
    json_object_foreach (c, k, v)
        if ((strcmp(k, "username") && strcmp(k, "password")) || !json_is_string(v))
            return false;
    return true;
}

static char *load_profile(const char *path, json_t **keep, char *err, size_t errlen)
{
    json_error_t je;
    json_t *p = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
    if (!json_is_object(p)) {
        snprintf(err, errlen, "--profile %s: %s", path, p ? "not a JSON object" : je.text);
        json_decref(p);
        return NULL;
    }
    const char *k;
    json_t *v;
    json_object_foreach (p, k, v) {
        bool ok;
        if (!strcmp(k, "name") || !strcmp(k, "denied_publish_prefix")) {
            ok = json_is_string(v) && json_string_length(v) > 0;
        } else if (!strcmp(k, "credentials")) {
            const char *ck;
            json_t *cv;
            ok = json_is_object(v);
            json_object_foreach (v, ck, cv)
                ok = ok && (!strcmp(ck, "valid") || !strcmp(ck, "invalid")) && cred_ok(cv);
        } else {
            snprintf(err, errlen, "--profile %s: unknown key '%s' (name, denied_publish_prefix, credentials)",
                     path, k);
            json_decref(p);
            return NULL;
        }
        if (!ok) {
            snprintf(err, errlen, "--profile %s: '%s' has the wrong form (conformance/API.md)", path, k);
            json_decref(p);
            return NULL;
        }
    }
    char *text = json_dumps(p, JSON_COMPACT);
    if (!text)
        snprintf(err, errlen, "--profile %s: out of memory", path);
    *keep = p;
    return text;
}

int mqconf_run(const mqconf_options *o, char *err, size_t errlen)
{
    mqc_run_ctx rc;
    memset(&rc, 0, sizeof rc);
    rc.o = o;
    rc.scale = o->time_scale > 0 ? o->time_scale : 1.0;
    rc.client = client_mode(o);
    if (rc.client && (!o->driver_cmd || !*o->driver_cmd)) {
        snprintf(err, errlen, "client mode needs --driver 'COMMAND'");
        return 2;
    }
    char tbuf[64], portbuf[16] = "";
    const char *target = rc.client ? "127.0.0.1:1" /* unused: the client comes to us */ : o->target;
    if (o->spawn_cmd && !target) {
        int fp = mqc_free_port();
        if (fp < 0) {
            snprintf(err, errlen, "--spawn: no free port on 127.0.0.1");
            return 2;
        }
        snprintf(tbuf, sizeof tbuf, "127.0.0.1:%d", fp);
        target = tbuf;
    }
    if (!target) {
        snprintf(err, errlen, "--target HOST:PORT (or --spawn) is required");
        return 2;
    }
    if (mqc_target_parse(target, &rc.target, err, errlen))
        return 2;
    /* resource oracles: only a broker this run owns is sampled */
    mqpw_thresholds th;
    mqpw_thresholds_default(&th);
    bool sample = o->spawn_cmd && !o->no_resources && !rc.client;
    if (o->resource_thresholds) {
        char terr[300];
        if (mqpw_thresholds_parse(&th, o->resource_thresholds, terr, sizeof terr)) {
            snprintf(err, errlen, "--resource-thresholds: %s", terr);
            return 2;
        }
    }
    rc.target.username = o->username;
    rc.target.password = o->password;
    json_t *profile = NULL; /* owns the strings rc.target borrows from it */
    char *profile_text = NULL;
    if (o->profile && rc.client) {
        snprintf(err, errlen, "--profile describes a broker; client mode has none");
        return 2;
    }
    if (o->profile) {
        if (!(profile_text = load_profile(o->profile, &profile, err, errlen))) {
            json_decref(profile);
            return 2;
        }
        rc.target.profile_json = profile_text;
        /* A broker that needs credentials gets the profile's valid ones unless
           --username says otherwise. */
        json_t *valid = json_object_get(json_object_get(profile, "credentials"), "valid");
        if (valid && !o->username) {
            rc.target.username = json_string_value(json_object_get(valid, "username"));
            rc.target.password = json_string_value(json_object_get(valid, "password"));
        }
    }
    if (o->transport.tls || o->transport.ws_path) {
        /* the host part of the target: SNI, verification, the Host header */
        char host[256];
        const char *h = target, *e = strrchr(target, ':');
        if (*h == '[')
            h++, e = strchr(h, ']');
        snprintf(host, sizeof host, "%.*s", e ? (int)(e - h) : (int)strlen(h), h);
        mqt_config tc = o->transport;
        tc.server = rc.client; /* client mode: the scripted broker's side */
        if (!(rc.target.transport = mqt_ctx_new(&tc, host, target, err, errlen))) {
            free(profile_text);
            json_decref(profile);
            return 2;
        }
        rc.caps.websocket = mqt_ctx_is_ws(rc.target.transport); /* client mode has no probe */
    }
    if (strrchr(target, ':'))
        snprintf(portbuf, sizeof portbuf, "%s", strrchr(target, ':') + 1);
    mqc_broker *broker = NULL;
    sink k;
    memset(&k, 0, sizeof k);
    mqc_manifest m;
    mqc_catalogue cat;
    if (load_all(o, &m, &cat, err, errlen)) {
        free(profile_text);
        json_decref(profile);
        return 2;
    }
    rc.cat = &cat;
    /* --repeat N: the N runs of a case are adjacent jobs, so its folded
     * result is written as soon as they are done (a killed run keeps a prefix) */
    unsigned repeat = o->repeat > 1 ? (unsigned)o->repeat : 1;
    mqc_job *jobs = calloc(cat.n * MQC_NVER * repeat + 1, sizeof *jobs);
    size_t nj = 0, nfold = 0;
    unsigned caseno = 0;
    for (int pass = 0; pass < 2 && jobs; pass++) /* "alone" cases last, serially */
        for (size_t i = 0; i < cat.n; i++)
            for (int v = 0; v < MQC_NVER; v++)
                if (cat.s[i].alone == (pass == 1) && selected(o, &cat.s[i], v)) {
                    for (unsigned r = 0; r < repeat; r++)
                        jobs[nj++] = (mqc_job){i, v, ++caseno, r, nfold};
                    nfold++;
                }
    size_t nalone = 0;
    for (size_t i = 0; i < nj; i++)
        nalone += cat.s[jobs[i].sc].alone;
    int rcode = 2;
    /* From here a signal ends the run through the code below, so the spawned
     * broker is stopped and what was recorded is reported (the previous
     * handlers come back at the end). */
    interrupted = 0;
    if (pipe(interrupt_pipe) == 0)
        for (int i = 0; i < 2; i++) {
            fcntl(interrupt_pipe[i], F_SETFD, FD_CLOEXEC);
            fcntl(interrupt_pipe[i], F_SETFL, O_NONBLOCK);
        }
    struct sigaction si = {0}, old_int, old_term;
    si.sa_handler = on_interrupt;
    si.sa_flags = SA_RESTART; /* poll still returns: the pipe wakes it */
    sigemptyset(&si.sa_mask);
    sigaction(SIGINT, &si, &old_int);
    sigaction(SIGTERM, &si, &old_term);
    if (!jobs || !nj) {
        snprintf(err, errlen, jobs ? "no scenario matches the selection" : "out of memory");
        goto out;
    }
    if (o->spawn_cmd) {
        char logpath[4200];
        if (mqc_mkdir_p(o->out_dir)) {
            snprintf(err, errlen, "cannot create %s: %s", o->out_dir, strerror(errno));
            goto out;
        }
        snprintf(logpath, sizeof logpath, "%s/broker.log", o->out_dir);
        broker = mqc_broker_start(o->spawn_cmd, portbuf, logpath, &rc.target, rc.scale, err, errlen);
        if (!broker)
            goto out;
    }
    if (rc.client ? probe_driver(o, rc.scale, &rc.hello, err, errlen)
                  : mqc_preflight(&rc.target, rc.scale, err, errlen) ||
                        mqc_probe(&rc.target, rc.scale, &rc.caps, rc.broker_version,
                                  o->broker_version ? 0 : sizeof rc.broker_version, err, errlen))
        goto out;
    if (interrupted) { /* before any case: there is nothing to report */
        snprintf(err, errlen, "interrupted (%s) before the first case", interrupt_name());
        goto out;
    }
    unsigned long seed = (unsigned long)time(NULL) ^ ((unsigned long)getpid() << 8);
    static const char b36[] = "0123456789abcdefghijklmnopqrstuvwxyz";
    for (int i = 0; i < 4; i++, seed /= 36)
        rc.runid[i] = b36[seed % 36];

    /* run header */
    json_t *vers = json_array();
    unsigned vm = o->versions ? o->versions : MQCONF_VALL;
    for (int v = 0; v < MQC_NVER; v++)
        if (vm & (1u << v))
            json_array_append_new(vers, json_string(mqc_ver_name(v)));
    json_t *caps = mqc_caps_json(&rc.caps);
    /* Cases spend nearly all their time waiting on the broker (keep-alive and
     * expiry windows, silence checks): measured CPU is ~3% of wall time, so the
     * default runs four cases per core. */
    int jobsn = o->jobs > 0 ? o->jobs : 4 * ncores();
    /* client mode: each case also runs the client library's process */
    if (rc.client && o->jobs <= 0)
        jobsn = 2 * ncores();
    char spawned[256];
    const char *label = o->name ? o->name : rc.target.text;
    if (!o->name && o->spawn_cmd && !o->target) { /* the port is a fresh one every run */
        mqc_spawn_name(o->spawn_cmd, spawned, sizeof spawned);
        label = spawned;
    }
    char address[4200];
    snprintf(address, sizeof address, "%s", rc.target.text);
    if (rc.client) {
        const char *lib = json_string_value(json_object_get(rc.hello, "library"));
        label = o->name ? o->name : lib && *lib ? lib : o->driver_cmd;
        snprintf(address, sizeof address, "driver: %s", o->driver_cmd);
        json_decref(caps);
        caps = json_object(); /* a client has no broker capabilities */
    }
    json_t *hdr = json_pack("{s:{s:s,s:s,s:o,s:o},s:{s:i,s:f,s:s,s:b}}", "target", "name",
                            label, "address", address,
                            "versions", vers, "capabilities", caps, "options", "jobs", jobsn,
                            "time_scale", rc.scale, "run_id", rc.runid, "strict", o->strict);
    if (o->broker_version && *o->broker_version)
        snprintf(rc.broker_version, sizeof rc.broker_version, "%s", o->broker_version);
    if (!rc.client && rc.broker_version[0])
        json_object_set_new(json_object_get(hdr, "target"), "broker_version",
                            json_string(rc.broker_version));
    { /* how the bytes went: "tcp", "tls", "ws", "wss" (reports/SCHEMA.md) */
        char desc[1200];
        mqt_ctx_describe(rc.target.transport, desc, sizeof desc);
        json_t *t = json_object_get(hdr, "target");
        json_object_set_new(t, "transport", json_string(mqt_ctx_name(rc.target.transport)));
        json_object_set_new(t, "transport_detail", json_string(desc));
    }
    if (rc.client) {
        json_t *t = json_object_get(hdr, "target");
        json_object_set_new(t, "role", json_string("client"));
        json_object_set(t, "driver", rc.hello);
        json_object_set_new(json_object_get(hdr, "options"), "driver", json_string(o->driver_cmd));
    }
    if (o->nselect) {
        json_t *a = json_array();
        for (size_t i = 0; i < o->nselect; i++)
            json_array_append_new(a, json_string(o->select[i]));
        json_object_set_new(json_object_get(hdr, "options"), "select", a);
    }
    if (o->nstatements) {
        json_t *a = json_array();
        for (size_t i = 0; i < o->nstatements; i++)
            json_array_append_new(a, json_string(o->statements[i]));
        json_object_set_new(json_object_get(hdr, "options"), "statements", a);
    }
    k.broker = broker;
    k.repeat = repeat;
    if (repeat > 1)
        json_object_set_new(json_object_get(hdr, "options"), "repeat", json_integer(repeat));
    if (o->spawn_cmd)
        json_object_set_new(json_object_get(hdr, "options"), "spawn", json_string(o->spawn_cmd));
    if (profile)
        json_object_set_new(json_object_get(hdr, "options"), "profile", json_string(o->profile));
    json_object_set_new(json_object_get(hdr, "options"), "resources",
                        sample ? json_pack("{s:i,s:i,s:i,s:i,s:f,s:i,s:f,s:f,s:f}", "repeat", th.repeat,
                                           "rss_kb", (json_int_t)th.rss_growth_kb, "fds",
                                           (json_int_t)th.fd_growth, "threads", (json_int_t)th.thread_growth,
                                           "spin_ratio", th.spin_cpu_ratio, "spin_intervals",
                                           th.spin_intervals, "spin_interval", th.spin_interval_s,
                                           "slow_factor", th.slow_factor, "slow_floor", th.slow_floor_s)
                               : json_string(o->no_resources ? "off (--no-resources)"
                                                             : "off (the broker is not spawned by this run)"));
    k.w = mqrep_writer_open(o->out_dir, hdr, err, errlen);
    json_decref(hdr);
    if (!k.w)
        goto out;
    char brokerlog[4200];
    snprintf(brokerlog, sizeof brokerlog, "%s/broker.log", o->out_dir);
    if (sample) {
        char rerr[300];
        k.res = mqc_res_start(mqc_broker_pid(broker), brokerlog, &th, k.w, &rc.target, rc.scale, rerr,
                              sizeof rerr);
        if (!k.res)
            fprintf(stderr, "mqttcheck run: the spawned broker cannot be sampled (%s): no resource oracles\n",
                    rerr);
    }
    if (!o->no_pcap) {
        char pd[4096];
        snprintf(pd, sizeof pd, "%s/pcap", o->out_dir);
        mkdir(pd, 0777);
        /* pcap has no place for it: the captures' metadata beside them. The
         * per-case captures hold the MQTT bytes as seen inside TLS/WebSocket
         * over synthesized TCP, so Wireshark decodes MQTT whatever the transport. */
        char mp[4200], desc[1200];
        snprintf(mp, sizeof mp, "%s/capture.json", pd);
        mqt_ctx_describe(rc.target.transport, desc, sizeof desc);
        json_t *meta = json_pack("{s:s,s:s,s:s}", "transport",
                                 mqt_ctx_name(rc.target.transport),
                                 "transport_detail", desc, "content",
                                 "MQTT bytes as the runner sent and received them, inside any "
                                 "TLS or WebSocket framing; TCP headers synthesized");
        if (meta)
            json_dump_file(meta, mp, JSON_INDENT(2));
        json_decref(meta);
    }
    /* --capture: the interface's traffic to and from the target's port, for
     * what the runner did not make itself (other clients, the broker's own
     * connections). Asked for explicitly, so failing to start is fatal. */
    mqpcap_live *live = NULL;
    if (o->capture_iface) {
        char pd[4096], path[4200], filt[64], lerr[512] = "";
        unsigned port = ntohs(rc.target.addr.ss_family == AF_INET6
                                  ? ((struct sockaddr_in6 *)&rc.target.addr)->sin6_port
                                  : ((struct sockaddr_in *)&rc.target.addr)->sin_port);
        snprintf(pd, sizeof pd, "%s/pcap", o->out_dir);
        mkdir(pd, 0777);
        snprintf(path, sizeof path, "%s/live.pcap", pd);
        snprintf(filt, sizeof filt, "tcp port %u", port);
        live = mqpcap_live_start(o->capture_iface, filt, path, lerr, sizeof lerr);
        if (!live) {
            snprintf(err, errlen, "--capture %s: %s", o->capture_iface, lerr);
            mqrep_writer_abandon(k.w);
            goto out;
        }
    }
    if (repeat > 1) {
        k.pending = calloc(nfold * repeat, sizeof *k.pending);
        k.arrived = calloc(nfold, sizeof *k.arrived);
        if (!k.pending || !k.arrived) {
            free(k.pending);
            free(k.arrived);
            if (live)
                mqpcap_live_stop(live);
            mqrep_writer_abandon(k.w);
            snprintf(err, errlen, "out of memory");
            goto out;
        }
    }
    static const mqrep_progress_mode pm[] = {MQREP_PROGRESS_AUTO, MQREP_PROGRESS_QUIET,
                                             MQREP_PROGRESS_VERBOSE, MQREP_PROGRESS_PLAIN};
    k.prog = mqrep_progress_new(stderr, (int)nfold, pm[o->output >= 0 && o->output <= 3 ? o->output : 0]);
    struct sigaction sa = {0}, old;
    sa.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &sa, &old);
    run_pool(&rc, jobs, nj - nalone, jobsn, &k);
    run_pool(&rc, jobs + (nj - nalone), nalone, 1, &k);
    sigaction(SIGPIPE, &old, NULL);
    if (k.res)
        run_findings(&rc, &k, jobs);
    mqrep_progress_done(k.prog);
    if (live && mqpcap_live_stop(live) < 0)
        fprintf(stderr, "mqttcheck run: the live capture on %s could not be completed\n", o->capture_iface);
    mqrep_options ro = {0};
    ro.strict = o->strict;
    ro.baseline_path = o->baseline;
    /* the console's last line: new failures, still failing, fixed, flaky, report path */
    ro.console = o->output == MQCONF_OUT_QUIET ? NULL : stdout;
    char title[400];
    snprintf(title, sizeof title, "mqttcheck %sconformance: %s", rc.client ? "client " : "", label);
    ro.title = title;
    char cut[64];
    snprintf(cut, sizeof cut, "interrupted by %s", interrupt_name());
    ro.incomplete = interrupted ? cut : NULL;
    rcode = mqrep_writer_close(k.w, &ro, err, errlen);
    free(k.pending); /* every entry was folded and released */
    free(k.arrived);
    if (k.io_error && rcode != 2) {
        snprintf(err, errlen, "results could not be written: %s", k.err);
        rcode = 2;
    } else if (interrupted) {
        snprintf(err, errlen, "interrupted (%s): %d of %zu case(s) not run or not finished, "
                 "recorded SKIPPED; the reports hold what was recorded", interrupt_name(),
                 k.ninterrupted, nj);
        rcode = 2;
    }
out:
    mqc_res_free(k.res);
    json_decref(rc.hello);
    mqc_broker_stop(broker);
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    for (int i = 0; i < 2; i++) {
        if (interrupt_pipe[i] >= 0)
            close(interrupt_pipe[i]);
        interrupt_pipe[i] = -1;
    }
    free(profile_text);
    json_decref(profile);
    free(jobs);
    mqc_catalogue_free(&cat);
    mqc_manifest_free(&m);
    mqt_ctx_free(rc.target.transport);
    return rcode;
}
