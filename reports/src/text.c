/* Byte buffers, UTF-8 repair and the escaping each output format needs. Every
 * string in a results file comes from a broker or a script, so every output
 * goes through one of the escapers here. */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "internal.h"

void mqrep_seterr(char *err, size_t errlen, const char *fmt, ...)
{
    if (!err || !errlen)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

int mqrep_mkdir_p(const char *dir, char *err, size_t errlen)
{
    char *d = strdup(dir);
    if (!d) {
        mqrep_seterr(err, errlen, "out of memory");
        return -1;
    }
    for (char *p = d + 1; ; p++) {
        if (*p == '/' || *p == '\0') {
            char c = *p;
            *p = '\0';
            if (mkdir(d, 0777) != 0 && errno != EEXIST) {
                mqrep_seterr(err, errlen, "cannot create %s: %s", d, strerror(errno));
                free(d);
                return -1;
            }
            *p = c;
            if (!c)
                break;
        }
    }
    free(d);
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        mqrep_seterr(err, errlen, "%s is not a folder", dir);
        return -1;
    }
    return 0;
}

static int buf_grow(mqrep_buf *b, size_t more)
{
    if (b->oom)
        return -1;
    if (b->len + more + 1 <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + more + 1) {
        if (cap > SIZE_MAX / 2) {
            b->oom = 1;
            return -1;
        }
        cap *= 2;
    }
    char *p = realloc(b->p, cap);
    if (!p) {
        b->oom = 1;
        return -1;
    }
    b->p = p;
    b->cap = cap;
    return 0;
}

