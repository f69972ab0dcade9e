#!/usr/bin/env bash
# t_undo.sh — u restores a bucket's rule from before sseadm's last change to it, read from the
# audit log (the TUI's own change, or one the CLI made with the same state directory): asked
# first, sent as a PUT or DELETE, shown as read back; nothing recorded says so; without an audit
# log every change is refused and reads still work.
. "$(dirname "$0")/lib.sh"
tui_init undo
tui_emu
tui_config
tui_start 100x24
expect_text "list loaded" 'errors 1  in flight 0'

# Nothing recorded yet for gamma: a message, nothing sent.
keys j j u
expect_text "no history for gamma" 'No change to gamma is recorded in .*audit\.log'
check "nothing sent for gamma" is "$(emu_count PUT gamma)$(emu_count DELETE gamma)" 00

# plain (no rule) → AES256 through the form, then u restores "none" with a DELETE.
keys j e Enter
expect_text "AES256 written" '^>  t +plain +AES256 +ok'
keys u
expect_text "undo asks, naming the bucket and the rule" 'Restore bucket plain to none'
expect_text "and the change it undoes" 'before the set at'
expect_text "and when" '20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9:]+Z \(now AES256\)'
keys n
expect_text "n cancels" 'Nothing restored'
check "nothing sent on n" is "$(emu_count DELETE plain)" 0
keys u
expect_text "asks again" 'Restore bucket plain to none'
keys y
check "the DELETE reached the endpoint" wait_for_count 1 DELETE plain
expect_text "row read back without a rule" '^>  t +plain +none +ok'
check "endpoint has no rule on plain" is "$(emu_rule plain)" "none"
check "the audit log labels it an undo" grep -q '"operation":"undo".*"bucket":"plain"' "${XDG_STATE_HOME:-$TUI_DIR/.local/state}/sseadm/audit.log"

# beta (KMS key-beta-01 SM4) → AES256, then u puts the KMS rule back with a PUT.
keys g j e Right Right Enter
expect_text "beta set to AES256" '^>  t +beta +AES256 +ok'
keys u
expect_text "undo names the KMS rule" 'Restore bucket beta to KMS'
keys y
check "the restoring PUT reached the endpoint" wait_for_count 2 PUT beta
expect_text "row read back as KMS" '^>  t +beta +KMS +key-beta-01 +SM4 +ok'
check "endpoint has the KMS rule back" is "$(emu_rule beta)" "KMS key-beta-01 SM4"

# u from the detail screen works on that bucket too; undos stack, so the next undo of beta would
# take back a change before the one just undone, and there is none: it never flips back.
keys Enter
expect_text "detail open" 'beta'
keys u
expect_text "nothing left to undo for beta" 'Every change recorded for beta has been undone already'
check "no second write for beta" is "$(emu_count PUT beta)" 2
keys q q
check "quit" wait_exit
tui_stop

# A change made by the CLI with the same state directory (XDG_STATE_HOME, else HOME) is undone
# from the TUI.
env HOME="$TUI_DIR" "$SSE_BUILD/sseadm" -c "$TUI_CFG" -p t set alpha --algorithm SM4 >/dev/null 2>&1
check "CLI set SM4 on alpha" is "$(emu_rule alpha)" "SM4 - -"
tui_start 100x24
expect_text "list loaded again" '^>  t +alpha +SM4 +ok'
keys u
expect_text "undo of the CLI's change" 'Restore bucket alpha to AES256'
keys y
expect_text "alpha back to AES256" '^>  t +alpha +AES256 +ok'
check "endpoint has AES256 on alpha" is "$(emu_rule alpha)" "AES256 - -"
keys q
check "quit" wait_exit
tui_stop

# The CLI and the TUI pick the same record: of two changes to gamma in the log, the newer was made
# at another endpoint (another bucket of that name), so both restore the older one's rule.
audit=${XDG_STATE_HOME:-$TUI_DIR/.local/state}/sseadm/audit.log
for rec in "c1 $EMU_URL KMS cmk-mine" "c2 http://elsewhere.example:9 AES256 -"; do
	set -- $rec
	key=""
	[ "$4" != - ] && key=",\"kms_key_id\":\"$4\",\"kms_data_encryption\":null"
	printf '{"time":"2026-01-02T03:04:05Z","event":"begin","id":"%s","operation":"set","profile":"t","endpoint":"%s","bucket":"gamma","before":{"algorithm":"%s"%s},"requested":{"algorithm":"SM4"}}\n' \
		"$1" "$2" "$3" "$key" >>"$audit"
done
tui_start 100x24
expect_text "list loaded for the record test" 'errors 1  in flight 0'
keys g j j u
expect_text "the TUI restores the record of gamma's own endpoint" 'Restore bucket gamma to KMS \(CMK cmk-mine\)'
keys n
keys q
check "quit" wait_exit
tui_stop
env HOME="$TUI_DIR" "$SSE_BUILD/sseadm" -c "$TUI_CFG" -p t undo gamma --yes >/dev/null 2>&1
check "the CLI restored the same one" is "$(emu_rule gamma)" "KMS cmk-mine -"

# No audit log (its directory cannot be made): changes are refused, reads work.
: >"$TUI_DIR/notadir"
tui_start 100x24 XDG_STATE_HOME="$TUI_DIR/notadir"
expect_text "warned at start" 'Changes are off: the audit log cannot be opened'
expect_text "reads still work" 'errors 1  in flight 0'
keys e
expect_text "e refused" 'Changes are off: the audit log cannot be opened'
keys r
expect_text "r reads" 'Reading alpha'
keys d
expect_text "d refused" 'Changes are off'
keys u
expect_text "u refused" 'Changes are off'
check "nothing written without the log" is "$(emu_count PUT alpha)" 2
keys q
check "quit" wait_exit
tui_done
