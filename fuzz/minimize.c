/* mqtt_minimize: shrinks a crashing harness input while keeping every MQTT
 * length consistent. afl-tmin and byte-level reducers cut bytes blindly and
 * so break Remaining Lengths and string prefixes: the shrunk input stops
 * parsing long before it stops being big. Here the input is parsed into
 * packets and fields (mutator/mqtt_model.h), fields and packets are removed
 * or emptied, and every candidate is re-serialized with recomputed lengths.
 * Bytes that never parsed as structure (a lying length, a truncated tail)
 * are shrunk byte-wise.
 *
 *   mqtt_minimize [-t SECONDS] [-o OUT] INPUT -- TARGET [ARGS...]
 *
 * TARGET ARGS FILE is run for each candidate (a replay driver or a libFuzzer
 * binary). A candidate is kept when it still crashes with the same
 * signature: the sanitizer SUMMARY line, or the harness oracle message with
 * digits blanked, or the signal. */
#include "mqtt_model.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char **target_argv;
static int target_argc;
static double timeout_s = 10.0;
static char cand_path[] = "/tmp/mqtt_minimize_XXXXXX";
static char err_path[] = "/tmp/mqtt_minimize_err_XXXXXX";
static unsigned long runs;

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* Runs the target on the candidate file; fills sig with its crash
 * signature ("" when it did not crash). */
static void run_target(char *sig, size_t cap)
{
    sig[0] = 0;
    runs++;
    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        exit(2);
    }
    if (pid == 0) {
        int fd = open(err_path, O_WRONLY | O_TRUNC);
        int nul = open("/dev/null", O_WRONLY);
        if (fd >= 0)
            dup2(fd, 2);
        if (nul >= 0)
            dup2(nul, 1);
        char **argv = calloc((size_t)target_argc + 2, sizeof *argv);
        for (int i = 0; i < target_argc; i++)
            argv[i] = target_argv[i];
        argv[target_argc] = cand_path;
        execvp(argv[0], argv);
        _exit(127);
    }
    int status = 0;
    long waited = 0;
    for (;;) {
        pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid)
            break;
        if (r < 0 && errno != EINTR) {
            perror("waitpid");
            exit(2);
        }
        if (waited >= (long)(timeout_s * 1000)) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            snprintf(sig, cap, "timeout");
            return;
        }
        sleep_ms(waited < 50 ? 1 : 10);
        waited += waited < 50 ? 1 : 10;
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
        fprintf(stderr, "mqtt_minimize: cannot run %s\n", target_argv[0]);
        exit(2);
    }
    /* Prefer the harness oracle's message (digits blanked: sizes change as
     * the input shrinks), then the sanitizer's SUMMARY line. */
    FILE *f = fopen(err_path, "r");
    char line[1024], summary[1024] = "";
    while (f && fgets(line, sizeof line, f)) {
        const char *o = strstr(line, "mqttcheck fuzz oracle: ");
        const char *s = strstr(line, "SUMMARY: ");
        if (o) {
            snprintf(sig, cap, "%s", o);
            break;
        }
        if (s && !summary[0])
            snprintf(summary, sizeof summary, "%s", s);
    }
    if (f)
        fclose(f);
    if (!sig[0])
        snprintf(sig, cap, "%s", summary);
    for (char *p = sig; *p; p++) {
        if (isdigit((unsigned char)*p))
            *p = '#';
        else if (*p == '\n')
            *p = 0;
    }
    if (!sig[0])
        snprintf(sig, cap, WIFSIGNALED(status) ? "signal %d" : "exit %d",
                 WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
}

static void write_file(const char *path, const uint8_t *b, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(b, 1, n, f) != n || fclose(f) != 0) {
        fprintf(stderr, "mqtt_minimize: cannot write %s\n", path);
        exit(2);
    }
}

static char want[1024];
static uint8_t *best;
static size_t best_len;
static uint8_t *cand;
static size_t cap;

/* Does this candidate still crash the same way? Keeps it if so. */
static bool try_bytes(const uint8_t *b, size_t n)
{
    if (n >= best_len && memcmp(b, best, n) == 0)
        return false;
    if (n > best_len)
        return false;
    write_file(cand_path, b, n);
    char sig[1024];
    run_target(sig, sizeof sig);
    if (strcmp(sig, want) != 0)
        return false;
    memcpy(best, b, n);
    best_len = n;
    return true;
}

static bool try_model(const mm_msg *m)
{
    size_t n = mm_serialize(m, cand, cap, -1, 0);
    return n && try_bytes(cand, n);
}

