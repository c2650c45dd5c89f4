/* The campaign loop: pick a corpus case and mutate it (or generate a fresh
 * one), run it, judge it, keep it if its responses (or the broker's AFL++
 * edges) are new; de-duplicate findings by signature; report progress,
 * keep the corpus folder in sync with other instances and write fuzz.json. */
#include "nf.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "mqpcap.h"
#include "mqttcodec.h"

static volatile sig_atomic_t stop_flag;

void mqnf_stop(void) { stop_flag = 1; }

void mqnf_options_default(mqnf_options *o)
{
    memset(o, 0, sizeof *o);
    o->host = "127.0.0.1";
    o->seed = 1;
    o->jobs = 1;
    o->out_dir = "mqttcheck-fuzz";
    o->versions = (1u << 4) | (1u << 5);
    o->hang_ms = 3000;
    o->wait_ms = 500;
    o->minimize = true;
    o->min_runs = 160;
    o->rss_growth_kb = 65536;
    o->fd_growth = 64;
    o->thread_growth = 32;
    o->log = stderr;
}

unsigned mqnf_parse_versions(const char *list)
{
    unsigned m = 0;
    char buf[64];
    snprintf(buf, sizeof buf, "%s", list);
    for (char *save = NULL, *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        if (!strcmp(t, "3.1"))
            m |= 1u << 3;
        else if (!strcmp(t, "3.1.1"))
            m |= 1u << 4;
        else if (!strcmp(t, "5.0") || !strcmp(t, "5"))
            m |= 1u << 5;
        else
            return 0;
    }
    return m;
}

static double mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---------------------------------------------------------------- corpus */

typedef struct corpus {
    nf_case **c;
    size_t n, cap;
    char **seen;   /* file names already imported from other instances */
    size_t nseen, seencap;
} corpus;

static bool corpus_add(corpus *q, const nf_case *c)
{
    if (q->n == q->cap) {
        size_t nc = q->cap ? q->cap * 2 : 256;
        nf_case **nn = realloc(q->c, nc * sizeof *nn);
        if (!nn)
            return false;
        q->c = nn;
        q->cap = nc;
    }
    nf_case *d = malloc(sizeof *d);
    if (!d)
        return false;
    *d = *c;
    q->c[q->n++] = d;
    return true;
}

static bool seen(corpus *q, const char *name)
{
    for (size_t i = 0; i < q->nseen; i++)
        if (!strcmp(q->seen[i], name))
            return true;
    if (q->nseen == q->seencap) {
        size_t nc = q->seencap ? q->seencap * 2 : 256;
        char **ns = realloc(q->seen, nc * sizeof *ns);
        if (!ns)
            return true;
        q->seen = ns;
        q->seencap = nc;
    }
    q->seen[q->nseen++] = strdup(name);
    return false;
}

static int cmpstr(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Sorted file names of a folder (deterministic import order). */
static size_t list_dir(const char *dir, char ***out)
{
    *out = NULL;
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    size_t n = 0, cap = 0;
    char **v = NULL;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **nv = realloc(v, cap * sizeof *nv);
            if (!nv)
                break;
            v = nv;
        }
        v[n++] = strdup(e->d_name);
    }
    closedir(d);
    if (n)
        qsort(v, n, sizeof *v, cmpstr);
    *out = v;
    return n;
}

static void free_list(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

static uint8_t *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    uint8_t *b = malloc(cap);
    for (;;) {
        if (!b)
            break;
        size_t r = fread(b + n, 1, cap - n, f);
        n += r;
        if (n < cap)
            break;
        if (cap > (16u << 20))
            break;
        cap *= 2;
        uint8_t *nb = realloc(b, cap);
        if (!nb) {
            free(b);
            b = NULL;
            break;
        }
        b = nb;
    }
    fclose(f);
    *len = n;
    return b;
}

/* Cases from one file: NFC1 cases, .pcap/.pcapng captures (each client
 * side a case), anything else a raw client stream (corpus/ seeds carry the
 * 2-byte harness header, recognised by its first byte). */
