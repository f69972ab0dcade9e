/* test_core_core.c — status formatting, strbuf caps, rule names, bucket and rule validation,
 * sanitizing of hostile text. */
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "core/ascii.h"
#include "core/rule.h"
#include "core/sanitize.h"
#include "core/status.h"
#include "core/strpool.h"
#include "core/strbuf.h"
#include "core/validate.h"

static void
test_status(void)
{
    struct sse_error e;
    sse_error_clear(&e);
    CHECK_STR(sse_status_name(SSE_ERR_TIMEOUT), "SSE_ERR_TIMEOUT");
    CHECK_STR(sse_status_kind(SSE_ERR_TIMEOUT), "Timeout");
    CHECK_STR(sse_status_name((enum sse_status)999), "SSE_ERR_UNKNOWN");
    CHECK_INT(sse_error_set(&e, SSE_ERR_SERVICE, "The specified bucket does not exist."),
              SSE_ERR_SERVICE);
    strcpy(e.code, "NoSuchBucket");
    strcpy(e.request_id, "5C3D9175B6FC201293AD0000");
    strcpy(e.ec, "0015-00000101");
    e.http_status = 404;
    char buf[256];
    CHECK_STR(sse_error_format(&e, buf, sizeof buf),
              "NoSuchBucket: The specified bucket does not exist. (HTTP 404, request id "
              "5C3D9175B6FC201293AD0000, EC 0015-00000101)");
    CHECK_STR(sse_error_code(&e), "NoSuchBucket");
    sse_error_clear(&e);
    e.status = SSE_ERR_TIMEOUT;
    CHECK_STR(sse_error_format(&e, buf, sizeof buf), "Timeout: timed out");
    CHECK_STR(sse_error_code(&e), "Timeout");
    char small[8];
    sse_error_format(&e, small, sizeof small);
    CHECK_INT(strlen(small), 7);
    CHECK_INT(sse_strlcpy(small, "1234567", sizeof small), 0);
    CHECK_INT(sse_strlcpy(small, "12345678", sizeof small), -1);
    CHECK_STR(small, "1234567");
}

static void
test_strbuf(void)
{
    struct strbuf sb;
    strbuf_init(&sb, 10);
    CHECK_STR(strbuf_cstr(&sb), "");
    CHECK_INT(strbuf_puts(&sb, "hello"), SSE_OK);
    CHECK_INT(strbuf_printf(&sb, "%d", 12345), SSE_OK);
    CHECK_STR(strbuf_cstr(&sb), "hello12345");
    CHECK_INT(strbuf_putc(&sb, 'x'), SSE_ERR_TOOBIG);
    CHECK_STR(strbuf_cstr(&sb), "hello12345");
    CHECK_INT(strbuf_printf(&sb, "%s", "y"), SSE_ERR_TOOBIG);
    CHECK_STR(strbuf_cstr(&sb), "hello12345");
    size_t len;
    char *p = strbuf_detach(&sb, &len);
    CHECK_STR(p, "hello12345");
    CHECK_INT(len, 10);
    free(p);
    CHECK_STR(strbuf_cstr(&sb), "");
    p = strbuf_detach(&sb, NULL);
    CHECK_STR(p, "");
    free(p);
    strbuf_cleanup(&sb);

    /* printf: text that fits the room (one pass), text that makes it grow (two), and text that
     * fits the room but not the cap, which leaves the buffer as it was. */
    strbuf_init(&sb, 0);
    char big[301];
    memset(big, 'b', 300);
    big[300] = '\0';
    CHECK_INT(strbuf_printf(&sb, "%s:%d", "ab", 7), SSE_OK);
    CHECK_INT(strbuf_printf(&sb, "[%s]", big), SSE_OK);
    CHECK_INT(sb.len, 4 + 302);
    CHECK(strncmp(strbuf_cstr(&sb), "ab:7[bbb", 8) == 0 && strbuf_cstr(&sb)[sb.len - 1] == ']');
    CHECK_INT(strbuf_printf(&sb, "%c", 'z'), SSE_OK);
    CHECK_INT(strlen(strbuf_cstr(&sb)), 4 + 302 + 1);
    strbuf_cleanup(&sb);
    strbuf_init(&sb, 10);
    CHECK_INT(strbuf_puts(&sb, "hello"), SSE_OK);
    CHECK_INT(strbuf_printf(&sb, "%d", 123456), SSE_ERR_TOOBIG);
    CHECK_STR(strbuf_cstr(&sb), "hello");
    CHECK_INT(sb.len, 5);
    CHECK_INT(strbuf_printf(&sb, "%d", 12345), SSE_OK);
    CHECK_STR(strbuf_cstr(&sb), "hello12345");
    strbuf_cleanup(&sb);
}

