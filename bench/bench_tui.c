/* bench_tui.c — what one keystroke and one frame of the bucket list cost at fleet scale: builds a
 * fleet of N rows through the model (src/model: fleet + listview), then measures process CPU time
 * per move down, page down, jump to bottom, one more typed filter character, clearing the filter,
 * a filter with terms, a sort (by name, algorithm, CMK ID, status), moves in the sorted list, a
 * round of answers that moves sorted rows, and one frame's draw data (the columns laid out from
 * the rows shown and the visible rows' text fitted to them as screen_list.c does, without curses).
 * Prints one JSON line per figure on stdout.
 *
 * usage: bench_tui [--rows N] [--height H] [--cols C] [--filter TEXT] [--terms TEXT] [--callgrind]
 *   --callgrind  few iterations, each operation in its own bench_op_* function, for
 *                `valgrind --tool=callgrind` (bench/run.sh reads the inclusive counts); the
 *                JSON lines then give the number of calls per function instead of times. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "core/rule.h"
#include "core/sanitize.h"
#include "engine/job.h"
#include "model/columns.h"
#include "model/fleet.h"
#include "model/listview.h"

#define NOINLINE __attribute__((noinline))

static struct fleet fleet;
static struct listview view;
static struct oss_account account;
static int opt_cols = 120;
static volatile size_t sink; /* keeps the optimiser from dropping work */

static double
cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long
peak_rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

/* Deterministic, varied bucket names: "<env>-<what>-<region>-<n>", 3–63 characters. */
static void
bucket_name(size_t i, char *out, size_t size)
{
    static const char *env[] = {"prod", "dev", "staging", "qa", "shared", "team"};
    static const char *what[] = {"logs", "backup", "media", "data", "archive", "analytics",
                                 "web", "images", "reports", "ml-train", "audit", "cdn"};
    static const char *region[] = {"hz", "sh", "bj", "sz", "hk", "sg", "fra", "va"};
    uint64_t h = (uint64_t)i * 0x9e3779b97f4a7c15ull;
    snprintf(out, size, "%s-%s-%s-%06zu", env[h % 6], what[(h >> 8) % 12], region[(h >> 16) % 8],
             i + 1);
}

/* A result as the worker would post it: mixed rules, a few errors; algo >= 0 answers that
 * algorithm instead. */
static void
answer(size_t row, struct job *job, int algo)
{
    struct result res;
    memset(&res, 0, sizeof res);
    res.job_id = row + 1;
    res.seq = job->seq;
    res.kind = job->kind;
    res.account = job->account;
    res.tag = job->tag;
    sse_strlcpy(res.bucket, job->bucket, sizeof res.bucket);
    res.attempts = 1;
    res.elapsed_s = 0.05;
    snprintf(res.request_id, sizeof res.request_id, "65A0B1C2D3E4F5%010zu", row);
    switch (algo >= 0 ? 0 : row % 16) {
    case 15:
        res.status = SSE_ERR_SERVICE;
        res.error.status = SSE_ERR_SERVICE;
        res.error.http_status = 403;
        sse_strlcpy(res.error.code, "AccessDenied", sizeof res.error.code);
        sse_strlcpy(res.error.message, "You have no right to access this bucket.",
                    sizeof res.error.message);
        break;
    default:
        res.status = SSE_OK;
        res.rule_known = true;
        switch (algo >= 0 ? -1 : (int)(row % 4)) {
        case -1: res.rule.algo = (enum sse_algo)algo; break;
        case 0: res.rule.algo = SSE_ALGO_AES256; break;
        case 1:
            res.rule.algo = SSE_ALGO_KMS;
            if (row % 8 == 1) {
                snprintf(res.rule.kms_key_id, sizeof res.rule.kms_key_id,
                         "daa66d14-4b1d-4c2a-9e3f-%012zx", row);
                res.rule.data_enc = SSE_DATA_ENC_SM4;
            }
            break;
        case 2: res.rule.algo = SSE_ALGO_SM4; break;
        default: res.rule.algo = SSE_ALGO_NONE; break;
        }
    }
    fleet_apply(&fleet, &res);
}

