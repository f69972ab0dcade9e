#!/usr/bin/env bash
# t_bulk.sh — Space marks rows; the set form and the confirmations of a bulk set and a bulk remove
# name how many buckets and list each with its rule now → the rule it gets, also the marked buckets
# the filter hides (and say how many it hides); n writes nothing; y reaches every marked bucket
# listed (and no other); marks clear after it; U unmarks all.
. "$(dirname "$0")/lib.sh"
tui_init bulk
tui_emu
tui_config
tui_start 80x24
expect_text "list loaded" 'errors 1  in flight 0'

# Space marks and moves down.
keys Space Space
expect_text "marked rows show a star" '^ \* t +alpha'
expect_text "second marked row" '^ \* t +beta'
expect_text "cursor moved past them" '^>  t +gamma'
expect_text "summary counts marks" 'marked 2'
keys U
expect_text "u unmarks every bucket" 'in flight 0 *$'
check "no star left" wait_for_gone '^.\*'

# Mark alpha, gamma and plain; set SM4 on all three: gamma holds it already, so two are written.
keys g Space j Space Space
expect_text "three marked" 'marked 3'
keys e
expect_text "the form names how many buckets" 'Set encryption of 3 buckets'
keys Right Right
expect_text "SM4 chosen" '\[SM4\]'
keys Enter
expect_text "a bulk set asks first" 'Set SM4 on 2 marked buckets\?'
expect_text "what is left out" '\(1 skipped: nothing to change\)'
expect_text "it lists alpha" 't/alpha: AES256 → SM4'
expect_text "and plain" 't/plain: none → SM4'
keys n
expect_text "n changes nothing" 'Nothing changed'
check "nothing was sent on n" is "$(emu_count PUT alpha)$(emu_count PUT plain)" 00
expect_text "the marks stay" 'marked 3'
keys e Right Right Enter
expect_text "asked again" 'Set SM4 on 2 marked buckets\?'
keys y
expect_text "message with the count" 'Set(ting SM4 on 2 buckets.*1 skipped: nothing to change| on all 2 buckets)'
expect_text "both written" 'Set on all 2 buckets, as read back from OSS'
check "alpha was written once" is "$(emu_count PUT alpha)" 1
check "nothing was sent to gamma" is "$(emu_count PUT gamma)" 0
check "alpha is SM4 on the endpoint" is "$(emu_rule alpha)" "SM4 - -"
check "gamma is SM4 on the endpoint" is "$(emu_rule gamma)" "SM4 - -"
check "plain is SM4 on the endpoint" is "$(emu_rule plain)" "SM4 - -"
check "beta (not marked) untouched" is "$(emu_rule beta)" "KMS key-beta-01 SM4"
check "marks cleared after the change" wait_for_gone 'marked [0-9]'
expect_text "rows read back" '^   t +plain +SM4 +ok'

# Mark beta and gamma; remove both after the confirmation that names the count.
keys g j Space Space
expect_text "two marked" 'marked 2'
keys d
expect_text "confirmation names the count" 'Remove the encryption rules of 2 marked buckets\?'
expect_text "and lists each bucket" 't/beta: KMS \(CMK key-beta-01, SM4 data encryption\) → none'
expect_text "with its rule now" 't/gamma: SM4 → none'
keys y
expect_text "both removed" 'Removed on all 2 buckets'
check "beta has no rule" is "$(emu_rule beta)" none
check "gamma has no rule" is "$(emu_rule gamma)" none
check "alpha keeps SM4" is "$(emu_rule alpha)" "SM4 - -"
expect_text "summary after the bulk changes" 'AES256 0  KMS 0  SM4 2  none 2  errors 1'

# A bulk change including a bucket OSS refuses: the others go through, the count says so.
keys g Space G Space
keys e Enter
expect_text "asked" 'Set AES256 on 2 marked buckets\?'
keys y
expect_text "partial failure is reported" 'Set on 1 of 2 buckets; 1 failed'
check "alpha got AES256" is "$(emu_rule alpha)" "AES256 - -"

# Marked buckets the filter hides: both confirmations list every one and say how many are hidden;
# n writes nothing.
keys g Space j j Space       # alpha (AES256) and plain (SM4) marked
expect_text "two marked" 'marked 2'
keys / g a m Enter
expect_text "the filter shows gamma only" '^>  t +gamma +none'
check "alpha is hidden" wait_for_gone 't +alpha'
keys d
expect_text "the bulk remove asks" 'Remove the encryption rules of 2 marked buckets\?'
expect_text "says how many the filter hides" '2 of them are hidden by the current filter\.'
expect_text "lists hidden alpha" 't/alpha: AES256 → none'
expect_text "and hidden plain" 't/plain: SM4 → none'
keys n
expect_text "n removes nothing" 'Nothing removed'
keys e Right Enter
expect_text "the bulk set asks" 'Set KMS \(OSS-managed CMK\) on 2 marked buckets\?'
expect_text "says how many the filter hides (set)" '2 of them are hidden by the current filter\.'
expect_text "lists hidden alpha (set)" 't/alpha: AES256 → KMS'
expect_text "and hidden plain (set)" 't/plain: SM4 → KMS'
keys n
expect_text "n sets nothing" 'Nothing changed'
check "nothing was sent for the hidden buckets" is "$(emu_count DELETE alpha)$(emu_count DELETE plain)$(emu_count PUT alpha)$(emu_count PUT plain)" 0021
check "alpha untouched" is "$(emu_rule alpha)" "AES256 - -"
check "plain untouched" is "$(emu_rule plain)" "SM4 - -"
keys e Right Enter y
expect_text "y writes both hidden buckets" 'Set on all 2 buckets'
check "alpha got KMS" is "$(emu_rule alpha)" "KMS - -"
check "plain got KMS" is "$(emu_rule plain)" "KMS - -"

keys q
check "quit" wait_exit
check "terminal restored" restored
tui_done
