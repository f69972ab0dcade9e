/* test_ui_keys.c — the keymap generated from actions.def: no key bound twice in a scope, every
 * action documented, the documented keys mapped, key names and UTF-8 encoding; and word wrapping. */
#include <curses.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "ui/keys.h"
#include "ui/wrap.h"

#define FNK(k) (KEYS_FN + (k))

static void
test_table(void)
{
    static const unsigned scopes[] = { S_LIST, S_DETAIL, S_FORM, S_FILTER, S_CONFIRM, S_HELP,
                                       S_PLAN, S_WRITE, S_HISTORY, S_MENU };
    /* Every action: a group, a help text, a scope and at least one key. */
    for (int a = 1; a < ACTION_COUNT; a++) {
        CHECK(*keys_group((enum action)a));
        CHECK(*keys_help((enum action)a));
        CHECK(keys_scopes((enum action)a) != 0);
        CHECK(keys_first((enum action)a) != 0);
    }
    /* No key does two things in one scope, and each listed key finds its action. */
    for (size_t s = 0; s < sizeof scopes / sizeof scopes[0]; s++) {
        for (int a = 1; a < ACTION_COUNT; a++) {
            if (!(keys_scopes((enum action)a) & scopes[s]))
                continue;
            for (const int *k = keys_all((enum action)a); *k; k++) {
                if (*k != KEYS_TEXT && *k != KEYS_ANY)
                    CHECK_INT(keys_action(scopes[s], *k), a);
                for (int b = a + 1; b < ACTION_COUNT; b++) {
                    if (!(keys_scopes((enum action)b) & scopes[s]))
                        continue;
                    for (const int *m = keys_all((enum action)b); *m; m++)
                        if (*m == *k) {
                            CHECK(!"a key bound twice in one scope");
                            fprintf(stderr, "  scope %#x: key %d for actions %d and %d\n",
                                    scopes[s], *k, a, b);
                        }
                }
            }
        }
    }
}

static void
test_bindings(void)
{
    /* The documented keys of the issue. */
    CHECK_INT(keys_action(S_LIST, 'j'), ACT_DOWN);
    CHECK_INT(keys_action(S_LIST, FNK(KEY_DOWN)), ACT_DOWN);
    CHECK_INT(keys_action(S_LIST, 'k'), ACT_UP);
    CHECK_INT(keys_action(S_LIST, FNK(KEY_UP)), ACT_UP);
    CHECK_INT(keys_action(S_LIST, FNK(KEY_NPAGE)), ACT_PAGE_DOWN);
    CHECK_INT(keys_action(S_LIST, FNK(KEY_PPAGE)), ACT_PAGE_UP);
    CHECK_INT(keys_action(S_LIST, 'g'), ACT_TOP);
    CHECK_INT(keys_action(S_LIST, 'G'), ACT_BOTTOM);
    CHECK_INT(keys_action(S_LIST, '/'), ACT_FILTER);
    CHECK_INT(keys_action(S_LIST, ' '), ACT_MARK);
    CHECK_INT(keys_action(S_LIST, '\r'), ACT_DETAIL);
    CHECK_INT(keys_action(S_LIST, 'e'), ACT_SET);
    CHECK_INT(keys_action(S_LIST, 'd'), ACT_REMOVE);
    CHECK_INT(keys_action(S_LIST, 'r'), ACT_REFRESH);
    CHECK_INT(keys_action(S_LIST, 'R'), ACT_REFRESH_ALL);
    CHECK_INT(keys_action(S_LIST, '?'), ACT_HELP);
    CHECK_INT(keys_action(S_LIST, 'q'), ACT_QUIT);
    CHECK_INT(keys_action(S_LIST, 'x'), ACT_NONE);
    /* Review: sort, reverse, mark what is shown, columns, copy (list and detail). */
    CHECK_INT(keys_action(S_LIST, 's'), ACT_SORT);
    CHECK_INT(keys_action(S_LIST, 'S'), ACT_SORT_REVERSE);
    CHECK_INT(keys_action(S_LIST, '*'), ACT_MARK_ALL);
    CHECK_INT(keys_action(S_LIST, 'U'), ACT_UNMARK_ALL);
    CHECK_INT(keys_action(S_LIST, 'c'), ACT_COLUMNS);
    CHECK_INT(keys_action(S_LIST, 'y'), ACT_COPY);
    CHECK_INT(keys_action(S_DETAIL, 'y'), ACT_COPY);
    CHECK_INT(keys_action(S_MENU, 'j'), ACT_DOWN);
    CHECK_INT(keys_action(S_MENU, ' '), ACT_MENU_TOGGLE);
    CHECK_INT(keys_action(S_MENU, '\r'), ACT_MENU_PICK);
    CHECK_INT(keys_action(S_MENU, 27), ACT_MENU_CLOSE);
    CHECK_INT(keys_action(S_MENU, 'q'), ACT_MENU_CLOSE);
    /* q closes help and detail instead of quitting. */
    CHECK_INT(keys_action(S_HELP, 'q'), ACT_CLOSE);
    CHECK_INT(keys_action(S_HELP, 27), ACT_CLOSE);
    CHECK_INT(keys_action(S_DETAIL, 'q'), ACT_CLOSE);
    /* The form. */
    CHECK_INT(keys_action(S_FORM, '\t'), ACT_FORM_NEXT);
    CHECK_INT(keys_action(S_FORM, FNK(KEY_BTAB)), ACT_FORM_PREV);
    CHECK_INT(keys_action(S_FORM, FNK(KEY_RIGHT)), ACT_FORM_CYCLE);
    CHECK_INT(keys_action(S_FORM, ' '), ACT_FORM_CYCLE);
    CHECK_INT(keys_action(S_FORM, FNK(KEY_LEFT)), ACT_FORM_CYCLE_BACK);
    CHECK_INT(keys_action(S_FORM, '\n'), ACT_FORM_SUBMIT);
    CHECK_INT(keys_action(S_FORM, 27), ACT_FORM_CANCEL);
    CHECK_INT(keys_action(S_FORM, 21), ACT_EDIT_CLEAR);
    CHECK_INT(keys_action(S_FORM, 127), ACT_EDIT_DELETE);
    CHECK_INT(keys_action(S_FORM, FNK(KEY_BACKSPACE)), ACT_EDIT_DELETE);
    CHECK_INT(keys_action(S_FORM, 'x'), ACT_EDIT_TYPE);
    /* Filter line: printable characters are typed, Enter keeps, Esc clears. */
    CHECK_INT(keys_action(S_FILTER, 'q'), ACT_EDIT_TYPE);
    CHECK_INT(keys_action(S_FILTER, 0x5bc6), ACT_EDIT_TYPE);
    CHECK_INT(keys_action(S_FILTER, '\n'), ACT_FILTER_KEEP);
    CHECK_INT(keys_action(S_FILTER, 27), ACT_FILTER_DROP);
    CHECK_INT(keys_action(S_FILTER, FNK(KEY_F(5))), ACT_NONE);
    /* Confirmation: y/Y yes, anything else no. */
    CHECK_INT(keys_action(S_CONFIRM, 'y'), ACT_CONFIRM_YES);
    CHECK_INT(keys_action(S_CONFIRM, 'Y'), ACT_CONFIRM_YES);
    CHECK_INT(keys_action(S_CONFIRM, 'n'), ACT_CONFIRM_NO);
    CHECK_INT(keys_action(S_CONFIRM, '\n'), ACT_CONFIRM_NO);
    CHECK_INT(keys_action(S_CONFIRM, FNK(KEY_DOWN)), ACT_CONFIRM_NO);
}

