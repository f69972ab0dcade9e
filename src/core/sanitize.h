/* sanitize.h — make untrusted text safe for a terminal or a file: no control characters,
 * valid UTF-8, and width-aware truncation with a marker. Pure; shared by the TUI and the CLI. */
#ifndef SSE_CORE_SANITIZE_H
#define SSE_CORE_SANITIZE_H

#include <stddef.h>

/* Copies in to out (size outsz, always NUL-terminated): C0 controls, DEL, ESC and C1 controls
 * become '?', invalid UTF-8 becomes U+FFFD. Tabs become one space. Returns bytes written. */
size_t sanitize_text(const char *in, char *out, size_t outsz);

/* Like sanitize_text, then fits the result in `width` terminal columns: wide characters count two,
 * zero-width ones nothing; when cut, the last column holds the marker `ellipsis` (e.g. "…" or "~",
 * assumed one column). Returns the columns used. */
int sanitize_fit(const char *in, int width, const char *ellipsis, char *out, size_t outsz);

/* Display width of already-sanitized UTF-8 text. */
int sanitize_width(const char *s);

#endif
