/* emu_error.h — the OSS errors ossemu answers (one table: HTTP status, Code, Message, EC). */
#ifndef EMU_ERROR_H
#define EMU_ERROR_H

/*
 * ECs marked "doc" are documented by Alibaba Cloud (the EC pages of the OSS user guide,
 * help.aliyun.com/en/oss/user-guide/<EC>, and the API reference's error tables).
 * The others are ossemu's choice where no source gives OSS's EC: clients must decide on the
 * Code (and HTTP status), never on these ECs.
 */
#define EMU_ERRORS(X)                                                                          \
	X(ANONYMOUS, 403, "AccessDenied", "AccessDenied: Anonymous access is forbidden for this operation.", "0003-00000001") \
	X(DATE_MISSING, 403, "AccessDenied", "OSS authentication requires a valid Date.", "0002-00000503") \
	X(AUTH_MALFORMED, 400, "InvalidArgument", "Authorization header is invalid.", "0002-00000012") \
	X(V4_CREDENTIAL, 400, "InvalidArgument", "Invalid credential in Authorization header.", "0002-00000213") /* doc */ \
	X(V4_CREDENTIAL_DATE, 400, "InvalidArgument", "Invalid credential date. Date is not the same as x-oss-date.", "0002-00000213") \
	X(V4_ADDHDR_EMPTY, 400, "InvalidArgument", "AdditionalHeaders is empty.", "0002-00000209") /* doc */ \
	X(V4_ADDHDR_ELEMENT, 400, "InvalidArgument", "AdditionalHeaders contains an empty element.", "0002-00000210") /* doc */ \
	X(V4_CONTENT_SHA256, 400, "InvalidArgument", "x-oss-content-sha256 must be UNSIGNED-PAYLOAD.", "0002-00000214") /* doc */ \
	X(V4_REGION_FORM, 400, "InvalidArgument", "Invalid signing region in Authorization header.", "0002-00000226") /* doc */ \
	X(V4_REGION_BUCKET, 400, "InvalidArgument", "Invalid signing region in Authorization header: it is not the region of the bucket.", "0002-00000228") /* doc */ \
	X(V4_DATE, 400, "InvalidArgument", "x-oss-date must be in ISO8601 basic format, e.g. 20250102T030405Z.", "0002-00000502") /* doc */ \
	X(TIME_SKEWED, 403, "RequestTimeTooSkewed", "The difference between the request time and the current time is too large.", "0002-00000504") \
	X(ACCESS_KEY, 403, "InvalidAccessKeyId", "The OSS Access Key Id you provided does not exist in our records.", "0002-00000902") \
	X(SECURITY_TOKEN, 403, "InvalidSecurityToken", "The security token you provided is invalid.", "0002-00000907") \
	X(SECURITY_TOKEN_EXPIRED, 403, "SecurityTokenExpired", "The security token you provided has expired.", "0002-00000908") \
	X(SIGNATURE_V1, 403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided. Check your key and signing method.", "0002-00000040") /* doc */ \
	X(SIGNATURE_V4, 403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided. Check your key and signing method.", "0002-00000201") /* doc */ \
	X(NO_SUCH_BUCKET, 404, "NoSuchBucket", "The specified bucket does not exist.", "0015-00000101") /* doc */ \
	X(NO_SUCH_RULE, 404, "NoSuchServerSideEncryptionRule", "The server side encryption configuration was not found", "0005-00000004") /* doc */ \
	X(WRONG_ENDPOINT, 403, "AccessDenied", "The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.", "0003-00000001") \
	X(BUCKET_DENIED, 403, "AccessDenied", "You are denied by bucket policy.", "0003-00000306") \
	X(LIST_DENIED, 403, "AccessDenied", "You have no right to access this action.", "0003-00000301") \
	X(PATH_STYLE, 403, "SecondLevelDomainForbidden", "Please use virtual hosted style to access.", "0003-00000405") \
	X(MALFORMED_XML, 400, "MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema.", "0005-00000001") \
	X(ENTITY_TOO_LARGE, 400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size.", "0005-00000002") \
	X(INVALID_DIGEST, 400, "InvalidDigest", "The Content-MD5 you specified is not valid.", "0016-00000106") \
	X(BAD_ALGORITHM, 400, "InvalidEncryptionAlgorithmError", "The Encryption request you specified is not valid. Supported value: AES256/KMS", "0005-00000003") /* doc */ \
	X(KEY_NOT_KMS, 400, "InvalidArgument", "KMSMasterKeyID is not applicable if the default sse algorithm is not KMS", "0005-00000204") /* doc */ \
	X(DATA_ENC_NOT_KMS, 400, "InvalidArgument", "KMSDataEncryption is not applicable if the default sse algorithm is not KMS", "0005-00000203") /* doc EC */ \
	X(DATA_ENC_VALUE, 400, "InvalidArgument", "The KMSDataEncryption you specified is not valid. Supported value: SM4", "0005-00000203") /* doc EC */ \
	X(KEY_TOO_LONG, 400, "InvalidArgument", "KMSMasterKeyID is too long.", "0005-00000205") \
	X(MAX_KEYS, 400, "InvalidArgument", "Argument max-keys must be an integer between 1 and 1000.", "0015-00000301") \
	X(INVALID_URI, 400, "InvalidURI", "Could not parse the specified URI.", "0016-00000001") \
	X(INVALID_BUCKET_NAME, 400, "InvalidBucketName", "The specified bucket is not valid.", "0015-00000001") \
	X(METHOD_NOT_ALLOWED, 405, "MethodNotAllowed", "The specified method is not allowed against this resource.", "0016-00000405") \
	X(NOT_IMPLEMENTED, 501, "NotImplemented", "ossemu implements only Get/Put/DeleteBucketEncryption and ListBuckets.", "0016-00000501") \
	X(INTERNAL, 500, "InternalError", "We encountered an internal error. Please try again.", "0016-00000500") \
	X(SERVICE_UNAVAILABLE, 503, "ServiceUnavailable", "Please reduce your request rate.", "0016-00000503") \
	X(ACTIVE_REQUESTS, 503, "ActiveRequestLimitExceeded", "Max active request limit is exceeded", "0016-00000502") /* help.aliyun.com http-status-code-503 */ \
	X(TOO_MANY_REQUESTS, 429, "TooManyRequests", "Too many requests: please reduce your request rate and retry later.", "0016-00000429")

enum emu_err {
	EMU_OK = 0,
#define EMU_ERR_ENUM(name, http, code, message, ec) EMU_ERR_##name,
	EMU_ERRORS(EMU_ERR_ENUM)
#undef EMU_ERR_ENUM
};

struct emu_errinfo {
	int http;
	const char *code;
	const char *message;
	const char *ec;
};

/* The table row of an error (never NULL; EMU_OK maps to a 200 row with empty strings). */
const struct emu_errinfo *emu_err_info(enum emu_err e);

#endif
