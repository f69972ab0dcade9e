#!/usr/bin/env bash
# t_cli_undo.sh — undo picks the record the TUI picks (same profile and bucket, at the bucket's
# endpoint or its profile's; a record of another endpoint is another bucket); a record whose rule
# before cannot be written (an algorithm sseadm does not know) is refused up front: exit 1, no
# request sent, nothing written to the audit log; undos stack and never flip a bucket back; and an
# undo never overwrites what a colleague set after sseadm's change.
. "$(dirname "$0")/lib/cli.sh"

emu_up --bucket alpha:AES256 --bucket beta:AES256 --bucket gamma:SM4
write_config
LOG=$XDG_STATE_HOME/sseadm/audit.log
mkdir -p "$XDG_STATE_HOME/sseadm"

# One change's begin and end records, as sseadm writes them.
change() { # ID ENDPOINT BUCKET BEFORE-ALGORITHM [KMS-KEY]
    local before="{\"algorithm\":\"$4\"}"
    [ -n "${5:-}" ] && before="{\"algorithm\":\"$4\",\"kms_key_id\":\"$5\",\"kms_data_encryption\":null}"
    printf '{"time":"2026-01-02T03:04:0%sZ","event":"begin","id":"%s","operation":"set","profile":"t","endpoint":"%s","bucket":"%s","before":%s,"requested":{"algorithm":"AES256"}}\n' \
        "${1: -1}" "$1" "$2" "$3" "$before" >>"$LOG"
    printf '{"time":"2026-01-02T03:04:0%sZ","event":"end","id":"%s","bucket":"%s","after":{"algorithm":"AES256"},"outcome":"ok","request_ids":[]}\n' \
        "${1: -1}" "$1" "$3" >>"$LOG"
}

case_ "undo of a rule sseadm cannot write is refused up front"
: >"$LOG"
change c1 "http://localhost:$EMU_PORT" alpha FOO
chmod 600 "$LOG"
before=$(sha256sum "$LOG")
log_reset
run_sseadm undo alpha --yes
expect_rc 1
expect_err '^sseadm undo: alpha: the rule before the set at 2026-01-02T03:04:01Z \(unknown algorithm "FOO"\) cannot be written by sseadm; nothing was sent$'
expect_log_count 0 GET
expect_log_count 0 PUT
expect_log_count 0 DELETE
[ "$(sha256sum "$LOG")" = "$before" ] && ok || bad "the audit log was written to"
expect_no_out 'restore'

case_ "undo picks the record at the bucket's own endpoint, as the TUI does"
: >"$LOG"
change c1 "http://localhost:$EMU_PORT" beta KMS cmk-mine
change c2 "http://elsewhere.example:9" beta NONE
log_reset
run_sseadm undo beta --yes
expect_rc 0
expect_err '^beta: restore KMS \(CMK cmk-mine\) \(before the set at 2026-01-02T03:04:01Z\)$'
expect_out $'^t\tbeta\tKMS\tcmk-mine\t'
expect_log_count 1 PUT
# Undos stack: undo again would take back the change before the one just undone, and there is none
# at this endpoint; it never flips the bucket back.
log_reset
run_sseadm undo beta --yes
expect_rc 2
expect_err '^sseadm undo: every change recorded for bucket beta in profile "t" has been undone already; nothing was sent$'
expect_log_count 0 PUT
case_ "undo leaves a bucket a colleague changed after sseadm's change, and says so"
: >"$LOG"
change c3 "http://localhost:$EMU_PORT" gamma KMS cmk-before   # sseadm set AES256; now it is SM4
chmod 600 "$LOG"
before=$(sha256sum "$LOG")
log_reset
# The CLI reads gamma first: its plan sees the colleague's rule and leaves gamma out up front (a
# change between that read and the write is the worker's to find: t_cli_writer).
run_sseadm undo gamma --yes
expect_rc 1
expect_err "^sseadm: gamma: changed since sseadm's change: now SM4; left as it is$"
expect_err '^sseadm undo: 1 bucket changed since it was read and was left as it is$'
expect_log_count 1 GET
expect_log_count 0 PUT
expect_out $'^t\tgamma\tSM4\t'
[ "$(sha256sum "$LOG")" = "$before" ] && ok || bad "nothing was tried, yet the audit log was written to"
cli_finish
