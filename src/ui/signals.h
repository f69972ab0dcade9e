/* signals.h — the TUI's signals: INT/TERM/HUP/QUIT/WINCH become bytes on a self-pipe the event loop
 * polls; fatal signals run an async-signal-safe emergency hook, then die as they would have;
 * a helper blocks async signals so that threads started meanwhile inherit a blocked mask. */
#ifndef SSE_UI_SIGNALS_H
#define SSE_UI_SIGNALS_H

#include <signal.h>

#include "core/status.h"

/* Creates the pipe and installs the handlers; `emergency` (async-signal-safe, may be NULL) runs
 * first on SEGV/BUS/ILL/FPE/ABRT. Call before the terminal is opened, so curses leaves these
 * signals alone. */
enum sse_status signals_install(void (*emergency)(void), struct sse_error *err);
/* Puts the previous handlers back and closes the pipe. Safe when not installed. */
void signals_uninstall(void);
/* The read end of the pipe (poll it for POLLIN). */
int signals_fd(void);
/* The next signal number waiting on the pipe, or 0 when none. Never blocks. */
int signals_next(void);
/* Blocks every asynchronous signal in the calling thread (old mask into *old), for starting a
 * thread that must never run the handlers; signals_restore_mask puts the old mask back. */
void signals_block_async(sigset_t *old);
void signals_restore_mask(const sigset_t *old);

#endif
