/* The scenario catalogue: statement manifests, loading and checking each
 * file's declaration, and the sandboxed Lua state scenarios run in. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <lauxlib.h>
#include <lualib.h>

#include "run.h"

/* ------------------------------------------------------------ manifest */

static int load_tsv(const char *path, mqc_strlist *out, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "cannot read statement manifest %s: %s", path, strerror(errno));
        return -1;
    }
    char line[4096];
    bool first = true;
    while (fgets(line, sizeof line, f)) {
        if (first) { /* header line */
            first = false;
            continue;
        }
        char *tab = strchr(line, '\t');
        if (!tab)
            continue;
        *tab = 0;
        if (!strncmp(line, "MQTT-", 5))
            mqc_strlist_add(out, line);
    }
    fclose(f);
    if (!out->n) {
        snprintf(err, errlen, "statement manifest %s lists no statement", path);
        return -1;
    }
    return 0;
}

int mqc_manifest_load(const char *dir, mqc_manifest *m, char *err, size_t errlen)
{
    char p[4096];
    memset(m, 0, sizeof *m);
    snprintf(p, sizeof p, "%s/mqtt-3.1.1.tsv", dir);
    if (load_tsv(p, &m->ids[1], err, errlen))
        return -1;
    snprintf(p, sizeof p, "%s/mqtt-5.0.tsv", dir);
    if (load_tsv(p, &m->ids[2], err, errlen))
        return -1;
    m->loaded[1] = m->loaded[2] = true;
    return 0;
}

bool mqc_manifest_has(const mqc_manifest *m, int vi, const char *id)
{
    if (id[0] == '\xc2' && id[1] == '\xa7') /* "§x.y": an unnumbered rule, cited by section */
        return id[2] >= '0' && id[2] <= '9';
    const mqc_strlist *l = &m->ids[vi == 0 ? 1 : vi];
    for (size_t i = 0; i < l->n; i++)
        if (!strcmp(l->v[i], id))
            return true;
    return false;
}

void mqc_manifest_free(mqc_manifest *m)
{
    for (int i = 0; i < MQC_NVER; i++)
        mqc_strlist_free(&m->ids[i]);
}

/* ------------------------------------------------------------- catalogue */

static int decl_fn(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_getfield(L, LUA_REGISTRYINDEX, "mqc.decl");
    if (!lua_isnil(L, -1))
        return luaL_error(L, "scenario{} declared twice in one file");
    lua_pushvalue(L, 1);
    lua_setfield(L, LUA_REGISTRYINDEX, "mqc.decl");
    return 0;
}

static void load_hook(lua_State *L, lua_Debug *ar)
{
    (void)ar;
    luaL_error(L, "file takes too long to load (loop at top level?)");
}

static char *str_field(lua_State *L, int t, const char *k)
{
    char *r = NULL;
    if (lua_getfield(L, t, k) == LUA_TSTRING)
        r = strdup(lua_tostring(L, -1));
    lua_pop(L, 1);
    return r;
}

static bool valid_id(const char *s)
{
    if (!*s || *s == '/' || s[strlen(s) - 1] == '/')
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              strchr("._-/", *s)))
            return false;
    return true;
}

/* Where a file lives says what it is: under the catalogue root a folder named
 * "<section>-<area>" holds the ids "<section>/<area>/<file stem>" (other
 * folders, e.g. malformed/, stand for themselves: "malformed/<file stem>"),
 * and a section the file declares is its folder's. Files at the root (the
 * test catalogues) only need their id to end in their stem. Fills msg and
 * returns false on a mismatch. */
