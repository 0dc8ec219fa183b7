#!/bin/sh
# fmt.sh: `rbdc fmt` (the canonical layout, idempotent, comments kept, atomic, refusing broken files) and the ways to
# silence a warning (-Wno-CODE, `# rbdc: allow CODE`) through the command line, in every output format.
# tests/fmt/NAME.rbd must format to exactly tests/fmt/NAME.fmt; RBDC_BLESS=1 rewrites the .fmt files.
set -u
rbdc=${1:?usage: fmt.sh RBDC}
case $rbdc in /*) ;; *) rbdc=$(pwd)/$rbdc ;; esac
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }
# expect NAME STATUS ARGS...: rbdc ARGS exits with STATUS; its output is in $tmp/out and $tmp/err
expect() {
	name=$1 want=$2
	shift 2
	run_rbdc "$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	if [ "$got" = "$want" ]; then ok; else bad "$name (exit $(status_name "$got"), expected $want)"; sed 's/^/     /' "$tmp/err" | head -5; fi
}
# expect_stdin NAME STATUS INPUT ARGS...: the same, with INPUT on standard input
expect_stdin() {
	name=$1 want=$2 input=$3
	shift 3
	run_rbdc "$@" <"$input" >"$tmp/out" 2>"$tmp/err"
	got=$?
	if [ "$got" = "$want" ]; then ok; else bad "$name (exit $(status_name "$got"), expected $want)"; sed 's/^/     /' "$tmp/err" | head -5; fi
}
check() { if eval "$2"; then ok; else bad "$1"; fi; }

# --- the repository's own programs are in canonical form (`make test` keeps them so)
expect "reactbin.rbd, the examples and the stdlib are canonical" 0 fmt --check reactbin.rbd examples/*.rbd stdlib/*.rbd
check "--check of canonical files prints nothing" '[ ! -s "$tmp/out" ] && [ ! -s "$tmp/err" ]'

# --- golden cases: comments in every position, a messy layout, strings and CRLF
n_cases=0
for src in tests/fmt/*.rbd; do
	n_cases=$((n_cases + 1))
	expected=${src%.rbd}.fmt
	[ "${RBDC_BLESS:-}" = 1 ] && run_rbdc fmt - <"$src" >"$expected"
	expect_stdin "fmt $src" 0 "$src" fmt -
	check "fmt $src gives $expected" 'cmp -s "$tmp/out" "$expected" || { diff -u "$expected" "$tmp/out" | head -20; false; }'
	expect_stdin "fmt $expected" 0 "$expected" fmt -
	check "$expected is a fixed point of fmt" 'cmp -s "$tmp/out" "$expected"'
	expect "$expected passes --check" 0 fmt --check "$expected"
	grep -c '#' "$src" >"$tmp/n1"; grep -c '#' "$expected" >"$tmp/n2"
	check "$src keeps every comment line" 'cmp -s "$tmp/n1" "$tmp/n2"'
done
check "the golden cases ran" '[ "$n_cases" -ge 3 ]'

# --- idempotence over every program of the repository, the error corpus included; broken ones are refused
n_all=0 n_formatted=0 n_refused=0
for src in $(find . -name '*.rbd' -not -path './build/*' -not -path '*/node_modules/*' | sort); do
	n_all=$((n_all + 1))
	run_rbdc fmt - <"$src" >"$tmp/once" 2>"$tmp/err"
	case $? in
	0)
		n_formatted=$((n_formatted + 1))
		run_rbdc fmt - <"$tmp/once" >"$tmp/twice" 2>/dev/null
		cmp -s "$tmp/once" "$tmp/twice" && ok || bad "fmt of fmt of $src differs"
		;;
	1)
		n_refused=$((n_refused + 1))
		grep -q ': error: .*\[E0[0-9][0-9]\]' "$tmp/err" && grep -q 'left it unchanged' "$tmp/err" && [ ! -s "$tmp/once" ] && ok ||
			bad "fmt refuses $src with its syntax errors and prints nothing"
		;;
	*) bad "fmt - <$src exits $(status_name $?)" ;;
	esac
done
check "idempotence ran over the whole repository ($n_formatted formatted, $n_refused refused)" '[ "$n_formatted" -gt 100 ] && [ "$n_refused" -gt 10 ]'

# --- linear in the input: 60,000 lines, every other one with a trailing comment, a third of them joined by ';'
awk 'BEGIN { print "project x"; for (i = 0; i < 20000; i++) printf "app a%d { image; port 80; health / }   # c%d\nenv V%d \"x\"; env W%d \"y\"\n# own %d\n", i, i, i, i, i }' >"$tmp/big.rbd"
start=$(date +%s)
RBDC_TIMEOUT=30 run_rbdc fmt - <"$tmp/big.rbd" >"$tmp/big1" 2>"$tmp/err" && RBDC_TIMEOUT=30 run_rbdc fmt - <"$tmp/big1" >"$tmp/big2" 2>>"$tmp/err"
big_status=$?
check "a 60,000-line program formats twice, identically, within 30 s each" '[ "$big_status" = 0 ] && cmp -s "$tmp/big1" "$tmp/big2" && [ "$(wc -l <"$tmp/big1")" = 80001 ]'
echo "fmt: the 60,000-line program took $(($(date +%s) - start)) s (formatted twice)"

# --- in place: rewritten atomically, mode kept, no temporary file left, canonical files not touched at all
mkdir "$tmp/w"
cp tests/fmt/layout.rbd "$tmp/w/a.rbd"
cp tests/fmt/layout.fmt "$tmp/w/b.rbd"
chmod 640 "$tmp/w/a.rbd"
touch -d '2001-01-01' "$tmp/w/b.rbd"
expect "--check names what would change" 1 fmt --check "$tmp/w/a.rbd" "$tmp/w/b.rbd"
check "--check lists exactly the unformatted file on stdout" '[ "$(cat "$tmp/out")" = "$tmp/w/a.rbd" ]'
check "--check says how to fix it" 'grep -q "1 file is not in canonical form; run: rbdc fmt" "$tmp/err"'
check "--check changes nothing" 'cmp -s tests/fmt/layout.rbd "$tmp/w/a.rbd"'
expect "fmt FILE... rewrites in place" 0 fmt "$tmp/w/a.rbd" "$tmp/w/b.rbd"
check "fmt FILE prints nothing" '[ ! -s "$tmp/out" ] && [ ! -s "$tmp/err" ]'
check "the file now holds the canonical text" 'cmp -s tests/fmt/layout.fmt "$tmp/w/a.rbd"'
check "its mode is kept" '[ "$(stat -c %a "$tmp/w/a.rbd")" = 640 ]'
check "a canonical file is not rewritten" '[ "$(stat -c %Y "$tmp/w/b.rbd")" = "$(date -d 2001-01-01 +%s)" ]'
check "no temporary file is left" '[ "$(ls -A "$tmp/w" | wc -l)" = 2 ]'
expect "fmt --check after fmt passes" 0 fmt --check "$tmp/w/a.rbd"

# A symbolic link stays a link: the file it points to is rewritten.
cp tests/fmt/layout.rbd "$tmp/w/target.rbd"
ln -s target.rbd "$tmp/w/link.rbd"
expect "fmt through a symbolic link" 0 fmt "$tmp/w/link.rbd"
check "the link is still a link to a formatted file" '[ -L "$tmp/w/link.rbd" ] && cmp -s tests/fmt/layout.fmt "$tmp/w/target.rbd"'

# --- refusal: a file with syntax errors is never touched
printf 'project x\napp a {\n  port 80  # the block never closes\n' >"$tmp/w/broken.rbd"
cp "$tmp/w/broken.rbd" "$tmp/broken.orig"
expect "fmt of a file with a syntax error exits 1" 1 fmt "$tmp/w/broken.rbd"
check "its diagnostics say where" 'grep -q "broken.rbd:3:36: error: unexpected end of file" "$tmp/err" && grep -q "note: the block opened here" "$tmp/err"'
check "it is left unchanged and said so" 'cmp -s "$tmp/broken.orig" "$tmp/w/broken.rbd" && grep -q "fmt left it unchanged" "$tmp/err"'
cp tests/fmt/layout.rbd "$tmp/w/c.rbd"
expect "one broken file among good ones exits 1" 1 fmt "$tmp/w/broken.rbd" "$tmp/w/c.rbd"
check "the good one is still formatted" 'cmp -s tests/fmt/layout.fmt "$tmp/w/c.rbd"'
expect "--check of a broken file exits 1" 1 fmt --check "$tmp/w/broken.rbd"
expect "fmt --diagnostics=json reports syntax errors as JSON" 1 fmt --diagnostics=json "$tmp/w/broken.rbd"
check "one JSON object per line on stdout" 'grep -q "^{\"file\":.*\"code\":\"E001\"" "$tmp/out"'
expect "fmt --check --diagnostics=sarif" 1 fmt --check --diagnostics=sarif tests/fmt/layout.rbd
check "keeps stdout one SARIF document and names the file on stderr" 'node -e "JSON.parse(require(\"fs\").readFileSync(process.argv[1], \"utf8\"))" "$tmp/out" && grep -q "^tests/fmt/layout.rbd$" "$tmp/err"'

# --- standard input
expect_stdin "fmt with no FILE reads standard input" 0 tests/fmt/layout.rbd fmt
check "and writes the result on standard output" 'cmp -s tests/fmt/layout.fmt "$tmp/out"'
expect_stdin "fmt --check - names standard input" 1 tests/fmt/layout.rbd fmt --check --stdin-filename editor.rbd -
check "by its --stdin-filename" '[ "$(cat "$tmp/out")" = editor.rbd ]'
expect_stdin "fmt - of a broken program exits 1" 1 "$tmp/broken.orig" fmt --stdin-filename editor.rbd -
check "with nothing on stdout and the diagnostics named" '[ ! -s "$tmp/out" ] && grep -q "^editor.rbd:3:36: error:" "$tmp/err"'

# --- usage and I/O
expect "fmt of a missing file is an I/O error" 2 fmt "$tmp/nope.rbd"
expect "fmt of a directory is refused" 2 fmt "$tmp/w"
expect "fmt takes no -o" 2 fmt -o "$tmp/x" reactbin.rbd
expect_stdin "fmt - with JSON diagnostics would mix them with the program" 2 tests/fmt/layout.rbd fmt --diagnostics=json -
expect "--check belongs to fmt" 2 check --check reactbin.rbd
if [ "$(id -u)" != 0 ]; then
	cp tests/fmt/layout.rbd "$tmp/ro.rbd"; mkdir "$tmp/ro"; mv "$tmp/ro.rbd" "$tmp/ro/"; chmod 555 "$tmp/ro"
	expect "a file that cannot be replaced is an I/O error" 2 fmt "$tmp/ro/ro.rbd"
	check "and it is left as it was" 'cmp -s tests/fmt/layout.rbd "$tmp/ro/ro.rbd"'
fi
expect "--help documents fmt" 0 --help
check "--help lists fmt, --check and -Wno-CODE" 'grep -q "rbdc fmt" "$tmp/out" && grep -q -- "--check" "$tmp/out" && grep -q -- "-Wno-CODE" "$tmp/out"'

# --- silencing warnings: -Wno-CODE for a run, `# rbdc: allow CODE` for a line; the same in text, JSON and SARIF
printf 'project x\nvault { auth a; mount kv }\nsecret s from vault "p" { keys A }%s\n' "" >"$tmp/warn.rbd"
printf 'project x\nvault { auth a; mount kv }\nsecret s from vault "p" { keys A }%s\n' "  # rbdc: allow W001 -- wired up next release" >"$tmp/allow.rbd"
printf 'project x\nvault { auth a; mount kv }\n# rbdc: allow W001\nsecret s from vault "p" { keys A }\n' >"$tmp/above.rbd"
printf 'project x  # rbdc: allow W001\n' >"$tmp/stale.rbd"
expect "the warning is there without an allow" 0 check "$tmp/warn.rbd"
check "as W001" 'grep -q "warn.rbd:3:8: warning: .*\[W001\]" "$tmp/err"'
expect "-Wno-W001 turns it off" 0 check -Wno-W001 "$tmp/warn.rbd"
check "-Wno-W001 prints nothing" '[ ! -s "$tmp/err" ]'
expect "--Wno-w001 (long, any case) too, and -Werror then passes" 0 check --Wno-w001 -Werror "$tmp/warn.rbd"
expect "-Wno- of an error is a usage error" 2 check -Wno-E013 "$tmp/warn.rbd"
check "saying errors cannot be turned off" 'grep -q "only warnings can be turned off" "$tmp/err"'
expect "-Wno- of an unknown code is a usage error" 2 check -Wno-W999 "$tmp/warn.rbd"
for f in allow above; do
	expect "$f: the allow comment silences its line" 0 check -Werror "$tmp/$f.rbd"
	check "$f: text output is empty" '[ ! -s "$tmp/err" ]'
	expect "$f: JSON too" 0 check --diagnostics=json "$tmp/$f.rbd"
	check "$f: no JSON object" '[ ! -s "$tmp/out" ]'
	expect "$f: SARIF too" 0 check --diagnostics=sarif "$tmp/$f.rbd"
	check "$f: a SARIF log without results" 'grep -q "\"results\":\[\]" "$tmp/out"'
done
expect "the allow also holds when compiling" 0 "$tmp/allow.rbd" -o "$tmp/out-dir" -Werror
expect "a stale allow is a warning" 0 check "$tmp/stale.rbd"
check "W062 at the code in the comment" 'grep -q "stale.rbd:1:26: warning: no warning W001 on line 1 to allow \[W062\]" "$tmp/err"'
expect "-Werror fails on a stale allow" 1 check -Werror "$tmp/stale.rbd"
expect "-Wno-W062 keeps a stale allow quiet" 0 check -Werror -Wno-W062 "$tmp/stale.rbd"
expect "an allow of a warning also turned off by -Wno is not stale" 0 check -Werror -Wno-W001 "$tmp/allow.rbd"
expect "SARIF carries W062" 0 check --diagnostics=sarif "$tmp/stale.rbd"
check "as a result with its rule" 'grep -q "\"ruleId\":\"W062\"" "$tmp/out"'
for code in W060 W061 W062 W063; do
	expect "explain $code" 0 explain "$code"
done

echo "fmt: $pass passed, $fail failed"
[ "$fail" = 0 ]
