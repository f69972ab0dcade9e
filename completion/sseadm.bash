# sseadm(1) completion for bash                                    -*- shell-script -*-
#
# Completes commands, options and their values, profile names and bucket names. Profiles and
# buckets come from the configuration file (-c FILE on the line, else $SSEADM_CONFIG, else
# $XDG_CONFIG_HOME/sseadm/config, else ~/.config/sseadm/config), read with one awk pass; sseadm
# itself is never run, so completing is instant and sends nothing.
#
# Installed as share/bash-completion/completions/sseadm, where bash-completion loads it on
# first use. Works without bash-completion too: `source` this file.

_sseadm_commands='get set remove report check apply undo history profiles'
_sseadm_themes='default dark light high-contrast mono'

# Prints the records of a libconfig file that completion needs, one per line:
#   D <tab> default_profile
#   P <tab> profile                  (in file order)
#   B <tab> profile <tab> bucket     (the profile's "buckets" list)
# A small tokenizer rather than a grep: strings may hold '#', and groups and lists may share
# lines or span them.
_sseadm_config_records()
{
    [[ -r $1 && -f $1 ]] || return 0
    awk '
    function emit(kind, val,    key) {
        if (kind == "P") {
            if (val == "{" || val == "(" || val == "[") {
                depth++; opened[depth] = (pending != "" ? pending : "")
                if (depth == 2 && opened[1] == "profiles" && val == "{") { pname = ""; nb = 0 }
                pending = ""; return
            }
            if (val == "}" || val == ")" || val == "]") {
                if (depth == 2 && opened[1] == "profiles" && val == "}" && pname != "") {
                    print "P\t" pname
                    for (i = 1; i <= nb; i++) print "B\t" pname "\t" bk[i]
                }
                if (depth > 0) depth--
                pending = ""; return
            }
            if (val == "=" || val == ":") { pending = last; return }
            if (val == ";" || val == ",") { pending = ""; return }
            return
        }
        if (kind == "I") { last = val; return }
        # a string
        if (depth == 0 && pending == "default_profile") print "D\t" val
        else if (depth == 2 && opened[1] == "profiles" && pending == "name") pname = val
        else if (depth == 3 && opened[1] == "profiles" && opened[3] == "buckets") bk[++nb] = val
        pending = ""
    }
    {
        line = $0
        while (line != "") {
            if (incomment) {
                p = index(line, "*/"); if (!p) { line = ""; break }
                line = substr(line, p + 2); incomment = 0; continue
            }
            if (match(line, /^[ \t\r]+/)) { line = substr(line, RLENGTH + 1); continue }
            c = substr(line, 1, 1); c2 = substr(line, 1, 2)
            if (c == "#" || c2 == "//") break
            if (c2 == "/*") { incomment = 1; line = substr(line, 3); continue }
            if (match(line, /^"([^"\\]|\\.)*"/)) {
                emit("S", substr(line, 2, RLENGTH - 2)); line = substr(line, RLENGTH + 1); continue
            }
            if (match(line, /^[A-Za-z*][-A-Za-z0-9_*]*/)) {
                emit("I", substr(line, 1, RLENGTH)); line = substr(line, RLENGTH + 1); continue
            }
            emit("P", c); line = substr(line, 2)
        }
    }' "$1" 2>/dev/null
}

