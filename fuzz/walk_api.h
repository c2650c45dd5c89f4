/* The walk harness's checks of the codec's helper APIs (walk_api.c). */
#ifndef FUZZ_WALK_API_H
#define FUZZ_WALK_API_H

#include "harness_input.h"

/* Forget the topics and filters of the previous input. */
void walk_api_reset(void);
/* Checks on one decoded packet; topics and filters are remembered so that
 * every topic of an input is matched against every filter of it. */
void walk_api_packet(const uint8_t *pkt, size_t len, const mqtt_packet *p, const hi_input *in);

#endif
