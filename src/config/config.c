/* config.c — libconfig file → struct sse_config, with every problem reported as FILE:LINE. */
#include "config/config.h"

#include <errno.h>
#include <fcntl.h>
#include <libconfig.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/sanitize.h"
#include "core/validate.h"

/* Text from the file, made safe to quote in a message (control bytes become '?'), cut to fit. */
#define SHOWN(buf, s) (sanitize_text((s), (buf), sizeof(buf)), (buf))

/* ---- diagnostics -------------------------------------------------------------------------- */

void
sse_diag_add(struct sse_diag *d, const char *fmt, ...)
{
    if (!d || d->count > SSE_DIAG_MAX)
        return;
    char *line = NULL;
    if (d->count == SSE_DIAG_MAX) {
        /* A runaway file (or a fuzzer) must not grow this without bound. */
        line = strdup("(further messages omitted)");
    } else {
        va_list ap, ap2;
        va_start(ap, fmt);
        va_copy(ap2, ap);
        int n = vsnprintf(NULL, 0, fmt, ap);
        va_end(ap);
        if (n >= 0 && (line = malloc((size_t)n + 1)) != NULL)
            vsnprintf(line, (size_t)n + 1, fmt, ap2);
        va_end(ap2);
    }
    if (!line)
        return;
    char **grown = realloc(d->lines, (d->count + 1) * sizeof *grown);
    if (!grown) {
        free(line);
        return;
    }
    d->lines = grown;
    d->lines[d->count++] = line;
}

void
sse_diag_cleanup(struct sse_diag *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->count; i++)
        free(d->lines[i]);
    free(d->lines);
    d->lines = NULL;
    d->count = 0;
}

/* ---- shared helpers ----------------------------------------------------------------------- */

/* Optimal-string-alignment distance (a transposition counts as one edit: "endpiont"). */
static size_t
edit_distance(const char *a, const char *b)
{
    enum { MAXW = 64 };
    size_t la = strlen(a), lb = strlen(b);
    if (la >= MAXW || lb >= MAXW)
        return (size_t)-1;
    size_t d[MAXW + 1][MAXW + 1];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= la; i++) {
        for (size_t j = 1; j <= lb; j++) {
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + cost < best)
                best = d[i - 1][j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    }
    return d[la][lb];
}

const char *
config_suggest(const char *word, const char *const *candidates, size_t n)
{
    const char *best = NULL;
    /* Two edits turn any short word into another: allow only one for words of up to 3 letters. */
    size_t best_d = strlen(word) <= 3 ? 2 : 3;
    for (size_t i = 0; i < n; i++) {
        size_t dist = edit_distance(word, candidates[i]);
        if (dist < best_d) {
            best_d = dist;
            best = candidates[i];
        }
    }
    return best;
}

enum sse_status
config_read_text(const char *path, char **text, size_t *len, unsigned *mode, struct sse_diag *errors)
{
    *text = NULL;
    *len = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        sse_diag_add(errors, "%s: cannot open: %s", path, strerror(errno));
        return SSE_ERR_IO;
    }
    /* fstat on the open descriptor: the mode we warn about is the file we actually read. */
    struct stat st;
    if (fstat(fd, &st) != 0) {
        sse_diag_add(errors, "%s: cannot stat: %s", path, strerror(errno));
        close(fd);
        return SSE_ERR_IO;
    }
    if (!S_ISREG(st.st_mode)) {
        sse_diag_add(errors, "%s: is not a regular file", path);
        close(fd);
        return SSE_ERR_IO;
    }
    if (st.st_size > SSE_CONFIG_MAX_BYTES) {
        sse_diag_add(errors, "%s: is %lld bytes; at most %d are read", path, (long long)st.st_size,
                     SSE_CONFIG_MAX_BYTES);
        close(fd);
        return SSE_ERR_IO;
    }
    if (mode)
        *mode = (unsigned)st.st_mode;
    size_t cap = (size_t)st.st_size + 1, used = 0;
    char *buf = malloc(cap + 1);
    if (!buf) {
        close(fd);
        return SSE_ERR_NOMEM;
    }
    for (;;) {
        if (used == cap) {
            /* The file grew since fstat; stay within the cap. */
            sse_diag_add(errors, "%s: changed while being read", path);
            explicit_bzero(buf, used);
            free(buf);
            close(fd);
            return SSE_ERR_IO;
        }
        ssize_t n = read(fd, buf + used, cap - used);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            sse_diag_add(errors, "%s: cannot read: %s", path, strerror(errno));
            explicit_bzero(buf, used);
            free(buf);
            close(fd);
            return SSE_ERR_IO;
        }
        if (n == 0)
            break;
        used += (size_t)n;
    }
    close(fd);
    buf[used] = '\0';
    *text = buf;
    *len = used;
    return SSE_OK;
}

/* ---- the loader --------------------------------------------------------------------------- */

struct loader {
    const char *file;            /* name used in messages */
    const char *include_dir;     /* where @include looks, or NULL */
    struct sse_diag *errors, *warnings;
    size_t nerrors;              /* counted even when errors is NULL or full */
    bool nomem;
    const char *secret_key;      /* first secret key seen, for the permission warning */
};

