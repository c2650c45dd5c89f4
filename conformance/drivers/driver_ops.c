/* Pending operations and the waits with deadlines that every command uses. */
#include "driver.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static pthread_mutex_t core_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t core_cv;
static pthread_once_t cv_once = PTHREAD_ONCE_INIT;
static drv_op *ops;

static void cv_init(void)
{
    /* The deadline clock must be monotonic: wall-clock jumps must not stretch a wait. */
    pthread_condattr_t a;
    pthread_condattr_init(&a);
    pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
    pthread_cond_init(&core_cv, &a);
    pthread_condattr_destroy(&a);
}

void drv_lock(void)
{
    pthread_once(&cv_once, cv_init);
    pthread_mutex_lock(&core_mu);
}

void drv_unlock(void)
{
    pthread_mutex_unlock(&core_mu);
}

drv_op *drv_op_new(long long id, int kind)
{
    drv_op *op = calloc(1, sizeof *op);
    if (!op) {
        drv_log("out of memory");
        exit(1);
    }
    op->id = id;
    op->kind = kind;
    op->mid = -1;
    op->reason = -1;
    drv_lock();
    op->next = ops;
    ops = op;
    drv_unlock();
    return op;
}

drv_op *drv_op_find_mid(int kind, int mid)
{
    for (drv_op *op = ops; op; op = op->next)
        if (op->kind == kind && op->mid == mid && !op->done)
            return op;
    return NULL;
}

void drv_op_complete(drv_op *op, bool ok, int reason, const char *error)
{
    if (!op || op->done)
        return;
    op->done = true;
    op->ok = ok;
    op->reason = reason;
    if (error)
        snprintf(op->error, sizeof op->error, "%s", error);
    pthread_once(&cv_once, cv_init);
    pthread_cond_broadcast(&core_cv);
}

void drv_ops_clear(void)
{
    drv_lock();
    while (ops) {
        drv_op *n = ops->next;
        json_decref(ops->data);
        free(ops);
        ops = n;
    }
    drv_unlock();
}

static void deadline_ts(double deadline, struct timespec *ts)
{
    /* deadline is on drv_now()'s clock, which is CLOCK_MONOTONIC. */
    double whole = (double)(long long)deadline;
    ts->tv_sec = (time_t)whole;
    ts->tv_nsec = (long)((deadline - whole) * 1e9);
    if (ts->tv_nsec >= 1000000000L) {
        ts->tv_sec++;
        ts->tv_nsec -= 1000000000L;
    }
}

/* Single-threaded libraries: run their socket until `deadline` or until *stop. */
static void pump(double deadline, const drv_op *op)
{
    const drv_driver *d = drv_active;
    for (;;) {
        drv_lock();
        bool done = op && op->done;
        drv_unlock();
        if (done)
            return;
        double left = deadline - drv_now();
        if (left <= 0)
            return;
        /* Short slices keep the library's keepalive timers running. */
        int ms = left > 0.25 ? 250 : (int)(left * 1000) + 1;
        int fd = d->sock();
        if (fd < 0) {
            if (op)
                return; /* nothing can complete it: the connection is gone */
            poll(NULL, 0, ms);
            continue;
        }
        struct pollfd p = {.fd = fd, .events = POLLIN | (d->want_write() ? POLLOUT : 0)};
        int n = poll(&p, 1, ms);
        if (n < 0 && errno != EINTR)
            return;
        d->service(n > 0 ? p.revents : 0);
    }
}

bool drv_wait_op(drv_op *op, double deadline)
{
    if (drv_active && drv_active->sock) {
        pump(deadline, op);
        drv_lock();
        bool done = op->done;
        drv_unlock();
        return done;
    }
    struct timespec ts;
    deadline_ts(deadline, &ts);
    drv_lock();
    while (!op->done) {
        /* Any non-zero result ends the wait: ETIMEDOUT, but also an error, which
         * would otherwise spin here for ever. */
        if (pthread_cond_timedwait(&core_cv, &core_mu, &ts) != 0)
            break;
    }
    bool done = op->done;
    drv_unlock();
    return done;
}

void drv_wait_until(double deadline)
{
    if (drv_active && drv_active->sock) {
        pump(deadline, NULL);
        return;
    }
    struct timespec ts;
    deadline_ts(deadline, &ts);
    drv_lock();
    while (pthread_cond_timedwait(&core_cv, &core_mu, &ts) == 0) {
        /* woken by some op's completion: the time is not up yet */
    }
    drv_unlock();
}
