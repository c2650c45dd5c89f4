/* Every input in corpus/regressions/ against its metadata: the codec, given
 * the version and direction the .meta names, must reach the verdict it
 * names, rejecting with exactly the statement id (and error code) written
 * there. So a codec change that stops rejecting a CVE trigger fails here.
 * Format of <name>.meta (key: value lines) in fuzz/README.md. */
#include "harness_input.h"

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

typedef struct meta {
    char name[256];
    char version[16], direction[16], expected[16], stmt[64], code[64];
    char bin[1024];
} meta;

static const char *dir;

static void trim(char *s)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' '))
        s[--n] = 0;
}

static bool read_meta(const char *path, meta *m)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return false;
    char line[1024];
    while (fgets(line, sizeof line, f)) {
        trim(line);
        char *colon = strchr(line, ':');
        if (!colon || line[0] == '#')
            continue;
        *colon = 0;
        char *val = colon + 1;
        while (*val == ' ')
            val++;
#define KEY(k) else if (strcmp(line, #k) == 0) snprintf(m->k, sizeof m->k, "%s", val)
        if (0) {
        }
        KEY(version);
        KEY(direction);
        KEY(expected);
        KEY(stmt);
        KEY(code);
#undef KEY
    }
    fclose(f);
    return true;
}

static uint8_t *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    uint8_t *b = malloc(1 << 20);
    *len = b ? fread(b, 1, 1 << 20, f) : 0;
    fclose(f);
    return b;
}

/* Runs the wire bytes through framer and decoder like a receiver would. */
static const char *verdict(const hi_input *in, mqtt_error *err)
{
    size_t pos = 0;
    while (pos < in->wire_len) {
        mqtt_frame fr;
        mqtt_status st = mqtt_frame_next(in->wire + pos, in->wire_len - pos, &in->opts, &fr, err);
        if (st == MQTT_NEED_MORE)
            return "incomplete";
        if (st != MQTT_OK)
            return "reject";
        mqtt_packet p;
        st = mqtt_decode(in->wire + pos, fr.total, &in->opts, &p, err);
        if (st != MQTT_OK)
            return "reject";
        pos += fr.total;
    }
    return "accept";
}

static void check_one(void **state)
{
    const meta *m = *state;
    size_t len = 0;
    uint8_t *b = slurp(m->bin, &len);
    assert_non_null(b);
    hi_input in;
    assert_true(hi_parse(b, len, &in));
    /* The header of the .bin and the .meta must say the same thing. */
    const char *v = in.opts.version == MQTT_V31 ? "3.1" : in.opts.version == MQTT_V311 ? "3.1.1" : "5.0";
    assert_string_equal(m->version, v);
    assert_string_equal(m->direction, in.opts.dir == MQTT_C2S ? "c2s" : "s2c");
    mqtt_error err;
    memset(&err, 0, sizeof err);
    const char *got = verdict(&in, &err);
    if (strcmp(got, m->expected) != 0)
        print_error("%s: expected %s, codec says %s (%s %s)\n", m->name, m->expected, got,
                    strcmp(got, "reject") == 0 ? mqtt_errcode_name(err.code) : "",
                    strcmp(got, "reject") == 0 ? err.stmt : "");
    assert_string_equal(got, m->expected);
    if (strcmp(got, "reject") == 0) {
        assert_non_null(err.stmt);
        assert_string_equal(err.stmt, m->stmt);
        if (m->code[0])
            assert_string_equal(mqtt_errcode_name(err.code), m->code);
    }
    free(b);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const meta *)a)->name, ((const meta *)b)->name);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s corpus/regressions\n", argv[0]);
        return 2;
    }
    dir = argv[1];
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "cannot open %s\n", dir);
        return 1;
    }
    meta *ms = calloc(1024, sizeof *ms);
    size_t n = 0;
    int bad = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 1024) {
        size_t l = strlen(e->d_name);
        if (l < 5 || strcmp(e->d_name + l - 5, ".meta") != 0)
            continue;
        meta *m = &ms[n];
        snprintf(m->name, sizeof m->name, "%.*s", (int)(l - 5), e->d_name);
        char path[1400];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        snprintf(m->bin, sizeof m->bin, "%s/%s.bin", dir, m->name);
        if (!read_meta(path, m) || !m->expected[0] || !m->version[0] || !m->direction[0]) {
            fprintf(stderr, "%s: missing version/direction/expected\n", path);
            bad = 1;
            continue;
        }
        if (strcmp(m->expected, "reject") == 0 && !m->stmt[0]) {
            fprintf(stderr, "%s: a reject needs a stmt\n", path);
            bad = 1;
            continue;
        }
        FILE *f = fopen(m->bin, "rb");
        if (!f) {
            fprintf(stderr, "%s: no %s\n", path, m->bin);
            bad = 1;
            continue;
        }
        fclose(f);
        n++;
    }
    closedir(d);
    if (n == 0) {
        fprintf(stderr, "no regression metadata in %s\n", dir);
        return 1;
    }
    qsort(ms, n, sizeof *ms, by_name);
    struct CMUnitTest *tests = calloc(n, sizeof *tests);
    for (size_t i = 0; i < n; i++) {
        tests[i].name = ms[i].name;
        tests[i].test_func = check_one;
        tests[i].initial_state = &ms[i];
    }
    int rc = _cmocka_run_group_tests("regressions", tests, n, NULL, NULL);
    free(tests);
    free(ms);
    return rc || bad;
}
