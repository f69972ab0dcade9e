/* emu_cfg.h — reading and writing the fixture's RAM and KMS sections: typed members with file:line errors, quoting. */
#ifndef EMU_CFG_H
#define EMU_CFG_H

#include <stddef.h>

#include <libconfig.h>

#include "emu_buf.h"

/* Where problems go: report(arg, line, message) once per problem (the fixture adds the file). */
struct emu_cfg_errs {
	void (*report)(void *arg, int line, const char *msg);
	void *arg;
	int count;
};

void emu_cfg_error(struct emu_cfg_errs *e, const config_setting_t *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Reports every member of group g whose name is not in keys (NULL-terminated). */
void emu_cfg_known(struct emu_cfg_errs *e, const config_setting_t *g, const char *const *keys,
		   const char *what);
/* The string member key of g, NULL when absent (a non-string is reported). Borrowed from cfg. */
const char *emu_cfg_string(struct emu_cfg_errs *e, const config_setting_t *g, const char *key);
/* A boolean member: 0/1, def when absent. */
int emu_cfg_bool(struct emu_cfg_errs *e, const config_setting_t *g, const char *key, int def);
/* An integer member within [min, max]: def when absent; out-of-range and non-integers reported. */
long emu_cfg_int(struct emu_cfg_errs *e, const config_setting_t *g, const char *key, long min,
		 long max, long def);
/*
 * A member that is a list or array of strings (a single string counts as one): copies of them
 * into *out (caller frees with emu_cfg_strings_free), their count in *n. 0, or -1 on OOM.
 */
int emu_cfg_strings(struct emu_cfg_errs *e, const config_setting_t *g, const char *key, char ***out,
		    size_t *n);
void emu_cfg_strings_free(char **v, size_t n);

/* A libconfig string literal of s. */
void emu_cfg_quote(struct emu_buf *b, const char *s);
/* ` key = "s";` when s is non-empty. */
void emu_cfg_put(struct emu_buf *b, const char *key, const char *s);
/* ` key = [ "a", "b" ];` when n > 0. */
void emu_cfg_put_list(struct emu_buf *b, const char *key, char *const *v, size_t n);

#endif