static void
test_names(void)
{
    char buf[64];
    CHECK_STR(keys_label(ACT_DOWN, true, buf, sizeof buf), "j \xe2\x86\x93");
    CHECK_STR(keys_label(ACT_DOWN, false, buf, sizeof buf), "j Down");
    CHECK_STR(keys_label(ACT_DETAIL, true, buf, sizeof buf), "Enter"); /* \n, \r, KEY_ENTER once */
    CHECK_STR(keys_label(ACT_EDIT_CLEAR, true, buf, sizeof buf), "^U");
    CHECK_STR(keys_label(ACT_FORM_PREV, false, buf, sizeof buf), "Shift-Tab Up");
    CHECK_STR(keys_label(ACT_HELP, true, buf, sizeof buf), "? F1");
    CHECK_STR(keys_label(ACT_MARK, true, buf, sizeof buf), "Space");
    CHECK_STR(keys_label(ACT_NONE, true, buf, sizeof buf), "");
    CHECK_STR(keys_name(KEYS_ANY, true, buf, sizeof buf), "any other key");

    CHECK(keys_is_text('a'));
    CHECK(keys_is_text(0x5bc6));
    CHECK(!keys_is_text(27));
    CHECK(!keys_is_text(127));
    CHECK(!keys_is_text(0x9b)); /* C1 CSI */
    CHECK(!keys_is_text(FNK(KEY_UP)));
    char u[5];
    CHECK_INT(keys_utf8('a', u), 1);
    CHECK_STR(u, "a");
    CHECK_INT(keys_utf8(0xe9, u), 2);
    CHECK_STR(u, "\xc3\xa9");
    CHECK_INT(keys_utf8(0x5bc6, u), 3);
    CHECK_STR(u, "\xe5\xaf\x86");
    CHECK_INT(keys_utf8(0x1f511, u), 4);
    CHECK_STR(u, "\xf0\x9f\x94\x91");
    CHECK_INT(keys_utf8(0xd800, u), 0);
    CHECK_INT(keys_utf8(27, u), 0);
}

static void
test_wrap(void)
{
    struct wrap_line l[8];
    const char *t = "You are denied by bucket policy.";
    size_t n = wrap_text(t, 12, l, 8);
    CHECK_INT(n, 4);
    char got[64];
    snprintf(got, sizeof got, "%.*s|%.*s|%.*s|%.*s", (int)l[0].len, t + l[0].start,
             (int)l[1].len, t + l[1].start, (int)l[2].len, t + l[2].start, (int)l[3].len,
             t + l[3].start);
    CHECK_STR(got, "You are|denied by|bucket|policy.");
    CHECK_INT(wrap_text(t, 14, l, 8), 3); /* "bucket policy." fits exactly */
    /* A word longer than the line is cut. */
    t = "abcdefghij klm";
    n = wrap_text(t, 4, l, 8);
    CHECK_INT(n, 4);
    CHECK_INT(l[0].len, 4);
    CHECK_INT(l[2].len, 2); /* "ij" */
    /* Wide characters count two columns. */
    t = "\xe5\xaf\x86\xe9\x92\xa5\xe5\xaf\x86"; /* three CJK characters, 6 columns */
    n = wrap_text(t, 4, l, 8);
    CHECK_INT(n, 2);
    CHECK_INT(l[0].len, 6);
    CHECK_INT(l[1].len, 3);
    /* Counting only. */
    CHECK_INT(wrap_text("a b c d e f", 1, NULL, 0), 6);
    CHECK_INT(wrap_text("", 10, l, 8), 0);
}

int
main(void)
{
    setlocale(LC_ALL, "C.UTF-8"); /* wcwidth needs a UTF-8 locale for the wide characters */
    test_table();
    test_bindings();
    test_names();
    test_wrap();
    return check_done("test_ui_keys");
}
