/* Helpers shared by the reports tests and the fixture tool: case objects and
 * scratch folders. */
#ifndef MQREP_TEST_FIXTURE_H
#define MQREP_TEST_FIXTURE_H

#include <stddef.h>

#include <jansson.h>

/* A case with the members SCHEMA.md lists; statements is a comma-separated list. */
json_t *fx_case(const char *id, const char *section, const char *version, const char *verdict,
                const char *statements);
/* A run header for target name. */
json_t *fx_header(const char *name, const char *address);
/* Fresh folder under the build tree (or $TMPDIR); caller frees the string. */
char *fx_tmpdir(const char *tag);
/* Whole file as a NUL-terminated string (NULL if unreadable); *len if non-NULL. */
char *fx_read(const char *path, size_t *len);
/* path = dir + "/" + name, malloc'd */
char *fx_path(const char *dir, const char *name);
/* Number of non-overlapping occurrences of needle in hay. */
size_t fx_count(const char *hay, const char *needle);
/* Writes a run of n cases (verdicts cycled from the list) through the writer API. */
int fx_write_run(const char *outdir, const char *target, const char *const *verdicts,
                 size_t nverdicts, size_t ncases, int close_it);

#endif
