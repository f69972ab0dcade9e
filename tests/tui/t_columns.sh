#!/usr/bin/env bash
# t_columns.sh — columns that fit, on the demo as ./build.sh demo opens it (36 buckets, seven
# regional profiles, the demo policy): whole CMK IDs at 200 and 120 columns; at 80 every bucket
# name whole and distinguishable, the least important column dropped and counted; at 60 three
# dropped ("+3"), the name still whole. Then c hides a column, the choice survives a restart (the
# state file, not the configuration), and an edited ui.columns wins over it.
. "$(dirname "$0")/lib.sh"
tui_init columns
B=$TUI_DIR/build # the demo keeps its state in BUILD/demo: a private one
mkdir -p "$B"
ln -s "$SSE_BUILD/sseadm" "$B/sseadm"
ln -s "$SSE_BUILD/ossemu" "$B/ossemu"
[ -d "$SSE_BUILD/locale" ] && ln -s "$SSE_BUILD/locale" "$B/locale"
tmux -S "$TUI_SOCK" -f "$TUI_DIR/tmux.conf" new-session -d -s tui -x 200 -y 50 \
	env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=tmux-256color DEMO_LATENCY_MS=0 HOME="$TUI_DIR" \
	bash "$SSE_SOURCE/demo/run.sh" "$B"
expect_text "the demo is up" 'sseadm — 7 profiles, 36 buckets' 10000
expect_text "every bucket answered" 'compliant [0-9]+  drifted [0-9]+  unknown 1' 10000
NAMES=$(sed -n 's/^ *{ name = "\([a-z0-9-]*\)";.*/\1/p' "$SSE_SOURCE/demo/fixture.cfg")
check "the demo has 36 buckets" is "$(printf '%s\n' "$NAMES" | wc -l)" 36

# The BUCKET column's cells on the rows shown: from where its title starts to where the next
# column's does.
bucket_cells() {
	screen | awk 'NR == 2 { s = index($0, "BUCKET"); rest = substr($0, s + 6); match(rest, /[^ ]/); e = s + 6 + RSTART - 1 }
	              NR > 2 && /^[> ][ *] [^ ]/ { c = substr($0, s, e - s); sub(/ +$/, "", c); print c }'
}

tui_resize 200x50
expect_text "200: every column, full titles" '^   PROFILE +BUCKET +ALGORITHM CMK ID +KMS DATA POLICY +STATUS *$'
expect_text "200: the whole CMK ID" 'acme-prod-backups +KMS +0b7f3c2e-5a1d-4e8b-9c6f-2d4a8e1b7c35 +none +compliant'
check "200: no column dropped" bash -c "! tmux -S '$TUI_SOCK' capture-pane -p -t tui | sed -n 2p | grep -q '^+'"

tui_resize 120x50
expect_text "120: every column" '^   PROFILE +BUCKET +ALGORITHM CMK ID +DATA POLICY +STATUS *$'
expect_text "120: still the whole CMK ID" 'acme-data-lake-curated +KMS +5e2a9d14-7c3b-4f06-8a1e-b94c0d6f2e71 SM4 '
# Widths from the content: the CMK ID column is as wide as a UUID, no wider.
check "120: the CMK ID column fits its content" bash -c "tmux -S '$TUI_SOCK' capture-pane -p -t tui | grep -q '0b7f3c2e-5a1d-4e8b-9c6f-2d4a8e1b7c35 none '"

tui_resize 80x24
expect_text "80: one column has no room, counted" '^\+1 PROFILE +BUCKET +ALGO +CMK ID +POL\. +STATUS'
cells=$(bucket_cells)
check "80: every name on screen is whole" bash -c "[ \"\$(printf '%s\n' \"\$1\" | grep -c .)\" -eq 20 ] &&
	printf '%s\n' \"\$1\" | grep -vxF -f <(printf '%s\n' \"\$2\") | wc -l | grep -qx 0" _ "$cells" "$NAMES"
keys G
expect_text "80: the last rows" "^>  .*$(printf '%s\n' "$NAMES" | tail -n 1)"
cells="$cells
$(bucket_cells)"
check "80: all 36 names seen, none twice on screen" is "$(printf '%s\n' "$cells" | sort -u | wc -l)" 36
keys g

tui_resize 60x20
expect_text "60: three columns have no room, counted" '^\+3 BUCKET +ALGO +POLICY +STATUS *$'
expect_text "60: the longest name still whole" 'us-west-ml-model-registry|acme-media-transcode-tmp'
check "60: names whole" bash -c "printf '%s\n' \"\$1\" | grep -vxF -f <(printf '%s\n' \"\$2\") | wc -l | grep -qx 0" \
	_ "$(bucket_cells)" "$NAMES"
keys c
expect_text "c lists which have no room" 'CMK ID  \(no room\)'
keys Escape q
check "demo quit" wait_for_text 'Pane is dead|^\$ *$|\[exit' 5000 || true
tui_stop

# c hides a column; the choice is kept for the next start.
tui_emu
tui_config
tui_start 100x24
expect_text "list loaded" 'errors 1  in flight 0'
expect_text "CMK ID shown" 'BUCKET +ALGORITHM +CMK ID +KMS DATA +STATUS'
keys c
expect_text "the columns menu" '┌ Columns'
keys j j j j
expect_text "on CMK ID" '> \[x\] CMK ID'
keys Space
expect_text "switched off" '> \[ \] CMK ID'
expect_text "hidden behind the menu at once" '^   PROFILE BUCKET +ALGORITHM KMS DATA STATUS'
keys Escape
expect_text "kept, and where" 'These columns are kept for the next start \(in .*/sseadm/tui.state\)'
check "the state file has the choice" grep -qx 'columns = profile,bucket,region,algorithm,kms_data_encryption,policy,status' \
	"$XDG_STATE_HOME/sseadm/tui.state"
check "the configuration is not written" bash -c "! grep -q columns '$TUI_CFG'"
keys q
check "quit" wait_exit
tui_stop
tui_start 100x24
expect_text "after a restart the column is still hidden" '^   PROFILE BUCKET +ALGORITHM KMS DATA STATUS'
check "no CMK ID title" bash -c "! tmux -S '$TUI_SOCK' capture-pane -p -t tui | sed -n 2p | grep -q 'CMK ID'"
keys q
check "quit" wait_exit
tui_stop

# ui.columns edited since: it wins over the remembered choice.
tui_config "" 'ui = { columns = [ "bucket", "kms_key_id", "status" ]; };'
tui_start 100x24
expect_text "ui.columns chooses" '^   BUCKET +CMK ID +STATUS *$'
expect_text "its rows" '^   beta +key-beta-01 +ok'
keys q
check "quit" wait_exit
tui_stop
tui_config "" 'ui = { columns = [ "algoritm" ]; };'
tui_start 100x24
expect_text "a column sseadm does not know is a configuration error" \
	'ui\.columns\[0\]: unknown column "algoritm" \(did you mean'
check "exit status 2" wait_exit
check "status 2" is "$TUI_STATUS" 2
tui_done
