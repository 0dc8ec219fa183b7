#!/bin/sh
# errors.sh: each tests/errors/*.rbd must give exactly the diagnostics of its .err file, exit 1, and write nothing.
# A first line `# args: ...` adds options (e.g. -Werror). RBDC_BLESS=1 rewrites the .err files;
# RBDC_ERRORS_GLOB picks a subset (the valgrind run takes the multi-error files only).
set -u
rbdc=$(cd "$(dirname "${1:?usage: errors.sh RBDC}")" && pwd)/$(basename "$1")
wrap=${RBDC_WRAP:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
cd tests/errors || exit 1
for src in ${RBDC_ERRORS_GLOB:-*.rbd}; do
	name=${src%.rbd}
	args=$(sed -n '1s/^# args: //p' "$src")
	# shellcheck disable=SC2086
	$wrap "$rbdc" check $args "$src" >"$tmp/stdout" 2>"$tmp/stderr"
	status=$?
	[ "${RBDC_BLESS:-}" = 1 ] && cp "$tmp/stderr" "$name.err"
	if [ "$status" != 1 ]; then
		echo "FAIL $src: exit status $status, expected 1"; sed 's/^/  /' "$tmp/stderr"; fail=$((fail + 1)); continue
	fi
	if ! cmp -s "$name.err" "$tmp/stderr"; then
		echo "FAIL $src: diagnostics differ from $name.err"; diff -u "$name.err" "$tmp/stderr" | head -30; fail=$((fail + 1)); continue
	fi
	# The compile mode must refuse the same file and leave no output directory behind.
	# shellcheck disable=SC2086
	if $wrap "$rbdc" $args "$src" -o "$tmp/out" >/dev/null 2>&1 || [ -e "$tmp/out" ]; then
		echo "FAIL $src: compiling it succeeded or wrote $tmp/out"; fail=$((fail + 1)); rm -rf "$tmp/out"; continue
	fi
	pass=$((pass + 1))
done
echo "errors: $pass passed, $fail failed"
[ "$fail" = 0 ]
