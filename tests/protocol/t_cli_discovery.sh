#!/usr/bin/env bash
# t_cli_discovery.sh — discovery over many ListBuckets pages (ossemu --list-page-size 2, two
# regions): every bucket reported exactly once with its rule, each read at its own region's
# endpoint; get and set look up only the buckets they name; and a key that may not list (ossemu
# --deny-list-buckets): the named buckets are still read and stderr says the listing was denied.
# A report then exits 1 (it is incomplete: something failed at run time; 2 would mean "usage or
# configuration, nothing sent"); get and set, whose listing only looked for regions, exit as
# their buckets' own answers say.
. "$(dirname "$0")/lib/cli.sh"

cp "${SSE_SOURCE:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/data/emu/discovery.cfg" "$TMP/fixture.cfg"
# bucket → "region algorithm key data-encryption" as the report's CSV shows them
declare -A WANT=(
  [app-logs]="cn-hangzhou SM4,,"
  [backup-cold]="cn-shanghai AES256,,"
  [cdn-origin]="cn-hangzhou none,,"
  [data-lake]="cn-shanghai KMS,cmk-lake,SM4"
  [etl-stage]="cn-hangzhou KMS,,"
  [finance-ledger]="cn-shanghai KMS,cmk-fin,"
  [gallery]="cn-hangzhou AES256,,"
)

discover_config() { # BUCKETS (named in the profile)
    cat > "$CFG" <<CONF
version = 1;
default_profile = "t";
profiles = (
  { name = "t"; endpoint = "http://localhost:$EMU_PORT"; region = "cn-hangzhou";
    access_key_id = "$AK"; access_key_secret = "$SK"; discover = true; buckets = ( $1 );
    endpoints_allowed = [ ${ALLOWED-$(emu_other_hosts)} ]; }
);
network = { timeout_s = 5; connect_timeout_s = 2; retries = 1; concurrency = 8; };
CONF
    chmod 600 "$CFG"
}
# GETs of ?encryption for BUCKET in the log, as "PORT HOST STATUS" lines
reads_of() {
    grep '"method":"GET"' "$EMU_LOG" | grep '"query":"encryption"' | grep "\"host\":\"$1\\.localhost:" |
        sed -E 's/.*"port":([0-9]+).*"host":"([^"]*)".*"status":([0-9]+).*/\1 \2 \3/'
}
list_pages() { grep -c '"method":"GET","host":"localhost:[0-9]*","path":"/","query":"[^"]*max-keys' "$EMU_LOG" || true; }

case_ "seven buckets over two regions, two per ListBuckets page"
emu_up --fixture "$TMP/fixture.cfg" --region cn-hangzhou --region cn-shanghai --list-page-size 2
HZ=$(emu_port cn-hangzhou) SH=$(emu_port cn-shanghai)
discover_config '"data-lake", "gallery"'   # one named in each region: no duplicate rows
log_reset
run_sseadm -v report --format csv
expect_rc 0
[ "$(grep -c '^t,' "$OUT_F")" -eq 7 ] && ok || bad "$(grep -c '^t,' "$OUT_F") rows, want 7"
for b in "${!WANT[@]}"; do
    read -r region rule <<<"${WANT[$b]}"
    port=$HZ
    [ "$region" = cn-shanghai ] && port=$SH
    [ "$(grep -c "^t,$b," "$OUT_F")" -eq 1 ] && ok || bad "$b is not listed exactly once"
    expect_out "^t,$b,$rule,ok,"
    reads=$(reads_of "$b")
    [ "$reads" = "$port $b.localhost:$port 200" ] || [ "$reads" = "$port $b.localhost:$port 404" ] &&
        ok || bad "$b ($region) was read as: ${reads:-nothing}; want one read at port $port"
done
pages=$(list_pages)
[ "$pages" -ge 4 ] && ok || bad "ossemu served $pages ListBuckets pages, want at least 4"
expect_log_count 0 GET '"code":"AccessDenied"'
expect_err 'ListBuckets found 5 more buckets in 4 pages'

case_ "get and set look up only the buckets they name (one prefixed ListBuckets each), at their region"
log_reset
run_sseadm -v get finance-ledger gallery --format csv
expect_rc 0
expect_out '^t,finance-ledger,KMS,cmk-fin,,ok,'
expect_out '^t,gallery,AES256,,,ok,'
expect_err 'ListBuckets located 2 of 2 named buckets'
expect_log_count 2 GET '"path":"/","query":"[^"]*prefix='
expect_log_count 0 GET '"path":"/","query":"(max-keys=[0-9]+)?"'
[ "$(reads_of finance-ledger)" = "$SH finance-ledger.localhost:$SH 200" ] && ok ||
    bad "finance-ledger read as: $(reads_of finance-ledger); want at port $SH"
log_reset
run_sseadm set backup-cold --algorithm SM4 --format csv
expect_rc 0
expect_out '^t,backup-cold,SM4,,,ok,'
expect_log_count 1 GET '"path":"/","query":"[^"]*prefix=backup-cold'
expect_log_count 1 PUT "\"host\":\"backup-cold\\.localhost:$SH\""
# A name the account does not have: asked at the profile's endpoint, which says so.
run_sseadm get nosuch-bucket --format csv
expect_rc 1
expect_out '^t,nosuch-bucket,,,,NoSuchBucket,'

