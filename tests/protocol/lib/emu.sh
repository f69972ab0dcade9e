# emu.sh — start, stop and talk to ossemu (the local OSS endpoint) from test scripts.
#
# Source it:  . "$SSE_SOURCE/tests/protocol/lib/emu.sh"   (needs SSE_BUILD; bash)
#
# Settings (environment, all optional):
#   EMU_BIN       ossemu binary                     (default $SSE_BUILD/ossemu)
#   EMU_SIGN      sse_sign binary                   (default $SSE_BUILD/tests/sse_sign)
#   EMU_AK        access key id ossemu accepts      (default LTAI5tOssEmuTestKey01)
#   EMU_SECRET    access key secret                 (default OssEmuTestSecret0123456789abcdef)
#   EMU_TOKEN     STS token ossemu requires         (default none)
#   EMU_WRAPPER   command prefix, e.g. "valgrind --error-exitcode=99 --leak-check=full"
#   EMU_NO_LOG    1: no request log unless the options name one (--log FILE); ossemu writes a
#                 line per request, which costs time a benchmark must not count
#
# Functions:
#   emu_start [OSSEMU OPTIONS...]
#       Starts ossemu on free ports with the keys above, a request log and a port file in a
#       private directory, and waits until it listens. Sets:
#         EMU_PID   its process id          EMU_DIR   the private directory (removed by emu_cleanup)
#         EMU_PORT  port of the first region EMU_URL  http://localhost:$EMU_PORT
#         EMU_REGION the first region        EMU_LOG   the JSON-lines request log (the --log FILE
#                                                      given, else in EMU_DIR; empty with EMU_NO_LOG=1)
#         EMU_ADMIN the control interface's socket (the --admin-socket PATH given, else in EMU_DIR)
#       Options given are passed through (e.g. --fixture F --persist, --region R, --fail-every 3).
#       Returns nonzero (and prints ossemu's output) if it does not come up within 10 s.
#   emu_start_as NAME [OSSEMU OPTIONS...]
#       The same for a further ossemu that runs beside the one above (bench/run.sh keeps one per
#       figure): sets NAME_PID, NAME_PORT, NAME_URL, NAME_REGION, NAME_DIR (in a directory of its
#       own; NAME_DIR/ports lists every region) and NAME_LOG, and leaves the EMU_* ones alone.
#       NAME is a shell name other than EMU. Refused while NAME is running.
#   emu_stop_as NAME        emu_stop for NAME's ossemu.
#   emu_port REGION         prints the port serving REGION.
#   emu_stop                SIGTERM, then waits; returns ossemu's exit status (0 = clean).
#   emu_restart             emu_stop, then emu_start with the same options.
#   emu_cleanup             stops ossemu if running and removes EMU_DIR, the same for every
#                           emu_start_as instance (call from an EXIT trap).
#   emu_log_lines           prints the number of requests answered (logged with their answer) so
#                           far; the lines of held requests ({"event":"held",…}) do not count.
#   emu_log_line N          prints the Nth answered request (1-based) as one JSON line.
#   emu_wait_log TEXT [N [MS]]
#       Waits until N (default 1) lines of the request log contain TEXT (fixed string), e.g.
#       '"fault":"stall"' for a request that has been stalled; MS is the deadline (default
#       10000). Returns 1 (and prints the log) when it passes.
#
# The control interface (ossemu --admin-socket, which emu_start gives it as EMU_ADMIN, a UNIX
# socket in EMU_DIR; NAME_ADMIN for emu_start_as NAME):
#   emu_admin METHOD PATH [CURL ARGS...]
#       One call (see ossemu --help); sets EMU_ADMIN_STATUS and EMU_ADMIN_BODY (its JSON) and
#       leaves EMU_STATUS/EMU_BODY alone. Returns 1 unless the status is 2xx.
#   emu_hold [bucket=NAME] [kind=KIND]
#       From now on, requests that arrive (for that bucket, of that kind: get, put, delete, list,
#       rpc, imds, other; all requests without arguments) are logged as held and wait. Rules add
#       up: a request matching any of them is held.
#   emu_unhold              hold no more requests; those held stay held until released.
#   emu_release [N]         answers the N oldest held requests (default: all); sets EMU_RELEASED.
#   emu_held                prints how many requests are held now.
#   emu_wait_held N [MS]    waits until N requests are held (their arrival logged, their answer
#                           not decided); MS is the deadline (default 10000). Returns 1 when it
#                           passes.
#   emu_admin_set BUCKET ALGO [KMSKEY [SM4]]
#       Sets BUCKET's rule directly, as another administrator would in the console (ALGO none:
#       removes it). Checked as PutBucketEncryption checks a rule; returns 1 when refused.
#   emu_admin_get BUCKET    prints the bucket's rule as "ALGO KMSKEY ENC" ("-" for an empty field,
#                           "none - -" without a rule); EMU_ADMIN_BODY has its whole state.
#   emu_call SSE_SIGN_ARGS...
#       Builds a request with sse_sign (sseadm's own request builder and signer), sends it with
#       curl, and sets EMU_STATUS (HTTP status, 000 when no answer), EMU_BODY (response body)
#       and EMU_HEADERS (response headers). --endpoint, --region, --sigver ($EMU_SIGVER, default
#       4) and --time (now) are added when not given. Signing keys: EMU_SIGN_AK, EMU_SIGN_SECRET,
#       EMU_SIGN_TOKEN when set (even empty), else EMU_AK/EMU_SECRET/EMU_TOKEN; OSS_* variables
#       of the caller's environment are ignored. Extra curl options go in the EMU_CURL_OPTS array
#       (set it before the call: bash cannot pass arrays as VAR=… prefixes).
#   emu_raw METHOD URL [CURL ARGS...]
#       Sends a hand-made (e.g. unsigned or deliberately malformed) request; same outputs.
#   emu_v1 METHOD BUCKET QUERY [BODY]
#       Sends a V1-signed request signed here with openssl (a third signer, independent of both
#       ossemu and sseadm), path style on localhost; same outputs as emu_call. Extra headers:
#       EMU_V1_HEADERS array of "Name: value" (x-oss-* ones are signed), EMU_V1_MD5 ("auto",
#       "none" or a value), EMU_V1_DATE (the signed GMT date, sent as x-oss-date and Date),
#       EMU_V1_DATE_HEADER (a different Date header), EMU_V1_NO_XOSSDATE=1 (Date only),
#       EMU_V1_HOST (Host header to send), EMU_V1_AK / EMU_V1_SECRET (keys to sign with).
#   emu_xml_value TAG       prints the text of the first <TAG> in EMU_BODY.
#
# The endpoint expects virtual-hosted requests as Host: BUCKET.localhost:PORT (curl resolves
# *.localhost to loopback) or path-style /BUCKET/?encryption on localhost:PORT or 127.0.0.1:PORT.

