#!/usr/bin/env bash
# run.sh — fleet-scale figures for sseadm against ossemu, side by side with the official Node SDK
# (ali-oss 6.23.0) doing the same work, and with the physical limit. Prints figures, never fails on
# a missed target (exit 0); exit 2 only when it cannot run at all (binaries missing).
#
# usage: bench/run.sh [--small] [--build DIR] [--runs N] [--no-node]
#   --small    scaled-down sizes for CI (100 buckets, 10,000 rows; well under a minute)
#   --build    the CMake build directory (default: $SSE_BUILD, else ./build); needs sseadm, ossemu
#              and bench/bench_{exec,tui,first_frame} built there
#   --runs     repetitions per figure, the median is shown (default 3; 1 with --small)
#   --no-node  skip ali-oss (its column shows n/a)
# Writes every figure as a JSON line to $BUILD/bench/results.jsonl; ali-oss is installed with
# `npm ci` into $BUILD/bench-node/ from bench/package-lock.json.
set -u

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${SSE_BUILD:-$ROOT/build}
SMALL=0 RUNS="" NODE_WANTED=1
while [ $# -gt 0 ]; do
    case $1 in
    --small) SMALL=1 ;;
    --build) BUILD=$2; shift ;;
    --runs) RUNS=$2; shift ;;
    --no-node) NODE_WANTED=0 ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done
BUILD=$(cd "$BUILD" 2>/dev/null && pwd) || { echo "run.sh: no build directory (set SSE_BUILD or --build)" >&2; exit 2; }

# Sizes: the issue's figures, or scaled down for CI.
if [ "$SMALL" = 1 ]; then
    N_LAT=100 N_CPU=100 ROWS=10000 N_FF=100 N_EMU=500 MODE=small FF_SIZES=(100)
    : "${RUNS:=1}"
else
    N_LAT=1000 N_CPU=5000 ROWS=100000 N_FF=1000 N_EMU=5000 MODE=full FF_SIZES=(1000 10000)
    : "${RUNS:=3}"
fi
LAT=50 CONC=64 FF_RUNS=5
[ "$SMALL" = 1 ] && FF_RUNS=3

SSEADM=$BUILD/sseadm OSSEMU=$BUILD/ossemu
BEXEC=$BUILD/bench/bench_exec BTUI=$BUILD/bench/bench_tui BFF=$BUILD/bench/bench_first_frame
for b in "$SSEADM" "$OSSEMU" "$BEXEC" "$BTUI" "$BFF"; do
    [ -x "$b" ] || { echo "run.sh: $b is missing; build first (cmake --build $BUILD)" >&2; exit 2; }
