#!/usr/bin/env bash
# t_graph.sh — the shape of the code, checked on what the compiler made: which file calls which
# (a symbol one object file uses and another defines) must run one way, with no two files, or any
# ring of files, calling each other; and the layers include only downward, in this order:
#   core < oss < rpc, net < config < ident, policy < engine < report, model < app < cli, ui
# (a layer includes itself and lower ones; layers of one rank never include each other).
set -u
: "${SSE_BUILD:?SSE_BUILD must name the build directory}"
src=${SSE_SOURCE:-$(cd "$(dirname "$0")/../.." && pwd)}/src
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# ---- includes run downward ------------------------------------------------------------------
declare -A rank=([core]=0 [oss]=1 [rpc]=2 [net]=2 [config]=3 [ident]=4 [policy]=4 [engine]=5
                 [report]=6 [model]=6 [app]=7 [cli]=8 [ui]=8)
for dir in "${!rank[@]}"; do
    [ -d "$src/$dir" ] || continue
    for f in "$src/$dir"/*.[ch]; do
        [ -e "$f" ] || continue
        while read -r inc; do
            layer=${inc%%/*}
            [ -n "${rank[$layer]+x}" ] || continue
            if [ "$layer" != "$dir" ] && [ "${rank[$layer]}" -ge "${rank[$dir]}" ]; then
                bad "${f#$src/} includes $inc: $layer is not below $dir"
            else
                ok
            fi
        done < <(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([a-z]*\/[^"]*\)".*/\1/p' "$f")
    done
done

# ---- calls between files have no cycle --------------------------------------------------------
objs=$(find "$SSE_BUILD/CMakeFiles" -path '*/sse_*.dir/src/*' -name '*.c.o' | sort)
if [ -z "$objs" ]; then
    echo "graph: skipped (no object files under $SSE_BUILD)"
    exit 77
fi
declare -A owner   # symbol -> object file (as src/DIR/FILE.c)
declare -A edges   # object -> space-separated objects it calls
name_of() { local o=${1#*/src/}; echo "${o%.o}"; }
for o in $objs; do
    n=$(name_of "$o")
    for s in $(nm --defined-only -g "$o" 2>/dev/null | awk '$2 ~ /[TDRB]/ {print $3}'); do
        owner[$s]=$n
    done
done
for o in $objs; do
    n=$(name_of "$o")
    list=""
    for s in $(nm -u "$o" 2>/dev/null | awk '{print $2}'); do
        t=${owner[$s]:-}
        [ -n "$t" ] && [ "$t" != "$n" ] && case " $list " in *" $t "*) ;; *) list="$list $t" ;; esac
    done
    edges[$n]=$list
done
# Depth-first search; a node met again while on the current path closes a cycle.
declare -A state   # 1 on the path, 2 done
cycle=""
visit() {
    local n=$1 m
    state[$n]=1
    for m in ${edges[$n]}; do
        [ -n "$cycle" ] && return
        if [ "${state[$m]:-0}" = 1 ]; then
            cycle="$n -> $m"
            return
        fi
        [ "${state[$m]:-0}" = 0 ] && visit "$m"
    done
    state[$n]=2
}
for o in $objs; do
    n=$(name_of "$o")
    [ "${state[$n]:-0}" = 0 ] && visit "$n"
    [ -n "$cycle" ] && break
done
if [ -n "$cycle" ]; then bad "files call each other in a ring, through $cycle"; else ok; fi
echo "graph: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
