/* pcap_tshark_check FILE.pcap...: tshark must decode every capture as clean
 * MQTT (see tshark_check.h). Exit 0 clean, 1 problems, 77 no tshark. For the
 * test that checks the per-scenario captures of a real run. */
#include <stdio.h>
#include <stdlib.h>

#include "tshark_check.h"

int main(int argc, char **argv)
{
    if (system("command -v tshark >/dev/null 2>&1") != 0) {
        printf("tshark not installed: skipped\n");
        return 77;
    }
    int bad_files = 0, frames_total = 0;
    for (int i = 1; i < argc; i++) {
        int frames = 0, skipped = 0;
        int r = tshark_check_capture(argv[i], &frames, &skipped);
        frames_total += frames;
        if (r != 0) {
            printf("%s: %s\n", argv[i], r < 0 ? "tshark could not read it" : "NOT CLEAN");
            bad_files++;
        } else if (skipped) {
            printf("%s: clean (%d data frames; %d connection(s) malformed on purpose not judged)\n",
                   argv[i], frames, skipped);
        }
    }
    printf("%d capture(s), %d data frames, %d not clean\n", argc - 1, frames_total, bad_files);
    return bad_files ? 1 : 0;
}
