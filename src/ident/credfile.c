/* credfile.c — the credentials ini file, line by line. */
#include "ident/credfile.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/sanitize.h"
#include "oss/account.h"

void
ident_ini_cleanup(struct ident_ini *c)
{
    for (size_t i = 0; c->sections && i < c->nsections; i++) {
        struct ident_ini_section *s = &c->sections[i];
        for (size_t k = 0; k < s->nentries; k++)
            oss_secret_free(s->entries[k].value);
        free(s->entries);
    }
    free(c->sections);
    memset(c, 0, sizeof *c);
}

const struct ident_ini_section *
ident_ini_section(const struct ident_ini *c, const char *name)
{
    for (size_t i = 0; i < c->nsections; i++)
        if (strcmp(c->sections[i].name, name) == 0)
            return &c->sections[i];
    return NULL;
}

const struct ident_ini_entry *
ident_ini_entry(const struct ident_ini_section *s, const char *key)
{
    for (size_t i = 0; s && i < s->nentries; i++)
        if (strcmp(s->entries[i].key, key) == 0)
            return &s->entries[i];
    return NULL;
}

static bool
blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

/* [b, e) without the blanks around it. */
static void
trim(const char **b, const char **e)
{
    while (*b < *e && blank(**b))
        (*b)++;
    while (*e > *b && blank((*e)[-1]))
        (*e)--;
}

static bool
name_ok(const char *b, const char *e)
{
    for (; b < e; b++)
        if ((unsigned char)*b < 0x20 || *b == 0x7f)
            return false;
    return true;
}