static const char *
type_name(const config_setting_t *s)
{
    switch (config_setting_type(s)) {
    case CONFIG_TYPE_GROUP: return "a group { }";
    case CONFIG_TYPE_INT:
    case CONFIG_TYPE_INT64: return "an integer";
    case CONFIG_TYPE_FLOAT: return "a decimal number";
    case CONFIG_TYPE_STRING: return "a string";
    case CONFIG_TYPE_BOOL: return "true/false";
    case CONFIG_TYPE_ARRAY: return "an array [ ]";
    case CONFIG_TYPE_LIST: return "a list ( )";
    default: return "nothing";
    }
}

static void __attribute__((format(printf, 4, 0)))
vreport(struct loader *ld, struct sse_diag *d, const config_setting_t *at, const char *fmt,
        va_list ap)
{
    char msg[1024];
    vsnprintf(msg, sizeof msg, fmt, ap);
    /* A setting from an @include'd file names that file (libconfig keeps the name as written). */
    const char *file = at && config_setting_source_file(at) ? config_setting_source_file(at)
                                                             : ld->file;
    const char *dir = file != ld->file && file[0] != '/' && ld->include_dir ? ld->include_dir : NULL;
    unsigned line = at ? config_setting_source_line(at) : 0;
    if (line)
        sse_diag_add(d, "%s%s%s:%u: %s", dir ? dir : "", dir ? "/" : "", file, line, msg);
    else
        sse_diag_add(d, "%s%s%s: %s", dir ? dir : "", dir ? "/" : "", file, msg);
}

/* An error at the setting's line (or the file's, when at is NULL). */
static void __attribute__((format(printf, 3, 4)))
error_at(struct loader *ld, const config_setting_t *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(ld, ld->errors, at, fmt, ap);
    va_end(ap);
    ld->nerrors++;
}

static void __attribute__((format(printf, 3, 4)))
warn_at(struct loader *ld, const config_setting_t *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(ld, ld->warnings, at, fmt, ap);
    va_end(ap);
}

/* Joins names as "a, b, c" into buf (truncated with "..." when it does not fit). */
static void
join_names(char *buf, size_t size, const char *const *names, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && used < size; i++) {
        int w = snprintf(buf + used, size - used, "%s%s", i ? ", " : "", names[i]);
        if (w < 0 || (size_t)w >= size - used) {
            if (size > 4)
                memcpy(buf + size - 4, "...", 4);
            return;
        }
        used += (size_t)w;
    }
}

/* Reports every member of group whose name is not in keys. `where` reads "in profile "x"". */
static void
check_keys(struct loader *ld, const config_setting_t *group, const char *const *keys, size_t nkeys,
           const char *where)
{
    int n = config_setting_length(group);
    for (int i = 0; i < n; i++) {
        const config_setting_t *m = config_setting_get_elem(group, (unsigned)i);
        const char *name = config_setting_name(m);
        if (!name)
            continue;
        bool known = false;
        for (size_t k = 0; k < nkeys && !known; k++)
            known = strcmp(name, keys[k]) == 0;
        if (known)
            continue;
        const char *hint = config_suggest(name, keys, nkeys);
        if (hint) {
            error_at(ld, m, "unknown key \"%s\" %s (did you mean \"%s\"?)", name, where, hint);
        } else {
            char list[512];
            join_names(list, sizeof list, keys, nkeys);
            error_at(ld, m, "unknown key \"%s\" %s; known keys: %s", name, where, list);
        }
    }
}

/* The member's string, or NULL (absent, or wrong type — reported). */
static const char *
get_string(struct loader *ld, const config_setting_t *group, const char *key, const char *path)
{
    const config_setting_t *s = config_setting_get_member(group, key);
    if (!s)
        return NULL;
    if (config_setting_type(s) != CONFIG_TYPE_STRING) {
        error_at(ld, s, "%s must be a string in double quotes, not %s", path, type_name(s));
        return NULL;
    }
    const char *v = config_setting_get_string(s);
    return v ? v : "";
}

/* Copies a string member into a fixed field; reports a value that does not fit. */
static const char *
get_string_into(struct loader *ld, const config_setting_t *group, const char *key, const char *path,
                char *dst, size_t size)
{
    const char *v = get_string(ld, group, key, path);
    if (!v)
        return NULL;
    if (strlen(v) >= size) {
        error_at(ld, config_setting_get_member(group, key), "%s is too long (at most %zu bytes)",
                 path, size - 1);
        return NULL;
    }
    memcpy(dst, v, strlen(v) + 1);
    return v;
}

static void
get_bool(struct loader *ld, const config_setting_t *group, const char *key, const char *path,
         bool *out)
{
    const config_setting_t *s = config_setting_get_member(group, key);
    if (!s)
        return;
    if (config_setting_type(s) != CONFIG_TYPE_BOOL) {
        error_at(ld, s, "%s must be true or false, not %s", path, type_name(s));
        return;
    }
    *out = config_setting_get_bool(s) != 0;
}

/* An integer member within [min, max] into *out (left alone when absent); false when wrong. */
static bool
get_int(struct loader *ld, const config_setting_t *group, const char *key, const char *path,
        long long min, long long max, long long *out)
{
    const config_setting_t *s = config_setting_get_member(group, key);
    if (!s)
        return true;
    int t = config_setting_type(s);
    if (t != CONFIG_TYPE_INT && t != CONFIG_TYPE_INT64) {
        error_at(ld, s, "%s must be an integer from %lld to %lld, not %s", path, min, max,
                 type_name(s));
        return false;
    }
    long long v = config_setting_get_int64(s);
    if (v < min || v > max) {
        error_at(ld, s, "%s must be an integer from %lld to %lld, not %lld", path, min, max, v);
        return false;
    }
    *out = v;
    return true;
}