case_ "ListBuckets denied: the named buckets are still read, the denial is said, exit 1"
emu_up --fixture "$TMP/fixture.cfg" --region cn-hangzhou --region cn-shanghai --deny-list-buckets
discover_config '"app-logs", "gallery", "etl-stage"'
log_reset
run_sseadm report --format csv
expect_rc 1
[ "$(grep -c '^t,' "$OUT_F")" -eq 3 ] && ok || bad "$(grep -c '^t,' "$OUT_F") rows, want the 3 named"
expect_out '^t,app-logs,SM4,,,ok,'
expect_out '^t,gallery,AES256,,,ok,'
expect_out '^t,etl-stage,KMS,,,ok,'
expect_err '^sseadm: listing the buckets of profile "t" was denied \(ListBuckets\): AccessDenied: You have no right to access this action\. \(HTTP 403.*; only its named buckets are shown$'
expect_no_out 'backup-cold|cdn-origin'
expect_log_count 1 GET '"path":"/","query":"[^"]*max-keys.*"code":"AccessDenied"'
expect_log_count 3 GET '"query":"encryption".*"status":200'

case_ "ListBuckets denied: get and set ask their buckets at the profile's endpoint, exit as those say"
discover_config '"app-logs"'
log_reset
run_sseadm get app-logs gallery --format csv
expect_rc 0
expect_out '^t,app-logs,SM4,,,ok,'
expect_out '^t,gallery,AES256,,,ok,'
expect_err '^sseadm: listing the buckets of profile "t" was denied \(ListBuckets\): AccessDenied: .*; the named buckets are asked at the profile.s endpoint$'
[ "$(grep -c 'was denied' "$ERR_F")" -eq 1 ] && ok || bad "the denial is said $(grep -c 'was denied' "$ERR_F") times, want once"
expect_log_count 2 GET '"path":"/","query":"[^"]*prefix=.*"code":"AccessDenied"'
run_sseadm set gallery --algorithm SM4 --format csv
expect_rc 0
expect_out '^t,gallery,SM4,,,ok,'
# A bucket of the other region: OSS's answer names its endpoint, which this profile may not be
# sent to (not an OSS name, not in endpoints_allowed): not followed, and nothing sent there.
ALLOWED= discover_config '"app-logs"'
log_reset
run_sseadm get finance-ledger --format csv
expect_rc 1
expect_out '^t,finance-ledger,,,,AccessDenied,.*\(the endpoint it names: localhost:[0-9]+\); not followed: localhost:[0-9]+ is neither an OSS endpoint name nor this profile.s endpoint, nor in its endpoints_allowed'
expect_err 'the named buckets are asked at the profile.s endpoint'
[ "$(grep -c '"port":'"$(emu_port cn-shanghai)" "$EMU_LOG")" -eq 0 ] && ok || bad "a request went to the endpoint not followed"

case_ "a listing that fails part-way says how far it got; the report has those buckets, exit 1"
emu_up --generate 20 --list-page-size 3 --fail-list-page 4+   # it stays broken: no final pass mends it
discover_config ''
sed -i 's/retries = 1;/retries = 0;/' "$CFG"
run_sseadm -v report --format csv
expect_rc 1
[ "$(grep -c '^t,' "$OUT_F")" -eq 9 ] && ok || bad "$(grep -c '^t,' "$OUT_F") rows, want the 9 of 3 pages"
expect_err '^sseadm: listing the buckets of profile "t" failed after 9 buckets \(3 pages\): ServiceUnavailable: .*; the report has those and the named buckets only$'
expect_no_out 'only its named buckets are shown'
expect_err '^sseadm: final pass: 1 job whose retries had run out was tried again after the rest; 1 still failed$'
expect_log_count 5 GET '"path":"/","query":"[^"]*max-keys'   # pages 1-3, the 4th, once more

case_ "a page refused once is tried again after the rest: the listing is whole"
emu_up --generate 20 --list-page-size 3 --fail-list-page 4
discover_config ''
sed -i 's/retries = 1;/retries = 0;/' "$CFG"
run_sseadm -v report --format csv
expect_rc 0
[ "$(grep -c '^t,' "$OUT_F")" -eq 20 ] && ok || bad "$(grep -c '^t,' "$OUT_F") rows, want all 20"
expect_no_out 'failed after'
expect_err '^sseadm: final pass: 1 job whose retries had run out was tried again after the rest; 0 still failed$'
emu_up --fixture "$TMP/fixture.cfg" --region cn-hangzhou --region cn-shanghai --deny-list-buckets

case_ "ListBuckets denied and nothing named: nothing to report, exit 1"
discover_config ''
run_sseadm report
expect_rc 1
expect_err 'was denied \(ListBuckets\)'
expect_err 'no buckets are configured'

cli_finish cli-discovery