enum sse_status
ident_ini_parse(const struct ident_file *f, struct ident_ini *out, struct sse_error *err)
{
    memset(out, 0, sizeof *out);
    snprintf(out->path, sizeof out->path, "%s", f->path);
    char file[IDENT_PATH_MAX];
    sanitize_text(f->path, file, sizeof file);
    const char *text = f->text ? f->text : "";
    size_t len = f->text ? f->len : 0;
    if (memchr(text, '\0', len))
        return sse_error_set(err, SSE_ERR_CONFIG, "%s: has a NUL byte; it must be a text file",
                             file);
    enum sse_status st = SSE_OK;
    struct ident_ini_section *cur = NULL;
    int line = 0;
    for (const char *p = text; p < text + len && st == SSE_OK;) {
        line++;
        const char *eol = memchr(p, '\n', (size_t)(text + len - p));
        const char *b = p, *e = eol ? eol : text + len;
        p = eol ? eol + 1 : text + len;
        trim(&b, &e);
        if (b == e || *b == '#' || *b == ';')
            continue;
        if (*b == '[') {
            const char *close = memchr(b, ']', (size_t)(e - b));
            if (!close || close != e - 1) {
                st = sse_error_set(err, SSE_ERR_CONFIG, "%s:%d: a section line must be [NAME]",
                                   file, line);
                break;
            }
            const char *nb = b + 1, *ne = close;
            trim(&nb, &ne);
            size_t n = (size_t)(ne - nb);
            if (n == 0 || n >= IDENT_INI_SECTION_MAX || !name_ok(nb, ne)) {
                st = sse_error_set(err, SSE_ERR_CONFIG, "%s:%d: a section name must be 1 to %d "
                                   "printable characters", file, line, IDENT_INI_SECTION_MAX - 1);
                break;
            }
            char name[IDENT_INI_SECTION_MAX];
            memcpy(name, nb, n);
            name[n] = '\0';
            const struct ident_ini_section *dup = ident_ini_section(out, name);
            if (dup) {
                char shown[IDENT_INI_SECTION_MAX];
                sanitize_text(name, shown, sizeof shown);
                st = sse_error_set(err, SSE_ERR_CONFIG, "%s:%d: section [%s] is given twice (first "
                                   "at line %d)", file, line, shown, dup->line);
                break;
            }
            if (out->nsections == IDENT_INI_SECTIONS_MAX) {
                st = sse_error_set(err, SSE_ERR_CONFIG, "%s:%d: more than %d sections", file,
                                   line, IDENT_INI_SECTIONS_MAX);
                break;
            }
            struct ident_ini_section *grown =
                realloc(out->sections, (out->nsections + 1) * sizeof *grown);
            if (!grown) {
                st = sse_error_set(err, SSE_ERR_NOMEM, "out of memory reading %s", file);
                break;
            }
            out->sections = grown;
            cur = &out->sections[out->nsections++];
            memset(cur, 0, sizeof *cur);
            memcpy(cur->name, name, n + 1);
            cur->line = line;
            continue;
        }
        /* key = value, or key: value; the first of the two separates. */
        const char *sep = b;
        while (sep < e && *sep != '=' && *sep != ':')
            sep++;
        if (sep == e) {
            st = sse_error_set(err, SSE_ERR_CONFIG, "%s:%d: expected [section], key = value or a "
                               "comment", file, line);
            break;
        }
        const char *kb = b, *ke = sep, *vb = sep + 1, *ve = e;
        trim(&kb, &ke);
        trim(&vb, &ve);
        size_t kn = (size_t)(ke - kb), vn = (size_t)(ve - vb);
        if (kn == 0 || kn >= IDENT_INI_KEY_MAX || !name_ok(kb, ke)) {
            st = sse_error_set(err, SSE_ERR_CONFIG, "%s:%d: a key must be 1 to %d printable "
                               "characters before '='", file, line, IDENT_INI_KEY_MAX - 1);
            break;
        }
        char key[IDENT_INI_KEY_MAX], shown[IDENT_INI_KEY_MAX], where[IDENT_INI_SECTION_MAX];
        memcpy(key, kb, kn);
        key[kn] = '\0';
        sanitize_text(key, shown, sizeof shown);
        sanitize_text(cur ? cur->name : "", where, sizeof where);
        if (!cur) {
            st = sse_error_set(err, SSE_ERR_CONFIG, "%s:%d: %s is outside any [section]", file,
                               line, shown);
            break;
        }
        const struct ident_ini_entry *dup = ident_ini_entry(cur, key);
        if (dup) {
            st = sse_error_set(err, SSE_ERR_CONFIG, "%s:%d: %s is given twice in [%s] (first at "
                               "line %d)", file, line, shown, where, dup->line);
            break;
        }
        if (vn >= 2 && (*vb == '"' || *vb == '\'') && ve[-1] == *vb) {
            vb++;
            ve--;
            vn -= 2;
        }
        if (vn > IDENT_INI_VALUE_MAX) {
            st = sse_error_set(err, SSE_ERR_CONFIG, "%s:%d: the value of %s is longer than %d "
                               "bytes", file, line, shown, IDENT_INI_VALUE_MAX);
            break;
        }
        if (cur->nentries == IDENT_INI_ENTRIES_MAX) {
            st = sse_error_set(err, SSE_ERR_CONFIG, "%s:%d: more than %d keys in [%s]", file, line,
                               IDENT_INI_ENTRIES_MAX, where);
            break;
        }
        struct ident_ini_entry *grown = realloc(cur->entries, (cur->nentries + 1) * sizeof *grown);
        char *value = grown ? oss_secret_dupn(vb, vn) : NULL;
        if (grown)
            cur->entries = grown;
        if (!value) {
            st = sse_error_set(err, SSE_ERR_NOMEM, "out of memory reading %s", file);
            break;
        }
        struct ident_ini_entry *en = &cur->entries[cur->nentries++];
        memset(en, 0, sizeof *en);
        memcpy(en->key, key, kn + 1);
        en->value = value;
        en->line = line;
        if (strcmp(key, "access_key_secret") == 0 && vn)
            out->secret_field = "access_key_secret";
    }
    if (st != SSE_OK)
        ident_ini_cleanup(out);
    return st;
}
