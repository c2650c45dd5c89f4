/* Test helper: hand-made captures, one frame at a time, for any link type,
 * so reassembly cases (reordering, overlaps, missing handshakes) can be
 * built exactly. */
#ifndef RAWCAP_H
#define RAWCAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct rawcap rawcap;

enum { RC_FIN = 0x01, RC_SYN = 0x02, RC_RST = 0x04, RC_PSH = 0x08, RC_ACK = 0x10 };

/* dlt: a DLT_* value; v6: IPv6 addresses ::1 (else 127.0.0.1 / 127.0.0.2). */
rawcap *rawcap_open(const char *path, int dlt);
/* One TCP segment. from_a: sent by endpoint A (addr 1, port pa) to B. */
void rawcap_seg(rawcap *r, int v6, int from_a, uint16_t pa, uint16_t pb, uint32_t seq,
                uint32_t ack, uint8_t flags, const void *data, size_t len, long usec);
void rawcap_close(rawcap *r);

/* Sample MQTT bytes. */
extern const uint8_t T_CONNECT4[16], T_CONNECT5[17], T_CONNACK[4], T_DISCONNECT[2];

/* Temporary path under TMPDIR for a test file. */
const char *rawcap_tmp(char *buf, size_t len, const char *name);

#endif
