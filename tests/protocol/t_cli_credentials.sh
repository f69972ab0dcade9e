#!/usr/bin/env bash
# t_cli_credentials.sh — credentials the way administrators have them, end to end against
# ossemu's STS and OSS (tests/data/emu/ident.cfg): roles assumed across accounts with
# source_profile (one AssumeRole per source and role, shared), an ExternalId, a role assumed with
# a role, aliyun CLI profiles (AK, RamRoleArn, External), the credentials file, the OSS_* and
# ALIBABA_CLOUD_* variables, OIDC; `profiles` and `profiles --check`; STS's errors with code and
# request id, once per profile; and never a secret in what sseadm prints.
set -u
. "$SSE_SOURCE/tests/protocol/lib/cli.sh"
. "$SSE_SOURCE/tests/protocol/lib/rpc.sh"
FIX=$SSE_SOURCE/tests/data/emu/ident.cfg
AUDITOR=acs:ram::1234567890123456:role/auditor
REVIEWER_AK=LTAI5tReviewerKey1 REVIEWER_SK=ReviewerSecret1
mkdir -p "$HOME"

emu_up --fixture "$FIX"

# profile NAME KEYS... — one profile at the emulator, reading hz-logs
profile() {
    local name=$1
    shift
    printf '  { name = "%s"; endpoint = "%s"; region = "cn-hangzhou"; addressing = "path";\n' \
        "$name" "$EMU_URL"
    printf '    sts_endpoint = "%s"; buckets = ( "hz-logs" ); %s }' "$EMU_URL" "$*"
}
# config PROFILE-TEXT... — $CFG with those profiles (mode 0600)
config() {
    local IFS=$',\n'
    printf 'version = 1;\nprofiles = (\n%s\n);\n' "$*" >"$CFG"
    printf 'network = { timeout_s = 5; connect_timeout_s = 2; retries = 1; concurrency = 4; };\n' >>"$CFG"
    chmod 600 "$CFG"
}
HUB_KEYS="access_key_id = \"$AK\"; access_key_secret = \"$SK\";"
# sts_count ACTION [PYTHON-CONDITION] — STS requests of that action in the emulator's log
sts_count() {
    python3 - "$EMU_LOG" "$1" "${2:-True}" <<'PY'
import json, sys, urllib.parse
n = 0
for line in open(sys.argv[1]):
    d = json.loads(line)
    if d.get("service") != "sts" or d.get("action") != sys.argv[2]:
        continue
    d["body"] = dict(urllib.parse.parse_qsl(d.get("body") or ""))
    if eval(sys.argv[3]):
        n += 1
print(n)
PY
}
expect_sts() { # N ACTION [CONDITION]
    local n
    n=$(sts_count "$2" "${3:-True}")
    [ "$n" -eq "$1" ] && ok || bad "STS saw $n $2 (${3:-}), want $1"
}
# oss_signers — the distinct ARNs that signed OSS requests
oss_signers() {
    python3 - "$EMU_LOG" <<'PY'
import json, sys
seen = []
for line in open(sys.argv[1]):
    d = json.loads(line)
    if d.get("service", "oss") == "oss" and d.get("signer"):
        a = d["signer"]["arn"]
        if a not in seen:
            seen.append(a)
print(" ".join(seen))
PY
}
no_secret() { # the secrets sseadm holds, in nothing it printed
    local s
    for s in "$SK" "$REVIEWER_SK" "$@"; do
        if grep -qF -- "$s" "$OUT_F" "$ERR_F"; then bad "a secret was printed"; return; fi
    done
    ok
}

# ---- roles across accounts ------------------------------------------------------------------
case_ "three accounts through one hub: each profile assumes its role with the hub's keys"
config "$(profile hub "$HUB_KEYS")" \
    "$(profile prod "role_arn = \"$AUDITOR\"; source_profile = \"hub\";")" \
    "$(profile prod-eu "role_arn = \"$AUDITOR\"; source_profile = \"hub\";")" \
    "$(profile partner "role_arn = \"acs:ram::2222222222222222:role/partner\"; source_profile = \"hub\"; external_id = \"partner-ext-42\"; role_session_name = \"sec-review\";")" \
    "$(profile chained "role_arn = \"acs:ram::3333333333333333:role/chained\"; source_profile = \"prod\";")"
