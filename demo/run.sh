#!/usr/bin/env bash
# run.sh BUILD_DIR [--reset] — the demo: starts ossemu on a free loopback port with the demo fleet
# (state kept in BUILD_DIR/demo/state.cfg, so changes survive restarts; --reset starts afresh),
# writes a demo configuration, opens sseadm on it with the demo policy (policy.cfg: D and A show
# the drift), and stops the endpoint when sseadm exits.
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

# One profile per region, each at its region's port with the buckets that live there: the demo
# shows several profiles at once (p in the TUI narrows to one).
profiles=$(python3 - "$dir/state.cfg" "$dir/ports" "$ak" "$sk" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
ports = dict(line.split() for line in open(sys.argv[2]) if line.strip())
by_region = {}
for m in re.finditer(r'\{\s*name\s*=\s*"([^"]+)"([^}]*)\}', text):
    region = re.search(r'region\s*=\s*"([^"]+)"', m.group(2))
    region = region.group(1) if region else next(iter(ports))
    by_region.setdefault(region, []).append(m.group(1))
out = []
for region, port in ports.items():
    names = ", ".join('"%s"' % b for b in by_region.get(region, []))
    out.append('  { name = "%s"; endpoint = "http://localhost:%s"; region = "%s";\n'
               '    sts_endpoint = "http://localhost:%s";\n'
               '    access_key_id = "%s"; access_key_secret = "%s";\n'
               '    buckets = ( %s ); }' % (region, port, region, port, sys.argv[3], sys.argv[4],
                                            names))
print(",\n".join(out))
PY
)
umask 077
cat > "$dir/config" <<CONF
# sseadm demo configuration (written by demo/run.sh)
version = 1;
default_profile = "cn-hangzhou";
profiles = (
$profiles
);
network = { timeout_s = 10; connect_timeout_s = 5; retries = 3; concurrency = 32; };
ui = { theme = "${DEMO_THEME:-default}"; confirm = true; };
CONF
# The demo's audit log stays with the demo.
export XDG_STATE_HOME=$dir/xdg-state

if [ -t 0 ] && [ -t 1 ] && [ -z "${DEMO_REPORT:-}" ]; then
    "$build/sseadm" -c "$dir/config" --policy "$here/policy.cfg" || true
else
    "$build/sseadm" -c "$dir/config" report --policy "$here/policy.cfg" --format table || true
fi
