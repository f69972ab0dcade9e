/* profiles.h — the profiles listing (sseadm profiles) in the four formats: each profile's region,
 * endpoint and where its credentials come from, and when checked who they are or why that could
 * not be learned. Everything is sanitized or escaped; nothing here is a secret. */
#ifndef SSE_REPORT_PROFILES_H
#define SSE_REPORT_PROFILES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/status.h"
#include "report/output.h"

struct output_profile {
    const char *profile;
    const char *region;
    const char *endpoint;
    const char *credentials;        /* "aliyun CLI profile prod (RamRoleArn …)" */
    /* With check: */
    const char *account_id;         /* "" when not learned */
    const char *arn;
    const char *identity_type;
    const char *expires;            /* ISO 8601 UTC, "" for long-lived keys or not known */
    const struct sse_error *error;  /* why the check failed, or NULL */
};

/* Writes the profiles; with check the columns of who they are (table: ACCOUNT ID, ARN or the
 * error, EXPIRES; TSV/CSV: account_id, arn, identity_type, expires, error; JSON: those keys, null
 * when absent, error as {code, message, request_id}). SSE_ERR_IO when writing failed. */
enum sse_status output_write_profiles(FILE *out, enum output_format fmt,
                                      const struct output_profile *rows, size_t count,
                                      bool check);

#endif
