#!/usr/bin/env bash
# t_form_wait.sh — the set form opened on a bucket whose rule is still being read (ossemu holds the
# answer): it says the rule is not known yet, takes the rule when the answer comes, keeps what the
# user chose if they chose first, and says so when reading fails.
. "$(dirname "$0")/lib.sh"
tui_init form-wait
tui_emu
tui_config
emu_hold bucket=beta
tui_start 80x24
check "beta's read is held" emu_wait_held 1
expect_text "the others are read" '^   t +gamma +SM4 '
expect_text "beta is loading" '^   t +beta +loading…'

# Untouched, the form takes beta's rule (KMS key-beta-01 SM4) when it arrives.
keys j e
expect_text "the form says the rule is not known yet" 'Its rule is not known yet: the fields take it'
expect_text "and starts from AES256 meanwhile" 'Algorithm +\[AES256\]  KMS   SM4'
emu_release
expect_text "the answer fills the algorithm in" 'Algorithm +AES256  \[KMS\]  SM4'
expect_text "and the CMK ID" 'CMK ID +key-beta-01'
expect_text "and the data encryption" 'KMS data enc\. +none  \[SM4\]'
check "the not-known line is gone" wait_for_gone 'not known yet'
keys Escape
expect_text "cancelled" 'Nothing changed'

# A choice made before the answer stays; the form says what arrived.
tui_stop
emu_hold bucket=beta
tui_start 80x24
check "beta's read is held again" emu_wait_held 1
expect_text "beta is loading again" '^   t +beta +loading…'
keys j e Right Right
expect_text "the user chose SM4" 'Algorithm +AES256 +KMS +\[SM4\]'
emu_release
expect_text "the form says the rule arrived" 'Its rule arrived: KMS \(CMK key-beta-01, SM4 data'
expect_text "and keeps the choice" 'Algorithm +AES256 +KMS +\[SM4\]'
keys Escape
tui_stop

# locked answers 403: the form says its rule could not be read.
emu_unhold
emu_hold bucket=locked
tui_start 80x24
check "locked's read is held" emu_wait_held 1
keys G e
expect_text "the form on locked waits" 'Its rule is not known yet'
emu_release
expect_text "reading failed" 'Its rule could not be read: the fields start from AES256\.'
keys Escape q
check "quit" wait_exit
tui_done
