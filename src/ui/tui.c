/* tui.c — the event loop: poll(stdin, the core's fd, signal pipe) → keys to screens and their
 * commands to the core, answers to the fleet, signals to resize or quit → one frame per wake-up.
 * The only place frames are sent out. */
#include "ui/tui.h"

#include <curses.h>
#include <errno.h>
#include <langinfo.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/theme.h"
#include "core/diag.h"
#include "core/i18n.h"
#include "core/sanitize.h"
#include "app/app.h"
#include "ui/chrome.h"
#include "ui/commands.h"
#include "ui/draw.h"
#include "ui/keys.h"
#include "ui/remember.h"
#include "ui/screens.h"
#include "ui/signals.h"
#include "ui/term.h"

/* After this many wake-ups in a row with stdin readable but no key, the terminal is gone. */
#define DEAD_INPUT_LIMIT 64

struct tui {
    struct ui_state st;
    struct app *app;
    int stop_signal;     /* the signal that ended the loop, 0 for a quit */
    int empty_reads;
};

static enum sse_status
load_theme(const struct tui_options *opts, struct theme *theme, struct sse_error *err)
{
    const char *name = opts->theme && *opts->theme       ? opts->theme
                       : opts->cfg && opts->cfg->ui.theme[0] ? opts->cfg->ui.theme
                                                             : "default";
    struct sse_diag diag = { 0 };
    enum sse_status st = theme_load_named(name, opts->theme_dirs, theme, &diag);
    if (st != SSE_OK) {
        char msg[sizeof err->message] = "";
        size_t used = 0;
        for (size_t i = 0; i < diag.count && used + 3 < sizeof msg; i++) {
            int n = snprintf(msg + used, sizeof msg - used, "%s%s", i ? "; " : "", diag.lines[i]);
            if (n < 0)
                break;
            used += (size_t)n;
        }
        sse_error_set(err, st == SSE_ERR_NOMEM ? st : SSE_ERR_CONFIG, "%s",
                      used ? msg : "cannot load the theme");
    }
    sse_diag_cleanup(&diag);
    return st;
}

/* The title, the TLS warning and the settings the screens show, for the profiles in the core. */
static void
describe_scope(struct ui_state *st, const struct tui_options *opts)
{
    const struct fleet *f = st->fleet;
    if (f->nprofiles == 1)
        snprintf(st->title, sizeof st->title, _("profile %.60s"), f->profiles[0].account->profile);
    else
        snprintf(st->title, sizeof st->title, ngettext("%zu profile", "%zu profiles", f->nprofiles),
                 f->nprofiles);
    size_t insecure = 0, wl = 0;
    for (size_t p = 0; p < f->nprofiles; p++) {
        const struct oss_account *a = f->profiles[p].account;
        if (!a || !a->insecure_tls)
            continue;
        int n = snprintf(st->tls_warning + wl, sizeof st->tls_warning - wl, "%s%.60s",
                         insecure ? ", " : "", a->profile);
        if (n < 0 || (size_t)n >= sizeof st->tls_warning - wl)
            break;
        wl += (size_t)n;
        insecure++;
    }
    if (insecure) {
        char names[sizeof st->tls_warning];
        memcpy(names, st->tls_warning, sizeof names);
        snprintf(st->tls_warning, sizeof st->tls_warning,
                 ngettext("TLS verification OFF: profile %.120s",
                          "TLS verification OFF: profiles %.120s", insecure), names);
    }
    st->has_policy = opts->policy != NULL;
    st->confirm_changes = opts->cfg->ui.confirm;
    st->clipboard = opts->cfg->ui.clipboard;
    st->utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
}

