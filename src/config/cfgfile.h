/* cfgfile.h — libconfig file loading with FILE:LINE diagnostics: shared by the configuration,
 * theme and policy loaders. One struct cfgfile per file being loaded: it holds the parsed tree
 * and counts the messages reported against it, so a loader reads every setting, reports every
 * problem (not only the first) and asks cfgfile_status at the end. */
#ifndef SSE_CONFIG_CFGFILE_H
#define SSE_CONFIG_CFGFILE_H

#include <libconfig.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/diag.h"
#include "core/status.h"

/* Largest configuration, theme or policy file read (they are hand-written; anything bigger is a
 * mistake). */
#define SSE_CONFIG_MAX_BYTES (1024 * 1024)
/* Number of entries of a key-name array. */
#define NKEYS(a) (sizeof(a) / sizeof((a)[0]))

/* How a loader words what is not a plain "setting X is wrong". NULL means the generic wording. */
struct cfgfile_wording {
    const char *duplicate; /* after "FILE:LINE: ", for a key set twice in one group */
    const char *syntax;    /* after "FILE:LINE: ", for a syntax error */
    bool list_keys_always; /* unknown keys: "; known keys: ..." even after "(did you mean ...)" */
};

/* One file being loaded. Set up by cfgfile_open_file / cfgfile_open_string; released with
 * cfgfile_close. Never copied: include_dir points into it. */
struct cfgfile {
    const char *file;        /* name used in messages (borrowed) */
    const char *include_dir; /* where @include looks (the file's directory), or NULL */
    struct sse_diag *errors, *warnings; /* either may be NULL */
    size_t nerrors;          /* counted even when errors is NULL or full */
    bool nomem;              /* set by the loader when an allocation failed */
    const struct cfgfile_wording *wording;
    config_t lc;
    char dir[4096];
};

/* Reads path (a regular file of at most SSE_CONFIG_MAX_BYTES, without NUL bytes) and parses it;
 * @include looks next to it. what names the kind of file for messages ("a policy"). *mode (may
 * be NULL) gets the file's st_mode, 0 when it could not be read. Returns SSE_OK (tree ready),
 * SSE_ERR_IO (missing, unreadable, too big), SSE_ERR_CONFIG (NUL byte, syntax error) or
 * SSE_ERR_NOMEM, with the reason in errors. Call cfgfile_close afterwards in every case. */
enum sse_status cfgfile_open_file(struct cfgfile *cf, const char *path, const char *what,
                                  const struct cfgfile_wording *wording, struct sse_diag *errors,
                                  struct sse_diag *warnings, unsigned *mode);
/* The same from text in memory; name is used in messages; @include looks in the current
 * directory. */
enum sse_status cfgfile_open_string(struct cfgfile *cf, const char *text, const char *name,
                                    const struct cfgfile_wording *wording,
                                    struct sse_diag *errors, struct sse_diag *warnings);
/* The top-level group (after a successful open). */
const config_setting_t *cfgfile_root(const struct cfgfile *cf);
/* SSE_OK when nothing was reported, else SSE_ERR_NOMEM (nomem) or SSE_ERR_CONFIG. */
enum sse_status cfgfile_status(const struct cfgfile *cf);
/* Frees the tree (wipe secret strings in it first). Safe after a failed open. */
void cfgfile_close(struct cfgfile *cf);

/* An error at the setting's FILE:LINE (the file's name alone when at is NULL), counted; a setting
 * from an @include'd file names that file. */
void cfgfile_error(struct cfgfile *cf, const config_setting_t *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The same into warnings, not counted. */
void cfgfile_warn(struct cfgfile *cf, const config_setting_t *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* "a string", "an integer", "a group { }", ... for "must be X, not <type>". */
const char *cfgfile_type_name(const config_setting_t *s);
/* The file setting s was read from (this one's, or an @include'd one's) as a path to open; NULL
 * s gives this file. Returns buf. */
const char *cfgfile_source_path(const struct cfgfile *cf, const config_setting_t *s, char *buf,
                                size_t size);
/* The candidate within edit distance 2 of word (closest first), or NULL: for "did you mean". */
const char *cfgfile_suggest(const char *word, const char *const *candidates, size_t n);
/* " (did you mean "X"?)" or "" into buf; returns buf. */
const char *cfgfile_hint(const char *word, const char *const *candidates, size_t n, char *buf,
                         size_t size);
/* "a, b, c" into buf, ending in "..." when cut to fit. */
void cfgfile_join_names(char *buf, size_t size, const char *const *names, size_t n);

/* Reports member m, whose name is not one of keys: `unknown key "K" WHERE (did you mean "X"?)`,
 * or `...; known keys: a, b` when nothing is close (see list_keys_always). where reads
 * "in profile "x"" or "at the top level". */
void cfgfile_unknown_key(struct cfgfile *cf, const config_setting_t *m, const char *const *keys,
                         size_t nkeys, const char *where);
/* Reports every member of group whose name is not one of keys, as cfgfile_unknown_key does. */
void cfgfile_check_keys(struct cfgfile *cf, const config_setting_t *group,
                        const char *const *keys, size_t nkeys, const char *where);

/* Typed getters: group's member key, named path ("profiles[0].region") in messages. Absent is
 * not an error; a wrong type or value is reported and the result left alone. */

/* The string ("" for an empty one), or NULL when absent or not a string ("PATH must be EXPECT,
 * not <type>"; EXPECT NULL = "a string in double quotes"). */
const char *cfgfile_get_string(struct cfgfile *cf, const config_setting_t *group, const char *key,
                               const char *path, const char *expect);
/* The string copied into dst[size]; NULL (dst untouched) when absent, wrong or too long. */
const char *cfgfile_get_string_into(struct cfgfile *cf, const config_setting_t *group,
                                    const char *key, const char *path, char *dst, size_t size);
/* true/false into *out. */
void cfgfile_get_bool(struct cfgfile *cf, const config_setting_t *group, const char *key,
                      const char *path, bool *out);
/* An integer within [min, max] into *out; false when present but wrong. */
bool cfgfile_get_int(struct cfgfile *cf, const config_setting_t *group, const char *key,
                     const char *path, long long min, long long max, long long *out);
/* The member when it is a group, else NULL ("KEY must be a group, like KEY = EXAMPLE;"). */
const config_setting_t *cfgfile_get_group(struct cfgfile *cf, const config_setting_t *parent,
                                          const char *key, const char *example);

#endif
