#!/usr/bin/env bash
# t_endpoint.sh — ossemu answers like OSS: signatures (V1/V4, STS, clock skew), SSE state errors,
# regions, ListBuckets paging, persistence, port file, request log and every fault flag.
# Run by CTest with SSE_BUILD and SSE_SOURCE; prints "endpoint: N passed, M failed".
set -u
: "${SSE_BUILD:?SSE_BUILD is not set}" "${SSE_SOURCE:?SSE_SOURCE is not set}"
unset OSS_ACCESS_KEY_ID OSS_ACCESS_KEY_SECRET OSS_SESSION_TOKEN OSSEMU_ACCESS_KEY_ID \
	OSSEMU_ACCESS_KEY_SECRET OSSEMU_SECURITY_TOKEN
. "$SSE_SOURCE/tests/protocol/lib/emu.sh"

for tool in "$EMU_BIN" "$EMU_SIGN"; do
	if [ ! -x "$tool" ]; then
		echo "endpoint: $tool is not built"
		echo "endpoint: 0 passed, 1 failed"
		exit 1
	fi
done
for cmd in curl openssl; do
	command -v $cmd >/dev/null || { echo "endpoint: $cmd is missing"; exit 1; }
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/t_endpoint.XXXXXX")
trap 'emu_cleanup; rm -rf "$WORK"' EXIT
DATA=$SSE_SOURCE/tests/data
PASS=0
FAIL=0
SKIP=0

ok() { PASS=$((PASS + 1)); echo "ok   - $1"; }
bad() {
	FAIL=$((FAIL + 1))
	echo "FAIL - $1"
	echo "       status=$EMU_STATUS code=$(emu_xml_value Code) ec=$(emu_xml_value EC) ${2:-}"
}
skip() { SKIP=$((SKIP + 1)); echo "skip - $1"; }
# check NAME COMMAND... : passes when the command succeeds
check() {
	local name=$1
	shift
	if "$@"; then ok "$name"; else bad "$name"; fi
}
# expect NAME STATUS [CODE [EC]] : the last answer had this status, Code and EC
expect() {
	local name=$1 status=$2 code=${3-} ec=${4-}
	if [ "$EMU_STATUS" = "$status" ] && { [ -z "$code" ] || [ "$(emu_xml_value Code)" = "$code" ]; } &&
		{ [ -z "$ec" ] || [ "$(emu_xml_value EC)" = "$ec" ]; }; then
		ok "$name"
	else
		bad "$name" "(wanted $status $code $ec)"
	fi
}
header() { printf '%s\n' "$EMU_HEADERS" | tr -d '\r' | sed -n "s/^$1: //Ip" | head -n 1; }
has() { printf '%s' "$EMU_BODY" | grep -qF -- "$1"; }
# the element names of an error body, in order, on one line
skeleton() { printf '%s\n' "$EMU_BODY" | sed -n 's/^ *<\([A-Za-z]*\)>.*/\1/p' | tr '\n' ' ' | sed 's/ $//'; }
names() { printf '%s' "$EMU_BODY" | tr -d '\n' | grep -o '<Name>[^<]*</Name>' | sed 's/<[^>]*>//g' | tr '\n' ' ' | sed 's/ $//'; }
now() { date +%s; }
# stops ossemu; an unclean exit (sanitizer report, crash, leak) is a failure of its own
stop() {
	emu_stop
	local rc=$?
	if [ $rc != 0 ]; then
		EMU_STATUS=exit-$rc
		bad "ossemu stopped cleanly (exit $rc)"
		cat "$EMU_DIR/out"
	fi
}
gmt() { LC_ALL=C TZ=GMT date -d "@$1" '+%a, %d %b %Y %H:%M:%S GMT'; }
iso() { TZ=UTC date -d "@$1" '+%Y%m%dT%H%M%SZ'; }
rule_body() { # ALGO [KEY [DATAENC]]
	local b="<ServerSideEncryptionRule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>$1</SSEAlgorithm>"
	[ -n "${2:-}" ] && b="$b<KMSMasterKeyID>$2</KMSMasterKeyID>"
	[ -n "${3:-}" ] && b="$b<KMSDataEncryption>$3</KMSDataEncryption>"
	printf '%s' "$b</ApplyServerSideEncryptionByDefault></ServerSideEncryptionRule>"
}
# A V4 request with a made-up signature: good for every check that comes before the signature.
v4_fake() { # METHOD URL CREDENTIAL_REGION [extra curl args]
	local t
	t=$(now)
	local method=$1 url=$2 region=$3
	shift 3
	emu_raw "$method" "$url" -H "x-oss-date: $(iso "$t")" -H "x-oss-content-sha256: ${SHA:-UNSIGNED-PAYLOAD}" \
		-H "Authorization: OSS4-HMAC-SHA256 Credential=$EMU_AK/${t:+$(iso "$t" | cut -c1-8)}/$region/oss/aliyun_v4_request,Signature=0000000000000000000000000000000000000000000000000000000000000000" \
		"$@"
}

echo "# command line"
"$EMU_BIN" --help >"$WORK/help" 2>&1
rc=$?
missing=
for f in latency-ms fail-every throttle-every reset-every stall-every truncate-every oversize-every \
	html-every garbage-every busy-every port-file persist generate region security-token log clock \
	deny-list-buckets list-page-size max-inflight fail-list-page admin-socket; do
	grep -q -- "--$f" "$WORK/help" || missing="$missing $f"
done
check "--help exits 0 and documents every option" test $rc = 0 -a -z "$missing"
"$EMU_BIN" --bogus >/dev/null 2>&1
check "an unknown option exits 2" test $? = 2
"$EMU_BIN" --bucket alpha >"$WORK/out" 2>&1
check "no key pair exits 2 and says so" test $? = 2 -a -n "$(grep 'no key pair' "$WORK/out")"
"$EMU_BIN" --access-key-id a --access-key-secret b --persist >/dev/null 2>&1
check "--persist without --fixture exits 2" test $? = 2
"$EMU_BIN" --access-key-id a --access-key-secret b --region oss-cn-hangzhou >/dev/null 2>&1
check "--region in endpoint form (oss-…) exits 2" test $? = 2
"$EMU_BIN" --access-key-id a --access-key-secret b -f "$DATA/emu/bad.cfg" >"$WORK/out" 2>&1
rc=$?
lines=$(grep -c "bad.cfg:[4567]: " "$WORK/out")
check "a broken fixture exits 2 with every error as file:line" test $rc = 2 -a "$lines" = 4

echo "# startup, port file"
cp "$DATA/emu/endpoint.cfg" "$WORK/endpoint.cfg"
emu_start --fixture "$WORK/endpoint.cfg" --region cn-hangzhou --region cn-shanghai || {
	echo "endpoint: ossemu did not start"
	exit 1
}
HZ=$EMU_PORT
SH=$(emu_port cn-shanghai)
check "port file: one 'REGION PORT' line per region" \
	test "$(awk '{print $1}' "$EMU_DIR/ports" | tr '\n' ' ')" = "cn-hangzhou cn-shanghai "