static size_t import_file(const char *path, nf_case *out, size_t max)
{
    size_t len = 0, n = 0;
    const char *dot = strrchr(path, '.');
    if (dot && (!strcmp(dot, ".pcap") || !strcmp(dot, ".pcapng"))) {
        char err[256];
        mqpcap_capture *cap = mqpcap_read_file(path, NULL, err, sizeof err);
        if (!cap)
            return 0;
        for (size_t i = 0; i < cap->nconns && n < max; i++)
            if (cap->conns[i].c2s.len && nf_case_from_stream(&out[n], cap->conns[i].c2s.data, cap->conns[i].c2s.len,
                                                             cap->conns[i].version))
                n++;
        mqpcap_capture_free(cap);
        return n;
    }
    uint8_t *b = slurp(path, &len);
    if (!b)
        return 0;
    if (nf_case_parse(&out[0], b, len)) {
        n = 1;
    } else if (len > 2 && b[0] <= 0x02 && b[1] == 0x00 && b[2] == 0x10) {
        n = nf_case_from_stream(&out[0], b + 2, len - 2, b[0] == 0 ? 3 : b[0] == 1 ? 4 : 5);
    } else if (len && b[0] == 0x10) {
        n = nf_case_from_stream(&out[0], b, len, 0);
    }
    free(b);
    return n;
}

/* ---------------------------------------------------------------- state */

typedef struct tl_point { double t; uint64_t cases, uniq, edges; } tl_point;

typedef struct campaign {
    nf_ctx x;
    const mqnf_options *o;
    corpus q;
    uint8_t map[NF_MAP_SIZE];
    uint64_t uniq;
    uint64_t cases, msgs, kept;
    /* cases whose fence or close went unanswered within --wait-ms, and the wall time
     * they took (liveness check included): where a long campaign's time goes */
    uint64_t timeouts;
    double timeout_s;
    nf_finding *f;
    size_t nf, fcap;
    char inst[32];
    char corpus_root[900], own_dir[1000];
    tl_point *tl;
    size_t ntl, tlcap;
    double t0, last_tl, last_progress;
    time_t started;
    nf_case prev;
    bool have_prev;
    nf_case hist[4]; /* the cases before prev, newest first: more suspects for a crash */
    int nhist;
    /* resource oracle */
    nf_proc_sample base;
    bool have_base;
    nf_proc_sample samples[8];
    size_t nsamples;
    bool resource_reported[3];
    char notes[1024];
} campaign;

static void note(campaign *k, const char *fmt, const char *arg)
{
    size_t l = strlen(k->notes);
    snprintf(k->notes + l, sizeof k->notes - l, fmt, arg);
    if (k->o->log)
        fprintf(k->o->log, "fuzz: %s\n", k->notes + l);
}

static bool novel(campaign *k, const nf_result *res)
{
    bool fresh = false;
    for (size_t i = 0; i < res->nfeat; i++) {
        uint32_t f = res->feat[i];
        if (!(k->map[f >> 3] & (1u << (f & 7)))) {
            k->map[f >> 3] |= (uint8_t)(1u << (f & 7));
            k->uniq++;
            fresh = true;
        }
    }
    return fresh;
}

static void save_case(campaign *k, const nf_case *c)
{
    uint8_t ser[NF_MAX_STEPS * (NF_STEP_MAX + 3) + 64];
    size_t n = nf_case_serialize(c, ser, sizeof ser);
    if (!n)
        return;
    char path[1100], tmp[1100];
    snprintf(path, sizeof path, "%s/id-%06zu", k->own_dir, k->q.n);
    snprintf(tmp, sizeof tmp, "%s/.tmp-%06zu", k->own_dir, k->q.n);
    FILE *f = fopen(tmp, "wb");
    if (!f)
        return;
    fwrite(ser, 1, n, f);
    if (fclose(f) == 0)
        rename(tmp, path); /* others only ever see whole files */
}

