#!/usr/bin/env bash
# t_cli_ecs_role.sh — an ECS instance's RAM role, the way sseadm runs on ECS: in a private network
# namespace (as root: unshare -mn) 100.100.100.200 is put on loopback and ossemu's metadata
# service listens there; the session token, the role's name and its credentials are asked as the
# official libraries ask them (IMDSv2: the service here refuses reads without the token); the
# credentials are used for OSS; and with no metadata service at all the error is at once, not a
# hang. Nothing outside the namespace is reached.
set -u
if [ "${1:-}" != --inside ]; then
    if [ "$(id -u)" != 0 ] || ! unshare -mn true 2>/dev/null; then
        echo "cli-ecs-role: skipped (needs root for a private network namespace: unshare -mn)"
        exit 77
    fi
    exec unshare -mn env SSE_BUILD="$SSE_BUILD" SSE_SOURCE="$SSE_SOURCE" bash "$0" --inside
fi
ip link set lo up && ip addr add 100.100.100.200/32 dev lo || { echo "cli-ecs-role: no loopback"; exit 1; }
. "$SSE_SOURCE/tests/protocol/lib/cli.sh"
unset ALIBABA_CLOUD_ECS_METADATA_DISABLED # the namespace has its own metadata service
FIX=$SSE_SOURCE/tests/data/emu/ident.cfg

config() { # PROFILE-KEYS — profile "ecs" at the emulator
    cat >"$CFG" <<CONF
version = 1;
profiles = (
  { name = "ecs"; endpoint = "$EMU_URL"; region = "cn-hangzhou"; addressing = "path";
    sts_endpoint = "$EMU_URL"; buckets = ( "hz-logs" ); $1 }
);
network = { timeout_s = 5; connect_timeout_s = 2; retries = 1; concurrency = 4; };
CONF
    chmod 600 "$CFG"
}
imds_count() { grep -c "\"method\":\"$1\",\"host\":\"100.100.100.200\",\"path\":\"$2\"" "$EMU_LOG" || true; }

case_ "ecs_ram_role = \"\": the role's name asked of the metadata service, then its credentials"
emu_up --fixture "$FIX" --imds-listen 100.100.100.200:80 --imds-require-token
config 'ecs_ram_role = "";'
run_sseadm profiles --check
expect_rc 0
expect_out $'^ecs\t.*\tECS RAM role \\(its name asked from the metadata service\\)\t1738264905170913\tacs:ram::1738264905170913:assumed-role/ecs-ops/'
[ "$(imds_count PUT /latest/api/token)" -ge 1 ] && ok || bad "no session token was asked"
[ "$(imds_count GET /latest/meta-data/ram/security-credentials/ecs-ops)" -eq 1 ] && ok ||
    bad "the role's credentials were not asked once"
grep -q '"X-aliyun-ecs-metadata-token":"<redacted>"' "$EMU_LOG" && ok || bad "reads went without the token"
run_sseadm report
expect_rc 0
expect_out $'^ecs\thz-logs\tKMS\tkey-hz-prod'

case_ "ecs_ram_role named, and the same role from the default chain"
config 'ecs_ram_role = "ecs-ops";'
log_reset
run_sseadm report
expect_rc 0
[ "$(imds_count GET /latest/meta-data/ram/security-credentials/)" -eq 0 ] && ok || bad "the name was asked though given"
config ''
run_sseadm profiles --check
expect_rc 0
expect_out $'^ecs\t.*\tECS RAM role'
expect_out 'assumed-role/ecs-ops/'

case_ "no metadata service: a clear error at once, not a hang"
emu_down
ip addr del 100.100.100.200/32 dev lo
emu_up --fixture "$FIX"
config 'ecs_ram_role = "";'
start=$SECONDS
run_sseadm report
expect_rc 1
expect_err 'cannot get the credentials of profile ecs: ECS RAM role .*metadata service'
[ $((SECONDS - start)) -le 4 ] && ok || bad "took $((SECONDS - start)) s"
[ "$(log_count GET)" -eq 0 ] && ok || bad "an OSS request went out unsigned"

cli_finish cli-ecs-role
