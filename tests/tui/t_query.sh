#!/usr/bin/env bash
# t_query.sh — the filter's terms typed after /: alg:, key:, profile:, region: (buckets found by
# listing in two regions), status:, policy: (with and without a policy), a word of the name, ! to
# negate, terms together; an unknown term refused in the prompt with the list left as it was; the
# title shows the filter and the count; * then e sets exactly the buckets shown (the endpoint's
# log), and the list follows the answers (they leave alg:aes256's list).
. "$(dirname "$0")/lib.sh"
tui_init query
tui_emu --bucket zeta:AES256
tui_config ",
  { name = \"u\"; endpoint = \"$EMU_URL\"; region = \"$EMU_REGION\"; addressing = \"path\";
    access_key_id = \"$EMU_AK\"; access_key_secret = \"$EMU_SECRET\"; buckets = ( \"zeta\" ); }"
tui_start 100x24
expect_text "list loaded" 'errors 1  in flight 0'
check "both profiles" is "$(rows_shown)" "alpha beta gamma plain locked zeta"

# filter TEXT COUNT ROWS — types TEXT as the filter (replacing the last), keeps it with Enter,
# then checks the title's count and the rows shown.
filter() {
	keys / C-u
	type "$1"
	keys Enter
	expect_text "$1: the title shows it" "filter \"$(printf '%s' "$1" | sed 's/[][*?|.^$]/\\&/g')\": $2 of 6"
	check "$1: the rows" is "$(rows_shown)" "$3"
}
filter 'alg:none' 1 "plain"
filter 'alg:AES256' 2 "alpha zeta"
filter 'alg:kms' 1 "beta"
filter 'alg:sm4' 1 "gamma"
filter '!alg:none' 5 "alpha beta gamma locked zeta"
filter 'key:beta' 1 "beta"
filter 'key:BETA-01' 1 "beta"
filter 'key:nope' 0 ""
expect_text "nothing passes: said so" 'No bucket matches the filter'
filter 'profile:u' 1 "zeta"
filter 'profile:?' 6 "alpha beta gamma plain locked zeta"
filter '!profile:u' 5 "alpha beta gamma plain locked"
filter 'region:cn-h*' 6 "alpha beta gamma plain locked zeta"
filter 'region:cn-b*' 0 ""
filter 'status:ok' 5 "alpha beta gamma plain zeta"
filter 'status:error' 1 "locked"
filter 'status:accessdenied' 1 "locked"
filter '!status:ok' 1 "locked"
filter 'status:loading' 0 ""
filter 'a' 5 "alpha beta gamma plain zeta"
filter 'a !alg:kms profile:t' 3 "alpha gamma plain"
filter 'alg:aes256 profile:t' 1 "alpha"

# Unknown terms and values are refused where they are typed; the list keeps the last filter.
keys / C-u
type 'alg:kms'
expect_text "typed: a valid filter" 'filter "alg:kms": 1 of 6'
type ' colour:red'
expect_text "an unknown term is refused above the prompt" \
	'^Unknown term colour: \(did you mean .*\)?; known: alg: key: profile: region: status: policy:|^Unknown term colour:; known'
expect_text "the prompt still holds it" '^Filter: alg:kms colour:red'
keys Enter
expect_text "Enter does not keep it" '^Not a filter yet \(Esc clears it\): Unknown term colour:'
expect_text "still in the prompt" '^Filter: alg:kms colour:red'
keys C-u
type 'alg:des'
expect_text "a value the term does not take" 'alg: takes none, aes256, kms or sm4, not "des"'
keys C-u
type 'policy:drifted'
expect_text "policy: without a policy" 'policy: needs a policy: start sseadm with --policy FILE'
keys C-u
type '!'
expect_text "a lone !" '! stands before a term'
keys Escape
expect_text "Esc clears the filter" '^ sseadm — 2 profiles, 6 buckets +[0-9]/6 *$'

# * marks every bucket shown, e sets exactly those.
filter 'alg:aes256' 2 "alpha zeta"
keys '*'
expect_text "* marks the buckets shown" 'Marked the 2 buckets shown \(2 marked in all'
expect_text "marked rows" '^.\* t +alpha'
keys e
expect_text "the form for the 2 marked buckets" 'Set encryption of 2 buckets'
keys Right Enter
expect_text "a set on marked buckets asks, listing both" 'Set KMS \(OSS-managed CMK\) on 2 marked buckets\?'
keys y
expect_text "both set" 'Set on all 2 buckets, as read back from OSS'
for b in alpha zeta; do
	check "$b got its PUT" is "$(emu_count PUT "$b")" 1
	check "$b is KMS on the endpoint" is "$(emu_rule "$b")" "KMS - -"
done
for b in beta gamma plain locked; do
	check "$b was not written" is "$(emu_count PUT "$b")" 0
done
expect_text "the list follows the answers: they are KMS now" 'filter "alg:aes256": 0 of 6'
filter 'alg:kms' 3 "alpha beta zeta"
# A long filter on a narrow terminal: its text is cut, the count stays.
tui_resize 60x14
keys / C-u
type 'alg:kms !status:error !key:zzzz profile:?'
keys Enter
expect_text "narrow: the filter cut, the count kept" '^ sseadm — 2 pro.* filter "alg:kms .*…": 3 of 6 *$'
tui_resize 100x24
keys q
check "quit" wait_exit

# region: over buckets a listing found in two regions.
tui_stop
emu_stop
cp "$SSE_SOURCE/tests/data/emu/fleet.cfg" "$TUI_DIR/fleet.cfg"
emu_start --fixture "$TUI_DIR/fleet.cfg" --region cn-hangzhou --region cn-shanghai ||
	{ echo "tui-query: ossemu did not start"; exit 1; }
tui_discover_config ''
tui_start 100x24
expect_text "listed" 'errors 1  in flight 0'
keys / C-u
type 'region:cn-shanghai'
keys Enter
expect_text "region: the Shanghai buckets" 'filter "region:cn-shanghai": 3 of 6'
check "the Shanghai rows" is "$(rows_shown)" "finance-archive logs-web secret-vault"
keys / C-u
type '!region:cn-shanghai finance'
keys Enter
check "not in Shanghai, named finance" is "$(rows_shown)" "finance-ledger"
keys q
check "quit" wait_exit

# policy: with a policy: everything must be SM4.
tui_stop
emu_stop
tui_emu
tui_config
printf 'version = 1;\nrules = ( { buckets = ( "*" ); require = "SM4"; } );\n' >"$TUI_DIR/policy.cfg"
tui_start 120x24 -- --policy "$TUI_DIR/policy.cfg"
expect_text "judged" 'compliant 1  drifted 3  unknown 1'
filter_p() { keys / C-u; type "$1"; keys Enter; check "$1" is "$(rows_shown)" "$2"; }
filter_p 'policy:drifted' "alpha beta plain"
filter_p 'policy:compliant' "gamma"
filter_p 'policy:unknown' "locked"
filter_p '!policy:drifted' "gamma locked"
keys / C-u
type 'policy:bad'
expect_text "a verdict sseadm does not know" 'policy: takes compliant, drifted, unknown or unmanaged, not "bad"'
keys Escape q
check "quit" wait_exit
tui_done