/* ---- one frame's draw data: what screen_list.c's layout and draw_row put in each cell ------- */

/* The columns as screen_list.c lays them out (English titles, no policy). */
static void
layout(struct columns_layout *l)
{
    struct columns_want w;
    memset(&w, 0, sizeof w);
    /* One region: the TUI shows no region column then. */
    w.shown = SSE_COLUMNS_ALL & ~SSE_COLUMN_BIT(SSE_COL_POLICY) & ~SSE_COLUMN_BIT(SSE_COL_REGION);
    w.content[SSE_COL_PROFILE] = sanitize_width(account.profile);
    w.content[SSE_COL_BUCKET] = view.widths.name;
    w.content[SSE_COL_ALGORITHM] = view.widths.algo > 6 ? view.widths.algo : 6;
    int managed = view.widths.managed ? 13 : 0;
    w.content[SSE_COL_KMS_KEY_ID] = view.widths.cmk > managed ? view.widths.cmk : managed;
    w.content[SSE_COL_KMS_DATA] = 4;
    w.content[SSE_COL_STATUS] = view.widths.status > 9 ? view.widths.status : 9;
    static const int title[SSE_COL_COUNT] = {
        [SSE_COL_PROFILE] = 7, [SSE_COL_BUCKET] = 6, [SSE_COL_REGION] = 6,
        [SSE_COL_ALGORITHM] = 9, [SSE_COL_KMS_KEY_ID] = 6, [SSE_COL_KMS_DATA] = 8,
        [SSE_COL_POLICY] = 6, [SSE_COL_STATUS] = 6,
    };
    static const int short_title[SSE_COL_COUNT] = {
        [SSE_COL_PROFILE] = 4, [SSE_COL_BUCKET] = 6, [SSE_COL_REGION] = 3,
        [SSE_COL_ALGORITHM] = 4, [SSE_COL_KMS_KEY_ID] = 6, [SSE_COL_KMS_DATA] = 4,
        [SSE_COL_POLICY] = 4, [SSE_COL_STATUS] = 6,
    };
    memcpy(w.title, title, sizeof title);
    memcpy(w.short_title, short_title, sizeof short_title);
    columns_layout(&w, opt_cols, l);
}

/* The text of one screen: title, the column layout, per visible row each cell sanitized and
 * fitted to its width (names cut in the middle), and the summary line. Returns the bytes
 * produced (so nothing is optimised away). */
