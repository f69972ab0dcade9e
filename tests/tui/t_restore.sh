#!/usr/bin/env bash
# t_restore.sh — the terminal is restored however sseadm ends: q, Ctrl-C, SIGTERM, SIGHUP (an ssh
# drop), and fatal signals (SEGV, ABRT: the async-signal-safe emergency restore); the exit status
# says how it ended, and messages printed afterwards land on the restored screen.
. "$(dirname "$0")/lib.sh"
tui_init restore
tui_emu
tui_config

# Starts sseadm, waits for the list, sends the signal, checks the restore and the status.
ends_by() {
	local how=$1 status=$2 message=$3
	tui_stop
	tui_start 80x24
	expect_text "$how: list up" 'in flight 0'
	check "$how: alternate screen on while running" is "$(pane '#{alternate_on}')" 1
	case $how in
	q) keys q ;;
	C-c) keys C-c ;;
	*) kill -s "$how" "$(tui_pid)" ;;
	esac
	check "$how: sseadm ended" wait_exit
	check "$how: exit status $status" is "$TUI_STATUS" "$status"
	check "$how: terminal restored" restored
	check "$how: the list is gone from the screen" wait_for_gone 'PROFILE +BUCKET'
	[ -n "$message" ] && expect_text "$how: message after the restore" "$message"
}

ends_by q 0 ''
ends_by C-c 130 '^sseadm: .*stopped by signal 2 \(interrupted\)'
ends_by TERM 143 '^sseadm: .*stopped by signal 15 \(terminated\)'
ends_by HUP 129 '^sseadm: .*stopped by signal 1 \(the terminal went away\)'
ends_by QUIT 131 '^sseadm: .*stopped by signal 3'
# A sanitizer build chains to the sanitizer's handler, which reports and exits 1: the report must
# land on the restored screen.
if grep -Eq '^SSE_SANITIZE:STRING=.*address' "$SSE_BUILD/CMakeCache.txt" 2>/dev/null; then
	ends_by SEGV 1 'AddressSanitizer'
else
	ends_by SEGV 139 ''
fi
ends_by ABRT 134 ''
tui_done
