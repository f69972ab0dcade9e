/* app.h — the application core both front ends drive: the one model (the fleet of buckets), the
 * worker that reads and changes them, discovery, the audit log and its undo index, and the policy.
 * Use cases are functions that return values (plans, updates); nothing here prints or draws. */
#ifndef SSE_APP_APP_H
#define SSE_APP_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "app/plan.h"
#include "app/undo.h"
#include "config/config.h"
#include "config/envsecret.h"
#include "core/status.h"
#include "engine/worker.h"
#include "model/fleet.h"
#include "policy/policy.h"
#include "report/output.h"

struct app;

struct app_options {
    const struct sse_config *cfg; /* loaded, credentials resolved; outlives the app (borrowed) */
    int profile;                  /* the one profile in scope (index into cfg), or -1 for all */
    const struct policy *policy;  /* judges every row; NULL for none (borrowed) */
    const struct envsecret *secrets; /* the environment's secrets main took out of it, for the
                                      * credential chain (borrowed; NULL: none) */
};

/* A core over opts: no rows, no worker yet. NULL with err on failure (out of memory). */
struct app *app_new(const struct app_options *opts, struct sse_error *err);
/* Stops the worker (changes in flight are cut short and logged as such), frees everything. NULL
 * is a no-op. */
void app_free(struct app *a);

/* Starts the worker thread. It inherits the caller's signal mask: block what it must not take
 * (the TUI's handlers) around this call. */
enum sse_status app_start(struct app *a, struct sse_error *err);
/* Readable when answers may be waiting: poll it, then call app_take. */
int app_fd(const struct app *a);

/* The model: rows and counts to show. The front end may mark rows (fleet_set_mark) and nothing
 * else; everything that reads or changes a bucket goes through the functions below. */
struct fleet *app_fleet(struct app *a);
/* The configured profile behind fleet profile idx, or NULL. */
const struct sse_profile *app_profile(const struct app *a, int idx);
const struct policy *app_policy(const struct app *a);
/* The one configured profile in scope, or NULL when the scope is every profile. */
const struct sse_profile *app_scope(const struct app *a);
/* The file the configuration came from ("the configuration" when it has none). */
const char *app_config_path(const struct app *a);

/* ---- rows -------------------------------------------------------------------------------- */

/* Every configured bucket of the profiles in scope, in configuration order. SSE_ERR_NOMEM. */
enum sse_status app_add_configured(struct app *a);
/* The named buckets, in the one profile in scope (validated, distinct names). SSE_ERR_INVALID
 * when the scope is every profile. */
enum sse_status app_add_named(struct app *a, const char *const *names, size_t n);

/* ---- credentials ------------------------------------------------------------------------- */

struct ident_env;
struct sse_diag;

/* Plans where every profile in scope gets its credentials: its keys, aliyun_profile, ecs_ram_role,
 * role_arn (with source_profile), else the default chain, from env (NULL: this process's
 * environment) and the files it names (~/.aliyun/config.json, ~/.alibabacloud/credentials).
 * Nothing is fetched yet: the worker fetches when a request first needs credentials, shares one
 * fetch among profiles that need the same, and refreshes before they expire. A file holding a
 * secret that others may read is a warning (warnings may be NULL). A profile whose plan cannot
 * be made keeps why as its app_identity error, and its requests fail with it, unsent; the first
 * such is returned (SSE_ERR_CONFIG or SSE_ERR_CREDENTIALS, err saying why; never a secret), the
 * other profiles planned all the same. SSE_ERR_NOMEM: nothing is planned. Before app_start;
 * without it, requests are signed with each account's own keys. */
enum sse_status app_plan_credentials(struct app *a, const struct ident_env *env,
                                     struct sse_diag *warnings, struct sse_error *err);

/* What the core knows of fleet profile idx's credentials. */
struct app_identity {
    char source[512];         /* where they come from ("aliyun CLI profile prod (RamRoleArn
                               * acs:ram::…:role/auditor)", "ECS RAM role ops"); "" before
                               * app_plan_credentials; never a secret */
    time_t expires;           /* when the credentials last signed with expire; 0: long-lived,
                               * or none used yet */
    struct sse_error error;   /* the last failure to get them (status SSE_ERR_CREDENTIALS), once
                               * for the profile; status SSE_OK once a request has been signed */
    unsigned long failed;     /* requests that failed for want of them since the last success */
    /* app_check_identities: who they are, as STS's GetCallerIdentity says. */
    bool checking;            /* asked, not answered */
    bool checked;             /* answered: account_id… or check_error */
    struct sse_error check_error; /* status SSE_OK when it answered */
    char account_id[32];
    char arn[256];
    char identity_type[32];   /* "Account", "RAMUser", "AssumedRoleUser" */
};
/* NULL for an index out of range. */
const struct app_identity *app_identity(const struct app *a, int idx);
/* When credentials expire, in words as of now: "2026-12-04T22:00:00Z (in 42 min)", "… (expired)";
 * "never (long-lived keys)" for 0. Writes into buf (always NUL-terminated); returns buf. */
