#!/usr/bin/env bash
# t_bench_smoke.sh — the bench keeps working: runs `bench/run.sh --small` and checks that it ran
# every section, printed its table and wrote its JSON lines. Never checks a speed: the figures are
# printed for people to read, and a missed target is not a failure here.
set -u
: "${SSE_BUILD:?SSE_BUILD must name the build directory}"
src=${SSE_SOURCE:-$(cd "$(dirname "$0")/../.." && pwd)}
for b in sseadm ossemu bench/bench_exec bench/bench_tui bench/bench_first_frame; do
    if [ ! -x "$SSE_BUILD/$b" ]; then
        echo "bench-smoke: skipped ($SSE_BUILD/$b is not built)"
        exit 77
    fi
done
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

out=$(mktemp "${TMPDIR:-/tmp}/bench-smoke.XXXXXX")
trap 'rm -f "$out"' EXIT
bash "$src/bench/run.sh" --small --build "$SSE_BUILD" > "$out" 2>&1
rc=$?
[ "$rc" -eq 0 ] && ok || bad "run.sh --small exited $rc"

has() { grep -qE -- "$1" "$out" && ok || bad "output lacks /$1/"; }
has '^what +\| sseadm +\| ali-oss 6\.23\.0 +\| limit / target +\| verdict'
has '^report 100 @50ms C=64, wall \(path\) +\| [0-9.]+ s '
has '^report 100 @0ms, CPU user\+sys +\| [0-9.]+ s '
has '^report 100 @0ms, peak RSS +\| [0-9.]+ MB '
has '^  peak RSS split: anonymous \+ file-backed +\| [0-9.]+ MB \+ [0-9.]+ MB '
has '^TUI 10,000 rows: move down \+ frame +\| [0-9.]+ (µs|ms)'
has '^TUI 10,000 rows: filter, 1st char \+ frame +\| [0-9.]+ (µs|ms)'
has '^TUI 10,000 rows: clear filter \+ frame +\| [0-9.]+ (µs|ms)'
has '^TUI 10,000 rows: filter with terms \+ frame +\| [0-9.]+ (µs|ms)'
has '^TUI 10,000 rows: sort by name \+ frame +\| [0-9.]+ (µs|ms) .*\| ≤ 50 ms +\| (met|missed)'
has '^TUI 10,000 rows: sort by algorithm, CMK ID, status \+ frame +\| [0-9.]+ (µs|ms)'
has '^TUI 10,000 rows: move down \+ frame, sorted by name +\| [0-9.]+ (µs|ms)'
has '^TUI 10,000 rows: 64 answers that move sorted rows \+ frame +\| [0-9.]+ (µs|ms)'
has '^TUI start-up to first frame, 100 buckets +\| [0-9.]+ ms'
has '^ossemu: 500 GETs from sseadm, --threads 4 +\| [0-9,]+ req/s'
has '^ossemu: 500 GETs from sseadm, --threads 8 +\| [0-9,]+ req/s'
# sseadm's own runs must have succeeded (ali-oss may be n/a without node or the npm registry).
grep -q 'sseadm run failed' "$out" && bad "an sseadm run failed" || ok

res=$SSE_BUILD/bench/results.jsonl
if [ -s "$res" ]; then
    ok
    for what in report_latency report_cpu report_rss_split tui_first_frame ossemu_throughput; do
        grep -q "\"what\":\"$what\"" "$res" && ok || bad "$res has no $what line"
    done
    grep -q '"bench":"tui","op":"filter_first_char"' "$res" && ok || bad "$res has no TUI figures"
    for op in filter_terms sort_bucket sort_algorithm move_down_frame_sorted answers_sorted; do
        grep -q "\"bench\":\"tui\",\"op\":\"$op\"" "$res" && ok || bad "$res has no $op figure"
    done
    grep -q '"sseadm":{"ok":0' "$res" && bad "$res records a failed sseadm run" || ok
else
    bad "$res is missing or empty"
fi
if [ "$fail" -ne 0 ]; then
    echo "--- run.sh output ---"
    cat "$out"
fi
echo "bench-smoke: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
