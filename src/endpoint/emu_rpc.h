/* emu_rpc.h — RPC (POP) requests: parameters from query and form body, the common checks, JSON/XML answers and errors. */
#ifndef EMU_RPC_H
#define EMU_RPC_H

#include <stddef.h>
#include <time.h>

#include <jansson.h>

#include "emu_ident.h"
#include "emu_ops.h"
#include "emu_request.h"
#include "emu_rpcsign.h"

/*
 * The answers of Alibaba Cloud's API gateway and of STS/KMS: HTTP status, Code, Message (a %s
 * takes a detail). Codes and messages from the public error pages and SDK sources (see
 * /work/shared/alibaba-identity.md and emu_rpc.c); statuses marked "choice" no source settled.
 */
#define EMU_RPC_ERRORS(X)                                                                          \
	X(MISSING_PARAMETER, 400, "MissingParameter", "The input parameter \"%s\" that is mandatory for processing this request is not supplied.") \
	X(INVALID_PARAMETER, 400, "InvalidParameter", "The specified parameter \"%s\" is not valid.") \
	X(DUPLICATE_PARAMETER, 400, "InvalidParameter", "The parameter \"%s\" is given more than once.") /* choice */ \
	X(INVALID_ACTION, 404, "InvalidAction.NotFound", "Specified api is not found, please check your url and method.") \
	X(INVALID_VERSION, 400, "InvalidVersion", "Specified parameter Version is not valid.") \
	X(UNSUPPORTED_METHOD, 400, "UnsupportedHTTPMethod", "This http method is not supported.") /* choice */ \
	X(BODY_TOO_LARGE, 400, "InvalidParameter", "The request body is too large.") /* choice */ \
	X(TIMESTAMP_FORMAT, 400, "InvalidTimeStamp.Format", "Specified time stamp or date value is not well formatted.") \
	X(TIMESTAMP_EXPIRED, 400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.") \
	X(ACCESS_KEY, 404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.") \
	X(INCOMPLETE_SIGNATURE, 400, "IncompleteSignature", "The request signature does not conform to Aliyun standards.") \
	X(SIGNATURE, 400, "SignatureDoesNotMatch", "Specified signature is not matched with our calculation. server string to sign is:%s") \
	X(NONCE_USED, 400, "SignatureNonceUsed", "Specified signature nonce was used already.") \
	X(MISSING_TOKEN, 400, "MissingSecurityToken", "SecurityToken is mandatory for this action.") \
	X(TOKEN_MISMATCH, 400, "InvalidSecurityToken.MismatchWithAccessKey", "Specified SecurityToken mismatch with the AccessKey.") \
	X(TOKEN_EXPIRED, 400, "InvalidSecurityToken.Expired", "Specified SecurityToken is expired.") \
	X(ROOT_ASSUME, 400, "NoPermission", "Roles may not be assumed by root accounts.") \
	X(NO_PERMISSION, 403, "NoPermission", "You are not authorized to do this action. You should be authorized by RAM.") \
	X(ROLE_NOT_FOUND, 404, "EntityNotExist.Role", "The role not exists: %s.") \
	X(ROLE_ARN, 400, "InvalidParameter.RoleArn", "The parameter RoleArn is wrongly formed.") \
	X(SESSION_NAME, 400, "InvalidParameter.RoleSessionName", "The parameter RoleSessionName is wrongly formed.") \
	X(DURATION, 400, "InvalidParameter.DurationSeconds", "The Min/Max value of DurationSeconds is 15min/%s.") \
	X(POLICY, 400, "InvalidParameter.PolicyGrammar", "The parameter Policy has not passed grammar check.") \
	X(OIDC_PROVIDER, 401, "AuthenticationFail.NoPermission", "No such OIDC Provider registered.") \
	X(OIDC_NO_PERMISSION, 401, "AuthenticationFail.NoPermission", "There is no permission") \
	X(OIDC_INVALID, 401, "AuthenticationFail.OIDCToken.Invalid", "%s") \
	X(OIDC_EXPIRED, 401, "AuthenticationFail.OIDCToken.Expired", "This JsonWebToken is expired.") \
	X(OIDC_ISSUER, 401, "AuthenticationFail.OIDCToken.IssuerNotMatch", "Invalid issuer.") \
	X(OIDC_AUDIENCE, 401, "AuthenticationFail.OIDCToken.AudienceNotMatch", "Invalid audience.") \
	X(OIDC_SIGNATURE, 401, "AuthenticationFail.OIDCToken.InvalidSignature", "OIDC token validate failed: invalid signature.") \
	X(KEY_NOT_FOUND, 404, "Forbidden.KeyNotFound", "The specified Key is not found.") \
	X(ALIAS_NOT_FOUND, 404, "Forbidden.AliasNotFound", "The specified Alias is not found.") \
	X(KMS_NO_PERMISSION, 403, "Forbidden.NoPermission", "This operation for %s is forbidden by permission system.") \
	X(KMS_NOT_ENABLED, 403, "Forbidden.KmsServiceNotEnabled", "The KMS service is not enabled in this region.") \
	X(THROTTLING, 400, "Throttling", "Request was denied due to request throttling.") \
	X(INTERNAL, 500, "InternalError", "The request processing has failed due to some unknown error.")

