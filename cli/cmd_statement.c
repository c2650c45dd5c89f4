/* `mqttcheck statement MQTT-x.y.z-n`: what a statement says and which cases
 * check it. The statement's facts come from the manifests (conformance/spec
 * *.tsv, one line per statement and version); the cases from the runner's own
 * catalogue listing (mqconf_list --json), so this command keeps no table of
 * its own. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mqconf.h"
#include "cli.h"
#include "datadir.h"

/* The manifests, one per version that numbers its statements. */
static const struct {
    const char *version, *file;
} manifests[] = {{"3.1.1", "mqtt-3.1.1.tsv"}, {"5.0", "mqtt-5.0.tsv"}};

static void usage(FILE *f)
{
    fprintf(f, "usage: mqttcheck statement MQTT-x.y.z-n [--json] [--spec DIR] [--scenarios DIR]\n"
               "                          [--client-scenarios DIR]\n\n"
               "Prints a numbered statement of MQTT 3.1.1 and/or 5.0 (ids differ between the\n"
               "versions, so one id can name two statements): its section, level, who it binds,\n"
               "a one-line summary (a paraphrase: the OASIS standard has the wording), and the\n"
               "broker and client cases that cite it (--scenarios / --client-scenarios add a\n"
               "folder of your own to the built-in catalogue).\n\n"
               "exit codes: 0 printed, 2 unknown id or unreadable data\n");
}

/* One manifest line split into its columns (id section level binds summary note). */
static int find_line(const char *path, const char *id, char *line, size_t len, char *col[6],
                     int *readable)
{
    FILE *f = fopen(path, "r");
    *readable = f != NULL;
    if (!f)
        return 0;
    int found = 0;
    while (!found && fgets(line, (int)len, f)) {
        line[strcspn(line, "\r\n")] = 0;
        int n = 0;
        for (char *p = line; n < 6; n++) {
            col[n] = p;
            char *t = strchr(p, '\t');
            if (!t) {
                n++;
                break;
            }
            *t = 0;
            p = t + 1;
        }
        for (int k = n; k < 6; k++)
            col[k] = "";
        found = !strcmp(col[0], id);
    }
    fclose(f);
    return found;
}

/* The cases of one catalogue citing id, as the runner lists them. */
static json_t *cases_citing(const char *id, int client, const char *dir, const char *spec,
                            char *err, size_t errlen)
{
    mqconf_options o;
    if (client)
        mqconf_options_default_client(&o);
    else
        mqconf_options_default(&o);
    cli_data_defaults(&o);
    const char *user[1] = {dir};
    if (dir) { /* a user's folder adds to the built-in catalogue, as in run */
        o.user_dirs = user;
        o.nuser_dirs = 1;
    }
    if (spec)
        o.spec_dir = spec;
    const char *stm[1] = {id};
    o.statements = stm;
    o.nstatements = 1;
    char *buf = NULL;
    size_t n = 0;
    FILE *mem = open_memstream(&buf, &n);
    if (!mem) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    int r = mqconf_list(&o, mem, 1, err, errlen);
    fclose(mem);
    json_t *arr = NULL;
    if (r == 0) {
        json_error_t je;
        arr = json_loadb(buf, n, 0, &je);
        if (!json_is_array(arr)) {
            snprintf(err, errlen, "unexpected catalogue listing: %s", je.text);
            json_decref(arr);
            arr = NULL;
        }
    }
    free(buf);
    return arr;
}

static void join_versions(json_t *vs, char *out, size_t len)
{
    out[0] = 0;
    size_t i;
    json_t *v;
    json_array_foreach(vs, i, v)
    {
        size_t l = strlen(out);
        snprintf(out + l, len - l, "%s%s", i ? "," : "", json_string_value(v));
    }
}

