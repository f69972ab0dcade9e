#!/usr/bin/env bash
# t_worker.sh — the worker under stress against ossemu (see worker_stress.c); in the TSan build
# this is the race detector's main course.
. "$(dirname "$0")/lib/cli.sh"
emu_up --generate 100 --threads 8
"$SSE_BUILD/tests/worker_stress" "$EMU_PORT" "$AK" "$SK"