check "port file: distinct listening ports" test -n "$SH" -a "$SH" != "$HZ"
check "stdout says ready" grep -q "ready: 8 buckets" "$EMU_DIR/out"

echo "# anonymous requests and the shape of answers"
emu_raw GET "http://alpha.localhost:$HZ/?encryption"
expect "anonymous GetBucketEncryption → 403 AccessDenied" 403 AccessDenied 0003-00000001
rid=$(header x-oss-request-id)
check "x-oss-request-id is 24 upper-case hex and equals <RequestId>" \
	test -n "$(printf '%s' "$rid" | grep -xE '[0-9A-F]{24}')" -a "$rid" = "$(emu_xml_value RequestId)"
check "error answers are application/xml with a GMT Date" \
	test "$(header Content-Type)" = application/xml -a -n "$(header Date | grep -E '^[A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9:]{8} GMT$')"
check "error body: declaration, then Code Message RequestId HostId BucketName EC" \
	test "$(printf '%s\n' "$EMU_BODY" | head -n 2 | tr '\n' '|')" = '<?xml version="1.0" encoding="UTF-8"?>|<Error>|' \
	-a "$(skeleton)" = "Error Code Message RequestId HostId BucketName EC"
check "x-oss-ec header carries the EC" test "$(header x-oss-ec)" = 0003-00000001
emu_raw GET "http://localhost:$HZ/"
expect "anonymous ListBuckets → 403 AccessDenied" 403 AccessDenied
check "request ids are unique" test "$(header x-oss-request-id)" != "$rid"

echo "# signatures"
emu_call --op get --bucket alpha
expect "V4 GetBucketEncryption (virtual host alpha.localhost) → 200" 200
check "V4 answer is the AES256 rule, application/xml, with a request id" \
	test "$(emu_xml_value SSEAlgorithm)" = AES256 -a "$(header Content-Type)" = application/xml -a -n "$(header x-oss-request-id)"
EMU_SIGVER=1 emu_call --op get --bucket alpha
expect "V1 GetBucketEncryption → 200" 200
EMU_SIGN_SECRET=wrong-secret emu_call --op get --bucket alpha
expect "V4 wrong secret → 403 SignatureDoesNotMatch (EC 0002-00000201)" 403 SignatureDoesNotMatch 0002-00000201
check "V4 SignatureDoesNotMatch carries OSSAccessKeyId, SignatureProvided, StringToSign, CanonicalRequest" \
	test "$(skeleton)" = "Error Code Message RequestId HostId OSSAccessKeyId SignatureProvided StringToSign StringToSignBytes CanonicalRequest EC"
EMU_SIGVER=1 EMU_SIGN_SECRET=wrong-secret emu_call --op get --bucket alpha
expect "V1 wrong secret → 403 SignatureDoesNotMatch (EC 0002-00000040)" 403 SignatureDoesNotMatch 0002-00000040
check "V1 StringToSign ends with the resource /alpha/?encryption" has "/alpha/?encryption</StringToSign>"
EMU_SIGN_AK=LTAI5tSomebodyElse emu_call --op get --bucket alpha
expect "V4 unknown access key id → 403 InvalidAccessKeyId" 403 InvalidAccessKeyId
EMU_SIGVER=1 EMU_SIGN_AK=LTAI5tSomebodyElse emu_call --op list
expect "V1 unknown access key id → 403 InvalidAccessKeyId" 403 InvalidAccessKeyId
emu_call --op get --bucket alpha --time $(($(now) - 3600))
expect "V4 request an hour old → 403 RequestTimeTooSkewed" 403 RequestTimeTooSkewed
EMU_SIGVER=1 emu_call --op get --bucket alpha --time $(($(now) + 1000))
expect "V1 request 16 min ahead → 403 RequestTimeTooSkewed" 403 RequestTimeTooSkewed
emu_call --op get --bucket alpha --time $(($(now) - 600))
expect "request 10 min old is still accepted" 200
EMU_V1_DATE_HEADER="Mon, 01 Jan 2001 00:00:00 GMT" emu_v1 GET alpha encryption
expect "V1: x-oss-date wins over an old Date header (signature and time)" 200
EMU_V1_NO_XOSSDATE=1 emu_v1 GET alpha encryption
expect "V1 with Date only (no x-oss-date) → 200" 200
emu_raw GET "http://alpha.localhost:$HZ/?encryption" -H "Authorization: OSS $EMU_AK:c2lnbmF0dXJl"
expect "V1 without any date → 403 AccessDenied" 403 AccessDenied
emu_raw GET "http://alpha.localhost:$HZ/?encryption" -H "Date: $(gmt "$(now)")" -H "Authorization: OSS nocolon"
expect "malformed V1 Authorization → 400 InvalidArgument" 400 InvalidArgument
emu_raw GET "http://alpha.localhost:$HZ/?encryption" -H "Date: $(gmt "$(now)")" -H "Authorization: Bearer abc"
expect "unknown Authorization scheme → 400 InvalidArgument" 400 InvalidArgument
t=$(now)
emu_raw GET "http://alpha.localhost:$HZ/?encryption" -H "x-oss-date: $(iso "$t")" \
	-H "x-oss-content-sha256: UNSIGNED-PAYLOAD" -H "Authorization: OSS4-HMAC-SHA256 Credential=$EMU_AK/2025/cn-hangzhou/oss,Signature=ab"
expect "malformed V4 Credential → 400 InvalidArgument (0002-00000213)" 400 InvalidArgument 0002-00000213
emu_raw GET "http://alpha.localhost:$HZ/?encryption" -H "x-oss-date: $(iso "$t")" \
	-H "x-oss-content-sha256: UNSIGNED-PAYLOAD" -H "Authorization: OSS4-HMAC-SHA256 Credential=$EMU_AK/$(iso "$t" | cut -c1-8)/cn-hangzhou/oss/aliyun_v4_request,AdditionalHeaders=,Signature=ab"
expect "empty AdditionalHeaders= → 400 InvalidArgument (0002-00000209)" 400 InvalidArgument 0002-00000209
emu_raw GET "http://alpha.localhost:$HZ/?encryption" -H "x-oss-date: $(iso "$t")" \
	-H "x-oss-content-sha256: UNSIGNED-PAYLOAD" -H "Authorization: OSS4-HMAC-SHA256 Credential=$EMU_AK/$(iso "$t" | cut -c1-8)/cn-hangzhou/oss/aliyun_v4_request,AdditionalHeaders=host;;range,Signature=ab"
