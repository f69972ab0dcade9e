# lib.sh — the TUI tests' harness: a private tmux server per test, ossemu with a fixture, a config
# file, and polling helpers (wait_for_text polls capture-pane every ~20 ms; no fixed sleeps).
#
# Source it from a test (bash):  . "$(dirname "$0")/lib.sh"; tui_init NAME
#
#   tui_init NAME            temp dir, tmux.conf (remain-on-exit on), counters, EXIT trap; exits 77
#                            (skipped) when tmux or the binaries are missing
#   tui_emu [OSSEMU ARGS]    starts ossemu on the standard fixture (+ ARGS) via emu.sh
#   tui_config [EXTRA [TOP]] writes $TUI_CFG (mode 0600): profile "t" with the fixture's buckets;
#                            EXTRA is appended inside the profile list (", { another profile }"),
#                            TOP after it (e.g. 'ui = { confirm = false; };')
#   tui_discover_config BUCKETS  $TUI_CFG with discover = true at the first region, naming BUCKETS
#   tui_resize COLSxROWS     resizes the session's window (sseadm gets SIGWINCH)
#   tui_start COLSxROWS [VAR=VALUE ...] [-- SSEADM ARGS]
#                            runs sseadm -c $TUI_CFG in a new tmux session of that size, under
#                            env LANG=C.UTF-8 TERM=tmux-256color and the VAR=VALUEs given;
#                            $TUI_WRAPPER (e.g. valgrind ...) goes in front of sseadm; a shell
#                            around it prints "[exit N]" afterwards and keeps the pane open
#   tui_stop                 ends the session (the tmux server stays for the next tui_start)
#   keys KEY...              tmux send-keys (key names: Enter Escape Up BSpace Space ...)
#   type TEXT                send-keys -l (literal text)
#   screen                   the pane's text now;  screen_e: with attributes (capture-pane -e)
#   wait_for_text RE [MS]    polls until the pane matches the extended regex RE (default 5000 ms);
#                            on timeout prints the screen and returns 1
#   wait_for_gone RE [MS]    polls until RE no longer matches
#   tui_pid                  the process id of sseadm in the pane
#   wait_exit [MS]           polls until sseadm has exited; sets TUI_STATUS to its exit status
#   restored                 the terminal after sseadm: alternate screen off, cursor visible
#   pane FORMAT              tmux display -p FORMAT for the pane (e.g. '#{alternate_on}')
#   check DESC CMD...        runs CMD; counts a pass, or a failure with DESC
#   expect_text DESC RE [MS] check DESC wait_for_text RE MS
#   emu_rule BUCKET          the bucket's SSEAlgorithm/KMSMasterKeyID/KMSDataEncryption on the
#                            endpoint now, as "ALGO KEY ENC" ("none" when it has no rule), read
#                            with emu.sh's own V1 signer (not sseadm's)
#   emu_count METHOD BUCKET  requests of METHOD for BUCKET in the endpoint's log
#   wait_for_count N METHOD BUCKET [MS]  polls until emu_count reaches N
#   is GOT WANT              string equality that prints both on failure
#   rows_shown               the bucket names of the list's rows on screen, in order, space-separated
#                            (the first word after the profile column, or the first word when the
#                            profile column is not shown: pass "noprofile")
#   tui_clipboard            the text the program last put on the clipboard (OSC 52), as tmux took
#                            it (set-clipboard on)
#   tui_done                 prints "tui-NAME: N passed, M failed" and exits 0 or 1

set -u

tui_init() {
	TUI_NAME=$1
	TUI_PASS=0
	TUI_FAIL=0
	: "${SSE_BUILD:?SSE_BUILD is not set}"
	: "${SSE_SOURCE:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
	if ! command -v tmux >/dev/null 2>&1 || [ ! -x "$SSE_BUILD/sseadm" ] || [ ! -x "$SSE_BUILD/ossemu" ]; then
		echo "tui-$TUI_NAME: skipped (needs tmux, $SSE_BUILD/sseadm and $SSE_BUILD/ossemu)"
		exit 77
	fi
	TUI_DIR=$(mktemp -d "${TMPDIR:-/tmp}/sse-tui.XXXXXX")
	# Changes made in a test go to the test's own audit log, never the runner's.
	export XDG_STATE_HOME=$TUI_DIR/state
	TUI_SOCK=$TUI_DIR/sock
	TUI_CFG=$TUI_DIR/config
	cat >"$TUI_DIR/tmux.conf" <<-'EOF'
		set -g remain-on-exit on
		set -g status off
		set -g default-terminal tmux-256color
		set -g history-limit 0
		set -sg escape-time 0
		set -s exit-empty off
		set -s set-clipboard on
	EOF
	. "$SSE_SOURCE/tests/protocol/lib/emu.sh"
	trap tui_cleanup EXIT
}

