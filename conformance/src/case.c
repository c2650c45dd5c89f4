/* One case (scenario x version): its verdict, with the one place a verdict may
 * be replaced, and the results object. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "case.h"
#include "mqpcap.h"

void mqc_case_init(mqc_case *cs, const mqc_scenario *sc, int vi, const mqc_target *t,
                   const mqc_caps *caps, double scale, const char *runid, unsigned caseno)
{
    memset(cs, 0, sizeof *cs);
    cs->sc = sc;
    cs->vi = vi;
    cs->ver = mqc_ver_codec(vi);
    cs->json_ver = cs->ver;
    cs->target = t;
    cs->caps = caps;
    cs->scale = scale;
    cs->t0 = mqc_now();
    gettimeofday(&cs->wall0, NULL);
    cs->deadline = cs->t0 + sc->timeout * scale;
    cs->wire = json_array();
    cs->verdict = MQC_UNDECIDED;
    cs->listen_fd = -1;
    snprintf(cs->topic_prefix, sizeof cs->topic_prefix, "mqc/%s/%u/", runid, caseno);
    /* 1 + 4 + up to 4 chars: leaves 14 of the 23 bytes 3.1 allows for the name */
    snprintf(cs->cid_prefix, sizeof cs->cid_prefix, "m%s%x-", runid, caseno & 0xfffu);
}

void mqc_case_free(mqc_case *cs)
{
    for (size_t i = 0; i < cs->npev; i++)
        free(cs->pev[i].data);
    free(cs->pev);
    json_decref(cs->wire);
    free(cs->expected);
    free(cs->observed);
    free(cs->detail);
    mqc_strlist_free(&cs->extra_stmts);
    mqc_strlist_free(&cs->retained);
    free(cs->pre_what);
    free(cs->pre_stmt);
    free(cs->blocked_what);
    free(cs->blocked_stmt);
}

static char *dup_or_null(const char *s) { return s ? strdup(s) : NULL; }

/* Precedence of verdicts, stated once: a dead broker > a crashed client > a
 * malformed packet from the peer > the scenario's own verdict.
 *  - Within one cause the first verdict wins (a script's t:pass after a
 *    finding changes nothing; a second crash report neither).
 *  - A cause of higher rank replaces what a lower one decided.
 *  - Except that a malformed packet replaces only a verdict that says the
 *    peer behaved (PASS, NON-STRICT, INFORMATIONAL): a case that already
 *    failed, timed out, or could not run keeps its own, more precise verdict.
 * Callers that keep the replaced verdict as evidence read cs->verdict and
 * cs->observed before they call.
 * And a verdict the script reaches inside a precondition (a check that did
 * not hold, a timeout, a refused setup) is the precondition's, not the
 * statements': it becomes ERROR "precondition failed" (blocked_*), unless a
 * malformed packet was seen (that FAIL, with the codec's statement, stands). */
static bool overrule_plain(mqc_case *cs, mqc_cause by, int v, const char *expected,
                           const char *observed, const char *detail);

static bool blocks(const mqc_case *cs, mqc_cause by, int v)
{
    return cs->pre_what && by == MQC_BY_SCRIPT && !cs->malformed_seen &&
           cs->verdict == MQC_UNDECIDED &&
           (v == MQREP_FAIL || v == MQREP_NON_STRICT || v == MQREP_INFORMATIONAL ||
            v == MQREP_TIMEOUT || v == MQREP_ERROR);
}

bool mqc_case_overrule(mqc_case *cs, mqc_cause by, int v, const char *expected,
                       const char *observed, const char *detail)
{
    if (blocks(cs, by, v)) {
        size_t n = strlen(cs->pre_what) + (observed ? strlen(observed) : 0) +
                   (cs->pre_stmt ? strlen(cs->pre_stmt) : 0) + 64;
        char *obs = malloc(n);
        if (obs) {
            snprintf(obs, n, "precondition failed: %s%s%s%s: %s", cs->pre_what,
                     cs->pre_stmt ? " (" : "", cs->pre_stmt ? cs->pre_stmt : "",
                     cs->pre_stmt ? ")" : "", observed ? observed : "it did not hold");
            cs->blocked_what = strdup(cs->pre_what);
            cs->blocked_stmt = dup_or_null(cs->pre_stmt);
            if (cs->pre_stmt)
                mqc_strlist_add(&cs->extra_stmts, cs->pre_stmt);
            char *d = malloc(n + 64);
            if (d)
                snprintf(d, n + 64, "blocked by a precondition, not a finding against the "
                                    "statements under test%s%s", detail ? "; " : "", detail ? detail : "");
            bool r = overrule_plain(cs, by, MQREP_ERROR, expected, obs, d);
            free(obs);
            free(d);
            return r;
        }
    }
    return overrule_plain(cs, by, v, expected, observed, detail);
}

static bool overrule_plain(mqc_case *cs, mqc_cause by, int v, const char *expected,
                                    const char *observed, const char *detail)
{
    if (cs->verdict != MQC_UNDECIDED) {
        if (by <= cs->decided_by)
            return false;
        if (by == MQC_BY_MALFORMED && cs->verdict != MQREP_PASS &&
            cs->verdict != MQREP_NON_STRICT && cs->verdict != MQREP_INFORMATIONAL)
            return false;
    }
    char *e = dup_or_null(expected), *o = dup_or_null(observed), *d = dup_or_null(detail);
    free(cs->expected);
    free(cs->observed);
    free(cs->detail);
    cs->expected = e;
    cs->observed = o;
    cs->detail = d;
    cs->verdict = v;
    cs->decided_by = by;
    return true;
}

