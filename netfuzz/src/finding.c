/* A finding: minimized by replaying shrunk variants against a freshly
 * spawned broker (a variant is kept only if it shows the same signature),
 * then written as OUT/findings/<id>/ with finding.json, repro.pcap (the
 * recorded exchange of the last reproduction, for `mqttcheck replay`),
 * repro.lua (a catalogue scenario that fails while the bug is there) and
 * repro.case (the case itself, for the corpus). */
#include "nf.h"

#include <arpa/inet.h>
#include <errno.h>
#include <jansson.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "mqpcap.h"
#include "mqttcodec.h"

static const char *vname(int v) { return v == 3 ? "3.1" : v == 4 ? "3.1.1" : "5.0"; }

/* Runs c on a fresh broker; true if it shows signature sig. */
static bool reproduces(nf_ctx *x, const nf_case *c, const char *sig, nf_recording *rec, nf_result *out,
                       nf_verdict *vout, int *runs)
{
    char err[512];
    if (x->spawned && !nf_restart(x, err, sizeof err))
        return false;
    (*runs)++;
    nf_result res;
    memset(&res, 0, sizeof res);
    res.rec = rec;
    nf_verdict v;
    nf_judge(x, c, "repro", true, &res, &v);
    bool same = !strcmp(v.sig, sig);
    if (out)
        *out = res;
    if (vout)
        *vout = v;
    else
        nf_verdict_free(&v);
    return same;
}

static size_t split_packets(const nf_step *st, int version, size_t *offs, size_t max)
{
    size_t n = 0, off = 0;
    mqtt_decode_opts o = {(mqtt_version)version, MQTT_C2S, NULL};
    while (off < st->len && n + 1 < max) {
        offs[n++] = off;
        mqtt_frame fr;
        mqtt_error e;
        if (mqtt_frame_next(st->data + off, st->len - off, &o, &fr, &e) != MQTT_OK) {
            off = st->len;
            break;
        }
        off += fr.total;
    }
    offs[n] = st->len;
    return n;
}

static void drop_conn(nf_case *c, int k)
{
    int j = 0;
    for (int i = 0; i < c->nstep; i++) {
        if (c->step[i].conn == k)
            continue;
        if (j != i)
            c->step[j] = c->step[i];
        if (c->step[j].conn > k)
            c->step[j].conn--;
        j++;
    }
    c->nstep = (uint8_t)j;
    memmove(&c->conn[k], &c->conn[k + 1], (size_t)(c->nconn - k - 1) * sizeof c->conn[0]);
    c->nconn--;
}

static void minimize(nf_ctx *x, nf_case *best, const char *sig, int *runs)
{
    nf_case *t = malloc(sizeof *t);
    if (!t)
        return;
    bool changed = true;
    while (changed && *runs < x->o->min_runs && !(x->o->seconds < 0)) {
        changed = false;
        for (int i = best->nstep - 1; i >= 0 && best->nstep > 1 && *runs < x->o->min_runs; i--) {
            *t = *best;
            memmove(&t->step[i], &t->step[i + 1], (size_t)(t->nstep - i - 1) * sizeof t->step[0]);
            t->nstep--;
            if (reproduces(x, t, sig, NULL, NULL, NULL, runs)) {
                *best = *t;
                changed = true;
            }
        }
        for (int k = best->nconn - 1; k >= 0 && best->nconn > 1 && *runs < x->o->min_runs; k--) {
            *t = *best;
            drop_conn(t, k);
            if (t->nstep && reproduces(x, t, sig, NULL, NULL, NULL, runs)) {
                *best = *t;
                changed = true;
            }
        }
        for (int k = 0; k < best->nconn && *runs < x->o->min_runs; k++)
            for (int b = 1; b < NF_P_ALL && *runs < x->o->min_runs; b <<= 1) {
                if (!(best->conn[k].prefix & b))
                    continue;
                *t = *best;
                t->conn[k].prefix &= (uint8_t)~b;
                if (reproduces(x, t, sig, NULL, NULL, NULL, runs)) {
                    *best = *t;
                    changed = true;
                }
            }
        for (int i = 0; i < best->nstep && *runs < x->o->min_runs; i++) {
            size_t offs[128];
            size_t np = split_packets(&best->step[i], best->conn[best->step[i].conn].version, offs, 128);
            for (size_t j = np; j-- > 0 && np > 1 && *runs < x->o->min_runs;) {
                *t = *best;
                nf_step *st = &t->step[i];
                size_t a = offs[j], e = offs[j + 1];
                memmove(st->data + a, st->data + e, st->len - e);
                st->len = (uint16_t)(st->len - (e - a));
                if (reproduces(x, t, sig, NULL, NULL, NULL, runs)) {
                    *best = *t;
                    changed = true;
                    np = split_packets(&best->step[i], best->conn[best->step[i].conn].version, offs, 128);
                    if (j > np)
                        j = np;
                }
            }
        }
    }
    free(t);
}

