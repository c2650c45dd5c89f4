/* Shared internals of reports/: not part of the public API (mqreport.h is). */
#ifndef MQREP_INTERNAL_H
#define MQREP_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#include "mqreport.h"

#if defined(__GNUC__)
#define MQREP_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define MQREP_PRINTF(f, a)
#endif

/* ---- errors */
void mqrep_seterr(char *err, size_t errlen, const char *fmt, ...) MQREP_PRINTF(3, 4);

/* Creates dir and its parents; 0 or -1 (err). */
int mqrep_mkdir_p(const char *dir, char *err, size_t errlen);

/* ---- growable byte buffer; on allocation failure it sets oom and stops growing */
typedef struct {
    char *p;
    size_t len, cap;
    int oom;
} mqrep_buf;

void mqrep_buf_putn(mqrep_buf *b, const char *s, size_t n);
void mqrep_buf_puts(mqrep_buf *b, const char *s);
void mqrep_buf_printf(mqrep_buf *b, const char *fmt, ...) MQREP_PRINTF(2, 3);
void mqrep_buf_free(mqrep_buf *b);
/* Writes the buffer to path atomically enough (tmp + rename). 0 or -1 (err). */
int mqrep_buf_save(const mqrep_buf *b, const char *path, char *err, size_t errlen);

/* ---- text */
/* Length of the valid UTF-8 sequence at s (1..4), or 0 if invalid / truncated. */
size_t mqrep_utf8_seq(const unsigned char *s, size_t n);
int mqrep_utf8_valid(const char *s, size_t n);
/* Appends s with every invalid byte replaced by U+FFFD. */
void mqrep_buf_put_utf8(mqrep_buf *b, const char *s, size_t n);
/* Deep copy of v where every string and key is valid UTF-8 (U+FFFD replacements). */
json_t *mqrep_json_clean(const json_t *v);
/* In-place repair of JSON text: invalid UTF-8 bytes become U+FFFD (may grow: returns a
 * new malloc'd buffer and length), lone surrogate escapes become \ufffd. */
char *mqrep_json_text_repair(const char *in, size_t n, size_t *outlen);

/* XML text/attribute escaping; characters XML 1.0 cannot carry become U+FFFD. */
void mqrep_xml_escape(mqrep_buf *b, const char *s);
/* Inline Markdown escaping for tables and lists (also HTML, @mentions, newlines). */
void mqrep_md_escape(mqrep_buf *b, const char *s, size_t maxchars);
/* JSON dump safe inside <script type="application/json">: < > & U+2028 U+2029 escaped. */
int mqrep_json_for_html(mqrep_buf *b, const json_t *v);
/* Percent-encodes a path for an href: only unreserved characters and '/' stay. */
void mqrep_url_path(mqrep_buf *b, const char *path);

/* Path of a case's pcap (relative to its run's base folder) as seen from outdir;
 * malloc'd, NULL if none. */
char *mqrep_link_path(const char *base, const char *pcap, const char *outdir);

/* dirname of path, malloc'd */
char *mqrep_dir_of(const char *path);
/* Natural order of section numbers: 3.9 before 3.10. */
int mqrep_section_cmp(const char *a, const char *b);
/* Sorted distinct sections of a run's cases (array of strings). */
json_t *mqrep_run_sections(const json_t *run);

/* ISO 8601 UTC of now */
void mqrep_now_iso(char *out, size_t n);

/* Convenience getters that tolerate missing members and wrong types. */
const char *mqrep_jstr(const json_t *obj, const char *key, const char *dflt);
double mqrep_jnum(const json_t *obj, const char *key, double dflt);

/* ---- statement manifests (embedded at build time from conformance/spec/mqtt-3.1.1.tsv and mqtt-5.0.tsv) */
typedef struct {
    const char *id, *section, *level, *binds, *summary;
} mqrep_stmt;

typedef struct {
    const char *version; /* "3.1.1" or "5.0" */
    mqrep_stmt *stmts;
    size_t n;
} mqrep_manifest;

/* Manifest for an MQTT version ("3.1" uses 3.1.1's numbering); NULL if unavailable. */
const mqrep_manifest *mqrep_manifest_for(const char *version);
const mqrep_stmt *mqrep_manifest_find(const mqrep_manifest *m, const char *id);
/* Server-side testable: binds server, both, sender or receiver. */
int mqrep_stmt_server_testable(const mqrep_stmt *s);
/* Testable by a role ("server" or "client"): binds that role, both, sender or receiver. */
int mqrep_stmt_testable_by(const mqrep_stmt *s, const char *role);
/* Role a run tests: target.role ("client" for client libraries), else "server". */
const char *mqrep_run_role(const json_t *run);
/* {"3.1.1"|"5.0": {"url": OASIS HTML, "anchors": {section: bookmark}}} (spec_links.c) */
json_t *mqrep_spec_links(void);
/* Title of a spec section ("3.1" -> "CONNECT"), "" if unknown. */
const char *mqrep_section_title(const char *section, const char *version);

/* ---- model */
typedef enum { MQREP_OC_NEUTRAL = 0, MQREP_OC_PASS, MQREP_OC_FAIL } mqrep_outcome;
mqrep_outcome mqrep_outcome_of(mqrep_verdict v, int strict);

struct mqrep_model {
    json_t *root;    /* {"schema":1,"runs":[...], "fuzz":[...] when fuzz.json inputs were given} */
    int evaluated;
    int strict;
    int exit_code;
};

/* Case verdict parsed (unknown names are ERROR: a results file we cannot judge is suspect). */
mqrep_verdict mqrep_case_verdict(const json_t *c);
int mqrep_ensure_evaluated(mqrep_model *m, const mqrep_options *opts, char *err, size_t errlen);

#endif
