/* audit.c — durable JSON-lines audit log (jansson for the JSON, fsync for durability). */
#include "engine/audit.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/i18n.h"
#include "core/sanitize.h"

struct audit_log {
    int fd;
    pthread_mutex_t lock; /* the worker writes; a front end may too (undo) */
    uint64_t counter;
    char path[4096];
};

enum sse_status
audit_default_path(char *buf, size_t size)
{
    const char *state = getenv("XDG_STATE_HOME");
    const char *home = getenv("HOME");
    int n;
    if (state && state[0] == '/')
        n = snprintf(buf, size, "%s/sseadm/audit.log", state);
    else if (home && *home)
        n = snprintf(buf, size, "%s/.local/state/sseadm/audit.log", home);
    else
        return SSE_ERR_CONFIG;
    return n > 0 && (size_t)n < size ? SSE_OK : SSE_ERR_INVALID;
}

/* mkdir -p for the log's directory, 0700 for what it creates. */
static int
make_parents(const char *path)
{
    char dir[4096];
    if (sse_strlcpy(dir, path, sizeof dir) != 0)
        return -1;
    char *slash = strrchr(dir, '/');
    if (!slash || slash == dir)
        return 0;
    *slash = '\0';
    for (char *p = dir + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(dir, 0700) != 0 && errno != EEXIST)
            return -1;
        *p = '/';
    }
    return mkdir(dir, 0700) != 0 && errno != EEXIST ? -1 : 0;
}

/* The log must be a regular file: appended to, fsync'd, read back. */
static void
not_a_file(const char *path, struct sse_error *err)
{
    sse_error_set(err, SSE_ERR_IO, _("the audit log %s is not a regular file (a FIFO, device or "
                  "socket cannot keep the record of changes)"), path);
}

struct audit_log *
audit_open(const char *path, struct sse_error *err)
{
    if (make_parents(path) != 0) {
        sse_error_set(err, SSE_ERR_IO, "cannot create the directory of the audit log %s: %s",
                      path, strerror(errno));
        return NULL;
    }
    /* Non-blocking: opening a FIFO for writing would wait for a reader forever. */
    int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NONBLOCK, 0600);
    struct stat st;
    if (fd < 0 && errno == ENXIO && stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        not_a_file(path, err); /* a FIFO with no reader */
        return NULL;
    }
    if (fd < 0) {
        sse_error_set(err, SSE_ERR_IO, "cannot open the audit log %s: %s", path, strerror(errno));
        return NULL;
    }
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        not_a_file(path, err);
        return NULL;
    }
    fcntl(fd, F_SETFL, O_APPEND); /* blocking again (a regular file ignores it, but plainly so) */
    struct audit_log *log = calloc(1, sizeof *log);
    if (!log) {
        close(fd);
        sse_error_set(err, SSE_ERR_NOMEM, "out of memory");
        return NULL;
    }
    log->fd = fd;
    sse_strlcpy(log->path, path, sizeof log->path);
    pthread_mutex_init(&log->lock, NULL);
    return log;
}

void
audit_close(struct audit_log *log)
{
    if (!log)
        return;
    close(log->fd);
    pthread_mutex_destroy(&log->lock);
    free(log);
}

