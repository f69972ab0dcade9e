#!/usr/bin/env bash
# t_cli.sh — the CLI end to end against ossemu: every command and format, V1 and V4, virtual and
# path addressing, STS from the environment, OSS errors shown with code and request id, exit
# statuses, and that refused input sends nothing.
. "$(dirname "$0")/lib/cli.sh"

cat > "$TMP/fixture.cfg" <<'FIX'
buckets = (
  { name = "alpha"; algorithm = "AES256"; },
  { name = "beta"; algorithm = "KMS"; kms_key_id = "9468da86-3509-4f8d-a61e-6eab1eac0000"; data_encryption = "SM4"; },
  { name = "plain"; },
  { name = "smfour"; algorithm = "SM4"; },
  { name = "kmsonly"; algorithm = "KMS"; },
  { name = "locked"; algorithm = "AES256"; access = "denied"; }
);
FIX
emu_up --fixture "$TMP/fixture.cfg"
BUCKETS='"alpha", "beta", "plain", "smfour", "kmsonly", "locked"'
write_config

case_ "report tsv"
run_sseadm report
expect_rc 1
expect_out_exact "$(printf '%s\n' \
  $'t\talpha\tAES256\t\t\tok\t\t' \
  $'t\tbeta\tKMS\t9468da86-3509-4f8d-a61e-6eab1eac0000\tSM4\tok\t\t' \
  $'t\tplain\tnone\t\t\tok\t\t' \
  $'t\tsmfour\tSM4\t\t\tok\t\t' \
  $'t\tkmsonly\tKMS\t\t\tok\t\t' | sed '$!b')"$'\n'"$(grep -o "t	locked	.*" "$OUT_F")"
expect_out $'^t\tlocked\t\t\t\tAccessDenied\t[^\t]+\t[0-9A-F]{24}$'
expect_err '^sseadm: locked: AccessDenied: .*\(HTTP 403, request id [0-9A-F]{24}'
expect_log_count 6 GET

case_ "report json"
run_sseadm report --format json
expect_rc 1
python3 - "$OUT_F" <<'PY' && ok || bad "json report content"
import json, sys
rows = {r["bucket"]: r for r in json.load(open(sys.argv[1]))}
assert rows["alpha"] == {"bucket": "alpha", "profile": "t", "algorithm": "AES256", "kms_key_id": None, "kms_data_encryption": None, "status": "ok", "error": None}, rows["alpha"]
assert rows["beta"]["kms_key_id"] == "9468da86-3509-4f8d-a61e-6eab1eac0000" and rows["beta"]["kms_data_encryption"] == "SM4"
assert rows["plain"]["algorithm"] is None and rows["plain"]["error"] is None
assert rows["smfour"]["algorithm"] == "SM4"
assert rows["kmsonly"]["algorithm"] == "KMS" and rows["kmsonly"]["kms_key_id"] is None
e = rows["locked"]["error"]
assert rows["locked"]["status"] == "AccessDenied" and e["code"] == "AccessDenied" and len(e["request_id"]) == 24 and e["message"], e
assert rows["locked"]["algorithm"] is None
PY

case_ "get csv and table"
run_sseadm get alpha plain --format csv
expect_rc 0
expect_out_exact "profile,bucket,algorithm,kms_key_id,kms_data_encryption,status,error_message,request_id
t,alpha,AES256,,,ok,,
t,plain,none,,,ok,,"
run_sseadm get beta --format table
expect_rc 0
expect_out '^PROFILE +BUCKET +ALGORITHM +KMS KEY ID +DATA ENC +STATUS$'
expect_out '^t +beta +KMS +9468da86-3509-4f8d-a61e-6eab1eac0000 +SM4 +ok$'

case_ "get unknown bucket"
run_sseadm get nosuchbucket
expect_rc 1
expect_err 'nosuchbucket: NoSuchBucket: The specified bucket does not exist. \(HTTP 404, request id [0-9A-F]{24}, EC 0015-00000101\)'

