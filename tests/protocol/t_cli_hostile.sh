#!/usr/bin/env bash
# t_cli_hostile.sh — text from a server or from the audit log that would drive a terminal (an OSC
# title sequence, C1 controls, DEL, bidi overrides and isolates, a raw C1 byte) reaches no output
# raw: -v lines, error lines, table/tsv/csv/json, history, undo. It is shown replaced, not dropped.
. "$(dirname "$0")/lib/cli.sh"
. "$(dirname "$0")/lib/unshown.sh"
command -v python3 >/dev/null || { echo "no python3"; exit 77; }

# The endpoint's own CMK ID for alpha carries every kind (the fixture is libconfig: \x is a byte).
cat > "$TMP/fixture.cfg" <<'F'
buckets = (
  { name = "alpha"; algorithm = "KMS"; kms_key_id = "k\x1b]0;PWN\x07-\xc2\x9b31m-\x7f-\xe2\x80\xaerev\xe2\x80\xac-\xe2\x81\xa6x\xe2\x81\xa9-\xe2\x80\x8f-\xd8\x9c"; },
  { name = "beta"; algorithm = "AES256"; }
);
F
emu_up --fixture "$TMP/fixture.cfg"
BUCKETS='"alpha", "beta"'
write_config

clean() { # what was written holds nothing raw, and the hostile text is still there, replaced
    if unshown_in "$OUT_F" "$ERR_F"; then bad "raw control or bidi character in the output"; else ok; fi
    [ -z "${1:-}" ] || grep -qa -- "$1" "$OUT_F" "$ERR_F" && ok || bad "output lacks $1"
}

for f in table tsv csv json; do
    case_ "get -v --format $f: the server's CMK ID"
    run_sseadm -v get alpha --format "$f"
    expect_rc 0
    clean 'PWN'
    expect_out 'rev'
done
case_ "the JSON carries the replaced text (jq -r would turn escapes back into controls)"
run_sseadm get alpha --format json
python3 - "$OUT_F" <<'PY' && ok || bad "json kms_key_id"
import json, sys
key = json.load(open(sys.argv[1]))[0]["kms_key_id"]
assert key == "k\ufffd]0;PWN\ufffd-?31m-?-?rev?-?x?-?-?", repr(key)
PY

case_ "report, and set -v over the hostile rule"
run_sseadm report --format table
clean 'PWN'
run_sseadm -v set alpha --algorithm AES256
expect_rc 0
clean

for f in table tsv csv json; do
    case_ "history --format $f: the rule recorded before the set"
    run_sseadm history --format "$f"
    expect_rc 0
    clean 'PWN'
done

# Records written by hand, as another tool or an old version might have: every field hostile.
LOG=$XDG_STATE_HOME/sseadm/audit.log
H='\u001b]0;PWN\u0007\u009b31m\u007f\u202erev\u202c\u2066x\u2069\u200f\u061c\u2028'
cat >> "$LOG" <<L
{"time":"2026-01-02T03:04:05Z$H","event":"begin","id":"h-1","operation":"set$H","profile":"t","endpoint":"http://localhost:$EMU_PORT","bucket":"beta","before":{"algorithm":"KMS","kms_key_id":"cmk$H","kms_data_encryption":null},"requested":{"algorithm":"AES256"}}
{"time":"2026-01-02T03:04:06Z","event":"end","id":"h-1","bucket":"beta","after":{"algorithm":"AES256"},"outcome":"error","error":{"code":"Code$H","message":"message$H"},"request_ids":["rid$H"]}
{"time":"2026-01-02T03:04:07Z","event":"begin","id":"h-2","operation":"remove","profile":"t","endpoint":"http://localhost:$EMU_PORT","bucket":"b$H","before":{"algorithm":"ALGO$H"},"requested":null}
L
for f in table tsv csv json; do
    case_ "history --format $f: hand-written hostile records"
    run_sseadm history --format "$f"
    expect_rc 0
    clean 'PWN'
done

case_ "undo refuses the recorded rule it could not send back, quoting it replaced"
log_reset
run_sseadm -v undo beta --yes
expect_rc 1
clean 'PWN'
expect_err '^sseadm undo: beta: the rule before the set.* \(KMS \(CMK cmk\?\]0;PWN.*cannot be written by sseadm; nothing was sent$'
expect_log_count 0 PUT
expect_log_count 0 GET
grep -c '"operation":"undo"' "$LOG" | grep -qx 0 && ok || bad "an undo was recorded in the audit log"

cli_finish cli-hostile
