#!/usr/bin/env bash
# t_valgrind.sh — a scripted session (load, detail, set, bulk set, remove, filter, help, resize,
# undo, the policy view: drifted only, plan, apply, write the view; sort, filter terms, columns,
# copy; quit) under valgrind: no memory
# errors and nothing definitely or indirectly lost.
. "$(dirname "$0")/lib.sh"
tui_init valgrind
command -v valgrind >/dev/null 2>&1 || { echo "tui-valgrind: skipped (no valgrind)"; exit 77; }
tui_emu
tui_config
vglog=$TUI_DIR/valgrind.log
TUI_WRAPPER="valgrind --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect
	--errors-for-leak-kinds=definite,indirect --track-fds=no --log-file=$vglog"
TUI_WRAPPER=$(echo $TUI_WRAPPER)
printf 'version = 1;\nrules = ( { buckets = ( "*" ); require = "SM4"; } );\n' >"$TUI_DIR/policy.cfg"
tui_start 80x24 -- --policy "$TUI_DIR/policy.cfg"
T=30000 # valgrind is slow
# With the policy's counts, "in flight 0" gives way at 80 columns: "errors 1  |" means all answered.
expect_text "list under valgrind" 'errors 1  \| compliant' $T
keys G Enter
expect_text "detail" 'Message +You are denied' $T
keys Escape g e Right Tab
type 'k-1'
keys Enter
expect_text "set" '^>  t +alpha +KMS +k-1' $T
keys Space Space e Right Enter
expect_text "bulk set asks" 'Set SM4 on 2 marked buckets' $T
keys y
expect_text "bulk set" 'Set on all 2 buckets' $T
keys g j j j d y
expect_text "remove" '^>  t +plain +none .* ok' $T
keys / a l Enter
expect_text "filter" 'filter "al"' $T
keys Escape '?' End Escape
tui_resize 60x14
expect_text "resized" '^(\+[0-9] |   )PROF(ILE)? +BUCKET' $T
# R reads every bucket again: the endpoint sees gamma asked once more (not just the old screen).
reads=$(emu_count GET gamma)
keys r R
check "refresh reached the endpoint" wait_for_count $((reads + 1)) GET gamma $T
expect_text "refresh answered" 'errors 1  \| co' $T
# The change undone is the bulk set of alpha to SM4: it gets KMS k-1 back.
keys g u
expect_text "undo asks" 'Restore bucket alpha to KMS \(CMK k-1\)' $T
keys y
expect_text "undo read back" 'alpha: now KMS \(CMK k-1\), as read back' $T
tui_resize 100x24
keys / C-u Enter
expect_text "filter cleared, wide again" '^ sseadm — profile t, 5 buckets +1/5$' $T
keys D
expect_text "drifted only" 'drifted: [0-9]+ of 5' $T
keys A
expect_text "plan" 'Policy plan: [0-9]+ changes?' $T
keys y
expect_text "plan applied" 'Set on all [0-9]+ buckets|: now SM4' $T
expect_text "nothing drifted" 'drifted 0' $T
keys D w C-u
type '~/view.json'
keys Enter
expect_text "view written" 'Wrote 5 buckets to' $T
# The review keys: sort and reverse, filter terms (one refused), mark what is shown, columns
# hidden and kept, copying from the list and the detail screen's menu.
keys s s s
expect_text "sorted by algorithm" 'Sorted by algorithm' $T
keys S
expect_text "reversed" 'ALGORITHM▼' $T
keys / C-u
type 'status:ok !key:zz colour:'
expect_text "a term refused" 'Unknown term colour:' $T
keys BSpace BSpace BSpace BSpace BSpace BSpace BSpace Enter
expect_text "terms kept" 'filter "status:ok !key:zz "' $T
keys '*' U
keys c j j j Space Escape
expect_text "columns kept" 'These columns are kept for the next start' $T
keys y
expect_text "name copied" 'Copied the name' $T
keys Enter y k Enter # k from the first choice wraps to the last: the rule as JSON
expect_text "rule copied as JSON" 'Copied the rule of .* as JSON' $T
keys Escape s s s s
expect_text "configured order again" 'In the configured order' $T
keys q
check "quit" wait_exit $T
check "valgrind found nothing (exit status not 99)" is "$TUI_STATUS" 0
check "no memory errors" grep -q 'ERROR SUMMARY: 0 errors' "$vglog"
check "no leaks" eval "! grep -Eq '(definitely|indirectly) lost: [1-9]' '$vglog'"
[ "$TUI_FAIL" -eq 0 ] || sed -n '1,80p' "$vglog"
tui_done
