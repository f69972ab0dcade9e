#!/usr/bin/env bash
# t_cycle.sh — p shows one profile at a time (the title says which, the summary counts it), the
# next on each press, then all again; it composes with the / filter.
. "$(dirname "$0")/lib.sh"
tui_init cycle
tui_emu
tui_config ",
  { name = \"second\"; endpoint = \"$EMU_URL\"; region = \"$EMU_REGION\"; sts_endpoint = \"$EMU_URL\"; addressing = \"path\";
    access_key_id = \"$EMU_AK\"; access_key_secret = \"$EMU_SECRET\";
    buckets = ( \"alpha\", \"gamma\" ); }"
tui_start 100x24
expect_text "both profiles shown" 'sseadm — 2 profiles, 7 buckets +1/7$'
expect_text "all loaded" 'AES256 2  KMS 1  SM4 2  none 1  errors 1  in flight 0'

keys p
expect_text "first profile only" 'sseadm — profile t \(1 of 2\), 5 buckets, account [0-9]+ +1/5$'
check "no row of the second" wait_for_gone '^ +second '
expect_text "summary counts profile t" 'AES256 1  KMS 1  SM4 1  none 1  errors 1  in flight 0'
keys p
expect_text "second profile only" 'sseadm — profile second \(2 of 2\), 2 buckets, account [0-9]+ +1/2$'
expect_text "its rows" '^>  second +alpha +AES256 +ok'
check "no row of t" wait_for_gone '^ +t +'
expect_text "summary counts profile second" 'AES256 1  KMS 0  SM4 1  none 0  errors 0  in flight 0'

# With a filter: both parts apply.
keys / 
type 'gam'
keys Enter
expect_text "filter within the profile" 'filter "gam": 1 of 7  1/1$'
expect_text "gamma of second" '^>  second +gamma +SM4 +ok'
keys p
expect_text "all profiles again, filter kept" 'sseadm — 2 profiles, 7 buckets .*filter "gam": 2 of 7  [12]/2$'
expect_text "t's gamma back" '^.  t +gamma +SM4 +ok'
keys p
expect_text "profile t with the filter" 'profile t \(1 of 2\).*filter "gam": 1 of 7  1/1$'
keys / C-u Enter p
expect_text "profile second, no filter" 'profile second \(2 of 2\), 2 buckets, account [0-9]+ +[12]/2$'
keys p
expect_text "all again" 'sseadm — 2 profiles, 7 buckets +[0-9]/7$'
keys q
check "quit" wait_exit
tui_stop

# One profile: p says so.
tui_start 100x24 -- -p t
expect_text "one profile" 'sseadm — profile t, 5 buckets'
keys p
expect_text "p with one profile" 'Only one profile is shown'
keys q
check "quit" wait_exit
tui_done
