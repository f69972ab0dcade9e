/* keys.c — the keymap, key names and help texts generated from actions.def. */
#include "ui/keys.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "core/i18n.h"

#define FN(k) (KEYS_FN + (k))
#define CTRL(c) ((c) & 0x1f)

struct action_info {
    const char *group, *help, *bar;
    unsigned scopes;
    const int *keys; /* ends with 0 */
};

#define ACTION(name, scopes, group, help, bar, ...) static const int keys_##name[] = { __VA_ARGS__, 0 };
#include "ui/actions.def"
#undef ACTION

static const struct action_info actions[ACTION_COUNT] = {
    [ACT_NONE] = { "", "", "", 0, NULL },
#define ACTION(name, sc, group, help, bar, ...) [ACT_##name] = { group, help, bar, sc, keys_##name },
#include "ui/actions.def"
#undef ACTION
};

bool
keys_is_text(int key)
{
    return key >= 0x20 && key != 0x7f && !(key >= 0x80 && key < 0xa0) && key < KEYS_FN;
}

enum action
keys_action(unsigned scope, int key)
{
    enum action text = ACT_NONE, any = ACT_NONE;
    for (int a = 1; a < ACTION_COUNT; a++) {
        if (!(actions[a].scopes & scope))
            continue;
        for (const int *k = actions[a].keys; *k; k++) {
            if (*k == key)
                return (enum action)a;
            if (*k == KEYS_TEXT && text == ACT_NONE && keys_is_text(key))
                text = (enum action)a;
            if (*k == KEYS_ANY && any == ACT_NONE)
                any = (enum action)a;
        }
    }
    return text != ACT_NONE ? text : any;
}

size_t
keys_utf8(int key, char out[5])
{
    unsigned c = (unsigned)key;
    size_t n = 0;
    if (!keys_is_text(key) || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) {
        /* nothing */
    } else if (c < 0x80) {
        out[n++] = (char)c;
    } else if (c < 0x800) {
        out[n++] = (char)(0xc0 | (c >> 6));
        out[n++] = (char)(0x80 | (c & 0x3f));
    } else if (c < 0x10000) {
        out[n++] = (char)(0xe0 | (c >> 12));
        out[n++] = (char)(0x80 | ((c >> 6) & 0x3f));
        out[n++] = (char)(0x80 | (c & 0x3f));
    } else {
        out[n++] = (char)(0xf0 | (c >> 18));
        out[n++] = (char)(0x80 | ((c >> 12) & 0x3f));
        out[n++] = (char)(0x80 | ((c >> 6) & 0x3f));
        out[n++] = (char)(0x80 | (c & 0x3f));
    }
    out[n] = '\0';
    return n;
}

const char *
keys_name(int key, bool utf8, char *buf, size_t size)
{
    switch (key) {
    case '\n': case '\r': case FN(KEY_ENTER): return "Enter";
    case '\t': return "Tab";
    case ' ': return "Space";
    case KEYS_ESC: return "Esc";
    case 127: case FN(KEY_BACKSPACE): return "Backspace";
    case KEYS_TEXT: return "characters";
    case KEYS_ANY: return "any other key";
    case FN(KEY_UP): return utf8 ? "\xe2\x86\x91" : "Up";
    case FN(KEY_DOWN): return utf8 ? "\xe2\x86\x93" : "Down";
    case FN(KEY_LEFT): return utf8 ? "\xe2\x86\x90" : "Left";
    case FN(KEY_RIGHT): return utf8 ? "\xe2\x86\x92" : "Right";
    case FN(KEY_PPAGE): return "PgUp";
    case FN(KEY_NPAGE): return "PgDn";
    case FN(KEY_HOME): return "Home";
    case FN(KEY_END): return "End";
    case FN(KEY_BTAB): return "Shift-Tab";
    default: break;
    }
    if (key >= FN(KEY_F0) && key <= FN(KEY_F(63)))
        snprintf(buf, size, "F%d", key - FN(KEY_F0));
    else if (key >= 0 && key < 0x20)
        snprintf(buf, size, "^%c", '@' + key);
    else if (keys_is_text(key))
        keys_utf8(key, buf);
    else
        snprintf(buf, size, "key %d", key);
    return buf;
}

char *
keys_label(enum action a, bool utf8, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    if (a <= ACT_NONE || a >= ACTION_COUNT)
        return buf;
    for (const int *k = actions[a].keys; *k; k++) {
        char one[16];
        const char *name = keys_name(*k, utf8, one, sizeof one);
        /* Skip a name already listed (Enter for \n, \r and KEY_ENTER). */
        bool dup = false;
        for (const int *p = actions[a].keys; p < k && !dup; p++) {
            char other[16];
            dup = strcmp(keys_name(*p, utf8, other, sizeof other), name) == 0;
        }
        if (dup)
            continue;
        int n = snprintf(buf + used, size - used, "%s%s", used ? " " : "", name);
        if (n < 0 || (size_t)n >= size - used)
            break;
        used += (size_t)n;
    }
    return buf;
}

int
keys_first(enum action a)
{
    return a > ACT_NONE && a < ACTION_COUNT ? actions[a].keys[0] : 0;
}

const int *
keys_all(enum action a)
{
    static const int none[] = { 0 };
    return a > ACT_NONE && a < ACTION_COUNT ? actions[a].keys : none;
}

const char *
keys_group(enum action a)
{
    return a < ACTION_COUNT && actions[a].group[0] ? _(actions[a].group) : "";
}

const char *
keys_help(enum action a)
{
    return a < ACTION_COUNT && actions[a].help[0] ? _(actions[a].help) : "";
}

const char *
keys_bar(enum action a)
{
    return a < ACTION_COUNT && actions[a].bar[0] ? _(actions[a].bar) : "";
}

unsigned
keys_scopes(enum action a)
{
    return a < ACTION_COUNT ? actions[a].scopes : 0;
}
