/* One case in a child process of its own: client mode's setup (the driver,
 * the listening socket), the scenario, then everything after it (the
 * driver's end, the precedence checks, clean-up, liveness, evidence) and the
 * result written to the parent over a pipe. */
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "run.h"

void mqc_pcap_name(const mqc_scenario *s, int vi, unsigned rep, char *buf, size_t len)
{
    size_t o = (size_t)snprintf(buf, len, "pcap/");
    for (const char *p = s->id; *p && o + 1 < len; p++)
        buf[o++] = *p == '/' ? '_' : *p;
    buf[o] = 0;
    size_t l = strlen(buf);
    if (rep)
        snprintf(buf + l, len - l, "@%s~%u.pcap", mqc_ver_name(vi), rep + 1);
    else
        snprintf(buf + l, len - l, "@%s.pcap", mqc_ver_name(vi));
}


static void write_all(int fd, const char *s, size_t n)
{
    while (n) {
        ssize_t w = write(fd, s, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return;
        s += w;
        n -= (size_t)w;
    }
}

/* The child runs one case; these say which (a child process has no other). */
static const mqc_run_ctx *child_rc;
static const mqc_job *child_jb;
static int child_fd = -1;

static void child_finish(mqc_case *csp) __attribute__((noreturn));

static bool in_list(json_t *arr, const char *s)
{
    for (size_t i = 0; i < json_array_size(arr); i++) {
        const char *v = json_string_value(json_array_get(arr, i));
        if (v && !strcmp(v, s))
            return true;
    }
    return false;
}

/* Client mode, before run(t): the version and features the driver offers, a
 * listening socket, the driver started and its hello. Leaves a verdict in cs
 * when the case cannot run. */
static void client_setup(const mqc_run_ctx *rc, const mqc_job *jb, mqc_case *cs)
{
    const mqc_scenario *sc = cs->sc;
    if (sc->load_error)
        return; /* mqc_lua_run_case reports it */
    char obs[600];
    json_t *vers = json_object_get(rc->hello, "versions");
    if (!in_list(vers, mqc_ver_name(jb->vi))) {
        char *v = json_dumps(vers, JSON_COMPACT);
        snprintf(obs, sizeof obs, "the driver does not support MQTT %s (hello.versions: %s)",
                 mqc_ver_name(jb->vi), v ? v : "?");
        free(v);
        mqc_case_verdict(cs, MQREP_UNSUPPORTED, NULL, obs, NULL);
        return;
    }
    /* Abilities a driver must claim (PROTOCOL.md "hello.features"): a driver
     * that says nothing about one cannot be assumed to have it. Any other
     * need is met unless the driver lists it in hello.unsupported. */
    static const char *const features[] = {"connect.resume"};
    json_t *unsup = json_object_get(rc->hello, "unsupported");
    json_t *feat = json_object_get(rc->hello, "features");
    for (size_t i = 0; i < sc->needs.n; i++) {
        const char *need = sc->needs.v[i];
        if (!strcmp(need, "websocket")) { /* a fact of the run (--ws), not of the driver */
            if (!mqt_ctx_is_ws(rc->target.transport)) {
                mqc_case_verdict(cs, MQREP_UNSUPPORTED, NULL,
                                 "not a WebSocket run (mqttcheck client --ws PATH)", NULL);
                return;
            }
            continue;
        }
        bool is_feature = false;
        for (size_t f = 0; f < sizeof features / sizeof features[0]; f++)
            is_feature = is_feature || !strcmp(need, features[f]);
        bool lacks = is_feature ? !in_list(feat, need) : in_list(unsup, need);
        if (lacks) {
            snprintf(obs, sizeof obs, is_feature ? "the driver does not offer %s (hello.features)"
                                                 : "driver cannot express %s",
                     need);
            mqc_case_verdict(cs, MQREP_UNSUPPORTED, NULL, obs, NULL);
            return;
        }
    }
    int lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t al = sizeof a;
    if (lfd < 0 || bind(lfd, (struct sockaddr *)&a, sizeof a) || listen(lfd, 16) ||
        getsockname(lfd, (struct sockaddr *)&a, &al)) {
        snprintf(obs, sizeof obs, "cannot listen on 127.0.0.1: %s", strerror(errno));
        if (lfd >= 0)
            close(lfd);
        mqc_case_verdict(cs, MQREP_ERROR, "a listening socket for the client", obs, "setup failed");
        return;
    }
    cs->listen_fd = lfd;
    cs->port = ntohs(a.sin_port);
    mqc_note(cs, NULL, "listening on 127.0.0.1:%d for the client", cs->port);
    char rel[1024], path[4200], err[512];
    mqc_pcap_name(sc, jb->vi, jb->rep, rel, sizeof rel); /* pcap/<id>@<version>.pcap */
    rel[strlen(rel) - 5] = 0;
    memmove(rel, rel + 5, strlen(rel + 5) + 1);
    snprintf(path, sizeof path, "%s/driver/%s.stderr", rc->o->out_dir, rel);
    mqc_driver *d = mqc_driver_start(rc->o->driver_cmd, path, err, sizeof err);
    if (!d) {
        mqc_case_verdict(cs, MQREP_ERROR, "the driver started", err, "setup failed");
        return;
    }
    d->cs = cs;
    cs->driver = d;
    mqc_note(cs, "driver", "started: %s (pid %ld, stderr in driver/%s.stderr)",
             rc->o->driver_cmd, (long)d->pid, rel);
    if (mqc_driver_hello(d, mqc_now() + HELLO_WAIT * rc->scale, err, sizeof err)) {
        char tail[2048], det[2300];
        mqc_driver_stderr_tail(d, tail, sizeof tail);
        snprintf(det, sizeof det, "setup failed: the driver did not start; stderr tail:\n%s",
                 tail[0] ? tail : "(empty)");
        /* a start failure is the run's setup: decided as how the driver
         * ended, so no crash verdict replaces it later */
        mqc_case_overrule(cs, MQC_BY_CRASH, MQREP_ERROR, "the driver's hello", err, det);
        return;
    }
    /* the case's own time starts once the client is ready */
    cs->deadline = mqc_now() + sc->timeout * rc->scale;
}

void mqc_case_child(const mqc_run_ctx *rc, const mqc_job *jb, int fd)
{
    const mqc_scenario *sc = &rc->cat->s[jb->sc];
    child_rc = rc;
    child_jb = jb;
    child_fd = fd;
    mqc_case cs;
    mqc_case_init(&cs, sc, jb->vi, &rc->target, &rc->caps, rc->scale, rc->runid, jb->caseno);
    cs.bail = child_finish;
    if (rc->client)
        client_setup(rc, jb, &cs);
    if (!mqc_case_decided(&cs))
        mqc_lua_run_case(&cs);
    child_finish(&cs);
}

/* Client mode, after run(t): the driver told to quit and stopped; how it
 * ended may overrule the scenario (a crash at any time is a FAIL). */
static void client_finish(const mqc_run_ctx *rc, mqc_case *cs)
{
    mqc_driver *d = cs->driver;
    if (d) {
        /* our side of the connections closes first: a library blocked on one
         * of them gets to read quit without waiting out its own timeout */
        for (size_t i = 0; i < cs->nconns; i++) {
            /* what the client sent after the script's last look is evidence too */
            const mqc_pkt *p;
            for (int k = 0; k < 1000 && mqc_conn_is_open(cs->conns[i]) &&
                            mqc_conn_next(cs->conns[i], mqc_now() + 0.001, &p) == EV_PACKET;
                 k++)
                ;
            mqc_conn_close(cs->conns[i], false);
        }
        if (cs->listen_fd >= 0) { /* connections never accepted are refused now */
            close(cs->listen_fd);
            cs->listen_fd = -1;
        }
        if (!d->eof) /* an exit before quit must be seen as one */
            mqc_driver_pump(d, mqc_now());
        mqc_driver_reap(d, mqc_now());
        mqc_driver_stop(d, QUIT_GRACE * rc->scale);
        mqc_client_judge_end(cs);
    }
    if (cs->listen_fd >= 0)
        close(cs->listen_fd);
    cs->listen_fd = -1;
}

/* Everything after the script: evidence, clean-up, liveness, the result on
 * the pipe. Ends the process. */
static void child_finish(mqc_case *csp)
{
    const mqc_run_ctx *rc = child_rc;
    const mqc_job *jb = child_jb;
    int fd = child_fd;
    const mqc_scenario *sc = &rc->cat->s[jb->sc];
    mqc_case cs = *csp; /* the caller's frame is never returned to */
    double dur = (mqc_now() - cs.t0) * 1000.0;
    if (rc->client)
        client_finish(rc, &cs);
    for (size_t i = 0; i < cs.nconns; i++)
        mqc_conn_close(cs.conns[i], false);
    /* A packet the codec rejects is a finding whatever the script concluded. */
    if (cs.malformed_seen && !sc->accept_malformed) {
        if (mqc_case_overrule(&cs, MQC_BY_MALFORMED, MQREP_FAIL,
                          rc->client ? "every packet from the client well-formed"
                                     : "every packet from the broker well-formed",
                              cs.malformed_obs, cs.detail) &&
            cs.malformed_stmt)
            mqc_case_cite(&cs, cs.malformed_stmt);
    }
    mqc_cleanup_retained(&cs);
    bool dead = false;
    if (rc->caps.probed && !mqc_alive(&rc->target, rc->scale)) {
        /* a broker that stops answering is reported against the case that killed it */
        dead = true;
        char obs[600];
        snprintf(obs, sizeof obs, "the broker stopped answering CONNECT after this case (was: %s %s)",
                 mqrep_verdict_name((mqrep_verdict)cs.verdict), cs.observed ? cs.observed : "");
        mqc_case_overrule(&cs, MQC_BY_DEAD_BROKER, MQREP_FAIL,
                          "the broker keeps serving new connections", obs, cs.detail);
    }
    char rel[1024], path[4096], perr[256];
    bool have_pcap = false;
    if (!rc->o->no_pcap) {
        mqc_pcap_name(sc, jb->vi, jb->rep, rel, sizeof rel);
        snprintf(path, sizeof path, "%s/%s", rc->o->out_dir, rel);
        int r = mqc_case_write_pcap(&cs, path, perr, sizeof perr);
        have_pcap = r == 0;
        if (r < 0)
            mqc_note(&cs, NULL, "pcap not written: %s", perr);
    }
    json_t *obj = mqc_case_json(&cs, dur, have_pcap ? rel : NULL);
    if (dead)
        json_object_set_new(obj, "_broker_dead", json_true());
    char *txt = json_dumps(obj, JSON_COMPACT);
    if (txt)
        write_all(fd, txt, strlen(txt));
    free(txt);
    json_decref(obj);
    close(fd);
    _exit(0);
}
