#!/bin/sh
# errors.sh: each tests/errors/*.rbd must give exactly the diagnostics of its .err file, exit 1, and write nothing.
# Both modes are checked the same way: `rbdc check FILE` and `rbdc FILE -o DIR` must exit exactly 1 (a sanitizer,
# valgrind, a crash or a time-out gives another status, see tests/lib.sh) with exactly the .err text on stderr,
# and the compile mode must leave no DIR behind. A first line `# args: ...` adds options (e.g. -Werror).
# RBDC_BLESS=1 rewrites the .err files; RBDC_ERRORS_GLOB picks a subset (the valgrind run takes a part).
set -u
rbdc=$(cd "$(dirname "${1:?usage: errors.sh RBDC}")" && pwd)/$(basename "$1")
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0 files=0
cd tests/errors || exit 1

# expect_refusal WHAT SRC ARGS...: rbdc ARGS exits exactly 1, its stderr is exactly SRC's .err, stdout is empty.
expect_refusal() {
	what=$1 src=$2
	shift 2
	run_rbdc "$@" >"$tmp/stdout" 2>"$tmp/stderr"
	status=$?
	if [ "$status" != 1 ]; then
		echo "FAIL $src ($what): exit status $(status_name "$status"), expected 1"; sed 's/^/  /' "$tmp/stderr" | head -40
		return 1
	fi
	if ! cmp -s "${src%.rbd}.err" "$tmp/stderr"; then
		echo "FAIL $src ($what): diagnostics differ from ${src%.rbd}.err"; diff -u "${src%.rbd}.err" "$tmp/stderr" | head -30
		return 1
	fi
	if [ -s "$tmp/stdout" ]; then
		echo "FAIL $src ($what): unexpected output on stdout"; head -5 "$tmp/stdout"
		return 1
	fi
}

for src in ${RBDC_ERRORS_GLOB:-*.rbd}; do
	[ -e "$src" ] || continue
	files=$((files + 1))
	name=${src%.rbd}
	args=$(sed -n '1s/^# args: //p' "$src")
	if [ "${RBDC_BLESS:-}" = 1 ]; then
		# shellcheck disable=SC2086
		run_rbdc check $args "$src" >/dev/null 2>"$name.err"
	fi
	# shellcheck disable=SC2086
	if ! expect_refusal check "$src" check $args "$src"; then fail=$((fail + 1)); continue; fi
	# The compile mode must refuse the same file the same way and leave no output directory behind.
	rm -rf "$tmp/out"
	# shellcheck disable=SC2086
	if ! expect_refusal "-o DIR" "$src" $args "$src" -o "$tmp/out"; then fail=$((fail + 1)); continue; fi
	if [ -e "$tmp/out" ]; then
		echo "FAIL $src (-o DIR): a refused compile wrote $tmp/out"; fail=$((fail + 1)); rm -rf "$tmp/out"; continue
	fi
	pass=$((pass + 1))
done

# Every case must have run: a glob that matches nothing, or a .err without its .rbd, is a failure, not a pass.
if [ -z "${RBDC_ERRORS_GLOB:-}" ]; then
	n_err=$(ls ./*.err | wc -l)
	if [ "$files" != "$n_err" ]; then echo "FAIL $files .rbd files ran but there are $n_err .err files"; fail=$((fail + 1)); fi
fi
if [ "$files" = 0 ]; then echo "FAIL no error file ran (RBDC_ERRORS_GLOB='${RBDC_ERRORS_GLOB:-}')"; fail=$((fail + 1)); fi
if [ $((pass + fail)) -lt "$files" ]; then echo "FAIL $files files, only $((pass + fail)) counted"; fail=$((fail + 1)); fi
echo "errors: $pass passed, $fail failed ($files files, each in check and -o DIR mode)"
[ "$fail" = 0 ] && [ "$pass" = "$files" ]