# The configuration file this command line would read.
_sseadm_config_file()
{
    local i w
    for ((i = 1; i < ${#words[@]} - 1; i++)); do
        w=${words[i]}
        case $w in
        -c | --config) w=${words[i + 1]} ;;   # unless that is the word being completed
        --config=?*) w=${w#--config=} ;;
        *) continue ;;
        esac
        [[ $w == '=' ]] && ((i + 2 < ${#words[@]})) && w=${words[i + 2]}   # "--config" "=" "FILE"
        if ((i + 1 != cword)) && [[ -n $w && $w != '=' ]]; then
            printf '%s\n' "${w/#\~/$HOME}"
            return
        fi
    done
    if [[ -n ${SSEADM_CONFIG-} ]]; then
        printf '%s\n' "$SSEADM_CONFIG"
    elif [[ ${XDG_CONFIG_HOME-} == /* ]]; then
        printf '%s\n' "$XDG_CONFIG_HOME/sseadm/config"
    elif [[ -n ${HOME-} ]]; then
        printf '%s\n' "$HOME/.config/sseadm/config"
    fi
}

# The -p/--profile given on the line, if any.
_sseadm_profile_given()
{
    local i
    for ((i = 1; i < ${#words[@]}; i++)); do
        [[ $i -eq $cword ]] && continue
        case ${words[i]} in
        -p | --profile)
            if ((i + 1 != cword)); then
                [[ ${words[i + 1]} == '=' ]] && printf '%s\n' "${words[i + 2]}" || printf '%s\n' "${words[i + 1]}"
                return
            fi ;;
        --profile=?*) printf '%s\n' "${words[i]#--profile=}"; return ;;
        esac
    done
}

_sseadm_profiles()
{
    _sseadm_config_records "$(_sseadm_config_file)" | awk -F'\t' '$1 == "P" { print $2 }'
}

# Buckets of the profile a bucket command would use: -p, else default_profile, else the first.
_sseadm_buckets()
{
    _sseadm_config_records "$(_sseadm_config_file)" | awk -F'\t' -v want="$(_sseadm_profile_given)" '
        $1 == "D" { dflt = $2 }
        $1 == "P" && first == "" { first = $2 }
        $1 == "B" { n++; prof[n] = $2; name[n] = $3 }
        END {
            if (want == "") want = (dflt != "" ? dflt : first)
            for (i = 1; i <= n; i++) if (prof[i] == want) print name[i]
        }'
}

# Operation IDs in the audit log ($XDG_STATE_HOME/sseadm/audit.log, else
# ~/.local/state/sseadm/audit.log), newest first, for undo --op.
_sseadm_operations()
{
    local log
    if [[ ${XDG_STATE_HOME-} == /* ]]; then log=$XDG_STATE_HOME/sseadm/audit.log; else log=${HOME-}/.local/state/sseadm/audit.log; fi
    [[ -r $log && -f $log ]] || return 0
    grep -o '"operation_id":"op-[0-9a-f-]*"' "$log" 2>/dev/null | cut -d'"' -f4 | tac | awk '!seen[$0]++'
}

# Theme names: the shipped ones and the user's own NAME.theme files.
_sseadm_theme_names()
{
    local dir f IFS=$' \t\n'
    printf '%s\n' $_sseadm_themes
    if [[ ${XDG_DATA_HOME-} == /* ]]; then dir=$XDG_DATA_HOME/sseadm/themes; else dir=${HOME-}/.local/share/sseadm/themes; fi
    for f in "$dir"/*.theme; do
        [[ -f $f ]] && { f=${f##*/}; printf '%s\n' "${f%.theme}"; }
    done
}

# Options each command takes (besides the global ones).
_sseadm_command_options()
{
    case $1 in
    get | history) echo '--format' ;;
    set) echo '--algorithm -a --kms-key-id --kms-data-encryption --dry-run --format --output -o' ;;
    remove) echo '--yes -y --dry-run --format --output -o' ;;
    undo) echo '--op --yes -y --dry-run --format --output -o' ;;
    report | check) echo '--policy --format --output -o' ;;
    apply) echo '--policy --dry-run --yes -y --format --output -o' ;;
    profiles) echo '--check --format --output -o' ;;
    tui) echo '--policy' ;;
    esac
}

_sseadm_files()
{
    if declare -F _filedir >/dev/null; then
        _filedir
    else
        local IFS=$'\n'
        COMPREPLY=($(compgen -f -- "$cur"))
        compopt -o filenames 2>/dev/null
    fi
}