expect "empty element in AdditionalHeaders → 400 InvalidArgument (0002-00000210)" 400 InvalidArgument 0002-00000210
v4_fake GET "http://alpha.localhost:$HZ/?encryption" oss-cn-hangzhou
expect "V4 region written oss-cn-hangzhou → 400 InvalidArgument (0002-00000226)" 400 InvalidArgument 0002-00000226
v4_fake GET "http://alpha.localhost:$HZ/?encryption" cn-shanghai
expect "V4 region that is not the bucket's → 400 InvalidArgument (0002-00000228)" 400 InvalidArgument 0002-00000228
v4_fake GET "http://localhost:$HZ/" cn-shanghai
expect "V4 ListBuckets signed for another region's endpoint → 400 (0002-00000226)" 400 InvalidArgument 0002-00000226
SHA=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 v4_fake GET "http://alpha.localhost:$HZ/?encryption" cn-hangzhou
expect "x-oss-content-sha256 other than UNSIGNED-PAYLOAD → 400 (0002-00000214)" 400 InvalidArgument 0002-00000214
emu_raw GET "http://alpha.localhost:$HZ/?encryption" -H "x-oss-content-sha256: UNSIGNED-PAYLOAD" \
	-H "Authorization: OSS4-HMAC-SHA256 Credential=$EMU_AK/20250102/cn-hangzhou/oss/aliyun_v4_request,Signature=ab"
expect "V4 without x-oss-date → 400 InvalidArgument (0002-00000502)" 400 InvalidArgument 0002-00000502
EMU_SIGN_TOKEN=CAISunexpectedToken emu_call --op get --bucket alpha
expect "a security token sent to an endpoint without STS → 403 InvalidSecurityToken" 403 InvalidSecurityToken

echo "# GetBucketEncryption on each rule shape"
emu_call --op get --bucket beta
check "KMS + CMK + SM4 data encryption read back" test "$EMU_STATUS" = 200 \
	-a "$(emu_xml_value SSEAlgorithm)" = KMS -a "$(emu_xml_value KMSMasterKeyID)" = 9468da86-3509-4f8d-a61e-6eab1eac0001 \
	-a "$(emu_xml_value KMSDataEncryption)" = SM4
emu_call --op get --bucket gamma
check "SM4 read back" test "$EMU_STATUS" = 200 -a "$(emu_xml_value SSEAlgorithm)" = SM4
emu_call --op get --bucket delta
check "KMS without a CMK has no KMSMasterKeyID element" test "$EMU_STATUS" = 200 \
	-a "$(emu_xml_value SSEAlgorithm)" = KMS -a -z "$(printf '%s' "$EMU_BODY" | grep KMSMasterKeyID)"
emu_call --op get --bucket plain
expect "no rule → 404 NoSuchServerSideEncryptionRule (0005-00000004)" 404 NoSuchServerSideEncryptionRule 0005-00000004
check "… with OSS's message and the BucketName" test \
	"$(emu_xml_value Message)" = "The server side encryption configuration was not found" -a "$(emu_xml_value BucketName)" = plain

echo "# Put / Delete"
emu_call --op put --bucket scratch --algorithm AES256
check "Put AES256 → 200 with an empty body" test "$EMU_STATUS" = 200 -a -z "$EMU_BODY" -a "$(header Content-Length)" = 0
emu_call --op get --bucket scratch
check "… read back AES256" test "$(emu_xml_value SSEAlgorithm)" = AES256
emu_call --op put --bucket scratch --algorithm KMS --kms-key-id 0c1d2e3f-aaaa-4bbb-8ccc-000000000042
emu_call --op get --bucket scratch
check "Put replaces: KMS with a CMK" test "$(emu_xml_value SSEAlgorithm)" = KMS \
	-a "$(emu_xml_value KMSMasterKeyID)" = 0c1d2e3f-aaaa-4bbb-8ccc-000000000042
emu_call --op put --bucket scratch --algorithm KMS --data-enc SM4
emu_call --op get --bucket scratch
check "Put KMS + KMSDataEncryption SM4 (no CMK)" test "$(emu_xml_value KMSDataEncryption)" = SM4 \
	-a -z "$(emu_xml_value KMSMasterKeyID)"
emu_call --op put --bucket scratch --algorithm SM4 --path-style --endpoint "http://127.0.0.1:$HZ"
expect "path-style Put on 127.0.0.1 → 200" 200
emu_call --op get --bucket scratch --path-style --endpoint "http://localhost:$HZ"
check "path-style Get on localhost reads SM4" test "$EMU_STATUS" = 200 -a "$(emu_xml_value SSEAlgorithm)" = SM4
emu_call --op delete --bucket scratch
check "Delete → 204, empty body" test "$EMU_STATUS" = 204 -a -z "$EMU_BODY"
emu_call --op delete --bucket scratch
expect "Delete on a bucket without a rule → 204 (ossemu's choice; OSS does not document it)" 204
emu_call --op get --bucket scratch
expect "… then Get → 404 NoSuchServerSideEncryptionRule" 404 NoSuchServerSideEncryptionRule
for op in get put delete; do
	rule=()
	[ $op = put ] && rule=(--algorithm AES256)
	emu_call --op $op --bucket nosuch-bucket "${rule[@]}"
	check "$op on a missing bucket → 404 NoSuchBucket (0015-00000101) naming it" test "$EMU_STATUS" = 404 \
		-a "$(emu_xml_value Code)" = NoSuchBucket -a "$(emu_xml_value EC)" = 0015-00000101 -a "$(emu_xml_value BucketName)" = nosuch-bucket
done
for op in get put delete; do
	rule=()
	[ $op = put ] && rule=(--algorithm KMS)
	emu_call --op $op --bucket locked "${rule[@]}"
	expect "$op on an access-denied bucket → 403 AccessDenied" 403 AccessDenied
done

