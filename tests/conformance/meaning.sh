#!/bin/sh
# meaning.sh RBDC: runs tests/conformance/meaning.mjs (what the output of every example means, from its source).
# Also run by tests/conformance/run.sh and before `make bless`. Last line: `meaning: ... N passed, M failed`.
set -u
rbdc=${1:?usage: sh tests/conformance/meaning.sh RBDC}
case $rbdc in /*) ;; *) rbdc=$(pwd)/$rbdc ;; esac
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
command -v node >/dev/null 2>&1 || { echo "meaning: node not found (make deps-test)"; echo "meaning: 0 passed, 1 failed"; exit 1; }
[ -d "$here/../node/node_modules/yaml" ] || npm ci --prefix "$here/../node" --no-audit --no-fund --loglevel=error >&2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rbdc-meaning.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
node "$here/meaning.mjs" "$rbdc" "$tmp"