static void record_finding(campaign *k, const nf_case *c, nf_verdict *v, uint64_t case_no)
{
    const nf_case *cands[7];
    size_t nc = 0;
    cands[nc++] = c;
    bool deadly = !strcmp(v->oracle, "crash") || !strcmp(v->oracle, "hang") || !strcmp(v->oracle, "sanitizer");
    if (deadly) {
        if (k->have_prev && c != &k->prev)
            cands[nc++] = &k->prev;
        for (int i = 0; i < k->nhist; i++)
            cands[nc++] = &k->hist[i];
    }
    for (size_t i = 0; i < k->nf; i++)
        if (!strcmp(k->f[i].sig, v->sig))
            return;
    if (k->o->log && k->o->progress)
        fprintf(k->o->log, "\r\033[K");
    if (k->o->log)
        fprintf(k->o->log, "fuzz: finding after %llu cases: %s (%s)\n", (unsigned long long)case_no, v->sig,
                v->evidence ? v->evidence : "");
    nf_finding fd;
    if (!nf_write_finding_any(&k->x, cands, nc, v, case_no, &fd))
        return;
    if (k->nf == k->fcap) {
        k->fcap = k->fcap ? k->fcap * 2 : 8;
        nf_finding *nn = realloc(k->f, k->fcap * sizeof *nn);
        if (!nn)
            return;
        k->f = nn;
    }
    k->f[k->nf++] = fd;
    if (k->o->log)
        fprintf(k->o->log, "fuzz:   -> %s/findings/%s (%s%s)\n", k->o->out_dir, fd.id,
                fd.reproduced ? "reproduced on a fresh broker" : "not reproduced alone",
                fd.minimized ? ", minimized" : "");
}

static void timeline(campaign *k, double t)
{
    if (k->ntl == k->tlcap) {
        k->tlcap = k->tlcap ? k->tlcap * 2 : 64;
        tl_point *n = realloc(k->tl, k->tlcap * sizeof *n);
        if (!n)
            return;
        k->tl = n;
    }
    k->tl[k->ntl++] = (tl_point){t, k->cases, k->uniq, k->x.afl_on ? k->x.afl.edges : 0};
}

static void progress(campaign *k, double t)
{
    if (!k->o->progress || !k->o->log)
        return;
    double dt = t > 0 ? t : 1e-9;
    char edges[48] = "";
    if (k->x.afl_on)
        snprintf(edges, sizeof edges, "  edges %llu", (unsigned long long)k->x.afl.edges);
    fprintf(k->o->log, "\r\033[K[%6.1fs] cases %llu (%.0f/s)  msgs %llu (%.0f/s)  responses %llu%s  corpus %zu  findings %zu",
            t, (unsigned long long)k->cases, (double)k->cases / dt, (unsigned long long)k->msgs,
            (double)k->msgs / dt, (unsigned long long)k->uniq, edges, k->q.n, k->nf);
    fflush(k->o->log);
}

/* Imports cases other instances wrote since the last look (AFL-style sync:
 * each instance writes only its own subfolder). */
static void sync_in(campaign *k, bool everything)
{
    char **subs;
    size_t ns = list_dir(k->corpus_root, &subs);
    nf_case *tmp = malloc(64 * sizeof *tmp);
    for (size_t i = 0; tmp && i < ns; i++) {
        if (!everything && !strcmp(subs[i], k->inst))
            continue;
        char sub[1400];
        snprintf(sub, sizeof sub, "%s/%s", k->corpus_root, subs[i]);
        struct stat st;
        if (stat(sub, &st) || !S_ISDIR(st.st_mode))
            continue;
        char **files;
        size_t nfiles = list_dir(sub, &files);
        for (size_t j = 0; j < nfiles; j++) {
            char key[1500], path[2000];
            snprintf(key, sizeof key, "%s/%s", subs[i], files[j]);
            if (seen(&k->q, key))
                continue;
            snprintf(path, sizeof path, "%s/%s", sub, files[j]);
            size_t n = import_file(path, tmp, 64);
            for (size_t m = 0; m < n; m++)
                corpus_add(&k->q, &tmp[m]);
        }
        free_list(files, nfiles);
    }
    free(tmp);
    free_list(subs, ns);
}

static void import_seeds(campaign *k, const char *dir)
{
    char **files;
    size_t n = list_dir(dir, &files);
    nf_case *tmp = malloc(64 * sizeof *tmp);
    for (size_t i = 0; tmp && i < n; i++) {
        char path[2000];
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        struct stat st;
        if (stat(path, &st))
            continue;
        if (S_ISDIR(st.st_mode)) {
            import_seeds(k, path);
            continue;
        }
        size_t m = import_file(path, tmp, 64);
        for (size_t j = 0; j < m; j++)
            corpus_add(&k->q, &tmp[j]);
    }
    free(tmp);
    free_list(files, n);
}

