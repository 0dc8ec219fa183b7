#!/bin/sh
# tests/spec/run.sh RBDC: acceptance test of spec 013 (FR-001..FR-013, SC-003) on the committed k8s/, on a fresh compile
# of reactbin.rbd, and on `-n other`; two variants of the program (another mc image, another bucket) show that the bucket
# Job's name follows its template. The checks themselves are in tests/spec/fr.mjs. Run from the repository root.
set -u
rbdc=${1:?usage: tests/spec/run.sh RBDC}
here=$(dirname "$0")
need() { echo "spec: $1" >&2; echo "spec: 0 passed, 1 failed"; exit 1; }

command -v node >/dev/null 2>&1 || need "node not found: install it with \`make deps-test\` (Debian packages nodejs npm)"
[ -x "$rbdc" ] || need "$rbdc is not an executable (build it with \`make $rbdc\`)"
{ [ -f reactbin.rbd ] && [ -d k8s ]; } || need "run me from the repository root (reactbin.rbd and k8s/ not found)"
if [ ! -d tests/node/node_modules/yaml ]; then
	npm ci --prefix tests/node --no-audit --no-fund >/dev/null 2>&1 || need "tests/node/node_modules is missing and \`npm ci --prefix tests/node\` failed"
fi

tmp=$(mktemp -d) || need "mktemp failed"
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM HUP

compile() { # what output-dir rbdc-arguments...
	what=$1 dir=$2; shift 2
	timeout -k 5 60 "$rbdc" "$@" -o "$dir" >"$tmp/rbdc.log" 2>&1
	status=$?
	if [ "$status" != 0 ] || [ -s "$tmp/rbdc.log" ]; then
		echo "FAIL compile ($what): $rbdc $* -o DIR exited $status (bounded to 60 s; exactly 0 and no output expected)"; sed 's/^/  /' "$tmp/rbdc.log"
		echo "spec: 0 passed, 1 failed"; exit 1
	fi
}
compile "reactbin.rbd" "$tmp/fresh" reactbin.rbd
compile "-n other" "$tmp/other" -n other reactbin.rbd
# Variants: the same program with a newer mc image, and with another bucket (the defaults block overrides the stdlib).
cp reactbin.rbd "$tmp/mc.rbd"
printf '\ndefaults { mc-image "quay.io/minio/mc:RELEASE.2099-01-01T00-00-00Z" }\n' >>"$tmp/mc.rbd"
compile "another mc image" "$tmp/mc" "$tmp/mc.rbd"
sed 's/\(bucket[[:space:]]\{1,\}\)\([a-z0-9.-]\{1,\}\)/\1\2-v2/' reactbin.rbd >"$tmp/bucket.rbd"
cmp -s reactbin.rbd "$tmp/bucket.rbd" && need "could not make the bucket variant (no \`bucket\` in reactbin.rbd?)"
compile "another bucket" "$tmp/bucket" "$tmp/bucket.rbd"

node "$here/fr.mjs" --source reactbin.rbd \
	--set "k8s/=k8s:reactbin" --set "fresh=$tmp/fresh:reactbin" --set "-n other=$tmp/other:other" \
	--variant "mc-image=$tmp/mc" --variant "bucket=$tmp/bucket"
