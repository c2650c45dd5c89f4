/* Resource oracles of `run --spawn` (procwatch/README.md, "Wiring"): the
 * runner owns the broker's process group, so after each case it can settle
 * and sample it (RSS, descriptors, threads, CPU), scan its output for
 * sanitizer reports, watch it for a spin, and re-run a suspect case K times
 * to tell a leak from a cache. Findings become RESOURCE verdicts
 * (reports/SCHEMA.md) with the numbers they rest on. procwatch measures and
 * judges; this file decides when, and writes the results. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mqprocwatch.h"
#include "run.h"

/* A suspect case costs K re-runs: a run of a broker that leaks everywhere
 * must still end, so at most this many cases are re-run (the results say
 * when the bound was reached). */
#define MAX_SUSPECTS 16

struct mqc_res {
    pid_t pgid;
    const char *logpath;
    mqpw_thresholds th;
    mqrep_writer *w;
    const mqc_target *target;
    double scale, t0;
    mqpw_sample base, last; /* the run's settled baseline; the last sample taken */
    bool have_last;
    size_t log_done;        /* broker.log judged up to here */
    bool spinning;          /* the last idle watch found a spin: not reported again */
    mqpw_sample *trend;     /* settled after-samples of serial cases, in run order */
    size_t ntrend, captrend;
    double *lat;            /* probe CONNECT->CONNACK after each serial case */
    size_t nlat, caplat;
    int suspects;
    bool suspects_capped;
    mqpw_sample rerun_growth; /* what the re-runs added: kept out of the run trend */
    char dead[200];         /* the group is gone: why (no more sampling) */
};

static json_t *sample_json(const mqpw_sample *s)
{
    json_t *o = json_object();
    json_object_set_new(o, "rss_kb", json_integer(s->rss_kb));
    json_object_set_new(o, "fds", s->fds >= 0 ? json_integer(s->fds) : json_null());
    json_object_set_new(o, "threads", json_integer(s->threads));
    json_object_set_new(o, "cpu_ms", json_integer((json_int_t)(s->cpu_s * 1000.0 + 0.5)));
    return o;
}

static void timeline(mqc_res *r, const mqpw_sample *s, const char *case_id)
{
    json_t *o = sample_json(s);
    json_object_set_new(o, "t", json_real(s->wall - r->t0));
    if (case_id)
        json_object_set_new(o, "case", json_string(case_id));
    char err[256];
    mqrep_writer_sample(r->w, o, err, sizeof err); /* an I/O error shows at the next case line */
    json_decref(o);
}

mqc_res *mqc_res_start(pid_t pgid, const char *logpath, const mqpw_thresholds *th, mqrep_writer *w,
                       const mqc_target *t, double scale, char *err, size_t errlen)
{
    mqc_res *r = calloc(1, sizeof *r);
    if (!r) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    r->pgid = pgid;
    r->logpath = logpath;
    r->th = *th;
    r->w = w;
    r->target = t;
    r->scale = scale;
    r->t0 = mqc_now();
    if (mqpw_settle(pgid, NULL, &r->base, err, errlen) < 0) {
        free(r);
        return NULL;
    }
    r->last = r->base;
    r->have_last = true;
    timeline(r, &r->base, NULL);
    return r;
}

static void push_trend(mqc_res *r, const mqpw_sample *s)
{
    if (r->ntrend == r->captrend) {
        size_t nc = r->captrend ? r->captrend * 2 : 64;
        mqpw_sample *n = realloc(r->trend, nc * sizeof *n);
        if (!n)
            return;
        r->trend = n;
        r->captrend = nc;
    }
    /* the trend is of the cases' first runs: the growth of their re-runs,
     * already judged, is taken out */
    mqpw_sample t = *s;
    t.rss_kb -= r->rerun_growth.rss_kb;
    if (t.fds >= 0)
        t.fds -= r->rerun_growth.fds;
    t.threads -= r->rerun_growth.threads;
    r->trend[r->ntrend++] = t;
}

