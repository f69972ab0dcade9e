/* clipboard.h — text for the terminal's clipboard: the OSC 52 sequence that sets it (xterm's
 * "Manipulate Selection Data"; terminals honour it over ssh, tmux with set-clipboard on), built
 * as a pure function; term.c sends it. */
#ifndef SSE_UI_CLIPBOARD_H
#define SSE_UI_CLIPBOARD_H

#include <stddef.h>

/* Most bytes of text one sequence carries (terminals cap what they take; a rule as JSON is far
 * below it). */
#define CLIPBOARD_MAX 8192

/* Base64 (RFC 4648, with padding) of n bytes of in into out (always NUL-terminated). Returns the
 * length written, or 0 when it does not fit in size. */
size_t clipboard_base64(const unsigned char *in, size_t n, char *out, size_t size);
/* "ESC ] 52 ; c ; BASE64 BEL": sets the clipboard to n bytes of text. Returns the length written
 * into out, 0 when n > CLIPBOARD_MAX or it does not fit. */
size_t clipboard_osc52(const char *text, size_t n, char *out, size_t size);

#endif