log_reset
run_sseadm report
expect_rc 0
expect_out $'^hub\thz-logs\tKMS\tkey-hz-prod\t\tok'
expect_out $'^prod\thz-logs\tKMS\tkey-hz-prod\t\tok'
expect_out $'^partner\thz-logs\tKMS'
expect_out $'^chained\thz-logs\tKMS'
expect_sts 1 AssumeRole "d['body']['RoleArn'] == '$AUDITOR'"
expect_sts 1 AssumeRole "d['body']['RoleArn'].endswith('role/partner') and d['body']['ExternalId'] == 'partner-ext-42' and d['body']['RoleSessionName'] == 'sec-review'"
expect_sts 1 AssumeRole "d['body']['RoleArn'].endswith('role/chained') and d['signer']['arn'].startswith('acs:ram::1234567890123456:assumed-role/auditor/')"
expect_sts 3 AssumeRole
signers=$(oss_signers)
for who in 'acs:ram::1738264905170913:user/ops' 'acs:ram::1234567890123456:assumed-role/auditor/' \
    'acs:ram::2222222222222222:assumed-role/partner/sec-review' 'acs:ram::3333333333333333:assumed-role/chained/'; do
    [[ " $signers" == *" $who"* ]] && ok || bad "OSS requests were not signed as $who (signers: $signers)"
done
check_sessions=$(sts_count AssumeRole "d['body']['RoleSessionName'].startswith('sseadm-')")
[ "$check_sessions" -eq 2 ] && ok || bad "default session names: $check_sessions of 2 are sseadm-USER"
no_secret

case_ "profiles: where each profile's credentials come from, nothing fetched"
log_reset
run_sseadm profiles
expect_rc 0
expect_out $'^hub\tcn-hangzhou\thttp://localhost:[0-9]+\tkeys of sseadm profile hub$'
expect_out "^prod	.*	role $AUDITOR, assumed with sseadm profile hub: keys of sseadm profile hub\$"
expect_out "^chained	.*	role acs:ram::3333333333333333:role/chained, assumed with sseadm profile prod: role $AUDITOR"
[ ! -s "$EMU_LOG" ] && ok || bad "profiles without --check sent a request"
no_secret

case_ "profiles --check: who each profile is, as STS says"
run_sseadm profiles --check --format json
expect_rc 0
python3 - "$OUT_F" <<'PY' && ok || bad "profiles --check JSON"
import json, sys
rows = {r["profile"]: r for r in json.load(open(sys.argv[1]))}
assert rows["hub"]["account_id"] == "1738264905170913", rows["hub"]
assert rows["hub"]["arn"] == "acs:ram::1738264905170913:user/ops"
assert rows["hub"]["identity_type"] == "RAMUser" and rows["hub"]["expires"] is None
assert rows["prod"]["account_id"] == "1234567890123456"
assert rows["prod"]["identity_type"] == "AssumedRoleUser"
assert rows["prod"]["expires"].endswith("Z"), rows["prod"]
assert rows["partner"]["arn"] == "acs:ram::2222222222222222:assumed-role/partner/sec-review"
assert rows["chained"]["account_id"] == "3333333333333333"
assert all(r["error"] is None for r in rows.values())
PY
no_secret

case_ "a role that does not trust the hub: STS's error once, with its code and request id"
config "$(profile hub "$HUB_KEYS")" \
    "$(profile denied "role_arn = \"acs:ram::1738264905170913:role/reviewer-only\"; source_profile = \"hub\";")"
