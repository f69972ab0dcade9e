/* process.c — the External command runner: posix_spawn, capped pipes, a deadline, kill. */
#define _GNU_SOURCE /* pipe2: both ends close-on-exec from the start, whatever other threads spawn */
#include "ident/process.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/sanitize.h"
#include "oss/account.h"

extern char **environ;

static long long
now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
ident_process_result_cleanup(struct ident_process_result *out)
{
    oss_secret_free(out->out);
    memset(out, 0, sizeof *out);
}

/* Keeps the last non-empty line of the stderr text seen so far in line[size]. */
static void
keep_last_line(const char *buf, size_t n, char *tail, size_t tail_size, size_t *tail_len,
               char *line, size_t size)
{
    for (size_t i = 0; i < n; i++) {
        char c = buf[i];
        if (c == '\n') {
            if (*tail_len) {
                tail[*tail_len] = '\0';
                sanitize_text(tail, line, size);
            }
            *tail_len = 0;
        } else if (*tail_len + 1 < tail_size) {
            tail[(*tail_len)++] = c;
        }
    }
}

enum sse_status
ident_process_run(char *const argv[], size_t out_cap, int timeout_ms,
                  struct ident_process_result *out, struct sse_error *err)
{
    memset(out, 0, sizeof *out);
    out->exit_status = -1;
    if (!argv || !argv[0] || !argv[0][0])
        return sse_error_set(err, SSE_ERR_INVALID, "no command to run");
    out->out = oss_secret_alloc(out_cap + 1);
    if (!out->out)
        return sse_error_set(err, SSE_ERR_NOMEM, "out of memory for the command's output");

