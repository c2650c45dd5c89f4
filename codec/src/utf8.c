/* UTF-8 well-formedness (RFC 3629 as MQTT restricts it) and topic syntax.
 * Topic names are short and almost always ASCII, so both checks first walk
 * eight bytes at a time and fall back to the byte-wise decoder only when a
 * word holds a non-ASCII byte, a zero byte or (for topics) a wildcard. */
#include "internal.h"

#define ONES 0x0101010101010101ull
#define HIGHS 0x8080808080808080ull

static inline uint64_t load64(const uint8_t *p)
{
    uint64_t w;
    memcpy(&w, p, 8);
    return w;
}
static inline uint64_t has_zero(uint64_t w) { return (w - ONES) & ~w & HIGHS; }
static inline uint64_t has_byte(uint64_t w, uint8_t b) { return has_zero(w ^ (ONES * b)); }

static bool is_control(uint32_t cp) { return (cp >= 0x01 && cp <= 0x1F) || (cp >= 0x7F && cp <= 0x9F); }
static bool is_nonchar(uint32_t cp)
{
    return (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
}

/* Decodes one code point at s[i]; returns its length or 0 with *code set. */
static size_t decode_one(const uint8_t *s, size_t n, size_t i, uint32_t *cp, mqtt_errcode *code)
{
    uint8_t b0 = s[i];
    size_t need;
    uint32_t v, min;
    if (b0 < 0x80) {
        *cp = b0;
        return 1;
    }
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        need = 1; v = b0 & 0x1F; min = 0x80;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        need = 2; v = b0 & 0x0F; min = 0x800;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        need = 3; v = b0 & 0x07; min = 0x10000;
    } else {
        *code = MQTT_E_UTF8_ILL_FORMED; /* C0, C1 (overlong leads), F5..FF, stray continuation */
        return 0;
    }
    if (n - i - 1 < need) {
        *code = MQTT_E_UTF8_ILL_FORMED;
        return 0;
    }
    for (size_t k = 1; k <= need; k++) {
        uint8_t b = s[i + k];
        if ((b & 0xC0) != 0x80) {
            *code = MQTT_E_UTF8_ILL_FORMED;
            return 0;
        }
        v = (v << 6) | (b & 0x3F);
    }
    if (v < min || v > 0x10FFFF) {
        *code = MQTT_E_UTF8_ILL_FORMED;
        return 0;
    }
    if (v >= 0xD800 && v <= 0xDFFF) {
        *code = MQTT_E_UTF8_SURROGATE;
        return 0;
    }
    *cp = v;
    return need + 1;
}

/* wild: also refuse '+' and '#' (topic names). */
static mqtt_errcode check(const uint8_t *s, size_t len, const mqtt_policy *pol, bool wild,
                          size_t *bad)
{
    bool ctl = pol && pol->reject_control_chars;
    bool nonch = pol && pol->reject_noncharacters;
    if (!ctl && mqtt_ascii_clean(s, len, wild))
        return MQTT_E_NONE;
    size_t i = 0;
    while (i < len) {
        if (!ctl && len - i >= 8) {
            uint64_t w = load64(s + i);
            uint64_t hit = (w & HIGHS) | has_zero(w);
            if (wild)
                hit |= has_byte(w, '+') | has_byte(w, '#');
            if (!hit) {
                i += 8;
                continue;
            }
        }
        /* plain ASCII byte: the common case for short strings */
        uint8_t b = s[i];
        if (b - 1u < 0x7Fu && !ctl && !(wild && (b == '+' || b == '#'))) {
            i++;
            continue;
        }
        uint32_t cp;
        mqtt_errcode code = MQTT_E_NONE;
        size_t n = decode_one(s, len, i, &cp, &code);
        if (!n) {
            if (bad)
                *bad = i;
            return code;
        }
        if (cp == 0)
            code = MQTT_E_UTF8_NULL;
        else if (wild && (cp == '+' || cp == '#'))
            code = MQTT_E_TOPIC_WILDCARD;
        else if (ctl && is_control(cp))
            code = MQTT_E_UTF8_CONTROL;
        else if (nonch && is_nonchar(cp))
            code = MQTT_E_UTF8_NONCHAR;
        if (code) {
            if (bad)
                *bad = i;
            return code;
        }
        i += n;
    }
    return MQTT_E_NONE;
}

