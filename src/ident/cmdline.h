/* cmdline.h — an External process_command split into argv without a shell, by the rule the
 * aliyun CLI and credentials-go use on Unix (POSIX shlex): white space outside quotes separates
 * arguments; '...' is literal; in "..." a backslash escapes only " \ $ ` (and newline, a
 * continuation); outside quotes a backslash escapes the next character (backslash-newline is a
 * continuation); quoted empty arguments are kept. No variables, globs or redirections: what
 * looks like one is a literal argument. Pure. */
#ifndef SSE_IDENT_CMDLINE_H
#define SSE_IDENT_CMDLINE_H

#include <stddef.h>

#include "core/status.h"

#define IDENT_ARGS_MAX 256

/* Splits command into *argv (argv[0..*argc-1], then NULL), each argument in protected memory (a
 * command line may carry a secret). SSE_ERR_INVALID "process_command is empty", "... has an
 * unclosed quote", "... ends in a backslash", "... has more than 256 arguments". Free with
 * ident_argv_free (also on failure, where *argv is NULL). */
enum sse_status ident_cmdline_split(const char *command, char ***argv, size_t *argc,
                                    struct sse_error *err);
/* Wipes and frees argv (NULL is a no-op). */
void ident_argv_free(char **argv, size_t argc);

#endif