int cli_cmd_statement(int argc, char **argv)
{
    const char *id = NULL, *spec = NULL, *dirs[2] = {NULL, NULL};
    int json = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(a, "--json")) {
            json = 1;
        } else if (!strcmp(a, "--spec") || !strcmp(a, "--scenarios") ||
                   !strcmp(a, "--client-scenarios")) {
            if (!v) {
                fprintf(stderr, "mqttcheck statement: %s needs a value\n", a);
                return 2;
            }
            i++;
            if (!strcmp(a, "--spec"))
                spec = v;
            else
                dirs[!strcmp(a, "--client-scenarios")] = v;
        } else if (a[0] == '-' || id) {
            fprintf(stderr, "mqttcheck statement: unexpected '%s' (see --help)\n", a);
            return 2;
        } else {
            id = a;
        }
    }
    if (!id) {
        usage(stderr);
        return 2;
    }
    const cli_data *d = cli_data_get();
    if (!spec && !d) {
        fprintf(stderr, "mqttcheck statement: %s\n", cli_data_error());
        return 2;
    }
    if (!spec)
        spec = d->spec;

    json_t *out = json_object(), *defs = json_array();
    json_object_set_new(out, "id", json_string(id));
    json_object_set_new(out, "statements", defs);
    int readable = 0;
    for (size_t m = 0; m < sizeof manifests / sizeof manifests[0]; m++) {
        char path[8192], line[4096], *col[6];
        snprintf(path, sizeof path, "%s/%s", spec, manifests[m].file);
        int ok;
        if (find_line(path, id, line, sizeof line, col, &ok))
            json_array_append_new(defs, json_pack("{s:s,s:s,s:s,s:s,s:s,s:s}", "version",
                                                  manifests[m].version, "section", col[1],
                                                  "level", col[2], "binds", col[3], "summary",
                                                  col[4], "note", col[5]));
        readable |= ok;
    }
    if (!readable) {
        fprintf(stderr, "mqttcheck statement: cannot read the statement manifests in %s\n", spec);
        json_decref(out);
        return 2;
    }
    if (!json_array_size(defs)) {
        fprintf(stderr,
                "mqttcheck statement: %s is not a numbered statement of MQTT 3.1.1 or 5.0 "
                "(ids look like MQTT-3.3.1-4; `mqttcheck list` shows the ones cases cite)\n",
                id);
        json_decref(out);
        return 2;
    }

    json_t *cases = json_array();
    json_object_set_new(out, "cases", cases);
    for (int client = 0; client < 2; client++) {
        char err[1024] = "";
        json_t *arr = cases_citing(id, client, dirs[client], spec, err, sizeof err);
        if (!arr) {
            fprintf(stderr, "mqttcheck statement: %s catalogue: %s\n", client ? "client" : "broker",
                    err);
            json_decref(out);
            return 2;
        }
        size_t i;
        json_t *c;
        json_array_foreach(arr, i, c)
        {
            json_t *e = json_pack("{s:O,s:s,s:O,s:O}", "id", json_object_get(c, "id"), "role",
                                  client ? "client" : "broker", "versions",
                                  json_object_get(c, "versions"), "title",
                                  json_object_get(c, "title"));
            if (e)
                json_array_append_new(cases, e);
        }
        json_decref(arr);
    }
    /* Testability is known only by its evidence: a case that checks it. */
    json_object_set_new(out, "testable",
                        json_array_size(cases) ? json_string("yes") : json_string("unknown"));

    if (json) {
        json_dumpf(out, stdout, JSON_INDENT(2));
        putchar('\n');
        json_decref(out);
        return 0;
    }
    printf("%s\n", id);
    size_t i;
    json_t *s;
    json_array_foreach(defs, i, s)
    {
        printf("  MQTT %-5s  section %s  %s  binds: %s\n    %s\n",
               json_string_value(json_object_get(s, "version")),
               json_string_value(json_object_get(s, "section")),
               json_string_value(json_object_get(s, "level")),
               json_string_value(json_object_get(s, "binds")),
               json_string_value(json_object_get(s, "summary")));
        const char *note = json_string_value(json_object_get(s, "note"));
        if (note && *note)
            printf("    note: %s\n", note);
    }
    printf("  (summaries paraphrase the OASIS standard; read it for the wording)\n");
    if (!json_array_size(cases)) {
        printf("testable: unknown: no case checks it yet\n");
    } else {
        printf("testable: yes: %zu case%s check%s it\n", json_array_size(cases),
               json_array_size(cases) == 1 ? "" : "s", json_array_size(cases) == 1 ? "s" : "");
        json_t *c;
        json_array_foreach(cases, i, c)
        {
            char vs[64];
            join_versions(json_object_get(c, "versions"), vs, sizeof vs);
            printf("  %-44s %-6s %-14s %s\n", json_string_value(json_object_get(c, "id")),
                   json_string_value(json_object_get(c, "role")), vs,
                   json_string_value(json_object_get(c, "title")));
        }
    }
    json_decref(out);
    return 0;
}