echo "# Put bodies"
emu_v1 PUT scratch encryption 'this is not XML'
expect "unparsable body → 400 MalformedXML" 400 MalformedXML
emu_v1 PUT scratch encryption '<Rule><SSEAlgorithm>AES256</SSEAlgorithm></Rule>'
expect "wrong root element → 400 MalformedXML" 400 MalformedXML
emu_v1 PUT scratch encryption '<ServerSideEncryptionRule><ApplyServerSideEncryptionByDefault></ApplyServerSideEncryptionByDefault></ServerSideEncryptionRule>'
expect "no SSEAlgorithm → 400 MalformedXML" 400 MalformedXML
emu_v1 PUT scratch encryption '<ServerSideEncryptionRule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>AES256</SSEAlgorithm><SSEAlgorithm>KMS</SSEAlgorithm></ApplyServerSideEncryptionByDefault></ServerSideEncryptionRule>'
expect "two SSEAlgorithm elements → 400 MalformedXML" 400 MalformedXML
emu_v1 PUT scratch encryption '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><ServerSideEncryptionRule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>&x;</SSEAlgorithm></ApplyServerSideEncryptionByDefault></ServerSideEncryptionRule>'
expect "DTD / external entity (XXE) → 400 MalformedXML, nothing loaded" 400 MalformedXML
emu_v1 PUT scratch encryption "$(rule_body DES)"
expect "SSEAlgorithm DES → 400 InvalidEncryptionAlgorithmError (0005-00000003)" 400 InvalidEncryptionAlgorithmError 0005-00000003
check "… with OSS's message" test "$(emu_xml_value Message)" = "The Encryption request you specified is not valid. Supported value: AES256/KMS"
emu_v1 PUT scratch encryption "$(rule_body AES256 some-cmk)"
expect "AES256 with a KMSMasterKeyID → 400 InvalidArgument (0005-00000204)" 400 InvalidArgument 0005-00000204
check "… with OSS's message" test "$(emu_xml_value Message)" = "KMSMasterKeyID is not applicable if the default sse algorithm is not KMS"
emu_v1 PUT scratch encryption "$(rule_body SM4 '' SM4)"
expect "KMSDataEncryption with a non-KMS algorithm → 400 InvalidArgument (0005-00000203)" 400 InvalidArgument 0005-00000203
emu_v1 PUT scratch encryption "$(rule_body KMS '' AES256)"
expect "KMSDataEncryption other than SM4 → 400 InvalidArgument (0005-00000203)" 400 InvalidArgument 0005-00000203
EMU_V1_MD5=1B2M2Y8AsgTpgAmY7PhCfg== emu_v1 PUT scratch encryption "$(rule_body AES256)"
expect "Content-MD5 not matching the body → 400 InvalidDigest" 400 InvalidDigest
emu_v1 PUT scratch encryption "$(rule_body AES256)$(head -c 70000 /dev/zero | tr '\0' ' ')"
expect "body over 64 KiB → 400 EntityTooLarge" 400 EntityTooLarge
emu_call --op get --bucket scratch
expect "refused Puts left the bucket without a rule" 404 NoSuchServerSideEncryptionRule
emu_v1 PUT scratch encryption $'<?xml version="1.0" encoding="UTF-8"?>\n<ServerSideEncryptionRule>\n  <ApplyServerSideEncryptionByDefault>\n    <SSEAlgorithm>AES256</SSEAlgorithm>\n    <KMSMasterKeyID></KMSMasterKeyID>\n  </ApplyServerSideEncryptionByDefault>\n</ServerSideEncryptionRule>'
expect "the API doc's body (declaration, indentation, empty KMSMasterKeyID) → 200" 200
EMU_V1_MD5=none emu_v1 PUT scratch encryption "$(rule_body KMS)"
expect "Put without Content-MD5 → 200" 200

echo "# regions"
emu_call --op get --bucket sh-archive
expect "bucket of another region at this region's port → 403 AccessDenied" 403 AccessDenied
check "… naming the right endpoint, as OSS does" test "$(emu_xml_value Endpoint)" = "localhost:$SH" \
	-a "$(emu_xml_value Bucket)" = sh-archive \
	-a "$(emu_xml_value Message)" = "The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint."
emu_call --op get --bucket sh-archive --endpoint "http://localhost:$SH" --region cn-shanghai
check "… and answered at its own region's port" test "$EMU_STATUS" = 200 -a "$(emu_xml_value KMSMasterKeyID)" = 5c0f1d2e-0000-4000-8000-00000000abcd
emu_call --op get --bucket alpha --endpoint "http://localhost:$SH" --region cn-shanghai
check "hangzhou bucket at the shanghai port → Endpoint localhost:$HZ" test "$EMU_STATUS" = 403 -a "$(emu_xml_value Endpoint)" = "localhost:$HZ"

echo "# ListBuckets"
emu_call --op list
all="alpha beta delta gamma locked plain scratch sh-archive"
check "lists every bucket of every region, sorted by name" test "$EMU_STATUS" = 200 -a "$(names)" = "$all"
check "a complete list has no Prefix/Marker/MaxKeys/IsTruncated/NextMarker" \
	test -z "$(printf '%s' "$EMU_BODY" | grep -E '<(Prefix|Marker|MaxKeys|IsTruncated|NextMarker)>')"
check "Owner from the fixture" test "$(emu_xml_value ID)" = 1600000000000001 -a "$(emu_xml_value DisplayName)" = ossemu-test
sh_entry=$(printf '%s' "$EMU_BODY" | tr -d '\n ' | grep -o '<Bucket><CreationDate>[^B]*<Name>sh-archive</Name>.*' | sed 's:</Bucket>.*::')
check "Location, Region, Extranet/IntranetEndpoint per region" test -n "$(printf '%s' "$sh_entry" | grep -F "<ExtranetEndpoint>localhost:$SH</ExtranetEndpoint><IntranetEndpoint>localhost:$SH</IntranetEndpoint><Location>oss-cn-shanghai</Location>")" \
	-a -n "$(printf '%s' "$sh_entry" | grep -F '<Region>cn-shanghai</Region><StorageClass>Standard</StorageClass>')"
check "CreationDate and StorageClass from the fixture" has "<CreationDate>2021-03-04T05:06:07.000Z</CreationDate>"
check "… StorageClass IA kept" test -n "$(printf '%s' "$EMU_BODY" | tr -d '\n ' | grep -F '<Name>gamma</Name><Region>cn-hangzhou</Region><StorageClass>IA</StorageClass>')"
emu_call --op list --endpoint "http://localhost:$SH" --region cn-shanghai
check "the shanghai port lists all regions too" test "$EMU_STATUS" = 200 -a "$(names)" = "$all"
emu_call --op list --prefix s
check "prefix=s" test "$(names)" = "scratch sh-archive"
emu_call --op list --max-keys 3
check "max-keys=3 → 3 buckets, truncated with Prefix Marker MaxKeys IsTruncated NextMarker" \
	test "$(names)" = "alpha beta delta" -a "$(emu_xml_value IsTruncated)" = true -a "$(emu_xml_value NextMarker)" = delta \
	-a "$(emu_xml_value MaxKeys)" = 3 -a -n "$(printf '%s' "$EMU_BODY" | grep '<Prefix></Prefix>')" -a -n "$(printf '%s' "$EMU_BODY" | grep '<Marker></Marker>')"
EMU_SIGVER=1 emu_call --op list --max-keys 3 --marker delta
check "V1 marker=delta continues" test "$(names)" = "gamma locked plain" -a "$(emu_xml_value NextMarker)" = plain
emu_call --op list --max-keys 3 --marker plain
check "last page is not truncated" test "$(names)" = "scratch sh-archive" -a -z "$(emu_xml_value IsTruncated)"
for mk in 0 1001 abc; do
	emu_v1 GET "" "max-keys=$mk"
	expect "max-keys=$mk → 400 InvalidArgument" 400 InvalidArgument
