#!/usr/bin/env bash
# t_endpoint_ident.sh — ossemu's STS, KMS and ECS metadata service answer like Alibaba Cloud's:
# the RPC signature on the published vector, Timestamp and nonce checks, role trust, issued
# credentials on the OSS side until they expire, OIDC, KMS paging/filters/regions/errors, the
# metadata token flow, the request log's identity fields, fixture errors and --persist.
# Run by CTest with SSE_BUILD and SSE_SOURCE; prints "endpoint_ident: N passed, M failed".
set -u
: "${SSE_BUILD:?SSE_BUILD is not set}" "${SSE_SOURCE:?SSE_SOURCE is not set}"
unset OSS_ACCESS_KEY_ID OSS_ACCESS_KEY_SECRET OSS_SESSION_TOKEN OSSEMU_ACCESS_KEY_ID \
	OSSEMU_ACCESS_KEY_SECRET OSSEMU_SECURITY_TOKEN RPC_URL RPC_HOST RPC_AK RPC_SECRET RPC_TOKEN \
	RPC_METHOD RPC_BODY RPC_SIG RPC_UNSIGNED
. "$SSE_SOURCE/tests/protocol/lib/emu.sh"
. "$SSE_SOURCE/tests/protocol/lib/rpc.sh"

for tool in "$EMU_BIN" "$EMU_SIGN"; do
	[ -x "$tool" ] || { echo "endpoint_ident: $tool is not built"; echo "endpoint_ident: 0 passed, 1 failed"; exit 1; }
