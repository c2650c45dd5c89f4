/*
 * mqreport.h — results files and reports of mqttcheck (the only door of reports/).
 *
 * Flow: the runner opens a writer on its output folder, appends one JSON object
 * per finished case to results.jsonl (flushed each time, so a killed run leaves a
 * readable prefix) and closes it; closing turns the run into results.json,
 * junit.xml, summary.md and report.html. `mqttcheck report` does the same from
 * one or more results files, merging several runs (brokers) into one matrix.
 *
 * The object layouts (run header, case, wire event) are documented in
 * reports/SCHEMA.md. Every string in them is untrusted: the writers escape it
 * for the format they produce.
 *
 * Exit codes returned here follow the CLI: 0 all good, 1 findings, 2 could not run.
 */
#ifndef MQREPORT_H
#define MQREPORT_H

#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#define MQREP_SCHEMA_VERSION 1

/* ------------------------------------------------------------- verdicts */

typedef enum {
    MQREP_PASS = 0,      /* the broker did what the statement requires */
    MQREP_FAIL,          /* it did not */
    MQREP_NON_STRICT,    /* allowed by a lenient reading, not by the strict one */
    MQREP_INFORMATIONAL, /* observed behaviour recorded, no requirement judged */
    MQREP_UNSUPPORTED,   /* the broker declined an optional feature the case needs */
    MQREP_SKIPPED,       /* not run (filtered out, version not tried, ...) */
    MQREP_TIMEOUT,       /* a deadline expired before the case could decide */
    MQREP_ERROR,         /* the case itself could not run (script error, I/O) */
    MQREP_FLAKY,         /* run several times (--repeat), the verdicts differed */
    MQREP_RESOURCE,      /* the broker's resources or output showed a fault after the case:
                            a leak, a spin, a slowdown, a sanitizer report (resource_findings) */
    MQREP_VERDICT_COUNT
} mqrep_verdict;

/* "PASS", "FAIL", "NON-STRICT", ... as stored in results files. */
const char *mqrep_verdict_name(mqrep_verdict v);
/* Parses a verdict name; returns 0 and sets *out, or -1 if unknown. */
int mqrep_verdict_parse(const char *name, mqrep_verdict *out);

/*
 * --repeat: folds the n case objects of one case (same id and version, run n
 * times) into a new case object. Its verdict is the common verdict when all n
 * agree, else FLAKY; "observed_verdicts" lists every run's verdict in run order
 * and "evidence_run" (0-based) says whose expected/observed/wire/pcap are kept:
 * the first run that failed, else the first run. duration_ms is the sum.
 * Returns NULL when n is 0 or a run has no "verdict". The caller owns the result.
 */
json_t *mqrep_case_fold(const json_t *const *runs, size_t n);

/* --------------------------------------------------------------- options */

/* Which files mqrep_write_all / mqrep_writer_close produce (0 means all). */
enum {
    MQREP_OUT_JSON = 1,     /* results.json */
    MQREP_OUT_JUNIT = 2,    /* junit.xml */
    MQREP_OUT_MARKDOWN = 4, /* summary.md */
    MQREP_OUT_HTML = 8      /* report.html */
};

typedef struct {
    int strict;                /* NON-STRICT counts as a failure */
    const char *baseline_path; /* file of expected failures (see SCHEMA.md), or NULL */
    const char *title;         /* report heading; NULL for "mqttcheck report" */
    unsigned outputs;          /* MQREP_OUT_* mask; 0 = all four */
    FILE *console;             /* if set, mqrep_writer_close / mqrep_write_all end with
                                  the verdict line (mqrep_print_verdict_line) there */
    const char *incomplete;    /* mqrep_writer_close: the run was cut short, and why
                                  ("interrupted by SIGINT"); NULL: it ran to its end */
} mqrep_options;

/* ------------------------------------------------------ writer (runner side) */

typedef struct mqrep_writer mqrep_writer;

/*
 * Creates outdir (if missing) and outdir/results.jsonl, and writes the run header
 * line. run_header is a run object as in SCHEMA.md (at least "target": {"name": ...});
 * "type", "schema", "tool", "tool_version" and "started" are filled in when absent.
 * The writer keeps no reference to run_header. Returns NULL with err filled on failure.
 */
mqrep_writer *mqrep_writer_open(const char *outdir, const json_t *run_header, char *err,
                                size_t errlen);

/*
 * Appends one case object (SCHEMA.md "case") and flushes. Strings that are not
 * valid UTF-8 (built with json_stringn_nocheck) are stored with each invalid byte
 * replaced by U+FFFD; the raw bytes belong in the wire events' "hex" fields.
 * Returns 0, or -1 on an I/O error or a case without "id"/"verdict" (err filled).
 */
int mqrep_writer_case(mqrep_writer *w, const json_t *case_obj, char *err, size_t errlen);

/*
 * Records target facts learned after the header (e.g. capabilities from a CONNACK):
 * fields are merged into the run's "target" object, objects recursively.
 */
int mqrep_writer_target_update(mqrep_writer *w, const json_t *fields, char *err, size_t errlen);