/* A group member (or NULL when absent / wrong type, reported with an example of the shape). */
static const config_setting_t *
get_group(struct loader *ld, const config_setting_t *parent, const char *key, const char *example)
{
    const config_setting_t *s = config_setting_get_member(parent, key);
    if (!s)
        return NULL;
    if (config_setting_type(s) != CONFIG_TYPE_GROUP) {
        error_at(ld, s, "%s must be a group, like %s = %s;, not %s", key, key, example,
                 type_name(s));
        return NULL;
    }
    return s;
}

static bool
name_char_ok(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '_' || c == '.';
}

/* Profile and theme names end up on command lines and in file names: keep them plain. */
static bool
plain_name(const char *s)
{
    if (!*s || *s == '.')
        return false;
    for (; *s; s++)
        if (!name_char_ok(*s))
            return false;
    return true;
}

/* Why endpoint is not scheme://host[:port][/], or NULL when it is. */
static const char *
endpoint_problem(const char *ep)
{
    const char *h;
    if (strncasecmp(ep, "https://", 8) == 0)
        h = ep + 8;
    else if (strncasecmp(ep, "http://", 7) == 0)
        h = ep + 7;
    else
        return strstr(ep, "://") ? "the scheme must be https:// or http://"
                                 : "it has no https:// or http:// in front";
    size_t n;
    if (*h == '[') {
        /* An IPv6 literal such as http://[::1]:9000. */
        n = 1;
        while (h[n] && (h[n] == ':' || h[n] == '.' || (h[n] >= '0' && h[n] <= '9') ||
                        (h[n] >= 'a' && h[n] <= 'f') || (h[n] >= 'A' && h[n] <= 'F')))
            n++;
        if (h[n] != ']' || n == 1)
            return "the IPv6 address must be hex digits and ':' inside [ ]";
        n++;
    } else {
        n = 0;
        while (h[n] && ((h[n] >= 'a' && h[n] <= 'z') || (h[n] >= 'A' && h[n] <= 'Z') ||
                        (h[n] >= '0' && h[n] <= '9') || h[n] == '.' || h[n] == '-'))
            n++;
        if (n == 0)
            return "it has no host";
        if (h[0] == '.' || h[0] == '-' || h[n - 1] == '.' || h[n - 1] == '-')
            return "the host must not start or end with '.' or '-'";
    }
    const char *p = h + n;
    if (*p == ':') {
        p++;
        long port = 0;
        size_t digits = 0;
        while (*p >= '0' && *p <= '9' && digits < 6) {
            port = port * 10 + (*p - '0');
            p++;
            digits++;
        }
        if (digits == 0 || port < 1 || port > 65535 || (*p >= '0' && *p <= '9'))
            return "the port must be a number from 1 to 65535";
    }
    if (*p == '/' && p[1] == '\0')
        return NULL;
    if (*p == '\0')
        return NULL;
    if (*p == '/' || *p == '?' || *p == '#')
        return "it must not have a path, query or fragment";
    return "the host may only have letters, digits, '.' and '-'";
}

/* Whether "https://" + ep would be a good endpoint: worth suggesting. */
static bool
with_scheme_ok(const char *ep)
{
    char buf[OSS_ENDPOINT_MAX + 8];
    if (strstr(ep, "://") || strlen(ep) >= OSS_ENDPOINT_MAX)
        return false;
    snprintf(buf, sizeof buf, "https://%s", ep);
    return endpoint_problem(buf) == NULL;
}

/* The region an *.aliyuncs.com endpoint implies ("oss-cn-hangzhou[-internal].aliyuncs.com"). */
static bool
endpoint_region(const char *ep, char *out, size_t size)
{
    const char *h = strstr(ep, "://");
    h = h ? h + 3 : ep;
    if (strncasecmp(h, "oss-", 4) != 0)
        return false;
    h += 4;
    const char *dot = strchr(h, '.');
    if (!dot || strncasecmp(dot, ".aliyuncs.com", 13) != 0)
        return false;
    size_t n = (size_t)(dot - h);
    if (n > 9 && strncasecmp(dot - 9, "-internal", 9) == 0)
        n -= 9;
    if (n == 0 || n >= size)
        return false;
    memcpy(out, h, n);
    out[n] = '\0';
    return true;
}

static const char *const top_keys[] = {"version", "default_profile", "profiles", "network", "ui"};
static const char *const profile_keys[] = {
    "name", "endpoint", "region", "signature_version", "addressing", "access_key_id",
    "access_key_secret", "security_token", "buckets", "discover", "internal", "readonly",
    "insecure_tls"};
static const char *const network_keys[] = {"timeout_s", "connect_timeout_s", "retries",
                                           "concurrency", "ca_file", "proxy"};
static const char *const ui_keys[] = {"theme", "confirm"};

#define NKEYS(a) (sizeof(a) / sizeof((a)[0]))