done
EMU_SH=$ROOT/tests/protocol/lib/emu.sh
[ -f "$EMU_SH" ] || { echo "run.sh: $EMU_SH is missing (it starts ossemu)" >&2; exit 2; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/sseadm-bench.XXXXXX")
export HOME=$WORK/home XDG_CONFIG_HOME=$WORK/config XDG_STATE_HOME=$WORK/state
mkdir -p "$HOME"
unset OSS_ACCESS_KEY_ID OSS_ACCESS_KEY_SECRET OSS_SESSION_TOKEN SSEADM_CONFIG
AK=LTAI5tBenchKeyId0001 SK=BenchSecretValue-0123456789abcdef
# ossemu is started and stopped by emu.sh, the launcher the test suites share; set here, not taken
# from the caller's environment (a token or a valgrind wrapper there would change the figures).
EMU_BIN=$OSSEMU EMU_SIGN=$BUILD/tests/sse_sign EMU_AK=$AK EMU_SECRET=$SK EMU_TOKEN= EMU_WRAPPER=
# No request log unless a figure asks for one: ossemu writing a line per request costs it time
# that every figure would include.
EMU_NO_LOG=1
. "$EMU_SH"
cleanup() {
    emu_cleanup
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

RESULTS_DIR=$BUILD/bench RESULTS=$BUILD/bench/results.jsonl
mkdir -p "$RESULTS_DIR"
: > "$RESULTS"
STAMP=$(date -u +%Y-%m-%dT%H:%M:%SZ)
HOSTINFO="$(nproc) cpus"
note() { printf '  %s\n' "$*" >&2; }

# ---- helpers ------------------------------------------------------------------------------------

# jget FILE KEY — a value from a flat JSON object (numbers, booleans, simple strings).
jget() { sed -n "s/.*\"$2\":\"\{0,1\}\([^,}\"]*\).*/\1/p" "$1" | head -1; }
# median V... (numbers; empty when none)
median() { printf '%s\n' "$@" | grep -E '^[0-9.eE+-]+$' | sort -g | awk '{a[NR]=$1} END {if (NR) print a[int((NR+1)/2)]}'; }
# calc FORMAT EXPRS VAR=VALUE... — awk arithmetic, printf-formatted: calc '%.2f' 'a/b' a=1 b=2
# (parenthesise a comparison: after printf's comma, awk reads a bare ">" as a redirection)
calc() {
    local fmt=$1 expr=$2 a args=()
    shift 2
    for a in "$@"; do args+=(-v "$a"); done
    awk "${args[@]}" "BEGIN {printf \"$fmt\", $expr}" 2>/dev/null
}
# record JSON-FIELDS — one results line
record() { printf '{"stamp":"%s","mode":"%s",%s}\n' "$STAMP" "$MODE" "$1" >> "$RESULTS"; }

# bench_emu NAME ARGS... — ossemu on free ports as emu.sh's instance NAME (NAME_PORT, NAME_PID…;
# stopped with emu_stop_as NAME), its files in $WORK; the bench cannot run without it (exit 2).
bench_emu() {
    local name=$1; shift
    TMPDIR=$WORK emu_start_as "$name" "$@" || { echo "run.sh: ossemu did not start" >&2; exit 2; }
}
# emu_cpu PID — CPU seconds (user+sys) the process has used so far
emu_cpu() { awk -v t="$(getconf CLK_TCK)" '{print ($14 + $15) / t}' "/proc/$1/stat"; }

# write_cfg FILE PORT N ADDRESSING — a config listing bucket-00001…N, concurrency $CONC
write_cfg() {
    local names
    names=$(seq -f '"bucket-%05g"' 1 "$3" | paste -sd, -)
    cat > "$1" <<CONF
version = 1;
default_profile = "bench";
profiles = (
  {
    name = "bench";
    endpoint = "http://localhost:$2";
    region = "cn-hangzhou";
    sts_endpoint = "http://localhost:$2";
    addressing = "$4";
    access_key_id = "$AK";
    access_key_secret = "$SK";
    buckets = ( $names );
  }
);
network = { timeout_s = 60; connect_timeout_s = 10; retries = 3; concurrency = $CONC; };
CONF
    chmod 600 "$1"
}

# measure PREFIX OUTFILE COMMAND... — runs COMMAND $RUNS times under bench_exec; sets
# PREFIX_{wall,user,sys,cpu,rss,rc} (medians; rc is the worst) and PREFIX_ok (1 when every run
# exited 0). The first run's stdout goes to OUTFILE (checked by the caller), later runs' to
# /dev/null; stderr to OUTFILE.err.
measure() {
    local prefix=$1 outfile=$2; shift 2
    local walls=() users=() syss=() cpus=() rsss=() rc=0 r m=$WORK/m.json
    for r in $(seq 1 "$RUNS"); do
        if [ "$r" = 1 ]; then
            "$BEXEC" "$m" "$@" > "$outfile" 2> "$outfile.err"
        else
            "$BEXEC" "$m" "$@" > /dev/null 2>> "$outfile.err"
        fi
        [ -s "$m" ] || { rc=127; continue; }
        walls+=("$(jget "$m" wall_s)"); users+=("$(jget "$m" user_s)"); syss+=("$(jget "$m" sys_s)")
        cpus+=("$(calc '%.6f' 'u+s' u="$(jget "$m" user_s)" s="$(jget "$m" sys_s)")")
        rsss+=("$(jget "$m" maxrss_kb)")
        local this
        this=$(jget "$m" rc)
        [ "$this" != 0 ] && rc=$this
    done
    printf -v "${prefix}_wall" '%s' "$(median "${walls[@]}")"
    printf -v "${prefix}_user" '%s' "$(median "${users[@]}")"
    printf -v "${prefix}_sys" '%s' "$(median "${syss[@]}")"
    printf -v "${prefix}_cpu" '%s' "$(median "${cpus[@]}")"
    printf -v "${prefix}_rss" '%s' "$(median "${rsss[@]}")"
    printf -v "${prefix}_rc" '%s' "$rc"
    printf -v "${prefix}_ok" '%s' "$([ "$rc" = 0 ] && echo 1 || echo 0)"
}

# run_sseadm PREFIX CFG N — `sseadm report --format tsv` over N buckets; checks N lines, all ok.
run_sseadm() {
    local prefix=$1 cfg=$2 n=$3 out=$WORK/$1.tsv
    measure "$prefix" "$out" "$SSEADM" -c "$cfg" report --format tsv
    local lines rcvar=${prefix}_rc
    lines=$(wc -l < "$out")
    if [ "$lines" != "$n" ] || [ "${!rcvar}" != 0 ]; then
        printf -v "${prefix}_ok" 0
        note "sseadm ($prefix): $lines result lines, want $n; exit ${!rcvar}: $(head -c 300 "$out.err")"
    fi
}

# ali-oss: installed once per lock file into $BUILD/bench-node.
NODE_DIR=$BUILD/bench-node NODE_OK=0 NODE_WHY="skipped (--no-node)"
node_setup() {
    [ "$NODE_WANTED" = 1 ] || return
    if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
        NODE_WHY="node/npm not installed"; return
    fi
    mkdir -p "$NODE_DIR"
    if ! cmp -s "$ROOT/bench/package-lock.json" "$NODE_DIR/package-lock.json" ||
       [ ! -f "$NODE_DIR/node_modules/ali-oss/package.json" ]; then
        cp "$ROOT/bench/package.json" "$ROOT/bench/package-lock.json" "$NODE_DIR/"
        echo "run.sh: installing ali-oss with npm ci into $NODE_DIR" >&2
        if ! (cd "$NODE_DIR" && timeout 300 npm ci --no-audit --no-fund --loglevel=error \
                --fetch-retries=1 --fetch-timeout=30000 >"$WORK/npm.log" 2>&1); then
            NODE_WHY="npm ci failed: $(tail -n 3 "$WORK/npm.log" | tr '\n' ' ' | cut -c1-160)"
            rm -f "$NODE_DIR/package-lock.json" # retried next time
            return
        fi
    fi
    local v
    v=$(NODE_PATH=$NODE_DIR/node_modules node -p "require('ali-oss/package.json').version" 2>/dev/null)
    if [ "$v" != 6.23.0 ]; then NODE_WHY="ali-oss $v installed, want 6.23.0"; return; fi
    NODE_OK=1 NODE_WHY=""
}

# run_alioss PREFIX PORT N ADDRESSING — alioss_report.js over N buckets with $CONC in flight.
run_alioss() {
    local prefix=$1 port=$2 n=$3 addr=$4 out=$WORK/$1.tsv
    printf -v "${prefix}_ok" 0
    [ "$NODE_OK" = 1 ] || return
    NODE_PATH=$NODE_DIR/node_modules measure "$prefix" "$out" node "$ROOT/bench/alioss_report.js" \
        --port "$port" --buckets "$n" --concurrency "$CONC" --addressing "$addr" --signature 4 \
        --ak "$AK" --sk "$SK"
    local s errors buckets
    s=$(grep -m1 alioss_summary "$out.err")
    errors=$(printf '%s' "$s" | sed -n 's/.*"errors":\([0-9]*\).*/\1/p')
    buckets=$(printf '%s' "$s" | sed -n 's/.*"buckets":\([0-9]*\).*/\1/p')
    if [ "${errors:-1}" != 0 ] || [ "${buckets:-0}" != "$n" ]; then
        printf -v "${prefix}_ok" 0
        note "ali-oss ($prefix): $(head -c 300 "$out.err")"
    fi
}

# same_answers A B — sseadm's TSV (profile bucket algo …) and ali-oss's (bucket algo …) agree?
same_answers() {
    [ -s "$WORK/$1.tsv" ] && [ -s "$WORK/$2.tsv" ] || return 1
    cmp -s <(cut -f2,3 "$WORK/$1.tsv" | sort) <(cut -f1,2 "$WORK/$2.tsv" | sort)
}

# ---- the table ----------------------------------------------------------------------------------
TABLE=$WORK/table
: > "$TABLE"
SEP=$'\x1f' # between cells: not whitespace, so empty cells survive `read`
row() { printf '%s\n' "$1$SEP$2$SEP$3$SEP$4$SEP$5" >> "$TABLE"; }
fmt_s() { [ -n "$1" ] && calc '%.2f s' 'v' v="$1" || echo n/a; }
fmt_mb() { [ -n "$1" ] && calc '%.1f MB' 'v/1024' v="$1" || echo n/a; }
fmt_us() { # microseconds → "12.3 µs" / "4.56 ms"
    [ -n "$1" ] || { echo n/a; return; }
    calc '%s' '(v >= 1000 ? sprintf("%.2f ms", v/1000) : (v >= 10 ? sprintf("%.0f µs", v) : sprintf("%.2f µs", v)))' v="$1"
}
fmt_ir() { # instructions → "1.2 M Ir" / "350 k Ir"
    [ -n "$1" ] || { echo ""; return; }
    calc '%s' '(v >= 1e6 ? sprintf("%.1f M Ir", v/1e6) : (v >= 1e3 ? sprintf("%.1f k Ir", v/1e3) : sprintf("%.0f Ir", v)))' v="$1"
}
comma() { printf '%s' "$1" | sed ':a; s/\([0-9]\)\([0-9]\{3\}\)\($\|,\)/\1,\2\3/; ta'; }

echo "sseadm fleet-scale bench ($MODE: $RUNS run(s) per figure, median shown; $HOSTINFO; build $BUILD)" >&2
node_setup
[ "$NODE_OK" = 1 ] || note "ali-oss: $NODE_WHY"

# ---- 1. report over N buckets at 50 ms latency, 64 in flight ---------------------------------
echo "1/4 report: $(comma "$N_LAT") buckets at $LAT ms, $CONC in flight …" >&2
bench_emu LAT --generate "$N_LAT" --latency-ms "$LAT"
LIMIT=$(calc '%.4f' 'n*l/1000/c' n="$N_LAT" l="$LAT" c="$CONC")
WAVES=$(calc '%.2f' 'int((n+c-1)/c)*l/1000' n="$N_LAT" l="$LAT" c="$CONC")
for addr in path virtual; do
    write_cfg "$WORK/lat_$addr.cfg" "$LAT_PORT" "$N_LAT" "$addr"
    run_sseadm "s_lat_$addr" "$WORK/lat_$addr.cfg" "$N_LAT"
    run_alioss "a_lat_$addr" "$LAT_PORT" "$N_LAT" "$addr"
done
emu_stop_as LAT

for addr in path virtual; do
    sv=s_lat_$addr av=a_lat_$addr
    sw=$(eval echo "\${${sv}_wall}") aw=$(eval echo "\${${av}_wall:-}")
    sok=$(eval echo "\${${sv}_ok}") aok=$(eval echo "\${${av}_ok}")
    [ "$sok" = 1 ] || sw=""
    [ "$aok" = 1 ] || aw=""
    agree=null
    if [ -n "$sw" ] && [ -n "$aw" ]; then same_answers "$sv" "$av" && agree=true || agree=false; fi
    record "\"what\":\"report_latency\",\"addressing\":\"$addr\",\"buckets\":$N_LAT,\"latency_ms\":$LAT,\"concurrency\":$CONC,\"runs\":$RUNS,\"limit_s\":$LIMIT,\"waves_s\":$WAVES,\"sseadm\":{\"ok\":$sok,\"wall_s\":${sw:-null},\"cpu_s\":$(eval echo "\${${sv}_cpu:-null}"),\"maxrss_kb\":$(eval echo "\${${sv}_rss:-null}")},\"alioss\":{\"ok\":$aok,\"wall_s\":${aw:-null},\"cpu_s\":$(eval echo "\${${av}_cpu:-null}"),\"maxrss_kb\":$(eval echo "\${${av}_rss:-null}")},\"answers_agree\":$agree"
    verdict=""
    if [ -n "$sw" ]; then
        ratio=$(calc '%.3f' 's/l' s="$sw" l="$LIMIT")
        met=$(calc '%s' '(s <= 1.1*l ? "met" : "missed")' s="$sw" l="$LIMIT")
        verdict="${ratio}× the limit (target ≤1.100×: $met)"
        if [ -n "$aw" ]; then
            verdict="$verdict, $(calc '%s' '(a >= s ? sprintf("%.1f× faster than ali-oss", a/s) : sprintf("%.1f× SLOWER than ali-oss", s/a))' a="$aw" s="$sw")"
            [ "$agree" = false ] && verdict="$verdict; ANSWERS DIFFER"
        fi
    else
        verdict="sseadm run failed"
    fi
    label="report $(comma "$N_LAT") @${LAT}ms C=$CONC, wall ($addr)"
    row "$label" "$(fmt_s "$sw")" "$([ "$aok" = 1 ] && fmt_s "$aw" || echo n/a)" \
        "$(calc '%.2f s (≤%.2f s)' 'l, 1.1*l' l="$LIMIT")" "$verdict"
done

# Where the wall time goes: one more sseadm run against an ossemu that logs each request's arrival
# (millisecond timestamps): start → first request, the period of the waves of $CONC, how spread
# out the last wave is, last request → exit.
bench_emu LOG --generate "$N_LAT" --latency-ms "$LAT" --log "$WORK/emu.log"
write_cfg "$WORK/log.cfg" "$LOG_PORT" "$N_LAT" path
t_start=$EPOCHREALTIME
"$SSEADM" -c "$WORK/log.cfg" report --format tsv > /dev/null 2>&1
t_end=$EPOCHREALTIME
emu_stop_as LOG
timeline=$(sed -n 's/.*"time":"[^"]*T\([0-9]*\):\([0-9]*\):\([0-9.]*\)Z".*/\1 \2 \3/p' "$WORK/emu.log" |
    awk -v s="$t_start" -v e="$t_end" -v c="$CONC" '
        { t[NR] = (($1 * 60 + $2) * 60 + $3) * 1000 }
        END {
            if (NR < 1) exit
            n = asort_ms(t, NR)
            day = 86400000
            s0 = (s * 1000) % day; e0 = (e * 1000) % day
            waves = int((n + c - 1) / c)
            lastfirst = t[(waves - 1) * c + 1]
            printf "%.1f %.2f %.1f %.1f %d", t[1] - s0, (waves > 1 ? (lastfirst - t[1]) / (waves - 1) : 0), t[n] - lastfirst, e0 - t[n], n
        }
        function asort_ms(a, m,   i, j, v) { for (i = 2; i <= m; i++) { v = a[i]; for (j = i - 1; j >= 1 && a[j] > v; j--) a[j + 1] = a[j]; a[j + 1] = v } return m }')
read -r tl_first tl_period tl_spread tl_exit tl_n <<< "${timeline:-}"
if [ -n "${tl_n:-}" ] && [ "$tl_n" = "$N_LAT" ]; then
    record "\"what\":\"report_latency_timeline\",\"buckets\":$N_LAT,\"latency_ms\":$LAT,\"concurrency\":$CONC,\"start_to_first_request_ms\":$tl_first,\"wave_period_ms\":$tl_period,\"last_wave_spread_ms\":$tl_spread,\"last_request_to_exit_ms\":$tl_exit"
    row "  where sseadm's wall time goes (ossemu log)" "1st request at $(calc '%.0f' 'v' v="$tl_first") ms" "" "waves every $LAT ms" \
        "waves every $tl_period ms; last wave spread over $tl_spread ms; last request → exit $tl_exit ms"
else
    note "request timeline: the ossemu log had ${tl_n:-no} requests, want $N_LAT"
fi

# ---- 2. CPU and peak RSS over N buckets at no latency -----------------------------------------
echo "2/4 report: $(comma "$N_CPU") buckets at no latency (CPU, peak RSS) …" >&2
bench_emu CPU --generate "$N_CPU"
write_cfg "$WORK/cpu.cfg" "$CPU_PORT" "$N_CPU" path
run_sseadm s_cpu "$WORK/cpu.cfg" "$N_CPU"
run_alioss a_cpu "$CPU_PORT" "$N_CPU" path
# One more run, not timed: bench_exec --mem samples /proc/PID/status every millisecond for how
# the peak splits into the process's own (anonymous) pages and file-backed library pages.
"$BEXEC" --mem "$WORK/mem_cpu.json" "$SSEADM" -c "$WORK/cpu.cfg" report --format tsv > /dev/null 2>&1
emu_stop_as CPU
measure s_base "$WORK/version.out" "$SSEADM" --version
"$BEXEC" --mem "$WORK/mem_base.json" "$SSEADM" --version > /dev/null 2>&1
m_anon=$(jget "$WORK/mem_cpu.json" anon_at_rss_peak_kb) m_file=$(jget "$WORK/mem_cpu.json" file_at_rss_peak_kb)
m_rss=$(jget "$WORK/mem_cpu.json" rss_peak_sampled_kb) m_anon_max=$(jget "$WORK/mem_cpu.json" anon_peak_kb)
b_anon=$(jget "$WORK/mem_base.json" anon_peak_kb)
record "\"what\":\"report_rss_split\",\"buckets\":$N_CPU,\"sampled_every_ms\":1,\"rss_peak_sampled_kb\":${m_rss:-null},\"anon_at_rss_peak_kb\":${m_anon:-null},\"file_at_rss_peak_kb\":${m_file:-null},\"anon_peak_kb\":${m_anon_max:-null},\"version_anon_peak_kb\":${b_anon:-null}"
agree=null
if [ "$s_cpu_ok" = 1 ] && [ "$a_cpu_ok" = 1 ]; then same_answers s_cpu a_cpu && agree=true || agree=false; fi
record "\"what\":\"report_cpu\",\"buckets\":$N_CPU,\"latency_ms\":0,\"concurrency\":$CONC,\"runs\":$RUNS,\"sseadm\":{\"ok\":$s_cpu_ok,\"wall_s\":${s_cpu_wall:-null},\"user_s\":${s_cpu_user:-null},\"sys_s\":${s_cpu_sys:-null},\"cpu_s\":${s_cpu_cpu:-null},\"maxrss_kb\":${s_cpu_rss:-null}},\"alioss\":{\"ok\":$a_cpu_ok,\"wall_s\":${a_cpu_wall:-null},\"user_s\":${a_cpu_user:-null},\"sys_s\":${a_cpu_sys:-null},\"cpu_s\":${a_cpu_cpu:-null},\"maxrss_kb\":${a_cpu_rss:-null}},\"sseadm_version_maxrss_kb\":${s_base_rss:-null},\"answers_agree\":$agree"

sc=""; [ "$s_cpu_ok" = 1 ] && sc=$s_cpu_cpu
ac=""; [ "$a_cpu_ok" = 1 ] && ac=$a_cpu_cpu
if [ -n "$sc" ] && [ -n "$ac" ]; then
    v="$(calc '%.2f' 's/a' s="$sc" a="$ac") of ali-oss's (target <0.20: $(calc '%s' '(s < a/5 ? "met" : "missed")' s="$sc" a="$ac")); $(calc '%.0f µs/bucket vs %.0f' 's/n*1e6, a/n*1e6' s="$sc" a="$ac" n="$N_CPU")"
    [ "$agree" = false ] && v="$v; ANSWERS DIFFER"
    tgt=$(calc '< %.2f s' 'a/5' a="$ac")
else
    v=$([ -n "$sc" ] && calc '%.0f µs/bucket; no ali-oss figure' 's/n*1e6' s="$sc" n="$N_CPU" || echo "sseadm run failed")
    tgt="< 1/5 of ali-oss"
fi
row "report $(comma "$N_CPU") @0ms, CPU user+sys" "$(fmt_s "$sc")" "$(fmt_s "$ac")" "$tgt" "$v"
sr=""; [ "$s_cpu_ok" = 1 ] && sr=$s_cpu_rss
ar=""; [ "$a_cpu_ok" = 1 ] && ar=$a_cpu_rss
if [ -n "$sr" ]; then
    v="$(calc '%.2f× the target (%s)' 'r/16384, (r <= 16384 ? "met" : "missed")' r="$sr")"
    [ -n "$s_base_rss" ] && [ -n "${s_lat_path_rss:-}" ] && [ "$N_CPU" -gt "$N_LAT" ] &&
        v="$v; $(calc '%.1f KB more per bucket' '(a-b)/(n-m)' a="$sr" b="$s_lat_path_rss" n="$N_CPU" m="$N_LAT")"
else
    v="sseadm run failed"
fi
row "report $(comma "$N_CPU") @0ms, peak RSS" "$(fmt_mb "$sr")" "$(fmt_mb "$ar")" "< 16.0 MB" "$v"
if [ -n "$m_rss" ]; then
    row "  peak RSS split: anonymous + file-backed" "$(fmt_mb "$m_anon") + $(fmt_mb "$m_file")" "" "" \
        "sampled each ms (peak $(fmt_mb "$m_rss")); anonymous = heap, stacks, relocated library data; file-backed = library code and read-only data, shared with other processes; --version: $(fmt_mb "$b_anon") anonymous"
else
    note "peak RSS split: bench_exec --mem took no sample"
fi
row "sseadm --version, peak RSS (libraries alone)" "$(fmt_mb "$s_base_rss")" "" "" \
    "$( [ -n "$s_base_rss" ] && calc 'leaves %.1f MB of the 16 MB for data' '(16384-b)/1024' b="$s_base_rss")"

# ---- 3. the TUI at ROWS rows --------------------------------------------------------------------
echo "3/4 TUI: $(comma "$ROWS") rows (model), first frame with $(for n in "${FF_SIZES[@]}"; do comma "$n"; echo -n " "; done)buckets …" >&2
TUI_OUT=$WORK/tui.jsonl
if "$BTUI" --rows "$ROWS" --height 50 --cols 120 > "$TUI_OUT" 2> "$WORK/tui.err"; then
    while IFS= read -r l; do l=${l#\{}; record "${l%\}}"; done < "$TUI_OUT"
else
    note "bench_tui failed: $(head -c 300 "$WORK/tui.err")"
fi
tui() { grep "\"op\":\"$1\"" "$TUI_OUT" > "$WORK/op.json" 2>/dev/null && jget "$WORK/op.json" "$2"; }

# callgrind: instructions per operation (repeatable where the CPU clock is not)
declare -A IR=()
if command -v valgrind >/dev/null 2>&1 && command -v callgrind_annotate >/dev/null 2>&1; then
    if valgrind --tool=callgrind --callgrind-out-file="$WORK/cg.out" "$BTUI" --rows "$ROWS" --callgrind \
            > "$WORK/cg.json" 2> "$WORK/cg.err"; then
        callgrind_annotate --inclusive=yes --threshold=100 "$WORK/cg.out" 2>/dev/null |
            sed -n 's/^ *\([0-9,]*\) .*:\(bench_op_[a-z_]*\) .*/\2 \1/p' | tr -d , > "$WORK/cg.ir"
        for op in move_down page_down bottom frame filter_first filter_more filter_clear; do
            calls=$(sed -n "s/.*\"bench_op_$op\":\([0-9]*\).*/\1/p" "$WORK/cg.json")
            ir=$(awk -v f="bench_op_$op" '$1 == f {print $2}' "$WORK/cg.ir")
            [ -n "$calls" ] && [ -n "$ir" ] && [ "$calls" -gt 0 ] && IR[$op]=$(calc '%.0f' 'i/c' i="$ir" c="$calls")
        done
        record "\"what\":\"tui_callgrind\",\"rows\":$ROWS,\"ir_per_call\":{$(for k in "${!IR[@]}"; do printf '"%s":%s,' "$k" "${IR[$k]}"; done | sed 's/,$//')}"
    else
        note "callgrind run failed: $(tail -c 300 "$WORK/cg.err")"
    fi
else
    note "valgrind not installed: no instruction counts"
fi
ir_with_frame() { # IR of op + one frame
    [ -n "${IR[$1]:-}" ] && [ -n "${IR[frame]:-}" ] && fmt_ir "$(calc '%.0f' 'a+b' a="${IR[$1]}" b="${IR[frame]}")"
}
under_1ms() { [ -n "$1" ] && calc '%s' '(v < 1000 ? sprintf("met (%.1f%% of 1 ms)", v/10) : sprintf("missed: %.1f× the target", v/1000))' v="$1" || echo "n/a"; }
keyrow() { # label op irop
    local us ir
    us=$(tui "$2" cpu_us)
    ir=$(ir_with_frame "$3")
    row "TUI $(comma "$ROWS") rows: $1" "$(fmt_us "$us")${ir:+ · $ir}" "" "< 1 ms" "$(under_1ms "$us")"
}
keyrow "move down + frame" move_down_frame move_down
keyrow "page down + frame" page_down_frame page_down
keyrow "jump to bottom + frame" bottom_frame bottom
us=$(tui filter_first_char cpu_us); mx=$(tui filter_first_char max_us); ir=$(ir_with_frame filter_first)
row "TUI $(comma "$ROWS") rows: filter, 1st char + frame" "$(fmt_us "$us") (max $(fmt_us "$mx"))${ir:+ · $ir}" "" "< 1 ms" \
    "$(under_1ms "$us"); $(tui filter_first_char matched) rows match \"$(tui filter_first_char filter)\""
us=$(tui filter_next_char cpu_us); mx=$(tui filter_next_char max_us); ir=$(ir_with_frame filter_more)
row "TUI $(comma "$ROWS") rows: filter, next char + frame" "$(fmt_us "$us") (max $(fmt_us "$mx"))${ir:+ · $ir}" "" "< 1 ms" \
    "$(under_1ms "$us"); worst single call $(fmt_us "$mx")"
us=$(tui filter_clear cpu_us); ir=$(ir_with_frame filter_clear)
row "TUI $(comma "$ROWS") rows: clear filter + frame" "$(fmt_us "$us")${ir:+ · $ir}" "" "< 1 ms" "$(under_1ms "$us")"
us=$(tui filter_terms cpu_us); mx=$(tui filter_terms max_us)
row "TUI $(comma "$ROWS") rows: filter with terms + frame" "$(fmt_us "$us") (max $(fmt_us "$mx"))" "" "(a pass that reads every row)" \
    "$(tui filter_terms matched) rows match \"$(tui filter_terms filter)\""
under_50ms() { [ -n "$1" ] && calc '%s' '(v <= 50000 ? sprintf("met (%.0f%% of 50 ms)", v/500) : sprintf("missed: %.1f× the target", v/50000))' v="$1" || echo "n/a"; }
us=$(tui sort_bucket cpu_us); mx=$(tui sort_bucket max_us)
row "TUI $(comma "$ROWS") rows: sort by name + frame" "$(fmt_us "$us") (max $(fmt_us "$mx"))" "" "≤ 50 ms" "$(under_50ms "$mx")"
worst=0 worst_op=""
for op in sort_algorithm sort_kms_key_id sort_status; do
    m=$(tui "$op" max_us)
    [ -n "$m" ] && [ "$(calc '%d' '(a > b)' a="$m" b="$worst")" = 1 ] && { worst=$m; worst_op=${op#sort_}; }
done
row "TUI $(comma "$ROWS") rows: sort by algorithm, CMK ID, status + frame" \
    "$(fmt_us "$(tui sort_algorithm cpu_us)") / $(fmt_us "$(tui sort_kms_key_id cpu_us)") / $(fmt_us "$(tui sort_status cpu_us)")" "" "≤ 50 ms" \
    "$(under_50ms "$worst"); worst single run $(fmt_us "$worst") (${worst_op:-n/a})"
keyrow "move down + frame, sorted by name" move_down_frame_sorted none
keyrow "page down + frame, sorted by name" page_down_frame_sorted none
us=$(tui answers_sorted cpu_us)
row "TUI $(comma "$ROWS") rows: 64 answers that move sorted rows + frame" "$(fmt_us "$us")" "" "(once per round of answers)" \
    "the order made again over every row"
us=$(tui frame cpu_us)
row "TUI frame draw data (50 of $(comma "$ROWS") rows)" "$(fmt_us "$us")${IR[frame]:+ · $(fmt_ir "${IR[frame]}")}" "" "(in the above)" "O(visible rows)"
us=$(tui setup_first_frame cpu_us); rss=$(tui setup_first_frame peak_rss_kb); rb=$(tui setup_first_frame row_bytes)
row "TUI model set-up, $(comma "$ROWS") rows" "$(fmt_us "$us")" "" "" \
    "add+sync+1st frame; model peak RSS $(fmt_mb "$rss") ($rb B/row); apply $(fmt_us "$(tui apply_results cpu_us)")/result"

# The real TUI: exec → first list frame on a 120×50 pseudo-terminal, against ossemu. The second
# size shows how start-up grows with the fleet (everything before the first frame is per bucket).
for nff in "${FF_SIZES[@]}"; do
    bench_emu FF --generate "$nff" --latency-ms "$LAT"
    write_cfg "$WORK/ff.cfg" "$FF_PORT" "$nff" path
    ffs=() ffcpu=() ffrss=()
    runs=$FF_RUNS
    [ "$nff" -gt "$N_FF" ] && runs=3
    for r in $(seq 1 "$runs"); do
        if env LANG=C.UTF-8 TERM=xterm-256color "$BFF" --cols 120 --lines 50 --timeout-ms 60000 \
                bucket-00001 "$SSEADM" -c "$WORK/ff.cfg" > "$WORK/ff.json" 2> "$WORK/ff.err"; then
            ffs+=("$(jget "$WORK/ff.json" first_frame_ms)")
            ffcpu+=("$(jget "$WORK/ff.json" cpu_s)")
            ffrss+=("$(jget "$WORK/ff.json" maxrss_kb)")
        else
            note "first frame not seen: $(cat "$WORK/ff.json" "$WORK/ff.err" | head -c 300)"
        fi
    done
    emu_stop_as FF
    ff=$(median "${ffs[@]}") ffr=$(median "${ffrss[@]}")
    record "\"what\":\"tui_first_frame\",\"buckets\":$nff,\"latency_ms\":$LAT,\"runs\":${#ffs[@]},\"first_frame_ms\":${ff:-null},\"all_ms\":[$(IFS=,; echo "${ffs[*]}")],\"maxrss_kb_at_quit\":${ffr:-null}"
    row "TUI start-up to first frame, $(comma "$nff") buckets" "$([ -n "$ff" ] && calc '%.1f ms' 'v' v="$ff" || echo n/a)" "" "< 50 ms" \
        "$([ -n "$ff" ] && calc '%s' '(v < 50 ? "met" : sprintf("missed: %.1f×", v/50))' v="$ff" || echo "not measured"); exec→list on a pty; peak RSS $(fmt_mb "$ffr") at quit; runs: $(IFS=' '; echo "${ffs[*]}")"
done

# ---- 4. ossemu's own throughput ---------------------------------------------------------------
echo "4/4 ossemu throughput: $(comma "$N_EMU") GETs from sseadm, --threads 4 and 8 …" >&2
for th in 4 8; do
    # THR, not EMU: emu.sh's own instance is EMU_PORT, EMU_PID…
    bench_emu THR --generate "$N_EMU" --threads "$th"
    write_cfg "$WORK/emu.cfg" "$THR_PORT" "$N_EMU" path
    c0=$(emu_cpu "$THR_PID")
    run_sseadm "s_emu$th" "$WORK/emu.cfg" "$N_EMU"
    c1=$(emu_cpu "$THR_PID")
    emu_stop_as THR
    w=$(eval echo "\${s_emu${th}_wall}") ok=$(eval echo "\${s_emu${th}_ok}") scpu=$(eval echo "\${s_emu${th}_cpu}")
    ecpu=$(calc '%.3f' '(b-a)/r' a="$c0" b="$c1" r="$RUNS")
    rps=$(calc '%.0f' 'n/w' n="$N_EMU" w="$w")
    record "\"what\":\"ossemu_throughput\",\"threads\":$th,\"requests\":$N_EMU,\"runs\":$RUNS,\"ok\":$ok,\"wall_s\":${w:-null},\"req_per_s\":${rps:-null},\"ossemu_cpu_s\":${ecpu:-null},\"sseadm_cpu_s\":${scpu:-null}"
    busy=$(calc '%.0f' '100*s/w' s="$scpu" w="$w")
    row "ossemu: $(comma "$N_EMU") GETs from sseadm, --threads $th" "$( [ "$ok" = 1 ] && echo "$(comma "$rps") req/s" || echo failed)" "" "not the bottleneck" \
        "$(calc '%s: ossemu %.0f µs CPU/req (≈%s req/s per core), sseadm %.0f µs CPU/req (busy %s%% of the wall)' '(e < s ? "met" : "CHECK"), e/n*1e6, (e > 0 ? sprintf("%.0f", n/e) : "∞"), s/n*1e6, b' e="$ecpu" n="$N_EMU" s="$scpu" b="$busy")"
done

# ---- print ---------------------------------------------------------------------------------------
echo
printf 'sseadm fleet-scale bench — %s mode, %s, median of %s run(s), %s\n' "$MODE" "$HOSTINFO" "$RUNS" "$STAMP"
TABLE_HEAD="what${SEP}sseadm${SEP}ali-oss 6.23.0${SEP}limit / target${SEP}verdict"
{
    export LC_ALL=C.UTF-8
    w=(0 0 0 0)
    while IFS=$SEP read -r c0 c1 c2 c3 c4; do
        for i in 0 1 2 3; do v="c$i"; v=${!v}; [ "${#v}" -gt "${w[$i]}" ] && w[$i]=${#v}; done
    done < <(printf '%s\n' "$TABLE_HEAD"; cat "$TABLE")
    pad() { local s=$1 n=$2; printf '%s%*s' "$s" $((n - ${#s})) ''; }
    first=1
    while IFS=$SEP read -r c0 c1 c2 c3 c4; do
        printf '%s | %s | %s | %s | %s\n' "$(pad "$c0" "${w[0]}")" "$(pad "$c1" "${w[1]}")" \
            "$(pad "$c2" "${w[2]}")" "$(pad "$c3" "${w[3]}")" "$c4"
        if [ "$first" = 1 ]; then
            printf '%*s\n' $((w[0] + w[1] + w[2] + w[3] + 20)) '' | tr ' ' '-'
            first=0
        fi
    done < <(printf '%s\n' "$TABLE_HEAD"; cat "$TABLE")
}
[ "$NODE_OK" = 1 ] || echo "ali-oss: $NODE_WHY"
echo "limit = buckets × latency / concurrency; with whole waves of $CONC the floor is ceil(N/C) × latency = ${WAVES} s."
echo "results: $RESULTS"
exit 0
