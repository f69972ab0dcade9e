#!/usr/bin/env bash
# t_policy.sh — --policy in the TUI: the POLICY column and verdict counts; D (drifted only); A
# (the plan: Esc changes nothing, y writes it and the read-backs make the buckets compliant); w (the
# view as CSV, then JSON, never replacing a file); a bad policy file stops the start with FILE:LINE.
. "$(dirname "$0")/lib.sh"
tui_init policy
tui_emu
tui_config
cat >"$TUI_DIR/policy.cfg" <<'EOF'
version = 1;
rules = (
  { buckets = ( "alpha", "plain" ); require = "KMS"; kms_key_id = "key-pol-1"; },
  { buckets = ( "gamma" ); require = "SM4"; },
  { buckets = ( "beta", "locked" ); require = "any"; }
);
EOF
tui_start 120x30 -- --policy "$TUI_DIR/policy.cfg"
expect_text "verdict counts in the summary" 'compliant 2  drifted 2  unknown 1'
expect_text "POLICY column" 'KMS DATA +POLICY +STATUS'
expect_text "alpha drifted" '^>  t +alpha +AES256 .* drifted +ok'
expect_text "gamma compliant" '^   t +gamma +SM4 .* compliant +ok'
expect_text "locked unknown" '^   t +locked +\? .* \? +AccessDenied'

# Enter: the detail says why alpha drifted and what the policy wants.
keys Enter
expect_text "detail: the verdict and why" 'Policy +drifted: algorithm is AES256, policy requires KMS \(policy line 3\)'
expect_text "detail: the rule wanted" 'Policy wants +KMS \(CMK key-pol-1\)'
keys Escape

# D: drifted only, and back.
keys D
expect_text "D shows the drifted ones" 'drifted: 2 of 5'
check "gamma hidden" wait_for_gone 'gamma'
expect_text "plain shown" '^   t +plain +none'

# A: the plan names each change and why; Esc changes nothing.
keys A
expect_text "plan title" 'Policy plan: 2 changes'
expect_text "alpha's line" 't/alpha: AES256 → KMS \(CMK key-pol-1\)  \(algorithm is AES256, policy requires KMS'
expect_text "plain's line" 't/plain: none → KMS \(CMK key-pol-1\)'
keys Escape
expect_text "Esc cancels" 'Nothing changed\.'
check "alpha untouched after Esc" is "$(emu_rule alpha)" "AES256 - -"

# y applies it: both written, read back, compliant.
keys A
expect_text "plan again" 'Policy plan: 2 changes'
# On a narrow terminal a change wraps: its reason and policy line stay readable.
tui_resize 64x30
expect_text "a long change wraps onto an indented line" '^│     .*policy line 3\)'
tui_resize 120x30
expect_text "wide again" 'Policy plan: 2 changes'
keys y
expect_text "both written" 'Set on all 2 buckets, as read back from OSS'
check "alpha is KMS with the policy's CMK" is "$(emu_rule alpha)" "KMS key-pol-1 -"
check "plain is KMS with the policy's CMK" is "$(emu_rule plain)" "KMS key-pol-1 -"
check "gamma untouched" is "$(emu_rule gamma)" "SM4 - -"
expect_text "counts after the plan" 'compliant 4  drifted 0  unknown 1'
# At 80 columns "in flight 0" gives way so that the verdict counts fit.
tui_resize 80x30
expect_text "verdict counts fit at 80 columns" '^AES256 0  KMS 3  SM4 1  none 0  errors 1  \| compliant 4  drifted 0  unknown 1 *$'
tui_resize 120x30
expect_text "in flight shown again when there is room" 'errors 1  in flight 0  \| compliant 4'
keys A
expect_text "nothing left to plan" 'Nothing to plan: no bucket shown has drifted'
keys D
expect_text "D again shows every bucket" '^ sseadm — profile t, 5 buckets +1/5 *$'
expect_text "gamma back" '^   t +gamma'

