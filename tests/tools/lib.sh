# tests/tools/lib.sh: shared by the tools tests (sourced): RBDC as an absolute path, a scratch directory, ok/bad counters.
set -u
rbdc=${1:?usage: sh tests/tools/NAME.sh RBDC}
case $rbdc in /*) ;; *) rbdc=$(pwd)/$rbdc ;; esac
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rbdc-tools.XXXXXX") || exit 2
trap '[ -n "${KEEP_TMP:-}" ] || rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }
# check NAME CMD...: ok when CMD succeeds
check() {
	check_name=$1
	shift
	if "$@"; then ok "$check_name"; else bad "$check_name"; fi
}
# finish SUITE: the last line every runner greps, and the exit status
finish() {
	echo "$1: $pass passed, $fail failed"
	[ "$fail" = 0 ]
}