: "${EMU_BIN:=${SSE_BUILD:?SSE_BUILD is not set}/ossemu}"
: "${EMU_SIGN:=$SSE_BUILD/tests/sse_sign}"
: "${EMU_AK:=LTAI5tOssEmuTestKey01}"
: "${EMU_SECRET:=OssEmuTestSecret0123456789abcdef}"
: "${EMU_SIGVER:=4}"
EMU_PID=
EMU_DIR=
EMU_ARGS=()
EMU_CURL_OPTS=()
EMU_V1_HEADERS=()
EMU_INSTANCES=() # the names emu_start_as started, for emu_cleanup

emu_start() {
	EMU_ARGS=("$@")
	[ -n "$EMU_DIR" ] || EMU_DIR=$(mktemp -d "${TMPDIR:-/tmp}/ossemu.XXXXXX") || return 1
	EMU_LOG=$EMU_DIR/requests.log
	rm -f "$EMU_DIR/ports"
	EMU_ADMIN=$EMU_DIR/admin.sock
	# a UNIX socket's path has room for 107 bytes: a longer EMU_DIR gets one in /tmp
	if [ ${#EMU_ADMIN} -gt 100 ]; then
		[ -n "${EMU_ADMIN_DIR:-}" ] || EMU_ADMIN_DIR=$(mktemp -d /tmp/ossemu-admin.XXXXXX) || return 1
		EMU_ADMIN=$EMU_ADMIN_DIR/admin.sock
	fi
	local args=(--access-key-id "$EMU_AK" --port-file "$EMU_DIR/ports")
	local has_log=0 has_admin=0 a prev=
	# a --log FILE (--admin-socket PATH) the caller gives is the one, and emu.sh adds none
	for a in "$@"; do
		if [ "$prev" = --log ]; then EMU_LOG=$a; fi
		if [ "$prev" = --admin-socket ]; then EMU_ADMIN=$a; fi
		case $a in
		--log) has_log=1 ;; --log=*) has_log=1; EMU_LOG=${a#--log=} ;;
		--admin-socket) has_admin=1 ;; --admin-socket=*) has_admin=1; EMU_ADMIN=${a#--admin-socket=} ;;
		esac
		prev=$a
	done
	if [ $has_log = 0 ]; then
		if [ "${EMU_NO_LOG:-0}" = 1 ]; then EMU_LOG=; else args+=(--log "$EMU_LOG"); fi
	fi
	[ $has_admin = 1 ] || args+=(--admin-socket "$EMU_ADMIN")
	[ -n "${EMU_TOKEN:-}" ] && args+=(--security-token "$EMU_TOKEN")
	# the secret goes through the environment, not argv (ps shows argv)
	OSSEMU_ACCESS_KEY_SECRET=$EMU_SECRET ${EMU_WRAPPER:-} "$EMU_BIN" "${args[@]}" "$@" \
		>"$EMU_DIR/out" 2>&1 &
	EMU_PID=$!
	local i
	for i in $(seq 1 200); do
		if [ -s "$EMU_DIR/ports" ]; then
			EMU_REGION=$(awk 'NR==1{print $1}' "$EMU_DIR/ports")
			EMU_PORT=$(awk 'NR==1{print $2}' "$EMU_DIR/ports")
			EMU_URL=http://localhost:$EMU_PORT
			return 0
		fi
		if ! kill -0 "$EMU_PID" 2>/dev/null; then
			wait "$EMU_PID"
			echo "emu_start: ossemu exited ($?):" >&2
			cat "$EMU_DIR/out" >&2
			EMU_PID=
			return 1
		fi
		sleep 0.05
	done
	echo "emu_start: ossemu did not listen within 10 s" >&2
	cat "$EMU_DIR/out" >&2
	return 1
}

