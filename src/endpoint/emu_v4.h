/* emu_v4.h — OSS signature V4 (OSS4-HMAC-SHA256) as the server computes it, from the documentation only. */
#ifndef EMU_V4_H
#define EMU_V4_H

#include <stddef.h>

#include "emu_error.h"
#include "emu_request.h"

#define EMU_V4_MAX_ADDITIONAL 16

/* The fields of an "OSS4-HMAC-SHA256 Credential=…,[AdditionalHeaders=…,]Signature=…" header. */
struct emu_v4_auth {
	char access_key_id[128];
	char date[9];      /* yyyymmdd from the credential scope */
	char region[64];
	char product[32];
	char signature[96];
	char additional[EMU_V4_MAX_ADDITIONAL][64]; /* lower-cased, as listed */
	size_t nadditional;
};

/* Parses the text after the scheme. Separators ',' with optional spaces; fields in any order. */
enum emu_err emu_v4_parse(const char *params, struct emu_v4_auth *out);

/* The canonical request (oss-api.md §3.2). Caller frees; NULL on OOM. */
char *emu_v4_canonical_request(const struct emu_request *r, const char *bucket,
			       const struct emu_v4_auth *auth);

/* "OSS4-HMAC-SHA256\n" datetime "\n" scope "\n" hex(sha256(canonical)). Caller frees; NULL on OOM. */
char *emu_v4_string_to_sign(const char *datetime, const struct emu_v4_auth *auth,
			    const char *canonical_request);

/* Lower-case hex HMAC-SHA256 signature with the derived key (oss-api.md §3.3) into out[65]. */
int emu_v4_signature(const char *secret, const struct emu_v4_auth *auth, const char *string_to_sign,
		     char out[65]);

#endif