    int opipe[2] = {-1, -1}, epipe[2] = {-1, -1};
    if (pipe2(opipe, O_CLOEXEC) != 0 || pipe2(epipe, O_CLOEXEC) != 0) {
        int e = errno;
        for (int i = 0; i < 2; i++) {
            if (opipe[i] >= 0)
                close(opipe[i]);
            if (epipe[i] >= 0)
                close(epipe[i]);
        }
        return sse_error_set(err, SSE_ERR_IO, "cannot make a pipe for the command: %s",
                             strerror(e));
    }
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t attr;
    posix_spawn_file_actions_init(&fa);
    posix_spawnattr_init(&attr);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, opipe[1], 1);
    posix_spawn_file_actions_adddup2(&fa, epipe[1], 2);
    /* The worker thread blocks asynchronous signals and the program ignores SIGPIPE: the command
     * gets an empty mask and default dispositions, and a process group of its own so that the
     * time-out kills what it started too. */
    sigset_t none, defaults;
    sigemptyset(&none);
    sigfillset(&defaults);
    sigdelset(&defaults, SIGKILL);
    sigdelset(&defaults, SIGSTOP);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &defaults);
    posix_spawnattr_setpgroup(&attr, 0);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF |
                                        POSIX_SPAWN_SETPGROUP);
    pid_t pid;
    int rc = posix_spawnp(&pid, argv[0], &fa, &attr, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
    close(opipe[1]);
    close(epipe[1]);
    if (rc != 0) {
        close(opipe[0]);
        close(epipe[0]);
        char shown[120];
        sanitize_text(argv[0], shown, sizeof shown);
        return sse_error_set(err, SSE_ERR_IO, "cannot run %s: %s", shown, strerror(rc));
    }

    enum sse_status st = SSE_OK;
    long long deadline = now_ms() + (timeout_ms > 0 ? timeout_ms : IDENT_EXTERNAL_TIMEOUT_MS);
    struct pollfd fds[2] = {{opipe[0], POLLIN, 0}, {epipe[0], POLLIN, 0}};
    char tail[256], buf[4096];
    size_t tail_len = 0;
    bool open_out = true, open_err = true;
    while ((open_out || open_err) && st == SSE_OK) {
        long long left = deadline - now_ms();
        if (left <= 0) {
            st = SSE_ERR_TIMEOUT;
            break;
        }
        fds[0].fd = open_out ? opipe[0] : -1;
        fds[1].fd = open_err ? epipe[0] : -1;
        int n = poll(fds, 2, (int)(left < 1000 ? left : 1000));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            st = SSE_ERR_IO;
            break;
        }
        if (open_out && (fds[0].revents & (POLLIN | POLLHUP | POLLERR))) {
            size_t room = out_cap - out->out_len;
            char extra;
            /* At the cap, one byte more tells an output too long from one exactly that long. */
            ssize_t got = room ? read(opipe[0], out->out + out->out_len, room)
                               : read(opipe[0], &extra, 1);
            if (got > 0 && !room) {
                st = SSE_ERR_TOOBIG;
                break;
            }
            if (got > 0)
                out->out_len += (size_t)got;
            else if (got == 0 || (errno != EINTR && errno != EAGAIN))
                open_out = false;
        }
        if (open_err && (fds[1].revents & (POLLIN | POLLHUP | POLLERR))) {
            ssize_t got = read(epipe[0], buf, sizeof buf);
            if (got <= 0 && !(got < 0 && errno == EINTR))
                open_err = false;
            else if (got > 0)
                keep_last_line(buf, (size_t)got, tail, sizeof tail, &tail_len, out->stderr_line,
                               sizeof out->stderr_line);
        }
    }
    if (tail_len) {
        tail[tail_len] = '\0';
        sanitize_text(tail, out->stderr_line, sizeof out->stderr_line);
    }
    close(opipe[0]);
    close(epipe[0]);
    explicit_bzero(buf, sizeof buf);
    if (st != SSE_OK) {
        kill(-pid, SIGKILL);
        kill(pid, SIGKILL);
    }
    int status = 0;
    /* Once both pipes closed the command is about to exit; waitpid blocks at most until then,
     * and a command that closed its output but lingers is killed at the deadline. */
    for (;;) {
        pid_t w = waitpid(pid, &status, st == SSE_OK ? WNOHANG : 0);
        if (w == pid)
            break;
        if (w < 0 && errno != EINTR) {
            /* ECHILD: SIGCHLD is ignored and the child was reaped unseen; its status is lost. */
            if (st == SSE_OK)
                st = SSE_ERR_IO;
            break;
        }
        if (w == 0) {
            if (now_ms() >= deadline) {
                kill(-pid, SIGKILL);
                kill(pid, SIGKILL);
                st = SSE_ERR_TIMEOUT;
                continue;
            }
            struct timespec ms10 = {0, 10 * 1000000};
            nanosleep(&ms10, NULL);
        }
    }
    out->out[out->out_len] = '\0';
    char name[120];
    sanitize_text(argv[0], name, sizeof name);
    const char *sep = out->stderr_line[0] ? ": " : "";
    if (st == SSE_ERR_TIMEOUT)
        return sse_error_set(err, st, "%s did not finish within %d ms and was stopped", name,
                             timeout_ms > 0 ? timeout_ms : IDENT_EXTERNAL_TIMEOUT_MS);
    if (st == SSE_ERR_TOOBIG)
        return sse_error_set(err, st, "%s wrote more than %zu bytes to its output; it was stopped",
                             name, out_cap);
    if (st != SSE_OK)
        return sse_error_set(err, st, "reading the output of %s or learning how it exited "
                                      "failed", name);
    if (WIFSIGNALED(status)) {
        out->signal = WTERMSIG(status);
        return sse_error_set(err, SSE_ERR_IO, "%s was killed by signal %d%s%s", name, out->signal,
                             sep, out->stderr_line);
    }
    out->exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    /* 127: the exec failed in the child (where posix_spawn works through fork, as under
     * valgrind, a command that does not exist ends this way instead of failing the spawn). */
    if (out->exit_status == 127 && !out->stderr_line[0])
        return sse_error_set(err, SSE_ERR_IO, "cannot run %s: it exited with status 127 (no such "
                             "command?)", name);
    if (out->exit_status != 0)
        return sse_error_set(err, SSE_ERR_IO, "%s exited with status %d%s%s", name,
                             out->exit_status, sep, out->stderr_line);
    return SSE_OK;
}
