/* copy.h — y: what of the selected bucket goes to the terminal's clipboard (its name, CMK ID,
 * request ID, or its report row as JSON), and the status bar's account of what was copied. */
#ifndef SSE_UI_COPY_H
#define SSE_UI_COPY_H

#include "ui/state.h"

/* Copies `what` of the selected bucket (ui.clipboard permitting); returns reaction flags. */
unsigned ui_copy(struct ui_state *st, enum ui_copy what);

#endif