done
emu_v1 GET alpha acl
expect "an operation ossemu does not implement (?acl) → 501 NotImplemented" 501 NotImplemented
emu_v1 POST "" ""
expect "POST / → 405 MethodNotAllowed" 405 MethodNotAllowed

echo "# request log"
n0=$(emu_log_lines)
emu_call --op put --bucket scratch --algorithm KMS --kms-key-id log-check-key
line=$(emu_log_line $((n0 + 1)))
rid=$(header x-oss-request-id)
check "one JSON line per request" test "$(emu_log_lines)" = $((n0 + 1))
check "log: method, host, path, raw query, status, code, request id" \
	test -n "$(printf '%s' "$line" | grep -F "\"method\":\"PUT\",\"host\":\"scratch.localhost:$HZ\",\"path\":\"/\",\"query\":\"encryption\"")" \
	-a -n "$(printf '%s' "$line" | grep -F "\"status\":200,\"code\":\"\",\"request_id\":\"$rid\"")"
check "log: headers as received and the body" \
	test -n "$(printf '%s' "$line" | grep -F '"Content-MD5":')" -a -n "$(printf '%s' "$line" | grep -F '<KMSMasterKeyID>log-check-key</KMSMasterKeyID>')"
check "log: V4 Authorization reduced to scheme and credential" \
	test -n "$(printf '%s' "$line" | grep -F "\"Authorization\":\"OSS4-HMAC-SHA256 Credential=$EMU_AK/")" -a -z "$(printf '%s' "$line" | grep Signature=)"
EMU_SIGVER=1 emu_call --op get --bucket scratch
check "log: V1 Authorization reduced to 'OSS AK'" grep -qF "\"Authorization\":\"OSS $EMU_AK\"" "$EMU_LOG"
check "log: wrong-signature requests are logged with their Code" grep -q '"code":"SignatureDoesNotMatch"' "$EMU_LOG"
check "the secret appears in neither the log nor ossemu's output" \
	test -z "$(grep -F "$EMU_SECRET" "$EMU_LOG" "$EMU_DIR/out")"
emu_stop
check "SIGTERM stops ossemu cleanly (exit 0)" test $? = 0

echo "# signing vectors (tests/data/vectors) replayed byte for byte"
if command -v node >/dev/null; then
	vec=$DATA/vectors/derived-encryption.json
	replay=$SSE_SOURCE/tests/protocol/lib/replay_vectors.js
	EMU_AK=LTAI5tExampleAccessKeyID EMU_SECRET=ExampleAccessKeySecret0123456789 \
		emu_start --clock 1735787045 --region cn-hangzhou --region ap-southeast-1 --bucket examplebucket:AES256
	for variant in exact spaced py1; do
		node "$replay" "$vec" "$EMU_DIR/ports" plain $variant >"$WORK/replay" 2>&1
		while read -r id status code; do
			EMU_STATUS=$status
			check "vector $id ($variant) accepted" test "$code" = - -a "${status:0:1}" = 2
		done <"$WORK/replay"
	done
	stop
	EMU_AK=LTAI5tExampleAccessKeyID EMU_SECRET=ExampleAccessKeySecret0123456789 EMU_TOKEN='CAISexampleSecurityToken+/==' \
		emu_start --clock 1735787045 --region cn-hangzhou --bucket examplebucket:AES256
	node "$replay" "$vec" "$EMU_DIR/ports" sts exact >"$WORK/replay" 2>&1
	while read -r id status code; do
		EMU_STATUS=$status
		check "STS vector $id accepted" test "$code" = - -a "${status:0:1}" = 2
	done <"$WORK/replay"
	check "the STS token is redacted in the log" test -z "$(grep -F CAISexample "$EMU_LOG")" -a -n "$(grep -F '"x-oss-security-token":"<redacted>"' "$EMU_LOG")"
	stop
else
	skip "node not installed: signing vectors not replayed"
fi

echo "# STS"
EMU_TOKEN=CAIStestToken0123456789 emu_start --bucket alpha:AES256
EMU_TOKEN=CAIStestToken0123456789 emu_call --op get --bucket alpha
expect "V4 with the right token → 200" 200
EMU_SIGVER=1 EMU_TOKEN=CAIStestToken0123456789 emu_call --op list
expect "V1 with the right token → 200" 200
EMU_SIGN_TOKEN= emu_call --op get --bucket alpha
expect "no token when one is required → 403 InvalidSecurityToken" 403 InvalidSecurityToken
EMU_SIGN_TOKEN=CAISwrongToken emu_call --op get --bucket alpha
expect "wrong token → 403 InvalidSecurityToken" 403 InvalidSecurityToken
stop

echo "# clock"
emu_start --bucket alpha:AES256 --clock +7200
emu_call --op get --bucket alpha
expect "server clock 2 h ahead: a request at the real time is skewed" 403 RequestTimeTooSkewed
server_date=$(date -d "$(header Date)" +%s 2>/dev/null || echo 0)
check "… RequestTime and ServerTime in the answer, Date header on the server clock" \
	test -n "$(emu_xml_value RequestTime)" -a -n "$(emu_xml_value ServerTime)" -a $((server_date - $(now))) -gt 7000
emu_call --op get --bucket alpha --time $(($(now) + 7200))
expect "… a request at the server's time is accepted" 200
stop

echo "# path style refused when asked"
emu_start --bucket alpha:AES256 --no-path-style
emu_call --op get --bucket alpha --path-style
expect "--no-path-style: /alpha/?encryption → 403 SecondLevelDomainForbidden" 403 SecondLevelDomainForbidden
emu_call --op get --bucket alpha
expect "--no-path-style: virtual-hosted still works" 200
stop

echo "# account limits: ListBuckets denied, page size, requests in flight"
emu_start --fixture "$DATA/emu/endpoint.cfg" --deny-list-buckets
emu_call --op list
expect "--deny-list-buckets: ListBuckets → 403 AccessDenied" 403 AccessDenied
check "… with OSS's message and a request id" test "$(emu_xml_value Message)" = "You have no right to access this action." \
	-a -n "$(header x-oss-request-id)"
