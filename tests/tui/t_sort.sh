#!/usr/bin/env bash
# t_sort.sh — s sorts by the next column and S reverses (exact row orders; equal keys keep the
# configured order; the header marks the column and direction); the order holds while answers
# arrive with the selected bucket still selected; a change that moves the selected row keeps it
# selected; a re-read with the same answers moves nothing.
. "$(dirname "$0")/lib.sh"
tui_init sort
TUI_FIXTURE_BUCKETS="$TUI_FIXTURE_BUCKETS, \"zeta\""
tui_emu --bucket zeta:AES256
tui_config
tui_start 100x24
expect_text "list loaded" 'errors 1  in flight 0'
check "configured order" is "$(rows_shown)" "alpha beta gamma plain locked zeta"

keys s
expect_text "s: by profile" 'Sorted by profile, ascending'
expect_text "the profile column is marked" '^   PROFILE▲ +BUCKET'
check "one profile: the configured order" is "$(rows_shown)" "alpha beta gamma plain locked zeta"
keys s
expect_text "s: by bucket" 'Sorted by bucket, ascending'
check "by name" is "$(rows_shown)" "alpha beta gamma locked plain zeta"
keys s
expect_text "s: by algorithm" 'Sorted by algorithm, ascending \(S: descending, s: next column\)'
expect_text "the algorithm column is marked ascending" 'BUCKET +ALGORITHM▲ +CMK ID'
# AES256 (alpha, zeta: the configured order between them), KMS, SM4, none, not known.
check "by algorithm" is "$(rows_shown)" "alpha zeta beta gamma plain locked"
keys S
expect_text "S: descending" 'Sorted by algorithm, descending'
expect_text "marked descending" 'ALGORITHM▼'
check "reversed; alpha still before zeta" is "$(rows_shown)" "locked plain gamma beta alpha zeta"
keys S
expect_text "S again: ascending" 'ALGORITHM▲'
check "ascending again" is "$(rows_shown)" "alpha zeta beta gamma plain locked"

# R reads everything again with the same answers: nothing moves, the selection stays.
keys j j j
expect_text "gamma selected" '^>  t +gamma +SM4'
reads=$(emu_count GET gamma)
keys R
check "R reached the endpoint" wait_for_count $((reads + 1)) GET gamma
expect_text "answered again" 'errors 1  in flight 0'
check "the same order after the re-read" is "$(rows_shown)" "alpha zeta beta gamma plain locked"
expect_text "gamma still selected" '^>  t +gamma +SM4'

# A change moves the selected row to its new place; it stays selected.
keys e Right Enter
expect_text "gamma set to AES256" 'gamma: now AES256, as read back from OSS'
check "gamma joined the AES256 rows, in the configured order" is "$(rows_shown)" \
	"alpha gamma zeta beta plain locked"
expect_text "gamma still selected after moving" '^>  t +gamma +AES256'
check "the endpoint has AES256 on gamma" is "$(emu_rule gamma)" "AES256 - -"
keys q
check "quit" wait_exit

# While answers arrive: every answer 4 s late; sorted and moved while every row loads.
tui_stop
emu_stop
tui_emu --bucket zeta:AES256 --latency-ms 4000
tui_config
tui_start 100x24
expect_text "loading" '^>  t +alpha +loading…'
keys s s s j j
expect_text "sorted by algorithm while loading" 'ALGORITHM▲'
# Still loading (the answers are seconds away): gamma is selected in the configured order.
expect_text "gamma selected before any answer" '^>  t +gamma +loading…' 2000
check "nothing answered yet: the configured order" is "$(rows_shown)" "alpha beta gamma plain locked zeta"
expect_text "the answers arrive" 'errors 1  in flight 0' 15000
check "sorted as they came" is "$(rows_shown)" "alpha zeta beta gamma plain locked"
expect_text "gamma still selected" '^>  t +gamma +SM4 +ok'
keys q
check "quit" wait_exit
check "terminal restored" restored
tui_done
