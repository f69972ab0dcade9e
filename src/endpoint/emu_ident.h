/* emu_ident.h — the account's RAM side: users and keys, roles and their trust, OIDC providers, the ECS role, issued credentials. */
#ifndef EMU_IDENT_H
#define EMU_IDENT_H

#include <pthread.h>
#include <stddef.h>
#include <time.h>

#include <libconfig.h>

#include "emu_auth.h"
#include "emu_buf.h"
#include "emu_cfg.h"
#include "emu_note.h"

#define EMU_AK_MAX 128
#define EMU_NAME_MAX 65    /* user, role and session names: at most 64 characters */
#define EMU_ARN_MAX 256
#define EMU_ACCOUNT_MAX 24
#define EMU_SECRET_MAX 129
#define EMU_TOKEN_MAX 4096 /* the command line's --security-token may be long; issued ones are ~200 */
#define EMU_ISSUED_MAX 8192 /* issued credentials kept; past it the oldest expired ones go first */

enum emu_principal_kind {
	EMU_PRINCIPAL_ROOT, /* the account's own key */
	EMU_PRINCIPAL_USER, /* a RAM user's key */
	EMU_PRINCIPAL_ROLE, /* a role session: credentials STS or the metadata service issued */
};

/* Who signed a request, copied out (no secret). */
struct emu_principal {
	enum emu_principal_kind kind;
	char access_key_id[EMU_AK_MAX];
	char account_id[EMU_ACCOUNT_MAX];
	char name[EMU_NAME_MAX];    /* user or role name; "" for root */
	char id[32];                /* user id, the account id (root) or the role id */
	char session[EMU_NAME_MAX]; /* role sessions */
	char arn[EMU_ARN_MAX];      /* acs:ram::UID:root, …:user/NAME, …:assumed-role/ROLE/SESSION */
	char role_arn[EMU_ARN_MAX]; /* role sessions: acs:ram::UID:role/NAME */
	int kms_denied;             /* the fixture's kms = "denied" on the user or the role */
};

struct emu_user {
	char name[EMU_NAME_MAX];
	char account_id[EMU_ACCOUNT_MAX];
	int root;
	char *access_key_id;
	char *secret; /* never printed */
	int kms_denied;
};

struct emu_role {
	char arn[EMU_ARN_MAX]; /* as the fixture spells it */
	char account_id[EMU_ACCOUNT_MAX];
	char name[EMU_NAME_MAX];
	char id[32];
	long max_session_s;    /* 3600-43200 */
	char **trust;          /* RAM principals: acs:ram::UID:root (the account), …:user/N, …:role/N */
	size_t ntrust;
	char **oidc;           /* OIDC provider ARNs the role trusts (Federated) */
	size_t noidc;
	char *external_id;     /* NULL: none required */
	int kms_denied;
};

struct emu_oidc_provider {
	char arn[EMU_ARN_MAX];
	char *issuer;
	char **audiences; /* client ids */
	size_t naud;
	char *token;      /* NULL, or the exact token it accepts (ossemu holds no IdP signing key) */
};

/* A key that may sign, copied out for one request. Wipe with emu_signer_wipe(). */
struct emu_signer {
	struct emu_principal who;
	char secret[EMU_SECRET_MAX];
	char token[EMU_TOKEN_MAX]; /* "" for a permanent key */
	time_t expires;            /* 0 for a permanent key */
	struct emu_keys keys;      /* the same, as the OSS verifiers take them */
};
void emu_signer_wipe(struct emu_signer *s);

/* A credential STS or the metadata service issued (a copy of it). Wipe with emu_issued_wipe(). */
struct emu_issued_view {
	char access_key_id[40];
	char secret[48];
	char token[512];
	time_t issued;
	time_t expires;
	struct emu_principal who;
};
void emu_issued_wipe(struct emu_issued_view *v);

struct emu_nonce;
struct emu_imds_token;