emu_call --op get --bucket alpha
check "… the bucket calls still work" test "$EMU_STATUS" = 200 -a "$(emu_xml_value SSEAlgorithm)" = AES256
EMU_SIGN_SECRET=wrong emu_call --op list
expect "… a bad signature is still SignatureDoesNotMatch (checked first)" 403 SignatureDoesNotMatch
stop
OSSEMU_DENY_LIST_BUCKETS=1 emu_start --bucket alpha:AES256
emu_call --op list
expect "OSSEMU_DENY_LIST_BUCKETS=1 does the same" 403 AccessDenied
stop
"$EMU_BIN" --access-key-id a --access-key-secret b --list-page-size 0 >/dev/null 2>&1
check "--list-page-size 0 exits 2" test $? = 2
emu_start --bucket alpha:AES256 --fail-list-page 2
emu_call --op list
expect "--fail-list-page 2: the 1st ListBuckets answers" 200
emu_call --op get --bucket alpha
expect "… a bucket call in between does not count" 200
emu_call --op list
expect "… the 2nd is 503 ServiceUnavailable" 503 ServiceUnavailable
emu_call --op list
expect "… the 3rd answers again" 200
stop
emu_start --bucket alpha:AES256 --fail-list-page 2+
emu_call --op list
expect "--fail-list-page 2+: the 1st ListBuckets answers" 200
emu_call --op list
expect "… the 2nd is 503 ServiceUnavailable" 503 ServiceUnavailable
emu_call --op get --bucket alpha
expect "… a bucket call still answers" 200
emu_call --op list
expect "… and so is the 3rd: the listing stays broken" 503 ServiceUnavailable
stop
"$EMU_BIN" --access-key-id a --access-key-secret b --fail-list-page 0 >/dev/null 2>&1
check "--fail-list-page 0 exits 2" test $? = 2
"$EMU_BIN" --access-key-id a --access-key-secret b --fail-list-page + >/dev/null 2>&1
check "--fail-list-page + exits 2" test $? = 2
OSSEMU_LIST_PAGE_SIZE=x "$EMU_BIN" --access-key-id a --access-key-secret b >/dev/null 2>&1
check "a bad OSSEMU_LIST_PAGE_SIZE exits 2" test $? = 2
OSSEMU_MAX_INFLIGHT=-1 "$EMU_BIN" --access-key-id a --access-key-secret b >/dev/null 2>&1
check "a bad OSSEMU_MAX_INFLIGHT exits 2" test $? = 2
emu_start --fixture "$DATA/emu/endpoint.cfg" --list-page-size 3
emu_call --op list
check "--list-page-size 3: 3 buckets without max-keys, truncated, NextMarker" \
	test "$(names)" = "alpha beta delta" -a "$(emu_xml_value IsTruncated)" = true -a "$(emu_xml_value NextMarker)" = delta \
	-a "$(emu_xml_value MaxKeys)" = 3
emu_call --op list --max-keys 1000 --marker delta
check "… max-keys 1000 still gets 3" test "$(names)" = "gamma locked plain" -a "$(emu_xml_value NextMarker)" = plain
emu_call --op list --max-keys 2 --marker plain
check "… a smaller max-keys wins" test "$(names)" = "scratch sh-archive" -a "$(emu_xml_value IsTruncated)" = ""
stop
OSSEMU_LIST_PAGE_SIZE=2 emu_start --fixture "$DATA/emu/endpoint.cfg" --list-page-size 5
emu_call --op list
check "the command line wins over OSSEMU_LIST_PAGE_SIZE" test "$(names)" = "alpha beta delta gamma locked"
stop
# Held requests are being served: they count. Holding makes "while two are served" exact.
emu_start --bucket alpha:AES256 --max-inflight 2
emu_hold
logged=$(emu_log_lines)
pids=
for i in 1 2; do
	(emu_call --op get --bucket alpha; echo "$EMU_STATUS" >"$WORK/inflight.$i") &
	pids="$pids $!"
done
emu_wait_held 2
emu_call --op get --bucket alpha
expect "--max-inflight 2: a third request while two are served (held) → 503 ActiveRequestLimitExceeded at once" 503 ActiveRequestLimitExceeded
check "… with OSS's message and an x-oss-request-id" test "$(emu_xml_value Message)" = "Max active request limit is exceeded" \
	-a -n "$(header x-oss-request-id)"
emu_unhold
emu_release
for p in $pids; do wait "$p"; done
check "… the two served ones got their answers" test "$(cat "$WORK/inflight.1" "$WORK/inflight.2" | tr '\n' ' ')" = "200 200 "
emu_call --op get --bucket alpha
check "… once they are answered, requests are served again" test "$EMU_STATUS" = 200
check "… the refusal is logged with its code" test "$(tail -n +$((logged + 1)) "$EMU_LOG" | grep -c '"code":"ActiveRequestLimitExceeded"')" = 1
stop

echo "# paging over generated buckets"
emu_start --generate 25
seen=
marker=
pages=0
while :; do
	pages=$((pages + 1))
	if [ -n "$marker" ]; then
		EMU_SIGVER=1 emu_call --op list --max-keys 10 --marker "$marker"
	else
		EMU_SIGVER=1 emu_call --op list --max-keys 10
	fi
	[ "$EMU_STATUS" = 200 ] || break
	seen="$seen $(names)"
	[ "$(emu_xml_value IsTruncated)" = true ] || break
	marker=$(emu_xml_value NextMarker)
	[ $pages -lt 10 ] || break
done
count=$(printf '%s\n' $seen | sort -u | wc -l)
check "--generate 25: 3 pages of max-keys 10 give 25 distinct buckets in order" \
	test $pages = 3 -a "$count" = 25 -a "$(printf '%s\n' $seen | head -n 1)" = bucket-00001 -a "$(printf '%s\n' $seen | tail -n 1)" = bucket-00025
algos=
for b in bucket-00001 bucket-00002 bucket-00003 bucket-00004 bucket-00008; do
	emu_call --op get --bucket $b
	algos="$algos $(emu_xml_value SSEAlgorithm)"
done
check "--generate mixes rules (AES256, KMS, KMS+CMK, SM4, none)" test "$algos" = " AES256 KMS KMS SM4 "
stop

echo "# persistence"
cp "$DATA/emu/endpoint.cfg" "$WORK/persist.cfg"
emu_start --fixture "$WORK/persist.cfg" --persist --region cn-hangzhou --region cn-shanghai
emu_call --op put --bucket plain --algorithm KMS --kms-key-id persisted-cmk --data-enc SM4
emu_call --op delete --bucket alpha
emu_stop
check "stop after changes exits 0" test $? = 0
check "the fixture file was rewritten with the change" grep -q 'name = "plain";.*kms_key_id = "persisted-cmk"; data_encryption = "SM4"' "$WORK/persist.cfg"
check "no temporary files left next to it" test "$(ls "$WORK" | grep -c 'persist.cfg.tmp')" = 0
emu_restart
emu_call --op get --bucket plain
check "after a restart the rule is still there" test "$EMU_STATUS" = 200 -a "$(emu_xml_value KMSMasterKeyID)" = persisted-cmk
emu_call --op get --bucket alpha
expect "… and the deleted one still gone" 404 NoSuchServerSideEncryptionRule
emu_call --op get --bucket sh-archive --endpoint "http://localhost:$(emu_port cn-shanghai)" --region cn-shanghai
expect "… regions, keys and other buckets kept" 200
stop

