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

#endif
