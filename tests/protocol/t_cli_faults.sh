#!/usr/bin/env bash
# t_cli_faults.sh — hostile networks and servers: every fault ends as a retry that succeeds or a
# clear per-bucket error, within the configured timeouts, and never as a wrong state.
. "$(dirname "$0")/lib/cli.sh"

FIX=$TMP/fixture.cfg
cat > "$FIX" <<'F'
buckets = ( { name = "alpha"; algorithm = "AES256"; }, { name = "beta"; algorithm = "KMS"; kms_key_id = "k1"; } );
F
BUCKETS='"alpha", "beta"'

# fault flag, expected outcome with no retries: "CODE" regex on stderr
check_fault() { # FLAG CODE_RE [noretry]
    case_ "$1 without retries"
    emu_up --fixture "$FIX" "$1" 1
    NETWORK="timeout_s = 2; connect_timeout_s = 1; retries = 0; concurrency = 4;" write_config
    local start=$SECONDS
    run_sseadm get alpha
    expect_rc 1
    expect_err "$2"
    expect_no_out $'AES256'
    # Within twice the 2 s timeout and a backoff: the final pass tries a busy or silent server
    # once more after the rest.
    [ $((SECONDS - start)) -le 6 ] && ok || bad "took $((SECONDS - start)) s"
    case_ "$1 every 2nd request, with retries"
    emu_up --fixture "$FIX" "$1" 2
    NETWORK="timeout_s = 2; connect_timeout_s = 1; retries = 3; concurrency = 1;" write_config
    run_sseadm -v get alpha beta
    if [ "${3:-}" = noretry ]; then
        # A bad document with a 200 is not a transient fault: reported, never retried or guessed.
        expect_rc 1
        expect_out $'^t\talpha\tAES256'
        expect_out $'^t\tbeta\t\t\t\t'
        expect_err 'get beta: 1 request \(0 retries\)'
    else
        expect_rc 0
        expect_out $'^t\talpha\tAES256'
        expect_out $'^t\tbeta\tKMS\tk1'
        expect_err 'get beta: 2 requests \(1 retry\)'
    fi
}

check_fault --fail-every 'alpha: ServiceUnavailable: .*HTTP 503'
check_fault --throttle-every 'alpha: .*HTTP 429'
check_fault --busy-every 'alpha: ActiveRequestLimitExceeded: .*HTTP 503'
check_fault --reset-every 'alpha: NetworkError: .*closed the connection without answering|alpha: NetworkError'
check_fault --stall-every 'alpha: Timeout: no complete answer from alpha.localhost:[0-9]+ within 2 s'
check_fault --truncate-every 'alpha: NetworkError: .*before the whole answer arrived'
check_fault --html-every 'alpha: BadResponse: .*HTML'
check_fault --oversize-every 'alpha: ResponseTooLarge: .*larger than' noretry
check_fault --garbage-every 'alpha: MalformedResponse: malformed XML' noretry

case_ "a write whose read-back fails is reported as such"
emu_up --fixture "$FIX" --fail-every 4 --html-every 5
NETWORK="timeout_s = 2; connect_timeout_s = 1; retries = 0; concurrency = 4;" write_config
log_reset
# 1 GET (the CLI's read), 2 GET before, 3 PUT, 4 GET read-back refused (503), 5 the same in the
# final pass: a proxy's 502
run_sseadm set alpha --algorithm SM4
expect_rc 1
expect_err 'alpha: BadResponse: setting the rule succeeded, but reading the rule back failed'
expect_log_count 1 PUT
run_sseadm history --format tsv
expect_out $'\tset\tt\talpha\tAES256\tSM4\t-\terror BadResponse'

case_ "a read-back refused once is tried again after the rest, not the write"
emu_up --fixture "$FIX" --fail-every 4
NETWORK="timeout_s = 2; connect_timeout_s = 1; retries = 0; concurrency = 4;" write_config
log_reset
# 1 GET (the CLI's read), 2 GET before, 3 PUT, 4 GET refused, 5 GET in the final pass
run_sseadm -v set alpha --algorithm SM4
expect_rc 0
expect_out $'^t\talpha\tSM4'
expect_log_count 1 PUT
expect_log_count 4 GET
expect_err 'final pass: 1 job whose retries had run out was tried again after the rest; 0 still failed'

