#!/usr/bin/env bash
# t_tls.sh — a shown profile with insecure_tls = true puts "TLS verification OFF: profile X" in the
# warning style on every screen (list, detail, form, confirmation, help); none without it.
. "$(dirname "$0")/lib.sh"
tui_init tls
tui_emu
tui_config ", { name = \"lax\"; endpoint = \"$EMU_URL\"; region = \"$EMU_REGION\"; sts_endpoint = \"$EMU_URL\"; addressing = \"path\";
    access_key_id = \"$EMU_AK\"; access_key_secret = \"$EMU_SECRET\"; insecure_tls = true;
    buckets = ( \"alpha\" ); }"
tui_start 100x24
expect_text "list loaded" 'errors 1  in flight 0'
expect_text "list: the warning" '^ sseadm .* TLS verification OFF: profile lax$'
check "only the insecure profile is named" bash -c "! tmux -S '$TUI_SOCK' capture-pane -p -t tui | grep -q 'profile t '"
# The warning style (default theme: a colour or reverse/bold) differs from the title's.
check "drawn in the warning style" bash -c "tmux -S '$TUI_SOCK' capture-pane -p -e -t tui | head -n 1 | grep -q $'\\033\\[[0-9;]*m TLS verification OFF'"
keys Enter
expect_text "detail open" '┌ Bucket alpha'
expect_text "detail: the warning" 'TLS verification OFF: profile lax'
keys q e
expect_text "form open" 'Set encryption of alpha'
expect_text "form: the warning" 'TLS verification OFF: profile lax'
keys Escape d
expect_text "confirmation open" 'Remove the encryption rule of bucket alpha'
expect_text "confirmation: the warning" 'TLS verification OFF: profile lax'
keys n '?'
expect_text "help open" '┌ Keys'
expect_text "help: the warning" 'TLS verification OFF: profile lax'
keys q q
check "quit" wait_exit
tui_stop

# -p t shows only the secure profile: no warning.
tui_start 100x24 -- -p t
expect_text "list loaded (one profile)" 'errors 1  in flight 0'
check "no warning for a checked profile" bash -c "! tmux -S '$TUI_SOCK' capture-pane -p -t tui | grep -q 'TLS verification'"
keys q
check "quit" wait_exit
tui_done