mqtt_errcode mqtt_check_utf8(const uint8_t *s, size_t len, const mqtt_policy *policy, size_t *bad_offset)
{
    return check(s, len, policy, false, bad_offset);
}

mqtt_errcode mqtt_check_topic_utf8(const uint8_t *s, size_t len, const mqtt_policy *policy, size_t *bad)
{
    return check(s, len, policy, true, bad);
}

mqtt_errcode mqtt_check_topic_name(const uint8_t *s, size_t len)
{
    if (len == 0)
        return MQTT_E_TOPIC_EMPTY;
    return check(s, len, NULL, true, NULL);
}

/* Wildcard placement in a filter already known to be valid UTF-8 ([MQTT-4.7.1-*]). */
static mqtt_errcode filter_levels(const uint8_t *s, size_t len)
{
    size_t start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i < len && s[i] != '/')
            continue;
        /* level is s[start, i) */
        for (size_t k = start; k < i; k++) {
            if (s[k] == '#') {
                if (i - start != 1 || i != len)
                    return MQTT_E_FILTER_HASH;
            } else if (s[k] == '+') {
                if (i - start != 1)
                    return MQTT_E_FILTER_PLUS;
            }
        }
        start = i + 1;
    }
    return MQTT_E_NONE;
}

mqtt_errcode mqtt_check_topic_filter(const uint8_t *s, size_t len, mqtt_version v)
{
    if (len == 0)
        return MQTT_E_FILTER_EMPTY;
    /* v5 shared subscriptions: $share/{ShareName}/{filter} ([MQTT-4.8.2-1], [MQTT-4.8.2-2]). */
    /* "$share" alone is an ordinary filter: only "$share/..." is shared. */
    if (v == MQTT_V5 && len >= 7 && memcmp(s, "$share/", 7) == 0) {
        size_t i = 7, name_start = 7;
        if (len <= 7)
            return MQTT_E_SHARE_SYNTAX;
        while (i < len && s[i] != '/') {
            if (s[i] == '+' || s[i] == '#')
                return MQTT_E_SHARE_SYNTAX;
            i++;
        }
        if (i == name_start || i >= len - 1) /* empty ShareName, or no filter after it */
            return MQTT_E_SHARE_SYNTAX;
        return filter_levels(s + i + 1, len - i - 1);
    }
    return filter_levels(s, len);
}

bool mqtt_topic_matches(const uint8_t *f, size_t flen, const uint8_t *t, size_t tlen)
{
    size_t fi = 0, ti = 0;
    /* [MQTT-4.7.2-1]: leading wildcards do not match topics starting with '$'. */
    if (tlen > 0 && t[0] == '$' && flen > 0 && (f[0] == '+' || f[0] == '#'))
        return false;
    while (fi < flen) {
        if (f[fi] == '#')
            return true; /* matches the parent level and everything below */
        if (f[fi] == '+') {
            while (ti < tlen && t[ti] != '/')
                ti++;
            fi++;
        } else {
            while (fi < flen && f[fi] != '/') {
                if (ti >= tlen || t[ti] != f[fi])
                    return false;
                fi++;
                ti++;
            }
            if (ti < tlen && t[ti] != '/')
                return false;
        }
        /* both at a level separator or an end */
        if (fi == flen)
            return ti == tlen;
        /* f[fi] == '/' */
        fi++;
        if (ti == tlen) {
            /* "a/#" matches "a" */
            return fi + 1 == flen && f[fi] == '#';
        }
        ti++; /* t[ti] == '/' */
    }
    return ti == tlen;
}
