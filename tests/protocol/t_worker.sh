#!/usr/bin/env bash
# t_worker.sh — the worker under stress against ossemu (see worker_stress.c); in the TSan build
# this is the race detector's main course. A second ossemu refuses (503) beyond 4 requests in
# flight, for the adaptive limit.
. "$(dirname "$0")/lib/cli.sh"
emu_up --generate 100 --threads 8
# A second endpoint that refuses beyond 4 requests in flight, for the throttling part.
emu_launch "$TMP/busy.ports" "$TMP/busy.out" --generate 100 --max-inflight 4 --latency-ms 20
BUSY_PID=$LAUNCHED_PID BUSY_PORT=$LAUNCHED_PORT
trap 'kill "$BUSY_PID" 2>/dev/null; wait "$BUSY_PID" 2>/dev/null; cleanup' EXIT
"$SSE_BUILD/tests/worker_stress" "$EMU_PORT" "$AK" "$SK" "$BUSY_PORT"
