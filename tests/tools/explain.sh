#!/bin/sh
# tests/tools/explain.sh RBDC: `rbdc explain` with no code lists every code of compiler/diag_codes.def, in order, with
# its severity and title; each listed code explains itself.
. "$(dirname "$0")/lib.sh"
"$rbdc" explain >"$tmp/list" 2>"$tmp/err"
check "rbdc explain with no code exits 0" test $? = 0
check "it prints nothing on stderr" test ! -s "$tmp/err"
sed -n 's/^DIAG_CODE(\([EW][0-9]*\), \([A-Z]*\), "\([^"]*\)",.*/\1 \2 \3/p' "$root/compiler/diag_codes.def" | sort >"$tmp/want"
check "compiler/diag_codes.def has codes" test -s "$tmp/want"
missing=0
while read -r code sev title; do
	sev=$(echo "$sev" | tr 'A-Z' 'a-z')
	grep -qxF "$code  $(printf '%-7s' "$sev")  $title" "$tmp/list" || { missing=$((missing + 1)); echo "     not listed: $code $sev $title"; }
done <"$tmp/want"
check "every code is listed with its severity and title" test "$missing" = 0
grep '^[EW][0-9]' "$tmp/list" | cut -d' ' -f1 >"$tmp/order"
check "codes are listed in order" sh -c 'sort -c "$1"' - "$tmp/order"
check "as many lines as codes" test "$(wc -l <"$tmp/order")" = "$(wc -l <"$tmp/want")"
bad_codes=0
for code in $(cat "$tmp/order"); do
	"$rbdc" explain "$code" >/dev/null 2>&1 || bad_codes=$((bad_codes + 1))
done
check "every listed code explains itself" test "$bad_codes" = 0
"$rbdc" --help >"$tmp/help"
check "rbdc --help mentions explain without a code" grep -q 'every diagnostic code' "$tmp/help"
finish explain
