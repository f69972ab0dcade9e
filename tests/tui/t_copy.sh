#!/usr/bin/env bash
# t_copy.sh — y copies through the terminal's clipboard escape: the raw output carries OSC 52 with
# the base64 of the name, and tmux (set-clipboard on) takes it as its buffer; the detail screen's
# menu copies the CMK ID, the request ID the endpoint gave, or the rule as JSON; the status bar
# says what was copied; ui.clipboard = false turns it off. TERM=dumb and an unknown TERM are
# refused before anything is drawn, pointing at the commands.
. "$(dirname "$0")/lib.sh"
tui_init copy
tui_emu
tui_config
tui_start 100x24
expect_text "list loaded" 'errors 1  in flight 0'
raw=$TUI_DIR/raw.out
tmux -S "$TUI_SOCK" pipe-pane -o -t tui "cat >> '$raw'"

keys y
expect_text "the status bar says what was copied" "Copied the name alpha to the terminal's clipboard\\."
check "tmux took it as its buffer" is "$(tui_clipboard)" alpha
# The sequence itself, as sseadm wrote it: ESC ] 52 ; c ; base64("alpha") BEL.
want=$(printf '\033]52;c;%s\a' "$(printf alpha | base64)")
check "the raw output holds OSC 52 with the name's base64" grep -qF "$want" "$raw"

# The detail screen: a menu of what to copy.
keys j Enter
expect_text "detail of beta" 'Bucket beta'
keys y
expect_text "the copy menu" '┌ Copy to the clipboard'
expect_text "its choices" 'CMK ID +key-beta-01'
expect_text "the request id" 'Request ID +[0-9A-F]{8,}'
keys j Enter
expect_text "the CMK ID copied" "Copied the CMK ID of beta to the terminal's clipboard: key-beta-01\\."
check "the buffer is the CMK ID" is "$(tui_clipboard)" key-beta-01
rid=$(grep '"path":"/beta/"' "$EMU_LOG" | tail -n 1 | sed 's/.*"request_id":"\([^"]*\)".*/\1/')
keys y j j Enter
expect_text "the request id copied" "Copied the request ID of beta to the terminal's clipboard: $rid\\."
check "the buffer is the endpoint's request id" is "$(tui_clipboard)" "$rid"
keys y j j j Enter
expect_text "the rule as JSON" "Copied the rule of beta as JSON \\([0-9]+ bytes\\)"
check "the buffer is the report's JSON object for beta" python3 -c '
import json, sys
o = json.loads(sys.argv[1])
assert o["bucket"] == "beta" and o["algorithm"] == "KMS" and o["kms_key_id"] == "key-beta-01"
assert o["kms_data_encryption"] == "SM4" and o["status"] == "ok"' "$(tui_clipboard)"
keys y Escape
expect_text "Esc closes the menu" 'Bucket beta'
keys Escape q
check "quit" wait_exit
tui_stop

# Turned off in the configuration.
while tmux -S "$TUI_SOCK" delete-buffer 2>/dev/null; do :; done
tui_config "" 'ui = { clipboard = false; };'
tui_start 100x24
expect_text "loaded" 'errors 1  in flight 0'
keys y
expect_text "y says it is off" 'Copying is off \(ui.clipboard = false in the configuration\)\.'
check "nothing reached the clipboard" is "$(tui_clipboard)" ""
keys q
check "quit" wait_exit
tui_stop

# Terminals the UI cannot work in are refused, as the issue asks, before anything is drawn.
tui_config
tui_start 100x24 TERM=dumb
check "TERM=dumb: exits" wait_exit
check "TERM=dumb: status 2" is "$TUI_STATUS" 2
expect_text "TERM=dumb: says why and points at the commands" \
	'cannot use the terminal type "dumb" \(TERM\): it cannot move the cursor'
expect_text "TERM=dumb: the commands named" 'sseadm report, get, set'
check "TERM=dumb: the terminal untouched" restored
tui_stop
tui_start 100x24 TERM=no-such-terminal
check "unknown TERM: exits" wait_exit
check "unknown TERM: status 2" is "$TUI_STATUS" 2
expect_text "unknown TERM: says why" 'cannot use the terminal type "no-such-terminal" \(TERM\): it is not known here'
tui_done
