#!/usr/bin/env bash
# t_ali_oss.sh — conformance against the official Node SDK, ali-oss 6.23.0 (pinned by
# package-lock.json): ali-oss drives ossemu (V1 and V4, with and without STS), and sseadm's
# signer (tests/sse_sign) must produce ali-oss's exact Authorization for the same requests.
# ali-oss is installed once with `npm ci` into $SSE_BUILD/conformance/ and reused.
# Run by CTest with SSE_BUILD and SSE_SOURCE; prints "conformance: N passed, M failed".
set -u
: "${SSE_BUILD:?SSE_BUILD is not set}" "${SSE_SOURCE:?SSE_SOURCE is not set}"
unset OSS_ACCESS_KEY_ID OSS_ACCESS_KEY_SECRET OSS_SESSION_TOKEN OSSEMU_ACCESS_KEY_ID \
	OSSEMU_ACCESS_KEY_SECRET OSSEMU_SECURITY_TOKEN
HERE=$SSE_SOURCE/tests/conformance
. "$SSE_SOURCE/tests/protocol/lib/emu.sh"

PASS=0
FAIL=0
die() {
	echo "conformance: $*"
	echo "conformance: $PASS passed, $((FAIL + 1)) failed"
	exit 1
}

command -v node >/dev/null || die "node is not installed (build.sh installs Debian's nodejs and npm)"
command -v npm >/dev/null || die "npm is not installed (build.sh installs Debian's nodejs and npm)"
[ -x "$EMU_BIN" ] || die "$EMU_BIN is not built"
[ -x "$EMU_SIGN" ] || die "$EMU_SIGN is not built (tests/tools/sse_sign.c)"

# --- ali-oss, installed once per build directory --------------------------------------------------
DEPS=$SSE_BUILD/conformance
mkdir -p "$DEPS"
want=$(cat "$HERE/package.json" "$HERE/package-lock.json" | cksum)
if [ ! -f "$DEPS/node_modules/ali-oss/package.json" ] || [ "$(cat "$DEPS/.installed" 2>/dev/null)" != "$want" ]; then
	cp "$HERE/package.json" "$HERE/package-lock.json" "$DEPS/"
	echo "# npm ci (ali-oss 6.23.0) into $DEPS"
	if ! (cd "$DEPS" && npm ci --no-audit --no-fund --loglevel=error) >"$DEPS/npm.log" 2>&1; then
		cat "$DEPS/npm.log"
		die "npm ci failed: cannot install ali-oss from the npm registry ($(npm config get registry)); the conformance test needs it and does not pass without it"
	fi
	echo "$want" >"$DEPS/.installed"
fi
version=$(node -p "require('$DEPS/node_modules/ali-oss/package.json').version")
[ "$version" = 6.23.0 ] || die "ali-oss $version installed, 6.23.0 expected"
echo "# ali-oss $version, node $(node --version)"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/t_ali_oss.XXXXXX")
trap 'emu_cleanup; rm -rf "$WORK"' EXIT

# Runs one phase of conformance.js and adds its counts.
phase() {
	local name=$1 out=$WORK/$1.out
	shift
	(cd "$DEPS" && env "$@" CONF_SSE_SIGN="$EMU_SIGN" NODE_PATH="$DEPS/node_modules" \
		node "$HERE/conformance.js" "$name") >"$out" 2>&1
	grep -E '^(ok|FAIL|   )' "$out"
	local counts
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

export EMU_AK=LTAI5tConformanceKey01
export EMU_SECRET='ConformanceSecret/+=0123456789abc'
cp "$SSE_SOURCE/tests/data/emu/endpoint.cfg" "$WORK/fleet.cfg"

echo "# ali-oss drives ossemu"
emu_start --fixture "$WORK/fleet.cfg" --region cn-hangzhou --region cn-shanghai || die "ossemu did not start"
phase sdk CONF_PORTS="$EMU_DIR/ports" CONF_AK="$EMU_AK" CONF_SECRET="$EMU_SECRET"
emu_stop || { echo "FAIL - ossemu did not stop cleanly"; FAIL=$((FAIL + 1)); }

echo "# ali-oss with an STS token"
EMU_TOKEN='CAISconformance+Token/==' emu_start --fixture "$WORK/fleet.cfg" --region cn-hangzhou --region cn-shanghai ||
	die "ossemu did not start"
phase sts CONF_PORTS="$EMU_DIR/ports" CONF_AK="$EMU_AK" CONF_SECRET="$EMU_SECRET" CONF_TOKEN='CAISconformance+Token/=='
emu_stop || { echo "FAIL - ossemu did not stop cleanly"; FAIL=$((FAIL + 1)); }

echo "# sse_sign (sseadm's signer) vs ali-oss signUtils"
phase sign CONF_PORT=80

echo "conformance: $PASS passed, $FAIL failed"
[ $FAIL = 0 ]