echo "# faults"
fault_round() { # FLAG: starts ossemu with --FLAG-every 2, sends request 1 (normal) and 2 (faulted)
	emu_start --bucket alpha:AES256 --bucket scratch --"$1"-every 2 || return 1
	emu_call --op get --bucket alpha
	FIRST=$EMU_STATUS
	EMU_CURL_OPTS=(--max-time 3)
	emu_call "${@:2}"
	EMU_CURL_OPTS=()
}
fault_round reset --op get --bucket alpha
check "--reset-every 2: request 1 answered, request 2 connection closed without an answer" \
	test "$FIRST" = 200 -a "$EMU_STATUS" = 000 -a "$EMU_CURL_RC" = 52
check "… logged as fault reset, status 0" test -n "$(tail -n 1 "$EMU_LOG" | grep -F '"status":0' | grep -F '"fault":"reset"')"
emu_call --op get --bucket alpha
check "… request 3 answered again" test "$EMU_STATUS" = 200
stop
fault_round stall --op get --bucket alpha
check "--stall-every 2: request 2 never answered (client timeout)" test "$FIRST" = 200 -a "$EMU_STATUS" = 000 -a "$EMU_CURL_RC" = 28
emu_call --op get --bucket alpha
check "… other requests are still served" test "$EMU_STATUS" = 200
EMU_CURL_OPTS=(--max-time 20)
emu_call --op get --bucket alpha &
stalled=$!
EMU_CURL_OPTS=()
emu_wait_log '"fault":"stall"' 2 # the first stalled request, then this one
t0=$(date +%s)
emu_stop
rc=$?
check "… SIGTERM with a stalled request pending still stops cleanly and promptly" test $rc = 0 -a $(($(date +%s) - t0)) -lt 5
wait $stalled
fault_round truncate --op put --bucket scratch --algorithm SM4
check "--truncate-every 2: Content-Length longer than the body, then close (curl 18)" test "$EMU_CURL_RC" = 18
emu_call --op get --bucket scratch
check "… the call itself took effect (read-back shows SM4)" test "$EMU_STATUS" = 200 -a "$(emu_xml_value SSEAlgorithm)" = SM4
stop
fault_round oversize --op get --bucket alpha
check "--oversize-every 2: 200 with a 2 MiB body" test "$EMU_STATUS" = 200 -a "$(header Content-Length)" = 2097152
stop
fault_round html --op get --bucket alpha
check "--html-every 2: 502 text/html page without x-oss-request-id" test "$EMU_STATUS" = 502 \
	-a "$(header Content-Type)" = text/html -a -z "$(header x-oss-request-id)" -a -n "$(printf '%s' "$EMU_BODY" | grep '<html>')"
stop
fault_round garbage --op get --bucket alpha
check "--garbage-every 2: 200 with a body that is not XML" test "$EMU_STATUS" = 200 \
	-a -z "$(printf '%s' "$EMU_BODY" | head -c 5 | grep -F '<?xml')" -a -n "$EMU_BODY"
stop
fault_round throttle --op get --bucket alpha
expect "--throttle-every 2: 429 with an OSS error body" 429 TooManyRequests
check "… and an x-oss-request-id" test -n "$(header x-oss-request-id)"
stop
fault_round fail --op put --bucket scratch --algorithm AES256
expect "--fail-every 2: 503 ServiceUnavailable with an OSS error body" 503 ServiceUnavailable
emu_call --op get --bucket scratch
expect "… the failed call did not take effect" 404 NoSuchServerSideEncryptionRule
check "… logged with fault fail" test -n "$(grep -F '"fault":"fail"' "$EMU_LOG" | grep -F '"code":"ServiceUnavailable"')"
stop
emu_start --bucket alpha:AES256 --fail-every 2 --reset-every 4
codes=
for i in 1 2 3 4; do
	emu_call --op get --bucket alpha
	codes="$codes $EMU_STATUS"
done
check "counters are global per request number; reset wins over fail on request 4" test "$codes" = " 200 503 200 000"
stop
emu_start --bucket alpha:AES256 --latency-ms 400 --threads 1
t0=$(date +%s%N)
emu_call --op get --bucket alpha
t1=$(date +%s%N)
check "--latency-ms 400 delays an answer by ≥ 400 ms" test "$EMU_STATUS" = 200 -a $(((t1 - t0) / 1000000)) -ge 400
pids=
t0=$(date +%s%N)
for i in 1 2 3 4 5 6; do
	(emu_call --op get --bucket alpha; [ "$EMU_STATUS" = 200 ]) &
	pids="$pids $!"
done
okc=0
for p in $pids; do wait $p && okc=$((okc + 1)); done
ms=$((($(date +%s%N) - t0) / 1000000))
check "… 6 parallel requests on 1 thread finish together (${ms} ms < 1800), not one after another" test $okc = 6 -a $ms -lt 1800
stop

echo "# control interface: held answers and a second administrator"
emu_start --bucket alpha:AES256 --bucket plain --bucket beta:KMS:key-beta
check "emu_start gives ossemu a control socket" test -S "$EMU_ADMIN"
n0=$(emu_log_lines)
emu_hold bucket=alpha
check "hold for one bucket: a rule, nothing held yet" test "$(emu_held)" = 0 \
	-a -n "$(printf '%s' "$EMU_ADMIN_BODY" | grep -F '"rules":[{"bucket":"alpha","kind":""}]')"
(emu_call --op get --bucket alpha; printf '%s %s %s' "$EMU_STATUS" "$(emu_xml_value SSEAlgorithm)" \
	"$(emu_xml_value KMSMasterKeyID)" >"$WORK/held.1"; header x-oss-request-id >"$WORK/held.1.rid") &
heldpid=$!
emu_wait_held 1
held_line=$(grep -F '"event":"held"' "$EMU_LOG" | tail -n 1)
check "the held request is logged as held, with its request id, bucket and kind (no \"method\" key)" \
	test -n "$(printf '%s' "$held_line" | grep -F '"request":"GET /?encryption"' | grep -F '"bucket":"alpha","kind":"get"')" \
	-a -z "$(printf '%s' "$held_line" | grep -F '"method"')"
check "… and has no answer line yet" test "$(emu_log_lines)" = "$n0"
emu_call --op get --bucket plain
expect "a request for another bucket is answered while alpha's is held" 404 NoSuchServerSideEncryptionRule
emu_admin_set alpha KMS colleague-cmk-1
check "a second administrator sets alpha's rule while the request is held" test "$(emu_admin_get alpha)" = "KMS colleague-cmk-1 -"
check "GET /buckets/alpha: region and access too" test -n "$(printf '%s' "$EMU_ADMIN_BODY" | grep -F '"region":"cn-hangzhou"' | grep -F '"access":"allowed"')"
emu_release
check "release: 1 released, none left" test "$EMU_RELEASED" = 1 -a "$(emu_held)" = 0
wait $heldpid
check "the released request is answered with the state at its release (the colleague's rule)" test "$(cat "$WORK/held.1")" = "200 KMS colleague-cmk-1"
rid=$(grep -F '"event":"held"' "$EMU_LOG" | sed -n 's/.*"request_id":"\([0-9A-F]*\)".*/\1/p' | tail -n 1)
check "… its answer line and x-oss-request-id carry the id it was held under" \
	test -n "$rid" -a "$(cat "$WORK/held.1.rid")" = "$rid" -a -n "$(grep -F "\"request_id\":\"$rid\",\"fault\":\"none\"" "$EMU_LOG")"