/* ---------------------------------------------------------------- writers */

static void hex(const uint8_t *p, size_t n, char *out)
{
    static const char d[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = d[p[i] >> 4];
        out[2 * i + 1] = d[p[i] & 15];
    }
    out[2 * n] = 0;
}

static bool write_pcap(const char *path, const nf_recording *r, char *err, size_t errlen)
{
    mqpcap_endpoints eps[NF_MAX_CONNS + 1];
    int map[NF_MAX_CONNS + 1];
    size_t ne = 0;
    for (int k = 0; k <= NF_MAX_CONNS; k++) {
        map[k] = -1;
        if (r->have_addr[k]) {
            eps[ne].client = r->client[k];
            eps[ne].server = r->server[k];
            map[k] = (int)ne++;
        }
    }
    mqpcap_event *ev = calloc(r->nev ? r->nev : 1, sizeof *ev);
    if (!ev)
        return false;
    size_t n = 0;
    for (size_t i = 0; i < r->nev; i++) {
        const nf_rec_event *e = &r->ev[i];
        if (map[e->conn] < 0)
            continue;
        ev[n].kind = (mqpcap_ev_kind)e->kind;
        ev[n].conn = (size_t)map[e->conn];
        ev[n].from_client = e->from_client;
        ev[n].reset = e->reset;
        ev[n].data = r->arena + e->off;
        ev[n].len = e->len;
        ev[n].ts = e->ts;
        n++;
    }
    int rc = mqpcap_write_events(path, eps, ne, ev, n, err, errlen);
    free(ev);
    return rc == 0;
}

/* Without a spawned broker the exchange may not be repeatable: the client
 * side of the case alone, as a capture. */
static void synth_recording(const nf_case *c, const char *tag, uint16_t port, nf_recording *r)
{
    memset(r, 0, sizeof *r);
    struct timeval ts;
    gettimeofday(&ts, NULL);
    bool opened[NF_MAX_CONNS] = {false};
    uint8_t buf[NF_STEP_MAX + 512];
    for (int i = 0; i < c->nstep; i++) {
        int k = c->step[i].conn;
        size_t len = 0;
        if (!opened[k]) {
            struct sockaddr_in *cl = (struct sockaddr_in *)&r->client[k], *sv = (struct sockaddr_in *)&r->server[k];
            cl->sin_family = sv->sin_family = AF_INET;
            cl->sin_addr.s_addr = sv->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            cl->sin_port = htons((uint16_t)(50000 + k));
            sv->sin_port = htons(port);
            r->have_addr[k] = true;
            opened[k] = true;
            len = nf_build_prefix(c, k, tag, buf, sizeof buf);
            if (r->nev + 4 > r->evcap) {
                r->evcap = r->evcap ? r->evcap * 2 : 32;
                r->ev = realloc(r->ev, r->evcap * sizeof *r->ev);
            }
            r->ev[r->nev++] = (nf_rec_event){0, (uint8_t)k, 1, 0, 0, 0, ts};
        }
        memcpy(buf + len, c->step[i].data, c->step[i].len);
        len += c->step[i].len;
        if (r->nev + 4 > r->evcap) {
            r->evcap = r->evcap ? r->evcap * 2 : 32;
            r->ev = realloc(r->ev, r->evcap * sizeof *r->ev);
        }
        if (r->alen + len > r->acap) {
            r->acap = (r->alen + len) * 2;
            r->arena = realloc(r->arena, r->acap);
        }
        memcpy(r->arena + r->alen, buf, len);
        ts.tv_usec += 1000;
        r->ev[r->nev++] = (nf_rec_event){1, (uint8_t)k, 1, 0, (uint32_t)r->alen, (uint32_t)len, ts};
        r->alen += len;
    }
}

