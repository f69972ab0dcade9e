#!/usr/bin/env bash
# t_cli_undo_op.sh — undo --op ID restores every bucket of one operation exactly (checked bucket by
# bucket in ossemu's state), once: a second undo --op of it is refused, naming the undo that took
# it back; history shows each change's operation ID (table, TSV, CSV); an unknown ID, an undo's
# ID, an ID of another profile and bucket names beside --op are clear errors; a bucket already
# undone on its own, or changed after the operation, is left as it is.
. "$(dirname "$0")/lib/cli.sh"

rules=(AES256 none SM4 KMS:key-a KMS:key-b:SM4)
spec=() names=() quoted=()
for i in $(seq -w 1 20); do
    r=${rules[$((10#$i % 5))]}
    if [ "$r" = none ]; then spec+=(--bucket "bk$i"); else spec+=(--bucket "bk$i:$r"); fi
    names+=("bk$i")
    quoted+=("\"bk$i\"")
done
emu_up "${spec[@]}"
BUCKETS=$(IFS=,; echo "${quoted[*]}") write_config
LOG=$XDG_STATE_HOME/sseadm/audit.log

# The rule of each bucket as ossemu holds it, one line each.
state() { local b; for b in "${names[@]}"; do echo "$b $(emu_admin_get "$b")"; done; }
original=$(state)
echo "$original" | grep -q '^bk04 KMS key-b SM4$' && ok || bad "the fixture is not what the test expects: $original"

case_ "a 20-bucket set is one operation; history names it in every format"
run_sseadm set "${names[@]}" --algorithm KMS --kms-key-id bulk-key
expect_rc 0
[ "$(log_count PUT)" -eq 20 ] && ok || bad "$(log_count PUT) PUTs, want 20"
run_sseadm history --format tsv
expect_rc 0
op=$(awk -F'\t' '$2 == "set" { print $NF }' "$OUT_F" | sort -u)
[ "$(echo "$op" | wc -l)" -eq 1 ] && [[ $op == op-* ]] && ok || bad "the 20 changes do not share one operation ID: $op"
[ "$(awk -F'\t' -v op="$op" '$NF == op' "$OUT_F" | wc -l)" -eq 20 ] && ok || bad "not 20 changes of $op"
run_sseadm history --format csv
expect_out '^time,operation,profile,bucket,before,requested,after,outcome,error,request_ids,operation_id$'
expect_out ",$op\$"
run_sseadm history bk07 --format table
expect_out '^TIME +OPERATION +OPERATION ID +PROFILE +BUCKET'
expect_out "^[0-9T:-]+Z +set +$op +t +bk07 "

case_ "undo --op restores all 20 exactly"
log_reset
run_sseadm undo --op "$op" --yes
expect_rc 0
[ "$(state)" = "$original" ] && ok || bad "the state after undo --op differs: $(diff <(echo "$original") <(state) | tr '\n' ' ')"
# Each bucket is read first (the write is conditional on it), then restored: 16 PUTs, 4 DELETEs.
[ "$(log_count PUT)" -eq 16 ] && ok || bad "$(log_count PUT) PUTs, want 16"
[ "$(log_count DELETE)" -eq 4 ] && ok || bad "$(log_count DELETE) DELETEs, want 4"
expect_err '^bk04: restore KMS \(CMK key-b, SM4 data encryption\) \(before the set at '
run_sseadm history --format tsv
undo_op=$(awk -F'\t' '$2 == "undo" { print $NF }' "$OUT_F" | sort -u)
[ "$(echo "$undo_op" | wc -l)" -eq 1 ] && [ "$undo_op" != "$op" ] && ok || bad "the undo is not one operation of its own: $undo_op"

case_ "a second undo --op of it is refused, naming the undo; nothing is sent"
log_reset
run_sseadm undo --op "$op" --yes
expect_rc 2
expect_err "^sseadm undo: operation $op was undone by operation $undo_op at [0-9T:-]+Z; nothing was sent$"
[ "$(emu_log_lines)" -eq 0 ] && ok || bad "ossemu answered $(emu_log_lines) requests"
[ "$(state)" = "$original" ] && ok || bad "the state changed"
run_sseadm undo --op "$op" --dry-run
expect_rc 2

case_ "an undo is not undone by its ID; unknown and malformed IDs; --op with buckets"
run_sseadm undo --op "$undo_op" --yes
expect_rc 2
expect_err "^sseadm undo: operation $undo_op is an undo \(of operation $op\): undos are not undone by ID"
run_sseadm undo --op op-00000000-000000000000 --yes
expect_rc 2
expect_err "^sseadm undo: no operation op-00000000-000000000000 is recorded in $LOG"
run_sseadm undo --op 'x;rm' --yes
expect_rc 2
expect_err "^sseadm undo: --op takes an operation ID as 'sseadm history' shows it"
run_sseadm undo bk01 --op "$op" --yes
expect_rc 2
expect_err 'name no bucket \("bk01"\) with it'
run_sseadm undo --op "$op" --op "$op" --yes
expect_rc 2
expect_err '--op is given twice'
[ "$(emu_log_lines)" -eq 0 ] && ok || bad "ossemu answered $(emu_log_lines) requests"

case_ "undo --op leaves a bucket undone on its own and one changed since, restores the rest"
run_sseadm set bk01 bk02 bk03 --algorithm AES256    # they held none, SM4 and KMS key-a
expect_rc 0
run_sseadm history --format tsv
op2=$(tail -n 1 "$OUT_F" | awk -F'\t' '{ print $NF }')
run_sseadm undo bk01 --yes
expect_rc 0
emu_admin_set bk02 KMS colleague-key
log_reset
run_sseadm undo --op "$op2" --dry-run
expect_rc 0
expect_out '^Plan: 1 change \(dry run'
expect_out '^  t/bk03: AES256 -> KMS \(CMK key-a\)$'
expect_out '1 bucket undone already: left as it is'
expect_out "1 bucket changed after sseadm's change: left as it is"
run_sseadm undo --op "$op2" --yes
expect_rc 1
expect_err "^sseadm undo: bk01: undone already by operation op-[0-9a-f-]+ at [0-9T:-]+Z; left as it is$"
expect_err "^sseadm: bk02: changed since sseadm's change: now KMS \(CMK colleague-key\); left as it is$"
[ "$(log_count PUT)" -eq 1 ] && ok || bad "$(log_count PUT) PUTs, want 1 (bk03)"
[ "$(emu_admin_get bk01)" = "none - -" ] && ok || bad "bk01: $(emu_admin_get bk01)"   # its own undo's
[ "$(emu_admin_get bk02)" = "KMS colleague-key -" ] && ok || bad "bk02: $(emu_admin_get bk02)"
[ "$(emu_admin_get bk03)" = "KMS key-a -" ] && ok || bad "bk03: $(emu_admin_get bk03)"

case_ "an operation of another profile names it"
sed -i 's/^profiles = (/profiles = (\n  { name = "u"; endpoint = "http:\/\/localhost:'"$EMU_PORT"'"; region = "cn-hangzhou"; access_key_id = "'"$AK"'"; access_key_secret = "'"$SK"'"; buckets = ( "bk01" ); },/' "$CFG"
log_reset
run_sseadm -p u undo --op "$op2" --yes
expect_rc 2
expect_err "^sseadm undo: operation $op2 changed buckets in profile \"t\", not in \"u\"; run it with -p t; nothing was sent$"
[ "$(emu_log_lines)" -eq 0 ] && ok || bad "ossemu answered $(emu_log_lines) requests"
cli_finish cli-undo-op
