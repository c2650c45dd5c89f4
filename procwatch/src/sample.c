/* Reading a process group from /proc: one pass over /proc/[pid]/stat picks
 * the group's members (field 5, pgrp), and each member's stat gives threads,
 * RSS pages and CPU ticks; its fd directory gives the descriptors. */
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "mqprocwatch.h"

static double now_mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The fields of /proc/PID/stat that matter, counted from 1 as proc(5) does. */
typedef struct {
    char state;
    long pgrp;
    unsigned long long utime, stime; /* 14, 15 */
    long threads;                    /* 20 */
    long rss_pages;                  /* 24 */
} stat_fields;

static int read_stat(const char *pid, stat_fields *f)
{
    char path[300], buf[1024];
    snprintf(path, sizeof path, "/proc/%s/stat", pid);
    FILE *fp = fopen(path, "re");
    if (!fp)
        return -1;
    size_t n = fread(buf, 1, sizeof buf - 1, fp);
    fclose(fp);
    buf[n] = 0;
    /* the command name (field 2) may hold spaces and ')': fields 3.. follow the last ')' */
    char *p = strrchr(buf, ')');
    if (!p)
        return -1;
    p++;
    int field = 3;
    char *save = NULL;
    for (char *tok = strtok_r(p, " ", &save); tok; tok = strtok_r(NULL, " ", &save), field++) {
        switch (field) {
        case 3: f->state = tok[0]; break;
        case 5: f->pgrp = strtol(tok, NULL, 10); break;
        case 14: f->utime = strtoull(tok, NULL, 10); break;
        case 15: f->stime = strtoull(tok, NULL, 10); break;
        case 20: f->threads = strtol(tok, NULL, 10); break;
        case 24: f->rss_pages = strtol(tok, NULL, 10); return 0;
        default: break;
        }
    }
    return -1;
}

static long count_fds(const char *pid)
{
    char path[300];
    snprintf(path, sizeof path, "/proc/%s/fd", pid);
    DIR *d = opendir(path);
    if (!d)
        return -1;
    long n = 0;
    for (struct dirent *e; (e = readdir(d));)
        if (e->d_name[0] != '.')
            n++;
    closedir(d);
    return n;
}

int mqpw_sample_group(pid_t pgid, mqpw_sample *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    DIR *proc = opendir("/proc");
    if (!proc) {
        snprintf(err, errlen, "cannot read /proc");
        return -1;
    }
    long page_kb = sysconf(_SC_PAGESIZE) / 1024;
    double tick = (double)sysconf(_SC_CLK_TCK);
    bool fds_known = true;
    for (struct dirent *e; (e = readdir(proc));) {
        if (!isdigit((unsigned char)e->d_name[0]))
            continue;
        stat_fields f = {0};
        if (read_stat(e->d_name, &f) || f.pgrp != (long)pgid || f.state == 'Z' || f.state == 'X')
            continue; /* gone meanwhile, another group, or a zombie that holds nothing */
        out->procs++;
        out->threads += f.threads;
        out->rss_kb += f.rss_pages * page_kb;
        out->cpu_s += (double)(f.utime + f.stime) / tick;
        long n = count_fds(e->d_name);
        if (n < 0)
            fds_known = false;
        else
            out->fds += n;
    }
    closedir(proc);
    if (!fds_known)
        out->fds = -1;
    out->wall = now_mono();
    if (out->procs == 0) {
        snprintf(err, errlen, "no live process in process group %ld", (long)pgid);
        return -1;
    }
    return 0;
}

void mqpw_settle_defaults(mqpw_settle_opts *o)
{
    o->interval = 0.05;
    o->max_polls = 40;
    o->rss_tolerance_kb = 64;
    o->cpu_ratio = 0.05;
}

static void sleep_s(double s)
{
    struct timespec ts = {(time_t)s, (long)((s - (double)(time_t)s) * 1e9)};
    while (nanosleep(&ts, &ts))
        ;
}

static bool quiet(const mqpw_sample *a, const mqpw_sample *b, const mqpw_settle_opts *o)
{
    double dw = b->wall - a->wall;
    return a->fds == b->fds && a->threads == b->threads && labs(b->rss_kb - a->rss_kb) <= o->rss_tolerance_kb &&
           (dw <= 0 || (b->cpu_s - a->cpu_s) / dw <= o->cpu_ratio);
}

int mqpw_settle(pid_t pgid, const mqpw_settle_opts *o, mqpw_sample *out, char *err, size_t errlen)
{
    mqpw_settle_opts d;
    if (!o) {
        mqpw_settle_defaults(&d);
        o = &d;
    }
    mqpw_sample prev;
    if (mqpw_sample_group(pgid, &prev, err, errlen))
        return -1;
    for (int i = 1; i < o->max_polls; i++) {
        sleep_s(o->interval);
        if (mqpw_sample_group(pgid, out, err, errlen))
            return -1;
        if (quiet(&prev, out, o))
            return 1;
        prev = *out;
    }
    *out = prev;
    return 0;
}
