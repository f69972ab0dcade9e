/* report.c — the fleet's rows as report rows (rule, error, verdict) written through the report
 * formats, and the order a command's report lists them in. */
#include "app/internal.h"

#include <stdlib.h>

void
app_report_row(const struct app *a, size_t row, struct output_row *out)
{
    const struct fleet *f = &a->fleet;
    const struct fleet_row *r = &f->rows[row];
    const struct oss_account *acct = f->profiles[r->profile].account;
    *out = (struct output_row){
        .profile = acct ? acct->profile : "",
        .bucket = r->bucket,
        .rule_known = r->rule_known,
        .error = fleet_error(f, row),
        .policy = a->policy,
        .judgement = r->judgement,
        .status = r->state == FLEET_LOADING ? "NotReadYet" : NULL,
    };
    fleet_row_rule(f, row, &out->rule);
}

struct rows_of {
    const struct app *a;
    const uint32_t *rows;
};

static bool
row_of(void *ctx, size_t i, struct output_row *out)
{
    const struct rows_of *r = ctx;
    app_report_row(r->a, r->rows[i], out);
    return true;
}

enum sse_status
app_report(const struct app *a, FILE *out, enum output_format fmt, const uint32_t *rows,
           size_t n, int term_width)
{
    struct rows_of r = { a, rows };
    return output_write(out, fmt, row_of, &r, n, term_width, a->policy != NULL);
}

size_t
app_report_order(const struct app *a, uint32_t **rows)
{
    const struct fleet *f = &a->fleet;
    if (!(*rows = malloc((f->count ? f->count : 1) * sizeof **rows)))
        return SIZE_MAX;
    size_t n = 0;
    for (size_t i = 0; i < f->count; i++)
        if (!f->rows[i].found)
            (*rows)[n++] = (uint32_t)i;
    for (size_t p = 0; p < f->nprofiles; p++)
        for (size_t i = 0; i < f->count; i++)
            if (f->rows[i].found && f->rows[i].profile == p)
                (*rows)[n++] = (uint32_t)i;
    return n;
}
