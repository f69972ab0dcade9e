/* emu_fault.h — fault injection: which canned failure the Nth request gets, and the bytes it sends. */
#ifndef EMU_FAULT_H
#define EMU_FAULT_H

#include <stddef.h>

/* In precedence order: when several --X-every flags hit the same request, the first one wins. */
#define EMU_FAULTS(X)                                                                          \
	X(RESET, "reset", "close the connection without an answer")                           \
	X(STALL, "stall", "never answer (until the client gives up or the server stops)")     \
	X(TRUNCATE, "truncate", "declare a longer Content-Length than sent, then close")      \
	X(OVERSIZE, "oversize", "answer 200 with a 2 MiB XML body")                           \
	X(HTML, "html", "answer 502 with an HTML page, as a proxy would")                     \
	X(GARBAGE, "garbage", "answer 200 with a body that is not XML")                       \
	X(THROTTLE, "throttle", "answer 429 TooManyRequests")                                 \
	X(FAIL, "fail", "answer 503 ServiceUnavailable")                                      \
	X(BUSY, "busy", "answer 503 ActiveRequestLimitExceeded (what --max-inflight sends)")

enum emu_fault {
	EMU_FAULT_NONE = 0,
#define EMU_FAULT_ENUM(id, name, help) EMU_FAULT_##id,
	EMU_FAULTS(EMU_FAULT_ENUM)
#undef EMU_FAULT_ENUM
	EMU_FAULT_COUNT
};

struct emu_fault_conf {
	unsigned long every[EMU_FAULT_COUNT]; /* 0 = off */
	unsigned latency_ms;                  /* delay before every answer */
};

/* The next request number (1, 2, …), shared by all threads and regions. */
unsigned long emu_fault_next_seq(void);
/* How many request numbers have been handed out so far. */
unsigned long emu_fault_seq_count(void);
/* The fault request number `seq` gets. */
enum emu_fault emu_fault_pick(const struct emu_fault_conf *c, unsigned long seq);
const char *emu_fault_name(enum emu_fault f);
const char *emu_fault_help(enum emu_fault f);

/* Canned bodies (static, never freed by the caller). */
const char *emu_fault_html(size_t *len);
const char *emu_fault_garbage(size_t *len);
/* The 2 MiB body; built on first use by emu_fault_init(). */
int emu_fault_init(void);
void emu_fault_cleanup(void);
const char *emu_fault_oversize(size_t *len);

#define EMU_OVERSIZE_LEN (2u * 1024u * 1024u)

#endif
