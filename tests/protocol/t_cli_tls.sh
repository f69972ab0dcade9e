#!/usr/bin/env bash
# t_cli_tls.sh — TLS verification stays on: a certificate the system does not trust is refused,
# ca_file adds a CA, the certificate is checked for every bucket's own host name, and only an
# explicit insecure_tls = true turns checking off (with a warning). ossemu serves HTTPS itself
# (--tls-cert) with a certificate made here by emu_make_ca.
. "$(dirname "$0")/lib/cli.sh"

cat > "$TMP/fixture.cfg" <<'F'
buckets = ( { name = "alpha"; algorithm = "AES256"; }, { name = "beta"; algorithm = "SM4"; } );
F
# localhost and alpha.localhost, not beta.localhost (OpenSSL does not let a wildcard stand for a
# label directly under a one-label name like localhost, so each bucket is named).
emu_make_ca "$TMP/tls" localhost alpha.localhost 127.0.0.1
CA=$EMU_CA
EMU_CA= # sseadm is what must be given the CA, not emu.sh's own requests
emu_up --fixture "$TMP/fixture.cfg" --tls-cert "$EMU_TLS_CERT" --tls-key "$EMU_TLS_KEY"

tls_config() { # extra profile keys, extra network keys, buckets
    local buckets=${3:-'"alpha"'}
    cat > "$CFG" <<CONF
version = 1;
profiles = ( { name = "t"; endpoint = "https://localhost:$EMU_PORT"; region = "cn-hangzhou";
               access_key_id = "$AK"; access_key_secret = "$SK"; buckets = ( $buckets ); $1 } );
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
tls_config "" "ca_file = \"$CA\";"
log_reset
run_sseadm get alpha
expect_rc 0
expect_out $'^t\talpha\tAES256'
expect_no_out 'warning'
expect_log_count 1 GET '"tls":"full"'

case_ "the certificate is checked for each bucket's host name"
tls_config "" "ca_file = \"$CA\";" '"alpha", "beta"'
log_reset
run_sseadm get alpha beta
expect_rc 1
expect_out $'^t\talpha\tAES256'
expect_err 'beta: TLSError: TLS with beta.localhost:[0-9]+ failed'
expect_log_count 1 GET
expect_log_count 0 GET '"host":"beta'

case_ "insecure_tls turns checking off, loudly"
tls_config "insecure_tls = true;" "" '"alpha", "beta"'
run_sseadm get alpha beta
expect_rc 0
expect_out $'^t\talpha\tAES256'
expect_out $'^t\tbeta\tSM4'
expect_err 'warning: TLS certificate verification is OFF for profile "t"'

case_ "plain http is untouched"
emu_up --fixture "$TMP/fixture.cfg"
write_config
run_sseadm get alpha
expect_rc 0

cli_finish cli-tls
