/* bench_first_frame.c — start-up to first frame of a terminal program: runs COMMAND on a new
 * pseudo-terminal of the given size and measures, from just before the fork, when its first byte
 * of output arrives and when NEEDLE (text that only the drawn list contains, e.g. the first
 * bucket's name) has appeared. Then sends QUIT_KEYS and waits for the program to end (SIGTERM after
 * a grace period). Prints one JSON object on stdout.
 *
 * usage: bench_first_frame [--cols N] [--lines N] [--timeout-ms N] [--quit KEYS] NEEDLE COMMAND [ARG]...
 * Exit status 0 when NEEDLE was seen, 1 when not (timeout or the program ended first). */
#define _GNU_SOURCE /* forkpty */
#include <errno.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double
now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Reads what is available within wait_ms; returns bytes read, 0 on timeout, -1 at EOF/error. */
static ssize_t
read_some(int fd, char *buf, size_t size, int wait_ms)
{
    struct pollfd p = {.fd = fd, .events = POLLIN};
    int r = poll(&p, 1, wait_ms);
    if (r < 0)
        return errno == EINTR ? 0 : -1;
    if (r == 0)
        return 0;
    ssize_t n = read(fd, buf, size);
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
        return 0;
    return n > 0 ? n : -1;
}

int
main(int argc, char **argv)
{
    int cols = 120, lines = 50, timeout_ms = 10000;
    const char *quit = "q";
    int i = 1;
    for (; i < argc && strncmp(argv[i], "--", 2) == 0; i += 2) {
        if (i + 1 >= argc)
            break;
        if (strcmp(argv[i], "--cols") == 0)
            cols = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--lines") == 0)
            lines = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--timeout-ms") == 0)
            timeout_ms = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--quit") == 0)
            quit = argv[i + 1];
        else
            break;
    }
    if (argc - i < 2 || cols < 20 || lines < 5) {
        fprintf(stderr, "usage: bench_first_frame [--cols N] [--lines N] [--timeout-ms N] "
                        "[--quit KEYS] NEEDLE COMMAND [ARG]...\n");
        return 2;
    }
    const char *needle = argv[i];
    size_t nlen = strlen(needle);
    char **cmd = argv + i + 1;

    struct winsize ws = {.ws_row = (unsigned short)lines, .ws_col = (unsigned short)cols};
    int master;
    double t0 = now_ms();
    pid_t pid = forkpty(&master, NULL, NULL, &ws);
    if (pid < 0) {
        perror("bench_first_frame: forkpty");
        return 2;
    }
    if (pid == 0) {
        execvp(cmd[0], cmd);
        fprintf(stderr, "bench_first_frame: cannot run %s: %s\n", cmd[0], strerror(errno));
        _exit(127);
    }

    /* A window over the output: the tail of what came before plus the new chunk. */
    char win[8192 + 256];
    size_t have = 0;
    double first_byte = -1, found = -1;
    size_t bytes = 0;
    bool eof = false;
    while (found < 0 && !eof) {
        double left = t0 + timeout_ms - now_ms();
        if (left <= 0)
            break;
        ssize_t n = read_some(master, win + have, sizeof win - have - 1, (int)left + 1);
        if (n < 0) {
            eof = true;
            break;
        }
        if (n == 0)
            continue;
        if (first_byte < 0)
            first_byte = now_ms() - t0;
        bytes += (size_t)n;
        have += (size_t)n;
        win[have] = '\0';
        if (memmem(win, have, needle, nlen))
            found = now_ms() - t0;
        if (have > 256) { /* keep the tail so a needle split across reads is still found */
            memmove(win, win + have - 256, 256);
            have = 256;
        }
    }

    /* Quit: the keys, then a grace period (draining output so the program never blocks on the
     * terminal), then SIGTERM, then SIGKILL. */
    double quit_at = now_ms();
    if (!eof && write(master, quit, strlen(quit)) < 0)
        eof = true;
    int status = 0, stage = 0;
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    for (;;) {
        pid_t w = wait4(pid, &status, WNOHANG, &ru);
        if (w == pid)
            break;
        double waited = now_ms() - quit_at;
        if (stage == 0 && waited > 3000) {
            kill(pid, SIGTERM);
            stage = 1;
        } else if (stage == 1 && waited > 6000) {
            kill(pid, SIGKILL);
            stage = 2;
        }
        char sinkbuf[4096];
        if (!eof && read_some(master, sinkbuf, sizeof sinkbuf, 20) < 0)
            eof = true;
        else if (eof)
            usleep(20000);
    }
    double exited = now_ms() - quit_at;
    close(master);
    int rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    printf("{\"first_byte_ms\":%.3f,\"first_frame_ms\":%.3f,\"found\":%s,\"bytes\":%zu,"
           "\"quit_ms\":%.3f,\"signalled\":%d,\"rc\":%d,\"cpu_s\":%.6f,\"maxrss_kb\":%ld}\n",
           first_byte, found, found >= 0 ? "true" : "false", bytes, exited, stage, rc,
           (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
               (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6,
           ru.ru_maxrss);
    return found >= 0 ? 0 : 1;
}
