#!/usr/bin/env bash
# t_discover.sh — a profile with discover = true lists its buckets (ListBuckets) and adds a row for
# each one not named, each read at its own region's endpoint; a named bucket is routed there too.
# Changes go to the bucket's region.
. "$(dirname "$0")/lib.sh"
tui_init discover
cp "$SSE_SOURCE/tests/data/emu/fleet.cfg" "$TUI_DIR/fixture.cfg"
emu_start --fixture "$TUI_DIR/fixture.cfg" --region cn-hangzhou --region cn-shanghai ||
	{ echo "tui-discover: ossemu did not start"; exit 1; }
SH_PORT=$(emu_port cn-shanghai)
tui_discover_config '"logs-web"'
tui_start 100x24
expect_text "every listed bucket has a row" 'sseadm — profile t, 6 buckets'
expect_text "a Shanghai bucket read at its region" '^ +t +finance-archive +cn-shanghai +AES256 +ok'
expect_text "the named one routed to Shanghai" '^>  t +logs-web +cn-shanghai +none +ok'
expect_text "a Hangzhou bucket" '^ +t +finance-ledger +cn-hangzhou +KMS +cmk-finance +SM4 +ok'
expect_text "denied where it lives" '^ +t +secret-vault .*AccessDenied'
expect_text "all read" 'errors 1  in flight 0'
check "finance-archive asked in Shanghai" grep -q '"method":"GET".*"host":"finance-archive.localhost:'"$SH_PORT" "$EMU_LOG"
check "no wrong-region error for logs-web" bash -c "! grep -q '\"code\":\"AccessDenied\".*\"host\":\"logs-web' '$EMU_LOG'"
# A change goes to the bucket's region.
keys e Enter
expect_text "logs-web set in its region" '^>  t +logs-web +cn-shanghai +AES256 +ok'
check "the PUT went to Shanghai" grep -q '"method":"PUT".*"host":"logs-web.localhost:'"$SH_PORT" "$EMU_LOG"
keys q
check "quit" wait_exit
tui_done
