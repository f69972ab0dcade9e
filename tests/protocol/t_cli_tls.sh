#!/usr/bin/env bash
# t_cli_tls.sh — TLS verification stays on: a certificate the system does not trust is refused,
# ca_file adds a CA, and only an explicit insecure_tls = true turns checking off (with a warning).
# ossemu speaks plain HTTP; socat terminates TLS in front of it with a certificate made here.
. "$(dirname "$0")/lib/cli.sh"
command -v socat >/dev/null || { echo "socat not installed"; exit 77; }

cat > "$TMP/fixture.cfg" <<'F'
buckets = ( { name = "alpha"; algorithm = "AES256"; } );
F
emu_up --fixture "$TMP/fixture.cfg"
# A CA, and a server certificate for localhost and alpha.localhost signed by it (OpenSSL does
# not let a wildcard stand for a label directly under a one-label name like localhost).
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=sseadm test CA" \
    -keyout "$TMP/ca.key" -out "$TMP/ca.pem" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout "$TMP/srv.key" \
    -out "$TMP/srv.csr" 2>/dev/null
printf 'subjectAltName=DNS:localhost,DNS:alpha.localhost\n' > "$TMP/ext"
openssl x509 -req -in "$TMP/srv.csr" -CA "$TMP/ca.pem" -CAkey "$TMP/ca.key" -CAcreateserial \
    -days 2 -extfile "$TMP/ext" -out "$TMP/srv.pem" 2>/dev/null
cat "$TMP/srv.pem" "$TMP/srv.key" > "$TMP/srv.both"
TLS_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
socat "OPENSSL-LISTEN:$TLS_PORT,bind=127.0.0.1,reuseaddr,fork,cert=$TMP/srv.both,verify=0" \
      "TCP:127.0.0.1:$EMU_PORT" 2>/dev/null &
SOCAT=$!
trap 'kill $SOCAT 2>/dev/null; cleanup' EXIT
for _ in $(seq 1 100); do (exec 3<>/dev/tcp/127.0.0.1/$TLS_PORT) 2>/dev/null && break; sleep 0.02; done

tls_config() { # extra profile keys, extra network keys
    cat > "$CFG" <<CONF
version = 1;
profiles = ( { name = "t"; endpoint = "https://localhost:$TLS_PORT"; region = "cn-hangzhou";
               access_key_id = "$AK"; access_key_secret = "$SK"; buckets = ( "alpha" ); $1 } );
network = { timeout_s = 5; connect_timeout_s = 2; retries = 0; $2 };
CONF
    chmod 600 "$CFG"
}

case_ "an untrusted certificate is refused"
tls_config "" ""
log_reset
run_sseadm get alpha
expect_rc 1
expect_err 'alpha: TLSError: TLS with alpha.localhost:[0-9]+ failed'
expect_log_count 0 GET

case_ "ca_file adds the CA"
tls_config "" "ca_file = \"$TMP/ca.pem\";"
run_sseadm get alpha
expect_rc 0
expect_out $'^t\talpha\tAES256'
expect_no_out 'warning'

case_ "insecure_tls turns checking off, loudly"
tls_config "insecure_tls = true;" ""
run_sseadm get alpha
expect_rc 0
expect_out $'^t\talpha\tAES256'
expect_err 'warning: TLS certificate verification is OFF for profile "t"'

case_ "plain http is untouched"
write_config
run_sseadm get alpha
expect_rc 0

cli_finish cli-tls
