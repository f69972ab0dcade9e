/* emu_log.h — the request log: one JSON line per request, flushed per line, signatures and tokens removed. */
#ifndef EMU_LOG_H
#define EMU_LOG_H

#include "emu_note.h"
#include "emu_request.h"

struct emu_log;

struct emu_log_entry {
	unsigned long seq;
	const char *region;
	unsigned port;
	int status;           /* 0 when no answer was sent (reset, stall) */
	const char *code;     /* OSS Code, "" on success */
	const char *request_id;
	const char *fault;    /* "none" or the injected fault */
	int auth_version;     /* 0 anonymous or unparsed, 1, 4 */
	const struct emu_note *note; /* service, action, signer, issued; NULL for none */
};

/* Opens (appends to) path. NULL with errno on failure. */
struct emu_log *emu_log_open(const char *path);
void emu_log_close(struct emu_log *log);
/* Writes one line; thread-safe; a NULL log is a no-op. */
void emu_log_request(struct emu_log *log, const struct emu_request *r, const struct emu_log_entry *e);

/*
 * A query string or form body with the values of Signature, SecurityToken and OIDCToken
 * replaced by <redacted>, appended to b.
 */
void emu_log_redact_form(struct emu_buf *b, const char *s, size_t n);

/*
 * Writes the line of a request that has arrived and is held (seq and status in e are unused):
 * {"time","event":"held","request_id","region","port","request":"METHOD URI","host","bucket",
 * "kind"}. It has no "method" key, so that counting answered requests by method is unchanged;
 * the answer's own line follows once the request is released, with the same request_id.
 */
void emu_log_held(struct emu_log *log, const struct emu_request *r, const struct emu_log_entry *e,
		  const char *kind);

/* Authorization reduced to scheme and credential (no signature), into out. */
void emu_log_redact_authorization(const char *value, char *out, size_t outsz);

#endif
