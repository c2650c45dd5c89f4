/* Terminal progress for the runner: a redrawn bar with counts and ETA on a TTY,
 * one plain line per case elsewhere (CI logs), less or more on request. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

struct mqrep_progress {
    FILE *out;
    int total, done, bar, mode;
    size_t counts[MQREP_VERDICT_COUNT];
    struct timespec start;
    int bar_drawn;
};

static double elapsed(const mqrep_progress *p)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - p->start.tv_sec) + (double)(now.tv_nsec - p->start.tv_nsec) / 1e9;
}

mqrep_progress *mqrep_progress_new(FILE *out, int total, mqrep_progress_mode mode)
{
    mqrep_progress *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->out = out ? out : stderr;
    p->total = total > 0 ? total : 0;
    p->mode = mode;
    if (mode == MQREP_PROGRESS_AUTO) {
        const char *ci = getenv("CI");
        const char *term = getenv("TERM");
        p->bar = isatty(fileno(p->out)) && !(ci && *ci) && !(term && !strcmp(term, "dumb"));
    }
    clock_gettime(CLOCK_MONOTONIC, &p->start);
    return p;
}

/* Case strings go to a terminal: control characters could move the cursor or
 * retitle the window, so they become '?' (newlines and tabs a space). */
static void put_safe(FILE *f, const char *s, size_t max)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t n = strlen(s), i = 0, shown = 0;
    while (i < n && shown < max) {
        size_t k = mqrep_utf8_seq(u + i, n - i);
        if (u[i] == '\n' || u[i] == '\t') {
            fputc(' ', f); /* a multi-line message (a Lua traceback) stays one line */
            i++;
        } else if (!k || u[i] < 0x20 || u[i] == 0x7f || (k == 2 && u[i] == 0xC2 && u[i + 1] < 0xA0)) {
            fputc('?', f);
            i += k ? k : 1;
        } else {
            fwrite(s + i, 1, k, f);
            i += k;
        }
        shown++;
    }
    if (i < n)
        fputs("...", f);
}

static void draw_bar(mqrep_progress *p)
{
    const int width = 30;
    int fill = p->total ? (int)((long)p->done * width / p->total) : 0;
    if (fill > width)
        fill = width;
    char bar[64];
    for (int i = 0; i < width; i++)
        bar[i] = i < fill ? '#' : '-';
    bar[width] = '\0';
    double t = elapsed(p);
    fprintf(p->out, "\r\033[K[%s] %d/%d  pass %zu  fail %zu  other %zu", bar, p->done, p->total,
            p->counts[MQREP_PASS],
            p->counts[MQREP_FAIL] + p->counts[MQREP_TIMEOUT] + p->counts[MQREP_ERROR] + p->counts[MQREP_FLAKY] +
                p->counts[MQREP_RESOURCE],
            (size_t)p->done - p->counts[MQREP_PASS] - p->counts[MQREP_FAIL] -
                p->counts[MQREP_TIMEOUT] - p->counts[MQREP_ERROR] - p->counts[MQREP_FLAKY] -
                p->counts[MQREP_RESOURCE]);
    if (p->total && p->done && p->done < p->total) {
        double eta = t / p->done * (p->total - p->done);
        fprintf(p->out, "  ETA %d:%02d ", (int)eta / 60, (int)eta % 60);
    }
    fflush(p->out);
    p->bar_drawn = 1;
}

void mqrep_progress_case(mqrep_progress *p, const json_t *c)
{
    if (!p)
        return;
    mqrep_verdict v = mqrep_case_verdict(c);
    p->done++;
    p->counts[v]++;
    if (p->mode == MQREP_PROGRESS_QUIET)
        return;
    if (p->bar) {
        /* failures stay visible above the bar */
        if (mqrep_outcome_of(v, 0) == MQREP_OC_FAIL) {
            fputs("\r\033[K", p->out);
            fprintf(p->out, "%-10s ", mqrep_verdict_name(v));
            put_safe(p->out, mqrep_jstr(c, "id", "?"), 100);
            fprintf(p->out, " [%s]\n", mqrep_jstr(c, "version", "?"));
        }
        draw_bar(p);
        return;
    }
    if (p->total)
        fprintf(p->out, "[%d/%d] ", p->done, p->total);
    else
        fprintf(p->out, "[%d] ", p->done);
    fprintf(p->out, "%-13s ", mqrep_verdict_name(v));
    put_safe(p->out, mqrep_jstr(c, "id", "?"), 120);
    fputs(" [", p->out);
    put_safe(p->out, mqrep_jstr(c, "version", "?"), 8);
    fprintf(p->out, "] %.0f ms\n", mqrep_jnum(c, "duration_ms", 0));
    if (p->mode == MQREP_PROGRESS_VERBOSE || (v != MQREP_PASS && v != MQREP_SKIPPED)) {
        const char *e = mqrep_jstr(c, "expected", NULL), *o = mqrep_jstr(c, "observed", NULL);
        if (e && *e) {
            fputs("    expected: ", p->out);
            put_safe(p->out, e, 300);
            fputc('\n', p->out);
        }
        if (o && *o) {
            fputs("    observed: ", p->out);
            put_safe(p->out, o, 300);
            fputc('\n', p->out);
        }
    }
    fflush(p->out);
}

void mqrep_progress_done(mqrep_progress *p)
{
    if (!p)
        return;
    size_t bad = p->counts[MQREP_FAIL] + p->counts[MQREP_TIMEOUT] + p->counts[MQREP_ERROR] +
                 p->counts[MQREP_FLAKY] + p->counts[MQREP_RESOURCE];
    if (p->bar && p->bar_drawn)
        fputs("\r\033[K", p->out);
    if (p->mode != MQREP_PROGRESS_QUIET || bad) {
        fprintf(p->out, "%d case(s) in %.1f s:", p->done, elapsed(p));
        for (int v = 0; v < MQREP_VERDICT_COUNT; v++)
            if (p->counts[v])
                fprintf(p->out, " %s %zu", mqrep_verdict_name((mqrep_verdict)v), p->counts[v]);
        fputc('\n', p->out);
        fflush(p->out);
    }
    free(p);
}