done
for cmd in curl openssl python3; do
	command -v $cmd >/dev/null || { echo "endpoint_ident: $cmd is missing"; exit 1; }
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/t_endpoint_ident.XXXXXX")
trap 'emu_cleanup; rm -rf "$WORK"' EXIT
FIX=$SSE_SOURCE/tests/data/emu/ident.cfg
VEC=$SSE_SOURCE/tests/data/vectors/rpc-v1.json
PASS=0
FAIL=0
ok() { PASS=$((PASS + 1)); echo "ok   - $1"; }
bad() {
	FAIL=$((FAIL + 1))
	echo "FAIL - $1"
	echo "       status=$EMU_STATUS body=$(printf '%s' "$EMU_BODY" | head -c 400)"
}
check() { local name=$1; shift; if "$@"; then ok "$name"; else bad "$name"; fi; }
# expect NAME STATUS [CODE]: the last RPC answer (JSON or XML) had this status and Code
expect() {
	if [ "$EMU_STATUS" = "$2" ] && { [ -z "${3-}" ] || [ "$(rpc_field Code)" = "$3" ]; }; then
		ok "$1"
	else
		bad "$1 (wanted $2 ${3-})"
	fi
}
stop() {
	emu_stop
	local rc=$?
	[ $rc = 0 ] || { EMU_STATUS=exit-$rc; EMU_BODY=$(cat "$EMU_DIR/out"); bad "ossemu stopped cleanly"; }
}
# a top-level field of the last answer, JSON or XML
rpc_field() { printf '%s' "$EMU_BODY" | python3 -c "import json,sys,xml.etree.ElementTree as E
t = sys.stdin.read()
try:
    print(E.fromstring(t).findtext('$1') if t.startswith('<') else json.loads(t)['$1'])
except Exception:
    print('')"; }
vec() { python3 -c "import json,sys; print(json.load(open('$VEC'))['vectors'][$1]$2)"; }
# the Nth (1-based) log line whose JSON matches a python condition on d, as d[FIELD...]
log_count() { python3 - "$EMU_LOG" "$1" <<'PY'
import json, sys
n = 0
for line in open(sys.argv[1]):
    d = json.loads(line)
    if eval(sys.argv[2]):
        n += 1
print(n)
PY
}
last_log() { tail -n 1 "$EMU_LOG" | python3 -c "import json,sys; d=json.load(sys.stdin); v=($1); print(v)" 2>/dev/null; }

# ---- the published vector, replayed with ossemu's clock at its Timestamp ---------------------
echo "# RPC signature vectors"
t0=$(date -u -d 2016-02-23T12:46:24Z +%s)
emu_start --fixture "$FIX" --clock "$t0" || exit 1
vector_query() { # INDEX [SIGNATURE]: the vector's parameters, with its (or the given) Signature
	python3 - "$VEC" "$1" "${2-}" <<'PY'
import json, sys, urllib.parse
v = json.load(open(sys.argv[1]))['vectors'][int(sys.argv[2])]
p = dict(v['params'])
p['Signature'] = sys.argv[3] or v['signature']
print('&'.join(urllib.parse.quote(k, safe='-_.~') + '=' + urllib.parse.quote(p[k], safe='-_.~') for k in p))
PY
}
emu_raw GET "$EMU_URL/?$(vector_query 0)"
expect "published GET vector: the signature is accepted (DescribeRegions is no service of ossemu's)" 400 InvalidVersion
emu_raw GET "$EMU_URL/?$(vector_query 0 'OLeaidS1JvxuMvnyHOwuJ+uX5qY/')"
expect "published GET vector, one character off: SignatureDoesNotMatch" 400 SignatureDoesNotMatch
check "the message gives the server's string to sign, the vector's" \
	[ "$(rpc_field Message)" = "Specified signature is not matched with our calculation. server string to sign is:$(vec 0 "['string_to_sign']")" ]
check "an error has RequestId (a UUID) and HostId" \
	eval '[[ $(rpc_field RequestId) =~ ^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$ && -n $(rpc_field HostId) ]]'
emu_raw POST "$EMU_URL/" -H 'Content-Type: application/x-www-form-urlencoded' --data-binary "$(vector_query 1)"
expect "POST vector after the GET one: signature good, its nonce already used" 400 SignatureNonceUsed
stop
emu_start --fixture "$FIX" --clock "$t0" || exit 1
emu_raw POST "$EMU_URL/" -H 'Content-Type: application/x-www-form-urlencoded' --data-binary "$(vector_query 1)"
expect "POST vector, every parameter in the form body: accepted" 400 InvalidVersion
emu_raw GET "$EMU_URL/?$(vector_query 0 'OLeaidS1JvxuMvnyHOwuJ+uX5qY=')"
expect "GET vector after POST with the same nonce: refused" 400 SignatureNonceUsed
stop
emu_start --fixture "$FIX" --clock "$(date -u -d 2016-02-23T13:10:00Z +%s)" || exit 1
emu_raw GET "$EMU_URL/?$(vector_query 0)"
expect "a Timestamp 24 minutes old" 400 InvalidTimeStamp.Expired
stop
# the derived AssumeRole vector: common parameters and Signature in the query, the role's in the body
emu_start --fixture "$FIX" --clock "$(date -u -d 2026-12-04T12:00:00Z +%s)" || exit 1
split=$(python3 - "$VEC" <<'PY'
import json, sys, urllib.parse
v = json.load(open(sys.argv[1]))['vectors'][2]
q = lambda s: urllib.parse.quote(s, safe='-_.~')
body = {'RoleArn', 'RoleSessionName', 'DurationSeconds'}
p = v['params']
print('&'.join(q(k) + '=' + q(p[k]) for k in p if k not in body) + '&Signature=' + q(v['signature']))
print('&'.join(q(k) + '=' + q(p[k]) for k in p if k in body))
PY
)
emu_raw POST "$EMU_URL/?$(sed -n 1p <<<"$split")" -H 'Content-Type: application/x-www-form-urlencoded' \
	--data-binary "$(sed -n 2p <<<"$split")"
expect "derived AssumeRole vector (query + form body, as the credentials libraries send it)" 200
check "it assumed acs:ram::1234567890123456:role/auditor as session sseadm-ops" \
	[ "$(rpc_json "d['AssumedRoleUser']['Arn']")" = acs:ram::1234567890123456:role/auditor/sseadm-ops ]
# ossemu's clock started at the vector's Timestamp and runs on: a slow start may add seconds
exp=$(date -u -d "$(rpc_json "d['Credentials']['Expiration']")" +%s)
check "the credentials expire DurationSeconds later" \
	[ $((exp - $(date -u -d 2026-12-04T13:00:00Z +%s))) -ge 0 ] && [ $((exp - $(date -u -d 2026-12-04T13:00:00Z +%s))) -le 30 ]
stop

# ---- STS ------------------------------------------------------------------------------------
echo "# STS"
emu_start --fixture "$FIX" --region cn-hangzhou || exit 1
rpc_call Action=GetCallerIdentity Version=2015-04-01
expect "GetCallerIdentity with the main key" 200
check "it is RAM user ops of the owner's account" \
	[ "$(rpc_json "d['IdentityType'] + ' ' + d['Arn'] + ' ' + d['AccountId'] + ' ' + str(d['UserId'] == d['PrincipalId'])")" = \
	"RAMUser acs:ram::1738264905170913:user/ops 1738264905170913 True" ]
check "the log names service, action and signer" \
	[ "$(last_log "d['service'], d['action'], d['signer']['arn']")" = "('sts', 'GetCallerIdentity', 'acs:ram::1738264905170913:user/ops')" ]
RPC_FORMAT_XML=1 rpc_call Action=GetCallerIdentity Version=2015-04-01 Format=XML
check "Format=XML answers <GetCallerIdentityResponse>" eval 'printf "%s" "$EMU_BODY" | grep -q "<GetCallerIdentityResponse><RequestId>.*<IdentityType>RAMUser</IdentityType>"'
RPC_AK=LTAI5tRootKey00001 RPC_SECRET=RootSecret00001 rpc_call Action=GetCallerIdentity Version=2015-04-01
check "the root key's identity is the account" [ "$(rpc_json "d['IdentityType'] + ' ' + d['Arn']")" = "Account acs:ram::1738264905170913:root" ]

RPC_METHOD=POST RPC_BODY="RoleArn RoleSessionName DurationSeconds" rpc_call Action=AssumeRole Version=2015-04-01 \
	RoleArn=acs:ram::1234567890123456:role/auditor RoleSessionName=sseadm-review DurationSeconds=900
expect "AssumeRole across accounts (trust: the owner's account)" 200
STS_AK=$(rpc_json "d['Credentials']['AccessKeyId']")
STS_SK=$(rpc_json "d['Credentials']['AccessKeySecret']")
STS_TOKEN=$(rpc_json "d['Credentials']['SecurityToken']")
check "issued key STS.…, secret, CAIS… token, AssumedRoleId ROLEID:SESSION" \
	eval '[[ $STS_AK == STS.* && ${#STS_SK} -ge 30 && $STS_TOKEN == CAIS* && $(rpc_json "d[\"AssumedRoleUser\"][\"AssumedRoleId\"]") == *:sseadm-review ]]'
check "the log records what STS issued: key, role, session, expiry" \
	[ "$(last_log "d['issued']['ak'] == '$STS_AK' and d['issued']['role_arn'] == 'acs:ram::1234567890123456:role/auditor' and d['issued']['session'] == 'sseadm-review' and len(d['issued']['expiration']) == 20")" = True ]
check "the log does not hold the Signature" eval '! grep -q "Signature=[A-Za-z0-9%]" "$EMU_LOG" || grep -q "Signature=<redacted>" "$EMU_LOG"'
RPC_AK=$STS_AK RPC_SECRET=$STS_SK RPC_TOKEN=$STS_TOKEN rpc_call Action=GetCallerIdentity Version=2015-04-01
check "the issued key is the assumed role" \
	[ "$(rpc_json "d['IdentityType'] + ' ' + d['Arn'] + ' ' + str(d['PrincipalId'] == d['RoleId'] + ':sseadm-review')")" = \
	"AssumedRoleUser acs:ram::1234567890123456:assumed-role/auditor/sseadm-review True" ]
check "its SecurityToken is not in the log" eval '! grep -qF -- "$STS_TOKEN" "$EMU_LOG"'
RPC_AK=$STS_AK RPC_SECRET=$STS_SK rpc_call Action=GetCallerIdentity Version=2015-04-01
expect "an STS key without its SecurityToken" 400 MissingSecurityToken
RPC_AK=$STS_AK RPC_SECRET=$STS_SK RPC_TOKEN=CAISwrong rpc_call Action=GetCallerIdentity Version=2015-04-01
expect "an STS key with another token" 400 InvalidSecurityToken.MismatchWithAccessKey

# the issued key on the OSS side
EMU_SIGN_AK=$STS_AK EMU_SIGN_SECRET=$STS_SK EMU_SIGN_TOKEN=$STS_TOKEN emu_call --op list
check "OSS accepts the issued key with its token" [ "$EMU_STATUS" = 200 ]
check "the log says which role session signed the OSS request" \
	[ "$(last_log "d['service'], d['signer']['ak'] == '$STS_AK', d['signer']['role_arn'], d['signer']['session']")" = \
	"('oss', True, 'acs:ram::1234567890123456:role/auditor', 'sseadm-review')" ]
EMU_SIGN_AK=$STS_AK EMU_SIGN_SECRET=$STS_SK EMU_SIGN_TOKEN= emu_call --op list
check "OSS refuses the issued key without its token" [ "$EMU_STATUS" = 403 ] && [ "$(emu_xml_value Code)" = InvalidSecurityToken ]
emu_call --op list
check "the main key on OSS is logged as user ops" [ "$(last_log "d['signer']['arn']")" = acs:ram::1738264905170913:user/ops ]

# role chaining: the session assumes a role that trusts role/auditor, for at most an hour
RPC_AK=$STS_AK RPC_SECRET=$STS_SK RPC_TOKEN=$STS_TOKEN rpc_call Action=AssumeRole Version=2015-04-01 \
	RoleArn=acs:ram::3333333333333333:role/chained RoleSessionName=hop DurationSeconds=7200
expect "a role session asks for two hours of another role" 400 InvalidParameter.DurationSeconds
check "…told the limit is an hour" [ "$(rpc_json "d['Message']")" = "The Min/Max value of DurationSeconds is 15min/1hr." ]
RPC_AK=$STS_AK RPC_SECRET=$STS_SK RPC_TOKEN=$STS_TOKEN rpc_call Action=AssumeRole Version=2015-04-01 \
	RoleArn=acs:ram::3333333333333333:role/chained RoleSessionName=hop
expect "role chaining: the session assumes a role that trusts its role" 200
check "…signed by the assumed role, logged" [ "$(last_log "d['signer']['arn']")" = acs:ram::1234567890123456:assumed-role/auditor/sseadm-review ]

RPC_AK=LTAI5tRootKey00001 RPC_SECRET=RootSecret00001 rpc_call Action=AssumeRole Version=2015-04-01 \
	RoleArn=acs:ram::1234567890123456:role/auditor RoleSessionName=root-try
expect "a root key cannot assume a role" 400 NoPermission
check "…with STS's words" [ "$(rpc_json "d['Message']")" = "Roles may not be assumed by root accounts." ]
rpc_call Action=AssumeRole Version=2015-04-01 RoleArn=acs:ram::1234567890123456:role/nobody RoleSessionName=s1
expect "an unknown role" 404 EntityNotExist.Role
rpc_call Action=AssumeRole Version=2015-04-01 RoleArn=acs:ram::1738264905170913:role/reviewer-only RoleSessionName=s1
expect "a role that trusts someone else" 403 NoPermission
RPC_AK=LTAI5tReviewerKey1 RPC_SECRET=ReviewerSecret1 rpc_call Action=AssumeRole Version=2015-04-01 \
	RoleArn=acs:ram::1738264905170913:role/reviewer-only RoleSessionName=s1
expect "…which its trusted user can assume" 200
rpc_call Action=AssumeRole Version=2015-04-01 RoleArn=acs:ram::2222222222222222:role/partner RoleSessionName=s1
expect "a role that requires an ExternalId, without it" 403 NoPermission
rpc_call Action=AssumeRole Version=2015-04-01 RoleArn=acs:ram::2222222222222222:role/partner RoleSessionName=s1 ExternalId=wrong-id
expect "…with the wrong one" 403 NoPermission
rpc_call Action=AssumeRole Version=2015-04-01 RoleArn=acs:ram::2222222222222222:role/partner RoleSessionName=s1 ExternalId=partner-ext-42
expect "…with the right one" 200
rpc_call Action=AssumeRole Version=2015-04-01 RoleArn=acs:ram::1234567890123456:role/auditor RoleSessionName=s1 DurationSeconds=899
expect "DurationSeconds under 900" 400 InvalidParameter.DurationSeconds
rpc_call Action=AssumeRole Version=2015-04-01 RoleArn=acs:ram::1234567890123456:role/auditor RoleSessionName=s1 DurationSeconds=7200
expect "DurationSeconds up to the role's maximum" 200
rpc_call Action=AssumeRole Version=2015-04-01 RoleArn=acs:ram::1234567890123456:role/auditor RoleSessionName=s1 DurationSeconds=7201
expect "…and not past it" 400 InvalidParameter.DurationSeconds
rpc_call Action=AssumeRole Version=2015-04-01 RoleArn=acs:ram::1234567890123456:role/auditor RoleSessionName='bad name'
expect "a RoleSessionName with a space" 400 InvalidParameter.RoleSessionName
rpc_call Action=AssumeRole Version=2015-04-01 RoleArn=auditor RoleSessionName=s1
expect "a RoleArn that is no ARN" 400 InvalidParameter.RoleArn
rpc_call Action=AssumeRole Version=2015-04-01 RoleSessionName=s1
expect "no RoleArn" 400 MissingParameter
rpc_call Action=AssumeRole Version=2015-04-01 RoleArn=acs:ram::1234567890123456:role/auditor RoleSessionName=s1 Policy='{"Statement":'
expect "a Policy that is not JSON" 400 InvalidParameter.PolicyGrammar
rpc_call Action=AssumeRole Version=2015-04-01 RoleArn=acs:ram::1234567890123456:role/auditor RoleSessionName=s1 \
	Policy='{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:Get*","Resource":"*"}]}'
expect "a Policy that is" 200
RPC_AK=LTAI5tNoSuchKey0001 rpc_call Action=GetCallerIdentity Version=2015-04-01
expect "an unknown AccessKeyId" 404 InvalidAccessKeyId.NotFound
RPC_SECRET=wrong rpc_call Action=GetCallerIdentity Version=2015-04-01
expect "the wrong secret" 400 SignatureDoesNotMatch
rpc_call Action=GetCallerIdentity Version=2015-04-01 Timestamp=2020-01-01T00:00:00Z
expect "an old Timestamp" 400 InvalidTimeStamp.Expired
rpc_call Action=GetCallerIdentity Version=2015-04-01 Timestamp=yesterday
expect "a Timestamp that is no time" 400 InvalidTimeStamp.Format
rpc_call Action=GetCallerIdentity Version=2015-04-01 SignatureNonce=nonce-once-1
rpc_call Action=GetCallerIdentity Version=2015-04-01 SignatureNonce=nonce-once-1
expect "a SignatureNonce used twice" 400 SignatureNonceUsed
RPC_SIG=AAAAAAAAAAAAAAAAAAAAAAAAAAA= rpc_call Action=GetCallerIdentity Version=2015-04-01 SignatureNonce=nonce-burn
rpc_call Action=GetCallerIdentity Version=2015-04-01 SignatureNonce=nonce-burn
expect "a forged request does not use up its nonce" 200
rpc_call Action=GetCallerIdentity Version=2015-04-01 SignatureMethod=HMAC-SHA256
expect "another SignatureMethod" 400 InvalidParameter
rpc_call Action=GetSessionAccessKey Version=2015-04-01
expect "an action STS does not have" 404 InvalidAction.NotFound
RPC_HOST=sts.cn-hangzhou.aliyuncs.com rpc_call Action=GetCallerIdentity Version=2016-01-20
expect "STS's host with KMS's version" 400 InvalidVersion
RPC_METHOD=POST RPC_BODY='*' rpc_call Action=GetCallerIdentity Version=2015-04-01
expect "POST with every parameter in the form body (pop-core's way)" 200
emu_raw GET "$EMU_URL/?Action=GetCallerIdentity&Action=AssumeRole&Version=2015-04-01"
expect "a parameter given twice" 400 InvalidParameter

# OIDC (RRSA): unsigned, the token checked against the fixture's provider
now=$(date +%s)
iss=https://oidc-ack-cn-hangzhou.oss-cn-hangzhou.aliyuncs.com/c1234
good=$(jwt_make "{\"iss\":\"$iss\",\"aud\":\"sts.aliyuncs.com\",\"sub\":\"system:serviceaccount:ops:sseadm\",\"exp\":$((now + 600)),\"iat\":$now}")
oidc() { # TOKEN [ROLE] [PROVIDER]
	RPC_UNSIGNED=1 RPC_METHOD=POST RPC_BODY="OIDCProviderArn OIDCToken RoleArn RoleSessionName DurationSeconds" rpc_call \
		Action=AssumeRoleWithOIDC Version=2015-04-01 OIDCProviderArn="${3:-acs:ram::1738264905170913:oidc-provider/ack-rrsa}" \
		OIDCToken="$1" RoleArn="${2:-acs:ram::1738264905170913:role/k8s-app}" RoleSessionName=rrsa-session DurationSeconds=3600
}
oidc "$good"
expect "AssumeRoleWithOIDC, unsigned, with a token the provider issued" 200
check "…tells the token's subject and issuer" [ "$(rpc_json "d['OIDCTokenInfo']['Subject'] + ' ' + d['OIDCTokenInfo']['Issuer']")" = "system:serviceaccount:ops:sseadm $iss" ]
check "…the OIDC token is not in the log" eval '! grep -qF -- "$good" "$EMU_LOG"'
oidc "$(jwt_make "{\"iss\":\"$iss\",\"aud\":\"other\",\"exp\":$((now + 600))}")"
expect "an OIDC token for another audience" 401 AuthenticationFail.OIDCToken.AudienceNotMatch
oidc "$(jwt_make "{\"iss\":\"https://elsewhere\",\"aud\":\"sts.aliyuncs.com\",\"exp\":$((now + 600))}")"
expect "an OIDC token of another issuer" 401 AuthenticationFail.OIDCToken.IssuerNotMatch
oidc "$(jwt_make "{\"iss\":\"$iss\",\"aud\":[\"x\",\"sts.aliyuncs.com\"],\"exp\":$((now - 5))}")"
expect "an expired OIDC token" 401 AuthenticationFail.OIDCToken.Expired
oidc "not-a-jwt"
expect "an OIDC token that is no JWT" 401 AuthenticationFail.OIDCToken.Invalid
oidc "$good" acs:ram::1234567890123456:role/auditor
expect "a role that does not trust the provider" 401 AuthenticationFail.NoPermission
oidc "$good" "" acs:ram::1738264905170913:oidc-provider/other
expect "an OIDC provider the account does not have" 401 AuthenticationFail.NoPermission
stop

# ---- issued credentials expire on the OSS side -------------------------------------------------
echo "# expiry"
emu_start --fixture "$FIX" --sts-duration-s 8 --log "$WORK/expiry.log" || exit 1
rpc_call Action=AssumeRole Version=2015-04-01 RoleArn=acs:ram::1234567890123456:role/auditor RoleSessionName=short DurationSeconds=3600
STS_AK=$(rpc_json "d['Credentials']['AccessKeyId']")
STS_SK=$(rpc_json "d['Credentials']['AccessKeySecret']")
STS_TOKEN=$(rpc_json "d['Credentials']['SecurityToken']")
exp=$(rpc_json "d['Credentials']['Expiration']")
check "--sts-duration-s 8: the credentials say they last 8 s" [ $(( $(date -u -d "$exp" +%s) - $(date +%s) )) -le 8 ]
EMU_SIGN_AK=$STS_AK EMU_SIGN_SECRET=$STS_SK EMU_SIGN_TOKEN=$STS_TOKEN emu_call --op list
check "OSS accepts them while they last" [ "$EMU_STATUS" = 200 ]
for _ in $(seq 1 150); do # wait for the state, not for a time: at most 30 s
	EMU_SIGN_AK=$STS_AK EMU_SIGN_SECRET=$STS_SK EMU_SIGN_TOKEN=$STS_TOKEN emu_call --op list
	[ "$EMU_STATUS" = 403 ] && break
	sleep 0.2
done
check "once expired OSS answers 403 SecurityTokenExpired" [ "$EMU_STATUS" = 403 ] && [ "$(emu_xml_value Code)" = SecurityTokenExpired ]
check "…with OSS's message" [ "$(emu_xml_value Message)" = "The security token you provided has expired." ]
RPC_AK=$STS_AK RPC_SECRET=$STS_SK RPC_TOKEN=$STS_TOKEN rpc_call Action=GetCallerIdentity Version=2015-04-01
expect "…and STS InvalidSecurityToken.Expired" 400 InvalidSecurityToken.Expired
check "the log counts one AssumeRole for the role" \
	[ "$(log_count "d.get('action') == 'AssumeRole' and d['status'] == 200 and d['issued']['role_arn'].endswith('role/auditor')")" = 1 ]
stop

# ---- at once: STS, KMS and metadata calls from several clients (under TSan: no race) ----------
echo "# concurrency"
emu_start --fixture "$FIX" --threads 4 --log "$WORK/concurrent.log" || exit 1
burst() { # N: its own calls, each answer's status and issued key on a line (in a subshell)
	local i
	EMU_DIR=$WORK/b$1 # curl's answer files of its own
	mkdir -p "$EMU_DIR"
	for i in $(seq 1 8); do
		rpc_call Action=AssumeRole Version=2015-04-01 RoleArn=acs:ram::1234567890123456:role/auditor RoleSessionName="b$1-$i"
		echo "$EMU_STATUS $(rpc_json "d['Credentials']['AccessKeyId']")"
		rpc_call Action=DescribeKey Version=2016-01-20 KeyId=alias/prod
		echo "$EMU_STATUS kms"
		emu_raw GET "$EMU_URL/latest/meta-data/ram/security-credentials/ecs-ops"
		echo "$EMU_STATUS imds"
	done >"$WORK/burst.$1"
	true
}
pids=()
for n in 1 2 3 4; do burst $n & pids+=($!); done
wait "${pids[@]}" # not a bare wait: ossemu is a child of this shell too
check "32 AssumeRole, 32 DescribeKey and 32 metadata reads at once: every one 200" \
	[ "$(cat "$WORK"/burst.* | grep -vc '^200 ')" = 0 ] && [ "$(cat "$WORK"/burst.* | wc -l)" = 96 ]
check "…and 32 distinct issued keys" [ "$(cat "$WORK"/burst.* | grep -v ' kms$\| imds$' | sort -u | wc -l)" = 32 ]
stop

# ---- KMS ------------------------------------------------------------------------------------
echo "# KMS"
emu_start --fixture "$FIX" --kms-throttle-every 1000 || exit 1
kms() { rpc_call Version=2016-01-20 "$@"; }
kms Action=ListKeys
expect "ListKeys in the listener's region (cn-hangzhou)" 200
check "six keys there, ten to a page by default" [ "$(rpc_json "str(d['TotalCount']) + ' ' + str(len(d['Keys']['Key'])) + ' ' + str(d['PageSize'])")" = "6 6 10" ]
check "each with its ARN" [ "$(rpc_json "d['Keys']['Key'][0]['KeyArn']")" = acs:kms:cn-hangzhou:1738264905170913:key/key-hz-prod ]
kms Action=ListKeys PageSize=4 PageNumber=2
check "page 2 of 4: the last two keys" [ "$(rpc_json "' '.join(k['KeyId'] for k in d['Keys']['Key']) + ' ' + str(d['PageNumber'])")" = "key-hz-rsa key-hz-byok 2" ]
kms Action=ListKeys PageSize=4 PageNumber=3
check "page 3: empty, TotalCount still 6" [ "$(rpc_json "str(len(d['Keys']['Key'])) + ' ' + str(d['TotalCount'])")" = "0 6" ]
kms Action=ListKeys 'Filters=[{"Key":"KeyState","Values":["Enabled"]},{"Key":"KeySpec","Values":["Aliyun_AES_256","Aliyun_SM4"]}]'
check "Filters: Keys AND, Values OR" [ "$(rpc_json "' '.join(k['KeyId'] for k in d['Keys']['Key'])")" = "key-hz-prod key-hz-sm4" ]
kms Action=ListKeys 'Filters=[{"Key":"KeyState","Values":["PendingDeletion","Disabled"]}]'
check "Filters on state" [ "$(rpc_json "' '.join(k['KeyId'] for k in d['Keys']['Key'])")" = "key-hz-off key-hz-gone" ]
kms Action=ListKeys 'Filters=[{"Key":"Colour","Values":["x"]}]'
expect "a filter KMS does not have" 400 InvalidParameter
kms Action=ListKeys 'Filters=[{"Key":'
expect "Filters that are not JSON" 400 InvalidParameter
kms Action=ListKeys PageSize=101
expect "PageSize over 100" 400 InvalidParameter
RPC_HOST=kms.cn-shanghai.aliyuncs.com kms Action=ListKeys
check "the region from the Host kms.cn-shanghai.aliyuncs.com" [ "$(rpc_json "' '.join(k['KeyId'] for k in d['Keys']['Key'])")" = key-sh-1 ]
kms Action=ListKeys RegionId=cn-shanghai
check "…or from RegionId on a loopback address" [ "$(rpc_json "d['TotalCount']")" = 1 ]
check "the log says kms ListKeys" [ "$(last_log "d['service'] + ' ' + d['action']")" = "kms ListKeys" ]
kms Action=DescribeKey KeyId=key-hz-prod
expect "DescribeKey by ID" 200
check "KeyMetadata as the fixture says" [ "$(rpc_json "' '.join(d['KeyMetadata'][k] for k in ('KeyState','KeySpec','KeyUsage','Origin','ProtectionLevel','AutomaticRotation','CreationDate','Description','Arn'))")" = \
	"Enabled Aliyun_AES_256 ENCRYPT/DECRYPT Aliyun_KMS SOFTWARE Enabled 2021-03-04T05:06:07Z production data acs:kms:cn-hangzhou:1738264905170913:key/key-hz-prod" ]
kms Action=DescribeKey KeyId=alias/backups
check "DescribeKey by alias" [ "$(rpc_json "d['KeyMetadata']['KeyId']")" = key-hz-prod ]
kms Action=DescribeKey KeyId=acs:kms:cn-hangzhou:1738264905170913:key/key-hz-gone
check "DescribeKey by ARN: pending deletion, with its date" [ "$(rpc_json "d['KeyMetadata']['KeyState'] + ' ' + d['KeyMetadata']['DeleteDate']")" = "PendingDeletion 2030-01-01T00:00:00Z" ]
kms Action=DescribeKey KeyId=key-sh-1
expect "a key of another region is not found here" 404 Forbidden.KeyNotFound
RPC_HOST=kms.cn-shanghai.aliyuncs.com kms Action=DescribeKey KeyId=alias/prod
check "the same alias in another region is another key" [ "$(rpc_json "d['KeyMetadata']['KeyId']")" = key-sh-1 ]
kms Action=DescribeKey KeyId=acs:kms:cn-shanghai:1738264905170913:key/key-sh-1
expect "an ARN of another region" 404 Forbidden.KeyNotFound
kms Action=DescribeKey KeyId=alias/nothing
expect "an alias nobody has" 404 Forbidden.AliasNotFound
kms Action=DescribeKey
expect "DescribeKey without KeyId" 400 MissingParameter
kms Action=ListAliases PageSize=2
check "ListAliases: three in the region, two to the page" [ "$(rpc_json "str(d['TotalCount']) + ' ' + ' '.join(a['AliasName'] + '=' + a['KeyId'] for a in d['Aliases']['Alias'])")" = "3 alias/prod=key-hz-prod alias/backups=key-hz-prod" ]
check "…each with its ARN" [ "$(rpc_json "d['Aliases']['Alias'][0]['AliasArn']")" = acs:kms:cn-hangzhou:1738264905170913:alias/prod ]
kms Action=ListAliasesByKeyId KeyId=key-hz-off
check "ListAliasesByKeyId" [ "$(rpc_json "str(d['TotalCount']) + ' ' + d['Aliases']['Alias'][0]['AliasName']")" = "1 alias/old" ]
kms Action=ListAliasesByKeyId KeyId=key-nope
expect "ListAliasesByKeyId of no key" 404 Forbidden.KeyNotFound
RPC_AK=LTAI5tNoKmsKey0001 RPC_SECRET=NoKmsSecret0001 kms Action=ListKeys
expect "a user the fixture denies KMS" 403 Forbidden.NoPermission
rpc_call Action=AssumeRole Version=2015-04-01 RoleArn=acs:ram::1738264905170913:role/kms-less RoleSessionName=s1
RPC_AK=$(rpc_json "d['Credentials']['AccessKeyId']") RPC_SECRET=$(rpc_json "d['Credentials']['AccessKeySecret']") \
	RPC_TOKEN=$(rpc_json "d['Credentials']['SecurityToken']") kms Action=DescribeKey KeyId=key-hz-prod
expect "a role session whose role the fixture denies KMS" 403 Forbidden.NoPermission
RPC_HOST=kms.us-west-1.aliyuncs.com kms Action=ListKeys
expect "a region where KMS is not enabled" 403 Forbidden.KmsServiceNotEnabled
kms Action=Encrypt KeyId=key-hz-prod Plaintext=aGk=
expect "a KMS action ossemu does not serve" 404 InvalidAction.NotFound
stop
emu_start --fixture "$FIX" --kms-throttle-every 2 || exit 1
kms Action=ListKeys
kms Action=ListKeys
expect "--kms-throttle-every 2: the second KMS call" 400 Throttling
kms Action=ListKeys
expect "…and the third goes through" 200
stop

# ---- the ECS metadata service --------------------------------------------------------------------
echo "# ECS metadata"
emu_start --fixture "$FIX" || exit 1
emu_raw PUT "$EMU_URL/latest/api/token" -H 'X-aliyun-ecs-metadata-token-ttl-seconds: 60'
TOK=$EMU_BODY
check "PUT /latest/api/token gives a token" [ "$EMU_STATUS" = 200 ] && [ ${#TOK} -ge 32 ]
emu_raw PUT "$EMU_URL/latest/api/token" -H 'X-aliyun-ecs-metadata-token-ttl-seconds: 21601'
check "a TTL over 21600 is refused" [ "$EMU_STATUS" = 400 ]
emu_raw PUT "$EMU_URL/latest/api/token"
check "no TTL is refused" [ "$EMU_STATUS" = 400 ]
emu_raw GET "$EMU_URL/latest/meta-data/ram/security-credentials/" -H "X-aliyun-ecs-metadata-token: $TOK"
check "the role name, with the token" [ "$EMU_STATUS $EMU_BODY" = "200 ecs-ops" ]
emu_raw GET "$EMU_URL/latest/meta-data/ram/security-credentials/"
check "…and without (IMDSv1 allowed)" [ "$EMU_STATUS $EMU_BODY" = "200 ecs-ops" ]
emu_raw GET "$EMU_URL/latest/meta-data/ram/security-credentials/" -H "X-aliyun-ecs-metadata-token: stale"
check "a token ossemu did not give is refused" [ "$EMU_STATUS" = 401 ]
emu_raw GET "$EMU_URL/latest/meta-data/ram/security-credentials/ecs-ops" -H "X-aliyun-ecs-metadata-token: $TOK"
check "the role's credentials: Code Success and every field" \
	[ "$(rpc_json "d['Code'] + ' ' + str(d['AccessKeyId'].startswith('STS.')) + ' ' + str(all(d[k] for k in ('AccessKeySecret','SecurityToken','Expiration','LastUpdated')))")" = "Success True True" ]
ECS_AK=$(rpc_json "d['AccessKeyId']")
ECS_SK=$(rpc_json "d['AccessKeySecret']")
ECS_TOKEN=$(rpc_json "d['SecurityToken']")
check "the log names what the metadata service issued" [ "$(last_log "d['service'], d['action'], d['issued']['role_arn']")" = "('imds', 'credentials', 'acs:ram::1738264905170913:role/ecs-ops')" ]
check "…and hides the metadata token" eval '! grep -qF -- "$TOK" "$EMU_LOG"'
emu_raw GET "$EMU_URL/latest/meta-data/ram/security-credentials/ecs-ops"
check "the same credentials while more than half their life is left" [ "$(rpc_json "d['AccessKeyId']")" = "$ECS_AK" ]
EMU_SIGN_AK=$ECS_AK EMU_SIGN_SECRET=$ECS_SK EMU_SIGN_TOKEN=$ECS_TOKEN emu_call --op list
check "OSS accepts the ECS role's credentials" [ "$EMU_STATUS" = 200 ] && [ "$(last_log "d['signer']['session']")" = vm-ram-i-ossemu0000000001 ]
emu_raw GET "$EMU_URL/latest/meta-data/ram/security-credentials/other-role"
check "another role's credentials: 404" [ "$EMU_STATUS" = 404 ]
emu_raw GET "$EMU_URL/latest/meta-data/region-id"
check "region-id" [ "$EMU_STATUS $EMU_BODY" = "200 cn-hangzhou" ]
emu_raw POST "$EMU_URL/latest/meta-data/ram/security-credentials/"
check "POST to the metadata service: 405" [ "$EMU_STATUS" = 405 ]
stop
emu_start --fixture "$FIX" --imds-duration-s 2 || exit 1
emu_raw GET "$EMU_URL/latest/meta-data/ram/security-credentials/ecs-ops"
ECS_AK=$(rpc_json "d['AccessKeyId']")
check "--imds-duration-s 2: the credentials last 2 s" [ $(( $(date -u -d "$(rpc_json "d['Expiration']")" +%s) - $(date +%s) )) -le 2 ]
for _ in $(seq 1 100); do # until the instance's credentials are renewed: at most 20 s
	emu_raw GET "$EMU_URL/latest/meta-data/ram/security-credentials/ecs-ops"
	[ "$(rpc_json "d['AccessKeyId']")" != "$ECS_AK" ] && break
	sleep 0.2
done
check "…and new ones come when half their life is gone" [ "$(rpc_json "d['AccessKeyId']")" != "$ECS_AK" ]
stop
emu_start --fixture "$FIX" --imds-require-token || exit 1
emu_raw GET "$EMU_URL/latest/meta-data/ram/security-credentials/"
check "--imds-require-token: a read without the token is refused" [ "$EMU_STATUS" = 401 ]
emu_raw PUT "$EMU_URL/latest/api/token" -H 'X-aliyun-ecs-metadata-token-ttl-seconds: 5'
emu_raw GET "$EMU_URL/latest/meta-data/ram/security-credentials/" -H "X-aliyun-ecs-metadata-token: $EMU_BODY"
check "…and served with it" [ "$EMU_STATUS $EMU_BODY" = "200 ecs-ops" ]
stop
# its own listener: a loopback address of its own, where nothing but the metadata service answers
for _ in 1 2 3 4 5; do
	IPORT=$((20000 + RANDOM % 20000))
	emu_start --fixture "$FIX" --imds-listen "127.0.0.2:$IPORT" && break
done
emu_raw GET "http://127.0.0.2:$IPORT/latest/meta-data/ram/security-credentials/"
check "--imds-listen: the metadata service on its own address" [ "$EMU_STATUS $EMU_BODY" = "200 ecs-ops" ]
emu_raw GET "http://127.0.0.2:$IPORT/"
check "…where OSS is not served" [ "$EMU_STATUS" = 404 ]
emu_raw GET "$EMU_URL/latest/meta-data/ram/security-credentials/"
check "…and the region port no longer serves /latest/" [ "$EMU_STATUS" != 200 ]
stop

# ---- the fixture ------------------------------------------------------------------------------
echo "# fixture"
bad_fixture() { # NAME WANT TEXT
	printf '%s\n' "$3" >"$WORK/bad.cfg"
	local out
	out=$("$EMU_BIN" --access-key-id a --access-key-secret b --fixture "$WORK/bad.cfg" 2>&1)
	local rc=$?
	if [ $rc = 2 ] && printf '%s' "$out" | grep -qF -- "$2"; then ok "$1"; else
		EMU_STATUS=exit-$rc EMU_BODY=$out bad "$1"; fi
}
bad_fixture "a role ARN that is no ARN" "bad.cfg:1: role: expected arn" 'ram = { roles = ( { arn = "auditor"; } ); };'
bad_fixture "an unknown user setting" 'bad.cfg:1: unknown user setting "secret"' \
	'ram = { users = ( { name = "u"; access_key_id = "k"; access_key_secret = "s"; secret = "x"; } ); };'
bad_fixture "an ECS role that is not a role" 'ram.ecs_role "nope" is not the name of a role' 'ram = { ecs_role = "nope"; };'
bad_fixture "a trust entry that is no principal" 'is not acs:ram::ACCOUNT:root' \
	'ram = { roles = ( { arn = "acs:ram::1:role/r"; trust = [ "everyone" ]; } ); };'
bad_fixture "a key state KMS does not have" 'state "Broken": expected one of' \
	'kms = { keys = ( { id = "k1"; region = "cn-hangzhou"; state = "Broken"; } ); };'
bad_fixture "a key pending deletion without its date" 'needs delete_date' \
	'kms = { keys = ( { id = "k1"; region = "cn-hangzhou"; state = "PendingDeletion"; } ); };'
bad_fixture "one alias for two keys of a region" 'alias alias/a is already' \
	'kms = { keys = ( { id = "k1"; region = "cn-hangzhou"; aliases = [ "alias/a" ]; }, { id = "k2"; region = "cn-hangzhou"; aliases = [ "alias/a" ]; } ); };'
bad_fixture "a user key that is the command line's" "access key a is already the command line's" \
	'ram = { users = ( { name = "u"; access_key_id = "a"; access_key_secret = "s"; } ); };'
# --persist keeps the ram and kms groups when it rewrites the fixture
cp "$FIX" "$WORK/persist.cfg"
emu_start --fixture "$WORK/persist.cfg" --persist || exit 1
emu_call --op put --bucket sh-archive --algorithm AES256 --region cn-shanghai --endpoint "http://localhost:$(emu_port cn-shanghai)"
check "a change with --persist" [ "$EMU_STATUS" = 200 ]
stop
check "the rewritten fixture keeps roles, users and keys" \
	eval 'grep -q "role/auditor" "$WORK/persist.cfg" && grep -q "LTAI5tReviewerKey1" "$WORK/persist.cfg" && grep -q "key-hz-gone" "$WORK/persist.cfg" && grep -q "not_enabled" "$WORK/persist.cfg"'
emu_start --fixture "$WORK/persist.cfg" || exit 1
kms Action=DescribeKey KeyId=alias/old
check "…and loads again as it was" [ "$(rpc_json "d['KeyMetadata']['KeyId'] + ' ' + d['KeyMetadata']['KeyState']")" = "key-hz-off Disabled" ]
rpc_call Action=AssumeRole Version=2015-04-01 RoleArn=acs:ram::2222222222222222:role/partner RoleSessionName=s1 ExternalId=partner-ext-42
expect "…roles and their ExternalId too" 200
stop

echo "endpoint_ident: $PASS passed, $FAIL failed"
[ $FAIL = 0 ]
