#!/usr/bin/env bash
# t_package.sh — sseadm as a user installs and meets it:
#   1. the manual page renders without a warning (groff -ww, man --warnings), carries the
#      binary's version, and documents every command and option `sseadm --help` lists;
#   2. the bash completion parses, and completing offers the binary's commands, each command's
#      options, the formats/algorithms/themes, and profile and bucket names from a config file
#      (-c FILE, $SSEADM_CONFIG, $XDG_CONFIG_HOME, ~/.config); bash-completion's own loader finds
#      it where it is installed;
#   3. the zsh completion parses, and zsh (on a pty, through compinit) completes the same things;
#   4. `cmake --install` puts the binary, man page, themes, completions and examples in place;
#   5. `cpack -G DEB` makes a .deb with those files and dpkg-shlibdeps' library dependencies;
#   6. that .deb installs on a clean Debian root (debootstrap, cached in $SSE_BUILD/clean-root)
#      with apt resolving its dependencies from the mirror; there sseadm --version/--help run,
#      sseadm talks to a local ossemu (get, set, history), the TUI opens with an installed theme,
#      and interactive bash (bash-completion) and zsh (compinit) complete from the installed
#      files. No mount is made; leftovers from an interrupted debootstrap are unmounted.
# Env: SSE_BUILD (build dir), SSE_SOURCE (source dir); SSE_DEBIAN_MIRROR overrides the mirror.
# Missing tools are installed with apt-get when running as root (as build.sh does).
# Exit 0 pass, 1 fail, 77 when everything that could run passed but the clean root could not be
# made for a reason outside our control (no mirror reachable, not root).
set -u
: "${SSE_BUILD:?SSE_BUILD must name the build directory}"
: "${SSE_SOURCE:=$(cd "$(dirname "$0")/../.." && pwd)}"
SSE_BUILD=$(cd "$SSE_BUILD" && pwd)
SSEADM=$SSE_BUILD/sseadm
PASS=0 FAIL=0 SKIP_REASON=""
T_START=$(date +%s)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/sse-package.XXXXXX")
CLEAN=$SSE_BUILD/clean-root
WORK=""
EMU_PID="" BOOT_PID="" TMUX_SOCK=$TMP/tmux.sock

ok() { PASS=$((PASS + 1)); }
bad() { FAIL=$((FAIL + 1)); echo "FAIL: $*"; }
check() { # DESC CMD... — a pass when CMD succeeds
    local desc=$1; shift
    if "$@"; then ok; else bad "$desc"; fi
}
note() { echo "package: $*"; }
elapsed() { echo $(($(date +%s) - $1)); }

# Unmounts anything left mounted under the clean root (debootstrap mounts /proc and /sys in its
# target while it runs; a killed debootstrap leaves them behind).
unmount_leftovers() {
    local m
    [ -d "$CLEAN" ] || return 0
    awk -v root="$CLEAN/" 'index($2, root) == 1 { print $2 }' /proc/mounts | sort -r |
        while read -r m; do umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null; done
}

