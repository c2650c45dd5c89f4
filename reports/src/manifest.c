/* Normative-statement manifests of MQTT 3.1.1 and 5.0, embedded at build time
 * from conformance/spec/mqtt-3.1.1.tsv and mqtt-5.0.tsv (columns: id section level binds summary [note]).
 * They give the report each statement's one-line summary and the denominator of
 * statement coverage. Parsed once, on first use. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

extern const unsigned char mqrep_manifest_311[];
extern const size_t mqrep_manifest_311_len;
extern const unsigned char mqrep_manifest_50[];
extern const size_t mqrep_manifest_50_len;

typedef struct {
    mqrep_manifest m;
    char *text;
    int loaded, ok;
} slot;

static slot s311 = {{"3.1.1", NULL, 0}, NULL, 0, 0};
static slot s50 = {{"5.0", NULL, 0}, NULL, 0, 0};

static char *next_field(char **p)
{
    char *s = *p;
    if (!s)
        return NULL;
    char *t = strchr(s, '\t');
    if (t) {
        *t = '\0';
        *p = t + 1;
    } else {
        *p = NULL;
    }
    return s;
}

static void parse(slot *sl, const unsigned char *data, size_t len)
{
    sl->loaded = 1;
    if (!len)
        return;
    sl->text = malloc(len + 1);
    if (!sl->text)
        return;
    memcpy(sl->text, data, len);
    sl->text[len] = '\0';
    size_t lines = 0;
    for (size_t i = 0; i < len; i++)
        lines += sl->text[i] == '\n';
    sl->m.stmts = calloc(lines + 1, sizeof *sl->m.stmts);
    if (!sl->m.stmts)
        return;
    char *line = sl->text;
    int header = 1;
    while (line && *line) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        size_t ll = strlen(line);
        if (ll && line[ll - 1] == '\r')
            line[ll - 1] = '\0';
        if (header) {
            header = 0; /* first line names the columns */
        } else if (*line && *line != '#') {
            char *p = line;
            mqrep_stmt st;
            st.id = next_field(&p);
            st.section = next_field(&p);
            st.level = next_field(&p);
            st.binds = next_field(&p);
            st.summary = next_field(&p);
            if (st.id && st.section && st.level && st.binds && st.summary)
                sl->m.stmts[sl->m.n++] = st;
        }
        line = nl ? nl + 1 : NULL;
    }
    sl->ok = sl->m.n > 0;
}

const mqrep_manifest *mqrep_manifest_for(const char *version)
{
    if (!version)
        return NULL;
    slot *sl;
    const unsigned char *d;
    size_t n;
    /* MQTT 3.1 predates the OASIS numbering; its scenarios cite 3.1.1 ids. */
    if (!strcmp(version, "3.1.1") || !strcmp(version, "3.1")) {
        sl = &s311, d = mqrep_manifest_311, n = mqrep_manifest_311_len;
    } else if (!strcmp(version, "5.0") || !strcmp(version, "5")) {
        sl = &s50, d = mqrep_manifest_50, n = mqrep_manifest_50_len;
    } else {
        return NULL;
    }
    if (!sl->loaded)
        parse(sl, d, n);
    return sl->ok ? &sl->m : NULL;
}

const mqrep_stmt *mqrep_manifest_find(const mqrep_manifest *m, const char *id)
{
    if (!m || !id)
        return NULL;
    for (size_t i = 0; i < m->n; i++)
        if (!strcmp(m->stmts[i].id, id))
            return &m->stmts[i];
    return NULL;
}

int mqrep_stmt_testable_by(const mqrep_stmt *s, const char *role)
{
    /* sender/receiver rules bind whichever side sends or receives: both roles */
    if (!strcmp(s->binds, "both") || !strcmp(s->binds, "sender") || !strcmp(s->binds, "receiver"))
        return 1;
    return role && !strcmp(s->binds, role);
}

int mqrep_stmt_server_testable(const mqrep_stmt *s)
{
    return mqrep_stmt_testable_by(s, "server");
}

typedef struct {
    const char *sec, *title;
} sec_title;

/* Chapter 3 is numbered the same in both versions (5.0 adds 3.15 AUTH). */
static const sec_title common[] = {
    {"1", "Introduction"}, {"1.5", "Data representation"}, {"2", "MQTT Control Packet format"},
    {"3", "MQTT Control Packets"}, {"3.1", "CONNECT"}, {"3.2", "CONNACK"}, {"3.3", "PUBLISH"},
    {"3.4", "PUBACK"}, {"3.5", "PUBREC"}, {"3.6", "PUBREL"}, {"3.7", "PUBCOMP"},
    {"3.8", "SUBSCRIBE"}, {"3.9", "SUBACK"}, {"3.10", "UNSUBSCRIBE"}, {"3.11", "UNSUBACK"},
    {"3.12", "PINGREQ"}, {"3.13", "PINGRESP"}, {"3.14", "DISCONNECT"}, {"3.15", "AUTH"},
    {"4", "Operational behavior"}, {"4.3", "Quality of Service levels"},
    {"4.4", "Message delivery retry"}, {"4.5", "Message receipt"}, {"4.6", "Message ordering"},
    {"4.7", "Topic Names and Topic Filters"}, {"5", "Security"}, {"6", "WebSocket transport"},
    {"7", "Conformance"}, {"cve", "Known broker bugs (CVE and issue replays)"},
    {"resources", "Resource oracles of the run"}, {NULL, NULL}};
static const sec_title v311[] = {
    {"2.2", "Fixed header"}, {"2.3", "Variable header"}, {"2.4", "Payload"},
    {"4.1", "Storing state"}, {"4.2", "Network connections"}, {"4.8", "Handling errors"},
    {NULL, NULL}};
static const sec_title v50[] = {
    {"2.1", "Structure of a Control Packet"}, {"2.2", "Variable header"}, {"2.3", "Payload"},
    {"2.4", "Reason Code"}, {"4.1", "Session State"}, {"4.2", "Network Connections"},
    {"4.8", "Subscriptions"}, {"4.9", "Flow Control"}, {"4.10", "Request / Response"},
    {"4.11", "Server redirection"}, {"4.12", "Enhanced authentication"},
    {"4.13", "Handling errors"}, {NULL, NULL}};

static const char *lookup(const sec_title *t, const char *sec)
{
    for (; t->sec; t++)
        if (!strcmp(t->sec, sec))
            return t->title;
    return NULL;
}

const char *mqrep_section_title(const char *section, const char *version)
{
    if (!section)
        return "";
    const char *r = NULL;
    if (version && !strcmp(version, "5.0"))
        r = lookup(v50, section);
    else if (version)
        r = lookup(v311, section);
    if (!r)
        r = lookup(common, section);
    return r ? r : "";
}
