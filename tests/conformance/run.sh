#!/bin/sh
# rbdc conformance test: every manifest rbdc emits must be a valid Kubernetes 1.36 object
# (or a valid VSO v1.4.1 custom resource), pass Pod Security "restricted", and hang together
# (references resolve inside the output directory, one namespace, a complete kustomization).
#
#   sh tests/conformance/run.sh RBDC        (from the repository root; RBDC e.g. build/rbdc)
#
# Compiles reactbin.rbd and every examples/*.rbd with `RBDC FILE -o TMPDIR/NAME`, validates
# each output directory, the committed k8s/ and the hand-written tests/conformance/good/*,
# then checks that every negative case in tests/conformance/bad is rejected with its
# expected message. Needs Node.js >= 20; installs tests/node's pinned packages when
# node_modules is missing or older than package-lock.json. Last line:
#   conformance: N passed, M failed
set -u

if [ $# -ne 1 ]; then
	echo "usage: sh tests/conformance/run.sh RBDC" >&2
	exit 2
fi
RBDC=$1
case $RBDC in
	/*) ;;
	*/*) RBDC=$(pwd)/$RBDC ;;
esac

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
cd "$ROOT" || exit 2

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok   - $1"; }
nok() { failed=$((failed + 1)); echo "FAIL - $1"; }
finish() {
	echo "conformance: $passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit $?
}

if ! command -v node >/dev/null 2>&1; then
	nok "node (Node.js >= 20) is not installed"
	finish
fi

# Node packages: pinned in tests/node/package-lock.json; npm writes
# node_modules/.package-lock.json on every install.
stamp=tests/node/node_modules/.package-lock.json
if [ ! -f "$stamp" ] || [ -n "$(find tests/node/package-lock.json -newer "$stamp" 2>/dev/null)" ]; then
	echo "conformance: installing tests/node packages (npm ci)"
	if ! npm ci --prefix tests/node --no-audit --no-fund --loglevel=error >&2; then
		nok "npm ci --prefix tests/node"
		finish
	fi
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/rbdc-conformance.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# compile SOURCE OUTDIR [OPTIONS]: one test; on success OUTDIR joins the directories to validate.
compile() {
	if [ ! -x "$RBDC" ] && ! command -v "$RBDC" >/dev/null 2>&1; then
		nok "compile $1: $RBDC is not an executable"
		return
	fi
	src=$1 dir=$2
	shift 2
	timeout -k 5 60 "$RBDC" "$src" "$@" -o "$dir" >"$tmp/rbdc.out" 2>&1
	status=$?
	set -- "$src" "$dir" "$*"
	if [ "$status" = 0 ] && [ ! -s "$tmp/rbdc.out" ]; then
		if [ -d "$2" ]; then
			ok "compile $1${3:+ $3}"
			set_add "$1${3:+ $3}" "$2"
		else
			nok "compile $1: rbdc exited 0 but wrote no $2"
		fi
	else
		nok "compile $1: rbdc exited $status (or wrote to stdout/stderr)"
		sed 's/^/       /' "$tmp/rbdc.out"
	fi
}
set_add() {
	printf '%s\n%s\n' "--pass" "$1=$2" >>"$tmp/args"
}
: >"$tmp/args"

mkdir -p "$tmp/out/examples"
compile reactbin.rbd "$tmp/out/reactbin"
for src in examples/*.rbd; do
	[ -e "$src" ] || continue
	name=$(basename "$src" .rbd)
	compile "$src" "$tmp/out/examples/$name"
done
# Every environment of a program (issue 11) is validated like a program of its own.
for src in reactbin.rbd examples/*.rbd; do
	for env in $(sed -n 's/^environment \([a-z][a-z0-9-]*\).*/\1/p' "$src"); do
		compile "$src" "$tmp/out/examples/$(basename "$src" .rbd).$env" --env "$env"
	done
done
# A digest pin survives `kubectl kustomize` (kustomize drops it when an images: entry sets newTag alone).
if command -v kubectl >/dev/null 2>&1; then
	for d in "$tmp/out/reactbin" "$tmp/out/examples"/*; do
		[ -f "$d/kustomization.yaml" ] || continue
		pins=$(grep -h 'image: .*@' "$d"/*.yaml | sed 's/^ *-\{0,1\} *image: *//; s/"//g' | sort -u)
		[ -n "$pins" ] || continue
		if kubectl kustomize "$d" >"$tmp/kustomized" 2>&1 &&
			echo "$pins" | while read -r pin; do grep -qF "image: $pin" "$tmp/kustomized" || exit 1; done; then
			ok "kubectl kustomize keeps the digest pins of ${d#"$tmp/out/"}"
		else
			nok "kubectl kustomize drops a digest pin of ${d#"$tmp/out/"}"
		fi
	done
fi
# The README's deploy recipe: an overlay outside the generated directory sets the real tags.
sh "$HERE/overlay.sh" "$RBDC" >"$tmp/overlay.out" 2>&1
while IFS= read -r line; do
	case $line in
		"ok   - "*) ok "${line#ok   - }" ;;
		"FAIL - "*) nok "${line#FAIL - }" ;;
	esac
done <"$tmp/overlay.out"
set_add "k8s/ (committed)" "k8s"
set_add "k8s-staging/ (committed)" "k8s-staging"
for d in tests/conformance/good/*/; do
	[ -d "$d" ] || continue
	set_add "${d%/}" "${d%/}"
done
printf '%s\n%s\n' "--bad" "tests/conformance/bad" >>"$tmp/args"

# Read the argument list back one line at a time (paths may hold spaces, not newlines).
set --
while IFS= read -r line; do
	set -- "$@" "$line"
done <"$tmp/args"

# run_counted NAME ARGS...: runs tests/conformance/NAME.mjs, shows its lines and adds its closing
# "NAME: P passed, F failed" to the totals; a run that never printed it (or crashed) is one failure.
run_counted() {
	name=$1
	shift
	node "$HERE/$name.mjs" "$@" >"$tmp/$name.out" 2>&1
	rc=$?
	grep -v "^$name: " "$tmp/$name.out"
	summary=$(grep "^$name: [0-9]* passed, [0-9]* failed\$" "$tmp/$name.out" | tail -n 1)
	if [ -z "$summary" ] || [ "$rc" -gt 1 ]; then
		nok "$name.mjs did not finish (exit $rc)"
		return
	fi
	passed=$((passed + $(echo "$summary" | sed 's/^[a-z]*: \([0-9]*\) passed.*/\1/')))
	failed=$((failed + $(echo "$summary" | sed 's/.* \([0-9]*\) failed$/\1/')))
}

run_counted suite "$@"

# The production review (issue 9): what a reviewer or kube-score asks of the output, checked by meaning.
set -- --bad "$HERE/review-bad"
for d in "$tmp/out/reactbin" "$tmp/out/examples"/* k8s k8s-staging; do
	[ -d "$d" ] && set -- "$@" "$d"
done
run_counted review "$@"

# What the output means, derived from the sources rather than from golden files (issue 14).
if sh "$HERE/meaning.sh" "$RBDC"; then ok "meaning: every example and reactbin.rbd mean what their source says"; else
	nok "meaning: tests/conformance/meaning.sh $RBDC"
fi
finish
