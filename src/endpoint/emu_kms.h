/* emu_kms.h — KMS 2016-01-20 as ossemu serves it: keys per region from the fixture; ListKeys, DescribeKey, ListAliases(ByKeyId). */
#ifndef EMU_KMS_H
#define EMU_KMS_H

#include <stddef.h>
#include <time.h>

#include <libconfig.h>

#include "emu_buf.h"
#include "emu_cfg.h"
#include "emu_rpc.h"
#include "emu_svc.h"

#define EMU_KMS_VERSION "2016-01-20"

struct emu_kms_key {
	char id[80];
	char region[48];
	char **aliases;  /* "alias/NAME" */
	size_t naliases;
	char spec[24];   /* Aliyun_AES_256, Aliyun_SM4, RSA_2048, EC_P256, … */
	char usage[24];  /* ENCRYPT/DECRYPT or SIGN/VERIFY */
	char state[24];  /* Enabled, Disabled, PendingDeletion, PendingImport */
	char origin[16]; /* Aliyun_KMS, or EXTERNAL (BYOK) */
	char protection[16];   /* SOFTWARE or HSM */
	char creator[64];
	char creator_type[16]; /* User or Service */
	char created[24];      /* 2006-01-02T15:04:05Z, as are the other dates */
	char *description;
	char delete_date[24];  /* PendingDeletion */
	char deletion_protection[16]; /* Enabled or Disabled */
	char rotation[16];     /* Enabled, Disabled or Suspended */
	char rotation_interval[24]; /* e.g. 31536000s */
	char last_rotation[24];
	char next_rotation[24];
	char material_expire[24];   /* EXTERNAL keys */
	char primary_key_version[40];
};

struct emu_kms {
	struct emu_kms_key *keys; /* in fixture order */
	size_t n;
	char **not_enabled;       /* regions where the account has not activated KMS */
	size_t nnot_enabled;
};

struct emu_kms *emu_kms_new(void);
void emu_kms_free(struct emu_kms *k);
/*
 * Loads the fixture's `kms = { keys = ( { id; region; aliases; spec; usage; state; origin;
 * protection; creator; creator_type; created; description; delete_date; deletion_protection;
 * rotation; rotation_interval; last_rotation; next_rotation; material_expire;
 * primary_key_version; }, … ); not_enabled = [ "REGION", … ]; }` group (g may be NULL).
 */
void emu_kms_load(struct emu_kms *k, const config_setting_t *g, const char *account,
		  struct emu_cfg_errs *e);
void emu_kms_render(const struct emu_kms *k, struct emu_buf *b);

/*
 * The region a KMS request is for: kms[-vpc].REGION.aliyuncs.com in its Host, else its RegionId
 * parameter, else `listener` (the region whose port it came to), into out.
 */
void emu_kms_region(const struct emu_rpc *rpc, const char *listener, char out[48]);
/* Answers a signed KMS call for `region`. */
void emu_kms_handle(struct emu_svc *svc, struct emu_rpc *rpc, const char *region,
		    struct emu_answer *a);

#endif
