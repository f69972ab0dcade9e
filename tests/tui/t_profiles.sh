#!/usr/bin/env bash
# t_profiles.sh — every profile's buckets without -p, one profile with -p; a read-only profile
# refuses e and d (also inside a bulk selection) with a message in the status bar, sending nothing.
. "$(dirname "$0")/lib.sh"
tui_init profiles
tui_emu
tui_config ",
  { name = \"audit\"; endpoint = \"$EMU_URL\"; region = \"$EMU_REGION\"; sts_endpoint = \"$EMU_URL\"; addressing = \"path\";
    access_key_id = \"$EMU_AK\"; access_key_secret = \"$EMU_SECRET\"; readonly = true;
    buckets = ( \"alpha\", \"gamma\" ); }"
tui_start 80x24
expect_text "both profiles shown" 'sseadm — 2 profiles, 7 buckets'
expect_text "read-only profile's rows" '^   audit +gamma +SM4 +ok'
expect_text "all loaded" 'AES256 2  KMS 1  SM4 2  none 1  errors 1  in flight 0'

keys G k e
expect_text "e refused on a read-only profile" 'Profile audit is read-only: setting the rule of alpha is refused\.'
check "no form opened" wait_for_gone 'Set encryption'
keys d
expect_text "d refused too" 'Profile audit is read-only: removing the rule of alpha is refused\.'
check "no confirmation opened" wait_for_gone 'Remove encryption'
keys r
expect_text "reading is still allowed" 'Reading alpha'

# A bulk selection with one read-only bucket is refused as a whole.
keys g Space G Space
expect_text "two marked" 'marked 2'
keys e
expect_text "bulk refused, naming the read-only profile" 'Profile audit is read-only'
keys d
expect_text "bulk remove refused" 'Profile audit is read-only: removing the rule of'
check "nothing written" is "$(emu_count PUT alpha)$(emu_count PUT gamma)$(emu_count DELETE alpha)$(emu_count DELETE gamma)" 0000
keys q
check "quit" wait_exit

# -p shows only that profile.
tui_stop
tui_start 80x24 -- -p audit
expect_text "one profile with -p" 'sseadm — profile audit, 2 buckets'
expect_text "its rows" '^>  audit +alpha +AES256 +ok'
check "no other profile's rows" wait_for_gone '^ +t +'
keys q
check "quit" wait_exit
check "terminal restored" restored
tui_done