/*
 * Appends one resource sample of the target taken during the run,
 * {"t": seconds since the run started, "rss_kb", "fds", "threads"} (any may be
 * missing or null), as a "sample" line; the samples become the run's
 * "resource_timeline" (SCHEMA.md), drawn as a chart by the HTML report.
 */
int mqrep_writer_sample(mqrep_writer *w, const json_t *sample, char *err, size_t errlen);

/*
 * Writes the end line, closes results.jsonl, then produces the files selected in
 * opts->outputs (NULL opts = defaults) in outdir. Always frees w. Returns the run's
 * exit code (0/1/2, see mqrep_evaluate); 2 with err filled if a file could not be written.
 */
int mqrep_writer_close(mqrep_writer *w, const mqrep_options *opts, char *err, size_t errlen);

/* Closes without the end line or reports (the run is abandoned); frees w. */
void mqrep_writer_abandon(mqrep_writer *w);

/* ------------------------------------------------- model (reports side) */

typedef struct mqrep_model mqrep_model;

/*
 * Loads results files (results.json or results.jsonl, detected by content) and
 * merges their runs into one model, in order. A fuzz summary (fuzz.json, schema
 * "mqttcheck-fuzz/1", SCHEMA.md) is accepted as an input too: it is kept in the
 * model's "fuzz" array and drawn by the HTML report; its findings are findings. A truncated last line of a .jsonl
 * file is ignored with a warning on warn (may be NULL); invalid UTF-8 is replaced
 * by U+FFFD. Returns NULL with err filled when a file is unreadable or holds no run.
 */
mqrep_model *mqrep_load(const char *const *paths, size_t npaths, FILE *warn, char *err,
                        size_t errlen);
void mqrep_model_free(mqrep_model *m);

/* The merged model: {"schema":1, "runs":[{run header..., "cases":[...], "complete":bool}]}.
 * Owned by the model; valid until mqrep_model_free. */
const json_t *mqrep_model_json(const mqrep_model *m);

/*
 * Judges every case under opts (strict mode, baseline) and stores the outcome in
 * the model, which the writers then show. Returns the exit code:
 *   0  no unexpected failure and no stale baseline entry,
 *   1  a case failed that the baseline does not list, or a listed case now passes,
 *      or a case is FLAKY without a baseline entry, or a fuzz summary has findings,
 *   2  the baseline could not be read (err filled) or no case was run at all.
 * Failures are FAIL, TIMEOUT, ERROR, FLAKY, and NON-STRICT under opts->strict.
 */
int mqrep_evaluate(mqrep_model *m, const mqrep_options *opts, char *err, size_t errlen);

/* Single writers; each evaluates first if mqrep_evaluate was not called. 0 or -1 (err). */
int mqrep_write_json(mqrep_model *m, const char *path, char *err, size_t errlen);
int mqrep_write_junit(mqrep_model *m, const mqrep_options *opts, const char *path, char *err,
                      size_t errlen);
int mqrep_write_markdown(mqrep_model *m, const mqrep_options *opts, const char *path,
                         char *err, size_t errlen);
int mqrep_write_html(mqrep_model *m, const mqrep_options *opts, const char *path, char *err,
                     size_t errlen);
/* Writes a baseline listing every current failure (for --write-baseline). */
int mqrep_write_baseline(mqrep_model *m, const mqrep_options *opts, const char *path,
                         char *err, size_t errlen);

/*
 * The one line a console run ends with, e.g.
 *   "mqttcheck: 2 new failures, 5 still failing, 1 fixed, 3 flaky; report: out/report.html"
 * (still failing = baseline-listed failures; without a baseline every failure is new).
 * report_path may be NULL. Evaluates first if needed.
 */
void mqrep_print_verdict_line(FILE *out, mqrep_model *m, const char *report_path);

/* Evaluates and writes results.json, junit.xml, summary.md, report.html (per
 * opts->outputs) into outdir. Returns the exit code as mqrep_evaluate, 2 on write errors. */
int mqrep_write_all(mqrep_model *m, const mqrep_options *opts, const char *outdir, char *err,
                    size_t errlen);

/* ------------------------------------------------------ terminal progress */

typedef enum {
    MQREP_PROGRESS_AUTO = 0, /* bar on a TTY; plain lines if not a TTY or $CI is set */
    MQREP_PROGRESS_QUIET,    /* nothing but the final totals line on failure */
    MQREP_PROGRESS_VERBOSE,  /* plain lines plus expected/observed for every case */
    MQREP_PROGRESS_PLAIN     /* one line per finished case */
} mqrep_progress_mode;

typedef struct mqrep_progress mqrep_progress;

/* total = number of cases expected (0 if unknown: no ETA). out is usually stderr. */
mqrep_progress *mqrep_progress_new(FILE *out, int total, mqrep_progress_mode mode);
/* Reports one finished case (the same object given to mqrep_writer_case). */
void mqrep_progress_case(mqrep_progress *p, const json_t *case_obj);
/* Prints the totals line and frees p. */
void mqrep_progress_done(mqrep_progress *p);

#endif
