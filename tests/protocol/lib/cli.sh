# cli.sh — helpers for the CLI's end-to-end tests: a private ossemu per test, a config pointing at
# it, and assertions that count passes and failures. Source it; call cli_finish at the end.
#   emu_up [ossemu args...]      starts ossemu on free ports; sets EMU_PORT, EMU_LOG, EMU_PID
#   emu_down                     stops it
#   write_config [key = value;]  writes $CFG for profile "t" at the emulator (extra profile keys)
#   run_sseadm ARGS...           runs sseadm; sets RC, OUT, ERR (files: $OUT_F $ERR_F)
#   expect_rc N / expect_out RE / expect_err RE / expect_no_out RE / expect_log_count N METHOD
set -u
: "${SSE_BUILD:?SSE_BUILD must name the build directory}"
SSEADM=$SSE_BUILD/sseadm
OSSEMU=${SSE_OSSEMU:-$SSE_BUILD/ossemu}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/sseadm-cli.XXXXXX")
export XDG_STATE_HOME=$TMP/state XDG_CONFIG_HOME=$TMP/config HOME=$TMP/home
unset OSS_ACCESS_KEY_ID OSS_ACCESS_KEY_SECRET OSS_SESSION_TOKEN SSEADM_CONFIG
AK=LTAI5tTestKeyId0001
SK=TestSecretValue-0123456789abcdef
CFG=$TMP/config.cfg
PASS=0 FAIL=0 CASE=""
EMU_PID=""

cleanup() { emu_down; [ -n "${KEEP_TMP:-}" ] && echo "kept $TMP" || rm -rf "$TMP"; }
trap cleanup EXIT

case_() { CASE=$*; }
ok() { PASS=$((PASS + 1)); }
bad() {
    FAIL=$((FAIL + 1))
    echo "FAIL [$CASE]: $*"
    echo "  rc=$RC stdout: $(head -c 600 "$OUT_F" 2>/dev/null)"
    echo "  stderr: $(head -c 600 "$ERR_F" 2>/dev/null)"
}

# emu_launch PORTS OUT [OSSEMU ARGS...] — starts an ossemu with the test keys (the secret through
# the environment, not the command line) on free ports listed in the file PORTS, its output in
# OUT; waits until it listens. Sets LAUNCHED_PID and LAUNCHED_PORT (its first region's port).
emu_launch() {
    local ports=$1 out=$2 i
    shift 2
    rm -f "$ports"
    OSSEMU_ACCESS_KEY_SECRET=$SK "$OSSEMU" --access-key-id "$AK" --port 0 --port-file "$ports" \
        "$@" >"$out" 2>&1 &
    LAUNCHED_PID=$!
    for i in $(seq 1 250); do
        [ -s "$ports" ] && break
        kill -0 "$LAUNCHED_PID" 2>/dev/null || { echo "ossemu died: $(cat "$out")"; exit 1; }
        sleep 0.02
    done
    LAUNCHED_PORT=$(awk 'NR==1 {print $2}' "$ports")
    [ -n "$LAUNCHED_PORT" ] || { echo "ossemu did not start: $(cat "$out")"; exit 1; }
}

emu_up() {
    emu_down
    EMU_LOG=$TMP/emu.log
    : > "$EMU_LOG"
    emu_launch "$TMP/ports" "$TMP/emu.out" --log "$EMU_LOG" "$@"
    EMU_PID=$LAUNCHED_PID EMU_PORT=$LAUNCHED_PORT
}

emu_down() {
    if [ -n "${EMU_PID:-}" ]; then
        kill "$EMU_PID" 2>/dev/null
        wait "$EMU_PID" 2>/dev/null
        EMU_PID=""
    fi
}

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
