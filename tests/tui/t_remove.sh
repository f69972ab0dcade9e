#!/usr/bin/env bash
# t_remove.sh — remove with a confirmation naming the bucket and its rule: any key but y cancels,
# y removes (endpoint state and read-back); ui.confirm = false removes without asking.
. "$(dirname "$0")/lib.sh"
tui_init remove
tui_emu
tui_config
tui_start 80x24
expect_text "list loaded" 'errors 1  in flight 0'

keys j d
expect_text "confirmation names the bucket" 'Remove the encryption rule of bucket beta \(now KMS'
expect_text "and its current rule" 't/beta: KMS \(CMK key-beta-01, SM4 data encryption\) → none'
expect_text "the question ends" 'data encryption\)\)\?'
expect_text "and the answer keys" 'y: yes +any other key: no'
keys n
expect_text "n cancels" 'Nothing removed'
check "nothing sent after n" is "$(emu_count DELETE beta)" 0
keys d Escape
expect_text "Esc cancels too" 'Nothing removed'
keys d Enter
expect_text "Enter cancels too" 'Nothing removed'
check "nothing sent after Esc or Enter" is "$(emu_count DELETE beta)" 0

keys d y
expect_text "y removes; the row shows the read-back" '^>  t +beta +none +ok'
expect_text "message" 'beta: now none, as read back from OSS'
check "endpoint has no rule on beta" is "$(emu_rule beta)" none
check "one DELETE for beta" is "$(emu_count DELETE beta)" 1
expect_text "summary counts move" 'AES256 1  KMS 0  SM4 1  none 2'

# Removing from the detail screen acts on that bucket.
keys g Enter d
expect_text "detail: confirmation for alpha" 'bucket alpha \(now AES256\)'
keys Y
expect_text "Y works as y; back on the detail screen" 'Algorithm +none \(no default encryption rule\)'
keys q
expect_text "q closes the detail" '^>  t +alpha +none'
keys q
check "quit" wait_exit
check "terminal restored" restored

# Confirmation turned off in the configuration.
tui_stop
tui_config "" 'ui = { confirm = false; };'
tui_start 80x24
expect_text "list loaded again" 'errors 1  in flight 0'
keys j j d
expect_text "removed without asking" '^>  t +gamma +none +ok'
check "endpoint has no rule on gamma" is "$(emu_rule gamma)" none
keys q
check "quit" wait_exit
tui_done
