/* cfgfile.c — libconfig file loading with FILE:LINE diagnostics: shared by the configuration,
 * theme and policy loaders. */
#define _GNU_SOURCE /* fopencookie, memrchr, memmem */
#include "config/cfgfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const struct cfgfile_wording generic_wording = {
    .duplicate = "a key is set twice in the same group; keep one",
    .syntax = "syntax error; expected key = value; with strings in double quotes, lists in ( ) "
              "and groups in { }",
};

/* ---- reading and parsing ------------------------------------------------------------------ */

/* Reads a whole text file of at most SSE_CONFIG_MAX_BYTES (caller wipes and frees *text; *mode
 * gets st_mode). On failure adds "FILE: why" to errors and returns SSE_ERR_IO (or NOMEM). */
static enum sse_status
read_text(const char *path, char **text, size_t *len, unsigned *mode, struct sse_diag *errors)
{
    *text = NULL;
    *len = 0;
    /* O_NONBLOCK: opening a FIFO would otherwise wait for a writer, forever, before the check
     * below could refuse it (it changes nothing for a regular file). */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
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

static void
init(struct cfgfile *cf, const char *name, const struct cfgfile_wording *wording,
     struct sse_diag *errors, struct sse_diag *warnings)
{
    memset(cf, 0, sizeof *cf);
    cf->file = name;
    cf->wording = wording ? wording : &generic_wording;
    cf->errors = errors;
    cf->warnings = warnings;
    config_init(&cf->lc);
}

/* Deepest @include chain checked (libconfig's own limit is lower), and the most files read in
 * all: a file that includes another twice, which includes another twice..., stays cheap. */
#define INCLUDE_DEPTH_MAX 10
#define INCLUDE_FILES_MAX 64

/* The files of the @include chain being checked, outermost first: a file already on it is a loop. */
struct include_chain {
    dev_t dev[INCLUDE_DEPTH_MAX + 1];
    ino_t ino[INCLUDE_DEPTH_MAX + 1];
    int depth;
    int files;   /* read so far */
};

/* Whether line (up to eol) ends inside a block comment, given that it starts in one when
 * *in_comment; also whether an @include at its start counts (not in a comment). Strings are
 * skipped, so a comment opener inside a value is not a comment. */
static bool
include_counts(const char *line, const char *eol, bool *in_comment)
{
    bool counts = !*in_comment;
    bool in_string = false;
    for (const char *c = line; c < eol && *c; c++) {
        if (*in_comment) {
            if (c[0] == '*' && c[1] == '/') {
                *in_comment = false;
                c++;
            }
        } else if (in_string) {
            if (*c == '\\' && c[1])
                c++;
            else if (*c == '"')
                in_string = false;
        } else if (*c == '"') {
            in_string = true;
        } else if (c[0] == '/' && c[1] == '*') {
            *in_comment = true;
            c++;
        } else if (*c == '#' || (c[0] == '/' && c[1] == '/')) {
            break; /* the rest of the line is a comment */
        }
    }
    return counts;
}

/* libconfig 1.5 gives an @include'd path straight to its scanner, which exits the process on a
 * directory and reads a device such as /dev/zero forever, and has no hook to refuse them. So each
 * @include line of text (from file name; as libconfig's scanner finds them: at the start of a line,
 * outside comments) is checked first: it must name a regular file within the size cap that is not
 * already being included. Paths that do not exist are left to libconfig, which says "cannot open
 * include file". Recursive, within INCLUDE_DEPTH_MAX and INCLUDE_FILES_MAX. */
static bool
includes_ok(struct cfgfile *cf, const char *text, const char *name, struct include_chain *chain)
{
    bool ok = true, in_comment = false;
    int line = 1;
    for (const char *p = text; *p; line++) {
        const char *eol = strchr(p, '\n');
        const char *q = p + strspn(p, " \t");
        bool counts = include_counts(p, eol ? eol : p + strlen(p), &in_comment);
        if (counts && strncmp(q, "@include", 8) == 0 && (q[8] == ' ' || q[8] == '\t')) {
            q += 8 + strspn(q + 8, " \t");
            char inc[1024];
            size_t n = 0;
            if (*q == '"')
                for (q++; *q && *q != '"' && *q != '\n' && n + 1 < sizeof inc; q++) {
                    if (*q == '\\' && q[1] && q[1] != '\n')
                        q++;
                    inc[n++] = *q;
                }
            inc[n] = '\0';
            bool relative = inc[0] != '/' && cf->include_dir;
            char path[4400];
            snprintf(path, sizeof path, "%s%s%s", relative ? cf->include_dir : "",
                     relative ? "/" : "", inc);
            struct stat st;
            const char *why = NULL;
            /* A path that cannot be stat'ed is left to libconfig: it says "cannot open". */
            bool found = inc[0] && stat(path, &st) == 0;
            bool loop = false;
            for (int k = 0; found && k < chain->depth && !loop; k++)
                loop = chain->dev[k] == st.st_dev && chain->ino[k] == st.st_ino;
            if (!inc[0])
                why = "names no file";
            else if (!found)
                why = NULL;
            else if (!S_ISREG(st.st_mode))
                why = S_ISDIR(st.st_mode) ? "is a directory, not a file" : "is not a regular file";
            else if (st.st_size > SSE_CONFIG_MAX_BYTES)
                why = "is too big for a configuration file";
            else if (loop)
                why = "includes a file that is already being included (a loop)";
            else if (chain->depth >= INCLUDE_DEPTH_MAX)
                why = "is nested too deeply";
            else if (chain->files >= INCLUDE_FILES_MAX)
                why = "is one include too many (at most 64 files)";
            if (why) {
                sse_diag_add(cf->errors, "%s:%d: @include \"%s\" %s", name, line, inc, why);
                cf->nerrors++;
                ok = false;
            } else if (found) { /* a regular file: its own @include lines next */
                char *sub;
                size_t len;
                struct sse_diag ignored = { 0 }; /* unreadable: libconfig says so itself */
                chain->files++;
                if (read_text(path, &sub, &len, NULL, &ignored) == SSE_OK) {
                    chain->dev[chain->depth] = st.st_dev;
                    chain->ino[chain->depth] = st.st_ino;
                    chain->depth++;
                    ok = includes_ok(cf, sub, path, chain) && ok;
                    chain->depth--;
                    explicit_bzero(sub, len);
                    free(sub);
                }
                sse_diag_cleanup(&ignored);
            }
        }
        if (!eol)
            break;
        p = eol + 1;
    }
    return ok;
}

/* The text libconfig parses, fed through a stream. Read from a string, libconfig's scanner copies
 * the whole text (keys and all) into a buffer of its own and frees it unwiped, where a core dump
 * would find it. Read from a stream, the scanner refills one buffer as it goes; the text is
 * followed by comments that carry nothing and refill it more than twice over, so that what the
 * buffer holds when it is freed is comments. The comments add no line: messages keep their
 * lines. (After a line comment at the very end, a newline comes first so that the comments do
 * not become one long token, which would make the scanner grow its buffer, copying.) */
struct feed {
    const char *text;
    size_t len, pos;
    size_t pad;   /* padding bytes still to give */
    bool newline; /* a newline still to give before the padding */
};

#define FEED_PADDING (64 * 1024)

static ssize_t
feed_read(void *cookie, char *buf, size_t size)
{
    struct feed *f = cookie;
    size_t n = 0;
    if (f->pos < f->len) {
        n = f->len - f->pos < size ? f->len - f->pos : size;
        memcpy(buf, f->text + f->pos, n);
        f->pos += n;
        return (ssize_t)n;
    }
    if (f->newline && size) {
        f->newline = false;
        buf[n++] = '\n';
    }
    static const char comment[] = "/**/";
    while (n < size && f->pad) {
        buf[n++] = comment[(FEED_PADDING - f->pad) % 4];
        f->pad--;
    }
    return (ssize_t)n;
}

/* Whether text's last line, unterminated, may end in a line comment (a '#' or "//" on it). */
static bool
ends_in_line_comment(const char *text, size_t len)
{
    if (!len || text[len - 1] == '\n')
        return false;
    const char *line = memrchr(text, '\n', len);
    line = line ? line + 1 : text;
    size_t n = len - (size_t)(line - text);
    return memchr(line, '#', n) || memmem(line, n, "//", 2);
}

/* Parses text with libconfig through a feed (see struct feed); true when it parsed. */
static bool
read_fed(config_t *lc, const char *text)
{
    size_t len = strlen(text);
    struct feed f = { text, len, 0, FEED_PADDING, ends_in_line_comment(text, len) };
    FILE *in = fopencookie(&f, "r", (cookie_io_functions_t){ .read = feed_read });
    if (!in)
        return config_read_string(lc, text) == CONFIG_TRUE;
    setvbuf(in, NULL, _IONBF, 0); /* no stdio buffer: a copy of its own */
    bool ok = config_read(lc, in) == CONFIG_TRUE;
    fclose(in);
    return ok;
}

/* text → tree; a syntax error becomes one counted "FILE:LINE: ..." message. */
static enum sse_status
parse(struct cfgfile *cf, const char *text)
{
    /* The file itself heads the chain, so that including it again is a loop. */
    struct include_chain chain = { .depth = 0 };
    struct stat self;
    if (cf->file && stat(cf->file, &self) == 0) {
        chain.dev[0] = self.st_dev;
        chain.ino[0] = self.st_ino;
        chain.depth = 1;
    }
    if (!includes_ok(cf, text, cf->file, &chain))
        return SSE_ERR_CONFIG;
    if (read_fed(&cf->lc, text))
        return SSE_OK;
    const config_t *lc = &cf->lc;
    /* An error in an @include'd file names that file, next to this one when relative. */
    const char *f = config_error_file(lc) ? config_error_file(lc) : cf->file;
    const char *fdir = config_error_file(lc) && f[0] != '/' ? cf->include_dir : NULL;
    const char *what = config_error_text(lc) ? config_error_text(lc) : "syntax error";
    char where[4400];
    snprintf(where, sizeof where, "%s%s%s:%d", fdir ? fdir : "", fdir ? "/" : "", f,
             config_error_line(lc));
    if (strcmp(what, "duplicate setting name") == 0)
        sse_diag_add(cf->errors, "%s: %s", where, cf->wording->duplicate);
    else if (strcmp(what, "syntax error") == 0)
        sse_diag_add(cf->errors, "%s: %s", where, cf->wording->syntax);
    else
        sse_diag_add(cf->errors, "%s: %s", where, what); /* e.g. "cannot open include file" */
    cf->nerrors++;
    return SSE_ERR_CONFIG;
}

enum sse_status
cfgfile_open_file(struct cfgfile *cf, const char *path, const char *what,
                  const struct cfgfile_wording *wording, struct sse_diag *errors,
                  struct sse_diag *warnings, unsigned *mode)
{
    init(cf, path, wording, errors, warnings);
    if (mode)
        *mode = 0;
    char *text;
    size_t len;
    enum sse_status st = read_text(path, &text, &len, mode, errors);
    if (st != SSE_OK)
        return st;
    if (memchr(text, '\0', len)) {
        sse_diag_add(errors, "%s: has a NUL byte; %s is a text file", path, what);
        cf->nerrors++;
        st = SSE_ERR_CONFIG;
    } else {
        /* An @include'd file is looked up next to this one, not in the current directory. */
        const char *slash = strrchr(path, '/');
        if (slash && (size_t)(slash - path) < sizeof cf->dir) {
            memcpy(cf->dir, path, (size_t)(slash - path));
            cf->dir[slash - path] = '\0';
            cf->include_dir = cf->dir[0] ? cf->dir : "/";
            config_set_include_dir(&cf->lc, cf->include_dir);
        }
        st = parse(cf, text);
    }
    /* The text may hold keys: wipe it whatever it is. */
    explicit_bzero(text, len);
    free(text);
    return st;
}

enum sse_status
cfgfile_open_string(struct cfgfile *cf, const char *text, const char *name,
                    const struct cfgfile_wording *wording, struct sse_diag *errors,
                    struct sse_diag *warnings)
{
    init(cf, name, wording, errors, warnings);
    return parse(cf, text);
}

const config_setting_t *
cfgfile_root(const struct cfgfile *cf)
{
    return config_root_setting(&cf->lc);
}

enum sse_status
cfgfile_status(const struct cfgfile *cf)
{
    return cf->nomem ? SSE_ERR_NOMEM : cf->nerrors ? SSE_ERR_CONFIG : SSE_OK;
}

void
cfgfile_close(struct cfgfile *cf)
{
    config_destroy(&cf->lc);
}

/* ---- messages ----------------------------------------------------------------------------- */

static void __attribute__((format(printf, 4, 0)))
vreport(const struct cfgfile *cf, struct sse_diag *d, const config_setting_t *at, const char *fmt,
        va_list ap)
{
    char msg[1024];
    vsnprintf(msg, sizeof msg, fmt, ap);
    /* A setting from an @include'd file names that file. */
    char file[4400];
    cfgfile_source_path(cf, at, file, sizeof file);
    unsigned line = at ? config_setting_source_line(at) : 0;
    if (line)
        sse_diag_add(d, "%s:%u: %s", file, line, msg);
    else
        sse_diag_add(d, "%s: %s", file, msg);
}

const char *
cfgfile_source_path(const struct cfgfile *cf, const config_setting_t *s, char *buf, size_t size)
{
    /* libconfig keeps an included file's name as written: relative ones are next to this file. */
    const char *file = s && config_setting_source_file(s) ? config_setting_source_file(s) : cf->file;
    const char *dir =
        file != cf->file && file[0] != '/' && cf->include_dir ? cf->include_dir : NULL;
    snprintf(buf, size, "%s%s%s", dir ? dir : "", dir ? "/" : "", file);
    return buf;
}

void
cfgfile_error(struct cfgfile *cf, const config_setting_t *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(cf, cf->errors, at, fmt, ap);
    va_end(ap);
    cf->nerrors++;
}

void
cfgfile_warn(struct cfgfile *cf, const config_setting_t *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(cf, cf->warnings, at, fmt, ap);
    va_end(ap);
}

const char *
cfgfile_type_name(const config_setting_t *s)
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
cfgfile_suggest(const char *word, const char *const *candidates, size_t n)
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

const char *
cfgfile_hint(const char *word, const char *const *candidates, size_t n, char *buf, size_t size)
{
    const char *h = cfgfile_suggest(word, candidates, n);
    if (h)
        snprintf(buf, size, " (did you mean \"%s\"?)", h);
    else
        buf[0] = '\0';
    return buf;
}

void
cfgfile_join_names(char *buf, size_t size, const char *const *names, size_t n)
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

/* ---- keys and typed values ---------------------------------------------------------------- */

void
cfgfile_unknown_key(struct cfgfile *cf, const config_setting_t *m, const char *const *keys,
                    size_t nkeys, const char *where)
{
    const char *name = config_setting_name(m);
    const char *hint = cfgfile_suggest(name, keys, nkeys);
    if (hint && !cf->wording->list_keys_always) {
        cfgfile_error(cf, m, "unknown key \"%s\" %s (did you mean \"%s\"?)", name, where, hint);
        return;
    }
    char list[512];
    cfgfile_join_names(list, sizeof list, keys, nkeys);
    if (hint)
        cfgfile_error(cf, m, "unknown key \"%s\" %s (did you mean \"%s\"?); known keys: %s", name,
                      where, hint, list);
    else
        cfgfile_error(cf, m, "unknown key \"%s\" %s; known keys: %s", name, where, list);
}

void
cfgfile_check_keys(struct cfgfile *cf, const config_setting_t *group, const char *const *keys,
                   size_t nkeys, const char *where)
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
        if (!known)
            cfgfile_unknown_key(cf, m, keys, nkeys, where);
    }
}

