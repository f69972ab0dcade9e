/* test_model_form.c — the set form (cycling, fields, CMK editing, validity) and confirmations. */
#include <string.h>

#include "check.h"
#include "model/form.h"

static void
test_open_and_cycle(void)
{
    struct form f;
    char reason[256];
    /* No rule: opens on AES256; only the algorithm field takes focus. */
    form_open(&f, NULL, 1, "alpha");
    CHECK_INT(f.algo, SSE_ALGO_AES256);
    CHECK(!form_field_enabled(&f, FORM_CMK));
    CHECK(!form_field_enabled(&f, FORM_DATA_ENC));
    form_focus_next(&f);
    CHECK_INT(f.focus, FORM_ALGO);
    CHECK(form_valid(&f, reason, sizeof reason));
    CHECK_STR(reason, "");

    struct sse_rule none = { .algo = SSE_ALGO_NONE };
    form_open(&f, &none, 1, "alpha");
    CHECK_INT(f.algo, SSE_ALGO_AES256);
    struct sse_rule unknown = { .algo = SSE_ALGO_UNKNOWN };
    form_open(&f, &unknown, 1, "alpha");
    CHECK_INT(f.algo, SSE_ALGO_AES256);

    /* AES256 → KMS → SM4 → AES256, and backwards. */
    CHECK(form_cycle(&f, +1));
    CHECK_INT(f.algo, SSE_ALGO_KMS);
    CHECK(form_cycle(&f, +1));
    CHECK_INT(f.algo, SSE_ALGO_SM4);
    CHECK(form_cycle(&f, +1));
    CHECK_INT(f.algo, SSE_ALGO_AES256);
    CHECK(form_cycle(&f, -1));
    CHECK_INT(f.algo, SSE_ALGO_SM4);
    CHECK(form_cycle(&f, -1));
    CHECK_INT(f.algo, SSE_ALGO_KMS);

    /* KMS enables the other fields: Tab/Shift-Tab visit them in order, wrapping. */
    form_focus_next(&f);
    CHECK_INT(f.focus, FORM_CMK);
    CHECK(!form_cycle(&f, +1)); /* the text field does not cycle */
    form_focus_next(&f);
    CHECK_INT(f.focus, FORM_DATA_ENC);
    CHECK(form_cycle(&f, +1));
    CHECK_INT(f.data_enc, SSE_DATA_ENC_SM4);
    CHECK(form_cycle(&f, -1));
    CHECK_INT(f.data_enc, SSE_DATA_ENC_NONE);
    form_focus_next(&f);
    CHECK_INT(f.focus, FORM_ALGO);
    form_focus_prev(&f);
    CHECK_INT(f.focus, FORM_DATA_ENC);
    form_focus_prev(&f);
    CHECK_INT(f.focus, FORM_CMK);
}

