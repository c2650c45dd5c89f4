/* What a replay means for the user: the one-word outcome `mqttcheck replay` ends
 * with, and its exit code. A capture with no broker answers at all (a fuzz crash
 * wrapped by `corpus --to-pcap`, a capture of a broker that died at once) records a
 * crash: it reproduces when the broker dies again. Any other capture records an
 * exchange: it reproduces when the broker answers as recorded. */
#include "mqpcap.h"

static bool records_crash(const mqpcap_capture *cap)
{
    for (size_t i = 0; i < cap->nconns; i++)
        for (size_t k = 0; k < cap->conns[i].nmsgs; k++)
            if (cap->conns[i].msgs[k].dir == MQTT_S2C)
                return false;
    return true;
}

mqpcap_outcome mqpcap_replay_outcome(const mqpcap_capture *cap, mqpcap_verdict v)
{
    if (v == MQPCAP_CANNOT_RUN || !cap)
        return MQPCAP_OUT_CANNOT_RUN;
    if (records_crash(cap))
        return v == MQPCAP_BROKER_DIED ? MQPCAP_OUT_CRASH_REPRODUCES : MQPCAP_OUT_NO_LONGER;
    return v == MQPCAP_SAME ? MQPCAP_OUT_REPRODUCES : MQPCAP_OUT_DIFFERS;
}

/* The outcomes, in one table: the final line and the exit code (0 nothing wrong with
 * the broker, 1 a finding, 2 could not run). */
static const struct {
    const char *line;
    int exit_code;
} outcomes[] = {
    [MQPCAP_OUT_REPRODUCES] = {"reproduces: the broker answers as recorded", 0},
    [MQPCAP_OUT_DIFFERS] = {"differs: the broker's answers are not the recorded ones (diff above)", 1},
    [MQPCAP_OUT_CRASH_REPRODUCES] = {"reproduces: the broker died again", 1},
    [MQPCAP_OUT_NO_LONGER] = {"no longer reproduces: the broker survived the recorded input", 0},
    [MQPCAP_OUT_CANNOT_RUN] = {"could not run", 2},
};

const char *mqpcap_outcome_line(mqpcap_outcome o)
{
    return (unsigned)o < sizeof outcomes / sizeof outcomes[0] ? outcomes[o].line : "could not run";
}

int mqpcap_outcome_exit(mqpcap_outcome o)
{
    return (unsigned)o < sizeof outcomes / sizeof outcomes[0] ? outcomes[o].exit_code : 2;
}