static void
test_rule(void)
{
    enum sse_algo a;
    CHECK(sse_algo_parse("aes256", &a) && a == SSE_ALGO_AES256);
    CHECK(sse_algo_parse("KMS", &a) && a == SSE_ALGO_KMS);
    CHECK(sse_algo_parse("sm4", &a) && a == SSE_ALGO_SM4);
    CHECK(!sse_algo_parse("DES", &a));
    CHECK(!sse_algo_parse("unknown", &a));
    enum sse_data_enc d;
    CHECK(sse_data_enc_parse("sm4", &d) && d == SSE_DATA_ENC_SM4);
    CHECK(!sse_data_enc_parse("AES256", &d));
    struct sse_rule x = {.algo = SSE_ALGO_KMS, .data_enc = SSE_DATA_ENC_SM4};
    struct sse_rule y = x;
    strcpy(x.kms_key_id, "key-1");
    CHECK(!sse_rule_equal(&x, &y));
    strcpy(y.kms_key_id, "key-1");
    CHECK(sse_rule_equal(&x, &y));
    /* Key IDs do not matter outside KMS. */
    struct sse_rule p = {.algo = SSE_ALGO_AES256}, q = {.algo = SSE_ALGO_AES256};
    strcpy(q.kms_key_id, "stale");
    CHECK(sse_rule_equal(&p, &q));
    char buf[300];
    CHECK_STR(sse_rule_describe(&x, buf, sizeof buf), "KMS (CMK key-1, SM4 data encryption)");
    struct sse_rule u = {.algo = SSE_ALGO_UNKNOWN};
    strcpy(u.algo_raw, "DES");
    CHECK_STR(sse_rule_describe(&u, buf, sizeof buf), "unknown algorithm \"DES\"");
}