static void
test_kms_rule(void)
{
    struct form f;
    struct sse_rule cur = { .algo = SSE_ALGO_KMS, .data_enc = SSE_DATA_ENC_SM4 };
    strcpy(cur.kms_key_id, "abc");
    form_open(&f, &cur, 1, "beta");
    CHECK_INT(f.algo, SSE_ALGO_KMS);
    CHECK_STR(f.cmk, "abc");
    CHECK_INT(f.data_enc, SSE_DATA_ENC_SM4);

    /* Typing needs the CMK field to have focus. */
    CHECK(!form_type(&f, "x"));
    form_focus_next(&f);
    CHECK(form_type(&f, "-d"));
    CHECK_STR(f.cmk, "abc-d");
    CHECK(form_backspace(&f));
    CHECK_STR(f.cmk, "abc-");
    CHECK(form_clear(&f));
    CHECK_STR(f.cmk, "");
    CHECK(!form_clear(&f));
    CHECK(!form_backspace(&f));

    /* Backspace removes a whole UTF-8 character (2-, 3- and 4-byte ones). */
    CHECK(form_type(&f, "k\xc3\xa9"));          /* é */
    CHECK(form_type(&f, "\xe5\xaf\x86"));       /* 密 */
    CHECK(form_type(&f, "\xf0\x9f\x94\x91"));   /* 🔑 */
    CHECK(form_backspace(&f));
    CHECK_STR(f.cmk, "k\xc3\xa9\xe5\xaf\x86");
    CHECK(form_backspace(&f));
    CHECK_STR(f.cmk, "k\xc3\xa9");
    CHECK(form_backspace(&f));
    CHECK_STR(f.cmk, "k");
    form_clear(&f);

    /* The written rule: KMS with the CMK and data encryption. */
    form_type(&f, "cmk-1");
    struct sse_rule out;
    form_rule(&f, &out);
    CHECK_INT(out.algo, SSE_ALGO_KMS);
    CHECK_STR(out.kms_key_id, "cmk-1");
    CHECK_INT(out.data_enc, SSE_DATA_ENC_SM4);

    /* Switching away keeps the typed text but does not send it. */
    form_focus_prev(&f);
    form_cycle(&f, +1); /* SM4 */
    form_rule(&f, &out);
    CHECK_INT(out.algo, SSE_ALGO_SM4);
    CHECK_STR(out.kms_key_id, "");
    CHECK_INT(out.data_enc, SSE_DATA_ENC_NONE);
    char reason[256];
    CHECK(form_valid(&f, reason, sizeof reason));
    CHECK(!form_field_enabled(&f, FORM_CMK));
    form_cycle(&f, -1); /* back to KMS */
    CHECK_STR(f.cmk, "cmk-1");

    /* A CMK ID with a space cannot be submitted; the reason says why. */
    form_focus_next(&f);
    form_type(&f, " x");
    CHECK(!form_valid(&f, reason, sizeof reason));
    CHECK(strstr(reason, "space") != NULL);
    form_backspace(&f);
    form_backspace(&f);
    CHECK(form_valid(&f, reason, sizeof reason));

    /* The field is bounded: typing stops at the limit. */
    form_clear(&f);
    int typed = 0;
    while (form_type(&f, "k"))
        typed++;
    CHECK_INT(typed, SSE_KMS_KEY_MAX - 1);
    CHECK(!form_type(&f, "\xc3\xa9"));
}

static void
test_titles_and_confirm(void)
{
    struct form f;
    char buf[512], reason[128];
    form_open(&f, NULL, 1, "alpha");
    CHECK_STR(form_title(&f, buf, sizeof buf), "Set encryption of alpha");
    form_open(&f, NULL, 3, NULL);
    CHECK_STR(form_title(&f, buf, sizeof buf), "Set encryption of 3 buckets");
    CHECK(form_valid(&f, reason, sizeof reason));
    form_open(&f, NULL, 0, NULL);
    CHECK(!form_valid(&f, reason, sizeof reason));

    struct confirm c = { .kind = CONFIRM_REMOVE, .count = 1, .rule_known = true };
    strcpy(c.bucket, "alpha");
    c.rule.algo = SSE_ALGO_AES256;
    CHECK_STR(confirm_question(&c, buf, sizeof buf),
              "Remove the encryption rule of bucket alpha (now AES256)?");
    c.rule.algo = SSE_ALGO_KMS;
    strcpy(c.rule.kms_key_id, "k1");
    CHECK_STR(confirm_question(&c, buf, sizeof buf),
              "Remove the encryption rule of bucket alpha (now KMS (CMK k1))?");
    c.rule_known = false;
    CHECK_STR(confirm_question(&c, buf, sizeof buf),
              "Remove the encryption rule of bucket alpha (now not known yet)?");
    c.count = 4;
    CHECK_STR(confirm_question(&c, buf, sizeof buf),
              "Remove the encryption rules of 4 marked buckets?");
    struct confirm q = { .kind = CONFIRM_QUIT, .count = 1 };
    CHECK_STR(confirm_question(&q, buf, sizeof buf), "1 change is still in flight. Quit anyway?");
    q.count = 2;
    CHECK_STR(confirm_question(&q, buf, sizeof buf), "2 changes are still in flight. Quit anyway?");
    q.count = 0; /* they finished while the question was open */
    CHECK_STR(confirm_question(&q, buf, sizeof buf), "Every change has finished. Quit?");
    CHECK(confirm_accepts('y'));
    CHECK(confirm_accepts('Y'));
    CHECK(!confirm_accepts('n'));
    CHECK(!confirm_accepts('\n'));
    CHECK(!confirm_accepts(27));
}

