/* mqprocwatch: resource and sanitizer oracles for a broker that mqttcheck owns.
 *
 * Half of the packet-path CVEs of a broker like mosquitto are leaks or resource
 * exhaustion, not crashes, so a suite that only asks "is it still alive?" misses
 * them. This library watches the process group of a spawned broker from /proc
 * (RSS, open descriptors, threads, CPU time), waits for it to settle after a
 * case, judges repeated samples for leaks, spins and slowdowns against
 * documented thresholds, and finds sanitizer reports in the broker's output.
 *
 * It only reads /proc and the text it is given: it never starts, signals or
 * talks to the broker. The runner decides when to sample (README.md describes
 * how `run --spawn`, `client` and `fuzz` call it). Linux only. */
#ifndef MQPROCWATCH_H
#define MQPROCWATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------ sampling */

/* One look at every live (non-zombie) process of a process group. */
typedef struct mqpw_sample {
    double wall;   /* CLOCK_MONOTONIC seconds when the sample was taken */
    int procs;     /* live processes found in the group */
    long rss_kb;   /* resident set size, summed, KiB */
    long fds;      /* open descriptors, summed; -1 when a /proc/PID/fd was unreadable */
    long threads;  /* threads, summed */
    double cpu_s;  /* user + system CPU seconds, summed over the live processes */
} mqpw_sample;

/* Samples process group `pgid`. 0 on success; -1 with a message in err when
 * no live process of the group exists (the broker died) or /proc is
 * unreadable. */
int mqpw_sample_group(pid_t pgid, mqpw_sample *out, char *err, size_t errlen);

/* Bounded wait for the group to go quiet after a case: samples every
 * `interval` seconds until two consecutive samples have the same fds and
 * threads, RSS within rss_tolerance_kb and CPU use below cpu_ratio of one
 * core, or until max_polls samples were taken. */
typedef struct mqpw_settle_opts {
    double interval;        /* seconds between samples (default 0.05) */
    int max_polls;          /* bound on the wait: max_polls x interval (default 40 = 2 s) */
    long rss_tolerance_kb;  /* RSS change still counted as quiet (default 64) */
    double cpu_ratio;       /* CPU seconds per wall second still counted as quiet (default 0.05) */
} mqpw_settle_opts;

void mqpw_settle_defaults(mqpw_settle_opts *o);

/* 1 settled (out = the last sample), 0 not settled within the bound (out =
 * the last sample; a spinning process never settles), -1 the group is gone. */
int mqpw_settle(pid_t pgid, const mqpw_settle_opts *o, mqpw_sample *out, char *err, size_t errlen);

/* ----------------------------------------------------------- judging */

/* Every threshold of the judges. The defaults (mqpw_thresholds_default) are
 * chosen never to fire on a healthy mosquitto; README.md gives the reasoning
 * and how they were checked. */
typedef struct mqpw_thresholds {
    int repeat;              /* K: how many times a suspect case is repeated (10) */
    long rss_growth_kb;      /* leak: RSS growth over the K repetitions above this (16384) */
    long fd_growth;          /* leak: descriptor growth over the K repetitions above this (4) */
    long thread_growth;      /* leak: thread growth over the K repetitions above this (4) */
    double spin_cpu_ratio;   /* spin: CPU seconds per wall second over the idle window (0.2) */
    int spin_intervals;      /* spin: idle intervals sampled after a case (4) */
    double spin_interval_s;  /* spin: length of one idle interval, seconds (0.25) */
    double slow_factor;      /* slowdown: recent latency above factor x early latency (10) */
    double slow_floor_s;     /* slowdown: ... and above this many seconds (0.5) */
} mqpw_thresholds;

void mqpw_thresholds_default(mqpw_thresholds *th);

/* Overrides from text such as "rss_kb=32768,fds=8,spin_ratio=0.5" (keys:
 * repeat, rss_kb, fds, threads, spin_ratio, spin_intervals, spin_interval,
 * slow_factor, slow_floor). 0 ok; -1 with err naming the bad item; th is
 * left unchanged on error. */
