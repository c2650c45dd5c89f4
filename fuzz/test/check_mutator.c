/* The mutator's model and mutations:
 *  - parse + serialize gives back every seed byte for byte (lengths are
 *    recomputed, so this checks the field layouts match the encoder's);
 *  - mutations are deterministic per seed, stay within max_size and keep
 *    the header;
 *  - with lies off, mutated packets keep consistent Remaining Lengths: the
 *    codec's framer walks the whole output. */
#include "harness_input.h"
#include "mqtt_model.h"
#include "mutate.h"

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static const char *seed_root;

typedef struct blob {
    uint8_t *b;
    size_t len;
} blob;

static blob seeds[1024];
static size_t nseeds;

static void load_dir(const char *path)
{
    DIR *d = opendir(path);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) && nseeds < 1024) {
        if (e->d_name[0] == '.')
            continue;
        char p[1024];
        snprintf(p, sizeof p, "%s/%s", path, e->d_name);
        DIR *sub = opendir(p);
        if (sub) {
            closedir(sub);
            load_dir(p);
            continue;
        }
        FILE *f = fopen(p, "rb");
        if (!f)
            continue;
        uint8_t *b = malloc(65536);
        size_t n = fread(b, 1, 65536, f);
        fclose(f);
        seeds[nseeds].b = b;
        seeds[nseeds].len = n;
        nseeds++;
    }
    closedir(d);
}

static void model_roundtrip(void **state)
{
    (void)state;
    assert_true(nseeds > 50);
    mm_msg *m = mm_new(1 << 20);
    uint8_t out[65536];
    for (size_t i = 0; i < nseeds; i++) {
        assert_true(mm_parse(m, seeds[i].b, seeds[i].len));
        size_t n = mm_serialize(m, out, sizeof out, -1, 0);
        assert_int_equal(n, seeds[i].len);
        assert_memory_equal(out, seeds[i].b, n);
        /* and the seed had structure: no packet parsed as one RAW blob */
        for (size_t k = 0; k < m->np; k++)
            if (m->pk[k].n == 1)
                assert_int_not_equal(m->pk[k].nodes[0].kind, MM_RAW);
    }
    mm_free(m);
}

static void mutations_bounded(void **state)
{
    (void)state;
    uint8_t a[4096], b[4096];
    size_t changed = 0, framed_ok = 0, total = 0;
    for (size_t i = 0; i < nseeds; i++) {
        for (uint64_t s = 1; s <= 40; s++) {
            size_t len = seeds[i].len < 2048 ? seeds[i].len : 2048;
            memcpy(a, seeds[i].b, len);
            memcpy(b, seeds[i].b, len);
            const blob *o = &seeds[(i + s) % nseeds];
            size_t na = mqm_mutate(a, len, 2048, s * 7919 + i, o->b, o->len);
            size_t nb = mqm_mutate(b, len, 2048, s * 7919 + i, o->b, o->len);
            assert_true(na <= 2048);
            assert_int_equal(na, nb);
            assert_memory_equal(a, b, na); /* deterministic */
            changed += na != len || memcmp(a, seeds[i].b, len) != 0;
            total++;
            /* Does the framer see whole packets to the end? (true unless a
             * length lie or a header change hit) */
            hi_input in;
            if (hi_parse(a, na, &in)) {
                size_t pos = 0;
                mqtt_frame fr;
                mqtt_error err;
                while (pos < in.wire_len &&
                       mqtt_frame_next(in.wire + pos, in.wire_len - pos, &in.opts, &fr, &err) == MQTT_OK)
                    pos += fr.total;
                framed_ok += pos == in.wire_len;
            }
        }
    }
    /* Almost every mutation changes something, and most keep the framing
     * consistent: lengths are re-fixed, lies are rare. */
    assert_true(changed * 100 >= total * 90);
    assert_true(framed_ok * 100 >= total * 75);
    printf("mutations: %zu runs, %zu changed, %zu framed end to end\n", total, changed, framed_ok);
}

static void lies_happen(void **state)
{
    (void)state;
    mm_msg *m = mm_new(1 << 20);
    uint8_t out[65536];
    assert_true(mm_parse(m, seeds[0].b, seeds[0].len));
    size_t nl = mm_count_lengths(m);
    assert_true(nl >= 1);
    for (size_t k = 0; k < nl; k++) {
        size_t n = mm_serialize(m, out, sizeof out, (int)k, 1);
        assert_true(n > 0);
        /* one length off by one gives different bytes of (about) the same size */
        assert_true(n >= seeds[0].len - 1 && n <= seeds[0].len + 1);
        assert_true(n != seeds[0].len || memcmp(out, seeds[0].b, n) != 0);
    }
    mm_free(m);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s corpus/seeds\n", argv[0]);
        return 2;
    }
    seed_root = argv[1];
    load_dir(seed_root);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(model_roundtrip),
        cmocka_unit_test(mutations_bounded),
        cmocka_unit_test(lies_happen),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    for (size_t i = 0; i < nseeds; i++)
        free(seeds[i].b);
    return rc;
}
