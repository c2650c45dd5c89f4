/* Where mqttcheck finds its data (scenarios, client scenarios, their lib/,
 * statement manifests). An installed binary must work from any working
 * directory and any prefix, so the lookup is relative to the executable;
 * a build-tree binary falls back to the source tree it was built from.
 *
 * Order: --data-dir DIR (main.c), $MQTTCHECK_DATA_DIR, <exe>/../share/mqttcheck,
 * the source tree. A folder is taken in either layout: the installed one
 * (DIR/spec, DIR/scenarios, DIR/client-scenarios) or a source tree
 * (DIR/conformance/spec, ...). An explicit choice that holds neither is an
 * error rather than a silent fall-back: the user asked for that folder. */
#define _XOPEN_SOURCE 700 /* realpath */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "datadir.h"

#ifndef MQC_SOURCE_TREE
#define MQC_SOURCE_TREE ""
#endif
#ifndef MQC_DATA_REL /* from the install's bin/ to its share/mqttcheck/ (cli/CMakeLists.txt) */
#define MQC_DATA_REL "../share/mqttcheck"
#endif

/* The one table of where things sit under a data dir, per layout. */
static const struct {
    const char *name;
    const char *scenarios, *client_scenarios, *spec;
} layouts[] = {
    {"installed", "scenarios", "client-scenarios", "spec"},
    {"source tree", "conformance/scenarios", "conformance/client-scenarios", "conformance/spec"},
};

static const char *explicit_dir; /* --data-dir */
static cli_data resolved;
static int state; /* 0 not yet looked, 1 found, -1 not found */
static char failure[2048];

void cli_data_set_dir(const char *dir) { explicit_dir = dir; state = 0; }

static int is_file(const char *dir, const char *sub, const char *file)
{
    char p[PATH_MAX];
    struct stat st;
    if (snprintf(p, sizeof p, "%s/%s/%s", dir, sub, file) >= (int)sizeof p)
        return 0;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* Fills resolved from dir if either layout is there. */
static int try_dir(const char *dir, const char *how)
{
    for (size_t i = 0; i < sizeof layouts / sizeof layouts[0]; i++) {
        if (!is_file(dir, layouts[i].spec, "mqtt-5.0.tsv"))
            continue;
        char abs[PATH_MAX];
        if (!realpath(dir, abs))
            snprintf(abs, sizeof abs, "%s", dir);
        cli_data *d = &resolved;
        snprintf(d->root, sizeof d->root, "%s", abs);
        snprintf(d->scenarios, sizeof d->scenarios, "%s/%s", abs, layouts[i].scenarios);
        snprintf(d->client_scenarios, sizeof d->client_scenarios, "%s/%s", abs,
                 layouts[i].client_scenarios);
        snprintf(d->spec, sizeof d->spec, "%s/%s", abs, layouts[i].spec);
        d->how = how;
        d->layout = layouts[i].name;
        return 1;
    }
    return 0;
}

static int exe_relative(char *out, size_t outlen)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return 0;
    exe[n] = 0;
    char *slash = strrchr(exe, '/');
    if (!slash)
        return 0;
    *slash = 0;
    return snprintf(out, outlen, "%s/" MQC_DATA_REL, exe) < (int)outlen;
}

const cli_data *cli_data_get(void)
{
    if (state)
        return state > 0 ? &resolved : NULL;
    state = -1;
    const char *env = getenv("MQTTCHECK_DATA_DIR");
    if (explicit_dir || (env && *env)) {
        const char *dir = explicit_dir ? explicit_dir : env;
        if (try_dir(dir, explicit_dir ? "--data-dir" : "MQTTCHECK_DATA_DIR"))
            return state = 1, &resolved;
        snprintf(failure, sizeof failure,
                 "%s %s holds no mqttcheck data (no spec/mqtt-5.0.tsv nor "
                 "conformance/spec/mqtt-5.0.tsv)",
                 explicit_dir ? "--data-dir" : "MQTTCHECK_DATA_DIR", dir);
        return NULL;
    }
    char rel[PATH_MAX] = "";
    if (exe_relative(rel, sizeof rel) && try_dir(rel, "installed next to the binary"))
        return state = 1, &resolved;
    if (*MQC_SOURCE_TREE && try_dir(MQC_SOURCE_TREE, "the source tree it was built from"))
        return state = 1, &resolved;
    snprintf(failure, sizeof failure,
             "cannot find mqttcheck's data (scenarios, statement manifests): looked in %s%s%s; "
             "use --data-dir DIR or MQTTCHECK_DATA_DIR",
             rel[0] ? rel : "(no executable path)", *MQC_SOURCE_TREE ? " and " : "",
             MQC_SOURCE_TREE);
    return NULL;
}

const char *cli_data_error(void)
{
    cli_data_get();
    return state < 0 ? failure : "";
}
