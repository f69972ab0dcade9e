#!/usr/bin/env bash
# run.sh BUILD_DIR [--reset] — the demo: starts ossemu on a free loopback port with the demo fleet
# (state kept in BUILD_DIR/demo/state.cfg, so changes survive restarts; --reset starts afresh),
# writes a demo configuration, opens sseadm on it, and stops the endpoint when sseadm exits.
set -euo pipefail
build=$(cd "${1:?usage: run.sh BUILD_DIR [--reset]}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
dir=$build/demo
mkdir -p "$dir"
if [ "${2:-}" = --reset ] || [ ! -f "$dir/state.cfg" ]; then
    cp "$here/fixture.cfg" "$dir/state.cfg"
fi

# Demo keys: they exist only between this script and its own endpoint.
ak=LTAI5tDemoAccessKey
sk=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
rm -f "$dir/ports"
OSSEMU_ACCESS_KEY_ID=$ak OSSEMU_ACCESS_KEY_SECRET=$sk \
    "$build/ossemu" --fixture "$dir/state.cfg" --persist --port 0 --port-file "$dir/ports" \
    --latency-ms "${DEMO_LATENCY_MS:-120}" --log "$dir/requests.log" >"$dir/ossemu.out" 2>&1 &
emu=$!
trap 'kill $emu 2>/dev/null; wait $emu 2>/dev/null' EXIT INT TERM HUP
for _ in $(seq 1 250); do
    [ -s "$dir/ports" ] && break
    kill -0 $emu 2>/dev/null || { cat "$dir/ossemu.out" >&2; exit 1; }
    sleep 0.02
done
port=$(awk 'NR==1 {print $2}' "$dir/ports")

# The bucket entries' names (not the owner's display_name); discovery finds them too, and sends
# each to its own region's port.
buckets=$(grep -oE '\{ *name *= *"[^"]*"' "$dir/state.cfg" | sed 's/.*"\(.*\)"/"\1"/' | paste -sd, -)
umask 077
cat > "$dir/config" <<CONF
# sseadm demo configuration (written by demo/run.sh)
version = 1;
default_profile = "demo";
profiles = (
  {
    name = "demo";
    endpoint = "http://localhost:$port";
    region = "cn-hangzhou";
    discover = true;
    access_key_id = "$ak";
    access_key_secret = "$sk";
    buckets = ( $buckets );
  }
);
network = { timeout_s = 10; connect_timeout_s = 5; retries = 3; concurrency = 32; };
ui = { theme = "${DEMO_THEME:-default}"; confirm = true; };
CONF
# The demo's audit log stays with the demo.
export XDG_STATE_HOME=$dir/xdg-state

if [ -t 0 ] && [ -t 1 ] && [ -z "${DEMO_REPORT:-}" ]; then
    "$build/sseadm" -c "$dir/config" || true
else
    "$build/sseadm" -c "$dir/config" report --format table || true
fi