for sv in 4 1; do
  for addr in virtual path; do
    case_ "set each algorithm, signature V$sv, $addr addressing"
    write_config "access_key_id = \"$AK\"; access_key_secret = \"$SK\"; signature_version = $sv; addressing = \"$addr\";"
    log_reset
    run_sseadm set plain --algorithm AES256
    expect_rc 0
    expect_out_exact $'t\tplain\tAES256\t\t\tok\t\t'
    run_sseadm set plain --algorithm KMS
    expect_out_exact $'t\tplain\tKMS\t\t\tok\t\t'
    run_sseadm set plain --algorithm kms --kms-key-id 'key-<&>"'"'"'-1' --kms-data-encryption SM4
    expect_rc 0
    expect_out_exact $'t\tplain\tKMS\tkey-<&>"\'-1\tSM4\tok\t\t'
    run_sseadm set plain --algorithm SM4
    expect_out_exact $'t\tplain\tSM4\t\t\tok\t\t'
    expect_log_count 4 PUT
    # Per set: the CLI's read (the write is conditional on it), the worker's read right before the
    # write, and the read-back.
    expect_log_count 12 GET
    if [ $sv = 4 ]; then expect_log_count 12 GET '"Authorization":"OSS4-HMAC-SHA256 Credential='"$AK"'/'
    else expect_log_count 12 GET '"Authorization":"OSS '"$AK"'"'; fi
    if [ $addr = virtual ]; then expect_log_count 4 PUT '"host":"plain.localhost:'
    else expect_log_count 4 PUT '"host":"localhost:[0-9]*","path":"/plain/"'; fi
    expect_log_count 4 PUT '"Content-MD5":"'
    expect_log_count 1 PUT '"body":"<ServerSideEncryptionRule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>KMS</SSEAlgorithm><KMSMasterKeyID>key-&lt;&amp;&gt;'
    run_sseadm remove plain --yes
    expect_rc 0
    expect_out_exact $'t\tplain\tnone\t\t\tok\t\t'
    expect_log_count 1 DELETE
  done
done
write_config

case_ "refused input sends nothing"
log_reset
for args in "set alpha --algorithm DES" "set alpha --algorithm AES256 --kms-key-id k" \
            "set alpha --algorithm SM4 --kms-data-encryption SM4" \
            "set alpha --algorithm KMS --kms-data-encryption AES256" "set alpha" \
            "get Bad_Name" "get ab" "get -- -bucket" "set alpha --algorithm none" \
            "get alpha --format yaml" "get" "remove alpha" "frobnicate" "get alpha --bogus" \
            "get alpha alpha" "set alpha --algorithm KMS --kms-key-id ''" "report alpha"; do
    eval "run_sseadm $args"
    [ "$RC" -eq 2 ] && ok || bad "'$args' exit $RC, want 2"
    [ -s "$ERR_F" ] && ok || bad "'$args' printed no reason"
done
expect_log_count 0 GET
expect_log_count 0 PUT
expect_log_count 0 DELETE
run_sseadm set alpha --algorithm AES256 --kms-key-id k
expect_err 'CMK ID can only be given with algorithm KMS, not AES256; nothing was sent'
run_sseadm get Bad_Name
expect_err 'upper-case'
run_sseadm remove alpha
expect_err 'not on a terminal, so --yes is required'

case_ "credentials from the environment, STS"
emu_down
emu_up --fixture "$TMP/fixture.cfg" --security-token "CAIS-sts-token+/=="
write_config " "
run_sseadm get alpha
expect_rc 2
expect_err 'OSS_ACCESS_KEY_ID'
expect_err 'access_key_id'
OSS_ACCESS_KEY_ID=$AK OSS_ACCESS_KEY_SECRET=$SK OSS_SESSION_TOKEN="CAIS-sts-token+/==" run_sseadm get alpha
expect_rc 0
expect_out $'^t\talpha\tAES256'
expect_log_count 1 GET '"x-oss-security-token":"<redacted>"'
OSS_ACCESS_KEY_ID=$AK OSS_ACCESS_KEY_SECRET=$SK OSS_SESSION_TOKEN="wrong-token" run_sseadm get alpha
expect_rc 1
expect_err 'InvalidSecurityToken'
for sv in 1 4; do
  write_config "signature_version = $sv;"
  OSS_ACCESS_KEY_ID=$AK OSS_ACCESS_KEY_SECRET=$SK OSS_SESSION_TOKEN="CAIS-sts-token+/==" run_sseadm set plain --algorithm SM4
  expect_rc 0
  expect_out $'^t\tplain\tSM4'
done
emu_down
emu_up --fixture "$TMP/fixture.cfg"

case_ "wrong secret and unknown key"
write_config "access_key_id = \"$AK\"; access_key_secret = \"not-the-secret\";"
run_sseadm get alpha
expect_rc 1
expect_err 'alpha: SignatureDoesNotMatch: .*HTTP 403, request id [0-9A-F]{24}'
write_config "access_key_id = \"LTAInobody\"; access_key_secret = \"$SK\";"
run_sseadm get alpha
expect_rc 1
expect_err 'InvalidAccessKeyId'
write_config

