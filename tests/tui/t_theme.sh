#!/usr/bin/env bash
# t_theme.sh — --theme NAME and ui.theme pick a theme from the search path ($XDG_DATA_HOME first
# after the source tree); a bad theme file stops sseadm before anything is drawn, with exit
# status 2 and the file and line in the message.
. "$(dirname "$0")/lib.sh"
tui_init theme
tui_emu
tui_config

ESC=$'\033'
themes=$TUI_DIR/data/sseadm/themes
mkdir -p "$themes"
cat >"$themes/bad.theme" <<'THEME'
name = "bad";
elements = {
  title = { fg = "no-such-colour"; };
};
THEME
cat >"$themes/loud.theme" <<'THEME'
name = "loud";
elements = {
  header = { fg = "red"; bg = "yellow"; attrs = ["underline"]; };
};
THEME

tui_start 80x24 -- --theme bad
check "bad theme: exit status 2" wait_exit
check "bad theme: exit status is 2" is "$TUI_STATUS" 2
expect_text "bad theme: message names the file and line" "bad\\.theme:3"
check "bad theme: the screen was never taken" is "$(pane '#{alternate_on}')" 0

tui_stop
tui_start 80x24 -- --theme no-such-theme
check "unknown theme: exit" wait_exit
check "unknown theme: status 2" is "$TUI_STATUS" 2
expect_text "unknown theme: says which" 'no-such-theme'

tui_stop
tui_start 80x24 -- --theme loud
expect_text "own theme from \$XDG_DATA_HOME" 'errors 1  in flight 0'
check "its header colours (red on yellow, underlined)" eval \
	"screen_e | grep -Eq '$ESC\\[4m.*$ESC\\[31m$ESC\\[43m   PROFILE|$ESC\\[([0-9]+;)*4m$ESC\\[31m$ESC\\[43m   PROFILE'"
keys q
check "quit" wait_exit

tui_stop
tui_start 80x24 -- --theme dark
expect_text "a theme from the source tree's themes/" 'errors 1  in flight 0'
keys q
check "quit" wait_exit

tui_stop
tui_config "" 'ui = { theme = "mono"; };'
tui_start 80x24
expect_text "ui.theme = mono" 'errors 1  in flight 0'
check "mono: no colours" eval "! screen_e | grep -Eq '$ESC\\[([34][0-7]|38;5;[0-9]+)m'"
keys q
check "quit" wait_exit
check "restored" restored
tui_done
