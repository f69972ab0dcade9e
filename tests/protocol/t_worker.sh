#!/usr/bin/env bash
# t_worker.sh — the worker under stress against ossemu (see worker_stress.c); in the TSan build
# this is the race detector's main course. A second ossemu refuses (503) beyond 4 requests in
# flight, for the adaptive limit.
. "$(dirname "$0")/lib/cli.sh"
emu_up --generate 100 --threads 8
OSSEMU_ACCESS_KEY_SECRET=$SK "$OSSEMU" --access-key-id "$AK" --port 0 --port-file "$TMP/busy.ports" \
    --generate 100 --max-inflight 4 --latency-ms 20 >"$TMP/busy.out" 2>&1 &
BUSY_PID=$!
trap 'kill "$BUSY_PID" 2>/dev/null; wait "$BUSY_PID" 2>/dev/null; cleanup' EXIT
for i in $(seq 1 250); do
    [ -s "$TMP/busy.ports" ] && break
    kill -0 "$BUSY_PID" 2>/dev/null || { echo "ossemu died: $(cat "$TMP/busy.out")"; exit 1; }
    sleep 0.02
done
BUSY_PORT=$(awk 'NR==1 {print $2}' "$TMP/busy.ports")
[ -n "$BUSY_PORT" ] || { echo "ossemu did not start: $(cat "$TMP/busy.out")"; exit 1; }
"$SSE_BUILD/tests/worker_stress" "$EMU_PORT" "$AK" "$SK" "$BUSY_PORT"
