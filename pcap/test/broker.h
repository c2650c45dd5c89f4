/* Test helper: a private mosquitto on a free loopback port, stopped by pid. */
#ifndef MQPCAP_TEST_BROKER_H
#define MQPCAP_TEST_BROKER_H

#include <stdint.h>
#include <sys/types.h>

typedef struct test_broker {
    pid_t pid;
    uint16_t port;
    char dir[256];
} test_broker;

/* 0 started (accepting connections), -1 mosquitto missing or did not come up
 * within 10 s. */
int broker_start(test_broker *b);
void broker_stop(test_broker *b);
/* A port nothing listens on right now (bound then released). */
uint16_t free_port(void);
/* 1 if `prog` is on PATH. */
int have_program(const char *prog);

#endif
