#!/usr/bin/env bash
# t_writer.sh — a second administrator changes a bucket after the TUI showed it (through ossemu's
# control interface, as the console would), while the plan or the confirmation is on the screen:
# the policy plan (A, y), a bulk set and an undo each leave that bucket as the colleague set it,
# say so ("changed since you looked: now …"), write the other buckets, and the audit log records
# the skip.
. "$(dirname "$0")/lib.sh"
tui_init writer
tui_emu --bucket b-none1 --bucket b-none2
TUI_FIXTURE_BUCKETS="$TUI_FIXTURE_BUCKETS, \"b-none1\", \"b-none2\"" tui_config
audit=${XDG_STATE_HOME:-$TUI_DIR/.local/state}/sseadm/audit.log
printf 'version = 1;\nrules = ( { buckets = ( "*" ); require = "any"; apply = "AES256"; } );\n' \
    >"$TUI_DIR/policy.cfg"

# skipped BUCKET: the audit log's newest record of BUCKET is a skip.
skipped() { grep "\"bucket\":\"$1\"" "$audit" | tail -n 1 | grep -q '"outcome":"skipped"'; }

tui_start 120x24 -- --policy "$TUI_DIR/policy.cfg"
expect_text "list loaded" 'errors 1 .*\| compliant'

# The policy plan: plain, b-none1 and b-none2 have no rule; the colleague sets b-none2 to their
# team's CMK while the plan is shown; y writes the other two.
keys A
expect_text "the plan lists b-none2" 't/b-none2: none → AES256'
expect_text "three changes" 'Policy plan: 3 changes'
emu_admin_set b-none2 KMS team-cmk
keys y
expect_text "the skip is said" 'Set on 2 of 3 buckets; 1 changed since you looked and was left as it is'
expect_text "the row shows the colleague's rule" 't +b-none2 +KMS +team-cmk'
check "plain written" is "$(emu_rule plain)" "AES256 - -"
check "b-none1 written" is "$(emu_rule b-none1)" "AES256 - -"
check "b-none2 keeps the colleague's CMK" is "$(emu_rule b-none2)" "KMS team-cmk -"
check "no PUT reached b-none2" is "$(emu_count PUT b-none2)" 0
check "the audit log has the skip of b-none2" skipped b-none2
keys G Enter
expect_text "the detail says why" 'changed since you looked: now KMS \(CMK team-cmk\)'
keys Escape

# A bulk set: the confirmation lists alpha, gamma and plain; the colleague changes gamma before y.
keys g Space j Space Space
expect_text "three marked" 'marked 3'
keys e Right Enter
expect_text "the bulk set asks" 'Set KMS \(OSS-managed CMK\) on 3 marked buckets\?'
expect_text "listing gamma" 't/gamma: SM4 → KMS'
emu_admin_set gamma AES256
keys y
expect_text "the bulk set says so" 'Set on 2 of 3 buckets; 1 changed since you looked'
check "alpha written" is "$(emu_rule alpha)" "KMS - -"
check "plain written" is "$(emu_rule plain)" "KMS - -"
check "gamma keeps the colleague's rule" is "$(emu_rule gamma)" "AES256 - -"
check "no PUT reached gamma" is "$(emu_count PUT gamma)" 0
check "the audit log has the skip of gamma" skipped gamma

# An undo: alpha's bulk set would be undone; the colleague sets alpha while the question is shown.
keys g u
expect_text "the undo asks" 'Restore bucket alpha to AES256'
emu_admin_set alpha SM4
keys y
expect_text "the undo says so" 'alpha: changed since you looked: now SM4'
check "alpha keeps the colleague's rule" is "$(emu_rule alpha)" "SM4 - -"
check "the audit log has the skip of alpha's undo" skipped alpha
check "it is an undo's skip" eval "grep '\"bucket\":\"alpha\"' '$audit' | tail -n 1 | grep -q '\"operation\":\"undo\"'"
keys q
check "quit" wait_exit
tui_done
