/* Where mqttcheck's data lives (cli/datadir.c): the folder holding the
 * scenarios, the client scenarios and the statement manifests. */
#ifndef MQC_CLI_DATADIR_H
#define MQC_CLI_DATADIR_H

#include <limits.h>

typedef struct cli_data {
    char root[PATH_MAX];
    char scenarios[PATH_MAX + 32];
    char client_scenarios[PATH_MAX + 32];
    char spec[PATH_MAX + 32];
    const char *how;    /* which rule found it, for --version */
    const char *layout; /* "installed" or "source tree" */
} cli_data;

/* --data-dir DIR (takes precedence over everything else). */
void cli_data_set_dir(const char *dir);
/* The data dir, looked up once; NULL when none was found (see cli_data_error). */
const cli_data *cli_data_get(void);
/* Why the lookup failed, "" when it did not. */
const char *cli_data_error(void);

#endif