log_reset
run_sseadm report
expect_rc 1
expect_out $'^hub\thz-logs\tKMS'
expect_err 'sseadm: NoPermission: cannot get the credentials of profile denied: AssumeRole acs:ram::1738264905170913:role/reviewer-only at http://localhost:[0-9]+: .*request id [0-9A-F-]+.*; nothing was sent for its 1 bucket$'
[ "$(grep -c 'denied' "$ERR_F")" -eq 1 ] && ok || bad "the profile's error was said more than once"
[ "$(log_count GET)" -eq 1 ] && ok || bad "an OSS request went out for the profile without credentials"
run_sseadm profiles --check
expect_rc 1
expect_out $'^hub\t.*\t1738264905170913\tacs:ram::1738264905170913:user/ops\tRAMUser\t\t$'
expect_out $'^denied\t.*\t\t\t\t\tNoPermission: cannot get the credentials of profile denied: AssumeRole'

# ---- the aliyun CLI's profiles ----------------------------------------------------------------
case_ "aliyun_profile: AK, RamRoleArn and External profiles of ~/.aliyun/config.json"
mkdir -p "$HOME/.aliyun"
cat >"$TMP/creds-cmd" <<EOF
#!/bin/sh
# an External source: prints its credentials as the aliyun CLI expects, and its arguments
printf '{"mode":"AK","access_key_id":"$REVIEWER_AK","access_key_secret":"$REVIEWER_SK"}'
[ "\$1" = "two words" ] || exit 3
EOF
chmod 755 "$TMP/creds-cmd"
cat >"$HOME/.aliyun/config.json" <<EOF
{ "current": "ak", "profiles": [
  { "name": "ak", "mode": "AK", "access_key_id": "$REVIEWER_AK", "access_key_secret": "$REVIEWER_SK",
    "region_id": "cn-hangzhou" },
  { "name": "review", "mode": "RamRoleArn", "access_key_id": "$REVIEWER_AK",
    "access_key_secret": "$REVIEWER_SK", "ram_role_arn": "acs:ram::1738264905170913:role/reviewer-only",
    "ram_session_name": "cli-review", "sts_endpoint": "$EMU_URL", "region_id": "cn-hangzhou" },
  { "name": "ext", "mode": "External", "process_command": "$TMP/creds-cmd 'two words'" }
] }
EOF
chmod 600 "$HOME/.aliyun/config.json"
config "$(profile viaak 'aliyun_profile = "ak";')" "$(profile viarole 'aliyun_profile = "review";')" \
    "$(profile viaext 'aliyun_profile = "ext";')"
log_reset
run_sseadm profiles --check
expect_rc 0
expect_out $'^viaak\t.*\taliyun CLI profile ak \\(AK\\)\t1738264905170913\tacs:ram::1738264905170913:user/reviewer\t'
expect_out $'^viarole\t.*\taliyun CLI profile review \\(RamRoleArn acs:ram::1738264905170913:role/reviewer-only\\)\t1738264905170913\tacs:ram::1738264905170913:assumed-role/reviewer-only/cli-review\t'
expect_out $'^viaext\t.*\taliyun CLI profile ext \\(External\\)\t1738264905170913\tacs:ram::1738264905170913:user/reviewer\t'
no_secret
run_sseadm report
expect_rc 0
expect_out $'^viarole\thz-logs\tKMS'

case_ "an aliyun_profile that is not there: did you mean, nothing sent"
config "$(profile typo 'aliyun_profile = "reveiw";')"
log_reset
run_sseadm report
expect_rc 2
expect_err 'profile "reveiw".*did you mean "review"'
[ ! -s "$EMU_LOG" ] && ok || bad "a request went out"

case_ "an aliyun CLI configuration others may read draws the warning"
chmod 644 "$HOME/.aliyun/config.json"
config "$(profile viaak 'aliyun_profile = "ak";')"
run_sseadm profiles
expect_rc 0
expect_err 'warning: .*config.json.*readable by others.*chmod 600'
chmod 600 "$HOME/.aliyun/config.json"

