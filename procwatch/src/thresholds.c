/* The judges' thresholds: one table gives each key its field, so the defaults,
 * the parser and README.md's list cannot drift apart. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mqprocwatch.h"

void mqpw_thresholds_default(mqpw_thresholds *th)
{
    th->repeat = 10;
    th->rss_growth_kb = 16384;
    th->fd_growth = 4;
    th->thread_growth = 4;
    th->spin_cpu_ratio = 0.2;
    th->spin_intervals = 4;
    th->spin_interval_s = 0.25;
    th->slow_factor = 10.0;
    th->slow_floor_s = 0.5;
}

typedef enum { T_INT, T_LONG, T_DOUBLE } ftype;

static const struct key {
    const char *name;
    size_t off;
    ftype type;
    double min; /* smallest value that makes sense */
} keys[] = {
    {"repeat", offsetof(mqpw_thresholds, repeat), T_INT, 2},
    {"rss_kb", offsetof(mqpw_thresholds, rss_growth_kb), T_LONG, 0},
    {"fds", offsetof(mqpw_thresholds, fd_growth), T_LONG, 0},
    {"threads", offsetof(mqpw_thresholds, thread_growth), T_LONG, 0},
    {"spin_ratio", offsetof(mqpw_thresholds, spin_cpu_ratio), T_DOUBLE, 0.001},
    {"spin_intervals", offsetof(mqpw_thresholds, spin_intervals), T_INT, 1},
    {"spin_interval", offsetof(mqpw_thresholds, spin_interval_s), T_DOUBLE, 0.001},
    {"slow_factor", offsetof(mqpw_thresholds, slow_factor), T_DOUBLE, 1},
    {"slow_floor", offsetof(mqpw_thresholds, slow_floor_s), T_DOUBLE, 0},
};

int mqpw_thresholds_parse(mqpw_thresholds *th, const char *spec, char *err, size_t errlen)
{
    mqpw_thresholds work = *th;
    char buf[512];
    if (strlen(spec) >= sizeof buf) {
        snprintf(err, errlen, "threshold list too long");
        return -1;
    }
    strcpy(buf, spec);
    char *save = NULL;
    for (char *item = strtok_r(buf, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(item, '=');
        if (!eq) {
            snprintf(err, errlen, "'%s': expected key=value", item);
            return -1;
        }
        *eq = 0;
        const struct key *k = NULL;
        for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
            if (!strcmp(keys[i].name, item))
                k = &keys[i];
        if (!k) {
            snprintf(err, errlen, "unknown threshold '%s' (repeat, rss_kb, fds, threads, spin_ratio, "
                                  "spin_intervals, spin_interval, slow_factor, slow_floor)", item);
            return -1;
        }
        char *end;
        double v = strtod(eq + 1, &end);
        if (end == eq + 1 || *end || v < k->min || v > 1e12 || (k->type != T_DOUBLE && v != (double)(long)v)) {
            snprintf(err, errlen, "threshold %s: bad value '%s'", item, eq + 1);
            return -1;
        }
        char *field = (char *)&work + k->off;
        if (k->type == T_INT)
            *(int *)field = (int)v;
        else if (k->type == T_LONG)
            *(long *)field = (long)v;
        else
            *(double *)field = v;
    }
    *th = work;
    return 0;
}
