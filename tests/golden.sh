#!/bin/sh
# golden.sh: every examples/*.rbd must compile to exactly tests/golden/NAME/ (each environment ENV to NAME.ENV/), and
# reactbin.rbd to the committed k8s/ (its staging environment to k8s-staging/).
# RBDC_BLESS=1 rewrites the expected files; RBDC_WRAP runs rbdc under a tool (valgrind). Every run is bounded and
# must exit exactly 0 with nothing on stderr (tests/lib.sh: a sanitizer or valgrind finding exits 86-88).
# Byte comparison only says "changed"; tests/meaning/check.mjs says "still right" independently of these files.
set -u
rbdc=${1:?usage: golden.sh RBDC}
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0 cases=0

check_dir() { # name source expected-dir [options]
	name=$1 src=$2 want=$3
	shift 3
	out="$tmp/$name"
	cases=$((cases + 1))
	run_rbdc "$src" "$@" -o "$out" 2>"$tmp/$name.stderr"
	status=$?
	if [ "$status" != 0 ]; then
		echo "FAIL $name: rbdc exited $(status_name "$status")"; sed 's/^/  /' "$tmp/$name.stderr" | head -40; fail=$((fail + 1)); return
	fi
	if [ -s "$tmp/$name.stderr" ]; then
		echo "FAIL $name: unexpected output on stderr"; sed 's/^/  /' "$tmp/$name.stderr"; fail=$((fail + 1)); return
	fi
	if [ "${RBDC_BLESS:-}" = 1 ]; then
		mkdir -p "$want" && find "$want" -maxdepth 1 -type f -name '*.yaml' -exec rm -f {} + && cp "$out"/* "$want"/
	fi
	if [ ! -s "$want/kustomization.yaml" ]; then
		echo "FAIL $name: $want has no kustomization.yaml to compare with"; fail=$((fail + 1))
	elif diff -r -u "$want" "$out" >"$tmp/$name.diff" 2>&1; then
		pass=$((pass + 1))
	else
		echo "FAIL $name: output differs from $want (RBDC_BLESS=1 make bless to accept)"; head -40 "$tmp/$name.diff"; fail=$((fail + 1))
	fi
}

check_stream() { # name source expected-file
	name=$1 src=$2 want=$3
	cases=$((cases + 1))
	run_rbdc "$src" -o - >"$tmp/$name.stream" 2>"$tmp/$name.stream.err"
	status=$?
	if [ "$status" != 0 ] || [ -s "$tmp/$name.stream.err" ]; then
		echo "FAIL $name (-o -): rbdc exited $(status_name "$status")"; sed 's/^/  /' "$tmp/$name.stream.err" | head -40; fail=$((fail + 1)); return
	fi
	[ "${RBDC_BLESS:-}" = 1 ] && cp "$tmp/$name.stream" "$want"
	if [ -s "$want" ] && cmp -s "$want" "$tmp/$name.stream"; then pass=$((pass + 1)); else
		echo "FAIL $name (-o -): stream differs from $want"; diff -u "$want" "$tmp/$name.stream" | head -40; fail=$((fail + 1))
	fi
}

for src in examples/*.rbd; do
	[ -e "$src" ] || continue
	name=$(basename "$src" .rbd)
	check_dir "$name" "$src" "tests/golden/$name"
done
check_dir reactbin reactbin.rbd k8s
# Each environment of a program (issue 11): examples/NAME.rbd's environment ENV in tests/golden/NAME.ENV/, reactbin's
# staging in the committed k8s-staging/. Environments are found the way a reader finds them: at the start of a line.
environments() { sed -n 's/^environment \([a-z][a-z0-9-]*\).*/\1/p' "$1"; }
n_envs=0
for src in examples/*.rbd; do
	[ -e "$src" ] || continue
	for env in $(environments "$src"); do
		n_envs=$((n_envs + 1))
		check_dir "$(basename "$src" .rbd).$env" "$src" "tests/golden/$(basename "$src" .rbd).$env" --env "$env"
	done
done
[ "$(environments reactbin.rbd)" = staging ] || { echo "FAIL reactbin.rbd's environments are not exactly: staging"; fail=$((fail + 1)); }
n_envs=$((n_envs + 1))
check_dir reactbin.staging reactbin.rbd k8s-staging --env staging
check_stream reactbin reactbin.rbd tests/golden/reactbin.stream.yaml

# Determinism: a second run must be byte-for-byte the same.
cases=$((cases + 1))
if run_rbdc reactbin.rbd -o "$tmp/again" >/dev/null 2>&1 && run_rbdc reactbin.rbd -o "$tmp/again2" >/dev/null 2>&1 &&
	diff -r "$tmp/again" "$tmp/again2" >/dev/null; then pass=$((pass + 1)); else echo "FAIL determinism: two runs differ or failed"; fail=$((fail + 1)); fi

# One directory case per example plus reactbin's directory, stream and determinism: no case may go missing.
n_examples=$(ls examples/*.rbd 2>/dev/null | wc -l)
if [ "$n_examples" = 0 ] || [ "$cases" != $((n_examples + n_envs + 3)) ] || [ $((pass + fail)) != "$cases" ]; then
	echo "FAIL $cases cases ran ($((pass + fail)) counted) for $n_examples examples and $n_envs environments; expected $((n_examples + n_envs + 3))"
	fail=$((fail + 1))
fi
# The expected files are the working tree's: say so when they are not the committed ones (a `make run` or a bless
# rewrites them with whatever the compiler makes now; tests/conformance/meaning.mjs checks them independently).
if command -v git >/dev/null 2>&1 && git rev-parse --is-inside-work-tree >/dev/null 2>&1 &&
	! git diff --quiet HEAD -- k8s k8s-staging tests/golden 2>/dev/null; then
	echo "note: golden compared with uncommitted expected files: $(git diff --name-only HEAD -- k8s k8s-staging tests/golden | head -5 | tr '\n' ' ')"
fi
echo "golden: $pass passed, $fail failed"
[ "$fail" = 0 ]
