# unshown.sh — finds bytes a terminal would act on instead of showing, in what sseadm wrote.
# Source it (bash). Shared by the CLI's and the TUI's hostile-text tests.
#
#   unshown_in FILE...   prints each line (cat -v) holding a C0 control other than tab and
#                        newline, DEL, a C1 control (U+0080-U+009F in UTF-8), a bidirectional
#                        control (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069) or a
#                        line/paragraph separator (U+2028, U+2029); true when it found one
#   unshown_raw FILE     the same for a terminal's raw output stream (a pty log), where the
#                        program's own escape sequences are expected: only an OSC (ESC ]), DEL,
#                        C1 and the bidi and separator characters count

UNSHOWN_TEXT='\xc2[\x80-\x9f]|\xd8\x9c|\xe2\x80[\x8e\x8f\xa8-\xae]|\xe2\x81[\xa6-\xa9]'

unshown_in() {
	LC_ALL=C grep -naP "[\x00-\x08\x0b-\x1f\x7f]|$UNSHOWN_TEXT" "$@" | cat -v | head -n 20
	LC_ALL=C grep -qaP "[\x00-\x08\x0b-\x1f\x7f]|$UNSHOWN_TEXT" "$@"
}

unshown_raw() {
	LC_ALL=C grep -oaP "\x1b\]|\x7f|$UNSHOWN_TEXT" "$1" | cat -v | sort | uniq -c | head -n 20
	LC_ALL=C grep -qaP "\x1b\]|\x7f|$UNSHOWN_TEXT" "$1"
}