# The EMU_* variables are made local here, so emu_start (bash scopes variables dynamically) fills
# these copies, which go to NAME_*, and the caller's EMU_* ones stay as they were.
emu_start_as() {
	local name=$1 v rc from
	shift
	_emu_name_ok "$name" || return 1
	local EMU_PID= EMU_DIR= EMU_PORT= EMU_URL= EMU_REGION= EMU_LOG= EMU_ADMIN= EMU_ADMIN_DIR=
	local -a EMU_ARGS=()
	if [[ " ${EMU_INSTANCES[*]} " == *" $name "* ]]; then
		v=${name}_PID
		[ -z "${!v:-}" ] || { echo "emu_start_as: $name is running (pid ${!v}); emu_stop_as $name first" >&2; return 1; }
		v=${name}_DIR
		EMU_DIR=${!v:-} # its own directory again, as emu_start does
		v=${name}_ADMIN_DIR
		EMU_ADMIN_DIR=${!v:-}
	else
		# NAME_* set before (e.g. a LOG_DIR in the environment) are not ours to reuse or remove
		EMU_INSTANCES+=("$name")
	fi
	emu_start "$@"
	rc=$?
	# copied even on failure: a NAME_PID still running is stopped by emu_cleanup
	for v in PID DIR PORT URL REGION LOG ADMIN ADMIN_DIR; do
		from=EMU_$v
		printf -v "${name}_$v" '%s' "${!from:-}"
	done
	return $rc
}

emu_stop_as() {
	local name=$1 v rc
	_emu_name_ok "$name" || return 1
	[[ " ${EMU_INSTANCES[*]} " == *" $name "* ]] || return 0
	v=${name}_PID
	local EMU_PID=${!v:-}
	emu_stop
	rc=$?
	printf -v "$v" '%s' "$EMU_PID"
	return $rc
}

