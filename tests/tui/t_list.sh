#!/usr/bin/env bash
# t_list.sh — the bucket list fills in with every algorithm, CMK ID, data encryption and an error
# row; the summary counts; the detail screen; quitting with q restores the terminal.
. "$(dirname "$0")/lib.sh"
tui_init list
tui_emu
tui_config
tui_start 80x24

expect_text "header with column titles" 'PROFILE +BUCKET +ALGORITHM +CMK ID +KMS DATA +STATUS'
expect_text "AES256 row" '^>  t +alpha +AES256 +ok *$'
expect_text "KMS row with CMK ID and SM4 data encryption" '^   t +beta +KMS +key-beta-01 +SM4 +ok *$'
expect_text "SM4 row" '^   t +gamma +SM4 +ok *$'
expect_text "bucket without a rule" '^   t +plain +none +ok *$'
expect_text "access-denied bucket shows the OSS code" '^   t +locked +\? +AccessDenied *$'
expect_text "summary counts" 'AES256 1  KMS 1  SM4 1  none 1  errors 1  in flight 0'
expect_text "status bar with the main keys" 'Filter .*Set .*Remove.*q Quit +\? Help'
check "one GET per bucket" is "$(emu_count GET alpha)$(emu_count GET beta)$(emu_count GET locked)" 111

# Detail of the error row: the request id and the whole message.
keys G Enter
expect_text "detail box" 'Bucket locked'
expect_text "detail: error code, HTTP status" 'Error +AccessDenied +HTTP 403'
expect_text "detail: the full message" 'Message +You are denied by bucket policy\.'
rid=$(grep '"path":"/locked/"' "$EMU_LOG" | tail -n 1 | sed 's/.*"request_id":"\([^"]*\)".*/\1/')
expect_text "detail: the request id the endpoint gave" "Request ID +$rid"
expect_text "detail: attempts" 'Attempts +1 \(0 retries\)'
keys Escape
expect_text "back to the list" '^>  t +locked'

# Movement: k, g, G, PgUp/PgDn at this size stay on the rows.
keys k k
expect_text "k moves up" '^>  t +gamma'
keys g
expect_text "g goes to the top" '^>  t +alpha'
keys NPage
expect_text "PgDn goes to the last bucket" '^>  t +locked'
keys PPage
expect_text "PgUp goes back to the top" '^>  t +alpha'
keys r
expect_text "r refreshes the selected bucket" 'Reading alpha'
check "refresh sent a second GET for alpha only" wait_for_count 2 GET alpha
keys R
check "R refreshes every bucket" wait_for_count 2 GET plain

keys q
check "q ends the program" wait_exit
check "exit status 0 after q" is "$TUI_STATUS" 0
check "terminal restored after q" restored
tui_done