/* One pass of structural reductions; true if anything shrank. */
static bool structural_pass(mm_msg *m)
{
    bool progress = false;
    if (!mm_parse(m, best, best_len))
        return false;
    /* whole packets, last first */
    for (size_t i = m->np; i-- > 0;) {
        mm_packet saved = m->pk[i];
        mm_delete_packet(m, i);
        if (try_model(m)) {
            progress = true;
        } else {
            mm_insert_packet(m, i, &saved);
        }
    }
    if (m->tail_len) {
        uint32_t t = m->tail_len;
        m->tail_len = 0;
        if (try_model(m))
            progress = true;
        else
            m->tail_len = t;
    }
    /* fields: delete, empty, halve, zero */
    for (size_t i = 0; i < m->np; i++) {
        mm_packet *pk = &m->pk[i];
        for (size_t j = pk->n; j-- > 0;) {
            if (j >= pk->n)
                continue;
            mm_packet saved = *pk;
            mm_node *n = &pk->nodes[j];
            if (n->kind == MM_PID || n->kind == MM_PROPS || n->kind == MM_RAW) {
                mm_delete_nodes(pk, j, mm_node_span(pk, j));
                if (try_model(m)) {
                    progress = true;
                    continue;
                }
                *pk = saved;
            }
            n = &pk->nodes[j];
            if ((n->kind == MM_STR || n->kind == MM_RAW) && n->len) {
                uint32_t len = n->len;
                n->len = 0;
                if (try_model(m)) {
                    progress = true;
                    continue;
                }
                for (uint32_t keep = len / 2; keep > 0 && keep < n->len + len; keep /= 2) {
                    n->len = keep;
                    if (try_model(m)) {
                        progress = true;
                        len = keep;
                    } else {
                        n->len = len;
                        break;
                    }
                }
                n->len = len;
            }
            if ((n->kind == MM_BYTE || n->kind == MM_U16 || n->kind == MM_U32 || n->kind == MM_VBI) &&
                n->val > 1) {
                uint32_t v = n->val;
                n->val = 0;
                if (try_model(m)) {
                    progress = true;
                    continue;
                }
                n->val = v;
            }
        }
    }
    if (best[1] != 0) { /* no chunking */
        memcpy(cand, best, best_len);
        cand[1] = 0;
        progress |= try_bytes(cand, best_len);
    }
    return progress;
}

/* Byte-wise removal for what the model could not structure. */
static bool byte_pass(void)
{
    bool progress = false;
    for (size_t chunk = best_len / 2; chunk >= 1; chunk /= 2) {
        for (size_t at = 2; at + chunk <= best_len;) {
            memcpy(cand, best, at);
            memcpy(cand + at, best + at + chunk, best_len - at - chunk);
            if (try_bytes(cand, best_len - chunk))
                progress = true;
            else
                at += chunk;
        }
    }
    return progress;
}

int main(int argc, char **argv)
{
    const char *out = NULL, *in = NULL;
    int i = 1;
    for (; i < argc && strcmp(argv[i], "--") != 0; i++) {
        if (strcmp(argv[i], "-t") == 0 && i + 1 < argc)
            timeout_s = atof(argv[++i]);
        else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
            out = argv[++i];
        else
            in = argv[i];
    }
    if (!in || i >= argc - 1 || timeout_s <= 0) {
        fprintf(stderr, "usage: mqtt_minimize [-t SECONDS] [-o OUT] INPUT -- TARGET [ARGS...]\n");
        return 2;
    }
    target_argv = argv + i + 1;
    target_argc = argc - i - 1;
    FILE *f = fopen(in, "rb");
    if (!f) {
        fprintf(stderr, "mqtt_minimize: cannot open %s\n", in);
        return 2;
    }
    cap = 1 << 20;
    best = malloc(cap);
    cand = malloc(cap);
    best_len = fread(best, 1, cap, f);
    fclose(f);
    int fd1 = mkstemp(cand_path), fd2 = mkstemp(err_path);
    if (fd1 < 0 || fd2 < 0) {
        perror("mkstemp");
        return 2;
    }
    close(fd1);
    close(fd2);
    write_file(cand_path, best, best_len);
    run_target(want, sizeof want);
    if (!want[0]) {
        fprintf(stderr, "mqtt_minimize: %s does not crash the target\n", in);
        unlink(cand_path);
        unlink(err_path);
        return 1;
    }
    size_t start_len = best_len;
    fprintf(stderr, "mqtt_minimize: %zu bytes, signature: %s\n", best_len, want);
    mm_msg *m = mm_new(4 * cap);
    if (!m)
        return 2;
    for (int round = 0; round < 16; round++) {
        bool p = best_len >= 2 && structural_pass(m);
        p |= byte_pass();
        if (!p)
            break;
    }
    mm_free(m);
    write_file(out ? out : "minimized.bin", best, best_len);
    fprintf(stderr, "mqtt_minimize: %zu -> %zu bytes in %lu runs, written to %s\n", start_len, best_len,
            runs, out ? out : "minimized.bin");
    unlink(cand_path);
    unlink(err_path);
    return 0;
}
