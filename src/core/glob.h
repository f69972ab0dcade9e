/* glob.h — shell globs over names (fnmatch(3) without FNM_PATHNAME or FNM_PERIOD): matching, and
 * the mistakes worth naming before a pattern silently matches nothing. */
#ifndef SSE_CORE_GLOB_H
#define SSE_CORE_GLOB_H

#include <stdbool.h>
#include <stddef.h>

/* Whether c may be in a bucket name (a-z, 0-9, '-'). */
bool glob_bucket_char(unsigned char c);
/* Why glob is not a usable pattern over names made of characters accepted by ok, or NULL when it
 * is: an unbalanced '[' (fnmatch would take it literally), an unknown [:class:], a trailing '\',
 * or a literal no name can contain (charset says which names can, for the message). The reason is
 * written into buf. */
const char *glob_problem(const char *glob, bool (*ok)(unsigned char), const char *charset,
                         char *buf, size_t size);
/* True when name (NULL counts as "") matches glob. */
bool glob_match(const char *glob, const char *name);
/* True for "*", "**", …: a pattern that matches every name. */
bool glob_all(const char *glob);
/* True when every name of characters accepted by ok that sub matches, glob matches too: a rule
 * with glob that comes first leaves sub nothing. Exact for what glob_problem accepts (literals,
 * '\' escapes, '?', '*', bracket expressions with ranges, negation and [:classes:], each decided by
 * fnmatch itself one character at a time), counting "" as a name; false, claiming nothing, where it
 * cannot be sure: [.sym.] and [=equiv=] (they may stand for more than one character), an
 * unbalanced '[', more than 63 characters or sets in a pattern, a search beyond its bound. */
bool glob_covers(const char *glob, const char *sub, bool (*ok)(unsigned char));

#endif
