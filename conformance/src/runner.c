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
    if (mqc_catalogue_load(o->scenarios_dir, m, c, err, errlen)) {
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
        if (json) {
            json_t *e = json_pack("{s:s,s:s,s:s,s:o,s:o,s:s,s:b,s:f,s:s}", "id", s->id, "title",
                                  s->title, "section", s->section, "versions", vs, "statements",
                                  st, "level", mqc_level_name(s->level), "alone", s->alone,
                                  "timeout", s->timeout, "file", s->path);
            if (s->load_error)
                json_object_set_new(e, "error", json_string(s->load_error));
            if (s->role_known)
                json_object_set_new(e, "role", json_string(s->client ? "client" : "broker"));
            json_array_append_new(arr, e);
        } else {
            json_decref(vs);
            json_decref(st);
            fprintf(out, "%-48s %-14s %-6s %s%s  %s%s%s\n", s->id, vtxt, mqc_level_name(s->level),
                    s->alone ? "[alone] " : "", stxt[0] ? stxt : "-", s->title,
                    s->load_error ? "  ERROR: " : "", s->load_error ? s->load_error : "");
        }
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
} sink;

static void emit(sink *k, json_t *obj)
{
    if (json_is_true(json_object_get(obj, "_broker_dead"))) {
        char why[200] = "";
        /* with --spawn the evidence says how the process ended */
        if (!k->broker_dead && mqc_broker_exited(k->broker, why, sizeof why)) {
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
    if (mqrep_writer_case(k->w, obj, k->err, sizeof k->err))
        k->io_error = true;
    mqrep_progress_case(k->prog, obj);
    json_decref(obj);
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

static void finish(const mqc_run_ctx *rc, slot *s, sink *k, bool killed)
{
    int st = 0;
    if (killed)
        kill(s->pid, SIGKILL);
    /* The pipe closes just before the child exits; give it 5 s, then kill:
     * the run never waits without a deadline. */
    double until = mqc_now() + 5.0;
    pid_t w;
    while ((w = waitpid(s->pid, &st, WNOHANG)) == 0 && mqc_now() < until)
        poll(NULL, 0, 5);
    if (w == 0) {
        kill(s->pid, SIGKILL);
        while (waitpid(s->pid, &st, 0) < 0 && errno == EINTR)
            ;
    }
    close(s->fd);
    json_t *obj = NULL;
    const mqc_scenario *sc = &rc->cat->s[s->jb->sc];
    if (!killed && s->len) {
        json_error_t je;
        obj = json_loadb(s->buf, s->len, 0, &je);
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
    emit(k, obj);
}

/* Runs jobs with up to n at once. */
static void run_pool(const mqc_run_ctx *rc, const mqc_job *jobs, size_t njobs, int n, sink *k)
{
    slot *slots = calloc((size_t)n, sizeof *slots);
    struct pollfd *pf = calloc((size_t)n, sizeof *pf);
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
    for (;;) {
        while (running < n && next < njobs) {
            const mqc_job *jb = &jobs[next++];
            if (k->broker_dead) {
                char obs[700];
                snprintf(obs, sizeof obs, "not run: the broker stopped answering after %s",
                         k->dead_after);
                emit(k, parent_case(rc, jb, MQREP_SKIPPED, NULL, obs, NULL, 0));
                continue;
            }
            int i = 0;
            while (slots[i].pid)
                i++;
            if (spawn(rc, jb, &slots[i])) {
                emit(k, parent_case(rc, jb, MQREP_ERROR, NULL, "fork failed", strerror(errno), 0));
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
        int r = poll(pf, (nfds_t)n, ms);
        if (r < 0 && errno != EINTR)
            break;
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
    rc.target.username = o->username;
    rc.target.password = o->password;
    if (o->transport.tls || o->transport.ws_path) {
        /* the host part of the target: SNI, verification, the Host header */
        char host[256];
        const char *h = target, *e = strrchr(target, ':');
        if (*h == '[')
            h++, e = strchr(h, ']');
        snprintf(host, sizeof host, "%.*s", e ? (int)(e - h) : (int)strlen(h), h);
        mqt_config tc = o->transport;
        tc.server = rc.client; /* client mode: the scripted broker's side */
        if (!(rc.target.transport = mqt_ctx_new(&tc, host, target, err, errlen)))
            return 2;
        rc.caps.websocket = mqt_ctx_is_ws(rc.target.transport); /* client mode has no probe */
    }
    if (strrchr(target, ':'))
        snprintf(portbuf, sizeof portbuf, "%s", strrchr(target, ':') + 1);
    mqc_broker *broker = NULL;
    mqc_manifest m;
    mqc_catalogue cat;
    if (load_all(o, &m, &cat, err, errlen))
        return 2;
    rc.cat = &cat;
    mqc_job *jobs = calloc(cat.n * MQC_NVER + 1, sizeof *jobs);
    size_t nj = 0;
    unsigned caseno = 0;
    for (int pass = 0; pass < 2 && jobs; pass++) /* "alone" cases last, serially */
        for (size_t i = 0; i < cat.n; i++)
            for (int v = 0; v < MQC_NVER; v++)
                if (cat.s[i].alone == (pass == 1) && selected(o, &cat.s[i], v))
                    jobs[nj++] = (mqc_job){i, v, ++caseno};
    size_t nalone = 0;
    for (size_t i = 0; i < nj; i++)
        nalone += cat.s[jobs[i].sc].alone;
    int rcode = 2;
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
                  : mqc_probe(&rc.target, rc.scale, &rc.caps, err, errlen))
        goto out;
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
    const char *label = o->name ? o->name : rc.target.text;
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
    sink k;
    memset(&k, 0, sizeof k);
    k.broker = broker;
    if (o->spawn_cmd)
        json_object_set_new(json_object_get(hdr, "options"), "spawn", json_string(o->spawn_cmd));
    k.w = mqrep_writer_open(o->out_dir, hdr, err, errlen);
    json_decref(hdr);
    if (!k.w)
        goto out;
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
    static const mqrep_progress_mode pm[] = {MQREP_PROGRESS_AUTO, MQREP_PROGRESS_QUIET,
                                             MQREP_PROGRESS_VERBOSE, MQREP_PROGRESS_PLAIN};
    k.prog = mqrep_progress_new(stderr, (int)nj, pm[o->output >= 0 && o->output <= 3 ? o->output : 0]);
    struct sigaction sa = {0}, old;
    sa.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &sa, &old);
    run_pool(&rc, jobs, nj - nalone, jobsn, &k);
    run_pool(&rc, jobs + (nj - nalone), nalone, 1, &k);
    sigaction(SIGPIPE, &old, NULL);
    mqrep_progress_done(k.prog);
    if (live && mqpcap_live_stop(live) < 0)
        fprintf(stderr, "mqttcheck run: the live capture on %s could not be completed\n", o->capture_iface);
    mqrep_options ro = {0};
    ro.strict = o->strict;
    ro.baseline_path = o->baseline;
    char title[400];
    snprintf(title, sizeof title, "mqttcheck %sconformance: %s", rc.client ? "client " : "", label);
    ro.title = title;
    rcode = mqrep_writer_close(k.w, &ro, err, errlen);
    if (k.io_error && rcode != 2) {
        snprintf(err, errlen, "results could not be written: %s", k.err);
        rcode = 2;
    }
out:
    json_decref(rc.hello);
    mqc_broker_stop(broker);
    free(jobs);
    mqc_catalogue_free(&cat);
    mqc_manifest_free(&m);
    mqt_ctx_free(rc.target.transport);
    return rcode;
}
