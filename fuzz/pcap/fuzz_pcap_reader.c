/*
 * Fuzz harness for the capture reader: the input is taken as a whole pcap or
 * pcapng file and goes through libpcap, link/IP/TCP parsing, reassembly,
 * MQTT framing and decoding, the transcript and the replay comparison text.
 * Built with libFuzzer (-fsanitize=fuzzer) by the fuzz build, and linked
 * with a plain main() (pcap/test/fuzz_replay_main.c) to replay the stored
 * regressions in ctest.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "mqpcap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[256];
    mqpcap_read_opts o = {0};
    /* Small cap: hostile lengths must not turn into large allocations. */
    o.max_bytes = 1u << 20;
    mqpcap_capture *cap = mqpcap_read_mem(data, size, &o, err, sizeof err);
    if (!cap)
        return 0;
    char line[1024];
    for (size_t i = 0; i < cap->nconns; i++)
        for (size_t k = 0; k < cap->conns[i].nmsgs; k++) {
            mqpcap_msg_describe(&cap->conns[i].msgs[k], cap->conns[i].decoded_as, false, line,
                                sizeof line);
            mqpcap_msg_describe(&cap->conns[i].msgs[k], cap->conns[i].decoded_as, true, line,
                                sizeof line);
        }
    FILE *null = fopen("/dev/null", "w");
    if (null) {
        mqpcap_transcript(cap, null);
        fclose(null);
    }
    mqpcap_capture_free(cap);
    return 0;
}