static bool placed_right(const char *rel, const char *id, const char *section, char *msg,
                         size_t len)
{
    char want[4096] = "", folder_sec[64] = "";
    size_t wl = 0;
    const char *p = rel, *slash;
    bool nested = false;
    while ((slash = strchr(p, '/'))) {
        size_t n = (size_t)(slash - p), k = strspn(p, "0123456789.");
        nested = true;
        if (k && k < n && p[k] == '-' && p[0] != '.' && p[k - 1] != '.') {
            if (!folder_sec[0] && k < sizeof folder_sec)
                snprintf(folder_sec, sizeof folder_sec, "%.*s", (int)k, p);
            wl += (size_t)snprintf(want + wl, sizeof want - wl, "%.*s/%.*s/", (int)k, p,
                                   (int)(n - k - 1), p + k + 1);
        } else
            wl += (size_t)snprintf(want + wl, sizeof want - wl, "%.*s/", (int)n, p);
        if (wl >= sizeof want)
            return true; /* too deep to say */
        p = slash + 1;
    }
    const char *dot = strrchr(p, '.');
    snprintf(want + wl, sizeof want - wl, "%.*s", (int)(dot ? (size_t)(dot - p) : strlen(p)), p);
    if (nested ? strcmp(id, want) != 0
               : (strlen(id) < strlen(want) ||
                  strcmp(id + strlen(id) - strlen(want), want) != 0 ||
                  (strlen(id) > strlen(want) && id[strlen(id) - strlen(want) - 1] != '/'))) {
        snprintf(msg, len, "id '%s' does not match the file %s: it must be '%s%s' "
                 "(<section>/<area>/<file stem>)", id, rel, nested ? "" : ".../", want);
        return false;
    }
    if (section && folder_sec[0] && strcmp(section, folder_sec)) {
        snprintf(msg, len, "section \"%s\" differs from the folder's (%s): the folder says %s",
                 section, rel, folder_sec);
        return false;
    }
    return true;
}

/* Reads a list of strings at the top of the stack into l; false if not one. */
static bool read_strlist(lua_State *L, mqc_strlist *l)
{
    if (!lua_istable(L, -1))
        return false;
    lua_Integer n = luaL_len(L, -1);
    for (lua_Integer i = 1; i <= n; i++) {
        if (lua_geti(L, -1, i) != LUA_TSTRING) {
            lua_pop(L, 1);
            return false;
        }
        mqc_strlist_add(l, lua_tostring(L, -1));
        lua_pop(L, 1);
    }
    return true;
}

#define FAIL(...)                                                                             \
    do {                                                                                      \
        snprintf(msg, sizeof msg, __VA_ARGS__);                                               \
        goto bad;                                                                             \
    } while (0)