struct emu_ident {
	/* from the fixture and the command line; read-only once serving */
	char account_id[EMU_ACCOUNT_MAX]; /* the main key's account (owner.id) */
	char main_user[EMU_NAME_MAX];     /* the main key is this RAM user, or root when main_root */
	int main_root;
	int main_kms_denied;
	struct emu_keys main;             /* the command line's key pair */
	struct emu_user *users;
	size_t nusers;
	struct emu_role *roles;
	size_t nroles;
	struct emu_oidc_provider *oidc;
	size_t noidc;
	char ecs_role[EMU_NAME_MAX];      /* the instance's RAM role, "" for none */
	/* runtime, under mu */
	pthread_mutex_t mu;
	struct emu_issued_view *issued;  /* what STS and the metadata service issued */
	size_t nissued;
	struct emu_nonce *nonces;         /* a hash table of recent SignatureNonces */
	struct emu_imds_token *imds_tokens;
	long ecs_current;                 /* the ECS role's current credential in issued, -1 none */
};

struct emu_ident *emu_ident_new(void);
void emu_ident_free(struct emu_ident *id);
/* The command line's key pair and the account it belongs to; before serving. */
void emu_ident_set_main(struct emu_ident *id, const struct emu_keys *main, const char *account_id);

/*
 * Loads the fixture's `ram = { main_user; users; roles; oidc_providers; ecs_role; }` group (g
 * may be NULL); account is the default account (owner.id). Problems go to e.
 */
void emu_ident_load(struct emu_ident *id, const config_setting_t *g, const char *account,
		    struct emu_cfg_errs *e);
/* The ram group as the fixture has it (for --persist); nothing when there is nothing to say. */
void emu_ident_render(const struct emu_ident *id, struct emu_buf *b);

/* The key ak (main, a user's, or issued and not yet forgotten): 1 and *out, 0 when unknown. */
int emu_ident_signer(struct emu_ident *id, const char *ak, struct emu_signer *out);

/* The role with that ARN (case-insensitive, as RAM names are), or NULL. */
const struct emu_role *emu_ident_role(const struct emu_ident *id, const char *arn);
const struct emu_role *emu_ident_role_named(const struct emu_ident *id, const char *name);
const struct emu_oidc_provider *emu_ident_oidc(const struct emu_ident *id, const char *arn);
/* Whether the role's trust policy lets p assume it. */
int emu_role_trusts(const struct emu_role *r, const struct emu_principal *p);

/* Issues a credential for a session of role r, valid for duration seconds from now. 0 or -1. */
int emu_ident_issue(struct emu_ident *id, const struct emu_role *r, const char *session, time_t now,
		    long duration, struct emu_issued_view *out);
/*
 * The ECS role's credential: the current one while more than half its life (at most 30 min)
 * is left, else a new one. 0, or -1 when there is no ECS role.
 */
int emu_ident_ecs_credential(struct emu_ident *id, time_t now, long duration,
			     struct emu_issued_view *out);

/* Records a SignatureNonce of ak: 1 new, 0 seen within the last 15 minutes. */
int emu_ident_nonce(struct emu_ident *id, const char *ak, const char *nonce, time_t now);

/* Metadata-service session tokens: a new one valid for ttl seconds, or whether one is valid. */
int emu_ident_imds_token_new(struct emu_ident *id, time_t now, long ttl, char out[64]);
int emu_ident_imds_token_valid(struct emu_ident *id, const char *token, time_t now);

/* Fills p for the main key, a fixture user, or a role session. */
void emu_principal_user(struct emu_principal *p, const char *account, const char *name, int root,
			const char *ak, int kms_denied);
void emu_principal_role(struct emu_principal *p, const struct emu_role *r, const char *session,
			const char *ak);

/* Copies p (and an issued credential's expiry, 0 for none) into the log note's who. */
void emu_principal_note(struct emu_note_who *w, const struct emu_principal *p, time_t expires);

/* Whether s is a region id (cn-hangzhou): lower-case letters, digits and '-'. */
int emu_region_id_valid(const char *s);

#endif
