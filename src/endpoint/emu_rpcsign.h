/* emu_rpcsign.h — the RPC (POP) signature, SignatureVersion 1.0: canonical query, string to sign, HMAC-SHA1; pure. */
#ifndef EMU_RPCSIGN_H
#define EMU_RPCSIGN_H

#include <stddef.h>

#define EMU_RPC_SIG_LEN 29 /* base64 of 20 bytes, and a NUL */

struct emu_rpc_kv {
	const char *name;
	const char *value;
};

/*
 * Every parameter but Signature, sorted by name, each name and value percent-encoded (UTF-8;
 * A-Z a-z 0-9 - _ . ~ kept, the rest %XY upper-case), joined "k=v&k=v". Caller frees; NULL on OOM.
 */
char *emu_rpc_canonical(const struct emu_rpc_kv *kv, size_t n);
/* METHOD "&" "%2F" "&" percentEncode(canonical). Caller frees; NULL on OOM. */
char *emu_rpc_string_to_sign(const char *method, const struct emu_rpc_kv *kv, size_t n);
/* Base64(HMAC-SHA1(key = secret + "&", string_to_sign)) into out. 0, or -1 when OpenSSL fails. */
int emu_rpc_sign(const char *secret, const char *string_to_sign, char out[EMU_RPC_SIG_LEN]);

#endif