static void push_lat(mqc_res *r, double v)
{
    if (r->nlat == r->caplat) {
        size_t nc = r->caplat ? r->caplat * 2 : 64;
        double *n = realloc(r->lat, nc * sizeof *n);
        if (!n)
            return;
        r->lat = n;
        r->caplat = nc;
    }
    r->lat[r->nlat++] = v;
}

/* The case gets the finding; a verdict that judged nothing wrong becomes
 * RESOURCE, its own verdict kept in the detail. FAIL, ERROR and TIMEOUT stay
 * (they say more about the case), with the finding attached. */
void mqc_res_add_finding(json_t *obj, json_t *f)
{
    json_t *arr = json_object_get(obj, "resource_findings");
    if (!arr) {
        arr = json_array();
        json_object_set_new(obj, "resource_findings", arr);
    }
    json_array_append_new(arr, f);
    const char *v = json_string_value(json_object_get(obj, "verdict"));
    const char *kind = json_string_value(json_object_get(f, "kind"));
    const char *ev = json_string_value(json_object_get(f, "evidence"));
    char line[1200];
    snprintf(line, sizeof line, "%s: %s", kind ? kind : "?", ev ? ev : "");
    bool replace = v && (!strcmp(v, "PASS") || !strcmp(v, "NON-STRICT") || !strcmp(v, "INFORMATIONAL") ||
                         !strcmp(v, "UNSUPPORTED") || !strcmp(v, "SKIPPED"));
    const char *d0 = json_string_value(json_object_get(obj, "detail"));
    const char *ob = json_string_value(json_object_get(obj, "observed"));
    size_t dl = strlen(d0 ? d0 : "") + strlen(ob ? ob : "") + strlen(line) + 200;
    char *nd = malloc(dl);
    if (!nd)
        return;
    if (replace) {
        json_object_set_new(obj, "verdict_before_resources", json_string(v));
        snprintf(nd, dl, "%s%sThe case's own verdict was %s: %s", d0 ? d0 : "", d0 && *d0 ? "\n" : "", v,
                 ob ? ob : "");
        json_object_set_new(obj, "detail", json_string(nd));
        json_object_set_new(obj, "verdict", json_string("RESOURCE"));
        json_object_set_new(obj, "expected", json_string("the broker's resources back to where they were, "
                                                         "idle, and no sanitizer report"));
        json_object_set_new(obj, "observed", json_string(line));
    } else {
        snprintf(nd, dl, "%s%sresource finding %s", d0 ? d0 : "", d0 && *d0 ? "\n" : "", line);
        json_object_set_new(obj, "detail", json_string(nd));
    }
    free(nd);
}

static json_t *finding(const mqpw_finding *f)
{
    return json_pack("{s:s,s:s}", "kind", mqpw_kind_name(f->kind), "evidence", f->evidence);
}