int mqpw_thresholds_parse(mqpw_thresholds *th, const char *spec, char *err, size_t errlen);

typedef enum mqpw_kind {
    MQPW_LEAK_RSS,
    MQPW_LEAK_FDS,
    MQPW_LEAK_THREADS,
    MQPW_SPIN,
    MQPW_SLOWDOWN,
    MQPW_SANITIZER,
} mqpw_kind;

/* "leak-rss", "leak-fds", "leak-threads", "spin", "slowdown", "sanitizer" */
const char *mqpw_kind_name(mqpw_kind k);

typedef struct mqpw_finding {
    mqpw_kind kind;
    char evidence[512];  /* the numbers the verdict rests on, one line */
} mqpw_finding;

/* Leak judge over settled samples: s[0] before the first repetition of a
 * case, s[i] after repetition i (n = K + 1). A resource leaks when it grew by
 * more than its threshold over all repetitions AND by more than half the
 * threshold over the second half of them: a cache that fills once and stays
 * flat is not a leak, a per-repetition growth is. Needs n >= 3. Writes up to
 * `max` findings (one per resource) and returns how many. */
size_t mqpw_judge_growth(const mqpw_sample *s, size_t n, const mqpw_thresholds *th, mqpw_finding *out,
                         size_t max);

/* Spin judge over samples taken while the broker should be idle (no
 * connection of the case open): a spin when the CPU clock moved in every one
 * of the n - 1 intervals but at most one, and the whole window used at least
 * spin_cpu_ratio of a core. Needs n - 1 >= spin_intervals. */
bool mqpw_judge_spin(const mqpw_sample *s, size_t n, const mqpw_thresholds *th, mqpw_finding *out);

/* Slowdown judge over answer latencies in seconds, in run order (e.g. the
 * liveness probe after each case): the median of the last third above
 * slow_factor x the median of the first third and above slow_floor_s. Needs
 * n >= 3. */
bool mqpw_judge_slowdown(const double *lat, size_t n, const mqpw_thresholds *th, mqpw_finding *out);

/* Convenience for the spin judge: takes th->spin_intervals + 1 samples
 * th->spin_interval_s apart into `s` (room for that many) and judges them.
 * 1 spin (out filled), 0 no spin, -1 the group is gone. */
int mqpw_watch_idle(pid_t pgid, const mqpw_thresholds *th, mqpw_sample *s, mqpw_finding *out, char *err,
                    size_t errlen);

/* --------------------------------------------------- sanitizer reports */

typedef struct mqpw_sanreport {
    const char *tool;    /* "AddressSanitizer", "LeakSanitizer", "UndefinedBehaviorSanitizer",
                            "ThreadSanitizer", "MemorySanitizer" */
    size_t off, len;     /* the whole report: buf[off .. off+len) */
    bool complete;       /* ended with its SUMMARY: (or ABORTING) line */
    char summary[256];   /* the SUMMARY: line, else the report's first line */
} mqpw_sanreport;

/* Finds sanitizer reports in captured output (a broker's stdout/stderr).
 * A report starts at "ERROR: AddressSanitizer|LeakSanitizer|MemorySanitizer",
 * "WARNING: ThreadSanitizer" or a UBSan "...: runtime error: " line, and runs
 * to its "SUMMARY: " line (extended to a following "==PID==ABORTING" line in buf),
 * or to the start of the next report. Text is scanned from the start of buf;
 * a report still open at the end of buf is left for a later call unless
 * at_eof (then it is returned with complete = false). *consumed (may be NULL)
 * gets the offset up to which buf was judged: pass buf + consumed next time.
 * Returns the number of reports written (at most max). */
size_t mqpw_sanitizer_scan(const char *buf, size_t len, bool at_eof, mqpw_sanreport *out, size_t max,
                           size_t *consumed);

#ifdef __cplusplus
}
#endif
#endif