/* The core over the configuration, its rows, the audit log, and the list view over its fleet. */
static enum sse_status
build(struct tui *t, const struct tui_options *opts, struct sse_error *err)
{
    struct app_options o = { .cfg = opts->cfg, .profile = opts->profile, .policy = opts->policy,
                             .secrets = opts->secrets };
    if (!(t->app = app_new(&o, err)))
        return SSE_ERR_NOMEM;
    struct ui_state *st = &t->st;
    st->app = t->app;
    st->fleet = app_fleet(t->app);
    /* A profile without credentials opens all the same: its error is in the header, and on
     * its buckets when they are read. */
    struct sse_diag warnings = {0};
    struct sse_error planned;
    sse_error_clear(&planned);
    if (app_plan_credentials(t->app, NULL, &warnings, &planned) == SSE_ERR_NOMEM)
        return sse_error_set(err, SSE_ERR_NOMEM, "out of memory");
    if (warnings.count) /* the status line, once it is drawn */
        ui_message(st, true, "%s", warnings.lines[0]);
    sse_diag_cleanup(&warnings);
    app_plan_init(&st->plan, APP_PLAN_SET);
    if (app_add_configured(t->app) != SSE_OK)
        return sse_error_set(err, SSE_ERR_NOMEM, "out of memory");
    struct sse_error audit;
    sse_error_clear(&audit);
    app_open_audit(t->app, &audit); /* without it changes are off; reads still work */
    describe_scope(st, opts);
    /* The columns: ui.columns, or what c chose over it last time (the state file). */
    st->columns_config = opts->cfg->ui.columns;
    char path[4200];
    struct remembered kept;
    remember_path(app_audit_path(t->app), path, sizeof path);
    if (remember_load(path, &kept) != SSE_OK)
        ui_message(st, true, _("Cannot read %s: the columns are those of ui.columns."), path);
    st->columns = remember_columns(&kept, st->columns_config);
    listview_init(&st->view, st->fleet);
    if (listview_sync(&st->view) != SSE_OK)
        return sse_error_set(err, SSE_ERR_NOMEM, "out of memory");
    ui_follow(st, &(struct app_update){ .identities_changed = true });
    if (planned.status != SSE_OK) /* the first profile that cannot have credentials */
        ui_message(st, true, "%s", planned.message);
    return SSE_OK;
}

static void
paint(struct tui *t, bool repaint)
{
    struct ui_state *st = &t->st;
    struct ui_cursor cur = UI_NO_CURSOR;
    erase();
    if (ui_too_small(st)) {
        char line[96];
        snprintf(line, sizeof line, _("Terminal too small (%dx%d): sseadm needs %dx%d."), st->cols,
                 st->rows, UI_MIN_COLS, UI_MIN_ROWS);
        int y = st->rows / 2 - 1;
        draw_text(y > 0 ? y : 0, 0, st->cols, THEME_EL_WARNING, line);
        if (st->rows > 2)
            draw_text(y + 1 > 0 ? y + 1 : 1, 0, st->cols, THEME_EL_ROW, _("Enlarge it, or q to quit."));
    } else {
        cur = screen_list_draw(st);
        switch (st->screen) {
        case UI_DETAIL: cur = screen_detail_draw(st); break;
        case UI_FORM: cur = screen_form_draw(st); break;
        case UI_CONFIRM: cur = screen_confirm_draw(st); break;
        case UI_HELP: cur = screen_help_draw(st); break;
        case UI_PLAN: cur = screen_plan_draw(st); break;
        case UI_HISTORY: cur = screen_history_draw(st); break;
        case UI_MENU:
            if (st->under == UI_DETAIL)
                screen_detail_draw(st);
            cur = screen_menu_draw(st);
            break;
        case UI_LIST: break;
        }
    }
    term_flush(cur.y, cur.x, repaint);
}

static void
resized(struct tui *t)
{
    term_resize(&t->st.rows, &t->st.cols);
    listview_set_height(&t->st.view, ui_list_height(&t->st));
    if (t->st.screen == UI_PLAN)
        screen_plan_layout(&t->st);
}

static struct ui_react
dispatch(struct tui *t, int key)
{
    struct ui_state *st = &t->st;
    bool had_message = st->message[0];
    st->message[0] = '\0';
    if (key == KEYS_FN + KEY_RESIZE) {
        resized(t);
        return ui_react_flags(UI_REACT_DRAW);
    }
    if (ui_too_small(st)) /* nothing shows what a key would do: only quitting is safe */
        return key == 'q' && st->screen == UI_LIST && !st->prompt ? chrome_quit(st)
                                                                   : ui_react_flags(UI_REACT_DRAW);
    struct ui_react r;
    switch (st->screen) {
    case UI_LIST: r = screen_list_key(st, key); break;
    case UI_DETAIL: r = screen_detail_key(st, key); break;
    case UI_FORM: r = screen_form_key(st, key); break;
    case UI_CONFIRM: r = screen_confirm_key(st, key); break;
    case UI_HELP: r = screen_help_key(st, key); break;
    case UI_PLAN: r = screen_plan_key(st, key); break;
    case UI_HISTORY: r = screen_history_key(st, key); break;
    case UI_MENU: r = screen_menu_key(st, key); break;
    default: r = ui_react_flags(UI_REACT_NONE); break;
    }
    if (had_message)
        r.flags |= UI_REACT_DRAW;
    return r;
}

