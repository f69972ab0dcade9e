#!/usr/bin/env bash
# t_cli_keyid.sh — an AccessKey ID that cannot be one (a space, a quote, a placeholder in < >) is
# refused once, before anything is sent: from the configuration with its FILE:LINE, from
# OSS_ACCESS_KEY_ID naming the variable; never once per bucket.
. "$(dirname "$0")/lib/cli.sh"
cat > "$TMP/fixture.cfg" <<'F'
buckets = ( { name = "alpha"; algorithm = "AES256"; }, { name = "beta"; }, { name = "plain"; } );
F
emu_up --fixture "$TMP/fixture.cfg"

case_ "in the configuration: FILE:LINE, once, nothing sent"
write_config "access_key_id = \"<your-key-id>\"; access_key_secret = \"$SK\";"
log_reset
run_sseadm report
expect_rc 2
expect_err "^sseadm: $CFG:[0-9]+: profiles\\[0\\]\\.access_key_id has '<' at position 1; an AccessKey ID has only letters, digits"
[ "$(wc -l < "$ERR_F")" -eq 1 ] && ok || bad "said $(wc -l < "$ERR_F") times"
expect_no_out 'your-key-id'
expect_log_count 0 GET

case_ "from OSS_ACCESS_KEY_ID: named, once, nothing sent"
write_config " "
log_reset
OSS_ACCESS_KEY_ID="LTAI5t $AK" OSS_ACCESS_KEY_SECRET=$SK run_sseadm get alpha beta plain
expect_rc 2
expect_err "^sseadm: OSS_ACCESS_KEY_ID has a space, control or non-ASCII byte at position 7; an AccessKey ID has only"
[ "$(wc -l < "$ERR_F")" -eq 1 ] && ok || bad "said $(wc -l < "$ERR_F") times"
expect_log_count 0 GET

case_ "a good key from the environment still works"
OSS_ACCESS_KEY_ID=$AK OSS_ACCESS_KEY_SECRET=$SK run_sseadm get alpha
expect_rc 0
expect_out $'^t\talpha\tAES256'

cli_finish cli-keyid
