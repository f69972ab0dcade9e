#!/usr/bin/env bash
# t_cli_regions.sh — every bucket at its own region's endpoint, with real OSS host names: in a
# private network and mount namespace (as root: unshare -mn) an /etc/hosts of our own gives
# oss-cn-hangzhou, oss-cn-beijing and oss-cn-shanghai.aliyuncs.com and the buckets'
# virtual-hosted names addresses on loopback, where ossemu serves each region on port 80. A
# profile pointed at Hangzhou, with ListBuckets denied, names buckets of all three: each is read,
# set and read back at its own region after at most one refused request (OSS's wrong-endpoint
# answer, followed unchanged), in virtual-hosted and path addressing, signature V4 and V1. An
# <Endpoint> or a listed ExtranetEndpoint naming another host is not followed: a catcher
# listening there receives nothing. Nothing outside the namespace is reached.
set -u
if [ "${1:-}" != --inside ]; then
    if [ "$(id -u)" != 0 ] || ! unshare -mn true 2>/dev/null || ! command -v ip >/dev/null; then
        echo "cli-regions: skipped (needs root, ip and unshare -mn for a private namespace)"
        exit 77
    fi
    exec unshare -mn env SSE_BUILD="$SSE_BUILD" SSE_SOURCE="$SSE_SOURCE" bash "$0" --inside
fi
ip link set lo up || { echo "cli-regions: the namespace's loopback does not come up"; exit 1; }
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy no_proxy NO_PROXY
. "$SSE_SOURCE/tests/protocol/lib/cli.sh"

names() { # REGION BUCKET... — the region's endpoint names and the buckets' at it
    local r=$1 b
    shift
    printf ' oss-%s.aliyuncs.com oss-%s-internal.aliyuncs.com' "$r" "$r"
    for b in "$@"; do printf ' %s.oss-%s.aliyuncs.com %s.oss-%s-internal.aliyuncs.com' "$b" "$r" "$b" "$r"; done
}
BUCKETS=(hz-web bj-data sh-logs evil-listed)
cat >"$TMP/hosts" <<H
127.0.0.1 localhost catcher.example
::1 localhost
127.0.10.1$(names cn-hangzhou "${BUCKETS[@]}")
127.0.10.2$(names cn-beijing "${BUCKETS[@]}")
127.0.10.3$(names cn-shanghai "${BUCKETS[@]}")
H
mount --bind "$TMP/hosts" /etc/hosts || { echo "cli-regions: cannot bind-mount /etc/hosts"; exit 1; }

cat >"$TMP/fixture.cfg" <<'F'
buckets = (
  { name = "hz-web"; region = "cn-hangzhou"; algorithm = "AES256"; },
  { name = "bj-data"; region = "cn-beijing"; algorithm = "KMS"; kms_key_id = "bj-cmk-1"; },
  { name = "sh-logs"; region = "cn-shanghai"; }
);
F
REGIONS=(--region cn-hangzhou@127.0.10.1:80 --region cn-beijing@127.0.10.2:80
         --region cn-shanghai@127.0.10.3:80)
region_of() { case $1 in hz-*) echo cn-hangzhou ;; bj-*) echo cn-beijing ;; sh-*) echo cn-shanghai ;; esac; }
addr_of() { case $1 in cn-hangzhou) echo 127.0.10.1 ;; cn-beijing) echo 127.0.10.2 ;; cn-shanghai) echo 127.0.10.3 ;; esac; }
config() { # ADDRESSING SIGNATURE
    cat >"$CFG" <<CONF
version = 1;
profiles = (
  { name = "t"; endpoint = "http://oss-cn-hangzhou.aliyuncs.com"; region = "cn-hangzhou";
    addressing = "$1"; signature_version = $2; access_key_id = "$AK"; access_key_secret = "$SK";
    buckets = ( "hz-web", "bj-data", "sh-logs" ); }
);
network = { timeout_s = 5; connect_timeout_s = 2; retries = 1; concurrency = 8; };
CONF
    chmod 600 "$CFG"
}
# requests BUCKET — "LISTENER STATUS" for each encryption request of the bucket, in order
requests() {
    python3 - "$EMU_LOG" "$1" <<'PY'
import json, sys
for line in open(sys.argv[1]):
    d = json.loads(line)
    if d.get("method") and "encryption" in d.get("query", "") and (
            d["host"].startswith(sys.argv[2] + ".") or d["path"].startswith("/" + sys.argv[2])):
        print(d["region"], d["status"])
PY
}
# at_home BUCKET — every request of the bucket after the first went to its own region, and at
# most the first was refused
at_home() {
    local want got first=1 line n=0
    want=$(region_of "$1")
    while read -r got status; do
        n=$((n + 1))
        if [ "$got" != "$want" ] && { [ $first = 0 ] || [ "$status" != 403 ]; }; then
            bad "$1: a request at $got answered $status (it lives in $want)"
            return
        fi
        first=0
    done < <(requests "$1")
    [ $n -ge 1 ] && ok || bad "$1: no request reached the endpoint"
}

