/* emu_note.h — what the request log records beyond HTTP: the service and action, who signed, what was issued. */
#ifndef EMU_NOTE_H
#define EMU_NOTE_H

/* One identity as the log names it: no secret, no token. */
struct emu_note_who {
	char access_key_id[128];
	char arn[256];      /* acs:ram::UID:root, …:user/NAME, …:assumed-role/ROLE/SESSION */
	char role_arn[256]; /* role sessions: acs:ram::UID:role/NAME */
	char session[65];
	char expiration[24]; /* issued credentials: 2006-01-02T15:04:05Z */
};

struct emu_note {
	const char *service;   /* NULL or "oss", "sts", "kms", "imds" */
	char action[64];       /* RPC Action, or the metadata read (token, role-name, credentials) */
	char code[96];         /* the RPC or metadata answer's Code when it is not OSS's */
	struct emu_note_who signer; /* access_key_id "" when unsigned */
	struct emu_note_who issued; /* access_key_id "" when nothing was issued */
};

#endif
