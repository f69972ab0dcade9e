/* sanitize.h — make untrusted text safe for a terminal or a file: no control characters,
 * valid UTF-8, and width-aware truncation with a marker. Pure; shared by the TUI and the CLI. */
#ifndef SSE_CORE_SANITIZE_H
#define SSE_CORE_SANITIZE_H

#include <stddef.h>

/* Copies in to out (size outsz, always NUL-terminated): C0 controls, ESC, DEL and C1 controls,
 * the bidirectional formatting characters (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C)
 * and U+2028/U+2029 become '?', invalid UTF-8 becomes U+FFFD. Tabs become one space. Returns
 * bytes written. */
size_t sanitize_text(const char *in, char *out, size_t outsz);

/* Like sanitize_text, but a newline stays a newline: for messages of one or more whole lines. */
size_t sanitize_lines(const char *in, char *out, size_t outsz);

/* Like sanitize_text, then fits the result in `width` terminal columns: wide characters count two,
 * zero-width ones nothing; when cut, the last column holds the marker `ellipsis` (e.g. "…" or "~",
 * assumed one column). Returns the columns used. */
int sanitize_fit(const char *in, int width, const char *ellipsis, char *out, size_t outsz);

/* Untrusted text (from a server, the audit log or a file) made safe to quote in a message, cut to
 * fit buf, which must be an array; evaluates to buf. */
#define SHOWN(buf, s) (sanitize_text((s), (buf), sizeof(buf)), (buf))

/* Display width of text once sanitized (of raw text too: what becomes '?' or U+FFFD counts one). */
int sanitize_width(const char *s);

#endif
