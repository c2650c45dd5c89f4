/* `mqttcheck client`: the client-mode run (conformance/CLIENT-API.md) -
 * flags into mqconf_options with the parser `run` uses, nothing more. */
#include <stdio.h>
#include <time.h>

#include "mqconf.h" /* before cli.h: it declares the shared parser */
#include "cli.h"

static void client_usage(FILE *f)
{
    fprintf(f,
            "usage: mqttcheck client --driver 'COMMAND' [options]\n\n"
            "Tests an MQTT client library: for each client scenario mqttcheck listens on a\n"
            "loopback port as a scripted broker and starts COMMAND (through /bin/sh), a driver\n"
            "that puts the library under its control (conformance/drivers/PROTOCOL.md).\n\n"
            "  --driver 'COMMAND'   the driver, started once per case (e.g. mqc-driver-paho)\n"
            "  --name NAME          target label in the reports (default: the driver's\n"
            "                       hello.library)\n"
            "  --select GLOB        scenario ids to run (repeatable, e.g. '3.1/connect/*')\n"
            "  --statement ID       scenarios citing this statement (repeatable)\n"
            "  --versions LIST      MQTT versions, e.g. 3.1.1,5.0 (default: all; the ones the\n"
            "                       driver lacks are UNSUPPORTED)\n"
            "  -j, --jobs N         cases in parallel (default: 2 x cores)\n"
            "  --time-scale X       multiply every timing by X (slow or sanitized clients: 2, 5 ...)\n"
            "  --repeat N           run every case N times; a case whose verdicts differ is\n"
            "                       FLAKY, with every verdict seen (fails the run unless the\n"
            "                       baseline marks it flaky)\n"
            "  --out DIR            results folder (default ./mqttcheck-out); the driver's stderr\n"
            "                       per case is in DIR/driver/\n"
            "  --baseline FILE      expected failures (see reports/SCHEMA.md)\n"
            "  --strict             NON-STRICT counts as a failure\n"
            "  --quiet | --verbose | --plain   console output\n"
            "  --no-pcap            do not record a capture per case\n"
            "  --pcap-port N        port the server side is shown on in the captures (default\n"
            "                       1883, so Wireshark decodes MQTT; 0: the real port)\n"
            "  --tls --cert F --key F  the scripted broker listens with TLS, presenting F (PEM);\n"
            "                       --cafile F is handed to the driver to verify it with\n"
            "  --ws PATH            the scripted broker answers a WebSocket upgrade (with --tls:\n"
            "                       wss); the driver is told in connect's \"transport\" field\n"
            "  --scenarios DIR      add a folder of your own client scenarios to the built-in\n"
            "                       ones (repeatable; use() finds DIR/lib, then the built-in lib/)\n"
            "  --scenarios-only DIR run only the client scenarios in DIR (repeatable)\n"
            "  --spec DIR           statement manifests (default: DATA/spec)\n"
            "  (DATA: mqttcheck --version shows it; --data-dir DIR or MQTTCHECK_DATA_DIR set it)\n\n"
            "A client that crashes or exits on its own is a FAIL of the case it happened in.\n"
            "`mqttcheck list --client` lists the client scenarios; `mqttcheck report` merges\n"
            "client and broker runs into one report.\n\n"
            "Ctrl-C / SIGTERM: unfinished cases are SKIPPED \"interrupted\", the reports are\n"
            "written from what was recorded, exit 2.\n\n"
            "exit codes: 0 nothing failed, 1 a case failed, 2 the run could not be done\n"
            "            (bad options, a driver that does not start or say hello) or was\n"
            "            interrupted\n");
}

int cli_cmd_client(int argc, char **argv)
{
    mqconf_options o;
    mqconf_options_default_client(&o);
    cli_data_defaults(&o);
    const char *sel[CLI_MAXSEL], *stm[CLI_MAXSEL];
    int json = 0;
    int r = cli_conformance_parse(argc, argv, CLI_MODE_CLIENT, &o, &json, sel, stm, client_usage);
    if (r >= 0)
        return r;
    o.select = sel;
    o.statements = stm;
    if (!o.driver_cmd || !*o.driver_cmd) {
        fprintf(stderr, "mqttcheck client: --driver 'COMMAND' is required\n");
        client_usage(stderr);
        return 2;
    }
    char err[2048] = "";
    time_t since = time(NULL);
    r = mqconf_run(&o, err, sizeof err);
    if (r == 2) {
        fprintf(stderr, "mqttcheck client: %s\n", err[0] ? err : "the run could not be done");
        cli_data_hint("client");
    }
    cli_results_hint(&o, r, since);
    return r;
}