const char *
cfgfile_get_string(struct cfgfile *cf, const config_setting_t *group, const char *key,
                   const char *path, const char *expect)
{
    const config_setting_t *s = config_setting_get_member(group, key);
    if (!s)
        return NULL;
    if (config_setting_type(s) != CONFIG_TYPE_STRING) {
        cfgfile_error(cf, s, "%s must be %s, not %s", path,
                      expect ? expect : "a string in double quotes", cfgfile_type_name(s));
        return NULL;
    }
    const char *v = config_setting_get_string(s);
    return v ? v : "";
}

const char *
cfgfile_get_string_into(struct cfgfile *cf, const config_setting_t *group, const char *key,
                        const char *path, char *dst, size_t size)
{
    const char *v = cfgfile_get_string(cf, group, key, path, NULL);
    if (!v)
        return NULL;
    if (strlen(v) >= size) {
        cfgfile_error(cf, config_setting_get_member(group, key),
                      "%s is too long (at most %zu bytes)", path, size - 1);
        return NULL;
    }
    memcpy(dst, v, strlen(v) + 1);
    return v;
}

void
cfgfile_get_bool(struct cfgfile *cf, const config_setting_t *group, const char *key,
                 const char *path, bool *out)
{
    const config_setting_t *s = config_setting_get_member(group, key);
    if (!s)
        return;
    if (config_setting_type(s) != CONFIG_TYPE_BOOL) {
        cfgfile_error(cf, s, "%s must be true or false, not %s", path, cfgfile_type_name(s));
        return;
    }
    *out = config_setting_get_bool(s) != 0;
}

