#!/usr/bin/env bash
# t_slow.sh — a slow endpoint: while ossemu holds the answers, keys are answered at once, rows say
# loading…, the summary counts the requests in flight; rows fill in once the answers are
# released; q asks first while a change is in flight, the question follows the change to its
# end, and y quits without waiting for it.
. "$(dirname "$0")/lib.sh"
tui_init slow
tui_emu
tui_config
emu_hold
tui_start 80x24

# Every answer is held until the release below: the rows stay "loading…" however slow the
# machine is, so each state is asserted while it lasts, not inside a deadline.
check "the five reads reach the endpoint and are held" emu_wait_held 5
expect_text "rows show loading" '^>  t +alpha +loading… *$'
expect_text "requests in flight in the summary" 'in flight 5'
keys j j
expect_text "j answered while requests are in flight" '^>  t +gamma +loading…'
keys '?'
expect_text "help opens while requests are in flight" '┌ Keys'
keys Escape
expect_text "back to the loading list" '^>  t +gamma +loading…'
keys /
type pl
expect_text "filtering while loading" 'filter "pl": 1 of 5'
expect_text "the filtered row still loading" '^>  t +plain +loading…'
keys Escape
expect_text "the selection stays on the bucket the filter showed" '^>  t +plain'
check "no read was answered while held" is "$(emu_log_lines)" 0
emu_unhold
emu_release
expect_text "all loaded once the answers are released" 'errors 1  in flight 0'
expect_text "rows filled in" '^   t +gamma +SM4 +ok'

# A change in flight: the row says so, q asks first, n keeps running.
emu_hold kind=put
keys e Enter
check "the write reaches the endpoint and is held" emu_wait_held 1
expect_text "the row shows the write in flight" '^>  t +plain +none +setting…'
keys q
expect_text "q asks while a change is in flight" '1 change is still in flight\. Quit anyway\?'
check "the write is still held" is "$(emu_held)" 1
emu_unhold
emu_release
# The question follows the changes in flight: once the change is read back it says so.
expect_text "the question follows the change to its end" 'Every change has finished\. Quit\?'
check "no longer counting a change in flight" wait_for_gone 'still in flight'
keys n
expect_text "n keeps running" 'Still running\.'
expect_text "the row read back" '^>  t +plain +AES256 +ok'
check "endpoint has AES256 on plain" is "$(emu_rule plain)" "AES256 - -"
keys q
check "q without changes in flight quits at once" wait_exit 5000
check "exit status 0" is "$TUI_STATUS" 0
check "terminal restored" restored

# y quits even with a change in flight, without waiting for it.
tui_stop
tui_start 80x24
expect_text "loaded again" 'errors 1  in flight 0'
emu_hold kind=delete
keys d y
check "the remove reaches the endpoint and is held" emu_wait_held 1
expect_text "remove in flight" 'removing…'
keys q
expect_text "asked" 'Quit anyway\?'
keys y
check "y quits" wait_exit 5000
check "… without waiting for the answer (still held)" is "$(emu_held)" 1
check "terminal restored" restored
tui_done