tui_cleanup() {
	tmux -S "$TUI_SOCK" kill-server >/dev/null 2>&1
	emu_cleanup
	rm -rf "$TUI_DIR"
}

TUI_FIXTURE_BUCKETS='"alpha", "beta", "gamma", "plain", "locked"'

tui_emu() {
	cat >"$TUI_DIR/fixture.cfg" <<-'EOF'
		buckets = (
		  { name = "alpha"; algorithm = "AES256"; },
		  { name = "beta"; algorithm = "KMS"; kms_key_id = "key-beta-01"; data_encryption = "SM4"; },
		  { name = "gamma"; algorithm = "SM4"; },
		  { name = "plain"; },
		  { name = "locked"; access = "denied"; }
		);
	EOF
	emu_start --fixture "$TUI_DIR/fixture.cfg" "$@" || { echo "tui-$TUI_NAME: ossemu did not start"; exit 1; }
}

tui_config() {
	local extra=${1:-} top=${2:-}
	(
		umask 077
		cat >"$TUI_CFG" <<-EOF
			version = 1;
			profiles = (
			  { name = "t"; endpoint = "$EMU_URL"; region = "$EMU_REGION"; addressing = "path";
			    sts_endpoint = "$EMU_URL";
			    access_key_id = "$EMU_AK"; access_key_secret = "$EMU_SECRET";
			    buckets = ( $TUI_FIXTURE_BUCKETS ); }$extra
			);
			$top
		EOF
	)
}

# tui_discover_config BUCKETS — $TUI_CFG (mode 0600): profile "t" with discover = true at the
# endpoint's first region (virtual-hosted), naming BUCKETS ('"a", "b"' or '').
tui_discover_config() {
	(
		umask 077
		cat >"$TUI_CFG" <<-EOF
			version = 1;
			profiles = (
			  { name = "t"; endpoint = "http://localhost:$EMU_PORT"; region = "$EMU_REGION";
			    sts_endpoint = "http://localhost:$EMU_PORT"; endpoints_allowed = [ $(emu_other_hosts) ];
			    access_key_id = "$EMU_AK"; access_key_secret = "$EMU_SECRET"; discover = true;
			    buckets = ( $1 ); }
			);
		EOF
	)
}

# tui_resize COLSxROWS — resizes the session's window (sseadm gets SIGWINCH).
tui_resize() {
	tmux -S "$TUI_SOCK" resize-window -t tui -x "${1%x*}" -y "${1#*x}"
}