_emu_name_ok() {
	[[ $1 =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] && [ "$1" != EMU ] && return 0
	echo "emu.sh: '$1' is not an instance name (a shell name other than EMU)" >&2
	return 1
}

emu_port() {
	awk -v r="$1" '$1==r{print $2}' "$EMU_DIR/ports"
}

# The other regions' endpoints (all but the first) as a libconfig list's items,
# '"localhost:P2", "localhost:P3"': what a profile at the first region lists in endpoints_allowed
# for ListBuckets (and OSS's wrong-region answers) to send it to them.
emu_other_hosts() {
	awk 'NR>1{printf "%s\"localhost:%s\"", n++ ? ", " : "", $2}' "$EMU_DIR/ports"
}

emu_stop() {
	[ -n "$EMU_PID" ] || return 0
	kill -TERM "$EMU_PID" 2>/dev/null
	local i rc
	for i in $(seq 1 400); do
		kill -0 "$EMU_PID" 2>/dev/null || break
		sleep 0.05
	done
	if kill -0 "$EMU_PID" 2>/dev/null; then
		echo "emu_stop: ossemu did not stop within 20 s; killing it" >&2
		kill -KILL "$EMU_PID" 2>/dev/null
	fi
	wait "$EMU_PID"
	rc=$?
	EMU_PID=
	return $rc
}

emu_restart() {
	local saved=("${EMU_ARGS[@]}")
	emu_stop || return $?
	emu_start "${saved[@]}"
}

emu_cleanup() {
	local name v
	for name in "${EMU_INSTANCES[@]}"; do
		emu_stop_as "$name" >/dev/null 2>&1
		for v in ${name}_DIR ${name}_ADMIN_DIR; do
			[ -n "${!v:-}" ] && rm -rf "${!v}"
			printf -v "$v" ''
		done
	done
	EMU_INSTANCES=()
	emu_stop >/dev/null 2>&1
	[ -n "$EMU_DIR" ] && rm -rf "$EMU_DIR"
	[ -n "${EMU_ADMIN_DIR:-}" ] && rm -rf "$EMU_ADMIN_DIR"
	EMU_DIR= EMU_ADMIN_DIR=
}

emu_log_lines() {
	if [ -f "$EMU_LOG" ]; then grep -vcF '"event":"held"' "$EMU_LOG"; else echo 0; fi
}

emu_log_line() {
	grep -vF '"event":"held"' "$EMU_LOG" | sed -n "${1}p"
}

_emu_now_ms() { date +%s%3N; }

emu_wait_log() {
	local text=$1 n=${2:-1} ms=${3:-10000} deadline
	deadline=$(($(_emu_now_ms) + ms))
	while [ "$(grep -cF -- "$text" "$EMU_LOG" 2>/dev/null)" -lt "$n" ]; do
		if [ "$(_emu_now_ms)" -ge $deadline ]; then
			echo "emu_wait_log: fewer than $n lines with $text within $ms ms; the log:" >&2
			cat "$EMU_LOG" >&2 2>/dev/null
			return 1
		fi
		sleep 0.02
	done
}

emu_admin() {
	local method=$1 path=$2 out
	shift 2
	out=$(curl -s -S --max-time 20 --unix-socket "$EMU_ADMIN" -X "$method" -w '\n%{http_code}' \
		"$@" "http://ossemu$path" 2>&1)
	EMU_ADMIN_STATUS=${out##*$'\n'}
	EMU_ADMIN_BODY=${out%$'\n'*}
	[ "${EMU_ADMIN_STATUS:0:1}" = 2 ]
}

# the number after "NAME": in the last control answer
_emu_admin_num() { printf '%s' "$EMU_ADMIN_BODY" | sed -n "s/.*\"$1\":\([0-9]*\).*/\1/p" | head -n 1; }
# the string after "NAME": in the last control answer (JSON escapes left as they are)
_emu_admin_str() { printf '%s' "$EMU_ADMIN_BODY" | sed -n 's/.*"'"$1"'":"\(\([^"\\]\|\\.\)*\)".*/\1/p' | head -n 1; }

emu_hold() {
	local -a data=()
	local a
	for a in "$@"; do
		case $a in
		bucket=* | kind=*) data+=(--data-urlencode "$a") ;;
		*) echo "emu_hold: expected bucket=NAME or kind=KIND, not '$a'" >&2; return 1 ;;
		esac
	done
	emu_admin POST /hold -G "${data[@]}" || { echo "emu_hold: $EMU_ADMIN_BODY" >&2; return 1; }
}

