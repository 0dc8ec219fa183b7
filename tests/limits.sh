#!/bin/sh
# limits.sh: inputs at and past rbdc's bounds get a clear E0xx and exit 1, never a crash; odd but valid files compile.
# Every rbdc run is bounded and its exit status compared exactly (tests/lib.sh): an ASan leak report exits 86, not 1.
set -u
rbdc=${1:?usage: limits.sh RBDC}
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0 cases=0

ok() { pass=$((pass + 1)) cases=$((cases + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)) cases=$((cases + 1)); echo "FAIL $1"; [ -f "$tmp/err" ] && sed 's/^/     /' "$tmp/err" | head -8; }

# expect_error NAME FILE CODE TEXT: `rbdc check` and `rbdc FILE -o DIR` exit exactly 1, say CODE with TEXT on
# stderr, and nothing else: no sanitizer or valgrind report, no output directory.
expect_error() {
	run_rbdc check "$2" >/dev/null 2>"$tmp/err"
	status=$?
	if [ "$status" != 1 ] || tool_report "$tmp/err" || ! grep -q "\[$3\]" "$tmp/err" || ! grep -q -- "$4" "$tmp/err"; then
		bad "$1 (check: exit $(status_name "$status"))"; return
	fi
	rm -rf "$tmp/out"
	run_rbdc "$2" -o "$tmp/out" >/dev/null 2>"$tmp/err"
	status=$?
	if [ "$status" != 1 ] || tool_report "$tmp/err" || ! grep -q "\[$3\]" "$tmp/err" || [ -e "$tmp/out" ]; then
		bad "$1 (-o DIR: exit $(status_name "$status"))"; return
	fi
	ok "$1"
}

# same_output NAME FILE: compiles to the same manifests as reactbin.rbd (but for the header's file name).
# Each run's exit status is taken directly, not through a pipe, which would report sed's.
same_output() {
	run_rbdc "$2" -o - >"$tmp/got.raw" 2>"$tmp/err"
	got_status=$?
	run_rbdc reactbin.rbd -o - >"$tmp/want.raw" 2>>"$tmp/err"
	want_status=$?
	if [ "$got_status" != 0 ] || [ "$want_status" != 0 ] || [ -s "$tmp/err" ]; then
		bad "$1 (exit $(status_name "$got_status"), reactbin.rbd exit $(status_name "$want_status"))"; return
	fi
	sed 1d "$tmp/got.raw" >"$tmp/got"
	sed 1d "$tmp/want.raw" >"$tmp/want"
	if [ -s "$tmp/want" ] && cmp -s "$tmp/got" "$tmp/want"; then ok "$1"; else bad "$1"; fi
}

awk 'BEGIN { printf "project x\nenv A \""; for (i = 0; i < 70000; i++) printf "a"; printf "\"\n" }' >"$tmp/long-line.rbd"
expect_error "a 70 KB line is E023" "$tmp/long-line.rbd" E023 "longer than 65536 bytes"

# Strings cannot span lines, so the line bound is also the string bound; the excerpt of a long line is cut short.
if [ "$(wc -c <"$tmp/err")" -lt 2000 ]; then ok "the excerpt of a 70 KB line is cut to a window"; else bad "the excerpt of a 70 KB line is cut to a window"; fi

awk 'BEGIN { printf "project x\n"; for (i = 0; i < 40; i++) printf "a {\n"; for (i = 0; i < 40; i++) printf "}\n" }' >"$tmp/deep.rbd"
expect_error "40 nested blocks are E023" "$tmp/deep.rbd" E023 "nested deeper than 32"

truncate -s 300M "$tmp/huge.rbd"
expect_error "a 300 MB file is E023" "$tmp/huge.rbd" E023 "rbdc reads at most"

printf 'project x\napp a { port 99999999999999999999999 }\n' >"$tmp/overflow.rbd"
expect_error "a 23-digit port is E009, no overflow" "$tmp/overflow.rbd" E009 "whole number from 1 to 65535"

printf 'project x\nenv A "x\000y"\n' >"$tmp/nul.rbd"
expect_error "a NUL byte in a string is E002" "$tmp/nul.rbd" E002 "NUL byte"

printf 'project x\ntag "caf\351"\n' >"$tmp/latin1.rbd"
expect_error "invalid UTF-8 in a string is E002" "$tmp/latin1.rbd" E002 "not valid UTF-8"

printf 'project x\n\377\376 garbage\n' >"$tmp/binary.rbd"
expect_error "binary bytes outside strings are E002" "$tmp/binary.rbd" E002 "non-ASCII"

sed 's/$/\r/' reactbin.rbd >"$tmp/crlf.rbd"
same_output "CRLF line ends compile like LF" "$tmp/crlf.rbd"

printf '%s' "$(cat reactbin.rbd)" >"$tmp/no-final-newline.rbd"
same_output "a missing final newline compiles the same" "$tmp/no-final-newline.rbd"

printf 'project x\r\napp a { prot 80 }\r\n' >"$tmp/crlf-error.rbd"
run_rbdc check "$tmp/crlf-error.rbd" 2>"$tmp/err" >/dev/null
status=$?
if [ "$status" = 1 ] && ! tool_report "$tmp/err" && grep -q "crlf-error.rbd:2:9: error: unknown statement 'prot'" "$tmp/err" && ! grep -q "$(printf '\r')" "$tmp/err"; then
	ok "CRLF: right column, no carriage return in the excerpt"
else bad "CRLF: right column, no carriage return in the excerpt"; fi

: >"$tmp/empty.rbd"
expect_error "an empty file says what is missing" "$tmp/empty.rbd" E006 "no 'project NAME'"

# The number of cases is fixed: a case that silently stopped running is a failure too.
expected_cases=12
[ "$cases" = "$expected_cases" ] || { echo "FAIL $cases cases ran, expected $expected_cases"; fail=$((fail + 1)); }
echo "limits: $pass passed, $fail failed"
[ "$fail" = 0 ]