void mqrep_buf_putn(mqrep_buf *b, const char *s, size_t n)
{
    if (buf_grow(b, n))
        return;
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

void mqrep_buf_puts(mqrep_buf *b, const char *s)
{
    mqrep_buf_putn(b, s, strlen(s));
}

void mqrep_buf_printf(mqrep_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || buf_grow(b, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void mqrep_buf_free(mqrep_buf *b)
{
    free(b->p);
    memset(b, 0, sizeof *b);
}

int mqrep_buf_save(const mqrep_buf *b, const char *path, char *err, size_t errlen)
{
    if (b->oom) {
        mqrep_seterr(err, errlen, "%s: out of memory", path);
        return -1;
    }
    /* Write beside the target and rename, so a reader never sees half a report. */
    size_t plen = strlen(path);
    char *tmp = malloc(plen + 8);
    if (!tmp) {
        mqrep_seterr(err, errlen, "%s: out of memory", path);
        return -1;
    }
    memcpy(tmp, path, plen);
    memcpy(tmp + plen, ".tmp", 5);
    FILE *f = fopen(tmp, "wb");
    if (!f) {
        mqrep_seterr(err, errlen, "%s: %s", tmp, strerror(errno));
        free(tmp);
        return -1;
    }
    int bad = b->len && fwrite(b->p, 1, b->len, f) != b->len;
    if (fclose(f) != 0)
        bad = 1;
    if (bad || rename(tmp, path) != 0) {
        mqrep_seterr(err, errlen, "%s: %s", path, strerror(errno ? errno : EIO));
        remove(tmp);
        free(tmp);
        return -1;
    }
    free(tmp);
    return 0;
}

/* RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF. */
size_t mqrep_utf8_seq(const unsigned char *s, size_t n)
{
    if (!n)
        return 0;
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    size_t len;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF)
        len = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else
        return 0;
    if (n < len)
        return 0;
    if (s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < len; i++)
        if (s[i] < 0x80 || s[i] > 0xBF)
            return 0;
    return len;
}

int mqrep_utf8_valid(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        size_t k = mqrep_utf8_seq(u + i, n - i);
        if (!k)
            return 0;
        i += k;
    }
    return 1;
}

void mqrep_buf_put_utf8(mqrep_buf *b, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, run = 0;
    while (i < n) {
        size_t k = mqrep_utf8_seq(u + i, n - i);
        if (k) {
            i += k;
            continue;
        }
        mqrep_buf_putn(b, s + run, i - run);
        mqrep_buf_puts(b, "\xEF\xBF\xBD");
        i++;
        run = i;
    }
    mqrep_buf_putn(b, s + run, n - run);
}

static json_t *clean_string(const char *s, size_t n)
{
    if (mqrep_utf8_valid(s, n))
        return json_stringn(s, n);
    mqrep_buf b = {0};
    mqrep_buf_put_utf8(&b, s, n);
    json_t *r = b.oom ? NULL : json_stringn(b.p ? b.p : "", b.len);
    mqrep_buf_free(&b);
    return r;
}

json_t *mqrep_json_clean(const json_t *v)
{
    if (!v)
        return NULL;
    switch (json_typeof(v)) {
    case JSON_STRING:
        return clean_string(json_string_value(v), json_string_length(v));
    case JSON_ARRAY: {
        json_t *a = json_array();
        size_t i;
        const json_t *e;
        json_array_foreach(v, i, e) json_array_append_new(a, mqrep_json_clean(e));
        return a;
    }
    case JSON_OBJECT: {
        json_t *o = json_object();
        const char *k;
        json_t *e;
        /* jansson keys are C strings; repair them too (NUL already ends them). */
        json_object_foreach((json_t *)v, k, e)
        {
            size_t kn = strlen(k);
            if (mqrep_utf8_valid(k, kn)) {
                json_object_set_new(o, k, mqrep_json_clean(e));
            } else {
                mqrep_buf b = {0};
                mqrep_buf_put_utf8(&b, k, kn);
                if (!b.oom)
                    json_object_set_new(o, b.p, mqrep_json_clean(e));
                mqrep_buf_free(&b);
            }
        }
        return o;
    }
    default:
        return json_deep_copy(v);
    }
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static long read_u4(const char *p, size_t left)
{
    if (left < 4)
        return -1;
    long v = 0;
    for (int i = 0; i < 4; i++) {
        int h = hexval(p[i]);
        if (h < 0)
            return -1;
        v = v * 16 + h;
    }
    return v;
}

char *mqrep_json_text_repair(const char *in, size_t n, size_t *outlen)
{
    mqrep_buf b = {0};
    mqrep_buf_put_utf8(&b, in, n);
    if (b.oom) {
        mqrep_buf_free(&b);
        return NULL;
    }
    if (!b.p) {
        b.p = calloc(1, 1);
        if (!b.p)
            return NULL;
    }
    /* Backslashes only occur inside JSON strings, so walking escapes from the
     * start pairs them correctly; a lone surrogate is rewritten in place. */
    char *p = b.p;
    for (size_t i = 0; i + 1 < b.len; i++) {
        if (p[i] != '\\')
            continue;
        if (p[i + 1] != 'u') {
            i++;
            continue;
        }
        long u = read_u4(p + i + 2, b.len - i - 2);
        if (u < 0) {
            i++;
            continue;
        }
        if (u >= 0xD800 && u <= 0xDBFF) {
            long lo = -1;
            if (i + 11 < b.len && p[i + 6] == '\\' && p[i + 7] == 'u')
                lo = read_u4(p + i + 8, b.len - i - 8);
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
                i += 11;
                continue;
            }
            memcpy(p + i + 2, "fffd", 4);
        } else if (u >= 0xDC00 && u <= 0xDFFF) {
            memcpy(p + i + 2, "fffd", 4);
        }
        i += 5;
    }
    *outlen = b.len;
    return b.p;
}

void mqrep_xml_escape(mqrep_buf *b, const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t n = strlen(s), i = 0;
    while (i < n) {
        unsigned char c = u[i];
        switch (c) {
        case '<': mqrep_buf_puts(b, "&lt;"); i++; continue;
        case '>': mqrep_buf_puts(b, "&gt;"); i++; continue;
        case '&': mqrep_buf_puts(b, "&amp;"); i++; continue;
        case '"': mqrep_buf_puts(b, "&quot;"); i++; continue;
        case '\'': mqrep_buf_puts(b, "&apos;"); i++; continue;
        default: break;
        }
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
            mqrep_buf_puts(b, "\xEF\xBF\xBD"); /* XML 1.0 has no way to carry these */
            i++;
            continue;
        }
        size_t k = mqrep_utf8_seq(u + i, n - i);
        if (!k) {
            mqrep_buf_puts(b, "\xEF\xBF\xBD");
            i++;
            continue;
        }
        /* U+FFFE and U+FFFF are not XML characters either */
        if (k == 3 && u[i] == 0xEF && u[i + 1] == 0xBF && (u[i + 2] == 0xBE || u[i + 2] == 0xBF)) {
            mqrep_buf_puts(b, "\xEF\xBF\xBD");
            i += 3;
            continue;
        }
        mqrep_buf_putn(b, s + i, k);
        i += k;
    }
}

