/* term.h — the terminal's lifecycle under curses: open (modes, Esc delay, stderr captured to a
 * temporary file), size changes, normal close (endwin, then the captured stderr replayed), and an
 * async-signal-safe emergency restore for fatal signals. One terminal per process. */
#ifndef SSE_UI_TERM_H
#define SSE_UI_TERM_H

#include <stdbool.h>
#include <stddef.h>

#include "core/status.h"

/* Takes over the terminal on stdin/stdout. SSE_ERR_USAGE when they are not a terminal, TERM is
 * unknown or names one that cannot move the cursor (dumb): nothing was drawn then. */
enum sse_status term_open(struct sse_error *err);
/* The terminal can show colours. */
bool term_has_colour(void);
/* Current size; after a SIGWINCH, asks the kernel and resizes curses' screens. */
void term_size(int *rows, int *cols);
void term_resize(int *rows, int *cols);
/* Hides the cursor (y < 0) or shows it at (y, x); sends the frame to the terminal. */
void term_flush(int y, int x, bool repaint);
/* Sends bytes to the terminal as they are, between frames (an escape sequence that changes nothing
 * on the screen: the clipboard's). No-op when the terminal is not open. */
void term_send(const char *bytes, size_t n);
/* Restores the terminal and replays what was written to stderr meanwhile. Safe to call twice. */
void term_close(void);
/* For fatal-signal handlers: termios back, then rmcup/cnorm/sgr0 written, stderr back and
 * replayed — async-signal-safe calls only. No-op when the terminal is not open. */
void term_emergency_restore(void);

#endif
