#!/usr/bin/env bash
# t_cli_data_enc.sh — a KMSDataEncryption value sseadm does not know is shown as the server wrote
# it, with the status UnknownDataEncryption (never "unknown" with status ok), in every format, in a
# policy's verdict, in the audit log and history; undo refuses to write it back. The value comes
# from ossemu's SM4 through a relay that rewrites it (ossemu itself serves only what OSS documents).
. "$(dirname "$0")/lib/cli.sh"
command -v python3 >/dev/null || { echo "no python3"; exit 77; }
cat > "$TMP/fixture.cfg" <<'F'
buckets = ( { name = "alpha"; algorithm = "KMS"; kms_key_id = "k1"; data_encryption = "SM4"; },
            { name = "beta"; algorithm = "AES256"; } );
F
emu_up --fixture "$TMP/fixture.cfg"
python3 "$(dirname "$0")/lib/proxy.py" "$TMP/proxy.port" "$TMP/proxy.log" \
    '<KMSDataEncryption>SM4</KMSDataEncryption>' '<KMSDataEncryption>SM9</KMSDataEncryption>' &
PROXY=$!
trap 'kill $PROXY 2>/dev/null; cleanup' EXIT
for _ in $(seq 1 100); do [ -s "$TMP/proxy.port" ] && break; sleep 0.05; done
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY no_proxy NO_PROXY all_proxy ALL_PROXY
BUCKETS='"alpha", "beta"'
NETWORK="timeout_s = 5; connect_timeout_s = 2; retries = 0; proxy = \"http://127.0.0.1:$(cat "$TMP/proxy.port")\";" \
    write_config "access_key_id = \"$AK\"; access_key_secret = \"$SK\"; addressing = \"path\";"

case_ "every format keeps the value and says it is unknown"
run_sseadm get alpha --format tsv
expect_rc 0
expect_out_exact $'t\talpha\tKMS\tk1\tSM9\tUnknownDataEncryption\t\t'
run_sseadm get alpha --format csv
expect_out '^t,alpha,KMS,k1,SM9,UnknownDataEncryption,,$'
run_sseadm get alpha --format table
expect_out '^t +alpha +KMS +k1 +SM9 +UnknownDataEncryption$'
run_sseadm get alpha --format json
python3 - "$OUT_F" <<'PY' && ok || bad "json row"
import json, sys
row = json.load(open(sys.argv[1]))[0]
assert row["kms_data_encryption"] == "SM9" and row["status"] == "UnknownDataEncryption", row
assert row["error"] is None
PY

case_ "a policy that requires SM4 data encryption names the value"
printf 'version = 1;\nrules = ( { buckets = ( "alpha" ); require = "KMS"; kms_data_encryption = "SM4"; } );\n' > "$TMP/p.cfg"
run_sseadm report --policy "$TMP/p.cfg" --format tsv
expect_out $'^t\talpha\tKMS\tk1\tSM9\tUnknownDataEncryption\t\t\tdrifted\tdata encryption is "SM9" \\(unknown to sseadm\\), policy requires SM4$'

case_ "the audit log keeps it; history shows it; undo will not write it back"
run_sseadm set alpha --algorithm AES256
expect_rc 0
grep -q '"kms_data_encryption":"SM9"' "$XDG_STATE_HOME/sseadm/audit.log" && ok || bad "the audit log lost the value"
run_sseadm history --format tsv
expect_out $'\tset\tt\talpha\tKMS \\(CMK k1, unknown data encryption "SM9"\\)\tAES256\tAES256\tok'
log_reset
run_sseadm undo alpha --yes
expect_rc 1
expect_err 'the rule before the set at .* \(KMS \(CMK k1, unknown data encryption "SM9"\)\) cannot be written by sseadm; nothing was sent'
expect_log_count 0 PUT

cli_finish cli-data-enc
