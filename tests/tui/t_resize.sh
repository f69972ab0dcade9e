#!/usr/bin/env bash
# t_resize.sh — SIGWINCH redraws the screens correctly down to 60×14; 59×13 shows a short notice
# (and ignores keys other than q); growing again brings the list back; long names are cut in the
# middle (their end stays), never wrapped; columns with no room are dropped, least important
# first, and the titles count them.
. "$(dirname "$0")/lib.sh"
tui_init resize
tui_emu --bucket a-very-long-bucket-name-that-will-not-fit-in-the-column-012345:KMS:acs-kms-key-0123456789abcdef0123456789abcdef
TUI_FIXTURE_BUCKETS="$TUI_FIXTURE_BUCKETS, \"a-very-long-bucket-name-that-will-not-fit-in-the-column-012345\""
tui_config
tui_start 80x24
expect_text "list at 80x24" '^\+3 BUCKET +ALGO +STATUS *$'
expect_text "all loaded" 'in flight 0'
# A 63-character name keeps the width it needs: KMS data, profile and CMK ID go first, then its
# middle is cut, its start and distinguishing end kept.
expect_text "long names cut in the middle" '^   a-very-long-bucket-name-that-w…l-not-fit-in-the-column-012345 KMS +ok *$'
check "long names never wrap" is "$(screen | grep -c 'ok *$')" 5

tui_resize 60x14
expect_text "narrow: the columns that have no room are counted" '^\+3 BUCKET +ALGO +STATUS *$'
expect_text "rows at 60x14" '^   beta +KMS +ok *$'
expect_text "summary at 60x14" '^AES256 1  KMS 2  SM4 1  none 1  errors 1  in flight 0 *$'
expect_text "status bar at 60x14" 'q Quit +\? Help *$'
expect_text "long names cut at 60 columns too" '^   a-very-long-bucket-n…in-the-column-012345 KMS +ok *$'
keys e
expect_text "form fits at 60x14" 'Enter apply  Tab next  ←→/Space choose  Esc cancel'
keys Escape G k Enter
expect_text "detail at 60x14 scrolls" '1-10 of [0-9]+'
keys End
expect_text "scrolled to the end of the detail" 'Message +You are denied by bucket policy'
keys Escape g

tui_resize 59x13
expect_text "too small: a short notice" 'Terminal too small \(59x13\): sseadm needs 60x14\.'
keys d y e
tui_resize 61x13
expect_text "still too small in one direction" 'Terminal too small \(61x13\)'
tui_resize 60x14
expect_text "60x14 is enough again" '^\+3 BUCKET'
check "keys pressed while too small did nothing" is "$(emu_count DELETE alpha)" 0
check "no dialog opened while too small" wait_for_gone 'Remove encryption|Set encryption'

tui_resize 100x30
expect_text "wider: the name whole, profile and CMK ID (cut) back, one column still without room" \
	'^\+1 PROF BUCKET +ALGO +CMK ID +STATUS *$'
expect_text "wider: the whole name shows" '^   t +a-very-long-bucket-name-that-will-not-fit-in-the-column-012345 KMS +acs-kms-key-… +ok'
tui_resize 80x24
expect_text "back to 80x24" '^>  alpha +AES256 +ok'
expect_text "and its header" '^\+3 BUCKET +ALGO +STATUS *$'

# q works while too small.
tui_resize 40x10
expect_text "tiny" 'Terminal too small \(40x10\)'
keys q
check "q quits while too small" wait_exit
check "terminal restored" restored
tui_done
