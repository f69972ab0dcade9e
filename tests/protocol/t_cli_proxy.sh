#!/usr/bin/env bash
# t_cli_proxy.sh — an HTTP proxy from the configuration, or from the usual http_proxy/no_proxy
# variables, carries sseadm's requests (a small relay of the test's own logs what passes).
. "$(dirname "$0")/lib/cli.sh"
command -v python3 >/dev/null || { echo "no python3"; exit 77; }
cat > "$TMP/fixture.cfg" <<'F'
buckets = ( { name = "alpha"; algorithm = "AES256"; } );
F
emu_up --fixture "$TMP/fixture.cfg"
python3 "$(dirname "$0")/lib/proxy.py" "$TMP/proxy.port" "$TMP/proxy.log" &
PROXY=$!
trap 'kill $PROXY 2>/dev/null; cleanup' EXIT
for _ in $(seq 1 100); do [ -s "$TMP/proxy.port" ] && break; sleep 0.05; done
PP=$(cat "$TMP/proxy.port")
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY no_proxy NO_PROXY all_proxy ALL_PROXY

proxied() { grep -c "GET http://localhost:$EMU_PORT/alpha/?encryption 200" "$TMP/proxy.log" 2>/dev/null || true; }

case_ "proxy from the configuration"
NETWORK="timeout_s = 5; connect_timeout_s = 2; retries = 0; proxy = \"http://127.0.0.1:$PP\";" \
    write_config "access_key_id = \"$AK\"; access_key_secret = \"$SK\"; addressing = \"path\";"
run_sseadm get alpha
expect_rc 0
expect_out $'^t\talpha\tAES256'
[ "$(proxied)" -eq 1 ] && ok || bad "the proxy saw $(proxied) requests, want 1"

case_ "proxy from http_proxy"
NETWORK="timeout_s = 5; connect_timeout_s = 2; retries = 0;" \
    write_config "access_key_id = \"$AK\"; access_key_secret = \"$SK\"; addressing = \"path\";"
http_proxy=http://127.0.0.1:$PP run_sseadm get alpha
expect_rc 0
[ "$(proxied)" -eq 2 ] && ok || bad "the proxy saw $(proxied) requests, want 2"

case_ "no_proxy bypasses it"
http_proxy=http://127.0.0.1:$PP no_proxy=localhost run_sseadm get alpha
expect_rc 0
[ "$(proxied)" -eq 2 ] && ok || bad "no_proxy was not honoured"

case_ "an unreachable proxy is a clear error"
http_proxy=http://127.0.0.1:9 run_sseadm get alpha
expect_rc 1
expect_err 'alpha: NetworkError: '

cli_finish cli-proxy
