#!/usr/bin/env bash
# netns.sh DEPS WORK — run by t_identity.sh inside `unshare -mn` (a private mount and network
# namespace, as root): loopback up with 100.100.100.200 on it, an /etc/hosts of our own naming
# the STS and KMS hosts on loopback, a test CA, ossemu with its metadata service on
# 100.100.100.200:80 and TLS in front of it on 127.0.0.1:443 (socat, with a certificate for
# those names), then the creds phase of identity.js with NODE_EXTRA_CA_CERTS. Nothing here can
# reach beyond this namespace.
set -u
DEPS=$1
WORK=$2
HERE=$(cd "$(dirname "$0")" && pwd)
. "$SSE_SOURCE/tests/protocol/lib/emu.sh"
. "$SSE_SOURCE/tests/protocol/lib/rpc.sh"
die() { echo "FAIL - namespace set-up: $*"; echo "creds: 0 passed, 1 failed"; exit 1; }
SOCAT=
cleanup() { [ -n "$SOCAT" ] && kill "$SOCAT" 2>/dev/null; emu_cleanup; }
trap cleanup EXIT

ip link set lo up && ip addr add 100.100.100.200/32 dev lo || die "cannot set up loopback"
names=(sts.aliyuncs.com sts.cn-hangzhou.aliyuncs.com sts.cn-shanghai.aliyuncs.com
	kms.cn-hangzhou.aliyuncs.com kms.cn-shanghai.aliyuncs.com)
{ echo "127.0.0.1 localhost"; echo "::1 localhost"; echo "127.0.0.1 ${names[*]}"; } >"$WORK/hosts"
mount --bind "$WORK/hosts" /etc/hosts || die "cannot bind-mount /etc/hosts"

# the test CA and a certificate for the service names
ca=$WORK/ca
mkdir -p "$ca"
san=$(printf 'DNS:%s,' "${names[@]}")
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=sseadm test CA" \
	-addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
	-keyout "$ca/ca.key" -out "$ca/ca.pem" 2>"$ca/err" || die "openssl: $(cat "$ca/err")"
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=sts.aliyuncs.com" \
	-keyout "$ca/server.key" -out "$ca/server.csr" 2>"$ca/err" || die "openssl: $(cat "$ca/err")"
printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n' "${san%,}" >"$ca/ext"
openssl x509 -req -in "$ca/server.csr" -CA "$ca/ca.pem" -CAkey "$ca/ca.key" -CAcreateserial -days 2 \
	-extfile "$ca/ext" -out "$ca/server.pem" 2>"$ca/err" || die "openssl: $(cat "$ca/err")"

emu_start --fixture "$SSE_SOURCE/tests/data/emu/ident.cfg" --imds-listen 100.100.100.200:80 --log "$WORK/creds.log" ||
	die "ossemu did not start"
socat "OPENSSL-LISTEN:443,bind=127.0.0.1,reuseaddr,fork,cert=$ca/server.pem,key=$ca/server.key,verify=0" \
	"TCP:127.0.0.1:$EMU_PORT" 2>"$WORK/socat.err" &
SOCAT=$!
for _ in $(seq 1 100); do
	(exec 3<>/dev/tcp/127.0.0.1/443) 2>/dev/null && break
	kill -0 $SOCAT 2>/dev/null || die "socat: $(cat "$WORK/socat.err")"
	sleep 0.05
done

now=$(date +%s)
jwt_make "{\"iss\":\"https://oidc-ack-cn-hangzhou.oss-cn-hangzhou.aliyuncs.com/c1234\",\"aud\":\"sts.aliyuncs.com\",\"sub\":\"system:serviceaccount:ops:sseadm\",\"exp\":$((now + 3600)),\"iat\":$now}" >"$WORK/oidc-token"
unset ALIBABA_CLOUD_ACCESS_KEY_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET ALIBABA_CLOUD_SECURITY_TOKEN \
	ALIBABA_CLOUD_ROLE_ARN ALIBABA_CLOUD_OIDC_PROVIDER_ARN ALIBABA_CLOUD_OIDC_TOKEN_FILE ALIBABA_CLOUD_STS_REGION \
	ALIBABA_CLOUD_ECS_METADATA ALIBABA_CLOUD_IMDSV1_DISABLED
(cd "$DEPS" && NODE_PATH="$DEPS/node_modules" NODE_EXTRA_CA_CERTS="$ca/ca.pem" CONF_AK="$EMU_AK" \
	CONF_SECRET="$EMU_SECRET" CONF_LOG="$WORK/creds.log" CONF_TOKEN_FILE="$WORK/oidc-token" \
	node "$HERE/identity.js" creds)
rc=$?
# an unclean exit (a sanitizer's report, a leak) is a failure of its own
emu_stop || { echo "FAIL - ossemu did not stop cleanly (exit $?)"; cat "$EMU_DIR/out"; rc=1; }
exit $rc
