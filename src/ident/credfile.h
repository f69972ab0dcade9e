/* credfile.h — the Alibaba Cloud credentials file (~/.alibabacloud/credentials), an ini file:
 * [section] lines, key = value (or key: value) lines, '#' and ';' comment lines; values trimmed,
 * one pair of surrounding quotes removed; no inline comments (a secret may hold '#', as Python's
 * configparser reads it). Every value in protected memory. Pure: the text is given. */
#ifndef SSE_IDENT_CREDFILE_H
#define SSE_IDENT_CREDFILE_H

#include <stddef.h>

#include "core/status.h"
#include "ident/reader.h"

#define IDENT_INI_KEY_MAX 64
#define IDENT_INI_SECTION_MAX 128
#define IDENT_INI_SECTIONS_MAX 1000
#define IDENT_INI_ENTRIES_MAX 64
#define IDENT_INI_VALUE_MAX 16384

struct ident_ini_entry {
    char key[IDENT_INI_KEY_MAX];
    char *value;                /* protected memory */
    int line;
};

struct ident_ini_section {
    char name[IDENT_INI_SECTION_MAX];
    int line;
    struct ident_ini_entry *entries;
    size_t nentries;
};

struct ident_ini {
    char path[IDENT_PATH_MAX];
    struct ident_ini_section *sections;
    size_t nsections;
    const char *secret_field;   /* "access_key_secret" when a section sets one, else NULL */
};

/* Parses f's text (state TEXT). SSE_ERR_CONFIG "FILE:LINE: what is wrong" for a line that is
 * none of the above, a key outside a section, a section or a key given twice, names or values
 * too long, a NUL byte. out is zeroed first, and left zeroed on failure. */
enum sse_status ident_ini_parse(const struct ident_file *f, struct ident_ini *out,
                                struct sse_error *err);
void ident_ini_cleanup(struct ident_ini *c);

const struct ident_ini_section *ident_ini_section(const struct ident_ini *c, const char *name);
/* The entry of that key in s, or NULL. */
const struct ident_ini_entry *ident_ini_entry(const struct ident_ini_section *s, const char *key);

#endif
