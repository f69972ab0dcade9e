#!/usr/bin/env bash
# t_symbols.sh — no function or variable of ours shares a name with one a linked shared library
# exports: such a name silently interposes on the library's own calls (as strbuf_append once did
# with libconfig's lexer, emptying every configuration string). The one deliberate exception is
# _gnutls_global_init_skip, GnuTLS's documented way to turn off its initialisation at load; for it
# the test checks the opposite: that the loader really binds GnuTLS's call to sseadm's definition.
set -u
DELIBERATE='_gnutls_global_init_skip'
: "${SSE_BUILD:?}"
pass=0 fail=0
for bin in sseadm ossemu; do
    exe=$SSE_BUILD/$bin
    [ -x "$exe" ] || { echo "FAIL: $exe not built"; fail=$((fail + 1)); continue; }
    ours=$(nm --defined-only -g "$exe" | awk '$2 ~ /^[TDBR]$/ {print $3}' | sort -u)
    theirs=$(ldd "$exe" | awk '/=>/ {print $3}' | grep -v -E 'libc\.so|ld-linux' |
             xargs -r nm -D --defined-only 2>/dev/null | awk 'NF == 3 {print $3}' | sed 's/@.*//' | sort -u)
    clash=$(comm -12 <(echo "$ours") <(echo "$theirs") | grep -v -E '^(_init|_fini|main|_start|_edata|_end|__bss_start|__data_start|data_start|_IO_stdin_used|__dso_handle|_ITM_.*|__TMC_END__)$' | grep -v -x -E "$DELIBERATE")
    if [ -n "$clash" ]; then
        echo "FAIL: $bin defines names that shared libraries export: $(echo $clash)"
        fail=$((fail + 1))
    else
        pass=$((pass + 1))
    fi
done

# sseadm never uses GnuTLS (Debian's libcurl brings it through librtmp and libldap): its
# constructor must see sseadm's _gnutls_global_init_skip, not its own weak one.
exe=$SSE_BUILD/sseadm
if [ -x "$exe" ] && ldd "$exe" | grep -q 'libgnutls\.so'; then
    if LD_DEBUG=bindings "$exe" --version 2>&1 |
        grep -E "binding file [^ ]*libgnutls\.so[^ ]* \[0\] to [^ ]*sseadm \[0\]: normal symbol \`_gnutls_global_init_skip'" >/dev/null; then
        pass=$((pass + 1))
    else
        echo "FAIL: GnuTLS's _gnutls_global_init_skip is not bound to sseadm's (is it exported?)"
        fail=$((fail + 1))
    fi
fi
echo "symbols: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
