#!/usr/bin/env bash
# t_layers.sh — the layering promises, checked: which folders may include curses, curl, libxml2,
# OpenSSL; and every header compiles on its own (it includes what it uses).
set -u
src=${SSE_SOURCE:-$(cd "$(dirname "$0")/../.." && pwd)}/src
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

forbid() { # PATTERN DESCRIPTION DIR...
    local pattern=$1 what=$2; shift 2
    local hits
    hits=$(cd "$src" && grep -rlE "^[[:space:]]*#[[:space:]]*include[[:space:]]*<$pattern" "$@" 2>/dev/null)
    if [ -n "$hits" ]; then bad "$what: $hits"; else ok; fi
}

# Curses only in ui/.
forbid '(n?curses|ncursesw/)' "curses outside src/ui" core oss rpc ident config net engine model app cli endpoint report
# libcurl only in net/: no other file includes it, directly or through a header (net's headers
# that others include keep curl's types opaque).
forbid 'curl/' "libcurl outside src/net" core oss rpc ident config engine model policy app ui cli endpoint report main.c
# The RPC protocol (STS, KMS) and the identity layer are pure: no threads, no sockets. (ident's
# process runner forks a command; that is its one job, kept in ident/process.c.)
forbid '(pthread\.h|sys/socket\.h|netinet/|netdb\.h)' "threads or sockets in rpc or ident" rpc ident
# The UI never builds requests or parses XML, never touches crypto.
forbid '(libxml/|openssl/)' "libxml2/OpenSSL in ui, model, app or cli" ui model app cli
hits=$(cd "$src" && grep -lE '#include "(oss/request|oss/sign|oss/sign_v1|oss/sign_v4|rpc/request|rpc/sign|net/)' ui/* model/* app/* cli/* 2>/dev/null)
[ -z "$hits" ] && ok || bad "ui/model/app/cli build requests: $hits"
# The front ends drive the core: neither the TUI nor the CLI talks to the worker itself.
hits=$(cd "$src" && grep -lE '#include "engine/(worker|accounts)\.h"' ui/* cli/* 2>/dev/null)
[ -z "$hits" ] && ok || bad "a front end drives the worker itself: $hits"
# core has no third-party headers.
forbid '(curl/|libxml/|openssl/|libconfig|jansson|microhttpd)' "third-party headers in core" core
# The endpoint shares no code with the client's protocol layer.
hits=$(cd "$src" && grep -lE '#include "(oss|rpc|ident|core|net|engine|config)/' endpoint/* 2>/dev/null)
[ -z "$hits" ] && ok || bad "endpoint includes client code: $hits"

# Every header compiles alone.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cflags=$(pkg-config --cflags libxml-2.0 libconfig ncursesw jansson libcurl 2>/dev/null)
for h in $(cd "$src" && ls */*.h); do
    printf '#include "%s"\n#include "%s"\nint main(void){return 0;}\n' "$h" "$h" > "$tmp/t.c"
    if cc -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DSSEADM_VERSION='"0"' -Wall -Werror \
        -I"$src" $cflags -fsyntax-only "$tmp/t.c" 2>"$tmp/err"; then ok; else bad "header $h:"; sed 's/^/    /' "$tmp/err" | head -5; fi
done
# …and none pulls it in through a header: the dependency list of every file outside src/net.
for f in $(cd "$src" && ls */*.c */*.h *.c | grep -v '^net/'); do
    if deps=$(cc -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DSSEADM_VERSION='"0"' \
            -I"$src" $cflags -M "$src/$f" 2>"$tmp/err"); then
        if grep -q '/curl/' <<<"$deps"; then bad "$f pulls in libcurl's headers"; else ok; fi
    else
        bad "cannot list the includes of $f:"; sed 's/^/    /' "$tmp/err" | head -5
    fi
done
echo "arch: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