tui_start() {
	local size=$1
	shift
	local -a envs=(LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=tmux-256color HOME="$TUI_DIR" XDG_DATA_HOME="$TUI_DIR/data"
		ALIBABA_CLOUD_ECS_METADATA_DISABLED=true)
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		envs+=("$1")
		shift
	done
	[ $# -gt 0 ] && shift
	local -a wrapper=()
	[ -n "${TUI_WRAPPER:-}" ] && read -r -a wrapper <<<"$TUI_WRAPPER"
	# A shell stays in the pane after sseadm exits: it prints the exit status, then keeps the
	# terminal open (cat) so that the terminal's state after sseadm can be inspected. Its traps
	# keep Ctrl-C and Ctrl-\ (sent to the whole foreground group) from ending it too.
	tmux -S "$TUI_SOCK" -f "$TUI_DIR/tmux.conf" new-session -d -s tui -x "${size%x*}" -y "${size#*x}" \
		sh -c 'trap : INT QUIT; "$@"; echo "[exit $?]"; exec cat >/dev/null' sh \
		env -u NO_COLOR "${envs[@]}" "${wrapper[@]}" "$SSE_BUILD/sseadm" -c "$TUI_CFG" "$@"
}

# The process id of sseadm (or of its wrapper) under the pane's shell.
tui_pid() {
	local deadline=$(($(_now_ms) + 5000)) pid
	while :; do
		pid=$(pgrep -P "$(pane '#{pane_pid}')" | head -n 1)
		[ -n "$pid" ] && { echo "$pid"; return 0; }
		[ "$(_now_ms)" -ge "$deadline" ] && return 1
		sleep 0.02
	done
}

# Polls until sseadm has exited (the shell printed "[exit N]"); sets TUI_STATUS to N.
wait_exit() {
	wait_for_text '^\[exit [0-9]+\]' "${1:-5000}" || return 1
	TUI_STATUS=$(screen | sed -n 's/^\[exit \([0-9]*\)\].*/\1/p' | tail -n 1)
}

# After sseadm exited: the alternate screen is left and the cursor is visible again.
restored() {
	is "$(pane '#{alternate_on}')" 0 && is "$(pane '#{cursor_flag}')" 1
}

# Ends the session (sseadm gets SIGHUP if still running); the server stays for the next tui_start.
tui_stop() { tmux -S "$TUI_SOCK" kill-session -t tui 2>/dev/null; }

keys() { tmux -S "$TUI_SOCK" send-keys -t tui "$@"; }
type() { tmux -S "$TUI_SOCK" send-keys -t tui -l "$1"; }
screen() { tmux -S "$TUI_SOCK" capture-pane -p -t tui 2>/dev/null; }
screen_e() { tmux -S "$TUI_SOCK" capture-pane -p -e -t tui 2>/dev/null; }
pane() { tmux -S "$TUI_SOCK" display -p -t tui "$1"; }

# Milliseconds since the epoch.
_now_ms() { date +%s%3N; }

wait_for_text() {
	local re=$1 deadline=$(($(_now_ms) + ${2:-5000}))
	while :; do
		screen | grep -Eq -- "$re" && return 0
		[ "$(_now_ms)" -ge "$deadline" ] && break
		sleep 0.02
	done
	echo "--- timed out waiting for /$re/; the screen:"
	screen
	echo "---"
	return 1
}

wait_for_gone() {
	local re=$1 deadline=$(($(_now_ms) + ${2:-5000}))
	while :; do
		screen | grep -Eq -- "$re" || return 0
		[ "$(_now_ms)" -ge "$deadline" ] && break
		sleep 0.02
	done
	echo "--- timed out waiting for /$re/ to go; the screen:"
	screen
	echo "---"
	return 1
}

check() {
	local desc=$1
	shift
	if "$@"; then
		TUI_PASS=$((TUI_PASS + 1))
	else
		TUI_FAIL=$((TUI_FAIL + 1))
		echo "FAIL: $desc"
	fi
}

expect_text() { check "$1" wait_for_text "$2" "${3:-5000}"; }

emu_rule() {
	emu_v1 GET "$1" encryption
	if [ "$EMU_STATUS" = 404 ]; then
		echo none
		return
	fi
	local algo key enc
	algo=$(emu_xml_value SSEAlgorithm)
	key=$(emu_xml_value KMSMasterKeyID)
	enc=$(emu_xml_value KMSDataEncryption)
	echo "${algo:-?} ${key:--} ${enc:--}"
}

emu_count() {
	local n
	n=$(grep -c "\"method\":\"$1\",[^}]*\"path\":\"/$2/\",\"query\":\"encryption\"" "$EMU_LOG" 2>/dev/null)
	echo "${n:-0}"
}

# Polls the endpoint's log until METHOD BUCKET was seen at least N times.
wait_for_count() {
	local n=$1 deadline=$(($(_now_ms) + ${4:-5000}))
	while [ "$(emu_count "$2" "$3")" -lt "$n" ]; do
		if [ "$(_now_ms)" -ge "$deadline" ]; then
			echo "  $2 /$3/ seen $(emu_count "$2" "$3") times, want $n"
			return 1
		fi
		sleep 0.02
	done
}

rows_shown() {
	local skip=2
	[ "${1:-}" = noprofile ] && skip=1
	screen | awk -v skip="$skip" 'NR > 2 && /^[> ][ *] [^ ]/ { sub(/^.../, ""); split($0, w, " +"); printf "%s%s", n++ ? " " : "", w[skip] } END { print "" }'
}

tui_clipboard() { tmux -S "$TUI_SOCK" show-buffer 2>/dev/null; }

# check helpers on values
is() { [ "$1" = "$2" ] || { echo "  got \"$1\", want \"$2\""; return 1; }; }

tui_done() {
	echo "tui-$TUI_NAME: $TUI_PASS passed, $TUI_FAIL failed"
	[ "$TUI_FAIL" -eq 0 ]
	exit $?
}
