/* Helpers shared by the conformance tests: the fake broker process and
 * reading a run's results. */
#ifndef MQC_TEST_UTIL_H
#define MQC_TEST_UTIL_H

#include <jansson.h>
#include <sys/types.h>

typedef struct fake_broker {
    pid_t pid;
    int port;
    int stdin_fd; /* closing it also stops the broker */
} fake_broker;

/* Starts FAKEBROKER MODE and reads its port (10 s deadline). 0 or -1. */
int fake_start(const char *mode, fake_broker *b);
/* The same, listening on ::1 when v6 is non-zero. */
int fake_start_af(const char *mode, int v6, fake_broker *b);
/* Stops it by pid (SIGTERM, then SIGKILL after 5 s) and reaps it. */
void fake_stop(fake_broker *b);

/* A fresh temporary folder (static buffer per call site not needed: malloc'd). */
char *temp_dir(void);
/* Removes a temp_dir() folder and frees its name. */
void remove_tree(char *dir);
/* Parses DIR/results.json; NULL if missing or invalid. */
json_t *load_results(const char *dir);
/* The case of that id and version in a results document, or NULL. */
json_t *find_case(json_t *results, const char *id, const char *version);
/* A loopback port nothing listens on (bound, then closed). */
int dead_port(void);

#endif
