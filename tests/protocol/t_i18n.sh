#!/usr/bin/env bash
# t_i18n.sh — LANG / LC_MESSAGES pick the language: zh_CN gets the Chinese catalogue, anything
# else English. The zh_CN.UTF-8 locale is compiled into a private LOCPATH, so the machine's own
# locale setup is not touched.
. "$(dirname "$0")/lib/cli.sh"
command -v localedef >/dev/null && [ -d /usr/share/i18n/locales ] || { echo "no localedef/locales"; exit 77; }
export LOCPATH=$TMP/locales
mkdir -p "$LOCPATH"
localedef -i zh_CN -f UTF-8 "$LOCPATH/zh_CN.UTF-8" 2>/dev/null
[ -d "$LOCPATH/zh_CN.UTF-8" ] || { echo "cannot compile the zh_CN.UTF-8 locale"; exit 1; }

case_ "Chinese help under LANG=zh_CN.UTF-8"
LANG=zh_CN.UTF-8 run_raw --help
expect_rc 0
expect_out '^用法：sseadm'
expect_out '管理阿里云 OSS 存储桶的默认服务端加密。'
expect_out '退出状态：0 全部成功'

case_ "LC_MESSAGES alone picks the language"
LANG=C LC_MESSAGES=zh_CN.UTF-8 run_raw set --help
expect_out '设置每个存储桶的默认加密'

case_ "Chinese errors"
LANG=zh_CN.UTF-8 run_raw get Bad_Name
expect_rc 2
expect_err '；未发送任何请求'
expect_err '用法：sseadm get'
LANG=zh_CN.UTF-8 run_raw frob
expect_err "^sseadm：未知命令 'frob'"

case_ "English by default and for other languages"
LANG=C run_raw --help
expect_out '^usage: sseadm'
LANG=fr_FR.UTF-8 run_raw --help
expect_out '^usage: sseadm'

case_ "numbers and counts in Chinese"
cat > "$TMP/fixture.cfg" <<'F'
buckets = ( { name = "alpha"; algorithm = "AES256"; } );
F
emu_up --fixture "$TMP/fixture.cfg"
write_config
LANG=zh_CN.UTF-8 run_sseadm -v get alpha
expect_rc 0
expect_err 'sseadm：get alpha：1 次请求（0 次重试），[0-9.]+ 秒'

case_ "policy: the plan in Chinese, reports in fixed English whatever the language"
printf 'version = 1;\nrules = ( { buckets = ( "alpha" ); require = "KMS"; } );\n' > "$TMP/p.cfg"
LANG=zh_CN.UTF-8 run_sseadm apply --policy "$TMP/p.cfg" --dry-run
expect_out '^计划：1 项修改（演练：不会发送任何请求）$'
expect_out '^  t/alpha：AES256 -> KMS（OSS 托管的 CMK）  （算法为 AES256，策略要求 KMS；策略第 2 行）$'
LANG=zh_CN.UTF-8 run_sseadm report --policy "$TMP/p.cfg" --format csv
expect_out '^t,alpha,AES256,,,ok,,,drifted,"algorithm is AES256, policy requires KMS"$'

case_ "a report that cannot be written says why in Chinese, without an error-code prefix"
LANG=zh_CN.UTF-8 run_sseadm report --output "$TMP/nodir/x.csv"
expect_rc 2
expect_err '^sseadm report: 无法写入 .*/nodir/x\.csv：目录 .*/nodir 不存在$'
expect_no_out 'IOError'

cli_finish i18n
