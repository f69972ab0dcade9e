/* emu_log.c — JSON-lines request log, one line per request under a mutex, flushed per line. */
#include "emu_log.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "emu_buf.h"
#include "emu_time.h"

struct emu_log {
	FILE *f;
	pthread_mutex_t mu;
};

struct emu_log *
emu_log_open(const char *path)
{
	struct emu_log *log = calloc(1, sizeof *log);
	if (!log)
		return NULL;
	log->f = fopen(path, "a");
	if (!log->f) {
		free(log);
		return NULL;
	}
	pthread_mutex_init(&log->mu, NULL);
	return log;
}

void
emu_log_close(struct emu_log *log)
{
	if (!log)
		return;
	fclose(log->f);
	pthread_mutex_destroy(&log->mu);
	free(log);
}

void
emu_log_redact_authorization(const char *value, char *out, size_t outsz)
{
	size_t n;
	if (strncmp(value, "OSS4-HMAC-SHA256 ", 17) == 0) {
		const char *sig = strstr(value, "Signature=");
		n = sig ? (size_t)(sig - value) : strlen(value);
		while (n > 0 && (value[n - 1] == ',' || value[n - 1] == ' '))
			n--;
	} else if (strncmp(value, "OSS ", 4) == 0) {
		const char *colon = strchr(value, ':');
		n = colon ? (size_t)(colon - value) : strlen(value);
	} else {
		const char *sp = strchr(value, ' ');
		n = sp ? (size_t)(sp - value) : strlen(value);
	}
	if (n >= outsz)
		n = outsz - 1;
	memcpy(out, value, n);
	out[n] = '\0';
}

void
emu_log_redact_form(struct emu_buf *b, const char *s, size_t n)
{
	static const char *const secret[] = { "Signature", "SecurityToken", "OIDCToken" };
	size_t i = 0;
	while (i < n) {
		const char *amp = memchr(s + i, '&', n - i);
		size_t len = amp ? (size_t)(amp - (s + i)) : n - i;
		const char *eq = memchr(s + i, '=', len);
		size_t nlen = eq ? (size_t)(eq - (s + i)) : len;
		int hide = 0;
		for (size_t k = 0; eq && k < sizeof secret / sizeof secret[0]; k++)
			hide |= nlen == strlen(secret[k]) && memcmp(s + i, secret[k], nlen) == 0;
		if (hide) {
			emu_buf_add(b, s + i, nlen + 1);
			emu_buf_puts(b, "<redacted>");
		} else {
			emu_buf_add(b, s + i, len);
		}
		if (amp)
			emu_buf_putc(b, '&');
		i += len + 1;
	}
}

/* A form-encoded text as a JSON string, its secrets redacted. */
static void
form_field(struct emu_buf *b, const char *name, const char *s, size_t n)
{
	struct emu_buf t;
	emu_buf_init(&t, 1024 * 1024);
	emu_log_redact_form(&t, s ? s : "", s ? n : 0);
	emu_buf_printf(b, ",\"%s\":", name);
	emu_buf_json(b, emu_buf_str(&t), t.len);
	emu_buf_cleanup(&t);
}

static void
who(struct emu_buf *b, const char *name, const struct emu_note_who *w)
{
	if (!w->access_key_id[0])
		return;
	emu_buf_printf(b, ",\"%s\":{\"ak\":", name);
	emu_buf_json(b, w->access_key_id, strlen(w->access_key_id));
	static const char *const names[] = { "arn", "role_arn", "session", "expiration" };
	const char *values[] = { w->arn, w->role_arn, w->session, w->expiration };
	for (size_t i = 0; i < 4; i++) {
		if (!values[i][0])
			continue;
		emu_buf_printf(b, ",\"%s\":", names[i]);
		emu_buf_json(b, values[i], strlen(values[i]));
	}
	emu_buf_putc(b, '}');
}

static void
field(struct emu_buf *b, const char *name, const char *value)
{
	emu_buf_printf(b, ",\"%s\":", name);
	emu_buf_json(b, value ? value : "", value ? strlen(value) : 0);
}

