/* process.h — runs an External credentials command: argv without a shell, stdin from /dev/null,
 * stdout read up to a cap into protected memory, a time-out after which the command (and its
 * process group) is killed, the signal mask and dispositions reset for it. The only I/O in
 * src/ident besides reader.c; called on the worker thread. */
#ifndef SSE_IDENT_PROCESS_H
#define SSE_IDENT_PROCESS_H

#include <stddef.h>

#include "core/status.h"

#define IDENT_EXTERNAL_OUTPUT_MAX (64 * 1024) /* an AK/StsToken JSON is well under 20 KB */
#define IDENT_EXTERNAL_TIMEOUT_MS 60000       /* credentials-go's default */

struct ident_process_result {
    char *out;              /* stdout, NUL-terminated, protected memory; NULL before a run */
    size_t out_len;
    int exit_status;        /* when it exited; -1 when killed by a signal */
    int signal;             /* the signal that ended it, else 0 */
    char stderr_line[200];  /* the last non-empty line it wrote to stderr, sanitized, cut */
};

/* Runs argv[0] (looked up in PATH when it has no '/') with argv and the current environment.
 * SSE_OK only when it exited 0 within timeout_ms with at most out_cap bytes on stdout; otherwise
 * SSE_ERR_TIMEOUT (killed), SSE_ERR_TOOBIG (killed once past the cap), SSE_ERR_IO (could not
 * start, or exited non-zero or by a signal: the message says which, with its last stderr line).
 * out is filled in every case; free it with ident_process_result_cleanup. */
enum sse_status ident_process_run(char *const argv[], size_t out_cap, int timeout_ms,
                                  struct ident_process_result *out, struct sse_error *err);
/* Wipes and frees out->out; zeroes out. */
void ident_process_result_cleanup(struct ident_process_result *out);

#endif
