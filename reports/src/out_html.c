/* report.html: one self-contained file (CSS, JS and data inline, no requests).
 * The data goes in a <script type="application/json"> block with <, >, &,
 * U+2028/9 escaped; the page script builds the DOM with textContent only, and
 * a Content-Security-Policy allows no other script than that one (by hash). */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

extern const unsigned char mqrep_asset_html[], mqrep_asset_css[], mqrep_asset_js[];
extern const size_t mqrep_asset_html_len, mqrep_asset_css_len, mqrep_asset_js_len;
extern const char mqrep_asset_js_sha256[];

static void put_base64_of_hex(mqrep_buf *b, const char *hex)
{
    static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    unsigned char bytes[64];
    size_t n = 0;
    for (const char *p = hex; p[0] && p[1] && n < sizeof bytes; p += 2) {
        char two[3] = {p[0], p[1], 0};
        bytes[n++] = (unsigned char)strtoul(two, NULL, 16);
    }
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)bytes[i] << 16;
        if (i + 1 < n)
            v |= (unsigned)bytes[i + 1] << 8;
        if (i + 2 < n)
            v |= bytes[i + 2];
        char q[4] = {tab[(v >> 18) & 63], tab[(v >> 12) & 63], i + 1 < n ? tab[(v >> 6) & 63] : '=',
                     i + 2 < n ? tab[v & 63] : '='};
        mqrep_buf_putn(b, q, 4);
    }
}

static json_t *manifest_json(const char *version)
{
    const mqrep_manifest *m = mqrep_manifest_for(version);
    json_t *o = json_object();
    for (size_t i = 0; m && i < m->n; i++)
        json_object_set_new(o, m->stmts[i].id,
                            json_pack("[s,s,s,s]", m->stmts[i].section, m->stmts[i].level,
                                      m->stmts[i].binds, m->stmts[i].summary));
    return o;
}

static json_t *build_data(mqrep_model *m, const mqrep_options *opts, const char *outdir)
{
    json_t *d = json_object();
    char now[32];
    mqrep_now_iso(now, sizeof now);
    json_object_set_new(d, "title", json_string(opts && opts->title ? opts->title : "mqttcheck report"));
    json_object_set_new(d, "generated", json_string(now));
    json_object_set_new(d, "tool_version", json_string(MQC_VERSION));
    json_object_set(d, "evaluation", json_object_get(m->root, "evaluation"));
    json_t *runs = json_array(), *sections = json_object();
    size_t r;
    json_t *run;
    json_array_foreach(json_object_get(m->root, "runs"), r, run)
    {
        json_t *cp = json_deep_copy(run);
        const char *base = mqrep_jstr(run, "base", ".");
        json_object_del(cp, "base");
        json_object_del(cp, "source");
        json_object_set_new(cp, "role", json_string(mqrep_run_role(run)));
        size_t i;
        json_t *c;
        json_array_foreach(json_object_get(cp, "cases"), i, c)
        {
            const char *sec = mqrep_jstr(c, "section", NULL);
            if (sec && !json_object_get(sections, sec)) {
                const char *t = mqrep_section_title(sec, mqrep_jstr(c, "version", NULL));
                json_object_set_new(sections, sec, json_string(t));
            }
            char *link = mqrep_link_path(base, mqrep_jstr(c, "pcap", NULL), outdir);
            if (!link)
                continue;
            mqrep_buf h = {0};
            if (link[0] == '/')
                mqrep_buf_puts(&h, "file://");
            mqrep_url_path(&h, link);
            if (!h.oom)
                json_object_set_new(c, "pcap_href", json_string(h.p));
            mqrep_buf_free(&h);
            free(link);
        }
        json_array_append_new(runs, cp);
    }
    json_object_set_new(d, "runs", runs);
    json_object_set_new(d, "sections", sections);
    json_t *fuzz = json_deep_copy(json_object_get(m->root, "fuzz"));
    json_object_set_new(d, "fuzz", fuzz ? fuzz : json_array());
    json_object_set_new(d, "spec", mqrep_spec_links());
    json_object_set_new(d, "statements",
                        json_pack("{s:o, s:o}", "3.1.1", manifest_json("3.1.1"), "5.0",
                                  manifest_json("5.0")));
    return d;
}

/* Copies the template, replacing each @NAME@ marker. */
static void fill(mqrep_buf *out, const json_t *data)
{
    const char *t = (const char *)mqrep_asset_html;
    size_t n = mqrep_asset_html_len, i = 0;
    while (i < n) {
        const char *at = memchr(t + i, '@', n - i);
        if (!at) {
            mqrep_buf_putn(out, t + i, n - i);
            break;
        }
        mqrep_buf_putn(out, t + i, (size_t)(at - (t + i)));
        i = (size_t)(at - t);
        size_t left = n - i;
        if (left >= 5 && !memcmp(at, "@CSS@", 5)) {
            mqrep_buf_putn(out, (const char *)mqrep_asset_css, mqrep_asset_css_len);
            i += 5;
        } else if (left >= 4 && !memcmp(at, "@JS@", 4)) {
            mqrep_buf_putn(out, (const char *)mqrep_asset_js, mqrep_asset_js_len);
            i += 4;
        } else if (left >= 6 && !memcmp(at, "@DATA@", 6)) {
            if (mqrep_json_for_html(out, data))
                out->oom = 1;
            i += 6;
        } else if (left >= 5 && !memcmp(at, "@CSP@", 5)) {
            /* no network, no plugins, no other script than ours */
            mqrep_buf_puts(out, "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                                "base-uri 'none'; form-action 'none'; script-src 'sha256-");
            put_base64_of_hex(out, mqrep_asset_js_sha256);
            mqrep_buf_puts(out, "'");
            i += 5;
        } else {
            mqrep_buf_putn(out, "@", 1);
            i += 1;
        }
    }
}

int mqrep_write_html(mqrep_model *m, const mqrep_options *opts, const char *path, char *err,
                     size_t errlen)
{
    if (mqrep_ensure_evaluated(m, opts, err, errlen))
        return -1;
    if (!mqrep_asset_html_len || !mqrep_asset_js_len) {
        mqrep_seterr(err, errlen, "HTML template missing from this build");
        return -1;
    }
    char *outdir = mqrep_dir_of(path);
    json_t *data = outdir ? build_data(m, opts, outdir) : NULL;
    free(outdir);
    if (!data) {
        mqrep_seterr(err, errlen, "out of memory");
        return -1;
    }
    mqrep_buf out = {0};
    fill(&out, data);
    json_decref(data);
    int rc = mqrep_buf_save(&out, path, err, errlen);
    mqrep_buf_free(&out);
    return rc;
}
