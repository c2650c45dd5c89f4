/* The leak, spin and slowdown judges: pure functions over samples, so they are
 * tested with numbers and the runner decides when samples are taken. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mqprocwatch.h"

const char *mqpw_kind_name(mqpw_kind k)
{
    static const char *const names[] = {"leak-rss", "leak-fds", "leak-threads", "spin", "slowdown", "sanitizer"};
    return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : "?";
}

static long field(const mqpw_sample *s, mqpw_kind k)
{
    return k == MQPW_LEAK_RSS ? s->rss_kb : k == MQPW_LEAK_FDS ? s->fds : s->threads;
}

size_t mqpw_judge_growth(const mqpw_sample *s, size_t n, const mqpw_thresholds *th, mqpw_finding *out,
                         size_t max)
{
    if (n < 3)
        return 0;
    static const struct {
        mqpw_kind kind;
        const char *what, *unit;
    } res[] = {{MQPW_LEAK_RSS, "RSS", " KiB"}, {MQPW_LEAK_FDS, "open descriptors", ""},
               {MQPW_LEAK_THREADS, "threads", ""}};
    size_t mid = (n - 1) / 2, found = 0;
    for (size_t r = 0; r < sizeof res / sizeof res[0] && found < max; r++) {
        long limit = res[r].kind == MQPW_LEAK_RSS ? th->rss_growth_kb
                     : res[r].kind == MQPW_LEAK_FDS ? th->fd_growth : th->thread_growth;
        bool known = true;
        for (size_t i = 0; i < n; i++)
            if (field(&s[i], res[r].kind) < 0)
                known = false; /* fds unreadable in some sample: no judgement */
        if (!known)
            continue;
        long first = field(&s[0], res[r].kind), last = field(&s[n - 1], res[r].kind);
        long total = last - first, late = last - field(&s[mid], res[r].kind);
        if (total > limit && 2 * late > limit) {
            mqpw_finding *f = &out[found++];
            f->kind = res[r].kind;
            snprintf(f->evidence, sizeof f->evidence,
                     "%s %ld -> %ld%s over %zu repetitions (+%ld, +%ld in the last %zu; threshold %ld, half of it "
                     "in the second half)",
                     res[r].what, first, last, res[r].unit, n - 1, total, late, n - 1 - mid, limit);
        }
    }
    return found;
}

bool mqpw_judge_spin(const mqpw_sample *s, size_t n, const mqpw_thresholds *th, mqpw_finding *out)
{
    if (n < 2 || (int)(n - 1) < th->spin_intervals)
        return false;
    /* Sustained, not a burst: the CPU clock moved in every interval but at
     * most one (a busy thread can miss a tick-sampled interval on a loaded
     * machine; an idle broker's clock does not move at all), and the window as
     * a whole used at least spin_cpu_ratio of a core. */
    size_t busy = 0;
    for (size_t i = 1; i < n; i++) {
        if (s[i].wall <= s[i - 1].wall)
            return false;
        if (s[i].cpu_s > s[i - 1].cpu_s)
            busy++;
    }
    double cpu = s[n - 1].cpu_s - s[0].cpu_s, wall = s[n - 1].wall - s[0].wall;
    if (busy + 1 < n - 1 || cpu / wall < th->spin_cpu_ratio)
        return false;
    out->kind = MQPW_SPIN;
    snprintf(out->evidence, sizeof out->evidence,
             "CPU busy while idle: %.2f s of CPU in %.2f s with no connection of the case open (%.0f%% of a core; "
             "busy in %zu of %zu intervals; threshold %.0f%%)",
             cpu, wall, 100 * cpu / wall, busy, n - 1, 100 * th->spin_cpu_ratio);
    return true;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Median of v[0..n), n >= 1; on allocation failure the mean stands in. */
static double median(const double *v, size_t n)
{
    double *tmp = malloc(n * sizeof *tmp), m = 0;
    if (!tmp) {
        for (size_t i = 0; i < n; i++)
            m += v[i] / (double)n;
        return m;
    }
    memcpy(tmp, v, n * sizeof *v);
    qsort(tmp, n, sizeof *tmp, cmp_double);
    m = n % 2 ? tmp[n / 2] : (tmp[n / 2 - 1] + tmp[n / 2]) / 2;
    free(tmp);
    return m;
}

bool mqpw_judge_slowdown(const double *lat, size_t n, const mqpw_thresholds *th, mqpw_finding *out)
{
    if (n < 3)
        return false;
    size_t third = n / 3;
    double early = median(lat, third), late = median(lat + n - third, third);
    if (!(late > th->slow_factor * early && late > th->slow_floor_s))
        return false;
    out->kind = MQPW_SLOWDOWN;
    snprintf(out->evidence, sizeof out->evidence,
             "answers slowed down: median latency %.3f s over the first %zu, %.3f s over the last %zu of %zu "
             "(threshold %.1fx and %.3f s)",
             early, third, late, third, n, th->slow_factor, th->slow_floor_s);
    return true;
}

int mqpw_watch_idle(pid_t pgid, const mqpw_thresholds *th, mqpw_sample *s, mqpw_finding *out, char *err,
                    size_t errlen)
{
    int n = th->spin_intervals + 1;
    for (int i = 0; i < n; i++) {
        if (i) {
            struct timespec ts = {(time_t)th->spin_interval_s,
                                  (long)((th->spin_interval_s - (double)(time_t)th->spin_interval_s) * 1e9)};
            while (nanosleep(&ts, &ts))
                ;
        }
        if (mqpw_sample_group(pgid, &s[i], err, errlen))
            return -1;
    }
    return mqpw_judge_spin(s, (size_t)n, th, out) ? 1 : 0;
}