static void
write_line(struct emu_log *log, struct emu_buf *b)
{
	if (!b->failed) {
		pthread_mutex_lock(&log->mu);
		fwrite(b->data, 1, b->len, log->f);
		fflush(log->f);
		pthread_mutex_unlock(&log->mu);
	}
	emu_buf_cleanup(b);
}

static void
begin(struct emu_buf *b)
{
	time_t sec;
	int ms;
	char when[EMU_ISO_LEN];
	emu_clock_now_ms(&sec, &ms);
	emu_time_iso_ext(sec, ms, when);
	emu_buf_init(b, 1024 * 1024);
	emu_buf_printf(b, "{\"time\":\"%s\"", when);
}

void
emu_log_held(struct emu_log *log, const struct emu_request *r, const struct emu_log_entry *e,
	     const char *kind)
{
	if (!log)
		return;
	struct emu_buf b;
	begin(&b);
	emu_buf_puts(&b, ",\"event\":\"held\"");
	field(&b, "request_id", e->request_id);
	field(&b, "region", e->region);
	emu_buf_printf(&b, ",\"port\":%u", e->port);
	struct emu_buf req;
	emu_buf_init(&req, 64 * 1024);
	emu_buf_printf(&req, "%s %s", r->method, r->raw_uri);
	field(&b, "request", emu_buf_str(&req));
	emu_buf_cleanup(&req);
	field(&b, "host", emu_request_header(r, "Host"));
	field(&b, "bucket", r->bucket);
	field(&b, "kind", kind);
	emu_buf_puts(&b, "}\n");
	write_line(log, &b);
}

void
emu_log_request(struct emu_log *log, const struct emu_request *r, const struct emu_log_entry *e)
{
	if (!log)
		return;
	struct emu_buf b;
	begin(&b);
	emu_buf_printf(&b, ",\"seq\":%lu", e->seq);
	field(&b, "region", e->region);
	emu_buf_printf(&b, ",\"port\":%u", e->port);
	field(&b, "method", r->method);
	field(&b, "host", emu_request_header(r, "Host"));
	field(&b, "path", r->raw_path ? r->raw_path : r->raw_uri);
	if (r->raw_query)
		form_field(&b, "query", r->raw_query, strlen(r->raw_query));
	else
		field(&b, "query", NULL);
	emu_buf_puts(&b, ",\"headers\":{");
	for (size_t i = 0; i < r->nheaders; i++) {
		const char *v = r->headers[i].value;
		char redacted[512];
		if (strcasecmp(r->headers[i].name, "Authorization") == 0) {
			emu_log_redact_authorization(v, redacted, sizeof redacted);
			v = redacted;
		} else if (strcasecmp(r->headers[i].name, "x-oss-security-token") == 0 ||
			   strcasecmp(r->headers[i].name, "X-aliyun-ecs-metadata-token") == 0) {
			v = "<redacted>";
		}
		if (i)
			emu_buf_putc(&b, ',');
		emu_buf_json(&b, r->headers[i].name, strlen(r->headers[i].name));
		emu_buf_putc(&b, ':');
		emu_buf_json(&b, v, strlen(v));
	}
	emu_buf_puts(&b, "}");
	const char *ct = emu_request_header(r, "Content-Type");
	if (ct && strncasecmp(ct, "application/x-www-form-urlencoded", 33) == 0) {
		form_field(&b, "body", emu_buf_str(&r->body), r->body.len);
	} else {
		emu_buf_puts(&b, ",\"body\":");
		emu_buf_json(&b, emu_buf_str(&r->body), r->body.len);
	}
	emu_buf_printf(&b, ",\"status\":%d", e->status);
	const struct emu_note *note = e->note;
	field(&b, "code", note && note->code[0] ? note->code : e->code);
	field(&b, "request_id", e->request_id);
	field(&b, "fault", e->fault);
	emu_buf_printf(&b, ",\"auth\":%d", e->auth_version);
	if (note) {
		field(&b, "service", note->service ? note->service : "oss");
		if (note->action[0])
			field(&b, "action", note->action);
		who(&b, "signer", &note->signer);
		who(&b, "issued", &note->issued);
	}
	emu_buf_puts(&b, "}\n");
	write_line(log, &b);
}
