/* signals.c — self-pipe signal handlers and the fatal-signal emergency path. */
#include "ui/signals.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <string.h>
#include <unistd.h>

/* Signals that end up as bytes on the pipe. */
static const int async_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGWINCH };
/* Signals that mean the process is broken: restore the terminal, then die. */
static const int fatal_signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT };

#define NASYNC (sizeof async_signals / sizeof async_signals[0])
#define NFATAL (sizeof fatal_signals / sizeof fatal_signals[0])

static int pipe_rd = -1, pipe_wr = -1;
static void (*emergency_hook)(void);
static struct sigaction old_async[NASYNC], old_fatal[NFATAL];
static volatile sig_atomic_t fatal_once;

static void
on_async(int sig)
{
    int saved = errno;
    unsigned char b = (unsigned char)sig;
    ssize_t n = write(pipe_wr, &b, 1); /* a full pipe already has a wake-up in it */
    (void)n;
    errno = saved;
}

static void
on_fatal(int sig, siginfo_t *info, void *uctx)
{
    (void)uctx;
    if (!fatal_once) {
        fatal_once = 1;
        if (emergency_hook)
            emergency_hook();
    }
    /* Hand the signal to whoever had it before (the default action, or a sanitizer's report). */
    for (size_t i = 0; i < NFATAL; i++)
        if (fatal_signals[i] == sig)
            sigaction(sig, &old_fatal[i], NULL);
    /* A fault raised by the kernel recurs when the instruction runs again on return; one sent by
     * kill() or abort() is raised again (it stays pending until this handler returns). */
    if (info->si_code <= 0 || sig == SIGABRT)
        raise(sig);
}

static int
set_flags(int fd)
{
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0)
        return -1;
    return fcntl(fd, F_SETFD, FD_CLOEXEC);
}

enum sse_status
signals_install(void (*emergency)(void), struct sse_error *err)
{
    int fds[2];
    if (pipe(fds) != 0)
        return sse_error_set(err, SSE_ERR_IO, "cannot create the signal pipe: %s", strerror(errno));
    if (set_flags(fds[0]) != 0 || set_flags(fds[1]) != 0) {
        close(fds[0]);
        close(fds[1]);
        return sse_error_set(err, SSE_ERR_IO, "cannot set up the signal pipe: %s", strerror(errno));
    }
    pipe_rd = fds[0];
    pipe_wr = fds[1];
    emergency_hook = emergency;
    fatal_once = 0;

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_async;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    for (size_t i = 0; i < NASYNC; i++)
        sigaction(async_signals[i], &sa, &old_async[i]);

    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_fatal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_SIGINFO;
    for (size_t i = 0; i < NFATAL; i++)
        sigaction(fatal_signals[i], &sa, &old_fatal[i]);
    return SSE_OK;
}

void
signals_uninstall(void)
{
    if (pipe_rd < 0)
        return;
    for (size_t i = 0; i < NASYNC; i++)
        sigaction(async_signals[i], &old_async[i], NULL);
    for (size_t i = 0; i < NFATAL; i++)
        sigaction(fatal_signals[i], &old_fatal[i], NULL);
    close(pipe_rd);
    close(pipe_wr);
    pipe_rd = pipe_wr = -1;
    emergency_hook = NULL;
}

int
signals_fd(void)
{
    return pipe_rd;
}

int
signals_next(void)
{
    unsigned char b;
    if (pipe_rd < 0)
        return 0;
    for (;;) {
        ssize_t n = read(pipe_rd, &b, 1);
        if (n == 1)
            return b;
        if (n < 0 && errno == EINTR)
            continue;
        return 0;
    }
}

void
signals_block_async(sigset_t *old)
{
    sigset_t all;
    sigfillset(&all);
    /* Synchronous signals must stay deliverable to the thread that causes them. */
    for (size_t i = 0; i < NFATAL; i++)
        sigdelset(&all, fatal_signals[i]);
    sigdelset(&all, SIGTRAP);
    sigdelset(&all, SIGSYS);
    pthread_sigmask(SIG_BLOCK, &all, old);
}

void
signals_restore_mask(const sigset_t *old)
{
    pthread_sigmask(SIG_SETMASK, old, NULL);
}
