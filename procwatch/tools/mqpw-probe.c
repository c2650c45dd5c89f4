/* mqpw-probe: procwatch from the shell, for scripts that start a broker
 * themselves (the ci/brokers scripts) and for checking thresholds by hand.
 *
 *   mqpw-probe sample PGID            one sample as a JSON line
 *   mqpw-probe settle PGID            bounded settle, then the sample (exit 1: did not settle)
 *   mqpw-probe idle PGID [SPEC]       spin judge over an idle window (exit 1: spin)
 *   mqpw-probe judge [SPEC] < FILE    leak judge over JSON sample lines (exit 1: leak)
 *   mqpw-probe scan FILE              sanitizer reports in a log (exit 1: found)
 *
 * SPEC overrides thresholds, e.g. "rss_kb=32768,fds=8". Exit 2: could not run. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mqprocwatch.h"

static void print_sample(const mqpw_sample *s)
{
    printf("{\"wall\":%.3f,\"procs\":%d,\"rss_kb\":%ld,\"fds\":%ld,\"threads\":%ld,\"cpu_s\":%.2f}\n", s->wall,
           s->procs, s->rss_kb, s->fds, s->threads, s->cpu_s);
}

static int parse_sample(const char *line, mqpw_sample *s)
{
    memset(s, 0, sizeof *s);
    return sscanf(line, "{\"wall\":%lf,\"procs\":%d,\"rss_kb\":%ld,\"fds\":%ld,\"threads\":%ld,\"cpu_s\":%lf}",
                  &s->wall, &s->procs, &s->rss_kb, &s->fds, &s->threads, &s->cpu_s) == 6 ? 0 : -1;
}

static int thresholds(mqpw_thresholds *th, const char *spec)
{
    char err[300];
    mqpw_thresholds_default(th);
    if (spec && mqpw_thresholds_parse(th, spec, err, sizeof err)) {
        fprintf(stderr, "mqpw-probe: %s\n", err);
        return -1;
    }
    return 0;
}

static pid_t pgid_arg(const char *s)
{
    char *end;
    long v = strtol(s, &end, 10);
    return *end || v <= 0 ? -1 : (pid_t)v;
}

int main(int argc, char **argv)
{
    char err[300];
    mqpw_thresholds th;
    if (argc >= 3 && (!strcmp(argv[1], "sample") || !strcmp(argv[1], "settle") || !strcmp(argv[1], "idle"))) {
        pid_t g = pgid_arg(argv[2]);
        if (g < 0 || thresholds(&th, argc > 3 ? argv[3] : NULL)) {
            fprintf(stderr, "mqpw-probe: bad process group '%s' or thresholds\n", argv[2]);
            return 2;
        }
        mqpw_sample s[64];
        if (!strcmp(argv[1], "sample")) {
            if (mqpw_sample_group(g, &s[0], err, sizeof err))
                goto gone;
            print_sample(&s[0]);
            return 0;
        }
        if (!strcmp(argv[1], "settle")) {
            int r = mqpw_settle(g, NULL, &s[0], err, sizeof err);
            if (r < 0)
                goto gone;
            print_sample(&s[0]);
            return r ? 0 : 1;
        }
        if (th.spin_intervals + 1 > 64) {
            fprintf(stderr, "mqpw-probe: at most 63 spin intervals\n");
            return 2;
        }
        mqpw_finding f;
        int r = mqpw_watch_idle(g, &th, s, &f, err, sizeof err);
        if (r < 0)
            goto gone;
        printf("%s\n", r ? f.evidence : "no spin");
        return r;
    gone:
        fprintf(stderr, "mqpw-probe: %s\n", err);
        return 2;
    }
    if (argc >= 2 && !strcmp(argv[1], "judge")) {
        if (thresholds(&th, argc > 2 ? argv[2] : NULL))
            return 2;
        mqpw_sample s[4096];
        size_t n = 0;
        char line[512];
        while (n < 4096 && fgets(line, sizeof line, stdin))
            if (parse_sample(line, &s[n]) == 0)
                n++;
        mqpw_finding f[3];
        size_t k = mqpw_judge_growth(s, n, &th, f, 3);
        for (size_t i = 0; i < k; i++)
            printf("%s: %s\n", mqpw_kind_name(f[i].kind), f[i].evidence);
        if (!k)
            printf("no growth finding over %zu samples\n", n);
        return k ? 1 : 0;
    }
    if (argc == 3 && !strcmp(argv[1], "scan")) {
        FILE *fp = fopen(argv[2], "r");
        if (!fp) {
            fprintf(stderr, "mqpw-probe: cannot read %s\n", argv[2]);
            return 2;
        }
        size_t cap = 1 << 20, len = 0;
        char *buf = malloc(cap);
        for (size_t r; buf && (r = fread(buf + len, 1, cap - len, fp)) > 0;) {
            len += r;
            if (len == cap) {
                char *nb = realloc(buf, cap *= 2);
                if (!nb)
                    free(buf);
                buf = nb;
            }
        }
        fclose(fp);
        if (!buf) {
            fprintf(stderr, "mqpw-probe: out of memory\n");
            return 2;
        }
        mqpw_sanreport r[64];
        size_t k = mqpw_sanitizer_scan(buf, len, true, r, 64, NULL);
        for (size_t i = 0; i < k; i++)
            printf("--- %s report at byte %zu (%zu bytes%s)\n%.*s", r[i].tool, r[i].off, r[i].len,
                   r[i].complete ? "" : ", incomplete", (int)r[i].len, buf + r[i].off);
        if (!k)
            printf("no sanitizer report\n");
        free(buf);
        return k ? 1 : 0;
    }
    fprintf(stderr, "usage: mqpw-probe sample|settle|idle PGID [SPEC] | judge [SPEC] < samples | scan FILE\n");
    return 2;
}
