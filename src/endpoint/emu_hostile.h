/* emu_hostile.h — hostile text (--hostile): control characters and bidi overrides that ossemu adds to every field a client may print, to prove the client sanitises them. */
#ifndef EMU_HOSTILE_H
#define EMU_HOSTILE_H

#include <stddef.h>

/* The fields, one bit each. */
#define EMU_HOSTILE_FIELDS(X)                                                                  \
	X(REQUEST_ID, "request-id", "x-oss-request-id and <RequestId>")                       \
	X(CODE, "code", "an error's <Code>")                                                  \
	X(MESSAGE, "message", "an error's <Message>")                                         \
	X(HOST_ID, "host-id", "an error's <HostId>")                                          \
	X(EC, "ec", "x-oss-ec and <EC>")                                                      \
	X(KMS_KEY_ID, "kms-key-id", "a KMS rule's <KMSMasterKeyID> when it has one")

enum {
#define EMU_HOSTILE_BIT(id, name, help) EMU_HOSTILE_BIT_##id,
	EMU_HOSTILE_FIELDS(EMU_HOSTILE_BIT)
#undef EMU_HOSTILE_BIT
	EMU_HOSTILE_NFIELDS
};

#define EMU_HOSTILE(id) (1u << EMU_HOSTILE_BIT_##id)
#define EMU_HOSTILE_ALL ((1u << EMU_HOSTILE_NFIELDS) - 1)

/* "all" or a comma list of field names → bits; -1 with the bad name in err. */
int emu_hostile_parse(const char *list, unsigned *out, char *err, size_t errsz);
/* Writes the field names and what they cover to f (as FILE *), for --help. */
void emu_hostile_usage(void *f);

/*
 * value followed by the hostile text into out (cut to outsz). In a header (in_xml 0): ESC ] 0 ;
 * … BEL (a terminal title), ESC [ … m (CSI), the C1 controls U+009B and U+009D…U+009C, DEL,
 * U+202E and U+2066. In XML, which cannot carry C0 controls, the same minus ESC and BEL: the
 * 8-bit C1 forms of OSC and CSI, C1 NEL, DEL and the bidi overrides, still well-formed.
 */
void emu_hostile_text(const char *value, int in_xml, char *out, size_t outsz);

#endif
