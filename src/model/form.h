/* form.h — the set-rule form and the yes/no confirmation as pure state machines (no curses):
 * fields, cycling, CMK editing, validity with its reason, and the texts naming the targets. */
#ifndef SSE_MODEL_FORM_H
#define SSE_MODEL_FORM_H

#include <stdbool.h>
#include <stddef.h>

#include "core/rule.h"

enum form_field { FORM_ALGO, FORM_CMK, FORM_DATA_ENC, FORM_FIELD_COUNT };

/* What the fields started from. */
enum form_basis {
    FORM_BASIS_RULE,    /* the bucket's rule (AES256 when it has none sseadm can write) */
    FORM_BASIS_WAITING, /* its rule is still being read: the fields take it when it arrives */
    FORM_BASIS_ARRIVED, /* it arrived after the user changed a field: their choice is kept */
    FORM_BASIS_UNREAD,  /* reading it failed: the fields start from AES256 */
};

struct form {
    enum sse_algo algo;          /* AES256, KMS or SM4 */
    enum sse_data_enc data_enc;  /* kept while another algorithm is chosen; used only with KMS */
    char cmk[SSE_KMS_KEY_MAX];   /* UTF-8; kept while another algorithm is chosen */
    enum form_field focus;
    size_t targets;              /* buckets the rule will be written to */
    char bucket[64];             /* the bucket when targets == 1 */
    enum form_basis basis;
    size_t row;                  /* FORM_BASIS_WAITING: the fleet row whose answer it waits for */
    bool edited;                 /* the user changed a field */
    struct sse_rule arrived;     /* FORM_BASIS_ARRIVED: the rule that came */
};

/* Opens on current (NULL or none/unknown: AES256) for `targets` buckets; bucket names the single
 * target (or is NULL). */
void form_open(struct form *f, const struct sse_rule *current, size_t targets, const char *bucket);
/* Opens on AES256 for a bucket (fleet row `row`) whose rule is still being read; form_follow
 * brings the answer. */
void form_open_waiting(struct form *f, size_t row, size_t targets, const char *bucket);
/* The answer the waiting form is for: its rule (NULL when reading failed). The fields take it
 * unless the user changed one first. False when the form was not waiting. */
bool form_follow(struct form *f, const struct sse_rule *current);
/* One sentence on what the fields started from, in the user's language, or "" when they are the
 * bucket's rule. Writes into buf; returns buf. */
char *form_basis_text(const struct form *f, char *buf, size_t size);
/* CMK ID and data encryption are enabled only for KMS. */
bool form_field_enabled(const struct form *f, enum form_field field);
/* Tab / Shift-Tab: the next / previous enabled field, wrapping. */
void form_focus_next(struct form *f);
void form_focus_prev(struct form *f);
/* ←/→/Space on the algorithm (AES256 → KMS → SM4) or data encryption (none ↔ SM4) field; dir ±1.
 * False when the focused field does not cycle. */
bool form_cycle(struct form *f, int dir);
/* Appends typed UTF-8 text to the CMK ID when it has focus; false when it does not or it is full. */
bool form_type(struct form *f, const char *utf8);
/* Backspace: removes the last whole character of the CMK ID. */
bool form_backspace(struct form *f);
/* Ctrl-U: empties the CMK ID. */
bool form_clear(struct form *f);
/* The rule the form would write (the CMK ID and data encryption only with KMS). */
void form_rule(const struct form *f, struct sse_rule *out);
/* True when the rule may be submitted; otherwise reason says why (validate_rule's words). */
bool form_valid(const struct form *f, char *reason, size_t size);
/* "Set encryption of alpha" / "Set encryption of 3 buckets". */
char *form_title(const struct form *f, char *buf, size_t size);

enum confirm_kind {
    CONFIRM_REMOVE,  /* remove the rule of the targets */
    CONFIRM_QUIT,    /* quit while changes are in flight */
    CONFIRM_UNDO,    /* restore the rule a bucket had before sseadm's last change to it */
    CONFIRM_SET,     /* write one rule to several buckets */
    CONFIRM_UNDO_OP, /* restore every bucket of one operation */
};

struct confirm {
    enum confirm_kind kind;
    size_t count;             /* buckets to be written; CONFIRM_QUIT: changes in flight (kept
                               * current while the question is open) */
    char bucket[64];          /* CONFIRM_REMOVE with one bucket; CONFIRM_UNDO */
    bool rule_known;
    struct sse_rule rule;     /* its current rule */
    struct sse_rule restore;  /* CONFIRM_UNDO: the rule it gets back; CONFIRM_SET: the rule */
    char operation[16];       /* CONFIRM_UNDO(_OP): the change undone: "set", "remove" or "undo" */
    char when[32];            /* CONFIRM_UNDO(_OP): when that change began (ISO 8601 UTC) */
    char operation_id[40];    /* CONFIRM_UNDO_OP: the operation undone */
    size_t hidden;            /* of the buckets asked about, those the list does not show now */
};

/* The question, e.g. "Remove the encryption rule of bucket alpha (now AES256)?", "Restore bucket
 * alpha to AES256, its rule before the set at 2026-01-02T03:04:05Z (now KMS)?", "Set SM4 on 3
 * marked buckets?". */
char *confirm_question(const struct confirm *c, char *buf, size_t size);
/* Only y or Y confirms; any other key cancels. */
bool confirm_accepts(int ch);

#endif