void mqc_case_verdict(mqc_case *cs, int v, const char *expected, const char *observed,
                      const char *detail)
{
    mqc_case_overrule(cs, MQC_BY_SCRIPT, v, expected, observed, detail);
}

bool mqc_case_decided(const mqc_case *cs) { return cs->verdict != MQC_UNDECIDED; }

void mqc_case_precondition(mqc_case *cs, const char *what, const char *stmt)
{
    free(cs->pre_what);
    free(cs->pre_stmt);
    cs->pre_what = dup_or_null(what);
    cs->pre_stmt = what && stmt && *stmt ? strdup(stmt) : NULL;
}

void mqc_case_cite(mqc_case *cs, const char *stmt) { mqc_strlist_add(&cs->extra_stmts, stmt); }

static json_t *strlist_json(const mqc_strlist *l, json_t *arr)
{
    for (size_t i = 0; i < l->n; i++) {
        bool dup = false;
        for (size_t j = 0; j < json_array_size(arr); j++)
            dup |= !strcmp(json_string_value(json_array_get(arr, j)), l->v[i]);
        if (!dup)
            json_array_append_new(arr, json_string(l->v[i]));
    }
    return arr;
}

const mqc_strlist *mqc_case_stmts(const mqc_scenario *sc, int vi)
{
    if (vi == 0 && sc->stmts[0].n == 0)
        return &sc->stmts[1];
    return &sc->stmts[vi];
}

static json_t *jstr(const char *s) { return s ? json_stringn_nocheck(s, strlen(s)) : json_null(); }

json_t *mqc_case_json(mqc_case *cs, double duration_ms, const char *pcap_rel)
{
    const mqc_scenario *sc = cs->sc;
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(sc->id));
    json_object_set_new(o, "title", jstr(sc->title ? sc->title : sc->id));
    json_object_set_new(o, "description", jstr(sc->description ? sc->description : ""));
    json_object_set_new(o, "section", jstr(sc->section ? sc->section : ""));
    json_object_set_new(o, "version", json_string(mqc_ver_name(cs->vi)));
    json_t *vs = json_array();
    for (int i = 0; i < MQC_NVER; i++)
        if (sc->versions & (1u << i))
            json_array_append_new(vs, json_string(mqc_ver_name(i)));
    json_object_set_new(o, "versions", vs);
    json_t *st = strlist_json(mqc_case_stmts(sc, cs->vi), json_array());
    strlist_json(&cs->extra_stmts, st);
    json_object_set_new(o, "statements", st);
    json_object_set_new(o, "level", json_string(mqc_level_name(sc->level)));
    json_object_set_new(o, "verdict", json_string(mqrep_verdict_name((mqrep_verdict)cs->verdict)));
    json_object_set_new(o, "duration_ms", json_real(duration_ms));
    /* without a stated expectation, the scenario's title is what it checks */
    json_object_set_new(o, "expected", jstr(cs->expected && *cs->expected ? cs->expected
                                            : sc->title ? sc->title : ""));
    json_object_set_new(o, "observed", jstr(cs->observed ? cs->observed : ""));
    json_object_set_new(o, "detail", jstr(cs->detail));
    json_object_set_new(o, "pcap", jstr(pcap_rel));
    if (cs->blocked_what && cs->verdict == MQREP_ERROR) {
        json_t *pre = json_object();
        json_object_set_new(pre, "what", json_string(cs->blocked_what));
        json_object_set_new(pre, "statement", jstr(cs->blocked_stmt));
        json_object_set_new(o, "precondition", pre);
    }
    json_object_set_new(o, "wire", json_incref(cs->wire));
    return o;
}

int mqc_case_write_pcap(mqc_case *cs, const char *path, char *err, size_t errlen)
{
    if (!cs->neps)
        return 1; /* nothing to record */
    mqpcap_endpoints *eps = calloc(cs->neps, sizeof *eps);
    mqpcap_event *ev = calloc(cs->npev ? cs->npev : 1, sizeof *ev);
    if (!eps || !ev) {
        free(eps);
        free(ev);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    for (size_t i = 0; i < cs->neps; i++) {
        eps[i].client = cs->eps_client[i];
        eps[i].server = cs->eps_server[i];
    }
    for (size_t i = 0; i < cs->npev; i++) {
        const mqc_pcap_ev *e = &cs->pev[i];
        ev[i].kind = e->kind == 0 ? MQPCAP_EV_OPEN : e->kind == 1 ? MQPCAP_EV_DATA : MQPCAP_EV_CLOSE;
        ev[i].conn = e->conn;
        ev[i].from_client = e->from_client;
        ev[i].reset = e->reset;
        ev[i].data = e->data;
        ev[i].len = e->len;
        ev[i].ts = e->ts;
    }
    int r = mqpcap_write_events(path, eps, cs->neps, ev, cs->npev, err, errlen);
    free(eps);
    free(ev);
    return r;
}
