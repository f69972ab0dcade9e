#!/usr/bin/env bash
# t_bulk.sh — Space marks rows; the set form and the remove confirmation name how many buckets;
# the change reaches every marked bucket (and no other); marks clear after it; U unmarks all.
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
keys y
expect_text "both removed" 'Removed on all 2 buckets'
check "beta has no rule" is "$(emu_rule beta)" none
check "gamma has no rule" is "$(emu_rule gamma)" none
check "alpha keeps SM4" is "$(emu_rule alpha)" "SM4 - -"
expect_text "summary after the bulk changes" 'AES256 0  KMS 0  SM4 2  none 2  errors 1'

# A bulk change including a bucket OSS refuses: the others go through, the count says so.
keys g Space G Space
keys e Enter
expect_text "partial failure is reported" 'Set on 1 of 2 buckets; 1 failed'
check "alpha got AES256" is "$(emu_rule alpha)" "AES256 - -"

keys q
check "quit" wait_exit
check "terminal restored" restored
tui_done