static void load_one(const char *path, const char *rel, const char *libdir,
                     const char *builtin_lib, const mqc_manifest *m, mqc_scenario *sc)
{
    char msg[1024];
    memset(sc, 0, sizeof *sc);
    sc->path = strdup(path);
    sc->libdir = strdup(libdir);
    sc->libdir_builtin = builtin_lib ? strdup(builtin_lib) : NULL;
    sc->timeout = 10;
    sc->level = LVL_MUST;
    lua_State *L = mqc_lua_new(64u << 20);
    if (!L) {
        snprintf(msg, sizeof msg, "cannot create a Lua state");
        goto bad;
    }
    lua_pushcfunction(L, decl_fn);
    lua_setglobal(L, "scenario");
    mqc_lua_set_libdir(L, libdir, builtin_lib);
    if (luaL_loadfilex(L, path, "t") != LUA_OK)
        FAIL("%s", lua_tostring(L, -1));
    lua_sethook(L, load_hook, LUA_MASKCOUNT, 50000000);
    if (lua_pcall(L, 0, 0, 0) != LUA_OK)
        FAIL("%s", lua_tostring(L, -1));
    lua_sethook(L, NULL, 0, 0);
    lua_getfield(L, LUA_REGISTRYINDEX, "mqc.decl");
    if (!lua_istable(L, -1))
        FAIL("%s: no scenario{...} declaration", path);
    int d = lua_gettop(L);
    /* the role first: a scenario with a bad field still belongs to one mode */
    char *role = str_field(L, d, "role");
    lua_getfield(L, d, "role");
    bool role_bad = !lua_isnil(L, -1) && (!role || (strcmp(role, "client") && strcmp(role, "broker")));
    lua_pop(L, 1);
    sc->client = role && !strcmp(role, "client");
    free(role);
    if (role_bad)
        FAIL("role must be \"broker\" (the default) or \"client\"");
    sc->role_known = true;
    sc->id = str_field(L, d, "id");
    if (!sc->id || !valid_id(sc->id))
        FAIL("id missing or not of the form section/area/name ([A-Za-z0-9._-/])");
    sc->title = str_field(L, d, "title");
    if (!sc->title || !*sc->title)
        FAIL("title missing");
    sc->description = str_field(L, d, "description");
    sc->section = str_field(L, d, "section");
    if (!placed_right(rel, sc->id, sc->section, msg, sizeof msg))
        goto bad;
    if (!sc->section) {
        const char *sl = strchr(sc->id, '/');
        sc->section = strndup(sc->id, sl ? (size_t)(sl - sc->id) : strlen(sc->id));
    }
    char *lvl = str_field(L, d, "level");
    sc->level = mqc_level_parse(lvl);
    free(lvl);
    if (sc->level < 0)
        FAIL("level must be \"MUST\", \"SHOULD\" or \"MAY\"");
    lua_getfield(L, d, "versions");
    mqc_strlist vl = {0};
    bool ok = read_strlist(L, &vl);
    lua_pop(L, 1);
    for (size_t i = 0; ok && i < vl.n; i++) {
        int vi = mqc_ver_index(vl.v[i]);
        if (vi < 0)
            ok = false;
        else
            sc->versions |= 1u << vi;
    }
    mqc_strlist_free(&vl);
    if (!ok || !sc->versions)
        FAIL("versions must be a non-empty list of \"3.1\", \"3.1.1\", \"5.0\"");
    /* statements: flat list (every version) or per-version lists */
    if (lua_getfield(L, d, "statements") != LUA_TTABLE)
        FAIL("statements missing (a list, or a table keyed by version)");
    if (luaL_len(L, -1) > 0 || lua_rawlen(L, -1) > 0) {
        mqc_strlist flat = {0};
        if (!read_strlist(L, &flat)) {
            mqc_strlist_free(&flat);
            FAIL("statements: list of statement id strings expected");
        }
        for (int vi = 0; vi < MQC_NVER; vi++)
            for (size_t i = 0; i < flat.n; i++)
                mqc_strlist_add(&sc->stmts[vi], flat.v[i]);
        mqc_strlist_free(&flat);
    } else {
        lua_pushnil(L);
        while (lua_next(L, -2)) {
            int vi = lua_type(L, -2) == LUA_TSTRING ? mqc_ver_index(lua_tostring(L, -2)) : -1;
            if (vi < 0)
                FAIL("statements: keys must be \"3.1\", \"3.1.1\" or \"5.0\"");
            if (!read_strlist(L, &sc->stmts[vi]))
                FAIL("statements[\"%s\"]: list of statement id strings expected",
                     mqc_ver_name(vi));
            lua_pop(L, 1);
        }
    }
    lua_pop(L, 1);
    for (int vi = 0; vi < MQC_NVER; vi++) {
        if (!(sc->versions & (1u << vi)))
            continue;
        for (size_t i = 0; i < sc->stmts[vi].n; i++)
            if (!mqc_manifest_has(m, vi, sc->stmts[vi].v[i]))
                FAIL("statement %s is not a numbered statement of MQTT %s (conformance/spec)",
                     sc->stmts[vi].v[i], vi == 0 ? "3.1.1 (used for 3.1)" : mqc_ver_name(vi));
    }
    if (lua_getfield(L, d, "needs") != LUA_TNIL) {
        if (!read_strlist(L, &sc->needs))
            FAIL("needs must be a list of capability names");
        /* client mode: driver features are protocol fields ("will.props"),
         * checked against each driver's hello.unsupported */
        for (size_t i = 0; i < sc->needs.n && sc->client; i++)
            if (!*sc->needs.v[i] || strspn(sc->needs.v[i], "abcdefghijklmnopqrstuvwxyz0123456789_.") !=
                                        strlen(sc->needs.v[i]))
                FAIL("needs: '%s' is not a driver feature name (like \"will.props\")",
                     sc->needs.v[i]);
        for (size_t i = 0; i < sc->needs.n && !sc->client; i++) {
            if (!mqc_caps_known(sc->needs.v[i]))
                FAIL("unknown capability '%s' in needs", sc->needs.v[i]);
        }
    }
    lua_pop(L, 1);
    lua_getfield(L, d, "alone");
    sc->alone = lua_toboolean(L, -1);
    lua_pop(L, 1);
    lua_getfield(L, d, "accept_malformed");
    sc->accept_malformed = lua_toboolean(L, -1);
    lua_pop(L, 1);
    if (lua_getfield(L, d, "timeout") != LUA_TNIL) {
        if (!lua_isnumber(L, -1) || lua_tonumber(L, -1) <= 0 || lua_tonumber(L, -1) > 600)
            FAIL("timeout must be a number of seconds in (0, 600]");
        sc->timeout = lua_tonumber(L, -1);
    }
    lua_pop(L, 1);
    if (lua_getglobal(L, "run") != LUA_TFUNCTION)
        FAIL("no global function run(t)");
    mqc_lua_close(L);
    return;
bad:
    sc->load_error = strdup(msg);
    if (!sc->versions)
        sc->versions = 1u << 1;
    mqc_lua_close(L);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void walk(const char *dir, mqc_strlist *files, int depth)
{
    DIR *d = opendir(dir);
    if (!d || depth > 16) {
        if (d)
            closedir(d);
        return;
    }
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char p[4096];
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        struct stat st;
        if (stat(p, &st))
            continue;
        size_t n = strlen(e->d_name);
        if (S_ISDIR(st.st_mode)) {
            if (depth == 0 && !strcmp(e->d_name, "lib"))
                continue; /* shared helpers for use(), not scenarios */
            walk(p, files, depth + 1);
        }
        else if (S_ISREG(st.st_mode) && n > 4 && !strcmp(e->d_name + n - 4, ".lua"))
            mqc_strlist_add(files, p);
    }
    closedir(d);
}