char *app_expiry_words(time_t expires, time_t now, char *buf, size_t size);
/* Writes every profile in scope: region, endpoint, where its credentials come from, and with
 * check who they are (app_check_identities' answers) and until when. *failed: profiles whose
 * check failed (with check). SSE_ERR_IO when writing failed. */
enum sse_status app_write_profiles(const struct app *a, FILE *out, enum output_format fmt,
                                   bool check, size_t *failed);
/* Asks STS who every profile in scope is (GetCallerIdentity with its credentials, fetching them
 * first as needed); answers arrive through app_take (update.identities_changed). SSE_ERR_NOMEM. */
enum sse_status app_check_identities(struct app *a);

/* ---- the audit log ----------------------------------------------------------------------- */

/* Opens the audit log every change is recorded in (creating it) and reads the changes it holds
 * (for undo), once. Without it changes are refused: app_changes_off says why. SSE_ERR_CONFIG when
 * it has no place, SSE_ERR_IO when it cannot be opened or read; err says why either way. */
enum sse_status app_open_audit(struct app *a, struct sse_error *err);
/* Where the audit log is ("" when it has no place). */
const char *app_audit_path(const struct app *a);
/* Why changes are refused, as a sentence fragment for "Changes are off: %s." ("" when they are
 * allowed). */
const char *app_changes_off(const struct app *a);
/* Lines of the log that were not valid records when it was read. */
size_t app_audit_skipped(const struct app *a);

/* ---- discovery --------------------------------------------------------------------------- */

enum app_discovery {
    APP_LIST,   /* every page of the account's buckets: named ones routed to their region, the
                 * others added; each is read as soon as it is routed or found, and the rows the
                 * listing did not name are read when it ends (reports and the TUI) */
    APP_LOCATE, /* one ListBuckets per row, with its name as prefix, only to route it to its
                 * region; nothing is read (commands that name their buckets) */
};

/* Where one profile's discovery stands. */
struct app_listing {
    enum fleet_listing state;
    bool locating;            /* APP_LOCATE */
    int pages;                /* pages listed (APP_LIST) */
    size_t listed;            /* buckets the pages named */
    size_t asked, answered;   /* APP_LOCATE: rows looked up, lookups answered */
    size_t located;           /* APP_LOCATE: rows a listing named */
    struct sse_error error;   /* FLEET_LIST_FAILED: the listing's error (raw: sanitize to show) */
};

/* Starts discovery on every profile in scope with discover = true; their rows wait (are neither
 * read nor changed) until it says where each lives. */
void app_discover(struct app *a, enum app_discovery how);
/* Profile idx's discovery (state FLEET_LIST_NONE for a profile that does not discover). */
const struct app_listing *app_listing(const struct app *a, int idx);

/* The region row's requests go to and how it was learnt, in words: "cn-beijing (OSS named the
 * bucket's endpoint)". Writes into buf (always NUL-terminated); returns buf. */
char *app_route_words(const struct app *a, size_t row, char *buf, size_t size);
/* The endpoint an answer named for row that it was not sent to (not one the profile may be
 * sent to), or NULL. */
const char *app_row_refused(const struct app *a, size_t row);

/* ---- reading ----------------------------------------------------------------------------- */

/* Reads the rows again (rows NULL: every row). A row waiting for its listing is read once routed;
 * a row with a change in flight is left out (its read-back brings the news) and counted in *busy
 * (may be NULL). Returns how many reads were queued. Reads go out a window at a time. */
size_t app_read(struct app *a, const uint32_t *rows, size_t n, size_t *busy);

/* ---- changes ----------------------------------------------------------------------------- */

/* Whether row may get action now (APP_GO) or why not: the audit log is not open, its profile is
 * read-only, its profile's listing has not routed it yet, a change to it is in flight. The one
 * place that decides it; planning applies it to every entry. */
enum app_refusal app_permit(const struct app *a, size_t row, enum app_action action);

/* Plans writing rule (validated) to the rows. */
enum sse_status app_plan_set(struct app *a, const uint32_t *rows, size_t n,
                             const struct sse_rule *rule, struct app_plan *out);
/* Plans removing the rows' rules. */
enum sse_status app_plan_remove(struct app *a, const uint32_t *rows, size_t n,
                                struct app_plan *out);
/* Plans restoring, on each row, the rule it had before sseadm's last change to it (the undo
 * index: same profile, the row's endpoint or its profile's). Refused entries: APP_NO_RECORD,
 * APP_CANNOT_WRITE (a rule sseadm cannot write, e.g. an unknown algorithm). */
enum sse_status app_plan_undo(struct app *a, const uint32_t *rows, size_t n,
                              struct app_plan *out);
/* The bucket of the newest change recorded in the one profile in scope (undo with no bucket), or
 * NULL when none is. */
