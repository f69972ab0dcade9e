/* form.c — set-rule form and confirmation state machines. */
#include "model/form.h"

#include <stdio.h>
#include <string.h>

#include "core/i18n.h"
#include "core/status.h"
#include "core/validate.h"
#include "engine/audit.h"

/* The fields from current (NULL or none/unknown: AES256). */
static void
fields_from(struct form *f, const struct sse_rule *current)
{
    f->algo = SSE_ALGO_AES256;
    f->data_enc = SSE_DATA_ENC_NONE;
    f->cmk[0] = '\0';
    if (current && (current->algo == SSE_ALGO_AES256 || current->algo == SSE_ALGO_KMS ||
                    current->algo == SSE_ALGO_SM4)) {
        f->algo = current->algo;
        if (current->algo == SSE_ALGO_KMS) {
            sse_strlcpy(f->cmk, current->kms_key_id, sizeof f->cmk);
            if (current->data_enc == SSE_DATA_ENC_SM4)
                f->data_enc = SSE_DATA_ENC_SM4;
        }
    }
}

void
form_open(struct form *f, const struct sse_rule *current, size_t targets, const char *bucket)
{
    memset(f, 0, sizeof *f);
    fields_from(f, current);
    f->focus = FORM_ALGO;
    f->targets = targets;
    if (bucket)
        sse_strlcpy(f->bucket, bucket, sizeof f->bucket);
}

void
form_open_waiting(struct form *f, size_t row, size_t targets, const char *bucket)
{
    form_open(f, NULL, targets, bucket);
    f->basis = FORM_BASIS_WAITING;
    f->row = row;
}

bool
form_follow(struct form *f, const struct sse_rule *current)
{
    if (f->basis != FORM_BASIS_WAITING)
        return false;
    if (!current) {
        f->basis = FORM_BASIS_UNREAD;
    } else if (f->edited) {
        f->basis = FORM_BASIS_ARRIVED;
        f->arrived = *current;
    } else {
        f->basis = FORM_BASIS_RULE;
        fields_from(f, current);
        if (!form_field_enabled(f, f->focus))
            f->focus = FORM_ALGO;
    }
    return true;
}

char *
form_basis_text(const struct form *f, char *buf, size_t size)
{
    char rule[400];
    switch (f->basis) {
    case FORM_BASIS_WAITING:
        snprintf(buf, size, "%s", _("Its rule is not known yet: the fields take it when it arrives."));
        break;
    case FORM_BASIS_ARRIVED:
        snprintf(buf, size, _("Its rule arrived: %s; your choice is kept."),
                 sse_rule_words(&f->arrived, rule, sizeof rule));
        break;
    case FORM_BASIS_UNREAD:
        snprintf(buf, size, "%s", _("Its rule could not be read: the fields start from AES256."));
        break;
    case FORM_BASIS_RULE:
    default:
        if (size)
            buf[0] = '\0';
        break;
    }
    return buf;
}

bool
form_field_enabled(const struct form *f, enum form_field field)
{
    return field == FORM_ALGO || f->algo == SSE_ALGO_KMS;
}

static void
focus_step(struct form *f, int dir)
{
    int n = FORM_FIELD_COUNT, i = (int)f->focus;
    do
        i = (i + dir + n) % n;
    while (!form_field_enabled(f, (enum form_field)i));
    f->focus = (enum form_field)i;
}

void
form_focus_next(struct form *f)
{
    focus_step(f, +1);
}

void
form_focus_prev(struct form *f)
{
    focus_step(f, -1);
}

bool
form_cycle(struct form *f, int dir)
{
    static const enum sse_algo order[] = { SSE_ALGO_AES256, SSE_ALGO_KMS, SSE_ALGO_SM4 };
    if (f->focus == FORM_ALGO) {
        int i = 0;
        while (i < 3 && order[i] != f->algo)
            i++;
        f->algo = order[((i % 3) + (dir < 0 ? 2 : 1)) % 3];
        f->edited = true;
        return true;
    }
    if (f->focus == FORM_DATA_ENC && form_field_enabled(f, FORM_DATA_ENC)) {
        f->data_enc = f->data_enc == SSE_DATA_ENC_SM4 ? SSE_DATA_ENC_NONE : SSE_DATA_ENC_SM4;
        f->edited = true;
        return true;
    }
    return false;
}

bool
form_type(struct form *f, const char *utf8)
{
    if (f->focus != FORM_CMK || !form_field_enabled(f, FORM_CMK))
        return false;
    size_t have = strlen(f->cmk), add = strlen(utf8);
    if (!add || have + add >= sizeof f->cmk)
        return false;
    memcpy(f->cmk + have, utf8, add + 1);
    f->edited = true;
    return true;
}