/* Opened while its bucket's rule is still being read: the form says so, takes the rule when it
 * arrives, keeps what the user changed if they changed something first, and says when reading
 * failed. */
static void
test_waiting(void)
{
    struct form f;
    char text[256];
    struct sse_rule kms = { .algo = SSE_ALGO_KMS, .data_enc = SSE_DATA_ENC_SM4 };
    strcpy(kms.kms_key_id, "key-beta-01");

    form_open_waiting(&f, 7, 1, "beta");
    CHECK_INT(f.basis, FORM_BASIS_WAITING);
    CHECK_INT(f.row, 7);
    CHECK_INT(f.algo, SSE_ALGO_AES256);
    CHECK_STR(form_basis_text(&f, text, sizeof text),
              "Its rule is not known yet: the fields take it when it arrives.");
    CHECK(form_follow(&f, &kms));
    CHECK_INT(f.basis, FORM_BASIS_RULE);
    CHECK_INT(f.algo, SSE_ALGO_KMS);
    CHECK_STR(f.cmk, "key-beta-01");
    CHECK_INT(f.data_enc, SSE_DATA_ENC_SM4);
    CHECK_STR(form_basis_text(&f, text, sizeof text), "");
    CHECK(!form_follow(&f, &kms)); /* once */
    CHECK_INT(f.targets, 1);
    CHECK_STR(f.bucket, "beta");

    /* Changed before the answer: the user's choice stays; the form says what arrived. */
    form_open_waiting(&f, 7, 1, "beta");
    CHECK(form_cycle(&f, +1));
    CHECK_INT(f.algo, SSE_ALGO_KMS);
    CHECK(form_follow(&f, &kms));
    CHECK_INT(f.algo, SSE_ALGO_KMS);
    CHECK_STR(f.cmk, "");
    CHECK_INT(f.data_enc, SSE_DATA_ENC_NONE);
    CHECK_INT(f.basis, FORM_BASIS_ARRIVED);
    CHECK_STR(form_basis_text(&f, text, sizeof text),
              "Its rule arrived: KMS (CMK key-beta-01, SM4 data encryption); your choice is kept.");
    /* Typing and clearing count as changes too; moving between fields does not. */
    form_open_waiting(&f, 7, 1, "beta");
    form_focus_next(&f);
    CHECK(form_follow(&f, &kms));
    CHECK_INT(f.basis, FORM_BASIS_RULE);
    form_open_waiting(&f, 7, 1, "beta");
    form_cycle(&f, +1);
    form_cycle(&f, -1); /* back to where it was: still a change the user made */
    form_follow(&f, &kms);
    CHECK_INT(f.algo, SSE_ALGO_AES256);

    /* Reading failed: the defaults stay, and the form says why. */
    form_open_waiting(&f, 7, 1, "beta");
    CHECK(form_follow(&f, NULL));
    CHECK_INT(f.basis, FORM_BASIS_UNREAD);
    CHECK_INT(f.algo, SSE_ALGO_AES256);
    CHECK_STR(form_basis_text(&f, text, sizeof text),
              "Its rule could not be read: the fields start from AES256.");

    /* A form opened on a known rule follows nothing. */
    form_open(&f, &kms, 1, "beta");
    CHECK_INT(f.basis, FORM_BASIS_RULE);
    CHECK(!form_follow(&f, NULL));
    CHECK_INT(f.algo, SSE_ALGO_KMS);
}

int
main(void)
{
    test_open_and_cycle();
    test_kms_rule();
    test_titles_and_confirm();
    test_waiting();
    return check_done("test_model_form");
}
