/* emu_v1.h — OSS signature V1 (HMAC-SHA1) as the server computes it, from the documentation only. */
#ifndef EMU_V1_H
#define EMU_V1_H

#include "emu_request.h"

/* The date line value: x-oss-date wins over Date; NULL when neither is present. Borrowed. */
const char *emu_v1_date(const struct emu_request *r);

/*
 * VERB \n Content-MD5 \n Content-Type \n Date \n CanonicalizedOSSHeaders CanonicalizedResource,
 * where the resource is "/" or "/bucket/" plus the sorted sub-resources. Caller frees; NULL on OOM.
 */
char *emu_v1_string_to_sign(const struct emu_request *r, const char *bucket);

/* base64(HMAC-SHA1(secret, string_to_sign)) into out (at least 29 bytes). */
int emu_v1_signature(const char *secret, const char *string_to_sign, char out[32]);

/* Whether a query parameter name is a V1 sub-resource (signed in the resource). */
int emu_v1_is_subresource(const char *name);

#endif