/* One folder's *.lua files appended to c (c->s has room for them). */
static void load_dir(const char *dir, const mqc_strlist *files, const char *builtin_lib,
                     const mqc_manifest *m, mqc_catalogue *c)
{
    size_t dl = strlen(dir);
    char libdir[4096];
    snprintf(libdir, sizeof libdir, "%s/lib", dir);
    for (size_t i = 0; i < files->n; i++) {
        mqc_scenario *sc = &c->s[c->n++];
        const char *rel = files->v[i] + dl + (files->v[i][dl] == '/');
        load_one(files->v[i], rel, libdir, builtin_lib, m, sc);
        if (!sc->id) { /* an id that says which file to fix */
            char id[4096];
            snprintf(id, sizeof id, "load-error/%s", rel);
            sc->id = strdup(id);
        }
        if (!sc->title)
            sc->title = strdup("scenario file could not be loaded");
        if (!sc->section)
            sc->section = strdup("load-error");
        /* across folders too: a user's scenario cannot silently stand in for a built-in one */
        for (size_t j = 0; j + 1 < c->n && !sc->load_error; j++)
            if (!strcmp(c->s[j].id, sc->id)) {
                char msg[4096];
                snprintf(msg, sizeof msg, "duplicate scenario id '%s' (also in %s)", sc->id,
                         c->s[j].path);
                sc->load_error = strdup(msg);
            }
    }
}

