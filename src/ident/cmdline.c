/* cmdline.c — process_command → argv, as the aliyun CLI splits it on Unix. */
#include "ident/cmdline.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "oss/account.h"

static bool
space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

void
ident_argv_free(char **argv, size_t argc)
{
    for (size_t i = 0; argv && i < argc; i++)
        oss_secret_free(argv[i]);
    free(argv);
}

enum sse_status
ident_cmdline_split(const char *command, char ***argv, size_t *argc, struct sse_error *err)
{
    *argv = NULL;
    *argc = 0;
    size_t len = strlen(command);
    /* One scratch buffer as long as the command holds each argument as it is built. */
    char *cur = oss_secret_alloc(len + 1);
    char **out = calloc(IDENT_ARGS_MAX + 1, sizeof *out);
    if (!cur || !out) {
        oss_secret_free(cur);
        free(out);
        return sse_error_set(err, SSE_ERR_NOMEM, "out of memory splitting process_command");
    }
    size_t n = 0, used = 0;
    bool single = false, dbl = false, token = false;
    enum sse_status st = SSE_OK;
    for (size_t i = 0; i < len && st == SSE_OK; i++) {
        char c = command[i];
        if (single) {
            if (c == '\'')
                single = false;
            else
                cur[used++] = c;
            continue;
        }
        if (dbl) {
            if (c == '"') {
                dbl = false;
            } else if (c == '\\' && i + 1 < len && command[i + 1] == '\n') {
                i++; /* a line continuation */
            } else if (c == '\\' && i + 1 < len && strchr("\"\\$`", command[i + 1])) {
                cur[used++] = command[++i];
            } else {
                cur[used++] = c;
            }
            continue;
        }
        if (c == '\\') {
            if (i + 1 >= len) {
                st = sse_error_set(err, SSE_ERR_INVALID, "process_command ends in a backslash");
            } else if (command[i + 1] == '\n') {
                i++;
            } else {
                token = true;
                cur[used++] = command[++i];
            }
        } else if (c == '\'') {
            single = token = true;
        } else if (c == '"') {
            dbl = token = true;
        } else if (space(c)) {
            if (token) {
                if (n == IDENT_ARGS_MAX) {
                    st = sse_error_set(err, SSE_ERR_INVALID,
                                       "process_command has more than %d arguments",
                                       IDENT_ARGS_MAX);
                } else if (!(out[n] = oss_secret_dupn(cur, used))) {
                    st = sse_error_set(err, SSE_ERR_NOMEM, "out of memory splitting "
                                                           "process_command");
                } else {
                    n++;
                }
                explicit_bzero(cur, used);
                used = 0;
                token = false;
            }
        } else {
            token = true;
            cur[used++] = c;
        }
    }
    if (st == SSE_OK && (single || dbl))
        st = sse_error_set(err, SSE_ERR_INVALID, "process_command has an unclosed quote");
    if (st == SSE_OK && token) {
        if (n == IDENT_ARGS_MAX)
            st = sse_error_set(err, SSE_ERR_INVALID, "process_command has more than %d arguments",
                               IDENT_ARGS_MAX);
        else if (!(out[n] = oss_secret_dupn(cur, used)))
            st = sse_error_set(err, SSE_ERR_NOMEM, "out of memory splitting process_command");
        else
            n++;
    }
    if (st == SSE_OK && (n == 0 || out[0][0] == '\0'))
        st = sse_error_set(err, SSE_ERR_INVALID, "process_command is empty");
    oss_secret_free(cur);
    if (st != SSE_OK) {
        ident_argv_free(out, n);
        return st;
    }
    *argv = out;
    *argc = n;
    return SSE_OK;
}
