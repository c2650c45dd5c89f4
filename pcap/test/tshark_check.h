/* Test helper: does tshark decode a capture as clean MQTT? */
#ifndef MQPCAP_TSHARK_CHECK_H
#define MQPCAP_TSHARK_CHECK_H

#include <stddef.h>
#include <stdint.h>

/* Runs tshark (two passes) over path with every server port decoded as MQTT
 * and counts offending frames: TCP payload not dissected as MQTT (segments
 * reassembled into a later MQTT frame are fine), malformed packets, expert
 * info of warning level or above (the "Connection reset" warning of a real
 * RST excepted). Frames to or from skip_ports are not judged. data_frames
 * gets the number of frames with TCP payload. -1 if tshark did not run. */
int tshark_check(const char *path, const uint16_t *server_ports, size_t nports,
                 const uint16_t *skip_ports, size_t nskip, int *data_frames);

/* The same with the ports taken from the capture itself (read with
 * mqpcap): servers as the reader sees them; connections whose client sent
 * bytes the codec rejects (malformed on purpose) are skipped. */
int tshark_check_capture(const char *path, int *data_frames, int *skipped_conns);

#endif
