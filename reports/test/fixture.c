#include "fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mqreport.h"

json_t *fx_case(const char *id, const char *section, const char *version, const char *verdict,
                const char *statements)
{
    json_t *st = json_array();
    if (statements && *statements) {
        char *dup = strdup(statements), *save = NULL;
        for (char *t = strtok_r(dup, ",", &save); t; t = strtok_r(NULL, ",", &save))
            json_array_append_new(st, json_string(t));
        free(dup);
    }
    json_t *wire = json_pack(
        "[{s:f, s:s, s:s, s:s, s:s, s:s, s:{s:s, s:s}, s:n},"
        " {s:f, s:s, s:s, s:s, s:s, s:s, s:n, s:n}]",
        "t", 0.0001, "conn", "c1", "dir", "out", "kind", "packet", "summary", "CONNECT v5 id=x",
        "hex", "100c00044d5154540502003c0000", "packet", "type", "CONNECT", "client_id", "x",
        "error", "t", 0.002, "conn", "c1", "dir", "in", "kind", "packet", "summary",
        "CONNACK rc=0", "hex", "20020000", "packet", "error");
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:[s], s:o, s:s, s:s, s:f, s:s, s:s, s:n, "
                     "s:s, s:o}",
                     "id", id, "title", "a scenario title", "description", "what it does",
                     "section", section, "version", version, "versions", version, "statements",
                     st, "level", "MUST", "verdict", verdict, "duration_ms", 12.5, "expected",
                     "the broker closes the connection", "observed", "the broker closed it",
                     "detail", "pcap", "pcaps/case.pcap", "wire", wire);
}

json_t *fx_header(const char *name, const char *address)
{
    return json_pack("{s:{s:s, s:s, s:[s,s], s:{s:{s:i, s:b}}}}", "target", "name", name,
                     "address", address, "versions", "3.1.1", "5.0", "capabilities", "5.0",
                     "maximum_qos", 2, "retain_available", 1);
}

char *fx_tmpdir(const char *tag)
{
    const char *root = getenv("MQREP_TEST_TMP");
    if (!root || !*root)
        root = getenv("TMPDIR");
    if (!root || !*root)
        root = "/tmp";
    char *p = malloc(strlen(root) + strlen(tag) + 16);
    if (!p)
        return NULL;
    sprintf(p, "%s/%s-XXXXXX", root, tag);
    if (!mkdtemp(p)) {
        free(p);
        return NULL;
    }
    return p;
}

char *fx_read(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *b = malloc(cap);
    size_t got;
    while (b && (got = fread(b + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (cap - n - 1 == 0) {
            char *nb = realloc(b, cap * 2);
            if (!nb) {
                free(b);
                b = NULL;
                break;
            }
            b = nb;
            cap *= 2;
        }
    }
    fclose(f);
    if (!b)
        return NULL;
    b[n] = '\0';
    if (len)
        *len = n;
    return b;
}

char *fx_path(const char *dir, const char *name)
{
    char *p = malloc(strlen(dir) + strlen(name) + 2);
    if (p)
        sprintf(p, "%s/%s", dir, name);
    return p;
}

size_t fx_count(const char *hay, const char *needle)
{
    size_t n = 0, k = strlen(needle);
    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += k)
        n++;
    return n;
}

int fx_write_run(const char *outdir, const char *target, const char *const *verdicts,
                 size_t nverdicts, size_t ncases, int close_it)
{
    char err[256];
    json_t *h = fx_header(target, "127.0.0.1:1883");
    mqrep_writer *w = mqrep_writer_open(outdir, h, err, sizeof err);
    json_decref(h);
    if (!w)
        return -1;
    for (size_t i = 0; i < ncases; i++) {
        char id[64];
        snprintf(id, sizeof id, "3.1/connect/case-%zu", i);
        json_t *c = fx_case(id, "3.1", "5.0", verdicts[i % nverdicts], "MQTT-3.1.0-1");
        int rc = mqrep_writer_case(w, c, err, sizeof err);
        json_decref(c);
        if (rc) {
            mqrep_writer_abandon(w);
            return -1;
        }
    }
    if (!close_it) {
        mqrep_writer_abandon(w);
        return 0;
    }
    mqrep_options o = {0};
    return mqrep_writer_close(w, &o, err, sizeof err);
}