static void
test_bucket_names(void)
{
    struct sse_error e;
    static const char *const good[] = {"abc", "examplebucket", "logs-archive-2024", "a1b",
                                       "012345678901234567890123456789012345678901234567890123456789012"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        sse_error_clear(&e);
        CHECK_INT(validate_bucket_name(good[i], &e), SSE_OK);
    }
    static const struct { const char *name, *why; } bad[] = {
        {"ab", "must be 3 to 63 characters long (it has 2)"},
        {"0123456789012345678901234567890123456789012345678901234567890123", "(it has 64)"},
        {"Bucket", "upper-case"},
        {"my_bucket", "has '_' at position 3"},
        {"my.bucket", "has '.' at position 3"},
        {"-bucket", "must not start or end with '-'"},
        {"bucket-", "must not start or end with '-'"},
        {"buc\033[2Jket", "non-printable"},
        {"bücket", "non-ASCII"},
        {"", "(it has 0)"},
        {"B\033]0;x\007", "non-printable bytes"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        sse_error_clear(&e);
        CHECK_INT(validate_bucket_name(bad[i].name, &e), SSE_ERR_INVALID);
        CHECK(strstr(e.message, bad[i].why) != NULL);
        /* The message never carries the raw control characters. */
        CHECK(strchr(e.message, '\033') == NULL);
    }
}

static void
test_rules(void)
{
    struct sse_error e;
    struct sse_rule r = {.algo = SSE_ALGO_AES256};
    CHECK_INT(validate_rule(&r, &e), SSE_OK);
    r.algo = SSE_ALGO_SM4;
    CHECK_INT(validate_rule(&r, &e), SSE_OK);
    r.algo = SSE_ALGO_KMS;
    CHECK_INT(validate_rule(&r, &e), SSE_OK);
    strcpy(r.kms_key_id, "<&>\"'");
    r.data_enc = SSE_DATA_ENC_SM4;
    CHECK_INT(validate_rule(&r, &e), SSE_OK);
    r.algo = SSE_ALGO_AES256;
    CHECK_INT(validate_rule(&r, &e), SSE_ERR_INVALID);
    CHECK(strstr(e.message, "CMK ID can only be given with algorithm KMS, not AES256") != NULL);
    r.kms_key_id[0] = '\0';
    CHECK_INT(validate_rule(&r, &e), SSE_ERR_INVALID);
    CHECK(strstr(e.message, "data encryption can only be given with algorithm KMS") != NULL);
    r.algo = SSE_ALGO_NONE;
    r.data_enc = SSE_DATA_ENC_NONE;
    CHECK_INT(validate_rule(&r, &e), SSE_ERR_INVALID);
    r.algo = SSE_ALGO_UNKNOWN;
    CHECK_INT(validate_rule(&r, &e), SSE_ERR_INVALID);
    r.algo = SSE_ALGO_KMS;
    strcpy(r.kms_key_id, "key with space");
    CHECK_INT(validate_rule(&r, &e), SSE_ERR_INVALID);
    CHECK(strstr(e.message, "position 4") != NULL);
    strcpy(r.kms_key_id, "key\x1b[31m");
    CHECK_INT(validate_rule(&r, &e), SSE_ERR_INVALID);
}

/* An unknown KMS data encryption keeps the server's text: in words, in comparisons, packed. */
static void
test_rule_unknown_data_enc(void)
{
    struct sse_rule r = {.algo = SSE_ALGO_KMS, .data_enc = SSE_DATA_ENC_UNKNOWN};
    strcpy(r.kms_key_id, "k1");
    strcpy(r.data_enc_raw, "SM9");
    char buf[200];
    CHECK_STR(sse_rule_describe(&r, buf, sizeof buf),
              "KMS (CMK k1, unknown data encryption \"SM9\")");
    r.kms_key_id[0] = '\0';
    CHECK_STR(sse_rule_describe(&r, buf, sizeof buf),
              "KMS (OSS-managed CMK, unknown data encryption \"SM9\")");
    struct sse_rule other = r;
    CHECK(sse_rule_equal(&r, &other));
    strcpy(other.data_enc_raw, "SM8");
    CHECK(!sse_rule_equal(&r, &other));
    struct strpool pool;
    strpool_init(&pool);
    struct sse_rule_packed p;
    CHECK(sse_rule_pack(&r, &pool, &p));
    struct sse_rule back;
    sse_rule_unpack(&p, &back);
    CHECK(sse_rule_equal(&r, &back));
    CHECK_STR(back.data_enc_raw, "SM9");
    strpool_free(&pool);
}

static void
test_sanitize(void)
{
    char out[256];
    sanitize_text("plain", out, sizeof out);
    CHECK_STR(out, "plain");
    sanitize_text("a\033[2Jb\x07" "c\x7f", out, sizeof out);
    CHECK_STR(out, "a?[2Jb?c?");
    sanitize_text("osc\033]0;title\007", out, sizeof out);
    CHECK(strchr(out, '\033') == NULL && strchr(out, '\007') == NULL);
    sanitize_text("c1:\xc2\x9b" "31m", out, sizeof out); /* U+009B CSI */
    CHECK_STR(out, "c1:?31m");
    sanitize_text("bad\xff\xfe", out, sizeof out);
    CHECK_STR(out, "bad\xef\xbf\xbd\xef\xbf\xbd");
    sanitize_text("overlong\xc0\xaf", out, sizeof out);
    CHECK_STR(out, "overlong\xef\xbf\xbd\xef\xbf\xbd");
    sanitize_text("tab\there\nnl", out, sizeof out);
    CHECK_STR(out, "tab here?nl");
    sanitize_text("中文", out, sizeof out);
    CHECK_STR(out, "中文");
    char tiny[4];
    sanitize_text("中文", tiny, sizeof tiny); /* never splits a character */
    CHECK_STR(tiny, "中");

    CHECK_INT(sanitize_width("中文ab"), 6);
    int w = sanitize_fit("examplebucket", 8, "~", out, sizeof out);
    CHECK_STR(out, "example~");
    CHECK_INT(w, 8);
    w = sanitize_fit("short", 8, "~", out, sizeof out);
    CHECK_STR(out, "short");
    CHECK_INT(w, 5);
    w = sanitize_fit("中文中文", 5, "…", out, sizeof out);
    CHECK_STR(out, "中文…");
    CHECK_INT(w, 5);
    w = sanitize_fit("x\033[Hy", 10, "~", out, sizeof out);
    CHECK_STR(out, "x?[Hy");
    w = sanitize_fit("anything", 0, "~", out, sizeof out);
    CHECK_STR(out, "");
}

/* Every C1 control (U+0080-U+009F, as UTF-8), DEL, and every bidirectional formatting character
 * (embeddings, overrides, isolates, the marks) and the line/paragraph separators become one '?':
 * they would reorder or restyle what a terminal shows after them ("Trojan Source"). Widths count
 * the '?' they become, so text measured before sanitizing lines up with text drawn after. */
static void
test_sanitize_invisible(void)
{
    char in[16], out[64];
    for (unsigned cp = 0x80; cp <= 0x9f; cp++) {
        snprintf(in, sizeof in, "a%c%cb", (char)(0xc0 | (cp >> 6)), (char)(0x80 | (cp & 0x3f)));
        sanitize_text(in, out, sizeof out);
        CHECK_STR(out, "a?b");
        CHECK_INT(sanitize_width(in), 3);
    }
    static const unsigned bidi[] = {0x061c, 0x200e, 0x200f, 0x2028, 0x2029, 0x202a, 0x202b,
                                    0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069};
    for (size_t i = 0; i < sizeof bidi / sizeof bidi[0]; i++) {
        unsigned cp = bidi[i];
        if (cp < 0x800)
            snprintf(in, sizeof in, "a%c%cb", (char)(0xc0 | (cp >> 6)), (char)(0x80 | (cp & 0x3f)));
        else
            snprintf(in, sizeof in, "a%c%c%cb", (char)(0xe0 | (cp >> 12)),
                     (char)(0x80 | ((cp >> 6) & 0x3f)), (char)(0x80 | (cp & 0x3f)));
        sanitize_text(in, out, sizeof out);
        CHECK_STR(out, "a?b");
        CHECK_INT(sanitize_width(in), 3);
    }
    /* Their neighbours are ordinary text and stay: U+2027 (hyphenation point), U+202F (narrow
     * no-break space), U+061B (Arabic semicolon). */
    sanitize_text("\xe2\x80\xa7\xe2\x80\xaf\xd8\x9b", out, sizeof out);
    CHECK_STR(out, "\xe2\x80\xa7\xe2\x80\xaf\xd8\x9b");
    /* An override inside a CMK ID shown in a column: cut by its replaced width. */
    int w = sanitize_fit("key\xe2\x80\xae" "evil", 5, "~", out, sizeof out);
    CHECK_STR(out, "key?~");
    CHECK_INT(w, 5);
    w = sanitize_fit("\x7f\xe2\x81\xa6x\xe2\x81\xa9", 4, "~", out, sizeof out);
    CHECK_STR(out, "??x?");
    CHECK_INT(w, 4);
    /* Messages of whole lines keep their newlines and nothing else. */
    sanitize_lines("a\033]0;t\007\nb\xe2\x80\xae" "c\n", out, sizeof out);
    CHECK_STR(out, "a?]0;t?\nb?c\n");
    sanitize_lines("", out, sizeof out);
    CHECK_STR(out, "");
    char longline[3000];
    memset(longline, 'x', sizeof longline - 2);
    longline[sizeof longline - 3] = '\033';
    longline[sizeof longline - 2] = '\n';
    longline[sizeof longline - 1] = '\0';
    char big[4000];
    CHECK_INT(sanitize_lines(longline, big, sizeof big), sizeof longline - 1);
    CHECK(big[sizeof longline - 3] == '?' && big[sizeof longline - 2] == '\n');
    /* Raw C1 bytes (not UTF-8) are invalid: U+FFFD, never the byte itself. */
    sanitize_text("\x9b" "31m", out, sizeof out);
    CHECK_STR(out, "\xef\xbf\xbd" "31m");
}

/* Case folding for protocol text is ASCII-only, whatever the locale. */
static void
test_ascii(void)
{
    CHECK_INT(ascii_lower('Q'), 'q');
    CHECK_INT(ascii_lower(0xc9), 0xc9); /* É in Latin-1 stays */
    CHECK_INT(ascii_casecmp("Content-Type", "content-TYPE"), 0);
    CHECK(ascii_casecmp("abc", "abd") < 0);
    CHECK(ascii_casecmp("ab", "abc") < 0);
    CHECK(ascii_has_prefix("TEXT/HTML; charset=utf-8", "text/html"));
    CHECK(!ascii_has_prefix("text/ht", "text/html"));
    CHECK(ascii_has_prefix("anything", ""));
    /* Reads no further than the prefix: a 5-byte buffer without a NUL is fine. */
    char unterminated[5] = { '<', 'H', 'T', 'M', 'L' };
    CHECK(ascii_has_prefix(unterminated, "<html"));
    CHECK(ascii_equal_n("x-oss-date", "X-OSS-Date;host", 10));
    CHECK(!ascii_equal_n("x-oss-date", "X-OSS-Date", 9));
    CHECK(!ascii_equal_n("x-oss", "X-OSS-Date", 10));
    /* In a Turkish locale tolower('I') is dotless; ASCII folding does not care. */
    if (setlocale(LC_CTYPE, "tr_TR.UTF-8")) {
        CHECK_INT(ascii_casecmp("INTERNAL", "internal"), 0);
        setlocale(LC_CTYPE, "C.UTF-8");
    }
}

/* Strings stay where they were put while the pool grows; big ones get their own chunk. */
static void
test_strpool(void)
{
    struct strpool p;
    strpool_init(&p);
    const char *empty = strpool_add(&p, "");
    CHECK_STR(empty, "");
    CHECK(p.chunks == NULL);
    const char *first = strpool_add(&p, "cmk-0001");
    char name[32];
    const char *kept[3000];
    for (int i = 0; i < 3000; i++) { /* ~40 KB: several chunks */
        snprintf(name, sizeof name, "key-%05d-abcdef", i);
        kept[i] = strpool_add(&p, name);
    }
    char big[40000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    const char *b = strpool_add(&p, big);
    const char *after = strpool_add(&p, "after-big");
    CHECK_STR(first, "cmk-0001");
    CHECK(b && strlen(b) == sizeof big - 1);
    CHECK_STR(after, "after-big");
    int same = 1;
    for (int i = 0; i < 3000; i++) {
        snprintf(name, sizeof name, "key-%05d-abcdef", i);
        same = same && kept[i] && strcmp(kept[i], name) == 0;
    }
    CHECK(same);
    /* Equal strings are kept once: the same pointer comes back, however often asked. */
    CHECK(strpool_add(&p, "cmk-0001") == first);
    snprintf(name, sizeof name, "key-%05d-abcdef", 1234);
    CHECK(strpool_add(&p, name) == kept[1234]);
    CHECK(strpool_add(&p, big) == b);
    CHECK_INT(p.set_count, 3003);
    strpool_free(&p);
    CHECK(p.chunks == NULL && p.set == NULL);
}

int
main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    test_ascii();
    test_strpool();
    test_status();
    test_strbuf();
    test_rule();
    test_bucket_names();
    test_rules();
    test_rule_unknown_data_enc();
    test_sanitize();
    test_sanitize_invisible();
    return check_done("core");
}