NOINLINE size_t
bench_op_frame(void)
{
    static char cell[4096];
    size_t bytes = 0;
    const struct listview *lv = &view;
    char where[256];
    if (lv->filter[0])
        snprintf(where, sizeof where, "filter \"%.127s\": %zu of %zu  %zu/%zu ", lv->filter,
                 lv->count, fleet.count, lv->count ? lv->cursor + 1 : 0, lv->count);
    else
        snprintf(where, sizeof where, "%zu/%zu ", lv->count ? lv->cursor + 1 : 0, lv->count);
    bytes += (size_t)sanitize_fit(where, opt_cols, "\xe2\x80\xa6", cell, sizeof cell);

    struct columns_layout c;
    layout(&c);
    for (size_t k = 0; k < lv->height; k++) {
        size_t pos = lv->top + k;
        if (pos >= lv->count)
            break;
        size_t i = lv->rows[pos];
        const struct fleet_row *r = &fleet.rows[i];
        const struct oss_account *acct = fleet.profiles[r->profile].account;
        const char *algo = "", *cmk = "", *data = "";
        if (r->rule_known) {
            algo = r->rule.algo == SSE_ALGO_UNKNOWN && r->rule.algo_raw[0]
                       ? r->rule.algo_raw : sse_algo_name(r->rule.algo);
            if (r->rule.algo == SSE_ALGO_KMS) {
                cmk = r->rule.kms_key_id[0] ? r->rule.kms_key_id : "(OSS-managed)";
                data = sse_data_enc_name(r->rule.data_enc);
            }
        } else if (r->state != FLEET_LOADING) {
            algo = "?";
        }
        char status[96];
        fleet_status_text(&fleet, i, "\xe2\x80\xa6", status, sizeof status);
        const char *text[SSE_COL_COUNT] = {
            [SSE_COL_PROFILE] = acct ? acct->profile : "", [SSE_COL_BUCKET] = r->bucket,
            [SSE_COL_REGION] = r->account ? r->account->region : "", [SSE_COL_ALGORITHM] = algo,
            [SSE_COL_KMS_KEY_ID] = cmk, [SSE_COL_KMS_DATA] = data, [SSE_COL_POLICY] = "",
            [SSE_COL_STATUS] = status,
        };
        for (int col = 0; col < SSE_COL_COUNT; col++) {
            if (!c.width[col])
                continue;
            int w = col == c.last ? opt_cols - c.x[col] : c.width[col];
            bytes += (size_t)(col == SSE_COL_PROFILE || col == SSE_COL_BUCKET
                                  ? columns_fit_middle(text[col], w, "\xe2\x80\xa6", cell, sizeof cell)
                                  : sanitize_fit(text[col], w, "\xe2\x80\xa6", cell, sizeof cell));
        }
    }
    const struct fleet_counts *n = &fleet.counts;
    char line[256];
    snprintf(line, sizeof line, "AES256 %zu  KMS %zu  SM4 %zu  none %zu  errors %zu  in flight %zu",
             n->algo[SSE_ALGO_AES256], n->algo[SSE_ALGO_KMS], n->algo[SSE_ALGO_SM4],
             n->algo[SSE_ALGO_NONE], n->errors, n->inflight);
    bytes += (size_t)sanitize_fit(line, opt_cols, "\xe2\x80\xa6", cell, sizeof cell);
    return bytes;
}

/* ---- the keystrokes' handlers, each in its own function for callgrind ----------------------- */

NOINLINE void bench_op_move_down(void) { listview_move(&view, 1); }
NOINLINE void bench_op_page_down(void) { listview_page(&view, 1); }
NOINLINE void bench_op_bottom(void) { listview_end(&view); }
NOINLINE void bench_op_home(void) { listview_home(&view); }
NOINLINE void bench_op_filter_first(const char *t) { listview_set_filter(&view, t, NULL); }
NOINLINE void bench_op_filter_more(const char *t) { listview_set_filter(&view, t, NULL); }
NOINLINE void bench_op_filter_clear(void) { listview_set_filter(&view, "", NULL); }
NOINLINE void bench_op_filter_terms(const char *t) { listview_set_filter(&view, t, NULL); }
NOINLINE void bench_op_sort(enum sort_column c) { listview_set_sort(&view, c, false); }

static void
emit(const char *op, const char *what, double cpu_s, size_t iterations, const char *extra)
{
    printf("{\"bench\":\"tui\",\"op\":\"%s\",\"what\":\"%s\",\"rows\":%zu,\"height\":%zu,"
           "\"iterations\":%zu,\"cpu_us\":%.4f%s%s}\n",
           op, what, fleet.count, view.height, iterations,
           iterations ? cpu_s * 1e6 / (double)iterations : 0.0, extra ? "," : "",
           extra ? extra : "");
}

/* CPU seconds of n calls of f, timed around the loop (the clock costs more than a move); wrap
 * returns to the top when the cursor reaches the end. */
static double
run_batch(void (*f)(void), size_t n, bool wrap)
{
    double t0 = cpu_now();
    for (size_t i = 0; i < n; i++) {
        f();
        if (wrap && view.cursor + 1 >= view.count)
            bench_op_home();
    }
    return cpu_now() - t0;
}

static double
run_batch_frame(void (*f)(void), size_t n)
{
    double t0 = cpu_now();
    for (size_t i = 0; i < n; i++) {
        f();
        sink += bench_op_frame();
        if (view.cursor + 1 >= view.count)
            bench_op_home();
    }
    return cpu_now() - t0;
}

