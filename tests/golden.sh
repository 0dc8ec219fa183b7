#!/bin/sh
# golden.sh: every examples/*.rbd must compile to exactly tests/golden/NAME/, and reactbin.rbd to the committed k8s/.
# RBDC_BLESS=1 rewrites the expected files; RBDC_WRAP runs rbdc under a tool (valgrind).
set -u
rbdc=${1:?usage: golden.sh RBDC}
wrap=${RBDC_WRAP:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

check_dir() { # name source expected-dir
	name=$1 src=$2 want=$3
	out="$tmp/$name"
	if ! $wrap "$rbdc" "$src" -o "$out" 2>"$tmp/$name.stderr"; then
		echo "FAIL $name: rbdc exited non-zero"; sed 's/^/  /' "$tmp/$name.stderr"; fail=$((fail + 1)); return
	fi
	if [ -s "$tmp/$name.stderr" ]; then
		echo "FAIL $name: unexpected output on stderr"; sed 's/^/  /' "$tmp/$name.stderr"; fail=$((fail + 1)); return
	fi
	if [ "${RBDC_BLESS:-}" = 1 ]; then
		mkdir -p "$want" && find "$want" -maxdepth 1 -type f -name '*.yaml' -exec rm -f {} + && cp "$out"/* "$want"/
	fi
	if diff -r -u "$want" "$out" >"$tmp/$name.diff" 2>&1; then
		pass=$((pass + 1))
	else
		echo "FAIL $name: output differs from $want (RBDC_BLESS=1 make bless to accept)"; head -40 "$tmp/$name.diff"; fail=$((fail + 1))
	fi
}

check_stream() { # name source expected-file
	name=$1 src=$2 want=$3
	if ! $wrap "$rbdc" "$src" -o - >"$tmp/$name.stream" 2>"$tmp/$name.stream.err"; then
		echo "FAIL $name (-o -): rbdc exited non-zero"; sed 's/^/  /' "$tmp/$name.stream.err"; fail=$((fail + 1)); return
	fi
	[ "${RBDC_BLESS:-}" = 1 ] && cp "$tmp/$name.stream" "$want"
	if cmp -s "$want" "$tmp/$name.stream"; then pass=$((pass + 1)); else
		echo "FAIL $name (-o -): stream differs from $want"; diff -u "$want" "$tmp/$name.stream" | head -40; fail=$((fail + 1))
	fi
}

for src in examples/*.rbd; do
	[ -e "$src" ] || continue
	name=$(basename "$src" .rbd)
	check_dir "$name" "$src" "tests/golden/$name"
done
check_dir reactbin reactbin.rbd k8s
check_stream reactbin reactbin.rbd tests/golden/reactbin.stream.yaml

# Determinism: a second run must be byte-for-byte the same.
"$rbdc" reactbin.rbd -o "$tmp/again" >/dev/null 2>&1 && "$rbdc" reactbin.rbd -o "$tmp/again2" >/dev/null 2>&1
if diff -r "$tmp/again" "$tmp/again2" >/dev/null; then pass=$((pass + 1)); else echo "FAIL determinism: two runs differ"; fail=$((fail + 1)); fi

echo "golden: $pass passed, $fail failed"
[ "$fail" = 0 ]
