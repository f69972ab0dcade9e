#!/usr/bin/env bash
# t_worker.sh — the worker under stress against ossemu (see worker_stress.c); in the TSan build
# this is the race detector's main course. A second ossemu refuses (503) beyond 4 requests in
# flight, for the adaptive limit. ossemu's request log shows which writes arrived (safe changes).
# Two more refuse every request and every second one, for the final pass.
. "$(dirname "$0")/lib/cli.sh"
# A second endpoint that refuses beyond 4 requests in flight, for the throttling part (emu.sh's
# cleanup stops it with the main one).
emu_start_as BUSY --generate 100 --max-inflight 4 --latency-ms 20 || exit 1
# Two stormy ones, for the final pass: every request refused, and every second one.
emu_start_as STORM --generate 20 --fail-every 1 || exit 1
emu_start_as STORM2 --generate 20 --fail-every 2 || exit 1
emu_up --generate 100 --threads 8
"$SSE_BUILD/tests/worker_stress" "$EMU_PORT" "$AK" "$SK" "$BUSY_PORT" "$EMU_LOG" \
    "$STORM_PORT" "$STORM_LOG" "$STORM2_PORT" "$STORM2_LOG"
