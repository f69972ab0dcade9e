#!/usr/bin/env bash
# t_theme.sh — --theme NAME and ui.theme pick a theme from the search path: the source tree's
# themes/ from a build tree (else PREFIX/share/sseadm/themes beside an installed binary), then
# $XDG_DATA_HOME's (else ~/.local/share's), then /usr/local/share's and /usr/share's, in that order,
# as an unknown theme's message names them; a bad theme file stops sseadm before anything is
# drawn, with exit status 2 and the file and line in the message.
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

# Where themes are looked for, in order, as the message for an unknown theme names them. The theme
# is chosen before the terminal is taken, so sseadm is run here without a pane.
# not_found BINARY [VAR=VALUE ...] — what BINARY says to --theme no-such-theme
not_found() {
	local bin=$1
	shift
	env -u NO_COLOR LANG=C.UTF-8 LC_ALL=C.UTF-8 HOME="$TUI_DIR" XDG_DATA_HOME="$TUI_DIR/data" "$@" \
		"$bin" -c "$TUI_CFG" --theme no-such-theme </dev/null 2>&1
	echo "[exit $?]"
}
# searched MESSAGE — the directories it names, in order
searched() { printf '%s\n' "$1" | sed -n 's/.*no no-such-theme\.theme in \([^;]*\);.*/\1/p'; }
SYSTEM_THEMES="/usr/local/share/sseadm/themes, /usr/share/sseadm/themes"

msg=$(not_found "$SSE_BUILD/sseadm")
check "unknown theme (no terminal): status 2" eval '[[ $msg == *"[exit 2]" ]]'
check "from a build tree: the source tree's themes/, \$XDG_DATA_HOME's, the system's" \
	is "$(searched "$msg")" "$SSE_SOURCE/themes, $TUI_DIR/data/sseadm/themes, $SYSTEM_THEMES"
msg=$(not_found "$SSE_BUILD/sseadm" XDG_DATA_HOME=data)
check "a relative \$XDG_DATA_HOME is ignored for ~/.local/share" \
	is "$(searched "$msg")" "$SSE_SOURCE/themes, $TUI_DIR/.local/share/sseadm/themes, $SYSTEM_THEMES"

# An installed binary: PREFIX/share/sseadm/themes first, when there is one; never the source tree.
prefix=$TUI_DIR/prefix
mkdir -p "$prefix/bin"
cp "$SSE_BUILD/sseadm" "$prefix/bin/"
msg=$(not_found "$prefix/bin/sseadm")
check "installed without PREFIX/share/sseadm/themes: the user's and the system's" \
	is "$(searched "$msg")" "$TUI_DIR/data/sseadm/themes, $SYSTEM_THEMES"
mkdir -p "$prefix/share/sseadm/themes"
cp "$themes/loud.theme" "$prefix/share/sseadm/themes/installed.theme"
msg=$(not_found "$prefix/bin/sseadm")
check "installed: PREFIX/share/sseadm/themes first" \
	is "$(searched "$msg")" "$prefix/bin/../share/sseadm/themes, $TUI_DIR/data/sseadm/themes, $SYSTEM_THEMES"
check "installed: its themes are offered" eval '[[ $msg == *"available themes: "*"installed"* ]]'

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
