# cli.sh — helpers for the CLI's end-to-end tests: a private ossemu per test, a config pointing at
# it, and assertions that count passes and failures. Source it; call cli_finish at the end.
#   emu_up [ossemu args...]      starts ossemu on free ports (emu.sh's emu_start); sets EMU_PORT,
#                                EMU_LOG, EMU_PID; emu_port REGION gives a region's port
#   emu_down                     stops it
#   write_config [key = value;]  writes $CFG for profile "t" at the emulator (extra profile keys)
#   run_sseadm ARGS...           runs sseadm; sets RC, OUT, ERR (files: $OUT_F $ERR_F)
#   expect_rc N / expect_out RE / expect_err RE / expect_no_out RE / expect_log_count N METHOD
set -u
: "${SSE_BUILD:?SSE_BUILD must name the build directory}"
SSEADM=$SSE_BUILD/sseadm
OSSEMU=${SSE_OSSEMU:-$SSE_BUILD/ossemu}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/sseadm-cli.XXXXXX")
export XDG_STATE_HOME=$TMP/state XDG_CONFIG_HOME=$TMP/config HOME=$TMP/home ALIBABA_CLOUD_ECS_METADATA_DISABLED=true
unset OSS_ACCESS_KEY_ID OSS_ACCESS_KEY_SECRET OSS_SESSION_TOKEN SSEADM_CONFIG
AK=LTAI5tTestKeyId0001
SK=TestSecretValue-0123456789abcdef
CFG=$TMP/config.cfg
PASS=0 FAIL=0 CASE=""

# Every ossemu started (emu_start_as ones too) is stopped; EMU_DIR is $TMP, kept with KEEP_TMP.
cleanup() {
    [ -n "${KEEP_TMP:-}" ] && EMU_DIR=
    emu_cleanup
    [ -n "${KEEP_TMP:-}" ] && echo "kept $TMP" || rm -rf "$TMP"
}
trap cleanup EXIT

case_() { CASE=$*; }
ok() { PASS=$((PASS + 1)); }
bad() {
    FAIL=$((FAIL + 1))
    echo "FAIL [$CASE]: $*"
    echo "  rc=$RC stdout: $(head -c 600 "$OUT_F" 2>/dev/null)"
    echo "  stderr: $(head -c 600 "$ERR_F" 2>/dev/null)"
}

# ossemu is started and stopped by emu.sh (the one launcher the test suites share), in $TMP.
EMU_BIN=$OSSEMU EMU_AK=$AK EMU_SECRET=$SK
. "$(dirname "${BASH_SOURCE[0]}")/emu.sh"
EMU_DIR=$TMP

emu_up() {
    emu_down
    rm -f "$TMP/requests.log"
    emu_start "$@" || exit 1
}

emu_down() { emu_stop >/dev/null 2>&1 || true; }

# write_config [extra profile settings] — network settings come from $NETWORK if set.
write_config() {
    local creds="access_key_id = \"$AK\"; access_key_secret = \"$SK\";"
    local buckets='"alpha", "beta", "plain"'
    [ $# -gt 0 ] && creds=$1
    [ -n "${BUCKETS:-}" ] && buckets=$BUCKETS
    cat > "$CFG" <<CONF
version = 1;
default_profile = "t";
profiles = (
  {
    name = "t";
    endpoint = "http://localhost:$EMU_PORT";
    region = "cn-hangzhou";
    $creds
    buckets = ( $buckets );
  }
);
network = { ${NETWORK:-timeout_s = 5; connect_timeout_s = 2; retries = 3; concurrency = 8;} };
CONF
    chmod 600 "$CFG"
}

OUT_F=$TMP/out ERR_F=$TMP/err RC=0
run_sseadm() {
    "$SSEADM" -c "$CFG" "$@" >"$OUT_F" 2>"$ERR_F" </dev/null
    RC=$?
}
run_raw() { # without -c
    "$SSEADM" "$@" >"$OUT_F" 2>"$ERR_F" </dev/null
    RC=$?
}

expect_rc() { [ "$RC" -eq "$1" ] && ok || bad "exit status $RC, want $1"; }
expect_out() { grep -qE -- "$1" "$OUT_F" && ok || bad "stdout lacks /$1/"; }
expect_err() { grep -qE -- "$1" "$ERR_F" && ok || bad "stderr lacks /$1/"; }
expect_no_out() { ! grep -qE -- "$1" "$OUT_F" "$ERR_F" && ok || bad "output has /$1/"; }
expect_out_exact() { [ "$(cat "$OUT_F")" = "$1" ] && ok || bad "stdout is not exactly: $1"; }
# log_count METHOD [extra jq-free pattern]: requests of that method the endpoint received
log_count() { grep -c "\"method\":\"$1\"${2:+.*$2}" "$EMU_LOG" 2>/dev/null || true; }
expect_log_count() { local n; n=$(log_count "$2" "${3:-}"); [ "$n" -eq "$1" ] && ok || bad "endpoint saw $n $2${3:+ ($3)} requests, want $1"; }
log_reset() { : > "$EMU_LOG"; }

cli_finish() {
    echo "${1:-cli}: $PASS passed, $FAIL failed"
    [ "$FAIL" -eq 0 ]
}