bool
form_backspace(struct form *f)
{
    if (f->focus != FORM_CMK)
        return false;
    size_t n = strlen(f->cmk);
    if (!n)
        return false;
    /* Step back over continuation bytes (10xxxxxx) to the start of the last character. */
    while (n > 1 && ((unsigned char)f->cmk[n - 1] & 0xc0) == 0x80)
        n--;
    f->cmk[n - 1] = '\0';
    f->edited = true;
    return true;
}

bool
form_clear(struct form *f)
{
    if (f->focus != FORM_CMK || !f->cmk[0])
        return false;
    f->cmk[0] = '\0';
    f->edited = true;
    return true;
}

void
form_rule(const struct form *f, struct sse_rule *out)
{
    memset(out, 0, sizeof *out);
    out->algo = f->algo;
    out->data_enc = SSE_DATA_ENC_NONE;
    if (f->algo == SSE_ALGO_KMS) {
        sse_strlcpy(out->kms_key_id, f->cmk, sizeof out->kms_key_id);
        out->data_enc = f->data_enc;
    }
}

bool
form_valid(const struct form *f, char *reason, size_t size)
{
    struct sse_rule rule;
    struct sse_error err;
    form_rule(f, &rule);
    sse_error_clear(&err);
    if (!f->targets) {
        if (size)
            snprintf(reason, size, "%s", _("no bucket to apply it to"));
        return false;
    }
    if (validate_rule(&rule, &err) != SSE_OK) {
        if (size)
            snprintf(reason, size, "%s", err.message);
        return false;
    }
    if (size)
        reason[0] = '\0';
    return true;
}

char *
form_title(const struct form *f, char *buf, size_t size)
{
    if (f->targets == 1)
        snprintf(buf, size, _("Set encryption of %s"), f->bucket);
    else
        snprintf(buf, size, ngettext("Set encryption of %zu bucket", "Set encryption of %zu buckets", f->targets), f->targets);
    return buf;
}

char *
confirm_question(const struct confirm *c, char *buf, size_t size)
{
    if (c->kind == CONFIRM_QUIT && !c->count) {
        snprintf(buf, size, "%s", _("Every change has finished. Quit?"));
    } else if (c->kind == CONFIRM_QUIT) {
        snprintf(buf, size, ngettext("%zu change is still in flight. Quit anyway?",
                                     "%zu changes are still in flight. Quit anyway?", c->count),
                 c->count);
    } else if (c->kind == CONFIRM_UNDO) {
        char rule[300], restore[300];
        if (c->rule_known)
            sse_rule_words(&c->rule, rule, sizeof rule);
        else
            snprintf(rule, sizeof rule, "%s", _("not known yet"));
        sse_rule_words(&c->restore, restore, sizeof restore);
        snprintf(buf, size, _("Restore bucket %1$s to %2$s, its rule before the %3$s at %4$s (now %5$s)?"),
                 c->bucket, restore, audit_operation_words(c->operation), c->when, rule);
    } else if (c->kind == CONFIRM_SET) {
        char rule[300];
        sse_rule_words(&c->restore, rule, sizeof rule);
        snprintf(buf, size, ngettext("Set %s on %zu marked bucket?", "Set %s on %zu marked buckets?",
                                     c->count), rule, c->count);
    } else if (c->kind == CONFIRM_UNDO_OP) {
        snprintf(buf, size, ngettext("Undo operation %1$s (the %2$s at %3$s): restore the rule of "
                                     "%4$zu bucket?",
                                     "Undo operation %1$s (the %2$s at %3$s): restore the rules of "
                                     "%4$zu buckets?", c->count),
                 c->operation_id, audit_operation_words(c->operation), c->when, c->count);
    } else if (c->count == 1) {
        char rule[300];
        if (c->rule_known)
            sse_rule_words(&c->rule, rule, sizeof rule);
        else
            snprintf(rule, sizeof rule, "%s", _("not known yet"));
        snprintf(buf, size, _("Remove the encryption rule of bucket %s (now %s)?"), c->bucket, rule);
    } else {
        snprintf(buf, size, ngettext("Remove the encryption rule of %zu marked bucket?", "Remove the encryption rules of %zu marked buckets?", c->count), c->count);
    }
    return buf;
}

bool
confirm_accepts(int ch)
{
    return ch == 'y' || ch == 'Y';
}
