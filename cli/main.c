/*
 * mqttcheck — one command, many subcommands. This file only dispatches: each
 * subcommand lives behind the public header of the folder that owns it.
 * Exit codes everywhere: 0 all good, 1 findings, 2 could not run.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

typedef struct {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *help;
} command;

static const command commands[] = {
    {"decode", cli_cmd_decode, "decode MQTT packets from hex, a binary file or a pcap"},
#ifdef MQC_HAVE_CONFORMANCE
    {"run", cli_cmd_run, "run the conformance scenarios against a broker"},
    {"list", cli_cmd_list, "list the conformance scenarios"},
#endif
#ifdef MQC_HAVE_CLIENT
    {"client", cli_cmd_client, "test an MQTT client library through a driver"},
#endif
#ifdef MQC_HAVE_REPORTS
    {"report", cli_cmd_report, "merge results files into HTML, JUnit and Markdown"},
#endif
#ifdef MQC_HAVE_PCAP
    {"replay", cli_cmd_replay, "replay a capture's client side against a broker"},
    {"corpus", cli_cmd_corpus, "turn a capture into fuzz seeds, or a seed into a capture"},
#endif
#ifdef MQC_HAVE_NETFUZZ
    {"fuzz", cli_cmd_fuzz, "fuzz a live broker over the network (stateful, replayable findings)"},
#endif
};

static void usage(FILE *f)
{
    fprintf(f, "usage: mqttcheck COMMAND [options]   (mqttcheck COMMAND --help for more)\n\n"
               "MQTT protocol conformance and fuzz testing.\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].help);
    fprintf(f, "\nexit codes: 0 all good, 1 findings, 2 could not run\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("mqttcheck %s\n", MQC_VERSION);
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(argv[1], commands[i].name))
            return commands[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "mqttcheck: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return 2;
}