/* Sanitizer reports the broker wrote since the last look. */
static void scan_log(mqc_res *r, json_t *obj, bool at_eof, const char *others)
{
    int fd = open(r->logpath, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return;
    off_t end = lseek(fd, 0, SEEK_END);
    if (end < 0 || (size_t)end <= r->log_done) {
        close(fd);
        return;
    }
    size_t len = (size_t)end - r->log_done;
    if (len > 64u << 20) { /* a broker that floods its log: judge the recent part */
        r->log_done = (size_t)end - (64u << 20);
        len = 64u << 20;
    }
    char *buf = malloc(len);
    ssize_t got = buf ? pread(fd, buf, len, (off_t)r->log_done) : -1;
    close(fd);
    if (got <= 0) {
        free(buf);
        return;
    }
    mqpw_sanreport rep[8];
    size_t consumed = 0;
    size_t n = mqpw_sanitizer_scan(buf, (size_t)got, at_eof, rep, 8, &consumed);
    for (size_t i = 0; i < n; i++) {
        char ev[1200];
        snprintf(ev, sizeof ev, "%s report in the broker's output at byte %zu of broker.log%s: %s%s%s",
                 rep[i].tool, r->log_done + rep[i].off, rep[i].complete ? "" : " (incomplete)", rep[i].summary,
                 others && *others ? "; other cases running at the time: " : "", others ? others : "");
        json_t *f = json_pack("{s:s,s:s,s:s}", "kind", "sanitizer", "tool", rep[i].tool, "evidence", ev);
        /* the broker's bytes as they are: the writer replaces invalid UTF-8 */
        json_object_set_new(f, "report", json_stringn_nocheck(buf + rep[i].off, rep[i].len));
        mqc_res_add_finding(obj, f);
    }
    /* more than 8 reports at once: the rest are judged at the next look */
    r->log_done += n == 8 && n ? rep[7].off + rep[7].len : consumed;
    free(buf);
}

void mqc_res_serial_begin(mqc_res *r)
{
    if (!r || r->dead[0])
        return;
    /* the parallel phase's last sample was taken while other cases ran */
    mqpw_sample s;
    if (mqpw_settle(r->pgid, NULL, &s, r->dead, sizeof r->dead) >= 0)
        r->last = s;
}

void mqc_res_concurrent(mqc_res *r, json_t *obj, const char *others, bool broker_exited)
{
    if (!r)
        return;
    scan_log(r, obj, broker_exited, others);
    if (r->dead[0])
        return;
    mqpw_sample s;
    if (mqpw_sample_group(r->pgid, &s, r->dead, sizeof r->dead))
        return;
    timeline(r, &s, json_string_value(json_object_get(obj, "id")));
    json_t *res = json_object();
    json_object_set_new(res, "after", sample_json(&s));
    json_object_set_new(res, "concurrent", json_true());
    json_object_set_new(obj, "resources", res);
    r->last = s;
}

/* Growth over one case (after vs before), large enough to be worth K re-runs:
 * descriptors and threads are exact counts; RSS must grow by more than a
 * K-th of its threshold. */
static bool suspect(const mqc_res *r, const mqpw_sample *b, const mqpw_sample *a)
{
    return (a->fds >= 0 && b->fds >= 0 && a->fds > b->fds) || a->threads > b->threads ||
           a->rss_kb - b->rss_kb > r->th.rss_growth_kb / r->th.repeat;
}

void mqc_res_after(mqc_res *r, json_t *obj, bool broker_exited, mqc_rerun_fn again, void *ctx)
{
    if (!r)
        return;
    scan_log(r, obj, broker_exited, NULL);
    if (r->dead[0] || broker_exited)
        return;
    const char *id = json_string_value(json_object_get(obj, "id"));
    bool cve = id && !strncmp(id, "cve/", 4);
    mqpw_sample before = r->last, after;
    /* the probe's answer time is the slowdown judge's input; the probe also
     * makes the broker finish the work the case left behind */
    double p0 = mqc_now();
    if (mqc_alive(r->target, r->scale))
        push_lat(r, mqc_now() - p0);
    int st = mqpw_settle(r->pgid, NULL, &after, r->dead, sizeof r->dead);
    if (st < 0)
        return;
    r->last = after;
    timeline(r, &after, id);
    push_trend(r, &after);
    json_t *res = json_object();
    json_object_set_new(res, "before", sample_json(&before));
    json_object_set_new(res, "after", sample_json(&after));
    json_object_set_new(res, "settled", json_boolean(st == 1));
    json_object_set_new(res, "delta",
                        json_pack("{s:I,s:o,s:I,s:I}", "rss_kb", (json_int_t)(after.rss_kb - before.rss_kb), "fds",
                                  after.fds >= 0 && before.fds >= 0 ? json_integer(after.fds - before.fds)
                                                                    : json_null(),
                                  "threads", (json_int_t)(after.threads - before.threads), "cpu_ms",
                                  (json_int_t)((after.cpu_s - before.cpu_s) * 1000.0 + 0.5)));
    json_object_set_new(obj, "resources", res);

    /* spin: a broker that does not go quiet, one that grew (a new thread may
     * be a busy one; re-running a spinning broker's case judges nothing), and
     * after every replayed CVE */
    bool grew = suspect(r, &before, &after);
    if (st == 0 || cve || grew) {
        size_t ns = (size_t)r->th.spin_intervals + 1;
        mqpw_sample *idle = calloc(ns, sizeof *idle);
        mqpw_finding f;
        int sp = idle ? mqpw_watch_idle(r->pgid, &r->th, idle, &f, r->dead, sizeof r->dead) : 0;
        if (sp == 1 && !r->spinning)
            mqc_res_add_finding(obj, finding(&f));
        r->spinning = sp == 1;
        if (sp >= 0)
            r->last = idle[ns - 1];
        free(idle);
        if (sp < 0)
            return;
    }
    if (r->spinning || !grew)
        return;
    if (r->suspects >= MAX_SUSPECTS) {
        if (!r->suspects_capped)
            fprintf(stderr, "mqttcheck run: more than %d cases grew the broker's resources; the rest are "
                            "not re-run\n", MAX_SUSPECTS);
        r->suspects_capped = true;
        json_object_set_new(res, "not_rerun", json_string("too many suspect cases in this run"));
        return;
    }
    r->suspects++;
    /* K more runs alone, settled after each: a leak grows every time, a cache
     * fills once (mqpw_judge_growth's second-half condition) */
    size_t n = (size_t)r->th.repeat + 1, got = 1;
    mqpw_sample *s = calloc(n, sizeof *s);
    if (!s)
        return;
    s[0] = r->last;
    for (; got < n; got++) {
        if (again(ctx) || mqpw_settle(r->pgid, NULL, &s[got], r->dead, sizeof r->dead) < 0)
            break;
    }
    json_t *reruns = json_array();
    for (size_t i = 0; i < got; i++)
        json_array_append_new(reruns, sample_json(&s[i]));
    json_object_set_new(res, "reruns", reruns);
    r->last = s[got - 1]; /* the next case starts from here, judged or not */
    if (got == n) {
        r->rerun_growth.rss_kb += s[n - 1].rss_kb - s[0].rss_kb;
        if (s[0].fds >= 0 && s[n - 1].fds >= 0)
            r->rerun_growth.fds += s[n - 1].fds - s[0].fds;
        r->rerun_growth.threads += s[n - 1].threads - s[0].threads;
        timeline(r, &s[n - 1], id);
        mqpw_finding f[3];
        size_t nf = mqpw_judge_growth(s, n, &r->th, f, 3);
        for (size_t i = 0; i < nf; i++) {
            json_t *jf = finding(&f[i]);
            json_object_set(jf, "samples", reruns);
            mqc_res_add_finding(obj, jf);
        }
    }
    free(s);
}

json_t *mqc_res_finish(mqc_res *r)
{
    if (!r)
        return NULL;
    json_t *summary = json_object();
    json_object_set_new(summary, "baseline", sample_json(&r->base));
    json_object_set_new(summary, "end", sample_json(&r->last));
    json_object_set_new(summary, "serial_cases_sampled", json_integer((json_int_t)r->ntrend));
    json_object_set_new(summary, "suspects_rerun", json_integer(r->suspects));
    json_t *found = json_array();
    mqpw_finding f[3];
    if (r->ntrend >= 3) {
        size_t nf = mqpw_judge_growth(r->trend, r->ntrend, &r->th, f, 3);
        for (size_t i = 0; i < nf; i++) {
            json_t *jf = finding(&f[i]);
            json_object_set_new(jf, "scope", json_string("the after-case samples of the serial cases"));
            json_array_append_new(found, jf);
        }
    }
    if (r->nlat >= 3) {
        if (mqpw_judge_slowdown(r->lat, r->nlat, &r->th, &f[0]))
            json_array_append_new(found, finding(&f[0]));
        double lo = r->lat[0], hi = r->lat[0];
        for (size_t i = 1; i < r->nlat; i++) {
            lo = r->lat[i] < lo ? r->lat[i] : lo;
            hi = r->lat[i] > hi ? r->lat[i] : hi;
        }
        json_object_set_new(summary, "probe_latency_ms", json_pack("{s:f,s:f,s:i}", "min", lo * 1000.0,
                                                                   "max", hi * 1000.0, "n", (json_int_t)r->nlat));
    }
    if (r->dead[0])
        json_object_set_new(summary, "stopped", json_string(r->dead));
    json_object_set_new(summary, "findings", found);
    return summary;
}

void mqc_res_free(mqc_res *r)
{
    if (!r)
        return;
    free(r->trend);
    free(r->lat);
    free(r);
}