static bool frames(const uint8_t *d, size_t len, int version)
{
    mqtt_decode_opts o = {(mqtt_version)version, MQTT_C2S, NULL};
    size_t off = 0;
    while (off < len) {
        mqtt_frame fr;
        mqtt_error e;
        if (mqtt_frame_next(d + off, len - off, &o, &fr, &e) != MQTT_OK)
            return false;
        off += fr.total;
    }
    return true;
}

static void lua_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fprintf(f, "\\%c", *s);
        else if ((unsigned char)*s < 0x20)
            fprintf(f, "\\%03d", (unsigned char)*s);
        else
            fputc(*s, f);
    }
    fputc('"', f);
}

static bool write_lua(const char *path, const nf_case *c, const nf_verdict *v, const nf_finding *fd,
                      const nf_result *res, const char *stmt, int hang_s)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return false;
    fprintf(f, "-- Written by `mqttcheck fuzz` for finding %s: save it as DIR/fuzz/%s.lua\n"
               "-- (mqttcheck run --scenarios DIR --select 'fuzz/*'). It replays the minimized case\n"
               "-- byte for byte and fails while the bug is there.\n", fd->id, fd->id);
    fprintf(f, "scenario {\n  id = \"fuzz/%s\",\n  title = ", fd->id);
    char title[300];
    snprintf(title, sizeof title, "netfuzz finding: %s (%s)", v->sig, v->oracle);
    lua_str(f, title);
    fprintf(f, ",\n  description = ");
    lua_str(f, v->evidence ? v->evidence : "");
    fprintf(f, ",\n  versions = {\"%s\"},\n  statements = {%s%s%s},\n  level = \"MUST\",\n  timeout = %d,\n}\n\n",
            vname(c->conn[0].version), stmt ? "\"" : "", stmt ? stmt : "", stmt ? "\"" : "",
            10 + 3 * (c->nstep + 2) + 2 * (res && res->timeout ? 1 : 0));
    fprintf(f, "local steps = {\n");
    /* the same writes and fences as the executor: a connection's prefix with
     * its own fence, then one write per step, fenced but for the last */
    bool first[NF_MAX_CONNS] = {false}, desync[NF_MAX_CONNS] = {false};
    uint8_t buf[NF_STEP_MAX + 512], acc[NF_MAX_CONNS][NF_MAX_STEPS * NF_STEP_MAX + 512];
    size_t acclen[NF_MAX_CONNS] = {0};
    char hx[2 * (NF_STEP_MAX + 512) + 1];
    for (int i = 0; i < c->nstep; i++) {
        int k = c->step[i].conn;
        if (!first[k]) {
            first[k] = true;
            size_t pl = nf_build_prefix(c, k, "repro", buf, sizeof buf);
            if (pl) {
                memcpy(acc[k], buf, pl);
                acclen[k] = pl;
                hex(buf, pl, hx);
                fprintf(f, "  {conn = %d, fence = true, hex = \"%s\"},\n", k + 1, hx);
            }
        }
        const nf_step *st = &c->step[i];
        memcpy(acc[k] + acclen[k], st->data, st->len);
        acclen[k] += st->len;
        if (!frames(acc[k], acclen[k], c->conn[k].version))
            desync[k] = true;
        hex(st->data, st->len, hx);
        fprintf(f, "  {conn = %d, fence = %s, hex = \"%s\"},\n", k + 1,
                i + 1 < c->nstep && !desync[k] ? "true" : "false", hx);
    }
    fprintf(f, "}\n");
    fprintf(f, "local frames_ok = {");
    for (int k = 0; k < c->nconn; k++)
        fprintf(f, "%s%s", k ? ", " : "", desync[k] ? "false" : "true");
    fprintf(f, "}\n");
    if (!strcmp(v->oracle, "follow-up") && res)
        fprintf(f, "local bad = {conn = %d, type = \"%s\", id = %d}\n", res->bad_conn + 1,
                mqtt_type_name((mqtt_type)res->bad_type), res->bad_id);
    else
        fprintf(f, "local bad = nil\n");
    fprintf(f,
            "\n"
            "local function look(t, k, p, why)\n"
            "  if not p and why == \"malformed\" then\n"
            "    t:fail{expected = \"server packets the codec accepts\", observed = \"the broker sent bytes the codec rejects on connection \" .. k}\n"
            "  end\n"
            "  if p and bad and k == bad.conn and p.type == bad.type and p.id == bad.id then\n"
            "    t:fail{expected = \"no \" .. bad.type .. \" for id \" .. bad.id .. \" (the client never sent what it answers)\",\n"
            "           observed = bad.type .. \" id=\" .. bad.id .. \" on connection \" .. k}\n"
            "  end\n"
            "end\n"
            "\n"
            "-- reads until the PINGRESP of the fence (or the connection ends)\n"
            "local function fence(t, c, k)\n"
            "  while true do\n"
            "    local p, why = c:recv({within = 2})\n"
            "    look(t, k, p, why)\n"
            "    if not p or p.type == \"PINGRESP\" then return end\n"
            "  end\n"
            "end\n"
            "\n"
            "function run(t)\n"
            "  local conns = {}\n"
            "  for _, s in ipairs(steps) do\n"
            "    local c = conns[s.conn]\n"
            "    if not c then\n"
            "      local why\n"
            "      c, why = t:try_open(\"c\" .. s.conn)\n"
            "      if not c then\n"
            "        t:fail{expected = \"the broker accepts connection \" .. s.conn, observed = \"TCP connect failed: \" .. tostring(why)}\n"
            "      end\n"
            "      conns[s.conn] = c\n"
            "    end\n"
            "    if c:is_open() then\n"
            "      c:send_bytes(mqtt.hex(s.hex))\n"
            "      if s.fence then\n"
            "        c:send_hex(\"c0 00\")\n"
            "        fence(t, c, s.conn)\n"
            "      end\n"
            "    end\n"
            "  end\n"
            "  for k, c in pairs(conns) do\n"
            "    if c:is_open() and frames_ok[k] then\n"
            "      c:send_hex(\"c0 00\")\n"
            "      fence(t, c, k)\n"
            "    end\n"
            "  end\n"
            "  for _, c in pairs(conns) do if c:is_open() then c:close() end end\n"
            "  -- the broker must still be there and answer\n"
            "  local l, why = t:try_open(\"live\")\n"
            "  if not l then\n"
            "    t:fail{expected = \"the broker accepts a fresh connection after the case\", observed = \"TCP connect failed: \" .. tostring(why)}\n"
            "  end\n"
            "  l:send_bytes(mqtt.encode({type = \"CONNECT\", client_id = t:client_id(\"live\"), clean = true, keepalive = 60}, \"3.1.1\"))\n"
            "  local p, w = l:recv({within = %d})\n"
            "  if not p or p.type ~= \"CONNACK\" then\n"
            "    t:fail{expected = \"CONNACK to a fresh CONNECT after the case\", observed = tostring(w or (p and p.type))}\n"
            "  end\n"
            "  l:send_hex(\"c0 00\")\n"
            "  p, w = l:recv({within = %d})\n"
            "  if not p or p.type ~= \"PINGRESP\" then\n"
            "    t:fail{expected = \"PINGRESP on a fresh connection after the case\", observed = tostring(w or (p and p.type))}\n"
            "  end\n"
            "end\n",
            hang_s, hang_s);
    return fclose(f) == 0;
}