cleanup() {
    [ -n "$BOOT_PID" ] && kill "$BOOT_PID" 2>/dev/null && wait "$BOOT_PID" 2>/dev/null
    [ -n "$EMU_PID" ] && kill "$EMU_PID" 2>/dev/null && wait "$EMU_PID" 2>/dev/null
    tmux -S "$TMUX_SOCK" kill-server 2>/dev/null
    unmount_leftovers
    [ -n "$WORK" ] && rm -rf "$WORK"
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# need COMMAND PACKAGE — makes COMMAND available (apt-get as root), or returns 1.
need() {
    command -v "$1" >/dev/null 2>&1 && return 0
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
        note "installing $2 (for $1)"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=120 \
            --no-install-recommends "$2" >"$TMP/apt-$2.log" 2>&1 ||
            { apt-get update -qq >/dev/null 2>&1 &&
              DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=120 \
                  --no-install-recommends "$2" >"$TMP/apt-$2.log" 2>&1; }
    fi
    command -v "$1" >/dev/null 2>&1
}

# same_set DESC GOT WANT — the two whitespace-separated lists hold the same words.
same_set() {
    local got want
    got=$(printf '%s\n' $2 | sort -u | xargs)
    want=$(printf '%s\n' $3 | sort -u | xargs)
    if [ "$got" = "$want" ]; then ok; else bad "$1: got [$got], want [$want]"; fi
}
# has_all DESC GOT WANT — every word of WANT is in GOT.
has_all() {
    local w missing=""
    for w in $3; do
        printf '%s\n' $2 | grep -qxF -- "$w" || missing="$missing $w"
    done
    if [ -z "$missing" ]; then ok; else bad "$1: missing [${missing# }] in [$(echo $2)]"; fi
}
# has_none DESC GOT WORDS — no word of WORDS is in GOT.
has_none() {
    local w found=""
    for w in $3; do
        printf '%s\n' $2 | grep -qxF -- "$w" && found="$found $w"
    done
    if [ -z "$found" ]; then ok; else bad "$1: unexpected [${found# }] in [$(echo $2)]"; fi
}

[ -x "$SSEADM" ] || { echo "package: $SSEADM is not built"; echo "package: 0 passed, 1 failed"; exit 1; }
SSE_VERSION=$("$SSEADM" --version | awk '{print $2}')
HELP=$("$SSEADM" --help)

# The commands the binary has: the words after "sseadm [options]" in its usage lines that
# `sseadm WORD --help` accepts.
COMMANDS=""
for c in $(printf '%s\n' "$HELP" |
           sed -n 's/^\(usage:\)\{0,1\} *sseadm \(\[[^]]*\] \)*\([a-z][a-z]*\)\( .*\)\{0,1\}$/\3/p' | sort -u); do
    "$SSEADM" "$c" --help 2>/dev/null | grep -q "^usage: sseadm $c" && COMMANDS="$COMMANDS $c"
done
COMMANDS=${COMMANDS# }
# Long options: global ones from --help, each command's from its own --help.
GLOBAL_OPTS=$(printf '%s\n' "$HELP" | sed -n '/^Options/,/^$/p' | grep -oE -- '--[a-z][a-z-]*' | sort -u | xargs)
# Options of the terminal interface: those in the first usage line (sseadm without a command).
TUI_OPTS=$(printf '%s\n' "$HELP" | head -1 | grep -oE -- '--[a-z][a-z-]*' | sort -u | xargs)
declare -A CMD_OPTS
for c in $COMMANDS; do
    CMD_OPTS[$c]=$("$SSEADM" "$c" --help | grep -oE -- '--[a-z][a-z-]*' | grep -vxF -- '--help' | sort -u | xargs)
done
THEMES=$(cd "$SSE_SOURCE/themes" && ls *.theme | sed 's/\.theme$//' | xargs)
note "sseadm $SSE_VERSION; commands: $COMMANDS; themes: $THEMES"
has_all "the binary's commands" "$COMMANDS" "get set remove report undo history"

# A configuration with the shapes the completions must read: two profiles, a list over two
# lines, a bracketed list, ':' for '=', comments of all three kinds, '#' inside a string, a
# "name" outside the profiles.
cat >"$TMP/config" <<'EOF'
# completion fixture
version = 1;
default_profile = "beta";   // the second profile
profiles = (
  { name = "alpha"; endpoint = "http://127.0.0.1:9/#not-a-comment"; region = "cn-hangzhou";
    buckets = ( "alpha-one",
                "alpha-two" ); },
  {
    buckets = [ "beta-logs", "beta-data" ];   /* a list in brackets
       and a comment over two lines */
    name : "beta";
    endpoint = "https://oss-cn-beijing.aliyuncs.com"; region = "cn-beijing";
  }
);
ui = { theme = "dark"; name = "not-a-profile"; };
EOF

# ---------------------------------------------------------------------------------------------
# 1. Manual page
t=$(date +%s)
MAN_SRC=$SSE_SOURCE/doc/sseadm.1
if need groff groff-base && need man man-db; then
    if groff -man -Tutf8 -ww -z "$MAN_SRC" >"$TMP/groff.err" 2>&1 && [ ! -s "$TMP/groff.err" ]; then ok
    else bad "groff -man -Tutf8 -ww -z doc/sseadm.1: $(head -c 800 "$TMP/groff.err")"; fi
    if man --warnings -l "$MAN_SRC" >"$TMP/man.txt" 2>"$TMP/man.err" && [ ! -s "$TMP/man.err" ]; then ok
    else bad "man --warnings -l doc/sseadm.1: $(head -c 800 "$TMP/man.err")"; fi
    MANWIDTH=80 man -l "$MAN_SRC" 2>/dev/null | col -bx >"$TMP/man.txt"
    th_version=$(sed -n 's/^\.TH [^"]*"sseadm \([^"]*\)".*/\1/p' "$MAN_SRC")
    [ "$th_version" = "$SSE_VERSION" ] && ok || bad "man page .TH says sseadm '$th_version', the binary $SSE_VERSION"
    for s in NAME SYNOPSIS DESCRIPTION COMMANDS OPTIONS "TUI KEYS" CONFIGURATION CREDENTIALS FILES \
             "OUTPUT FORMATS" "EXIT STATUS" ENVIRONMENT EXAMPLES "SEE ALSO"; do
        grep -qx "$s" "$TMP/man.txt" || bad "man page has no $s section"
    done
    ok
    missing=""
    for c in $COMMANDS; do
        sed -n '/^COMMANDS$/,/^OPTIONS$/p' "$TMP/man.txt" | grep -qE "^       $c( |$)" || missing="$missing $c"
        grep -qE "^       sseadm .*\b$c\b" "$TMP/man.txt" || missing="$missing $c(synopsis)"
    done
    [ -z "$missing" ] && ok || bad "man page does not document the commands:$missing"
    missing=""
    for o in $GLOBAL_OPTS $TUI_OPTS ${CMD_OPTS[*]}; do
        grep -qE -- "(^|[^a-z-])$o([^a-z-]|$)" "$TMP/man.txt" || missing="$missing $o"
    done
    [ -z "$missing" ] && ok || bad "man page does not document the options:$missing"
    for v in SSEADM_CONFIG XDG_CONFIG_HOME XDG_STATE_HOME OSS_ACCESS_KEY_ID OSS_ACCESS_KEY_SECRET \
             OSS_SESSION_TOKEN audit.log kms_data_encryption request_id; do
        grep -q "$v" "$TMP/man.txt" || missing="$missing $v"
    done
    [ -z "$missing" ] && ok || bad "man page does not mention:$missing"
    # Every key the list and detail screens bind (src/ui/actions.def) is in TUI KEYS.
    tags=$(sed -n '/^TUI KEYS$/,/^CONFIGURATION$/p' "$TMP/man.txt" |
           awk '/^       [^ ]/ { t = substr($0, 8); sub(/  .*/, "", t); n = split(t, k, ", "); for (i = 1; i <= n; i++) print k[i] }')
    want=$(grep -E '^ACTION\([A-Z_]+, *[^,]*S_(LIST|DETAIL)' "$SSE_SOURCE/src/ui/actions.def" |
           sed "s/CTRL('.')//g" | grep -oE "'[^\\' ]'" | tr -d "'" | sort -u)
    missing=""
    while IFS= read -r k; do # read, not "for k in $want": the * key would be a glob
        [ -n "$k" ] && { printf '%s\n' "$tags" | grep -qxF -- "$k" || missing="$missing $k"; }
    done <<<"$want"
    [ -n "$want" ] && [ -z "$missing" ] && ok || bad "man page TUI KEYS lacks the keys:$missing"
    # Every key the configuration loader accepts is documented.
    keys=$(grep -hoE '"[a-z_]+"' <(sed -n '/^static const char \*const \(top\|profile\|network\|ui\)_keys/,/;/p' \
           "$SSE_SOURCE/src/config/config.c") | tr -d '"' | sort -u | xargs)
    missing=""
    for k in $keys; do grep -qE "^       ([a-z_]+, )*$k(,| |$)" "$TMP/man.txt" || missing="$missing $k"; done
    [ -n "$keys" ] && [ -z "$missing" ] && ok || bad "man page does not document the config keys:$missing (of: $keys)"
else
    bad "groff and man are needed to check the manual page"
fi
note "man page: $(elapsed "$t") s"

# ---------------------------------------------------------------------------------------------
# 2. bash completion
t=$(date +%s)
BASH_COMP=$SSE_SOURCE/completion/sseadm.bash
check "bash -n completion/sseadm.bash" bash -n "$BASH_COMP"
cat >"$TMP/bcomp.sh" <<'EOF'
# bcomp.sh FILE WORD... — sources the completion FILE, completes the last WORD of the line the
# words make, and prints the candidates one per line.
src=$1; shift
source "$src" || exit 3
COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
_sseadm sseadm "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
printf '%s\n' "${COMPREPLY[@]}"
EOF
bcomp() { # WORD... — candidates, as a user with only $HOME would get them
    env -i PATH="$PATH" HOME="$TMP/home" ${B_ENV:-} bash --norc --noprofile "$TMP/bcomp.sh" "$BASH_COMP" "$@" 2>"$TMP/bcomp.err"
}
mkdir -p "$TMP/home"
same_set "bash: commands" "$(bcomp sseadm '')" "$COMMANDS"
same_set "bash: 'sseadm re'" "$(bcomp sseadm re)" "$(printf '%s\n' $COMMANDS | grep '^re' | xargs)"
same_set "bash: --format values" "$(bcomp sseadm get --format '')" "table tsv csv json"
same_set "bash: --format=VALUE split at =" "$(bcomp sseadm report --format = '')" "table tsv csv json"
same_set "bash: --format=j unsplit" "$(bcomp sseadm report --format=j)" "--format=json"
same_set "bash: --algorithm values" "$(bcomp sseadm set b1 --algorithm '')" "AES256 KMS SM4"
same_set "bash: -a values" "$(bcomp sseadm set b1 -a K)" "KMS"
same_set "bash: --kms-data-encryption values" "$(bcomp sseadm set b1 --kms-data-encryption '')" "SM4"
same_set "bash: --theme values are the shipped themes" "$(bcomp sseadm --theme '')" "$THEMES"
same_set "bash: options without a command" "$(bcomp sseadm --)" "$GLOBAL_OPTS $TUI_OPTS"
for c in $COMMANDS; do
    has_all "bash: options of '$c'" "$(bcomp sseadm "$c" --)" "${CMD_OPTS[$c]} $GLOBAL_OPTS"
done
has_none "bash: get has no set options" "$(bcomp sseadm get --)" "--algorithm --yes --dry-run"
same_set "bash: profiles from -c FILE" "$(bcomp sseadm -c "$TMP/config" -p '')" "alpha beta"
same_set "bash: profiles from --config=FILE" "$(bcomp sseadm --config = "$TMP/config" --profile '')" "alpha beta"
same_set "bash: buckets of default_profile" "$(bcomp sseadm -c "$TMP/config" get '')" "beta-logs beta-data"
same_set "bash: buckets of -p, less those given" \
    "$(bcomp sseadm -c "$TMP/config" remove -p alpha alpha-one '')" "alpha-two"
same_set "bash: buckets for undo" "$(bcomp sseadm undo -c "$TMP/config" beta-l)" "beta-logs"
same_set "bash: report takes no bucket" "$(bcomp sseadm -c "$TMP/config" report '')" ""
mkdir -p "$TMP/home/.local/state/sseadm"
printf '{"event":"begin","operation_id":"op-0000000a-%s","bucket":"b"}\n' 111111111111 222222222222 111111111111 \
    >"$TMP/home/.local/state/sseadm/audit.log"
same_set "bash: undo --op offers the audit log's operations" "$(bcomp sseadm undo --op '')" \
    "op-0000000a-111111111111 op-0000000a-222222222222"
same_set "bash: undo --op=VALUE" "$(bcomp sseadm undo --op=op-0000000a-2)" "--op=op-0000000a-222222222222"
same_set "bash: profiles from \$SSEADM_CONFIG" "$(B_ENV="SSEADM_CONFIG=$TMP/config" bcomp sseadm -p '')" "alpha beta"
mkdir -p "$TMP/xdg/sseadm" "$TMP/home/.config/sseadm"
sed 's/alpha/xdg/g' "$TMP/config" >"$TMP/xdg/sseadm/config"
sed 's/alpha/homecfg/g' "$TMP/config" >"$TMP/home/.config/sseadm/config"
same_set "bash: profiles from \$XDG_CONFIG_HOME" "$(B_ENV="XDG_CONFIG_HOME=$TMP/xdg" bcomp sseadm -p '')" "xdg beta"
same_set "bash: profiles from ~/.config" "$(bcomp sseadm -p '')" "homecfg beta"
mkdir -p "$TMP/data/sseadm/themes"; : >"$TMP/data/sseadm/themes/solarized.theme"
same_set "bash: the user's own themes" "$(B_ENV="XDG_DATA_HOME=$TMP/data" bcomp sseadm --theme '')" "$THEMES solarized"
[ -s "$TMP/bcomp.err" ] && bad "bash completion wrote to stderr: $(head -c 300 "$TMP/bcomp.err")"
note "bash completion: $(elapsed "$t") s"

# ---------------------------------------------------------------------------------------------
# 3. zsh completion
t=$(date +%s)
ZSH_COMP_DIR=$SSE_SOURCE/completion
if need zsh zsh; then
    check "zsh -n completion/_sseadm" zsh -n "$ZSH_COMP_DIR/_sseadm"
    head -1 "$ZSH_COMP_DIR/_sseadm" | grep -qx '#compdef sseadm' && ok || bad "_sseadm does not start with #compdef sseadm"
    cat >"$TMP/zcomp.zsh" <<'EOF'
# zcomp.zsh COMPDIR OUT LINE — types LINE and Tab in an interactive zsh on a pty (compinit with
# COMPDIR in fpath) and writes the words on the screen after the Tab to OUT: the listed
# candidates (and the redrawn line), or the completed word when only one fits.
zmodload zsh/zpty || exit 3
compdir=$1 out=$2 input=$3
zpty z env -i HOME=$HOME PATH=$PATH TERM=dumb COLUMNS=1000 LINES=100 \
    ${SSEADM_CONFIG:+SSEADM_CONFIG=$SSEADM_CONFIG} zsh -f -i
zpty -w z "PS1=''; fpath=(${(q)compdir} \$fpath); autoload -Uz compinit; compinit -u -D"
zpty -w z "zstyle ':completion:*' verbose no"
zpty -w z "_zc() { _zc_n=\$compstate[nmatches]; compstate[list]='list force' }; comppostfuncs=( _zc )"
zpty -w z "_zc_tab() { print -n '\n@@BEGIN@@\n'; zle complete-word; if (( _zc_n == 1 )); then print -r -- \"\${\${BUFFER% }##* }\"; else zle -R; fi; print '\n@@END@@'; exit }"
zpty -w z "zle -N _zc_tab; bindkey '^I' _zc_tab"
zpty -w z "${input}"$'\t'
local text= chunk i
for (( i = 0; i < 250; i++ )); do
  if zpty -r -t z chunk 2>/dev/null; then text+=$chunk; continue; fi
  zpty -t z 2>/dev/null || break
  sleep 0.02
done
zpty -d z 2>/dev/null
[[ $text == *@@END@@* ]] || { print -r -- "no completion answer: $text" >&2; exit 4; }
text=${text//$'\r'/}; text=${text##*@@BEGIN@@}; text=${text%%@@END@@*}
print -rl -- ${=text} >| $out
EOF
    zcomp() { # LINE — the words zsh shows after LINE<Tab>, minus the words of LINE
        local w line=$1
        HOME=$TMP/home timeout 30 zsh -f "$TMP/zcomp.zsh" "$ZSH_COMP_DIR" "$TMP/zout" "$line" 2>"$TMP/zcomp.err" ||
            { echo "(zsh failed: $(head -c 300 "$TMP/zcomp.err"))"; return; }
        while read -r w; do
            case " $line " in *" $w "*) ;; *) echo "$w" ;; esac
        done <"$TMP/zout"
    }
    same_set "zsh: commands" "$(zcomp 'sseadm ')" "$COMMANDS"
    same_set "zsh: --format values" "$(zcomp 'sseadm get --format ')" "table tsv csv json"
    same_set "zsh: --algorithm values" "$(zcomp 'sseadm set b1 --algorithm ')" "AES256 KMS SM4"
    same_set "zsh: --theme values" "$(zcomp 'sseadm --theme ')" "$THEMES"
    same_set "zsh: a unique option" "$(zcomp 'sseadm apply --dr')" "--dry-run"
    has_all "zsh: options of set" "$(zcomp 'sseadm set b1 --')" "${CMD_OPTS[set]}"
    same_set "zsh: profiles from -c FILE" "$(zcomp "sseadm -c $TMP/config -p ")" "alpha beta"
    same_set "zsh: buckets of default_profile" "$(zcomp "sseadm -c $TMP/config get ")" "beta- beta-logs beta-data"
    same_set "zsh: buckets of -p, less those given" "$(zcomp "sseadm -c $TMP/config -p alpha remove alpha-one ")" "alpha-two"
else
    bad "zsh is needed to check the zsh completion"
fi
note "zsh completion: $(elapsed "$t") s"

# ---------------------------------------------------------------------------------------------
# 4. cmake --install
t=$(date +%s)
DEST=$TMP/destdir
INSTALLED="usr/bin/sseadm usr/share/man/man1/sseadm.1.gz usr/share/bash-completion/completions/sseadm
           usr/share/zsh/vendor-completions/_sseadm usr/share/doc/sseadm/examples/config.example"
for th in $THEMES; do INSTALLED="$INSTALLED usr/share/sseadm/themes/$th.theme"; done
LANGS=$(ls "$SSE_SOURCE"/po/*.po 2>/dev/null | sed 's|.*/||; s|\.po$||' | xargs)
for l in $LANGS; do INSTALLED="$INSTALLED usr/share/locale/$l/LC_MESSAGES/sseadm.mo"; done
if DESTDIR=$DEST cmake --install "$SSE_BUILD" --prefix /usr >"$TMP/install.log" 2>&1; then
    ok
    for f in $INSTALLED; do [ -f "$DEST/$f" ] || bad "cmake --install did not install /$f"; done
    ok
    cmp -s "$DEST/usr/share/bash-completion/completions/sseadm" "$BASH_COMP" || bad "installed bash completion differs"
    zcat "$DEST/usr/share/man/man1/sseadm.1.gz" | cmp -s - "$MAN_SRC" || bad "installed man page differs from doc/sseadm.1"
    "$DEST/usr/bin/sseadm" --version | grep -qx "sseadm $SSE_VERSION" && ok || bad "installed sseadm --version"
    # A local install: zsh's completion goes where Debian's zsh looks under /usr/local.
    if DESTDIR=$TMP/destlocal cmake --install "$SSE_BUILD" --prefix /usr/local >"$TMP/install-local.log" 2>&1 &&
       [ -f "$TMP/destlocal/usr/local/share/zsh/site-functions/_sseadm" ] &&
       [ -f "$TMP/destlocal/usr/local/share/bash-completion/completions/sseadm" ] &&
       [ -f "$TMP/destlocal/usr/local/share/man/man1/sseadm.1.gz" ]; then ok
    else bad "cmake --install --prefix /usr/local: completions or man page missing: $(cd "$TMP/destlocal" 2>/dev/null && find . -name '*sseadm*' | xargs)"; fi
    if command -v man >/dev/null && MANPATH=$DEST/usr/share/man man -w sseadm 2>/dev/null | grep -q "$DEST"; then ok
    else bad "man does not find the installed page under MANPATH=$DEST/usr/share/man"; fi
    # bash-completion's on-demand loader finds the file where it was installed.
    if [ -f /usr/share/bash-completion/bash_completion ]; then
        out=$(env -i PATH="$PATH" HOME="$TMP/home" XDG_DATA_DIRS="$DEST/usr/share" bash --norc --noprofile -c '
            source /usr/share/bash-completion/bash_completion
            _completion_loader sseadm 2>/dev/null
            complete -p sseadm
            COMP_WORDS=(sseadm get --format ""); COMP_CWORD=3; COMP_LINE="sseadm get --format "; COMP_POINT=${#COMP_LINE}
            _sseadm sseadm "" --format; echo "${COMPREPLY[*]}"' 2>&1)
        printf '%s\n' "$out" | grep -qx 'complete -F _sseadm sseadm' && ok || bad "bash-completion's loader did not load the installed file: $out"
        printf '%s\n' "$out" | tail -1 | grep -qx 'table tsv csv json' && ok || bad "bash-completion: --format after loading: $out"
    else
        note "bash-completion is not installed here; its loader is checked in the clean root"
    fi
else
    bad "cmake --install: $(tail -5 "$TMP/install.log")"
fi
note "cmake --install: $(elapsed "$t") s"

# ---------------------------------------------------------------------------------------------
# 5. cpack -G DEB
t=$(date +%s)
DEB=""
if need dpkg-deb dpkg && need dpkg-shlibdeps dpkg-dev && need file file; then
    if (cd "$TMP" && cpack --config "$SSE_BUILD/CPackConfig.cmake" -G DEB -B "$TMP/cpack") >"$TMP/cpack.log" 2>&1; then
        DEB=$(ls "$TMP"/cpack/sseadm_*.deb 2>/dev/null | head -1)
    fi
    if [ -n "$DEB" ]; then
        ok
        note "built $(basename "$DEB") ($(du -k "$DEB" | cut -f1) KiB)"
        dpkg-deb -c "$DEB" | awk '{print $6}' | sed 's|^\./||' >"$TMP/deb.list"
        for f in $INSTALLED; do grep -qxF "$f" "$TMP/deb.list" || bad ".deb does not contain /$f"; done
        ok
        grep -q '^usr/local\|build-\|/work/' "$TMP/deb.list" && bad ".deb holds odd paths: $(grep '^usr/local\|build-\|/work/' "$TMP/deb.list" | head -3)"
        [ "$(dpkg-deb -f "$DEB" Package)" = sseadm ] && ok || bad "Package is not sseadm"
        case $(dpkg-deb -f "$DEB" Version) in "$SSE_VERSION"|"$SSE_VERSION"-*) ok ;; *) bad "Version $(dpkg-deb -f "$DEB" Version) is not $SSE_VERSION" ;; esac
        [ "$(dpkg-deb -f "$DEB" Section)" = admin ] && ok || bad "Section is not admin"
        [ -n "$(dpkg-deb -f "$DEB" Maintainer)" ] && ok || bad "no Maintainer"
        dpkg-deb -f "$DEB" Description | head -1 | grep -q . && ok || bad "no Description"
        deps=$(dpkg-deb -f "$DEB" Depends)
        note "Depends: $deps"
        for lib in libc6 libcurl4 libncursesw6 libconfig9 libxml2 libssl3 libjansson4; do
            printf '%s' "$deps" | grep -qE "(^|, )$lib( |,|$)" || bad "Depends does not name $lib: $deps"
        done
        ok
        dpkg-deb -x "$DEB" "$TMP/debx"
        file "$TMP/debx/usr/bin/sseadm" | grep -q ', stripped' && ok || bad "packaged binary is not stripped"
        # Not (yet) a failure: main CMakeLists.txt compiles the source themes dir into sseadm.
        src_themes=$(strings -a "$TMP/debx/usr/bin/sseadm" | grep -E '^/.+/themes$' |
                     grep -vE '^/usr/(local/)?share/sseadm/themes$' | head -1)
        [ -n "$src_themes" ] &&
            note "warning: the packaged sseadm embeds the build machine's $src_themes (SSEADM_SOURCE_THEMES) and searches it first"
    else
        bad "cpack -G DEB made no .deb: $(tail -8 "$TMP/cpack.log")"
    fi
else
    bad "dpkg-deb, dpkg-shlibdeps and file are needed for cpack -G DEB"
fi
note "cpack: $(elapsed "$t") s"

# ---------------------------------------------------------------------------------------------
# 6. The .deb on a clean system
t=$(date +%s)
ID=$(. /etc/os-release 2>/dev/null && echo "${ID:-}")
SUITE=$(. /etc/os-release 2>/dev/null && echo "${VERSION_CODENAME:-}")
case $ID in
debian) MIRROR=${SSE_DEBIAN_MIRROR:-http://deb.debian.org/debian} ;;
ubuntu) MIRROR=${SSE_DEBIAN_MIRROR:-http://archive.ubuntu.com/ubuntu} ;;
*) MIRROR="" ;;
esac

# make_base — the cached minimal root: $CLEAN/base (minbase, nothing else), made once.
make_base() {
    [ -f "$CLEAN/base/.sseadm-clean-root" ] && return 0
    need debootstrap debootstrap || { SKIP_REASON="debootstrap cannot be installed"; return 1; }
    rm -rf "$CLEAN/base.partial"
    note "making a clean $ID $SUITE root with debootstrap from $MIRROR (once; cached in $CLEAN/base)"
    local t0; t0=$(date +%s)
    # --foreground: debootstrap stays in our process group, so a test runner that kills the
    # group kills it too (its mounts are then cleared by the next run, before anything else).
    timeout --foreground 300 debootstrap --variant=minbase "$SUITE" "$CLEAN/base.partial" "$MIRROR" \
        >"$CLEAN/debootstrap.log" 2>&1 &
    BOOT_PID=$!
    wait "$BOOT_PID"; local rc=$?
    BOOT_PID=""
    unmount_leftovers
    if [ $rc -ne 0 ]; then
        SKIP_REASON="debootstrap $SUITE from $MIRROR failed (rc $rc): $(grep -E '^(E|W):' "$CLEAN/debootstrap.log" | tail -2 | xargs)"
        rm -rf "$CLEAN/base.partial"
        return 1
    fi
    if [ "$ID" = debian ]; then # a real system gets its updates and security fixes too
        printf 'deb %s %s main\ndeb %s %s-updates main\ndeb http://deb.debian.org/debian-security %s-security main\n' \
            "$MIRROR" "$SUITE" "$MIRROR" "$SUITE" "$SUITE" >"$CLEAN/base.partial/etc/apt/sources.list"
    fi
    date -u +%FT%TZ >"$CLEAN/base.partial/.sseadm-clean-root"
    mv "$CLEAN/base.partial" "$CLEAN/base"
    note "debootstrap took $(elapsed "$t0") s"
}

save_apt_cache() {
    rm -rf "$CLEAN/apt-cache.new" && mkdir -p "$CLEAN/apt-cache.new/archives" &&
        cp -a "$WORK/var/lib/apt/lists" "$CLEAN/apt-cache.new/lists" &&
        find "$WORK/var/cache/apt/archives" -maxdepth 1 -name '*.deb' ! -name 'sseadm_*' \
            -exec cp -a {} "$CLEAN/apt-cache.new/archives/" \; &&
        rm -rf "$CLEAN/apt-cache" && mv "$CLEAN/apt-cache.new" "$CLEAN/apt-cache"
}

in_root() { chroot "$WORK" env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }

# A private tmux server; each screen gets its own session ($SESSION), all ended with the server.
open_screen() { # NAME COMMAND
    SESSION=$1
    tmux -S "$TMUX_SOCK" -f "$TMP/tmux.conf" new-session -d -s "$SESSION" -x 120 -y 30 "$2"
}
keys() { tmux -S "$TMUX_SOCK" send-keys -t "$SESSION" "$@"; }
wait_for_text() { # RE [SECONDS] — polls the pane (every 50 ms) until RE matches
    local re=$1 deadline=$(($(date +%s) + ${2:-10}))
    while [ "$(date +%s)" -le "$deadline" ]; do
        tmux -S "$TMUX_SOCK" capture-pane -p -t "$SESSION" 2>/dev/null | grep -qE -- "$re" && return 0
        sleep 0.05
    done
    echo "--- screen of $SESSION, waiting for /$re/ ---"
    tmux -S "$TMUX_SOCK" capture-pane -p -t "$SESSION" 2>/dev/null | grep -v '^$'; echo "---"
    return 1
}

clean_root_tests() {
    [ "$(id -u)" -eq 0 ] || { SKIP_REASON="installing into a clean root needs root (chroot)"; return 1; }
    [ -n "$MIRROR" ] && [ -n "$SUITE" ] || { SKIP_REASON="not Debian or Ubuntu (${ID:-unknown})"; return 1; }
    [ -n "$DEB" ] || { bad "no .deb to install in the clean root"; return 0; }
    need flock util-linux || true
    mkdir -p "$CLEAN"
    exec 9>"$CLEAN/lock"
    flock -w 400 9 || { bad "another run holds $CLEAN/lock"; return 0; }
    unmount_leftovers   # from a run that was killed outright
    make_base || return 1

    # Each run installs into a fresh copy, so the cached root stays clean.
    local t0; t0=$(date +%s)
    WORK=$CLEAN/run.$$
    rm -rf "$CLEAN"/run.*
    cp -a "$CLEAN/base" "$WORK"
    # apt's index and downloaded packages from the last run, so only what changed on the mirror
    # is fetched again (apt still checks every file against the index; nothing is installed).
    [ -d "$CLEAN/apt-cache/lists" ] && cp -a "$CLEAN/apt-cache/lists/." "$WORK/var/lib/apt/lists/"
    [ -d "$CLEAN/apt-cache/archives" ] && cp -a "$CLEAN/apt-cache/archives/." "$WORK/var/cache/apt/archives/"
    cp "$DEB" "$WORK/tmp/sseadm.deb"
    if ! in_root apt-get update -qq >"$TMP/apt-update.log" 2>&1; then
        SKIP_REASON="apt-get update in the clean root failed (mirror unreachable?): $(tail -2 "$TMP/apt-update.log" | xargs)"
        return 1
    fi
    in_root dpkg -s sseadm >/dev/null 2>&1 && bad "the clean root already has sseadm"
    for lib in libcurl4 libconfig9 libjansson4; do
        in_root dpkg -s "$lib" >/dev/null 2>&1 && bad "the clean root is not clean: it has $lib"
    done
    if in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q /tmp/sseadm.deb >"$TMP/apt-install.log" 2>&1; then
        ok
        note "apt-get installed: $(sed -n 's/^Setting up \([^ :]*\).*/\1/p' "$TMP/apt-install.log" | xargs)"
    else
        bad "apt-get install ./sseadm.deb in the clean root: $(tail -5 "$TMP/apt-install.log")"
        return 0
    fi
    note "clean root copy + apt: $(elapsed "$t0") s"
    in_root dpkg -s sseadm 2>/dev/null | grep -qx 'Status: install ok installed' && ok || bad "dpkg -s sseadm: not installed"
    [ "$(in_root sseadm --version 2>&1)" = "sseadm $SSE_VERSION" ] && ok || bad "clean root: sseadm --version: $(in_root sseadm --version 2>&1)"
    local out; out=$(in_root sseadm --help 2>&1); local rc=$?
    [ $rc -eq 0 ] && printf '%s\n' "$out" | grep -q '^usage: sseadm' && ok || bad "clean root: sseadm --help (rc $rc): $(printf '%s' "$out" | head -3)"
    # The installed binary finds the installed translations.
    if printf '%s\n' $LANGS | grep -qx zh_CN; then
        out=$(in_root env LANGUAGE=zh_CN sseadm --help 2>&1)
        printf '%s\n' "$out" | head -1 | grep -q '^用法' && ok ||
            bad "clean root: LANGUAGE=zh_CN sseadm --help is not in Chinese: the binary looks for its catalogue in $(strings -a "$SSEADM" | grep -m1 '/share/locale$'), the package installs it in /usr/share/locale"
    fi
    out=$(in_root sseadm nosuchcommand 2>&1); rc=$?
    [ $rc -eq 2 ] && ok || bad "clean root: an unknown command should exit 2, got $rc: $out"

    # sseadm against a local ossemu (the chroot shares the host's network).
    if [ -x "$SSE_BUILD/ossemu" ]; then
        "$SSE_BUILD/ossemu" --access-key-id LTAI5tPackageTest01 --access-key-secret PackageTestSecret-0123456789 \
            --port 0 --port-file "$TMP/ports" --bucket alpha:AES256 --bucket plain >"$TMP/emu.out" 2>&1 &
        EMU_PID=$!
        local i
        for i in $(seq 1 250); do [ -s "$TMP/ports" ] && break; sleep 0.02; done
        local port; port=$(awk 'NR == 1 {print $2}' "$TMP/ports" 2>/dev/null)
        if [ -n "$port" ]; then
            mkdir -p "$WORK/root/.config/sseadm"
            cat >"$WORK/root/.config/sseadm/config" <<EOF
version = 1;
profiles = (
  { name = "emu"; endpoint = "http://127.0.0.1:$port"; region = "cn-hangzhou"; addressing = "path";
    access_key_id = "LTAI5tPackageTest01"; access_key_secret = "PackageTestSecret-0123456789";
    buckets = ( "alpha", "plain" ); }
);
EOF
            chmod 600 "$WORK/root/.config/sseadm/config"
            out=$(in_root sseadm get alpha plain --format tsv 2>&1); rc=$?
            [ $rc -eq 0 ] && printf '%s\n' "$out" | grep -q $'^emu\talpha\tAES256\t' &&
                printf '%s\n' "$out" | grep -q $'^emu\tplain\tnone\t' && ok ||
                bad "clean root: sseadm get against ossemu (rc $rc): $out"
            out=$(in_root sseadm set plain --algorithm SM4 --format json 2>&1); rc=$?
            [ $rc -eq 0 ] && printf '%s' "$out" | grep -q '"algorithm": "SM4"' && ok ||
                bad "clean root: sseadm set (rc $rc): $out"
            out=$(in_root sseadm history --format tsv 2>&1); rc=$?
            [ $rc -eq 0 ] && printf '%s' "$out" | grep -q 'plain' &&
                [ -s "$WORK/root/.local/state/sseadm/audit.log" ] && ok ||
                bad "clean root: sseadm history / audit log (rc $rc): $out"
        else
            bad "ossemu did not start: $(head -c 300 "$TMP/emu.out")"
        fi
    fi

    # The TUI with an installed theme, then interactive shells completing from installed files.
    if need tmux tmux; then
        # Shells a user would have: bash-completion (which the package suggests) and zsh.
        in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
            bash-completion zsh >"$TMP/apt-shells.log" 2>&1 || bad "installing bash-completion and zsh in the clean root: $(tail -3 "$TMP/apt-shells.log")"
        printf '%s\n' 'set -g remain-on-exit on' 'set -g status off' 'set -s exit-empty off' >"$TMP/tmux.conf"
        open_screen tui \
            "chroot $WORK env -i HOME=/root PATH=/usr/bin:/bin TERM=screen LANG=C.UTF-8 sseadm --theme high-contrast; echo \"[exit \$?]\"; exec cat >/dev/null"
        if wait_for_text 'BUCKET' 10 && wait_for_text 'plain' 10; then
            ok
            keys q
            wait_for_text '^\[exit 0\]' 10 && ok || bad "clean root: the TUI did not quit with status 0 on q"
        else
            bad "clean root: the TUI did not open with the installed theme high-contrast"
        fi

        # bash as a login shell: /etc/profile.d/bash_completion.sh loads bash-completion, which
        # loads /usr/share/bash-completion/completions/sseadm on the first Tab.
        open_screen bash "chroot $WORK env -i HOME=/root PATH=/usr/bin:/bin TERM=screen LANG=C.UTF-8 bash --login"
        wait_for_text '[#$] ?$' 10 >/dev/null
        keys 'sseadm get --format ' Tab Tab
        wait_for_text 'csv +json +table +tsv' 10 && ok || bad "clean root: bash did not complete sseadm get --format"
        keys C-u 'sseadm get pl' Tab
        wait_for_text 'sseadm get plain' 10 && ok || bad "clean root: bash did not complete a bucket from ~/.config/sseadm/config"

        # zsh with compinit (as in a user's .zshrc): finds _sseadm in vendor-completions.
        echo 'autoload -Uz compinit && compinit -u; PS1="zsh%% "' >"$WORK/root/.zshrc"
        open_screen zsh "chroot $WORK env -i HOME=/root PATH=/usr/bin:/bin TERM=screen LANG=C.UTF-8 zsh"
        wait_for_text 'zsh%' 10 >/dev/null
        keys 'sseadm set plain --algorithm ' Tab
        wait_for_text 'AES256 +KMS +SM4' 10 && ok || bad "clean root: zsh did not complete --algorithm"
        keys C-u 'sseadm -p ' Tab
        wait_for_text 'sseadm -p emu' 10 && ok || bad "clean root: zsh did not complete the profile from ~/.config/sseadm/config"
        tmux -S "$TMUX_SOCK" kill-server 2>/dev/null
    fi
    save_apt_cache
    return 0
}

if ! clean_root_tests; then
    note "clean-root install skipped: $SKIP_REASON"
else
    SKIP_REASON=""
fi
[ -n "$WORK" ] && rm -rf "$WORK" && WORK=""
unmount_leftovers
left=$(awk -v root="$CLEAN/" 'index($2, root) == 1' /proc/mounts)
[ -z "$left" ] && ok || bad "mounts left under $CLEAN: $left"
note "clean root: $(elapsed "$t") s"

note "total: $(elapsed "$T_START") s"
echo "package: $PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ] || exit 1
[ -z "$SKIP_REASON" ] || exit 77
exit 0
