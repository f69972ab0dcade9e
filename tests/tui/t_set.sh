#!/usr/bin/env bash
# t_set.sh — the set form for each algorithm: what it opens on, cycling, the CMK ID field, refusal
# of an invalid rule with its reason, and the rule really written (endpoint state and request log)
# and shown as read back.
. "$(dirname "$0")/lib.sh"
tui_init set
tui_emu
tui_config
tui_start 80x24
expect_text "list loaded" 'errors 1  in flight 0'

# plain has no rule: the form opens on AES256, CMK and data encryption disabled.
keys j j j e
expect_text "form names the bucket" 'Set encryption of plain'
expect_text "opens on AES256" 'Algorithm +\[AES256\]  KMS   SM4'
expect_text "CMK ID disabled for AES256" 'CMK ID +\(KMS only\)'
keys Enter
expect_text "AES256 written and read back" '^>  t +plain +AES256 +ok'
check "endpoint has AES256 on plain" is "$(emu_rule plain)" "AES256 - -"
check "the PUT body carried AES256" grep -q '"method":"PUT".*"path":"/plain/".*<SSEAlgorithm>AES256</SSEAlgorithm>' "$EMU_LOG"
expect_text "message says it was read back" 'plain: now AES256, as read back from OSS'

# alpha (AES256) → KMS with a CMK ID and SM4 data encryption.
keys g e
expect_text "form on alpha" 'Set encryption of alpha'
keys Space
expect_text "Space cycles to KMS" 'Algorithm +AES256  \[KMS\]  SM4'
expect_text "KMS enables the CMK ID" 'CMK ID +\(empty: the OSS-managed CMK\)'
keys Tab
type 'cmk one'
expect_text "a space in the CMK ID is refused with the reason" 'Cannot apply: the CMK ID has a space'
keys Enter
expect_text "Enter on an invalid rule says why" 'Cannot apply: the CMK ID has a space or control'
check "nothing was sent for the invalid rule" is "$(emu_count PUT alpha)" 0
keys C-u
type 'cmk-1'
keys BSpace
type '2密'
keys BSpace
expect_text "typed, Backspace (also on a multi-byte character) and Ctrl-U" 'CMK ID +cmk-2 *│'
keys Tab Right
expect_text "data encryption cycles to SM4" 'KMS data enc\. +none  \[SM4\]'
expect_text "preview of the rule" 'Will write: KMS \(CMK cmk-2, SM4 data encryption\)'
keys Enter
expect_text "KMS row read back" '^>  t +alpha +KMS +cmk-2 +SM4 +ok'
check "endpoint has KMS cmk-2 SM4 on alpha" is "$(emu_rule alpha)" "KMS cmk-2 SM4"

# beta (KMS) → the form opens on its rule; ← twice goes to SM4 (backwards: KMS → AES256 → SM4).
keys j e
expect_text "form opens on beta's KMS rule" 'CMK ID +key-beta-01'
expect_text "with its data encryption" 'KMS data enc\. +none  \[SM4\]'
keys Left Left
expect_text "← cycles backwards to SM4" 'Algorithm +AES256   KMS  \[SM4\]'
keys Enter
expect_text "SM4 row read back" '^>  t +beta +SM4 +ok'
check "endpoint has SM4 on beta" is "$(emu_rule beta)" "SM4 - -"

# Esc cancels: nothing sent.
keys e Right Escape
expect_text "Esc cancels" 'Nothing changed'
check "no second PUT for beta" is "$(emu_count PUT beta)" 1

# KMS without a CMK ID: the OSS-managed key (gamma is SM4; ← goes to KMS).
keys j e Left Enter
expect_text "KMS with the OSS-managed CMK" '^>  t +gamma +KMS +\(OSS-managed\) +none +ok'
check "endpoint has KMS without a key on gamma" is "$(emu_rule gamma)" "KMS - -"

# A bucket the account may not change: the error shows, the rule stays.
keys G e Enter
expect_text "write refused by OSS shows the code" '^>  t +locked .*AccessDenied'
expect_text "and the message" 'locked: .*denied'

keys q
check "quit" wait_exit
check "terminal restored" restored
tui_done
