#!/usr/bin/env bash
# t_cli_writer.sh — a second administrator changes a bucket between sseadm's read and its write
# (ossemu holds sseadm's requests and sets the rule through its control interface, as the console
# would): set, remove, apply and undo each leave that bucket as the colleague set it, say so
# ("changed since you looked: now …"), count it (exit 1) and write the other buckets; the audit log
# records the skip with the rule seen and the rule found.
. "$(dirname "$0")/lib/cli.sh"

emu_up --bucket wr1:AES256 --bucket wr2:AES256 --bucket wr3:AES256
BUCKETS='"wr1", "wr2", "wr3"' write_config
LOG=$XDG_STATE_HOME/sseadm/audit.log

start_sseadm() { "$SSEADM" -c "$CFG" "$@" >"$OUT_F" 2>"$ERR_F" </dev/null & SSEADM_PID=$!; }
finish_sseadm() { wait "$SSEADM_PID"; RC=$?; }

# colleague BUCKET ALGO [KMSKEY] -- SSEADM ARGS...: runs sseadm; its first read of BUCKET (what
# its plan shows) is answered as the bucket is; its second (the worker's read right before the
# write) waits until the colleague has set ALGO [KMSKEY] on BUCKET.
colleague() {
    local bucket=$1 rule=()
    shift
    while [ "$1" != -- ]; do rule+=("$1"); shift; done
    shift
    emu_hold bucket="$bucket" kind=get || bad "hold refused"
    start_sseadm "$@"
    emu_wait_held 1 || bad "sseadm never read $bucket"
    emu_release 1
    emu_wait_held 1 || bad "sseadm did not read $bucket again before writing it"
    emu_admin_set "$bucket" "${rule[@]}" || bad "the colleague's change was refused"
    emu_unhold
    emu_release
    finish_sseadm
}

# puts BUCKET: PUT requests ossemu answered for BUCKET (virtual-hosted: its host names it).
puts() { grep '"method":"PUT"' "$EMU_LOG" | grep -c "\"host\":\"$1\.localhost:" || true; }
deletes() { grep '"method":"DELETE"' "$EMU_LOG" | grep -c "\"host\":\"$1\.localhost:" || true; }
expect_rule() { local got; got=$(emu_admin_get "$1"); [ "$got" = "$2" ] && ok || bad "$1 holds '$got', want '$2'"; }

# The newest audit record of BUCKET is a skip of OPERATION: the rule sseadm saw, the one found.
expect_skip() { # BUCKET OPERATION EXPECTED-ALGORITHM FOUND-ALGORITHM [FOUND-KMSKEY]
    "$SSEADM" history "$1" --format json >"$TMP/h.json" 2>/dev/null
    python3 - "$TMP/h.json" "$@" <<'PY' && ok || bad "the audit log has no skip record of $2 for $1"
import json, sys
path, bucket, op, expected, found = sys.argv[1:6]
key = sys.argv[6] if len(sys.argv) > 6 else None
r = [json.loads(l) for l in open(path)][-1]
assert r["bucket"] == bucket and r["operation"] == op and r["outcome"] == "skipped", r
assert r["expected"]["algorithm"] == (None if expected == "none" else expected), r
assert r["after"]["algorithm"] == found and r["after"]["kms_key_id"] == key, r
assert r["operation_id"], r
PY
}

case_ "set: the bucket a colleague changed after sseadm read it is left out, the others are written"
log_reset
colleague wr2 KMS team-cmk -- set wr1 wr2 wr3 --algorithm SM4
expect_rc 1
expect_err '^sseadm: wr2: ChangedSinceSeen: changed since you looked: now KMS \(CMK team-cmk\)'
expect_err '^sseadm set: 1 bucket changed since it was read and was left as it is$'
expect_out $'^t\twr1\tSM4\t'
expect_out $'^t\twr2\tKMS\tteam-cmk\t'
expect_out $'^t\twr3\tSM4\t'
[ "$(puts wr1)$(puts wr2)$(puts wr3)" = 101 ] && ok || bad "PUTs per bucket: $(puts wr1)$(puts wr2)$(puts wr3), want 101"
expect_rule wr1 "SM4 - -"
expect_rule wr2 "KMS team-cmk -"
expect_rule wr3 "SM4 - -"
expect_skip wr2 set AES256 KMS team-cmk

case_ "remove: the same"
log_reset
colleague wr3 AES256 -- remove wr1 wr2 wr3 --yes
expect_rc 1
expect_err '^sseadm: wr3: ChangedSinceSeen: changed since you looked: now AES256'
expect_err '^sseadm remove: 1 bucket changed since it was read'
[ "$(deletes wr1)$(deletes wr2)$(deletes wr3)" = 110 ] && ok || bad "DELETEs per bucket: $(deletes wr1)$(deletes wr2)$(deletes wr3), want 110"
expect_rule wr1 "none - -"
expect_rule wr2 "none - -"
expect_rule wr3 "AES256 - -"
expect_skip wr3 remove SM4 AES256

case_ "undo: a bucket the colleague changed after sseadm's read is left out, the others restored"
# wr1 and wr2 were removed by the last command, wr3 was left: undo the removal of wr1 and wr2 while the
# colleague sets wr1 between sseadm's read and its write.
log_reset
colleague wr1 SM4 -- undo wr1 wr2 --yes
expect_rc 1
expect_err '^sseadm: wr1: ChangedSinceSeen: changed since you looked: now SM4'
expect_err '^sseadm undo: 1 bucket changed since it was read'
expect_rule wr1 "SM4 - -"
expect_rule wr2 "KMS team-cmk -"
[ "$(puts wr1)$(puts wr2)" = 01 ] && ok || bad "PUTs per bucket: $(puts wr1)$(puts wr2), want 01"
expect_skip wr1 undo none SM4

case_ "apply: the policy's plan leaves out the bucket changed after the sweep read it"
printf 'version = 1;\nrules = ( { buckets = ( "wr*" ); require = "any"; apply = "AES256"; } );\n' >"$TMP/p.cfg"
emu_admin_set wr1 none && emu_admin_set wr2 none && emu_admin_set wr3 none || bad "reset refused"
log_reset
colleague wr2 KMS their-cmk -- apply --policy "$TMP/p.cfg" --yes
expect_rc 1
expect_err '^sseadm: wr2: ChangedSinceSeen: changed since you looked: now KMS \(CMK their-cmk\)'
expect_err '^sseadm apply: 1 bucket changed since it was read'
expect_rule wr1 "AES256 - -"
expect_rule wr2 "KMS their-cmk -"
expect_rule wr3 "AES256 - -"
[ "$(puts wr1)$(puts wr2)$(puts wr3)" = 101 ] && ok || bad "PUTs per bucket: $(puts wr1)$(puts wr2)$(puts wr3), want 101"
expect_skip wr2 set none KMS their-cmk

case_ "nothing changed in between: every bucket is written, exit 0"
log_reset
run_sseadm set wr1 wr2 wr3 --algorithm SM4
expect_rc 0
expect_no_out 'changed since'
[ "$(puts wr1)$(puts wr2)$(puts wr3)" = 111 ] && ok || bad "PUTs per bucket: $(puts wr1)$(puts wr2)$(puts wr3), want 111"
cli_finish cli-writer
