#!/usr/bin/env bash
# t_valgrind.sh — memcheck over the unit tests and a CLI session against ossemu: no invalid
# access, no uninitialised use, no leak (definite or indirect) in our code.
. "$(dirname "$0")/lib/cli.sh"
command -v valgrind >/dev/null || { echo "valgrind not installed"; exit 77; }
VG=(valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect
    --show-leak-kinds=definite,indirect --suppressions="$(dirname "$0")/valgrind.supp")

case_ "unit tests under memcheck"
for t in "$SSE_BUILD"/tests/test_*; do
    [ -x "$t" ] || continue
    "${VG[@]}" "$t" >"$TMP/vg.out" 2>&1
    rc=$?
    [ $rc -eq 0 ] && ok || { RC=$rc; bad "$(basename "$t") under valgrind: $(grep -m5 -E '==[0-9]+==' "$TMP/vg.out")"; }
done

case_ "CLI session under memcheck"
cat > "$TMP/fixture.cfg" <<'F'
buckets = ( { name = "alpha"; algorithm = "AES256"; }, { name = "beta"; algorithm = "KMS"; kms_key_id = "k1"; data_encryption = "SM4"; },
            { name = "plain"; }, { name = "locked"; access = "denied"; } );
F
emu_up --fixture "$TMP/fixture.cfg" --fail-every 5
BUCKETS='"alpha", "beta", "plain", "locked"' write_config
for args in "report --format json" "get alpha nosuchbucket --format csv" \
            "set plain --algorithm KMS --kms-key-id key-1 --kms-data-encryption SM4" \
            "remove plain --yes" "undo plain --yes" "history --format table" \
            "get Bad_Name" "set alpha --algorithm DES"; do
    eval "\"\${VG[@]}\" \"\$SSEADM\" -c \"\$CFG\" $args" >"$OUT_F" 2>"$ERR_F" </dev/null
    RC=$?
    [ $RC -ne 99 ] && ok || bad "sseadm $args: $(grep -m5 -E '==[0-9]+==' "$ERR_F")"
done

case_ "credentials fetched, shared, refused, under memcheck"
emu_up --fixture "$SSE_SOURCE/tests/data/emu/ident.cfg"
cat > "$CFG" <<CONF
version = 1;
profiles = (
  { name = "hub"; endpoint = "$EMU_URL"; region = "cn-hangzhou"; addressing = "path";
    sts_endpoint = "$EMU_URL"; access_key_id = "$AK"; access_key_secret = "$SK"; buckets = ( "hz-logs" ); },
  { name = "prod"; endpoint = "$EMU_URL"; region = "cn-hangzhou"; addressing = "path"; sts_endpoint = "$EMU_URL";
    role_arn = "acs:ram::1234567890123456:role/auditor"; source_profile = "hub"; buckets = ( "hz-logs" ); },
  { name = "denied"; endpoint = "$EMU_URL"; region = "cn-hangzhou"; addressing = "path"; sts_endpoint = "$EMU_URL";
    role_arn = "acs:ram::1738264905170913:role/reviewer-only"; source_profile = "hub"; buckets = ( "hz-logs" ); }
);
CONF
chmod 600 "$CFG"
for args in "report" "profiles --check --format json" "-p prod set hz-logs --algorithm AES256"; do
    eval "\"\${VG[@]}\" \"\$SSEADM\" -c \"\$CFG\" $args" >"$OUT_F" 2>"$ERR_F" </dev/null
    RC=$?
    [ $RC -ne 99 ] && ok || bad "sseadm $args: $(grep -m5 -E '==[0-9]+==' "$ERR_F")"
done

cli_finish valgrind
