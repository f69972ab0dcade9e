#!/usr/bin/env bash
# t_demo.sh — what `./build.sh demo` opens: demo/run.sh starts ossemu with the demo fleet, opens
# the TUI on all 36 buckets across seven regional profiles with the demo policy (drift, plan), and
# stops the endpoint on quit.
set -u
: "${SSE_BUILD:?}"
SRC=${SSE_SOURCE:-$(cd "$(dirname "$0")/../.." && pwd)}
command -v tmux >/dev/null || { echo "tui-demo: skipped (no tmux)"; exit 77; }
T=$(mktemp -d "${TMPDIR:-/tmp}/sse-demo.XXXXXX")
B=$T/build                    # the demo keeps its state in BUILD/demo: use a private one
mkdir -p "$B"
ln -s "$SSE_BUILD/sseadm" "$B/sseadm"
ln -s "$SSE_BUILD/ossemu" "$B/ossemu"
[ -d "$SSE_BUILD/locale" ] && ln -s "$SSE_BUILD/locale" "$B/locale"
SOCK=$T/sock
printf 'set -g remain-on-exit on\nset -g status off\nset -sg escape-time 0\n' > "$T/tmux.conf"
pass=0 fail=0
cleanup() { tmux -S "$SOCK" kill-server 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; tmux -S "$SOCK" capture-pane -p -t demo 2>/dev/null | sed 's/^/  | /'; }
wait_for() { # RE [deciseconds]
    local i
    for i in $(seq 1 "${2:-100}"); do
        tmux -S "$SOCK" capture-pane -p -t demo 2>/dev/null | grep -qE -- "$1" && return 0
        sleep 0.1
    done
    return 1
}

tmux -S "$SOCK" -f "$T/tmux.conf" new-session -d -s demo -x 120 -y 40 \
    "env LANG=C.UTF-8 TERM=tmux-256color DEMO_LATENCY_MS=50 HOME=$T bash $SRC/demo/run.sh $B; echo '[demo ended]'"
wait_for 'sseadm — 7 profiles, 36 buckets' && ok || bad "title with 7 profiles and 36 buckets"
wait_for 'in flight 0' 150 && ok || bad "every bucket answered"
wait_for 'acme-prod-logs +AES256 .* ok' && ok || bad "an AES256 bucket"
wait_for 'acme-data-lake-curated +KMS +5e2a9d14.* SM4 +[a-z?-]+ +ok' && ok || bad "KMS with CMK and SM4"
wait_for 'acme-security-audit .*AccessDenied' && ok || bad "the access-denied bucket"
wait_for 'errors 1' && ok || bad "summary counts one error"
wait_for 'compliant [0-9]+  drifted [1-9][0-9]*  unknown 1' && ok || bad "the demo policy judges the fleet"
wait_for 'finance-ledger-archive .* (compliant|drifted) ' && ok || bad "a finance bucket with its verdict"
tmux -S "$SOCK" send-keys -t demo D
wait_for 'drifted: [1-9][0-9]* of 36' && ok || bad "D shows the drifted buckets"
tmux -S "$SOCK" send-keys -t demo A
wait_for 'Policy plan: [1-9][0-9]* changes?' && ok || bad "A shows the plan"
tmux -S "$SOCK" send-keys -t demo Escape D
[ -f "$B/demo/state.cfg" ] && [ "$(stat -c %a "$B/demo/config")" = 600 ] && ok || bad "state and private config"
emu=$(pgrep -f "ossemu --fixture $B/demo/state.cfg" | head -1)
[ -n "$emu" ] && ok || bad "ossemu running during the demo"
tmux -S "$SOCK" send-keys -t demo q
wait_for 'demo ended|Pane is dead \(status 0' && ok || bad "demo ends on q"
for _ in $(seq 1 50); do [ -n "$emu" ] && kill -0 "$emu" 2>/dev/null || break; sleep 0.1; done
[ -n "$emu" ] && ! kill -0 "$emu" 2>/dev/null && ok || bad "ossemu stopped with the demo"
echo "tui-demo: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
