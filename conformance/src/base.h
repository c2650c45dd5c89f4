/* Layer 1 of the runner engine, "base": what every other layer uses and that
 * knows nothing of cases, connections or Lua: the clock, string lists, the
 * version and level tables, target parsing, free ports and directories.
 * Internal to conformance/ (the layers are listed in src/layers.txt; a ctest
 * check keeps each file to its own layer and the ones below). */
#ifndef MQC_BASE_H
#define MQC_BASE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/types.h>

#include "mqconf.h"
#include "mqreport.h"
#include "mqttcodec.h"
#include "mqtransport.h"

/* ------------------------------------------------------------- verdicts */
/* Verdicts are the reports library's (mqreport.h): one model for the runner,
 * the results files and the reports. A case not decided yet holds this. */
#define MQC_UNDECIDED (-1)

/* Levels of a statement: a broken MUST is a failure, an unmet SHOULD is
 * non-strict behaviour, a MAY only records what the peer chose. */
enum { LVL_MUST = 0, LVL_SHOULD, LVL_MAY };
int mqc_level_parse(const char *s);          /* -1 if unknown */
const char *mqc_level_name(int l);
int mqc_level_verdict(int level);            /* FAIL / NON-STRICT / INFORMATIONAL */

/* ------------------------------------------------------------- versions */
#define MQC_NVER 3 /* index 0: 3.1, 1: 3.1.1, 2: 5.0 */
const char *mqc_ver_name(int vi);            /* "3.1", "3.1.1", "5.0" */
int mqc_ver_index(const char *s);            /* -1 if unknown */
mqtt_version mqc_ver_codec(int vi);

/* --------------------------------------------------------- string lists */
typedef struct mqc_strlist {
    char **v;
    size_t n;
} mqc_strlist;

void mqc_strlist_add(mqc_strlist *l, const char *s);
bool mqc_strlist_has(const mqc_strlist *l, const char *s);
void mqc_strlist_free(mqc_strlist *l);

/* ---------------------------------------------------------------- clock */
double mqc_now(void); /* monotonic seconds */

/* --------------------------------------------------------------- target */
typedef struct mqc_target {
    struct sockaddr_storage addr;
    socklen_t addrlen;
    char text[300];
    /* Credentials every CONNECT of the runner carries unless a scenario sets
     * its own (brokers that refuse anonymous clients, e.g. ejabberd). */
    const char *username, *password; /* NULL: none */
    /* The --profile file as validated compact JSON (NULL: no profile): what the broker
     * was configured with, for the scenarios that need it (t:profile()). */
    const char *profile_json;
    /* How bytes reach it (mqtransport.h): NULL plain TCP, else TLS and/or
     * WebSocket; loaded once per run, inherited by the case processes. */
    mqt_ctx *transport;
} mqc_target;

int mqc_target_parse(const char *s, mqc_target *t, char *err, size_t errlen);
int mqc_free_port(void);          /* a free TCP port on 127.0.0.1, or -1 */
int mqc_mkdir_p(const char *dir); /* mkdir -p */

#endif