const char *app_undo_latest_bucket(const struct app *a);
/* The change an undo plan's entry reverses (entry.change), or NULL. */
const struct undo_change *app_undo_change(const struct app *a, size_t change);
/* The operations the audit log records (and those this run made), oldest first; *n gets how
 * many. Valid until the next change is answered. */
const struct undo_operation *app_operations(const struct app *a, size_t *n);
/* The operation with that ID, or NULL. */
const struct undo_operation *app_operation(const struct app *a, const char *id);
/* Adds a row for every bucket operation id changed in the profiles in scope (those it has already
 * are kept); *outside gets how many of its changes were in other profiles. SSE_ERR_INVALID for an
 * unknown ID, SSE_ERR_NOMEM. */
enum sse_status app_add_operation(struct app *a, const char *id, size_t *outside);
/* Plans restoring, on every bucket operation id changed that has a row, the rule it had before
 * (conditional, as app_plan_undo's, on the rule the change left); a change a later undo took back
 * is refused APP_UNDONE (its entry's change is still that change: app_undone_by says which undo).
 * The plan's operation is id, its outside the changes without a row. SSE_ERR_INVALID for an
 * unknown ID or an undo (undos stack per bucket; they are not undone by ID). */
enum sse_status app_plan_undo_op(struct app *a, const char *id, struct app_plan *out);
/* The undo that took change back, or NULL. */
const struct undo_change *app_undone_by(const struct app *a, size_t change);
/* Plans what the policy changes on the rows that are drifted now (rows NULL: every row). */
enum sse_status app_plan_policy(struct app *a, const uint32_t *rows, size_t n,
                                struct app_plan *out);

/* Entry i of plan as one line in the user's language: "t/alpha: AES256 -> KMS (CMK k)", and for a
 * policy plan why ("  (algorithm is AES256, policy requires KMS; policy line 3)"); arrow ("->" when
 * NULL) between the rule now and the one written. Unsanitized (server text): callers sanitize.
 * Writes into buf (always NUL-terminated); returns buf. */
char *app_plan_line(const struct app *a, const struct app_plan *p, size_t i, const char *arrow,
                    char *buf, size_t size);

/* Starts writing the plan's APP_GO entries, as one operation. An entry whose row changed since
 * it was planned (its rule, or for a policy plan its verdict or target) is not written: it turns
 * APP_CHANGED. The plan moves into the app (*p is left empty) and is followed as app_batch. */
enum sse_status app_apply(struct app *a, struct app_plan *p, struct sse_error *err);

/* The newest operation started, and how it goes. */
struct app_batch {
    const struct app_plan *plan; /* its entries: refusal APP_GO for those sent */
    size_t sent;                 /* entries sent */
    size_t done, failed;         /* of those, answered; answered with an error */
    size_t changed;              /* entries left out by app_apply: changed since planned */
};
/* NULL before the first app_apply. */
const struct app_batch *app_batch(const struct app *a);

/* ---- reports ----------------------------------------------------------------------------- */

/* Fleet row `row` as a report row: its rule, error and verdict ("NotReadYet" before its first
 * answer); the pointers are into the core, valid until it changes. */
void app_report_row(const struct app *a, size_t row, struct output_row *out);
/* Writes the rows to out in fmt, with the policy's columns when the core has a policy.
 * SSE_ERR_IO when writing failed. */
enum sse_status app_report(const struct app *a, FILE *out, enum output_format fmt,
                           const uint32_t *rows, size_t n, int term_width);
/* The rows a command reports, in order: the named or configured buckets, then the discovered
 * ones profile by profile (each in listing order). Caller frees *rows; SIZE_MAX: out of memory. */
size_t app_report_order(const struct app *a, uint32_t **rows);

/* ---- answers ----------------------------------------------------------------------------- */

/* What a round of answers changed, for the front end to show. Valid until the next app_take. */
struct app_update {
    bool rows_changed;           /* some row's state changed: draw again */
    bool rows_added;             /* discovery added rows */
    bool drifted_changed;        /* a row became or stopped being drifted */
    const uint32_t *answered;    /* rows answered (reads and changes), in the order they came */
    size_t nanswered;
    const int *listings_ended;   /* fleet profiles whose discovery ended (app_listing says how) */
    size_t nlistings_ended;
    bool batch_answered;         /* the newest operation got answers (app_batch says how many) */
    bool identities_changed;     /* a profile's app_identity changed (error, expiry, who) */
    bool credentials_failed;     /* … and fleet profile failed_profile's credentials failed anew */
    int failed_profile;
};

/* Takes every answer that has arrived: applies it to the fleet, follows discovery (next page,
 * rows routed and read), sends the next window of reads and writes. Never blocks. */
void app_take(struct app *a, struct app_update *u);
/* True when nothing is queued, in flight or being discovered. */
bool app_idle(const struct app *a);
/* The worker's record of throttling and the final pass. */
void app_worker_stats(const struct app *a, struct worker_stats *out);

#endif
