#!/usr/bin/env bash
# t_cli_fleet.sh — fleet administration from the CLI: discovery with paging across two regions
# (encryption calls only work at a bucket's own regional endpoint), several profiles, read-only
# profiles, policy check / apply / dry run, report --policy --output.
. "$(dirname "$0")/lib/cli.sh"

cp "${SSE_SOURCE:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/data/emu/fleet.cfg" "$TMP/fixture.cfg"
emu_up --fixture "$TMP/fixture.cfg" --region cn-hangzhou --region cn-shanghai
SH_PORT=$(emu_port cn-shanghai)

discover_config() { # extra keys for profile "t"
    cat > "$CFG" <<CONF
version = 1;
default_profile = "t";
profiles = (
  { name = "t"; endpoint = "http://localhost:$EMU_PORT"; region = "cn-hangzhou";
    access_key_id = "$AK"; access_key_secret = "$SK"; discover = true; ${1:-} buckets = ( );
    endpoints_allowed = [ $(emu_other_hosts) ]; },
  { name = "ro"; endpoint = "http://localhost:$EMU_PORT"; region = "cn-hangzhou"; readonly = true;
    access_key_id = "$AK"; access_key_secret = "$SK"; buckets = ( "logs-app" ); }
);
network = { timeout_s = 5; connect_timeout_s = 2; retries = 1; concurrency = 8; };
CONF
    chmod 600 "$CFG"
}

case_ "discovery lists every page and sends each bucket to its region"
discover_config
log_reset
run_sseadm -p t -v report
expect_rc 1
for b in finance-ledger finance-archive logs-web logs-app media-assets; do
    expect_out $'^t\t'"$b"$'\t'
done
expect_out $'^t\tfinance-archive\tAES256\t'
expect_out $'^t\tlogs-web\tnone\t'
expect_out $'^t\tsecret-vault\t\t\t\tAccessDenied'
expect_log_count 1 GET '"host":"finance-archive.localhost:'"$SH_PORT"
expect_log_count 0 GET '"code":"AccessDenied".*"host":"logs-web'
run_sseadm -p t set logs-web --algorithm SM4
expect_rc 0
expect_out $'^t\tlogs-web\tSM4'
expect_log_count 1 PUT '"host":"logs-web.localhost:'"$SH_PORT"

case_ "without discovery the wrong region answers with OSS's endpoint error"
write_config
run_sseadm get finance-archive
expect_rc 1
expect_err 'finance-archive: AccessDenied: The bucket you are attempting to access must be addressed using the specified endpoint'

case_ "several profiles in one report; -p narrows"
discover_config
run_sseadm report --format csv
expect_out '^ro,logs-app,SM4'
expect_out '^t,media-assets,none'
run_sseadm -p ro report --format csv
expect_no_out 'media-assets'

case_ "read-only profiles refuse every change"
log_reset
run_sseadm -p ro set logs-app --algorithm AES256
expect_rc 2
expect_err 'profile "ro" is read-only \(readonly = true in its configuration\); nothing was sent'
run_sseadm -p t --readonly remove media-assets --yes
expect_rc 2
expect_err 'read-only \(--readonly\)'
expect_log_count 0 PUT
expect_log_count 0 DELETE

cat > "$TMP/policy.cfg" <<'P'
version = 1;
rules = (
  { buckets = ( "finance-*" ); require = "KMS"; kms_key_id = "cmk-finance"; kms_data_encryption = "SM4"; },
  { buckets = ( "logs-*" ); require = "SM4"; },
  { buckets = ( "*" ); require = "any"; apply = "AES256"; }
);
P

case_ "check reports drift and exits 1"
log_reset
run_sseadm -p t check --policy "$TMP/policy.cfg" --format json
expect_rc 1
python3 - "$OUT_F" <<'PY' && ok || bad "check json"
import json, sys
rows = {r["bucket"]: r for r in json.load(open(sys.argv[1]))}
assert set(rows) == {"finance-archive", "media-assets", "secret-vault"}, sorted(rows)
assert rows["finance-archive"]["policy"] == {"verdict": "drifted", "detail": "algorithm is AES256, policy requires KMS"}, rows["finance-archive"]["policy"]
assert rows["media-assets"]["policy"]["verdict"] == "drifted"
assert rows["secret-vault"]["policy"]["verdict"] == "unknown"
PY
expect_err 'check: 3 compliant, 2 drifted, 1 unknown, 0 not covered'

case_ "--policy before the command works the same; commands without a policy refuse it"
run_sseadm --policy "$TMP/policy.cfg" -p t check --format csv
expect_rc 1
expect_out '^t,finance-archive,AES256,,,ok,,,drifted,"algorithm is AES256, policy requires KMS"$'
log_reset
run_sseadm --policy "$TMP/policy.cfg" -p t get finance-archive
expect_rc 2
expect_err 'sseadm get: takes no --policy'
expect_log_count 0 GET

