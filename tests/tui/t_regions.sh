#!/usr/bin/env bash
# t_regions.sh — the TUI with buckets in three regions under one profile pointed at Hangzhou,
# ListBuckets denied, real OSS host names (a private namespace, as root: unshare -mn, an
# /etc/hosts of its own, ossemu serving each region at its address on port 80): each bucket is
# read at its own region after OSS's answer names it, the REGION column and the detail screen say
# where and how that was learnt, and a set goes to the bucket's region and is read back there.
set -u
if [ "${1:-}" != --inside ]; then
	if [ "$(id -u)" != 0 ] || ! unshare -mn true 2>/dev/null || ! command -v ip >/dev/null; then
		echo "tui-regions: skipped (needs root, ip and unshare -mn for a private namespace)"
		exit 77
	fi
	exec unshare -mn env SSE_BUILD="$SSE_BUILD" SSE_SOURCE="$SSE_SOURCE" bash "$0" --inside
fi
. "$(dirname "$0")/lib.sh"
tui_init regions
ip link set lo up || { echo "tui-regions: the namespace's loopback does not come up"; exit 1; }
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy no_proxy NO_PROXY
names() { # REGION — the region's endpoint name and the buckets' virtual-hosted names at it
	printf ' oss-%s.aliyuncs.com' "$1"
	for b in hz-web bj-data sh-logs; do printf ' %s.oss-%s.aliyuncs.com' "$b" "$1"; done
}
cat >"$TUI_DIR/hosts" <<-H
	127.0.0.1 localhost
	::1 localhost
	127.0.10.1$(names cn-hangzhou)
	127.0.10.2$(names cn-beijing)
	127.0.10.3$(names cn-shanghai)
H
mount --bind "$TUI_DIR/hosts" /etc/hosts || { echo "tui-regions: cannot bind-mount /etc/hosts"; exit 1; }
cat >"$TUI_DIR/fixture.cfg" <<-'F'
	buckets = (
	  { name = "hz-web"; region = "cn-hangzhou"; algorithm = "AES256"; },
	  { name = "bj-data"; region = "cn-beijing"; algorithm = "KMS"; kms_key_id = "bj-cmk-1"; },
	  { name = "sh-logs"; region = "cn-shanghai"; }
	);
F
emu_start --fixture "$TUI_DIR/fixture.cfg" --deny-list-buckets --region cn-hangzhou@127.0.10.1:80 \
	--region cn-beijing@127.0.10.2:80 --region cn-shanghai@127.0.10.3:80 ||
	{ echo "tui-regions: ossemu did not start"; exit 1; }
(
	umask 077
	cat >"$TUI_CFG" <<-EOF
		version = 1;
		profiles = (
		  { name = "t"; endpoint = "http://oss-cn-hangzhou.aliyuncs.com"; region = "cn-hangzhou";
		    sts_endpoint = "http://127.0.10.1"; access_key_id = "$EMU_AK"; access_key_secret = "$EMU_SECRET";
		    buckets = ( "hz-web", "bj-data", "sh-logs" ); }
		);
	EOF
)
tui_start 110x24
expect_text "the REGION column, once buckets live outside the profile's region" '^   PROFILE +BUCKET +REGION +ALGORITHM'
expect_text "Hangzhou's, at the profile's endpoint" '^.  t +hz-web +cn-hangzhou +AES256 +ok'
expect_text "Beijing's, where OSS said" '^.  t +bj-data +cn-beijing +KMS +bj-cmk-1 +none +ok'
expect_text "Shanghai's" '^.  t +sh-logs +cn-shanghai +none +ok'
expect_text "all read" 'errors 0  in flight 0'
check "each bucket asked outside its region at most once" python3 - "$EMU_LOG" <<-'PY'
	import json, sys
	home = {"hz-web": "cn-hangzhou", "bj-data": "cn-beijing", "sh-logs": "cn-shanghai"}
	away = {}
	for line in open(sys.argv[1]):
	    d = json.loads(line)
	    if "encryption" not in d.get("query", ""):
	        continue
	    b = d["host"].split(".")[0]
	    if d["region"] != home[b]:
	        assert d["status"] == 403, d
	        away[b] = away.get(b, 0) + 1
	assert all(n <= 1 for n in away.values()), away
	PY
keys j Enter
expect_text "the detail says where and how it was learnt" 'Region +cn-beijing \(OSS named the bucket.s endpoint\)'
keys Escape
keys e
expect_text "the form" 'Set encryption'
keys Left Enter
expect_text "set in Beijing, read back there" '^>  t +bj-data +cn-beijing +AES256 +ok'
check "the PUT went to Beijing" grep -q '"region":"cn-beijing".*"method":"PUT".*"host":"bj-data.oss-cn-beijing.aliyuncs.com"' "$EMU_LOG"
check "Beijing holds it" is "$(emu_admin_get bj-data)" "AES256 - -"
keys q
check "quit" wait_exit
tui_done
