/* Finding sanitizer reports in a broker's captured output. The runner hands
 * over what the broker wrote during a case; each report found is a finding
 * against that case and is kept whole, since the stack traces are the point. */
#include <stdio.h>
#include <string.h>

#include "mqprocwatch.h"

/* How each tool opens a report; the first match on a line names the tool. */
static const struct opener {
    const char *marker;
    const char *tool;
} openers[] = {
    {"ERROR: AddressSanitizer", "AddressSanitizer"},
    {"ERROR: LeakSanitizer", "LeakSanitizer"},
    {"ERROR: MemorySanitizer", "MemorySanitizer"},
    {"WARNING: ThreadSanitizer", "ThreadSanitizer"},
    {": runtime error: ", "UndefinedBehaviorSanitizer"},
};

/* memmem limited to one line */
static bool line_has(const char *line, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= len; i++)
        if (!memcmp(line + i, needle, n))
            return true;
    return false;
}

static const char *opens(const char *line, size_t len)
{
    for (size_t i = 0; i < sizeof openers / sizeof openers[0]; i++)
        if (line_has(line, len, openers[i].marker))
            return openers[i].tool;
    return NULL;
}

static bool is_summary(const char *line, size_t len)
{
    return len >= 9 && !memcmp(line, "SUMMARY: ", 9);
}

/* "==1234==ABORTING" */
static bool is_aborting(const char *line, size_t len)
{
    return len >= 4 && line[0] == '=' && line[1] == '=' && line_has(line, len, "==ABORTING");
}

static void set_summary(mqpw_sanreport *r, const char *line, size_t len)
{
    while (len && (line[len - 1] == '\r' || line[len - 1] == '\n'))
        len--;
    if (len >= sizeof r->summary)
        len = sizeof r->summary - 1;
    memcpy(r->summary, line, len);
    r->summary[len] = 0;
}

/* How many lines past SUMMARY an ASan "==PID==ABORTING" may come (shadow
 * memory legend and the like) and still belong to the report, when they are
 * in the same buffer. */
#define ABORT_LOOKAHEAD 64

size_t mqpw_sanitizer_scan(const char *buf, size_t len, bool at_eof, mqpw_sanreport *out, size_t max,
                           size_t *consumed)
{
    size_t found = 0, judged = 0, pos = 0;
    mqpw_sanreport cur;
    bool open = false;
    size_t summary_end = 0; /* end of the SUMMARY line once seen, 0 before */
    int after_summary = 0;
    while (pos < len && found < max) {
        const char *nl = memchr(buf + pos, '\n', len - pos);
        if (!nl && !at_eof)
            break; /* an unfinished line: judged on a later call */
        size_t end = nl ? (size_t)(nl - buf) + 1 : len;
        const char *line = buf + pos;
        size_t ll = end - pos;
        const char *tool = opens(line, ll);
        if (open && (tool || (summary_end && ++after_summary > ABORT_LOOKAHEAD))) {
            /* a new report starts, or ABORTING never came: the open one ends */
            size_t stop = summary_end ? summary_end : pos;
            cur.len = stop - cur.off;
            cur.complete = summary_end != 0;
            out[found++] = cur;
            judged = stop;
            open = false;
            if (found == max)
                break;
            if (!tool) {
                pos = stop; /* rescan the lines after SUMMARY as ordinary output */
                continue;
            }
        }
        if (!open && tool) {
            memset(&cur, 0, sizeof cur);
            cur.tool = tool;
            cur.off = pos;
            set_summary(&cur, line, ll);
            open = true;
            summary_end = 0;
            after_summary = 0;
        } else if (open && is_summary(line, ll) && !summary_end) {
            set_summary(&cur, line, ll);
            summary_end = end;
        } else if (open && summary_end && is_aborting(line, ll)) {
            cur.len = end - cur.off;
            cur.complete = true;
            out[found++] = cur;
            judged = end;
            open = false;
        }
        if (!open)
            judged = end;
        pos = end;
    }
    if (open && found < max && (summary_end || at_eof)) {
        /* a SUMMARY closes a report; "==PID==ABORTING" only extends it when
         * already in the buffer. Without SUMMARY, only EOF closes it. */
        size_t stop = summary_end ? summary_end : len;
        cur.len = stop - cur.off;
        cur.complete = summary_end != 0;
        out[found++] = cur;
        judged = pos; /* the lines scanned after SUMMARY opened nothing: judged too */
        open = false;
    }
    if (open)
        judged = cur.off; /* judged again, whole, on the next call */
    if (consumed)
        *consumed = judged;
    return found;
}
