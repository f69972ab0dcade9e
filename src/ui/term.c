/* term.c — curses set-up and teardown, stderr capture, and the emergency restore path. */
#include "ui/term.h"

#include <curses.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <term.h>
#include <termios.h>
#include <unistd.h>

#include "core/i18n.h"

static SCREEN *screen;
static struct termios saved_tio;
static bool have_tio;
static volatile sig_atomic_t active;  /* curses owns the terminal */
static char restore_seq[256];         /* rmkx rmcup cnorm sgr0, looked up at open */
static size_t restore_len;
static int saved_stderr = -1;         /* the real stderr while it is captured */
static int capture_fd = -1;           /* the temporary file standing in for it */

/* Appends a terminfo string without its $<delay> padding. */
static void
add_cap(const char *name)
{
    char *s = tigetstr(name);
    if (!s || s == (char *)-1)
        return;
    for (; *s && restore_len + 1 < sizeof restore_seq; s++) {
        if (s[0] == '$' && s[1] == '<') {
            const char *end = strchr(s, '>');
            if (end) {
                s = (char *)end;
                continue;
            }
        }
        restore_seq[restore_len++] = *s;
    }
}

static void
capture_stderr(void)
{
    FILE *tmp = tmpfile();
    if (!tmp)
        return;
    int fd = dup(fileno(tmp));
    fclose(tmp);
    if (fd < 0)
        return;
    fflush(stderr);
    saved_stderr = dup(STDERR_FILENO);
    if (saved_stderr < 0 || dup2(fd, STDERR_FILENO) < 0) {
        if (saved_stderr >= 0)
            close(saved_stderr);
        saved_stderr = -1;
        close(fd);
        return;
    }
    capture_fd = fd;
}

/* Puts stderr back and copies what was captured to it; async-signal-safe. */
static void
release_stderr(void)
{
    if (saved_stderr < 0)
        return;
    dup2(saved_stderr, STDERR_FILENO);
    close(saved_stderr);
    saved_stderr = -1;
    if (lseek(capture_fd, 0, SEEK_SET) == 0) {
        char buf[4096];
        ssize_t n;
        while ((n = read(capture_fd, buf, sizeof buf)) > 0) {
            ssize_t off = 0;
            while (off < n) {
                ssize_t w = write(STDERR_FILENO, buf + off, (size_t)(n - off));
                if (w <= 0)
                    break;
                off += w;
            }
            if (off < n)
                break;
        }
    }
    close(capture_fd);
    capture_fd = -1;
}

enum sse_status
term_open(struct sse_error *err)
{
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
        return sse_error_set(err, SSE_ERR_USAGE,
                             "the terminal UI needs a terminal on standard input and output "
                             "(use a command such as `sseadm get` in scripts)");
    have_tio = tcgetattr(STDIN_FILENO, &saved_tio) == 0;
    const char *term = getenv("TERM");
    const char *shown = term && *term ? term : "(unset)";
    /* A terminal that cannot place the cursor (dumb, a printing terminal) would get a screen that
     * is only its last line: refused like an unknown one, before anything is drawn. */
    int found = 0;
    if (setupterm(NULL, STDOUT_FILENO, &found) != OK)
        return sse_error_set(err, SSE_ERR_USAGE,
                             _("cannot use the terminal type \"%.64s\" (TERM): it is not known "
                               "here; set TERM to your terminal's, or use the commands (sseadm "
                               "report, get, set; sseadm --help)"),
                             shown);
    const char *cup = tigetstr("cup");
    bool addressable = cup && cup != (char *)-1 && tigetflag("hc") <= 0;
    del_curterm(cur_term);
    if (!addressable)
        return sse_error_set(err, SSE_ERR_USAGE,
                             _("cannot use the terminal type \"%.64s\" (TERM): it cannot move "
                               "the cursor, which the terminal UI needs; use the commands instead "
                               "(sseadm report, get, set; sseadm --help)"),
                             shown);
    screen = newterm(NULL, stdout, stdin);
    if (!screen)
        return sse_error_set(err, SSE_ERR_USAGE,
                             _("cannot use the terminal type \"%.64s\" (TERM): it is not known "
                               "here; set TERM to your terminal's, or use the commands (sseadm "
                               "report, get, set; sseadm --help)"),
                             shown);
    set_term(screen);
    restore_len = 0;
    add_cap("rmkx");
    add_cap("rmcup");
    add_cap("cnorm");
    add_cap("sgr0");
    active = 1;
    capture_stderr();
    cbreak();
    noecho();
    nonl();
    intrflush(stdscr, FALSE);
    keypad(stdscr, TRUE);
    nodelay(stdscr, TRUE);
    set_escdelay(25);
    curs_set(0);
    return SSE_OK;
}

bool
term_has_colour(void)
{
    return has_colors();
}

void
term_size(int *rows, int *cols)
{
    *rows = LINES;
    *cols = COLS;
}

void
term_resize(int *rows, int *cols)
{
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0 &&
        (ws.ws_row != LINES || ws.ws_col != COLS))
        resizeterm(ws.ws_row, ws.ws_col);
    term_size(rows, cols);
}

void
term_flush(int y, int x, bool repaint)
{
    if (repaint)
        clearok(curscr, TRUE);
    if (y >= 0) {
        curs_set(1);
        move(y, x);
    } else {
        curs_set(0);
    }
    wnoutrefresh(stdscr);
    doupdate();
}

void
term_send(const char *bytes, size_t n)
{
    if (!active)
        return;
    fflush(stdout); /* whatever curses has not sent yet goes first */
    size_t off = 0;
    while (off < n) {
        ssize_t w = write(STDOUT_FILENO, bytes + off, n - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            break;
        off += (size_t)w;
    }
}

void
term_close(void)
{
    if (!active)
        return;
    endwin();
    active = 0;
    delscreen(screen);
    screen = NULL;
    fflush(stdout);
    release_stderr();
}

void
term_emergency_restore(void)
{
    if (!active)
        return;
    active = 0;
    if (have_tio)
        tcsetattr(STDIN_FILENO, TCSANOW, &saved_tio);
    size_t off = 0;
    while (off < restore_len) {
        ssize_t w = write(STDOUT_FILENO, restore_seq + off, restore_len - off);
        if (w <= 0)
            break;
        off += (size_t)w;
    }
    release_stderr();
}
