#!/bin/sh
# tests/tools/man.sh RBDC: rbdc(1) and the generated rbdc.rbd(5) are clean under `mandoc -Tlint` and render with
# `man -l` without a warning; rbdc.rbd(5) holds every statement of the schema table, rbdc(1) every option of --help.
. "$(dirname "$0")/lib.sh"
command -v mandoc >/dev/null 2>&1 || { bad "mandoc installed (Debian package mandoc; make deps-test)"; finish man; exit 1; }
page5=$tmp/rbdc.rbd.5
sh "$root/man/gen-rbd5.sh" "$rbdc" "$root/man/rbdc.rbd.5.in" >"$page5"
check "rbdc.rbd(5) is generated" test -s "$page5"
for page in "$root/man/rbdc.1" "$page5"; do
	name=$(basename "$page")
	# Every message counts, style included, except about links to pages this machine lacks (kubectl(1)) or its index.
	mandoc -Tlint "$page" 2>&1 | grep -v -e 'referenced manual not found' -e 'outdated mandoc.db' >"$tmp/lint"
	check "mandoc -Tlint $name: no message" test ! -s "$tmp/lint"
	sed 's/^/     /' "$tmp/lint" | head -5
	if command -v man >/dev/null 2>&1; then
		MANWIDTH=80 man -l "$page" >"$tmp/render" 2>"$tmp/warn"
		check "man -l $name renders" test -s "$tmp/render"
		check "man -l $name: no warning" test ! -s "$tmp/warn"
	fi
done
# Every statement, in its scope's list.
"$rbdc" --statements | cut -f2 | sort -u >"$tmp/names"
mandoc -Tutf8 "$page5" | col -b >"$tmp/text5" 2>/dev/null || mandoc -Tascii "$page5" >"$tmp/text5"
missing=0
while read -r name; do grep -q "^     $name\( \|$\)" "$tmp/text5" || { missing=$((missing + 1)); echo "     rbdc.rbd(5) lacks $name"; }; done <"$tmp/names"
check "rbdc.rbd(5) lists every statement ($(wc -l <"$tmp/names") names)" test "$missing" = 0
check "rbdc.rbd(5) gives usages with quotes intact" grep -q "secret NAME from vault \"PATH\"" "$tmp/text5"
# Every long option of --help is in rbdc(1).
mandoc -Tascii "$root/man/rbdc.1" | col -b >"$tmp/text1"
missing=0
for opt in $("$rbdc" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
	grep -q -- "$opt" "$tmp/text1" || { missing=$((missing + 1)); echo "     rbdc(1) lacks $opt"; }
done
check "rbdc(1) documents every option of --help" test "$missing" = 0
missing=0
# The commands are the words after `rbdc` in --help's usage lines, so a new command needs its man page entry.
commands=$("$rbdc" --help | sed -n 's/^ *\(usage: \)\{0,1\}rbdc \([a-z][a-z]*\) .*/\2/p' | sort -u)
check "--help names the commands" test -n "$commands"
for cmd in $commands; do
	for f in completions/rbdc.bash completions/_rbdc; do
		grep -q "$cmd" "$f" || { missing=$((missing + 1)); echo "     $f lacks the command $cmd"; }
	done
	grep -q "^ *rbdc $cmd" "$tmp/text1" || { missing=$((missing + 1)); echo "     rbdc(1) lacks the command $cmd"; }
	"$rbdc" --help | grep -q "rbdc $cmd" || { missing=$((missing + 1)); echo "     --help lacks the command $cmd"; }
done
check "rbdc(1) and --help document every command" test "$missing" = 0
for section in "EXIT STATUS" ENVIRONMENT FILES EXAMPLES; do
	check "rbdc(1) has $section" grep -q "^$section" "$tmp/text1"
done
finish man