enum emu_rpc_err {
	EMU_RPC_OK = 0,
#define EMU_RPC_ENUM(name, http, code, message) EMU_RPC_##name,
	EMU_RPC_ERRORS(EMU_RPC_ENUM)
#undef EMU_RPC_ENUM
};

#define EMU_RPC_MAX_PARAMS 256

/* One RPC request, parsed. Free with emu_rpc_cleanup(). */
struct emu_rpc {
	struct emu_rpc_kv kv[EMU_RPC_MAX_PARAMS]; /* names and values owned */
	size_t n;
	const char *action;  /* borrowed from kv; NULL when absent */
	const char *version;
	int xml;             /* Format=XML, the gateway's default */
	char host[256];      /* the Host header without its port, lower-cased (HostId) */
	int is_signed;       /* emu_rpc_authenticate found a signer */
	struct emu_signer signer;
};

/* Whether r is an RPC request: it carries Action in its query or its form body. */
int emu_rpc_detect(const struct emu_request *r);
/*
 * Fills rpc from r's query and (application/x-www-form-urlencoded) body, form-decoded ('+' is
 * a space). On an error, *detail names the parameter (borrowed or static).
 */
enum emu_rpc_err emu_rpc_parse(const struct emu_request *r, struct emu_rpc *rpc, const char **detail);
void emu_rpc_cleanup(struct emu_rpc *rpc);
/* The value of a parameter, or NULL. */
const char *emu_rpc_get(const struct emu_rpc *rpc, const char *name);

/*
 * The common checks of a signed call: Timestamp within 15 minutes of now, the signature method
 * and version, the key, the signature over every parameter, SignatureNonce not used before,
 * SecurityToken for an STS key and its expiry. Fills rpc->signer. *detail (caller frees, may be
 * NULL) names the parameter at fault, or on SignatureDoesNotMatch is the server's string to sign.
 */
enum emu_rpc_err emu_rpc_authenticate(struct emu_rpc *rpc, const struct emu_request *r,
				      struct emu_ident *id, time_t now, char **detail);
/* The Timestamp check alone (unsigned calls such as AssumeRoleWithOIDC carry one too). */
enum emu_rpc_err emu_rpc_check_time(const struct emu_rpc *rpc, time_t now);

/* A new request id like the gateway's (upper-case UUID) into a->request_id. */
void emu_rpc_request_id(struct emu_answer *a);
/* 200 with body (taken: freed here) plus RequestId, as JSON or as XML <ActionResponse>. */
void emu_rpc_answer(struct emu_answer *a, const struct emu_rpc *rpc, json_t *body);
/* The error e as {"RequestId","HostId","Code","Message"} (or XML <Error>), detail in its %s. */
void emu_rpc_fail(struct emu_answer *a, const struct emu_rpc *rpc, enum emu_rpc_err e,
		  const char *detail);
/* The table row of an error. */
int emu_rpc_http(enum emu_rpc_err e);
const char *emu_rpc_code(enum emu_rpc_err e);


#endif
