/* Subcommand entry points. Each takes argv with argv[0] = the subcommand name
 * and returns the process exit code (0 ok, 1 findings, 2 could not run). The
 * ones outside decode are thin wrappers over the owning folder's public API. */
#ifndef MQC_CLI_H
#define MQC_CLI_H

int cli_cmd_decode(int argc, char **argv);
int cli_cmd_run(int argc, char **argv);
int cli_cmd_list(int argc, char **argv);
int cli_cmd_client(int argc, char **argv);
int cli_cmd_report(int argc, char **argv);
int cli_cmd_replay(int argc, char **argv);
int cli_cmd_corpus(int argc, char **argv);
int cli_cmd_fuzz(int argc, char **argv);

#ifdef MQCONF_H
#include <time.h>
/* Flags of run / list / client into mqconf_options (cmd_run.c): -1 go on,
 * else the exit code. sel and stm hold CLI_MAXSEL entries. */
enum { CLI_MODE_LIST = 0, CLI_MODE_RUN, CLI_MODE_CLIENT };
#define CLI_MAXSEL 64
int cli_conformance_parse(int argc, char **argv, int mode, mqconf_options *o, int *json,
                          const char **sel, const char **stm, void (*usage)(FILE *));
/* The data dir's scenario folder (by o->client) and manifests as defaults
 * (cli/datadir.c finds it); a no-op when there is none. */
void cli_data_defaults(mqconf_options *o);
/* After a run that could not finish (exit 2): where the results it wrote
 * since `since` are, if any. A finished run ends with the reports library's
 * verdict line, which names the report. */
void cli_results_hint(const mqconf_options *o, int rc, time_t since);
#endif
/* After a failed run: why no data dir was found, if that is the case. */
void cli_data_hint(const char *cmd);
int cli_cmd_statement(int argc, char **argv);

#endif
