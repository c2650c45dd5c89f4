/* Replay driver: the main() a harness gets when no fuzzing engine is linked
 * (plain gcc, the coverage build). Runs LLVMFuzzerTestOneInput on every file
 * named, descending into folders; a crash aborts like under a fuzzer, so
 * ctest replays corpus/ with it. Files named *.meta or README* are skipped
 * (metadata next to regression inputs), and so are folders named "open":
 * corpus/regressions/open/ holds crashes whose fix has not landed yet.
 * Prints how many inputs ran. */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_INPUT (16u * 1024u * 1024u)

static int run_file(const char *path, unsigned long *count)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "replay: cannot open %s: %s\n", path, strerror(errno));
        return 1;
    }
    uint8_t *buf = malloc(MAX_INPUT);
    if (!buf) {
        fclose(f);
        fprintf(stderr, "replay: out of memory\n");
        return 1;
    }
    size_t n = fread(buf, 1, MAX_INPUT, f);
    int bad = ferror(f) || (n == MAX_INPUT && fgetc(f) != EOF);
    fclose(f);
    if (bad) {
        free(buf);
        fprintf(stderr, "replay: %s unreadable or over %u bytes\n", path, MAX_INPUT);
        return 1;
    }
    /* An exact-size copy, so reads past the input are caught by ASan. */
    uint8_t *exact = malloc(n ? n : 1);
    if (!exact) {
        free(buf);
        return 1;
    }
    memcpy(exact, buf, n);
    free(buf);
    LLVMFuzzerTestOneInput(exact, n);
    free(exact);
    (*count)++;
    return 0;
}

static int skip_name(const char *name)
{
    size_t n = strlen(name);
    return name[0] == '.' || (n > 5 && strcmp(name + n - 5, ".meta") == 0) ||
           strncmp(name, "README", 6) == 0;
}

static int run_path(const char *path, unsigned long *count, int depth)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
        return 1;
    }
    if (!S_ISDIR(st.st_mode))
        return run_file(path, count);
    const char *base = strrchr(path, '/');
    if (depth > 0 && strcmp(base ? base + 1 : path, "open") == 0)
        return 0;
    if (depth > 16) {
        fprintf(stderr, "replay: %s: folders nested too deep\n", path);
        return 1;
    }
    struct dirent **names = NULL;
    int n = scandir(path, &names, NULL, alphasort);
    if (n < 0) {
        fprintf(stderr, "replay: cannot list %s: %s\n", path, strerror(errno));
        return 1;
    }
    int rc = 0;
    for (int i = 0; i < n; i++) {
        if (!skip_name(names[i]->d_name)) {
            size_t len = strlen(path) + strlen(names[i]->d_name) + 2;
            char *child = malloc(len);
            if (child) {
                snprintf(child, len, "%s/%s", path, names[i]->d_name);
                rc |= run_path(child, count, depth + 1);
                free(child);
            } else {
                rc = 1;
            }
        }
        free(names[i]);
    }
    free(names);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
        fprintf(stderr, "usage: %s FILE|DIR...\n  runs the harness once per input file\n", argv[0]);
        return argc < 2 ? 2 : 0;
    }
    unsigned long count = 0;
    int rc = 0;
    for (int i = 1; i < argc; i++)
        rc |= run_path(argv[i], &count, 0);
    printf("replay: %lu inputs ran\n", count);
    return rc;
}