static void json_case(json_t *o, const nf_case *c)
{
    json_t *conns = json_array(), *steps = json_array();
    for (int k = 0; k < c->nconn; k++) {
        json_t *j = json_object();
        json_object_set_new(j, "version", json_string(vname(c->conn[k].version)));
        json_object_set_new(j, "prefix", json_integer(c->conn[k].prefix));
        json_object_set_new(j, "client_id_slot", json_integer(c->conn[k].slot));
        json_array_append_new(conns, j);
    }
    char hx[2 * NF_STEP_MAX + 1];
    for (int i = 0; i < c->nstep; i++) {
        json_t *j = json_object();
        json_object_set_new(j, "conn", json_integer(c->step[i].conn));
        hex(c->step[i].data, c->step[i].len, hx);
        json_object_set_new(j, "hex", json_string(hx));
        json_array_append_new(steps, j);
    }
    char desc[4096];
    nf_case_describe(c, desc, sizeof desc);
    json_object_set_new(o, "summary", json_string(desc));
    json_object_set_new(o, "connections", conns);
    json_object_set_new(o, "steps", steps);
}

bool nf_write_finding(nf_ctx *x, const nf_case *orig, const nf_verdict *v0, uint64_t case_no, nf_finding *fd)
{
    return nf_write_finding_any(x, &orig, 1, v0, case_no, fd);
}

