#!/usr/bin/env bash
# t_cli_throttle.sh — adaptive concurrency under throttling (issue #5): ossemu refuses with 503
# ActiveRequestLimitExceeded beyond 4 requests in flight; a report of 200 buckets at concurrency
# 32 still reads every bucket, and -v says how far the worker's limit fell and where it ended.
# No timing is asserted (speed goals live in bench/).
. "$(dirname "$0")/lib/cli.sh"

emu_up --generate 200 --max-inflight 4 --latency-ms 30
names=$(seq -f '"bucket-%05g"' 1 200 | paste -sd, -)
# retries = 6: a bucket may be refused more than once while the limit settles.
NETWORK='timeout_s = 10; connect_timeout_s = 2; retries = 6; concurrency = 32;' BUCKETS=$names write_config

case_ "200 buckets at concurrency 32 against a 4-request cap: all read, the limit fell and recovered"
log_reset
run_sseadm -v report --format csv
expect_rc 0
[ "$(grep -c '^t,bucket-' "$OUT_F")" -eq 200 ] && ok || bad "report has $(grep -c '^t,bucket-' "$OUT_F") bucket rows, want 200"
expect_no_out ',error,|ActiveRequestLimitExceeded'
refused=$(log_count GET '"code":"ActiveRequestLimitExceeded"')
[ "$refused" -gt 0 ] && ok || bad "ossemu refused nothing: the cap was not reached"
line=$(grep -E '^sseadm: throttled [0-9]+ times?; concurrency fell to [0-9]+ of 32, back to [0-9]+ at the end$' "$ERR_F")
[ -n "$line" ] && ok || bad "-v has no throttling line"
echo "  $line"
read -r seen lowest final <<<"$(sed -E 's/^sseadm: throttled ([0-9]+) times?; concurrency fell to ([0-9]+) of 32, back to ([0-9]+) at the end$/\1 \2 \3/' <<<"$line")"
[ "${seen:-0}" -eq "$refused" ] && ok || bad "-v counts ${seen:-?} throttled answers, ossemu refused $refused"
[ "${lowest:-32}" -lt 32 ] && ok || bad "the limit never fell below 32 (lowest ${lowest:-?})"
[ "${final:-0}" -gt "${lowest:-32}" ] && ok || bad "the limit did not recover (lowest ${lowest:-?}, end ${final:-?})"

case_ "without throttling -v prints no throttling line"
emu_up --generate 20
NETWORK='timeout_s = 10; connect_timeout_s = 2; retries = 3; concurrency = 32;' \
    BUCKETS=$(seq -f '"bucket-%05g"' 1 20 | paste -sd, -) write_config
run_sseadm -v report --format csv
expect_rc 0
expect_no_out 'throttled'

cli_finish cli-throttle
