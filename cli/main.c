/*
 * mqttcheck — one command, many subcommands. This file only dispatches: each
 * subcommand lives behind the public header of the folder that owns it.
 * Exit codes everywhere: 0 all good, 1 findings, 2 could not run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "datadir.h"

#ifndef MQC_COMMIT
#define MQC_COMMIT "unknown"
#endif

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
    {"statement", cli_cmd_statement, "a spec statement: text, section, and the cases checking it"},
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
               "       mqttcheck --version | --data-dir DIR COMMAND ...\n\n"
               "MQTT protocol conformance and fuzz testing.\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].help);
    fprintf(f, "\n--data-dir DIR (or MQTTCHECK_DATA_DIR): where the scenarios and statement manifests\n"
               "are; by default ../share/mqttcheck next to the binary, else its source tree.\n"
               "\nexit codes: 0 all good, 1 findings, 2 could not run\n");
}

/* --data-dir DIR is taken wherever it stands (before or after the command),
 * so every subcommand sees the same data; it is removed from argv. */
static int data_dir_given;

static int take_data_dir(int *argc, char **argv)
{
    int out = 1;
    for (int i = 1; i < *argc; i++) {
        if (!strcmp(argv[i], "--")) {
            while (i < *argc)
                argv[out++] = argv[i++];
            break;
        }
        if (!strcmp(argv[i], "--data-dir")) {
            if (i + 1 >= *argc) {
                fprintf(stderr, "mqttcheck: --data-dir needs a value\n");
                return -1;
            }
            cli_data_set_dir(argv[++i]);
            data_dir_given = 1;
            continue;
        }
        if (!strncmp(argv[i], "--data-dir=", 11)) {
            cli_data_set_dir(argv[i] + 11);
            data_dir_given = 1;
            continue;
        }
        argv[out++] = argv[i];
    }
    *argc = out;
    argv[out] = NULL;
    return 0;
}

static int version(void)
{
    printf("mqttcheck %s (commit %s)\n", MQC_VERSION, MQC_COMMIT);
    const cli_data *d = cli_data_get();
    if (d)
        printf("data dir: %s (%s, %s layout)\n", d->root, d->how, d->layout);
    else
        printf("data dir: none: %s\n", cli_data_error());
    return 0;
}

int main(int argc, char **argv)
{
    if (take_data_dir(&argc, argv))
        return 2;
    /* a folder the user named must hold the data: no silent fall-back to another */
    const char *env = getenv("MQTTCHECK_DATA_DIR");
    if ((data_dir_given || (env && *env)) && !cli_data_get()) {
        fprintf(stderr, "mqttcheck: %s\n", cli_data_error());
        return 2;
    }
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version"))
        return version();
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(argv[1], commands[i].name))
            return commands[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "mqttcheck: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return 2;
}
