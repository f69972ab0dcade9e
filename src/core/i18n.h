/* i18n.h — message translation (gettext, text domain "sseadm"): _() translates a message at the
 * point it is shown, N_() marks one for extraction where it is defined, WORDS() translates only
 * when asked. */
#ifndef SSE_CORE_I18N_H
#define SSE_CORE_I18N_H

#include <libintl.h>

#define SSE_TEXT_DOMAIN "sseadm"
#define _(msgid) gettext(msgid)
#define N_(msgid) (msgid)
/* msgid in the user's language when words is true, else as written: the same text serves people
 * (messages, screens) and, in fixed English, reports and logs that scripts read. */
#define WORDS(words, msgid) ((words) ? gettext(msgid) : (msgid))

#endif