emu_unhold() {
	emu_admin DELETE /hold || { echo "emu_unhold: $EMU_ADMIN_BODY" >&2; return 1; }
}

emu_release() {
	local path=/release
	[ -n "${1:-}" ] && path="/release?n=$1"
	emu_admin POST "$path" || { echo "emu_release: $EMU_ADMIN_BODY" >&2; return 1; }
	EMU_RELEASED=$(_emu_admin_num released)
}

emu_held() {
	emu_admin GET /held || { echo "emu_held: $EMU_ADMIN_BODY" >&2; return 1; }
	_emu_admin_num held
}

emu_wait_held() {
	local n=$1 ms=${2:-10000} deadline got
	deadline=$(($(_emu_now_ms) + ms))
	while :; do
		got=$(emu_held) || return 1
		[ "${got:-0}" -ge "$n" ] && return 0
		if [ "$(_emu_now_ms)" -ge $deadline ]; then
			echo "emu_wait_held: $got of $n requests held after $ms ms: $EMU_ADMIN_BODY" >&2
			return 1
		fi
		sleep 0.02
	done
}

emu_admin_set() {
	local bucket=$1 algo=$2
	if [ "$algo" = none ]; then
		emu_admin DELETE "/buckets/$bucket" || { echo "emu_admin_set: $EMU_ADMIN_BODY" >&2; return 1; }
		return 0
	fi
	local -a data=(--data-urlencode "algorithm=$algo")
	[ -n "${3:-}" ] && data+=(--data-urlencode "kms_key_id=$3")
	[ -n "${4:-}" ] && data+=(--data-urlencode "data_encryption=$4")
	emu_admin PUT "/buckets/$bucket" -G "${data[@]}" || { echo "emu_admin_set: $EMU_ADMIN_BODY" >&2; return 1; }
}

emu_admin_get() {
	emu_admin GET "/buckets/$1" || { echo "emu_admin_get: $EMU_ADMIN_BODY" >&2; return 1; }
	local algo key enc
	algo=$(_emu_admin_str algorithm) key=$(_emu_admin_str kms_key_id) enc=$(_emu_admin_str data_encryption)
	[ -n "$algo" ] || { echo "none - -"; return 0; }
	echo "$algo ${key:--} ${enc:--}"
}

emu_xml_value() {
	printf '%s' "$EMU_BODY" | tr -d '\n' | sed -n "s:.*<$1>\([^<]*\)</$1>.*:\1:p" | head -n 1
}

# Sends the request described by "URL:", "Method:", header and "Body:" lines on stdin.
_emu_send_described() {
	local url= method= body= has_body=0 line
	local -a hdrs=()
	while IFS= read -r line; do
		case $line in
		"URL: "*) url=${line#URL: } ;;
		"Method: "*) method=${line#Method: } ;;
		"Body: "*) body=${line#Body: }; has_body=1 ;;
		*": "*) hdrs+=(-H "$line") ;;
		esac
	done
	_emu_curl "$method" "$url" "$has_body" "$body" "${hdrs[@]}"
}

_emu_curl() {
	local method=$1 url=$2 has_body=$3 body=$4
	shift 4
	# files of this shell's own: calls run in the background at the same time do not mix
	local out=$EMU_DIR/call.$BASHPID
	local -a opts=(-s -S -o "$out.body" -D "$out.headers" -w '%{http_code}'
		-X "$method" -H 'Accept:' -H 'User-Agent: emu.sh' "$@")
	[ "$has_body" = 1 ] && opts+=(--data-binary "$body")
	EMU_STATUS=$(curl "${opts[@]}" "${EMU_CURL_OPTS[@]}" "$url" 2>"$EMU_DIR/curl.err")
	EMU_CURL_RC=$?
	[ -n "$EMU_STATUS" ] || EMU_STATUS=000
	EMU_BODY=$(cat "$out.body" 2>/dev/null)
	EMU_HEADERS=$(cat "$out.headers" 2>/dev/null)
	rm -f "$out.body" "$out.headers"
	return 0
}

