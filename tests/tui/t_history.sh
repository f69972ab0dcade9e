#!/usr/bin/env bash
# t_history.sh — H lists the operations sseadm made (the audit log's, a CLI command's too, and this
# run's), newest first: time, profile, kind, how many buckets, how they went; the selected one's ID
# above the list. u on one asks, listing each of its buckets with its rule now → the rule it gets
# back (and how many the filter hides); n restores nothing, y restores them all; a second u on it
# says which undo took it back; an undo's own u is refused.
. "$(dirname "$0")/lib.sh"
tui_init history
tui_emu
tui_config
audit=${XDG_STATE_HOME:-$TUI_DIR/.local/state}/sseadm/audit.log

# A change made by the CLI with the same state directory is in the history too.
env HOME="$TUI_DIR" "$SSE_BUILD/sseadm" -c "$TUI_CFG" -p t set beta --algorithm AES256 >/dev/null 2>&1
check "the CLI set beta" is "$(emu_rule beta)" "AES256 - -"
cli_op=$(env HOME="$TUI_DIR" "$SSE_BUILD/sseadm" history --format tsv | awk -F'\t' '{ print $NF }' | tail -n 1)

tui_start 120x24
expect_text "list loaded" 'errors 1  in flight 0'
keys H
expect_text "the history lists the CLI's operation" 'History: 1 operation'
expect_text "with its ID" "Operation $cli_op: the set at [0-9T:-]+Z in profile t, 1 bucket: 1 ok\\."
expect_text "and columns" 'TIME +PROFILE +OPERATION +BUCKETS +OUTCOME'
expect_text "one row" '20[0-9-]+T[0-9:]+Z +t +set +1 +1 ok'
keys Escape
expect_text "Esc goes back" '^>  t +alpha'

# A bulk set from the TUI: alpha, gamma and plain to SM4 (gamma holds it: two are written).
keys Space j Space Space
expect_text "three marked" 'marked 3'
keys e Right Right Enter
expect_text "the bulk set asks" 'Set SM4 on 2 marked buckets\?'
keys y
expect_text "written" 'Set on all 2 buckets'
keys H
expect_text "two operations, newest first" 'History: 2 operations'
expect_text "the bulk set selected" 'Operation op-[0-9a-f-]+: the set at [0-9T:-]+Z in profile t, 2 buckets: 2 ok\.'
op=$(screen | sed -n 's/.*Operation \(op-[0-9a-f-]*\): the set.*2 buckets.*/\1/p' | head -n 1)
check "its ID is shown" test -n "$op"
check "it is in the audit log" grep -q "\"operation_id\":\"$op\".*\"bucket\":\"plain\"" "$audit"

# u asks, listing both buckets; n restores nothing.
keys u
expect_text "u asks" "Undo operation $op \\(the set at [0-9T:-]+Z\\): restore the rules of 2 buckets\\?"
expect_text "listing alpha" 't/alpha: SM4 → AES256'
expect_text "and plain" 't/plain: SM4 → none'
keys n
expect_text "n restores nothing" 'Nothing restored'
expect_text "back on the history" 'History: 2 operations'
check "nothing sent on n" is "$(emu_count PUT alpha)$(emu_count DELETE plain)" 10

# With a filter that hides them, the question says so; y restores both.
keys Escape / g a m Enter
expect_text "filter" 'filter "gam"'
keys H u
expect_text "the filter hides both" '2 of them are hidden by the current filter\.'
keys y
check "alpha restored" wait_for_count 2 PUT alpha
check "plain restored" wait_for_count 1 DELETE plain
expect_text "restored" 'Restored on all 2 buckets, as read back from OSS'
check "alpha holds AES256 again" is "$(emu_rule alpha)" "AES256 - -"
check "plain has no rule again" is "$(emu_rule plain)" "none"
check "gamma untouched" is "$(emu_rule gamma)" "SM4 - -"
expect_text "the undo is the newest operation" 'History: 3 operations'
expect_text "an undo of 2 buckets" '20[0-9-]+T[0-9:]+Z +t +undo +2 +2 ok'
expect_text "the set is marked undone" '20[0-9-]+T[0-9:]+Z +t +set +2 +2 ok; undone'

# The selection stays on the set (the undo came in above it). A second u on it says which undo
# took it back; an undo's u is refused.
expect_text "the set still selected" "Operation $op: the set"
expect_text "and what undid it" '2 ok\. Undone by'
keys u
expect_text "a second undo is refused" "Operation $op was undone by operation op-[0-9a-f-]+ at [0-9T:-]+Z\\."
keys k u
expect_text "an undo is not undone by ID" 'is an undo \(of operation '
check "nothing more was sent" is "$(emu_count PUT alpha)$(emu_count DELETE plain)" 21
keys q
expect_text "q closes the history" 'filter "gam"'
keys q
check "quit" wait_exit
check "terminal restored" restored
tui_done
