#!/usr/bin/env bash
# t_symbols.sh — no function or variable of ours shares a name with one a linked shared library
# exports: such a name silently interposes on the library's own calls (as strbuf_append once did
# with libconfig's lexer, emptying every configuration string).
set -u
: "${SSE_BUILD:?}"
pass=0 fail=0
for bin in sseadm ossemu; do
    exe=$SSE_BUILD/$bin
    [ -x "$exe" ] || { echo "FAIL: $exe not built"; fail=$((fail + 1)); continue; }
    ours=$(nm --defined-only -g "$exe" | awk '$2 ~ /^[TDBR]$/ {print $3}' | sort -u)
    theirs=$(ldd "$exe" | awk '/=>/ {print $3}' | grep -v -E 'libc\.so|ld-linux' |
             xargs -r nm -D --defined-only 2>/dev/null | awk 'NF == 3 {print $3}' | sed 's/@.*//' | sort -u)
    clash=$(comm -12 <(echo "$ours") <(echo "$theirs") | grep -v -E '^(_init|_fini|main|_start|_edata|_end|__bss_start|__data_start|data_start|_IO_stdin_used|__dso_handle|_ITM_.*|__TMC_END__)$')
    if [ -n "$clash" ]; then
        echo "FAIL: $bin defines names that shared libraries export: $(echo $clash)"
        fail=$((fail + 1))
    else
        pass=$((pass + 1))
    fi
done
echo "symbols: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
