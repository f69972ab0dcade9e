/* validate.h — checks made before anything is sent: bucket names, rule combinations, endpoints,
 * region IDs and the names STS takes (role ARNs, session names, external IDs). */
#ifndef SSE_CORE_VALIDATE_H
#define SSE_CORE_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/rule.h"
#include "core/status.h"

/* OSS bucket naming: 3–63 chars of a–z, 0–9 and '-', not starting or ending with '-'.
 * On failure fills err (SSE_ERR_INVALID) with the specific reason. */
enum sse_status validate_bucket_name(const char *name, struct sse_error *err);
/* A rule that may be written: algorithm AES256/KMS/SM4; a CMK ID or data encryption only with KMS;
 * data encryption only SM4; CMK ID printable, without spaces, shorter than SSE_KMS_KEY_MAX. */
enum sse_status validate_rule(const struct sse_rule *rule, struct sse_error *err);

/* Why url is not https://host[:port][/] or http://host[:port][/] (host: letters, digits, '.' and
 * '-', or an IPv6 literal in [ ]), or NULL when it is. The reason is a phrase ("it has no host"). */
const char *validate_endpoint_problem(const char *url);
/* Whether the n bytes at host (a name, an IPv4 address or an IPv6 literal with or without [ ]) are
 * "localhost", a loopback address or a private-network one (10/8, 172.16/12, 192.168/16, fc00::/7):
 * where a plain-http endpoint may be used, because nothing sent there crosses the Internet. */
bool validate_host_local(const char *host, size_t n);
/* An AccessKey ID's shape: RAM issues letters and digits ("LTAI" and 12 or 20 more), STS "STS."
 * and letters and digits. '.', '_', '-' and '~' are let through too (they need no escaping in any
 * signature, so an ID of another OSS-compatible service may use them); anything else (a space, a
 * control or non-ASCII byte, a quote, '<', ':' or '/', which the signers split on) cannot be one.
 * SSE_ERR_INVALID with "has 'X' at position N; ..." (the ID itself is not repeated). */
enum sse_status validate_access_key_id(const char *id, struct sse_error *err);
/* Whether the host of endpoint url (https:// or http://) is an IP address: a dotted quad or an
 * IPv6 literal in [ ]. Such a host has no names below it for virtual-hosted addressing. */
bool validate_endpoint_ip(const char *url);
/* A region ID such as "cn-hangzhou": 1-63 lower-case letters, digits and '-'. */
bool validate_region_id(const char *s);

#define VALIDATE_ROLE_ARN_MAX 160     /* "acs:ram::" + account + ":role/" + 64-byte name, roomy */
#define VALIDATE_SESSION_NAME_MAX 65  /* 2-64 bytes + NUL */
#define VALIDATE_EXTERNAL_ID_MAX 1225 /* 2-1224 bytes + NUL */

/* A RAM role ARN "acs:ram::ACCOUNT:role/NAME": ACCOUNT 1-32 digits, NAME 1-64 letters, digits,
 * '.', '_' and '-'. SSE_ERR_INVALID with what is wrong (the ARN itself is not secret). */
enum sse_status validate_role_arn(const char *arn, struct sse_error *err);
/* An OIDC provider ARN "acs:ram::ACCOUNT:oidc-provider/NAME" (NAME as for a role). */
enum sse_status validate_oidc_provider_arn(const char *arn, struct sse_error *err);
/* A RAM role's name (as in an ECS instance's role): 1-64 letters, digits, '.', '_' and '-'. */
enum sse_status validate_ram_role_name(const char *name, struct sse_error *err);
/* STS RoleSessionName: 2-64 letters, digits, '.', '@', '-' and '_'. */
enum sse_status validate_role_session_name(const char *s, struct sse_error *err);
/* STS ExternalId: 2-1224 letters, digits and "_+=,.@:/-". */
enum sse_status validate_external_id(const char *s, struct sse_error *err);

#endif