/* ---------------------------------------------------------------- resources */

static void resource_check(campaign *k)
{
    if (!k->x.spawned)
        return;
    nf_proc_sample s;
    if (!nf_broker_sample(&k->x.br, &s))
        return;
    if (!k->have_base) {
        k->base = s;
        k->have_base = true;
        k->nsamples = 0;
        return;
    }
    if (k->nsamples == 8) {
        memmove(k->samples, k->samples + 1, 7 * sizeof s);
        k->nsamples = 7;
    }
    k->samples[k->nsamples++] = s;
    if (k->nsamples < 8)
        return;
    /* a steady rise: no sample of the window below the one before it, and
     * the whole window above the baseline by more than the threshold */
    const char *what[3] = {"rss", "fds", "threads"};
    long grow[3] = {s.rss_kb - k->base.rss_kb, s.fds - k->base.fds, s.threads - k->base.threads};
    long lim[3] = {(long)k->o->rss_growth_kb, (long)k->o->fd_growth, (long)k->o->thread_growth};
    for (int m = 0; m < 3; m++) {
        if (k->resource_reported[m] || grow[m] <= lim[m])
            continue;
        bool steady = true;
        for (size_t i = 1; i < k->nsamples; i++) {
            long a = m == 0 ? k->samples[i - 1].rss_kb : m == 1 ? k->samples[i - 1].fds : k->samples[i - 1].threads;
            long b = m == 0 ? k->samples[i].rss_kb : m == 1 ? k->samples[i].fds : k->samples[i].threads;
            if (b < a)
                steady = false;
        }
        if (!steady)
            continue;
        k->resource_reported[m] = true;
        nf_verdict v;
        memset(&v, 0, sizeof v);
        snprintf(v.oracle, sizeof v.oracle, "resource");
        snprintf(v.sig, sizeof v.sig, "resource:%s", what[m]);
        char ev[1024];
        size_t l = (size_t)snprintf(ev, sizeof ev, "%s of the spawned broker grew from %ld to %ld%s over %llu cases "
                                    "(steady over the last %zu samples:", what[m],
                                    m == 0 ? k->base.rss_kb : m == 1 ? (long)k->base.fds : (long)k->base.threads,
                                    m == 0 ? s.rss_kb : m == 1 ? (long)s.fds : (long)s.threads,
                                    m == 0 ? " kB" : "", (unsigned long long)k->cases, k->nsamples);
        for (size_t i = 0; i < k->nsamples && l < sizeof ev; i++)
            l += (size_t)snprintf(ev + l, sizeof ev - l, " %ld",
                                  m == 0 ? k->samples[i].rss_kb : m == 1 ? k->samples[i].fds : k->samples[i].threads);
        if (l < sizeof ev)
            snprintf(ev + l, sizeof ev - l, "); the case below is the last one run, a representative of the window");
        v.evidence = strdup(ev);
        /* a resource finding is judged over many cases: the representative
         * is not replayed alone (minimize = off for it) */
        bool saved = k->o->minimize;
        ((mqnf_options *)k->o)->minimize = false;
        bool sp = k->x.spawned;
        k->x.spawned = false; /* write the finding without re-running it */
        record_finding(k, &k->prev, &v, k->cases);
        k->x.spawned = sp;
        ((mqnf_options *)k->o)->minimize = saved;
        nf_verdict_free(&v);
    }
}

/* ---------------------------------------------------------------- output */

