#!/usr/bin/env bash
# t_terms.sh — works on TERM=vt100 (no colour: attributes only, line drawing via the alternate
# character set), TERM=screen and tmux-256color (colours), NO_COLOR=1 (monochrome theme), a non-UTF-8
# locale (ASCII markers), UTF-8 text of double width, and text from the server that tries to
# control the terminal (shown inert).
. "$(dirname "$0")/lib.sh"
tui_init terms
tui_emu --bucket evil:KMS:$'ev\xc2\x9b2J\xc2\x9d0;pwned\xc2\x9ck'
TUI_FIXTURE_BUCKETS="$TUI_FIXTURE_BUCKETS, \"evil\""
tui_config

ESC=$'\033'
has_colour() { screen_e | grep -Eq "$ESC\\[([34][0-7]|38;5;[0-9]+|48;5;[0-9]+)m"; }
no_colour() { ! has_colour; }
reverse_row() { screen_e | grep -Eq "$ESC\\[([0-9]+;)*7m.*>  t +alpha"; }

run_as() { # NAME ENV...
	local name=$1
	shift
	tui_stop
	tui_start 80x24 "$@"
	expect_text "$name: list loaded" 'errors 1  in flight 0'
	expect_text "$name: rows" '^   t +beta +KMS +key-beta-01 +SM4 +ok'
}

run_as vt100 TERM=vt100
check "vt100: no colour codes" no_colour
check "vt100: the selected row in reverse video" reverse_row
keys Enter
expect_text "vt100: detail box" 'Bucket alpha'
check "vt100: box drawn with the alternate character set" eval 'screen_e | grep -q $'"'"'\016'"'"
keys Escape q
check "vt100: quit" wait_exit
check "vt100: restored" restored

run_as no_color NO_COLOR=1
check "NO_COLOR: no colour codes" no_colour
check "NO_COLOR: the selected row in reverse video" reverse_row
keys q
check "NO_COLOR: quit" wait_exit

run_as xterm TERM=xterm
check "xterm: colours" has_colour
keys q
check "xterm: quit" wait_exit
check "xterm: restored" restored

run_as screen TERM=screen
check "screen: colours" has_colour
keys q
check "screen: quit" wait_exit
check "screen: restored" restored

run_as tmux TERM=tmux-256color
check "tmux-256color: colours" has_colour
expect_text "UTF-8 title dash and ellipsis" '^ sseadm — profile t'

# Text from the server cannot control the terminal: C1 controls show as '?'.
title_before=$(pane '#{pane_title}')
expect_text "server text shown inert" '^   t +evil +KMS +ev\?2J\?0;pwned\?k +none +ok'
check "pane title unchanged" is "$(pane '#{pane_title}')" "$title_before"

# Double-width characters in a CMK ID keep the columns aligned.
keys g e Right Tab
type '密钥-1'
keys Enter
expect_text "wide characters, columns aligned" '^>  t +alpha +KMS +密钥-1 +none +ok *$'
check "data column lines up under wide text" is "$(screen | grep -E '^>  t +alpha' | sed 's/密钥-1/xxxxxx/' | awk '{ print index($0, "none") }')" \
	"$(screen | grep -E '^   t +beta' | awk '{ print index($0, "SM4 ") }')"
keys q
check "tmux-256color: quit" wait_exit

run_as c_locale LANG=C LC_ALL=C
expect_text "C locale: ASCII title" '^ sseadm - profile t'
keys '?'
expect_text "C locale: arrows named in ASCII" 'k Up +previous bucket'
keys Escape G
expect_text "C locale: non-ASCII text from the server shown as ?" '^>  t +evil +KMS +ev\?2J\?0;pwned\?k'
keys q
check "C locale: quit" wait_exit
check "C locale: restored" restored
tui_done