# ---- the default chain --------------------------------------------------------------------------
case_ "no keys in the profile: the environment's OSS_* first, then ALIBABA_CLOUD_*"
config "$(profile plain '')"
log_reset
OSS_ACCESS_KEY_ID=$AK OSS_ACCESS_KEY_SECRET=$SK ALIBABA_CLOUD_ACCESS_KEY_ID=$REVIEWER_AK \
    ALIBABA_CLOUD_ACCESS_KEY_SECRET=$REVIEWER_SK run_sseadm profiles --check
expect_rc 0
expect_out $'^plain\t.*\tenvironment OSS_ACCESS_KEY_ID\t1738264905170913\tacs:ram::1738264905170913:user/ops\t'
ALIBABA_CLOUD_ACCESS_KEY_ID=$REVIEWER_AK ALIBABA_CLOUD_ACCESS_KEY_SECRET=$REVIEWER_SK \
    run_sseadm profiles --check
expect_out $'^plain\t.*\tenvironment ALIBABA_CLOUD_ACCESS_KEY_ID\t1738264905170913\tacs:ram::1738264905170913:user/reviewer\t'
no_secret
OSS_ACCESS_KEY_ID=$AK run_sseadm report
expect_rc 2
expect_err 'OSS_ACCESS_KEY_ID is set but OSS_ACCESS_KEY_SECRET is not|OSS_ACCESS_KEY_SECRET'

case_ "the credentials file, after the aliyun CLI's (which is not there now)"
mv "$HOME/.aliyun/config.json" "$TMP/config.json.away"
mkdir -p "$HOME/.alibabacloud"
printf '[default]\ntype = access_key\naccess_key_id = %s\naccess_key_secret = %s\n' \
    "$REVIEWER_AK" "$REVIEWER_SK" >"$HOME/.alibabacloud/credentials"
chmod 600 "$HOME/.alibabacloud/credentials"
run_sseadm profiles --check
expect_rc 0
expect_out $'^plain\t.*\tcredentials file .*credentials.*\tacs:ram::1738264905170913:user/reviewer\t'
rm -f "$HOME/.alibabacloud/credentials"

case_ "OIDC from the environment, at the profile's sts_endpoint"
now=$(date +%s)
jwt_make "{\"iss\":\"https://oidc-ack-cn-hangzhou.oss-cn-hangzhou.aliyuncs.com/c1234\",\"aud\":\"sts.aliyuncs.com\",\"sub\":\"system:serviceaccount:ops:sseadm\",\"exp\":$((now + 600)),\"iat\":$now}" >"$TMP/oidc-token"
config "$(profile k8s '')"
log_reset
ALIBABA_CLOUD_ROLE_ARN=acs:ram::1738264905170913:role/k8s-app \
    ALIBABA_CLOUD_OIDC_PROVIDER_ARN=acs:ram::1738264905170913:oidc-provider/ack-rrsa \
    ALIBABA_CLOUD_OIDC_TOKEN_FILE=$TMP/oidc-token run_sseadm profiles --check
expect_rc 0
expect_out $'^k8s\t.*\tenvironment OIDC \\(acs:ram::1738264905170913:role/k8s-app\\)\t1738264905170913\tacs:ram::1738264905170913:assumed-role/k8s-app/'
expect_sts 1 AssumeRoleWithOIDC
token=$(cat "$TMP/oidc-token")
! grep -qF -- "$token" "$OUT_F" "$ERR_F" && ok || bad "the OIDC token was printed"

case_ "nothing anywhere: a profile without credentials says how to give it some"
mv "$TMP/config.json.away" "$HOME/.aliyun/config.json.off"
config "$(profile bare '')"
log_reset
run_sseadm report
expect_rc 2
expect_err 'profile "bare" has no credentials: give it access_key_id and access_key_secret .*OSS_ACCESS_KEY_ID.*ALIBABA_CLOUD_ECS_METADATA_DISABLED'
[ ! -s "$EMU_LOG" ] && ok || bad "a request went out"
run_sseadm profiles
expect_rc 2
expect_out $'^bare\t.*\tnone: profile "bare" has no credentials'

cli_finish credentials