bool nf_write_finding_any(nf_ctx *x, const nf_case *const *cands, size_t ncand, const nf_verdict *v0,
                          uint64_t case_no, nf_finding *fd)
{
    const nf_case *orig = cands[0];
    const mqnf_options *o = x->o;
    memset(fd, 0, sizeof *fd);
    uint64_t h = nf_hash(v0->sig, strlen(v0->sig), 0);
    snprintf(fd->id, sizeof fd->id, "%s-%08x", v0->oracle, (unsigned)(h ^ (h >> 32)));
    snprintf(fd->oracle, sizeof fd->oracle, "%s", v0->oracle);
    snprintf(fd->sig, sizeof fd->sig, "%s", v0->sig);
    fd->case_no = case_no;
    char dir[1024], path[1200];
    snprintf(dir, sizeof dir, "%s/findings", o->out_dir);
    mkdir(dir, 0755);
    snprintf(dir, sizeof dir, "%s/findings/%s", o->out_dir, fd->id);
    if (mkdir(dir, 0755) < 0 && errno == EEXIST)
        return false; /* another instance sharing OUT found it first */

    nf_case *best = malloc(sizeof *best);
    if (!best)
        return false;
    *best = *orig;
    int runs = 0;
    nf_recording rec;
    memset(&rec, 0, sizeof rec);
    nf_result res;
    memset(&res, 0, sizeof res);
    nf_verdict vfinal;
    memset(&vfinal, 0, sizeof vfinal);
    bool have_final = false;
    if (x->spawned) {
        for (size_t ci = 0; ci < ncand && !fd->reproduced; ci++) {
            *best = *cands[ci];
            fd->reproduced = reproduces(x, best, v0->sig, NULL, NULL, NULL, &runs);
            if (fd->reproduced)
                orig = cands[ci];
        }
        if (!fd->reproduced)
            *best = *cands[0];
        if (fd->reproduced && o->minimize) {
            minimize(x, best, v0->sig, &runs);
            fd->minimized = true;
        }
        if (fd->reproduced) {
            /* the reproduction that goes into repro.pcap */
            if (reproduces(x, best, v0->sig, &rec, &res, &vfinal, &runs))
                have_final = true;
            else
                nf_verdict_free(&vfinal);
        }
        char err[512];
        nf_restart(x, err, sizeof err);
    } else if (!strncmp(v0->oracle, "codec", 5) || !strcmp(v0->oracle, "follow-up")) {
        res.rec = &rec;
        nf_judge(x, best, "repro", false, &res, &vfinal);
        fd->reproduced = !strcmp(vfinal.sig, v0->sig);
        have_final = fd->reproduced;
        if (!have_final)
            nf_verdict_free(&vfinal);
    }
    if (!have_final) {
        nf_rec_free(&rec);
        synth_recording(best, "repro", x->tgt.port, &rec);
    }
    const nf_verdict *v = have_final ? &vfinal : v0;

    char err[256] = "";
    snprintf(path, sizeof path, "%s/repro.pcap", dir);
    bool pcap_ok = write_pcap(path, &rec, err, sizeof err);
    const char *stmt = NULL;
    char stmtbuf[64];
    if (!strncmp(v->oracle, "codec", 5)) {
        /* codec:<type or framing>:<stmt>:<code> */
        const char *a = strchr(v->sig, ':');
        a = a ? strchr(a + 1, ':') : NULL;
        if (a) {
            size_t l = strcspn(a + 1, ":");
            snprintf(stmtbuf, sizeof stmtbuf, "%.*s", (int)l, a + 1);
            if (!strncmp(stmtbuf, "MQTT-", 5) || stmtbuf[0] == '\xc2')
                stmt = stmtbuf;
        }
    }
    snprintf(path, sizeof path, "%s/repro.lua", dir);
    write_lua(path, best, v, fd, have_final ? &res : NULL, stmt, (o->hang_ms + 999) / 1000 + 1);
    uint8_t ser[NF_MAX_STEPS * (NF_STEP_MAX + 3) + 64];
    size_t sl = nf_case_serialize(best, ser, sizeof ser);
    snprintf(path, sizeof path, "%s/repro.case", dir);
    FILE *f = fopen(path, "wb");
    if (f) {
        fwrite(ser, 1, sl, f);
        fclose(f);
    }
    if (v->report) {
        snprintf(path, sizeof path, "%s/sanitizer.txt", dir);
        f = fopen(path, "w");
        if (f) {
            fputs(v->report, f);
            fclose(f);
        }
    }

    json_t *j = json_object();
    json_object_set_new(j, "id", json_string(fd->id));
    json_object_set_new(j, "oracle", json_string(v0->oracle));
    json_object_set_new(j, "signature", json_string(v0->sig));
    json_object_set_new(j, "seed", json_integer((json_int_t)o->seed));
    json_object_set_new(j, "case_number", json_integer((json_int_t)case_no));
    json_object_set_new(j, "target", json_string(o->spawn ? o->spawn : o->host));
    json_object_set_new(j, "evidence", json_string(v->evidence ? v->evidence : ""));
    if (v->report)
        json_object_set_new(j, "sanitizer_report", json_string(v->report));
    json_object_set_new(j, "reproduced_on_fresh_broker", json_boolean(fd->reproduced));
    json_object_set_new(j, "minimized", json_boolean(fd->minimized));
    json_object_set_new(j, "minimize_runs", json_integer(runs));
    json_t *jc = json_object();
    json_case(jc, best);
    json_object_set_new(j, "case", jc);
    json_t *jo = json_object();
    json_case(jo, orig);
    json_object_set_new(j, "original_case", jo);
    char repro[1400];
    snprintf(repro, sizeof repro, "mqttcheck replay findings/%s/repro.pcap --target HOST:PORT", fd->id);
    json_object_set_new(j, "repro", json_string(repro));
    json_object_set_new(j, "repro_pcap", pcap_ok ? json_string("repro.pcap") : json_null());
    if (!pcap_ok)
        json_object_set_new(j, "repro_pcap_error", json_string(err));
    json_object_set_new(j, "repro_note",
                        json_string("replay verdict 'same' or 'broker-died' = the finding still reproduces "
                                    "(the capture holds the broker's faulty answers, or no answer where it "
                                    "hung); 'differs' = it no longer does. repro.lua fails while the bug is there."));
    snprintf(path, sizeof path, "%s/finding.json", dir);
    bool ok = json_dump_file(j, path, JSON_INDENT(2)) == 0;
    json_decref(j);
    nf_rec_free(&rec);
    if (have_final)
        nf_verdict_free(&vfinal);
    free(best);
    return ok;
}