static bool write_json(campaign *k, const char *path, double secs)
{
    json_t *j = json_object();
    json_object_set_new(j, "schema", json_string("mqttcheck-fuzz/1"));
    char tgt[600];
    if (k->o->spawn)
        snprintf(tgt, sizeof tgt, "%s", k->o->spawn);
    else
        snprintf(tgt, sizeof tgt, "%s:%u", k->o->host, k->o->port);
    json_object_set_new(j, "target", json_string(tgt));
    json_object_set_new(j, "started", json_integer((json_int_t)k->started));
    json_object_set_new(j, "seconds", json_real(round(secs * 1000) / 1000));
    json_t *t = json_object();
    json_object_set_new(t, "cases", json_integer((json_int_t)k->cases));
    json_object_set_new(t, "messages", json_integer((json_int_t)k->msgs));
    json_object_set_new(t, "messages_per_s", json_real(secs > 0 ? round((double)k->msgs / secs * 10) / 10 : 0));
    json_object_set_new(t, "unique_responses", json_integer((json_int_t)k->uniq));
    json_object_set_new(t, "edges", k->x.afl_on ? json_integer((json_int_t)k->x.afl.edges) : json_null());
    json_object_set_new(t, "timeouts", json_integer((json_int_t)k->timeouts));
    json_object_set_new(t, "timeout_seconds", json_real(round(k->timeout_s * 10) / 10));
    json_object_set_new(j, "totals", t);
    json_t *tl = json_array();
    for (size_t i = 0; i < k->ntl; i++) {
        json_t *p = json_object();
        json_object_set_new(p, "t", json_real(round(k->tl[i].t * 1000) / 1000));
        json_object_set_new(p, "cases", json_integer((json_int_t)k->tl[i].cases));
        json_object_set_new(p, "unique_responses", json_integer((json_int_t)k->tl[i].uniq));
        json_object_set_new(p, "edges", k->x.afl_on ? json_integer((json_int_t)k->tl[i].edges) : json_null());
        json_array_append_new(tl, p);
    }
    json_object_set_new(j, "timeline", tl);
    json_t *fs = json_array();
    for (size_t i = 0; i < k->nf; i++) {
        json_t *p = json_object();
        char d[128], r[300];
        snprintf(d, sizeof d, "findings/%s", k->f[i].id);
        snprintf(r, sizeof r, "mqttcheck replay findings/%s/repro.pcap --target HOST:PORT", k->f[i].id);
        json_object_set_new(p, "id", json_string(k->f[i].id));
        json_object_set_new(p, "oracle", json_string(k->f[i].oracle));
        json_object_set_new(p, "signature", json_string(k->f[i].sig));
        json_object_set_new(p, "seed", json_integer((json_int_t)k->o->seed));
        json_object_set_new(p, "dir", json_string(d));
        json_object_set_new(p, "repro", json_string(r));
        json_array_append_new(fs, p);
    }
    json_object_set_new(j, "findings", fs);
    int rc = json_dump_file(j, path, JSON_INDENT(2));
    json_decref(j);
    return rc == 0;
}

static void mkdirs(const char *path)
{
    char b[1024];
    snprintf(b, sizeof b, "%s", path);
    for (char *p = b + 1; *p; p++)
        if (*p == '/') {
            *p = 0;
            mkdir(b, 0755);
            *p = '/';
        }
    mkdir(b, 0755);
}

/* ---------------------------------------------------------------- one instance */

