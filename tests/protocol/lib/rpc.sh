# rpc.sh — signed RPC (POP) calls to ossemu's STS and KMS from test scripts, signed here with
# openssl (a signer independent of ossemu's and of sseadm's), and JSON answers read with python3.
#
# Source it after emu.sh:  . "$SSE_SOURCE/tests/protocol/lib/rpc.sh"
#
#   rpc_call [NAME=VALUE...]
#       Sends one RPC request with Format=JSON, SignatureMethod, SignatureVersion, a fresh
#       SignatureNonce, Timestamp (now) and AccessKeyId added unless given, signed with
#       HMAC-SHA1 over every parameter. Settings (environment):
#         RPC_URL     where to send it                (default $EMU_URL)
#         RPC_HOST    Host header to send             (default: curl's)
#         RPC_AK, RPC_SECRET, RPC_TOKEN  the key pair and STS token (default EMU_AK/EMU_SECRET,
#                     no token); RPC_UNSIGNED=1 sends no AccessKeyId/Signature (OIDC)
#         RPC_METHOD  GET (all in the query) or POST  (default GET)
#         RPC_BODY    with POST, the names that go in the form body as the credentials libraries
#                     send them ("RoleArn RoleSessionName"), or "*" for all (pop-core's POST);
#                     the rest, and the Signature, go in the query
#         RPC_SIG     a Signature to send instead of the right one
#       Sets EMU_STATUS and EMU_BODY as emu.sh does.
#   rpc_json PYTHON-EXPRESSION   prints d[...] of EMU_BODY's JSON, e.g. rpc_json "d['Code']"
#   rpc_pct STRING               RFC 3986 percent-encoding (A-Z a-z 0-9 - _ . ~ kept)
#   jwt_make JSON-PAYLOAD        an unsigned-looking JWT (header RS256) with that payload

rpc_pct() {
	local LC_ALL=C s=$1 out= c h i
	for ((i = 0; i < ${#s}; i++)); do
		c=${s:i:1}
		case $c in
		[A-Za-z0-9._~-]) out+=$c ;;
		*) printf -v h '%%%02X' "'$c"; out+=$h ;;
		esac
	done
	printf '%s' "$out"
}

rpc_call() {
	local -A p=()
	local kv k
	for kv in "$@"; do p[${kv%%=*}]=${kv#*=}; done
	[ -n "${p[Format]+x}" ] || p[Format]=JSON
	[ -n "${p[Timestamp]+x}" ] || p[Timestamp]=$(date -u +%Y-%m-%dT%H:%M:%SZ)
	if [ "${RPC_UNSIGNED:-0}" != 1 ]; then
		[ -n "${p[SignatureMethod]+x}" ] || p[SignatureMethod]=HMAC-SHA1
		[ -n "${p[SignatureVersion]+x}" ] || p[SignatureVersion]=1.0
		[ -n "${p[SignatureNonce]+x}" ] || p[SignatureNonce]=$(openssl rand -hex 16)
		[ -n "${p[AccessKeyId]+x}" ] || p[AccessKeyId]=${RPC_AK:-$EMU_AK}
		[ -n "${RPC_TOKEN:-}" ] && [ -z "${p[SecurityToken]+x}" ] && p[SecurityToken]=$RPC_TOKEN
	fi
	local method=${RPC_METHOD:-GET} canon= sorted
	sorted=$(printf '%s\n' "${!p[@]}" | LC_ALL=C sort)
	for k in $sorted; do
		canon+="${canon:+&}$(rpc_pct "$k")=$(rpc_pct "${p[$k]}")"
	done
	local query= body= in_body
	if [ "${RPC_UNSIGNED:-0}" != 1 ]; then
		local sts="$method&%2F&$(rpc_pct "$canon")" sig
		sig=$(printf '%s' "$sts" | openssl dgst -sha1 -hmac "${RPC_SECRET:-$EMU_SECRET}&" -binary | base64)
		p[Signature]=${RPC_SIG:-$sig}
	fi
	for k in $(printf '%s\n' "${!p[@]}" | LC_ALL=C sort); do
		in_body=0
		if [ "$method" = POST ] && [ "$k" != Signature ]; then
			case " ${RPC_BODY:-} " in *" * "* | *" $k "*) in_body=1 ;; esac
		fi
		if [ $in_body = 1 ]; then
			body+="${body:+&}$(rpc_pct "$k")=$(rpc_pct "${p[$k]}")"
		else
			query+="${query:+&}$(rpc_pct "$k")=$(rpc_pct "${p[$k]}")"
		fi
	done
	local -a hdrs=()
	[ -n "${RPC_HOST:-}" ] && hdrs+=(-H "Host: $RPC_HOST")
	local has_body=0
	if [ "$method" = POST ]; then
		hdrs+=(-H 'Content-Type: application/x-www-form-urlencoded')
		has_body=1
	fi
	_emu_curl "$method" "${RPC_URL:-$EMU_URL}/?$query" "$has_body" "$body" "${hdrs[@]}"
}

rpc_json() {
	printf '%s' "$EMU_BODY" | python3 -c "import json,sys
try:
    d = json.load(sys.stdin)
    v = $1
except Exception:
    v = ''
print(v if not isinstance(v, (dict, list)) else json.dumps(v))"
}

_b64url() { base64 -w0 | tr '+/' '-_' | tr -d '='; }

jwt_make() {
	printf '%s.%s.%s' "$(printf '{"alg":"RS256","kid":"ossemu-test"}' | _b64url)" \
		"$(printf '%s' "$1" | _b64url)" "$(printf 'not-checked' | _b64url)"
}
