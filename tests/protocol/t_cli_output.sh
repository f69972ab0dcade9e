#!/usr/bin/env bash
# t_cli_output.sh — --output is checked before anything is read or sent: a missing directory, a
# directory, an empty name, and the files sseadm is reading (the configuration, the policy, the
# audit log, also through a symbolic link) are refused with exit 2, nothing sent and the file left
# as it was; history writes to --output too.
. "$(dirname "$0")/lib/cli.sh"

cat > "$TMP/fixture.cfg" <<'F'
buckets = ( { name = "alpha"; algorithm = "AES256"; }, { name = "beta"; } );
F
emu_up --fixture "$TMP/fixture.cfg"
BUCKETS='"alpha", "beta"'
write_config
printf 'version = 1;\nrules = ( { buckets = ( "*" ); require = "any"; } );\n' > "$TMP/policy.cfg"
AUDIT=$XDG_STATE_HOME/sseadm/audit.log
run_sseadm set beta --algorithm SM4     # the audit log exists from here on
expect_rc 0

nothing_sent() { expect_log_count 0 GET; expect_log_count 0 PUT; }

case_ "a directory that does not exist"
log_reset
run_sseadm report --output "$TMP/nodir/x.csv"
expect_rc 2
expect_err "^sseadm report: cannot write $TMP/nodir/x\\.csv: the directory $TMP/nodir does not exist\$"
nothing_sent

case_ "a directory"
log_reset
run_sseadm report --output "$TMP"
expect_rc 2
expect_err "^sseadm report: cannot write $TMP: it is a directory; name a file in it\$"
nothing_sent
run_sseadm get alpha --output "$TMP/"
expect_rc 2
expect_err 'it is a directory'
nothing_sent

case_ "a path through a file"
log_reset
run_sseadm report --output "$TMP/fixture.cfg/x.csv"
expect_rc 2
expect_err "^sseadm report: cannot write $TMP/fixture\\.cfg/x\\.csv: $TMP/fixture\\.cfg is not a directory\$"
nothing_sent

case_ "an empty name"
log_reset
run_sseadm report --output ''
expect_rc 2
expect_err '^sseadm report: --output is empty; name the file to write$'
run_sseadm report --output=
expect_rc 2
nothing_sent

keep() { cp -p "$1" "$TMP/kept"; }
unchanged() { cmp -s "$1" "$TMP/kept" && ok || bad "$1 was changed"; }

case_ "the configuration file being read, also through a link and a relative path"
keep "$CFG"
log_reset
run_sseadm report --output "$CFG"
expect_rc 2
expect_err "^sseadm report: --output $CFG is the configuration file being read; choose another name\$"
unchanged "$CFG"
ln -s "$CFG" "$TMP/link.cfg"
run_sseadm report --format csv --output "$TMP/link.cfg"
expect_rc 2
expect_err 'is the configuration file being read'
(cd "$TMP" && "$SSEADM" -c config.cfg report --output ./config.cfg >"$OUT_F" 2>"$ERR_F" </dev/null); RC=$?
expect_rc 2
expect_err 'is the configuration file being read'
unchanged "$CFG"
SSEADM_CONFIG=$CFG run_raw report --output "$CFG"
expect_rc 2
expect_err 'is the configuration file being read'
unchanged "$CFG"
nothing_sent

case_ "the policy file being read"
keep "$TMP/policy.cfg"
log_reset
run_sseadm check --policy "$TMP/policy.cfg" --output "$TMP/policy.cfg"
expect_rc 2
expect_err "^sseadm check: --output $TMP/policy\\.cfg is the policy file being read; choose another name\$"
run_sseadm apply --policy "$TMP/policy.cfg" --dry-run --output "$TMP/policy.cfg"
expect_rc 2
unchanged "$TMP/policy.cfg"
nothing_sent

case_ "the audit log"
keep "$AUDIT"
log_reset
run_sseadm set alpha --algorithm KMS --output "$AUDIT"
expect_rc 2
expect_err "^sseadm set: --output $AUDIT is the audit log; choose another name\$"
run_sseadm report --output "$AUDIT"
expect_rc 2
run_sseadm history --output "$AUDIT"
expect_rc 2
expect_err "^sseadm history: --output $AUDIT is the audit log; choose another name\$"
unchanged "$AUDIT"
nothing_sent

case_ "history writes to --output"
run_sseadm history --format tsv --output "$TMP/history.tsv"
expect_rc 0
[ ! -s "$OUT_F" ] && ok || bad "stdout not empty with --output"
grep -q $'\tset\tt\tbeta\tnone\tSM4\t' "$TMP/history.tsv" && ok || bad "history.tsv: $(cat "$TMP/history.tsv" 2>&1)"
run_sseadm history --output "$TMP/nodir/h.tsv"
expect_rc 2
expect_err 'the directory .*/nodir does not exist'

case_ "a good --output still writes the report"
run_sseadm report --format tsv --output "$TMP/report.tsv"
expect_rc 0
grep -q $'^t\talpha\tAES256' "$TMP/report.tsv" && ok || bad "report.tsv: $(cat "$TMP/report.tsv" 2>&1)"

cli_finish cli-output
