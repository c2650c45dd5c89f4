/* The base layer's small facts: the clock, string lists, the version and
 * level tables. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "base.h"

double mqc_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void mqc_strlist_add(mqc_strlist *l, const char *s)
{
    char **n = realloc(l->v, (l->n + 1) * sizeof *n);
    if (!n)
        return;
    l->v = n;
    l->v[l->n] = strdup(s);
    if (l->v[l->n])
        l->n++;
}

bool mqc_strlist_has(const mqc_strlist *l, const char *s)
{
    for (size_t i = 0; i < l->n; i++)
        if (!strcmp(l->v[i], s))
            return true;
    return false;
}

void mqc_strlist_free(mqc_strlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    l->v = NULL;
    l->n = 0;
}

int mqc_level_parse(const char *s)
{
    if (!s)
        return -1;
    if (!strcmp(s, "MUST"))
        return LVL_MUST;
    if (!strcmp(s, "SHOULD"))
        return LVL_SHOULD;
    if (!strcmp(s, "MAY"))
        return LVL_MAY;
    return -1;
}

const char *mqc_level_name(int l) { return l == LVL_SHOULD ? "SHOULD" : l == LVL_MAY ? "MAY" : "MUST"; }

int mqc_level_verdict(int level)
{
    return level == LVL_SHOULD ? MQREP_NON_STRICT : level == LVL_MAY ? MQREP_INFORMATIONAL : MQREP_FAIL;
}

static const char *const vers[MQC_NVER] = {"3.1", "3.1.1", "5.0"};
const char *mqc_ver_name(int vi) { return vi >= 0 && vi < MQC_NVER ? vers[vi] : "?"; }
int mqc_ver_index(const char *s)
{
    for (int i = 0; s && i < MQC_NVER; i++)
        if (!strcmp(s, vers[i]))
            return i;
    return -1;
}
mqtt_version mqc_ver_codec(int vi) { return vi == 0 ? MQTT_V31 : vi == 1 ? MQTT_V311 : MQTT_V5; }

int mqc_mkdir_p(const char *dir)
{
    char p[4096];
    snprintf(p, sizeof p, "%s", dir);
    for (char *s = p + 1; *s; s++)
        if (*s == '/') {
            *s = 0;
            if (mkdir(p, 0777) && errno != EEXIST)
                return -1;
            *s = '/';
        }
    return mkdir(p, 0777) && errno != EEXIST ? -1 : 0;
}
