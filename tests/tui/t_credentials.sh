#!/usr/bin/env bash
# t_credentials.sh — the TUI over credentials that are fetched and expire (ossemu issues STS
# credentials for 15 s here): a role assumed with another profile's keys, OIDC from the
# environment, a role that refuses; the header names the profiles whose credentials fail, the
# status line says why once, their buckets show it; the detail screen shows where the
# credentials come from, the account and the expiry; after the lifetime R reads again with fresh
# credentials (never expired ones), and a refresh that fails is one error for its profile.
. "$(dirname "$0")/lib.sh"
tui_init credentials
. "$SSE_SOURCE/tests/protocol/lib/rpc.sh"
emu_start --fixture "$SSE_SOURCE/tests/data/emu/ident.cfg" --sts-duration-s 15 ||
	{ echo "tui-credentials: ossemu did not start"; exit 1; }

profile() { # NAME BUCKET KEYS
	printf '{ name = "%s"; endpoint = "%s"; region = "cn-hangzhou"; addressing = "path";\n' "$1" "$EMU_URL"
	printf '  sts_endpoint = "%s"; buckets = ( "%s" ); %s }' "$EMU_URL" "$2" "$3"
}
(
	umask 077
	cat >"$TUI_CFG" <<-EOF
		version = 1;
		profiles = (
		$(profile hub hz-logs "access_key_id = \"$EMU_AK\"; access_key_secret = \"$EMU_SECRET\";"),
		$(profile prod hz-logs 'role_arn = "acs:ram::1234567890123456:role/auditor"; source_profile = "hub";'),
		$(profile broken hz-logs 'role_arn = "acs:ram::1738264905170913:role/reviewer-only"; source_profile = "hub";'),
		$(profile k8s hz-logs '')
		);
	EOF
)
iss=https://oidc-ack-cn-hangzhou.oss-cn-hangzhou.aliyuncs.com/c1234
token() { # SECONDS-TO-EXPIRY (negative: expired)
	local now
	now=$(date +%s)
	jwt_make "{\"iss\":\"$iss\",\"aud\":\"sts.aliyuncs.com\",\"sub\":\"system:serviceaccount:ops:sseadm\",\"exp\":$((now + $1)),\"iat\":$((now - 700))}" >"$TUI_DIR/oidc-token"
}
sts_calls() { # ROLE-SUFFIX: AssumeRole/AssumeRoleWithOIDC answered 200 for it
	python3 - "$EMU_LOG" "$1" <<-'PY'
		import json, sys
		n = 0
		for line in open(sys.argv[1]):
		    d = json.loads(line)
		    if d.get("service") == "sts" and d.get("status") == 200 and (d.get("issued") or {}).get("role_arn", "").endswith(sys.argv[2]):
		        n += 1
		print(n)
	PY
}
wait_for_count_sts() { # ROLE-SUFFIX N
	local _
	for _ in $(seq 1 250); do
		[ "$(sts_calls "$1")" -ge "$2" ] && return 0
		sleep 0.02
	done
	echo "STS answered $(sts_calls "$1") for $1, want $2"
	return 1
}
expired_use() { grep -c '"code":"SecurityTokenExpired"' "$EMU_LOG" || true; }

token 600
tui_start 120x24 ALIBABA_CLOUD_ROLE_ARN=acs:ram::1738264905170913:role/k8s-app \
	ALIBABA_CLOUD_OIDC_PROVIDER_ARN=acs:ram::1738264905170913:oidc-provider/ack-rrsa \
	ALIBABA_CLOUD_OIDC_TOKEN_FILE="$TUI_DIR/oidc-token"
expect_text "the role's bucket, read with the assumed role" '^. +prod +hz-logs +KMS +key-hz-prod .* ok$'
expect_text "the OIDC profile's bucket" '^. +k8s +hz-logs +KMS +key-hz-prod .* ok$'
expect_text "the hub's own" '^.  hub +hz-logs +KMS +key-hz-prod'
expect_text "the header names the profile whose credentials fail" 'Credentials failed: profile broken'
expect_text "its bucket shows why" '^ +broken +hz-logs .*NoPermission|^ +broken +hz-logs .*credentials'
expect_text "the status line says it once, in STS's words" 'cannot get the credentials of profile broken: AssumeRole acs:ram::1738264905170913:role/reviewer-only'
check "the role was assumed once" is "$(sts_calls role/auditor)" 1

# The detail screen: where the credentials come from, who they are, when they expire.
keys g j
expect_text "on the role's bucket" '^> +prod +hz-logs'
keys Enter
expect_text "source in the detail" 'Credentials +role acs:ram::1234567890123456:role/auditor, assumed with sseadm profile hub'
expect_text "the account STS named" 'Account +1234567890123456 +\(acs:ram::1234567890123456:assumed-role/auditor/'
expect_text "when they expire" 'Expires +20[0-9-]+T[0-9:]+Z \(in [0-9]+ s\)'
keys Escape

# Past the usable part of their lifetime, and with the OIDC token gone bad: R reads again.
sleep 6
token -60
keys R
expect_text "the role's bucket read again with fresh credentials" '^. +prod +hz-logs +KMS .* ok$'
check "a new AssumeRole came before it" wait_for_count_sts role/auditor 2
check "no request was ever signed with expired credentials" is "$(expired_use)" 0
expect_text "the refresh that failed is in the header" 'Credentials failed: profiles broken, k8s'
expect_text "the OIDC profile's bucket shows why" '^. +k8s +hz-logs .* Authenticatio'
expect_text "the status line says why, once" 'cannot get the credentials of profile k8s: AssumeRoleWithOIDC'
check "the failed refresh was asked once" is "$(grep -c 'AssumeRoleWithOIDC' "$EMU_LOG")" 2

# A good token again: the next R mends it, and the header lets the profile go.
token 600
sleep 5.5 # a failed fetch is not asked again for 5 s: the rest of a sweep takes its error
keys R
expect_text "mended" '^. +k8s +hz-logs +KMS .* ok$' 8000
expect_text "only the refusing role is left in the header" 'Credentials failed: profile broken'
keys q
check "quit" wait_exit
tui_done