static void
iso_time(time_t t, char *buf, size_t size)
{
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static json_t *
rule_json(const struct sse_rule *r)
{
    if (!r)
        return json_null();
    json_t *o = json_object();
    json_object_set_new(o, "algorithm", json_string(r->algo == SSE_ALGO_UNKNOWN
                                                         ? r->algo_raw
                                                         : sse_algo_name(r->algo)));
    if (r->algo == SSE_ALGO_KMS) {
        json_object_set_new(o, "kms_key_id", r->kms_key_id[0] ? json_string(r->kms_key_id)
                                                              : json_null());
        /* An unknown value is kept as the server wrote it (made valid UTF-8 for jansson). */
        char raw[SSE_DATA_ENC_RAW_MAX * 3];
        sanitize_text(r->data_enc_raw, raw, sizeof raw);
        json_object_set_new(o, "kms_data_encryption",
                            r->data_enc == SSE_DATA_ENC_SM4       ? json_string("SM4")
                            : r->data_enc == SSE_DATA_ENC_UNKNOWN ? json_string(raw)
                                                                  : json_null());
    }
    return o;
}

/* Parses what rule_json wrote; false when it is not a rule object. */
static bool
rule_from_json(json_t *o, struct sse_rule *r)
{
    memset(r, 0, sizeof *r);
    const char *algo = json_string_value(json_object_get(o, "algorithm"));
    if (!algo)
        return false;
    if (!sse_algo_parse(algo, &r->algo)) {
        r->algo = SSE_ALGO_UNKNOWN;
        sse_strlcpy(r->algo_raw, algo, sizeof r->algo_raw);
    }
    const char *key = json_string_value(json_object_get(o, "kms_key_id"));
    if (key && sse_strlcpy(r->kms_key_id, key, sizeof r->kms_key_id) != 0)
        return false;
    const char *enc = json_string_value(json_object_get(o, "kms_data_encryption"));
    if (enc && !sse_data_enc_parse(enc, &r->data_enc)) {
        r->data_enc = SSE_DATA_ENC_UNKNOWN;
        sse_strlcpy(r->data_enc_raw, enc, sizeof r->data_enc_raw);
    }
    return true;
}

/* Writes one object as a line and makes it durable. */
static enum sse_status
append_line(struct audit_log *log, json_t *record, struct sse_error *err)
{
    char *text = json_dumps(record, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);
    json_decref(record);
    if (!text)
        return sse_error_set(err, SSE_ERR_NOMEM, "cannot format the audit record");
    size_t len = strlen(text);
    enum sse_status st = SSE_OK;
    pthread_mutex_lock(&log->lock);
    /* One write() for record + newline keeps concurrent appenders from interleaving lines. */
    char *line = malloc(len + 1);
    if (!line) {
        st = sse_error_set(err, SSE_ERR_NOMEM, "out of memory");
    } else {
        memcpy(line, text, len);
        line[len] = '\n';
        ssize_t w = write(log->fd, line, len + 1);
        if (w != (ssize_t)(len + 1) || fsync(log->fd) != 0)
            st = sse_error_set(err, SSE_ERR_IO, "cannot write the audit log %s: %s", log->path,
                               w < 0 ? strerror(errno) : "short write");
        free(line);
    }
    pthread_mutex_unlock(&log->lock);
    free(text);
    return st;
}

void
audit_new_operation_id(char out[AUDIT_ID_MAX], time_t now)
{
    unsigned char r[6];
    if (getentropy(r, sizeof r) != 0) {
        /* No entropy source: the process and the moment still tell operations apart. */
        static atomic_uint counter;
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        unsigned long long x = ((unsigned long long)getpid() << 24) ^
                               (unsigned long long)ts.tv_nsec ^ atomic_fetch_add(&counter, 1);
        for (size_t i = 0; i < sizeof r; i++)
            r[i] = (unsigned char)(x >> (8 * i));
    }
    snprintf(out, AUDIT_ID_MAX, "op-%08lx-%02x%02x%02x%02x%02x%02x", (unsigned long)now, r[0],
             r[1], r[2], r[3], r[4], r[5]);
}

/* A string, or null when there is none. */
static json_t *
string_or_null(const char *s)
{
    return s && s[0] ? json_string(s) : json_null();
}

/* A new change ID into change->id. */
static void
new_change_id(struct audit_log *log, struct audit_change *change, time_t now)
{
    pthread_mutex_lock(&log->lock);
    uint64_t n = ++log->counter;
    pthread_mutex_unlock(&log->lock);
    snprintf(change->id, sizeof change->id, "%08lx-%05x-%llu", (unsigned long)now,
             (unsigned)getpid() & 0xfffff, (unsigned long long)n);
}

/* The fields every record starts with; a begin or skip record names the change's place too. */
static json_t *
record_head(const struct audit_change *change, const char *event, time_t now)
{
    char when[32];
    iso_time(now, when, sizeof when);
    json_t *o = json_object();
    json_object_set_new(o, "time", json_string(when));
    json_object_set_new(o, "event", json_string(event));
    json_object_set_new(o, "id", json_string(change->id));
    json_object_set_new(o, "operation_id", string_or_null(change->operation_id));
    json_object_set_new(o, "undoes", string_or_null(change->undoes));
    if (strcmp(event, "end") != 0) {
        json_object_set_new(o, "operation", json_string(change->operation));
        json_object_set_new(o, "profile", json_string(change->profile));
        json_object_set_new(o, "endpoint", json_string(change->endpoint));
    }
    json_object_set_new(o, "bucket", json_string(change->bucket));
    return o;
}

static json_t *
request_ids_json(const char *const *request_ids, size_t n)
{
    json_t *ids = json_array();
    for (size_t i = 0; i < n; i++)
        if (request_ids[i] && request_ids[i][0])
            json_array_append_new(ids, json_string(request_ids[i]));
    return ids;
}

enum sse_status
audit_begin(struct audit_log *log, struct audit_change *change, time_t now, struct sse_error *err)
{
    new_change_id(log, change, now);
    json_t *o = record_head(change, "begin", now);
    json_object_set_new(o, "before", rule_json(change->before));
    json_object_set_new(o, "requested", rule_json(change->requested));
    return append_line(log, o, err);
}

enum sse_status
audit_end(struct audit_log *log, const struct audit_change *change, const struct sse_rule *after,
          const struct sse_error *failure, const char *const *request_ids, size_t nrequest_ids,
          time_t now, struct sse_error *err)
{
    json_t *o = record_head(change, "end", now);
    json_object_set_new(o, "after", rule_json(after));
    json_object_set_new(o, "outcome", json_string(failure ? "error" : "ok"));
    if (failure) {
        json_t *e = json_object();
        json_object_set_new(e, "code", json_string(sse_error_code(failure)));
        /* Server text may hold control bytes or invalid UTF-8 (jansson refuses the latter). */
        char clean[sizeof failure->message * 3];
        sanitize_text(failure->message, clean, sizeof clean);
        json_object_set_new(e, "message", json_string(clean));
        json_object_set_new(o, "error", e);
    }
    json_object_set_new(o, "request_ids", request_ids_json(request_ids, nrequest_ids));
    return append_line(log, o, err);
}

enum sse_status
audit_skip(struct audit_log *log, struct audit_change *change, const struct sse_rule *found,
           const char *const *request_ids, size_t nrequest_ids, time_t now,
           struct sse_error *err)
{
    new_change_id(log, change, now);
    json_t *o = record_head(change, "skip", now);
    json_object_set_new(o, "expected", rule_json(change->expected));
    json_object_set_new(o, "found", rule_json(found));
    json_object_set_new(o, "requested", rule_json(change->requested));
    json_object_set_new(o, "outcome", json_string("skipped"));
    json_object_set_new(o, "request_ids", request_ids_json(request_ids, nrequest_ids));
    return append_line(log, o, err);
}

static void
copy_str(json_t *o, const char *key, char *dst, size_t size)
{
    const char *v = json_string_value(json_object_get(o, key));
    if (v)
        sse_strlcpy(dst, v, size);
}

/* Appends a record's request ID array to r->request_ids, comma-separated. */
static void
join_request_ids(json_t *ids, struct audit_record *r)
{
    size_t i;
    json_t *v;
    json_array_foreach(ids, i, v) {
        const char *s = json_string_value(v);
        if (!s)
            continue;
        size_t used = strlen(r->request_ids);
        snprintf(r->request_ids + used, sizeof r->request_ids - used, "%s%s", used ? "," : "", s);
    }
}

enum sse_status
audit_read(const char *path, struct audit_record **out, size_t *count, size_t *skipped,
           struct sse_error *err)
{
    *out = NULL;
    *count = 0;
    *skipped = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK); /* a FIFO would wait for a writer */
    struct stat sb;
    if (fd < 0) {
        if (errno == ENOENT)
            return SSE_OK;
        return sse_error_set(err, SSE_ERR_IO, "cannot read the audit log %s: %s", path,
                             strerror(errno));
    }
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        close(fd);
        not_a_file(path, err);
        return SSE_ERR_IO;
    }
    FILE *f = fdopen(fd, "r");
    if (!f) {
        close(fd);
        return sse_error_set(err, SSE_ERR_NOMEM, "out of memory");
    }
    struct audit_record *recs = NULL;
    size_t n = 0, cap = 0;
    char *line = NULL;
    size_t linecap = 0;
    enum sse_status st = SSE_OK;
    while (getline(&line, &linecap, f) > 0) {
        json_t *o = json_loads(line, 0, NULL);
        const char *event = json_string_value(json_object_get(o, "event"));
        const char *id = json_string_value(json_object_get(o, "id"));
        if (!o || !event || !id) {
            (*skipped)++;
            json_decref(o);
            continue;
        }
        bool skip = strcmp(event, "skip") == 0;
        if (strcmp(event, "begin") == 0 || skip) {
            if (n == cap) {
                size_t ncap = cap ? cap * 2 : 64;
                struct audit_record *grown = realloc(recs, ncap * sizeof *recs);
                if (!grown) {
                    json_decref(o);
                    st = sse_error_set(err, SSE_ERR_NOMEM, "out of memory");
                    break;
                }
                recs = grown;
                cap = ncap;
            }
            struct audit_record *r = &recs[n++];
            memset(r, 0, sizeof *r);
            sse_strlcpy(r->id, id, sizeof r->id);
            copy_str(o, "time", r->time, sizeof r->time);
            copy_str(o, "operation", r->operation, sizeof r->operation);
            copy_str(o, "profile", r->profile, sizeof r->profile);
            copy_str(o, "endpoint", r->endpoint, sizeof r->endpoint);
            copy_str(o, "bucket", r->bucket, sizeof r->bucket);
            json_t *b = json_object_get(o, "before");
            r->has_before = json_is_object(b) && rule_from_json(b, &r->before);
            json_t *q = json_object_get(o, "requested");
            r->has_requested = json_is_object(q) && rule_from_json(q, &r->requested);
            copy_str(o, "operation_id", r->operation_id, sizeof r->operation_id);
            copy_str(o, "undoes", r->undoes, sizeof r->undoes);
            if (skip) {
                r->ended = true;
                sse_strlcpy(r->outcome, "skipped", sizeof r->outcome);
                json_t *x = json_object_get(o, "expected");
                r->has_expected = json_is_object(x) && rule_from_json(x, &r->expected);
                json_t *fnd = json_object_get(o, "found");
                r->has_after = json_is_object(fnd) && rule_from_json(fnd, &r->after);
                join_request_ids(json_object_get(o, "request_ids"), r);
            }
        } else if (strcmp(event, "end") == 0) {
            struct audit_record *r = NULL;
            for (size_t i = n; i-- > 0;)
                if (strcmp(recs[i].id, id) == 0) {
                    r = &recs[i];
                    break;
                }
            if (!r) {
                (*skipped)++;
            } else {
                r->ended = true;
                copy_str(o, "outcome", r->outcome, sizeof r->outcome);
                json_t *a = json_object_get(o, "after");
                r->has_after = json_is_object(a) && rule_from_json(a, &r->after);
                json_t *e = json_object_get(o, "error");
                copy_str(e, "code", r->error_code, sizeof r->error_code);
                copy_str(e, "message", r->error_message, sizeof r->error_message);
                join_request_ids(json_object_get(o, "request_ids"), r);
            }
        } else {
            (*skipped)++;
        }
        json_decref(o);
    }
    free(line);
    fclose(f);
    if (st != SSE_OK) {
        free(recs);
        return st;
    }
    *out = recs;
    *count = n;
    return SSE_OK;
}

const char *
audit_operation_words(const char *operation)
{
    if (strcmp(operation, "set") == 0)
        return _("set");
    if (strcmp(operation, "remove") == 0)
        return _("remove");
    if (strcmp(operation, "undo") == 0)
        return _("undo");
    return operation;
}