(emu_call --op get --bucket alpha; echo "$EMU_STATUS" >"$WORK/held.1b") &
heldpid=$!
check "the rule stays: alpha's next request is held again" emu_wait_held 1
emu_unhold
emu_release
wait $heldpid
check "DELETE /hold: no rule left" test -z "$(printf '%s' "$EMU_ADMIN_BODY" | grep -F bucket)"
emu_call --op get --bucket alpha
expect "… requests are answered at once again" 200
emu_hold kind=put
(emu_call --op put --bucket plain --algorithm SM4; echo "$EMU_STATUS" >"$WORK/held.2") &
heldpid=$!
emu_wait_held 1
emu_call --op get --bucket plain
expect "hold kind=put: a GET is answered while the PUT waits" 404 NoSuchServerSideEncryptionRule
emu_unhold
emu_release
wait $heldpid
emu_call --op get --bucket plain
check "… the PUT takes effect once released" test "$(cat "$WORK/held.2")" = 200 -a "$(emu_xml_value SSEAlgorithm)" = SM4
emu_hold
beta0=$(grep -cF '"method":"GET","host":"beta.' "$EMU_LOG")
pids=
for i in 1 2 3; do
	(emu_call --op get --bucket beta; echo "$EMU_STATUS" >"$WORK/held.3.$i") &
	pids="$pids $!"
done
emu_wait_held 3
emu_release 1
check "release 1 of 3: one released, two still held" test "$EMU_RELEASED" = 1 -a "$(emu_held)" = 2
emu_wait_log '"method":"GET","host":"beta.' $((beta0 + 1))
check "… and only it answered" test "$(grep -cF '"method":"GET","host":"beta.' "$EMU_LOG")" = $((beta0 + 1))
emu_unhold
emu_release
for p in $pids; do wait "$p"; done
check "… then the other two" test "$(cat "$WORK"/held.3.* | tr '\n' ' ')" = "200 200 200 "
emu_admin POST '/hold?kind=bogus'
check "a hold of an unknown kind → 400 naming the kinds" test "$EMU_ADMIN_STATUS" = 400 -a -n "$(printf '%s' "$EMU_ADMIN_BODY" | grep -F 'get, put, delete, list')"
emu_admin POST '/hold?bucket=alpha&op=get'
check "an unknown parameter → 400 naming it" test "$EMU_ADMIN_STATUS" = 400 -a -n "$(printf '%s' "$EMU_ADMIN_BODY" | grep -F 'unknown parameter \"op')"
emu_admin POST '/release?n=0'
check "release n=0 → 400" test "$EMU_ADMIN_STATUS" = 400
emu_admin GET /buckets/nosuch-bucket
check "an unknown bucket → 404" test "$EMU_ADMIN_STATUS" = 404
emu_admin_set alpha AES256 some-cmk
check "a rule OSS would refuse is refused with OSS's message, the state unchanged" \
	test "$EMU_ADMIN_STATUS" = 400 -a -n "$(printf '%s' "$EMU_ADMIN_BODY" | grep -F 'KMSMasterKeyID is not applicable')" \
	-a "$(emu_admin_get alpha)" = "KMS colleague-cmk-1 -"
emu_admin_set alpha KMS "" SM4
check "set KMS + SM4 data encryption" test "$(emu_admin_get alpha)" = "KMS - SM4"
emu_admin_set alpha none
emu_call --op get --bucket alpha
expect "remove through the control interface: GetBucketEncryption → 404" 404 NoSuchServerSideEncryptionRule
emu_admin GET /stats
check "GET /stats counts the requests" test "$(_emu_admin_num requests)" -ge 10 -a "$(_emu_admin_num held)" = 0
emu_admin GET /nothing
check "an unknown call → 404" test "$EMU_ADMIN_STATUS" = 404
emu_hold
EMU_CURL_OPTS=(--max-time 20)
emu_call --op get --bucket beta &
heldpid=$!
EMU_CURL_OPTS=()
emu_wait_held 1
t0=$(date +%s)
emu_stop
rc=$?
wait $heldpid
check "SIGTERM with a request held stops cleanly and promptly, the socket removed" test $rc = 0 -a $(($(date +%s) - t0)) -lt 5 -a ! -e "$EMU_ADMIN"
cp "$DATA/emu/endpoint.cfg" "$WORK/admin.cfg"
emu_start --fixture "$WORK/admin.cfg" --persist
emu_admin_set plain KMS persisted-by-console
check "a console change is persisted like a request's" grep -q 'name = "plain";.*kms_key_id = "persisted-by-console"' "$WORK/admin.cfg"
stop

echo "# valgrind"
if command -v valgrind >/dev/null && [ "${SSE_SKIP_VALGRIND:-0}" != 1 ]; then
	cp "$DATA/emu/endpoint.cfg" "$WORK/vg.cfg"
	EMU_WRAPPER="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect,possible --show-leak-kinds=definite,indirect,possible" \
		emu_start --fixture "$WORK/vg.cfg" --persist --region cn-hangzhou --region cn-shanghai \
		--latency-ms 20 --truncate-every 5 --stall-every 10 --log "$WORK/vg.log"
	EMU_CURL_OPTS=(--max-time 5)
	emu_call --op get --bucket alpha
	emu_call --op put --bucket plain --algorithm KMS --kms-key-id vg --data-enc SM4
	EMU_SIGVER=1 emu_call --op list --max-keys 2
	emu_call --op get --bucket sh-archive
	emu_call --op delete --bucket beta
	EMU_SIGN_SECRET=nope emu_call --op get --bucket alpha
	emu_v1 PUT plain encryption '<!DOCTYPE a [<!ENTITY b "c">]><ServerSideEncryptionRule/>'
	emu_v1 PUT plain encryption "$(rule_body AES256 k)"
	emu_raw GET "http://localhost:$EMU_PORT/"
	(emu_call --op get --bucket gamma) &
	stalled=$!
	EMU_CURL_OPTS=()
	emu_wait_log '"fault":"stall"' 1 60000 # request 10, stalled: stop with it pending
	emu_stop
	rc=$?
	wait $stalled
	check "valgrind: no errors, no leaks across answers, faults, persistence and stop (rc $rc)" test $rc = 0
	[ $rc = 0 ] || cat "$EMU_DIR/out"
else
	skip "valgrind not installed (or SSE_SKIP_VALGRIND=1)"
fi

echo "endpoint: $PASS passed, $FAIL failed${SKIP:+, $SKIP skipped}"
[ $FAIL = 0 ]