static int run_instance(const mqnf_options *o, int index, const char *json_path)
{
    campaign *k = calloc(1, sizeof *k);
    if (!k)
        return 2;
    k->o = o;
    k->x.o = o;
    k->started = time(NULL);
    snprintf(k->inst, sizeof k->inst, "%s", o->instance ? o->instance : "");
    if (!k->inst[0])
        snprintf(k->inst, sizeof k->inst, "i%d", index);
    mkdirs(o->out_dir);
    if (o->corpus_dir)
        snprintf(k->corpus_root, sizeof k->corpus_root, "%s", o->corpus_dir);
    else
        snprintf(k->corpus_root, sizeof k->corpus_root, "%s/corpus", o->out_dir);
    snprintf(k->own_dir, sizeof k->own_dir, "%s/%s", k->corpus_root, k->inst);
    mkdirs(k->own_dir);
    snprintf(k->x.log_path, sizeof k->x.log_path, "%s/broker-%s.log", o->out_dir, k->inst);

    int rc = 2;
    char err[600];
    k->x.tgt.host = o->spawn ? "127.0.0.1" : o->host;
    k->x.tgt.port = o->port;
    k->x.tgt.wait_ms = o->wait_ms;
    if (o->spawn) {
        k->x.spawned = true;
        k->x.afl_on = nf_afl_init(&k->x.afl);
        if (!nf_broker_start(&k->x.br, o->spawn, k->x.log_path, k->x.afl_on ? k->x.afl.shm_id : -1, err, sizeof err)) {
            fprintf(o->log, "fuzz: could not start the broker: %s\n", err);
            goto out;
        }
        k->x.tgt.port = k->x.br.port;
    }
    char what[256];
    int lv = nf_liveness(k->x.tgt.host, k->x.tgt.port, o->hang_ms, NULL, what, sizeof what);
    if (lv == 1) {
        fprintf(o->log, "fuzz: could not run: %s\n", what);
        goto out;
    }
    k->x.live_ok = lv == 0;
    if (!k->x.live_ok)
        note(k, "the broker does not answer a plain 3.1.1 CONNECT + PINGREQ (%s): the hang oracle is off, "
                "fuzzing goes on with response novelty only", what);
    if (k->x.afl_on) {
        size_t e = nf_afl_collect(&k->x.afl);
        if (!e) { /* nothing wrote the map: not an instrumented broker */
            nf_afl_free(&k->x.afl);
            k->x.afl_on = false;
        } else if (o->log) {
            fprintf(o->log, "fuzz: AFL++ instrumented broker: coverage map in use\n");
        }
    }

    /* the corpus: every instance's cases (our own from an earlier run too) */
    sync_in(k, true);
    if (o->seeds_dir)
        import_seeds(k, o->seeds_dir);
    size_t imported = k->q.n;
    nf_case *cur = malloc(sizeof *cur);
    nf_result *res = malloc(sizeof *res);
    if (!cur || !res) {
        free(cur);
        free(res);
        goto out;
    }
    k->t0 = mono();
    timeline(k, 0);
    nf_rng master = {o->seed * 0x2545F4914F6CDD1Dull + (uint64_t)index};
    uint64_t case_seed0 = nf_next(&master);
    size_t replay_i = 0;
    while (!stop_flag) {
        if (o->execs && k->cases >= o->execs)
            break;
        double t = mono() - k->t0;
        if (o->seconds > 0 && t >= o->seconds)
            break;
        nf_rng r = {case_seed0 ^ (k->cases * 0x9E3779B97F4A7C15ull)};
        nf_next(&r);
        if (replay_i < imported) {
            *cur = *k->q.c[replay_i++]; /* imported cases run once as they are first */
        } else if (!k->q.n || nf_chance(&r, 10)) {
            nf_gen_case(cur, o->versions, &r);
        } else {
            /* newer entries a little more often: they hold the latest progress */
            size_t n = k->q.n, i = nf_chance(&r, 50) ? n - 1 - nf_below(&r, (uint32_t)(n < 16 ? n : 16))
                                                      : nf_below(&r, (uint32_t)n);
            *cur = *k->q.c[i];
            size_t oi = nf_below(&r, (uint32_t)n);
            const nf_case *other = k->q.c[oi];
            nf_mutate_case(cur, other, o->versions, &r);
        }
        char tag[64];
        snprintf(tag, sizeof tag, "nf%.8s-%llx", k->inst, (unsigned long long)k->cases);

        if (k->x.afl_on)
            nf_afl_reset(&k->x.afl);
        memset(res, 0, sizeof *res);
        nf_verdict v;
        double tj = mono();
        nf_judge(&k->x, cur, tag, false, res, &v);
        if (res->timeout) {
            k->timeouts++;
            k->timeout_s += mono() - tj;
        }
        k->cases++;
        k->msgs += res->msgs_sent;
        bool keep = novel(k, res);
        if (k->x.afl_on && nf_afl_collect(&k->x.afl))
            keep = true;
        if (keep && !v.oracle[0] && replay_i >= imported) {
            corpus_add(&k->q, cur);
            save_case(k, cur);
            k->kept++;
        } else if (keep && replay_i < imported) {
            /* imported and still interesting: already in the corpus */
        }
        if (v.oracle[0]) {
            const nf_case *culprit = v.dead_before && k->have_prev ? &k->prev : cur;
            record_finding(k, culprit, &v, v.dead_before ? k->cases - 1 : k->cases);
            bool dead = !strcmp(v.oracle, "crash") || !strcmp(v.oracle, "hang") ||
                        (!strcmp(v.oracle, "sanitizer") && k->x.br.exited);
            if (dead) {
                if (!k->x.spawned) {
                    fprintf(o->log, "fuzz: the target is down or hung: stopping (it is not ours to restart)\n");
                    nf_verdict_free(&v);
                    break;
                }
                if (!nf_restart(&k->x, err, sizeof err)) {
                    fprintf(o->log, "fuzz: could not restart the broker: %s\n", err);
                    nf_verdict_free(&v);
                    break;
                }
            }
        }
        nf_verdict_free(&v);
        if (k->have_prev) {
            memmove(&k->hist[1], &k->hist[0], 3 * sizeof k->hist[0]);
            k->hist[0] = k->prev;
            if (k->nhist < 4)
                k->nhist++;
        }
        k->prev = *cur;
        k->have_prev = true;
        if (k->cases % 200 == 0)
            resource_check(k);
        if (k->cases % 256 == 0 && k->x.live_ok && !o->spawn) {
            /* an external broker that stopped answering */
            char w[256];
            if (nf_liveness(k->x.tgt.host, k->x.tgt.port, o->hang_ms, NULL, w, sizeof w)) {
                nf_verdict hv;
                memset(&hv, 0, sizeof hv);
                snprintf(hv.oracle, sizeof hv.oracle, "hang");
                snprintf(hv.sig, sizeof hv.sig, "hang:liveness");
                hv.evidence = strdup(w);
                record_finding(k, cur, &hv, k->cases);
                nf_verdict_free(&hv);
                break;
            }
        }
        if (k->cases % 4096 == 0)
            sync_in(k, false);
        t = mono() - k->t0;
        if (t - k->last_tl >= 1.0 || (k->cases & (k->cases - 1)) == 0) {
            if (t - k->last_tl >= 1.0)
                k->last_tl = t;
            timeline(k, t);
        }
        if (t - k->last_progress >= 0.5) {
            k->last_progress = t;
            progress(k, t);
        }
    }
    double secs = mono() - k->t0;
    timeline(k, secs);
    if (o->progress && o->log) {
        progress(k, secs);
        fputc('\n', o->log);
    }
    free(cur);
    free(res);
    if (!write_json(k, json_path, secs)) {
        fprintf(o->log, "fuzz: cannot write %s\n", json_path);
        goto out;
    }
    if (k->notes[0]) {
        char np[1100];
        snprintf(np, sizeof np, "%s/notes-%s.txt", o->out_dir, k->inst);
        FILE *nfp = fopen(np, "w");
        if (nfp) {
            fprintf(nfp, "%s\n", k->notes);
            fclose(nfp);
        }
    }
    if (o->log)
        fprintf(o->log, "fuzz: %llu cases, %llu messages in %.1f s (%.0f messages/s), %llu unique responses%s, "
                        "%zu in corpus, %zu finding%s%s%s\n",
                (unsigned long long)k->cases, (unsigned long long)k->msgs, secs, secs > 0 ? (double)k->msgs / secs : 0,
                (unsigned long long)k->uniq, k->x.afl_on ? ", AFL++ edges on" : "", k->q.n, k->nf,
                k->nf == 1 ? "" : "s", stop_flag ? " (stopped by signal)" : "", k->x.restarts ? " (broker restarted)" : "");
    rc = k->nf ? 1 : 0;
out:
    if (k->x.spawned)
        nf_broker_stop(&k->x.br);
    if (k->x.afl_on)
        nf_afl_free(&k->x.afl);
    for (size_t i = 0; i < k->q.n; i++)
        free(k->q.c[i]);
    free(k->q.c);
    for (size_t i = 0; i < k->q.nseen; i++)
        free(k->q.seen[i]);
    free(k->q.seen);
    free(k->f);
    free(k->tl);
    free(k);
    return rc;
}

