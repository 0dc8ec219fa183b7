#!/bin/sh
# tests/tools/docs.sh RBDC: every statement of the schema table (`rbdc --statements`, read from the binary) is
# documented in the README's language chapter, in the section of its scope, so the tables never fall behind the
# language. A missing one is named with its scope, usage and the section it belongs in.
. "$(dirname "$0")/lib.sh"
"$rbdc" --statements >"$tmp/statements" 2>"$tmp/err"
check "rbdc --statements exits 0" test $? = 0
check "rbdc --statements lists the statements" test "$(wc -l <"$tmp/statements")" -gt 40
check "every line has scope, name, usage, flags and doc" \
	awk -F '\t' 'NF != 5 || $1 == "" || $2 == "" || $3 == "" || $5 == "" { exit 1 }' "$tmp/statements"
# The language chapter, split into one file per "### " section (its heading on the first line).
awk -v dir="$tmp" '/^## / { inside = ($0 == "## The language") } inside && /^### / { n++ } inside { print > (dir "/section." n+0) }' \
	"$root/README.md"
# section_of SCOPE: the file of the section headed for SCOPE ("Top level" or a heading naming `SCOPE`), or the whole
# chapter when there is none (a secret block's `keys` is documented in the row of `secret`).
section_of() {
	for f in "$tmp"/section.*; do
		head -1 "$f" | grep -q -e "^### Top level" -e "^### .*\`$1[ \`]" || continue
		{ [ "$1" = top ] || ! head -1 "$f" | grep -q "^### Top level"; } && { echo "$f"; return; }
	done
	cat "$tmp"/section.* >"$tmp/chapter"
	echo "$tmp/chapter"
}
tab=$(printf '\t')
# missing_in STATEMENTS: prints each statement of the file absent from its README section; sets $missing and $total.
missing_in() {
	missing=0 total=0
	while IFS=$tab read -r scope name usage flags doc; do
		total=$((total + 1))
		f=$(section_of "$scope")
		if ! grep -q -F -e "\`$name " -e "\`$name\`" -e "\`$name\\|" "$f"; then
			missing=$((missing + 1))
			echo "     README lacks statement '$name' of scope '$scope' (usage: $usage; $doc) in section: $(head -1 "$f" | cut -c1-60)"
		fi
	done <"$1"
}
missing_in "$tmp/statements"
echo "     $total statements, $missing missing from README.md"
check "every statement of the schema table is in the README's language tables" test "$missing" = 0
# The test can fail: a made-up statement is reported.
printf 'app\tno-such-statement\tno-such-statement X\t\tnothing\n' >"$tmp/fake"
missing_in "$tmp/fake" >/dev/null
check "a statement missing from the README is reported (self-test)" test "$missing" = 1
finish docs