emu_up --fixture "$TMP/fixture.cfg" "${REGIONS[@]}" --deny-list-buckets
for mode in "virtual 4" "path 4" "virtual 1" "path 1"; do
    read -r addressing sig <<<"$mode"
    case_ "$addressing-hosted, V$sig: named buckets of three regions, ListBuckets denied"
    config "$addressing" "$sig"
    log_reset
    run_sseadm -v get hz-web bj-data sh-logs --format csv
    expect_rc 0
    expect_out '^t,hz-web,AES256,,,ok,'
    expect_out '^t,bj-data,KMS,bj-cmk-1,,ok,'
    expect_out '^t,sh-logs,none,,,ok,'
    for b in hz-web bj-data sh-logs; do at_home "$b"; done
    expect_err 'sseadm: get bj-data: 1 request \(0 retries\), .*, at cn-beijing \(OSS named the bucket.s endpoint\)$'
    log_reset
    run_sseadm set bj-data sh-logs --algorithm SM4 --format csv
    expect_rc 0
    expect_out '^t,bj-data,SM4,,,ok,'
    expect_out '^t,sh-logs,SM4,,,ok,'
    for b in bj-data sh-logs; do at_home "$b"; done
    [ "$(grep -c '"method":"PUT"' "$EMU_LOG")" -eq 2 ] && ok || bad "$(grep -c '"method":"PUT"' "$EMU_LOG") PUTs, want 2"
    python3 - "$EMU_LOG" <<'PY' && ok || bad "a PUT or its read-back went to the wrong region"
import json, sys
home = {"bj-data": "cn-beijing", "sh-logs": "cn-shanghai"}
for line in open(sys.argv[1]):
    d = json.loads(line)
    if d.get("method") == "PUT":
        b = next(k for k in home if d["host"].startswith(k + ".") or d["path"].startswith("/" + k))
        assert d["region"] == home[b] and d["status"] == 200, d
PY
    emu_admin_set bj-data KMS bj-cmk-1 >/dev/null
    emu_admin_set sh-logs none >/dev/null
done

case_ "report: every bucket's region in JSON; a profile inside Alibaba Cloud goes to -internal"
config virtual 4
run_sseadm report --format json
expect_rc 0
python3 - "$OUT_F" <<'PY' && ok || bad "report json regions"
import json, sys
rows = {r["bucket"]: r["region"] for r in json.load(open(sys.argv[1]))}
assert rows == {"hz-web": "cn-hangzhou", "bj-data": "cn-beijing", "sh-logs": "cn-shanghai"}, rows
PY
sed -i 's|signature_version = 4;|signature_version = 4; internal = true;|' "$CFG"
log_reset
run_sseadm get bj-data --format csv
expect_rc 0
grep -q '"host":"bj-data.oss-cn-beijing-internal.aliyuncs.com"' "$EMU_LOG" && ok ||
    bad "the followed endpoint was not the -internal one"

# ---- answers that name other hosts -------------------------------------------------------------
CATCH=$TMP/catcher
python3 -c '
import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 18411)); s.listen(16)
with open(sys.argv[1], "a") as log:
    while True:
        c, _ = s.accept(); log.write("connection\n"); log.flush(); c.close()
' "$CATCH" &
CATCHER=$!
trap 'kill $CATCHER 2>/dev/null; cleanup' EXIT

case_ "a listed ExtranetEndpoint outside the allowed set is not used: nothing goes there"
cat >"$TMP/evil.cfg" <<'F'
buckets = (
  { name = "hz-web"; region = "cn-hangzhou"; algorithm = "AES256"; },
  { name = "evil-listed"; region = "cn-hangzhou"; algorithm = "AES256"; listed_endpoint = "catcher.example:18411"; }
);
F
emu_up --fixture "$TMP/evil.cfg" "${REGIONS[@]}"
config virtual 4
sed -i 's|buckets = ( "hz-web", "bj-data", "sh-logs" );|buckets = ( "hz-web" ); discover = true;|' "$CFG"
run_sseadm -v report --format csv
expect_out '^t,evil-listed,AES256,,,ok,'
[ ! -s "$CATCH" ] && ok || bad "the catcher got $(wc -l <"$CATCH") connections"
expect_err 'evil-listed: 1 request .*at cn-hangzhou \(the profile.s: ListBuckets named catcher.example:18411, which this profile may not be sent to\)'

cli_finish cli-regions