static void
load_buckets(struct loader *ld, const config_setting_t *list, const char *pfx,
             struct sse_profile *p)
{
    int t = config_setting_type(list);
    if (t != CONFIG_TYPE_LIST && t != CONFIG_TYPE_ARRAY) {
        error_at(ld, list, "%s.buckets must be a list of bucket names, like ( \"bucket-a\", "
                           "\"bucket-b\" ), not %s", pfx, type_name(list));
        return;
    }
    int n = config_setting_length(list);
    if (n <= 0)
        return;
    p->buckets = calloc((size_t)n, sizeof *p->buckets);
    if (!p->buckets) {
        ld->nomem = true;
        return;
    }
    /* Duplicates are found through a hash set of indices into p->buckets (open addressing, at
     * most half full): a fleet of tens of thousands of names loads in linear time. */
    size_t slots = 16;
    while (slots < (size_t)n * 2)
        slots *= 2;
    size_t *seen = malloc(slots * sizeof *seen);
    if (!seen) {
        ld->nomem = true;
        return;
    }
    for (size_t k = 0; k < slots; k++)
        seen[k] = SIZE_MAX;
    for (int i = 0; i < n; i++) {
        const config_setting_t *e = config_setting_get_elem(list, (unsigned)i);
        if (config_setting_type(e) != CONFIG_TYPE_STRING) {
            error_at(ld, e, "%s.buckets[%d] must be a bucket name in double quotes, not %s", pfx,
                     i, type_name(e));
            continue;
        }
        const char *b = config_setting_get_string(e) ? config_setting_get_string(e) : "";
        struct sse_error verr;
        sse_error_clear(&verr);
        if (validate_bucket_name(b, &verr) != SSE_OK) {
            error_at(ld, e, "%s.buckets[%d]: %s", pfx, i, verr.message);
            continue;
        }
        size_t h = 14695981039346656037u; /* FNV-1a */
        for (const char *c = b; *c; c++)
            h = (h ^ (unsigned char)*c) * 1099511628211u;
        size_t slot = h & (slots - 1);
        bool dup = false;
        while (seen[slot] != SIZE_MAX && !dup) {
            if (strcmp(p->buckets[seen[slot]], b) == 0) {
                error_at(ld, e, "%s.buckets[%d]: bucket \"%s\" is listed twice in profile \"%s\"",
                         pfx, i, b, p->account.profile);
                dup = true;
            }
            slot = (slot + 1) & (slots - 1);
        }
        if (dup)
            continue;
        if (!(p->buckets[p->nbuckets] = strdup(b))) {
            ld->nomem = true;
            break;
        }
        seen[slot] = p->nbuckets++;
    }
    free(seen);
}

static void
load_credentials(struct loader *ld, const config_setting_t *g, const char *pfx,
                 struct sse_profile *p)
{
    static const char *const names[3] = {"access_key_id", "access_key_secret", "security_token"};
    const char *v[3];
    bool bad = false;
    for (int k = 0; k < 3; k++) {
        char path[96];
        snprintf(path, sizeof path, "%s.%s", pfx, names[k]);
        v[k] = get_string(ld, g, names[k], path);
        const config_setting_t *s = config_setting_get_member(g, names[k]);
        if (s && !v[k])
            bad = true;
        if (v[k] && !*v[k]) {
            error_at(ld, s, "%s is empty; remove the line to take keys from the environment",
                     path);
            bad = true;
            v[k] = NULL;
        }
        if (s && k > 0 && !ld->secret_key)
            ld->secret_key = names[k];
    }
    /* The message names keys only, never their values. */
    const config_setting_t *at = config_setting_get_member(g, "access_key_id");
    if (!at)
        at = config_setting_get_member(g, "access_key_secret");
    if (v[0] && !v[1] && !config_setting_get_member(g, "access_key_secret"))
        error_at(ld, at, "profile \"%s\" has access_key_id but no access_key_secret; give both, "
                         "or neither to use OSS_ACCESS_KEY_ID / OSS_ACCESS_KEY_SECRET",
                 p->account.profile);
    if (v[1] && !v[0] && !config_setting_get_member(g, "access_key_id"))
        error_at(ld, at, "profile \"%s\" has access_key_secret but no access_key_id; give both, "
                         "or neither to use OSS_ACCESS_KEY_ID / OSS_ACCESS_KEY_SECRET",
                 p->account.profile);
    if (v[2] && !config_setting_get_member(g, "access_key_id") &&
        !config_setting_get_member(g, "access_key_secret"))
        error_at(ld, config_setting_get_member(g, "security_token"),
                 "profile \"%s\" has security_token but no access_key_id and access_key_secret; "
                 "an STS token is used with its temporary key pair", p->account.profile);
    if (!bad && v[0] && v[1] && oss_credentials_set(&p->account.creds, v[0], v[1], v[2]) != SSE_OK)
        ld->nomem = true;
}

