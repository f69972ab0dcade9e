/* bench_exec.c — runs a command and reports what it cost, the way GNU time does (wait4's rusage)
 * but to the microsecond: wall seconds, user and system CPU seconds, peak resident set (KiB) and
 * the exit status, as one JSON object written to FILE (the command keeps stdout and stderr).
 * With --mem it also reads the child's /proc/PID/status every millisecond and adds the largest
 * RssAnon (heap, stacks, relocated library data: the process's own memory) and RssFile
 * (file-backed pages, nearly all of them shared-library code and read-only data) it saw, and
 * VmRSS at the sample where VmRSS was largest. Sampling can miss a peak shorter than a
 * millisecond, and costs this process some CPU, so timed figures are taken without it.
 *
 * usage: bench_exec [--mem] FILE COMMAND [ARG]...   exit status: the command's (127 if it cannot run) */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
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

struct mem {
    long anon_kb, file_kb, rss_kb; /* largest RssAnon, largest RssFile, largest VmRSS */
    long anon_at_rss_kb, file_at_rss_kb;
    int samples;
};

/* One look at /proc/PID/status; false once the process is gone (or a zombie without an mm). */
static bool
sample(pid_t pid, struct mem *m)
{
    char path[64], buf[4096];
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return false;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    const char *r = strstr(buf, "VmRSS:"), *a = strstr(buf, "RssAnon:"), *fl = strstr(buf, "RssFile:");
    if (!r || !a || !fl)
        return false;
    long rss = strtol(r + 6, NULL, 10), anon = strtol(a + 8, NULL, 10),
         file = strtol(fl + 8, NULL, 10);
    m->samples++;
    if (anon > m->anon_kb)
        m->anon_kb = anon;
    if (file > m->file_kb)
        m->file_kb = file;
    if (rss > m->rss_kb) {
        m->rss_kb = rss;
        m->anon_at_rss_kb = anon;
        m->file_at_rss_kb = file;
    }
    return true;
}

int
main(int argc, char **argv)
{
    bool mem_wanted = argc > 1 && strcmp(argv[1], "--mem") == 0;
    if (mem_wanted) {
        argv++;
        argc--;
    }
    if (argc < 3) {
        fprintf(stderr, "usage: bench_exec [--mem] FILE COMMAND [ARG]...\n");
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
    struct mem mem = {0};
    if (mem_wanted) {
        /* Polls until the child has exited (it stays a zombie for the wait4 below). */
        for (;;) {
            siginfo_t si;
            si.si_pid = 0;
            if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) == 0 && si.si_pid)
                break;
            sample(pid, &mem);
            struct timespec ms = {0, 1000000};
            nanosleep(&ms, NULL);
        }
    }
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
    fprintf(out, "{\"wall_s\":%.6f,\"user_s\":%.6f,\"sys_s\":%.6f,\"maxrss_kb\":%ld,\"rc\":%d",
            (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
            seconds(&ru.ru_utime), seconds(&ru.ru_stime), ru.ru_maxrss, rc);
    if (mem_wanted && mem.samples)
        fprintf(out, ",\"samples\":%d,\"anon_peak_kb\":%ld,\"file_peak_kb\":%ld,"
                "\"rss_peak_sampled_kb\":%ld,\"anon_at_rss_peak_kb\":%ld,\"file_at_rss_peak_kb\":%ld",
                mem.samples, mem.anon_kb, mem.file_kb, mem.rss_kb, mem.anon_at_rss_kb,
                mem.file_at_rss_kb);
    fputs("}\n", out);
    fclose(out);
    return rc;
}
