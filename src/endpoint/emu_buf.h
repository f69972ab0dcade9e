/* emu_buf.h — growable, always NUL-terminated byte buffer with a hard cap (answers, logs, canonical strings). */
#ifndef EMU_BUF_H
#define EMU_BUF_H

#include <stddef.h>

struct emu_buf {
	char *data;   /* NUL-terminated when non-NULL */
	size_t len;
	size_t cap;
	size_t limit; /* hard cap on len */
	int failed;   /* sticky: an append went over the cap or out of memory */
};

void emu_buf_init(struct emu_buf *b, size_t limit);
void emu_buf_cleanup(struct emu_buf *b);
void emu_buf_reset(struct emu_buf *b);

/* Appenders return 0, or -1 (sticky in b->failed) when the cap or memory runs out. */
int emu_buf_add(struct emu_buf *b, const void *p, size_t n);
int emu_buf_puts(struct emu_buf *b, const char *s);
int emu_buf_putc(struct emu_buf *b, char c);
int emu_buf_printf(struct emu_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Text escaped for XML character data or attribute values. */
int emu_buf_xml(struct emu_buf *b, const char *s);
/* A quoted JSON string; invalid UTF-8 bytes become \u00XX. */
int emu_buf_json(struct emu_buf *b, const char *s, size_t n);

/* Hands the bytes to the caller (caller frees; never NULL on success), leaving b empty. */
char *emu_buf_take(struct emu_buf *b, size_t *len);
/* The contents as a C string ("" when empty); borrowed. */
const char *emu_buf_str(const struct emu_buf *b);

#endif
