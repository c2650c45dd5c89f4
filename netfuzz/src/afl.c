/* AFL++ coverage of a long-running broker: we create the shared-memory map
 * ourselves and hand its id to the spawned broker in __AFL_SHM_ID (no fork
 * server: the instrumented runtime maps it and writes edge hits there). The
 * map is cleared before a case and read after it; new edges or new hit-count
 * classes (AFL's buckets) make the case interesting. */
#include "nf.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>

static const uint8_t bucket_of[9] = {0, 1, 2, 4, 8, 8, 8, 8, 16};

static uint8_t bucket(uint8_t n)
{
    if (n < 4)
        return bucket_of[n];
    if (n < 8)
        return 8;
    if (n < 16)
        return 16;
    if (n < 32)
        return 32;
    if (n < 128)
        return 64;
    return 128;
}

bool nf_afl_init(nf_afl *a)
{
    memset(a, 0, sizeof *a);
    a->shm_id = shmget(IPC_PRIVATE, NF_MAP_SIZE, IPC_CREAT | IPC_EXCL | 0600);
    if (a->shm_id < 0)
        return false;
    a->map = shmat(a->shm_id, NULL, 0);
    if (a->map == (void *)-1) {
        shmctl(a->shm_id, IPC_RMID, NULL);
        a->map = NULL;
        return false;
    }
    /* removed now, freed once the last process detaches */
    shmctl(a->shm_id, IPC_RMID, NULL);
    a->virgin = calloc(1, NF_MAP_SIZE);
    if (!a->virgin) {
        shmdt(a->map);
        a->map = NULL;
        return false;
    }
    memset(a->map, 0, NF_MAP_SIZE);
    return true;
}

void nf_afl_reset(nf_afl *a)
{
    if (a->map)
        memset(a->map, 0, NF_MAP_SIZE);
}

size_t nf_afl_collect(nf_afl *a)
{
    if (!a->map)
        return 0;
    size_t fresh = 0;
    const uint64_t *w = (const uint64_t *)a->map;
    for (size_t i = 0; i < NF_MAP_SIZE / 8; i++) {
        if (!w[i])
            continue;
        for (size_t j = i * 8; j < i * 8 + 8; j++) {
            if (!a->map[j])
                continue;
            uint8_t bk = bucket(a->map[j]);
            if (!(a->virgin[j] & bk)) {
                if (!a->virgin[j])
                    a->edges++;
                a->virgin[j] |= bk;
                fresh++;
            }
        }
    }
    return fresh;
}

void nf_afl_free(nf_afl *a)
{
    if (a->map)
        shmdt(a->map);
    free(a->virgin);
    memset(a, 0, sizeof *a);
}