static void
load_profile(struct loader *ld, const config_setting_t *g, int idx, struct sse_config *cfg)
{
    struct sse_profile *p = &cfg->profiles[cfg->nprofiles++];
    p->line = (int)config_setting_source_line(g);
    p->account.signature_version = 4;
    p->account.addressing = OSS_ADDR_VIRTUAL;

    char pfx[32], path[96], where[96];
    snprintf(pfx, sizeof pfx, "profiles[%d]", idx);

    /* The name first: later messages use it. */
    const config_setting_t *ns = config_setting_get_member(g, "name");
    snprintf(path, sizeof path, "%s.name", pfx);
    const char *name = get_string(ld, g, "name", path);
    bool name_ok = false;
    if (!ns) {
        error_at(ld, g, "%s has no name; add name = \"...\"; (letters, digits, '.', '_', '-')",
                 pfx);
    } else if (name && strlen(name) >= sizeof p->account.profile) {
        error_at(ld, ns, "%s is too long (at most %zu bytes)", path, sizeof p->account.profile - 1);
    } else if (name && !plain_name(name)) {
        char sh[96];
        error_at(ld, ns, "%s \"%s\" may only have letters, digits, '.', '_' and '-' (not first)",
                 path, SHOWN(sh, name));
    } else if (name) {
        name_ok = true;
        memcpy(p->account.profile, name, strlen(name) + 1);
        for (size_t i = 0; i + 1 < cfg->nprofiles; i++) {
            if (strcmp(cfg->profiles[i].account.profile, name) == 0) {
                error_at(ld, ns, "duplicate profile name \"%s\" (first defined at line %d)", name,
                         cfg->profiles[i].line);
                break;
            }
        }
    }
    if (name_ok)
        snprintf(where, sizeof where, "in profile \"%s\"", name);
    else
        snprintf(where, sizeof where, "in %s", pfx);
    if (!name_ok)
        snprintf(p->account.profile, sizeof p->account.profile, "%s", pfx);
    check_keys(ld, g, profile_keys, NKEYS(profile_keys), where);

    snprintf(path, sizeof path, "%s.endpoint", pfx);
    const config_setting_t *es = config_setting_get_member(g, "endpoint");
    const char *ep = get_string(ld, g, "endpoint", path);
    if (!es) {
        error_at(ld, g, "%s has no endpoint; add endpoint = \"https://oss-<region>.aliyuncs.com\";",
                 pfx);
    } else if (ep) {
        char sh[160];
        const char *why = endpoint_problem(ep);
        if (strchr(ep, '@'))
            /* user:password@host would put a secret into this very message: do not echo it. */
            error_at(ld, es, "%s must not hold user information ('@'); put keys in "
                             "access_key_id / access_key_secret", path);
        else if (strlen(ep) >= sizeof p->account.endpoint)
            error_at(ld, es, "%s is too long (at most %zu bytes)", path,
                     sizeof p->account.endpoint - 1);
        else if (why && with_scheme_ok(ep))
            error_at(ld, es, "%s \"%s\" is not https://host[:port] or http://host[:port]: %s "
                             "(did you mean \"https://%s\"?)", path, ep, why, ep); /* valid chars only */
        else if (why)
            error_at(ld, es, "%s \"%s\" is not https://host[:port] or http://host[:port]: %s",
                     path, SHOWN(sh, ep), why);
        else
            memcpy(p->account.endpoint, ep, strlen(ep) + 1);
    }

    snprintf(path, sizeof path, "%s.region", pfx);
    const config_setting_t *rs = config_setting_get_member(g, "region");
    const char *rg = get_string(ld, g, "region", path);
    if (!rs) {
        error_at(ld, g, "%s has no region; add region = \"cn-hangzhou\"; (the region id, without "
                        "\"oss-\")", pfx);
    } else if (rg) {
        char sh[96];
        bool ok = *rg && strlen(rg) < sizeof p->account.region;
        for (const char *c = rg; ok && *c; c++)
            ok = (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-';
        if (strncmp(rg, "oss-", 4) == 0 && rg[4])
            error_at(ld, rs, "%s \"%s\" is an endpoint prefix, not a region id; drop \"oss-\": "
                             "region = \"%s\";", path, SHOWN(sh, rg), sh + 4);
        else if (!ok)
            error_at(ld, rs, "%s \"%s\" must be a region id like \"cn-hangzhou\" (lower-case "
                             "letters, digits and '-')", path, SHOWN(sh, rg));
        else
            memcpy(p->account.region, rg, strlen(rg) + 1);
    }
    char implied[OSS_REGION_MAX];
    if (p->account.endpoint[0] && p->account.region[0] &&
        endpoint_region(p->account.endpoint, implied, sizeof implied) &&
        strcasecmp(implied, p->account.region) != 0)
        warn_at(ld, rs, "%s \"%s\" differs from the endpoint's region \"%s\"; V4 signatures will "
                        "be rejected", path, p->account.region, implied);

    const config_setting_t *sv = config_setting_get_member(g, "signature_version");
    if (sv) {
        snprintf(path, sizeof path, "%s.signature_version", pfx);
        int t = config_setting_type(sv);
        long long v = (t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64)
                          ? config_setting_get_int64(sv) : 0;
        if (t != CONFIG_TYPE_INT && t != CONFIG_TYPE_INT64)
            error_at(ld, sv, "%s must be 1 or 4, not %s", path, type_name(sv));
        else if (v != 1 && v != 4)
            error_at(ld, sv, "%s must be 1 or 4, not %lld", path, v);
        else
            p->account.signature_version = (int)v;
    }

    snprintf(path, sizeof path, "%s.addressing", pfx);
    const char *ad = get_string(ld, g, "addressing", path);
    if (ad) {
        char sh[96];
        if (strcmp(ad, "virtual") == 0)
            p->account.addressing = OSS_ADDR_VIRTUAL;
        else if (strcmp(ad, "path") == 0)
            p->account.addressing = OSS_ADDR_PATH;
        else
            error_at(ld, config_setting_get_member(g, "addressing"),
                     "%s must be \"virtual\" (bucket.host) or \"path\" (host/bucket/), not "
                     "\"%s\"", path, SHOWN(sh, ad));
    }

    static const char *const flags[] = {"discover", "internal", "readonly", "insecure_tls"};
    bool *dst[] = {&p->discover, &p->internal, &p->readonly, &p->account.insecure_tls};
    for (size_t i = 0; i < NKEYS(flags); i++) {
        snprintf(path, sizeof path, "%s.%s", pfx, flags[i]);
        get_bool(ld, g, flags[i], path, dst[i]);
    }

    load_credentials(ld, g, pfx, p);

    const config_setting_t *bl = config_setting_get_member(g, "buckets");
    if (bl)
        load_buckets(ld, bl, pfx, p);
}

static void
load_network(struct loader *ld, const config_setting_t *root, struct oss_transport *net)
{
    const config_setting_t *g = get_group(ld, root, "network", "{ timeout_s = 10; retries = 3; }");
    if (!g)
        return;
    check_keys(ld, g, network_keys, NKEYS(network_keys), "in network");
    /* v starts at the default, so an absent key keeps it. */
    long long v = net->timeout_s;
    if (get_int(ld, g, "timeout_s", "network.timeout_s", 1, 3600, &v))
        net->timeout_s = (long)v;
    v = net->connect_timeout_s;
    if (get_int(ld, g, "connect_timeout_s", "network.connect_timeout_s", 1, 600, &v))
        net->connect_timeout_s = (long)v;
    v = net->retries;
    if (get_int(ld, g, "retries", "network.retries", 0, 10, &v))
        net->retries = (int)v;
    v = net->concurrency;
    if (get_int(ld, g, "concurrency", "network.concurrency", 1, 1024, &v))
        net->concurrency = (int)v;
    const char *ca = get_string_into(ld, g, "ca_file", "network.ca_file", net->ca_file,
                                     sizeof net->ca_file);
    /* Caught here, a missing CA bundle is one clear line instead of a TLS error per bucket. */
    if (ca && *ca && access(ca, R_OK) != 0) {
        int e = errno;
        char sh[160];
        error_at(ld, config_setting_get_member(g, "ca_file"),
                 "network.ca_file \"%s\" cannot be read: %s", SHOWN(sh, ca), strerror(e));
    }
    /* The proxy URL may carry a password: it is never echoed. */
    get_string_into(ld, g, "proxy", "network.proxy", net->proxy, sizeof net->proxy);
}

static void
load_ui(struct loader *ld, const config_setting_t *root, struct sse_ui_settings *ui)
{
    const config_setting_t *g = get_group(ld, root, "ui", "{ theme = \"default\"; confirm = true; }");
    if (!g)
        return;
    check_keys(ld, g, ui_keys, NKEYS(ui_keys), "in ui");
    const char *th = get_string(ld, g, "theme", "ui.theme");
    if (th) {
        char sh[96];
        if (strlen(th) >= sizeof ui->theme || !plain_name(th))
            error_at(ld, config_setting_get_member(g, "theme"),
                     "ui.theme \"%.100s\" must be a theme name like \"dark\" (letters, digits, '.', "
                     "'_', '-'; at most %zu bytes)", SHOWN(sh, th), sizeof ui->theme - 1);
        else
            memcpy(ui->theme, th, strlen(th) + 1);
    }
    get_bool(ld, g, "confirm", "ui.confirm", &ui->confirm);
}

static void
load_root(struct loader *ld, const config_setting_t *root, struct sse_config *cfg)
{
    check_keys(ld, root, top_keys, NKEYS(top_keys), "at the top level");

    long long ver = SSE_CONFIG_VERSION;
    const config_setting_t *vs = config_setting_get_member(root, "version");
    if (vs) {
        int t = config_setting_type(vs);
        if (t != CONFIG_TYPE_INT && t != CONFIG_TYPE_INT64)
            error_at(ld, vs, "version must be %d, not %s", SSE_CONFIG_VERSION, type_name(vs));
        else if ((ver = config_setting_get_int64(vs)) != SSE_CONFIG_VERSION)
            error_at(ld, vs, "version must be %d, not %lld (this sseadm reads version %d files)",
                     SSE_CONFIG_VERSION, ver, SSE_CONFIG_VERSION);
    }
    cfg->version = SSE_CONFIG_VERSION;

    const config_setting_t *pl = config_setting_get_member(root, "profiles");
    if (!pl) {
        error_at(ld, NULL, "has no profiles; add profiles = ( { name = \"...\"; endpoint = "
                           "\"https://...\"; region = \"...\"; } );");
    } else if (config_setting_type(pl) != CONFIG_TYPE_LIST) {
        error_at(ld, pl, "profiles must be a list of groups, like ( { name = \"...\"; ... } ), "
                         "not %s", type_name(pl));
    } else if (config_setting_length(pl) == 0) {
        error_at(ld, pl, "profiles is empty; define at least one profile: ( { name = \"...\"; "
                         "endpoint = \"https://...\"; region = \"...\"; } )");
    } else {
        int n = config_setting_length(pl);
        cfg->profiles = calloc((size_t)n, sizeof *cfg->profiles);
        if (!cfg->profiles) {
            ld->nomem = true;
            return;
        }
        for (int i = 0; i < n && !ld->nomem; i++) {
            const config_setting_t *g = config_setting_get_elem(pl, (unsigned)i);
            if (config_setting_type(g) != CONFIG_TYPE_GROUP) {
                error_at(ld, g, "profiles[%d] must be a group { name = ...; endpoint = ...; "
                                "region = ...; }, not %s", i, type_name(g));
                continue;
            }
            load_profile(ld, g, i, cfg);
        }
    }

    const config_setting_t *ds = config_setting_get_member(root, "default_profile");
    const char *dp = get_string(ld, root, "default_profile", "default_profile");
    if (dp && cfg->nprofiles) {
        bool found = false;
        for (size_t i = 0; i < cfg->nprofiles && !found; i++) {
            if (strcmp(cfg->profiles[i].account.profile, dp) == 0) {
                cfg->default_profile = i;
                found = true;
            }
        }
        if (!found) {
            const char *names[64];
            size_t k = 0;
            for (size_t i = 0; i < cfg->nprofiles && k < 64; i++)
                names[k++] = cfg->profiles[i].account.profile;
            char list[512], sh[96];
            join_names(list, sizeof list, names, k);
            error_at(ld, ds, "default_profile \"%s\" names no profile; known profiles: %s",
                     SHOWN(sh, dp), list);
        }
    }

    load_network(ld, root, &cfg->network);
    load_ui(ld, root, &cfg->ui);
}

static void
defaults(struct sse_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->version = SSE_CONFIG_VERSION;
    cfg->network.timeout_s = 10;
    cfg->network.connect_timeout_s = 5;
    cfg->network.retries = 3;
    cfg->network.concurrency = 32;
    snprintf(cfg->ui.theme, sizeof cfg->ui.theme, "default");
    cfg->ui.confirm = true;
}

/* libconfig keeps its own copies of the strings; wipe the secret ones before they are freed. */
static void
wipe_secrets(config_t *lc)
{
    const config_setting_t *pl = config_lookup(lc, "profiles");
    if (!pl || config_setting_type(pl) != CONFIG_TYPE_LIST)
        return;
    for (int i = 0; i < config_setting_length(pl); i++) {
        const config_setting_t *g = config_setting_get_elem(pl, (unsigned)i);
        if (config_setting_type(g) != CONFIG_TYPE_GROUP)
            continue;
        static const char *const keys[] = {"access_key_id", "access_key_secret", "security_token"};
        for (size_t k = 0; k < NKEYS(keys); k++) {
            const config_setting_t *s = config_setting_get_member(g, keys[k]);
            if (s && config_setting_type(s) == CONFIG_TYPE_STRING) {
                char *str = (char *)config_setting_get_string(s);
                if (str)
                    explicit_bzero(str, strlen(str));
            }
        }
    }
}

static enum sse_status
load_text(const char *text, const char *name, unsigned mode, bool from_file,
          struct sse_config *cfg, struct sse_diag *errors, struct sse_diag *warnings)
{
    defaults(cfg);
    struct loader ld = {.file = name, .errors = errors, .warnings = warnings};
    if (!(cfg->path = strdup(name)))
        return SSE_ERR_NOMEM;

    config_t lc;
    config_init(&lc);
    /* An @include'd file is looked up next to this one, not in the current directory. */
    char dir[4096];
    const char *slash = strrchr(name, '/');
    if (from_file && slash && (size_t)(slash - name) < sizeof dir) {
        memcpy(dir, name, (size_t)(slash - name));
        dir[slash - name] = '\0';
        ld.include_dir = dir[0] ? dir : "/";
        config_set_include_dir(&lc, ld.include_dir);
    }
    if (!config_read_string(&lc, text)) {
        const char *f = config_error_file(&lc) ? config_error_file(&lc) : name;
        const char *fdir = config_error_file(&lc) && f[0] != '/' ? ld.include_dir : NULL;
        const char *what = config_error_text(&lc) ? config_error_text(&lc) : "syntax error";
        char where[4400];
        snprintf(where, sizeof where, "%s%s%s:%d", fdir ? fdir : "", fdir ? "/" : "", f,
                 config_error_line(&lc));
        if (strcmp(what, "duplicate setting name") == 0)
            sse_diag_add(errors, "%s: a key is set twice in the same group; keep one", where);
        else if (strcmp(what, "syntax error") == 0)
            sse_diag_add(errors, "%s: syntax error; expected key = value; with strings in double "
                                 "quotes, lists in ( ) and groups in { }", where);
        else
            sse_diag_add(errors, "%s: %s", where, what); /* e.g. "cannot open include file" */
        wipe_secrets(&lc);
        config_destroy(&lc);
        config_cleanup(cfg);
        return SSE_ERR_CONFIG;
    }
    load_root(&ld, config_root_setting(&lc), cfg);
    wipe_secrets(&lc);
    config_destroy(&lc);

    if (from_file && ld.secret_key && (mode & 077))
        sse_diag_add(warnings, "%s: holds %s but is readable by others (mode %04o); chmod 600 %s",
                     name, ld.secret_key, mode & 07777, name);
    if (ld.nomem || ld.nerrors) {
        config_cleanup(cfg);
        return ld.nomem ? SSE_ERR_NOMEM : SSE_ERR_CONFIG;
    }
    return SSE_OK;
}

enum sse_status
config_load(const char *path, struct sse_config *cfg, struct sse_diag *errors,
            struct sse_diag *warnings)
{
    memset(cfg, 0, sizeof *cfg);
    char *text;
    size_t len;
    unsigned mode = 0;
    enum sse_status st = config_read_text(path, &text, &len, &mode, errors);
    if (st != SSE_OK)
        return st;
    if (memchr(text, '\0', len)) {
        sse_diag_add(errors, "%s: has a NUL byte; a configuration is a text file", path);
        st = SSE_ERR_CONFIG;
    } else {
        st = load_text(text, path, mode, true, cfg, errors, warnings);
    }
    explicit_bzero(text, len);
    free(text);
    return st;
}

enum sse_status
config_load_string(const char *text, const char *name, struct sse_config *cfg,
                   struct sse_diag *errors, struct sse_diag *warnings)
{
    return load_text(text, name ? name : "(string)", 0, false, cfg, errors, warnings);
}

/* "a, b, c" of the profile names into buf. */
static void
profile_list(const struct sse_config *cfg, char *buf, size_t size)
{
    const char *names[64];
    size_t k = 0;
    for (size_t i = 0; i < cfg->nprofiles && k < 64; i++)
        names[k++] = cfg->profiles[i].account.profile;
    join_names(buf, size, names, k);
}

int
config_find_profile(const struct sse_config *cfg, const char *name, struct sse_error *err)
{
    if (!cfg->nprofiles) {
        sse_error_set(err, SSE_ERR_CONFIG, "%s defines no profiles", cfg->path ? cfg->path : "");
        return -1;
    }
    if (!name)
        return (int)cfg->default_profile;
    for (size_t i = 0; i < cfg->nprofiles; i++)
        if (strcmp(cfg->profiles[i].account.profile, name) == 0)
            return (int)i;
    char list[300], sh[80];
    profile_list(cfg, list, sizeof list);
    sse_error_set(err, SSE_ERR_CONFIG, "no profile \"%s\" in %.100s; known profiles: %s",
                  SHOWN(sh, name), cfg->path ? cfg->path : "the configuration", list);
    return -1;
}

enum sse_status
config_resolve_credentials(struct sse_config *cfg, int use, const char *env_id,
                           const char *env_secret, const char *env_token, struct sse_error *err)
{
    if (use >= 0 && (size_t)use >= cfg->nprofiles)
        return sse_error_set(err, SSE_ERR_USAGE, "no profile with index %d", use);
    bool have_id = env_id && *env_id, have_secret = env_secret && *env_secret;
    char missing[300] = "";
    size_t nmissing = 0, used = 0;
    for (size_t i = 0; i < cfg->nprofiles; i++) {
        if (use >= 0 && (size_t)use != i)
            continue;
        struct oss_credentials *c = &cfg->profiles[i].account.creds;
        if (oss_credentials_present(c))
            continue;
        if (have_id && have_secret) {
            if (oss_credentials_set(c, env_id, env_secret,
                                    env_token && *env_token ? env_token : NULL) != SSE_OK)
                return sse_error_set(err, SSE_ERR_NOMEM, "out of memory storing credentials");
            continue;
        }
        if (used < sizeof missing) {
            int w = snprintf(missing + used, sizeof missing - used, "%s\"%s\"",
                             nmissing ? ", " : "", cfg->profiles[i].account.profile);
            used += w > 0 ? (size_t)w : 0;
        }
        nmissing++;
    }
    if (!nmissing)
        return SSE_OK;
    const char *partial = have_id && !have_secret   ? "; OSS_ACCESS_KEY_ID is set but "
                                                      "OSS_ACCESS_KEY_SECRET is not"
                          : !have_id && have_secret ? "; OSS_ACCESS_KEY_SECRET is set but "
                                                      "OSS_ACCESS_KEY_ID is not"
                                                    : "";
    return sse_error_set(err, SSE_ERR_CREDENTIALS,
                         "%s %s %s no credentials: add access_key_id and access_key_secret to the "
                         "profile in %.100s, or set OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET "
                         "(plus OSS_SESSION_TOKEN for STS)%s",
                         nmissing > 1 ? "profiles" : "profile", missing,
                         nmissing > 1 ? "have" : "has", cfg->path ? cfg->path : "the configuration",
                         partial);
}

void
config_cleanup(struct sse_config *cfg)
{
    if (!cfg)
        return;
    for (size_t i = 0; i < cfg->nprofiles; i++) {
        struct sse_profile *p = &cfg->profiles[i];
        oss_credentials_cleanup(&p->account.creds);
        for (size_t j = 0; j < p->nbuckets; j++)
            free(p->buckets[j]);
        free(p->buckets);
    }
    free(cfg->profiles);
    free(cfg->path);
    memset(cfg, 0, sizeof *cfg);
}

enum sse_status
config_default_path(char *buf, size_t size)
{
    const char *env = getenv("SSEADM_CONFIG");
    int n;
    if (env && *env) {
        n = snprintf(buf, size, "%s", env);
    } else if ((env = getenv("XDG_CONFIG_HOME")) && env[0] == '/') {
        n = snprintf(buf, size, "%s/sseadm/config", env);
    } else if ((env = getenv("HOME")) && *env) {
        n = snprintf(buf, size, "%s/.config/sseadm/config", env);
    } else {
        if (size)
            buf[0] = '\0';
        return SSE_ERR_CONFIG;
    }
    if (n < 0 || (size_t)n >= size) {
        if (size)
            buf[0] = '\0';
        return SSE_ERR_INVALID;
    }
    return SSE_OK;
}