case_ "a change refused when the current rule cannot be read"
emu_up --fixture "$FIX" --fail-every 1
run_sseadm set alpha --algorithm KMS
expect_rc 1
expect_err 'cannot read the current rule, so nothing was changed'
expect_log_count 0 PUT

case_ "a FIFO as the audit log is refused at once, naming it; nothing is sent"
NETWORK="timeout_s = 2; connect_timeout_s = 1; retries = 0; concurrency = 4;" write_config
log_reset
audit=$XDG_STATE_HOME/sseadm/audit.log
mv "$audit" "$audit.kept"
mkfifo "$audit"
# It used to wait for a reader forever: the timeout turns a hang into a failure here.
timeout 20 "$SSEADM" -c "$CFG" set alpha --algorithm SM4 >"$OUT_F" 2>"$ERR_F" </dev/null
RC=$?
expect_rc 2
expect_err "sseadm set: the audit log $audit is not a regular file.*; nothing was sent"
expect_log_count 0 GET
expect_log_count 0 PUT
timeout 20 "$SSEADM" -c "$CFG" history >"$OUT_F" 2>"$ERR_F" </dev/null
RC=$?
expect_rc 1
expect_err "$audit is not a regular file"
rm -f "$audit"
mv "$audit.kept" "$audit"

case_ "clock skew is learned from the server and retried"
emu_up --fixture "$FIX" --clock +3600
NETWORK="timeout_s = 2; connect_timeout_s = 1; retries = 2; concurrency = 4;" write_config
run_sseadm -v get alpha
expect_rc 0
expect_out $'^t\talpha\tAES256'
expect_err '2 requests \(1 retry\)'
expect_log_count 1 GET '"code":"RequestTimeTooSkewed"'

case_ "skew without retries is a clear error"
NETWORK="timeout_s = 2; connect_timeout_s = 1; retries = 0; concurrency = 4;" write_config
run_sseadm get alpha
expect_rc 1
expect_err 'alpha: RequestTimeTooSkewed'

case_ "a server clock in 2100 is not trusted: refused with what it says, nothing signed for it"
for sv in 4 1; do
  emu_up --fixture "$FIX" --clock 4102444800   # 2100-01-01T00:00:00Z
  NETWORK="timeout_s = 2; connect_timeout_s = 1; retries = 3; concurrency = 4;" \
      write_config "access_key_id = \"$AK\"; access_key_secret = \"$SK\"; signature_version = $sv;"
  run_sseadm get alpha
  expect_rc 1
  expect_err "alpha: RequestTimeTooSkewed: the server's clock \(2100-01-01T00:00:[0-9]{2}Z\) differs from this machine's by [0-9]+ days and was not trusted: check this machine's clock, or a proxy on the way to OSS \(HTTP 403"
  expect_log_count 1 GET                   # not retried
  expect_log_count 1 GET '"code":"RequestTimeTooSkewed"'
  # What ossemu received was signed for now, never for the server's 2100.
  grep -qE '"(x-oss-date|Date)":"[^"]*2100' "$EMU_LOG" && bad "a request was signed for 2100" || ok
  grep -qE '"x-oss-date":"[^"]*'"$(date -u +%Y)" "$EMU_LOG" && ok || bad "no date of this year in ossemu's log"
done
write_config

case_ "unreachable endpoint"
emu_down
NETWORK="timeout_s = 2; connect_timeout_s = 1; retries = 1; concurrency = 4;" write_config
start=$SECONDS
run_sseadm get alpha beta
expect_rc 1
expect_err 'alpha: NetworkError: cannot connect to alpha.localhost'
expect_err 'beta: NetworkError'
[ $((SECONDS - start)) -le 5 ] && ok || bad "took $((SECONDS - start)) s"

cli_finish cli-faults