# Completes the value of option $1 into COMPREPLY from what is in $cur. Returns 1 when $1 takes
# no value.
_sseadm_value()
{
    local IFS=$'\n'
    case $1 in
    -c | --config | --policy | -o | --output) _sseadm_files ;;
    -p | --profile) COMPREPLY=($(compgen -W "$(_sseadm_profiles)" -- "$cur")) ;;
    --theme) COMPREPLY=($(compgen -W "$(_sseadm_theme_names | sort -u)" -- "$cur")) ;;
    --format) COMPREPLY=($(compgen -W $'table\ntsv\ncsv\njson' -- "$cur")) ;;
    -a | --algorithm) COMPREPLY=($(compgen -W $'AES256\nKMS\nSM4' -- "$cur")) ;;
    --kms-data-encryption) COMPREPLY=($(compgen -W 'SM4' -- "$cur")) ;;
    --kms-key-id) COMPREPLY=() ;;
    --op) COMPREPLY=($(compgen -W "$(_sseadm_operations)" -- "$cur")) ;;
    *) return 1 ;;
    esac
    return 0
}

_sseadm()
{
    local cur prev words cword
    words=("${COMP_WORDS[@]}")
    cword=$COMP_CWORD
    cur=${COMP_WORDS[COMP_CWORD]}
    COMPREPLY=()

    # "--format=js": bash splits at '=' when '=' is in COMP_WORDBREAKS (the default), else not.
    local opt=
    if [[ $cur == '=' && ${words[cword - 1]} == --* ]]; then
        opt=${words[cword - 1]} cur=
    elif [[ ${words[cword - 1]} == '=' && ${words[cword - 2]} == --* ]]; then
        opt=${words[cword - 2]}
    elif [[ $cur == --*=* ]]; then
        opt=${cur%%=*}
        cur=${cur#*=}
        _sseadm_value "$opt" || return 0
        local i
        for i in "${!COMPREPLY[@]}"; do COMPREPLY[i]=$opt=${COMPREPLY[i]}; done
        return 0
    fi
    if [[ -n $opt ]]; then
        _sseadm_value "$opt"
        return 0
    fi
    prev=${words[cword - 1]}
    [[ $cword -gt 1 ]] && _sseadm_value "$prev" && return 0

    # Find the command, skipping options and the values they take.
    local i w cmd= after_dashdash= given=()
    for ((i = 1; i < cword; i++)); do
        w=${words[i]}
        [[ $w == '=' || ${words[i - 1]} == '=' ]] && continue
        if [[ -n $after_dashdash ]]; then given+=("$w"); continue; fi
        case $w in
        --) [[ -n $cmd ]] && after_dashdash=1 ;;
        -c | --config | -p | --profile | --theme | --format | -a | --algorithm | --kms-key-id | \
            --kms-data-encryption | --policy | -o | --output | --op)
            ((i++)) ;;
        -*) ;;
        *)
            if [[ -z $cmd ]]; then cmd=$w; else given+=("$w"); fi ;;
        esac
    done

    local globals='--config -c --profile -p --theme --readonly --verbose -v --help -h --version -V'
    if [[ $cur == -* && -z $after_dashdash ]]; then
        # Before any command, --policy is the terminal interface's.
        COMPREPLY=($(compgen -W "$globals $(_sseadm_command_options "${cmd:-tui}")" -- "$cur"))
        return 0
    fi
    if [[ -z $cmd ]]; then
        COMPREPLY=($(compgen -W "$_sseadm_commands" -- "$cur"))
        return 0
    fi
    case $cmd in
    get | set | remove | undo | history)
        # Bucket names of the profile, less those already on the line.
        local IFS=$'\n' b g keep=()
        for b in $(_sseadm_buckets); do
            for g in "${given[@]}"; do [[ $b == "$g" ]] && continue 2; done
            keep+=("$b")
        done
        COMPREPLY=($(compgen -W "${keep[*]}" -- "$cur"))
        ;;
    esac
    return 0
}

complete -F _sseadm sseadm
