#!/usr/bin/env bash
# t_zh.sh — LANG=zh_CN.UTF-8 shows the TUI in Chinese (title, column titles, summary, status bar,
# help, form, confirmation) with the columns still aligned under double-width titles; LANG=C stays
# English. The zh_CN.UTF-8 locale is compiled into a private LOCPATH.
. "$(dirname "$0")/lib.sh"
tui_init zh
command -v localedef >/dev/null && [ -d /usr/share/i18n/locales ] || { echo "tui-zh: skipped (no localedef/locales)"; exit 77; }
mkdir -p "$TUI_DIR/locales"
localedef -i zh_CN -f UTF-8 "$TUI_DIR/locales/zh_CN.UTF-8" 2>/dev/null
[ -d "$TUI_DIR/locales/zh_CN.UTF-8" ] || { echo "tui-zh: cannot compile the zh_CN.UTF-8 locale"; exit 1; }
tui_emu
tui_config
ZH=(LOCPATH="$TUI_DIR/locales" LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8)

tui_start 100x24 "${ZH[@]}"
expect_text "title in Chinese" '^ sseadm — 配置 t，5 个存储桶 +1/5$'
expect_text "column titles in Chinese" '^   配置 存储桶 算法 +CMK ID +KMS数据 状态$'
expect_text "summary in Chinese" 'AES256 1  KMS 1  SM4 1  无 1  错误 1  进行中 0'
expect_text "status bar in Chinese" '/ 筛选  Space 标记  Enter 详情  e 设置  d 删除  u 撤销'
expect_text "pinned hints" 'q 退出  \? 帮助$'
# Alignment: the algorithm column starts where its (double-width) title does.
check "rows aligned under the titles" bash -c '
	s=$(tmux -S "'"$TUI_SOCK"'" capture-pane -p -t tui)
	head=$(printf "%s\n" "$s" | sed -n 2p); row=$(printf "%s\n" "$s" | grep "^   t  *beta ")
	w() { printf "%s" "$1" | LC_ALL=C.UTF-8 wc -L; }
	[ "$(w "${head%%算法*}")" = "$(w "${row%%KMS*}")" ] && [ "$(w "${head%%状态*}")" = "$(w "${row%%ok*}")" ]'
keys '?'
expect_text "help in Chinese" '┌ 按键'
expect_text "help texts translated" 'k ↑ +上一个存储桶；滚动详情、帮助和计划；菜单'
keys NPage
expect_text "help texts translated, next page" 'u +恢复该存储桶在 sseadm 上次更改之前的规则'
keys q j j j e
expect_text "form in Chinese" '设置 plain 的加密'
expect_text "form labels" '算法 +\[AES256\]  KMS   SM4'
keys Escape
expect_text "cancel message" '未更改任何内容'
keys k d
expect_text "confirmation in Chinese" '删除存储桶 gamma 的加密规则（当前为 SM4）？'
keys n
expect_text "not removed" '未删除任何内容'
keys q
check "quit" wait_exit
tui_stop

# The policy view: column, counts, the plan with its rules and reasons in Chinese.
printf 'version = 1;\nrules = ( { buckets = ( "alpha" ); require = "KMS"; kms_key_id = "key-pol-1"; } );\n' \
	>"$TUI_DIR/policy.cfg"
tui_start 140x24 "${ZH[@]}" -- --policy "$TUI_DIR/policy.cfg"
expect_text "verdict counts in Chinese" '合规 0  偏离 1  未知 0'
expect_text "verdict cell in Chinese" '^>  t +alpha +AES256 .* 偏离 +ok'
keys A
expect_text "plan title in Chinese" '策略计划：1 项修改'
expect_text "plan line in Chinese" 't/alpha：AES256 → KMS（CMK key-pol-1）  （算法为 AES256，策略要求 KMS；策略第 2 行）'
keys Escape
expect_text "nothing changed" '未更改任何内容'
keys q
check "quit" wait_exit
tui_stop

tui_start 100x24 LOCPATH="$TUI_DIR/locales" LANG=C LC_ALL=C
expect_text "LANG=C stays English" '^   PROFILE BUCKET +ALGORITHM +CMK ID +KMS DATA STATUS'
expect_text "English summary" 'errors 1  in flight 0'
expect_text "English bar" '/ Filter  Space Mark'
keys q
check "quit" wait_exit
tui_done
