/* emu_time.h — the server clock (optionally shifted) and the date formats OSS speaks: RFC 1123 GMT, ISO 8601. */
#ifndef EMU_TIME_H
#define EMU_TIME_H

#include <stddef.h>
#include <time.h>

/* Shifts the server clock so that it reads `start` now and runs on from there. Call before threads start. */
void emu_clock_start_at(time_t start);
/* Shifts the server clock by `seconds`. Call before threads start. */
void emu_clock_shift(long seconds);
time_t emu_clock_now(void);
/* The server clock with milliseconds. */
void emu_clock_now_ms(time_t *sec, int *ms);

/* "Thu, 02 Jan 2025 03:04:05 GMT" → 0 and *out; -1 when malformed. */
int emu_time_parse_gmt(const char *s, time_t *out);
/* "20250102T030405Z" → 0 and *out; -1 when malformed. */
int emu_time_parse_iso_basic(const char *s, time_t *out);
/* "2025-01-02T03:04:05.000Z" → 0 and *out; -1 when malformed. */
int emu_time_parse_iso_ext(const char *s, time_t *out);

#define EMU_GMT_LEN 64 /* "Thu, 02 Jan 2025 03:04:05 GMT" is 29 + NUL; room for the compiler's worst case */
#define EMU_ISO_LEN 64
void emu_time_gmt(time_t t, char out[EMU_GMT_LEN]);
/* "2025-01-02T03:04:05.123Z" */
void emu_time_iso_ext(time_t t, int ms, char out[EMU_ISO_LEN]);
/* "2025-01-02T03:04:05Z", as STS, KMS and the metadata service write times. */
#define EMU_ISO_SEC_LEN 24
void emu_time_iso_sec(time_t t, char out[EMU_ISO_SEC_LEN]);
/* Exactly "2025-01-02T03:04:05Z" → 0 and *out; -1 otherwise. */
int emu_time_parse_iso_sec(const char *s, time_t *out);

#endif
