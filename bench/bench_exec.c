/* bench_exec.c — runs a command and reports what it cost, the way GNU time does (wait4's rusage)
 * but to the microsecond: wall seconds, user and system CPU seconds, peak resident set (KiB) and
 * the exit status, as one JSON object written to FILE (the command keeps stdout and stderr).
 *
 * usage: bench_exec FILE COMMAND [ARG]...     exit status: the command's (127 if it cannot run) */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double
seconds(const struct timeval *tv)
{
    return (double)tv->tv_sec + (double)tv->tv_usec / 1e6;
}

int
main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: bench_exec FILE COMMAND [ARG]...\n");
        return 2;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t pid = fork();
    if (pid < 0) {
        perror("bench_exec: fork");
        return 127;
    }
    if (pid == 0) {
        execvp(argv[2], argv + 2);
        fprintf(stderr, "bench_exec: cannot run %s: %s\n", argv[2], strerror(errno));
        _exit(127);
    }
    int status = 0;
    struct rusage ru;
    while (wait4(pid, &status, 0, &ru) < 0) {
        if (errno != EINTR) {
            perror("bench_exec: wait4");
            return 127;
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    int rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    FILE *out = fopen(argv[1], "w");
    if (!out) {
        fprintf(stderr, "bench_exec: cannot write %s: %s\n", argv[1], strerror(errno));
        return rc ? rc : 1;
    }
    fprintf(out, "{\"wall_s\":%.6f,\"user_s\":%.6f,\"sys_s\":%.6f,\"maxrss_kb\":%ld,\"rc\":%d}\n",
            (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
            seconds(&ru.ru_utime), seconds(&ru.ru_stime), ru.ru_maxrss, rc);
    fclose(out);
    return rc;
}
