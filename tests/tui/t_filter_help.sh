#!/usr/bin/env bash
# t_filter_help.sh — / filters by a name substring as you type (Enter keeps it, Esc clears it);
# ? shows every key grouped, scrolls, and Esc or q closes it.
. "$(dirname "$0")/lib.sh"
tui_init filter_help
tui_emu
tui_config
tui_start 80x24
expect_text "list loaded" 'errors 1  in flight 0'

keys /
expect_text "filter line opens" '^Filter: .*Enter keep  Esc clear'
type a
expect_text "one character filters at once" 'filter "a": 4 of 5'
check "locked is filtered out" wait_for_gone 'locked'
type l
expect_text "grown filter" 'filter "al": 1 of 5'
expect_text "only alpha left" '^>  t +alpha'
check "beta gone" wait_for_gone 'beta'
keys BSpace
expect_text "Backspace widens it again" 'filter "a": 4 of 5'
type mm
expect_text "typed on: gamma only" '^>  t +gamma'
keys Enter
expect_text "Enter keeps the filter" 'filter "amm": 1 of 5'
check "the filter line is closed" wait_for_gone '^Filter:'
expect_text "key hints are back" 'q Quit +\? Help'
keys /
expect_text "/ reopens the filter with its text" '^Filter: amm'
keys C-u
expect_text "Ctrl-U empties it" 'filter "": |^ sseadm.* [0-9]/5 *$'
type nothing-matches
expect_text "no match says so" 'No bucket matches the filter'
keys Escape
expect_text "Esc clears the filter" '^ sseadm — profile t, 5 buckets +[0-9]/5 *$'
expect_text "every row is back" '^ +t +locked'

# The selection survives filtering when the bucket still passes.
keys G / o Enter
expect_text "selection kept on a bucket that passes" '^>  t +locked'

keys Escape '?'
expect_text "help opens" '┌ Keys'
expect_text "grouped: Moving" '^│ Moving'
expect_text "key with its description" 'j ↓ +next bucket'
expect_text "the filter key" '/ +filter buckets: a name substring, or terms'
expect_text "Space marks" 'Space +mark or unmark a bucket'
keys End
expect_text "scrolls to the last group: the filter's terms" '^│ Filter terms'
expect_text "a term in help" 'alg:none\|aes256\|kms\|sm4 +the bucket.s algorithm'
expect_text "negation in help" '!TERM +the rows TERM does not match'
expect_text "the confirmation group above it" '^│ Confirmation'
expect_text "y confirms" 'y Y +yes, go ahead'
keys Escape
expect_text "Esc closes help" '^> +t +'
keys '?'
expect_text "help again" '┌ Keys'
keys q
expect_text "q closes help (does not quit)" 'q Quit +\? Help'
keys Enter '?'
expect_text "help from the detail screen" '┌ Keys'
keys Escape
expect_text "back to the detail screen" '┌ Bucket'
keys Escape q
check "quit" wait_exit
check "exit status 0" is "$TUI_STATUS" 0
tui_done