int mqc_catalogue_load(const char *const *dirs, size_t ndirs, const char *builtin_lib,
                       const mqc_manifest *m, mqc_catalogue *c, char *err, size_t errlen)
{
    memset(c, 0, sizeof *c);
    mqc_strlist *files = calloc(ndirs ? ndirs : 1, sizeof *files);
    if (!files) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    size_t total = 0;
    int rc = 0;
    for (size_t d = 0; d < ndirs && !rc; d++) {
        struct stat st;
        if (stat(dirs[d], &st) || !S_ISDIR(st.st_mode)) {
            snprintf(err, errlen, "scenario folder %s cannot be read", dirs[d]);
            rc = -1;
            break;
        }
        walk(dirs[d], &files[d], 0);
        qsort(files[d].v, files[d].n, sizeof *files[d].v, cmp_str);
        total += files[d].n;
    }
    if (!rc) {
        c->s = calloc(total ? total : 1, sizeof *c->s);
        if (!c->s) {
            snprintf(err, errlen, "out of memory");
            rc = -1;
        }
    }
    for (size_t d = 0; d < ndirs && !rc; d++)
        load_dir(dirs[d], &files[d], builtin_lib, m, c);
    for (size_t d = 0; d < ndirs; d++)
        mqc_strlist_free(&files[d]);
    free(files);
    return rc;
}

void mqc_catalogue_free(mqc_catalogue *c)
{
    for (size_t i = 0; i < c->n; i++) {
        mqc_scenario *s = &c->s[i];
        free(s->path);
        free(s->id);
        free(s->title);
        free(s->description);
        free(s->section);
        free(s->load_error);
        free(s->libdir);
        free(s->libdir_builtin);
        for (int v = 0; v < MQC_NVER; v++)
            mqc_strlist_free(&s->stmts[v]);
        mqc_strlist_free(&s->needs);
    }
    free(c->s);
    c->s = NULL;
    c->n = 0;
}

/* The cve/ family has no field of its own for the bug it replays: every file
 * names it at the head of its description, "<ids>, <broker> <versions>: ...",
 * "<ids> (<broker> <versions>): ..." or "<broker> issue #N (...): ...", and
 * its id starts with the broker ("cve/<broker>-..."). */
json_t *mqc_scenario_cve_json(const mqc_scenario *s)
{
    if (!s->id || strncmp(s->id, "cve/", 4))
        return NULL;
    const char *b = s->id + 4, *dash = strchr(b, '-');
    json_t *o = json_object(), *ids = json_array();
    json_object_set_new(o, "broker", json_stringn(b, dash ? (size_t)(dash - b) : strlen(b)));
    const char *d = s->description ? s->description : "";
    /* the head: up to the first ':', with an open parenthesis closed */
    const char *colon = strchr(d, ':');
    size_t hl = colon ? (size_t)(colon - d) : strlen(d);
    if (hl > 200)
        hl = 200;
    char head[210];
    int depth = 0;
    size_t o2 = 0;
    for (size_t i = 0; i < hl; i++) {
        char ch = d[i] == '\n' ? ' ' : d[i];
        depth += ch == '(' ? 1 : ch == ')' ? -1 : 0;
        head[o2++] = ch;
    }
    while (depth-- > 0 && o2 < sizeof head - 1)
        head[o2++] = ')';
    head[o2] = 0;
    json_object_set_new(o, "affected", json_string(head));
    /* ids: CVE-YYYY-N anywhere in the head, else "#N" issue numbers, else CWE-N */
    static const char *const pfx[] = {"CVE-", "#", "CWE-"};
    for (size_t k = 0; k < 3 && !json_array_size(ids); k++)
        for (const char *p = strstr(head, pfx[k]); p; p = strstr(p + 1, pfx[k])) {
            size_t n = strlen(pfx[k]);
            while (p[n] && (isdigit((unsigned char)p[n]) || (k == 0 && p[n] == '-')))
                n++;
            if (n == strlen(pfx[k]))
                continue;
            char id[64];
            snprintf(id, sizeof id, "%s%.*s", k == 1 ? json_string_value(json_object_get(o, "broker")) : "",
                     (int)n, p);
            json_array_append_new(ids, json_string(id));
        }
    json_object_set_new(o, "ids", ids);
    return o;
}