bool
cfgfile_get_int(struct cfgfile *cf, const config_setting_t *group, const char *key,
                const char *path, long long min, long long max, long long *out)
{
    const config_setting_t *s = config_setting_get_member(group, key);
    if (!s)
        return true;
    int t = config_setting_type(s);
    if (t != CONFIG_TYPE_INT && t != CONFIG_TYPE_INT64) {
        cfgfile_error(cf, s, "%s must be an integer from %lld to %lld, not %s", path, min, max,
                      cfgfile_type_name(s));
        return false;
    }
    long long v = config_setting_get_int64(s);
    if (v < min || v > max) {
        cfgfile_error(cf, s, "%s must be an integer from %lld to %lld, not %lld", path, min, max,
                      v);
        return false;
    }
    *out = v;
    return true;
}

const config_setting_t *
cfgfile_get_group(struct cfgfile *cf, const config_setting_t *parent, const char *key,
                  const char *example)
{
    const config_setting_t *s = config_setting_get_member(parent, key);
    if (!s)
        return NULL;
    if (config_setting_type(s) != CONFIG_TYPE_GROUP) {
        cfgfile_error(cf, s, "%s must be a group, like %s = %s;, not %s", key, key, example,
                      cfgfile_type_name(s));
        return NULL;
    }
    return s;
}