case_ "apply --dry-run shows the plan and writes nothing"
log_reset
run_sseadm -p t apply --policy "$TMP/policy.cfg" --dry-run
expect_rc 1
expect_out 'Plan: 2 changes \(dry run: nothing will be sent\)'
expect_out 't/finance-archive: AES256 -> KMS \(CMK cmk-finance, SM4 data encryption\)'
expect_out 't/media-assets: none -> AES256'
expect_log_count 0 PUT
# The plan is the dry run's result: --output takes it; a format is refused rather than ignored;
# a plan that cannot be written says why.
run_sseadm -p t apply --policy "$TMP/policy.cfg" --dry-run --output "$TMP/plan.txt"
expect_rc 1
grep -q '^Plan: 2 changes (dry run: nothing will be sent)$' "$TMP/plan.txt" &&
    grep -q 't/media-assets: none -> AES256' "$TMP/plan.txt" && ok || bad "plan.txt: $(cat "$TMP/plan.txt" 2>&1)"
expect_no_out 'Plan:'
run_sseadm -p t apply --policy "$TMP/policy.cfg" --dry-run --format json
expect_rc 2
expect_err '^sseadm apply: --dry-run prints the plan as text; --format json is for the results of a run without it$'
RC=0
"$SSEADM" -c "$CFG" -p t apply --policy "$TMP/policy.cfg" --dry-run >/dev/full 2>"$ERR_F" || RC=$?
expect_rc 1
expect_err '^sseadm: cannot write the output: No space left on device$'
expect_log_count 0 PUT

case_ "apply needs --yes without a terminal, then changes exactly the plan"
run_sseadm -p t apply --policy "$TMP/policy.cfg"
expect_rc 2
expect_log_count 0 PUT
run_sseadm -p t apply --policy "$TMP/policy.cfg" --yes --format csv
expect_rc 1    # secret-vault stays unknown
expect_out '^t,finance-archive,KMS,cmk-finance,SM4,ok'
expect_out '^t,media-assets,AES256,,,ok'
expect_log_count 2 PUT
run_sseadm history --format csv
expect_out ',set,t,finance-archive,AES256,'

case_ "report --policy --output writes the file whole"
run_sseadm -p t report --policy "$TMP/policy.cfg" --format csv --output "$TMP/report.csv"
expect_rc 1
[ ! -s "$OUT_F" ] && ok || bad "stdout not empty with --output"
head -1 "$TMP/report.csv" | grep -q ',policy,policy_detail$' && ok || bad "csv header lacks policy"
grep -q '^t,finance-archive,KMS,cmk-finance,SM4,ok,,,compliant,' "$TMP/report.csv" && ok || bad "report.csv content"
ls "$TMP" | grep -q 'report.csv.tmp' && bad "temp file left" || ok
run_sseadm -p t report --output "$TMP/nodir/x.csv"
expect_rc 2
expect_err 'cannot write .*/nodir/x\.csv: the directory .*/nodir does not exist'

case_ "--output through a symbolic link, over a private file, and into a FIFO"
chmod 600 "$TMP/report.csv"
ln -s report.csv "$TMP/latest.csv"
run_sseadm -p t report --format tsv --output "$TMP/latest.csv"
[ -L "$TMP/latest.csv" ] && ok || bad "the link was replaced"
grep -q '^t	finance-archive	KMS	' "$TMP/report.csv" && ok || bad "the file it points to was not written"
[ "$(stat -c %a "$TMP/report.csv")" = 600 ] && ok || bad "mode now $(stat -c %a "$TMP/report.csv"), want 600"
mkfifo "$TMP/pipe"
timeout 10 cat "$TMP/pipe" > "$TMP/from-pipe" &  # (a bounded wait if nothing ever writes)
reader=$!
run_sseadm -p t report --format tsv --output "$TMP/pipe"
wait "$reader"
[ -p "$TMP/pipe" ] && ok || bad "the FIFO was replaced"
grep -q '^t	finance-archive	KMS	' "$TMP/from-pipe" && ok || bad "nothing came through the FIFO"

case_ "policy errors stop before anything is sent"
printf 'version = 1;\nrules = ( { buckets = ( "*" ); require = "DES"; } );\n' > "$TMP/bad.policy"
log_reset
run_sseadm check --policy "$TMP/bad.policy"
expect_rc 2
expect_err 'bad.policy:2:'
run_sseadm check
expect_rc 2
expect_err 'policy FILE is required'
expect_log_count 0 GET

cli_finish cli-fleet