/* ---------------------------------------------------------------- -j N */

/* Instances 1..N-1 run as child processes (each its own broker when
 * spawning, seed + index, its own corpus subfolder); instance 0 runs here
 * and the totals are merged into OUT/fuzz.json. */
int mqnf_run(const mqnf_options *o)
{
    mkdirs(o->out_dir);
    char path[1100];
    snprintf(path, sizeof path, "%s/fuzz.json", o->out_dir);
    if (o->jobs <= 1)
        return run_instance(o, 0, path);
    int n = o->jobs;
    pid_t *kids = calloc((size_t)n, sizeof *kids);
    if (!kids)
        return 2;
    char dir[1100];
    snprintf(dir, sizeof dir, "%s/instances", o->out_dir);
    mkdirs(dir);
    for (int i = 1; i < n; i++) {
        pid_t p = fork();
        if (p == 0) {
            mqnf_options c = *o;
            c.progress = 0;
            c.instance = NULL;
            char jp[1200];
            snprintf(jp, sizeof jp, "%s/i%d.json", dir, i);
            _exit(run_instance(&c, i, jp));
        }
        kids[i] = p;
    }
    char jp0[1200];
    snprintf(jp0, sizeof jp0, "%s/i0.json", dir);
    int worst = run_instance(o, 0, jp0);
    for (int i = 1; i < n; i++) {
        if (kids[i] <= 0)
            continue;
        if (stop_flag)
            kill(kids[i], SIGINT);
        int st;
        waitpid(kids[i], &st, 0);
        int rc = WIFEXITED(st) ? WEXITSTATUS(st) : 2;
        if (rc == 1 && worst == 0)
            worst = 1;
        if (rc == 2)
            worst = worst == 1 ? 1 : 2;
    }
    free(kids);
    /* merge: sums of the totals, timelines side by side (instance 0's
     * timeline keeps its shape; cases summed at the end), all findings */
    json_t *m = NULL;
    json_t *allf = json_array();
    double secs = 0, msgs = 0, cases = 0, uniq = 0, edges = 0, touts = 0, tout_s = 0;
    bool have_edges = false;
    for (int i = 0; i < n; i++) {
        char ip[1200];
        snprintf(ip, sizeof ip, "%s/i%d.json", dir, i);
        json_t *j = json_load_file(ip, 0, NULL);
        if (!j)
            continue;
        json_t *t = json_object_get(j, "totals");
        cases += (double)json_integer_value(json_object_get(t, "cases"));
        msgs += (double)json_integer_value(json_object_get(t, "messages"));
        touts += (double)json_integer_value(json_object_get(t, "timeouts"));
        tout_s += json_real_value(json_object_get(t, "timeout_seconds"));
        json_int_t u = json_integer_value(json_object_get(t, "unique_responses"));
        if ((double)u > uniq)
            uniq = (double)u;
        if (json_is_integer(json_object_get(t, "edges"))) {
            have_edges = true;
            if ((double)json_integer_value(json_object_get(t, "edges")) > edges)
                edges = (double)json_integer_value(json_object_get(t, "edges"));
        }
        double s = json_real_value(json_object_get(j, "seconds"));
        if (s > secs)
            secs = s;
        size_t idx;
        json_t *f;
        json_array_foreach(json_object_get(j, "findings"), idx, f) json_array_append(allf, f);
        if (!m)
            m = j;
        else
            json_decref(j);
    }
    if (!m) {
        json_decref(allf);
        return 2;
    }
    json_t *t = json_object_get(m, "totals");
    json_object_set_new(t, "cases", json_integer((json_int_t)cases));
    json_object_set_new(t, "messages", json_integer((json_int_t)msgs));
    json_object_set_new(t, "messages_per_s", json_real(secs > 0 ? round(msgs / secs * 10) / 10 : 0));
    json_object_set_new(t, "unique_responses", json_integer((json_int_t)uniq));
    json_object_set_new(t, "edges", have_edges ? json_integer((json_int_t)edges) : json_null());
    json_object_set_new(t, "timeouts", json_integer((json_int_t)touts));
    json_object_set_new(t, "timeout_seconds", json_real(round(tout_s * 10) / 10));
    json_object_set_new(m, "findings", allf);
    json_dump_file(m, path, JSON_INDENT(2));
    json_decref(m);
    if (o->log)
        fprintf(o->log, "fuzz: %d instances: %.0f cases, %.0f messages (%.0f messages/s)\n", n, cases, msgs,
                secs > 0 ? msgs / secs : 0);
    return worst;
}
