/* mqttcheck report: merge results files (results.json / results.jsonl of one or
 * more runs) into HTML, JUnit XML, Markdown and JSON. A thin wrapper over
 * reports/include/mqreport.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "mqreport.h"

static void report_usage(FILE *f)
{
    fprintf(f,
            "usage: mqttcheck report RESULTS... [options]\n\n"
            "Merges results files (results.json or results.jsonl, one run or several) into one\n"
            "report; runs of several brokers become columns of one matrix. A fuzz summary\n"
            "(fuzz.json) may be given too: its charts and findings join the report.\n\n"
            "  -o, --html FILE          self-contained HTML report (default: report.html)\n"
            "  -d, --outdir DIR         write results.json, junit.xml, summary.md, report.html in DIR\n"
            "      --junit FILE         JUnit XML\n"
            "      --markdown FILE      Markdown summary (pull-request comment)\n"
            "      --json FILE          merged results.json\n"
            "      --baseline FILE      expected failures; an unlisted failure or a listed case\n"
            "                           that now passes makes the exit code 1 (a line\n"
            "                           'flaky ID [VERSION] [TARGET]' accepts a case either way)\n"
            "      --write-baseline FILE  write the current failures as a baseline\n"
            "      --strict             NON-STRICT verdicts count as failures\n"
            "      --title TEXT         report heading\n"
            "  -q, --quiet              print nothing but errors\n\n"
            "exit codes: 0 all good, 1 findings, 2 could not run\n");
}

int cli_cmd_report(int argc, char **argv)
{
    const char *html = NULL, *outdir = NULL, *junit = NULL, *md = NULL, *json = NULL;
    const char *write_bl = NULL;
    mqrep_options opts = {0};
    int quiet = 0;
    const char **inputs = calloc((size_t)argc + 1, sizeof *inputs);
    size_t ninputs = 0;
    if (!inputs) {
        fprintf(stderr, "mqttcheck report: out of memory\n");
        return 2;
    }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char **dst = NULL;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            report_usage(stdout);
            free(inputs);
            return 0;
        } else if (!strcmp(a, "--strict")) {
            opts.strict = 1;
            continue;
        } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
            quiet = 1;
            continue;
        } else if (!strcmp(a, "-o") || !strcmp(a, "--html")) {
            dst = &html;
        } else if (!strcmp(a, "-d") || !strcmp(a, "--outdir")) {
            dst = &outdir;
        } else if (!strcmp(a, "--junit")) {
            dst = &junit;
        } else if (!strcmp(a, "--markdown")) {
            dst = &md;
        } else if (!strcmp(a, "--json")) {
            dst = &json;
        } else if (!strcmp(a, "--baseline")) {
            dst = &opts.baseline_path;
        } else if (!strcmp(a, "--write-baseline")) {
            dst = &write_bl;
        } else if (!strcmp(a, "--title")) {
            dst = &opts.title;
        } else if (a[0] == '-' && a[1] != '\0') {
            fprintf(stderr, "mqttcheck report: unknown option '%s'\n", a);
            report_usage(stderr);
            free(inputs);
            return 2;
        } else {
            inputs[ninputs++] = a;
            continue;
        }
        if (i + 1 >= argc) {
            fprintf(stderr, "mqttcheck report: %s needs a value\n", a);
            free(inputs);
            return 2;
        }
        *dst = argv[++i];
    }
    if (!ninputs) {
        fprintf(stderr, "mqttcheck report: no results file given\n");
        report_usage(stderr);
        free(inputs);
        return 2;
    }
    if (!html && !outdir && !junit && !md && !json && !write_bl)
        html = "report.html";

    char err[512] = "";
    mqrep_model *m = mqrep_load(inputs, ninputs, stderr, err, sizeof err);
    free(inputs);
    if (!m) {
        fprintf(stderr, "mqttcheck report: %s\n", err);
        return 2;
    }
    int code = mqrep_evaluate(m, &opts, err, sizeof err);
    if (code == 2 && *err) {
        fprintf(stderr, "mqttcheck report: %s\n", err);
        mqrep_model_free(m);
        return 2;
    }
    struct {
        const char *path;
        int (*fn)(mqrep_model *, const mqrep_options *, const char *, char *, size_t);
    } outs[] = {{html, mqrep_write_html},
                {junit, mqrep_write_junit},
                {md, mqrep_write_markdown},
                {write_bl, mqrep_write_baseline}};
    int failed = 0;
    for (size_t i = 0; i < sizeof outs / sizeof outs[0] && !failed; i++) {
        if (!outs[i].path)
            continue;
        if (outs[i].fn(m, &opts, outs[i].path, err, sizeof err))
            failed = 1;
        else if (!quiet)
            fprintf(stderr, "mqttcheck report: wrote %s\n", outs[i].path);
    }
    if (!failed && json) {
        if (mqrep_write_json(m, json, err, sizeof err))
            failed = 1;
        else if (!quiet)
            fprintf(stderr, "mqttcheck report: wrote %s\n", json);
    }
    if (!failed && outdir) {
        if (mqrep_write_all(m, &opts, outdir, err, sizeof err) == 2 && *err)
            failed = 1;
        else if (!quiet)
            fprintf(stderr, "mqttcheck report: wrote results.json, junit.xml, summary.md, "
                            "report.html in %s\n",
                    outdir);
    }
    if (failed) {
        fprintf(stderr, "mqttcheck report: %s\n", err);
        mqrep_model_free(m);
        return 2;
    }
    if (!quiet) {
        /* one line: new failures / still failing / fixed / flaky, and where the report is */
        const char *report = html;
        char buf[4200];
        if (!report && outdir) {
            snprintf(buf, sizeof buf, "%s/report.html", outdir);
            report = buf;
        }
        mqrep_print_verdict_line(stderr, m, report);
    }
    mqrep_model_free(m);
    return code;
}
