/* test_ui_clipboard.c — the clipboard's escape: base64 against RFC 4648's vectors, the OSC 52
 * sequence around it, and its limits (too long, too small a buffer). */
#include <string.h>

#include "check.h"
#include "ui/clipboard.h"

static const char *
b64(const char *in)
{
    static char out[64];
    clipboard_base64((const unsigned char *)in, strlen(in), out, sizeof out);
    return out;
}

int
main(void)
{
    /* RFC 4648, section 10 */
    CHECK_STR(b64(""), "");
    CHECK_STR(b64("f"), "Zg==");
    CHECK_STR(b64("fo"), "Zm8=");
    CHECK_STR(b64("foo"), "Zm9v");
    CHECK_STR(b64("foob"), "Zm9vYg==");
    CHECK_STR(b64("fooba"), "Zm9vYmE=");
    CHECK_STR(b64("foobar"), "Zm9vYmFy");
    CHECK_STR(b64("acme-data-lake-curated"), "YWNtZS1kYXRhLWxha2UtY3VyYXRlZA==");
    const unsigned char high[] = { 0xff, 0xfe, 0x00 };
    char out[16];
    CHECK_INT(clipboard_base64(high, 3, out, sizeof out), 4);
    CHECK_STR(out, "//4A");
    /* No room: nothing written but an empty string. */
    CHECK_INT(clipboard_base64((const unsigned char *)"foobar", 6, out, 8), 0);
    CHECK_STR(out, "");

    char seq[64];
    CHECK_INT(clipboard_osc52("alpha", 5, seq, sizeof seq), 16);
    CHECK_STR(seq, "\033]52;c;YWxwaGE=\a");
    CHECK_INT(clipboard_osc52("", 0, seq, sizeof seq), 8);
    CHECK_STR(seq, "\033]52;c;\a");
    CHECK_INT(clipboard_osc52("alpha", 5, seq, 15), 0); /* one byte short */
    CHECK_INT(clipboard_osc52("alpha", 5, seq, 17), 16);
    static char big[CLIPBOARD_MAX + 2], bigseq[CLIPBOARD_MAX * 2];
    memset(big, 'x', sizeof big - 1);
    CHECK_INT(clipboard_osc52(big, CLIPBOARD_MAX + 1, bigseq, sizeof bigseq), 0);
    CHECK(clipboard_osc52(big, CLIPBOARD_MAX, bigseq, sizeof bigseq) > CLIPBOARD_MAX);
    return check_done("test_ui_clipboard");
}
