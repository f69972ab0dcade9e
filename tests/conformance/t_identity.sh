#!/usr/bin/env bash
# t_identity.sh — conformance of ossemu's STS, KMS and ECS metadata service with the official Node
# libraries, @alicloud/pop-core 1.8.0 and @alicloud/credentials 2.4.7 (pinned by
# ident/package-lock.json, installed once with `npm ci` into $SSE_BUILD/conformance-ident/):
# pop-core's RPC calls over HTTP, then (as root, in a private namespace: ident/netns.sh) the
# credentials library's RamRoleArn and OIDC providers over HTTPS and its EcsRamRole provider.
# Run by CTest with SSE_BUILD and SSE_SOURCE; prints "identity: N passed, M failed".
set -u
: "${SSE_BUILD:?SSE_BUILD is not set}" "${SSE_SOURCE:?SSE_SOURCE is not set}"
# The lab turns the metadata service off (tests/CMakeLists.txt); here it is served, in the
# namespace only, and the EcsRamRole provider must be let to ask it.
unset OSS_ACCESS_KEY_ID OSS_ACCESS_KEY_SECRET OSS_SESSION_TOKEN OSSEMU_ACCESS_KEY_ID \
	OSSEMU_ACCESS_KEY_SECRET OSSEMU_SECURITY_TOKEN ALIBABA_CLOUD_ECS_METADATA_DISABLED
HERE=$SSE_SOURCE/tests/conformance/ident
. "$SSE_SOURCE/tests/protocol/lib/emu.sh"

PASS=0
FAIL=0
die() {
	echo "identity: $*"
	echo "identity: $PASS passed, $((FAIL + 1)) failed"
	exit 1
}
command -v node >/dev/null || die "node is not installed (build.sh installs Debian's nodejs and npm)"
command -v npm >/dev/null || die "npm is not installed (build.sh installs Debian's nodejs and npm)"
[ -x "$EMU_BIN" ] || die "$EMU_BIN is not built"

DEPS=$SSE_BUILD/conformance-ident
mkdir -p "$DEPS"
want=$(cat "$HERE/package.json" "$HERE/package-lock.json" | cksum)
if [ ! -f "$DEPS/node_modules/@alicloud/credentials/package.json" ] || [ "$(cat "$DEPS/.installed" 2>/dev/null)" != "$want" ]; then
	cp "$HERE/package.json" "$HERE/package-lock.json" "$DEPS/"
	echo "# npm ci (@alicloud/pop-core, @alicloud/credentials) into $DEPS"
	if ! (cd "$DEPS" && npm ci --no-audit --no-fund --loglevel=error) >"$DEPS/npm.log" 2>&1; then
		cat "$DEPS/npm.log"
		die "npm ci failed: cannot install the Alibaba Cloud libraries from the npm registry ($(npm config get registry))"
	fi
	echo "$want" >"$DEPS/.installed"
fi
for p in pop-core:1.8.0 credentials:2.4.7; do
	v=$(node -p "require('$DEPS/node_modules/@alicloud/${p%%:*}/package.json').version")
	[ "$v" = "${p#*:}" ] || die "@alicloud/${p%%:*} $v installed, ${p#*:} expected"
done
echo "# @alicloud/pop-core 1.8.0, @alicloud/credentials 2.4.7, node $(node --version)"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/t_identity.XXXXXX")
trap 'emu_cleanup; rm -rf "$WORK"' EXIT

# Adds the counts of a phase's output (in $1) to PASS and FAIL.
count() {
	local name=$1 out=$2 counts
	grep -E '^(ok|FAIL|   )' "$out"
	counts=$(sed -n "s/^$name: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p" "$out")
	if [ -z "$counts" ]; then
		cat "$out"
		FAIL=$((FAIL + 1))
		echo "FAIL - $name phase did not finish"
		return
	fi
	PASS=$((PASS + ${counts% *}))
	FAIL=$((FAIL + ${counts#* }))
}

echo "# pop-core drives ossemu's STS and KMS (HTTP)"
emu_start --fixture "$SSE_SOURCE/tests/data/emu/ident.cfg" --region cn-hangzhou --region cn-shanghai || die "ossemu did not start"
(cd "$DEPS" && NODE_PATH="$DEPS/node_modules" CONF_URL="http://127.0.0.1:$EMU_PORT" \
	CONF_URL_SH="http://127.0.0.1:$(emu_port cn-shanghai)" CONF_AK="$EMU_AK" CONF_SECRET="$EMU_SECRET" \
	CONF_LOG="$EMU_LOG" node "$HERE/identity.js" rpc) >"$WORK/rpc.out" 2>&1
count rpc "$WORK/rpc.out"
emu_stop || { echo "FAIL - ossemu did not stop cleanly"; FAIL=$((FAIL + 1)); }

echo "# @alicloud/credentials fetches credentials from ossemu (HTTPS STS, metadata service at 100.100.100.200)"
if [ "$(id -u)" != 0 ] || ! unshare -mn true 2>/dev/null; then
	# CI runs as root; elsewhere this part cannot run and says so (it is not counted as passed)
	echo "skip - the credentials providers need root for a private network namespace (unshare -mn)"
elif ! command -v socat >/dev/null || ! command -v ip >/dev/null; then
	die "socat and ip are needed for the namespace (build.sh installs them)"
else
	mkdir -p "$WORK/ns"
	unshare -mn env SSE_BUILD="$SSE_BUILD" SSE_SOURCE="$SSE_SOURCE" bash "$HERE/netns.sh" "$DEPS" "$WORK/ns" \
		>"$WORK/creds.out" 2>&1
	count creds "$WORK/creds.out"
	grep -q '^FAIL - ossemu did not stop cleanly' "$WORK/creds.out" && FAIL=$((FAIL + 1))
fi

echo "identity: $PASS passed, $FAIL failed"
[ $FAIL = 0 ]
