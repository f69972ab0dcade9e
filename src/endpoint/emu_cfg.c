/* emu_cfg.c — libconfig helpers for the fixture sections the identity and key services own. */
#include "emu_cfg.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
emu_cfg_error(struct emu_cfg_errs *e, const config_setting_t *at, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	e->count++;
	e->report(e->arg, at ? (int)config_setting_source_line(at) : 0, msg);
}

void
emu_cfg_known(struct emu_cfg_errs *e, const config_setting_t *g, const char *const *keys,
	      const char *what)
{
	for (int i = 0; i < config_setting_length(g); i++) {
		const config_setting_t *s = config_setting_get_elem(g, (unsigned)i);
		const char *name = config_setting_name(s);
		const char *const *k = keys;
		while (name && *k && strcmp(*k, name) != 0)
			k++;
		if (name && !*k)
			emu_cfg_error(e, s, "unknown %s setting \"%s\"", what, name);
	}
}

const char *
emu_cfg_string(struct emu_cfg_errs *e, const config_setting_t *g, const char *key)
{
	const config_setting_t *s = config_setting_get_member(g, key);
	if (!s)
		return NULL;
	if (config_setting_type(s) != CONFIG_TYPE_STRING) {
		emu_cfg_error(e, s, "%s: expected a string", key);
		return NULL;
	}
	return config_setting_get_string(s);
}

int
emu_cfg_bool(struct emu_cfg_errs *e, const config_setting_t *g, const char *key, int def)
{
	const config_setting_t *s = config_setting_get_member(g, key);
	if (!s)
		return def;
	if (config_setting_type(s) != CONFIG_TYPE_BOOL) {
		emu_cfg_error(e, s, "%s: expected true or false", key);
		return def;
	}
	return config_setting_get_bool(s);
}

long
emu_cfg_int(struct emu_cfg_errs *e, const config_setting_t *g, const char *key, long min, long max,
	    long def)
{
	const config_setting_t *s = config_setting_get_member(g, key);
	if (!s)
		return def;
	int type = config_setting_type(s);
	long long v = type == CONFIG_TYPE_INT     ? config_setting_get_int(s)
		      : type == CONFIG_TYPE_INT64 ? config_setting_get_int64(s)
						  : min - 1LL;
	if (type != CONFIG_TYPE_INT && type != CONFIG_TYPE_INT64) {
		emu_cfg_error(e, s, "%s: expected a whole number from %ld to %ld", key, min, max);
		return def;
	}
	if (v < min || v > max) {
		emu_cfg_error(e, s, "%s: %lld is not within %ld to %ld", key, v, min, max);
		return def;
	}
	return (long)v;
}

void
emu_cfg_strings_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

int
emu_cfg_strings(struct emu_cfg_errs *e, const config_setting_t *g, const char *key, char ***out,
		size_t *n)
{
	*out = NULL;
	*n = 0;
	const config_setting_t *s = config_setting_get_member(g, key);
	if (!s)
		return 0;
	int single = config_setting_type(s) == CONFIG_TYPE_STRING;
	if (!single && !config_setting_is_array(s) && !config_setting_is_list(s)) {
		emu_cfg_error(e, s, "%s: expected [ \"…\", … ]", key);
		return 0;
	}
	int len = single ? 1 : config_setting_length(s);
	char **v = calloc((size_t)len + 1, sizeof *v);
	if (!v)
		return -1;
	size_t k = 0;
	for (int i = 0; i < len; i++) {
		const config_setting_t *el = single ? s : config_setting_get_elem(s, (unsigned)i);
		if (config_setting_type(el) != CONFIG_TYPE_STRING) {
			emu_cfg_error(e, el, "%s[%d]: expected a string", key, i);
			continue;
		}
		if (!(v[k] = strdup(config_setting_get_string(el)))) {
			emu_cfg_strings_free(v, k);
			return -1;
		}
		k++;
	}
	*out = v;
	*n = k;
	return 0;
}

void
emu_cfg_quote(struct emu_buf *b, const char *s)
{
	emu_buf_putc(b, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			emu_buf_printf(b, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			emu_buf_printf(b, "\\x%02x", c);
		else
			emu_buf_putc(b, (char)c);
	}
	emu_buf_putc(b, '"');
}

void
emu_cfg_put(struct emu_buf *b, const char *key, const char *s)
{
	if (!s || !*s)
		return;
	emu_buf_printf(b, " %s = ", key);
	emu_cfg_quote(b, s);
	emu_buf_putc(b, ';');
}

void
emu_cfg_put_list(struct emu_buf *b, const char *key, char *const *v, size_t n)
{
	if (!n)
		return;
	emu_buf_printf(b, " %s = [ ", key);
	for (size_t i = 0; i < n; i++) {
		if (i)
			emu_buf_puts(b, ", ");
		emu_cfg_quote(b, v[i]);
	}
	emu_buf_puts(b, " ];");
}
