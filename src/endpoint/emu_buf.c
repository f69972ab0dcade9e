/* emu_buf.c — growable, always NUL-terminated byte buffer with a hard cap. */
#include "emu_buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
emu_buf_init(struct emu_buf *b, size_t limit)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->limit = limit;
	b->failed = 0;
}

void
emu_buf_cleanup(struct emu_buf *b)
{
	free(b->data);
	emu_buf_init(b, b->limit);
}

void
emu_buf_reset(struct emu_buf *b)
{
	b->len = 0;
	b->failed = 0;
	if (b->data)
		b->data[0] = '\0';
}

static int
grow(struct emu_buf *b, size_t extra)
{
	if (b->failed)
		return -1;
	if (extra > b->limit - b->len) {
		b->failed = 1;
		return -1;
	}
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return 0;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < need)
		cap *= 2;
	char *p = realloc(b->data, cap);
	if (!p) {
		b->failed = 1;
		return -1;
	}
	b->data = p;
	b->cap = cap;
	return 0;
}

int
emu_buf_add(struct emu_buf *b, const void *p, size_t n)
{
	if (grow(b, n) < 0)
		return -1;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

int
emu_buf_puts(struct emu_buf *b, const char *s)
{
	return emu_buf_add(b, s, strlen(s));
}

int
emu_buf_putc(struct emu_buf *b, char c)
{
	return emu_buf_add(b, &c, 1);
}

int
emu_buf_printf(struct emu_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || grow(b, (size_t)n) < 0) {
		b->failed = 1;
		return -1;
	}
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

int
emu_buf_xml(struct emu_buf *b, const char *s)
{
	for (; *s; s++) {
		const char *rep = NULL;
		switch (*s) {
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '&': rep = "&amp;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&apos;"; break;
		default: break;
		}
		unsigned char c = (unsigned char)*s;
		int r;
		if (rep)
			r = emu_buf_puts(b, rep);
		else if (c < 0x20 && c != '\n' && c != '\t' && c != '\r')
			r = emu_buf_printf(b, "&#x%X;", 0xFFFD); /* not representable in XML 1.0 */
		else
			r = emu_buf_putc(b, *s);
		if (r < 0)
			return -1;
	}
	return 0;
}

/* Length of the valid UTF-8 sequence at p (1..4), or 0 if invalid. */
static size_t
utf8_len(const unsigned char *p, size_t n)
{
	unsigned char c = p[0];
	size_t len;
	unsigned min;
	unsigned cp;
	if (c < 0x80)
		return 1;
	if ((c & 0xE0) == 0xC0) {
		len = 2; min = 0x80; cp = c & 0x1F;
	} else if ((c & 0xF0) == 0xE0) {
		len = 3; min = 0x800; cp = c & 0x0F;
	} else if ((c & 0xF8) == 0xF0) {
		len = 4; min = 0x10000; cp = c & 0x07;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

int
emu_buf_json(struct emu_buf *b, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	if (emu_buf_putc(b, '"') < 0)
		return -1;
	size_t i = 0;
	while (i < n) {
		unsigned char c = p[i];
		int r;
		if (c == '"' || c == '\\') {
			char esc[2] = { '\\', (char)c };
			r = emu_buf_add(b, esc, 2);
			i++;
		} else if (c == '\n') {
			r = emu_buf_puts(b, "\\n");
			i++;
		} else if (c == '\r') {
			r = emu_buf_puts(b, "\\r");
			i++;
		} else if (c == '\t') {
			r = emu_buf_puts(b, "\\t");
			i++;
		} else if (c < 0x20 || c == 0x7F) {
			r = emu_buf_printf(b, "\\u%04x", c);
			i++;
		} else {
			size_t l = utf8_len(p + i, n - i);
			if (l == 0) {
				r = emu_buf_printf(b, "\\u%04x", c);
				i++;
			} else {
				r = emu_buf_add(b, p + i, l);
				i += l;
			}
		}
		if (r < 0)
			return -1;
	}
	return emu_buf_putc(b, '"');
}

char *
emu_buf_take(struct emu_buf *b, size_t *len)
{
	if (!b->data && emu_buf_add(b, "", 0) < 0)
		return NULL;
	char *p = b->data;
	if (len)
		*len = b->len;
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	return p;
}

const char *
emu_buf_str(const struct emu_buf *b)
{
	return b->data ? b->data : "";
}
