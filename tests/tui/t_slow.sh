#!/usr/bin/env bash
# t_slow.sh — a slow endpoint (every answer 1.5 s late): keys are answered at once while requests
# are in flight; rows fill in as answers arrive; q asks first while a change is in flight, and the
# question follows the change to its end.
. "$(dirname "$0")/lib.sh"
tui_init slow
tui_emu --latency-ms 1500
tui_config
tui_start 80x24

# Everything below until "all loaded" happens inside the first answers' 1.5 s: the rows the checks
# expect still say "loading…".
expect_text "rows show loading at once" '^>  t +alpha +loading… *$' 1000
expect_text "requests in flight in the summary" 'in flight 5' 1000
keys j j
expect_text "j answered while requests are in flight" '^>  t +gamma +loading…' 1400
keys '?'
expect_text "help opens while requests are in flight" '┌ Keys' 1400
keys Escape
expect_text "back to the loading list" '^>  t +gamma +loading…' 1400
keys /
type pl
expect_text "filtering while loading" 'filter "pl": 1 of 5' 1400
expect_text "the filtered row still loading" '^>  t +plain +loading…' 1400
keys Escape
expect_text "the selection stays on the bucket the filter showed" '^>  t +plain' 1400
expect_text "all loaded after the latency" 'errors 1  in flight 0' 5000
expect_text "rows filled in" '^   t +gamma +SM4 +ok'

# A change in flight: the row says so, q asks first, n keeps running.
keys e Enter
expect_text "the row shows the write in flight" '^>  t +plain +none +setting…' 1000
keys q
expect_text "q asks while a change is in flight" '1 change is still in flight\. Quit anyway\?' 1000
# The question follows the changes in flight: once the change is read back it says so.
expect_text "the question follows the change to its end" 'Every change has finished\. Quit\?' 6000
check "no longer counting a change in flight" wait_for_gone 'still in flight' 1000
keys n
expect_text "n keeps running" 'Still running\.' 1000
expect_text "the row read back" '^>  t +plain +AES256 +ok' 1000
check "endpoint has AES256 on plain" is "$(emu_rule plain)" "AES256 - -"
keys q
check "q without changes in flight quits at once" wait_exit 2000
check "exit status 0" is "$TUI_STATUS" 0
check "terminal restored" restored

# y quits even with a change in flight, without waiting for it.
tui_stop
tui_start 80x24
expect_text "loaded again" 'errors 1  in flight 0' 6000
keys d y
expect_text "remove in flight" 'removing…' 1000
keys q
expect_text "asked" 'Quit anyway\?' 1000
keys y
check "y quits without waiting for the answer" wait_exit 1400
check "terminal restored" restored
tui_done
