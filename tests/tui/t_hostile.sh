#!/usr/bin/env bash
# t_hostile.sh — text from a server (a CMK ID) and from the audit log (a recorded rule, its time
# and operation) that would drive the terminal (an OSC title sequence, C1 controls, DEL, bidi
# overrides and isolates) reaches it only replaced: in the list, the detail screen, the undo
# question and the status message. Checked on the raw bytes sseadm wrote to the pane.
. "$(dirname "$0")/lib.sh"
tui_init hostile
. "$SSE_SOURCE/tests/protocol/lib/unshown.sh"

cat >"$TUI_DIR/fixture.cfg" <<'EOF'
buckets = (
  { name = "alpha"; algorithm = "KMS"; kms_key_id = "k\x1b]0;PWN\x07\xc2\x9b31m\x7f\xe2\x80\xaerev\xe2\x81\xa6x\xe2\x81\xa9"; },
  { name = "beta"; algorithm = "AES256"; }
);
EOF
emu_start --fixture "$TUI_DIR/fixture.cfg" || { echo "tui-hostile: ossemu did not start"; exit 1; }
TUI_FIXTURE_BUCKETS='"alpha", "beta"'
tui_config
H='\u001b]0;PWN\u0007\u009b31m\u007f\u202erev\u2066x\u2069\u200f'
# beta's recorded rule could be sent back (C1 and bidi are bytes above 0x7f): undo asks, quoting
# it; alpha's holds ESC and DEL: undo refuses it, quoting it in the status message.
B='\u009b31m\u202erev\u2066x\u2069\u200f'
mkdir -p "$XDG_STATE_HOME/sseadm"
cat >"$XDG_STATE_HOME/sseadm/audit.log" <<L
{"time":"2026-01-02T03:04:05Z$H","event":"begin","id":"h-1","operation":"set$H","profile":"t","endpoint":"$EMU_URL","bucket":"beta","before":{"algorithm":"KMS","kms_key_id":"cmk$B","kms_data_encryption":null},"requested":{"algorithm":"AES256"}}
{"time":"2026-01-02T03:04:06Z","event":"end","id":"h-1","bucket":"beta","after":{"algorithm":"AES256"},"outcome":"ok","request_ids":["rid$H"]}
{"time":"2026-01-02T03:04:07Z$H","event":"begin","id":"h-2","operation":"set","profile":"t","endpoint":"$EMU_URL","bucket":"alpha","before":{"algorithm":"KMS","kms_key_id":"old$H","kms_data_encryption":null},"requested":{"algorithm":"KMS","kms_key_id":"x"}}
L

tui_start 120x24
RAW=$TUI_DIR/pane.raw
tmux -S "$TUI_SOCK" pipe-pane -O -t tui "cat >>'$RAW'"
expect_text "list loaded" 'errors 0  in flight 0'
expect_text "the CMK ID is shown, replaced" '^>  t +alpha +KMS +k.\]0;PWN'
keys Enter
expect_text "detail screen shows it" 'PWN'
keys Escape u
expect_text "the refusal quotes the recorded rule" 'alpha: the rule before the set at 2026-01-02T03:04:07Z.*PWN'
keys j u
expect_text "the undo question quotes the recorded rule" 'Restore bucket beta to KMS \(CMK cmk\?31m\?rev\?x\?\?\)'
keys n
expect_text "cancelled" 'Nothing restored'
keys q
check "quit" wait_exit
tmux -S "$TUI_SOCK" pipe-pane -t tui
check "the pane got output" test -s "$RAW"
check "no OSC, DEL, C1 or bidi control reached the terminal" eval '! unshown_raw "$RAW"'
tui_done
