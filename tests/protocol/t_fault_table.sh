#!/usr/bin/env bash
# t_fault_table.sh — the fault table: hostile configuration, flags, server answers and network
# faults, each with the exact error it must give, and after each the stored rules intact (the
# endpoint persists its state; the file must be byte-for-byte unchanged unless the case writes).
. "$(dirname "$0")/lib/cli.sh"

cat > "$TMP/state.cfg" <<'F'
buckets = (
  { name = "alpha"; algorithm = "AES256"; },
  { name = "beta"; algorithm = "KMS"; kms_key_id = "k-1"; data_encryption = "SM4"; },
  { name = "locked"; algorithm = "SM4"; access = "denied"; }
);
F
BUCKETS='"alpha", "beta"'

# One row: NAME | OSSEMU FLAGS | CONFIG (profile keys; "-" = default; "@file" = raw file) |
#          SSEADM ARGS | EXIT | STDERR REGEX
rows=$(cat <<'TABLE'
unknown command|||frob alpha|2|unknown command 'frob'
unknown global option|||--frob get alpha|2|unknown option '--frob'
unknown command option|||get alpha --frob|2|sseadm get: unknown option '--frob'
option without value|||get alpha --format|2|--format needs a value
bad format|||get alpha --format xml|2|unknown format 'xml'
bucket name too short|||get ab|2|must be 3 to 63 characters long \(it has 2\); nothing was sent
bucket name upper case|||get Alpha|2|has an upper-case letter
bucket name with escape|||get $'al\033[2Jpha'|2|non-printable
bucket name trailing dash|||get alpha-|2|must not start or end with '-'
duplicate bucket|||get alpha alpha|2|bucket "alpha" is named twice
unknown algorithm|||set alpha --algorithm DES|2|unknown algorithm 'DES'
CMK with AES256|||set alpha --algorithm AES256 --kms-key-id k|2|CMK ID can only be given with algorithm KMS, not AES256
data encryption with SM4|||set alpha --algorithm SM4 --kms-data-encryption SM4|2|KMS data encryption can only be given with algorithm KMS, not SM4
data encryption not SM4|||set alpha --algorithm KMS --kms-data-encryption AES256|2|--kms-data-encryption must be SM4
CMK with a space|||set alpha --algorithm KMS --kms-key-id 'a b'|2|space or control character at position 2
CMK too long|||set alpha --algorithm KMS --kms-key-id $(printf 'k%.0s' $(seq 300))|2|--kms-key-id is too long
remove without a terminal|||remove alpha|2|not on a terminal, so --yes is required
config syntax error||@syntax|get alpha|2|config.cfg:[0-9]+: syntax error; expected
config unknown key||endpiont = "x";|get alpha|2|unknown key "endpiont".*did you mean "endpoint"
config bad signature version||signature_version = 3;|get alpha|2|signature_version must be 1 or 4
config region with prefix||@region|get alpha|2|oss-cn-hangzhou
config missing file||@missing|get alpha|2|cannot read|No such file
no credentials||@nocreds|get alpha|2|OSS_ACCESS_KEY_ID
unknown profile|||-p nope get alpha|2|nope
wrong secret||access_key_id = "LTAI5tTestKeyId0001"; access_key_secret = "wrong";|get alpha|1|alpha: SignatureDoesNotMatch: .*request id [0-9A-F]{24}
unknown access key||access_key_id = "LTAInobody"; access_key_secret = "x";|get alpha|1|alpha: InvalidAccessKeyId
no such bucket|||get gamma|1|gamma: NoSuchBucket: The specified bucket does not exist. \(HTTP 404, request id [0-9A-F]{24}, EC 0015-00000101\)
access denied|||get locked|1|locked: AccessDenied: .*HTTP 403
denied write keeps the rule|||set locked --algorithm AES256|1|locked: AccessDenied: cannot read the current rule, so nothing was changed
server 503 every time|--fail-every 1||get alpha|1|alpha: ServiceUnavailable: .*HTTP 503
throttled every time|--throttle-every 1||get alpha|1|alpha: .*HTTP 429
connection reset|--reset-every 1||get alpha|1|alpha: NetworkError: alpha.localhost:[0-9]+ closed the connection without answering
stalled server|--stall-every 1||get alpha|1|alpha: Timeout: no complete answer from alpha.localhost:[0-9]+ within 1 s
truncated answer|--truncate-every 1||get alpha|1|alpha: NetworkError: alpha.localhost:[0-9]+ closed the connection before the whole answer arrived
oversized answer|--oversize-every 1||get alpha|1|alpha: ResponseTooLarge: response from alpha.localhost:[0-9]+ is larger than 1048576 bytes; refused
HTML from a proxy|--html-every 1||get alpha|1|alpha: BadResponse: .*HTML
garbage answer|--garbage-every 1||get alpha|1|alpha: MalformedResponse: malformed XML at line 1
clock far off, no retries|--clock +7200||get alpha|1|alpha: RequestTimeTooSkewed
set fails on 503, nothing written|--fail-every 1||set alpha --algorithm SM4|1|alpha: ServiceUnavailable: cannot read the current rule, so nothing was changed
TABLE
)

n=0
while IFS='|' read -r name flags cfg args want_rc want_err; do
    [ -n "$name" ] || continue
    n=$((n + 1))
    case_ "$n. $name"
    cp "$TMP/state.cfg" "$TMP/state.run"
    # shellcheck disable=SC2086
    emu_up --fixture "$TMP/state.run" --persist $flags
    NETWORK="timeout_s = 1; connect_timeout_s = 1; retries = 0; concurrency = 4;"
    case "$cfg" in
        "") write_config ;;
        @syntax) write_config; sed -i '3s/profiles = (/profiles = ( {/' "$CFG" ;;
        @region) write_config; sed -i 's/region = "cn-hangzhou"/region = "oss-cn-hangzhou"/' "$CFG" ;;
        @nocreds) write_config " " ;;
        @missing) write_config; rm -f "$CFG" ;;
        *) write_config "$cfg" ;;
    esac
    log_reset
    eval "run_sseadm $args"
    expect_rc "$want_rc"
    expect_err "$want_err"
    # Nothing a refused or failed call does may change a stored rule.
    emu_down
    cmp -s <(grep -v '^#' "$TMP/state.cfg" | tr -d ' \n') <(grep -v '^#' "$TMP/state.run" | tr -d ' \n') \
        && ok || bad "stored rules changed: $(cat "$TMP/state.run")"
    if [ "$want_rc" = 2 ]; then
        expect_log_count 0 GET
    fi
done <<< "$rows"
[ "$n" -ge 30 ] && ok || bad "only $n cases in the table"

# The control: the same comparison does see a change that was made.
case_ "control: a successful set changes the stored state"
cp "$TMP/state.cfg" "$TMP/state.run"
emu_up --fixture "$TMP/state.run" --persist
write_config
run_sseadm set alpha --algorithm SM4
expect_rc 0
emu_down
cmp -s <(grep -v '^#' "$TMP/state.cfg" | tr -d ' \n') <(grep -v '^#' "$TMP/state.run" | tr -d ' \n') \
    && bad "the persisted state did not change" || ok
grep -q 'SM4' <(grep -A1 alpha "$TMP/state.run") && ok || bad "alpha not SM4 in $(cat "$TMP/state.run")"

cli_finish fault-table