void mqrep_md_escape(mqrep_buf *b, const char *s, size_t maxchars)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t n = strlen(s), i = 0, chars = 0;
    while (i < n) {
        if (maxchars && chars >= maxchars) {
            mqrep_buf_puts(b, "…");
            return;
        }
        unsigned char c = u[i];
        chars++;
        /* GitHub/GitLab render inline HTML and turn @name into a mention: entities
         * keep both inert. Markdown punctuation gets a backslash. */
        switch (c) {
        case '<': mqrep_buf_puts(b, "&lt;"); i++; continue;
        case '>': mqrep_buf_puts(b, "&gt;"); i++; continue;
        case '&': mqrep_buf_puts(b, "&amp;"); i++; continue;
        case '@': mqrep_buf_puts(b, "&#64;"); i++; continue;
        case '|': mqrep_buf_puts(b, "\\|"); i++; continue;
        case '\n': case '\r': case '\t': mqrep_buf_puts(b, " "); i++; continue;
        default: break;
        }
        if (strchr("\\`*_{}[]()#+-.!~:", c) && c) {
            char e[3] = {'\\', (char)c, 0};
            mqrep_buf_puts(b, e);
            i++;
            continue;
        }
        if (c < 0x20 || c == 0x7f) {
            mqrep_buf_puts(b, "\xEF\xBF\xBD");
            i++;
            continue;
        }
        size_t k = mqrep_utf8_seq(u + i, n - i);
        if (!k) {
            mqrep_buf_puts(b, "\xEF\xBF\xBD");
            i++;
            continue;
        }
        mqrep_buf_putn(b, s + i, k);
        i += k;
    }
}

static int dump_cb(const char *buffer, size_t size, void *data)
{
    mqrep_buf *b = data;
    const unsigned char *u = (const unsigned char *)buffer;
    size_t run = 0;
    /* Inside a <script> element the HTML parser only looks for "</script" and
     * "<!--", and JS string literals used to end at U+2028/9: escape all of them. */
    for (size_t i = 0; i < size; i++) {
        const char *rep = NULL;
        size_t skip = 1;
        if (u[i] == '<')
            rep = "\\u003c";
        else if (u[i] == '>')
            rep = "\\u003e";
        else if (u[i] == '&')
            rep = "\\u0026";
        else if (u[i] == 0xE2 && i + 2 < size && u[i + 1] == 0x80 && (u[i + 2] == 0xA8 || u[i + 2] == 0xA9)) {
            rep = u[i + 2] == 0xA8 ? "\\u2028" : "\\u2029";
            skip = 3;
        }
        if (!rep)
            continue;
        mqrep_buf_putn(b, buffer + run, i - run);
        mqrep_buf_puts(b, rep);
        i += skip - 1;
        run = i + 1;
    }
    mqrep_buf_putn(b, buffer + run, size - run);
    return b->oom ? -1 : 0;
}

int mqrep_json_for_html(mqrep_buf *b, const json_t *v)
{
    /* jansson hands the callback whole tokens, so a 3-byte U+2028 never straddles
     * two calls; JSON_COMPACT keeps the file small. */
    return json_dump_callback(v, dump_cb, b, JSON_COMPACT | JSON_ENCODE_ANY);
}

void mqrep_url_path(mqrep_buf *b, const char *path)
{
    static const char hexd[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        unsigned char c = *p;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '_' || c == '.' || c == '~' || c == '/') {
            char one = (char)c;
            mqrep_buf_putn(b, &one, 1);
        } else {
            char e[4] = {'%', hexd[c >> 4], hexd[c & 15], 0};
            mqrep_buf_puts(b, e);
        }
    }
}

void mqrep_now_iso(char *out, size_t n)
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

const char *mqrep_jstr(const json_t *obj, const char *key, const char *dflt)
{
    const json_t *v = json_object_get(obj, key);
    return json_is_string(v) ? json_string_value(v) : dflt;
}

double mqrep_jnum(const json_t *obj, const char *key, double dflt)
{
    const json_t *v = json_object_get(obj, key);
    return json_is_number(v) ? json_number_value(v) : dflt;
}
