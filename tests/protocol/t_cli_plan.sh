#!/usr/bin/env bash
# t_cli_plan.sh — what the CLI shows before it writes: --dry-run for set, remove and undo (the plan,
# each bucket's rule now -> the rule it gets, nothing written), and the question of remove and undo
# on a terminal, which lists each bucket with what it holds now (the first 20 and a count), is
# asked once, and writes exactly what it listed.
. "$(dirname "$0")/lib/cli.sh"

buckets=()
for i in $(seq -w 1 22); do buckets+=(--bucket "b$i:AES256"); done
emu_up --bucket alpha:AES256 --bucket beta:KMS:k-beta --bucket plain "${buckets[@]}"
write_config
LOG=$XDG_STATE_HOME/sseadm/audit.log

# Runs sseadm on a pseudo-terminal (script(1)) and answers its question with $2.
on_terminal() { # "ARGS" ANSWER
    printf '%s\n' "$2" | script -qec "$SSEADM -c $CFG $1" /dev/null >"$OUT_F" 2>&1
    RC=$?
    cp "$OUT_F" "$ERR_F"
}
command -v script >/dev/null || { echo "cli-plan: skipped (no script(1))"; exit 77; }

case_ "set --dry-run shows the plan and writes nothing"
log_reset
run_sseadm set alpha beta plain --algorithm KMS --kms-key-id k-new --dry-run
expect_rc 0
expect_out '^Plan: 3 changes \(dry run: nothing will be sent\)$'
expect_out '^  t/alpha: AES256 -> KMS \(CMK k-new\)$'
expect_out '^  t/beta: KMS \(CMK k-beta\) -> KMS \(CMK k-new\)$'
expect_out '^  t/plain: none -> KMS \(CMK k-new\)$'
expect_log_count 3 GET
expect_log_count 0 PUT
[ ! -s "$LOG" ] && ok || bad "a dry run wrote to the audit log"
run_sseadm set alpha --algorithm AES256 --dry-run
expect_out '^Plan: 0 changes'
expect_out '1 bucket already holds that rule: nothing to change'
run_sseadm set alpha --algorithm AES256 --dry-run --format json
expect_rc 2

case_ "remove --dry-run and undo --dry-run"
log_reset
run_sseadm remove alpha plain --dry-run
expect_rc 0
expect_out '^Plan: 1 change \(dry run: nothing will be sent\)$'
expect_out '^  t/alpha: AES256 -> none$'
expect_out 'already holds that rule'
expect_log_count 0 DELETE
run_sseadm set alpha --algorithm SM4
expect_rc 0
log_reset
run_sseadm undo alpha --dry-run --output "$TMP/plan.txt"
expect_rc 0
grep -q '^  t/alpha: SM4 -> AES256$' "$TMP/plan.txt" && ok || bad "the undo plan is not in --output's file"
expect_log_count 0 PUT

case_ "remove asks once on a terminal, listing each bucket with its rule now"
log_reset
on_terminal "remove alpha beta" n
expect_rc 2
expect_out 'Plan: 2 changes'
expect_out '  t/alpha: SM4 -> none'
expect_out '  t/beta: KMS \(CMK k-beta\) -> none'
[ "$(grep -c 'Continue?' "$OUT_F")" -eq 1 ] && ok || bad "asked $(grep -c 'Continue?' "$OUT_F") times"
expect_out 'not confirmed; nothing was sent'
expect_log_count 0 DELETE
on_terminal "remove alpha beta" y
expect_rc 0
expect_log_count 2 DELETE

case_ "a long list shows the first 20 and says how many more"
names=$(printf 'b%s ' $(seq -w 1 22))
on_terminal "remove $names" n
expect_out '^  t/b20: AES256 -> none'
expect_no_out 't/b21'
expect_out '… and 2 more'
expect_log_count 0 DELETE '"path":"/b'

case_ "apply asks once, after the plan"
printf 'version = 1;\nrules = ( { buckets = ( "b0*" ); require = "SM4"; } );\n' >"$TMP/p.cfg"
BUCKETS='"b01", "b02"' write_config
log_reset
on_terminal "apply --policy $TMP/p.cfg" n
[ "$(grep -c '\[y/N\]' "$OUT_F")" -eq 1 ] && ok || bad "apply asked $(grep -c '\[y/N\]' "$OUT_F") times"
expect_out 'Apply this plan\?'
expect_no_out 'no longer be encrypted'
expect_log_count 0 PUT
cli_finish cli-plan
