/* Events out (stdout, one JSON object per line), logs (stderr), and the clock. */
#include "driver.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* Library callbacks run on their own threads (paho): one lock keeps lines whole. */
static pthread_mutex_t out_mu = PTHREAD_MUTEX_INITIALIZER;

double drv_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

json_t *drv_event(const char *name)
{
    return json_pack("{s:s}", "event", name);
}

void drv_emit(json_t *ev)
{
    if (!ev)
        return;
    /* JSON_COMPACT escapes control characters, so a line never contains '\n'. */
    char *s = json_dumps(ev, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(ev);
    if (!s)
        return;
    pthread_mutex_lock(&out_mu);
    fputs(s, stdout);
    fputc('\n', stdout);
    fflush(stdout);
    pthread_mutex_unlock(&out_mu);
    free(s);
}

void drv_emit_error(long long id, bool has_id, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    json_t *ev = drv_event("error");
    if (has_id)
        json_object_set_new(ev, "id", json_integer(id));
    json_object_set_new(ev, "error", json_string(msg));
    drv_emit(ev);
}

void drv_log(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    pthread_mutex_lock(&out_mu);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    pthread_mutex_unlock(&out_mu);
    va_end(ap);
}