/* Reads every key curses has (poll cannot see its buffer), handling each. */
static unsigned
on_keys(struct tui *t)
{
    unsigned react = UI_REACT_NONE;
    int got = 0;
    for (;;) {
        wint_t wc;
        int rc = get_wch(&wc);
        if (rc == ERR)
            break;
        got++;
        int key = rc == KEY_CODE_YES ? KEYS_FN + (int)wc : (int)wc;
        struct ui_react r = dispatch(t, key);
        react |= r.flags;
        if (r.cmd.kind != UI_CMD_NONE)
            react |= ui_run(&t->st, &r.cmd);
        if (react & UI_REACT_QUIT)
            break;
    }
    t->empty_reads = got ? 0 : t->empty_reads + 1;
    if (t->empty_reads >= DEAD_INPUT_LIMIT) {
        t->stop_signal = SIGHUP;
        react |= UI_REACT_QUIT;
    }
    return react;
}

static unsigned
on_signals(struct tui *t)
{
    unsigned react = UI_REACT_NONE;
    int sig;
    while ((sig = signals_next()) != 0) {
        if (sig == SIGWINCH) {
            resized(t);
            react |= UI_REACT_DRAW | UI_REACT_REPAINT;
        } else if (!t->stop_signal) {
            t->stop_signal = sig;
            react |= UI_REACT_QUIT;
        }
    }
    return react;
}

/* Takes every answer that arrived at once: many answers, one frame. */
static unsigned
on_results(struct tui *t)
{
    struct app_update u;
    app_take(t->app, &u);
    return ui_follow(&t->st, &u);
}

static int
loop(struct tui *t, struct sse_error *err)
{
    unsigned react = UI_REACT_DRAW;
    for (;;) {
        if (react & UI_REACT_DRAW)
            paint(t, (react & UI_REACT_REPAINT) != 0);
        struct pollfd fds[3] = {
            { .fd = STDIN_FILENO, .events = POLLIN },
            { .fd = app_fd(t->app), .events = POLLIN },
            { .fd = signals_fd(), .events = POLLIN },
        };
        if (poll(fds, 3, -1) < 0) {
            if (errno == EINTR)
                continue;
            sse_error_set(err, SSE_ERR_IO, "poll failed: %s", strerror(errno));
            return 1;
        }
        react = UI_REACT_NONE;
        if (fds[2].revents & POLLIN)
            react |= on_signals(t);
        if (fds[0].revents & POLLIN)
            react |= on_keys(t);
        else if (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL)) {
            t->stop_signal = SIGHUP;
            react |= UI_REACT_QUIT;
        }
        if (fds[1].revents & POLLIN)
            react |= on_results(t);
        if (react & UI_REACT_QUIT)
            break;
    }
    if (t->stop_signal) {
        sse_error_set(err, SSE_ERR_CANCELLED, "stopped by signal %d (%s)", t->stop_signal,
                      t->stop_signal == SIGHUP ? "the terminal went away"
                      : t->stop_signal == SIGINT ? "interrupted"
                                                 : "terminated");
        return 128 + t->stop_signal;
    }
    return 0;
}

int
tui_run(const struct tui_options *opts, struct sse_error *err)
{
    struct sse_error dummy;
    if (!err)
        err = &dummy;
    sse_error_clear(err);
    struct theme theme;
    if (load_theme(opts, &theme, err) != SSE_OK)
        return 2;
    struct tui *t = calloc(1, sizeof *t);
    if (!t) {
        sse_error_set(err, SSE_ERR_NOMEM, "out of memory");
        return 2;
    }
    int rc = 2;
    if (build(t, opts, err) != SSE_OK)
        goto out;
    if (signals_install(term_emergency_restore, err) != SSE_OK)
        goto out;
    if (term_open(err) != SSE_OK) {
        signals_uninstall();
        goto out;
    }
    const char *no_color = getenv("NO_COLOR");
    bool colour = term_has_colour() && !(no_color && *no_color);
    if (!colour)
        theme_monochrome(&theme);
    draw_setup(&theme, colour, t->st.utf8);
    resized(t);

    /* The worker must never run our handlers: it inherits a mask with them blocked. */
    sigset_t old;
    signals_block_async(&old);
    enum sse_status started = app_start(t->app, err);
    signals_restore_mask(&old);
    if (started != SSE_OK) {
        rc = 1;
    } else {
        app_discover(t->app, APP_LIST);
        app_read(t->app, NULL, 0, NULL);
        app_check_identities(t->app); /* the account IDs the header and detail show */
        if (app_changes_off(t->app)[0])
            ui_message(&t->st, true, _("Changes are off: %s."), app_changes_off(t->app));
        rc = loop(t, err);
    }
    term_close();
    signals_uninstall();
out:
    screen_plan_close(&t->st);
    listview_cleanup(&t->st.view);
    app_free(t->app); /* stops the worker: changes in flight are logged as cut short */
    free(t);
    return rc;
}