int
main(int argc, char **argv)
{
    size_t rows = 100000, height = 50;
    const char *filter = "logs-hz";
    const char *terms = "alg:kms !status:error";
    bool callgrind = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--rows") == 0 && i + 1 < argc)
            rows = strtoul(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--height") == 0 && i + 1 < argc)
            height = strtoul(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--cols") == 0 && i + 1 < argc)
            opt_cols = atoi(argv[++i]);
        else if (strcmp(argv[i], "--filter") == 0 && i + 1 < argc)
            filter = argv[++i];
        else if (strcmp(argv[i], "--terms") == 0 && i + 1 < argc)
            terms = argv[++i];
        else if (strcmp(argv[i], "--callgrind") == 0)
            callgrind = true;
        else {
            fprintf(stderr, "usage: bench_tui [--rows N] [--height H] [--cols C] [--filter TEXT] "
                            "[--terms TEXT] [--callgrind]\n");
            return 2;
        }
    }
    if (rows < 2 || height < 1 || !filter[0] || strlen(filter) >= LISTVIEW_FILTER_MAX) {
        fprintf(stderr, "bench_tui: need --rows ≥ 2, --height ≥ 1 and a non-empty --filter\n");
        return 2;
    }

    /* Set-up: the rows as the TUI adds them from the configuration, then every row's answer. */
    sse_strlcpy(account.profile, "prod", sizeof account.profile);
    sse_strlcpy(account.endpoint, "http://localhost:9000", sizeof account.endpoint);
    sse_strlcpy(account.region, "cn-hangzhou", sizeof account.region);
    double t0 = cpu_now();
    fleet_init(&fleet);
    int p = fleet_add_profile(&fleet, &account, false);
    char name[64];
    for (size_t i = 0; i < rows; i++) {
        bucket_name(i, name, sizeof name);
        if (fleet_add(&fleet, p, name) != SSE_OK) {
            fprintf(stderr, "bench_tui: fleet_add failed at row %zu\n", i);
            return 1;
        }
    }
    listview_init(&view, &fleet);
    if (listview_sync(&view) != SSE_OK) {
        fprintf(stderr, "bench_tui: listview_sync failed\n");
        return 1;
    }
    listview_set_height(&view, height);
    sink += bench_op_frame();
    double t_first = cpu_now();
    for (size_t i = 0; i < rows; i++) {
        struct job *job = fleet_job(&fleet, i, JOB_GET, NULL);
        if (!job) {
            fprintf(stderr, "bench_tui: fleet_job failed at row %zu\n", i);
            return 1;
        }
        answer(i, job, -1);
        job_free(job);
    }
    double t_applied = cpu_now();
    /* The TUI hands each round of answers to the view (cells measured again). */
    {
        uint32_t *all = malloc(rows * sizeof *all);
        if (!all) {
            fprintf(stderr, "bench_tui: out of memory\n");
            return 1;
        }
        for (size_t i = 0; i < rows; i++)
            all[i] = (uint32_t)i;
        listview_update(&view, all, rows, NULL);
        free(all);
    }
    char extra[256];
    snprintf(extra, sizeof extra, "\"peak_rss_kb\":%ld,\"row_bytes\":%zu", peak_rss_kb(),
             sizeof(struct fleet_row));
    if (!callgrind) {
        emit("setup_first_frame", "rows added, list synced, first frame's draw data", t_first - t0,
             1, extra);
        emit("apply_results", "one worker result applied (job made + fleet_apply), per row",
             t_applied - t_first, rows, NULL);
    }

    size_t n_move = callgrind ? 1000 : 2000000;
    size_t n_frame = callgrind ? 100 : 20000;
    size_t n_filter = callgrind ? 2 : 20;
    size_t typed = strlen(filter);

    if (callgrind) {
        /* Counts only; run.sh divides each bench_op_*'s inclusive Ir by these. */
        bench_op_home();
        for (size_t i = 0; i < n_move; i++)
            bench_op_move_down();
        for (size_t i = 0; i < n_move; i++) {
            bench_op_page_down();
            if (view.cursor + 1 >= view.count)
                bench_op_home();
        }
        for (size_t i = 0; i < n_move; i++)
            bench_op_bottom();
        for (size_t i = 0; i < n_frame; i++) {
            listview_move(&view, -(long)height / 2);
            sink += bench_op_frame();
        }
        char text[LISTVIEW_FILTER_MAX];
        for (size_t k = 0; k < n_filter; k++) {
            for (size_t c = 1; c <= typed; c++) {
                memcpy(text, filter, c);
                text[c] = '\0';
                if (c == 1)
                    bench_op_filter_first(text);
                else
                    bench_op_filter_more(text);
            }
            bench_op_filter_clear();
        }
        printf("{\"bench\":\"tui_callgrind\",\"rows\":%zu,\"calls\":{\"bench_op_move_down\":%zu,"
               "\"bench_op_page_down\":%zu,\"bench_op_bottom\":%zu,\"bench_op_frame\":%zu,"
               "\"bench_op_filter_first\":%zu,\"bench_op_filter_more\":%zu,"
               "\"bench_op_filter_clear\":%zu}}\n",
               fleet.count, n_move, n_move, n_move, n_frame + 1, n_filter,
               n_filter * (typed - 1), n_filter);
        listview_cleanup(&view);
        fleet_cleanup(&fleet);
        return 0;
    }

    /* The handlers alone, then each with the frame it triggers. */
    bench_op_home();
    emit("move_down", "handler", run_batch(bench_op_move_down, n_move, true), n_move, NULL);
    emit("page_down", "handler", run_batch(bench_op_page_down, n_move, true), n_move, NULL);
    emit("bottom", "handler", run_batch(bench_op_bottom, n_move, false), n_move, NULL);
    bench_op_home();
    double frame_s = 0;
    {
        double f0 = cpu_now();
        for (size_t i = 0; i < n_frame; i++) {
            listview_page(&view, 1);
            if (view.cursor + 1 >= view.count)
                bench_op_home();
            sink += bench_op_frame();
        }
        frame_s = cpu_now() - f0;
    }
    emit("frame", "draw data of one screen", frame_s, n_frame, NULL);
    bench_op_home();
    emit("move_down_frame", "handler + frame", run_batch_frame(bench_op_move_down, n_frame),
         n_frame, NULL);
    emit("page_down_frame", "handler + frame", run_batch_frame(bench_op_page_down, n_frame),
         n_frame, NULL);
    emit("bottom_frame", "handler + frame", run_batch_frame(bench_op_bottom, n_frame), n_frame,
         NULL);

    /* Typing the filter one character at a time, then clearing it; each call timed on its own
     * (a pass over up to N rows), each followed by its frame. */
    double first_s = 0, first_max = 0, more_s = 0, more_max = 0, clear_s = 0, clear_max = 0;
    size_t matched_first = 0, matched_last = 0;
    char text[LISTVIEW_FILTER_MAX];
    for (size_t k = 0; k < n_filter; k++) {
        for (size_t c = 1; c <= typed; c++) {
            memcpy(text, filter, c);
            text[c] = '\0';
            double a = cpu_now();
            if (c == 1)
                bench_op_filter_first(text);
            else
                bench_op_filter_more(text);
            sink += bench_op_frame();
            double d = cpu_now() - a;
            if (c == 1) {
                first_s += d;
                first_max = d > first_max ? d : first_max;
                matched_first = view.count;
            } else {
                more_s += d;
                more_max = d > more_max ? d : more_max;
            }
            matched_last = view.count;
        }
        double a = cpu_now();
        bench_op_filter_clear();
        sink += bench_op_frame();
        double d = cpu_now() - a;
        clear_s += d;
        clear_max = d > clear_max ? d : clear_max;
    }
    snprintf(extra, sizeof extra, "\"max_us\":%.1f,\"filter\":\"%.1s\",\"matched\":%zu", first_max * 1e6,
             filter, matched_first);
    emit("filter_first_char", "first character typed (a pass over every row) + frame", first_s,
         n_filter, extra);
    if (typed > 1) {
        snprintf(extra, sizeof extra, "\"max_us\":%.1f,\"filter\":\"%s\",\"matched\":%zu",
                 more_max * 1e6, filter, matched_last);
        emit("filter_next_char", "each further character (refines the matches) + frame", more_s,
             n_filter * (typed - 1), extra);
    }
    snprintf(extra, sizeof extra, "\"max_us\":%.1f", clear_max * 1e6);
    emit("filter_clear", "filter cleared (a pass over every row) + frame", clear_s, n_filter,
         extra);

    /* A filter with terms on what answers said (a pass that reads every row), then cleared. */
    double terms_s = 0, terms_max = 0;
    size_t matched_terms = 0;
    for (size_t k = 0; k < n_filter; k++) {
        double a = cpu_now();
        bench_op_filter_terms(terms);
        sink += bench_op_frame();
        double d = cpu_now() - a;
        terms_s += d;
        terms_max = d > terms_max ? d : terms_max;
        matched_terms = view.count;
        bench_op_filter_clear();
    }
    char shown_terms[64];
    snprintf(shown_terms, sizeof shown_terms, "%.40s", terms);
    for (char *q = shown_terms; *q; q++)
        if (*q == '"' || *q == '\\')
            *q = '?';
    snprintf(extra, sizeof extra, "\"max_us\":%.1f,\"filter\":\"%s\",\"matched\":%zu",
             terms_max * 1e6, shown_terms, matched_terms);
    emit("filter_terms", "a filter with terms typed whole (every row read) + frame", terms_s,
         n_filter, extra);

    /* Sorting every row by one column (from the configured order), the worst of a few runs too;
     * then moves in the sorted list, and a round of answers that moves sorted rows. */
    static const struct {
        enum sort_column c;
        const char *op;
    } sorts[] = { { SORT_BUCKET, "sort_bucket" }, { SORT_ALGORITHM, "sort_algorithm" },
                  { SORT_KMS_KEY_ID, "sort_kms_key_id" }, { SORT_STATUS, "sort_status" } };
    size_t n_sort = 10;
    for (size_t k = 0; k < sizeof sorts / sizeof sorts[0]; k++) {
        double total = 0, worst = 0;
        for (size_t i = 0; i < n_sort; i++) {
            bench_op_sort(SORT_NONE);
            double a = cpu_now();
            bench_op_sort(sorts[k].c);
            sink += bench_op_frame();
            double d = cpu_now() - a;
            total += d;
            worst = d > worst ? d : worst;
        }
        snprintf(extra, sizeof extra, "\"max_us\":%.1f", worst * 1e6);
        emit(sorts[k].op, "every row sorted by the column + frame", total, n_sort, extra);
    }
    bench_op_sort(SORT_BUCKET);
    bench_op_home();
    emit("move_down_frame_sorted", "handler + frame, sorted by name",
         run_batch_frame(bench_op_move_down, n_frame), n_frame, NULL);
    emit("page_down_frame_sorted", "handler + frame, sorted by name",
         run_batch_frame(bench_op_page_down, n_frame), n_frame, NULL);
    /* A round of 64 answers, sorted by algorithm: each turns a row's AES256 into SM4 or back. */
    bench_op_sort(SORT_ALGORITHM);
    double round_s = 0;
    size_t rounds = 20;
    for (size_t k = 0; k < rounds; k++) {
        uint32_t changed[64];
        for (size_t i = 0; i < 64; i++) {
            size_t row = (k * 64 + i) * 4 % rows; /* rows answered AES256 (row % 4 == 0) */
            struct job *job = fleet_job(&fleet, row, JOB_GET, NULL);
            if (!job)
                return 1;
            answer(row, job, k % 2 ? SSE_ALGO_AES256 : SSE_ALGO_SM4);
            job_free(job);
            changed[i] = (uint32_t)row;
        }
        double a = cpu_now();
        listview_update(&view, changed, 64, NULL);
        sink += bench_op_frame();
        round_s += cpu_now() - a;
    }
    emit("answers_sorted", "a round of 64 answers that move sorted rows (the order made again) + "
                           "frame", round_s, rounds, NULL);
    listview_cleanup(&view);
    fleet_cleanup(&fleet);
    return 0;
}
