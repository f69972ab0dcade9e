#!/usr/bin/env bash
# t_worker.sh — the worker under stress against ossemu (see worker_stress.c); in the TSan build
# this is the race detector's main course. A second ossemu refuses (503) beyond 4 requests in
# flight, for the adaptive limit.
. "$(dirname "$0")/lib/cli.sh"
# A second endpoint that refuses beyond 4 requests in flight, for the throttling part: started
# first, in a directory of its own, then emu.sh is handed back to the main one.
EMU_DIR=$TMP/busy
mkdir -p "$EMU_DIR"
emu_start --generate 100 --max-inflight 4 --latency-ms 20 || exit 1
BUSY_PID=$EMU_PID BUSY_PORT=$EMU_PORT
trap 'kill "$BUSY_PID" 2>/dev/null; wait "$BUSY_PID" 2>/dev/null; cleanup' EXIT
EMU_PID= EMU_DIR=$TMP
emu_up --generate 100 --threads 8
"$SSE_BUILD/tests/worker_stress" "$EMU_PORT" "$AK" "$SK" "$BUSY_PORT"
