/* The oracles applied to one executed case, in order of how much they
 * explain: the broker died (exit status / signal, or it refuses
 * connections), a sanitizer report, a hang (liveness), then bad server
 * bytes (codec) or an impossible follow-up. */
#include "nf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void nf_verdict_free(nf_verdict *v)
{
    free(v->evidence);
    free(v->report);
    memset(v, 0, sizeof *v);
}

static void say(nf_verdict *v, const char *oracle, const char *sig, const char *fmt, ...)
{
    snprintf(v->oracle, sizeof v->oracle, "%s", oracle);
    snprintf(v->sig, sizeof v->sig, "%s", sig);
    va_list ap;
    va_start(ap, fmt);
    char buf[4096];
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    free(v->evidence);
    v->evidence = strdup(buf);
}

bool nf_restart(nf_ctx *x, char *err, size_t errlen)
{
    nf_broker_stop(&x->br);
    if (!nf_broker_start(&x->br, x->o->spawn, x->log_path, x->afl_on ? x->afl.shm_id : -1, err, errlen))
        return false;
    x->tgt.port = x->br.port;
    x->restarts++;
    return true;
}

static bool died(nf_ctx *x, nf_verdict *v, int grace_ms)
{
    if (!x->spawned)
        return false;
    if (!(grace_ms ? nf_broker_wait_exit(&x->br, grace_ms) : nf_broker_poll(&x->br)))
        return false;
    char st[64];
    nf_status_str(x->br.status, st, sizeof st);
    char *rep = NULL, ssig[200];
    if (nf_broker_sanitizer(&x->br, &rep, ssig, sizeof ssig)) {
        say(v, "sanitizer", ssig, "the broker printed a sanitizer report and ended (%s)", st);
        v->report = rep;
        return true;
    }
    char sig[200];
    snprintf(sig, sizeof sig, "crash:%s", st);
    say(v, "crash", sig, "the spawned broker (pid %d) ended: %s", (int)x->br.pid, st);
    return true;
}

void nf_judge(nf_ctx *x, const nf_case *c, const char *tag, bool thorough, nf_result *res, nf_verdict *v)
{
    memset(v, 0, sizeof *v);
    nf_exec(&x->tgt, c, tag, res);
    if (res->connect_failed_first && res->connect_errno == ECONNREFUSED) {
        if (died(x, v, 500)) {
            v->dead_before = true;
            return;
        }
        if (!x->spawned) {
            say(v, "crash", "refused:connect", "the broker at %s:%u refuses connections (%s)", x->tgt.host,
                x->tgt.port, strerror(res->connect_errno));
            v->dead_before = true;
            return;
        }
    }
    if (died(x, v, thorough ? 50 : 0))
        return;
    if (x->spawned) {
        char *rep = NULL, ssig[200];
        if (nf_broker_sanitizer(&x->br, &rep, ssig, sizeof ssig)) {
            say(v, "sanitizer", ssig, "the broker printed a sanitizer report during the case");
            v->report = rep;
            return;
        }
    }
    if ((res->timeout || res->connect_failed || thorough) && x->live_ok) {
        char what[256];
        int r = nf_liveness(x->tgt.host, x->tgt.port, x->o->hang_ms, res->rec, what, sizeof what);
        if (r) {
            if (died(x, v, 1000))
                return;
            if (r == 1 && !x->spawned) {
                say(v, "crash", "refused:connect", "after the case, %s", what);
                return;
            }
            say(v, "hang", r == 3 ? "hang:pingreq" : r == 2 ? "hang:connect" : "hang:refused",
                "after the case, %s (the broker is still running)%s", what,
                res->timeout ? "; the case's own fence also went unanswered" : "");
            return;
        }
    }
    if (res->bad_sig[0]) {
        say(v, res->bad_oracle, res->bad_sig, "%s", res->bad_detail);
        return;
    }
}
