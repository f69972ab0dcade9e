#!/usr/bin/env bash
# t_discover_paging.sh — discovery in the TUI over many ListBuckets pages (ossemu --list-page-size
# 2, two regions): every bucket gets exactly one row with its rule, read at its own region; and
# with ListBuckets denied (--deny-list-buckets): the listing error is on screen and the named
# buckets are still read; and a listing that breaks part-way (--fail-list-page) says how far it got.
. "$(dirname "$0")/lib.sh"
tui_init discover-paging
cp "$SSE_SOURCE/tests/data/emu/discovery.cfg" "$TUI_DIR/fixture.cfg"
# rows on screen for BUCKET
rows_of() { screen | grep -cE "^[> ] +t +$1 " || true; }
list_pages() { grep -c '"method":"GET","host":"localhost:[0-9]*","path":"/","query":"[^"]*max-keys' "$EMU_LOG" || true; }

emu_start --fixture "$TUI_DIR/fixture.cfg" --region cn-hangzhou --region cn-shanghai --list-page-size 2 ||
	{ echo "tui-discover-paging: ossemu did not start"; exit 1; }
SH_PORT=$(emu_port cn-shanghai)
HZ_PORT=$(emu_port cn-hangzhou)
tui_discover_config '"data-lake", "gallery"'
: >"$EMU_LOG"
tui_start 120x24
expect_text "four pages give seven buckets" 'sseadm — profile t, 7 buckets'
expect_text "all read" 'errors 0  in flight 0'
expect_text "app-logs (Hangzhou, page 1)" '^[> ] +t +app-logs +cn-hangzhou +SM4 +ok'
expect_text "backup-cold (Shanghai, page 1)" '^[> ] +t +backup-cold +cn-shanghai +AES256 +ok'
expect_text "cdn-origin (page 2)" '^[> ] +t +cdn-origin +cn-hangzhou +none +ok'
expect_text "data-lake, named, routed to Shanghai" '^[> ] +t +data-lake +cn-shanghai +KMS +cmk-lake +SM4 +ok'
expect_text "etl-stage (page 3)" '^[> ] +t +etl-stage +cn-hangzhou +KMS +\(OSS-managed\) +none +ok'
expect_text "finance-ledger (Shanghai, page 3)" '^[> ] +t +finance-ledger +cn-shanghai +KMS +cmk-fin +none +ok'
expect_text "gallery, named, on the last page" '^[> ] +t +gallery +cn-hangzhou +AES256 +ok'
for b in app-logs backup-cold cdn-origin data-lake etl-stage finance-ledger gallery; do
	check "$b has exactly one row" is "$(rows_of "$b")" 1
done
check "ossemu served at least 4 ListBuckets pages" test "$(list_pages)" -ge 4
for b in backup-cold data-lake finance-ledger; do
	check "$b read in Shanghai" grep -q '"port":'"$SH_PORT"',"method":"GET","host":"'"$b"'.localhost:'"$SH_PORT"'".*"status":200' "$EMU_LOG"
done
for b in app-logs cdn-origin etl-stage gallery; do
	check "$b read in Hangzhou" grep -q '"port":'"$HZ_PORT"',"method":"GET","host":"'"$b"'.localhost:'"$HZ_PORT"'"' "$EMU_LOG"
done
check "no wrong-region answers" bash -c "! grep -q '\"code\":\"AccessDenied\"' '$EMU_LOG'"
keys q
check "quit" wait_exit
tui_stop
emu_stop

emu_start --fixture "$TUI_DIR/fixture.cfg" --region cn-hangzhou --region cn-shanghai --deny-list-buckets ||
	{ echo "tui-discover-paging: ossemu did not start"; exit 1; }
tui_discover_config '"app-logs", "gallery"'
: >"$EMU_LOG"
tui_start 160x24
expect_text "the listing error is on screen" 'Cannot list the buckets of profile t: AccessDenied: You have no right to access this action'
expect_text "the named app-logs is still read" '^[> ] +t +app-logs +SM4 +ok'
expect_text "the named gallery is still read" '^[> ] +t +gallery +AES256 +ok'
expect_text "only the named buckets" 'sseadm — profile t, 2 buckets'
check "no unnamed bucket appears" bash -c "! tmux -S '$TUI_SOCK' capture-pane -p -t tui | grep -qE 'backup-cold|cdn-origin|etl-stage'"
check "ossemu refused the listing" grep -q '"path":"/".*"status":403.*"code":"AccessDenied"' "$EMU_LOG"
keys q
check "quit" wait_exit
tui_stop
emu_stop

# A listing that breaks part-way (from its 3rd page on, so the final pass does not mend it; no
# retries) says how far it got.
emu_start --fixture "$TUI_DIR/fixture.cfg" --region cn-hangzhou --region cn-shanghai --list-page-size 2 \
	--fail-list-page 3+ || { echo "tui-discover-paging: ossemu did not start"; exit 1; }
tui_discover_config ''
echo 'network = { retries = 0; };' >>"$TUI_CFG"
tui_start 200x24
expect_text "how far the listing got is on screen" 'Listing the buckets of profile t stopped after 4 more buckets were found: ServiceUnavailable'
expect_text "the four found are listed and read" 'sseadm — profile t, 4 buckets'
expect_text "cdn-origin (page 2) is there" '^[> ] +t +cdn-origin +cn-hangzhou +none +ok'
keys q
check "quit" wait_exit
tui_done