case_ "configuration errors"
printf 'version = 1;\nprofiles = ( { name = "t"; endpiont = "x"; } );\n' > "$TMP/bad.cfg"
run_raw -c "$TMP/bad.cfg" get alpha
expect_rc 2
expect_err "bad.cfg:2: .*endpiont"
run_raw -c "$TMP/missing.cfg" get alpha
expect_rc 2
expect_err 'missing.cfg'
run_raw -c "$CFG" -p nosuch get alpha
expect_rc 2
expect_err 'nosuch'

case_ "remove, history and undo"
write_config
log_reset
run_sseadm set alpha --algorithm KMS --kms-key-id undo-key
expect_rc 0
run_sseadm remove beta --yes
expect_out_exact $'t\tbeta\tnone\t\t\tok\t\t'
run_sseadm history --format json
expect_rc 0
python3 - "$OUT_F" <<'PY' && ok || bad "history json"
import json, sys
lines = open(sys.argv[1]).read().splitlines()
recs = [json.loads(l) for l in lines]          # one object per line
ops = [(r["operation"], r["bucket"], r["outcome"]) for r in recs]
assert ("set", "alpha", "ok") in ops and ("remove", "beta", "ok") in ops, ops
beta = [r for r in recs if r["bucket"] == "beta"][-1]
assert beta["before"] == {"algorithm": "KMS", "kms_key_id": "9468da86-3509-4f8d-a61e-6eab1eac0000", "kms_data_encryption": "SM4"}, beta
assert beta["after"] == {"algorithm": None, "kms_key_id": None, "kms_data_encryption": None}, beta
assert beta["requested"] is None and beta["expected"] is None and beta["undoes"] is None, beta
assert beta["error_code"] is None and beta["error_message"] is None, beta
assert isinstance(beta["request_ids"], list) and len(beta["request_ids"]) == 3, beta
assert all(len(i) == 24 for i in beta["request_ids"]), beta
alpha = [r for r in recs if r["bucket"] == "alpha"][-1]
assert alpha["requested"] == {"algorithm": "KMS", "kms_key_id": "undo-key", "kms_data_encryption": None}, alpha
assert set(alpha) == {"time", "operation", "operation_id", "undoes", "profile", "endpoint", "bucket", "before", "requested", "after", "expected", "outcome", "error_code", "error_message", "request_ids"}, sorted(alpha)
PY
[ "$(stat -c %a "$XDG_STATE_HOME/sseadm/audit.log")" = 600 ] && ok || bad "audit log mode"
run_sseadm undo beta
expect_rc 2
expect_err 'required'
run_sseadm undo beta --yes
expect_rc 0
expect_out_exact $'t\tbeta\tKMS\t9468da86-3509-4f8d-a61e-6eab1eac0000\tSM4\tok\t\t'
run_sseadm undo alpha --yes
expect_out_exact $'t\talpha\tAES256\t\t\tok\t\t'
run_sseadm undo smfour --yes
expect_rc 2
expect_err 'no change to bucket smfour'
run_sseadm history alpha
expect_out 'undo'
run_sseadm history --format csv
expect_out '^time,operation,profile,bucket,before,requested,after,outcome,error,request_ids,operation_id$'

case_ "nothing to change: the rule a bucket holds is not written again, nor logged"
lines=$(wc -l < "$XDG_STATE_HOME/sseadm/audit.log")
log_reset
run_sseadm set alpha --algorithm AES256
expect_rc 0
expect_out_exact $'t\talpha\tAES256\t\t\tok\t\t'
run_sseadm remove plain --yes
expect_rc 0
expect_out_exact $'t\tplain\tnone\t\t\tok\t\t'
expect_log_count 2 GET     # the CLI's reads, which show nothing to change: no write, no read-back
expect_log_count 0 PUT
expect_log_count 0 DELETE
[ "$(wc -l < "$XDG_STATE_HOME/sseadm/audit.log")" -eq "$lines" ] && ok || bad "the audit log grew"

case_ "secrets never appear"
cat "$OUT_F" "$ERR_F" "$EMU_LOG" "$XDG_STATE_HOME/sseadm/audit.log" | grep -q -- "$SK" && bad "secret leaked" || ok
run_sseadm -v report
grep -q -- "$SK" "$OUT_F" "$ERR_F" && bad "secret in verbose output" || ok

case_ "help and version"
run_raw --version
expect_rc 0
expect_out '^sseadm [0-9]+\.[0-9]+'
run_raw --help
expect_out 'get BUCKET'
run_raw set --help
expect_out '--kms-data-encryption'

cli_finish cli
