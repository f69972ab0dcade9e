/* emu_time.c — the server clock and strict, locale-free date parsing and formatting. */
#include "emu_time.h"

#include <stdio.h>
#include <string.h>

static long clock_offset; /* written once before any thread starts */

static const char *const wdays[7] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
static const char *const months[12] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					"Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

void
emu_clock_start_at(time_t start)
{
	clock_offset = (long)(start - time(NULL));
}

void
emu_clock_shift(long seconds)
{
	clock_offset = seconds;
}

time_t
emu_clock_now(void)
{
	return time(NULL) + clock_offset;
}

void
emu_clock_now_ms(time_t *sec, int *ms)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	*sec = ts.tv_sec + clock_offset;
	*ms = (int)(ts.tv_nsec / 1000000);
}

/* Reads exactly n decimal digits. */
static int
digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

static int
make_time(int y, int mo, int d, int h, int mi, int s, time_t *out)
{
	static const int mdays[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (y < 1970 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || h > 23 ||
	    mi > 59 || s > 60)
		return -1;
	struct tm tm = { 0 };
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	*out = timegm(&tm);
	return 0;
}

int
emu_time_parse_gmt(const char *s, time_t *out)
{
	/* Thu, 02 Jan 2025 03:04:05 GMT */
	if (strlen(s) != 29 || s[3] != ',' || s[4] != ' ' || s[7] != ' ' || s[11] != ' ' ||
	    s[16] != ' ' || s[19] != ':' || s[22] != ':' || strcmp(s + 25, " GMT") != 0)
		return -1;
	int wd_ok = 0;
	for (int i = 0; i < 7; i++)
		wd_ok |= strncmp(s, wdays[i], 3) == 0;
	int mo = 0;
	for (int i = 0; i < 12; i++)
		if (strncmp(s + 8, months[i], 3) == 0)
			mo = i + 1;
	int d, y, h, mi, sec;
	if (!wd_ok || !mo || digits(s + 5, 2, &d) || digits(s + 12, 4, &y) || digits(s + 17, 2, &h) ||
	    digits(s + 20, 2, &mi) || digits(s + 23, 2, &sec))
		return -1;
	return make_time(y, mo, d, h, mi, sec, out);
}

int
emu_time_parse_iso_basic(const char *s, time_t *out)
{
	/* 20250102T030405Z */
	int y, mo, d, h, mi, sec;
	if (strlen(s) != 16 || s[8] != 'T' || s[15] != 'Z' || digits(s, 4, &y) || digits(s + 4, 2, &mo) ||
	    digits(s + 6, 2, &d) || digits(s + 9, 2, &h) || digits(s + 11, 2, &mi) ||
	    digits(s + 13, 2, &sec))
		return -1;
	return make_time(y, mo, d, h, mi, sec, out);
}

int
emu_time_parse_iso_ext(const char *s, time_t *out)
{
	/* 2025-01-02T03:04:05.000Z (milliseconds optional) */
	size_t n = strlen(s);
	int y, mo, d, h, mi, sec, ms;
	if ((n != 20 && n != 24) || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' ||
	    s[16] != ':' || s[n - 1] != 'Z' || digits(s, 4, &y) || digits(s + 5, 2, &mo) ||
	    digits(s + 8, 2, &d) || digits(s + 11, 2, &h) || digits(s + 14, 2, &mi) ||
	    digits(s + 17, 2, &sec))
		return -1;
	if (n == 24 && (s[19] != '.' || digits(s + 20, 3, &ms)))
		return -1;
	return make_time(y, mo, d, h, mi, sec, out);
}

void
emu_time_gmt(time_t t, char out[EMU_GMT_LEN])
{
	struct tm tm;
	gmtime_r(&t, &tm);
	snprintf(out, EMU_GMT_LEN, "%s, %02d %s %04d %02d:%02d:%02d GMT", wdays[tm.tm_wday % 7],
		 tm.tm_mday, months[tm.tm_mon % 12], (tm.tm_year + 1900) % 10000, tm.tm_hour, tm.tm_min,
		 tm.tm_sec);
}

void
emu_time_iso_ext(time_t t, int ms, char out[EMU_ISO_LEN])
{
	struct tm tm;
	gmtime_r(&t, &tm);
	snprintf(out, EMU_ISO_LEN, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", (tm.tm_year + 1900) % 10000,
		 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ms % 1000);
}

void
emu_time_iso_sec(time_t t, char out[EMU_ISO_SEC_LEN])
{
	char ext[EMU_ISO_LEN];
	emu_time_iso_ext(t, 0, ext);
	snprintf(out, EMU_ISO_SEC_LEN, "%.19sZ", ext); /* without the milliseconds */
}

int
emu_time_parse_iso_sec(const char *s, time_t *out)
{
	return strlen(s) == 20 ? emu_time_parse_iso_ext(s, out) : -1;
}