emu_raw() {
	local method=$1 url=$2
	shift 2
	_emu_curl "$method" "$url" 0 "" "$@"
}

emu_call() {
	local -a args=("$@")
	local a have_ep=0 have_region=0 have_sigver=0 have_time=0
	for a in "$@"; do
		case $a in
		--endpoint) have_ep=1 ;; --region) have_region=1 ;;
		--sigver) have_sigver=1 ;; --time) have_time=1 ;;
		esac
	done
	[ $have_ep = 1 ] || args+=(--endpoint "$EMU_URL")
	[ $have_region = 1 ] || args+=(--region "$EMU_REGION")
	[ $have_sigver = 1 ] || args+=(--sigver "$EMU_SIGVER")
	[ $have_time = 1 ] || args+=(--time "$(date +%s)")
	local described
	described=$(OSS_ACCESS_KEY_ID=${EMU_SIGN_AK-$EMU_AK} \
		OSS_ACCESS_KEY_SECRET=${EMU_SIGN_SECRET-$EMU_SECRET} \
		OSS_SESSION_TOKEN=${EMU_SIGN_TOKEN-${EMU_TOKEN:-}} \
		"$EMU_SIGN" "${args[@]}") || { EMU_STATUS=sign-failed; return 1; }
	_emu_send_described <<<"$described"
}

emu_v1() {
	local method=$1 bucket=$2 query=$3 body=${4-} has_body=0
	[ $# -ge 4 ] && has_body=1
	local date=${EMU_V1_DATE:-$(LC_ALL=C TZ=GMT date '+%a, %d %b %Y %H:%M:%S GMT')}
	local type= md5= h name value
	local -a hdrs=(-H "Date: ${EMU_V1_DATE_HEADER:-$date}")
	local -a signed=()
	if [ "${EMU_V1_NO_XOSSDATE:-0}" != 1 ]; then
		hdrs+=(-H "x-oss-date: $date")
		signed+=("x-oss-date:$date")
	fi
	if [ $has_body = 1 ]; then
		type=application/xml
		hdrs+=(-H "Content-Type: $type")
	fi
	case ${EMU_V1_MD5:-auto} in
	none) ;;
	auto) if [ $has_body = 1 ]; then
		md5=$(printf '%s' "$body" | openssl dgst -md5 -binary | base64)
		hdrs+=(-H "Content-MD5: $md5")
	fi ;;
	*) md5=$EMU_V1_MD5; hdrs+=(-H "Content-MD5: $md5") ;;
	esac
	for h in "${EMU_V1_HEADERS[@]}"; do
		hdrs+=(-H "$h")
		name=$(printf '%s' "${h%%:*}" | tr 'A-Z' 'a-z')
		value=${h#*: }
		case $name in x-oss-*) signed+=("$name:$value") ;; esac
	done
	local canon=
	[ ${#signed[@]} -gt 0 ] && canon=$(printf '%s\n' "${signed[@]}" | LC_ALL=C sort)$'\n'
	local resource=/
	[ -n "$bucket" ] && resource=/$bucket/
	case $query in encryption*) resource="$resource?encryption" ;; esac
	local sts sig
	sts=$(printf '%s\n%s\n%s\n%s\n%s%s' "$method" "$md5" "$type" "$date" "$canon" "$resource")
	sig=$(printf '%s' "$sts" | openssl dgst -sha1 -hmac "${EMU_V1_SECRET:-$EMU_SECRET}" -binary | base64)
	hdrs+=(-H "Authorization: OSS ${EMU_V1_AK:-$EMU_AK}:$sig")
	[ -n "${EMU_V1_HOST:-}" ] && hdrs+=(-H "Host: $EMU_V1_HOST")
	local url="http://localhost:$EMU_PORT/"
	[ -n "$bucket" ] && url="$url$bucket/"
	[ -n "$query" ] && url="$url?$query"
	_emu_curl "$method" "$url" "$has_body" "$body" "${hdrs[@]}"
}