# w: the view as CSV (policy columns included), then JSON; an existing file is never replaced.
keys w
expect_text "w asks for a file" 'Write 5 buckets as CSV to: sseadm-[0-9]{8}-[0-9]{6}\.csv'
keys C-u
type '~/view.csv'
keys Enter
expect_text "written" "Wrote 5 buckets to $TUI_DIR/view\\.csv\\."
check "the CSV holds the view with verdicts" python3 - "$TUI_DIR/view.csv" <<'PY'
import csv, sys
rows = {r["bucket"]: r for r in csv.DictReader(open(sys.argv[1]))}
assert sorted(rows) == ["alpha", "beta", "gamma", "locked", "plain"], rows
assert rows["alpha"]["algorithm"] == "KMS" and rows["alpha"]["kms_key_id"] == "key-pol-1", rows["alpha"]
assert rows["alpha"]["policy"] == "compliant", rows["alpha"]
assert rows["locked"]["status"] == "AccessDenied" and rows["locked"]["policy"] == "unknown", rows["locked"]
assert rows["gamma"]["algorithm"] == "SM4"
PY
keys w C-u
type '~/view.csv'
keys Enter
expect_text "an existing file is refused" 'view\.csv already exists; choose another name'
expect_text "the prompt stays open" 'Write 5 buckets as CSV to: ~/view\.csv'
keys Tab
expect_text "Tab switches to JSON and renames" 'Write 5 buckets as JSON to: ~/view\.json'
keys Enter
expect_text "JSON written" "Wrote 5 buckets to $TUI_DIR/view\\.json\\."
check "the JSON holds the view" python3 - "$TUI_DIR/view.json" <<'PY'
import json, sys
rows = {r["bucket"]: r for r in json.load(open(sys.argv[1]))}
assert len(rows) == 5
assert rows["plain"]["algorithm"] == "KMS" and rows["plain"]["policy"]["verdict"] == "compliant"
assert rows["locked"]["error"]["code"] == "AccessDenied"
PY
# A filter narrows what w writes.
keys / a l Enter
keys w C-u
type '~/alpha.csv'
keys Enter
expect_text "filtered view written" "Wrote 1 bucket to $TUI_DIR/alpha\\.csv\\."
check "only alpha in it" is "$(tail -n +2 "$TUI_DIR/alpha.csv" | cut -d, -f2)" alpha
keys w Escape
expect_text "Esc writes nothing" 'Nothing written\.'
keys q
check "quit" wait_exit
tui_stop

# D pressed before the answers are in: buckets join the view as they are found drifted, and leave
# it once A has mended them.
emu_stop 2>/dev/null || true
tui_emu --latency-ms 300
tui_config
tui_start 120x30 -- --policy "$TUI_DIR/policy.cfg"
keys D
expect_text "D while loading: nothing drifted yet" 'drifted: 0 of 5'
expect_text "drifted buckets join the view as they are read" 'drifted: 2 of 5'
expect_text "alpha in the view" '^.  t +alpha +AES256'
expect_text "plain in the view" '^.  t +plain +none'
keys A
expect_text "plan for both" 'Policy plan: 2 changes'
keys y
expect_text "mended buckets leave the view" 'drifted: 0 of 5'
keys q
check "quit" wait_exit
tui_stop

# A read-only profile among the drifted buckets: A refuses the whole plan and names it; p, which
# leaves that profile out, lets the plan through.
emu_stop 2>/dev/null || true
tui_emu
tui_config ",
  { name = \"audit\"; endpoint = \"$EMU_URL\"; region = \"$EMU_REGION\"; sts_endpoint = \"$EMU_URL\"; addressing = \"path\";
    access_key_id = \"$EMU_AK\"; access_key_secret = \"$EMU_SECRET\"; readonly = true;
    buckets = ( \"plain\" ); }"
tui_start 120x30 -- --policy "$TUI_DIR/policy.cfg"
expect_text "both profiles judged" 'compliant 2  drifted 3  unknown 1'
puts=$(emu_count PUT plain) # the endpoint's log goes on across the sessions of this test
keys A
expect_text "the plan is refused, naming the read-only profile and bucket" 'Profile audit is read-only: the plan would change plain; nothing planned'
check "nothing written" is "$(emu_count PUT plain)" "$puts"
keys p
expect_text "one profile shown" 'profile t \(1 of 2\)'
keys A
expect_text "its plan goes through" 'Policy plan: 2 changes'
keys Escape q
check "quit" wait_exit
tui_stop

# A bad policy: nothing is drawn, the error names the file and line, exit 2.
printf 'version = 1;\nrules = ( { buckets = ( "x" ); require = "DES"; } );\n' >"$TUI_DIR/bad.cfg"
tui_start 100x20 -- --policy "$TUI_DIR/bad.cfg"
expect_text "bad policy named with its line" 'bad\.cfg:2: rules\[0\]\.require must be'
expect_text "the value quoted" '"DES"'
expect_text "exit status 2" '\[exit 2\]'
tui_stop
tui_done
